/*
 * jsonl.c - the fast path for JSONL input lines: one pass that validates a line as a JSON
 * object (RFC 8259: strict grammar, valid UTF-8, no control characters in strings, nesting
 * bounded) and finds its top-level "id" and "text" members without building a tree.
 *
 * Profile (callgrind, 300 BBC articles): Jansson's json_loadb took 30% of all instructions,
 * more than extraction itself. This scanner touches each byte once and decodes "text" only
 * when it holds escapes. It never decides an error on its own: any line it does not accept
 * (malformed, or merely unusual: escaped top-level keys, non-canonical numbers as ids,
 * nesting deeper than QXB_MAX_DEPTH) goes down the Jansson path, which rejects every
 * malformed line with its usual message, so both paths give byte-identical output.
 * Linear time, no allocation except for decoding an escaped "text".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h" /* QXP_REP8, QXP_FIRST_FLAGGED, qxp_json_special8 */
#include "jsonl.h"

#define QXB_MAX_DEPTH 512 /* deeper lines take the Jansson path */

static size_t skip_ws(const char *s, size_t n, size_t i) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) {
        i++;
    }
    return i;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static long hex4(const char *s) {
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(s[k]);
        if (h < 0) {
            return -1;
        }
        v = v * 16 + h;
    }
    return v;
}

/* The top bit of each of the 8 bytes at p that needs a look of its own in a JSON string
 * (qxp_json_special8: '"', '\\', control and non-ASCII bytes). Plain 8-byte blocks are
 * skipped at once: on the first 200 BBC lines scan_string went from 5.07M to ~1.5M
 * instructions. */
static uint64_t special8(const unsigned char *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return qxp_json_special8(w);
}

/* The index of the first byte at or after u[i] that special8 flags; when there is none in
 * whole words, the index of the last 1 to 7 bytes (or n), which scan_string's byte loop
 * checks. Sixteen bytes per step, and the flagged byte found from the mask (little-endian GCC and
 * Clang; elsewhere the byte loop of scan_string finds it), where a word holding one used to
 * be left to the byte loop byte by byte, each plain byte testing its word again ("Mr Smith
 * said:\n" cost 7 word tests). Measured on the first 200 BBC lines, with special8's shorter
 * test and the escape letters tested without strchr: scan_string 1.71M -> 0.97M
 * instructions. */
static size_t skip_plain(const unsigned char *u, size_t n, size_t i) {
    for (; n - i >= 16; i += 16) {
        uint64_t m0 = special8(u + i), m1 = special8(u + i + 8);
        if ((m0 | m1) != 0) {
#ifdef QXP_FIRST_FLAGGED
            return i + (m0 ? QXP_FIRST_FLAGGED(m0) : 8 + QXP_FIRST_FLAGGED(m1));
#else
            return m0 ? i : i + 8;
#endif
        }
    }
    if (n - i >= 8) {
        uint64_t m = special8(u + i);
        if (m != 0) {
#ifdef QXP_FIRST_FLAGGED
            return i + QXP_FIRST_FLAGGED(m);
#else
            return i;
#endif
        }
        i += 8;
    }
    return i;
}

/* Validates the string whose opening quote is at s[i]; returns the index after the closing
 * quote, or 0 when invalid. *esc is set when it holds a backslash, *high when its decoded
 * text holds a byte from 0x80 up (a UTF-8 character, or a \u escape of one). */
