/*
 * token.c - the document's tokens (see token.h).
 *
 * Input: text, sentences, top-level quoted spans. Output: an array of tokens in text order.
 * Invariants: tokens never overlap and never contain white space; every token lies inside
 * the text. Complexity: linear in the text; one arena allocation (sized by a first count).
 */
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "token.h"

/* Decodes the character at i (ASCII fast path). */
static int32_t char_at(const char *s, size_t n, size_t i, size_t *len) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *len = 1;
        return c;
    }
    return qxp_utf8_decode(s + i, n - i, len);
}

/* A letter, digit or combining mark; ASCII from the class table, without the calls, as the
 * ASCII apostrophes in scan_rest's joiner test ("said." tested '.' and the space after it
 * through four calls): measured on the first 200 BBC lines, 68.69M -> 68.38M instructions. */
static inline bool is_word_char(int32_t cp) {
    if (cp >= 0 && cp < 0x80) {
        return (qxp_byte_class[cp] & (QXP_BC_UPPER | QXP_BC_LOWER | QXP_BC_DIGIT)) != 0;
    }
    return qxp_is_letter(cp) || qxp_is_digit(cp) || (cp >= 0x300 && cp < 0x370);
}

/* The lowercased ASCII prefix of a word, filled by scan_token as it goes, so that the
 * lexicon lookup neither reads nor folds the word again when the word (without a
 * possessive) is that prefix: "Smith", "said", "Boynton" of "Boynton’s". Measured on the
 * first 200 BBC lines: the lookup went from 168 to ~60 instructions a word. */
typedef struct fold_prefix {
    size_t end;    /* the prefix is s[i..end); end == i when the word starts non-ASCII */
    uint64_t key8; /* buf's first 8 bytes (zero past end), as the word table's slots hold */
    char buf[QXP_WORD_MAX + 8]; /* zero for 8 bytes past the prefix (qxp_whash_padded) */
} fold_prefix;

/* ASCII letters and digits: the lowercased byte (low 8 bits) and the byte's class
 * (qxp_byte_class, high 8 bits); 0 for every other byte. One load per byte in the word loop
 * of scan_token instead of a class lookup, a test and the case arithmetic: measured on the
 * first 200 BBC lines, qxp_tokenize 18.6M -> 17.6M instructions.
 * FOLD_MORE (low 8 bits 0) marks the bytes after which a word may go on past its ASCII
 * run (scan_token's joiners: ' - . ` and the thousands comma; non-ASCII bytes): after any
 * other byte (a space, "?", ")") the word ends with its run, which skips the general loop
 * for nearly every word.
 * FOLD_SKIP and FOLD_NL (low 8 bits 0) mark the ASCII white space that qxp_tokenize's loop
 * skips (space, tab, VT, FF and NUL; LF and CR also FOLD_NL), so that the loop classifies
 * each token's first byte with this one load, which scan_token reuses. */
#define FOLD_MORE 0x8000u
#define FOLD_DOT 0x4000u   /* with FOLD_MORE: '.' */
#define FOLD_COMMA 0x2000u /* with FOLD_MORE: ',' */
#define FOLD_SKIP 0x0100u
#define FOLD_NL 0x0200u
#define FOLD_ENT(b)                                                                              \
    (uint16_t)((b) >= 'A' && (b) <= 'Z'   ? ((b) + 32) | (QXP_BC_UPPER << 8)                    \
               : (b) >= 'a' && (b) <= 'z' ? (b) | (QXP_BC_LOWER << 8)                           \
               : (b) >= '0' && (b) <= '9' ? (b) | (QXP_BC_DIGIT << 8)                           \
               : (b) == '.'                ? FOLD_MORE | FOLD_DOT                                \
               : (b) == ','                ? FOLD_MORE | FOLD_COMMA                              \
               : (b) == '\'' || (b) == '-' || (b) == '`' || (b) >= 0x80 ? FOLD_MORE               \
               : (b) == '\n' || (b) == '\r' ? FOLD_SKIP | FOLD_NL                                \
               : (b) == ' ' || (b) == '\t' || (b) == 0x0B || (b) == 0x0C || (b) == 0 ? FOLD_SKIP   \
                                                                                 : 0)
static const uint16_t fold_tab[256] = QXP_TABLE256(FOLD_ENT);
#undef FOLD_ENT

