/*
 * fuzz.h - what the fuzz targets share: the entry point libFuzzer (or standalone.c) calls,
 * and REQUIRE, which aborts with the broken invariant and two numbers that locate it.
 * A target defines FUZZ_NAME ("fuzz_extract", …) before including this file.
 */
#ifndef QX_FUZZ_H
#define QX_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_die(const char *what, size_t a, size_t b) {
    fprintf(stderr, FUZZ_NAME ": invariant broken: %s (%zu, %zu)\n", what, a, b);
    abort();
}

#define REQUIRE(cond, a, b)                                                                    \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fuzz_die(#cond, (size_t)(a), (size_t)(b));                                         \
        }                                                                                      \
    } while (0)

#endif
