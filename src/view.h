/*
 * view.h - human views of a document for the CLI: a text listing and a self-contained HTML
 * page. Uses only the public API (quotex.h) and libc.
 */
#ifndef QXV_VIEW_H
#define QXV_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "quotex.h"

/* Writes one block per quote of the kinds in jflags (QX_JSON_KIND bits; none = the default
 * kinds): speaker, cue, the quote, its paragraph and score. ANSI colors when color is true.
 * Returns 0, or -1 on a write error. */
int qxv_write_text(FILE *out, const qx_doc *doc, const char *id, unsigned jflags, bool color);

/* Writes one self-contained HTML page: the article with each quote highlighted in its
 * speaker's color, speaker labels, marked mentions and cues, tooltips, and a speaker panel
 * that filters the highlights. Returns 0, or -1 on a write error. */
int qxv_write_html(FILE *out, const qx_doc *doc, const char *id, unsigned jflags);

/* Writes an index page linking to the per-document pages written in batch mode:
 * names[i] is the file name of page i, ids[i] its document id, counts[i] its quote count. */
int qxv_write_html_index(FILE *out, const char *const *names, const char *const *ids,
                         const size_t *counts, size_t n);

#endif
