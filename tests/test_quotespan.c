/*
 * test_quotespan.c - unit tests of the quotation-mark pairing (src/quotespan.c).
 *
 * Paragraphs are made here (blank-line separated, trimmed) so that the module is tested
 * alone. Each case checks the byte offsets of marks and content.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "quotespan.h"

static qx_model *model;
static qxp_arena arena;
static const char *cur;
static qxp_qspan *qs;
static size_t nq;
static qx_span paras[4096];

/* Splits text into paragraphs at blank lines (trimmed of white space). */
static size_t split_paras(const char *t, size_t len) {
    size_t n = 0, i = 0;
    while (i < len && n < sizeof paras / sizeof paras[0]) {
        while (i < len && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t')) {
            i++;
        }
        if (i >= len) {
            break;
        }
        size_t s = i;
        const char *bl = strstr(t + i, "\n\n");
        size_t e = bl && (size_t)(bl - t) < len ? (size_t)(bl - t) : len;
        size_t ee = e;
        while (ee > s && (t[ee - 1] == ' ' || t[ee - 1] == '\n')) {
            ee--;
        }
        paras[n].start = s;
        paras[n].end = ee;
        n++;
        i = e;
    }
    return n;
}

static void run_len(const char *t, size_t len, unsigned opts) {
    qxp_arena_free(&arena);
    qxp_arena_init(&arena);
    qxp_free(qs);
    qxp_sentences s;
    memset(&s, 0, sizeof s);
    s.paras = paras;
    s.n_paras = split_paras(t, len);
    cur = t;
    qs = NULL;
    nq = 0;
    CHECK_INT(qxp_quotes_find(model, t, len, &s, opts, &arena, &qs, &nq), QX_OK);
}

static void run(const char *t) {
    run_len(t, strlen(t), 0);
}

/* Content of quote i as a string (pieces joined by '|'). */
static const char *content(size_t i) {
    static char buf[4096];
    size_t o = 0;
    if (i >= nq) {
        return "(none)";
    }
    for (size_t k = 0; k < qs[i].n_pieces; k++) {
        size_t n = qs[i].pieces[k].end - qs[i].pieces[k].start;
        if (k > 0 && o + 1 < sizeof buf) {
            buf[o++] = '|';
        }
        if (o + n >= sizeof buf) {
            n = sizeof buf - o - 1;
        }
        memcpy(buf + o, cur + qs[i].pieces[k].start, n);
        o += n;
    }
    buf[o] = '\0';
    return buf;
}

static size_t off(const char *needle) {
    const char *p = strstr(cur, needle);
    return p ? (size_t)(p - cur) : (size_t)-1;
}

static void test_double_straight(void) {
    /* 0         1         2         3
       0123456789012345678901234567890123456 */
    run("\"Hello,\" he said, \"how are you?\"");
    CHECK_INT(nq, 2);
    CHECK_INT(qs[0].open_start, 0);
    CHECK_INT(qs[0].open_end, 1);
    CHECK_INT(qs[0].start, 1);
    CHECK_INT(qs[0].end, 7);
    CHECK_INT(qs[0].close_start, 7);
    CHECK_INT(qs[0].close_end, 8);
    CHECK_INT(qs[0].flags, 0);
    CHECK_INT(qs[0].family, QXP_FAM_DOUBLE);
    CHECK_INT(qs[0].depth, 0);
    CHECK_INT(qs[0].n_pieces, 1);
    CHECK_SPAN(qs[0].pieces[0], 1, 7);
    CHECK_INT(qs[1].open_start, 18);
    CHECK_INT(qs[1].start, 19);
    CHECK_INT(qs[1].end, 31);
    CHECK_INT(qs[1].close_start, 31);
    CHECK_STR(content(1), "how are you?");
}

