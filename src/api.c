/*
 * api.c - the public entry points: argument checks, the extraction pipeline's driver,
 * document accessors, versions and error strings.
 *
 * qx_extract: text -> copy -> UTF-8 check (warnings) -> sentences -> quoted spans -> tokens
 * -> attribution and speakers -> public records. Each stage lives in its own module and
 * allocates in the document's arena, so a failure anywhere frees everything at once.
 */
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "doc.h"
#include "text.h"

int qx_version(void) {
    return QX_VERSION_HEX;
}

const char *qx_version_string(void) {
    return QX_VERSION_STRING;
}

const char *qx_strerror(qx_status code) {
    switch (code) {
        case QX_OK:
            return "success";
        case QX_ERR_NOMEM:
            return "out of memory";
        case QX_ERR_INVALID_ARG:
            return "invalid argument";
        case QX_ERR_IO:
            return "input/output error";
        case QX_ERR_LEXICON:
            return "malformed lexicon";
        case QX_ERR_PATTERN:
            return "pattern failed to compile";
        case QX_ERR_UTF8:
            return "invalid UTF-8";
        case QX_ERR_LIMIT:
            return "input exceeds a limit";
        case QX_ERR_INTERNAL:
            return "internal error";
    }
    return "unknown error";
}

const char *qx_kind_name(qx_kind kind) {
    static const char *const names[] = {"direct", "indirect", "mixed", "block", "term"};
    return (unsigned)kind < 5 ? names[kind] : NULL;
}

const char *qx_via_name(qx_via via) {
    static const char *const names[] = {"none", "name", "title", "role", "pronoun", "carry"};
    return (unsigned)via < 6 ? names[via] : NULL;
}

void qx_free(void *ptr) {
    qxp_free(ptr);
}

qx_status qxp_doc_warn(qx_doc *d, size_t offset, const char *text) {
    if (d->n_warnings >= QXP_MAX_WARNINGS) {
        return QX_OK;
    }
    qx_status st = QX_OK;
    qx_warning *w = QXP_PUSH(d->warnings, d->n_warnings, d->cap_warnings, st);
    if (w == NULL) {
        return st;
    }
    w->offset = offset;
    w->text = d->n_warnings == QXP_MAX_WARNINGS ? "too many warnings; the rest are not listed"
                                                 : text;
    return QX_OK;
}

/* SWAR over 8 bytes at a time (valid UTF-8 only): code points are the bytes that are not
 * continuation bytes (10xxxxxx), and a character takes two UTF-16 units when its lead byte is
 * 11110xxx. Bit 7 of each byte lane carries the test; (m >> 7) * ONES >> 56 sums the lanes.
 * On the first 200 BBC lines the offset index went from ~3.5M instructions (a decode per
 * character) to ~0.3M. */

static size_t lanes(uint64_t m) {
    return (size_t)((((m >> 7) & QXP_REP8(0x01)) * QXP_REP8(0x01)) >> 56);
}

/* Adds the code points and UTF-16 units of valid UTF-8 s[a..b) to *cp and *u16. */
static void count_units(const unsigned char *s, size_t a, size_t b, size_t *cp, size_t *u16) {
    size_t cont = 0, astral = 0, i = a;
    for (; i + 8 <= b; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & QXP_REP8(0x80)) {
            cont += lanes(w & ~(w << 1) & QXP_REP8(0x80));
            astral += lanes(w & (w << 1) & (w << 2) & (w << 3) & QXP_REP8(0x80));
        }
    }
    for (; i < b; i++) {
        cont += (s[i] & 0xC0) == 0x80;
        astral += s[i] >= 0xF0;
    }
    *cp += (b - a) - cont;
    *u16 += (b - a) - cont + astral;
}

/* Records invalid UTF-8 as warnings. An ASCII text (half the BBC articles) is valid: one
 * pass finds that, where the UTF-8 check and an ASCII test of its own each read the whole
 * text; a text's ASCII prefix is not checked again. With looks_utf16 below, measured on the
 * first 200 BBC lines: qx_extract's own instructions and its UTF-8 check 1.01M -> 0.56M. */