/* The ASCII run of letters and digits s[i..j) (j <= lim, the text's end n or QXP_WORD_MAX
 * bytes on), lowercased into buf[0..j - i) (bytes after it in buf may be written too: the
 * caller zeroes them): returns j, with *v the fold_tab entry of s[j] (when j == lim:
 * FOLD_MORE if the text goes on, else 0). Eight bytes a step, classified, lowercased and
 * stored with masks, the run's end found from the mask ("said " is one step): the byte loop
 * it replaced (unrolled by eight, a test per byte) took fewer instructions, 47.95M against
 * 49.09M on the first 200 BBC lines, but its exit branch, at a different byte for every
 * word, was mispredicted about once a word; measured by whole-process time on the BBC
 * corpus (60 interleaved runs each), 0.0937 -> 0.0915 s at the fastest, 0.0982 -> 0.0962 s
 * at the median. The last bytes before lim, fewer than 8, go through fold_tab one by one. */
static inline size_t fold_run(const char *s, size_t i, size_t n, char *buf, uint16_t *v,
                              uint64_t *key8) {
    size_t lim = n - i > QXP_WORD_MAX ? i + QXP_WORD_MAX : n;
    size_t j = i;
    while (lim - j >= 8) {
        uint64_t w;
        memcpy(&w, s + j, 8);
        /* each lane 0x80 + its low 7 bits: lane - t keeps the top bit iff the byte is >= t
         * (t <= 0x80: no lane borrows) */
        uint64_t x = (w & QXP_REP8(0x7F)) | QXP_REP8(0x80);
        uint64_t xl = x | QXP_REP8(0x20); /* letters folded to lowercase */
        uint64_t alpha = (xl - QXP_REP8('a')) & ~(xl - QXP_REP8('z' + 1));
        uint64_t digit = (x - QXP_REP8('0')) & ~(x - QXP_REP8('9' + 1));
        uint64_t alnum = (alpha | digit) & ~w & QXP_REP8(0x80);
        alpha &= ~w & QXP_REP8(0x80);
        uint64_t low = w | alpha >> 2; /* 0x80 >> 2 is the case bit */
        memcpy(buf + (j - i), &low, 8);
        uint64_t stop = ~alnum & QXP_REP8(0x80);
        if (j == i) {
            *key8 = low; /* the run's first 8 bytes, cut below when it ends in them */
        }
        if (stop != 0) {
#ifdef QXP_FIRST_FLAGGED
            size_t k = QXP_FIRST_FLAGGED(stop);
            if (j == i) {
                *key8 &= (UINT64_C(1) << (8 * k)) - 1; /* k < 8 bytes kept (little-endian) */
            }
            j += k;
            *v = fold_tab[(unsigned char)s[j]];
            return j;
#else
            break; /* the byte loop below finds the run's end in these 8 */
#endif
        }
        j += 8;
    }
    uint16_t e = 0;
    while (j < lim) {
        e = fold_tab[(unsigned char)s[j]];
        if (!(e & 0xFF)) {
            break;
        }
        buf[j - i] = (char)e;
        j++;
    }
    *v = j < lim ? e : lim < n ? FOLD_MORE : 0; /* at lim: the word may go on after it */
    if (j - i < 8) {
        /* no full 8-byte step gave the key: the bytes as stored, zero past the run (the
         * text's last bytes, or a big-endian build) */
        memset(buf + (j - i), 0, 8);
        memcpy(key8, buf, 8);
    }
    return j;
}

/* A token's end and flags (QXP_T_*), returned by value: through a pointer, the flags lived
 * in memory for the whole of qxp_tokenize's loop. */
typedef struct scan_end {
    size_t end;
    uint32_t flags;
} scan_end;

#if defined(__GNUC__)
#define TOKEN_NOINLINE __attribute__((noinline))
#else
#define TOKEN_NOINLINE
#endif

/* scan_token after the start of a word, at j: the word goes on through letters, digits and
 * joiners. all_upper and letters describe s[i..j); f holds the flags so far. Out of line,
 * with scan_other, so that qxp_tokenize's loop keeps its registers for the ASCII words that
 * end with their run (see scan_token). */
