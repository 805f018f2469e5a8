/*
 * sentence.c - paragraph and sentence boundaries as byte spans.
 *
 * Input: the document's bytes and the model (its abbreviations lexicon; the verbs and
 * honorifics lexicons for two quote and title rules). Output (qxp_sentences): paragraph spans,
 * sentence spans and each sentence's paragraph, all in the arena. Every span is exact,
 * trimmed of white space (ASCII and Unicode spaces, line breaks), never empty; sentences never
 * overlap and never cross a paragraph end.
 *
 * Paragraphs end at a blank line (a line break, optional spaces/tabs, a line break; CR, LF,
 * CRLF, NEL and U+2028 are line breaks) or at U+2029. A single line break is white space:
 * literature and PDFs are hard-wrapped ("This is a sentence\ncut off in the middle." is one
 * sentence), except in a list-like paragraph (below) or before a bulleted line.
 *
 * Sentence rules, in the order they are tried at a run of stop characters (. ! ? … ‼ 。 ...):
 *  - The run absorbs repeated stops ("Hello!?", "that....") and spaced dots (". . .").
 *    Closing marks after it (” ’ " ' ) ] » 」) belong to the sentence that ends.
 *  - Only white space (or the paragraph end) after the run and its closers can end a
 *    sentence: "3.5", "Jr.'s", "mean...see", "example.com" never do, with one exception:
 *    "world.Today" (a word of two letters or more with a lower-case letter, or a number, then
 *    a period and a capitalized word) ends a sentence unless the token is an e-mail address or
 *    URL ("Jane.Doe@example.com") or the word is a listed abbreviation ("Mr.Smith").
 *  - A lower-case word next never starts a sentence ("eBay", "iPhone" count as capitalized):
 *    "Yahoo! in", "co. at noon", "great.' she said", "(as an engineer.) at the".
 *  - Omission marks in brackets never end one: "Bohr [...] used".
 *  - Ellipses: "..." or "…" before a capitalized word ends a sentence ("that.... She"),
 *    spaced ". . ." does not ("the thing is . . . I didn't"), four spaced dots do
 *    ("a period . . . . Next"), and a period glued to the word before three spaced dots ends
 *    the sentence at that period, the dots opening the next one ("compounds. . . . The").
 *  - A period after a word: the word is looked up in the abbreviations lexicon (with its
 *    period, case-sensitive). prefix ("Mr.", "Lt.") never ends; number ("No.", "p.") does not
 *    end before a digit; final ("Inc.", "U.S.", "etc.") ends only before a sentence starter
 *    ("Co. It closed", "U.S. How") or before an honorific when more than three words precede
 *    it in the sentence ("at 6 P.M. Mr. Smith" ends; "At 5 a.m. Mr. Smith" does not); plain
 *    entries ("e.g.", "vs.") never end. Dotted initialisms not in the lexicon ("E.U.", "U.S.A.")
 *    behave like final entries. A single capital letter is an initial ("Jonas E. Smith",
 *    "J. R. R. Tolkien") and ends only before a sentence starter of two letters or more, except
 *    "I", which also ends after a lower-case word ("you and I. Did") but not after a name
 *    ("Albert I. Jones"). Any other word ends before a capital, a digit or a symbol. The
 *    sentence starters are a closed list of English function words (starters[] below).
 *  - Lists: a marker of one or two digits or one lower-case letter followed by "." or ")"
 *    ("1.", "2)", "b.", "1.)") at a sentence or line start opens a list and never ends a
 *    sentence; the next marker in sequence starts a new sentence wherever it stands
 *    ("1. The first item 2. The second item"). A bullet (• ‣ ⁃ ◦ ▪ ●) after white space starts a
 *    sentence, and so does a line starting with "* ", "- " or "+ ".
 *  - List-like paragraphs: when every line of a paragraph of two lines or more is short
 *    (LIST_LINE_MAX bytes) and none ends with a stop, comma, semicolon, hyphen or a function
 *    word ("the", "of", ...), each line is a sentence ("features\ncontact manager\n...").
 *  - CJK stops (。！？) end a sentence without white space after them.
 *
 * Quoted speech: sentences split normally inside a quote that holds several sentences, so a
 * quote's span may cover several sentence spans, and attribution looks at the sentence of the
 * closing mark. The sentence around a quote ends after the closing mark and its attribution:
 * a closing mark after the stop followed by a lower-case word ("“This is great.” she said.")
 * or by a short attribution (one to three capitalized words, a reporting verb of the verbs
 * lexicon, then punctuation: "“Are you coming?” Smith asked.") does not start a new sentence;
 * a closing mark followed by another capitalized sentence does ("“This is great.” She held
 * the book out", "“... week.” It added: “...”").
 *
 * Every rule has its example as a case in tests/test_sentence.c (test_rules, test_paragraphs);
 * the 52 Golden Rules are fixtures/sentence/golden_rules.jsonl (all pass).
 *
 * Complexity: one pass per paragraph to find its end and line shapes, one pass to split it.
 * The split pass jumps over uninteresting bytes with a 256-entry table; every rule looks at a
 * bounded window (at most 80 bytes) around the stop, except the e-mail/URL test of the
 * no-space rule, which scans a token once and caches it. No allocation per character: spans
 * go to growable arrays, copied once into the arena at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "sentence.h"
#include "text.h"

/* A line of a list-like paragraph is at most this long (bytes, trimmed): menu items, headings
 * and short list entries ("contact manager") fit; hard-wrapped prose lines (60-80) do not. */
#define LIST_LINE_MAX 48
/* Words longer than this are never abbreviations or list markers (bytes). */
#define WORD_MAX 64

typedef struct sent_rec {
    size_t start, end, para;
} sent_rec;

typedef struct splitter {
    const qx_model *m;
    const char *t;
    size_t ps, pe;         /* the current paragraph */
    size_t para;           /* its index */
    size_t start;          /* start of the current sentence (untrimmed) */
    unsigned list_next;    /* value the next list marker must have; 0: no list open */
    bool list_alpha;       /* the open list counts letters (a. b. c.) */
    bool listlike;         /* every line of the paragraph is a sentence */
    size_t tok_lo, tok_hi; /* cached white-space-delimited token (no-space rule) */
    bool tok_address;      /* ... holds '@', "://" or "www." */
    sent_rec *recs;        /* recs_local until it fills, then on the heap */
    sent_rec *recs_local;
    size_t n, cap;
    qx_status st;
} splitter;

/* ---- character helpers ---------------------------------------------------------------- */

#define U8(p) ((unsigned char)t[(p)])

/* ASCII white space (c < 0x80): space, tab, LF, VT, FF, CR. */
static inline bool ascii_space(unsigned c) {
    return (qxp_byte_class[c] & (QXP_BC_SPACE | QXP_BC_NL)) != 0;
}

/* space_len for a byte from 0xC2 up: NBSP, NEL, U+2000..U+200B, U+2028, U+2029, U+202F,
 * U+205F, U+3000 and U+FEFF. */