static void test_families(void) {
    static const struct {
        const char *text, *want;
        qxp_family fam;
    } cases[] = {
        {"He said “yes” to it.", "yes", QXP_FAM_DOUBLE},
        {"He said ‘yes’ to it.", "yes", QXP_FAM_SINGLE},
        {"He said 'yes', then left.", "yes", QXP_FAM_SINGLE},
        {"Il a dit «oui» hier.", "oui", QXP_FAM_GUILLEMET},
        {"Il a dit « oui » hier.", "oui", QXP_FAM_GUILLEMET},          /* spaces inside */
        {"« Nous sommes prêts », a-t-il dit.", "Nous sommes prêts", QXP_FAM_GUILLEMET},
        {"‹ Oui ›, a dit Luc.", "Oui", QXP_FAM_SGUILLEMET},
        {"Il a dit «\xC2\xA0oui\xC2\xA0» hier.", "oui", QXP_FAM_GUILLEMET}, /* NBSP */
        {"Er sagte »ja« dann.", "ja", QXP_FAM_GUILLEMET},
        {"Er sagte „ja“ dann.", "ja", QXP_FAM_DOUBLE},
        {"Powiedział „tak” wczoraj.", "tak", QXP_FAM_DOUBLE},
        {"Er sagte ‚ja‘ dann.", "ja", QXP_FAM_SINGLE},
        {"Il a dit ‹oui› hier.", "oui", QXP_FAM_SGUILLEMET},
        {"彼は「はい」と言った。", "はい", QXP_FAM_CORNER},
        {"彼は『はい』と言った。", "はい", QXP_FAM_WCORNER},
        {"He said ''yes'' to it.", "yes", QXP_FAM_DOUBLE},
        {"He said ``yes'' to it.", "yes", QXP_FAM_DOUBLE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run(cases[i].text);
        CHECK_INT(nq, 1);
        CHECK_STR(content(0), cases[i].want);
        CHECK_INT(qs[0].family, cases[i].fam);
        CHECK_INT(qs[0].flags, 0);
        CHECK_INT(qs[0].start, off(cases[i].want));
        CHECK_INT(qs[0].end, off(cases[i].want) + strlen(cases[i].want));
    }
    /* « oui »: the marks are 2 bytes, the content excludes the inner spaces */
    run("« oui »");
    CHECK_INT(qs[0].open_end, 2);
    CHECK_INT(qs[0].start, 3);
    CHECK_INT(qs[0].end, 6);
    CHECK_INT(qs[0].close_start, 7);
    CHECK_INT(qs[0].close_end, 9);
}

static void test_apostrophes(void) {
    /* the seed article: who’d and America’s are apostrophes, ‘…’ a British-style quote */
    run("We would be happier with a president who’d put ‘at least some effort’ into it.");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "at least some effort");
    CHECK_INT(qs[0].open_start, off("‘"));
    CHECK_INT(qs[0].close_start, off("’ into"));
    run("“We have never interfered in America’s internal affairs.”");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "We have never interfered in America’s internal affairs.");
    static const char *const none[] = {
        "It was the ’90s and rock ’n’ roll was king.", "'Tis the season, at five o'clock.",
        "Y'all went to Hawai'i in '05.", "The Joneses’ car and the Smiths' dog.",
        "Don't you know ’em?",
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        run(none[i]);
        CHECK_INT(nq, 0);
    }
    /* a plural possessive inside a pending single quote does not close it */
    run("‘I went to the Joneses’ house,’ she said.");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "I went to the Joneses’ house,");
    CHECK_INT(qs[0].close_start, off("’ she"));
    /* but closes it when nothing else does: ‘Russiagate’ narrative */
    run("The ‘Russiagate’ narrative persisted.");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "Russiagate");
    CHECK_INT(qs[0].flags, 0);
    CHECK_INT(qs[0].close_start, off("’ narrative"));
    run("'Hello' he said 'and goodbye'");
    CHECK_INT(nq, 2);
    CHECK_STR(content(0), "Hello");
    CHECK_STR(content(1), "and goodbye");
    run("‘I love rock ’n’ roll,’ she said.");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "I love rock ’n’ roll,");
}

