/*
 * batch.c - the corpus modes of the quotex command: `--jsonl` and `--batch`.
 *
 * Input: JSONL lines ({"text": ..., "id": ...}) from a file or stdin, or files and directories
 * (*.txt: one article each, id = path; *.jsonl: one article a line, id = the line's "id" or
 * path:line). Output: exactly one record per input document, in input order: the document's
 * JSON (or text listing), or an error record {"id", "line", "error"} when that document
 * cannot be processed; the others go on and the run ends with exit code 1.
 *
 * Pipeline: the calling thread reads documents (the producer) and submits them as jobs. With
 * one job (-j 1) each job is processed and written at once on the same thread. With N > 1,
 * N workers take jobs from a ring of 16*N slots, parse, extract and render them, and the
 * worker that finishes the job at the head writes the finished slots in sequence order
 * (write_done), so the output is byte-identical to -j 1. The
 * ring and a cap on the input bytes in flight bound memory whatever the corpus size; only
 * --stats (speaker counts) and --format html (the index) keep per-corpus state.
 *
 * Signals: SIGINT/SIGTERM stop the producer; the documents already read are finished and
 * written, so stdout only ever holds complete lines; the run returns 130/143. Only the
 * producer thread receives them (the workers block them), and the -j 1 path
 * blocks them while it writes a record.
 *
 * Complexity: linear in the input; each line is read once (into a buffer of its own, or
 * with one thread where the reader's buffer holds it whole), parsed once.
 */
#include "batch.h"
#include "doc.h" /* qxp_extract_borrowed */
#include "jsonl.h"
#include "lexicon.h" /* qxp_casefold: --stats counts the case variants of a name together */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "view.h"

/* Read size of the line reader: large enough that a 2 KB news line costs no syscall of its
 * own, small enough to be irrelevant to RSS. */
#define QXB_READ_CHUNK ((size_t)256 * 1024)
/* Documents in flight per worker: enough to keep every worker busy while a slow document
 * holds the head of the ring, and to let the producer refill half the ring per wake-up:
 * 16 instead of 4 took -j 2 from 12,000 to 3,200 context switches on 8 copies of the BBC
 * corpus (peak RSS 4.7 -> 4.9 MiB), 64 instead of 16 from 3,150 to 830 (1,439 -> 370
 * involuntary ones: the producer, a third thread on two cores, wakes a quarter as often),
 * 0.3352 -> 0.3302 s at the fastest of 20 interleaved runs (peak RSS 5.3 -> 5.4 MiB;
 * QXB_INFLIGHT_BYTES still caps the bytes). */
#define QXB_SLOTS_PER_WORKER 64u
/* Input bytes in flight across the ring (a single larger document is still admitted alone):
 * 16 MiB keeps peak RSS near 32 MiB with two workers on news-sized articles. */
#define QXB_INFLIGHT_BYTES ((size_t)16 * 1024 * 1024)
/* The items a reclaim list holds (reclaim_push); a buffer that finds its list full is freed
 * where it is. Enough for a producer that sleeps until half of a -j 2 ring is free. */
#define QXB_RECLAIM_ITEMS (2 * QXB_SLOTS_PER_WORKER)
/* Deepest directory nesting walked; deeper directories become error records (and the
 * stack of open frames stays small). */
#define QXB_MAX_DEPTH 64
/* Speakers listed by --stats. */
#define QXB_TOP_SPEAKERS 10

/* Set by the signal handler; read by the producer between documents. */
static volatile sig_atomic_t got_signal;

static void on_signal(int signo) {
    got_signal = signo;
}

/* ---- small helpers ------------------------------------------------------------------- */

static char *dup_mem(const char *s, size_t n) {
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static char *dup_str(const char *s) {
    return dup_mem(s, strlen(s));
}

static char *dup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dup_printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return NULL;
    }
    char *p = malloc((size_t)n + 1);
    if (p) {
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return p;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Length of the valid UTF-8 sequence at s[0..n), or 0 when it is invalid; *bad receives the
 * length of the maximal invalid subpart to replace by one U+FFFD (Unicode 15 §3.9 U+FFFD
 * substitution: "\xE2\x80" then "x" is one U+FFFD then "x").
 */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t *bad) {
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
        hi = c == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        lo = c == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
        hi = c == 0xF4 ? 0x8F : 0xBF; // F4 90.. would exceed U+10FFFF
    } else {
        *bad = 1;
        return 0;
    }
    for (size_t k = 1; k < need; k++) {
        unsigned char lo_k = k == 1 ? lo : 0x80, hi_k = k == 1 ? hi : 0xBF;
        if (k >= n || s[k] < lo_k || s[k] > hi_k) {
            *bad = k;
            return 0;
        }
    }
    return need;
}

char *qxb_utf8_clean(const char *s, size_t n, size_t *out_len) {
    const unsigned char *u = (const unsigned char *)s;
    size_t cap = n + 1, len = 0;
    char *p = malloc(cap);
    if (!p) {
        return NULL;
    }
    for (size_t i = 0; i < n;) {
        size_t bad = 0, k = utf8_seq(u + i, n - i, &bad);
        const char *src = s + i;
        size_t m = k;
        if (k == 0) {
            src = "\xEF\xBF\xBD";
            m = 3;
            i += bad;
        } else {
            i += k;
        }
        if (len + m + 1 > cap) {
            cap = 2 * cap + m;
            char *q = realloc(p, cap);
            if (!q) {
                free(p);
                return NULL;
            }
            p = q;
        }
        memcpy(p + len, src, m);
        len += m;
    }
    p[len] = '\0';
    if (out_len) {
        *out_len = len;
    }
    return p;
}

static bool ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool qxb_parse_size(const char *s, size_t *out) {
    if (!s || *s < '0' || *s > '9') {
        return false;
    }
    size_t v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        size_t d = (size_t)(*s - '0');
        if (v > (SIZE_MAX - d) / 10) {
            return false;
        }
        v = v * 10 + d;
    }
    unsigned shift = 0;
    if (*s == 'k' || *s == 'K') {
        shift = 10;
    } else if (*s == 'm' || *s == 'M') {
        shift = 20;
    } else if (*s == 'g' || *s == 'G') {
        shift = 30;
    }
    if (shift) {
        s++;
        if (v > (SIZE_MAX >> shift)) {
            return false;
        }
        v <<= shift;
    }
    if (*s != '\0' || v == 0) {
        return false;
    }
    *out = v;
    return true;
}

/* ---- line reader --------------------------------------------------------------------- */

/* A read buffer of the line reader with worker threads: the lines it holds whole go to
 * the workers where they are, and the buffer is used again once the reader has moved on and
 * the last of those jobs is processed (chunk_next, chunk_release). Copying each line out
 * (malloc, memcpy, and a free handed back to the producer) was about 2% of the samples of a
 * -j 2 run over 8 copies of the BBC corpus (perf: memmove +1.1 points over -j 1, _int_free
 * +0.8), the largest of what that run had beyond -j 1's. */
typedef struct read_chunk {
    struct read_chunk *next_free; // the run's free list
    struct read_chunk *next_all;  // every chunk of the run, freed at its end
    size_t refs; // the reader's while it reads into it, plus one per job in it; under r->mu
    char buf[];  // QXB_READ_CHUNK bytes
} read_chunk;

struct run;
static int chunk_next(struct run *r, read_chunk **cur);

/* Reads lines of any length from a file descriptor, without stdio, so that EINTR from a
 * signal reaches the producer. Lines longer than `cap` are consumed and reported as overlong
 * without being stored. */
typedef struct line_reader {
    int fd;
    FILE *flush;      // flushed before each read() that may wait (stream input, -j 1)
    size_t *pending;  // with flush: the run's out_pending, zeroed by the flush
    char *buf;
    size_t pos, end;
    size_t cap;
    bool eof;
    int err;          // errno of a read error; EINTR when stopped by a signal
    uint64_t bytes;   // bytes consumed so far
    /* Lines met whole in buf are handed out in place (NUL-ended there, *borrowed set)
     * rather than copied. In one thread buf is the reader's own and such a line is valid
     * until the next read_line, as each line is processed before the next is read; with
     * worker threads (shared set) buf is chunk's, and the line is valid for as long as a
     * job refers to the chunk (submit counts the job). */
    struct run *shared;
    read_chunk *chunk;
} line_reader;

static void block_signals(sigset_t *old);

/* Returns 1 with a line in *line (NUL-ended, without its "\n" or "\r\n") and its length in
 * *len; or 1 with *line NULL and *len the length when it exceeded the cap; 0 at the end of
 * input; -1 on a read error or a signal (r->err). OOM is reported as ENOMEM. The line is
 * malloc'd, or (*borrowed set) a piece of r->buf when the buffer holds it whole: copying
 * each line out and freeing it again was about 5 MB and 2,100 malloc/free pairs for the
 * BBC corpus (with threads, see read_chunk). */