TOKEN_NOINLINE static scan_end scan_rest(const char *s, size_t n, size_t i, size_t j,
                                         uint32_t f, bool all_upper, size_t letters) {
    while (j < n) {
        unsigned char b = (unsigned char)s[j];
        if (b < 0x80) {
            uint8_t bc = qxp_byte_class[b];
            if (bc & (QXP_BC_UPPER | QXP_BC_LOWER)) {
                letters++;
                all_upper = all_upper && (bc & QXP_BC_UPPER);
                j++;
                continue;
            }
            if (bc & QXP_BC_DIGIT) {
                j++;
                continue;
            }
            /* a thousands separator joins digits: "10,000", "$1,200" (a comma and three
             * digits after a digit, then no further digit) -> fixtures/attrib/news-patterns */
            if (b == ',' && j > i && (qxp_byte_class[(unsigned char)s[j - 1]] & QXP_BC_DIGIT) &&
                j + 3 < n && (qxp_byte_class[(unsigned char)s[j + 1]] & QXP_BC_DIGIT) &&
                (qxp_byte_class[(unsigned char)s[j + 2]] & QXP_BC_DIGIT) &&
                (qxp_byte_class[(unsigned char)s[j + 3]] & QXP_BC_DIGIT) &&
                (j + 4 >= n || !(qxp_byte_class[(unsigned char)s[j + 4]] & QXP_BC_DIGIT))) {
                j += 4;
                continue;
            }
            if (b != '\'' && b != '-' && b != '.' && b != '`') {
                break;
            }
        }
        size_t l2;
        int32_t c2 = char_at(s, n, j, &l2);
        if (is_word_char(c2)) {
            if (qxp_is_letter(c2)) {
                letters++;
                if (!qxp_is_upper(c2)) {
                    all_upper = false;
                }
            }
            j += l2;
            continue;
        }
        /* joiners: an apostrophe, hyphen or period between two word characters
         * ("O’Brien", "well-known", "U.S"); a period only between single letters or
         * digits, so "end.Next" (no space) stays two words */
        if (j + l2 < n && (c2 == '-' || c2 == '.' || c2 == '\'' || c2 == '`' ||
                           (c2 >= 0x80 && qxp_is_apostrophe(c2)))) {
            size_t l3;
            int32_t c3 = char_at(s, n, j + l2, &l3);
            if (is_word_char(c3)) {
                if (c2 == '.') {
                    bool digits = qxp_is_digit(c3) && j > i &&
                                  (qxp_byte_class[(unsigned char)s[j - 1]] & QXP_BC_DIGIT);
                    bool initials = letters <= 1 || (j >= 2 && s[j - 2] == '.');
                    if (!digits && !initials) {
                        break;
                    }
                }
                j += l2;
                continue;
            }
        }
        break;
    }
    if (all_upper && letters >= 2) {
        f |= QXP_T_UPPER;
    }
    /* possessive: ends in 's or ’s */
    if (j - i >= 3 && (s[j - 1] == 's' || s[j - 1] == 'S')) {
        /* an ASCII byte before the s decides alone ("Smith's" yes, "says" no): no decoding
         * back for nearly every word in s (measured: -0.4M instructions on 200 BBC lines) */
        unsigned char b2 = (unsigned char)s[j - 2];
        if (b2 < 0x80) {
            if (b2 == '\'' || b2 == '`') {
                f |= QXP_T_POSS;
            }
        } else {
            size_t ps;
            int32_t ap = qxp_utf8_decode_back(s, j - 1, &ps);
            if (qxp_is_apostrophe(ap) && ps > i) {
                f |= QXP_T_POSS;
            }
        }
    }
    if (j < n && s[j] == '.') {
        f |= QXP_T_PERIOD;
    }
    return (scan_end){j, f};
}

/* True when s[i] starts a character of U+2010 to U+201F, the dashes and the quotation marks
 * “ ” ‘ ’ (the non-ASCII tokens news text has most): punctuation, no space, known without
 * decoding (scan_other, space_other). Measured on the first 200 BBC lines with curly
 * quotes: 52.55M -> 52.41M instructions. */
static inline bool dash_or_quote_mark(const char *s, size_t n, size_t i) {
    int x = qxp_e280_at(s, n, i);
    return x >= 0x90 && x < 0xA0;
}

/* scan_token for a token starting with a non-ASCII character. */
TOKEN_NOINLINE static scan_end scan_other(const char *s, size_t n, size_t i, fold_prefix *fp) {
    if (dash_or_quote_mark(s, n, i)) {
        return (scan_end){i + 3, QXP_T_PUNCT};
    }
    size_t len;
    int32_t cp = qxp_utf8_decode(s + i, n - i, &len);
    if (!is_word_char(cp)) {
        return (scan_end){i + len, QXP_T_PUNCT};
    }
    fp->end = i;
    uint32_t f = QXP_T_WORD;
    bool up = qxp_is_upper(cp);
    if (up) {
        f |= QXP_T_CAP;
    } else if (qxp_is_digit(cp)) {
        f |= QXP_T_NUM;
    }
    return scan_rest(s, n, i, i + len, f, up, up || qxp_is_letter(cp) ? 1 : 0);
}