static void test_nested(void) {
    run("\"He said 'Good night,' and left,\" she said.");
    CHECK_INT(nq, 2);
    CHECK_STR(content(0), "He said 'Good night,' and left,");
    CHECK_INT(qs[0].depth, 0);
    CHECK_INT(qs[0].flags, 0);
    CHECK_STR(content(1), "Good night,");
    CHECK_INT(qs[1].depth, 1);
    CHECK_INT(qs[1].flags, QX_QF_NESTED);
    CHECK_INT(qs[1].open_start, 9);
    CHECK_INT(qs[1].close_start, 21);
    run("“She told me, ‘Go,’” he said.");
    CHECK_INT(nq, 2);
    CHECK_STR(content(0), "She told me, ‘Go,’");
    CHECK_STR(content(1), "Go,");
    CHECK_INT(qs[1].flags, QX_QF_NESTED);
    /* an inner quote left open ends where the outer one closes */
    run("“A «b c” d.");
    CHECK_INT(nq, 2);
    CHECK_STR(content(0), "A «b c");
    CHECK_STR(content(1), "b c");
    CHECK_INT(qs[1].flags, QX_QF_NESTED | QX_QF_UNCLOSED);
    CHECK_INT(qs[1].close_start, qs[1].end);
    /* an inner ' or ‘ left open was an apostrophe: "I want 'ee to go" */
    run("“I want ‘ee to go, and ‘prentice boys “too”.” he said.");
    CHECK_INT(nq, 2);
    CHECK_STR(content(0), "I want ‘ee to go, and ‘prentice boys “too”.");
    CHECK_STR(content(1), "too");
    CHECK_INT(qs[1].depth, 1);
    CHECK_INT(qs[1].flags, QX_QF_NESTED);
    /* at the top level too; what it held moves up a level */
    run("In the early 'eighties the \"dude\" was king.");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "dude");
    CHECK_INT(qs[0].depth, 0);
    CHECK_INT(qs[0].flags, 0);
}

static void test_multipara(void) {
    const char *t = "“First part.\n\n“Second part.\n\n“Last part,” he said.\n\nAfter.";
    run(t);
    CHECK_INT(nq, 1);
    CHECK_INT(qs[0].flags, QX_QF_MULTIPARA);
    CHECK_INT(qs[0].n_pieces, 3);
    CHECK_STR(content(0), "First part.|Second part.|Last part,");
    CHECK_INT(qs[0].open_start, 0);
    CHECK_SPAN(qs[0].pieces[0], 3, 14);
    CHECK_SPAN(qs[0].pieces[1], 19, 31);
    CHECK_SPAN(qs[0].pieces[2], 36, 46);
    CHECK_INT(qs[0].close_start, 46);
    CHECK_INT(qs[0].para, 0);
    /* straight marks too */
    run("\"One.\n\n\"Two,\" he said.");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "One.|Two,");
    CHECK_INT(qs[0].flags, QX_QF_MULTIPARA);
    /* a paragraph that does not reopen: unclosed at its end */
    run("“One and\n\nTwo.");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "One and");
    CHECK_INT(qs[0].flags, QX_QF_UNCLOSED);
}

static void test_unclosed(void) {
    run("He said “we will not   \n\nNext paragraph.");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "we will not");
    CHECK_INT(qs[0].flags, QX_QF_UNCLOSED);
    CHECK_INT(qs[0].end, 22);
    CHECK_INT(qs[0].close_start, 22);
    CHECK_INT(qs[0].close_end, 22);
    /* an odd count of straight marks: context finds the second opening */
    run("\"A, he said. \"B.\"");
    CHECK_INT(nq, 2);
    CHECK_STR(content(0), "A, he said.");
    CHECK_INT(qs[0].flags, QX_QF_UNCLOSED);
    CHECK_STR(content(1), "B.");
    CHECK_INT(qs[1].flags, 0);
    /* a stray closing mark is text */
    run("A,\" he said. \"B.\"");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "B.");
    run("He is 5'11\" tall.");
    CHECK_INT(nq, 0);
}

static void test_mismatch(void) {
    run("“Hello\" he said.");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "Hello");
    CHECK_INT(qs[0].flags, QX_QF_MISMATCH);
    CHECK_INT(qs[0].close_start, 8);
    run("\"Hello” he said.");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "Hello");
    CHECK_INT(qs[0].flags, QX_QF_MISMATCH);
    run("“Hello“ he said.");
    CHECK_INT(nq, 1);
    CHECK_INT(qs[0].flags, QX_QF_MISMATCH);
}

