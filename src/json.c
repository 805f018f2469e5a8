/*
 * json.c - a document -> its JSON record (see README.md "Output" for every field).
 *
 * The compact form is written directly into a byte buffer: strings reaching here are already
 * clean UTF-8 (qxp_text_clean), so escaping only has to handle '"', '\\' and control
 * characters. Keys are always present and always in the same order; absent values are null.
 * The pretty form re-reads the compact text with Jansson and indents it.
 */
#ifdef QXP_CHECKS
#include <assert.h>
#endif
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "text.h"

static void put(qxp_buf *b, const char *s) {
    qxp_buf_add(b, s, strlen(s));
}

/* ---- the record writer -------------------------------------------------------------------
 * Every writer step below (room, put_raw, put_uint, put_off, put_str ...) leaves at least
 * JSON_SLACK bytes of room after what it wrote, so the keys and punctuation between two
 * steps ("],\"text\":", ",\"speaker_mention\":{\"start\":") go in with LIT: a plain copy,
 * without the capacity test and NUL store of qxp_buf_add (the NUL is written once the
 * record is done; a record used to pay that test about 40 times per quote). With the string
 * copy, the names and offsets below, measured on the first 200 BBC lines: qx_doc_to_json
 * 5.40M -> 3.32M instructions (inclusive). */
#define JSON_SLACK ((size_t)128)

/* put_uint and put_strn inlined at their callers (about 20 and 8 of them), which pass
 * constants and spare a call and its register saves per value: measured on the first 200
 * BBC lines, qx_doc_to_json 3.11M -> 2.87M instructions, for about 5 KB of code. */
#if defined(__GNUC__) || defined(__clang__)
#define WRITER_INLINE __attribute__((always_inline)) inline
#else
#define WRITER_INLINE inline
#endif

/* Makes room for n more bytes and JSON_SLACK beyond; false once an append has failed. */
static inline bool room(qxp_buf *b, size_t n) {
    if (QXP_LIKELY(!b->failed && b->cap - b->len > n + JSON_SLACK)) {
        return true;
    }
    if (!b->failed && n > SIZE_MAX / 4) {
        b->failed = true;
    }
    qxp_buf_reserve(b, n + JSON_SLACK);
    return !b->failed;
}

/* Appends a literal of at most JSON_SLACK bytes right after a writer step (see above); no
 * NUL. */
#define LIT(b, lit) lit_at((b), "" lit, sizeof(lit) - 1)
static inline void lit_at(qxp_buf *b, const char *s, size_t n) {
    if (QXP_LIKELY(!b->failed)) {
#ifdef QXP_CHECKS
        assert(b->cap - b->len > n);
#endif
        memcpy(b->data + b->len, s, n);
        b->len += n;
    }
}

/* s[0..n) as is, with its own room check. */
static inline void put_raw(qxp_buf *b, const char *s, size_t n) {
    if (room(b, n)) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
    }
}

/* Restores the buffer's NUL end after LIT's copies. */
static void end_record(qxp_buf *b) {
    if (!b->failed && b->data != NULL) {
        b->data[b->len] = '\0';
    }
}

static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324252627282930"
                                  "31323334353637383940414243444546474849505152535455565758596061"
                                  "6263646566676869707172737475767778798081828384858687888990919293"
                                  "949596979899";

/* The number of decimal digits of v >= 10: from its bit length (log10 2 ~ 1233 / 4096) and
 * one comparison, where counting by powers of ten took one step per digit. */
static size_t digits(size_t v) {
#if defined(__GNUC__) || defined(__clang__)
    static const uint64_t pow10[20] = {1ull,
                                       10ull,
                                       100ull,
                                       1000ull,
                                       10000ull,
                                       100000ull,
                                       1000000ull,
                                       10000000ull,
                                       100000000ull,
                                       1000000000ull,
                                       10000000000ull,
                                       100000000000ull,
                                       1000000000000ull,
                                       10000000000000ull,
                                       100000000000000ull,
                                       1000000000000000ull,
                                       10000000000000000ull,
                                       100000000000000000ull,
                                       1000000000000000000ull,
                                       10000000000000000000ull};
    size_t t = ((size_t)(64 - __builtin_clzll((unsigned long long)v)) * 1233) >> 12;
    return t + 1 - (v < pow10[t]);
#else
    size_t nd = 1;
    for (; v >= 10; v /= 10) {
        nd++;
    }
    return nd;
#endif
}