static qx_status scan_text(qx_doc *d) {
    const char *s = d->text;
    size_t n = d->len;
    size_t high = qxp_ascii_prefix(s, n);
    d->ascii = high == n;
    d->valid_utf8 = true;
    if (d->ascii) {
        return QX_OK;
    }
    size_t bad = high + qxp_utf8_invalid(s + high, n - high);
    d->valid_utf8 = bad >= n;
    while (bad < n) {
        qx_status st = qxp_doc_warn(d, bad, "invalid UTF-8 (shown as U+FFFD)");
        if (st != QX_OK) {
            return st;
        }
        size_t len;
        (void)qxp_utf8_decode(s + bad, n - bad, &len);
        size_t i = bad + len;
        bad = i + qxp_utf8_invalid(s + i, n - i);
        if (d->n_warnings >= QXP_MAX_WARNINGS) {
            break;
        }
    }
    return QX_OK;
}

/* The offset-conversion index of a text that is not ASCII (see qxp_offidx), malloc'd; NULL
 * when memory ran out. Built by qx_doc_offset when first needed rather than by every
 * qx_extract: the default output counts bytes, and the counting pass over each non-ASCII
 * text was 0.5M of the 53M instructions of the first 200 BBC lines with curly quotes, with
 * a test per 8 bytes that was mispredicted wherever a quotation mark or apostrophe (“ ’)
 * came. */
static qxp_offidx *offsets_index(const qx_doc *d) {
    const char *s = d->text;
    size_t n = d->len;
    size_t ns = n / QXP_OFFSET_STRIDE + 2;
    if (ns > (SIZE_MAX - sizeof(qxp_offidx)) / (3 * sizeof(size_t))) {
        return NULL;
    }
    qxp_offidx *x = qxp_malloc(sizeof *x + 3 * ns * sizeof(size_t));
    if (x == NULL) {
        return NULL;
    }
    x->n = ns;
    x->cp = (size_t *)(void *)(x + 1);
    x->u16 = x->cp + ns;
    x->pos = x->u16 + ns;
    size_t cp = 0, u16 = 0;
    if (d->valid_utf8) {
        /* entry k: the first character start at or after byte k * STRIDE */
        const unsigned char *u = (const unsigned char *)s;
        size_t prev = 0;
        for (size_t k = 0; k < ns; k++) {
            size_t p = k * QXP_OFFSET_STRIDE < n ? k * QXP_OFFSET_STRIDE : n;
            while (p < n && (u[p] & 0xC0) == 0x80) {
                p++;
            }
            count_units(u, prev, p, &cp, &u16);
            x->cp[k] = cp;
            x->u16[k] = u16;
            x->pos[k] = p;
            prev = p;
        }
        return x;
    }
    size_t i = 0, next = 0, k = 0;
    while (i < n) {
        while (next <= i && k < ns) {
            /* a stride boundary inside a character maps to the character's start count */
            x->cp[k] = cp;
            x->u16[k] = u16;
            x->pos[k] = i;
            k++;
            next = k * QXP_OFFSET_STRIDE;
        }
        size_t len = 1;
        unsigned char c = (unsigned char)s[i];
        int32_t ch = c < 0x80 ? (int32_t)c : qxp_utf8_decode(s + i, n - i, &len);
        cp++;
        u16 += ch >= 0x10000 ? 2 : 1;
        i += len;
    }
    while (k < ns) {
        x->cp[k] = cp;
        x->u16[k] = u16;
        x->pos[k] = n;
        k++;
    }
    return x;
}

/* The code points (or UTF-16 units) of text[from..to), where from is a character start. */
static size_t units_between(const qx_doc *d, size_t from, size_t to, bool u16) {
    size_t count = 0;
    for (size_t i = from; i < to;) {
        size_t len = 1;
        unsigned char c = (unsigned char)d->text[i];
        int32_t ch = c < 0x80 ? (int32_t)c : qxp_utf8_decode(d->text + i, d->len - i, &len);
        count += (u16 && ch >= 0x10000) ? 2 : 1;
        i += len;
    }
    return count;
}