static void test_dash_dialogue(void) {
    run("—Back to barracks! he said sternly.\n\n--O, if not, the eagles will come.--\n\n"
        "— The company said it would.");
    CHECK_INT(nq, 2);
    CHECK_STR(content(0), "Back to barracks!");
    CHECK_INT(qs[0].family, QXP_FAM_DASH);
    CHECK_INT(qs[0].open_start, 0);
    CHECK_INT(qs[0].open_end, 3);
    CHECK_INT(qs[0].start, 3);
    CHECK_INT(qs[0].end, 20);
    CHECK_INT(qs[0].close_start, 20);
    CHECK_INT(qs[0].flags, 0);
    CHECK_STR(content(1), "O, if not, the eagles will come.");
    CHECK_INT(qs[1].para, 1);
    /* marks inside a dash paragraph nest in it */
    run("—He said “go” to me.");
    CHECK_INT(nq, 2);
    CHECK_STR(content(0), "He said “go” to me.");
    CHECK_STR(content(1), "go");
    CHECK_INT(qs[1].depth, 1);
}

/* A quote_marks lexicon of its own (qx_model_load): marks that share their first byte are
 * matched longest first, and a mark longer than 64 bytes is matched too (mark_at looks the
 * text's next bytes up by each length of the marks of its first byte, and compares the
 * marks one by one when one is longer than 64 bytes). */
static void test_custom_marks(void) {
    char dir[] = "/tmp/qxt-marks-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        CHECK_INT(1, 0);
        return;
    }
    char path[64];
    snprintf(path, sizeof path, "%s/quote_marks.txt", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        CHECK_INT(1, 0);
        rmdir(dir);
        return;
    }
    /* << <<< <<<< open, >> >>> >>>> close (three marks of a first byte: looked up by
     * length); ~ and ~~ pair with themselves (two: compared one by one); a 70-byte run of
     * '@' closes itself, beside '@@' (compared one by one) */
    char longm[71];
    memset(longm, '@', 70);
    longm[70] = '\0';
    fprintf(f, "#!qx-lexicon 1 quote_marks\n<<\t>>\tsingle\n<<<\t>>>\tdouble\n<<<<\t>>>>\tdouble\n"
               "~\t~\tsingle\n"
               "~~\t~~\tdouble\n%s\t%s\tdouble\n@@\t@@\tsingle\n", longm, longm);
    fclose(f);
    qx_model *saved = model;
    qx_error err;
    if (qx_model_load(dir, &model, &err) != QX_OK) {
        fprintf(stderr, "custom marks: %s\n", err.text);
        CHECK_INT(1, 0);
        model = saved;
    } else {
        /* the fingerprint tells the lexicons apart: another quote_marks file, another
         * digest; the built-in files read from lexicons/en, the built-in digest */
        CHECK_INT(strlen(qx_model_fingerprint(model)), 16);
        CHECK_INT(strcmp(qx_model_fingerprint(model), qx_model_fingerprint(saved)) != 0, 1);
        qx_model *same = NULL;
        CHECK_INT(qx_model_load("lexicons/en", &same, &err), QX_OK);
        if (same != NULL) {
            CHECK_STR(qx_model_fingerprint(same), qx_model_fingerprint(saved));
            qx_model_free(same);
        }
        run("He said <<<<yes>>>> and <<<no>>> and <<maybe>> then.");
        CHECK_INT(nq, 3);
        CHECK_STR(content(0), "yes");
        CHECK_STR(content(1), "no");
        CHECK_STR(content(2), "maybe");
        if (nq == 3) {
            CHECK_INT(qs[0].open_end - qs[0].open_start, 4);
            CHECK_INT(qs[1].open_end - qs[1].open_start, 3);
            CHECK_INT(qs[2].close_end - qs[2].close_start, 2);
        }
        run("She said ~~fine~~ and ~ok~ today.");
        CHECK_INT(nq, 2);
        CHECK_STR(content(0), "fine");
        CHECK_STR(content(1), "ok");
        char text[256];
        snprintf(text, sizeof text, "It said %sdone%s at last, @@so@@ too.", longm, longm);
        run(text);
        CHECK_INT(nq, 2);
        CHECK_STR(content(0), "done");
        CHECK_STR(content(1), "so");
        if (nq == 2) {
            CHECK_INT(qs[0].open_end - qs[0].open_start, 70);
        }
        qxp_arena_free(&arena);
        qxp_arena_init(&arena);
        qxp_free(qs);
        qs = NULL;
        nq = 0;
        qx_model_free(model);
        model = saved;
    }
    remove(path);
    rmdir(dir);
}

