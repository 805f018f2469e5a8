/*
 * token.h - words and punctuation of a document, for attribution.
 *
 * One linear pass splits the text into word tokens (letters and digits, joined by internal
 * apostrophes, hyphens and abbreviation periods: "O’Brien", "well-known", "U.S") and
 * one-character punctuation tokens. Tokens carry case and position flags; those inside quoted
 * spans are marked so that attribution never takes a cue or a speaker from quoted text.
 */
#ifndef QXP_TOKEN_H
#define QXP_TOKEN_H

#include "quotespan.h"

enum {
    QXP_T_WORD = 1u << 0,  /* letters/digits */
    QXP_T_CAP = 1u << 1,   /* word starting with an uppercase letter */
    QXP_T_UPPER = 1u << 2, /* word of 2+ letters, all uppercase ("US", "NATO") */
    QXP_T_NUM = 1u << 3,   /* word starting with a digit */
    QXP_T_PUNCT = 1u << 4, /* one punctuation or symbol character */
    QXP_T_QMARK = 1u << 5, /* a quotation mark of a paired quote */
    QXP_T_INQ = 1u << 6,   /* inside the content of a top-level quote */
    QXP_T_PARA = 1u << 7,  /* first token of its paragraph */
    QXP_T_SENT = 1u << 8,  /* first token of its sentence */
    QXP_T_NL = 1u << 9,    /* a line break precedes it */
    QXP_T_POSS = 1u << 10, /* word ends in a possessive 's or ’s */
    QXP_T_PERIOD = 1u << 11, /* word immediately followed by '.' (abbreviation candidate) */
    QXP_T_NONNAME = 1u << 12, /* capitalized word listed in the nonnames lexicon ("The") */
    QXP_T_SEG = 1u << 13      /* first token of a run in one sentence and one paragraph */
};

/* 16 bytes: a document holds one token per 4 to 6 bytes of news, one per byte of noise, so
 * the token array is the largest buffer of attribution (tests/stress.sh: random bytes took
 * 40 bytes of memory per input byte with 24-byte tokens and two per-token sentence arrays). */
typedef struct qxp_tok {
    uint32_t start, end; /* byte span */
    uint32_t flags;      /* QXP_T_* */
    uint32_t wi;         /* lexicon information of the word (possessive stripped): its index
                          * + 1 in the model's word table, 0 for none (qxp_tok_wi) */
} qxp_tok;

typedef struct qxp_tokens {
    qxp_tok *t; /* heap array: free with qxp_tokens_free */
    size_t n, cap;
    uint32_t *runs; /* the tokens with QXP_T_SEG, in order (heap; NULL when none) */
    size_t n_runs;
    const qxp_winfo *words; /* the model's word table, which qxp_tok.wi indexes */
    qxp_bindex ix; /* qxp_tok_at's block index (long texts only), blocks of 256 bytes */
} qxp_tokens;

/* Lexicon information of token i's word, or NULL (also past the last token: callers look
 * ahead of a cue at the text's end, fixtures/robust/cue-at-end). */
static inline const qxp_winfo *qxp_tok_wi(const qxp_tokens *tk, size_t i) {
    uint32_t w = i < tk->n ? tk->t[i].wi : 0;
    return w ? &tk->words[w - 1] : NULL;
}

/* The closed classes (QXP_W_*) of token i's word; 0 for none and for punctuation. */
static inline uint32_t qxp_tok_cls(const qxp_tokens *tk, size_t i) {
    const qxp_winfo *w = qxp_tok_wi(tk, i);
    return w ? w->cls : 0;
}

/* True when token i's word occurs after the first word of a multi-word entry of kind k. */
static inline bool qxp_tok_inner(const qxp_tokens *tk, size_t i, unsigned k) {
    const qxp_winfo *w = qxp_tok_wi(tk, i);
    return w && (w->inner & (1u << k));
}

/* The length of the word w[0..n) without its possessive ending (QXP_T_POSS: 's, ’s): the s
 * and the apostrophe before it, one ASCII byte or a character of several bytes (’ has 3),
 * whose continuation bytes are passed back to its first. The tokenizer flagged the word
 * after decoding that apostrophe, so the bytes are valid UTF-8 and this is the start that
 * qxp_utf8_decode_back finds, without the call and the decoding: attribution asks the
 * base of a possessive several times ("Boynton’s"; measured on the first 200 BBC lines
 * with curly quotes: 51.55M -> 51.39M instructions; straight 50.62M -> 50.53M). */
static inline size_t qxp_poss_base(const char *w, size_t n) {
    size_t p = n - 2; /* the apostrophe's last byte */
    while (p > 0 && ((unsigned char)w[p] & 0xC0) == 0x80) {
        p--;
    }
    return p;
}

/* Tokenizes text; marks quote marks and quoted content from the top-level spans q[0..nq)
 * and looks each word up in the model's lexicons once. Returns QX_OK or QX_ERR_NOMEM. */
QXP_PRIVATE qx_status qxp_tokenize(const qx_model *m, const char *text, size_t len,
                                   const qxp_sentences *s,
                                   const qxp_qspan *q, size_t nq, qxp_tokens *out);

QXP_PRIVATE void qxp_tokens_free(qxp_tokens *tk);

/* Index of the first token whose start >= off (n when none). O(log n). */
QXP_PRIVATE size_t qxp_tok_at(const qxp_tokens *tk, size_t off);

/* True when token i is the one-character punctuation c (ASCII). Inline: attribution asks
 * it of nearly every token it walks (41K calls on the first 200 BBC lines). */
static inline bool qxp_tok_is(const qxp_tokens *tk, const char *text, size_t i, char c) {
    return i < tk->n && (tk->t[i].flags & QXP_T_PUNCT) && tk->t[i].end - tk->t[i].start == 1 &&
           text[tk->t[i].start] == c;
}

#endif
