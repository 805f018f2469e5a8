/*
 * extract.c - a small program that uses libquotex: it prints each quotation of an article
 * with its speaker.
 *
 * Build it against an installed libquotex with pkg-config alone:
 *
 *     cc -o extract extract.c $(pkg-config --cflags --libs libquotex)
 *     ./extract article.txt            # or: ./extract - < article.txt
 *     ./extract article.txt lexicons/  # with your own lexicon folder
 *
 * Output: one line per quote, "[kind] Speaker (cue): text", then the article's speakers.
 * Exit status: 0 on success, 1 when the article cannot be read or extracted, 2 on usage.
 */
#include <quotex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file ("-" = standard input) into memory. Returns NULL on failure. */
static char *read_all(const char *path, size_t *len) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) {
            break; /* end of file or a read error, told apart by ferror() below */
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
    if (buf != NULL && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    if (f != stdin) {
        fclose(f);
    }
    *len = n;
    return buf;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s FILE|- [LEXICON_DIR]\n", argv[0]);
        return 2;
    }

    /* A program should check that the library it runs with is the one it was built for:
     * the soname guards the ABI, this guards the release (here: same major version). */
    if ((qx_version() >> 16) != QX_VERSION_MAJOR) {
        fprintf(stderr, "libquotex %s does not match quotex.h %s\n", qx_version_string(),
                QX_VERSION_STRING);
        return 1;
    }

    /* 1. The model: lexicons and compiled patterns. Load it once; it is immutable, so any
     *    number of threads may share it. qx_error tells what failed, and where. */
    qx_model *model = NULL;
    qx_error err;
    qx_status st = argc == 3 ? qx_model_load(argv[2], &model, &err)
                             : qx_model_new(&model, &err);
    if (st != QX_OK) {
        if (st == QX_ERR_LEXICON) {
            fprintf(stderr, "%s:%d:%d: %s\n", err.source, err.line, err.column, err.text);
        } else {
            fprintf(stderr, "cannot load the model: %s (%s)\n", qx_strerror(st), err.text);
        }
        return 1;
    }

    /* 2. The article: any bytes are accepted (invalid UTF-8 becomes U+FFFD, with a warning
     *    in the document), so only a failure to read it stops us here. */
    size_t len = 0;
    char *text = read_all(argv[1], &len);
    if (text == NULL) {
        perror(argv[1]);
        qx_model_free(model);
        return 1;
    }

    /* 3. Extraction. The document owns everything it hands out; `text` is not referenced
     *    after the call, so it could be freed right away. */
    qx_doc *doc = NULL;
    st = qx_extract(model, text, len, 0, &doc, &err);
    if (st != QX_OK) {
        fprintf(stderr, "%s: %s (%s)\n", argv[1], qx_strerror(st), err.text);
        free(text);
        qx_model_free(model);
        return 1;
    }

    /* 4. The quotes, in text order. Offsets are bytes into `text`; a quote interrupted by
     *    its attribution ("A," he said, "B.") has several segments but one record. */
    size_t n = qx_doc_quote_count(doc);
    printf("%zu quotes\n", n);
    for (size_t i = 0; i < n; i++) {
        const qx_quote *q = qx_doc_quote(doc, i);
        printf("[%s] %s", qx_kind_name(q->kind), q->speaker ? q->speaker : "(unknown)");
        if (q->cue.text != NULL) {
            printf(" (%s)", q->cue.text);
        }
        printf(": %s  [bytes %zu-%zu, score %d]\n", q->text, q->span.start, q->span.end,
               q->score);
    }

    /* 5. The speakers: canonical names, with how often each speaks. */
    for (size_t i = 0; i < qx_doc_speaker_count(doc); i++) {
        const qx_speaker *s = qx_doc_speaker(doc, i);
        printf("speaker: %s, %zu quote%s\n", s->name, s->n_quotes, s->n_quotes == 1 ? "" : "s");
    }

    /* 6. The same result as the JSON record of the quotex command. Strings the library
     *    returns as `char *` are ours: free them with qx_free(). */
    char *json = qx_doc_to_json(doc, argv[1], NULL, 0);
    int ok = json != NULL;
    if (!ok) {
        fprintf(stderr, "out of memory\n");
    } else {
        printf("JSON record: %zu bytes\n", strlen(json));
    }

    /* 7. Free everything; each *_free(NULL) would be a no-op. */
    qx_free(json);
    qx_doc_free(doc);
    free(text);
    qx_model_free(model);

    /* Output errors (a full disk, a closed pipe) are errors too. */
    if (fflush(stdout) != 0 || ferror(stdout) || !ok) {
        return 1;
    }
    return 0;
}