/* Scans one token at i (not white space; v0 = fold_tab[s[i]]): returns its end and flags.
 * ASCII letters and digits take a table-driven fast path that also folds them into *fp;
 * other characters are decoded (scan_other, scan_rest). Measured on the first 200 BBC lines,
 * with the two out of line, the flags returned by value, the white space tested through
 * fold_tab and the token array written through a pointer: 70.68M -> 70.21M instructions. */
static inline scan_end scan_token(const char *s, size_t n, size_t i, uint16_t v0,
                                  fold_prefix *fp) {
    if (!(v0 & 0xFF)) {
        if ((unsigned char)s[i] >= 0x80) {
            return scan_other(s, n, i, fp);
        }
        return (scan_end){i + 1, QXP_T_PUNCT}; /* ASCII punctuation: one byte */
    }
    unsigned bc0 = v0 >> 8;
    uint32_t f = QXP_T_WORD;
    bool up, all_upper, more;
    size_t letters, j;
    /* the ASCII run: letters and digits, lowercased and hashed as they are read
     * (0x20 is the case bit: QXP_BC_UPPER << 3) */
    up = (bc0 & QXP_BC_UPPER) != 0;
    /* the class bits one place up: QXP_BC_UPPER -> QXP_T_CAP, QXP_BC_DIGIT -> QXP_T_NUM */
    _Static_assert(QXP_BC_UPPER >> 1 == QXP_T_CAP && QXP_BC_DIGIT >> 1 == QXP_T_NUM,
                   "class bits and token flags");
    f |= (bc0 >> 1) & (QXP_T_CAP | QXP_T_NUM);
    uint16_t v = 0;
    j = fold_run(s, i, n, fp->buf, &v, &fp->key8);
    memset(fp->buf + (j - i), 0, 8); /* zero past the prefix, for key8 and the hash */
    more = (v & FOLD_MORE) != 0;
    fp->end = j;
    if (more && (v & (FOLD_DOT | FOLD_COMMA)) &&
        (j + 1 == n ||
         ((unsigned char)s[j + 1] < 0x80 && !(fold_tab[(unsigned char)s[j + 1]] & 0xFF)))) {
        /* "said." or "said," before a space, a quote or the end: the word ends at the
         * mark, as scan_rest would find (a period joins only a word character, a comma
         * only digits), with the period flag: 3 in 4 of the words that went there.
         * Measured on the first 200 BBC lines: 68.38M -> 68.00M instructions. */
        more = false;
        f |= v & FOLD_DOT ? QXP_T_PERIOD : 0;
    }
    /* all uppercase: starts with an uppercase letter and has no lowercase one ("NATO",
     * "G20"); a word starting with a digit never is ("2AB"). A candidate starts with an
     * uppercase letter not followed by a lowercase one ("Smith" is none). */
    bool cand = up && (j - i < 2 || !(fold_tab[(unsigned char)s[i + 1]] & (QXP_BC_LOWER << 8)));
    if (!more && !cand) {
        /* the word is its run, as 7 in 8 words are ("said", "Smith" before a space):
         * no possessive (no apostrophe) and no period after it (a period goes on to the
         * loop below), so neither is tested, and qxp_tokenize looks the word up from
         * *fp without its own tests (e == fp->end). Measured on the first 200 BBC
         * lines: 72.54M -> 70.68M instructions (qxp_tokenize 15.7M -> 13.8M). */
        return (scan_end){j, f};
    }
    /* the letters are counted, and the lowercase ones looked for, only here: for an
     * all-uppercase candidate and the general loop (1 word in 7), rather than with an or
     * per byte of every run in fold_run (measured on the first 200 BBC lines, with the
     * count: 69.61M -> 69.34M instructions; without the or: 67.72M -> 67.13M) */
    letters = 0;
    bool lower = false;
    for (size_t x = i; x < j; x++) {
        uint8_t bc = qxp_byte_class[(unsigned char)s[x]];
        letters += (bc & (QXP_BC_UPPER | QXP_BC_LOWER)) != 0;
        lower = lower || (bc & QXP_BC_LOWER);
    }
    all_upper = up && !lower;
    if (!more) {
        if (all_upper && letters >= 2) {
            f |= QXP_T_UPPER;
        }
        return (scan_end){j, f};
    }
    return scan_rest(s, n, i, j, f, all_upper, letters);
}