/* Decimal v straight into the buffer: its digit count first, then two digits per division
 * from the end (1234 -> "34" then "12"), where it was one digit per division into a
 * scratch array and a copy. With digits() and the 4-byte strings of put_strn, measured on
 * the first 200 BBC lines: qx_doc_to_json 3.32M -> 3.15M instructions. */
static WRITER_INLINE void put_uint(qxp_buf *b, size_t v) {
    if (!room(b, 20)) {
        return;
    }
    if (v < 10) {
        b->data[b->len++] = (char)('0' + v);
        return;
    }
    size_t nd = digits(v);
    char *e = b->data + b->len + nd;
    b->len += nd;
    while (v >= 100) {
        size_t r = v % 100;
        v /= 100;
        e -= 2;
        memcpy(e, digit_pairs + 2 * r, 2);
    }
    if (v >= 10) {
        memcpy(e - 2, digit_pairs + 2 * v, 2);
    } else {
        e[-1] = (char)('0' + v);
    }
}

/* Nonzero when one of the 8 bytes of w is one JSON must escape: '"', '\\' or a control byte
 * below 0x20 (qxp_json_special8 without the non-ASCII bytes, which valid UTF-8 strings
 * keep as they are; exact for existence, the word is then redone byte by byte). One mask
 * for the three tests, where each had its own: measured on the first 200 BBC lines,
 * qx_doc_to_json 2.87M -> 2.69M instructions. */
static inline uint64_t escape8(uint64_t w) {
    return qxp_json_special8(w) & ~w;
}

/* Offset of the first byte of s[0..n) that JSON must escape, or n. */
static size_t escape_at(const char *s, size_t n) {
    size_t i = 0;
    while (n - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (escape8(w) != 0) {
            break;
        }
        i += 8;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\') {
            return i;
        }
    }
    return n;
}

/* The escaped body of s[0..n) (no quotes), through qxp_buf_add: the path of strings that
 * hold an escape. */
static void put_escaped(qxp_buf *b, const char *s, size_t n) {
    for (;;) {
        size_t k = escape_at(s, n);
        qxp_buf_add(b, s, k);
        if (k == n) {
            break;
        }
        unsigned char c = (unsigned char)s[k];
        s += k + 1;
        n -= k + 1;
        switch (c) {
            case '"':
                QXP_BUF_LIT(b, "\\\"");
                break;
            case '\\':
                QXP_BUF_LIT(b, "\\\\");
                break;
            case '\n':
                QXP_BUF_LIT(b, "\\n");
                break;
            case '\t':
                QXP_BUF_LIT(b, "\\t");
                break;
            case '\r':
                QXP_BUF_LIT(b, "\\r");
                break;
            default: {
                char tmp[8];
                snprintf(tmp, sizeof tmp, "\\u%04x", c);
                put(b, tmp);
            }
        }
    }
}

/* s[0..n) as a JSON string; s must be valid UTF-8 (every library string is). The common
 * string, without escapes, is copied 8 bytes at a time as it is checked (its last 1-7 bytes
 * as the overlapping final 8: "Boris Johnson" is bytes 0-7 and 5-12), straight into room
 * made once; the first word holding a byte to escape hands the rest to put_escaped. It used
 * to find the escapes first, then append the run (a memcpy call) and each quote mark with
 * its own capacity test: about 190 instructions for "direct", now 60-70 for a short name. */
