/*
 * jsonl.h - the CLI's fast path for JSONL input lines (see jsonl.c).
 */
#ifndef QXB_JSONL_H
#define QXB_JSONL_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { QXB_ID_NONE, QXB_ID_STRING, QXB_ID_NUMBER, QXB_ID_NULL, QXB_ID_OTHER } qxb_id_kind;

typedef struct qxb_jsonl_line {
    bool has_text, text_is_string, text_escaped;
    /* the string's decoded text is ASCII (no byte from 0x80 up, no \u escape of one); a
     * string the scan accepts always decodes to valid UTF-8 */
    bool text_ascii;
    size_t text_start, text_end; /* inside the quotes, still escaped */
    qxb_id_kind id_kind;
    bool id_escaped;
    size_t id_start, id_end; /* the raw value, quotes included for strings */
} qxb_jsonl_line;

/* True when s[0..n) is one valid JSON object (and nothing else but white space) that the
 * fast path can handle; *out then locates its last top-level "id" and "text". False means
 * "use the full parser", not necessarily "malformed". */
bool qxb_jsonl_scan(const char *s, size_t n, qxb_jsonl_line *out);

/* Decodes the escapes of a string body validated by qxb_jsonl_scan. Returns a malloc'd
 * NUL-terminated copy (its length in *len), or NULL when out of memory. */
char *qxb_jsonl_unescape(const char *s, size_t n, size_t *len);
/* The same decoding into o, which may be s itself (decoded in place: a JSONL line's text
 * then needs no second buffer the size of the article); writes o[len] = NUL and returns
 * len (<= n). */
size_t qxb_jsonl_unescape_to(const char *s, size_t n, char *o);

#endif
