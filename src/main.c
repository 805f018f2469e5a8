/*
 * main.c - the quotex command: options, exit codes and the single-article mode.
 *
 *   quotex [OPTIONS] [FILE|-]           one article -> one JSON object on stdout
 *   quotex --jsonl [OPTIONS] [FILE|-]   JSONL lines {"id", "text"} -> one line each (batch.c)
 *   quotex --batch [OPTIONS] PATH...    files and directories -> one line per article
 *
 * The model is loaded once (built-in lexicons, or --lexicons DIR), its limits set, and then
 * shared read-only by every worker. Exit codes: 0 ok; 1 some documents failed (each an
 * error record) or the single input is unreadable; 2 usage; 3 lexicon or model error; 4 the
 * output could not be written (ferror + fclose on the output at the end, as jq does);
 * 130/143 when a batch was stopped by SIGINT/SIGTERM.
 * Uses only quotex.h, view.h, batch.h and libc.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "quotex.h"
#include "view.h"

/* Largest -j accepted: more threads than this only add contention. */
#define QXM_MAX_JOBS 256
/* Largest number of --keep fields. */
#define QXM_MAX_KEEP 64

static const char usage_text[] =
    "Usage: quotex [OPTIONS] [FILE|-]            one article -> one JSON object\n"
    "       quotex --jsonl [OPTIONS] [FILE|-]    JSONL {\"id\",\"text\"} lines -> one line each\n"
    "       quotex --batch [OPTIONS] PATH...     files and directories (*.txt, *.jsonl)\n"
    "\n"
    "Extracts quotations and their speakers from news articles.\n"
    "\n"
    "Modes:\n"
    "  --jsonl               read one JSON object per line ({\"text\": ..., \"id\": ...})\n"
    "  --batch               read files and directories, recursively in sorted order:\n"
    "                        *.txt is one article (id = path), *.jsonl one article a line\n"
    "                        (id = its \"id\", or path:line)\n"
    "  --files-from LIST     also read the paths listed in LIST, one a line (- = stdin);\n"
    "                        implies --batch\n"
    "\n"
    "Extraction:\n"
    "  --lexicons DIR        load lexicons from DIR instead of the built-in ones\n"
    "  --kinds LIST|all      kinds to print, a comma list of direct,indirect,mixed,block,term\n"
    "                        (default direct,indirect,mixed; all = every kind)\n"
    "  --strict-utf8         invalid UTF-8 fails the document instead of becoming U+FFFD\n"
    "  --no-single-quotes    pair only double quotation marks at the top level\n"
    "  --max-input-bytes N   largest article in bytes (suffix K, M or G; default 64M)\n"
    "  --max-quote-bytes N   longest quote before it is cut and flagged (default 64K)\n"
    "  --max-nesting N       deepest quote inside a quote kept; deeper marks are text\n"
    "                        (default 32)\n"
    "  --match-limit N       PCRE2 match limit per search; a hit adds a warning\n"
    "                        (default 100000)\n"
    "\n"
    "Output:\n"
    "  --id ID               the id of a single article (default: FILE as given, or -)\n"
    "  --offsets UNIT        bytes (default), codepoints or utf16\n"
    "  --flat                one record per quote, with a \"doc\" key\n"
    "  --sentences           print each article's sentences instead of its quotes\n"
    "  --pretty              indent the JSON\n"
    "  --keep FIELD,...      copy these input fields (url, date, ...) into each record\n"
    "  --format FMT          json (default), text (a listing) or html (a page)\n"
    "  --html-dir DIR        with --format html in batch modes: one page per document and\n"
    "                        an index.html in DIR (stdout still gets the JSON lines)\n"
    "  -o, --output FILE     write to FILE instead of stdout\n"
    "\n"
    "Running:\n"
    "  -j, --jobs N          worker threads for --jsonl and --batch (default: online cores)\n"
    "  --progress            show progress on stderr even when it is not a terminal\n"
    "  --quiet               never show progress\n"
    "  --stats               print a summary on stderr at the end (documents, quotes,\n"
    "                        errors, MB/s, top speakers)\n"
    "  -h, --help            print this help and exit\n"
    "  --version             print the version and the lexicon fingerprint and exit\n"
    "\n"
    "A document that cannot be processed (not JSON, no \"text\", over the size limit, ...)\n"
    "gives the error record {\"id\": ..., \"line\": N, \"error\": \"...\"} on its line.\n"
    "\n"
    "Exit status:\n"
    "  0    every document was processed\n"
    "  1    some documents failed (each has an error record), or the input is unreadable\n"
    "  2    usage error\n"
    "  3    lexicon or model error\n"
    "  4    the output could not be written\n"
    "  130  interrupted by SIGINT, 143 by SIGTERM (only complete lines were written)\n";