static int read_line(line_reader *r, char **line, size_t *len, bool *borrowed) {
    char *acc = NULL;
    size_t n = 0, acc_cap = 0;
    bool any = false, overlong = false;
    *line = NULL;
    *len = 0;
    *borrowed = false;
    for (;;) {
        if (r->pos == r->end) {
            if (r->eof) {
                break;
            }
            if (r->flush) {
                sigset_t old;
                block_signals(&old); // as emit: a flush is never cut by a signal
                (void)fflush(r->flush); // an error stays in ferror, which emit reports
                pthread_sigmask(SIG_SETMASK, &old, NULL);
                *r->pending = 0;
            }
            /* into what is left of a shared chunk (a pipe gives 64 KiB or less a read) */
            size_t at = r->shared && r->chunk ? r->end : 0;
            if (r->shared && (!r->chunk || at == QXB_READ_CHUNK)) {
                int e = chunk_next(r->shared, &r->chunk);
                if (e) {
                    free(acc);
                    r->err = e;
                    return -1;
                }
                r->buf = r->chunk->buf;
                at = 0;
            }
            ssize_t got = read(r->fd, r->buf + at, QXB_READ_CHUNK - at);
            if (got < 0) {
                if (errno == EINTR && !got_signal) {
                    continue;
                }
                r->err = errno;
                free(acc);
                return -1;
            }
            if (got == 0) {
                r->eof = true;
                break;
            }
            r->pos = at;
            r->end = at + (size_t)got;
        }
        any = true;
        char *start = r->buf + r->pos;
        char *nl = memchr(start, '\n', r->end - r->pos);
        size_t seg = nl ? (size_t)(nl - start) : r->end - r->pos;
        r->pos += seg + (nl ? 1 : 0);
        r->bytes += seg + (nl ? 1 : 0);
        if (nl && n == 0 && seg <= r->cap) {
            /* the whole line in the buffer: NUL-ended in place, over its "\n" (or "\r") */
            if (seg > 0 && start[seg - 1] == '\r') {
                seg--;
            }
            start[seg] = '\0';
            *line = start;
            *len = seg;
            *borrowed = true;
            return 1;
        }
        if (!overlong && n + seg > r->cap) {
            overlong = true;
            free(acc);
            acc = NULL;
        }
        if (!overlong) {
            if (n + seg + 1 > acc_cap) {
                /* A line met whole in the buffer (the usual case) gets its exact size. */
                size_t want = acc_cap ? acc_cap : (nl ? n + seg + 1 : 256);
                while (want < n + seg + 1) {
                    want *= 2;
                }
                char *q = realloc(acc, want);
                if (!q) {
                    free(acc);
                    r->err = ENOMEM;
                    return -1;
                }
                acc = q;
                acc_cap = want;
            }
            memcpy(acc + n, start, seg);
        }
        n += seg;
        if (nl) {
            break;
        }
    }
    if (!any) {
        free(acc);
        return 0;
    }
    if (overlong) {
        *len = n;
        return 1;
    }
    if (!acc) {
        acc = malloc(1);
        if (!acc) {
            r->err = ENOMEM;
            return -1;
        }
    }
    if (n > 0 && acc[n - 1] == '\r') {
        n--;
    }
    acc[n] = '\0';
    *line = acc;
    *len = n;
    return 1;
}

/* ---- jobs ---------------------------------------------------------------------------- */

typedef enum job_type {
    JOB_LINE, // a JSONL line: data is the line
    JOB_TEXT, // an article: data is its text, id its path
    JOB_FAIL  // already failed before processing: error holds the message
} job_type;

typedef struct speaker_count {
    char *name;
    size_t n;
    char *key; // print_stats: the name case-folded (NULL elsewhere)
} speaker_count;

typedef struct job {
    struct run *owner; // the run the job belongs to (set by submit)
    unsigned maker;    // threads: 1 + the index of the worker that processed it
    job_type type;
    size_t seq;
    char *data;
    bool data_borrowed; // data is the line reader's buffer (read_line): not freed here
    read_chunk *chunk;  // with threads, the buffer data is in (read_chunk): counted by submit
    size_t len;
    size_t raw_bytes; // input bytes this document stands for (progress, MB/s)
    char *id;         // JOB_TEXT/JOB_FAIL: the id; JOB_LINE: the fallback id (batch) or NULL
    size_t line;      // 1-based input line; 0 prints null
    char *error;      // JOB_FAIL: the message
    /* results */
    char *out;        // the record(s) to write
    size_t out_len;   // strlen(out) when known, else 0
    int stream_errno; // stream_record wrote the record, and that failed with this errno
    bool out_is_lib;  // out comes from the library (qx_free) rather than malloc
    bool newline;     // write "\n" after out
    bool failed;
    size_t n_quotes;
    speaker_count *speakers; // --stats only
    size_t n_speakers;
    char *page_id;    // --format html: id of the page written (NULL when none)
    int page_errno;   // --format html: nonzero when the page could not be written
} job;

/* Frees a record: from the library (lib: qx_free) or from this file (free). */
static void free_record(void *out, bool lib) {
    if (lib) {
        qx_free(out);
    } else {
        free(out);
    }
}

static void job_clear(job *j) {
    if (!j->data_borrowed) {
        free(j->data);
    }
    free(j->id);
    free(j->error);
    free_record(j->out, j->out_is_lib);
    for (size_t i = 0; i < j->n_speakers; i++) {
        free(j->speakers[i].name);
    }
    free(j->speakers);
    free(j->page_id);
    memset(j, 0, sizeof *j);
}

/* ---- the run ------------------------------------------------------------------------- */

/* Buffers to hand back to the thread whose malloc arena they came from. */
typedef struct reclaim_item {
    void *p;
    bool lib; // free with qx_free (library output), else free
} reclaim_item;

typedef struct reclaim_list {
    reclaim_item *p, *spare; // spare: the owner's second array, swapped in when it drains
    size_t n;
} reclaim_list;

typedef enum slot_state { SLOT_EMPTY, SLOT_READY, SLOT_BUSY, SLOT_DONE } slot_state;

typedef struct speaker_table {
    speaker_count *cells; // open addressing; name NULL = empty
    size_t cap, used;
} speaker_table;

typedef struct run {
    const qxb_config *cfg;
    unsigned kinds; // QX_JSON_KIND bits counted by --stats
    /* producer side */
    size_t next_seq;
    uint64_t total_bytes; // input size when known (progress percent), else 0
    /* writer side (only the worker holding `writing`, or the -j 1 loop, touches these) */
    size_t docs, errors, quotes;
    uint64_t bytes_done;
    double t_start, t_last_progress;
    bool progress_shown;
    bool progress_tty; // stderr is a terminal: redraw one line in place
    speaker_table speakers;
    char **page_names, **page_ids;
    size_t *page_counts;
    size_t n_pages, cap_pages;
    int write_errno;
    atomic_bool stop; // a write error: the producer stops reading
    bool threaded;    // workers and a writer run; otherwise everything runs inline
    bool stream_in;   // the input is a pipe, terminal or socket: flush when idle (batch.h)
    size_t out_pending; // -j 1: bytes put in out's buffer since it was last flushed
    /* the ring (threads only) */
    pthread_mutex_t mu;
    pthread_cond_t cv_work, cv_space;
    pthread_cond_t cv_turn; // head moved: a worker streaming a record may be next
    bool writing;           // a worker is writing the finished jobs at the head
    size_t flushed_at;      // head when the output was last flushed for stream input
    job *slots;
    slot_state *state;
    size_t cap;
    size_t head, next_work, tail; // seq numbers: next to write, next to process, next to add
    size_t inflight_bytes;
    bool eof;
    reclaim_list *back; // threads: [0] the producer's buffers, [1 + i] worker i's (reclaim)
    size_t n_back;
    struct worker_arg *wargs;
    /* the line reader's buffers (threads; read_chunk), under mu */
    read_chunk *chunks_free, *chunks_all;
    size_t n_chunks;
    bool chunk_wait; // the reader waits on cv_space for a chunk to be released
} run;

/* FNV-1a: stable, fast and good enough for a few thousand names. */
static size_t hash_name(const char *s) {
    uint64_t h = 1469598103934665603u;
    for (; *s; s++) {
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    }
    return (size_t)h;
}