size_t qx_doc_offset(const qx_doc *d, size_t off, unsigned jflags) {
    if (d == NULL) {
        return off;
    }
    if (off > d->len) {
        off = d->len;
    }
    bool cps = (jflags & QX_JSON_CODEPOINTS) != 0, u16 = (jflags & QX_JSON_UTF16) != 0;
    if ((!cps && !u16) || d->ascii) {
        return off;
    }
    /* the index, built by the first caller; a thread that loses the race to publish it
     * frees its own. The index is a cache: the document does not change. */
    qx_doc *md = (qx_doc *)(uintptr_t)d;
    qxp_offidx *x = atomic_load_explicit(&md->offidx, memory_order_acquire);
    if (x == NULL) {
        qxp_offidx *mine = offsets_index(d);
        if (mine == NULL) {
            return units_between(d, 0, off, u16); /* out of memory: slow, still right */
        }
        qxp_offidx *none = NULL;
        if (atomic_compare_exchange_strong_explicit(&md->offidx, &none, mine,
                                                    memory_order_acq_rel,
                                                    memory_order_acquire)) {
            x = mine;
        } else {
            qxp_free(mine);
            x = none; /* the winner's */
        }
    }
    /* entry k counts the characters before pos[k], the first character start at or after
     * byte k * STRIDE */
    size_t k = off / QXP_OFFSET_STRIDE;
    while (k > 0 && x->pos[k] > off) {
        k--;
    }
    return (u16 ? x->u16[k] : x->cp[k]) + units_between(d, x->pos[k], off, u16);
}

/* UTF-16 text read as bytes is garbage (every other byte NUL for Latin text), so it is
 * refused with a clear error rather than extracted: a UTF-16 byte order mark, or at least 8
 * of the first 64 byte pairs holding one NUL and one ASCII byte, on the same side
 * (fixtures/robust/utf16). Text with scattered NUL bytes is not affected. */
static bool looks_utf16(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        return true;
    }
    /* every pair counted below holds a NUL: none in the bytes of the first 64 pairs (any
     * text, nearly) says no at once, where the pair loop took ~700 instructions per text;
     * fewer than 8 pairs say no anyway */
    if (n < 16 || memchr(s, 0, n < 128 ? n & ~(size_t)1 : 128) == NULL) {
        return false;
    }
    size_t le = 0, be = 0, pairs = 0;
    for (size_t i = 0; i + 1 < n && pairs < 64; i += 2, pairs++) {
        le += u[i + 1] == 0 && u[i] != 0 && u[i] < 0x80;
        be += u[i] == 0 && u[i + 1] != 0 && u[i + 1] < 0x80;
    }
    return pairs >= 8 && (le * 2 >= pairs || be * 2 >= pairs);
}