/* After the full paragraph (or sentence) check for a token at i left index k: the first
 * offset where that check can give another answer for a later token. Spans[k] starts after
 * i: nothing happens before it starts (or ends, for an empty span); it has started: only
 * its end moves k on (the later tokens of a started span are not its first). */
static size_t next_event(const qx_span *sp, size_t n, size_t k, size_t i) {
    if (k >= n) {
        return SIZE_MAX;
    }
    if (sp[k].start <= i) {
        return sp[k].end;
    }
    return sp[k].start < sp[k].end ? sp[k].start : sp[k].end;
}

/* The paragraph or sentence step of a token at i, once i has reached *next: moves *k past
 * the spans that ended, sets *next (next_event) and tells whether the token is the first of
 * span *k (the previous token, if any, started at prev before it). */
static inline bool span_step(const qx_span *sp, size_t n, size_t *k, size_t *next, size_t i,
                             bool first, size_t prev) {
    while (*k < n && sp[*k].end <= i) {
        (*k)++;
    }
    bool opens = *k < n && sp[*k].start <= i && (first || prev < sp[*k].start);
    *next = next_event(sp, n, *k, i);
    return opens;
}

/* The quote flags (QXP_T_INQ, QXP_T_QMARK) of the token s[i..e) from the quoted spans
 * q[qi..nq) that have opened by i (qxp_tokenize's marking, qi advanced past the spans that
 * ended by i). Inside a quote every token comes here (the marking's next offset stays at
 * the opening mark until the quote ends), and the answer for a token in a content piece,
 * INQ alone, holds for each later token that ends by the piece's end (and the content's)
 * and starts before the next quote opens: qi stays (the content has not ended), this quote
 * is the only one visited, the piece holds the token. *inq_end and *inq_next get that run
 * (*inq_end 0 for none), which qxp_tokenize tests before calling again. Measured on the
 * first 200 BBC lines: 69.34M -> 68.69M instructions. */
static inline uint32_t quote_flags(const qxp_qspan *q, size_t nq, size_t qi, size_t i,
                                   size_t e, size_t *inq_end, size_t *inq_next) {
    uint32_t f = 0;
    *inq_end = 0;
    /* quoted spans are ordered by opening mark; nested ones were filtered out */
    for (size_t j = qi; j < nq && q[j].open_start <= i; j++) {
        const qxp_qspan *qs = &q[j];
        if (i >= qs->start && e <= qs->end) {
            bool in_piece = false;
            for (size_t p = 0; p < qs->n_pieces; p++) {
                if (i >= qs->pieces[p].start && e <= qs->pieces[p].end) {
                    in_piece = true;
                    if (j == qi && (j + 1 == nq || q[j + 1].open_start > i)) {
                        *inq_end = qs->pieces[p].end < qs->end ? qs->pieces[p].end : qs->end;
                        *inq_next = j + 1 < nq ? q[j + 1].open_start : SIZE_MAX;
                    }
                    break;
                }
            }
            f |= in_piece ? QXP_T_INQ : QXP_T_QMARK;
        } else if ((i >= qs->open_start && e <= qs->open_end) ||
                   (i >= qs->close_start && e <= qs->close_end &&
                    qs->close_end > qs->close_start)) {
            f |= QXP_T_QMARK;
        }
    }
    return f;
}

/* The paragraph, sentence and quote state of qxp_tokenize's walk (span_marks). */
typedef struct span_marker {
    size_t para, sent, qi;               /* the current paragraph, sentence, quoted span */
    size_t para_next, sent_next, q_next; /* where each of the three answers may change */
    size_t next_any;                     /* the least of the three */
    size_t inq_end, inq_next;            /* a run of quoted content (quote_flags) */
    size_t inq_lim;                      /* the least of inq_next, para_next, sent_next */
    uint32_t sent_no, prev_sent;
} span_marker;

/* The paragraph, sentence and quote flags of the token s[i..e), or-ed into f, once i has
 * reached sm->next_any (first: the text's first token; prev: the previous token's start).
 * Out of line: 1 token in 5 of news comes here (1 in 16 but for the runs of quoted content
 * that qxp_tokenize marks itself), and the walk's registers stay with the words (the span
 * indexes took one of its callee-saved registers): measured on the first 200 BBC lines,
 * with word_rest, is_nonname and space_other out of line too, 68.00M -> 67.72M
 * instructions. */
