/*
 * doc.h - the document: everything qx_extract() produces for one article, in one arena.
 */
#ifndef QXP_DOC_H
#define QXP_DOC_H

#include <stdatomic.h>

#include "quotespan.h"
#include "sentence.h"

/* Every OFFSET_STRIDE bytes the document records how many code points and UTF-16 units came
 * before, so that offset conversion scans at most that many bytes. */
#define QXP_OFFSET_STRIDE 256

/* Entry k: pos, the first character start at or after byte k * STRIDE, and the code points
 * (cp) and UTF-16 units (u16) before it. */
typedef struct qxp_offidx {
    size_t n;
    size_t *cp, *u16, *pos; /* n entries each, in the same block */
} qxp_offidx;

struct qx_doc {
    qxp_arena arena;
    const char *text; /* the document's copy of the input, NUL-ended (or the caller's:
                       * qxp_extract_borrowed) */
    size_t len;
    qxp_sentences sents;
    qx_quote *quotes; /* qxp_malloc'd (attrib.c emit), not in the arena */
    size_t n_quotes;
    qx_speaker *speakers;
    size_t n_speakers;
    qx_warning *warnings;
    size_t n_warnings, cap_warnings;
    bool ascii;      /* the text is ASCII: every offset unit is a byte */
    bool valid_utf8; /* no invalid UTF-8 (scan_text) */
    /* the offset-conversion index (api.c offsets_index): built at the first conversion
     * that needs it, as most output asks for bytes; published once (compare-and-swap) so
     * that threads converting the offsets of one document share it */
    _Atomic(qxp_offidx *) offidx;
    unsigned opts;
};

/* Adds a warning (up to QXP_MAX_WARNINGS; the last one says more were dropped). */
QXP_PRIVATE qx_status qxp_doc_warn(qx_doc *d, size_t offset, const char *text);

/* qx_doc_to_json with the record's length in *len (0 with NULL), which the writer knows:
 * the batch driver's strlen of each record read the whole output once more. */
QXP_PRIVATE char *qxp_doc_to_json_len(const qx_doc *d, const char *doc_id, const char *extra,
                                      unsigned jf, size_t *len);

/* What a caller of qxp_extract_borrowed knows of the text, so that qx_extract's UTF-8 scan
 * of it is skipped: valid UTF-8, and ASCII as well. */
enum { QXP_TEXT_UTF8 = 1u << 0, QXP_TEXT_ASCII = 1u << 1 };

/* qx_extract without the copy of the text: the document keeps `text`, which must end with a
 * NUL at text[len] and stay unchanged until qx_doc_free. For callers inside quotex that
 * free the document before their buffer (the batch driver: the copy was one more pass over
 * every article, and the arena's room for it). `known` (QXP_TEXT_*) is what the caller has
 * checked already: the batch driver's JSONL scan validates the UTF-8 of each string. */
QXP_PRIVATE qx_status qxp_extract_borrowed(const qx_model *model, const char *text, size_t len,
                                           unsigned opts, unsigned known, qx_doc **out,
                                           qx_error *err);

#endif
