/*
 * quotespan.c - pairs quotation marks into quoted spans.
 *
 * Input: the text, its paragraphs (from the sentence splitter) and the quote_marks lexicon
 * (OPEN<TAB>CLOSES<TAB>double|single, CLOSES being one or more space-separated marks).
 * Output: one qxp_qspan per opening mark that starts a quote, in order of that mark, nested
 * quotes included (depth > 0, QX_QF_NESTED).
 *
 * How: each paragraph is scanned once, left to right. The model's table built from the
 * lexicon (qxp_marktab_new) says which bytes may start a mark (bitmask of marks per first
 * byte); only there is the text compared with the marks (longest match) and UTF-8 decoded
 * (the characters just before and after the mark). Open quotes sit on an explicit stack
 * (never recursion) capped at QX_LIMIT_NESTING (and QS_MAX_DEPTH); deeper opening marks are
 * text. Each mark is classified from its neighbours:
 *   strongly opening  after start/space/bracket/dash, before a non-space that is not
 *                     closing punctuation: ` "Hi` (but not ` »,` in « Oui », dit-il)
 *   strongly closing  after a non-space non-bracket, before space/punct/end: `Hi" `, `Hi",`
 * and then closes the innermost open quote whose opener accepts it, opens a new quote, closes
 * the innermost quote of the same class with QX_QF_MISMATCH, or stays text. The rules, each
 * with its example, are at the decision points below and tested in tests/test_quotespan.c.
 *
 * Also: content is trimmed of white space at both ends (« oui » -> oui); an opening ' or ‘
 * that never closes is an apostrophe ('prentice, 'eighties) and gives no record; a paragraph
 * that ends inside a quote and is followed by one starting with the same opening mark
 * continues it (QX_QF_MULTIPARA, one piece per paragraph); a paragraph starting with a
 * dialogue dash (—Yes, or --Yes) is a quote of family QXP_FAM_DASH (see dash_dialogue).
 *
 * Invariants: every span lies inside one paragraph per piece; pieces are ordered and do not
 * overlap; content never includes the opening or closing marks; offsets are on UTF-8
 * boundaries (marks are whole characters, trimming steps over whole characters).
 *
 * Complexity: O(len * d) where d <= QS_MAX_DEPTH is the stack depth searched per mark (in
 * practice 1-3); every look-ahead (elision words, the next word after a closing apostrophe)
 * is bounded by a constant, and each byte of white space is trimmed at most once per quote
 * ending there. No rescanning per mark: 10^5 lone ", 10^5 alternating “‘ and 10^4 nested
 * quotes stay linear.
 */
#include <string.h>

#include "quotespan.h"
#include "text.h"

/* Hard cap on the explicit stack whatever QX_LIMIT_NESTING says: it bounds the per-mark
 * search for a pending opener (real text nests 2-3 levels; 256 keeps 10^4 nested marks fast). */
#define QS_MAX_DEPTH ((size_t)256)
/* At most this many distinct mark strings (the lexicon has 16; bits of a uint64_t). */
#define QS_MAX_MARKS 64
/* mark_add's hash table: twice QS_MAX_MARKS slots, so that a probe always ends. */
#define QS_SLOT_BITS 7
#define QS_SLOTS     ((size_t)1 << QS_SLOT_BITS)
/* Look-ahead bounds: an elision word is at most 6 letters ('twould), the next word after a
 * closing apostrophe is looked for across at most 8 bytes of white space. */
#define QS_ELISION_MAX 6
#define QS_PEEK_SPACES 8
#define NONE           ((size_t)-1)
/* Open-quote stacks up to this deep (QX_LIMIT_NESTING's default, 32) live in the scan. */
#define QS_LOCAL_DEPTH 32

/* Character classes of a mark's neighbours. */
enum {
    K_EDGE,   /* paragraph start or end */
    K_SPACE,  /* white space, line break (inside a paragraph), NBSP, thin spaces */
    K_ALNUM,  /* letter or digit */
    K_OPENP,  /* ( [ { and opening quote marks: a quote may start after them */
    K_CLOSEP, /* . , ; : ! ? ) ] } … and closing quote marks */
    K_DASH,   /* - – — : "—Yes" opens after a dash, "I was—" closes after one */
    K_OTHER   /* anything else: symbols, straight marks as neighbours, invalid bytes */
};

typedef struct mark {
    const char *s;
    size_t len;
    uint32_t key4;   /* s's first 4 bytes (zero past len): mark_add compares these */
    uint64_t closes; /* bit o: this mark closes quotes opened by mark o */
    bool opens;      /* the mark is an OPEN of the lexicon */
    bool dbl;        /* class double (an opener's flag; a closer's first opener's) */
    bool cls_set;
    bool apos;       /* ' ‘ ’: may be an apostrophe or elision */
    qxp_family family;
} mark;

typedef struct open_ent {
    size_t out;         /* index of its record in sc->out */
    size_t opener;      /* mark index */
    size_t piece_start; /* content start of its current piece (after the mark) */
    size_t tent_start;  /* a tentative closing apostrophe (the Joneses’ house), or NONE */
    size_t tent_end;
    unsigned tent_flags;
} open_ent;

/* The model's mark table (qxp_marktab_new): built once from the quote_marks lexicon and
 * read by every document's scan, where each document built it again (measured on the first
 * 200 BBC lines: 0.7M instructions, with the scan's memset of 2.5 KiB). */
struct qxp_marktab {
    mark marks[QS_MAX_MARKS];
    uint64_t first_bits[QS_MAX_MARKS]; /* bit i: marks[i] starts with first_bytes[k] */
    /* bit l - 1: some mark of l bytes (l <= 64) starts with first_bytes[k]; first_hashed[k]
     * when mark_at looks the marks of that byte up by length */
    uint64_t first_lens[QS_MAX_MARKS];
    bool first_long[QS_MAX_MARKS]; /* one of them is longer than 64 bytes */
    bool first_hashed[QS_MAX_MARKS];
    size_t n_marks;
    /* by byte: 0 when no mark starts with it, else k + 1 for first_bytes[k] and
     * first_bits[k] */
    uint8_t first_ix[256];
    unsigned char first_bytes[QS_MAX_MARKS]; /* the bytes that start marks, in order */
    uint8_t mark_slot[QS_SLOTS]; /* mark_add's hash table: mark index + 1, 0 = empty */
    size_t n_first;
    size_t dash_mark; /* index of the dialogue-dash pseudo-mark (after the real ones) */
    /* the word-at-a-time skip of scan_para: the ASCII bytes that may start a mark, each
     * repeated in all 8 bytes of a word (n_skip of them, 0-4; SIZE_MAX: no skip), and the
     * high-bit mask when some mark starts with a byte >= 0x80 */
    uint64_t skip_rep[4];
    size_t n_skip;
    uint64_t skip_high;
#ifdef QXP_SSE2
    __m128i skip_vec[4];  /* the same bytes in all 16 lanes (the arena aligns to 16) */
    unsigned skip_himask; /* 0xFFFF when a mark starts with a byte >= 0x80, else 0 */
#endif
};
typedef struct qxp_marktab marktab;

