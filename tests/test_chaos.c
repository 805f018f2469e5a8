/*
 * test_chaos.c - allocation-failure test (issue 7, item 6; after akheron/jansson
 * test/suites/api/test_chaos.c).
 *
 * In a library built with -DQXP_CHAOS (make check-chaos, tests/suite-chaos.sh: build/chaos,
 * under ASan + LeakSanitizer), qxp_chaos_fail_at(N) makes the Nth allocation from now fail,
 * and every later one. For N = 1, 2, ... until the call succeeds without hitting the failure,
 * each of these runs with the Nth allocation failing:
 *   qx_model_new, qx_model_load("lexicons/en"),
 *   qx_extract on the seed article and on a tricky input (every option set),
 *   qx_doc_to_json (every output mode) on both documents.
 * Each failure must come back as QX_ERR_NOMEM (NULL for qx_doc_to_json) with *out NULL and
 * err filled; a call that returns success although one of its allocations failed must give
 * exactly the output of an unhindered run (no silently lost record). LeakSanitizer, which
 * runs at exit, proves that no failure path leaks.
 *
 * In an ordinary build (make test compiles every tests/test_*.c) the hook does not exist:
 * the program then runs each call once, unhindered, as a smoke test.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "internal.h"

/* Every hostile class at once: nesting, unclosed and mismatched marks, a split quote,
 * multi-paragraph quotes, abbreviations, invalid UTF-8, NUL, CR and CRLF, a BOM, U+2028. */
