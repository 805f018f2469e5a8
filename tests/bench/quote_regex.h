/*
 * quote_regex.h - the one regex of the regex baselines (regex_scan.c, jansson_regex.c):
 * [“"]([^”"]{1,2000})[”"], compiled with PCRE2_UTF | PCRE2_MATCH_INVALID_UTF (as quotex
 * compiles its patterns, so that invalid UTF-8 cannot make the JIT misbehave) and JIT-compiled.
 */
#ifndef QUOTE_REGEX_H
#define QUOTE_REGEX_H

#include <pcre2.h>
#include <stdio.h>

/* The compiled pattern, or NULL after a message naming prog on stderr. */
static pcre2_code *quote_regex(const char *prog)
{
    static const char pattern[] =
        "[\xE2\x80\x9C\"]([^\xE2\x80\x9D\"]{1,2000})[\xE2\x80\x9D\"]";
    int errcode = 0;
    PCRE2_SIZE erroff = 0;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &errcode, &erroff, NULL);
    if (!re || pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) != 0) {
        fprintf(stderr, "%s: cannot compile or JIT the pattern (%d)\n", prog, errcode);
        pcre2_code_free(re);
        return NULL;
    }
    return re;
}

#endif
