/*
 * standalone.c - a main() for the fuzz targets when libFuzzer is not there (gcc builds, make
 * test): replays files, or every regular file of the directories given (recursively, in
 * sorted order), through LLVMFuzzerTestOneInput once each.
 *
 *   usage: fuzz_<target> [-v] PATH...
 *
 * Prints "replayed N inputs (B bytes)" on success. An input that breaks an invariant aborts
 * the program (the targets call abort()), so with -v every file name is printed to stderr
 * before it runs: the last one named is the culprit.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t n_inputs, n_bytes;
static int verbose;

/* Largest input replayed: libFuzzer's seeds here are small; this bounds a stray big file. */
#define MAX_INPUT ((long)64 << 20)

static int run_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    if (fseek(f, 0, SEEK_END) != 0) {
        perror(path);
        fclose(f);
        return 1;
    }
    long size = ftell(f);
    if (size < 0 || size > MAX_INPUT || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "%s: cannot size (or over %ld bytes)\n", path, MAX_INPUT);
        fclose(f);
        return 1;
    }
    /* An exact-size heap copy, so that ASan sees any read past the input's end. */
    uint8_t *buf = malloc(size ? (size_t)size : 1);
    if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "%s: read failed\n", path);
        free(buf);
        fclose(f);
        return 1;
    }
    fclose(f);
    if (verbose) {
        fprintf(stderr, "replay %s (%ld bytes)\n", path, size);
    }
    LLVMFuzzerTestOneInput(buf, (size_t)size);
    free(buf);
    n_inputs++;
    n_bytes += (size_t)size;
    return 0;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path, int depth) {
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        return run_file(path);
    }
    if (depth > 16) {
        fprintf(stderr, "%s: too deep\n", path);
        return 1;
    }
    DIR *d = opendir(path);
    if (d == NULL) {
        perror(path);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int bad = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue; /* ., .., and hidden files such as .gitkeep */
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **q = realloc(names, cap * sizeof *names);
            if (q == NULL) {
                bad = 1;
                break;
            }
            names = q;
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (names[n] == NULL) {
            bad = 1;
            break;
        }
        snprintf(names[n], len, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    if (n > 1) {
        qsort(names, n, sizeof *names, cmp_str);
    }
    for (size_t i = 0; i < n; i++) {
        bad |= run_path(names[i], depth + 1);
        free(names[i]);
    }
    free(names);
    return bad;
}

int main(int argc, char **argv) {
    int bad = 0, first = 1;
    if (argc > 1 && strcmp(argv[1], "-v") == 0) {
        verbose = 1;
        first = 2;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: %s [-v] FILE-OR-DIR...\n", argv[0]);
        return 2;
    }
    for (int i = first; i < argc; i++) {
        bad |= run_path(argv[i], 0);
    }
    printf("replayed %zu inputs (%zu bytes)%s\n", n_inputs, n_bytes, bad ? ", with errors" : "");
    return bad;
}
