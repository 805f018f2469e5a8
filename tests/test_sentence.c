/*
 * test_sentence.c - unit tests of the sentence splitter (src/sentence.c): the 52 English
 * Golden Rules (fixtures/sentence/golden_rules.jsonl), one case per rule of sentence.c,
 * paragraph breaks, span invariants, lookups, and pathological inputs (checked for their
 * result only; their speed belongs in make bench); the inline UTF-8 decoder and the character
 * classes.
 *
 * A case passes when the sentences' text, each with runs of white space (line breaks
 * included) folded into one space, equals the expected list. Every result is also checked for
 * the span invariants: inside the text, trimmed, non-empty, in order, inside its paragraph.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "harness.h"
#include "sentence.h"
#include "text.h"

#ifndef FIXTURES
#define FIXTURES "fixtures/sentence/"
#endif

static const qx_model *model;

/* Folds runs of ASCII white space into one space (spans are already trimmed). */
static char *fold(const char *s, size_t n) {
    char *out = malloc(n + 1);
    size_t k = 0;
    bool sp = false;
    if (out == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            sp = true;
            continue;
        }
        if (sp && k) {
            out[k++] = ' ';
        }
        sp = false;
        out[k++] = c;
    }
    out[k] = '\0';
    return out;
}

static bool is_blank(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Checks the span invariants of a split; returns the number of violations. */
static int check_invariants(const char *text, size_t len, const qxp_sentences *s) {
    int bad = 0;
    for (size_t i = 0; i < s->n_paras; i++) {
        qx_span p = s->paras[i];
        bad += !(p.start < p.end && p.end <= len);
        bad += i > 0 && p.start < s->paras[i - 1].end;
        bad += is_blank((unsigned char)text[p.start]) || is_blank((unsigned char)text[p.end - 1]);
    }
    for (size_t i = 0; i < s->n_sents; i++) {
        qx_span x = s->sents[i];
        bad += !(x.start < x.end && x.end <= len);
        bad += i > 0 && x.start < s->sents[i - 1].end;
        bad += is_blank((unsigned char)text[x.start]) || is_blank((unsigned char)text[x.end - 1]);
        size_t p = s->sent_para[i];
        bad += p >= s->n_paras || x.start < s->paras[p].start || x.end > s->paras[p].end;
        bad += i > 0 && p < s->sent_para[i - 1];
    }
    if (bad) {
        fprintf(stderr, "span invariants broken for: %.60s\n", text);
    }
    return bad;
}

/* Splits text and compares the folded sentences with want[0..nwant). Prints the difference
 * when they disagree. Returns true on a match. */
static bool split_matches(const char *name, const char *text, size_t len, const char *const *want,
                          size_t nwant, bool report) {
    qxp_arena a;
    qxp_arena_init(&a);
    qxp_sentences s;
    bool ok = qxp_sentence_split(model, text, len, &a, &s) == QX_OK;
    ok = ok && check_invariants(text, len, &s) == 0 && s.n_sents == nwant;
    for (size_t i = 0; ok && i < nwant; i++) {
        char *got = fold(text + s.sents[i].start, s.sents[i].end - s.sents[i].start);
        ok = got && strcmp(got, want[i]) == 0;
        free(got);
    }
    if (!ok && report) {
        fprintf(stderr, "%s: sentences differ\n  want:", name);
        for (size_t i = 0; i < nwant; i++) {
            fprintf(stderr, " [%s]", want[i]);
        }
        fprintf(stderr, "\n  got: ");
        for (size_t i = 0; i < s.n_sents; i++) {
            char *got = fold(text + s.sents[i].start, s.sents[i].end - s.sents[i].start);
            fprintf(stderr, " [%s]", got ? got : "?");
            free(got);
        }
        fprintf(stderr, "\n");
    }
    qxp_arena_free(&a);
    return ok;
}

/* One case: NULL-terminated list of expected sentences. */
#define SPLIT(text, ...)                                                                           \
    do {                                                                                           \
        const char *const want_[] = {__VA_ARGS__};                                                 \
        CHECK(split_matches(__FILE__, (text), strlen(text), want_, sizeof want_ / sizeof want_[0], \
                            true));                                                                \
    } while (0)

/* ---- Golden Rules ------------------------------------------------------------------------- */

static void test_golden_rules(void) {
    json_error_t jerr;
    FILE *f = fopen(FIXTURES "golden_rules.jsonl", "r");
    CHECK(f != NULL);
    if (f == NULL) {
        return;
    }
    char line[8192];
    int total = 0;
    int passed = 0;
    while (fgets(line, sizeof line, f)) {
        json_t *j = json_loads(line, 0, &jerr);
        CHECK(j != NULL);
        if (j == NULL) {
            continue;
        }
        const char *id = json_string_value(json_object_get(j, "id"));
        json_t *text = json_object_get(j, "text");
        json_t *sents = json_object_get(j, "sentences");
        size_t n = json_array_size(sents);
        const char **want = calloc(n ? n : 1, sizeof *want);
        for (size_t i = 0; want && i < n; i++) {
            want[i] = json_string_value(json_array_get(sents, i));
        }
        bool ok = want && split_matches(id ? id : "?", json_string_value(text),
                                        json_string_length(text), want, n, true);
        CHECK(ok);
        total++;
        passed += ok;
        free(want);
        json_decref(j);
    }
    fclose(f);
    CHECK_INT(total, 52);
    printf("golden rules: %d of %d pass\n", passed, total);
}

/* ---- one case per rule of sentence.c ------------------------------------------------------- */

static void test_rules(void) {
    /* abbreviations: prefix, number, final, plain */
    SPLIT("Lt. Col. Smith met Gov. Brown and Sen. Warren.",
          "Lt. Col. Smith met Gov. Brown and Sen. Warren.");
    SPLIT("See No. 5 and Fig. 3 on p. 12. Then stop.", "See No. 5 and Fig. 3 on p. 12.",
          "Then stop.");
    SPLIT("I said No. Then he left.", "I said No.", "Then he left.");
    SPLIT("It happened on Oct. 3 in Calif. The police came.", "It happened on Oct. 3 in Calif.",
          "The police came.");
    SPLIT("Apples, pears, etc. The list goes on.", "Apples, pears, etc.", "The list goes on.");
    SPLIT("Fruit, e.g. Apples, are good.", "Fruit, e.g. Apples, are good.");
    SPLIT("Smith et al. The authors agree.", "Smith et al.", "The authors agree.");
    SPLIT("He works for Acme Inc. Mr. Jones said so.", "He works for Acme Inc.",
          "Mr. Jones said so.");
    /* dotted initialisms not in the lexicon behave like final entries */
    SPLIT("He flew to the N.H. Airport. It was late. He left the N.H. But why?",
          "He flew to the N.H. Airport.", "It was late.", "He left the N.H.", "But why?");
    /* initials */
    SPLIT("J. R. R. Tolkien wrote it.", "J. R. R. Tolkien wrote it.");
    SPLIT("It was Plan B. The rest failed.", "It was Plan B.", "The rest failed.");
    /* numbers, money, times */
    SPLIT("It rose 3.5% to $1.2m at 5 p.m. on Monday.",
          "It rose 3.5% to $1.2m at 5 p.m. on Monday.");
    SPLIT("It closed at 5 p.m. The next day it opened.", "It closed at 5 p.m.",
          "The next day it opened.");
    SPLIT("It was founded in 1990. 25 people work there.", "It was founded in 1990.",
          "25 people work there.");
    /* closing quotes and parentheses after the stop */
    SPLIT("He said \xE2\x80\x9CGo.\xE2\x80\x9D Then he left.",
          "He said \xE2\x80\x9CGo.\xE2\x80\x9D", "Then he left.");
    SPLIT("He left. (He came back.) Then he slept.", "He left.", "(He came back.)",
          "Then he slept.");
    /* quotes: lower-case word or attribution after the closing mark */
    SPLIT("\xE2\x80\x9C"
          "Are you coming?\xE2\x80\x9D Smith asked. \xE2\x80\x9CNo.\xE2\x80\x9D"
          " She held the door.",
          "\xE2\x80\x9C"
          "Are you coming?\xE2\x80\x9D Smith asked.",
          "\xE2\x80\x9CNo.\xE2\x80\x9D", "She held the door.");
    SPLIT("\xE2\x80\x9CIt was fine.\xE2\x80\x9D That said, we left. \xE2\x80\x9CWe won.\xE2\x80\x9D"
          " He also denied it. \xE2\x80\x9CNo.\xE2\x80\x9D It added: \xE2\x80\x9CYes.\xE2\x80\x9D",
          "\xE2\x80\x9CIt was fine.\xE2\x80\x9D", "That said, we left.",
          "\xE2\x80\x9CWe won.\xE2\x80\x9D", "He also denied it.", "\xE2\x80\x9CNo.\xE2\x80\x9D",
          "It added: \xE2\x80\x9CYes.\xE2\x80\x9D");
    SPLIT("\xE2\x80\x9CWe will respect the choice. We are ready,\xE2\x80\x9D Peskov stated.",
          "\xE2\x80\x9CWe will respect the choice.", "We are ready,\xE2\x80\x9D Peskov stated.");
    /* emails, URLs, file names */
    SPLIT("Open report.final.PDF or www.Example.Com today. Write to a.b@c.Org now.",
          "Open report.final.PDF or www.Example.Com today.", "Write to a.b@c.Org now.");
    /* no space after the period */
    SPLIT("It ended.Then it began.Mr.Smith came.", "It ended.", "Then it began.", "Mr.Smith came.");
    /* lists: (a) markers, numbered lines, bullets */
    SPLIT("(a) The first item (b) The second item", "(a) The first item", "(b) The second item");
    SPLIT("Steps to follow today:\n1. Open the box carefully and take out the manual\n"
          "2. Read the whole manual before you start anything",
          "Steps to follow today:", "1. Open the box carefully and take out the manual",
          "2. Read the whole manual before you start anything");
    SPLIT("Key points of the report are these\n* the first point is long enough here\n"
          "* the second point is also long enough",
          "Key points of the report are these", "* the first point is long enough here",
          "* the second point is also long enough");
    SPLIT("The score was 2) not good.", "The score was 2) not good.");
    /* exclamation inside a name, lower-case after stops */
    SPLIT("Yahoo! in the lead. Wow! It works.", "Yahoo! in the lead.", "Wow!", "It works.");
    /* a word in camel case counts as capitalized */
    SPLIT("Sales rose. eBay fell. iPhone sales grew.", "Sales rose.", "eBay fell.",
          "iPhone sales grew.");
    SPLIT("It ended with World War I. But then peace came.", "It ended with World War I.",
          "But then peace came.");
    /* ellipses */
    SPLIT("I don\xE2\x80\x99t know\xE2\x80\xA6 The rest is silence.",
          "I don\xE2\x80\x99t know\xE2\x80\xA6", "The rest is silence.");
    /* CJK stops */
    SPLIT("\xE4\xBD\xA0\xE5\xA5\xBD\xE3\x80\x82\xE5\x86\x8D\xE8\xA7\x81\xE3\x80\x82",
          "\xE4\xBD\xA0\xE5\xA5\xBD\xE3\x80\x82", "\xE5\x86\x8D\xE8\xA7\x81\xE3\x80\x82");
    /* hard-wrapped prose is not list-like: a line ending with a function word */
    SPLIT("contact the\nmanager now", "contact the manager now");
}

/* ---- paragraphs ---------------------------------------------------------------------------- */

static void test_paragraphs(void) {
    const char *t = "Headline Without Stop\r\n\r\nFirst para. Second sentence\n"
                    "goes on.\n \t\nLast\xE2\x80\xA9Sep para";
    size_t len = strlen(t);
    qxp_arena a;
    qxp_arena_init(&a);
    qxp_sentences s;
    CHECK_INT(qxp_sentence_split(model, t, len, &a, &s), QX_OK);
    CHECK_INT(check_invariants(t, len, &s), 0);
    CHECK_INT(s.n_paras, 4);
    CHECK_INT(s.n_sents, 5);
    if (s.n_paras == 4 && s.n_sents == 5) {
        CHECK_SPAN(s.paras[0], 0, 21);
        CHECK_SPAN(s.sents[0], 0, 21);
        CHECK_SPAN(s.sents[1], 25, 36);
        CHECK_INT(s.sent_para[2], 1);
        CHECK_INT(s.sent_para[3], 2);
        CHECK_INT(s.sent_para[4], 3);
        CHECK(memcmp(t + s.sents[4].start, "Sep para", 8) == 0);
        /* lookups: inside, between (-> next), past the end */
        CHECK_INT(qxp_sentence_at(&s, 0), 0);
        CHECK_INT(qxp_sentence_at(&s, 22), 1);
        CHECK_INT(qxp_sentence_at(&s, 30), 1);
        CHECK_INT(qxp_sentence_at(&s, len), 5);
        CHECK_INT(qxp_para_at(&s, 23), 1);
        CHECK_INT(qxp_para_at(&s, len - 1), 3);
    }
    qxp_arena_free(&a);

    /* nothing but white space: no paragraph, no sentence */
    qxp_arena_init(&a);
    CHECK_INT(qxp_sentence_split(model, " \n\r\n\t ", 6, &a, &s), QX_OK);
    CHECK_INT(s.n_paras, 0);
    CHECK_INT(s.n_sents, 0);
    CHECK_INT(qxp_sentence_at(&s, 3), 0);
    CHECK_INT(qxp_sentence_split(model, "", 0, &a, &s), QX_OK);
    CHECK_INT(s.n_sents, 0);
    qxp_arena_free(&a);

    /* Unicode white space is trimmed; NEL and U+2028 are line breaks, not paragraph ends */
    const char *u = "\xC2\xA0Hello there.\xC2\x85"
                    "Again\xE2\x80\xA8now.\xE3\x80\x80";
    qxp_arena_init(&a);
    CHECK_INT(qxp_sentence_split(model, u, strlen(u), &a, &s), QX_OK);
    CHECK_INT(check_invariants(u, strlen(u), &s), 0);
    CHECK_INT(s.n_paras, 1);
    CHECK_INT(s.n_sents, 2);
    if (s.n_sents == 2) {
        CHECK_SPAN(s.sents[0], 2, 14);
        CHECK_SPAN(s.sents[1], 16, 28);
    }
    /* without a model the generic rules still split (no abbreviations known) */
    CHECK_INT(qxp_sentence_split(NULL, "He left. Mr. Smith came.", 24, &a, &s), QX_OK);
    CHECK_INT(s.n_sents, 3);
    qxp_arena_free(&a);

    /* control bytes and every Unicode space at a sentence's edges are trimmed like white
     * space: no sentence of those only (its output text would be empty) */
    static const struct {
        const char *text;
        size_t n, span[2][2];
    } edges[] = {
        {"It ended. \x01\x7F", 1, {{0, 9}}},
        {"\x02Start here. Then \x01 more.\x01", 2, {{1, 12}, {13, 25}}},
        {"Done.\xE1\x9A\x80\n\n\xEF\xBB\xBF\xE1\x9A\x80\n\nNext.", 2, {{0, 5}, {18, 23}}},
    };
    qxp_arena_init(&a);
    for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++) {
        const char *c = edges[e].text;
        CHECK_INT(qxp_sentence_split(model, c, strlen(c), &a, &s), QX_OK);
        CHECK_INT(s.n_sents, edges[e].n);
        for (size_t k = 0; k < edges[e].n && k < s.n_sents; k++) {
            CHECK_SPAN(s.sents[k], edges[e].span[k][0], edges[e].span[k][1]);
        }
    }
    qxp_arena_free(&a);

    /* a lone CR is a line break; two make a blank line */
    SPLIT("One line\rtwo line.\r\rThird.", "One line two line.", "Third.");
}