static void speaker_add(speaker_table *t, const char *name, size_t n) {
    if ((t->used + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        speaker_count *cells = calloc(cap, sizeof *cells);
        if (!cells) {
            return; // statistics only: a count lost to OOM is acceptable
        }
        for (size_t i = 0; i < t->cap; i++) {
            if (t->cells[i].name) {
                size_t k = hash_name(t->cells[i].name) & (cap - 1);
                while (cells[k].name) {
                    k = (k + 1) & (cap - 1);
                }
                cells[k] = t->cells[i];
            }
        }
        free(t->cells);
        t->cells = cells;
        t->cap = cap;
    }
    size_t k = hash_name(name) & (t->cap - 1);
    while (t->cells[k].name && strcmp(t->cells[k].name, name) != 0) {
        k = (k + 1) & (t->cap - 1);
    }
    if (!t->cells[k].name) {
        t->cells[k].name = dup_str(name);
        if (!t->cells[k].name) {
            return;
        }
        t->used++;
    }
    t->cells[k].n += n;
}

/* Orders the case variants of one name together, the one to show first: the most counted,
 * and on a tie the one later in byte order, which has lowercase letters where the other has
 * capitals ("analysts" before "Analysts", "Rachel Lomax" before "RACHEL LOMAX"). */
static const char *speaker_key(const speaker_count *s) {
    return s->key ? s->key : s->name; /* no key: a long name, or out of memory */
}

static int cmp_speaker_key(const void *a, const void *b) {
    const speaker_count *x = a, *y = b;
    int c = strcmp(speaker_key(x), speaker_key(y));
    if (c != 0) {
        return c;
    }
    if (x->n != y->n) {
        return x->n > y->n ? -1 : 1;
    }
    return -strcmp(x->name, y->name);
}

/* Counts the case variants of a speaker's name as one speaker, shown in its most counted
 * form: "Analysts said" at the start of a sentence and "analysts said" within one are the
 * same speakers (fixtures/cli/stats-case.jsonl, tests/suite-cli.sh). cells[0..n) hold the
 * names; returns how many are left, in cells[0..), with the cells after them emptied. */
static size_t speakers_merge_case(speaker_count *cells, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char buf[512];
        size_t len = strlen(cells[i].name);
        size_t fl = qxp_casefold(cells[i].name, len, buf, sizeof buf - 1);
        if (fl != (size_t)-1) { // longer names keep their own spelling as the key
            buf[fl] = '\0';
            cells[i].key = dup_str(buf); // NULL (out of memory): compared by the name
        }
    }
    qsort(cells, n, sizeof *cells, cmp_speaker_key);
    size_t g = 0;
    for (size_t i = 0; i < n; i++) {
        if (g > 0 && strcmp(speaker_key(&cells[i]), speaker_key(&cells[g - 1])) == 0) {
            cells[g - 1].n += cells[i].n; // a variant of the group before: counted there
            free(cells[i].name);
            free(cells[i].key);
        } else {
            cells[g++] = cells[i]; // g <= i: the group's first variant moves down
        }
    }
    for (size_t i = g; i < n; i++) {
        cells[i].name = NULL; // moved down or freed above
        cells[i].key = NULL;
    }
    for (size_t i = 0; i < g; i++) {
        free(cells[i].key);
        cells[i].key = NULL;
    }
    return g;
}

static int cmp_speaker(const void *a, const void *b) {
    const speaker_count *x = a, *y = b;
    if (x->n != y->n) {
        return x->n > y->n ? -1 : 1;
    }
    return strcmp(x->name, y->name);
}

/* ---- processing (worker side; touches only the job and the read-only config) ------------ */

/* Renders {"id", "line", "error"} into j->out and marks the job failed. */
static void fail_job(const qxb_config *cfg, job *j, const char *id, const char *message) {
    json_t *o = json_object();
    char *clean_id = id ? qxb_utf8_clean(id, strlen(id), NULL) : NULL;
    char *clean_msg = qxb_utf8_clean(message, strlen(message), NULL);
    char *s = NULL;
    if (o && (clean_id || !id) && clean_msg) {
        json_object_set_new(o, "id", clean_id ? json_string(clean_id) : json_null());
        json_object_set_new(o, "line", j->line ? json_integer((json_int_t)j->line) : json_null());
        json_object_set_new(o, "error", json_string(clean_msg));
        size_t flags = JSON_COMPACT;
        if (cfg->jflags & QX_JSON_PRETTY) {
            flags = JSON_INDENT(2);
        }
        s = json_dumps(o, flags);
    }
    json_decref(o);
    free(clean_id);
    free(clean_msg);
    free_record(j->out, j->out_is_lib);
    /* Out of memory even for the error record: a fixed record keeps the line count. */
    j->out = s ? s : dup_str("{\"id\":null,\"line\":null,\"error\":\"out of memory\"}");
    j->out_len = 0; /* not known: the record is measured when written */
    j->out_is_lib = false;
    j->newline = true;
    j->failed = true;
    j->n_quotes = 0;
}

static bool kind_counted(unsigned kinds, qx_kind k) {
    return (kinds & QX_JSON_KIND(k)) != 0;
}

static void collect_stats(const qxb_config *cfg, unsigned kinds, const qx_doc *doc, job *j) {
    size_t nq = qx_doc_quote_count(doc);
    size_t ns = cfg->stats ? qx_doc_speaker_count(doc) : 0;
    size_t *per = ns ? calloc(ns, sizeof *per) : NULL;
    for (size_t i = 0; i < nq; i++) {
        const qx_quote *q = qx_doc_quote(doc, i);
        if (!q || !kind_counted(kinds, q->kind)) {
            continue;
        }
        j->n_quotes++;
        if (per && q->speaker_index >= 0 && (size_t)q->speaker_index < ns) {
            per[q->speaker_index]++;
        }
    }
    if (!per) {
        return;
    }
    j->speakers = calloc(ns, sizeof *j->speakers);
    for (size_t i = 0; j->speakers && i < ns; i++) {
        const qx_speaker *sp = qx_doc_speaker(doc, i);
        if (per[i] && sp && sp->name) {
            j->speakers[j->n_speakers].name = dup_str(sp->name);
            if (j->speakers[j->n_speakers].name) {
                j->speakers[j->n_speakers++].n = per[i];
            }
        }
    }
    free(per);
}

/* Writes the HTML page of a document into cfg->html_dir as doc-<seq+1>.html. */
static void write_page(const qxb_config *cfg, const qx_doc *doc, const char *id, job *j) {
    char *path = dup_printf("%s/doc-%06zu.html", cfg->html_dir, j->seq + 1);
    FILE *f = path ? fopen(path, "w") : NULL;
    int bad = f ? 0 : (path ? errno : ENOMEM);
    if (f) {
        if (qxv_write_html(f, doc, id, cfg->jflags) != 0 || ferror(f)) {
            bad = errno ? errno : EIO;
        }
        if (fclose(f) != 0 && !bad) {
            bad = errno;
        }
    }
    free(path);
    j->page_errno = bad;
    if (!bad) {
        j->page_id = dup_str(id ? id : "");
    }
}

static void stream_record(struct run *r, job *j, const qx_doc *doc, const char *id,
                          const char *extra);

/* Extracts text[0..len) and renders the record for `id` (NULL prints null). With
 * `nul_ended` (text[len] is a NUL, and the text outlives this call) the document uses the
 * text where it is (qxp_extract_borrowed) instead of a copy, and `known` (QXP_TEXT_*) says
 * what the JSONL scan checked of it already. */
static void extract_render(const qxb_config *cfg, unsigned kinds, job *j, const char *text,
                           size_t len, bool nul_ended, unsigned known, const char *id,
                           const char *extra) {
    if (len > cfg->max_input) {
        char msg[160];
        snprintf(msg, sizeof msg, "article of %zu bytes exceeds --max-input-bytes %zu", len,
                 cfg->max_input);
        fail_job(cfg, j, id, msg);
        return;
    }
    qx_doc *doc = NULL;
    qx_error err;
    memset(&err, 0, sizeof err);
    qx_status st =
        nul_ended ? qxp_extract_borrowed(cfg->model, text, len, cfg->xopts, known, &doc, &err)
                  : qx_extract(cfg->model, text, len, cfg->xopts, &doc, &err);
    if (st != QX_OK) {
        char msg[300];
        if (st == QX_ERR_UTF8 && !err.text[0]) {
            snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu", err.offset);
        } else if (err.text[0]) {
            snprintf(msg, sizeof msg, "%s", err.text);
        } else {
            snprintf(msg, sizeof msg, "%s", qx_strerror(st));
        }
        fail_job(cfg, j, id, msg);
        return;
    }
    if (cfg->format == QXB_FORMAT_TEXT) {
        char *buf = NULL;
        size_t n = 0;
        FILE *m = open_memstream(&buf, &n);
        int rc = m ? qxv_write_text(m, doc, id, cfg->jflags, cfg->color) : -1;
        if (m && fclose(m) != 0) {
            rc = -1;
        }
        if (rc != 0) {
            free(buf);
            fail_job(cfg, j, id, "out of memory");
        } else {
            j->out = buf;
            j->newline = false;
        }
    } else if (len >= QXB_STREAM_BYTES && j->owner && !(cfg->jflags & QX_JSON_PRETTY)) {
        stream_record(j->owner, j, doc, id, extra);
    } else {
        j->out = qxp_doc_to_json_len(doc, id, extra, cfg->jflags, &j->out_len);
        if (!j->out) {
            fail_job(cfg, j, id, "out of memory");
        } else {
            j->out_is_lib = true;
            j->newline = !(cfg->jflags & QX_JSON_FLAT); // flat lines end in "\n" already
        }
    }
    if (!j->failed) {
        collect_stats(cfg, kinds, doc, j);
        if (cfg->format == QXB_FORMAT_HTML) {
            write_page(cfg, doc, id, j);
        }
    }
    qx_doc_free(doc);
}