static size_t space_len_u(const char *t, size_t p, size_t end) {
    unsigned c = U8(p);
    if (c == 0xC2) {
        return p + 1 < end && (U8(p + 1) == 0xA0 || U8(p + 1) == 0x85) ? 2 : 0;
    }
    if (p + 2 >= end) {
        return 0;
    }
    unsigned b1 = U8(p + 1);
    unsigned b2 = U8(p + 2);
    if (c == 0xE2) {
        if (b1 == 0x80 && (b2 <= 0x8B || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF)) {
            return 3;
        }
        return b1 == 0x81 && b2 == 0x9F ? 3 : 0;
    }
    if (c == 0xE3) {
        return b1 == 0x80 && b2 == 0x80 ? 3 : 0;
    }
    if (c == 0xEF) {
        return b1 == 0xBB && b2 == 0xBF ? 3 : 0;
    }
    return 0;
}

/* Length of the white-space character (line breaks included) at t[p], p < end; 0 if none.
 * Covers ASCII white space and space_len_u's. The ASCII test is inline (a byte_class load,
 * not six compares), the rest a call: measured on the first 200 BBC lines, with the same
 * split in space_len_back and trim's printable-ASCII test (below), qxp_sentence_split
 * 5.10M -> 4.49M instructions (most of it the walks back over the word before a period, as
 * "said." in period_ends), the whole run 71.72M -> 71.12M. */
static inline size_t space_len(const char *t, size_t p, size_t end) {
    unsigned c = U8(p);
    if (c < 0x80) {
        return ascii_space(c);
    }
    return c < 0xC2 ? 0 : space_len_u(t, p, end);
}

/* Length of the white-space character that ends at t[p) (looking back no further than lo). */
static size_t space_len_back_u(const char *t, size_t lo, size_t p) {
    if (p - lo >= 2 && U8(p - 2) == 0xC2) {
        return space_len(t, p - 2, p) == 2 ? 2 : 0;
    }
    if (p - lo >= 3 && U8(p - 3) >= 0xE2) {
        return space_len(t, p - 3, p) == 3 ? 3 : 0;
    }
    return 0;
}

static inline size_t space_len_back(const char *t, size_t lo, size_t p) {
    if (p <= lo) {
        return 0;
    }
    unsigned c = U8(p - 1);
    if (c < 0x80) {
        return ascii_space(c);
    }
    return space_len_back_u(t, lo, p);
}

/* Line break at t[p]: its length (CRLF = 2), 0 if none; *para set for U+2029. */
static size_t break_len(const char *t, size_t p, size_t end, bool *para) {
    unsigned c = U8(p);
    *para = false;
    if (c == '\n') {
        return 1;
    }
    if (c == '\r') {
        return p + 1 < end && U8(p + 1) == '\n' ? 2 : 1;
    }
    if (c == 0xC2 && p + 1 < end && U8(p + 1) == 0x85) {
        return 2;
    }
    if (c == 0xE2 && p + 2 < end && U8(p + 1) == 0x80 && (U8(p + 2) == 0xA8 || U8(p + 2) == 0xA9)) {
        *para = U8(p + 2) == 0xA9;
        return 3;
    }
    return 0;
}

/* Opening marks skipped before a word: " ' ` ( [ { ¡ ¿ « ‹ “ ‘ „ and the bullets. Returns the
 * length of the one at t[p], 0 if none. */
static size_t bullet_len(const char *t, size_t p, size_t end);
static size_t opener_len_u(const char *t, size_t p, size_t end) {
    unsigned c = U8(p);
    if (c == 0xC2 && p + 1 < end) {
        unsigned b = U8(p + 1);
        return b == 0xA1 || b == 0xBF || b == 0xAB ? 2 : 0;
    }
    if (c == 0xE2 && p + 2 < end && U8(p + 1) == 0x80) {
        unsigned b = U8(p + 2);
        if (b == 0x9C || b == 0x98 || b == 0x9E || b == 0xB9) {
            return 3;
        }
    }
    return bullet_len(t, p, end);
}

/* The ASCII openers inline, the others (opener_len_u) a call. */
static inline size_t opener_len(const char *t, size_t p, size_t end) {
    unsigned c = U8(p);
    if (c < 0x80) {
        return c == '"' || c == '\'' || c == '`' || c == '(' || c == '[' || c == '{';
    }
    return opener_len_u(t, p, end);
}

/* Bullets: • ‣ ⁃ ◦ ▪ ●. Returns the length of the one at t[p], 0 if none. */
static size_t bullet_len(const char *t, size_t p, size_t end) {
    if (U8(p) != 0xE2 || p + 2 >= end) {
        return 0;
    }
    unsigned b1 = U8(p + 1);
    unsigned b2 = U8(p + 2);
    if ((b1 == 0x80 && (b2 == 0xA2 || b2 == 0xA3)) || (b1 == 0x81 && b2 == 0x83) ||
        (b1 == 0x97 && (b2 == 0xA6 || b2 == 0x8F)) || (b1 == 0x96 && b2 == 0xAA)) {
        return 3;
    }
    return 0;
}

/* Closing marks after a stop: " ' ` ) ] } » › ” ’ “ (German close) 」 』 ）. Returns the length
 * of the one at t[p], 0 if none; *quote tells whether it is a quotation mark. */
static size_t closer_len_u(const char *t, size_t p, size_t end, bool *quote) {
    unsigned c = U8(p);
    *quote = false;
    if (c == 0xC2) {
        *quote = p + 1 < end && U8(p + 1) == 0xBB;
        return *quote ? 2 : 0;
    }
    if (p + 2 >= end) {
        return 0;
    }
    unsigned b1 = U8(p + 1);
    unsigned b2 = U8(p + 2);
    if (c == 0xE2 && b1 == 0x80 && (b2 == 0x9D || b2 == 0x99 || b2 == 0x9C || b2 == 0xBA)) {
        *quote = true;
        return 3;
    }
    if (c == 0xE3 && b1 == 0x80 && (b2 == 0x8D || b2 == 0x8F)) {
        *quote = true;
        return 3;
    }
    return c == 0xEF && b1 == 0xBC && b2 == 0x89 ? 3 : 0;
}

/* The ASCII closers inline, the others (closer_len_u) a call: after "said." the space and
 * the next letter cost no call. Measured on the first 200 BBC lines, with opener_len and
 * ustop_len split the same way: qxp_sentence_split 4.49M -> 4.28M instructions, the whole
 * run 71.12M -> 70.90M. */
static inline size_t closer_len(const char *t, size_t p, size_t end, bool *quote) {
    unsigned c = U8(p);
    if (c < 0x80) {
        *quote = c == '"' || c == '\'' || c == '`';
        return *quote || c == ')' || c == ']' || c == '}';
    }
    return closer_len_u(t, p, end, quote);
}

enum { STOP_NONE, STOP_DOT, STOP_EXCL, STOP_ELLIPSIS, STOP_CJK };

