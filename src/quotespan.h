/*
 * quotespan.h - pairs quotation marks into quoted spans.
 *
 * Input: the text and its paragraphs. Output: every quoted span in order of its opening
 * mark, nested spans included (depth > 0). Handles every mark family of the quote_marks
 * lexicon, apostrophes and elisions (who'd, ’90s, rock ’n’ roll, the Joneses’) that look
 * like single marks, the news convention for multi-paragraph quotes (each paragraph reopens,
 * only the last closes), and unclosed or mismatched marks (flagged, never dropped). It does
 * not decide whether a span is speech: attribution does. Linear time.
 */
#ifndef QXP_QUOTESPAN_H
#define QXP_QUOTESPAN_H

#include "sentence.h"

/* Mark families. */
typedef enum qxp_family {
    QXP_FAM_DOUBLE,     /* "…" “…” „…“ „…” ''…'' */
    QXP_FAM_SINGLE,     /* '…' ‘…’ ‚…‘ */
    QXP_FAM_GUILLEMET,  /* «…» »…« */
    QXP_FAM_SGUILLEMET, /* ‹…› ›…‹ */
    QXP_FAM_CORNER,     /* 「…」 */
    QXP_FAM_WCORNER,    /* 『…』 */
    QXP_FAM_DASH        /* a paragraph opened by a dialogue dash (—Yes, --Yes) */
} qxp_family;

typedef struct qxp_qspan {
    /* byte offsets in 32 bits (the text is shorter than 2^32 bytes, qx_extract): 56 bytes a
     * span instead of 88, on quote-dense text a record's worth (tests/stress.sh jsonl-line) */
    uint32_t open_start, open_end;   /* the first opening mark */
    uint32_t close_start, close_end; /* the last closing mark; both == end when unclosed,
                                        truncated or a dialogue dash */
    uint32_t start, end;             /* content: after the first opening mark .. before the
                                        last closing mark (white space trimmed at both ends) */
    qx_span *pieces;  /* content per paragraph (several only for multi-paragraph quotes),
                         excluding the reopening marks; allocated in the arena */
    uint32_t n_pieces; /* >= 1 */
    unsigned flags;   /* QX_QF_UNCLOSED, QX_QF_MISMATCH, QX_QF_MULTIPARA, QX_QF_NESTED,
                         QX_QF_TRUNCATED */
    qxp_family family;
    unsigned depth;   /* 0 for top-level quotes */
    uint32_t para;    /* paragraph of the opening mark */
} qxp_qspan;

/* Finds the quoted spans of text[0..len). opts: QX_OPT_NO_SINGLE_QUOTES. Limits (quote
 * length, nesting) come from the model. The spans' pieces are allocated in arena a, the
 * array *out with qxp_malloc (the caller frees it with qxp_free; NULL when *n is 0).
 * Returns QX_OK or QX_ERR_NOMEM. */
QXP_PRIVATE qx_status qxp_quotes_find(const qx_model *m, const char *text, size_t len,
                                      const qxp_sentences *s, unsigned opts, qxp_arena *a,
                                      qxp_qspan **out, size_t *n);

/* The quotation marks of the quote_marks lexicon t, as qxp_quotes_find reads them; built
 * once per model in arena a (lexicon.c model_build). NULL when out of memory. */
QXP_PRIVATE qxp_marktab *qxp_marktab_new(const qxp_lextab *t, qxp_arena *a);

#endif /* QXP_QUOTESPAN_H */