/* The --keep members of `root` as JSON text ("\"url\":\"...\",\"date\":1"), or NULL when
 * none is present. *oom is set when memory ran out. */
static char *keep_members(const qxb_config *cfg, const json_t *root, bool *oom) {
    char *acc = NULL;
    size_t n = 0;
    for (size_t i = 0; i < cfg->n_keep; i++) {
        json_t *v = json_object_get(root, cfg->keep[i]);
        if (!v) {
            continue;
        }
        json_t *key = json_string(cfg->keep[i]);
        char *ks = key ? json_dumps(key, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
        char *vs = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        json_decref(key);
        size_t kl = ks ? strlen(ks) : 0, vl = vs ? strlen(vs) : 0;
        char *q = (ks && vs) ? realloc(acc, n + kl + vl + 3) : NULL;
        if (!q) {
            free(ks);
            free(vs);
            free(acc);
            *oom = true;
            return NULL;
        }
        acc = q;
        if (n) {
            acc[n++] = ',';
        }
        memcpy(acc + n, ks, kl);
        acc[n + kl] = ':';
        memcpy(acc + n + kl + 1, vs, vl);
        n += kl + 1 + vl;
        acc[n] = '\0';
        free(ks);
        free(vs);
    }
    return acc;
}

/* The fast path (jsonl.c): a valid object line with a string "text" and a string or
 * integer "id" (or none), and no --keep. Returns false to hand the line to Jansson. */
static bool process_line_fast(const qxb_config *cfg, unsigned kinds, job *j) {
    qxb_jsonl_line l;
    if (cfg->n_keep || !qxb_jsonl_scan(j->data, j->len, &l) || !l.has_text ||
        !l.text_is_string || l.id_kind == QXB_ID_OTHER) {
        return false;
    }
    const char *s = j->data;
    char idbuf[64];
    char *idfree = NULL;
    const char *id = j->id;
    if (l.id_kind == QXB_ID_STRING) {
        if (l.id_escaped) {
            size_t il;
            idfree = qxb_jsonl_unescape(s + l.id_start + 1, l.id_end - l.id_start - 2, &il);
            if (idfree == NULL || memchr(idfree, '\0', il)) {
                free(idfree);
                return false;
            }
            id = idfree;
        } else {
            size_t il = l.id_end - l.id_start - 2;
            if (il >= sizeof idbuf) {
                return false;
            }
            memcpy(idbuf, s + l.id_start + 1, il);
            idbuf[il] = '\0';
            id = idbuf;
        }
    } else if (l.id_kind == QXB_ID_NUMBER) {
        /* integers print as Jansson prints them; "-0" and reals take the Jansson path */
        size_t il = l.id_end - l.id_start;
        if (memchr(s + l.id_start, '.', il) || (il == 2 && s[l.id_start] == '-') ||
            il >= sizeof idbuf) {
            return false;
        }
        memcpy(idbuf, s + l.id_start, il);
        idbuf[il] = '\0';
        id = idbuf;
    }
    /* the scan validated the string's UTF-8 (its escapes decode to valid UTF-8 too) */
    unsigned known = QXP_TEXT_UTF8 | (l.text_ascii ? QXP_TEXT_ASCII : 0u);
    if (l.text_escaped) {
        /* decoded in place: the line is the job's own, and the id was copied out above
         * (a copy cost one more buffer the size of the article, and a malloc per line) */
        char *text = j->data + l.text_start;
        size_t tl = qxb_jsonl_unescape_to(text, l.text_end - l.text_start, text);
        text[tl] = '\0'; /* within the escaped text or on its closing quote */
        extract_render(cfg, kinds, j, text, tl, true, known, id, NULL);
    } else {
        j->data[l.text_end] = '\0'; /* the closing quote: the line is read no more */
        extract_render(cfg, kinds, j, s + l.text_start, l.text_end - l.text_start, true, known,
                       id, NULL);
    }
    free(idfree);
    return true;
}

/* Parses one JSONL line and processes the article in it. */
static void process_line(const qxb_config *cfg, unsigned kinds, job *j) {
    const char *line = j->data;
    size_t len = j->len;
    size_t k = 0;
    while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r')) {
        k++;
    }
    if (k == len) {
        fail_job(cfg, j, NULL, "empty line");
        return;
    }
    if (process_line_fast(cfg, kinds, j)) {
        return;
    }
    json_error_t jerr;
    json_t *root = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
    if (!root && json_error_code(&jerr) == json_error_invalid_utf8) {
        /* Raw invalid UTF-8 inside the line (scraped Latin-1, say): an error under
         * --strict-utf8, otherwise replaced by U+FFFD like invalid bytes in a text file.
         * -> fixtures/cli/mixed.jsonl line 7 ("caf\xe9") */
        if (cfg->xopts & QX_OPT_STRICT_UTF8) {
            char msg[96];
            snprintf(msg, sizeof msg, "invalid UTF-8 at byte %d of the line", jerr.position);
            fail_job(cfg, j, j->id, msg);
            return;
        }
        size_t clen = 0;
        char *clean = qxb_utf8_clean(line, len, &clen);
        if (!clean) {
            fail_job(cfg, j, NULL, "out of memory");
            return;
        }
        root = json_loadb(clean, clen, JSON_ALLOW_NUL, &jerr);
        free(clean);
    }
    if (!root) {
        char msg[300];
        snprintf(msg, sizeof msg, "not JSON: %s at byte %d", jerr.text, jerr.position);
        fail_job(cfg, j, j->id, msg);
        return;
    }
    char idbuf[64];
    const char *id = j->id; // the fallback (path:line in batch mode)
    const char *bad = NULL;
    if (!json_is_object(root)) {
        bad = "not a JSON object";
    } else {
        json_t *jid = json_object_get(root, "id");
        if (json_is_string(jid)) {
            id = json_string_value(jid);
        } else if (json_is_integer(jid)) {
            snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(jid));
            id = idbuf;
        } else if (json_is_real(jid)) {
            snprintf(idbuf, sizeof idbuf, "%.17g", json_real_value(jid));
            id = idbuf;
        } else if (jid && !json_is_null(jid)) {
            bad = "\"id\" is not a string or a number";
        }
        json_t *text = json_object_get(root, "text");
        if (!bad && !text) {
            bad = "no \"text\" member";
        } else if (!bad && !json_is_string(text)) {
            bad = "\"text\" is not a string";
        }
    }
    if (bad) {
        fail_job(cfg, j, id, bad); // id: the line's own id once it is known to be valid
        json_decref(root);
        return;
    }
    bool oom = false;
    char *extra = cfg->n_keep ? keep_members(cfg, root, &oom) : NULL;
    if (oom) {
        fail_job(cfg, j, id, "out of memory");
    } else {
        json_t *text = json_object_get(root, "text");
        /* Jansson's strings end with a NUL, and root outlives the document */
        extract_render(cfg, kinds, j, json_string_value(text), json_string_length(text), true, 0,
                       id, extra);
    }
    free(extra);
    json_decref(root);
}

static void process_job(const qxb_config *cfg, unsigned kinds, job *j) {
    switch (j->type) {
        case JOB_LINE:
            process_line(cfg, kinds, j);
            break;
        case JOB_TEXT:
            extract_render(cfg, kinds, j, j->data, j->len, false, 0, j->id, NULL);
            break;
        case JOB_FAIL:
            fail_job(cfg, j, j->id, j->error ? j->error : "out of memory");
            break;
    }
    /* The input is no longer needed: free it now so that it does not wait for the writer
     * (a worker hands it back to the producer instead, worker_main). */
    if (!j->owner || !j->owner->threaded) {
        if (!j->data_borrowed) {
            free(j->data);
        }
        j->data = NULL;
    }
}

/* ---- writer side --------------------------------------------------------------------- */

static void show_progress(run *r, bool final) {
    double t = now_seconds();
    bool tty = r->progress_tty;
    if (!final && t - r->t_last_progress < (tty ? 0.25 : 2.0)) {
        return;
    }
    r->t_last_progress = t;
    double el = t - r->t_start;
    double mb = (double)r->bytes_done / 1e6;
    double rate = el > 0 ? mb / el : 0;
    char tail[64] = "";
    if (r->total_bytes > 0 && r->bytes_done <= r->total_bytes) {
        double frac = (double)r->bytes_done / (double)r->total_bytes;
        double eta = frac > 0 ? el * (1 - frac) / frac : 0;
        snprintf(tail, sizeof tail, "  %3.0f%%  ETA %d:%02d", frac * 100, (int)eta / 60,
                 (int)eta % 60);
    }
    fprintf(stderr, "%squotex: %zu docs  %.1f MB  %.1f MB/s%s%s", tty ? "\r" : "", r->docs, mb,
            rate, tail, tty ? "\033[K" : "\n");
    r->progress_shown = true;
}