/* Non-ASCII stop at t[p]: … ‼ ⁇ ⁈ ⁉ 。 ！ ？. Returns its length and kind. */
static size_t ustop_len_u(const char *t, size_t p, size_t end, int *kind) {
    *kind = STOP_NONE;
    if (p + 2 >= end) {
        return 0;
    }
    unsigned c = U8(p);
    unsigned b1 = U8(p + 1);
    unsigned b2 = U8(p + 2);
    if (c == 0xE2 && b1 == 0x80 && b2 == 0xA6) {
        *kind = STOP_ELLIPSIS;
    } else if ((c == 0xE2 && b1 == 0x80 && b2 == 0xBC) ||
               (c == 0xE2 && b1 == 0x81 && b2 >= 0x87 && b2 <= 0x89)) {
        *kind = STOP_EXCL;
    } else if ((c == 0xE3 && b1 == 0x80 && b2 == 0x82) ||
               (c == 0xEF && b1 == 0xBC && (b2 == 0x81 || b2 == 0x9F))) {
        *kind = STOP_CJK;
    } else {
        return 0;
    }
    return 3;
}

/* Every such stop starts with 0xE2 or more: other bytes are no call. */
static inline size_t ustop_len(const char *t, size_t p, size_t end, int *kind) {
    if (U8(p) < 0xE2) {
        *kind = STOP_NONE;
        return 0;
    }
    return ustop_len_u(t, p, end, kind);
}

enum { CH_OTHER, CH_LOWER, CH_UPPER, CH_DIGIT };

/* char_class of a character from 0x80 up. */
static int char_class_u(const char *t, size_t p, size_t end) {
    size_t n;
    int32_t cp = qxp_utf8_decode(t + p, end - p, &n);
    if (qxp_is_lower(cp)) {
        return CH_LOWER;
    }
    if (qxp_is_letter(cp)) {
        return CH_UPPER;
    }
    return qxp_is_digit(cp) ? CH_DIGIT : CH_OTHER;
}

/* Class of the character at t[p]: lower, upper (also letters without case), digit, other.
 * ASCII inline, the rest a call. */
static inline int char_class(const char *t, size_t p, size_t end) {
    unsigned c = U8(p);
    if (c < 0x80) {
        uint8_t bc = qxp_byte_class[c];
        return (bc & QXP_BC_LOWER)   ? CH_LOWER
               : (bc & QXP_BC_UPPER) ? CH_UPPER
               : (bc & QXP_BC_DIGIT) ? CH_DIGIT
                                     : CH_OTHER;
    }
    return char_class_u(t, p, end);
}

static bool is_alpha(unsigned c) {
    return (qxp_byte_class[c] & (QXP_BC_UPPER | QXP_BC_LOWER)) != 0;
}

static bool is_digit(unsigned c) {
    return c >= '0' && c <= '9';
}

/* ---- output ----------------------------------------------------------------------------- */

/* Length of the white space at the edge of a sentence or paragraph starting at t[p]
 * (forward) or ending at t[p] (backward), 0 if none: space_len's, plus what output text
 * folds to a space as well (C0 controls, DEL, and every other Unicode space such as U+1680
 * or U+FEFF), so that no span's text comes out empty. Without them "It ended. \x01" kept
 * a last "sentence" of one control byte (tests/test_sentence.c, test_paragraphs). Inside a
 * sentence those characters stay what they were. */
static size_t edge_space_len(const char *t, size_t p, size_t end) {
    size_t n = space_len(t, p, end);
    if (n != 0 || (U8(p) > 0x20 && U8(p) < 0x7F)) {
        return n; /* a space, or printable ASCII: no decoding (every sentence edge) */
    }
    int32_t cp = qxp_utf8_decode(t + p, end - p, &n);
    return qxp_folds_to_space(cp) ? n : 0;
}

static size_t edge_space_len_back(const char *t, size_t lo, size_t p) {
    size_t n = space_len_back(t, lo, p), s;
    if (n != 0 || p <= lo || (U8(p - 1) > 0x20 && U8(p - 1) < 0x7F)) {
        return n;
    }
    int x = p - lo >= 3 ? qxp_e280_at(t, p, p - 3) : -1;
    if (x >= 0x90 && x < 0xA0) {
        /* U+2010 to U+201F, the dashes and quotation marks that end sentences (“…”): no
         * space, known without decoding (measured on the first 200 BBC lines with curly
         * quotes: 51.58M -> 51.55M instructions) */
        return 0;
    }
    int32_t cp = qxp_utf8_decode_back(t + lo, p - lo, &s);
    return qxp_folds_to_space(cp) ? p - lo - s : 0;
}

/* Printable ASCII other than space: never edge space (trim's inline first test). */
static inline bool ascii_graph(unsigned c) {
    return c > 0x20 && c < 0x7F;
}

static void trim(const char *t, size_t *a, size_t *b) {
    size_t n;
    while (*a < *b && !ascii_graph(U8(*a)) && (n = edge_space_len(t, *a, *b)) != 0) {
        *a += n;
    }
    while (*b > *a && !ascii_graph(U8(*b - 1)) && (n = edge_space_len_back(t, *a, *b)) != 0) {
        *b -= n;
    }
}

/* Ends the current sentence at b (exclusive) and starts the next one there. */
static void boundary(splitter *sp, size_t b) {
    size_t a = sp->start;
    sp->start = b;
    const char *t = sp->t;
    while (a < b && U8(a) == ' ') {
        a++; /* the space after the last stop */
    }
    if (a >= b || !ascii_graph(U8(a)) || !ascii_graph(U8(b - 1))) {
        trim(t, &a, &b);
    }
    if (a >= b || sp->st != QX_OK) {
        return;
    }
    /* the sentences and paragraphs start in buffers on the stack (QXP_PUSH_LOCAL): most
     * documents stay there (64 sentences, 32 paragraphs; a BBC article has about 12 and 5),
     * with no allocation: measured on the first 200 BBC lines, qxp_sentence_split 4.28M ->
     * 4.01M instructions, the whole run 70.90M -> 70.67M */
    sent_rec *r = QXP_PUSH_LOCAL(sp->recs, sp->n, sp->cap, sp->recs_local, sp->st);
    if (r) {
        r->start = a;
        r->end = b;
        r->para = sp->para;
    }
}

/* ---- context tests (each looks at a bounded window) ------------------------------------- */

/* True when only white space, opening marks and bullets lie between the sentence start and
 * ts: "• 9." and "(a)" start their sentence. */
static bool at_sentence_start(const splitter *sp, size_t ts) {
    const char *t = sp->t;
    if (ts - sp->start > 24) {
        return false;
    }
    for (size_t p = sp->start; p < ts;) {
        size_t n = space_len(t, p, ts);
        if (n == 0) {
            n = opener_len(t, p, ts);
        }
        if (n == 0) {
            return false;
        }
        p += n;
    }
    return true;
}