typedef struct scan {
    const char *text;
    size_t len;
    const marktab *mt; /* the model's */
    open_ent stack_local[QS_LOCAL_DEPTH]; /* the stack when max_depth fits (not zeroed) */
    qxp_qspan *out;
    size_t n_out, cap_out;
    qx_span *pieces; /* finished pieces of stack[0] (multi-paragraph quotes) */
    size_t n_pieces, cap_pieces;
    open_ent *stack;
    size_t depth, max_depth, n_double;
    qx_span *voids; /* [record, n_out then): records voided and the range inside them */
    size_t n_voids, cap_voids;
    size_t quote_limit;
    const qx_model *model;
    unsigned opts;
    size_t para, para_start, para_end;
    size_t last_mark_end; /* end of the last mark seen, and what it did */
    int last_mark_kind;
    qxp_arena *arena;
} scan;

/* ---- the mark table ---------------------------------------------------------------------- */

static unsigned lowest_bit(uint64_t v) {
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctzll(v);
#else
    unsigned b = 0;
    while (!(v & 1)) {
        v >>= 1;
        b++;
    }
    return b;
#endif
}

static unsigned highest_bit(uint64_t v) {
#if defined(__GNUC__) || defined(__clang__)
    return 63u - (unsigned)__builtin_clzll(v);
#else
    unsigned b = 63;
    while (!(v >> b)) {
        b--;
    }
    return b;
#endif
}

/* Family of an opening mark s[0..n), from its first character cp. */
static qxp_family family_of(const char *s, size_t n, int32_t cp) {
    switch (cp) {
        case 0xAB: /* « */
        case 0xBB: /* » */
            return QXP_FAM_GUILLEMET;
        case 0x2039: /* ‹ */
        case 0x203A: /* › */
            return QXP_FAM_SGUILLEMET;
        case 0x300C: /* 「 */
        case 0x300D:
            return QXP_FAM_CORNER;
        case 0x300E: /* 『 */
        case 0x300F:
            return QXP_FAM_WCORNER;
        case '\'':
            return n >= 2 && s[1] == '\'' ? QXP_FAM_DOUBLE : QXP_FAM_SINGLE; /* '' is double */
        case 0x2018: /* ‘ */
        case 0x2019: /* ’ */
        case 0x201A: /* ‚ */
            return QXP_FAM_SINGLE;
        default:
            return QXP_FAM_DOUBLE;
    }
}

/* The first bytes of u[0..n) (n > 0), up to 4, as a little-endian number (zero past n): a
 * mark's key4, and the text's next bytes that mark_at compares with it. */
static inline uint32_t key4_of(const unsigned char *u, size_t n) {
    return u[0] | (n > 1 ? (uint32_t)u[1] << 8 : 0) | (n > 2 ? (uint32_t)u[2] << 16 : 0) |
           (n > 3 ? (uint32_t)u[3] << 24 : 0);
}

/* Adds the mark s[0..n) (n > 0, the table not full) as marks[n_marks]; key4 as in mark_add. */
static size_t mark_new(marktab *mt, const char *s, size_t n, uint32_t key4) {
    unsigned char b0 = (unsigned char)s[0];
    mark *mk = &mt->marks[mt->n_marks];
    memset(mk, 0, sizeof *mk);
    mk->s = s;
    mk->len = n;
    mk->key4 = key4;
    size_t l = 1;
    int32_t cp = qxp_utf8_decode(s, n, &l);
    mk->family = family_of(s, n, cp);
    /* a one-character ' ‘ ’ may be an apostrophe: who’d, ’90s, the Joneses’ */
    mk->apos = l == n && (cp == '\'' || cp == 0x2018 || cp == 0x2019);
    size_t f = mt->first_ix[b0];
    if (f == 0) {
        mt->first_bytes[mt->n_first] = b0; /* also for skip_build */
        mt->first_bits[mt->n_first] = 0;
        mt->first_lens[mt->n_first] = 0;
        mt->first_long[mt->n_first] = false;
        f = ++mt->n_first;
        mt->first_ix[b0] = (uint8_t)f;
    }
    mt->first_bits[f - 1] |= (uint64_t)1 << mt->n_marks;
    if (n <= 64) {
        mt->first_lens[f - 1] |= (uint64_t)1 << (n - 1);
    } else {
        mt->first_long[f - 1] = true;
    }
    return mt->n_marks++;
}

/* The slot of mark_slot that holds the mark s[0..n) (n > 0; key4 = key4_of(s, n)), or the
 * empty slot where it would go. */
static size_t mark_slot_of(const marktab *mt, const char *s, size_t n, uint32_t key4) {
    size_t h = ((key4 ^ (uint32_t)n) * UINT32_C(0x9E3779B1)) >> (32 - QS_SLOT_BITS);
    for (;; h = (h + 1) & (QS_SLOTS - 1)) {
        unsigned v = mt->mark_slot[h];
        if (v == 0) {
            return h;
        }
        const mark *mi = &mt->marks[v - 1];
        if (mi->len == n && mi->key4 == key4 && (n <= 4 || memcmp(mi->s, s, n) == 0)) {
            return h;
        }
    }
}

/* The mark s[0..n) (its index, added when new; NONE when empty or the table is full). The
 * marks are found through a small hash table (mark_slot, open addressing) on their first 4
 * bytes and length, compared as integers (no memcmp call for a mark of up to 4 bytes), and
 * a new mark's character is decoded once. When the table was built per document, measured
 * on the first 200 BBC lines, mark_add went from 1.61M to 0.80M
 * instructions with the marks of the same first byte compared (24 memcmp calls and 2
 * decodings a mark before; with skip_build's walk gone too, qxp_quotes_find 5.30M -> 4.20M
 * and the whole run 73.26M -> 72.20M), and from 0.80M to 0.54M with the hash table (most
 * marks start with 0xE2: “ ” ‘ ’ „ ‚ ‹ ›); with first_ix and the closer loop's lowest_bit,
 * qxp_quotes_find 2.72M -> 2.38M, the whole run 68.90M -> 68.56M. */
static size_t mark_add(marktab *mt, const char *s, size_t n) {
    if (n == 0) {
        return NONE;
    }
    uint32_t key4 = key4_of((const unsigned char *)s, n);
    size_t h = mark_slot_of(mt, s, n, key4);
    if (mt->mark_slot[h] != 0) {
        return mt->mark_slot[h] - 1u;
    }
    if (mt->n_marks == QS_MAX_MARKS) {
        return NONE;
    }
    mt->mark_slot[h] = (uint8_t)(mt->n_marks + 1);
    return mark_new(mt, s, n, key4);
}

