/*
 * fuzz_extract.c - libFuzzer target: qx_extract() on raw bytes, then qx_doc_to_json() in every
 * output mode, checking the invariants of issue 7 on each document.
 *
 * Input: byte 0 selects the options, the rest is the article.
 *   bits 0-3  QX_OPT_STRICT_UTF8, _NO_SINGLE_QUOTES, _ALL_KINDS, _NO_INDIRECT
 *   bit 4     QX_JSON_PRETTY on every rendering
 *   bit 5     QX_JSON_ALL_KINDS on every rendering
 *   bit 6     a model with tiny limits (quote 64 bytes, nesting 2): the limit paths
 *   bit 7     an `extra` member string after "id"
 * Checks (a failure prints what broke and aborts, so libFuzzer saves the input):
 *  - qx_extract succeeds on any text below the input limit; it fails only with QX_ERR_UTF8
 *    under QX_OPT_STRICT_UTF8, for input that really is invalid, at the first bad byte;
 *  - every span (quote content and marks, segments, speaker mention, cue, addressee,
 *    sentences, paragraphs, speakers' mentions) lies in [0, len] with start <= end, and both
 *    ends fall on UTF-8 character boundaries (never inside a valid multi-byte character);
 *  - segments are ordered, do not overlap and lie inside the quote's content span, which
 *    lies inside its outer span; indexes (sentence, paragraph, speaker) are in range;
 *  - warnings point inside the input; every string is valid UTF-8;
 *  - the JSON (bytes, code points, UTF-16, flat, sentences) parses with json_loadb; in byte
 *    mode its quote offsets equal the API's, and in the other units they are no larger than
 *    the text's length in that unit; flat output is one object per line, one per quote kept;
 *    qx_doc_write_json hands over the same bytes.
 * A known bug that blocks fuzzing before it is fixed can be stepped over with libFuzzer's
 * fork mode: make fuzz FUZZ_FLAGS="-fork=1 -ignore_crashes=1".
 * Built by `make fuzz` (mk/fuzz.mk) with clang -fsanitize=fuzzer, and by tests/suite-fuzz.sh
 * with tests/fuzz/standalone.c to replay tests/fuzz/corpus/extract under any compiler.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quotex.h"

#define FUZZ_NAME "fuzz_extract"
#include "fuzz.h"

static qx_model *models[2]; /* [0] default limits, [1] tiny limits; made once, kept */

static void init_models(void) {
    if (models[0]) {
        return;
    }
    for (int i = 0; i < 2; i++) {
        qx_error err;
        memset(&err, 0, sizeof err);
        if (qx_model_new(&models[i], &err) != QX_OK) {
            fprintf(stderr, "fuzz_extract: qx_model_new: %s\n", err.text);
            abort();
        }
    }
    (void)qx_model_set_limit(models[1], QX_LIMIT_QUOTE_BYTES, 64);
    (void)qx_model_set_limit(models[1], QX_LIMIT_NESTING, 2);
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when it is not one (RFC 3629: no
 * overlongs, no surrogates, nothing above U+10FFFF). */
static size_t utf8_valid_len(const uint8_t *s, size_t n) {
    uint8_t c = s[0];
    if (c < 0x80) {
        return 1;
    }
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (n < need || s[1] < lo || s[1] > hi) {
        return 0;
    }
    for (size_t i = 2; i < need; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF) {
            return 0;
        }
    }
    return need;
}

/* boundary[i] (i in 0..len) is false only strictly inside a valid multi-byte character.
 * Returns the offset of the first invalid byte, or len when the text is valid. */
static size_t mark_boundaries(const uint8_t *s, size_t len, bool *boundary) {
    size_t first_bad = len;
    size_t i = 0;
    while (i < len) {
        size_t k = utf8_valid_len(s + i, len - i);
        boundary[i] = true;
        if (k == 0) {
            if (first_bad == len) {
                first_bad = i;
            }
            i++;
            continue;
        }
        for (size_t j = 1; j < k; j++) {
            boundary[i + j] = false;
        }
        i += k;
    }
    boundary[len] = true;
    return first_bad;
}

static bool valid_utf8_str(const char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t k = utf8_valid_len((const uint8_t *)s + i, n - i);
        if (k == 0) {
            return false;
        }
        i += k;
    }
    return true;
}