typedef enum mode { MODE_SINGLE, MODE_JSONL, MODE_BATCH } mode;

typedef struct options {
    mode mode;
    bool mode_set_jsonl, mode_set_batch;
    const char *lexicons, *id, *files_from, *output, *html_dir;
    const char *keep_arg;
    unsigned xopts, jflags;
    qxb_format format;
    size_t max_input, max_quote, max_nesting, match_limit;
    unsigned jobs;
    bool progress, quiet, stats, help, version;
    const char **paths;
    size_t n_paths;
} options;

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("quotex: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'quotex --help' for more information.\n", stderr);
    return QXB_EXIT_USAGE;
}

/* Parses --kinds: "all" or a comma list of kind names. Returns false on an unknown name. */
static bool parse_kinds(const char *s, unsigned *jflags, unsigned *xopts) {
    if (strcmp(s, "all") == 0) {
        *jflags |= QX_JSON_ALL_KINDS;
        *xopts |= QX_OPT_ALL_KINDS;
        return true;
    }
    static const char *const names[] = {"direct", "indirect", "mixed", "block", "term"};
    static const qx_kind kinds[] = {QX_KIND_DIRECT, QX_KIND_INDIRECT, QX_KIND_MIXED,
                                    QX_KIND_BLOCK, QX_KIND_TERM};
    bool any = false;
    while (*s) {
        size_t n = strcspn(s, ",");
        bool found = false;
        for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
            if (strlen(names[i]) == n && memcmp(s, names[i], n) == 0) {
                *jflags |= QX_JSON_KIND(kinds[i]);
                if (kinds[i] == QX_KIND_BLOCK || kinds[i] == QX_KIND_TERM) {
                    *xopts |= QX_OPT_ALL_KINDS; // these records are kept only on request
                }
                found = true;
            }
        }
        if (!found) {
            return false;
        }
        any = true;
        s += n;
        if (*s == ',') {
            s++;
        }
    }
    return any;
}

static unsigned online_cores(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) {
        return 1;
    }
    return n > QXM_MAX_JOBS ? QXM_MAX_JOBS : (unsigned)n;
}

/* Option ids. */
enum {
    OPT_JSONL = 1, OPT_BATCH, OPT_LEXICONS, OPT_ID, OPT_KINDS, OPT_OFFSETS, OPT_FLAT,
    OPT_SENTENCES, OPT_STRICT, OPT_NO_SINGLE, OPT_PRETTY, OPT_JOBS, OPT_OUTPUT, OPT_FILES_FROM,
    OPT_KEEP, OPT_PROGRESS, OPT_QUIET, OPT_STATS, OPT_FORMAT, OPT_HTML_DIR, OPT_MAX_INPUT,
    OPT_MAX_QUOTE, OPT_MAX_NESTING, OPT_MATCH_LIMIT, OPT_HELP, OPT_VERSION
};

typedef struct opt_def {
    const char *name; // long name without "--"
    char short_name;  // 0 when none
    bool has_arg;
    int id;
} opt_def;

