/*
 * test_perf.c - the speed-ups' fast paths give what the plain code gives:
 *   - qxp_casefold's 8-byte ASCII path (lexicon.c) against a byte-at-a-time lowercase,
 *     at every length and alignment, and its "does not fit" result;
 *   - qxp_word_find (a folded key) against qxp_word_info, on keys up to and over 8 bytes;
 *   - the tokenizer's ASCII run (token.c): case flags of "NATO", "G20", "GB2", "2AB", the
 *     lookup of a possessive's base ("Boynton’s"), words longer than the fold buffer;
 *   - the block indexes of qxp_tok_at, qxp_sentence_at and qxp_para_at (long texts)
 *     against plain searches (run_of's is held to its search under make check);
 *   - qxp_sort_runs (the records' stable run merge) against an insertion sort, on one,
 *     two and many runs with many equal keys;
 *   - the JSONL scanner's 8-byte skip (jsonl.c special8) with a quote, backslash, control
 *     or non-ASCII byte at every offset, and qxb_jsonl_unescape's bulk copies (also in place);
 *   - the offset index's SWAR counts (api.c) against counting characters one by one;
 *   - qxp_buf_reserve keeps a buffer NUL-ended (json.c reserves before writing);
 *   - the entity index (speaker.c find_name_entity) past the 1024-entity window, with
 *     renames: the answers the window defines, and under make check (QXP_CHECKS)
 *     every lookup is also held to the plain scan;
 *   - mention texts shared through attrib.c's cache on raw bytes are each their own span's
 *     clean text, also when many collide;
 *   - a document whose arrays pass 4 MiB (grown by an eighth, populated ahead, the quotes
 *     written over the records) gives each repeated paragraph the second one's records;
 *   - qx_doc_write_json (json.c's pieces) gives qx_doc_to_json's bytes in every output
 *     mode, in pieces of bounded size, and stops at the first failed write.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lexicon.h"
#include "sentence.h"
#include "token.h"

#include "jsonl.c" /* the CLI's scanner is not part of libquotex.a */

