/*
 * regex_scan.c - benchmark baseline (b) for `make bench` (issue 3): one PCRE2-JIT regex for
 * quoted spans, [“"]([^”"]{1,2000})[”"], run over the RAW bytes of each line of FILE.
 *
 *   regex_scan FILE
 *
 * The lines are not decoded as JSON: this is the cost of the regex alone (the JSON quotes
 * around keys and values and the escaped \" inside a text are matched like any other mark,
 * which is about the same amount of matching as over the decoded text). Baseline (c),
 * jansson_regex.c, is the same regex after a real JSON decode. The whole file is read
 * into memory first; each line is one subject, matched from left to right with
 * pcre2_jit_match. Compiled with PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, as quotex compiles its
 * patterns, so that invalid UTF-8 cannot make the JIT misbehave. Prints "lines N matches N
 * bytes N" on stdout.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quote_regex.h"

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1u << 20, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            unsigned char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: regex_scan FILE\n");
        return 2;
    }
    size_t len = 0;
    unsigned char *data = slurp(argv[1], &len);
    if (!data) {
        perror(argv[1]);
        return 1;
    }
    pcre2_code *re = quote_regex("regex_scan");
    if (!re) {
        return 1;
    }
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!md)
        return 1;
    unsigned long long lines = 0, matches = 0;
    size_t pos = 0;
    while (pos < len) {
        const unsigned char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        PCRE2_SIZE off = 0, n = end - pos;
        lines++;
        for (;;) {
            int rc = pcre2_jit_match(re, data + pos, n, off, 0, md, NULL);
            if (rc < 0)
                break; /* no (more) match, or a limit: next line */
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            matches++;
            off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
        pos = end + 1;
    }
    printf("lines %llu matches %llu bytes %zu\n", lines, matches, len);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    free(data);
    return 0;
}