static const opt_def opt_defs[] = {
    {"jsonl", 0, false, OPT_JSONL},
    {"batch", 0, false, OPT_BATCH},
    {"lexicons", 0, true, OPT_LEXICONS},
    {"id", 0, true, OPT_ID},
    {"kinds", 0, true, OPT_KINDS},
    {"offsets", 0, true, OPT_OFFSETS},
    {"flat", 0, false, OPT_FLAT},
    {"sentences", 0, false, OPT_SENTENCES},
    {"strict-utf8", 0, false, OPT_STRICT},
    {"no-single-quotes", 0, false, OPT_NO_SINGLE},
    {"pretty", 0, false, OPT_PRETTY},
    {"jobs", 'j', true, OPT_JOBS},
    {"output", 'o', true, OPT_OUTPUT},
    {"files-from", 0, true, OPT_FILES_FROM},
    {"keep", 0, true, OPT_KEEP},
    {"progress", 0, false, OPT_PROGRESS},
    {"quiet", 0, false, OPT_QUIET},
    {"stats", 0, false, OPT_STATS},
    {"format", 0, true, OPT_FORMAT},
    {"html-dir", 0, true, OPT_HTML_DIR},
    {"max-input-bytes", 0, true, OPT_MAX_INPUT},
    {"max-quote-bytes", 0, true, OPT_MAX_QUOTE},
    {"max-nesting", 0, true, OPT_MAX_NESTING},
    {"match-limit", 0, true, OPT_MATCH_LIMIT},
    {"help", 'h', false, OPT_HELP},
    {"version", 0, false, OPT_VERSION},
};

/* Applies one option. Returns 0, or an exit code for a usage error. */
static int apply_option(options *o, int id, const char *arg) {
    switch (id) {
        case OPT_JSONL:
            o->mode_set_jsonl = true;
            break;
        case OPT_BATCH:
            o->mode_set_batch = true;
            break;
        case OPT_LEXICONS:
            o->lexicons = arg;
            break;
        case OPT_ID:
            o->id = arg;
            break;
        case OPT_KINDS:
            o->jflags &= ~QX_JSON_ALL_KINDS;
            if (!parse_kinds(arg, &o->jflags, &o->xopts)) {
                return usage_error("--kinds: '%s' is not a list of direct, indirect, mixed, "
                                   "block, term, or all",
                                   arg);
            }
            break;
        case OPT_OFFSETS:
            o->jflags &= ~(QX_JSON_CODEPOINTS | QX_JSON_UTF16);
            if (strcmp(arg, "codepoints") == 0) {
                o->jflags |= QX_JSON_CODEPOINTS;
            } else if (strcmp(arg, "utf16") == 0) {
                o->jflags |= QX_JSON_UTF16;
            } else if (strcmp(arg, "bytes") != 0) {
                return usage_error("--offsets: '%s' is not bytes, codepoints or utf16", arg);
            }
            break;
        case OPT_FLAT:
            o->jflags |= QX_JSON_FLAT;
            break;
        case OPT_SENTENCES:
            o->jflags |= QX_JSON_SENTENCES;
            o->xopts |= QX_OPT_SENTENCES_ONLY; /* no quotes are printed: do not look */
            break;
        case OPT_STRICT:
            o->xopts |= QX_OPT_STRICT_UTF8;
            break;
        case OPT_NO_SINGLE:
            o->xopts |= QX_OPT_NO_SINGLE_QUOTES;
            break;
        case OPT_PRETTY:
            o->jflags |= QX_JSON_PRETTY;
            break;
        case OPT_JOBS: {
            char *end = NULL;
            errno = 0;
            long n = strtol(arg, &end, 10);
            if (errno || end == arg || *end || n < 1 || n > QXM_MAX_JOBS) {
                return usage_error("-j: '%s' is not a number of threads from 1 to 256", arg);
            }
            o->jobs = (unsigned)n;
            break;
        }
        case OPT_OUTPUT:
            o->output = arg;
            break;
        case OPT_FILES_FROM:
            o->files_from = arg;
            break;
        case OPT_KEEP:
            o->keep_arg = arg;
            break;
        case OPT_PROGRESS:
            o->progress = true;
            break;
        case OPT_QUIET:
            o->quiet = true;
            break;
        case OPT_STATS:
            o->stats = true;
            break;
        case OPT_FORMAT:
            if (strcmp(arg, "json") == 0) {
                o->format = QXB_FORMAT_JSON;
            } else if (strcmp(arg, "text") == 0) {
                o->format = QXB_FORMAT_TEXT;
            } else if (strcmp(arg, "html") == 0) {
                o->format = QXB_FORMAT_HTML;
            } else {
                return usage_error("--format: '%s' is not json, text or html", arg);
            }
            break;
        case OPT_HTML_DIR:
            o->html_dir = arg;
            break;
        case OPT_MAX_INPUT:
            if (!qxb_parse_size(arg, &o->max_input)) {
                return usage_error("--max-input-bytes: '%s' is not a size (e.g. 4096, 64M)", arg);
            }
            break;
        case OPT_MAX_QUOTE:
            if (!qxb_parse_size(arg, &o->max_quote)) {
                return usage_error("--max-quote-bytes: '%s' is not a size (e.g. 4096, 64K)", arg);
            }
            break;
        case OPT_MAX_NESTING:
            if (!qxb_parse_size(arg, &o->max_nesting) || o->max_nesting == 0) {
                return usage_error("--max-nesting: '%s' is not a positive number", arg);
            }
            break;
        case OPT_MATCH_LIMIT:
            if (!qxb_parse_size(arg, &o->match_limit) || o->match_limit == 0) {
                return usage_error("--match-limit: '%s' is not a positive number", arg);
            }
            break;
        case OPT_HELP:
            o->help = true;
            break;
        case OPT_VERSION:
            o->version = true;
            break;
        default:
            break;
    }
    return 0;
}