static void add_page(run *r, const job *j) {
    if (r->n_pages == r->cap_pages) {
        size_t cap = r->cap_pages ? r->cap_pages * 2 : 64;
        char **names = realloc(r->page_names, cap * sizeof *names);
        if (names) {
            r->page_names = names;
        }
        char **ids = realloc(r->page_ids, cap * sizeof *ids);
        if (ids) {
            r->page_ids = ids;
        }
        size_t *counts = realloc(r->page_counts, cap * sizeof *counts);
        if (counts) {
            r->page_counts = counts;
        }
        if (!names || !ids || !counts) {
            return;
        }
        r->cap_pages = cap;
    }
    char *name = dup_printf("doc-%06zu.html", j->seq + 1);
    char *id = dup_str(j->page_id);
    if (!name || !id) {
        free(name);
        free(id);
        return;
    }
    r->page_names[r->n_pages] = name;
    r->page_ids[r->n_pages] = id;
    r->page_counts[r->n_pages++] = j->n_quotes;
}

/* Writes one processed job, updates the counters and frees the job's contents, except its
 * record when `keep_out` (the caller hands it back to its maker, reclaim_push). */
static void emit(run *r, job *j, bool keep_out) {
    const qxb_config *cfg = r->cfg;
    FILE *out = cfg->out;
    if (r->write_errno == 0 && j->out) {
        size_t n = j->out_len ? j->out_len : strlen(j->out);
        errno = 0;
        if (fwrite(j->out, 1, n, out) != n || (j->newline && putc('\n', out) == EOF) ||
            ferror(out)) {
            r->write_errno = errno ? errno : EIO;
            atomic_store(&r->stop, true);
        }
    }
    if (j->stream_errno && r->write_errno == 0) {
        r->write_errno = j->stream_errno;
        atomic_store(&r->stop, true);
    }
    if (j->page_errno && r->write_errno == 0) {
        r->write_errno = j->page_errno;
        atomic_store(&r->stop, true);
    }
    r->docs++;
    r->errors += j->failed;
    r->quotes += j->n_quotes;
    r->bytes_done += j->raw_bytes;
    for (size_t i = 0; i < j->n_speakers; i++) {
        speaker_add(&r->speakers, j->speakers[i].name, j->speakers[i].n);
    }
    if (j->page_id) {
        add_page(r, j);
    }
    if (cfg->progress) {
        show_progress(r, false);
    }
    if (keep_out) {
        j->out = NULL;
    }
    job_clear(j);
}

/* Blocks SIGINT and SIGTERM for the calling thread; *old gets the mask to restore. */
static void block_signals(sigset_t *old) {
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, old);
}