/* ---- pathological inputs: linear by construction; here only their results ---------------- */

static void test_pathological(void) {
    size_t n = (size_t)4 << 20;
    char *big = malloc(n);
    CHECK(big != NULL);
    if (big == NULL) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        big[i] = "word, "[i % 6];
    }
    qxp_arena a;
    qxp_arena_init(&a);
    qxp_sentences s;
    CHECK_INT(qxp_sentence_split(model, big, n, &a, &s), QX_OK);
    CHECK_INT(s.n_sents, 1);
    qxp_arena_free(&a);

    /* 50,000 "Mr. " in a row: one sentence */
    size_t m = 50000 * 4;
    for (size_t i = 0; i < m; i++) {
        big[i] = "Mr. "[i % 4];
    }
    qxp_arena_init(&a);
    CHECK_INT(qxp_sentence_split(model, big, m, &a, &s), QX_OK);
    CHECK_INT(s.n_sents, 1);
    qxp_arena_free(&a);

    /* one long token of glued sentences "Ab.Ab.Ab..." and one of dots */
    for (size_t i = 0; i < m; i++) {
        big[i] = "Ab."[i % 3];
    }
    qxp_arena_init(&a);
    CHECK_INT(qxp_sentence_split(model, big, m, &a, &s), QX_OK);
    CHECK(s.n_sents > 1);
    CHECK_INT(check_invariants(big, m, &s), 0);
    memset(big, '.', m);
    CHECK_INT(qxp_sentence_split(model, big, m, &a, &s), QX_OK);
    CHECK_INT(s.n_sents, 1);
    qxp_arena_free(&a);
    free(big);
}

