/*
 * text.h - UTF-8 decoding and character classes shared by the scanners.
 *
 * Scanners test bytes through qxp_byte_class and decode UTF-8 only at non-ASCII bytes. An
 * invalid sequence decodes as QXP_BAD (its maximal invalid subpart is skipped as one unit),
 * which every class predicate treats as a non-letter, non-space symbol.
 */
#ifndef QXP_TEXT_H
#define QXP_TEXT_H

#include "internal.h"

#define QXP_BAD ((int32_t)-1)

/* Byte classes (ASCII only; bytes >= 0x80 have QXP_BC_HIGH). */
enum {
    QXP_BC_SPACE = 1u << 0,  /* space, tab, VT, FF */
    QXP_BC_NL = 1u << 1,     /* LF, CR */
    QXP_BC_UPPER = 1u << 2,  /* A-Z */
    QXP_BC_LOWER = 1u << 3,  /* a-z */
    QXP_BC_DIGIT = 1u << 4,  /* 0-9 */
    QXP_BC_QUOTE = 1u << 5,  /* " ' ` */
    QXP_BC_STOP = 1u << 6,   /* . ! ? */
    QXP_BC_HIGH = 1u << 7    /* 0x80-0xFF: decode */
};
QXP_PRIVATE extern const uint8_t qxp_byte_class[256];

/* qxp_utf8_decode for what its inline part leaves: leads E0, ED and F0-F4, bad bytes, and
 * sequences cut by the end of s. */
QXP_PRIVATE int32_t qxp_utf8_decode_slow(const char *s, size_t n, size_t *len);

/* Decodes the character at s[0..n) (n >= 1). Returns the code point, or QXP_BAD for an
 * invalid sequence; *len receives the bytes consumed (>= 1). Inline for ASCII and for the
 * two- and three-byte characters whose second byte may be any continuation byte (leads C2-DF,
 * E1-EC, EE-EF: accents, “ ” ‘ ’ – — …), which curly text brings at every quote mark and
 * apostrophe: the call and the general checks took 0.6% of perf's samples on 8 copies of the
 * curly BBC corpus (qxp_utf8_decode), none now (tests/test_sentence.c holds the two to the
 * same answers on every lead and second byte). */
static inline int32_t qxp_utf8_decode(const char *s, size_t n, size_t *len) {
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[0];
    if (c < 0x80) {
        *len = 1;
        return (int32_t)c;
    }
    if (c >= 0xE1 && c <= 0xEF && c != 0xED && n >= 3 && (u[1] & 0xC0) == 0x80 &&
        (u[2] & 0xC0) == 0x80) {
        *len = 3;
        return (int32_t)((c & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu));
    }
    if (c >= 0xC2 && c <= 0xDF && n >= 2 && (u[1] & 0xC0) == 0x80) {
        *len = 2;
        return (int32_t)((c & 0x1Fu) << 6 | (u[1] & 0x3Fu));
    }
    return qxp_utf8_decode_slow(s, n, len);
}
/* The third byte of the bytes E2 80 xx at s[i] (before n), -1 when they are not there: the
 * characters U+2000 to U+203F when valid, the first row of General Punctuation (spaces,
 * the dashes – —, the quotation marks “ ” ‘ ’, …, the line and paragraph separators). The
 * scanners pass the common ones of curly text by this byte, without decoding: the
 * tokenizer U+2010 to U+201F (token.c dash_or_quote_mark), the splitter U+2000 to U+201F
 * and its paragraph scan U+2000 to U+2027 (sentence.c). */
static inline int qxp_e280_at(const char *s, size_t n, size_t i) {
    const unsigned char *u = (const unsigned char *)s;
    return n - i >= 3 && u[i] == 0xE2 && u[i + 1] == 0x80 ? u[i + 2] : -1;
}
/* Decodes the character that ends at s[end) looking back no further than s[0]; *start gets
 * its first byte. Returns QXP_BAD for invalid bytes (then *start = end - 1). */
QXP_PRIVATE int32_t qxp_utf8_decode_back(const char *s, size_t end, size_t *start);
/* Length of the ASCII prefix of s[0..n): the offset of the first byte >= 0x80, or n. 16
 * bytes a step (the UTF-8 check, qx_extract's test for a text that needs no offset index). */
QXP_PRIVATE size_t qxp_ascii_prefix(const char *s, size_t n);
/* Offset of the first invalid UTF-8 byte in s[0..n), or n when all is valid. */
QXP_PRIVATE size_t qxp_utf8_invalid(const char *s, size_t n);

QXP_PRIVATE bool qxp_is_letter(int32_t cp);
QXP_PRIVATE bool qxp_is_upper(int32_t cp); /* uppercase or titlecase letter */
QXP_PRIVATE bool qxp_is_lower(int32_t cp);
QXP_PRIVATE bool qxp_is_digit(int32_t cp);
QXP_PRIVATE bool qxp_is_space(int32_t cp);   /* any Unicode space, incl. NBSP; not newlines */
QXP_PRIVATE bool qxp_is_newline(int32_t cp); /* LF, CR, NEL, U+2028, U+2029 */
/* What cleaned text (qxp_text_clean) folds into a single space: white space, line breaks,
 * C0 controls and DEL; false for QXP_BAD. */
QXP_PRIVATE bool qxp_folds_to_space(int32_t cp);
QXP_PRIVATE bool qxp_is_punct(int32_t cp);   /* Unicode P* categories */
/* Apostrophe-like or quote characters: ' ’ ‘ ` ´ ʼ */
QXP_PRIVATE bool qxp_is_apostrophe(int32_t cp);
/* Dashes: - – — ― */
QXP_PRIVATE bool qxp_is_dash(int32_t cp);

/* Appends s[0..n) to b as clean text for output: invalid UTF-8 becomes U+FFFD, NUL and C0
 * controls other than tab become spaces, runs of white space (incl. newlines) fold to one
 * space, and the result is NFC. Leading and trailing white space are dropped. */
QXP_PRIVATE void qxp_text_clean(qxp_buf *b, const char *s, size_t n);
/* True when s[0..n) is already in qxp_text_clean's form and printable ASCII: words of
 * bytes 0x21..0x7E with single spaces between ("Jane Smith", "said", "a spokesman"), so
 * that cleaning would copy it unchanged. False for the empty string. */
QXP_PRIVATE bool qxp_text_is_clean(const char *s, size_t n);
/* qxp_text_clean and JSON string escaping in one pass, for the sentence texts of
 * --sentences: appends the quoted, escaped, folded text of s[0..n) to b and returns true,
 * or appends nothing and returns false when the span needs the general path (invalid UTF-8,
 * or a character outside the ranges known to be NFC-stable). On OOM b->failed is set and the
 * return is true. Measured with callgrind on the first 1 MB of the BBC JSONL corpus
 * (--sentences --jsonl, whole process): 52.7M -> 49.6M instructions, output unchanged. */
QXP_PRIVATE bool qxp_text_clean_json(qxp_buf *b, const char *s, size_t n);
/* The same into a NUL-ended arena string; NULL on OOM. */
QXP_PRIVATE char *qxp_text_clean_dup(qxp_arena *a, const char *s, size_t n);

#endif /* QXP_TEXT_H */