TOKEN_NOINLINE static uint32_t span_marks(span_marker *sm, const qxp_sentences *s,
                                          const qxp_qspan *q, size_t nq, size_t i, size_t e,
                                          bool first, size_t prev, uint32_t f) {
    if (i >= sm->para_next && span_step(s->paras, s->n_paras, &sm->para, &sm->para_next, i, first,
                                    prev)) {
        f |= QXP_T_PARA;
    }
    if (i >= sm->sent_next) {
        if (span_step(s->sents, s->n_sents, &sm->sent, &sm->sent_next, i, first,
                      prev)) {
            f |= QXP_T_SENT;
        }
        sm->sent_no = (uint32_t)(sm->sent < s->n_sents ? sm->sent
                                               : (s->n_sents ? s->n_sents - 1 : 0));
    }
    if (first || sm->sent_no != sm->prev_sent || (f & QXP_T_PARA)) {
        f |= QXP_T_SEG;
    }
    sm->prev_sent = sm->sent_no;
    if (i >= sm->q_next && e <= sm->inq_end && i < sm->inq_next) {
        f |= QXP_T_INQ; /* inside the piece of the last token (quote_flags) */
#ifdef QXP_CHECKS
        size_t ie, in;
        if ((q[sm->qi].close_end <= i && q[sm->qi].end <= i) ||
            quote_flags(q, nq, sm->qi, i, e, &ie, &in) != QXP_T_INQ) {
            abort();
        }
#endif
    } else if (i >= sm->q_next) {
        while (sm->qi < nq && q[sm->qi].close_end <= i && q[sm->qi].end <= i) {
            sm->qi++;
        }
        f |= quote_flags(q, nq, sm->qi, i, e, &sm->inq_end, &sm->inq_next);
        /* nothing changes before the current span opens or, once it is open, ends:
         * until then the loop above does not advance qi, nor quote_flags visit a
         * span */
        if (sm->qi < nq) {
            size_t qend = q[sm->qi].close_end > q[sm->qi].end ? q[sm->qi].close_end : q[sm->qi].end;
            sm->q_next = q[sm->qi].open_start < qend ? q[sm->qi].open_start : qend;
        } else {
            sm->q_next = SIZE_MAX;
        }
    }
    sm->next_any = sm->para_next < sm->sent_next ? sm->para_next : sm->sent_next;
    sm->next_any = sm->q_next < sm->next_any ? sm->q_next : sm->next_any;
    sm->inq_lim = sm->inq_next < sm->para_next ? sm->inq_next : sm->para_next;
    sm->inq_lim = sm->sent_next < sm->inq_lim ? sm->sent_next : sm->inq_lim;
    return f;
}

/* qxp_tokenize's lookup of the word s[i..e) (flags f) that is not scan_token's ASCII run:
 * its form without a possessive and that form's index + 1 in m->words (0 for none). Out
 * of line, as is_nonname, with the calls they make (see span_marks). */
typedef struct word_ref {
    size_t len; /* the word's length without a possessive */
    uint32_t w; /* its index + 1 in m->words, 0 for none */
} word_ref;
TOKEN_NOINLINE static word_ref word_rest(const qx_model *m, const char *s, size_t i, size_t e,
                                         uint32_t f, const fold_prefix *fp) {
    size_t n = e - i;
    if (f & QXP_T_POSS) {
        n = qxp_poss_base(s + i, n);
#ifdef QXP_CHECKS
        size_t ps; /* make check and the fuzz targets hold it to the decoder's answer */
        (void)qxp_utf8_decode_back(s, e - 1, &ps);
        if (ps - i != n) {
            abort();
        }
#endif
    }
    /* the run is the word without its possessive ("Smith" of "Smith's") */
    if (n == fp->end - i && n <= QXP_WORD_MAX) {
        return (word_ref){n, qxp_word_index(m, fp->key8, fp->buf, n,
                                            qxp_whash_padded(fp->key8, fp->buf, n))};
    }
    const qxp_winfo *w = qxp_word_info(m, s + i, n);
    return (word_ref){n, w ? (uint32_t)(w - m->words) + 1 : 0};
}

/* True when the capitalized word (s, n), whose folded form has the nonname entry nn, is
 * a nonname as written. */