static void test_options_limits(void) {
    const char *t = "He said 'yes'. \"She said 'no' twice.\"";
    run_len(t, strlen(t), QX_OPT_NO_SINGLE_QUOTES);
    CHECK_INT(nq, 2);
    CHECK_STR(content(0), "She said 'no' twice.");
    CHECK_STR(content(1), "no");
    /* nesting limit: deeper marks are text */
    size_t old = qx_model_set_limit(model, QX_LIMIT_NESTING, 1);
    run("“A ‘b’ c.”");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "A ‘b’ c.");
    qx_model_set_limit(model, QX_LIMIT_NESTING, old);
    /* quote length limit: cut on a character boundary */
    old = qx_model_set_limit(model, QX_LIMIT_QUOTE_BYTES, 4);
    run("“aéé bc”"); /* a é é: 1 + 2 + 2 bytes; a cut at 4 falls inside the second é */
    CHECK_INT(nq, 1);
    CHECK_INT(qs[0].start, 3);
    CHECK_INT(qs[0].end, 6);
    CHECK_INT(qs[0].flags, QX_QF_TRUNCATED);
    qx_model_set_limit(model, QX_LIMIT_QUOTE_BYTES, old);
    /* no paragraphs (all white space) and empty text */
    run("   ");
    CHECK_INT(nq, 0);
    run("");
    CHECK_INT(nq, 0);
    /* invalid UTF-8 next to marks is a symbol */
    run("\xFF\"a\xFE\" x");
    CHECK_INT(nq, 1);
    CHECK_STR(content(0), "a\xFE");
}

/* Pathological input, checked for its result only (its time is make stress's: lone-dq,
 * alt-curly and nested at 1x, 4x and 16x): every span inside the text and in order of its
 * opening mark, no nesting deeper than QX_LIMIT_NESTING. (This test used to assert each case
 * took under a second of cpu time, which failed under valgrind on a loaded machine.) */
static void test_pathological(void) {
    size_t n = 100000;
    char *t = malloc(n * 6 + 16);
    if (t == NULL) {
        CHECK(0);
        return;
    }
    static const struct {
        const char *unit;
        size_t reps;
    } cases[] = {{"\"", 100000}, {"\" ", 100000}, {"“‘", 100000}, {"“", 10000}, {"'a ", 100000}};
    size_t max_nest = qx_model_get_limit(model, QX_LIMIT_NESTING);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t ul = strlen(cases[c].unit), len = 0;
        for (size_t i = 0; i < cases[c].reps; i++) {
            memcpy(t + len, cases[c].unit, ul);
            len += ul;
        }
        if (c == 3) { /* 10^4 nested quotes: the closing marks */
            for (size_t i = 0; i < cases[c].reps; i++) {
                memcpy(t + len, "”", 3);
                len += 3;
            }
        }
        t[len] = '\0';
        run_len(t, len, 0);
        int bad = 0;
        for (size_t i = 0; i < nq; i++) {
            const qxp_qspan *q = &qs[i];
            bad += !(q->open_start < q->open_end && q->open_end <= q->start &&
                     q->start <= q->end && q->end <= q->close_start &&
                     q->close_start <= q->close_end && q->close_end <= len);
            bad += i > 0 && qs[i - 1].open_start >= q->open_start;
            bad += q->depth > max_nest;
        }
        if (bad) {
            fprintf(stderr, "case %zu: %d spans break the invariants\n", c, bad);
        }
        CHECK_INT(bad, 0);
    }
    free(t);
}

int main(void) {
    qx_error err;
    if (qx_model_new(&model, &err) != QX_OK) {
        fprintf(stderr, "model: %s\n", err.text);
        return 1;
    }
    qxp_arena_init(&arena);
    test_double_straight();
    test_families();
    test_apostrophes();
    test_nested();
    test_multipara();
    test_unclosed();
    test_mismatch();
    test_dash_dialogue();
    test_options_limits();
    test_custom_marks();
    test_pathological();
    qxp_arena_free(&arena);
    qxp_free(qs);
    qx_model_free(model);
    return qxt_done("quotespan");
}