/* Builds the mark table from the quote_marks lexicon: every OPEN, and every mark of its
 * CLOSES field (space-separated; empty means the mark closes itself). */
static void marks_build(marktab *mt, const qxp_lextab *t) {
    for (size_t e = 0; e < t->n; e++) {
        const qxp_lexent *ent = &t->ents[e];
        size_t o = mark_add(mt, ent->key, ent->keylen);
        if (o == NONE) {
            continue;
        }
        mark *om = &mt->marks[o];
        om->opens = true;
        if (ent->flags & (QXP_LF_DOUBLE | QXP_LF_SINGLE)) {
            om->dbl = (ent->flags & QXP_LF_DOUBLE) != 0;
        } else {
            om->dbl = om->family != QXP_FAM_SINGLE && om->family != QXP_FAM_SGUILLEMET;
        }
        om->cls_set = true;
        const char *v = ent->val;
        size_t vn = ent->vallen, i = 0;
        if (vn == 0) {
            mt->marks[o].closes |= (uint64_t)1 << o;
            continue;
        }
        while (i < vn) {
            size_t j = i;
            while (j < vn && v[j] != ' ') {
                j++;
            }
            size_t c = mark_add(mt, v + i, j - i);
            if (c != NONE) {
                mt->marks[c].closes |= (uint64_t)1 << o;
            }
            i = j + 1;
        }
    }
    /* a closer's class is that of the (first) opener it closes: ” is double, ’ single */
    for (size_t i = 0; i < mt->n_marks; i++) {
        mark *mk = &mt->marks[i];
        if (!mk->cls_set && mk->closes) {
            mk->dbl = mt->marks[lowest_bit(mk->closes)].dbl;
        }
    }
}

/* The longest mark at text[i..end), or NONE, by the marks of first byte text[i] compared
 * one by one: a one-byte mark is that byte, a mark of up to 4 bytes its key4 against the
 * text's next bytes (no memcmp call). */
static size_t mark_at_each(const scan *sc, size_t i, size_t end) {
    const unsigned char *u = (const unsigned char *)sc->text + i;
    size_t f = sc->mt->first_ix[u[0]];
    uint64_t bits = f ? sc->mt->first_bits[f - 1] : 0;
    size_t best = NONE, best_len = 0, avail = end - i;
    uint32_t next4 = 0; /* key4_of the text's next bytes, once needed */
    while (bits) {
        unsigned b = lowest_bit(bits);
        bits &= bits - 1;
        const mark *mk = &sc->mt->marks[b];
        if (mk->len <= best_len || mk->len > avail) {
            continue;
        }
        bool eq;
        if (mk->len == 1) {
            eq = true;
        } else if (mk->len <= 4) {
            if (next4 == 0) {
                next4 = key4_of(u, avail);
            }
            eq = (mk->len == 4 ? next4 : next4 & ((UINT32_C(1) << (8 * mk->len)) - 1)) ==
                 mk->key4;
        } else {
            eq = memcmp(u, mk->s, mk->len) == 0;
        }
        if (eq) {
            best = b;
            best_len = mk->len;
        }
    }
    return best;
}

/* The longest mark at text[i..end), or NONE. When more than two marks start with text[i]
 * (first_hashed), for each length they have, longest first, the text's next bytes of that
 * length are looked up in the marks' hash table (mark_slot_of): most marks start with 0xE2
 * (“ ” ‘ ’ „ ‚ ‹ ›) and are 3 bytes long, one lookup where comparing each took 8 turns of
 * mark_at_each's loop for every curly quotation mark, apostrophe and dash of the text
 * ("don’t", "—"). One or two marks (" and ', '') are still compared one by one, which costs
 * less than the lookups. Measured on the first 200 BBC lines, with curly quotes 51.93M ->
 * 51.66M instructions; straight 50.62M -> 50.62M. */
static size_t mark_at(const scan *sc, size_t i, size_t end) {
    const marktab *mt = sc->mt;
    const unsigned char *u = (const unsigned char *)sc->text + i;
    size_t f = mt->first_ix[u[0]];
    if (f == 0) {
        return NONE;
    }
    if (!mt->first_hashed[f - 1]) {
        return mark_at_each(sc, i, end);
    }
    size_t avail = end - i;
    uint64_t lens = mt->first_lens[f - 1];
    if (avail < 64) {
        lens &= ((uint64_t)1 << avail) - 1; /* the lengths that fit before end */
    }
    uint32_t next4 = key4_of(u, avail);
    while (lens) {
        unsigned l = highest_bit(lens) + 1;
        lens &= ~((uint64_t)1 << (l - 1));
        uint32_t k4 = l >= 4 ? next4 : next4 & ((UINT32_C(1) << (8 * l)) - 1);
        unsigned v = mt->mark_slot[mark_slot_of(mt, (const char *)u, l, k4)];
        if (v != 0) {
            return v - 1;
        }
    }
    return NONE;
}

/* ---- character context ----------------------------------------------------------------- */

static int class_of(int32_t cp) {
    if (cp < 0) {
        return K_OTHER; /* invalid UTF-8 is a symbol */
    }
    if (cp < 0x80) {
        uint8_t bc = qxp_byte_class[cp];
        if (bc & (QXP_BC_SPACE | QXP_BC_NL) || cp == 0) {
            return K_SPACE;
        }
        if (bc & (QXP_BC_UPPER | QXP_BC_LOWER | QXP_BC_DIGIT)) {
            return K_ALNUM;
        }
        switch (cp) {
            case '(':
            case '[':
            case '{':
                return K_OPENP;
            case '.':
            case ',':
            case ';':
            case ':':
            case '!':
            case '?':
            case ')':
            case ']':
            case '}':
                return K_CLOSEP;
            case '-':
                return K_DASH;
            default:
                return K_OTHER;
        }
    }
    switch (cp) {
        case 0x2018: /* ‘ */
        case 0x201C: /* “ */
        case 0x201E: /* „ */
        case 0x201A: /* ‚ */
        case 0xAB:   /* « */
        case 0x2039: /* ‹ */
        case 0x300C: /* 「 */
        case 0x300E: /* 『 */
        case 0xBF:   /* ¿ */
        case 0xA1:   /* ¡ */
            return K_OPENP;
        case 0x2019: /* ’ */
        case 0x201D: /* ” */
        case 0xBB:   /* » */
        case 0x203A: /* › */
        case 0x300D: /* 」 */
        case 0x300F: /* 』 */
        case 0x2026: /* … */
        case 0x3002: /* 。 */
        case 0x3001: /* 、 */
            return K_CLOSEP;
        default:
            break;
    }
    if (qxp_is_space(cp) || qxp_is_newline(cp)) {
        return K_SPACE;
    }
    if (qxp_is_letter(cp) || qxp_is_digit(cp)) {
        return K_ALNUM;
    }
    if (qxp_is_dash(cp)) {
        return K_DASH;
    }
    return K_OTHER;
}

