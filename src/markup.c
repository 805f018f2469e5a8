/*
 * markup.c - markup spans in scraped text, found with one PCRE2 pattern.
 *
 * Scraped news often keeps pieces of its page: <p class="lead">, <img alt="A photo">,
 * <!-- ad -->, &quot;, {{cite web|title="…"}}. Their quotation marks are attributes, not
 * speech (fixtures/quotes/markup). The pattern is compiled once per model with
 * PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF (so invalid UTF-8 never fails a match)
 * and JIT-compiled when the platform allows; every match runs under the model's match
 * limit and fixed depth and heap limits, in a match context and match data of its own
 * document. Text without '<', '&' or '{' is not searched at all.
 * Complexity: the pattern is linear (bounded repeats, no nested quantifiers).
 */
#include <string.h>

#include "markup.h"

/* Tags (with attributes up to 2000 bytes), closing tags, comments up to 4000 bytes,
 * named and numeric character entities, wiki templates up to 2000 bytes. Every match starts
 * with one of markup_starts, and only at the start offset (\G): qxp_markup_find finds
 * those bytes itself (memchr) and tries the pattern there, rather than letting each search
 * scan the rest of the text. Measured on the first 200 BBC lines (20 articles hold a '&', as
 * in "M&S", none a match; each search scanned the rest of its article): qxp_markup_find
 * 0.68M -> 0.19M instructions, the whole run 68.56M -> 68.06M. The match limit now applies
 * to each candidate, as QX_LIMIT_MATCH documents it (quotex.h). */
static const char markup_pattern[] =
    "\\G(?:"
    "<(?:[A-Za-z][A-Za-z0-9:-]{0,30}(?:\\s[^<>]{0,2000})?/?|/[A-Za-z][A-Za-z0-9:-]{0,30}\\s*"
    "|!--[^>]{0,4000}?--)>"
    "|&(?:[A-Za-z]{2,8}|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});"
    "|\\{\\{[^{}]{0,2000}\\}\\})";

/* The bytes that start a match of markup_pattern. */
static const char markup_starts[3] = {'<', '&', '{'};

/* Heap and depth limits per match: generous for this pattern, small enough to bound a
 * hostile input (bytes; PCRE2 counts the heap limit in KiB). */
#define MARKUP_HEAP_KIB  1024
#define MARKUP_DEPTH     10000

qx_status qxp_markup_compile(qx_model *m, qx_error *err) {
    int code = 0;
    PCRE2_SIZE off = 0;
    m->re_markup = pcre2_compile((PCRE2_SPTR)markup_pattern, PCRE2_ZERO_TERMINATED,
                                 PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &code, &off,
                                 NULL);
    if (m->re_markup == NULL) {
        PCRE2_UCHAR msg[120];
        pcre2_get_error_message(code, msg, sizeof msg);
        return qxp_error_set(err, QX_ERR_PATTERN, "markup pattern", 0, (int)off + 1, off,
                             "%s", (const char *)msg);
    }
    /* without JIT (some platforms) the interpreter runs the same pattern */
    (void)pcre2_jit_compile(m->re_markup, PCRE2_JIT_COMPLETE);
    return QX_OK;
}

/* The next byte at or after `from` that can start markup: nx[k] is the next markup_starts[k]
 * (len when none is left; SIZE_MAX before the first search), searched again only once it is
 * behind `from`, so that each byte kind is searched once over the text. Returns the
 * smallest. */
static size_t next_start(const char *t, size_t len, size_t from, size_t nx[3]) {
    size_t best = len;
    for (size_t k = 0; k < 3; k++) {
        if (nx[k] < from || nx[k] == SIZE_MAX) {
            const char *p = from < len ? memchr(t + from, markup_starts[k], len - from) : NULL;
            nx[k] = p ? (size_t)(p - t) : len;
        }
        best = nx[k] < best ? nx[k] : best;
    }
    return best;
}

qx_status qxp_markup_find(const qx_model *m, qx_doc *d, qx_span **out, size_t *n) {
    *out = NULL;
    *n = 0;
    const char *t = d->text;
    size_t len = d->len;
    size_t nx[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
    size_t c = next_start(t, len, 0, nx); /* the first '<', '&', '{' (len: none) */
    if (m->re_markup == NULL || c >= len) {
        return QX_OK;
    }
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(m->re_markup, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    if (md == NULL || mc == NULL) {
        pcre2_match_data_free(md);
        pcre2_match_context_free(mc);
        return QX_ERR_NOMEM;
    }
    pcre2_set_match_limit(mc, (uint32_t)(m->limits[QX_LIMIT_MATCH] > UINT32_MAX
                                             ? UINT32_MAX
                                             : m->limits[QX_LIMIT_MATCH]));
    pcre2_set_depth_limit(mc, MARKUP_DEPTH);
    pcre2_set_heap_limit(mc, MARKUP_HEAP_KIB);
    qx_status st = QX_OK;
    size_t cap = 0;
    PCRE2_SIZE pos = 0; /* after the last match */
    while (c < len) {
        /* one candidate: the pattern matches at c or not at all (\G) */
        int rc = pcre2_match(m->re_markup, (PCRE2_SPTR)t, len, c, 0, md, mc);
        if (rc == PCRE2_ERROR_NOMATCH) {
            c = next_start(t, len, c + 1, nx); /* "M&S": no entity at this '&' */
            continue;
        }
        if (rc < 0) {
            /* a limit (match, depth, heap) or another failure: keep what was found */
            st = qxp_doc_warn(d, pos, rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
                                              rc == PCRE2_ERROR_HEAPLIMIT
                                          ? "markup search stopped: PCRE2 limit reached"
                                          : "markup search stopped: PCRE2 error");
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        qx_span *sp = QXP_PUSH(*out, *n, cap, st);
        if (sp == NULL) {
            break;
        }
        sp->start = ov[0];
        sp->end = ov[1];
        pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        c = next_start(t, len, pos, nx);
    }
    pcre2_match_data_free(md);
    pcre2_match_context_free(mc);
    if (st != QX_OK) {
        qxp_free(*out);
        *out = NULL;
        *n = 0;
    }
    return st;
}