/* ---- sentence text for --sentences: the one-pass writer against the two-pass reference -- */

/* qxp_text_clean_json must equal qxp_text_clean followed by JSON escaping (after cleaning
 * only '"' and '\\' need it) on any input: random strings from pieces chosen to hit its
 * word-at-a-time path's edges (space runs across and at the ends of 8-byte words, controls,
 * escapes, non-ASCII spaces, marks that need NFC, invalid bytes). */
static void test_text_json(void) {
    static const char *const pieces[] = {
        "a", "Bc", " ", "  ", "\t", "\n", "\r\n", "\"", "\\", "\x01", "\x7F", "\0",
        "\xC2\xA0", "\xE2\x80\xA8", "\xE2\x80\x9C", "\xE2\x80\x99", "e\xCC\x81",
        "\xC3\xA9", "\xE3\x80\x80", "\xEF\xBB\xBF", "\xFF", "\xE2\x80", "xxxxxxx",
        "said the minister", "\xF0\x9F\x98\x80", "\xE2\x80\x80", ".", "       "};
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    uint32_t seed = 12345;
    char in[512];
    qxp_buf got = {NULL, 0, 0, false}, ref = {NULL, 0, 0, false}, want = {NULL, 0, 0, false};
    int bad = 0, fast = 0;
    for (int round = 0; round < 20000 && bad < 5; round++) {
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        size_t count = (seed >> 16) % 40;
        for (size_t k = 0; k < count; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % npieces];
            size_t pl = p[0] == '\0' ? 1 : strlen(p); /* the "\0" piece: one NUL byte */
            if (n + pl >= sizeof in) {
                break;
            }
            memcpy(in + n, p, pl);
            n += pl;
        }
        got.len = ref.len = want.len = 0;
        QXP_BUF_LIT(&got, "x"); /* appends after existing content */
        if (!qxp_text_clean_json(&got, in, n)) {
            bad += got.len != 1; /* nothing appended when it declines */
            continue;
        }
        fast++;
        qxp_text_clean(&ref, in, n);
        QXP_BUF_LIT(&want, "x\"");
        for (size_t k = 0; k < ref.len; k++) {
            if (ref.data[k] == '"' || ref.data[k] == '\\') {
                qxp_buf_putc(&want, '\\');
            }
            qxp_buf_putc(&want, ref.data[k]);
        }
        qxp_buf_putc(&want, '"');
        if (got.len != want.len || memcmp(got.data, want.data, got.len) != 0) {
            fprintf(stderr, "text_json: got %s\n           want %s\n", got.data, want.data);
            bad++;
        }
    }
    CHECK_INT(bad, 0);
    CHECK(fast > 1000); /* the one-pass writer took most inputs */
    qxp_buf_free(&got);
    qxp_buf_free(&ref);
    qxp_buf_free(&want);
}