/* What a processed mark did, so that the next mark sees it as an opening or closing
 * neighbour: in “‘Hi’” the ‘ follows an opened “ and so opens too. */
enum { ACT_TEXT, ACT_OPEN, ACT_CLOSE };

static int prev_class(const scan *sc, size_t p) {
    if (p <= sc->para_start) {
        return K_EDGE;
    }
    if (p == sc->last_mark_end && sc->last_mark_kind != ACT_TEXT) {
        return sc->last_mark_kind == ACT_OPEN ? K_OPENP : K_CLOSEP;
    }
    unsigned char c = (unsigned char)sc->text[p - 1];
    if (c < 0x80) {
        return class_of(c);
    }
    size_t st = 0;
    int32_t cp = qxp_utf8_decode_back(sc->text + sc->para_start, p - sc->para_start, &st);
    return class_of(cp);
}

static int32_t cp_at(const scan *sc, size_t q, size_t *l) {
    unsigned char c = (unsigned char)sc->text[q];
    if (c < 0x80) {
        *l = 1;
        return c;
    }
    return qxp_utf8_decode(sc->text + q, sc->para_end - q, l);
}

static int next_class(const scan *sc, size_t q) {
    if (q >= sc->para_end) {
        return K_EDGE;
    }
    size_t l = 0;
    int32_t cp = cp_at(sc, q, &l);
    if (cp == '"' || cp == '\'') {
        return K_OTHER; /* a straight mark after a mark: neither space nor word */
    }
    return class_of(cp);
}

static bool is_space_at(const scan *sc, size_t i, size_t lim, size_t *l) {
    unsigned char c = (unsigned char)sc->text[i];
    if (c < 0x80) {
        *l = 1;
        return (qxp_byte_class[c] & (QXP_BC_SPACE | QXP_BC_NL)) != 0 || c == 0;
    }
    int32_t cp = qxp_utf8_decode(sc->text + i, lim - i, l);
    return qxp_is_space(cp) || qxp_is_newline(cp);
}

/* True when white space before p follows a sentence stop (. ! ? …) in the paragraph:
 * "yet. “We" at the “. */
static bool stop_before(const scan *sc, size_t p) {
    size_t i = p;
    bool space = false;
    while (i > sc->para_start) {
        size_t st = 0;
        unsigned char c = (unsigned char)sc->text[i - 1];
        int32_t cp = c < 0x80 ? (int32_t)c
                              : qxp_utf8_decode_back(sc->text + sc->para_start,
                                                     i - sc->para_start, &st);
        if (!(qxp_is_space(cp) || qxp_is_newline(cp))) {
            return space && (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026);
        }
        space = true;
        i = c < 0x80 ? i - 1 : sc->para_start + st;
    }
    return false;
}

/* True when the character at q (in the paragraph) is an uppercase letter. */
static bool upper_at(const scan *sc, size_t q) {
    size_t l = 0;
    return q < sc->para_end && qxp_is_upper(cp_at(sc, q, &l));
}

/* Elision after an opening-looking single mark: 'tis, ’twas, ’em, rock ’n’ roll, 'cause,
 * ’90s, '05. Words are ASCII, compared case-insensitively, and must end at a non-letter.
 * Example: "It was the ’90s" -> the ’ is text; see test "elisions". */
static bool elision_follows(const scan *sc, size_t q) {
    static const char *const words[] = {
        "alf", "ave", "bout", "cause", "cos",  "d",    "ee",    "em",    "er",    "ere",
        "im",  "ll",  "m",    "n",     "neath", "nuff", "ow",   "re",    "s",     "t",
        "til", "tis", "tisn", "twas",  "twasn", "twere", "twill", "twould", "ve"};
    const char *t = sc->text;
    size_t end = sc->para_end;
    /* two digits, an optional s: ’90s, '05 */
    if (q + 2 <= end && (qxp_byte_class[(unsigned char)t[q]] & QXP_BC_DIGIT) &&
        (qxp_byte_class[(unsigned char)t[q + 1]] & QXP_BC_DIGIT)) {
        size_t r = q + 2;
        if (r < end && (t[r] == 's' || t[r] == 'S')) {
            r++;
        }
        return r >= end || !(qxp_byte_class[(unsigned char)t[r]] &
                             (QXP_BC_UPPER | QXP_BC_LOWER | QXP_BC_DIGIT));
    }
    char w[QS_ELISION_MAX + 1];
    size_t n = 0;
    while (q + n < end &&
           (qxp_byte_class[(unsigned char)t[q + n]] & (QXP_BC_UPPER | QXP_BC_LOWER))) {
        if (n == QS_ELISION_MAX) {
            return false;
        }
        w[n] = (char)(t[q + n] | 0x20);
        n++;
    }
    if (n == 0) {
        return false;
    }
    if (q + n < end && (unsigned char)t[q + n] >= 0x80) {
        size_t l = 0;
        if (qxp_is_letter(qxp_utf8_decode(t + q + n, end - q - n, &l))) {
            return false; /* an accented letter continues the word */
        }
    }
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0) {
            return true;
        }
    }
    return false;
}

/* After a closing-looking apostrophe at q: white space then a lowercase letter, as in
 * "the Joneses’ house" or "goin’ home", where the quote most likely goes on. */
static bool lowercase_word_follows(const scan *sc, size_t q) {
    size_t i = q, l = 0, spaces = 0;
    while (i < sc->para_end && spaces < QS_PEEK_SPACES && is_space_at(sc, i, sc->para_end, &l)) {
        i += l;
        spaces++;
    }
    if (spaces == 0 || i >= sc->para_end) {
        return false;
    }
    int32_t cp = cp_at(sc, i, &l);
    return qxp_is_lower(cp);
}

/* ---- records --------------------------------------------------------------------------- */

static size_t trim_back(const scan *sc, size_t start, size_t end) {
    while (end > start) {
        unsigned char c = (unsigned char)sc->text[end - 1];
        if (c < 0x80) {
            if (!((qxp_byte_class[c] & (QXP_BC_SPACE | QXP_BC_NL)) || c == 0)) {
                break;
            }
            end--;
            continue;
        }
        size_t st = 0;
        int32_t cp = qxp_utf8_decode_back(sc->text + start, end - start, &st);
        if (!(qxp_is_space(cp) || qxp_is_newline(cp))) {
            break;
        }
        end = start + st;
    }
    return end;
}