int qxb_sink_write(void *ctx, const char *data, size_t len) {
    qxb_sink *c = ctx;
    errno = 0;
    if (fwrite(data, 1, len, c->out) != len || ferror(c->out)) {
        c->err = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

/* Writes the record of a large document (QXB_STREAM_BYTES) straight to the output as it is
 * rendered, so that its JSON is never held whole. The output stays in input order: with
 * threads the worker first waits until every earlier record is written (nobody else writes
 * then: the next record to write is this job's, which is not finished); with -j 1
 * every earlier record is already out. Signals are blocked for the write, as emit does, so
 * stdout still only holds complete lines. The job keeps no output: emit only counts it
 * (and reports a write error). Running out of memory halfway leaves a cut line, so it is
 * reported as a write error (exit 4) rather than as a document error. */
static void stream_record(run *r, job *j, const qx_doc *doc, const char *id,
                          const char *extra) {
    const qxb_config *cfg = r->cfg;
    if (r->threaded) {
        pthread_mutex_lock(&r->mu);
        while (r->head != j->seq) {
            pthread_cond_wait(&r->cv_turn, &r->mu);
        }
        pthread_mutex_unlock(&r->mu);
    }
    if (r->write_errno != 0) {
        return; // an earlier write failed: the run is stopping and writes nothing more
    }
    sigset_t old;
    block_signals(&old);
    qxb_sink c = {cfg->out, 0};
    qx_status st = qx_doc_write_json(doc, id, extra, cfg->jflags, qxb_sink_write, &c);
    if (st == QX_OK && !(cfg->jflags & QX_JSON_FLAT) && qxb_sink_write(&c, "\n", 1) != 0) {
        st = QX_ERR_IO;
    }
    if (!r->threaded) {
        (void)fflush(cfg->out); // an empty buffer again for submit's count (a write error
        r->out_pending = 0;     // stays in ferror, which the next emit reports)
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (st != QX_OK) {
        j->stream_errno = c.err ? c.err : ENOMEM;
    }
}

/* ---- the ring (N > 1) ---------------------------------------------------------------- */

/* The reader's buffers in use at once, at most (read_chunk): a chunk stays while one short
 * line in it is in flight, so the bytes they hold are not those QXB_INFLIGHT_BYTES counts.
 * 16 chunks (4 MiB) hold the lines of a full ring of 64 documents a worker for -j 2 at news
 * sizes, and bound what lines split between chunks (copied) could leave pinned. */
#define QXB_READ_CHUNKS 16u

/* Drops one reference to a chunk (called with r->mu held); the last one puts it on the free
 * list, and wakes the reader if it waits for one. */
static void chunk_release(run *r, read_chunk *c) {
    if (--c->refs == 0) {
        c->next_free = r->chunks_free;
        r->chunks_free = c;
        if (r->chunk_wait) {
            pthread_cond_signal(&r->cv_space);
        }
    }
}

/* The line reader's next buffer: releases *cur (the reader's reference) and takes a free
 * chunk, a new one while there are fewer than QXB_READ_CHUNKS, or waits for one. Every
 * chunk in use is held by a submitted job, which a worker will finish, so the wait ends.
 * Returns 0, or ENOMEM. */
static int chunk_next(run *r, read_chunk **cur) {
    int err = 0;
    pthread_mutex_lock(&r->mu);
    if (*cur) {
        chunk_release(r, *cur);
        *cur = NULL;
    }
    while (!r->chunks_free && r->n_chunks >= QXB_READ_CHUNKS) {
        r->chunk_wait = true;
        pthread_cond_wait(&r->cv_space, &r->mu);
    }
    r->chunk_wait = false;
    read_chunk *c = r->chunks_free;
    if (c) {
        r->chunks_free = c->next_free;
    } else {
        c = malloc(sizeof *c + QXB_READ_CHUNK);
        if (c) {
            c->next_all = r->chunks_all;
            r->chunks_all = c;
            r->n_chunks++;
        } else {
            err = ENOMEM;
        }
    }
    if (c) {
        c->refs = 1;
        *cur = c;
    }
    pthread_mutex_unlock(&r->mu);
    return err;
}

/* The reader is done with its chunk (the end of an input); jobs may still hold it. */
static void chunk_drop(run *r, read_chunk **cur) {
    if (*cur) {
        pthread_mutex_lock(&r->mu);
        chunk_release(r, *cur);
        pthread_mutex_unlock(&r->mu);
        *cur = NULL;
    }
}

/* Buffers go back to the thread that allocated them (with glibc, each thread mallocs from
 * its own arena): a free from another thread takes that arena's lock while its owner
 * mallocs in it, and the owner frees its own buffers without contention. The input line
 * goes back to the producer, the record to the worker that rendered it. A -j 2 run over
 * the BBC corpus made 600-880 futex calls, 175 of them on arena locks (strace -f); now
 * 190-250, none on arena locks, and 50-90 mprotect calls instead of 90-240 (the arenas
 * grow less when each thread reuses its own freed memory).
 * Called with r->mu held. A list holds QXB_RECLAIM_ITEMS; when it is full (many threads,
 * or a slow document at the head of the ring), the buffer is freed here. */
static void reclaim_push(run *r, unsigned owner, reclaim_item it) {
    reclaim_list *l = &r->back[owner];
    if (l->n < QXB_RECLAIM_ITEMS) {
        l->p[l->n++] = it;
        return;
    }
    free_record(it.p, it.lib);
}

/* Takes the owner's list (called with r->mu held); free the items with reclaim_free once
 * the lock is released. */
static reclaim_item *reclaim_take(run *r, unsigned owner, size_t *n) {
    reclaim_list *l = &r->back[owner];
    reclaim_item *full = l->p;
    *n = l->n;
    l->p = l->spare;
    l->spare = full;
    l->n = 0;
    return full;
}

static void reclaim_free(reclaim_item *items, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free_record(items[i].p, items[i].lib);
    }
}

/* Writes the finished jobs at the head of the ring, in sequence order; called with r->mu
 * held by the worker that just finished a job. One worker writes at a time (r->writing):
 * a worker that finishes while another writes leaves its job to it, as the writer checks
 * the next slot again under the lock after each record. There is no writer thread: on
 * this 2-core machine its wake-up per document cost more than the writing (-j 2 ran 46,000
 * context switches and 0.4 s of system time on 8 copies of the BBC corpus). */
static void write_done(run *r, unsigned me) {
    if (r->writing) {
        return;
    }
    r->writing = true;
    for (;;) {
        while (r->head < r->tail && r->state[r->head % r->cap] == SLOT_DONE) {
            size_t k = r->head % r->cap;
            job *j = &r->slots[k];
            size_t bytes = j->raw_bytes;
            pthread_mutex_unlock(&r->mu);

            /* the record, when another worker made it, goes back to that worker (reclaim) */
            unsigned maker = j->maker;
            reclaim_item back = {NULL, false};
            if (maker != me && maker < r->n_back && j->out) {
                back.p = j->out;
                back.lib = j->out_is_lib;
            }
            emit(r, j, back.p != NULL); // the slot is ours until it is marked empty

            pthread_mutex_lock(&r->mu);
            if (back.p) {
                reclaim_push(r, maker, back);
            }
            r->state[k] = SLOT_EMPTY;
            r->head++;
            r->inflight_bytes -= bytes;
            /* the producer refills once half the ring is free, several jobs per wake-up */
            if (r->tail - r->head <= r->cap / 2) {
                pthread_cond_signal(&r->cv_space);
            }
            pthread_cond_broadcast(&r->cv_turn);
        }
        /* nothing in flight: with stream input the producer is waiting for more (batch.h
         * QXB_OUT_BUFFER); flushed once per idle moment, and the jobs that finished during the
         * flush are written by the loop above */
        if (!r->stream_in || r->head != r->tail || r->flushed_at == r->head) {
            break;
        }
        r->flushed_at = r->head;
        pthread_mutex_unlock(&r->mu);
        (void)fflush(r->cfg->out); // an error stays in ferror, which the next emit reports
        pthread_mutex_lock(&r->mu);
    }
    r->writing = false;
}

typedef struct worker_arg {
    run *r;
    unsigned me; // 1 + the worker's index: its reclaim list
} worker_arg;

/* A worker: takes the next job, processes it, marks it done and writes what can be written,
 * then takes the next job under the same hold of the lock: one lock per job instead of
 * two, as r->mu is where producer and workers meet (futex calls of a -j 2 run over the BBC
 * corpus 224-246 -> 193-219). */
static void *worker_main(void *arg) {
    run *r = ((worker_arg *)arg)->r;
    unsigned me = ((worker_arg *)arg)->me;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        size_t n_back;
        reclaim_item *back = reclaim_take(r, me, &n_back);
        while (r->next_work == r->tail && !r->eof) {
            pthread_cond_wait(&r->cv_work, &r->mu);
        }
        if (r->next_work == r->tail) {
            pthread_mutex_unlock(&r->mu);
            reclaim_free(back, n_back);
            return NULL;
        }
        size_t seq = r->next_work++;
        size_t k = seq % r->cap;
        r->state[k] = SLOT_BUSY;
        job *j = &r->slots[k];
        pthread_mutex_unlock(&r->mu);
        reclaim_free(back, n_back);

        j->maker = me;
        process_job(r->cfg, r->kinds, j);
        reclaim_item data = {j->data_borrowed ? NULL : j->data, false};
        read_chunk *chunk = j->chunk;
        j->data = NULL;
        j->chunk = NULL;

        pthread_mutex_lock(&r->mu);
        if (data.p) {
            reclaim_push(r, 0, data);
        }
        if (chunk) {
            chunk_release(r, chunk);
        }
        r->state[k] = SLOT_DONE;
        write_done(r, me);
    }
}

/* Hands a job to the pipeline, which takes ownership of its contents. */
static void submit(run *r, job *j) {
    j->seq = r->next_seq++;
    j->owner = r;
    if (!r->threaded) {
        process_job(r->cfg, r->kinds, j);
        /* A write is never cut by a signal: signals are blocked around every write()
         * (SIGINT and SIGTERM have handlers without SA_RESTART, so that a blocked read
         * stops). With the output's buffer known (cfg->out_buffer), a record that fits
         * what is left of it makes no write(), and goes in without the two
         * rt_sigprocmask calls, which were 4,190 of the 4,300 system calls of a run over
         * the BBC corpus; the buffer is then flushed, with signals blocked, when the next
         * record would not fit. */
        if (j->out && j->out_len == 0) {
            j->out_len = strlen(j->out); /* not known from the writer */
        }
        size_t n = j->out ? j->out_len + j->newline : 0;
        size_t cap = r->cfg->out_buffer;
        if (cap && r->out_pending + n < cap && !j->stream_errno) {
            r->out_pending += n;
            emit(r, j, false);
            return;
        }
        sigset_t old;
        block_signals(&old);
        emit(r, j, false);
        (void)fflush(r->cfg->out); // an error stays in ferror, which the next emit reports
        r->out_pending = 0;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return;
    }
    pthread_mutex_lock(&r->mu);
    while (r->tail - r->head >= r->cap ||
           (r->tail > r->head && r->inflight_bytes + j->raw_bytes > QXB_INFLIGHT_BYTES)) {
        pthread_cond_wait(&r->cv_space, &r->mu);
    }
    size_t n_back;
    reclaim_item *back = reclaim_take(r, 0, &n_back);
    if (j->chunk) {
        j->chunk->refs++;
    }
    size_t k = r->tail % r->cap;
    r->slots[k] = *j;
    r->state[k] = SLOT_READY;
    r->tail++;
    r->inflight_bytes += j->raw_bytes;
    pthread_cond_signal(&r->cv_work);
    pthread_mutex_unlock(&r->mu);
    reclaim_free(back, n_back);
    memset(j, 0, sizeof *j);
}

static bool should_stop(run *r) {
    return got_signal != 0 || atomic_load(&r->stop);
}

/* ---- run setup and teardown ---------------------------------------------------------- */

static pthread_t *threads_start(run *r, size_t *n_threads) {
    *n_threads = 0;
    if (r->cfg->jobs <= 1) {
        return NULL;
    }
    size_t n = (size_t)r->cfg->jobs;
    pthread_t *t = calloc(n, sizeof *t);
    r->wargs = calloc(n, sizeof *r->wargs);
    if (!t || !r->wargs) {
        free(t);
        return NULL;
    }
    sigset_t old;
    block_signals(&old); // inherited: only the producer gets signals
    for (size_t i = 0; i < n; i++) {
        r->wargs[i].r = r;
        r->wargs[i].me = (unsigned)(i + 1);
        if (pthread_create(&t[i], NULL, worker_main, &r->wargs[i]) != 0) {
            break;
        }
        (*n_threads)++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (*n_threads < 1) {
        /* No worker: process inline instead. */
        pthread_mutex_lock(&r->mu);
        r->eof = true;
        pthread_cond_broadcast(&r->cv_work);
        pthread_mutex_unlock(&r->mu);
        for (size_t i = 0; i < *n_threads; i++) {
            pthread_join(t[i], NULL);
        }
        r->eof = false;
        *n_threads = 0;
        free(t);
        return NULL;
    }
    r->threaded = true;
    return t;
}

/* Frees the reclaim lists and what is left on them (run_finish, after the workers ended). */
static void back_free(run *r) {
    for (size_t i = 0; r->back && i < r->n_back; i++) {
        reclaim_free(r->back[i].p, r->back[i].n); /* n is 0 when p could not be made */
        free(r->back[i].p);
        free(r->back[i].spare);
    }
    free(r->back);
    r->back = NULL;
}

static bool run_init(run *r, const qxb_config *cfg) {
    memset(r, 0, sizeof *r);
    r->cfg = cfg;
    r->kinds = cfg->jflags & QX_JSON_ALL_KINDS;
    if (!r->kinds) {
        r->kinds = QX_JSON_KIND(QX_KIND_DIRECT) | QX_JSON_KIND(QX_KIND_INDIRECT) |
                   QX_JSON_KIND(QX_KIND_MIXED);
    }
    atomic_init(&r->stop, false);
    r->t_start = now_seconds();
    r->t_last_progress = r->t_start;
    r->progress_tty = isatty(STDERR_FILENO) != 0;
    got_signal = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; // no SA_RESTART: a blocked read returns EINTR
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (cfg->jobs > 1) {
        r->cap = (size_t)cfg->jobs * QXB_SLOTS_PER_WORKER;
        r->slots = calloc(r->cap, sizeof *r->slots);
        r->state = calloc(r->cap, sizeof *r->state);
        r->n_back = (size_t)cfg->jobs + 1;
        r->back = calloc(r->n_back, sizeof *r->back);
        bool ok = r->slots && r->state && r->back;
        for (size_t i = 0; ok && i < r->n_back; i++) {
            r->back[i].p = malloc(QXB_RECLAIM_ITEMS * sizeof *r->back[i].p);
            r->back[i].spare = malloc(QXB_RECLAIM_ITEMS * sizeof *r->back[i].spare);
            ok = r->back[i].p && r->back[i].spare;
        }
        if (!ok) {
            back_free(r);
            free(r->slots);
            free(r->state);
            return false;
        }
        pthread_mutex_init(&r->mu, NULL);
        pthread_cond_init(&r->cv_work, NULL);
        pthread_cond_init(&r->cv_space, NULL);
        pthread_cond_init(&r->cv_turn, NULL);
    }
    return true;
}

static void write_index(run *r) {
    const qxb_config *cfg = r->cfg;
    char *path = dup_printf("%s/index.html", cfg->html_dir);
    FILE *f = path ? fopen(path, "w") : NULL;
    int bad = f ? 0 : errno;
    if (f) {
        if (qxv_write_html_index(f, (const char *const *)r->page_names,
                                 (const char *const *)r->page_ids, r->page_counts,
                                 r->n_pages) != 0 ||
            ferror(f)) {
            bad = errno ? errno : EIO;
        }
        if (fclose(f) != 0 && !bad) {
            bad = errno;
        }
    }
    if (bad && !r->write_errno) {
        r->write_errno = bad;
    }
    free(path);
}

static void print_stats(run *r) {
    double el = now_seconds() - r->t_start;
    double mb = (double)r->bytes_done / 1e6;
    fprintf(stderr, "quotex: %zu documents, %zu quotes, %zu errors, %.1f MB in %.2f s (%.1f MB/s)\n",
            r->docs, r->quotes, r->errors, mb, el, el > 0 ? mb / el : 0);
    speaker_table *t = &r->speakers;
    size_t n = 0;
    for (size_t i = 0; i < t->cap; i++) {
        if (t->cells[i].name) {
            t->cells[n++] = t->cells[i]; // compact in place; the table is not used again
        }
    }
    for (size_t i = n; i < t->cap; i++) {
        t->cells[i].name = NULL; // moved above: freed once, from its new cell
    }
    n = speakers_merge_case(t->cells, n);
    qsort(t->cells, n, sizeof *t->cells, cmp_speaker);
    fprintf(stderr, "quotex: top speakers:");
    for (size_t i = 0; i < n && i < QXB_TOP_SPEAKERS; i++) {
        fprintf(stderr, "%s %s (%zu)", i ? "," : "", t->cells[i].name, t->cells[i].n);
    }
    fprintf(stderr, "%s\n", n ? "" : " none");
    t->used = n;
}

/* Waits for the pipeline to drain, prints the summaries and frees the run. Returns the exit
 * code. */
static int run_finish(run *r, pthread_t *threads, size_t n_threads, bool read_failed) {
    const qxb_config *cfg = r->cfg;
    if (r->threaded) {
        pthread_mutex_lock(&r->mu);
        r->eof = true;
        pthread_cond_broadcast(&r->cv_work);
        pthread_mutex_unlock(&r->mu);
        for (size_t i = 0; i < n_threads; i++) {
            pthread_join(threads[i], NULL);
        }
    }
    free(threads);
    if (cfg->jobs > 1) {
        pthread_mutex_destroy(&r->mu);
        pthread_cond_destroy(&r->cv_work);
        pthread_cond_destroy(&r->cv_space);
        pthread_cond_destroy(&r->cv_turn);
        free(r->slots);
        free(r->state);
        back_free(r);
        free(r->wargs);
        while (r->chunks_all) {
            read_chunk *c = r->chunks_all;
            r->chunks_all = c->next_all;
            free(c);
        }
    }
    if (cfg->format == QXB_FORMAT_HTML && !r->write_errno) {
        write_index(r);
    }
    if (cfg->progress) {
        show_progress(r, true);
        if (r->progress_tty) {
            fputc('\n', stderr);
        }
    }
    if (cfg->stats) {
        print_stats(r);
    }
    for (size_t i = 0; i < r->speakers.cap; i++) {
        free(r->speakers.cells[i].name);
    }
    free(r->speakers.cells);
    for (size_t i = 0; i < r->n_pages; i++) {
        free(r->page_names[i]);
        free(r->page_ids[i]);
    }
    free(r->page_names);
    free(r->page_ids);
    free(r->page_counts);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (r->write_errno) {
        fprintf(stderr, "quotex: write error on %s: %s\n",
                cfg->format == QXB_FORMAT_HTML && cfg->html_dir ? cfg->html_dir : cfg->out_name,
                strerror(r->write_errno));
        return QXB_EXIT_WRITE;
    }
    if (got_signal) {
        fprintf(stderr, "quotex: %s: stopped after %zu documents\n",
                got_signal == SIGINT ? "interrupted" : "terminated", r->docs);
        return got_signal == SIGINT ? QXB_EXIT_SIGINT : QXB_EXIT_SIGTERM;
    }
    return (r->errors || read_failed) ? QXB_EXIT_DOCS : QXB_EXIT_OK;
}

/* ---- producers ----------------------------------------------------------------------- */

/* Reads the JSONL stream on fd and submits one job per line. `fallback` is the path used
 * for path:line ids in batch mode (NULL in --jsonl mode). Returns false on a read error
 * (already reported on stderr). */
static bool produce_lines(run *r, int fd, const char *name, const char *fallback) {
    const qxb_config *cfg = r->cfg;
    line_reader lr;
    memset(&lr, 0, sizeof lr);
    lr.fd = fd;
    lr.flush = r->stream_in && !r->threaded ? r->cfg->out : NULL;
    lr.shared = r->threaded ? r : NULL;
    lr.pending = &r->out_pending;
    lr.buf = r->threaded ? NULL : malloc(QXB_READ_CHUNK); // threads: chunk_next
    /* A JSON line is at least as long as the text it holds; escapes make it longer ("\n"
     * is 2 bytes for 1), so the line cap is twice the text cap plus room for other members. */
    lr.cap = cfg->max_input > (SIZE_MAX - (1u << 20)) / 2 ? SIZE_MAX - 1
                                                          : cfg->max_input * 2 + (1u << 20);
    if (!lr.buf && !lr.shared) {
        fprintf(stderr, "quotex: %s: out of memory\n", name);
        return false;
    }
    bool ok = true;
    for (size_t line_no = 1; !should_stop(r); line_no++) {
        char *line = NULL;
        size_t len = 0;
        uint64_t before = lr.bytes;
        bool borrowed = false;
        int rc = read_line(&lr, &line, &len, &borrowed);
        if (rc == 0) {
            break;
        }
        if (rc < 0) {
            if (lr.err != EINTR) {
                fprintf(stderr, "quotex: %s: read error: %s\n", name, strerror(lr.err));
                ok = false;
            }
            break;
        }
        job j;
        memset(&j, 0, sizeof j);
        j.line = line_no;
        j.raw_bytes = (size_t)(lr.bytes - before);
        if (fallback) {
            j.id = dup_printf("%s:%zu", fallback, line_no);
        }
        if (!line) {
            j.type = JOB_FAIL;
            j.error = dup_printf("line of %zu bytes exceeds the limit of %zu (--max-input-bytes)",
                                 len, lr.cap);
            free(j.id); // the id is not known: the line was not parsed
            j.id = NULL;
        } else {
            j.type = JOB_LINE;
            j.data = line;
            j.data_borrowed = borrowed;
            j.chunk = borrowed ? lr.chunk : NULL;
            j.len = len;
        }
        submit(r, &j);
    }
    if (lr.shared) {
        chunk_drop(r, &lr.chunk);
    } else {
        free(lr.buf);
    }
    return ok;
}

/* Reads a whole article file; returns its text (malloc'd) or NULL with *err set (EFBIG when
 * it is over the limit, EINTR when a signal arrived). */
static char *read_file(int fd, size_t limit, size_t *len, int *err) {
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        *err = ENOMEM;
        return NULL;
    }
    for (;;) {
        if (n == cap) {
            if (cap > limit) {
                free(buf);
                *err = EFBIG;
                return NULL;
            }
            char *q = realloc(buf, cap * 2);
            if (!q) {
                free(buf);
                *err = ENOMEM;
                return NULL;
            }
            buf = q;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0) {
            if (errno == EINTR && !got_signal) {
                continue;
            }
            *err = errno;
            free(buf);
            return NULL;
        }
        if (got == 0) {
            break;
        }
        n += (size_t)got;
    }
    if (n > limit) {
        free(buf);
        *err = EFBIG;
        return NULL;
    }
    *len = n;
    return buf;
}

static void submit_fail(run *r, const char *id, size_t line, char *message) {
    job j;
    memset(&j, 0, sizeof j);
    j.type = JOB_FAIL;
    j.id = id ? dup_str(id) : NULL;
    j.line = line;
    j.error = message;
    submit(r, &j);
}

/* One file of a batch: *.jsonl gives a line each, anything else one article. */
static void produce_file(run *r, const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        submit_fail(r, path, 0, dup_printf("cannot open: %s", strerror(errno)));
        return;
    }
    if (ends_with(path, ".jsonl")) {
        if (!produce_lines(r, fd, path, path)) {
            submit_fail(r, path, 0, dup_str("read error"));
        }
        close(fd);
        return;
    }
    size_t len = 0;
    int err = 0;
    char *text = read_file(fd, r->cfg->max_input, &len, &err);
    struct stat st;
    size_t size = fstat(fd, &st) == 0 ? (size_t)st.st_size : 0;
    close(fd);
    if (!text) {
        if (err == EINTR) {
            return;
        }
        submit_fail(r, path, 0,
                    err == EFBIG ? dup_printf("file of %zu bytes exceeds --max-input-bytes %zu",
                                              size, r->cfg->max_input)
                                 : dup_printf("cannot read: %s", strerror(err)));
        return;
    }
    job j;
    memset(&j, 0, sizeof j);
    j.type = JOB_TEXT;
    j.data = text;
    j.len = len;
    j.raw_bytes = len;
    j.id = dup_str(path);
    if (!j.id) {
        j.type = JOB_FAIL; // processed as "out of memory"
    }
    submit(r, &j);
}

