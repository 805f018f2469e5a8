/*
 * markup.h - markup left in scraped text: HTML/XML tags and comments, character entities,
 * wiki templates. Quotation marks inside markup (<a href="…">, alt="…") are not quotes.
 */
#ifndef QXP_MARKUP_H
#define QXP_MARKUP_H

#include "doc.h"

/* Compiles the model's markup pattern (PCRE2, with JIT when available). Returns QX_OK or
 * QX_ERR_PATTERN (PCRE2's message and offset in err) or QX_ERR_NOMEM. */
QXP_PRIVATE qx_status qxp_markup_compile(qx_model *m, qx_error *err);

/* Finds the markup spans of the document's text, in order, into *out (heap array, free with
 * qxp_free). A PCRE2 limit hit ends the search with a warning on the document; the spans
 * found so far are kept. Returns QX_OK or QX_ERR_NOMEM. */
QXP_PRIVATE qx_status qxp_markup_find(const qx_model *m, qx_doc *d, qx_span **out, size_t *n);

#endif