/* True when ts is the first non-blank of a line, bullets and "* " allowed before it. */
static bool at_line_start(const splitter *sp, size_t ts) {
    const char *t = sp->t;
    size_t p = ts;
    size_t lo = ts - sp->ps > 16 ? ts - 16 : sp->ps;
    for (;;) {
        if (p == sp->ps) {
            return true;
        }
        if (p <= lo) {
            return false;
        }
        unsigned c = U8(p - 1);
        if (c == '\n' || c == '\r') {
            return true;
        }
        if (c == ' ' || c == '\t' || c == '*' || c == '-' || c == '+' || c == '(') {
            p--;
        } else if (p - lo >= 3 && bullet_len(t, p - 3, p)) {
            p -= 3;
        } else if (p - lo >= 3 && U8(p - 3) == 0xE2 && U8(p - 2) == 0x80 && U8(p - 1) == 0xA8) {
            return true;
        } else {
            return false;
        }
    }
}

/* Number of words between the sentence start and ts (99 when that is far). */
static size_t words_before(const splitter *sp, size_t ts) {
    if (ts - sp->start > 48) {
        return 99;
    }
    const char *t = sp->t;
    size_t words = 0;
    bool in = false;
    for (size_t p = sp->start; p < ts; p++) {
        bool blank = (qxp_byte_class[U8(p)] & (QXP_BC_SPACE | QXP_BC_NL)) != 0;
        if (!blank && !in) {
            words++;
        }
        in = !blank;
    }
    return words;
}

/* Closed-class words that start sentences; after a "final" abbreviation ("U.S. How", "Co. It")
 * they signal a boundary where a capitalized name would not ("U.S. Government"). They are
 * English grammar, not vocabulary, hence kept here rather than in a lexicon file. */
static const char *const starters[] = {
    "A",       "According", "After",   "All",    "Also",    "Although", "An",      "And",
    "Another", "Are",       "As",      "At",     "Because", "Before",   "Besides", "Both",
    "But",     "By",        "Can",     "Could",  "Despite", "Did",      "Do",      "Does",
    "During",  "Each",      "Earlier", "Even",   "Every",   "For",      "From",    "He",
    "Her",     "Here",      "His",     "How",    "However", "I",        "If",      "In",
    "Indeed",  "Instead",   "Is",      "It",     "Its",     "Later",    "Many",    "Meanwhile",
    "More",    "Most",      "Much",    "My",     "Neither", "Nor",      "Now",     "On",
    "Our",     "She",       "Since",   "So",     "Some",    "Still",    "Such",    "That",
    "The",     "Their",     "Then",    "There",  "These",   "They",     "This",    "Those",
    "Though",  "Thus",      "To",      "Unlike", "Was",     "We",       "Were",    "What",
    "When",    "Where",     "Whether", "Which",  "While",   "Who",      "Why",     "Will",
    "With",    "Would",     "Yet",     "You",    "Your"};

/* Length of the ASCII word at t[q] (letters only), 0 when it is longer than max or followed
 * by a letter outside ASCII. */
static size_t ascii_word(const char *t, size_t q, size_t end, size_t max) {
    size_t p = q;
    while (p < end && is_alpha(U8(p))) {
        if (p - q >= max) {
            return 0;
        }
        p++;
    }
    return p < end && U8(p) >= 0x80 && char_class(t, p, end) != CH_OTHER ? 0 : p - q;
}

static bool is_starter(const char *t, size_t q, size_t end, size_t minlen) {
    size_t n = ascii_word(t, q, end, 10);
    if (n < minlen) {
        return false;
    }
    for (size_t k = 0; k < sizeof starters / sizeof starters[0]; k++) {
        if (strlen(starters[k]) == n && memcmp(starters[k], t + q, n) == 0) {
            return true;
        }
    }
    return false;
}

/* "Mr.", "Mrs", "Dr." at t[q]: the honorifics lexicon, with or without the period. */
static bool is_honorific(const splitter *sp, size_t q) {
    size_t n = ascii_word(sp->t, q, sp->pe, 8);
    if (n == 0 || sp->m == NULL) {
        return false;
    }
    if (qxp_lex_get(sp->m, QXP_LEX_HONORIFICS, sp->t + q, n)) {
        return true;
    }
    return q + n < sp->pe && sp->t[q + n] == '.' &&
           qxp_lex_get(sp->m, QXP_LEX_HONORIFICS, sp->t + q, n + 1) != NULL;
}

/* After a closing quote: is the next thing a short attribution, one to three capitalized words
 * (a name, "Mr Smith", "He") then a reporting verb of the verbs lexicon and a punctuation mark
 * or the paragraph end? "“Are you coming?” Smith asked." -> test_sentence.c test_rules. A verb
 * that goes on ("He said the pair...", "It added: “...") starts a new sentence, and so does
 * an opening mark ("... better.” “Obviously ...") or a lower-case word in between ("He also
 * denied"). n is the first byte after the white space. */
static bool attribution_follows(const splitter *sp, size_t n) {
    const char *t = sp->t;
    size_t p = n;
    size_t pe = sp->pe;
    if (sp->m == NULL || opener_len(t, n, pe) != 0) {
        return false;
    }
    for (int w = 0; w < 4; w++) {
        size_t a = p;
        while (p < pe && p - n < 80) {
            unsigned c = U8(p);
            if (is_alpha(c) || c == '\'' || c == '-') {
                p++;
            } else if (c >= 0x80) {
                size_t len;
                int32_t cp = qxp_utf8_decode(t + p, pe - p, &len);
                if (!qxp_is_letter(cp) && !qxp_is_apostrophe(cp)) {
                    break;
                }
                p += len;
            } else {
                break;
            }
        }
        if (p == a) {
            return false;
        }
        if (w == 0 && p - a == 4 &&
            (memcmp(t + a, "That", 4) == 0 || memcmp(t + a, "This", 4) == 0)) {
            return false; /* "“... as much.” That said, she ..." */
        }
        if (char_class(t, a, p) != CH_UPPER) {
            if (w == 0 || !qxp_lex_get(sp->m, QXP_LEX_VERBS, t + a, p - a)) {
                return false;
            }
            unsigned c = p < pe ? U8(p) : '.';
            return c == '.' || c == ',' || c == '!' || c == '?' || c == ';';
        }
        if (p < pe && t[p] == '.') {
            p++; /* "Mr. Smith said." */
        }
        if (p >= pe || t[p] != ' ') {
            return false;
        }
        p++;
    }
    return false;
}

/* Is the word before ts (in this sentence) capitalized? "Albert I." yes, "and I." no; true
 * when there is no word before. */
static bool prev_word_capitalized(const splitter *sp, size_t ts) {
    const char *t = sp->t;
    size_t p = ts;
    size_t n;
    while (p > sp->start && (n = space_len_back(t, sp->start, p)) != 0) {
        p -= n;
    }
    if (p <= sp->start) {
        return true;
    }
    size_t lo = p - sp->start > WORD_MAX ? p - WORD_MAX : sp->start;
    size_t a = p;
    while (a > lo && space_len_back(t, lo, a) == 0) {
        a--;
    }
    while (a < p && (n = opener_len(t, a, p)) != 0) {
        a += n;
    }
    return a < p && char_class(t, a, p) == CH_UPPER;
}

/* "U.S.", "a.m.", "Ph.D.": two or more groups of one or two letters, each with its period.
 * w[0..n) includes the final period. */