static WRITER_INLINE void put_strn(qxp_buf *b, const char *s, size_t n) {
    if (!room(b, n + 2)) {
        return;
    }
    char *o = b->data + b->len + 1;
    o[-1] = '"';
    size_t i = 0;
    uint64_t w;
    if (n >= 8) {
        for (; n - i >= 8; i += 8) {
            memcpy(&w, s + i, 8);
            if (escape8(w) != 0) {
                goto escaped;
            }
            memcpy(o + i, &w, 8);
        }
        if (i < n) {
            memcpy(&w, s + n - 8, 8);
            if (escape8(w) != 0) {
                goto escaped;
            }
            memcpy(o + n - 8, &w, 8);
        }
    } else if (n >= 4) {
        /* 4..7 bytes: two overlapping 4-byte groups, tested as one word */
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + n - 4, 4);
        w = (uint64_t)lo | (uint64_t)hi << 32;
        if (escape8(w) != 0) {
            goto escaped;
        }
        memcpy(o, &lo, 4);
        memcpy(o + n - 4, &hi, 4);
    } else {
        for (; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c < 0x20 || c == '"' || c == '\\') {
                goto escaped;
            }
            o[i] = (char)c;
        }
    }
    o[n] = '"';
    b->len += n + 2;
    return;
escaped:
    b->len += 1 + i;
    put_escaped(b, s + i, n - i);
    QXP_BUF_LIT(b, "\"");
    (void)room(b, 0);
}

static void put_str(qxp_buf *b, const char *s) {
    if (s == NULL) {
        put_raw(b, "null", 4);
        return;
    }
    put_strn(b, s, strlen(s));
}

/* A caller's string (an id): cleaned so the output stays valid JSON (an id that cleaning
 * leaves as it is, "bbc-0001", goes straight in). */
static void put_user_str(qxp_buf *b, const char *s) {
    if (s == NULL) {
        put_raw(b, "null", 4);
        return;
    }
    size_t n = strlen(s);
    if (qxp_text_is_clean(s, n)) {
        put_strn(b, s, n);
        return;
    }
    qxp_buf tmp = {NULL, 0, 0, false};
    qxp_text_clean(&tmp, s, n);
    if (tmp.failed) {
        b->failed = true;
    } else {
        put_strn(b, tmp.data ? tmp.data : "", tmp.len);
    }
    qxp_buf_free(&tmp);
}

/* An offset in the unit jf asks for: bytes need no conversion (nor do the characters of an
 * ASCII text), so qx_doc_offset is called only when there is one. */
static inline void put_off(qxp_buf *b, const qx_doc *d, size_t off, unsigned jf) {
    if ((jf & (QX_JSON_CODEPOINTS | QX_JSON_UTF16)) && !d->ascii) {
        off = qx_doc_offset(d, off, jf);
    } else if (off > d->len) {
        off = d->len;
    }
    put_uint(b, off);
}

static void put_mention(qxp_buf *b, const qx_doc *d, const qx_mention *m, const char *lemma,
                        bool with_lemma, unsigned jf) {
    if (m->text == NULL) {
        put_raw(b, "null", 4); /* checked: a run of them in a speaker's list has no other step */
        return;
    }
    LIT(b, "{\"start\":");
    put_off(b, d, m->span.start, jf);
    LIT(b, ",\"end\":");
    put_off(b, d, m->span.end, jf);
    LIT(b, ",\"text\":");
    put_str(b, m->text);
    if (with_lemma) {
        LIT(b, ",\"lemma\":");
        put_str(b, lemma);
    }
    LIT(b, "}");
}

/* The names of qx_kind_name, qx_via_name and the quote flags as JSON strings with their
 * lengths, copied whole instead of scanned for escapes (they have none) by put_str. */
typedef struct json_name {
    const char *json;
    size_t len;
} json_name;
#define JSON_NAME(s) {"\"" s "\"", sizeof(s) + 1}
static const json_name kind_json[] = {JSON_NAME("direct"), JSON_NAME("indirect"),
                                      JSON_NAME("mixed"), JSON_NAME("block"), JSON_NAME("term")};
static const json_name via_json[] = {JSON_NAME("none"),  JSON_NAME("name"),    JSON_NAME("title"),
                                     JSON_NAME("role"),  JSON_NAME("pronoun"), JSON_NAME("carry")};

static void put_name(qxp_buf *b, const json_name *names, size_t n_names, unsigned i) {
    if (i < n_names) {
        put_raw(b, names[i].json, names[i].len);
    } else {
        put_raw(b, "null", 4);
    }
}

