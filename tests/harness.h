/*
 * harness.h - the tiny test harness: CHECK macros that count and report failures, and a
 * summary line "qxt-result: P F" that tests/run.sh adds up into "N passed, N failed".
 * Include it in exactly one file per test program (the counters are static).
 */
#ifndef QXT_HARNESS_H
#define QXT_HARNESS_H

#include <stdio.h>
#include <string.h>

static int qxt_passed, qxt_failed;

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (cond) {                                                                            \
            qxt_passed++;                                                                      \
        } else {                                                                               \
            qxt_failed++;                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);           \
        }                                                                                      \
    } while (0)

#define CHECK_INT(got, want)                                                                   \
    do {                                                                                       \
        long long qxt_g = (long long)(got), qxt_w = (long long)(want);                         \
        if (qxt_g == qxt_w) {                                                                  \
            qxt_passed++;                                                                      \
        } else {                                                                               \
            qxt_failed++;                                                                      \
            fprintf(stderr, "%s:%d: %s == %lld, want %lld\n", __FILE__, __LINE__, #got,       \
                    qxt_g, qxt_w);                                                             \
        }                                                                                      \
    } while (0)

#define CHECK_STR(got, want)                                                                   \
    do {                                                                                       \
        const char *qxt_g = (got), *qxt_w = (want);                                            \
        if ((qxt_g == NULL && qxt_w == NULL) ||                                                \
            (qxt_g != NULL && qxt_w != NULL && strcmp(qxt_g, qxt_w) == 0)) {                   \
            qxt_passed++;                                                                      \
        } else {                                                                               \
            qxt_failed++;                                                                      \
            fprintf(stderr, "%s:%d: %s == \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got,   \
                    qxt_g ? qxt_g : "(null)", qxt_w ? qxt_w : "(null)");                       \
        }                                                                                      \
    } while (0)

#define CHECK_SPAN(sp, s, e)                                                                   \
    do {                                                                                       \
        CHECK_INT((sp).start, (s));                                                            \
        CHECK_INT((sp).end, (e));                                                              \
    } while (0)

/* Prints the summary and returns the exit status for main(). */
static inline int qxt_done(const char *name) {
    printf("qxt-result: %d %d %s\n", qxt_passed, qxt_failed, name);
    return qxt_failed ? 1 : 0;
}

#endif