static bool dotted_initialism(const char *w, size_t n) {
    if (!(n > 1 && w[1] == '.') && !(n > 2 && w[2] == '.')) {
        return false; /* "said.": the first group has no period after one or two letters */
    }
    size_t groups = 0;
    size_t i = 0;
    while (i < n) {
        size_t k = i;
        while (k < n && k - i < 3 && is_alpha((unsigned char)w[k])) {
            k++;
        }
        if (k == i || k - i > 2 || k >= n || w[k] != '.') {
            return false;
        }
        groups++;
        i = k + 1;
    }
    return groups >= 2;
}

/* List marker value of w[0..n): "1".."99" -> 1..99, "a".."z" -> 1..26 (*alpha set). 0 if
 * none. */
static unsigned marker_value(const char *w, size_t n, bool *alpha) {
    *alpha = false;
    if (n == 1 && w[0] >= 'a' && w[0] <= 'z') {
        *alpha = true;
        return (unsigned)(w[0] - 'a' + 1);
    }
    if (n >= 1 && n <= 2 && is_digit((unsigned char)w[0]) && is_digit((unsigned char)w[n - 1])) {
        unsigned v = (unsigned)(w[0] - '0');
        return n == 2 ? v * 10 + (unsigned)(w[1] - '0') : v;
    }
    return 0;
}

/* A list marker ("2." "b)" "(c)") whose token starts at ts. At a sentence or line start it
 * opens (or continues) a list; elsewhere the next marker in sequence starts a sentence:
 * "1) The first item 2) The second item" -> fixtures/sentence/golden_rules.jsonl en-033.
 * Returns true when the marker is taken as one (its stop then ends nothing). */
static bool on_marker(splitter *sp, size_t ts, unsigned value, bool alpha) {
    bool in_seq = sp->list_next != 0 && value == sp->list_next && alpha == sp->list_alpha;
    if (at_sentence_start(sp, ts)) {
        sp->list_next = value + 1;
        sp->list_alpha = alpha;
        return true;
    }
    if (in_seq || (value == 1 && at_line_start(sp, ts))) {
        boundary(sp, ts);
        sp->list_next = value + 1;
        sp->list_alpha = alpha;
        return true;
    }
    return false;
}

/* ---- the no-space rule ------------------------------------------------------------------- */

/* Does the token around i hold '@', "://" or "www."? Cached per token (linear overall). */
static bool token_is_address(splitter *sp, size_t i) {
    const char *t = sp->t;
    if (i < sp->tok_lo || i >= sp->tok_hi) {
        size_t lo = i;
        size_t hi = i;
        while (lo > sp->ps && space_len_back(t, sp->ps, lo) == 0) {
            lo--;
        }
        while (hi < sp->pe && space_len(t, hi, sp->pe) == 0) {
            hi++;
        }
        bool addr = false;
        for (size_t p = lo; p < hi && !addr; p++) {
            unsigned c = U8(p);
            addr = c == '@' || (c == ':' && p + 2 < hi && t[p + 1] == '/' && t[p + 2] == '/') ||
                   ((c == 'w' || c == 'W') && p + 3 < hi && (p == lo || !is_alpha(U8(p - 1))) &&
                    (t[p + 1] | 0x20) == 'w' && (t[p + 2] | 0x20) == 'w' && t[p + 3] == '.');
        }
        sp->tok_lo = lo;
        sp->tok_hi = hi;
        sp->tok_address = addr;
    }
    return sp->tok_address;
}

/* "Hello world.Today is Tuesday.Mr. Smith ... bought 1,000.That is a lot." (en-052): a
 * period glued to the next word ends a sentence when the word before it has two characters or
 * more with a lower-case letter (or is a number), the next word is capitalized and goes on in
 * lower case, and the token is no address and the word no abbreviation. */
static bool no_space_boundary(splitter *sp, size_t i) {
    const char *t = sp->t;
    size_t pe = sp->pe;
    if (i + 2 >= pe || char_class(t, i + 1, pe) != CH_UPPER) {
        return false;
    }
    size_t n;
    (void)qxp_utf8_decode(t + i + 1, pe - i - 1, &n);
    if (i + 1 + n >= pe || char_class(t, i + 1 + n, pe) != CH_LOWER) {
        return false;
    }
    size_t lo = i - sp->start > WORD_MAX ? i - WORD_MAX : sp->start;
    size_t a = i;
    bool lower = false, digit = false, letter = false;
    while (a > lo) {
        unsigned c = U8(a - 1);
        if (c >= 0x80 || is_alpha(c)) {
            letter = true;
            lower = lower || (c >= 'a' && c <= 'z') || c >= 0x80;
        } else if (is_digit(c)) {
            digit = true;
        } else if (c != ',' && c != '\'') {
            break;
        }
        a--;
    }
    if (i - a < 2 || !(lower || (digit && !letter))) {
        return false;
    }
    if (a > lo && U8(a - 1) != '.' && space_len_back(t, lo, a) == 0 &&
        opener_len(t, a - 1, i) == 0) {
        return false; /* "x/foo.Bar", "#tag.Name": not a plain word */
    }
    if (sp->m && qxp_lex_get(sp->m, QXP_LEX_ABBREVIATIONS, t + a, i + 1 - a)) {
        return false;
    }
    return !token_is_address(sp, i);
}

/* ---- decisions at a stop ----------------------------------------------------------------- */

/* Start of the white-space-delimited token that ends at i, looking back no further than lo.
 * The 8 bytes before the scan point are tested at once: those from 0x21 to 0x7F are never
 * white space, and the scan jumps to just after the last other one ("said." is passed in one
 * step), which the byte loop then looks at. The ordinary sentence end ("... he said. The")
 * takes this, char_class's inline ASCII test, dotted_initialism's first test, boundary's
 * inline trim of a plain space and on_stop's `attached` test only where it is used:
 * measured on the first 200 BBC lines, qxp_sentence_split 3.23M -> 2.90M instructions, the
 * whole run 68.06M -> 67.72M. */
static size_t word_start(const char *t, size_t lo, size_t i) {
    size_t ts = i;
#ifdef QXP_LAST_FLAGGED
    while (ts - lo >= 8) {
        uint64_t w;
        memcpy(&w, t + ts - 8, 8);
        /* top bit of each byte: set for 0x21..0x7F (no carry leaves a byte) */
        uint64_t other = (~w & ((w & QXP_REP8(0x7F)) + QXP_REP8(0x5F)) & QXP_REP8(0x80)) ^
                         QXP_REP8(0x80);
        if (other == 0) {
            ts -= 8;
            continue;
        }
        ts -= 8 - (QXP_LAST_FLAGGED(other) + 1);
        break;
    }
#endif
    while (ts > lo && space_len_back(t, lo, ts) == 0) {
        ts--;
    }
    return ts;
}

/* Does a single period at i end the sentence? The next word (after white space and opening
 * marks) starts at q with class nc; closers: closing marks follow the period. */