/* ---- the inline UTF-8 decoder against the general one ---------------------------------- */

/* qxp_utf8_decode (text.h, inline for ASCII and the common two- and three-byte characters)
 * must give qxp_utf8_decode_slow's code point and length for every lead byte, every second
 * byte, the edge values of the third and every length the text may end at. */
static void test_utf8_decode(void) {
    static const unsigned char third[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
                                          0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    int bad = 0;
    for (unsigned b0 = 0; b0 < 256; b0++) {
        for (unsigned b1 = 0; b1 < 256; b1++) {
            for (size_t k = 0; k < sizeof third; k++) {
                char s[4] = {(char)b0, (char)b1, (char)third[k], (char)0x80};
                for (size_t n = 1; n <= 4; n++) {
                    size_t l1 = 0, l2 = 0;
                    int32_t c1 = qxp_utf8_decode(s, n, &l1);
                    int32_t c2 = qxp_utf8_decode_slow(s, n, &l2);
                    if ((c1 != c2 || l1 != l2) && bad++ < 5) {
                        fprintf(stderr, "utf8 %02X %02X %02X n=%zu: %d/%zu, want %d/%zu\n", b0,
                                b1, third[k], n, c1, l1, c2, l2);
                    }
                }
            }
        }
    }
    CHECK_INT(bad, 0);
}

/* ---- character classes against utf8proc's categories ---------------------------------- */

/* qxp_is_letter, _upper, _lower, _digit and _space answer the General Punctuation block
 * (U+2000 to U+206F) without utf8proc (text.c general_punct); these must be the answers
 * utf8proc's categories give, there and in the rest of the first three planes. */
static void test_char_classes(void) {
    int bad = 0;
    for (int32_t cp = 0x80; cp < 0x30000; cp++) {
        if (!utf8proc_codepoint_valid(cp)) {
            continue;
        }
        utf8proc_category_t c = utf8proc_category(cp);
        bool letter = c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
        bool upper = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
        bool lower = c == UTF8PROC_CATEGORY_LL;
        bool digit = c == UTF8PROC_CATEGORY_ND;
        bool space = c == UTF8PROC_CATEGORY_ZS || cp == 0xFEFF;
        if ((qxp_is_letter(cp) != letter || qxp_is_upper(cp) != upper ||
             qxp_is_lower(cp) != lower || qxp_is_digit(cp) != digit ||
             qxp_is_space(cp) != space) &&
            bad++ < 5) {
            fprintf(stderr, "class of U+%04X differs from its category %d\n", (unsigned)cp,
                    (int)c);
        }
    }
    CHECK_INT(bad, 0);
    /* and the block's spaces are found as spaces: U+2009 thin, U+202F narrow no-break */
    CHECK(qxp_is_space(0x2009) && qxp_is_space(0x202F) && !qxp_is_space(0x2019));
}

/* qxp_utf8_invalid (ASCII 16 bytes a step, straight to the first high byte) against a byte
 * walk that decodes each character: the same first bad offset for ASCII runs of every
 * length before, between and after valid and invalid sequences, at every alignment. */
static void test_utf8_invalid(void) {
    static const char *const pieces[] = {"\xE2\x80\x9C", "\xE2\x80\x99", "\xC3\xA9",
                                         "\xF0\x9F\x98\x80", "\xE2\x80", "\xC3",
                                         "\xFF", "\x80", "\xED\xA0\x80", "\xE0\x80\xAF"};
    unsigned seed = 12345;
    int bad = 0;
    for (int round = 0; round < 20000; round++) {
        char buf[128];
        size_t n = 0;
        while (n < 90) {
            seed = seed * 1103515245u + 12345u;
            size_t run = (seed >> 16) % 40;
            for (size_t k = 0; k < run && n < 120; k++) {
                buf[n++] = (char)('a' + (k % 26));
            }
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (round % 3 ? 4 : 10)]; /* 2 in 3 valid */
            size_t pl = strlen(p);
            if (n + pl > sizeof buf) {
                break;
            }
            memcpy(buf + n, p, pl);
            n += pl;
        }
        for (size_t from = 0; from < 3 && from < n; from++) {
            size_t got = from + qxp_utf8_invalid(buf + from, n - from);
            size_t ref = n;
            for (size_t i = from; i < n;) {
                size_t len;
                if (qxp_utf8_decode(buf + i, n - i, &len) == QXP_BAD) {
                    ref = i;
                    break;
                }
                i += len;
            }
            if (got != ref && bad++ < 5) {
                fprintf(stderr, "utf8_invalid: round %d from %zu: %zu, want %zu\n", round, from,
                        got, ref);
            }
        }
    }
    CHECK_INT(bad, 0);
}

int main(void) {
    qx_model *m = NULL;
    qx_error err;
    CHECK_INT(qx_model_new(&m, &err), QX_OK);
    if (m == NULL) {
        fprintf(stderr, "no model: %s\n", err.text);
        return qxt_done("sentence");
    }
    model = m;
    test_golden_rules();
    test_rules();
    test_paragraphs();
    test_pathological();
    test_text_json();
    test_utf8_decode();
    test_char_classes();
    test_utf8_invalid();
    qx_model_free(m);
    return qxt_done("sentence");
}