static const char tricky[] =
    "\xEF\xBB\xBF" "Mr. Smith said: \xE2\x80\x9CWe \xE2\x80\x98won\xE2\x80\x99t\xE2\x80\x99 go,"
    "\xE2\x80\x9D he told reporters. \xE2\x80\x9CNever.\xE2\x80\x9D\r\n\r\n"
    "\xE2\x80\x9CIt is \"late\xC2\xBB, she added, \xC3\x28 bad \xFF\xFE bytes\0 and NUL.\n\n"
    "\xE2\x80\x9C" "First paragraph.\n\n\xE2\x80\x9CSecond one,\xE2\x80\x9D said Dr. Jane Doe of "
    "Acme Inc. on Monday.\xE2\x80\xA8\xC2\xAB Unclosed guillemet\r\r'single' \"\"\"deep\"\"\" "
    "\xE2\x80\x9C\xE2\x80\x98\xE2\x80\x9C\xE2\x80\x98 nested \xE2\x80\x99\xE2\x80\x9D\xE2\x80\x99"
    "\xE2\x80\x9D, the spokesman said, according to police. \xE2\x80\x9D";

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8192;
            char *q = realloc(buf, cap);
            if (q == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = q;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        if (r == 0) {
            break;
        }
        n += r;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* The output modes qx_doc_to_json is checked in. */
static const unsigned jmodes[] = {
    0,
    QX_JSON_PRETTY | QX_JSON_ALL_KINDS,
    QX_JSON_CODEPOINTS,
    QX_JSON_UTF16 | QX_JSON_ALL_KINDS,
    QX_JSON_FLAT | QX_JSON_ALL_KINDS,
    QX_JSON_SENTENCES,
};
#define N_JMODES (sizeof jmodes / sizeof jmodes[0])

/* All renderings of doc, concatenated (the reference a recovered call must reproduce). */
static char *render_all(const qx_doc *doc) {
    qxp_buf b = {NULL, 0, 0, false};
    for (size_t i = 0; i < N_JMODES; i++) {
        char *js = qx_doc_to_json(doc, "chaos", "\"k\":1", jmodes[i]);
        if (js == NULL) {
            qxp_buf_free(&b);
            return NULL;
        }
        qxp_buf_append(&b, js, strlen(js));
        qxp_buf_putc(&b, '\n');
        qx_free(js);
    }
    if (b.failed) {
        qxp_buf_free(&b);
        return NULL;
    }
    return b.data;
}

#ifdef QXP_CHAOS

#define RESULT_NAME "chaos"
/* Upper bound on N: far above the allocations of any call here (a few thousand at most). */
#define MAX_N 200000

/* Model construction (dir NULL: built-in lexicons). */
static void chaos_model(const char *dir) {
    size_t n, swallowed = 0, bad = 0;
    for (n = 1; n < MAX_N; n++) {
        qx_model *m = (qx_model *)&n; /* any non-NULL value: must be reset */
        qx_error err;
        memset(&err, 0, sizeof err);
        (void)qxp_chaos_fail_at(n);
        qx_status st = dir ? qx_model_load(dir, &m, &err) : qx_model_new(&m, &err);
        size_t made = qxp_chaos_fail_at(0);
        if (st == QX_OK) {
            qx_model_free(m);
            if (made < n) {
                break; /* no allocation failed: done */
            }
            swallowed++;
            continue;
        }
        if (st != QX_ERR_NOMEM || m != NULL || err.code != QX_ERR_NOMEM) {
            if (bad++ < 5) {
                fprintf(stderr, "chaos: model%s%s: N=%zu: status %d, out %p, err %d \"%s\"\n",
                        dir ? " " : "", dir ? dir : "", n, (int)st, (void *)m, (int)err.code,
                        err.text);
            }
        }
    }
    printf("chaos: %s: %zu allocations checked, %zu failures swallowed\n",
           dir ? "qx_model_load" : "qx_model_new", n - 1, swallowed);
    CHECK(n < MAX_N);
    CHECK_INT(bad, 0);
    CHECK_INT(swallowed, 0);
}

/* qx_extract with the Nth allocation failing; a recovered success must render like ref. */
static void chaos_extract(const qx_model *m, const char *name, const char *text, size_t len,
                          unsigned opts, const char *ref) {
    size_t n, bad = 0, lost = 0, swallowed = 0;
    for (n = 1; n < MAX_N; n++) {
        qx_doc *doc = (qx_doc *)&n;
        qx_error err;
        memset(&err, 0, sizeof err);
        (void)qxp_chaos_fail_at(n);
        qx_status st = qx_extract(m, text, len, opts, &doc, &err);
        size_t made = qxp_chaos_fail_at(0);
        if (st == QX_OK) {
            if (made < n) {
                qx_doc_free(doc);
                break;
            }
            swallowed++;
            char *got = render_all(doc);
            if (got == NULL || strcmp(got, ref) != 0) {
                if (lost++ < 5) {
                    fprintf(stderr, "chaos: qx_extract %s: N=%zu of %zu failed, yet QX_OK with "
                                    "different output\n",
                            name, n, made);
                }
            }
            qxp_free(got);
            qx_doc_free(doc);
            continue;
        }
        if (st != QX_ERR_NOMEM || doc != NULL || err.code != QX_ERR_NOMEM) {
            if (bad++ < 5) {
                fprintf(stderr, "chaos: qx_extract %s: N=%zu: status %d, out %p, err %d\n", name,
                        n, (int)st, (void *)doc, (int)err.code);
            }
        }
    }
    printf("chaos: qx_extract %s (opts %u): %zu allocations checked, %zu failures recovered\n",
           name, opts, n - 1, swallowed);
    CHECK(n < MAX_N);
    CHECK_INT(bad, 0);
    CHECK_INT(lost, 0);
}

/* qx_doc_to_json with the Nth allocation failing: NULL, or exactly the reference. */
static void chaos_json(const qx_doc *doc, const char *name) {
    size_t total = 0, bad = 0;
    for (size_t i = 0; i < N_JMODES; i++) {
        char *ref = qx_doc_to_json(doc, "chaos", "\"k\":1", jmodes[i]);
        CHECK(ref != NULL);
        size_t n;
        for (n = 1; n < MAX_N && ref; n++) {
            (void)qxp_chaos_fail_at(n);
            char *js = qx_doc_to_json(doc, "chaos", "\"k\":1", jmodes[i]);
            size_t made = qxp_chaos_fail_at(0);
            if (js != NULL && made < n) {
                bad += strcmp(js, ref) != 0;
                qx_free(js);
                break;
            }
            if (js != NULL && strcmp(js, ref) != 0) {
                if (bad++ < 5) {
                    fprintf(stderr, "chaos: qx_doc_to_json %s flags %u: N=%zu: wrong output\n",
                            name, jmodes[i], n);
                }
            }
            qx_free(js);
        }
        CHECK(n < MAX_N);
        total += n - 1;
        qx_free(ref);
    }
    printf("chaos: qx_doc_to_json %s: %zu allocations checked in %zu modes\n", name, total,
           (size_t)N_JMODES);
    CHECK_INT(bad, 0);
}

#else
#define RESULT_NAME "chaos-smoke"
#endif /* QXP_CHAOS */

/* Extracts once, unhindered; checks the result; returns the doc and its reference output. */
static qx_doc *extract_ref(const qx_model *m, const char *text, size_t len, unsigned opts,
                           char **ref) {
    qx_doc *doc = NULL;
    qx_status st = qx_extract(m, text, len, opts, &doc, NULL);
    CHECK_INT(st, QX_OK);
    *ref = doc ? render_all(doc) : NULL;
    CHECK(*ref != NULL);
    return doc;
}

int main(void) {
    size_t alen = 0;
    char *article = read_all("fixtures/sample/article.txt", &alen);
    CHECK(article != NULL);
    if (article == NULL) {
        return qxt_done(RESULT_NAME);
    }
    qx_model *m = NULL;
    CHECK_INT(qx_model_new(&m, NULL), QX_OK);
    if (m == NULL) {
        free(article);
        return qxt_done(RESULT_NAME);
    }
    const unsigned topts = QX_OPT_ALL_KINDS;
    char *aref = NULL, *tref = NULL;
    qx_doc *adoc = extract_ref(m, article, alen, 0, &aref);
    qx_doc *tdoc = extract_ref(m, tricky, sizeof tricky - 1, topts, &tref);
    CHECK(qx_doc_quote_count(adoc) > 0);
    CHECK(qx_doc_quote_count(tdoc) > 0);
#ifdef QXP_CHAOS
    chaos_model(NULL);
    chaos_model("lexicons/en");
    if (aref && tref) {
        chaos_extract(m, "seed article", article, alen, 0, aref);
        chaos_extract(m, "tricky input", tricky, sizeof tricky - 1, topts, tref);
    }
    chaos_json(adoc, "seed article");
    chaos_json(tdoc, "tricky input");
#else
    printf("chaos: not a QXP_CHAOS build: smoke test only (make check-chaos runs the real one)\n");
#endif
    qx_doc_free(adoc);
    qx_doc_free(tdoc);
    qxp_free(aref);
    qxp_free(tref);
    qx_model_free(m);
    free(article);
    return qxt_done(RESULT_NAME);
}