/* Parses argv into *o. Long options take "--name VALUE" or "--name=VALUE"; short ones
 * "-j 4" or "-j4"; "--" ends the options; "-" alone is stdin. Returns 0 or an exit code. */
static int parse_args(int argc, char **argv, options *o) {
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || a[1] == '\0') {
            o->paths[o->n_paths++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            opts_done = true;
            continue;
        }
        const opt_def *def = NULL;
        const char *arg = NULL;
        if (a[1] == '-') {
            const char *name = a + 2;
            size_t n = strcspn(name, "=");
            for (size_t k = 0; k < sizeof opt_defs / sizeof *opt_defs; k++) {
                if (strlen(opt_defs[k].name) == n && memcmp(opt_defs[k].name, name, n) == 0) {
                    def = &opt_defs[k];
                }
            }
            if (!def) {
                return usage_error("unknown option '%s'", a);
            }
            if (name[n] == '=') {
                if (!def->has_arg) {
                    return usage_error("option '--%s' takes no value", def->name);
                }
                arg = name + n + 1;
            }
        } else {
            for (size_t k = 0; k < sizeof opt_defs / sizeof *opt_defs; k++) {
                if (opt_defs[k].short_name == a[1]) {
                    def = &opt_defs[k];
                }
            }
            if (!def) {
                return usage_error("unknown option '%s'", a);
            }
            if (a[2] != '\0') {
                if (!def->has_arg) {
                    return usage_error("unknown option '%s'", a);
                }
                arg = a + 2;
            }
        }
        if (def->has_arg && !arg) {
            if (i + 1 >= argc) {
                return usage_error("option '%s' needs a value", a);
            }
            arg = argv[++i];
        }
        int rc = apply_option(o, def->id, arg);
        if (rc) {
            return rc;
        }
    }
    return 0;
}

/* Splits --keep's comma list in place into fields[]. Returns the count, or -1 on an empty
 * name, a reserved name or too many names. */
static int split_keep(char *s, const char **fields) {
    int n = 0;
    for (char *p = s;;) {
        char *comma = strchr(p, ',');
        if (comma) {
            *comma = '\0';
        }
        if (*p == '\0' || strcmp(p, "id") == 0 || n == QXM_MAX_KEEP) {
            return -1;
        }
        fields[n++] = p;
        if (!comma) {
            return n;
        }
        p = comma + 1;
    }
}

