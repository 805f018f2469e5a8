/*
 * jansson_regex.c - benchmark baseline (c) for `make bench`: the floor of issue 5, the least
 * work a JSONL-in, JSONL-out quote finder can do.
 *
 *   jansson_regex FILE > OUT
 *
 * For each line of FILE: decode it with Jansson (json_loadb), take "id" and "text", run the
 * one PCRE2-JIT regex [“"]([^”"]{1,2000})[”"] over the text (PCRE2_UTF |
 * PCRE2_MATCH_INVALID_UTF), and write one compact JSON line with Jansson:
 *   {"id": ID, "matches": N, "spans": [[start, end], ...]}      (byte offsets into the text)
 * A line that is not a JSON object with a string "text" gives {"id": null, "error": "..."}.
 * Lines are read with getline; stdout is fully buffered.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quote_regex.h"

static json_t *process(const pcre2_code *re, pcre2_match_data *md, const char *line, size_t n)
{
    json_error_t jerr;
    json_t *in = json_loadb(line, n, 0, &jerr);
    json_t *text = in ? json_object_get(in, "text") : NULL;
    if (!json_is_string(text)) {
        json_decref(in);
        return json_pack("{s:n, s:s}", "id", "error", "not a JSON object with a text");
    }
    json_t *out = json_object();
    json_t *spans = json_array();
    json_t *id = json_object_get(in, "id");
    json_object_set(out, "id", id ? id : json_null());
    const unsigned char *s = (const unsigned char *)json_string_value(text);
    PCRE2_SIZE len = json_string_length(text), off = 0;
    json_int_t count = 0;
    for (;;) {
        int rc = pcre2_jit_match(re, s, len, off, 0, md, NULL);
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        json_array_append_new(spans,
                              json_pack("[I, I]", (json_int_t)ov[0], (json_int_t)ov[1]));
        count++;
        off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    json_object_set_new(out, "matches", json_integer(count));
    json_object_set_new(out, "spans", spans);
    json_decref(in);
    return out;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: jansson_regex FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    pcre2_code *re = quote_regex("jansson_regex");
    if (!re) {
        return 1;
    }
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    static char obuf[1u << 16];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int rc = 0;
    while (md && (got = getline(&line, &cap, f)) >= 0) {
        size_t n = (size_t)got;
        if (n > 0 && line[n - 1] == '\n')
            n--;
        json_t *out = process(re, md, line, n);
        if (!out || json_dumpf(out, stdout, JSON_COMPACT) != 0 || putchar('\n') == EOF)
            rc = 1;
        json_decref(out);
    }
    if (ferror(f) || fflush(stdout) != 0)
        rc = 1;
    free(line);
    fclose(f);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return rc;
}