static size_t scan_string(const char *s, size_t n, size_t i, bool *esc, bool *high) {
    const unsigned char *u = (const unsigned char *)s;
    *esc = false;
    *high = false;
    i++;
    while (i < n) {
        i = skip_plain(u, n, i);
        if (i >= n) {
            break;
        }
        unsigned char c = u[i];
        if (c == '"') {
            return i + 1;
        }
        if (c < 0x20) {
            return 0;
        }
        if (c == '\\') {
            *esc = true;
            if (i + 1 >= n) {
                return 0;
            }
            char e = s[i + 1];
            if (e == 'u') {
                if (i + 6 > n) {
                    return 0;
                }
                long v = hex4(s + i + 2);
                if (v < 0) {
                    return 0;
                }
                *high = *high || v >= 0x80;
                if (v >= 0xD800 && v <= 0xDBFF) {
                    /* a high surrogate needs its low half right after */
                    if (i + 12 > n || s[i + 6] != '\\' || s[i + 7] != 'u') {
                        return 0;
                    }
                    long lo = hex4(s + i + 8);
                    if (lo < 0xDC00 || lo > 0xDFFF) {
                        return 0;
                    }
                    i += 12;
                } else if (v >= 0xDC00 && v <= 0xDFFF) {
                    return 0;
                } else {
                    i += 6;
                }
                continue;
            }
            if (!(e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' ||
                  e == 'r' || e == 't')) {
                return 0;
            }
            i += 2;
            continue;
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        /* UTF-8: shortest form, no surrogates, at most U+10FFFF */
        *high = true;
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return 0;
        }
        if (i + need >= n) {
            return 0;
        }
        if (u[i + 1] < lo || u[i + 1] > hi) {
            return 0;
        }
        for (size_t k = 2; k <= need; k++) {
            if ((u[i + k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        i += need + 1;
    }
    return 0;
}

/* The index after the run of digits at s[i] (i itself when there is none). */
static size_t skip_digits(const char *s, size_t n, size_t i) {
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        i++;
    }
    return i;
}

/* Validates a number at s[i]; returns the index after it, or 0. */
static size_t scan_number(const char *s, size_t n, size_t i) {
    if (i < n && s[i] == '-') {
        i++;
    }
    if (i >= n) {
        return 0;
    }
    if (s[i] == '0') {
        i++;
    } else if (s[i] >= '1' && s[i] <= '9') {
        i = skip_digits(s, n, i);
    } else {
        return 0;
    }
    if (i < n && s[i] == '.') {
        size_t d = i + 1;
        if ((i = skip_digits(s, n, d)) == d) {
            return 0; /* "1." */
        }
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            i++;
        }
        size_t d = i;
        if ((i = skip_digits(s, n, d)) == d) {
            return 0; /* "1e" */
        }
    }
    return i;
}

static size_t scan_literal(const char *s, size_t n, size_t i, const char *lit) {
    size_t l = strlen(lit);
    return i + l <= n && memcmp(s + i, lit, l) == 0 ? i + l : 0;
}

bool qxb_jsonl_scan(const char *s, size_t n, qxb_jsonl_line *out) {
    memset(out, 0, sizeof *out);
    unsigned char stack[QXB_MAX_DEPTH]; /* '{' or '[' */
    size_t depth = 0;
    size_t i = skip_ws(s, n, 0);
    if (i >= n || s[i] != '{') {
        return false;
    }
    /* state: expecting a value (after ':' or ',' in an array, or at the start) */
    enum { VALUE, KEY_OR_END, KEY, COMMA_OR_END, VALUE_OR_END } st = VALUE;
    int member = 0; /* at depth 1: 1 = "id", 2 = "text", 0 = other */
    while (i < n) {
        i = skip_ws(s, n, i);
        if (i >= n) {
            break;
        }
        char c = s[i];
        if (st == KEY_OR_END || st == KEY) {
            if (c == '}' && st == KEY_OR_END) {
                depth--;
                i++;
                st = COMMA_OR_END;
                goto after_value;
            }
            if (c != '"') {
                return false;
            }
            bool esc, high;
            size_t e = scan_string(s, n, i, &esc, &high);
            if (e == 0) {
                return false;
            }
            member = 0;
            if (depth == 1) {
                if (esc) {
                    return false; /* escaped top-level keys: leave them to Jansson */
                }
                if (e - i - 2 == 2 && memcmp(s + i + 1, "id", 2) == 0) {
                    member = 1;
                } else if (e - i - 2 == 4 && memcmp(s + i + 1, "text", 4) == 0) {
                    member = 2;
                }
            }
            i = skip_ws(s, n, e);
            if (i >= n || s[i] != ':') {
                return false;
            }
            i++;
            st = VALUE;
            continue;
        }
        if (st == COMMA_OR_END) {
            if (depth == 0) {
                return false; /* text after the top-level object */
            }
            if (c == ',') {
                i++;
                st = stack[depth - 1] == '{' ? KEY : VALUE;
                continue;
            }
            if ((c == '}' && stack[depth - 1] == '{') || (c == ']' && stack[depth - 1] == '[')) {
                depth--;
                i++;
                goto after_value;
            }
            return false;
        }
        /* VALUE or VALUE_OR_END */
        if (c == ']' && st == VALUE_OR_END) {
            depth--;
            i++;
            st = COMMA_OR_END;
            goto after_value;
        }
        {
            int mem = depth == 1 ? member : 0;
            size_t start = i;
            if (c == '{' || c == '[') {
                if (depth >= QXB_MAX_DEPTH) {
                    return false;
                }
                stack[depth++] = (unsigned char)c;
                i++;
                if (mem == 1) {
                    out->id_kind = QXB_ID_OTHER;
                } else if (mem == 2) {
                    out->has_text = true;
                    out->text_is_string = false;
                }
                st = c == '{' ? KEY_OR_END : VALUE_OR_END;
                continue;
            }
            size_t e;
            bool esc = false, high = false;
            if (c == '"') {
                e = scan_string(s, n, i, &esc, &high);
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                e = scan_number(s, n, i);
                /* long numbers and exponents may overflow Jansson's integers or doubles,
                 * which it reports as errors: leave them to it */
                if (e != 0 && (e - i > 15 || memchr(s + i, 'e', e - i) || memchr(s + i, 'E', e - i))) {
                    return false;
                }
            } else if (c == 't') {
                e = scan_literal(s, n, i, "true");
            } else if (c == 'f') {
                e = scan_literal(s, n, i, "false");
            } else if (c == 'n') {
                e = scan_literal(s, n, i, "null");
            } else {
                return false;
            }
            if (e == 0) {
                return false;
            }
            if (mem == 1) {
                out->id_start = start;
                out->id_end = e;
                out->id_escaped = esc;
                out->id_kind = c == '"'   ? QXB_ID_STRING
                               : c == 'n' ? QXB_ID_NULL
                               : (c == '-' || (c >= '0' && c <= '9')) ? QXB_ID_NUMBER
                                                                      : QXB_ID_OTHER;
            } else if (mem == 2) {
                out->has_text = true;
                out->text_is_string = c == '"';
                out->text_start = start + 1;
                out->text_end = e - 1;
                out->text_escaped = esc;
                out->text_ascii = !high;
            }
            i = e;
            st = COMMA_OR_END;
        }
    after_value:
        if (depth == 0) {
            i = skip_ws(s, n, i);
            return i == n; /* exactly one object on the line */
        }
    }
    return false;
}

/* Appends code point cp as UTF-8. */
static size_t put_utf8(char *o, unsigned long cp) {
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The character a one-letter JSON escape stands for, 0 for the others. */
static const char control_escape[128] = {
    ['b'] = '\b', ['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t'};

size_t qxb_jsonl_unescape_to(const char *s, size_t n, char *o) {
    size_t k = 0; /* k <= i throughout: no escape decodes to more bytes than it takes */
    for (size_t i = 0; i < n; i++) {
        /* the run up to the next backslash in one copy */
        const char *bs = memchr(s + i, '\\', n - i);
        size_t run = bs ? (size_t)(bs - (s + i)) : n - i;
        memmove(o + k, s + i, run);
        k += run;
        i += run;
        if (i >= n) {
            break;
        }
        unsigned char e = (unsigned char)s[++i];
        if (e == 'u') {
            unsigned long cp = (unsigned long)hex4(s + i + 1);
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned long lo = (unsigned long)hex4(s + i + 3);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
            k += put_utf8(o + k, cp);
        } else {
            /* \b \f \n \r \t, and " \ / as themselves */
            o[k++] = e < 128 && control_escape[e] ? control_escape[e] : (char)e;
        }
    }
    o[k] = '\0';
    return k;
}

char *qxb_jsonl_unescape(const char *s, size_t n, size_t *len) {
    char *o = malloc(n + 1); /* unescaping never lengthens */
    if (o == NULL) {
        return NULL;
    }
    *len = qxb_jsonl_unescape_to(s, n, o);
    return o;
}