static int load_model(const options *o, qx_model **model) {
    qx_error err;
    memset(&err, 0, sizeof err);
    qx_status st = o->lexicons ? qx_model_load(o->lexicons, model, &err)
                               : qx_model_new(model, &err);
    if (st != QX_OK) {
        if (err.source[0] && err.line > 0) {
            fprintf(stderr, "quotex: lexicon error: %s:%d:%d: %s\n", err.source, err.line,
                    err.column, err.text[0] ? err.text : qx_strerror(st));
        } else if (err.source[0]) {
            fprintf(stderr, "quotex: lexicon error: %s: %s\n", err.source,
                    err.text[0] ? err.text : qx_strerror(st));
        } else {
            fprintf(stderr, "quotex: cannot load the lexicons%s%s: %s\n",
                    o->lexicons ? " from " : "", o->lexicons ? o->lexicons : "",
                    err.text[0] ? err.text : qx_strerror(st));
        }
        return QXB_EXIT_MODEL;
    }
    if (o->max_input) {
        qx_model_set_limit(*model, QX_LIMIT_INPUT_BYTES, o->max_input);
    }
    if (o->max_quote) {
        qx_model_set_limit(*model, QX_LIMIT_QUOTE_BYTES, o->max_quote);
    }
    if (o->max_nesting) {
        qx_model_set_limit(*model, QX_LIMIT_NESTING, o->max_nesting);
    }
    if (o->match_limit) {
        qx_model_set_limit(*model, QX_LIMIT_MATCH, o->match_limit);
    }
    return 0;
}

/* Reads all of `f` up to limit bytes. Returns the text (malloc'd) or NULL with errno set
 * (EFBIG over the limit). */
static char *slurp(FILE *f, size_t limit, size_t *len) {
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        return NULL;
    }
    for (;;) {
        if (n == cap) {
            if (n > limit) {
                free(buf);
                errno = EFBIG;
                return NULL;
            }
            char *q = realloc(buf, cap * 2);
            if (!q) {
                free(buf);
                errno = ENOMEM;
                return NULL;
            }
            buf = q;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                free(buf);
                errno = e;
                return NULL;
            }
            break;
        }
    }
    if (n > limit) {
        free(buf);
        errno = EFBIG;
        return NULL;
    }
    *len = n;
    return buf;
}

/* Writes a JSON string literal for s: control characters, quote and backslash escaped,
 * invalid UTF-8 (a file name in Latin-1, say) as U+FFFD. */
static void put_json_string(FILE *out, const char *s) {
    char *clean = s ? qxb_utf8_clean(s, strlen(s), NULL) : NULL;
    if (!clean) {
        fputs("null", out);
        return;
    }
    putc('"', out);
    for (const unsigned char *p = (const unsigned char *)clean; *p; p++) {
        if (*p == '"' || *p == '\\') {
            putc('\\', out);
            putc(*p, out);
        } else if (*p < 0x20) {
            fprintf(out, "\\u%04x", *p);
        } else {
            putc(*p, out);
        }
    }
    putc('"', out);
    free(clean);
}

static size_t doc_len(const qx_doc *doc) {
    size_t len = 0;
    (void)qx_doc_text(doc, &len);
    return len;
}