static void naive_lower(const char *s, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        out[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
}

static void test_casefold(void) {
    /* every printable ASCII byte (and the neighbours of 'A'..'Z': '@', '[', '`', '{') at
     * every position of strings of length 0..40 */
    char s[64], want[64], got[64];
    unsigned seed = 7;
    int bad = 0;
    for (size_t n = 0; n <= 40; n++) {
        for (int round = 0; round < 200; round++) {
            for (size_t i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                s[i] = (char)(0x20 + (seed >> 16) % 0x5F);
            }
            naive_lower(s, n, want);
            size_t fl = qxp_casefold(s, n, got, sizeof got);
            if (fl != n || memcmp(got, want, n) != 0) {
                bad++;
            }
        }
    }
    CHECK_INT(bad, 0);
    CHECK_INT(qxp_casefold("ABCDEFGHIJ", 10, got, 9), -1); /* does not fit */
    CHECK_INT(qxp_casefold("ABCDEFGH", 8, got, 8), 8);
    size_t fl = qxp_casefold("OLAFUR ÓLAFSSON", strlen("OLAFUR ÓLAFSSON"), got, sizeof got);
    CHECK(fl != (size_t)-1 && fl == strlen("olafur ólafsson") &&
          memcmp(got, "olafur ólafsson", fl) == 0);
}

static void test_word_find(const qx_model *m) {
    /* words of up to 8 bytes are matched on the slot's key8 alone, longer ones also on the
     * rest of the key ("spokesman", "spokeswoman", "according"); "ólafsson" is non-ASCII */
    static const char *const words[] = {"said", "Said", "SAID", "the", "Mr", "police",
                                        "spokesman", "spokeswoman", "spokesmanx", "zzyzx",
                                        "according", "minister", "Ólafsson", "ÓLAFSSON"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        char f[64];
        size_t n = strlen(words[i]);
        size_t fl = qxp_casefold(words[i], n, f, sizeof f);
        CHECK(fl != (size_t)-1 && qxp_word_find(m, f, fl) == qxp_word_info(m, words[i], n));
    }
    CHECK(qxp_word_info(m, "said", 4) != NULL);
    CHECK(qxp_word_info(m, "spokesman", 9) != NULL);
    CHECK(qxp_word_info(m, "spokesmanx", 10) == NULL);
    CHECK(qxp_word_info(m, "zzyzx", 5) == NULL);
}

/* Sentences and tokens of text, as qxp_attribute makes them (no quoted spans). */
static void split_tokenize(const qx_model *m, const char *text, size_t len, qxp_arena *a,
                           qxp_sentences *s, qxp_tokens *tk) {
    qxp_arena_init(a);
    CHECK_INT(qxp_sentence_split(m, text, len, a, s), QX_OK);
    CHECK_INT(qxp_tokenize(m, text, len, s, NULL, 0, tk), QX_OK);
}

static const qxp_tok *tok_of(const qxp_tokens *tk, const char *text, const char *word) {
    for (size_t i = 0; i < tk->n; i++) {
        size_t n = tk->t[i].end - tk->t[i].start;
        if (n == strlen(word) && memcmp(text + tk->t[i].start, word, n) == 0) {
            return &tk->t[i];
        }
    }
    return NULL;
}

static void test_tokens(const qx_model *m) {
    char text[600];
    snprintf(text, sizeof text,
             "NATO and G20 met GB2 on 2AB, Boynton’s aide said. SAID Smith's U.S. allies. %s",
             "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    size_t len = strlen(text);
    qxp_arena a;
    qxp_sentences s;
    qxp_tokens tk;
    split_tokenize(m, text, len, &a, &s, &tk);
    const qxp_tok *t;
#define WI(t) qxp_tok_wi(&tk, (size_t)((t) - tk.t))
    t = tok_of(&tk, text, "NATO");
    CHECK(t && (t->flags & QXP_T_UPPER) && (t->flags & QXP_T_CAP));
    t = tok_of(&tk, text, "G20"); /* one letter: not an all-uppercase word */
    CHECK(t && !(t->flags & QXP_T_UPPER) && (t->flags & QXP_T_CAP));
    t = tok_of(&tk, text, "GB2");
    CHECK(t && (t->flags & QXP_T_UPPER));
    t = tok_of(&tk, text, "2AB");
    CHECK(t && !(t->flags & QXP_T_UPPER) && (t->flags & QXP_T_NUM));
    t = tok_of(&tk, text, "Boynton’s"); /* looked up without the possessive */
    CHECK(t && (t->flags & QXP_T_POSS) && WI(t) == qxp_word_info(m, "boynton", 7));
    t = tok_of(&tk, text, "said");
    CHECK(t && WI(t) == qxp_word_info(m, "said", 4) && WI(t) != NULL);
    t = tok_of(&tk, text, "SAID");
    CHECK(t && WI(t) == qxp_word_info(m, "said", 4) && (t->flags & QXP_T_UPPER));
    t = tok_of(&tk, text, "Smith's");
    CHECK(t && (t->flags & QXP_T_POSS));
    t = tok_of(&tk, text, "U.S");
    CHECK(t && (t->flags & QXP_T_PERIOD));
    CHECK(tk.n > 0 && tk.t[tk.n - 1].end - tk.t[tk.n - 1].start > QXP_WORD_MAX &&
          qxp_tok_wi(&tk, tk.n - 1) == NULL); /* longer than the fold buffer: in no lexicon */
#undef WI
    CHECK(tk.ix.first == NULL); /* a short text: no block index */
    qxp_tokens_free(&tk);
    qxp_arena_free(&a);
}

typedef struct sortel {
    char tag;
    size_t key;
    size_t id; /* original position: equal keys must keep their order */
} sortel;

static void test_sort_runs(void) {
    enum { N = 3000 };
    sortel *a = malloc(N * sizeof *a), *ref = malloc(N * sizeof *ref);
    if (a == NULL || ref == NULL) {
        CHECK(0);
        free(a);
        free(ref);
        return;
    }
    int bad = 0;
    unsigned seed = 7;
    for (int shape = 0; shape < 40; shape++) {
        size_t n = shape == 0 ? 0 : shape == 1 ? 1 : (size_t)(shape * 73) % N + 2;
        size_t runs = shape % 4 == 0 ? 1 : shape % 4 == 1 ? 2 : (size_t)shape; /* sorted runs */
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            a[i].tag = 'x';
            a[i].key = (seed >> 8) % 50;
            a[i].id = i;
        }
        /* make `runs` runs: sort each slice (stably, by insertion) */
        for (size_t r = 0; r < runs && n; r++) {
            size_t lo = n * r / runs, hi = n * (r + 1) / runs;
            for (size_t i = lo + 1; i < hi; i++) {
                sortel x = a[i];
                size_t j = i;
                while (j > lo && a[j - 1].key > x.key) {
                    a[j] = a[j - 1];
                    j--;
                }
                a[j] = x;
            }
        }
        for (size_t i = 0; i < n; i++) {
            a[i].id = i;
        }
        memcpy(ref, a, n * sizeof *a);
        for (size_t i = 1; i < n; i++) { /* the reference: a stable insertion sort */
            sortel x = ref[i];
            size_t j = i;
            while (j > 0 && ref[j - 1].key > x.key) {
                ref[j] = ref[j - 1];
                j--;
            }
            ref[j] = x;
        }
        if (qxp_sort_runs(a, n, sizeof *a, offsetof(sortel, key)) != QX_OK) {
            bad++;
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            bad += a[i].key != ref[i].key || a[i].id != ref[i].id || a[i].tag != 'x';
        }
    }
    CHECK_INT(bad, 0);
    free(a);
    free(ref);
}

/* The block indexes of long texts (more than 4096 tokens, sentences and paragraphs)
 * against plain searches, at every byte offset and past the end: qxp_tok_at against a
 * binary search, qxp_sentence_at and qxp_para_at against a linear walk. Words of 1 to 600
 * bytes, so that blocks hold many tokens, one, or none. */
static void test_block_indexes(const qx_model *m) {
    size_t cap = 300000, len = 0;
    char *text = malloc(cap);
    if (text == NULL) {
        CHECK(0);
        return;
    }
    for (size_t i = 0; len + 700 < cap; i++) {
        size_t w = i % 97 == 0 ? 300 + i % 301 : 1 + i % 7;
        memset(text + len, 'a' + (int)(i % 26), w);
        len += w;
        const char *sep = i % 3 == 2 ? (i % 2 ? ".\n\n" : ". ") : " ";
        memcpy(text + len, sep, strlen(sep));
        len += strlen(sep);
    }
    qxp_arena a;
    qxp_sentences s;
    qxp_tokens tk;
    split_tokenize(m, text, len, &a, &s, &tk);
    CHECK(tk.n > 4096 && tk.ix.first != NULL);
    CHECK(s.n_sents > 4096 && s.sents_ix.first != NULL);
    CHECK(s.n_paras > 4096 && s.paras_ix.first != NULL);
    int bad = 0;
    size_t si = 0, pi = 0;
    for (size_t off = 0; off <= len + 1000; off++) {
        size_t lo = 0, hi = tk.n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (tk.t[mid].start < off) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        while (si < s.n_sents && s.sents[si].end <= off) {
            si++;
        }
        while (pi < s.n_paras && s.paras[pi].end <= off) {
            pi++;
        }
        bad += qxp_tok_at(&tk, off) != lo || qxp_sentence_at(&s, off) != si ||
               qxp_para_at(&s, off) != pi;
    }
    CHECK_INT(bad, 0);
    qxp_tokens_free(&tk);
    qxp_arena_free(&a);
    free(text);
}

static void test_jsonl(void) {
    /* a special byte at every offset of a 40-byte string body */
    static const char *const specials[] = {"\\\"", "\\\\", "\\n", "\\u00e9", "\xc3\xa9",
                                           "\xe2\x80\x9c", "\\ud83d\\ude00"};
    int bad = 0;
    for (size_t k = 0; k < sizeof specials / sizeof specials[0]; k++) {
        for (size_t at = 0; at <= 40; at++) {
            char line[256], body[128];
            snprintf(body, sizeof body, "%.*s%s%.*s", (int)at,
                     "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", specials[k],
                     (int)(40 - at), "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ");
            snprintf(line, sizeof line, "{\"id\":\"x\",\"text\":\"%s\"}", body);
            qxb_jsonl_line l;
            if (!qxb_jsonl_scan(line, strlen(line), &l) || !l.has_text ||
                l.text_end - l.text_start != strlen(body)) {
                bad++;
                continue;
            }
            size_t n;
            char *u = qxb_jsonl_unescape(line + l.text_start, l.text_end - l.text_start, &n);
            /* the decoded text keeps the 40 ASCII letters around the special */
            if (u == NULL || memcmp(u, body, at) != 0 ||
                memcmp(u + n - (40 - at), body + strlen(body) - (40 - at), 40 - at) != 0) {
                bad++;
            }
            /* decoded in place (batch.c): the same bytes */
            size_t tl = l.text_end - l.text_start;
            char *in = line + l.text_start;
            if (u == NULL || qxb_jsonl_unescape_to(in, tl, in) != n || memcmp(in, u, n + 1)) {
                bad++;
            }
            free(u);
        }
    }
    CHECK_INT(bad, 0);
    /* a control character or a lone backslash at any offset: not accepted */
    int accepted = 0;
    for (size_t at = 0; at <= 24; at++) {
        char line[128];
        snprintf(line, sizeof line, "{\"text\":\"%.*s\t%.*s\"}", (int)at,
                 "abcdefghijklmnopqrstuvwxyz", (int)(24 - at), "abcdefghijklmnopqrstuvwxyz");
        qxb_jsonl_line l;
        accepted += qxb_jsonl_scan(line, strlen(line), &l);
        snprintf(line, sizeof line, "{\"text\":\"%.*s\\x%.*s\"}", (int)at,
                 "abcdefghijklmnopqrstuvwxyz", (int)(24 - at), "abcdefghijklmnopqrstuvwxyz");
        accepted += qxb_jsonl_scan(line, strlen(line), &l);
        snprintf(line, sizeof line, "{\"text\":\"%.*s", (int)at, "abcdefghijklmnopqrstuvwxyz");
        accepted += qxb_jsonl_scan(line, strlen(line), &l); /* unterminated */
    }
    CHECK_INT(accepted, 0);
}

static void test_offsets(const qx_model *m) {
    /* astral, 3-, 2- and 1-byte characters around the 256-byte strides */
    char text[2048];
    size_t len = 0;
    static const char *const pieces[] = {"word ", "😀", "é", "“Yes,” ", "—", "𝔸 ", "x"};
    for (size_t i = 0; len + 16 < sizeof text; i++) {
        const char *p = pieces[(i * 7 + i / 3) % 7];
        memcpy(text + len, p, strlen(p));
        len += strlen(p);
    }
    qx_doc *d = NULL;
    CHECK_INT(qx_extract(m, text, len, 0, &d, NULL), QX_OK);
    size_t cp = 0, u16 = 0;
    int bad = 0;
    for (size_t i = 0; i <= len;) {
        if (qx_doc_offset(d, i, QX_JSON_CODEPOINTS) != cp ||
            qx_doc_offset(d, i, QX_JSON_UTF16) != u16) {
            bad++;
        }
        if (i == len) {
            break;
        }
        unsigned char c = (unsigned char)text[i];
        size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        cp++;
        u16 += l == 4 ? 2 : 1;
        i += l;
    }
    CHECK_INT(bad, 0);
    qx_doc_free(d);
    /* a reserved but empty JSON buffer is still a NUL-ended "" (flat output, no quotes) */
    CHECK_INT(qx_extract(m, "No quotes here.", 15, 0, &d, NULL), QX_OK);
    char *js = qx_doc_to_json(d, "x", NULL, QX_JSON_FLAT);
    CHECK_STR(js, "");
    qx_free(js);
    qx_doc_free(d);
}

/* "Kbaa", "Kbab", …: a surname of lower-case letters made from n. */
static size_t surname(size_t n, char *out) {
    size_t len = 0;
    out[len++] = 'K';
    for (int k = 0; k < 3; k++) {
        out[len++] = (char)('a' + (n / (k == 0 ? 676 : k == 1 ? 26 : 1)) % 26);
    }
    out[len] = '\0';
    return len;
}

static const char *speaker_of(const qx_doc *d, const char *content) {
    for (size_t i = 0; i < qx_doc_quote_count(d); i++) {
        const qx_quote *q = qx_doc_quote(d, i);
        if (strcmp(q->text, content) == 0) {
            return q->speaker ? q->speaker : "(none)";
        }
    }
    return "(no quote)";
}

static void test_entity_window(const qx_model *m) {
    enum { PEOPLE = 1500 };
    size_t cap = PEOPLE * 64 + 1024, len = 0;
    char *text = malloc(cap), sn[8];
    if (text == NULL) {
        CHECK(0);
        return;
    }
    /* "Kbbb" speaks alone first, then with a given name (a rename to the fuller name) */
    surname(1400, sn);
    len += (size_t)snprintf(text + len, cap - len, "\u201cFirst,\u201d %s said.\n\n", sn);
    for (size_t i = 0; i < PEOPLE; i++) {
        surname(i, sn);
        len += (size_t)snprintf(text + len, cap - len, "\u201cYes %zu,\u201d said %s %s.\n\n", i,
                                i % 2 ? "Anna" : "Boris", sn);
    }
    surname(0, sn); /* 1500 entities ago: outside the window, a new one-word entity */
    len += (size_t)snprintf(text + len, cap - len, "\u201cOld,\u201d %s said.\n\n", sn);
    surname(1499, sn); /* inside it: the full name */
    len += (size_t)snprintf(text + len, cap - len, "\u201cNew,\u201d %s said.\n\n", sn);
    surname(1400, sn); /* renamed: found by the surname of its new name */
    len += (size_t)snprintf(text + len, cap - len, "\u201cAgain,\u201d %s said.\n", sn);
    qx_doc *d = NULL;
    CHECK_INT(qx_extract(m, text, len, 0, &d, NULL), QX_OK);
    CHECK(qx_doc_speaker_count(d) > 1024);
    CHECK_STR(speaker_of(d, "Old,"), "Kaaa");
    CHECK_STR(speaker_of(d, "New,"), "Anna Kcfr");
    CHECK_STR(speaker_of(d, "Again,"), "Boris Kcbw");
    CHECK_STR(speaker_of(d, "First,"), "Boris Kcbw");
    qx_doc_free(d);
    free(text);
}

/* Mention texts come from a cache on their raw bytes (attrib.c qxp_mention_text): 400
 * people in 128 slots collide all the time, and every text must still be its own span's
 * clean text; a mention broken over a line ("Anna\nKbab") is folded, not taken for the
 * cached "Anna Kbab"; the same cue word again is mostly the same string. */
static void test_mention_texts(const qx_model *m) {
    enum { PEOPLE = 400 };
    size_t cap = PEOPLE * 128 + 64, len = 0;
    char *text = malloc(cap), sn[8];
    if (text == NULL) {
        CHECK(0);
        return;
    }
    for (size_t i = 0; i < 2 * PEOPLE; i++) {
        surname(i % PEOPLE, sn);
        len += (size_t)snprintf(text + len, cap - len, "\u201cYes %zu,\u201d said Anna%s%s.\n\n",
                                i, i == PEOPLE + 1 ? "\n" : " ", sn);
    }
    qx_doc *d = NULL;
    CHECK_INT(qx_extract(m, text, len, 0, &d, NULL), QX_OK);
    CHECK_INT(qx_doc_quote_count(d), 2 * PEOPLE);
    size_t bad = 0, shared = 0;
    for (size_t i = 0; i < qx_doc_quote_count(d); i++) {
        const qx_quote *q = qx_doc_quote(d, i);
        const qx_mention *sm = &q->speaker_mention;
        char want[16];
        surname(i % PEOPLE, sn);
        snprintf(want, sizeof want, "Anna %s", sn);
        bad += sm->text == NULL || strcmp(sm->text, want) != 0 ||
               sm->span.end - sm->span.start != strlen(want) ||
               memcmp(text + sm->span.start, want, 4) != 0;
        bad += q->cue.text == NULL || strcmp(q->cue.text, "said") != 0;
        shared += i > 0 && q->cue.text == qx_doc_quote(d, i - 1)->cue.text;
    }
    CHECK_INT(bad, 0);
    CHECK(shared > 0); /* a name that takes the cue's slot makes the next "said" anew */
    CHECK_STR(qx_doc_quote(d, 0)->cue.text, "said");
    qx_doc_free(d);
    free(text);
}

/* A document whose arrays pass 4 MiB: they grow by an eighth and are populated ahead
 * (alloc.c prefault), the spans are freed before the output is built and the quotes are
 * written over the records (attrib.c emit). Each repeated paragraph must give the same
 * records as the second, shifted by its offset (in the second and later ones "The
 * minister" is the Brown named before). */
static void test_large_document(const qx_model *m) {
    static const char para[] = "The minister said on Monday that talks would resume. "
                               "\u201cWe will not back down,\u201d said Jane Smith, a "
                               "spokeswoman. Mr. Brown told reporters: \"The deal is done.\""
                               "\n\n";
    size_t pl = sizeof para - 1, reps = ((size_t)6 << 20) / pl, len = reps * pl;
    char *text = malloc(len + 1);
    if (text == NULL) {
        CHECK(0);
        return;
    }
    for (size_t i = 0; i < reps; i++) {
        memcpy(text + i * pl, para, pl);
    }
    text[len] = '\0';
    qx_doc *d = NULL;
    CHECK_INT(qx_extract(m, text, len, QX_OPT_ALL_KINDS, &d, NULL), QX_OK);
    size_t nq = qx_doc_quote_count(d), per = nq / reps, bad = 0;
    CHECK(per >= 3 && nq == per * reps);
    for (size_t i = 2 * per; per && i < nq; i++) {
        const qx_quote *a = qx_doc_quote(d, per + i % per), *b = qx_doc_quote(d, i);
        size_t shift = (i / per - 1) * pl;
        bad += b->span.start != a->span.start + shift || b->span.end != a->span.end + shift ||
               strcmp(a->text, b->text) != 0 || a->kind != b->kind ||
               (a->speaker == NULL) != (b->speaker == NULL) ||
               (a->speaker && strcmp(a->speaker, b->speaker) != 0) ||
               (a->cue.text == NULL) != (b->cue.text == NULL) ||
               (a->cue.text && (strcmp(a->cue.text, b->cue.text) != 0 ||
                                b->cue.span.start != a->cue.span.start + shift));
    }
    CHECK_INT(bad, 0);
    CHECK_STR(qx_doc_quote(d, nq - 2)->speaker, "Jane Smith");
    qx_doc_free(d);
    free(text);
}

/* Collects streamed pieces; fails the write numbered fail_at (1-based; 0: never). */
typedef struct pieces {
    char *data;
    size_t len, cap, calls, largest, fail_at;
} pieces;

static int collect(void *ctx, const char *data, size_t len) {
    pieces *p = ctx;
    p->calls++;
    if (p->calls == p->fail_at) {
        return -1;
    }
    if (p->len + len + 1 > p->cap) {
        size_t cap = (p->len + len + 1) * 2;
        char *d = realloc(p->data, cap);
        if (d == NULL) {
            return -1;
        }
        p->data = d;
        p->cap = cap;
    }
    memcpy(p->data + p->len, data, len);
    p->len += len;
    p->data[p->len] = '\0';
    p->largest = len > p->largest ? len : p->largest;
    return 0;
}

static void test_stream_json(const qx_model *m) {
    enum { PARAS = 3000 };
    size_t cap = PARAS * 128, len = 0;
    char *text = malloc(cap), sn[8];
    if (text == NULL) {
        CHECK(0);
        return;
    }
    for (size_t i = 0; i < PARAS; i++) {
        surname(i % 700, sn);
        len += (size_t)snprintf(text + len, cap - len,
                                "\u201cPoint %zu is \\ \\\"done\\\",\u201d said Ann %s. "
                                "She said talks would resume.\n\n", i, sn);
    }
    qx_doc *d = NULL;
    CHECK_INT(qx_extract(m, text, len, QX_OPT_ALL_KINDS, &d, NULL), QX_OK);
    static const unsigned modes[] = {0, QX_JSON_ALL_KINDS | QX_JSON_CODEPOINTS,
                                     QX_JSON_FLAT | QX_JSON_ALL_KINDS, QX_JSON_SENTENCES,
                                     QX_JSON_PRETTY};
    for (size_t k = 0; k < sizeof modes / sizeof modes[0]; k++) {
        char *whole = qx_doc_to_json(d, "s", "\"k\":1", modes[k]);
        pieces p = {NULL, 0, 0, 0, 0, 0};
        CHECK_INT(qx_doc_write_json(d, "s", "\"k\":1", modes[k], collect, &p), QX_OK);
        CHECK(whole != NULL && p.data != NULL && strcmp(whole, p.data) == 0);
        if (modes[k] & QX_JSON_PRETTY) {
            CHECK_INT(p.calls, 1); /* re-indented whole: one piece */
        } else {
            /* several pieces, none much over 64 KiB (one quote's fields at most past it) */
            CHECK(p.calls > 2);
            CHECK(p.largest < 66 * 1024);
        }
        /* a failed write stops the writer: no call after it */
        size_t calls = p.calls;
        free(p.data);
        pieces f = {NULL, 0, 0, 0, 0, 2};
        CHECK_INT(qx_doc_write_json(d, "s", NULL, modes[k], collect, &f),
                  calls >= 2 ? QX_ERR_IO : QX_OK);
        CHECK_INT(f.calls, calls >= 2 ? 2 : calls);
        free(f.data);
        qx_free(whole);
    }
    CHECK_INT(qx_doc_write_json(NULL, "s", NULL, 0, collect, NULL), QX_ERR_INVALID_ARG);
    CHECK_INT(qx_doc_write_json(d, "s", NULL, 0, NULL, NULL), QX_ERR_INVALID_ARG);
    qx_doc_free(d);
    free(text);
}

int main(void) {
    qx_model *m = NULL;
    if (qx_model_new(&m, NULL) != QX_OK) {
        fprintf(stderr, "test_perf: cannot load the model\n");
        return 1;
    }
    test_casefold();
    test_word_find(m);
    test_tokens(m);
    test_block_indexes(m);
    test_sort_runs();
    test_jsonl();
    test_offsets(m);
    test_entity_window(m);
    test_mention_texts(m);
    test_large_document(m);
    test_stream_json(m);
    qx_model_free(m);
    return qxt_done("perf");
}