TOKEN_NOINLINE static bool is_nonname(const qx_model *m, const qxp_lexent *nn, const char *s,
                                      size_t n) {
    return (nn->keylen == n && qxp_bytes_eq(nn->key, s, n)) ||
           qxp_lex_get(m, QXP_LEX_NONNAMES, s, n) != NULL;
}

/* The length of the non-ASCII white space at s[i] times two, plus one for a line break; 0
 * when there is none there. */
TOKEN_NOINLINE static size_t space_other(const char *s, size_t n, size_t i) {
    if (dash_or_quote_mark(s, n, i)) {
        return 0;
    }
    size_t l;
    int32_t cp = qxp_utf8_decode(s + i, n - i, &l);
    if (qxp_is_space(cp) || qxp_is_newline(cp)) {
        return 2 * l + qxp_is_newline(cp);
    }
    return 0;
}

/* qxp_tok_at's order: token j starts before byte `off`. */
static bool tok_before(const void *arr, size_t j, size_t off) {
    return ((const qxp_tok *)arr)[j].start < off;
}

qx_status qxp_tokenize(const qx_model *m, const char *text, size_t len, const qxp_sentences *s,
                       const qxp_qspan *q, size_t nq, qxp_tokens *out) {
    out->t = NULL;
    out->n = out->cap = 0;
    out->words = m->words;
    out->ix.first = NULL;
    out->runs = NULL;
    out->n_runs = 0;
    /* the runs of one sentence and one paragraph (QXP_T_SEG) are noted as they are marked,
     * where attribution's sentence_bounds found them in a pass of its own over the tokens
     * (measured on the first 200 BBC lines: 51.04M -> 50.67M instructions). A run starts at the
     * first token, at a sentence's and at a paragraph's: there are at most that many. */
    size_t runs_cap = s->n_sents + s->n_paras + 1;
    uint32_t *runs = qxp_malloc(runs_cap * sizeof *runs);
    size_t n_runs = 0;
    if (runs == NULL) {
        return QX_ERR_NOMEM;
    }
    qxp_tok *t = NULL;
    size_t cap = 0;
    qxp_tok *tp = NULL, *tend = NULL; /* the next token and the end of the capacity */
    uint32_t nl = 0; /* QXP_T_NL when a line break precedes the next token */
    fold_prefix fp;
    span_marker sm = {0};
    sm.q_next = nq ? 0 : SIZE_MAX;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)text[i];
        uint16_t v = fold_tab[c];
        if (v & FOLD_SKIP) {
            nl |= v & FOLD_NL ? QXP_T_NL : 0;
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t l = space_other(text, len, i);
            if (l) {
                nl |= l & 1 ? QXP_T_NL : 0;
                i += l >> 1;
                continue;
            }
        }
        scan_end se = scan_token(text, len, i, v, &fp);
        size_t e = se.end;
        uint32_t f = se.flags;
        /* the array through a write pointer and its end, rather than an index and a count
         * beside the capacity: two registers of the loop's few, not three. The first
         * allocation holds a token per 5 bytes: news has about 0.18 (76,405 tokens in the
         * 421 KB of the first 200 BBC lines), where a token per 8 bytes took a second
         * allocation and a copy for nearly every text (303 in 200 texts; 52.49M -> 52.30M
         * instructions) */
        if (tp == tend) {
            size_t n = t ? (size_t)(tp - t) : 0;
            qx_status st = qxp_grow((void **)&t, &cap, n + 1 + len / 5, sizeof(qxp_tok));
            if (st != QX_OK) {
                qxp_free(t);
                qxp_free(runs);
                return st;
            }
            tp = t + n;
            tend = t + cap;
        }
        qxp_tok *k = tp++;
        k->start = (uint32_t)i;
        k->end = (uint32_t)e;
        f |= nl;
        nl = 0;
        /* Paragraph, sentence and quote marking only where something can change: before
         * para_next / sent_next / q_next (the next paragraph or sentence start or end, the
         * next quote's opening or end) a token is in the same paragraph, sentence and
         * outside any quote, exactly as the full checks would find. Measured on the first
         * 200 BBC lines, with the possessive test of scan_token: qxp_tokenize 22.6M ->
         * 18.6M instructions. One test against the least of the three (next_any) passes
         * over the rest, the tokens of a sentence outside quotes: there the segment test
         * finds the sentence of the previous token and no paragraph start. Inside a quote
         * each token comes here, and one in the content piece of the previous token's
         * quote (before the next paragraph, sentence or quote event: inq_lim) takes INQ
         * alone, as span_marks would give it (quote_flags). */
        if (i >= sm.next_any) {
            if (e <= sm.inq_end && i < sm.inq_lim) {
                f |= QXP_T_INQ;
#ifdef QXP_CHECKS
                size_t ie, in;
                if ((q[sm.qi].close_end <= i && q[sm.qi].end <= i) ||
                    quote_flags(q, nq, sm.qi, i, e, &ie, &in) != QXP_T_INQ) {
                    abort();
                }
#endif
            } else {
                f = span_marks(&sm, s, q, nq, i, e, k == t, k == t ? 0 : k[-1].start, f);
                if ((f & QXP_T_SEG) && n_runs < runs_cap) {
                    runs[n_runs++] = (uint32_t)(k - t);
                }
            }
        }
        k->wi = 0;
        if (f & QXP_T_WORD) {
            /* one lexicon lookup per word, on the form without a possessive */
            size_t wl = e - i;
            uint32_t w;
            if (e == fp.end) {
                /* the word is scan_token's ASCII run (no possessive) */
                w = qxp_word_index(m, fp.key8, fp.buf, wl,
                                   qxp_whash_padded(fp.key8, fp.buf, wl));
            } else {
                word_ref r = word_rest(m, text, i, e, f, &fp);
                w = r.w;
                wl = r.len;
            }
            k->wi = w;
            /* the nonnames entry is looked for in the dense facts (lexicon.h QXP_WF_*), and
             * the word's 128-byte information read only when there is one: the read of
             * every capitalized known word's, most often an L1 miss, was 5.6% of
             * qxp_tokenize's samples; perf on 8 copies of the BBC corpus, qxp_tokenize
             * 20.8%/20.6% -> 20.2%/20.0% of the samples (two runs each) */
            if ((f & QXP_T_CAP) && (m->wfacts[w] & QXP_WF_NONNAME) &&
                is_nonname(m, m->words[w - 1].ent[QXP_LEX_NONNAMES], text + i, wl)) {
                f |= QXP_T_NONNAME; /* nonnames are case-sensitive: "US" is not "us" */
            }
        }
        k->flags = f;
        /* one space after a token ("said the"), the usual separator, skipped here rather
         * than by a turn of the loop (a space is no line break: nl stays 0) */
        i = e < len && text[e] == ' ' ? e + 1 : e;
    }
    size_t n = t ? (size_t)(tp - t) : 0;