static bool period_ends(splitter *sp, size_t i, bool closers, int nc, size_t q) {
    const char *t = sp->t;
    size_t lo = i - sp->start > WORD_MAX ? i - WORD_MAX : sp->start;
    size_t ts = word_start(t, lo, i);
    size_t n;
    bool longword = ts == lo && lo > sp->start;
    size_t ws = ts;
    while (ws < i && (n = opener_len(t, ws, i)) != 0) {
        ws += n;
    }
    if (!longword) {
        bool alpha;
        unsigned v = marker_value(t + ws, i - ws, &alpha);
        if (v && on_marker(sp, ts, v, alpha)) {
            return false;
        }
    }
    if (nc == CH_LOWER) {
        return false; /* "co. at noon", "engineer.) at the" */
    }
    if (closers || longword || ws == i) {
        return true; /* "in the U.S.” He": the closing mark settles it */
    }
    const qxp_lexent *e =
        sp->m ? qxp_lex_get(sp->m, QXP_LEX_ABBREVIATIONS, t + ws, i + 1 - ws) : NULL;
    bool final = false;
    if (e) {
        if (e->flags & QXP_LF_PREFIX) {
            return false; /* "Mr. Smith", "Mt. Fuji" */
        }
        if ((e->flags & QXP_LF_NUMBER) && nc == CH_DIGIT) {
            return false; /* "p. 55", "N°. 1026" */
        }
        if (!(e->flags & (QXP_LF_FINAL | QXP_LF_NUMBER))) {
            return false; /* "e.g. The" */
        }
        final = (e->flags & QXP_LF_FINAL) != 0;
    } else {
        final = dotted_initialism(t + ws, i + 1 - ws); /* "E.U. How", "U.S.A. last" */
    }
    if (final) {
        /* "Co. It closed" ends; "U.S. Government" does not; "at 6 P.M. Mr. Smith" ends,
         * "At 5 a.m. Mr. Smith" does not (a short fronted phrase). */
        return nc == CH_UPPER &&
               (is_starter(t, q, sp->pe, 1) || (is_honorific(sp, q) && words_before(sp, ts) > 3));
    }
    if (i - ws == 1 && U8(ws) >= 'A' && U8(ws) <= 'Z') {
        if (U8(ws) == 'I') {
            /* "you and I. Did", "World War I. But" / "Albert I. Jones" */
            return !prev_word_capitalized(sp, ts) || is_starter(t, q, sp->pe, 2);
        }
        return nc == CH_UPPER && is_starter(t, q, sp->pe, 2); /* "Jonas E. Smith" */
    }
    return true;
}

/* Handles the run of stops starting at i; returns where scanning resumes. */
static size_t on_stop(splitter *sp, size_t i) {
    const char *t = sp->t;
    size_t pe = sp->pe;
    size_t j = i;
    size_t n;
    unsigned dots = 0;
    bool excl = false, spaced = false, cjk = false, ellch = false, q0;
    while (j < pe) {
        unsigned c = U8(j);
        int kind;
        if (c == '.') {
            dots++;
            j++;
        } else if (c == '!' || c == '?') {
            excl = true;
            j++;
        } else if (c == ' ' && dots > 0 && !excl && j + 1 < pe && t[j + 1] == '.' &&
                   (j + 2 == pe || space_len(t, j + 2, pe) || t[j + 2] == '.' ||
                    closer_len(t, j + 2, pe, &q0))) {
            spaced = true; /* ". . ." */
            j++;
        } else if ((n = ustop_len(t, j, pe, &kind)) != 0) {
            dots += kind == STOP_ELLIPSIS ? 3 : 0;
            ellch = ellch || kind == STOP_ELLIPSIS;
            excl = excl || kind == STOP_EXCL;
            cjk = cjk || kind == STOP_CJK;
            j += n;
        } else {
            break;
        }
    }
    if (j == i) {
        return i + 1;
    }
    /* "Bohr [...] used", "(...)": omission marks, not stops (en-047). */
    if (!excl && !cjk && dots >= 2 && i > sp->ps && (t[i - 1] == '[' || t[i - 1] == '(')) {
        return j;
    }
    size_t k = j;
    bool closers = false, quote = false, q1;
    while (k < pe) {
        if ((n = closer_len(t, k, pe, &q1)) != 0) {
            closers = true;
            quote = quote || q1;
            k += n;
        } else if (closers && (U8(k) == '.' || U8(k) == '!' || U8(k) == '?')) {
            k++; /* “Go!”. */
        } else {
            break;
        }
    }
    if (k >= pe) {
        return k;
    }
    if (space_len(t, k, pe) == 0) {
        if (cjk) {
            boundary(sp, k); /* "。" needs no space */
            return k;
        }
        if (dots == 1 && !excl && !closers && no_space_boundary(sp, i)) {
            boundary(sp, i + 1);
            return i + 1;
        }
        return j; /* "3.5", "Jr.'s", "mean...see" */
    }
    size_t q = k;
    while (q < pe && (n = space_len(t, q, pe)) != 0) {
        q += n;
    }
    if (q >= pe) {
        return k;
    }
    size_t after = q;
    while (q < pe && (n = opener_len(t, q, pe)) != 0 && !bullet_len(t, q, pe)) {
        q += n;
    }
    int nc = q < pe ? char_class(t, q, pe) : CH_OTHER;
    if (nc == CH_LOWER && q + 1 < pe && U8(q + 1) >= 'A' && U8(q + 1) <= 'Z') {
        nc = CH_UPPER; /* "sales rose. eBay fell", "iPhone" */
    }
    bool end;
    if (dots == 1 && !excl && !cjk) {
        end = period_ends(sp, i, closers, nc, q);
    } else if (nc == CH_LOWER) {
        end = false; /* "Yahoo! in the", "great.” she said" */
    } else if (excl || cjk) {
        end = true;
    } else if (!spaced || ellch) {
        end = nc == CH_UPPER; /* "that.... She" */
    } else if (dots >= 4 && i > sp->ps && space_len_back(t, sp->ps, i) == 0) {
        /* "compounds. . . . The practice": the period ends, ". . ." opens the next (en-051) */
        if (nc == CH_UPPER) {
            boundary(sp, i + 1);
            return i + 1;
        }
        return k;
    } else {
        end = dots >= 4 && nc == CH_UPPER; /* "a period . . . . Next" / "is . . . I" */
    }
    if (end && quote && nc == CH_UPPER && attribution_follows(sp, after)) {
        end = false; /* "“Are you coming?” Smith asked." */
    }
    if (end) {
        boundary(sp, k);
    }
    return k;
}

/* ')' at i: a list marker "2)" or "(b)" followed by white space. */
static size_t on_paren(splitter *sp, size_t i) {
    const char *t = sp->t;
    if (i + 1 >= sp->pe || space_len(t, i + 1, sp->pe) == 0) {
        return i + 1;
    }
    size_t lo = i - sp->start > 6 ? i - 6 : sp->start;
    size_t ts = i;
    while (ts > lo && space_len_back(t, lo, ts) == 0) {
        ts--;
    }
    if (ts == lo && lo > sp->start) {
        return i + 1;
    }
    size_t ws = ts < i && t[ts] == '(' ? ts + 1 : ts;
    size_t we = i;
    if (we > ws && t[we - 1] == '.') {
        we--;
    }
    bool alpha;
    unsigned v = marker_value(t + ws, we - ws, &alpha);
    if (v) {
        (void)on_marker(sp, ts, v, alpha);
    }
    return i + 1;
}