int qxb_run_jsonl(const qxb_config *cfg, const char *path) {
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "quotex: %s: %s\n", path, strerror(errno));
        return QXB_EXIT_DOCS;
    }
    run r;
    if (!run_init(&r, cfg)) {
        fprintf(stderr, "quotex: out of memory\n");
        if (!is_stdin) {
            close(fd);
        }
        return QXB_EXIT_DOCS;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        r.total_bytes = (uint64_t)st.st_size;
    } else {
        r.stream_in = true; /* set before the workers start: they read it */
    }
    size_t n_threads = 0;
    pthread_t *threads = threads_start(&r, &n_threads);
    bool ok = produce_lines(&r, fd, is_stdin ? "<stdin>" : path, NULL);
    if (!is_stdin) {
        close(fd);
    }
    return run_finish(&r, threads, n_threads, !ok);
}

/* ---- directory walk ------------------------------------------------------------------ */

typedef struct dir_frame {
    char *path;
    char **names;
    size_t n, i;
} dir_frame;

typedef struct walker {
    dir_frame stack[QXB_MAX_DEPTH];
    size_t depth;
    const char *const *paths;
    size_t n_paths, next_path;
    FILE *list;    // --files-from, or NULL
    bool list_stdin;
} walker;

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Pushes the directory `path` (taken over) with its entries sorted bytewise; dot files are
 * skipped. Returns 0 or an errno. */