static void check_span(qx_span sp, size_t len, const bool *boundary) {
    REQUIRE(sp.start <= sp.end, sp.start, sp.end);
    REQUIRE(sp.end <= len, sp.end, len);
    REQUIRE(boundary[sp.start], sp.start, sp.end);
    REQUIRE(boundary[sp.end], sp.start, sp.end);
}

/* A mention with text has a span in the input; one without has the span {0,0}. */
static void check_mention(const qx_mention *m, size_t len, const bool *boundary) {
    if (m->text == NULL) {
        REQUIRE(m->span.start == 0 && m->span.end == 0, m->span.start, m->span.end);
        return;
    }
    REQUIRE(valid_utf8_str(m->text), m->span.start, m->span.end);
    check_span(m->span, len, boundary);
}

static void check_doc(const qx_doc *doc, size_t len, const bool *boundary) {
    size_t n_sent = 0, n_para = 0;
    const qx_span *sents = qx_doc_sentences(doc, &n_sent);
    const qx_span *paras = qx_doc_paragraphs(doc, &n_para);
    for (size_t i = 0; i < n_sent; i++) {
        check_span(sents[i], len, boundary);
        if (i > 0) {
            REQUIRE(sents[i - 1].end <= sents[i].start, sents[i - 1].end, sents[i].start);
        }
    }
    for (size_t i = 0; i < n_para; i++) {
        check_span(paras[i], len, boundary);
        if (i > 0) {
            REQUIRE(paras[i - 1].end <= paras[i].start, paras[i - 1].end, paras[i].start);
        }
    }
    size_t n_spk = qx_doc_speaker_count(doc);
    for (size_t i = 0; i < n_spk; i++) {
        const qx_speaker *s = qx_doc_speaker(doc, i);
        REQUIRE(s != NULL && s->name != NULL, i, n_spk);
        REQUIRE(valid_utf8_str(s->name), i, n_spk);
        for (size_t k = 0; k < s->n_mentions; k++) {
            check_mention(&s->mentions[k], len, boundary);
        }
        for (size_t k = 0; k < s->n_titles; k++) {
            REQUIRE(s->titles[k] != NULL && valid_utf8_str(s->titles[k]), i, k);
        }
    }
    size_t nq = qx_doc_quote_count(doc);
    REQUIRE(qx_doc_quote(doc, nq) == NULL, nq, 0);
    for (size_t i = 0; i < nq; i++) {
        const qx_quote *q = qx_doc_quote(doc, i);
        REQUIRE(q != NULL, i, nq);
        check_span(q->span, len, boundary);
        check_span(q->outer, len, boundary);
        REQUIRE(q->outer.start <= q->span.start && q->span.end <= q->outer.end, q->span.start,
                q->outer.start);
        REQUIRE(q->n_segments >= 1 && q->segments != NULL, i, q->n_segments);
        for (size_t k = 0; k < q->n_segments; k++) {
            check_span(q->segments[k], len, boundary);
            REQUIRE(q->segments[k].start >= q->span.start && q->segments[k].end <= q->span.end,
                    q->segments[k].start, q->span.start);
            if (k > 0) {
                REQUIRE(q->segments[k - 1].end <= q->segments[k].start, q->segments[k - 1].end,
                        q->segments[k].start);
            }
        }
        REQUIRE(q->segments[0].start == q->span.start, q->segments[0].start, q->span.start);
        REQUIRE(q->segments[q->n_segments - 1].end == q->span.end,
                q->segments[q->n_segments - 1].end, q->span.end);
        REQUIRE(q->text != NULL && valid_utf8_str(q->text), i, nq);
        check_mention(&q->speaker_mention, len, boundary);
        check_mention(&q->cue, len, boundary);
        check_mention(&q->addressee, len, boundary);
        REQUIRE(q->speaker == NULL || valid_utf8_str(q->speaker), i, nq);
        REQUIRE(q->cue_lemma == NULL || valid_utf8_str(q->cue_lemma), i, nq);
        REQUIRE(qx_kind_name(q->kind) != NULL, i, (size_t)q->kind);
        REQUIRE(qx_via_name(q->via) != NULL, i, (size_t)q->via);
        REQUIRE(q->score >= 0 && q->score <= 100, i, (size_t)q->score);
        REQUIRE(n_sent == 0 || q->sentence < n_sent, q->sentence, n_sent);
        REQUIRE(n_para == 0 || q->paragraph < n_para, q->paragraph, n_para);
        REQUIRE(q->speaker_index >= -1 && (q->speaker_index < 0 ||
                                           (size_t)q->speaker_index < n_spk),
                i, (size_t)q->speaker_index);
    }
    size_t nw = qx_doc_warning_count(doc);
    for (size_t i = 0; i < nw; i++) {
        const qx_warning *w = qx_doc_warning(doc, i);
        REQUIRE(w != NULL && w->text != NULL, i, nw);
        REQUIRE(w->offset <= len, w->offset, len);
    }
    size_t tlen = 0;
    const char *t = qx_doc_text(doc, &tlen);
    REQUIRE(t != NULL && tlen == len, tlen, len);
}

