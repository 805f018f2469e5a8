/*
 * batch.h - the quotex command's corpus modes: `--jsonl` (one article per input line) and
 * `--batch` (files and directories, recursively; `--files-from`). Every input document
 * yields exactly one output record, in input order: its result, or an error record
 * {"id", "line", "error"}. Documents are extracted and rendered by -j worker threads that
 * share one read-only model; a bounded queue keeps memory flat; one writer keeps the order.
 * Uses only quotex.h, view.h, libc, POSIX threads and Jansson.
 */
#ifndef QXB_BATCH_H
#define QXB_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "quotex.h"

/* Articles of at least this many bytes have their JSON record written as it is rendered
 * (qx_doc_write_json), in every mode, instead of built whole: the record of quote-dense text
 * is about 20 times its size, so a 100 MiB article held a 2 GiB buffer (tests/stress.sh
 * jsonl-line). */
#define QXB_STREAM_BYTES ((size_t)1024 * 1024)
/* Output buffer of the corpus modes when the output is not a terminal: a write() per 256 KiB
 * instead of per 4 KiB (stdio's default for a file or pipe), 26 calls instead of 1,612 for
 * the BBC corpus' 6.7 MB of records. With stream input (a pipe, a terminal, a socket) the
 * records are flushed whenever quotex waits for input, so that a program feeding it lines
 * one at a time gets each record back before it sends the next (tests/suite-cli.sh). */
#define QXB_OUT_BUFFER ((size_t)256 * 1024)

/* Output formats of the command. */
typedef enum qxb_format { QXB_FORMAT_JSON, QXB_FORMAT_TEXT, QXB_FORMAT_HTML } qxb_format;

/* Exit codes of the command (documented in --help and quotex.1). */
enum {
    QXB_EXIT_OK = 0,       /* every document processed */
    QXB_EXIT_DOCS = 1,     /* some documents failed, or the single input is unreadable */
    QXB_EXIT_USAGE = 2,    /* bad options */
    QXB_EXIT_MODEL = 3,    /* the lexicons or the model could not be loaded */
    QXB_EXIT_WRITE = 4,    /* the output could not be written */
    QXB_EXIT_SIGINT = 130, /* interrupted by SIGINT: complete lines only */
    QXB_EXIT_SIGTERM = 143 /* stopped by SIGTERM: complete lines only */
};

/* Everything a corpus run needs; filled by main.c, read-only here. */
typedef struct qxb_config {
    const qx_model *model;      /* shared by every worker; required */
    unsigned xopts;             /* QX_OPT_* for qx_extract */
    unsigned jflags;            /* QX_JSON_* for qx_doc_to_json */
    qxb_format format;          /* json, text (listing) or html (pages in html_dir) */
    const char *html_dir;       /* --html-dir; required with QXB_FORMAT_HTML */
    const char *const *keep;    /* --keep field names; n_keep of them */
    size_t n_keep;
    size_t max_input;           /* --max-input-bytes: largest article (bytes) */
    unsigned jobs;              /* worker threads; 1 runs everything on the calling thread */
    bool progress;              /* progress line on stderr */
    bool stats;                 /* summary on stderr at the end */
    bool color;                 /* ANSI colors in the text format */
    FILE *out;                  /* where records go (stdout or -o FILE) */
    size_t out_buffer;          /* size of out's stdio buffer when the caller set one
                                   (QXB_OUT_BUFFER, full buffering), else 0 */
    const char *out_name;       /* its name, for messages */
} qxb_config;

/* Runs `--jsonl`: each line of `path` ("-" = stdin) is {"text": ..., "id": ...}.
 * Returns one of the QXB_EXIT_* codes (write errors are reported by the caller's fclose
 * check as well). */
int qxb_run_jsonl(const qxb_config *cfg, const char *path);

/* Runs `--batch`: each of paths[0..n) is a file or a directory (walked recursively in sorted
 * order, *.txt and *.jsonl), followed by the paths listed one per line in files_from (NULL
 * for none, "-" = stdin). Returns one of the QXB_EXIT_* codes. */
int qxb_run_batch(const qxb_config *cfg, const char *const *paths, size_t n,
                  const char *files_from);

/* Parses a size such as "4096", "64K", "16M" or "1G" (binary units). Returns false when
 * `s` is not a positive number or overflows. */
bool qxb_parse_size(const char *s, size_t *out);

/* A FILE that qx_doc_write_json writes to (the streamed records of large articles, in
 * batch and single-file mode): qxb_sink_write is the callback, ctx a qxb_sink; a failed
 * write stops the writer and leaves its errno (EIO when none) in err. */
typedef struct qxb_sink {
    FILE *out;
    int err;
} qxb_sink;
int qxb_sink_write(void *ctx, const char *data, size_t len);

/* A copy of s[0..n) with each maximal invalid UTF-8 subpart replaced by U+FFFD, NUL-ended
 * (for ids and messages that must become JSON strings); *out_len (may be NULL) receives its
 * length. NULL on OOM. */
char *qxb_utf8_clean(const char *s, size_t n, size_t *out_len);

#endif