static const struct {
    unsigned bit;
    json_name name;
} flag_names[] = {{QX_QF_UNCLOSED, JSON_NAME("unclosed")},
                  {QX_QF_MISMATCH, JSON_NAME("mismatch")},
                  {QX_QF_MULTIPARA, JSON_NAME("multi_paragraph")},
                  {QX_QF_NESTED, JSON_NAME("nested")},
                  {QX_QF_TRUNCATED, JSON_NAME("truncated")},
                  {QX_QF_SPLIT, JSON_NAME("split")}};

static void put_quote_fields(qxp_buf *b, const qx_doc *d, const qx_quote *q, unsigned jf) {
    if (!room(b, 0)) {
        return;
    }
    LIT(b, "\"start\":");
    put_off(b, d, q->span.start, jf);
    LIT(b, ",\"end\":");
    put_off(b, d, q->span.end, jf);
    LIT(b, ",\"segments\":[");
    for (size_t i = 0; i < q->n_segments; i++) {
        if (i) {
            LIT(b, ",");
        }
        LIT(b, "[");
        put_off(b, d, q->segments[i].start, jf);
        LIT(b, ",");
        put_off(b, d, q->segments[i].end, jf);
        LIT(b, "]");
    }
    LIT(b, "],\"text\":");
    put_str(b, q->text);
    LIT(b, ",\"speaker\":");
    put_str(b, q->speaker);
    LIT(b, ",\"speaker_mention\":");
    put_mention(b, d, &q->speaker_mention, NULL, false, jf);
    LIT(b, ",\"cue\":");
    put_mention(b, d, &q->cue, q->cue_lemma, true, jf);
    LIT(b, ",\"addressee\":");
    put_mention(b, d, &q->addressee, NULL, false, jf);
    LIT(b, ",\"kind\":");
    put_name(b, kind_json, sizeof kind_json / sizeof kind_json[0], (unsigned)q->kind);
    LIT(b, ",\"flags\":[");
    bool first = true;
    for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++) {
        if (q->flags & flag_names[i].bit) {
            if (!first) {
                LIT(b, ",");
            }
            put_raw(b, flag_names[i].name.json, flag_names[i].name.len);
            first = false;
        }
    }
    LIT(b, "],\"via\":");
    put_name(b, via_json, sizeof via_json / sizeof via_json[0], (unsigned)q->via);
    LIT(b, ",\"rule\":");
    put_str(b, q->rule);
    LIT(b, ",\"sentence\":");
    put_uint(b, q->sentence);
    LIT(b, ",\"paragraph\":");
    put_uint(b, q->paragraph);
    LIT(b, ",\"score\":");
    put_uint(b, (size_t)(q->score < 0 ? 0 : q->score));
}

static bool kind_wanted(unsigned jf, qx_kind k) {
    unsigned mask = jf & QX_JSON_ALL_KINDS;
    if (mask == 0) {
        mask = QX_JSON_KIND(QX_KIND_DIRECT) | QX_JSON_KIND(QX_KIND_INDIRECT) |
               QX_JSON_KIND(QX_KIND_MIXED);
    }
    return (mask & QX_JSON_KIND(k)) != 0;
}

static void put_head(qxp_buf *b, const char *key, const char *id, const char *extra) {
    if (!room(b, 0)) {
        return;
    }
    LIT(b, "{\"");
    put_raw(b, key, strlen(key));
    LIT(b, "\":");
    put_user_str(b, id);
    if (extra && *extra) {
        LIT(b, ",");
        put_raw(b, extra, strlen(extra));
    }
}

/* Where a streamed record goes (qx_doc_write_json); NULL when the record is built whole. */
typedef struct sink {
    qx_write_fn write;
    void *ctx;
    bool failed; /* write returned non-zero: nothing more is handed to it */
} sink;

/* Pieces handed to a sink: large enough that the callback's cost vanishes, small enough
 * that a record of any size is written in bounded memory (one quote's fields can still
 * exceed it: a 16 MiB quote is one piece). */
#define QXP_JSON_PIECE ((size_t)64 * 1024)

/* Hands the buffered bytes to the sink once there are QXP_JSON_PIECE of them (or any, when
 * `all`), and empties the buffer. Called between array elements only, so a piece boundary
 * never falls inside a value. A buffer whose append failed keeps its bytes: the caller
 * reports QX_ERR_NOMEM. */