static int walker_push(walker *w, char *path) {
    if (w->depth == QXB_MAX_DEPTH) {
        free(path);
        return ELOOP;
    }
    DIR *d = opendir(path);
    if (!d) {
        int e = errno;
        free(path);
        return e;
    }
    dir_frame *f = &w->stack[w->depth];
    memset(f, 0, sizeof *f);
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        if (f->n == cap) {
            cap = cap ? cap * 2 : 32;
            char **q = realloc(f->names, cap * sizeof *q);
            if (!q) {
                break;
            }
            f->names = q;
        }
        f->names[f->n] = dup_str(de->d_name);
        if (f->names[f->n]) {
            f->n++;
        }
    }
    closedir(d);
    if (f->n) {
        qsort(f->names, f->n, sizeof *f->names, cmp_names);
    }
    f->path = path;
    w->depth++;
    return 0;
}

static void walker_pop(walker *w) {
    dir_frame *f = &w->stack[--w->depth];
    for (size_t i = f->i; i < f->n; i++) {
        free(f->names[i]);
    }
    free(f->names);
    free(f->path);
}

/* The next explicit path: from the argument list, then from --files-from. NULL at the end. */
static char *next_explicit(walker *w) {
    if (w->next_path < w->n_paths) {
        return dup_str(w->paths[w->next_path++]);
    }
    while (w->list) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n = getline(&line, &cap, w->list);
        if (n < 0) {
            free(line);
            if (!w->list_stdin) {
                fclose(w->list);
            }
            w->list = NULL;
            return NULL;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) {
            line[--n] = '\0';
        }
        if (n > 0) {
            return line;
        }
        free(line);
    }
    return NULL;
}

/* The next file to process (malloc'd path), NULL at the end. *err receives an errno when
 * that path cannot be opened (the caller turns it into an error record). */
static char *walker_next(walker *w, int *err) {
    *err = 0;
    for (;;) {
        if (w->depth > 0) {
            dir_frame *f = &w->stack[w->depth - 1];
            if (f->i == f->n) {
                walker_pop(w);
                continue;
            }
            char *name = f->names[f->i++];
            size_t pl = strlen(f->path);
            bool slash = pl > 0 && f->path[pl - 1] == '/';
            char *path = dup_printf("%s%s%s", f->path, slash ? "" : "/", name);
            free(name);
            if (!path) {
                continue;
            }
            struct stat st;
            if (lstat(path, &st) != 0) {
                *err = errno;
                return path;
            }
            if (S_ISLNK(st.st_mode) && stat(path, &st) != 0) {
                free(path); // a dangling link in a tree is not an input
                continue;
            }
            if (S_ISDIR(st.st_mode)) {
                struct stat lst;
                if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
                    free(path); // links to directories are not followed: no cycles
                    continue;
                }
                char *copy = dup_str(path);
                int e = copy ? walker_push(w, copy) : ENOMEM;
                if (e) {
                    *err = e;
                    return path;
                }
                free(path);
                continue;
            }
            if (S_ISREG(st.st_mode) && (ends_with(path, ".txt") || ends_with(path, ".jsonl"))) {
                return path;
            }
            free(path);
            continue;
        }
        char *path = next_explicit(w);
        if (!path) {
            return NULL;
        }
        struct stat st;
        if (stat(path, &st) != 0) {
            *err = errno;
            return path;
        }
        if (S_ISDIR(st.st_mode)) {
            char *copy = dup_str(path);
            int e = copy ? walker_push(w, copy) : ENOMEM;
            if (e) {
                *err = e;
                return path;
            }
            free(path);
            continue;
        }
        return path; // an explicit file is read whatever its name
    }
}

static bool walker_open(walker *w, const char *const *paths, size_t n, const char *files_from) {
    memset(w, 0, sizeof *w);
    w->paths = paths;
    w->n_paths = n;
    if (files_from) {
        w->list_stdin = strcmp(files_from, "-") == 0;
        w->list = w->list_stdin ? stdin : fopen(files_from, "r");
        if (!w->list) {
            fprintf(stderr, "quotex: %s: %s\n", files_from, strerror(errno));
            return false;
        }
    }
    return true;
}

static void walker_close(walker *w) {
    while (w->depth > 0) {
        walker_pop(w);
    }
    if (w->list && !w->list_stdin) {
        fclose(w->list);
    }
    w->list = NULL;
}

int qxb_run_batch(const qxb_config *cfg, const char *const *paths, size_t n,
                  const char *files_from) {
    walker w;
    run r;
    if (!run_init(&r, cfg)) {
        fprintf(stderr, "quotex: out of memory\n");
        return QXB_EXIT_DOCS;
    }
    /* The input size for the progress percentage: a first walk that only adds up sizes
     * (not with --files-from on stdin, which can be read once only). */
    if (cfg->progress && !(files_from && strcmp(files_from, "-") == 0) &&
        walker_open(&w, paths, n, files_from)) {
        int err;
        char *p;
        while ((p = walker_next(&w, &err)) != NULL) {
            struct stat st;
            if (!err && stat(p, &st) == 0) {
                r.total_bytes += (uint64_t)st.st_size;
            }
            free(p);
        }
        walker_close(&w);
    }
    if (!walker_open(&w, paths, n, files_from)) {
        return run_finish(&r, NULL, 0, true);
    }
    size_t n_threads = 0;
    pthread_t *threads = threads_start(&r, &n_threads);
    int err;
    char *p;
    while (!should_stop(&r) && (p = walker_next(&w, &err)) != NULL) {
        if (err) {
            submit_fail(&r, p, 0,
                        dup_printf("cannot open%s: %s", err == ELOOP ? " (directories nested too deep)" : "",
                                   strerror(err)));
        } else {
            produce_file(&r, p);
        }
        free(p);
    }
    walker_close(&w);
    return run_finish(&r, threads, n_threads, false);
}