static qx_status extract(const qx_model *model, const char *text, size_t len, unsigned opts,
                         bool borrow, unsigned known, qx_doc **out, qx_error *err) {
    if (err) {
        memset(err, 0, sizeof *err);
    }
    if (out == NULL || model == NULL || (text == NULL && len > 0)) {
        if (out) {
            *out = NULL;
        }
        return qxp_error_set(err, QX_ERR_INVALID_ARG, "<input>", 0, 0, 0,
                             "model, out and text (when len > 0) are required");
    }
    *out = NULL;
    if (len > model->limits[QX_LIMIT_INPUT_BYTES] || len > (size_t)UINT32_MAX - 16) {
        return qxp_error_set(err, QX_ERR_LIMIT, "<input>", 0, 0, 0,
                             "input of %zu bytes exceeds the limit of %zu bytes", len,
                             model->limits[QX_LIMIT_INPUT_BYTES]);
    }
    if (looks_utf16(text, len)) {
        return qxp_error_set(err, QX_ERR_UTF8, "<input>", 0, 0, 0,
                             "the input is UTF-16 (byte order mark, or NUL every other byte); "
                             "convert it to UTF-8");
    }
    if ((opts & QX_OPT_STRICT_UTF8) && !(known & QXP_TEXT_UTF8)) {
        size_t bad = qxp_utf8_invalid(text, len);
        if (bad < len) {
            return qxp_error_set(err, QX_ERR_UTF8, "<input>", 0, 0, bad,
                                 "invalid UTF-8 at byte %zu", bad);
        }
    }
    qx_doc *d = qxp_calloc(1, sizeof *d);
    if (d == NULL) {
        return qxp_error_set(err, QX_ERR_NOMEM, "<input>", 0, 0, 0, "out of memory");
    }
    qxp_arena_init(&d->arena);
    d->opts = opts;
    qx_status st = QX_OK;
    d->text = borrow ? text : qxp_arena_strndup(&d->arena, text ? text : "", len);
    if (d->text == NULL) {
        st = QX_ERR_NOMEM;
        goto fail;
    }
    d->len = len;
    if (known & QXP_TEXT_UTF8) {
        /* checked by the caller (the batch driver's JSONL scan): about 0.7% of perf's
         * samples on 8 copies of the curly BBC corpus went to this second check */
        d->valid_utf8 = true;
        d->ascii = (known & QXP_TEXT_ASCII) != 0;
#ifdef QXP_CHECKS
        /* make check holds the caller's word to the scan's */
        if ((st = scan_text(d)) != QX_OK || !d->valid_utf8 ||
            d->ascii != ((known & QXP_TEXT_ASCII) != 0)) {
            abort();
        }
#endif
    } else if ((st = scan_text(d)) != QX_OK) {
        goto fail;
    }
    if ((st = qxp_sentence_split(model, d->text, d->len, &d->arena, &d->sents)) != QX_OK) {
        goto fail;
    }
    if (!(opts & QX_OPT_SENTENCES_ONLY) && (st = qxp_attribute(model, d)) != QX_OK) {
        goto fail;
    }
    *out = d;
    return QX_OK;
fail:
    qx_doc_free(d);
    if (st == QX_ERR_NOMEM) {
        return qxp_error_set(err, st, "<input>", 0, 0, 0, "out of memory");
    }
    return qxp_error_set(err, st, "<input>", 0, 0, 0, "%s", qx_strerror(st));
}

qx_status qx_extract(const qx_model *model, const char *text, size_t len, unsigned opts,
                     qx_doc **out, qx_error *err) {
    return extract(model, text, len, opts, false, 0, out, err);
}

qx_status qxp_extract_borrowed(const qx_model *model, const char *text, size_t len,
                               unsigned opts, unsigned known, qx_doc **out, qx_error *err) {
    return extract(model, text, len, opts, text != NULL, known, out, err);
}

void qx_doc_free(qx_doc *doc) {
    if (doc == NULL) {
        return;
    }
    qxp_free(doc->warnings);
    qxp_free(doc->quotes);
    qxp_free(atomic_load_explicit(&doc->offidx, memory_order_acquire));
    qxp_arena_free(&doc->arena);
    qxp_free(doc);
}

size_t qx_doc_quote_count(const qx_doc *doc) {
    return doc ? doc->n_quotes : 0;
}

const qx_quote *qx_doc_quote(const qx_doc *doc, size_t i) {
    return doc && i < doc->n_quotes ? &doc->quotes[i] : NULL;
}

size_t qx_doc_speaker_count(const qx_doc *doc) {
    return doc ? doc->n_speakers : 0;
}

const qx_speaker *qx_doc_speaker(const qx_doc *doc, size_t i) {
    return doc && i < doc->n_speakers ? &doc->speakers[i] : NULL;
}

const qx_span *qx_doc_sentences(const qx_doc *doc, size_t *n) {
    if (n) {
        *n = doc ? doc->sents.n_sents : 0;
    }
    return doc && doc->sents.n_sents ? doc->sents.sents : NULL;
}

const qx_span *qx_doc_paragraphs(const qx_doc *doc, size_t *n) {
    if (n) {
        *n = doc ? doc->sents.n_paras : 0;
    }
    return doc && doc->sents.n_paras ? doc->sents.paras : NULL;
}

size_t qx_doc_warning_count(const qx_doc *doc) {
    return doc ? doc->n_warnings : 0;
}

const qx_warning *qx_doc_warning(const qx_doc *doc, size_t i) {
    return doc && i < doc->n_warnings ? &doc->warnings[i] : NULL;
}

const char *qx_doc_text(const qx_doc *doc, size_t *len) {
    if (len) {
        *len = doc ? doc->len : 0;
    }
    return doc ? doc->text : NULL;
}
