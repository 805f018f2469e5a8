/*
 * test_threads.c - thread safety shown, not assumed (issue 6, item 4).
 *
 * One model, 4 threads. Each thread extracts every article of a small corpus (the seed
 * article plus the first bbc_news lines), starting at a different article, so that the
 * threads work on different articles at the same time, and compares each JSON record with
 * the one a single-threaded run made first; then 4 threads convert the offsets of one shared
 * document at once (qx_doc_offset builds its index at the first call). `make check-tsan`
 * runs this program under ThreadSanitizer (mk/tsan.mk).
 *
 * Input: $QX_SHARED (default ../shared)/corpora/seed/article.txt and
 * corpora/bbc_news/articles.jsonl; without them it falls back to fixtures/sample/article.txt
 * and a few built-in texts. Only the main thread touches the harness counters.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>

#include "harness.h"
#include "quotex.h"

#define N_THREADS  4
#define N_BBC      15 /* bbc_news articles besides the seed: enough to overlap, still fast */
#define N_ROUNDS   2  /* each thread walks the corpus twice */
#define MAX_DOCS   (N_BBC + 8)

typedef struct article {
    char *text;
    size_t len;
    char *want; /* the single-threaded JSON record */
} article;

typedef struct worker {
    const qx_model *model;
    const article *docs;
    size_t n_docs;
    size_t first;      /* index of the article this thread starts with */
    size_t done;       /* records compared */
    size_t mismatches; /* records that differ from the single-threaded run */
    size_t failures;   /* qx_extract or qx_doc_to_json failures */
} worker;

static const unsigned jflags = QX_JSON_CODEPOINTS | QX_JSON_ALL_KINDS;

/* Reads a whole file; NULL when it cannot. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) {
            break;
        }
        char *bigger = realloc(buf, cap * 2);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    fclose(f);
    if (buf != NULL) {
        *len = n;
    }
    return buf;
}

static int add_copy(article *docs, size_t *n, const char *text, size_t len) {
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        return 0;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    docs[*n].text = copy;
    docs[*n].len = len;
    docs[*n].want = NULL;
    (*n)++;
    return 1;
}

/* The corpus: seed article, then up to N_BBC bbc_news articles (or built-in texts). */
static size_t load_corpus(article *docs) {
    const char *shared = getenv("QX_SHARED");
    char path[4096];
    size_t n = 0, len = 0;
    if (shared == NULL || shared[0] == '\0') {
        shared = "../shared";
    }
    snprintf(path, sizeof path, "%s/corpora/seed/article.txt", shared);
    char *seed = read_file(path, &len);
    if (seed == NULL) {
        seed = read_file("fixtures/sample/article.txt", &len);
    }
    if (seed != NULL) {
        docs[n].text = seed;
        docs[n].len = len;
        docs[n].want = NULL;
        n++;
    }
    snprintf(path, sizeof path, "%s/corpora/bbc_news/articles.jsonl", shared);
    FILE *f = fopen(path, "rb");
    if (f != NULL) {
        json_error_t jerr;
        for (int i = 0; i < N_BBC; i++) {
            json_t *line = json_loadf(f, JSON_DISABLE_EOF_CHECK, &jerr);
            if (line == NULL) {
                break;
            }
            json_t *text = json_object_get(line, "text");
            if (json_is_string(text)) {
                add_copy(docs, &n, json_string_value(text), json_string_length(text));
            }
            json_decref(line);
        }
        fclose(f);
    } else {
        static const char *const fallback[] = {
            "\xe2\x80\x9cWe will win,\xe2\x80\x9d said Jane Smith. \xe2\x80\x9cNo doubt.\xe2\x80\x9d\n",
            "The minister told reporters: \"Prices will fall.\"\n\nShe added: \"Soon.\"\n",
            "\xc2\xab Bonjour \xc2\xbb, a dit Marie. \"Unclosed quote here\n",
            "Nothing quoted at all.",
        };
        for (size_t i = 0; i < sizeof fallback / sizeof fallback[0]; i++) {
            add_copy(docs, &n, fallback[i], strlen(fallback[i]));
        }
    }
    return n;
}

/* Extracts one article and returns its JSON record (to free with qx_free), or NULL. */
static char *record(const qx_model *model, const article *a) {
    qx_doc *doc = NULL;
    if (qx_extract(model, a->text, a->len, QX_OPT_ALL_KINDS, &doc, NULL) != QX_OK) {
        return NULL;
    }
    char *json = qx_doc_to_json(doc, "doc", NULL, jflags);
    qx_doc_free(doc);
    return json;
}

static void *work(void *arg) {
    worker *w = arg;
    for (size_t k = 0; k < w->n_docs * N_ROUNDS; k++) {
        const article *a = &w->docs[(w->first + k) % w->n_docs];
        char *got = record(w->model, a);
        if (got == NULL) {
            w->failures++;
            continue;
        }
        if (a->want == NULL || strcmp(got, a->want) != 0) {
            w->mismatches++;
        }
        w->done++;
        qx_free(got);
    }
    return NULL;
}

/* Runs fn on N_THREADS threads, thread t on the t-th of the args (`size` bytes apart), and
 * joins them; started[t] tells whether thread t ran (a failed start is a failure). */
