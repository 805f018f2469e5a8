/*
 * json.c - a document -> its JSON record (see README.md "Output" for every field).
 *
 * The compact form is written directly into a byte buffer: strings reaching here are already
 * clean UTF-8 (qxp_text_clean), so escaping only has to handle '"', '\\' and control
 * characters. Keys are always present and always in the same order; absent values are null.
 * The pretty form re-reads the compact text with Jansson and indents it.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "text.h"

static void put(qxp_buf *b, const char *s) {
    qxp_buf_add(b, s, strlen(s));
}

static void put_uint(qxp_buf *b, size_t v) {
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    qxp_buf_add(b, tmp + i, sizeof tmp - i);
}

/* Offset of the first byte of s[0..n) that JSON must escape (" \ or a control byte below
 * 0x20), or n. 8 bytes at a time: a byte below 0x20 sets its top bit in (w - 0x20..) & ~w,
 * a byte equal to c leaves a zero in w ^ c.. (the lowest flagged byte is exact, as a borrow
 * only flags bytes above a true match; no jump to it needs the byte order: the word is then
 * rescanned byte by byte). Measured with put_str's other changes below on the first 200 BBC
 * lines: put_str 2.2M -> 1.2M instructions. */
static size_t escape_at(const char *s, size_t n) {
    size_t i = 0;
    while (n - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if ((((w - QXP_REP8(0x20)) & ~w & QXP_REP8(0x80)) | qxp_zero_bytes(w ^ QXP_REP8('"')) |
             qxp_zero_bytes(w ^ QXP_REP8('\\'))) != 0) {
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

/* s must be valid UTF-8 (every library string is). Runs without escapes are appended whole. */
static void put_str(qxp_buf *b, const char *s) {
    if (s == NULL) {
        QXP_BUF_LIT(b, "null");
        return;
    }
    size_t n = strlen(s);
    qxp_buf_reserve(b, n + 2);
    QXP_BUF_LIT(b, "\"");
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
    QXP_BUF_LIT(b, "\"");
}

/* A caller's string (an id): cleaned so the output stays valid JSON. */
static void put_user_str(qxp_buf *b, const char *s) {
    if (s == NULL) {
        QXP_BUF_LIT(b, "null");
        return;
    }
    qxp_buf tmp = {NULL, 0, 0, false};
    qxp_text_clean(&tmp, s, strlen(s));
    if (tmp.failed) {
        b->failed = true;
    } else {
        put_str(b, tmp.data ? tmp.data : "");
    }
    qxp_buf_free(&tmp);
}

static void put_off(qxp_buf *b, const qx_doc *d, size_t off, unsigned jf) {
    put_uint(b, qx_doc_offset(d, off, jf));
}

static void put_mention(qxp_buf *b, const qx_doc *d, const qx_mention *m, const char *lemma,
                        bool with_lemma, unsigned jf) {
    if (m->text == NULL) {
        QXP_BUF_LIT(b, "null");
        return;
    }
    QXP_BUF_LIT(b, "{\"start\":");
    put_off(b, d, m->span.start, jf);
    QXP_BUF_LIT(b, ",\"end\":");
    put_off(b, d, m->span.end, jf);
    QXP_BUF_LIT(b, ",\"text\":");
    put_str(b, m->text);
    if (with_lemma) {
        QXP_BUF_LIT(b, ",\"lemma\":");
        put_str(b, lemma);
    }
    qxp_buf_putc(b, '}');
}

static const struct {
    unsigned bit;
    const char *name;
} flag_names[] = {{QX_QF_UNCLOSED, "unclosed"},   {QX_QF_MISMATCH, "mismatch"},
                  {QX_QF_MULTIPARA, "multi_paragraph"}, {QX_QF_NESTED, "nested"},
                  {QX_QF_TRUNCATED, "truncated"}, {QX_QF_SPLIT, "split"}};

static void put_quote_fields(qxp_buf *b, const qx_doc *d, const qx_quote *q, unsigned jf) {
    QXP_BUF_LIT(b, "\"start\":");
    put_off(b, d, q->span.start, jf);
    QXP_BUF_LIT(b, ",\"end\":");
    put_off(b, d, q->span.end, jf);
    QXP_BUF_LIT(b, ",\"segments\":[");
    for (size_t i = 0; i < q->n_segments; i++) {
        put(b, i ? ",[" : "[");
        put_off(b, d, q->segments[i].start, jf);
        qxp_buf_putc(b, ',');
        put_off(b, d, q->segments[i].end, jf);
        qxp_buf_putc(b, ']');
    }
    QXP_BUF_LIT(b, "],\"text\":");
    put_str(b, q->text);
    QXP_BUF_LIT(b, ",\"speaker\":");
    put_str(b, q->speaker);
    QXP_BUF_LIT(b, ",\"speaker_mention\":");
    put_mention(b, d, &q->speaker_mention, NULL, false, jf);
    QXP_BUF_LIT(b, ",\"cue\":");
    put_mention(b, d, &q->cue, q->cue_lemma, true, jf);
    QXP_BUF_LIT(b, ",\"addressee\":");
    put_mention(b, d, &q->addressee, NULL, false, jf);
    QXP_BUF_LIT(b, ",\"kind\":");
    put_str(b, qx_kind_name(q->kind));
    QXP_BUF_LIT(b, ",\"flags\":[");
    bool first = true;
    for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++) {
        if (q->flags & flag_names[i].bit) {
            if (!first) {
                qxp_buf_putc(b, ',');
            }
            put_str(b, flag_names[i].name);
            first = false;
        }
    }
    QXP_BUF_LIT(b, "],\"via\":");
    put_str(b, qx_via_name(q->via));
    QXP_BUF_LIT(b, ",\"rule\":");
    put_str(b, q->rule);
    QXP_BUF_LIT(b, ",\"sentence\":");
    put_uint(b, q->sentence);
    QXP_BUF_LIT(b, ",\"paragraph\":");
    put_uint(b, q->paragraph);
    QXP_BUF_LIT(b, ",\"score\":");
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
    qxp_buf_putc(b, '{');
    qxp_buf_putc(b, '"');
    put(b, key);
    QXP_BUF_LIT(b, "\":");
    put_user_str(b, id);
    if (extra && *extra) {
        qxp_buf_putc(b, ',');
        put(b, extra);
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
    QXP_BUF_LIT(b, ",\"sentences\":[");
    qxp_buf tmp = {NULL, 0, 0, false};
    for (size_t i = 0; i < d->sents.n_sents; i++) {
        const qx_span *s = &d->sents.sents[i];
        flush(b, out, false);
        put(b, i ? ",{\"start\":" : "{\"start\":");
        put_off(b, d, s->start, jf);
        QXP_BUF_LIT(b, ",\"end\":");
        put_off(b, d, s->end, jf);
        QXP_BUF_LIT(b, ",\"text\":");
        if (qxp_text_clean_json(b, d->text + s->start, s->end - s->start)) {
            qxp_buf_putc(b, '}');
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
        put_str(b, tmp.data ? tmp.data : "");
        qxp_buf_putc(b, '}');
    }
    qxp_buf_free(&tmp);
    qxp_buf_putc(b, ']');
}

static void put_speakers(qxp_buf *b, const qx_doc *d, unsigned jf, sink *out) {
    QXP_BUF_LIT(b, ",\"speakers\":[");
    for (size_t i = 0; i < d->n_speakers; i++) {
        const qx_speaker *s = &d->speakers[i];
        flush(b, out, false);
        put(b, i ? ",{\"name\":" : "{\"name\":");
        put_str(b, s->name);
        QXP_BUF_LIT(b, ",\"gender\":");
        put(b, s->gender == 'm' ? "\"m\"" : s->gender == 'f' ? "\"f\"" : "null");
        QXP_BUF_LIT(b, ",\"quotes\":");
        put_uint(b, s->n_quotes);
        QXP_BUF_LIT(b, ",\"titles\":[");
        for (size_t t = 0; t < s->n_titles; t++) {
            if (t) {
                qxp_buf_putc(b, ',');
            }
            put_str(b, s->titles[t]);
        }
        QXP_BUF_LIT(b, "],\"mentions\":[");
        for (size_t m = 0; m < s->n_mentions; m++) {
            if (m) {
                qxp_buf_putc(b, ',');
            }
            put_mention(b, d, &s->mentions[m], NULL, false, jf);
        }
        QXP_BUF_LIT(b, "]}");
    }
    qxp_buf_putc(b, ']');
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
        qxp_buf_putc(b, '}');
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
            qxp_buf_putc(b, ',');
            put_quote_fields(b, d, q, jf);
            QXP_BUF_LIT(b, "}\n");
        }
        return;
    }
    put_head(b, "id", doc_id, extra);
    QXP_BUF_LIT(b, ",\"quotes\":[");
    bool first = true;
    for (size_t i = 0; i < d->n_quotes && !(out && out->failed); i++) {
        const qx_quote *q = &d->quotes[i];
        if (!kind_wanted(jf, q->kind)) {
            continue;
        }
        flush(b, out, false);
        put(b, first ? "{" : ",{");
        first = false;
        put_quote_fields(b, d, q, jf);
        qxp_buf_putc(b, '}');
    }
    qxp_buf_putc(b, ']');
    put_speakers(b, d, jf, out);
    QXP_BUF_LIT(b, ",\"warnings\":[");
    for (size_t i = 0; i < d->n_warnings; i++) {
        flush(b, out, false);
        put(b, i ? ",{\"offset\":" : "{\"offset\":");
        put_off(b, d, d->warnings[i].offset, jf);
        QXP_BUF_LIT(b, ",\"text\":");
        put_str(b, d->warnings[i].text);
        qxp_buf_putc(b, '}');
    }
    QXP_BUF_LIT(b, "]}");
}

char *qx_doc_to_json(const qx_doc *d, const char *doc_id, const char *extra, unsigned jf) {
    if (d == NULL) {
        return NULL;
    }
    qxp_buf b = {NULL, 0, 0, false};
    render(&b, d, doc_id, extra, jf, NULL);
    return finish(&b, jf);
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