/* The single-article mode. Returns an exit code. */
static int run_single(const options *o, const qx_model *model, FILE *out) {
    const char *path = o->n_paths ? o->paths[0] : "-";
    bool is_stdin = strcmp(path, "-") == 0;
    const char *id = o->id ? o->id : path;
    FILE *in = is_stdin ? stdin : fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "quotex: %s: %s\n", path, strerror(errno));
        return QXB_EXIT_DOCS;
    }
    struct stat st;
    if (fstat(fileno(in), &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "quotex: %s: is a directory (use --batch)\n", path);
        fclose(in);
        return QXB_EXIT_DOCS;
    }
    size_t len = 0;
    char *text = slurp(in, o->max_input, &len);
    int read_errno = errno;
    if (!is_stdin) {
        fclose(in);
    }
    char msg[300];
    qx_doc *doc = NULL;
    if (!text) {
        if (read_errno == EFBIG) {
            snprintf(msg, sizeof msg, "input exceeds --max-input-bytes %zu", o->max_input);
        } else {
            fprintf(stderr, "quotex: %s: %s\n", path, strerror(read_errno));
            return QXB_EXIT_DOCS;
        }
    } else {
        qx_error err;
        memset(&err, 0, sizeof err);
        qx_status st_x = qx_extract(model, text, len, o->xopts, &doc, &err);
        free(text);
        if (st_x == QX_ERR_UTF8 && !err.text[0]) {
            snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu", err.offset);
        } else if (st_x != QX_OK) {
            snprintf(msg, sizeof msg, "%s", err.text[0] ? err.text : qx_strerror(st_x));
        }
    }
    if (!doc) {
        /* The document failed: its error record on stdout (so a consumer always gets one
         * object), the message on stderr. */
        fprintf(stderr, "quotex: %s: %s\n", path, msg);
        fputs("{\"id\":", out);
        put_json_string(out, id);
        fputs(",\"line\":null,\"error\":", out);
        put_json_string(out, msg);
        fputs("}\n", out);
        return QXB_EXIT_DOCS;
    }
    int rc = QXB_EXIT_OK;
    if (o->format == QXB_FORMAT_TEXT) {
        bool color = isatty(fileno(out)) && !getenv("NO_COLOR");
        if (qxv_write_text(out, doc, id, o->jflags, color) != 0) {
            rc = QXB_EXIT_WRITE;
        }
    } else if (o->format == QXB_FORMAT_HTML) {
        if (qxv_write_html(out, doc, id, o->jflags) != 0) {
            rc = QXB_EXIT_WRITE;
        }
    } else if (doc_len(doc) >= QXB_STREAM_BYTES) {
        /* a large article's record is written as it is rendered, as in batch modes */
        qxb_sink sink = {out, 0};
        qx_status ws = qx_doc_write_json(doc, id, NULL, o->jflags, qxb_sink_write, &sink);
        if (ws == QX_OK && !(o->jflags & QX_JSON_FLAT) && qxb_sink_write(&sink, "\n", 1) != 0) {
            ws = QX_ERR_IO;
        }
        if (ws == QX_ERR_NOMEM) {
            fprintf(stderr, "quotex: %s: out of memory (the record is cut short)\n", path);
            rc = QXB_EXIT_DOCS;
        } else if (ws != QX_OK) {
            rc = QXB_EXIT_WRITE;
        }
    } else {
        char *json = qx_doc_to_json(doc, id, NULL, o->jflags);
        if (!json) {
            fprintf(stderr, "quotex: %s: out of memory\n", path);
            rc = QXB_EXIT_DOCS;
        } else {
            fputs(json, out);
            if (!(o->jflags & QX_JSON_FLAT)) {
                putc('\n', out);
            }
            qx_free(json);
        }
    }
    qx_doc_free(doc);
    return rc;
}