static void flush(qxp_buf *b, sink *out, bool all) {
    if (out == NULL || b->failed || b->len == 0 || (!all && b->len < QXP_JSON_PIECE)) {
        return;
    }
    if (!out->failed && out->write(out->ctx, b->data, b->len) != 0) {
        out->failed = true;
    }
    b->len = 0;
    b->data[0] = '\0';
}

static void put_sentences(qxp_buf *b, const qx_doc *d, unsigned jf, sink *out) {
    LIT(b, ",\"sentences\":[");
    qxp_buf tmp = {NULL, 0, 0, false};
    for (size_t i = 0; i < d->sents.n_sents; i++) {
        const qx_span *s = &d->sents.sents[i];
        flush(b, out, false);
        if (i) {
            LIT(b, ",");
        }
        LIT(b, "{\"start\":");
        put_off(b, d, s->start, jf);
        LIT(b, ",\"end\":");
        put_off(b, d, s->end, jf);
        LIT(b, ",\"text\":");
        if (qxp_text_clean_json(b, d->text + s->start, s->end - s->start)) {
            put_raw(b, "}", 1); /* the text's room was its own: no slack */
            continue;
        }
        tmp.len = 0; /* reused: an empty result must not show the previous sentence */
        if (tmp.data != NULL) {
            tmp.data[0] = '\0';
        }
        qxp_text_clean(&tmp, d->text + s->start, s->end - s->start);
        if (tmp.failed) {
            b->failed = true;
            break;
        }
        put_strn(b, tmp.data ? tmp.data : "", tmp.len);
        LIT(b, "}");
    }
    qxp_buf_free(&tmp);
    put_raw(b, "]", 1);
}

static void put_speakers(qxp_buf *b, const qx_doc *d, unsigned jf, sink *out) {
    LIT(b, ",\"speakers\":[");
    for (size_t i = 0; i < d->n_speakers; i++) {
        const qx_speaker *s = &d->speakers[i];
        flush(b, out, false);
        if (i) {
            LIT(b, ",");
        }
        LIT(b, "{\"name\":");
        put_str(b, s->name);
        if (s->gender == 'm') {
            LIT(b, ",\"gender\":\"m\",\"quotes\":");
        } else if (s->gender == 'f') {
            LIT(b, ",\"gender\":\"f\",\"quotes\":");
        } else {
            LIT(b, ",\"gender\":null,\"quotes\":");
        }
        put_uint(b, s->n_quotes);
        LIT(b, ",\"titles\":[");
        for (size_t t = 0; t < s->n_titles; t++) {
            if (t) {
                LIT(b, ",");
            }
            put_str(b, s->titles[t]);
        }
        LIT(b, "],\"mentions\":[");
        for (size_t m = 0; m < s->n_mentions; m++) {
            if (m) {
                LIT(b, ",");
            }
            put_mention(b, d, &s->mentions[m], NULL, false, jf);
        }
        LIT(b, "]}");
    }
    LIT(b, "]");
}

static char *finish(qxp_buf *b, unsigned jf) {
    if (b->failed) {
        qxp_buf_free(b);
        return NULL;
    }
    if (!(jf & QX_JSON_PRETTY) || (jf & QX_JSON_FLAT)) {
        if (b->data == NULL) {
            qxp_buf_append(b, "", 0);
        }
        return b->failed ? NULL : b->data;
    }
    json_error_t jerr;
    json_t *j = json_loadb(b->data, b->len, 0, &jerr);
    qxp_buf_free(b);
    if (j == NULL) {
        return NULL;
    }
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (s == NULL) {
        return NULL;
    }
    /* hand out memory that qx_free() can release */
    size_t n = strlen(s);
    char *r = qxp_malloc(n + 1);
    if (r) {
        memcpy(r, s, n + 1);
    }
    free(s);
    return r;
}

/* The record of d into b, handed to `out` piece by piece when out is not NULL (the bytes are
 * the same either way). */