static size_t json_uint(const json_t *o, const char *key) {
    const json_t *v = json_object_get(o, key);
    REQUIRE(json_is_integer(v) && json_integer_value(v) >= 0, 0, 0);
    return (size_t)json_integer_value(v);
}

/* Does the kind of record q pass the output's kind filter? */
static bool kind_kept(unsigned jflags, qx_kind k) {
    unsigned kinds = jflags & QX_JSON_ALL_KINDS;
    if (kinds == 0) {
        kinds = QX_JSON_KIND(QX_KIND_DIRECT) | QX_JSON_KIND(QX_KIND_INDIRECT) |
                QX_JSON_KIND(QX_KIND_MIXED);
    }
    return (kinds & QX_JSON_KIND(k)) != 0;
}

/* Checks one quote object of the JSON against the unit limit (and, in bytes, the API). */
static void check_json_quote(const json_t *o, size_t limit, const qx_quote *api) {
    REQUIRE(json_is_object(o), 0, 0);
    size_t s = json_uint(o, "start"), e = json_uint(o, "end");
    REQUIRE(s <= e && e <= limit, s, e);
    const json_t *segs = json_object_get(o, "segments");
    REQUIRE(json_is_array(segs) && json_array_size(segs) >= 1, 0, 0);
    if (api != NULL) {
        REQUIRE(s == api->span.start && e == api->span.end, s, api->span.start);
        REQUIRE(json_array_size(segs) == api->n_segments, json_array_size(segs),
                api->n_segments);
    }
    REQUIRE(json_is_string(json_object_get(o, "text")), s, e);
}

/* Collects the pieces of a streamed record. */
typedef struct stream_acc {
    char *data;
    size_t len;
} stream_acc;

static int stream_add(void *ctx, const char *p, size_t n) {
    stream_acc *a = ctx;
    char *d = realloc(a->data, a->len + n + 1);
    if (d == NULL) {
        return -1;
    }
    memcpy(d + a->len, p, n);
    a->data = d;
    a->len += n;
    return 0;
}