static void run_threads(void *(*fn)(void *), void *args, size_t size, int started[N_THREADS]) {
    pthread_t ids[N_THREADS];
    for (size_t t = 0; t < N_THREADS; t++) {
        started[t] = pthread_create(&ids[t], NULL, fn, (char *)args + t * size) == 0;
        CHECK(started[t]);
    }
    for (size_t t = 0; t < N_THREADS; t++) {
        if (started[t]) {
            CHECK_INT(pthread_join(ids[t], NULL), 0);
        }
    }
}

/* One document shared by the threads: each converts every offset of its text to code
 * points and UTF-16 units at once (qx_doc_offset builds the conversion index at the first
 * call, and the threads race to build it), compared with the single-threaded answers. */
typedef struct shared_doc {
    const qx_doc *doc;
    const size_t *want_cp, *want_u16;
    size_t len;
    size_t mismatches;
} shared_doc;

static void *convert(void *arg) {
    shared_doc *sd = arg;
    for (size_t off = 0; off <= sd->len; off++) {
        if (qx_doc_offset(sd->doc, off, QX_JSON_CODEPOINTS) != sd->want_cp[off] ||
            qx_doc_offset(sd->doc, off, QX_JSON_UTF16) != sd->want_u16[off]) {
            sd->mismatches++;
        }
    }
    return NULL;
}

static void test_shared_offsets(const qx_model *model) {
    /* non-ASCII (é, curly quotes, an astral emoji) and longer than one index stride */
    char text[4096];
    size_t len = 0;
    while (len + 64 < sizeof text) {
        static const char piece[] = "\xE2\x80\x9C" "Caf\xC3\xA9 \xF0\x9F\x98\x80 ok,\xE2\x80\x9D "
                                    "said Ms Lee. ";
        memcpy(text + len, piece, sizeof piece - 1);
        len += sizeof piece - 1;
    }
    size_t *want_cp = malloc((len + 1) * sizeof *want_cp);
    size_t *want_u16 = malloc((len + 1) * sizeof *want_u16);
    CHECK(want_cp != NULL && want_u16 != NULL);
    if (want_cp == NULL || want_u16 == NULL) {
        free(want_cp);
        free(want_u16);
        return;
    }
    /* the answers by definition: characters (and UTF-16 units) starting before the offset */
    size_t cp = 0, u16 = 0;
    for (size_t i = 0; i <= len; i++) {
        want_cp[i] = cp;
        want_u16[i] = u16;
        unsigned char c = (unsigned char)text[i];
        if (i < len && (c & 0xC0) != 0x80) {
            cp++;
            u16 += c >= 0xF0 ? 2 : 1;
        }
    }
    qx_doc *doc = NULL;
    CHECK_INT(qx_extract(model, text, len, 0, &doc, NULL), QX_OK);
    if (doc != NULL) {
        shared_doc sd[N_THREADS];
        int started[N_THREADS];
        for (size_t t = 0; t < N_THREADS; t++) {
            sd[t] = (shared_doc){doc, want_cp, want_u16, len, 0};
        }
        run_threads(convert, sd, sizeof sd[0], started);
        for (size_t t = 0; t < N_THREADS; t++) {
            if (started[t]) {
                CHECK_INT(sd[t].mismatches, 0);
            }
        }
        qx_doc_free(doc);
    }
    free(want_cp);
    free(want_u16);
}

int main(void) {
    article docs[MAX_DOCS];
    size_t n_docs = load_corpus(docs);
    CHECK(n_docs >= 4);

    qx_model *model = NULL;
    qx_error err;
    CHECK_INT(qx_model_new(&model, &err), QX_OK);
    if (model == NULL) {
        fprintf(stderr, "test_threads: qx_model_new: %s\n", err.text);
        return qxt_done("threads");
    }

    /* The single-threaded reference run. */
    size_t made = 0;
    for (size_t i = 0; i < n_docs; i++) {
        docs[i].want = record(model, &docs[i]);
        made += docs[i].want != NULL;
    }
    CHECK_INT(made, n_docs);

    /* 4 threads, one shared model; thread t starts at article t * n / 4. */
    worker workers[N_THREADS];
    int started[N_THREADS];
    for (size_t t = 0; t < N_THREADS; t++) {
        workers[t] = (worker){model, docs, n_docs, t * n_docs / N_THREADS, 0, 0, 0};
    }
    run_threads(work, workers, sizeof workers[0], started);
    for (size_t t = 0; t < N_THREADS; t++) {
        if (started[t]) {
            CHECK_INT(workers[t].failures, 0);
            CHECK_INT(workers[t].mismatches, 0);
            CHECK_INT(workers[t].done, n_docs * N_ROUNDS);
        }
    }

    /* The model is still intact after the threads: the same records once more. */
    size_t same = 0;
    for (size_t i = 0; i < n_docs; i++) {
        char *again = record(model, &docs[i]);
        same += again != NULL && docs[i].want != NULL && strcmp(again, docs[i].want) == 0;
        qx_free(again);
    }
    CHECK_INT(same, n_docs);

    test_shared_offsets(model);

    for (size_t i = 0; i < n_docs; i++) {
        free(docs[i].text);
        qx_free(docs[i].want);
    }
    qx_model_free(model);
    return qxt_done("threads");
}