static void render(qxp_buf *b, const qx_doc *d, const char *doc_id, const char *extra,
                   unsigned jf, sink *out) {
    /* a BBC record is about 1.2 KB per quote and 30 bytes per sentence: reserve that much
     * (a streamed record needs one piece and the largest value at most) */
    size_t want = 256 + d->n_quotes * 1536 + d->n_speakers * 256 +
                  ((jf & QX_JSON_SENTENCES) ? d->len + d->sents.n_sents * 48 : 0);
    qxp_buf_reserve(b, out && want > 2 * QXP_JSON_PIECE ? 2 * QXP_JSON_PIECE : want);
    if (jf & QX_JSON_SENTENCES) {
        put_head(b, "id", doc_id, extra);
        put_sentences(b, d, jf, out);
        LIT(b, "}");
        end_record(b);
        return;
    }
    if (jf & QX_JSON_FLAT) {
        for (size_t i = 0; i < d->n_quotes && !(out && out->failed); i++) {
            const qx_quote *q = &d->quotes[i];
            if (!kind_wanted(jf, q->kind)) {
                continue;
            }
            flush(b, out, false);
            put_head(b, "doc", doc_id, extra);
            LIT(b, ",");
            put_quote_fields(b, d, q, jf);
            LIT(b, "}\n");
        }
        end_record(b);
        return;
    }
    put_head(b, "id", doc_id, extra);
    LIT(b, ",\"quotes\":[");
    bool first = true;
    for (size_t i = 0; i < d->n_quotes && !(out && out->failed); i++) {
        const qx_quote *q = &d->quotes[i];
        if (!kind_wanted(jf, q->kind)) {
            continue;
        }
        flush(b, out, false);
        if (!first) {
            LIT(b, ",");
        }
        LIT(b, "{");
        first = false;
        put_quote_fields(b, d, q, jf);
        LIT(b, "}");
    }
    LIT(b, "]");
    put_speakers(b, d, jf, out);
    LIT(b, ",\"warnings\":[");
    for (size_t i = 0; i < d->n_warnings; i++) {
        flush(b, out, false);
        if (i) {
            LIT(b, ",");
        }
        LIT(b, "{\"offset\":");
        put_off(b, d, d->warnings[i].offset, jf);
        LIT(b, ",\"text\":");
        put_str(b, d->warnings[i].text);
        LIT(b, "}");
    }
    LIT(b, "]}");
    end_record(b);
}

char *qxp_doc_to_json_len(const qx_doc *d, const char *doc_id, const char *extra, unsigned jf,
                          size_t *len) {
    *len = 0;
    if (d == NULL) {
        return NULL;
    }
    qxp_buf b = {NULL, 0, 0, false};
    render(&b, d, doc_id, extra, jf, NULL);
    bool compact = !(jf & QX_JSON_PRETTY) || (jf & QX_JSON_FLAT);
    size_t n = b.len;
    char *s = finish(&b, jf);
    if (s != NULL) {
        *len = compact ? n : strlen(s);
    }
    return s;
}

char *qx_doc_to_json(const qx_doc *d, const char *doc_id, const char *extra, unsigned jf) {
    size_t len;
    return qxp_doc_to_json_len(d, doc_id, extra, jf, &len);
}

qx_status qx_doc_write_json(const qx_doc *d, const char *doc_id, const char *extra,
                            unsigned jf, qx_write_fn write, void *ctx) {
    if (d == NULL || write == NULL) {
        return QX_ERR_INVALID_ARG;
    }
    sink out = {write, ctx, false};
    if ((jf & QX_JSON_PRETTY) && !(jf & QX_JSON_FLAT)) {
        /* re-indented by Jansson from the whole compact text: no pieces to stream */
        char *s = qx_doc_to_json(d, doc_id, extra, jf);
        if (s == NULL) {
            return QX_ERR_NOMEM;
        }
        int rc = *s ? write(ctx, s, strlen(s)) : 0;
        qx_free(s);
        return rc ? QX_ERR_IO : QX_OK;
    }
    qxp_buf b = {NULL, 0, 0, false};
    render(&b, d, doc_id, extra, jf, &out);
    bool oom = b.failed;
    flush(&b, &out, true);
    qxp_buf_free(&b);
    return out.failed ? QX_ERR_IO : oom ? QX_ERR_NOMEM : QX_OK;
}