static size_t trim_front(const scan *sc, size_t start, size_t end) {
    size_t l = 0;
    while (start < end && is_space_at(sc, start, end, &l)) {
        start += l;
    }
    return start < end ? start : end;
}

static qx_status push_piece(scan *sc, size_t start, size_t end) {
    qx_status st = QX_OK;
    qx_span *p = QXP_PUSH(sc->pieces, sc->n_pieces, sc->cap_pieces, st);
    if (p == NULL) {
        return st;
    }
    end = trim_back(sc, start, end);
    p->start = trim_front(sc, start, end);
    p->end = end;
    return QX_OK;
}

/* Ends stack entry k (and drops it with everything above it, which the caller has ended).
 * The content runs to `cstart` (the closing mark, or where an unclosed quote stops); the
 * closing mark is [cstart, cend) unless flags has QX_QF_UNCLOSED. */
static qx_status finish(scan *sc, size_t k, size_t cstart, size_t cend, unsigned flags) {
    open_ent *e = &sc->stack[k];
    qxp_qspan *r = &sc->out[e->out];
    qx_status st;
    /* only stack[0] collects pieces over paragraphs; a nested quote has one piece */
    size_t base = k == 0 ? 0 : sc->n_pieces;
    if ((st = push_piece(sc, e->piece_start, cstart)) != QX_OK) {
        return st;
    }
    if (sc->mt->marks[e->opener].dbl) {
        sc->n_double--;
    }
    qx_span *pc = sc->pieces + base;
    size_t np = sc->n_pieces - base;
    r->flags |= flags;
    /* an opening ' or ‘ that never closes was an apostrophe, not a quote: "'prentice boy",
     * "in the early 'eighties", "I want 'ee to go": the record is dropped and the quotes
     * opened inside it move up one level (see test "apostrophes") */
    if ((flags & QX_QF_UNCLOSED) && np == 1 && sc->mt->marks[e->opener].apos) {
        qx_span *v = QXP_PUSH(sc->voids, sc->n_voids, sc->cap_voids, st);
        if (v == NULL) {
            return st;
        }
        v->start = e->out;
        v->end = sc->n_out;
        r->n_pieces = 0; /* marks the record as void */
        sc->n_pieces = base;
        sc->depth = k;
        return QX_OK;
    }
    /* a quote over QX_LIMIT_QUOTE_BYTES is cut at that length, on a character boundary */
    size_t first = pc[0].start, last = pc[np - 1].end;
    if (last - first > sc->quote_limit) {
        size_t cut = first + sc->quote_limit;
        while (cut > first && ((unsigned char)sc->text[cut] & 0xC0) == 0x80) {
            cut--;
        }
        size_t keep = 0;
        while (keep < np && (keep == 0 || pc[keep].start < cut)) {
            if (pc[keep].end > cut) {
                pc[keep].end = cut;
            }
            keep++;
        }
        np = keep;
        r->flags |= QX_QF_TRUNCATED;
    }
    r->pieces = qxp_arena_alloc(sc->arena, np * sizeof(qx_span));
    if (r->pieces == NULL) {
        return QX_ERR_NOMEM;
    }
    memcpy(r->pieces, pc, np * sizeof(qx_span));
    r->n_pieces = (uint32_t)np; /* offsets and counts fit 32 bits (quotespan.h) */
    r->start = (uint32_t)pc[0].start;
    r->end = (uint32_t)pc[np - 1].end;
    if (r->flags & (QX_QF_UNCLOSED | QX_QF_TRUNCATED)) {
        r->close_start = r->close_end = r->end;
    } else {
        r->close_start = (uint32_t)cstart;
        r->close_end = (uint32_t)cend;
    }
    if (np > 1) {
        r->flags |= QX_QF_MULTIPARA;
    }
    sc->n_pieces = base;
    sc->depth = k;
    return QX_OK;
}

/* Ends the top entry without a closing mark at `at`: at its tentative closing apostrophe
 * if it has one, else as unclosed. */
static qx_status end_top(scan *sc, size_t at) {
    size_t k = sc->depth - 1;
    open_ent *e = &sc->stack[k];
    if (e->tent_start != NONE) {
        return finish(sc, k, e->tent_start, e->tent_end, e->tent_flags);
    }
    return finish(sc, k, at, at, QX_QF_UNCLOSED);
}

/* Closes entry k with the mark [p, q); entries above it end first (unclosed at p). */
static qx_status close_at(scan *sc, size_t k, size_t p, size_t q, unsigned flags) {
    qx_status st;
    while (sc->depth > k + 1) {
        if ((st = end_top(sc, p)) != QX_OK) {
            return st;
        }
    }
    return finish(sc, k, p, q, flags);
}

static qx_status open_quote(scan *sc, size_t m, size_t p, size_t q) {
    qx_status st = QX_OK;
    /* a new quote after a tentative close: 'Hello' he said 'bye' -> the first one closed */
    if (sc->depth > 0 && sc->stack[sc->depth - 1].tent_start != NONE) {
        if ((st = end_top(sc, p)) != QX_OK) {
            return st;
        }
    }
    qxp_qspan *r = QXP_PUSH(sc->out, sc->n_out, sc->cap_out, st);
    if (r == NULL) {
        return st;
    }
    memset(r, 0, sizeof *r);
    r->open_start = (uint32_t)p;
    r->open_end = (uint32_t)q;
    r->family = sc->mt->marks[m].family;
    r->depth = (unsigned)sc->depth;
    r->flags = sc->depth > 0 ? QX_QF_NESTED : 0;
    r->para = (uint32_t)sc->para;
    open_ent *e = &sc->stack[sc->depth++];
    e->out = sc->n_out - 1;
    e->opener = m;
    e->piece_start = q;
    e->tent_start = e->tent_end = NONE;
    e->tent_flags = 0;
    if (sc->mt->marks[m].dbl) {
        sc->n_double++;
    }
    return QX_OK;
}

/* Closes entry k with mark m at [p, q), or only notes the mark as a tentative close when it
 * is an apostrophe-like single mark followed by a lowercase word (the Joneses’ house): the
 * quote then closes at a later closing mark, or here when it ends otherwise. */
static qx_status close_or_tentative(scan *sc, size_t k, size_t m, size_t p, size_t q, int prev,
                                    unsigned flags) {
    if (sc->mt->marks[m].apos && !sc->mt->marks[sc->stack[k].opener].dbl && prev == K_ALNUM &&
        lowercase_word_follows(sc, q)) {
        qx_status st;
        while (sc->depth > k + 1) {
            if ((st = end_top(sc, p)) != QX_OK) {
                return st;
            }
        }
        open_ent *e = &sc->stack[k];
        e->tent_start = p;
        e->tent_end = q;
        e->tent_flags = flags;
        return QX_OK;
    }
    return close_at(sc, k, p, q, flags);
}

