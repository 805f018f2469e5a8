/*
 * sentence.h - paragraph and sentence boundaries as byte spans.
 *
 * Input: the document's text. Output: paragraph spans and sentence spans, in text order, each
 * trimmed of surrounding white space, never empty, never overlapping, every sentence inside
 * one paragraph. Paragraphs end at a blank line (two line breaks with only white space
 * between) or U+2029. Sentence rules (abbreviations, initials, numbers, lists, ellipses,
 * closing quotes after the stop, ...) are documented in sentence.c; their data comes from
 * the model's abbreviations lexicon. Linear time; no allocation per character.
 */
#ifndef QXP_SENTENCE_H
#define QXP_SENTENCE_H

#include "lexicon.h"

typedef struct qxp_sentences {
    qx_span *paras;
    size_t n_paras;
    qx_span *sents;
    size_t n_sents;
    size_t *sent_para; /* sent_para[i]: index of the paragraph holding sentence i */
    qxp_bindex sents_ix, paras_ix; /* the searches' block indexes (long texts only) */
} qxp_sentences;

/* Splits text[0..len) into paragraphs and sentences; arrays are allocated in arena a.
 * Returns QX_OK or QX_ERR_NOMEM. */
QXP_PRIVATE qx_status qxp_sentence_split(const qx_model *m, const char *text, size_t len,
                                         qxp_arena *a, qxp_sentences *out);

/* Index of the sentence that holds byte `off`; when off lies between sentences, the next
 * sentence (n_sents when there is none). O(log n), within 256 bytes of text on a long one. */
QXP_PRIVATE size_t qxp_sentence_at(const qxp_sentences *s, size_t off);
/* Index of the paragraph that holds byte `off`; between paragraphs, the next one. */
QXP_PRIVATE size_t qxp_para_at(const qxp_sentences *s, size_t off);

#endif /* QXP_SENTENCE_H */
