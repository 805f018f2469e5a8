/*
 * scan_memchr.c - benchmark baseline (a) for `make bench` (issue 5): the cost of merely
 * finding the quotation characters of a file, with no parsing at all.
 *
 *   scan_memchr FILE
 *
 * Reads FILE in 1 MiB blocks and counts, with memchr, the ASCII double quote '"' and the
 * curly double quotes U+201C/U+201D (UTF-8 E2 80 9C / E2 80 9D; memchr finds the 0xE2 lead
 * byte, two byte compares confirm). A sequence split between two blocks is completed by
 * keeping the last two bytes of a block in front of the next one. Prints the counts on
 * stdout ("straight N curly N bytes N"); exit 1 when FILE cannot be read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK (1u << 20)
#define KEEP 2u /* bytes carried over: the tail of a 3-byte quote split by a block edge */

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: scan_memchr FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    unsigned char *buf = malloc(BLOCK + KEEP);
    if (!buf) {
        fclose(f);
        return 1;
    }
    size_t have = 0; /* carried-over bytes at buf[0 .. have) */
    unsigned long long straight = 0, curly = 0, total = 0;
    for (;;) {
        size_t got = fread(buf + have, 1, BLOCK, f);
        if (got == 0)
            break;
        total += got;
        size_t len = have + got;
        /* '"' is one byte: the carried-over bytes were already counted, so start after them. */
        const unsigned char *p = buf + have, *end = buf + len;
        while ((p = memchr(p, '"', (size_t)(end - p))) != NULL) {
            straight++;
            p++;
        }
        /* Curly quotes: a lead byte needs its two continuation bytes in this buffer; one that
           has not got them yet stays for the next round (it is among the last KEEP bytes). */
        size_t limit = len >= KEEP ? len - KEEP : 0;
        p = buf;
        while (p < buf + limit && (p = memchr(p, 0xE2, (size_t)(buf + limit - p))) != NULL) {
            if (p[1] == 0x80 && (p[2] == 0x9C || p[2] == 0x9D))
                curly++;
            p++;
        }
        have = len - limit;
        memmove(buf, buf + limit, have);
    }
    int rc = ferror(f) ? 1 : 0;
    fclose(f);
    free(buf);
    printf("straight %llu curly %llu bytes %llu\n", straight, curly, total);
    return rc;
}