static bool can_open(const scan *sc, size_t m, int prev, int next) {
    const mark *mk = &sc->mt->marks[m];
    if (!mk->opens || sc->depth >= sc->max_depth) {
        return false; /* deeper than QX_LIMIT_NESTING: the mark is text */
    }
    if (!mk->dbl && (sc->opts & QX_OPT_NO_SINGLE_QUOTES) && sc->n_double == 0) {
        return false;
    }
    if (next == K_EDGE) {
        return false; /* nothing to quote: a mark at the end of its paragraph */
    }
    if (mk->apos && prev == K_ALNUM) {
        return false; /* the Joneses' car: not an opening mark after a letter */
    }
    return true;
}

/* Processes the mark m at [p, q). Returns what it did through *act. */
static qx_status on_mark(scan *sc, size_t m, size_t p, size_t q, int *act) {
    const mark *mk = &sc->mt->marks[m];
    int prev = prev_class(sc, p), next = next_class(sc, q);
    /* strongly opening: ` "Hi`, `(“Hi`, `—"Hi`; not `« Oui »,` (closing punctuation next) */
    bool so = (prev == K_EDGE || prev == K_SPACE || prev == K_OPENP || prev == K_DASH) &&
              next != K_EDGE && next != K_SPACE && next != K_CLOSEP;
    bool scl = !(prev == K_EDGE || prev == K_SPACE || prev == K_OPENP || prev == K_DASH) &&
               next != K_ALNUM && next != K_OPENP;
    *act = ACT_TEXT;
    if (mk->apos) {
        /* between two letters or digits: who’d, America’s, o'clock, y'all, Hawai'i */
        if (prev == K_ALNUM && next == K_ALNUM) {
            return QX_OK;
        }
        /* an elision: ’90s, 'tis, rock ’n’ roll */
        if (prev != K_ALNUM && next == K_ALNUM && elision_follows(sc, q)) {
            return QX_OK;
        }
    }
    size_t pend = NONE;
    for (size_t k = sc->depth; k-- > 0;) {
        if (mk->closes & ((uint64_t)1 << sc->stack[k].opener)) {
            pend = k;
            break;
        }
    }
    bool opens = can_open(sc, m, prev, next);
    if (pend != NONE) {
        if (!so) {
            *act = ACT_CLOSE;
            return close_or_tentative(sc, pend, m, p, q, prev, 0);
        }
        if (opens) {
            /* a symmetric mark that looks opening while the same mark is open: an odd count,
             * as in `"A, he said. "B."`: the first quote ends unclosed before this mark */
            if (pend == sc->depth - 1 && sc->stack[pend].opener == m) {
                qx_status st = end_top(sc, p);
                if (st != QX_OK) {
                    return st;
                }
            }
            *act = ACT_OPEN;
            return open_quote(sc, m, p, q);
        }
        if (mk->opens) {
            *act = ACT_CLOSE; /* could open but may not (nesting, options): close */
            return close_or_tentative(sc, pend, m, p, q, prev, 0);
        }
        return QX_OK; /* a closing-only mark that looks opening: “A ”B -> text */
    }
    if (scl) {
        /* a closing mark of another family than the open quote's: “Hi" or "Hi” */
        if (sc->depth > 0) {
            size_t k = sc->depth - 1;
            if (sc->mt->marks[sc->stack[k].opener].dbl == mk->dbl) {
                *act = ACT_CLOSE;
                return close_or_tentative(sc, k, m, p, q, prev, QX_QF_MISMATCH);
            }
        }
        return QX_OK; /* a stray closing mark (America' s, 5'11") is text */
    }
    if (opens) {
        if (so && sc->depth > 0 && sc->stack[sc->depth - 1].opener == m &&
            stop_before(sc, p) && upper_at(sc, q)) {
            /* the same opening mark again at a sentence start, inside the quote it opened:
             * a run-on of a multi-paragraph quote whose paragraph break was lost, “A. “B.”
             * (as the symmetric "A. "B." above): the open quote ends unclosed before it,
             * rather than holding a nested “B.” and running on unclosed itself (“He said
             * “no” to me.” nests: no stop before it). fixtures/quotes/runon-curly */
            qx_status st = end_top(sc, p);
            if (st != QX_OK) {
                return st;
            }
        }
        *act = ACT_OPEN;
        return open_quote(sc, m, p, q);
    }
    return QX_OK;
}

/* After the punctuation ending at q: white space, then a lowercase subject pronoun or
 * reporting verb of the model's lexicons, as in "! he said" or ", said Buck Mulligan". */
static bool cue_follows(const scan *sc, size_t q) {
    if (!lowercase_word_follows(sc, q)) {
        return false;
    }
    size_t i = q, l = 0;
    while (is_space_at(sc, i, sc->para_end, &l)) {
        i += l;
    }
    size_t w = i;
    while (w < sc->para_end && w - i < 32 && qxp_is_letter(cp_at(sc, w, &l))) {
        w += l;
    }
    const qxp_lexent *pr = qxp_lex_get(sc->model, QXP_LEX_PRONOUNS, sc->text + i, w - i);
    return (pr != NULL && (pr->flags & QXP_LF_SUBJ)) ||
           qxp_lex_get(sc->model, QXP_LEX_VERBS, sc->text + i, w - i) != NULL;
}

/* Dialogue dash (Joyce, many translations): a paragraph that starts with — or -- right
 * before a letter is speech, "—Back to barracks! he said sternly." Returns the end of the
 * spoken part: after the first . , ! ? … that is followed by white space and a lowercase
 * pronoun or reporting verb ("! he said"), or before a dash that follows a non-space
 * ("eyes.--"), else the
 * paragraph end; *cs gets the start of the content. Returns NONE when the paragraph does not
 * start that way. Only at the top level (not inside a multi-paragraph quote). */
static size_t dash_dialogue(const scan *sc, size_t *cs) {
    const char *t = sc->text;
    size_t ps = sc->para_start, pe = sc->para_end, i, l = 0;
    if (pe - ps >= 3 && memcmp(t + ps, "\xE2\x80\x94", 3) == 0) { /* — */
        i = ps + 3;
    } else if (pe - ps >= 3 && memcmp(t + ps, "\xE2\x80\x95", 3) == 0) { /* ― */
        i = ps + 3;
    } else if (pe - ps >= 2 && t[ps] == '-' && t[ps + 1] == '-') {
        i = ps + 2;
    } else {
        return NONE;
    }
    if (i >= pe || !qxp_is_letter(cp_at(sc, i, &l))) {
        return NONE; /* "— The company said": a bullet, not dialogue */
    }
    *cs = i;
    bool prev_space = false;
    while (i < pe) {
        unsigned char c = (unsigned char)t[i];
        if (c == '.' || c == ',' || c == '!' || c == '?') {
            if (cue_follows(sc, i + 1)) {
                return i + 1;
            }
        } else if (c == '-' && i + 1 < pe && t[i + 1] == '-' && !prev_space) {
            return i;
        } else if (c >= 0x80) {
            int32_t cp = cp_at(sc, i, &l);
            if (cp == 0x2026 && cue_follows(sc, i + l)) {
                return i + l;
            }
            if ((cp == 0x2014 || cp == 0x2015) && !prev_space) {
                return i;
            }
            prev_space = qxp_is_space(cp) || qxp_is_newline(cp);
            i += l;
            continue;
        }
        prev_space = (qxp_byte_class[c] & (QXP_BC_SPACE | QXP_BC_NL)) != 0;
        i++;
    }
    return pe;
}

