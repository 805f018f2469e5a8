/*
 * test_golden.c - the fixture runner: every fixtures/<area>/<case>.txt is extracted through
 * the library and its JSON record compared with <case>.jsonl beside it. An optional
 * <case>.args holds options, as the CLI spells them: --kinds LIST|all, --offsets
 * bytes|codepoints|utf16, --no-single-quotes, --strict-utf8, --sentences.
 * QX_GOLDEN_UPDATE=1 rewrites the expected files (review the diff before committing).
 * Areas whose cases the CLI runs (fixtures/cli) are skipped here.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "quotex.h"

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[n < cap ? n : cap - 1] = '\0';
    }
    *len = n;
    return buf;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Parses the .args text into extraction options and JSON flags. */
static void parse_args(const char *args, unsigned *opts, unsigned *jflags) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s", args ? args : "");
    char *save = NULL;
    for (char *w = strtok_r(buf, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
        if (strcmp(w, "--kinds") == 0) {
            char *v = strtok_r(NULL, " \t\n", &save);
            if (v && strcmp(v, "all") == 0) {
                *opts |= QX_OPT_ALL_KINDS;
                *jflags |= QX_JSON_ALL_KINDS;
            } else if (v) {
                static const char *const names[] = {"direct", "indirect", "mixed", "block", "term"};
                for (unsigned k = 0; k < 5; k++) {
                    if (strstr(v, names[k])) {
                        *jflags |= QX_JSON_KIND(k);
                        if (k >= 3) {
                            *opts |= QX_OPT_ALL_KINDS;
                        }
                    }
                }
            }
        } else if (strcmp(w, "--offsets") == 0) {
            char *v = strtok_r(NULL, " \t\n", &save);
            if (v && strcmp(v, "codepoints") == 0) {
                *jflags |= QX_JSON_CODEPOINTS;
            } else if (v && strcmp(v, "utf16") == 0) {
                *jflags |= QX_JSON_UTF16;
            }
        } else if (strcmp(w, "--no-single-quotes") == 0) {
            *opts |= QX_OPT_NO_SINGLE_QUOTES;
        } else if (strcmp(w, "--strict-utf8") == 0) {
            *opts |= QX_OPT_STRICT_UTF8;
        } else if (strcmp(w, "--sentences") == 0) {
            *jflags |= QX_JSON_SENTENCES;
        }
    }
}

static void run_case(const qx_model *m, const char *dir, const char *name, bool update) {
    char path[1100], base[1024];
    snprintf(base, sizeof base, "%s/%.*s", dir, (int)(strlen(name) - 4), name);
    snprintf(path, sizeof path, "%s.txt", base);
    size_t len = 0, alen = 0, elen = 0;
    char *text = read_all(path, &len);
    snprintf(path, sizeof path, "%s.args", base);
    char *args = read_all(path, &alen);
    unsigned opts = 0, jflags = 0;
    parse_args(args, &opts, &jflags);
    qx_doc *doc = NULL;
    qx_error err;
    char *got = NULL;
    qx_status st = qx_extract(m, text, len, opts, &doc, &err);
    if (st == QX_OK) {
        const char *slash = strrchr(base, '/');
        got = qx_doc_to_json(doc, slash ? slash + 1 : base, NULL, jflags);
    } else {
        size_t n = strlen(err.text) + 64;
        got = malloc(n);
        if (got) {
            snprintf(got, n, "{\"error\":\"%s\"}", err.text);
        }
    }
    snprintf(path, sizeof path, "%s.jsonl", base);
    if (update && got) {
        FILE *f = fopen(path, "wb");
        if (f) {
            fprintf(f, "%s\n", got);
            fclose(f);
        }
    }
    char *want = read_all(path, &elen);
    while (want && elen > 0 && (want[elen - 1] == '\n' || want[elen - 1] == '\r')) {
        want[--elen] = '\0';
    }
    if (want == NULL) {
        fprintf(stderr, "%s: missing expected output (run make golden-update)\n", path);
        qxt_failed++;
    } else if (got == NULL || strcmp(got, want) != 0) {
        fprintf(stderr, "%s: output differs\n--- want\n%s\n+++ got\n%s\n", path, want,
                got ? got : "(null)");
        qxt_failed++;
    } else {
        qxt_passed++;
    }
    if (st == QX_OK) {
        qx_free(got);
    } else {
        free(got);
    }
    qx_doc_free(doc);
    free(text);
    free(args);
    free(want);
}

int main(void) {
    const char *root = getenv("QX_FIXTURES") ? getenv("QX_FIXTURES") : "fixtures";
    bool update = getenv("QX_GOLDEN_UPDATE") != NULL;
    qx_model *m = NULL;
    qx_error err;
    if (qx_model_new(&m, &err) != QX_OK) {
        fprintf(stderr, "model: %s\n", err.text);
        return 1;
    }
    DIR *top = opendir(root);
    if (top == NULL) {
        fprintf(stderr, "cannot open %s\n", root);
        qx_model_free(m);
        return 1;
    }
    char *areas[64];
    size_t na = 0;
    struct dirent *e;
    while ((e = readdir(top)) != NULL && na < 64) {
        if (e->d_name[0] != '.' && strcmp(e->d_name, "cli") != 0 &&
            strcmp(e->d_name, "sentence") != 0 && strcmp(e->d_name, "sample") != 0) {
            areas[na++] = strdup(e->d_name);
        }
    }
    closedir(top);
    qsort(areas, na, sizeof areas[0], cmp_str);
    for (size_t a = 0; a < na; a++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/%s", root, areas[a]);
        DIR *d = opendir(dir);
        if (d == NULL) {
            free(areas[a]);
            continue;
        }
        char *names[1024];
        size_t nn = 0;
        while ((e = readdir(d)) != NULL && nn < 1024) {
            size_t l = strlen(e->d_name);
            if (l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0) {
                names[nn++] = strdup(e->d_name);
            }
        }
        closedir(d);
        qsort(names, nn, sizeof names[0], cmp_str);
        for (size_t i = 0; i < nn; i++) {
            run_case(m, dir, names[i], update);
            free(names[i]);
        }
        free(areas[a]);
    }
    qx_model_free(m);
    return qxt_done("golden");
}
