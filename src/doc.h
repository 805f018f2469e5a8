/*
 * doc.h - the document: everything qx_extract() produces for one article, in one arena.
 */
#ifndef QXP_DOC_H
#define QXP_DOC_H

#include "quotespan.h"
#include "sentence.h"

/* Every OFFSET_STRIDE bytes the document records how many code points and UTF-16 units came
 * before, so that offset conversion scans at most that many bytes. */
#define QXP_OFFSET_STRIDE 256

struct qx_doc {
    qxp_arena arena;
    char *text; /* the document's copy of the input, NUL-ended */
    size_t len;
    qxp_sentences sents;
    qx_quote *quotes; /* qxp_malloc'd (attrib.c emit), not in the arena */
    size_t n_quotes;
    qx_speaker *speakers;
    size_t n_speakers;
    qx_warning *warnings;
    size_t n_warnings, cap_warnings;
    size_t *cp_index, *u16_index, *pos_index; /* per stride (see scan_text); NULL if ASCII */
    unsigned opts;
};

/* Adds a warning (up to QXP_MAX_WARNINGS; the last one says more were dropped). */
QXP_PRIVATE qx_status qxp_doc_warn(qx_doc *d, size_t offset, const char *text);

#endif