/* Prepares the skip of scan_para from the marks' distinct first bytes (first_bytes, noted by
 * mark_add rather than found by a walk over the 256 entries of the first-byte table, 0.3M
 * instructions a run on the first 200 BBC lines): with the lexicon's marks, the bytes " ' `
 * and every byte >= 0x80. Unused slots repeat a used one (a stop is only ever early, never
 * wrong); more than 4 distinct ASCII first bytes: no skip (n_skip SIZE_MAX). */
static void skip_build(marktab *mt) {
    mt->n_skip = 0;
    mt->skip_high = 0;
    for (size_t k = 0; k < mt->n_first; k++) {
        unsigned b = mt->first_bytes[k];
        if (b >= 0x80) {
            mt->skip_high = QXP_REP8(0x80);
        } else if (mt->n_skip < 4) {
            mt->skip_rep[mt->n_skip++] = QXP_REP8(b);
        } else {
            mt->n_skip = SIZE_MAX;
            return;
        }
    }
    for (size_t k = mt->n_skip; k < 4; k++) {
        mt->skip_rep[k] = mt->n_skip ? mt->skip_rep[0] : 0; /* 0: NUL, never a mark */
    }
#ifdef QXP_SSE2
    for (size_t k = 0; k < 4; k++) {
        mt->skip_vec[k] = _mm_set1_epi8((char)(mt->skip_rep[k] & 0xFF));
    }
    mt->skip_himask = mt->skip_high ? 0xFFFFu : 0;
#endif
}

qxp_marktab *qxp_marktab_new(const qxp_lextab *t, qxp_arena *a) {
    marktab *mt = qxp_arena_alloc(a, sizeof *mt);
    if (mt == NULL) {
        return NULL;
    }
    memset(mt, 0, sizeof *mt);
    marks_build(mt, t);
    skip_build(mt);
    for (size_t k = 0; k < mt->n_first; k++) {
        uint64_t rest = mt->first_bits[k] & (mt->first_bits[k] - 1); /* less the first mark */
        mt->first_hashed[k] = !mt->first_long[k] && (rest & (rest - 1)) != 0; /* 3 or more */
    }
    /* the dialogue dash is a pseudo-mark: not in the byte table, closes nothing */
    mt->dash_mark = NONE;
    if (mt->n_marks < QS_MAX_MARKS) {
        mark *dm = &mt->marks[mt->n_marks];
        dm->s = "\xE2\x80\x94";
        dm->len = 3;
        dm->dbl = true;
        dm->family = QXP_FAM_DASH;
        mt->dash_mark = mt->n_marks;
    }
    return mt;
}

/* First i' >= i (before pe) whose byte may start a mark (first_ix), or pe. Runs of bytes
 * that start no mark are passed 8 at a time: measured on the first 200 BBC lines, scan_para
 * 2.8M -> 2.3M instructions. The word test sets the top bit of every byte first
 * (v = w | 0x80..), so that a byte equal to a skip byte b (ASCII) is exactly 0x80 after
 * v ^ b and every other is above 0x80: subtracting 1 clears the top bit of the matches only,
 * with no borrow across bytes, 3 operations a skip byte instead of has_byte's 4 and its ors
 * (on " said " with b = '"': 0xA0 0xF3 ... ^ 0x22 -> 0x82 0xD1 ..., minus 1 keeps every top
 * bit). Measured on the first 200 BBC lines: scan_para 2.73M -> 2.26M instructions (with
 * the loop bound lim computed once), the whole run 72.20M -> 71.72M. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline size_t next_mark_byte(const scan *sc, size_t i, size_t pe) {
    const char *t = sc->text;
    const unsigned char *u = (const unsigned char *)t;
    const marktab *mt = sc->mt;
    if (mt->n_skip != SIZE_MAX) {
#ifdef QXP_SSE2
        /* 16 bytes a step: four equalities, the sign bits for the bytes >= 0x80, the
         * candidates taken in order from the mask. Measured on the first 200 BBC lines
         * against the uint64_t words: qxp_quotes_find 3.53M -> 2.72M instructions, the whole
         * run 69.71M -> 68.90M. */
        for (size_t lim = pe >= 16 ? pe - 15 : 0; i < lim; i += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
            __m128i m01 = _mm_or_si128(_mm_cmpeq_epi8(x, mt->skip_vec[0]),
                                       _mm_cmpeq_epi8(x, mt->skip_vec[1]));
            __m128i m23 = _mm_or_si128(_mm_cmpeq_epi8(x, mt->skip_vec[2]),
                                       _mm_cmpeq_epi8(x, mt->skip_vec[3]));
            __m128i m = _mm_or_si128(m01, m23);
            unsigned mask = (unsigned)_mm_movemask_epi8(m) |
                            ((unsigned)_mm_movemask_epi8(x) & mt->skip_himask);
            for (; mask; mask &= mask - 1) {
                size_t k = i + (unsigned)__builtin_ctz(mask);
                if (mt->first_ix[u[k]]) {
                    return k;
                }
            }
        }
#endif
        const uint64_t r0 = mt->skip_rep[0], r1 = mt->skip_rep[1], r2 = mt->skip_rep[2],
                       r3 = mt->skip_rep[3], high = mt->skip_high, ones = QXP_REP8(0x01),
                       tops = QXP_REP8(0x80);
        for (size_t lim = pe >= 8 ? pe - 7 : 0; i < lim;) { /* a word at i < lim ends by pe */
            uint64_t w;
            memcpy(&w, t + i, 8);
            uint64_t v = w | tops;
            uint64_t plain = ((v ^ r0) - ones) & ((v ^ r1) - ones) & ((v ^ r2) - ones) &
                             ((v ^ r3) - ones) & ~(w & high);
            uint64_t hit = ~plain & tops;
            if (hit == 0) {
                i += 8;
                continue;
            }
#ifdef QXP_FIRST_FLAGGED
            i += QXP_FIRST_FLAGGED(hit); /* straight to the first stopping byte */
            if (mt->first_ix[u[i]]) {
                return i;
            }
            i++;
#else
            break; /* the bytes one by one, below */
#endif
        }
    }
    while (i < pe && mt->first_ix[u[i]] == 0) {
        i++;
    }
    return i;
}

