/*
 * fuzz_lexicon.c - libFuzzer target: the lexicon parser qxp_lextab_parse() (src/lexicon.h) on
 * raw bytes.
 *
 * Input: byte 0 picks the lexicon kind (modulo QXP_LEX_COUNT); the rest is the file. A seed
 * must start with the kind's magic line ("#!qx-lexicon 1 verbs") to get past line 1; the
 * corpus in tests/fuzz/corpus/lexicon holds the real lexicons with their kind byte.
 * Checks (a failure prints what broke and aborts):
 *  - the parser returns QX_OK or QX_ERR_LEXICON (QX_ERR_NOMEM is out of reach here);
 *  - an error carries the code, the file name given, a line in 1..lines+1 and a column >= 0,
 *    and a non-empty message;
 *  - on success every entry has its key, value and folded key NUL-ended at the lengths
 *    recorded, a line in range, and is found again through qxp_lex_get() (the hash table is
 *    complete and duplicates were rejected).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"

#define FUZZ_NAME "fuzz_lexicon"
#include "fuzz.h"

#define FILE_NAME "fuzz/lexicon.txt"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) {
        return 0;
    }
    qxp_lexkind kind = (qxp_lexkind)(data[0] % QXP_LEX_COUNT);
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++) {
        lines += text[i] == '\n';
    }
    /* A model with only this kind filled, so that qxp_lex_get() can look entries up. */
    static qx_model model; /* zeroed; only lex[kind] is set and reset per input */
    qxp_arena arena;
    qxp_arena_init(&arena);
    qx_error err;
    memset(&err, 0, sizeof err);
    qxp_lextab *tab = &model.lex[kind];
    qx_status st = qxp_lextab_parse(tab, kind, len ? text : "", len, FILE_NAME, &arena, &err);
    if (st != QX_OK) {
        REQUIRE(st == QX_ERR_LEXICON, (size_t)-st, 0);
        REQUIRE(err.code == QX_ERR_LEXICON, (size_t)-err.code, 0);
        REQUIRE(strcmp(err.source, FILE_NAME) == 0, 0, 0);
        REQUIRE(err.line >= 1 && (size_t)err.line <= lines + 1, (size_t)err.line, lines);
        REQUIRE(err.column >= 0, (size_t)err.column, 0);
        REQUIRE(err.text[0] != '\0', 0, 0);
        REQUIRE(memchr(err.text, '\0', sizeof err.text) != NULL, 0, 0);
    } else {
        REQUIRE(err.code == QX_OK, (size_t)-err.code, 0);
        REQUIRE(tab->n <= lines, tab->n, lines);
        REQUIRE(tab->n == 0 || tab->nslots >= tab->n, tab->nslots, tab->n);
        for (size_t i = 0; i < tab->n; i++) {
            const qxp_lexent *e = &tab->ents[i];
            REQUIRE(e->key && e->val && e->fkey, i, 0);
            REQUIRE(e->keylen > 0 && strlen(e->key) == e->keylen, i, e->keylen);
            REQUIRE(strlen(e->val) == e->vallen, i, e->vallen);
            REQUIRE(strlen(e->fkey) == e->fkeylen, i, e->fkeylen);
            REQUIRE(e->line >= 2 && e->line <= lines, e->line, lines);
            /* qxp_lex_get folds into a 256-byte buffer: longer keys are never looked up. */
            if (e->fkeylen < 200 && e->keylen < 80) {
                const qxp_lexent *f = qxp_lex_get(&model, kind, e->key, e->keylen);
                REQUIRE(f == e, i, e->line);
            }
        }
    }
    memset(tab, 0, sizeof *tab);
    qxp_arena_free(&arena);
    return 0;
}