/* Renders doc with jflags and checks the result. limit: the text's length in that unit. */
static void check_json(const qx_doc *doc, const char *id, const char *extra, unsigned jflags,
                       size_t limit) {
    char *js = qx_doc_to_json(doc, id, extra, jflags);
    REQUIRE(js != NULL, jflags, 0);
    size_t n = strlen(js);
    bool bytes = (jflags & (QX_JSON_CODEPOINTS | QX_JSON_UTF16)) == 0;
    /* The records the output keeps, in order (for comparing byte offsets with the API). */
    size_t nq = qx_doc_quote_count(doc), kept = 0;
    const qx_quote **keep = calloc(nq + 1, sizeof *keep);
    REQUIRE(keep != NULL, nq, 0);
    for (size_t i = 0; i < nq; i++) {
        const qx_quote *q = qx_doc_quote(doc, i);
        if (kind_kept(jflags, q->kind)) {
            keep[kept++] = q;
        }
    }
    json_error_t jerr;
    if (jflags & QX_JSON_FLAT) {
        /* One line per kept quote, each a complete object ending in "\n". */
        size_t lines = 0, pos = 0;
        while (pos < n) {
            const char *nl = memchr(js + pos, '\n', n - pos);
            REQUIRE(nl != NULL, pos, n);
            size_t ln = (size_t)(nl - (js + pos));
            json_t *o = json_loadb(js + pos, ln, 0, &jerr);
            if (o == NULL) {
                fprintf(stderr, "fuzz_extract: flat line %zu: %s\n", lines, jerr.text);
            }
            REQUIRE(o != NULL, lines, pos);
            REQUIRE(json_object_get(o, "doc") != NULL, lines, 0);
            check_json_quote(o, limit, bytes && lines < kept ? keep[lines] : NULL);
            json_decref(o);
            lines++;
            pos += ln + 1;
        }
        REQUIRE(lines == kept, lines, kept);
    } else {
        json_t *root = json_loadb(js, n, 0, &jerr);
        if (root == NULL) {
            fprintf(stderr, "fuzz_extract: JSON (flags %u): %s at %d\n", jflags, jerr.text,
                    jerr.position);
        }
        REQUIRE(root != NULL && json_is_object(root), jflags, n);
        if (jflags & QX_JSON_SENTENCES) {
            const json_t *ss = json_object_get(root, "sentences");
            REQUIRE(json_is_array(ss), 0, 0);
            /* a sentence is never white space only, so its folded text is never empty */
            for (size_t i = 0; i < json_array_size(ss); i++) {
                const json_t *tx = json_object_get(json_array_get(ss, i), "text");
                REQUIRE(json_is_string(tx) && json_string_length(tx) > 0, i,
                        json_array_size(ss));
            }
        } else {
            const json_t *qs = json_object_get(root, "quotes");
            REQUIRE(json_is_array(qs) && json_array_size(qs) == kept, json_array_size(qs), kept);
            for (size_t i = 0; i < json_array_size(qs); i++) {
                check_json_quote(json_array_get(qs, i), limit, bytes ? keep[i] : NULL);
            }
        }
        json_decref(root);
    }
    free(keep);
    /* the streamed record (qx_doc_write_json) is the same bytes */
    stream_acc acc = {NULL, 0};
    REQUIRE(qx_doc_write_json(doc, id, extra, jflags, stream_add, &acc) == QX_OK, jflags, 0);
    REQUIRE(acc.len == n && (n == 0 || memcmp(acc.data, js, n) == 0), acc.len, n);
    free(acc.data);
    qx_free(js);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    init_models();
    if (size == 0) {
        return 0;
    }
    unsigned sel = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    unsigned opts = sel & 0x0Fu;
    unsigned base = 0;
    if (sel & 0x10u) {
        base |= QX_JSON_PRETTY;
    }
    if (sel & 0x20u) {
        base |= QX_JSON_ALL_KINDS;
    }
    const qx_model *model = models[(sel & 0x40u) ? 1 : 0];
    const char *extra = (sel & 0x80u) ? "\"url\":\"http://x/\",\"n\":1" : NULL;

    bool *boundary = malloc(len + 1);
    REQUIRE(boundary != NULL, len, 0);
    size_t first_bad = mark_boundaries((const uint8_t *)text, len, boundary);

    qx_doc *doc = NULL;
    qx_error err;
    memset(&err, 0, sizeof err);
    qx_status st = qx_extract(model, len ? text : NULL, len, opts, &doc, &err);
    if (st != QX_OK) {
        REQUIRE(doc == NULL, (size_t)-st, 0);
        /* UTF-16 input is refused on purpose (api.c looks_utf16) */
        if (st == QX_ERR_UTF8 && strstr(err.text, "UTF-16") != NULL) {
            free(boundary);
            return 0;
        }
        if (st != QX_ERR_UTF8 || !(opts & QX_OPT_STRICT_UTF8) || first_bad == len) {
            fprintf(stderr, "fuzz_extract: qx_extract failed: %d %s\n", (int)st, err.text);
            abort();
        }
        REQUIRE(err.code == QX_ERR_UTF8 && err.offset == first_bad, err.offset, first_bad);
        free(boundary);
        return 0;
    }
    REQUIRE(first_bad == len || !(opts & QX_OPT_STRICT_UTF8), first_bad, len);
    check_doc(doc, len, boundary);

    size_t cps = qx_doc_offset(doc, len, QX_JSON_CODEPOINTS);
    size_t u16 = qx_doc_offset(doc, len, QX_JSON_UTF16);
    REQUIRE(qx_doc_offset(doc, len, 0) == len, len, 0);
    REQUIRE(cps <= len && u16 <= len && cps <= u16, cps, u16);
    check_json(doc, "fuzz", extra, base, len);
    check_json(doc, NULL, extra, base | QX_JSON_CODEPOINTS, cps);
    check_json(doc, "id\"\\\n", extra, base | QX_JSON_UTF16, u16);
    check_json(doc, "fuzz", extra, (base & ~(unsigned)QX_JSON_PRETTY) | QX_JSON_FLAT, len);
    check_json(doc, "fuzz", NULL, base | QX_JSON_SENTENCES, len);
    qx_doc_free(doc);
    free(boundary);
    return 0;
}