/* Scans paragraph [ps, pe) from byte `from`. */
static qx_status scan_para(scan *sc, size_t from) {
    size_t i = from, pe = sc->para_end;
    while (i < pe) {
        i = next_mark_byte(sc, i, pe);
        if (i >= pe) {
            break;
        }
        size_t m = mark_at(sc, i, pe);
        if (m == NONE) {
            i++;
            continue;
        }
        size_t q = i + sc->mt->marks[m].len;
        int act = ACT_TEXT;
        qx_status st = on_mark(sc, m, i, q, &act);
        if (st != QX_OK) {
            return st;
        }
        sc->last_mark_end = q;
        sc->last_mark_kind = act;
        i = q;
    }
    return QX_OK;
}

/* Drops the void records and lowers the depth of the records inside them, in one pass:
 * each void adds 1 over its range [record + 1, end) through a difference array. */
static qx_status compact(scan *sc) {
    if (sc->n_voids == 0) {
        return QX_OK;
    }
    size_t *diff = qxp_calloc(sc->n_out + 1, sizeof(size_t));
    if (diff == NULL) {
        return QX_ERR_NOMEM;
    }
    for (size_t v = 0; v < sc->n_voids; v++) {
        diff[sc->voids[v].start + 1]++;
        diff[sc->voids[v].end]--;
    }
    size_t lift = 0, w = 0;
    for (size_t i = 0; i < sc->n_out; i++) {
        lift += diff[i];
        qxp_qspan *r = &sc->out[i];
        if (r->n_pieces == 0) {
            continue;
        }
        r->depth -= (unsigned)lift;
        if (r->depth == 0) {
            r->flags &= ~(unsigned)QX_QF_NESTED;
        }
        sc->out[w++] = *r;
    }
    sc->n_out = w;
    qxp_free(diff);
    return QX_OK;
}

qx_status qxp_quotes_find(const qx_model *m, const char *text, size_t len,
                          const qxp_sentences *s, unsigned opts, qxp_arena *a, qxp_qspan **out,
                          size_t *n) {
    *out = NULL;
    *n = 0;
    qx_status st = QX_OK;
    /* zeroed except for the local stack (4 KiB, filled entry by entry): the calloc of the
     * whole struct cost 0.9M instructions on the first 200 BBC lines. On the C stack, with
     * the open-quote stack inside it (unless QX_LIMIT_NESTING is over 32): measured there,
     * the two allocations and frees took qxp_quotes_find from 3.53M to 3.73M instructions,
     * the whole run from 70.49M to 70.67M. */
    scan scan_mem;
    scan *sc = &scan_mem;
    memset(sc, 0, offsetof(scan, stack_local));
    memset(&sc->out, 0, sizeof *sc - offsetof(scan, out));
    sc->text = text;
    sc->len = len;
    sc->mt = m->marks;
    sc->model = m;
    sc->arena = a;
    sc->opts = opts;
    sc->quote_limit = m->limits[QX_LIMIT_QUOTE_BYTES] ? m->limits[QX_LIMIT_QUOTE_BYTES] : len;
    size_t nest = m->limits[QX_LIMIT_NESTING];
    sc->max_depth = nest == 0 ? 1 : nest > QS_MAX_DEPTH ? QS_MAX_DEPTH : nest;
    sc->last_mark_end = NONE;
    sc->stack = sc->max_depth <= QS_LOCAL_DEPTH ? sc->stack_local
                                                : qxp_malloc(sc->max_depth * sizeof(open_ent));
    if (sc->stack == NULL) {
        st = QX_ERR_NOMEM;
        goto done;
    }
    /* no paragraph list: the whole text is one paragraph */
    qx_span whole = {0, len};
    const qx_span *paras = s ? s->paras : &whole;
    size_t n_paras = s ? s->n_paras : 1;
    size_t from = n_paras ? paras[0].start : 0;
    for (size_t k = 0; k < n_paras; k++) {
        sc->para = k;
        sc->para_start = paras[k].start;
        sc->para_end = paras[k].end > len ? len : paras[k].end;
        if (sc->para_start > sc->para_end) {
            continue;
        }
        from = from < sc->para_start ? sc->para_start : from;
        size_t cs = 0, ce = sc->depth == 0 && sc->mt->dash_mark != NONE ? dash_dialogue(sc, &cs)
                                                                     : NONE;
        if (ce != NONE) {
            size_t pe = sc->para_end;
            sc->para_end = ce;
            if ((st = open_quote(sc, sc->mt->dash_mark, sc->para_start, cs)) != QX_OK ||
                (st = scan_para(sc, cs)) != QX_OK || (st = close_at(sc, 0, ce, ce, 0)) != QX_OK) {
                goto done;
            }
            sc->para_end = pe;
            from = ce;
        }
        if ((st = scan_para(sc, from)) != QX_OK) {
            goto done;
        }
        /* paragraph end: nested quotes end here; the outermost one goes on when the next
         * paragraph starts with its opening mark (the news convention for multi-paragraph
         * quotes: each paragraph reopens, only the last closes) */
        while (sc->depth > 1) {
            if ((st = end_top(sc, sc->para_end)) != QX_OK) {
                goto done;
            }
        }
        from = k + 1 < n_paras ? paras[k + 1].start : len;
        if (sc->depth == 1) {
            open_ent *e = &sc->stack[0];
            const mark *om = &sc->mt->marks[e->opener];
            size_t ns = from, ne = k + 1 < n_paras ? paras[k + 1].end : len;
            if (e->tent_start == NONE && k + 1 < n_paras && ne >= ns && ne - ns > om->len &&
                memcmp(text + ns, om->s, om->len) == 0) {
                if ((st = push_piece(sc, e->piece_start, sc->para_end)) != QX_OK) {
                    goto done;
                }
                e->piece_start = ns + om->len;
                from = ns + om->len;
                sc->last_mark_end = from;
                sc->last_mark_kind = ACT_OPEN;
                continue;
            }
            if ((st = end_top(sc, sc->para_end)) != QX_OK) {
                goto done;
            }
        }
    }
    if ((st = compact(sc)) != QX_OK) {
        goto done;
    }
    if (sc->n_out > 0) {
        /* handed over, not copied into the arena: the caller frees it once attribution no
         * longer needs it, before the output is built (88 bytes a quote, tests/stress.sh
         * jsonl-line) */
        *out = sc->out;
        *n = sc->n_out;
        sc->out = NULL;
    }
done:
    if (sc->stack != sc->stack_local) {
        qxp_free(sc->stack);
    }
    qxp_free(sc->out);
    qxp_free(sc->pieces);
    qxp_free(sc->voids);
    return st;
}