/* A line break of length n at i inside the paragraph. */
static size_t on_newline(splitter *sp, size_t i, size_t n) {
    const char *t = sp->t;
    if (sp->listlike) {
        boundary(sp, i); /* "features\ncontact manager" (en-042) */
        return i + n;
    }
    size_t p = i + n;
    while (p < sp->pe && (t[p] == ' ' || t[p] == '\t')) {
        p++;
    }
    /* "Key points:\n* first point\n* second point" */
    if (p + 1 < sp->pe && (t[p] == '*' || t[p] == '-' || t[p] == '+') && t[p + 1] == ' ') {
        boundary(sp, i);
    }
    return i + n;
}

/* Word-at-a-time candidates: the top bit of each byte of w that may need a look is clear in
 * the result (every other byte's is set). Candidates are bytes below 0x20 (line breaks,
 * controls) or from 0x80 up (UTF-8), and with `stops` also ! ) (one bit apart, 0x21 0x29)
 * and . / > ? (0x2E 0x2F 0x3E 0x3F: . and ? with the bits 0x11 set). For ! ): with the
 * bits 0x88 set and 0x29 flipped, a candidate byte is 0x80 and any other is above it, so
 * subtracting 1 clears the top bit of exactly the candidates (no borrow leaves a byte).
 * Only the control test borrows, which flags bytes above a true one: the lowest
 * candidate is exact. */
static inline uint64_t plain_bytes(uint64_t w, bool stops) {
    uint64_t plain = ~((w - QXP_REP8(0x20)) | w);
    if (stops) {
        plain &= (((w | QXP_REP8(0x88)) ^ QXP_REP8(0x29)) - QXP_REP8(0x01)) &
                 (((w | QXP_REP8(0x91)) ^ QXP_REP8(0x3F)) - QXP_REP8(0x01));
    }
    return plain & QXP_REP8(0x80);
}

/* First i' >= i with cls[t[i']] != 0, or end. Plain bytes go 8 at a time as one uint64_t
 * (plain_bytes: no table load per byte, 4 or 10 operations a word); every byte of both tables
 * is a candidate, and the few other candidates (tab, '/', '>', é) are looked up in cls and
 * passed. On "said the BBC. She" the word "said the" has no candidate and " BBC. Sh" stops
 * at the '.'. Measured on the first 200 BBC lines: the two scans 2.55M -> 1.73M instructions
 * (the table took 8 loads and 7 ors a word), the whole run 74.12M -> 73.26M. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline)) /* one copy per caller, `stops` a constant in each */
#endif
static inline size_t skip_plain(const uint8_t *cls, bool stops, const char *t, size_t i,
                                size_t end) {
    const unsigned char *u = (const unsigned char *)t;
#ifdef QXP_SSE2
    /* 16 bytes a step: a signed compare below 0x20 flags the controls and every byte from
     * 0x80 up at once, four equalities the ASCII stops; the candidates are then taken in
     * order from the mask (a tab or the second byte of a "£" is passed without a reload).
     * Measured on the first 200 BBC lines against the uint64_t words: qxp_sentence_split
     * 4.01M -> 3.23M instructions, the whole run 70.49M -> 69.71M. */
    for (size_t lim = end >= 16 ? end - 15 : 0; i < lim; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
        __m128i m = _mm_cmplt_epi8(x, _mm_set1_epi8(0x20));
        if (stops) {
            m = _mm_or_si128(_mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('.'))),
                             _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('!')),
                                          _mm_cmpeq_epi8(x, _mm_set1_epi8('?'))));
            m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(')')));
        }
        unsigned mask = (unsigned)_mm_movemask_epi8(m);
        if (QXP_LIKELY(mask == 0)) {
            continue;
        }
        do {
            size_t k = i + (unsigned)__builtin_ctz(mask);
            if (cls[u[k]]) {
                return k;
            }
            mask &= mask - 1;
        } while (mask);
    }
#endif
    if (end - i >= 8) {
        size_t last = end - 8;
        while (i <= last) {
            uint64_t w;
            memcpy(&w, t + i, 8);
            uint64_t hit = plain_bytes(w, stops) ^ QXP_REP8(0x80);
            if (hit == 0) {
                i += 8;
                continue;
            }
#ifdef QXP_FIRST_FLAGGED
            i += QXP_FIRST_FLAGGED(hit); /* the first candidate */
            if (cls[u[i]]) {
                return i;
            }
            i++;
#else
            for (size_t k = i; k < i + 8; k++) {
                if (cls[u[k]]) {
                    return k;
                }
            }
            i += 8;
#endif
        }
    }
    while (i < end && cls[u[i]] == 0) {
        i++;
    }
    return i;
}

/* Bytes that need a look in the split pass. */
enum { SB_STOP = 1, SB_NL = 2, SB_PAREN = 3, SB_HIGH = 4 };
static const uint8_t split_class[256] = {
    ['.'] = SB_STOP,  ['!'] = SB_STOP,  ['?'] = SB_STOP,  ['\n'] = SB_NL,   ['\r'] = SB_NL,
    [')'] = SB_PAREN, [0xC2] = SB_HIGH, [0xE2] = SB_HIGH, [0xE3] = SB_HIGH, [0xEF] = SB_HIGH};

static void split_para(splitter *sp) {
    const char *t = sp->t;
    size_t i = sp->ps;
    size_t pe = sp->pe;
    size_t n;
    bool para;
    int kind;
    sp->start = sp->ps;
    sp->list_next = 0;
    sp->tok_lo = sp->tok_hi = 0;
    while (i < pe) {
        i = skip_plain(split_class, true, t, i, pe);
        if (i >= pe) {
            break;
        }
        switch (split_class[U8(i)]) {
            case SB_STOP:
                i = on_stop(sp, i);
                break;
            case SB_NL:
                i = on_newline(sp, i, break_len(t, i, pe, &para));
                break;
            case SB_PAREN:
                i = on_paren(sp, i);
                break;
            default:
                if ((unsigned)qxp_e280_at(t, pe, i) < 0xA0) { /* -1 (none) is no less */
                    /* U+2000 to U+201F: the quotation marks and apostrophes “ ” ‘ ’, the
                     * dashes – —, spaces; no stop, line break or bullet (the tests below),
                     * passed whole: measured on the first 200 BBC lines with curly quotes,
                     * 52.73M -> 52.55M instructions */
                    i += 3;
                    break;
                }
                if (ustop_len(t, i, pe, &kind)) {
                    i = on_stop(sp, i);
                } else if ((n = break_len(t, i, pe, &para)) != 0) {
                    i = on_newline(sp, i, n);
                } else if ((n = bullet_len(t, i, pe)) != 0) {
                    /* "• 9. The first item • 10. The second item" (en-037) */
                    if ((i == sp->ps || space_len_back(t, sp->ps, i)) &&
                        !at_sentence_start(sp, i)) {
                        boundary(sp, i);
                    }
                    i += n;
                } else {
                    i++;
                }
                break;
        }
    }
    boundary(sp, pe);
}