int main(int argc, char **argv) {
    options o;
    memset(&o, 0, sizeof o);
    o.max_input = (size_t)64 << 20; // the library's default QX_LIMIT_INPUT_BYTES
    o.paths = calloc((size_t)argc + 1, sizeof *o.paths);
    const char *keep[QXM_MAX_KEEP];
    char *keep_buf = NULL;
    qx_model *model = NULL;
    FILE *out = stdout;
    char *out_buf = NULL; /* the output buffer of the corpus modes (QXB_OUT_BUFFER) */
    int rc = o.paths ? parse_args(argc, argv, &o) : QXB_EXIT_DOCS;
    if (rc) {
        goto done;
    }
    if (o.help) {
        fputs(usage_text, stdout);
        goto done;
    }
    if (o.mode_set_jsonl && (o.mode_set_batch || o.files_from)) {
        rc = usage_error("%s", "--jsonl and --batch/--files-from exclude each other");
        goto done;
    }
    o.mode = o.mode_set_jsonl                  ? MODE_JSONL
             : (o.mode_set_batch || o.files_from) ? MODE_BATCH
                                                  : MODE_SINGLE;
    if (o.mode != MODE_BATCH && o.n_paths > 1) {
        rc = usage_error("%s", "one input only (use --batch for several files)");
        goto done;
    }
    if (o.mode == MODE_BATCH && o.n_paths == 0 && !o.files_from) {
        rc = usage_error("%s", "--batch needs a PATH or --files-from LIST");
        goto done;
    }
    if (o.id && o.mode != MODE_SINGLE) {
        rc = usage_error("%s", "--id applies to a single article (JSONL lines carry their id)");
        goto done;
    }
    if (o.format == QXB_FORMAT_HTML && o.mode != MODE_SINGLE && !o.html_dir) {
        rc = usage_error("%s", "--format html with --jsonl or --batch needs --html-dir DIR");
        goto done;
    }
    int n_keep = 0;
    if (o.keep_arg) {
        keep_buf = malloc(strlen(o.keep_arg) + 1);
        if (!keep_buf) {
            rc = QXB_EXIT_DOCS;
            goto done;
        }
        memcpy(keep_buf, o.keep_arg, strlen(o.keep_arg) + 1);
        n_keep = split_keep(keep_buf, keep);
        if (n_keep < 0) {
            rc = usage_error("--keep: '%s' must be a comma list of field names other than id",
                             o.keep_arg);
            goto done;
        }
    }
    rc = load_model(&o, &model);
    if (rc) {
        goto done;
    }
    if (o.version) {
        printf("quotex %s (lexicons %s)\n", qx_version_string(), qx_model_fingerprint(model));
        goto done;
    }
    if (o.output && strcmp(o.output, "-") != 0) {
        out = fopen(o.output, "w");
        if (!out) {
            fprintf(stderr, "quotex: %s: %s\n", o.output, strerror(errno));
            out = stdout;
            rc = QXB_EXIT_WRITE;
            goto done;
        }
    }
    if (o.html_dir && o.format == QXB_FORMAT_HTML && o.mode != MODE_SINGLE &&
        mkdir(o.html_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "quotex: %s: %s\n", o.html_dir, strerror(errno));
        rc = QXB_EXIT_WRITE;
        goto done;
    }
    if (o.mode == MODE_SINGLE) {
        rc = run_single(&o, model, out);
    } else {
        qxb_config cfg;
        memset(&cfg, 0, sizeof cfg);
        cfg.model = model;
        cfg.xopts = o.xopts;
        cfg.jflags = o.jflags;
        cfg.format = o.format;
        cfg.html_dir = o.html_dir;
        cfg.keep = keep;
        cfg.n_keep = (size_t)n_keep;
        cfg.max_input = o.max_input;
        cfg.jobs = o.jobs ? o.jobs : online_cores();
        cfg.progress = !o.quiet && (o.progress || isatty(STDERR_FILENO));
        cfg.stats = o.stats;
        cfg.color = o.format == QXB_FORMAT_TEXT && isatty(fileno(out)) && !getenv("NO_COLOR");
        if (!isatty(fileno(out))) {
            out_buf = malloc(QXB_OUT_BUFFER); /* a failure keeps stdio's own buffer */
            if (out_buf && setvbuf(out, out_buf, _IOFBF, QXB_OUT_BUFFER) == 0) {
                cfg.out_buffer = QXB_OUT_BUFFER;
            }
        }
        cfg.out = out;
        cfg.out_name = out == stdout ? "stdout" : o.output;
        if (o.mode == MODE_JSONL) {
            rc = qxb_run_jsonl(&cfg, o.n_paths ? o.paths[0] : "-");
        } else {
            rc = qxb_run_batch(&cfg, o.paths, o.n_paths, o.files_from);
        }
    }
done:;
    /* A write error anywhere (a full disk, /dev/full, a closed pipe) shows up here. */
    bool bad_write = ferror(out) != 0;
    int close_errno = 0;
    if (fclose(out) != 0) {
        bad_write = true;
        close_errno = errno;
    }
    if (out != stdout && fclose(stdout) != 0) {
        bad_write = true;
    }
    if (bad_write && rc != QXB_EXIT_WRITE) {
        fprintf(stderr, "quotex: write error on %s: %s\n",
                out == stdout || !o.output ? "stdout" : o.output,
                strerror(close_errno ? close_errno : EIO));
        rc = QXB_EXIT_WRITE;
    }
    qx_model_free(model);
    free(out_buf); /* after fclose, which was its last user */
    free(keep_buf);
    free(o.paths);
    return rc;
}