#ifdef QXP_CHECKS
    /* make check and the fuzz targets: no spare capacity after the last token, so that
     * ASan reports a read past it (fixtures/robust/cue-at-end read t[n]) */
    if (n > 0 && n < cap) {
        qxp_tok *tight = qxp_realloc(t, n * sizeof *t);
        if (tight != NULL) {
            t = tight;
            cap = n;
        }
    }
#endif
    out->t = t;
    out->n = n;
    out->cap = cap;
    out->runs = runs;
    out->n_runs = n_runs;
    /* qxp_tok_at's block index: a binary search over all the tokens of a long text misses
     * the cache at nearly every step (the 100 MiB line of tests/stress.sh spent 9.5% of
     * its time there, against a few percent at 6 MiB) */
    qx_status st = qxp_bindex_build(&out->ix, NULL, t, n, len, 8, tok_before);
    if (st != QX_OK) {
        qxp_tokens_free(out);
        return st;
    }
    return QX_OK;
}

void qxp_tokens_free(qxp_tokens *tk) {
    qxp_free(tk->t);
    qxp_free(tk->ix.first);
    qxp_free(tk->runs);
    tk->t = NULL;
    tk->ix.first = NULL;
    tk->runs = NULL;
    tk->n = tk->cap = tk->n_runs = 0;
}

size_t qxp_tok_at(const qxp_tokens *tk, size_t off) {
    size_t lo = 0, hi = tk->n;
    qxp_bindex_narrow(&tk->ix, off, &lo, &hi);
    QXP_LOWER_BOUND(lo, lo, hi, j, tk->t[j].start < off);
#ifdef QXP_CHECKS
    /* make check and the fuzz targets hold the index to the plain search */
    if ((lo > 0 && tk->t[lo - 1].start >= off) || (lo < tk->n && tk->t[lo].start < off)) {
        abort();
    }
#endif
    return lo;
}