/* ---- paragraphs -------------------------------------------------------------------------- */

/* Function words that end a hard-wrapped line but not a heading or list item. */
static bool is_function_word(const char *w, size_t n) {
    static const char *const words[] = {
        "a",  "an",  "and", "as", "at", "but",  "by",  "for",   "from", "her", "his", "in",
        "is", "its", "of",  "on", "or", "that", "the", "their", "this", "to",  "was", "with"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        if (strlen(words[k]) == n && memcmp(words[k], w, n) == 0) {
            return true;
        }
    }
    return false;
}

/* Shape of one line [a, b) for the list-like test: false when it rules the paragraph out. */
static bool line_listlike(const char *t, size_t a, size_t b, size_t *lines) {
    trim(t, &a, &b);
    if (a >= b) {
        return true;
    }
    ++*lines;
    if (b - a > LIST_LINE_MAX) {
        return false;
    }
    unsigned c = U8(b - 1);
    if (c == '.' || c == '!' || c == '?' || c == ',' || c == ';' || c == '-' ||
        (b - a >= 3 && U8(b - 3) == 0xE2 && U8(b - 2) == 0x80 && c == 0xA6)) {
        return false;
    }
    size_t w = b;
    while (w > a && U8(w - 1) >= 'a' && U8(w - 1) <= 'z') {
        w--;
    }
    return !((w == a || !is_alpha(U8(w - 1))) && is_function_word(t + w, b - w));
}

static const uint8_t para_class[256] = {['\n'] = 1, ['\r'] = 1, [0xC2] = 1, [0xE2] = 1};

/* span_search's order: span j ends at or before byte `off`. */
static bool span_before(const void *arr, size_t j, size_t off) {
    return ((const qx_span *)arr)[j].end <= off;
}

qx_status qxp_sentence_split(const qx_model *m, const char *text, size_t len, qxp_arena *a,
                             qxp_sentences *out) {
    memset(out, 0, sizeof *out);
    splitter sp;
    memset(&sp, 0, sizeof sp);
    sp.m = m;
    sp.t = text;
    sent_rec recs_local[64];
    qx_span paras_local[32];
    sp.recs = sp.recs_local = recs_local;
    sp.cap = sizeof recs_local / sizeof recs_local[0];
    qx_span *paras = paras_local;
    size_t np = 0;
    size_t pcap = sizeof paras_local / sizeof paras_local[0];
    const char *t = text;
    size_t p = 0;
    while (p < len && sp.st == QX_OK) {
        size_t ls = p;
        size_t pend = len;
        size_t pnext = len;
        size_t lines = 0;
        bool listlike = true;
        for (;;) {
            size_t b = ls;
            size_t bl = 0;
            bool para = false;
            while ((b = skip_plain(para_class, false, t, b, len)) < len) {
                if ((unsigned)qxp_e280_at(t, len, b) < 0xA8) { /* -1 (none) is no less */
                    /* U+2000 to U+2027 (“ ” ‘ ’ – — …): no line break, passed whole, where
                     * break_len was asked at each curly mark: measured on the first 200
                     * BBC lines with curly quotes, 51.66M -> 51.58M instructions */
                    b += 3;
                    continue;
                }
                if ((bl = break_len(t, b, len, &para)) != 0) {
                    break;
                }
                b++;
            }
            listlike = line_listlike(t, ls, b, &lines) && listlike;
            if (b >= len) {
                break;
            }
            if (para) {
                pend = b;
                pnext = b + bl;
                break;
            }
            size_t q = b + bl;
            while (q < len && (t[q] == ' ' || t[q] == '\t' || t[q] == '\v' || t[q] == '\f')) {
                q++;
            }
            size_t bl2;
            bool para2;
            if (q < len && (bl2 = break_len(t, q, len, &para2)) != 0) {
                pend = b; /* blank line */
                pnext = para2 ? q + bl2 : q;
                break;
            }
            ls = b + bl;
        }
        size_t ps = p;
        size_t pe = pend;
        trim(t, &ps, &pe);
        p = pnext;
        if (ps >= pe) {
            continue;
        }
        qx_span *ent = QXP_PUSH_LOCAL(paras, np, pcap, paras_local, sp.st);
        if (ent == NULL) {
            break;
        }
        ent->start = ps;
        ent->end = pe;
        sp.ps = ps;
        sp.pe = pe;
        sp.para = np - 1;
        sp.listlike = listlike && lines >= 2;
        split_para(&sp);
    }
    qx_status st = sp.st;
    if (st == QX_OK && np && paras != NULL) {
        out->paras = qxp_arena_alloc(a, np * sizeof *out->paras);
        out->sents = sp.n ? qxp_arena_alloc(a, sp.n * sizeof *out->sents) : NULL;
        out->sent_para = sp.n ? qxp_arena_alloc(a, sp.n * sizeof *out->sent_para) : NULL;
        if (out->paras == NULL || (sp.n && (out->sents == NULL || out->sent_para == NULL))) {
            st = QX_ERR_NOMEM;
        } else {
            memcpy(out->paras, paras, np * sizeof *paras);
            for (size_t k = 0; k < sp.n; k++) {
                out->sents[k].start = sp.recs[k].start;
                out->sents[k].end = sp.recs[k].end;
                out->sent_para[k] = sp.recs[k].para;
            }
            out->n_paras = np;
            out->n_sents = sp.n;
            /* the searches' block indexes, as for tokens (qxp_tok_at) */
            st = qxp_bindex_build(&out->sents_ix, a, out->sents, sp.n, len, 8, span_before);
            if (st == QX_OK) {
                st = qxp_bindex_build(&out->paras_ix, a, out->paras, np, len, 8, span_before);
            }
        }
    }
    if (paras != paras_local) {
        qxp_free(paras);
    }
    if (sp.recs != recs_local) {
        qxp_free(sp.recs);
    }
    if (st != QX_OK) {
        memset(out, 0, sizeof *out);
    }
    return st;
}

/* First span in s[0..n) whose end is past off (n when none): spans are sorted and disjoint;
 * ix narrows the search on long texts. */
static size_t span_search(const qx_span *s, size_t n, const qxp_bindex *ix, size_t off) {
    size_t lo = 0;
    size_t hi = n;
    qxp_bindex_narrow(ix, off, &lo, &hi);
    QXP_LOWER_BOUND(lo, lo, hi, j, s[j].end <= off);
#ifdef QXP_CHECKS
    /* make check and the fuzz targets hold the index to the plain search */
    if ((lo > 0 && s[lo - 1].end > off) || (lo < n && s[lo].end <= off)) {
        abort();
    }
#endif
    return lo;
}

size_t qxp_sentence_at(const qxp_sentences *s, size_t off) {
    return span_search(s->sents, s->n_sents, &s->sents_ix, off);
}

size_t qxp_para_at(const qxp_sentences *s, size_t off) {
    return span_search(s->paras, s->n_paras, &s->paras_ix, off);
}
