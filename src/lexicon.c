/*
 * lexicon.c - lexicon files -> hash tables; the model's construction and lookups.
 *
 * Input: the bytes of lexicons/<lang>/<kind>.txt (compiled in, or read from --lexicons DIR).
 * Output: one qxp_lextab per kind: entries in file order plus an open-addressing hash on the
 * lookup key (field 1, casefolded for every kind but abbreviations and nonnames).
 * Invariants: a loaded model never changes (limits aside, before sharing); lookups allocate
 * nothing and are safe from any thread. Complexity: linear in the lexicon size to load,
 * O(key length) per lookup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "lexicon.h"
#include "markup.h"
#include "quotespan.h"
#include "text.h"

#include "lexicons_builtin.inc"

const char *const qxp_lexkind_names[QXP_LEX_COUNT] = {
    "verbs",    "phrases",   "titles",      "honorifics",  "abbreviations",
    "pronouns", "nonnames",  "quote_marks", "given_names", "groups"};

/* The flag names with their lengths, so that parsing an entry's flags compares lengths
 * before bytes instead of taking strlen of every name (the lexicon load took 40K strlen
 * calls, 0.5M instructions, for the built-in files' flags). */
#define FLAG(n, b) {n, sizeof n - 1, b}
static const struct {
    const char *name;
    size_t len;
    uint32_t bit;
} flag_names[] = {
    /* most used first in the built-in files (m 652 times, role 543, ...), as parse_flags
     * tries them in order */
    FLAG("m", QXP_LF_M),           FLAG("role", QXP_LF_ROLE),     FLAG("f", QXP_LF_F),
    FLAG("speech", QXP_LF_SPEECH), FLAG("prefix", QXP_LF_PREFIX), FLAG("inv", QXP_LF_INV),
    FLAG("that", QXP_LF_THAT),     FLAG("past", QXP_LF_PAST),     FLAG("group", QXP_LF_GROUP),
    FLAG("claim", QXP_LF_CLAIM),   FLAG("final", QXP_LF_FINAL),   FLAG("obj", QXP_LF_OBJ),
    FLAG("pl", QXP_LF_PL),         FLAG("place", QXP_LF_PLACE),   FLAG("write", QXP_LF_WRITE),
    FLAG("noun", QXP_LF_NOUN),     FLAG("number", QXP_LF_NUMBER), FLAG("sg", QXP_LF_SG),
    FLAG("ask", QXP_LF_ASK),       FLAG("subj", QXP_LF_SUBJ),     FLAG("double", QXP_LF_DOUBLE),
    FLAG("single", QXP_LF_SINGLE)};
#undef FLAG

static bool kind_is_folded(qxp_lexkind k) {
    return k != QXP_LEX_ABBREVIATIONS && k != QXP_LEX_NONNAMES && k != QXP_LEX_QUOTE_MARKS;
}

/* qxp_casefold from s[i] on, out[0..i) being done: characters that may be non-ASCII. Apart
 * from the ASCII path, so that the common call (an ASCII word) saves no registers for the
 * utf8proc calls. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t casefold_rest(const char *s, size_t n, size_t i, char *out, size_t cap) {
    size_t o = i;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (o >= cap) {
                return (size_t)-1;
            }
            out[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            i++;
            continue;
        }
        size_t len;
        int32_t cp = qxp_utf8_decode(s + i, n - i, &len);
        if (cp == QXP_BAD) {
            return (size_t)-1;
        }
        utf8proc_int32_t buf[8];
        int last = 0;
        utf8proc_ssize_t k =
            utf8proc_decompose_char(cp, buf, 8, UTF8PROC_CASEFOLD | UTF8PROC_STABLE, &last);
        if (k < 0 || k > 8) {
            return (size_t)-1;
        }
        for (utf8proc_ssize_t j = 0; j < k; j++) {
            if (o + 4 > cap) {
                return (size_t)-1;
            }
            o += (size_t)utf8proc_encode_char(buf[j], (utf8proc_uint8_t *)out + o);
        }
        i += len;
    }
    return o;
}

size_t qxp_casefold(const char *s, size_t n, char *out, size_t cap) {
    size_t i = 0;
    /* the ASCII prefix (all of a word, nearly always) without per-byte bounds checks: in it
     * o == i. Speaker matching folds names this way (speaker.c fold_hash): on the first 200
     * BBC lines this took casefolding from 4.4M instructions to ~2M. */
    size_t lim = n < cap ? n : cap;
    /* 8 ASCII bytes at a time (SWAR, qxp_ascii_lower8) */
    const uint64_t highs = QXP_REP8(0x80);
    while (i + 8 <= lim) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & highs) {
            break;
        }
        w = qxp_ascii_lower8(w);
        memcpy(out + i, &w, 8);
        i += 8;
    }
    /* The last 1 to 7 bytes of an ASCII run without the byte loop below (which took 13
     * instructions a byte, and the words speaker.c folds are mostly shorter than 8 bytes).
     * They are read in groups that end at lim and overlap bytes already folded (folding a
     * lowercase byte again changes nothing): the 8 bytes before lim when there are 8
     * ("Spokesman": "Spokesma" above, then "pokesman"), else the first 4 and the last 4
     * ("Smith": "Smit" and "mith"). A group with a non-ASCII byte is left to the loops. */
    if (i < lim && i + 8 > lim) {
        if (lim >= 8) {
            uint64_t w;
            memcpy(&w, s + lim - 8, 8);
            if (!(w & highs)) {
                w = qxp_ascii_lower8(w);
                memcpy(out + lim - 8, &w, 8);
                i = lim;
            }
        } else if (lim >= 4) {
            uint32_t a, b;
            memcpy(&a, s, 4);
            memcpy(&b, s + lim - 4, 4);
            uint64_t w = a | (uint64_t)b << 32; /* the two groups in one word's lanes */
            if (!(w & highs)) {
                w = qxp_ascii_lower8(w);
                a = (uint32_t)w;
                b = (uint32_t)(w >> 32);
                memcpy(out, &a, 4);
                memcpy(out + lim - 4, &b, 4);
                i = lim;
            }
        }
    }
    while (i < lim) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            break;
        }
        out[i++] = (char)(c + (((unsigned)(c - 'A') < 26u) << 5));
    }
    if (i == n) {
        return n;
    }
    return casefold_rest(s, n, i, out, cap);
}

static qx_status lex_error(qx_error *err, const char *name, size_t line, size_t col,
                           const char *what) {
    return qxp_error_set(err, QX_ERR_LEXICON, name, (int)line, (int)col, 0, "%s", what);
}

/* The flag names' first 8 bytes, zero past each name (qxp_key8): parse_flags compares a flag
 * with each name in one test instead of a length test, a first-letter test and memcmp
 * (measured on the first 200 BBC lines, 4,700 flags in the built-in files, with the names in
 * order of use: 66.23M -> 65.96M instructions). */
static void flag_keys(uint64_t keys[sizeof flag_names / sizeof flag_names[0]]) {
    for (size_t k = 0; k < sizeof flag_names / sizeof flag_names[0]; k++) {
        keys[k] = qxp_key8(flag_names[k].name, flag_names[k].len);
    }
}

static bool parse_flags(const char *f, size_t n, const uint64_t *keys, uint32_t *out,
                        size_t *bad_at) {
    uint32_t flags = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && f[j] != ',') {
            j++;
        }
        /* names are 1 to 8 bytes without NUL, as f is (a C string): equal keys, equal
         * flags */
        bool found = false;
        if (j > i && j - i <= 8) {
            uint64_t k8 = qxp_key8(f + i, j - i);
            for (size_t k = 0; k < sizeof flag_names / sizeof flag_names[0]; k++) {
                if (keys[k] == k8) {
                    flags |= flag_names[k].bit;
                    found = true;
                    break;
                }
            }
        }
        if (!found) {
            *bad_at = i;
            return false;
        }
        i = j + 1;
    }
    *out = flags;
    return true;
}

/* The entry of (key, n), or NULL. The slots are picked by the word table's hash, 8 bytes a
 * step, where FNV-1a took a multiplication per byte (measured on the first 200 BBC lines,
 * with the duplicate test and the insertion of qxp_lextab_parse in one probe: 67.13M ->
 * 66.72M instructions, most of it the model's building). The filter first: most lookups at
 * run time ask about a word that is not there (the word before each period in the
 * abbreviations: "said.", "Johnson."), and without it each read a slot and an entry, which
 * were seldom in the cache: table_find took 2.2% of perf's samples on 8 copies of the curly
 * BBC corpus, 0.8% with the filter. */
static const qxp_lexent *table_find(const qxp_lextab *t, const char *key, size_t n) {
    if (t->nslots == 0) {
        return NULL;
    }
    uint32_t h = qxp_word_hash(key, n);
    uint32_t fb = h >> QXP_LEX_FILTER_SHIFT;
    if (!((t->filter[fb / 64] >> (fb % 64)) & 1)) {
        return NULL;
    }
    size_t mask = t->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t slot = t->slots[i];
        if (slot == 0) {
            return NULL;
        }
        const qxp_lexent *e = &t->ents[slot - 1];
        if (e->fkeylen == n && qxp_bytes_eq(e->fkey, key, n)) {
            return e;
        }
    }
}

qx_status qxp_lextab_parse(qxp_lextab *tab, qxp_lexkind kind, const char *src, size_t len,
                           const char *name, qxp_arena *a, qx_error *err) {
    memset(tab, 0, sizeof *tab);
    tab->folded = kind_is_folded(kind);
    size_t bad = qxp_utf8_invalid(src, len);
    if (bad < len) {
        size_t line = 1;
        for (size_t i = 0; i < bad; i++) {
            line += src[i] == '\n';
        }
        return lex_error(err, name, line, 0, "invalid UTF-8");
    }
    char *text = qxp_arena_strndup(a, src, len);
    if (text == NULL) {
        return QX_ERR_NOMEM;
    }
    /* count lines to size the entry array */
    size_t nlines = 1;
    for (const char *p = text, *end = text + len; (p = memchr(p, '\n', (size_t)(end - p))) != NULL;
         p++) {
        nlines++;
    }
    /* not zeroed: parsing sets every field of the entries it keeps (the zeroing of the
     * built-in files' 3,717 lines: 0.17M instructions on the first 200 BBC lines) */
    tab->ents = nlines <= SIZE_MAX / sizeof(qxp_lexent)
                    ? qxp_arena_alloc(a, nlines * sizeof(qxp_lexent))
                    : NULL;
    if (tab->ents == NULL) {
        return QX_ERR_NOMEM;
    }
    char magic[64];
    snprintf(magic, sizeof magic, "#!qx-lexicon 1 %s", qxp_lexkind_names[kind]);
    uint64_t keys[sizeof flag_names / sizeof flag_names[0]];
    flag_keys(keys);
    size_t pos = 0, line = 0;
    while (pos < len) {
        line++;
        char *l = text + pos;
        char *nl = memchr(l, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - l) : len - pos;
        pos += ll + 1;
        l[ll] = '\0';
        if (line == 1) {
            if (ll != strlen(magic) || memcmp(l, magic, ll) != 0) {
                char what[120];
                snprintf(what, sizeof what, "expected the first line \"%s\"", magic);
                return lex_error(err, name, 1, 1, what);
            }
            continue;
        }
        if (ll == 0 || l[0] == '#') {
            continue;
        }
        /* one pass over the line: its first carriage return, its tabs (the fields' ends),
         * each field's first NUL byte (the fields are C strings: a NUL ends one) and the
         * spaces of the first field (its words), where each was a memchr or strlen call
         * of its own, eight a line; measured by callgrind, quotex on an empty input (the
         * model's building): 4.41M -> 4.29M instructions */
        size_t cr = ll, tabs[3] = {ll, ll, ll}, ntab = 0, words = 1;
        size_t nul[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX}; /* a field's first NUL, if any */
        for (size_t k = 0; k < ll; k++) {
            unsigned char ch = (unsigned char)l[k];
            if (ch > ' ') {
                continue;
            }
            if (ch == '\t') {
                if (ntab < 3) {
                    tabs[ntab] = k;
                }
                ntab++;
            } else if (ch == ' ') {
                words += ntab == 0 && nul[0] == SIZE_MAX;
            } else if (ch == '\r') {
                cr = cr < k ? cr : k;
            } else if (ch == '\0' && ntab < 3 && nul[ntab] == SIZE_MAX) {
                nul[ntab] = k;
            }
        }
        if (cr < ll) {
            return lex_error(err, name, line, cr + 1, "carriage return: lexicons use LF line ends");
        }
        if (l[ll - 1] == ' ' || l[ll - 1] == '\t') {
            return lex_error(err, name, line, ll, "trailing white space");
        }
        if (ntab >= 3) {
            return lex_error(err, name, line, tabs[2] + 1, "more than three fields");
        }
        char *fields[3] = {l, NULL, NULL};
        size_t flen[3] = {0, 0, 0};
        for (size_t f = 0; f <= ntab; f++) {
            size_t from = f == 0 ? 0 : tabs[f - 1] + 1;
            size_t to = nul[f] < tabs[f] ? nul[f] : tabs[f]; /* tabs[ntab] is ll */
            fields[f] = l + from;
            flen[f] = to - from;
            if (f < ntab) {
                l[tabs[f]] = '\0';
            }
        }
        size_t klen = flen[0];
        if (klen == 0) {
            return lex_error(err, name, line, 1, "empty first field");
        }
        if (fields[0][0] == ' ' || fields[0][klen - 1] == ' ') {
            return lex_error(err, name, line, 1, "space at the edge of a field");
        }
        qxp_lexent *e = &tab->ents[tab->n];
        e->key = fields[0];
        e->keylen = (uint32_t)klen;
        e->val = fields[1] ? fields[1] : "";
        e->vallen = (uint32_t)flen[1];
        e->line = (uint32_t)line;
        e->flags = 0;
        if (fields[2]) {
            size_t bad_at = 0;
            if (!parse_flags(fields[2], flen[2], keys, &e->flags, &bad_at)) {
                return lex_error(err, name, line, (size_t)(fields[2] - l) + bad_at + 1,
                                 "unknown flag (see lexicons/en/README)");
            }
        }
        if (words > tab->maxwords) {
            tab->maxwords = words;
        }
        if (tab->folded) {
            char buf[512];
            size_t fl = qxp_casefold(e->key, klen, buf, sizeof buf);
            if (fl == (size_t)-1) {
                return lex_error(err, name, line, 1, "entry too long");
            }
            char *fk = qxp_arena_strndup(a, buf, fl);
            if (fk == NULL) {
                return QX_ERR_NOMEM;
            }
            e->fkey = fk;
            e->fkeylen = (uint32_t)fl;
        } else {
            e->fkey = e->key;
            e->fkeylen = e->keylen;
        }
        tab->n++;
    }
    if (line == 0) {
        return lex_error(err, name, 1, 1, "empty file: expected the magic line");
    }
    size_t ns = 16;
    while (ns < tab->n * 2) {
        ns *= 2;
    }
    tab->slots = qxp_arena_calloc(a, ns, sizeof(uint32_t));
    if (tab->slots == NULL) {
        return QX_ERR_NOMEM;
    }
    tab->nslots = ns;
    for (size_t i = 0; i < tab->n; i++) {
        /* one probe finds an earlier entry with the same key (table_find's answer) or the
         * empty slot that takes this one */
        qxp_lexent *e = &tab->ents[i];
        uint32_t h = qxp_word_hash(e->fkey, e->fkeylen);
        uint32_t fb = h >> QXP_LEX_FILTER_SHIFT;
        tab->filter[fb / 64] |= UINT64_C(1) << (fb % 64);
        size_t mask = ns - 1, s = h & mask;
        for (; tab->slots[s]; s = (s + 1) & mask) {
            const qxp_lexent *o = &tab->ents[tab->slots[s] - 1];
            if (o->fkeylen == e->fkeylen && memcmp(o->fkey, e->fkey, e->fkeylen) == 0) {
                char what[160];
                snprintf(what, sizeof what, "duplicate entry \"%.80s\"", e->key);
                return lex_error(err, name, e->line, 1, what);
            }
        }
        tab->slots[s] = (uint32_t)(i + 1);
    }
    return QX_OK;
}

const qxp_lexent *qxp_lex_get(const qx_model *m, qxp_lexkind kind, const char *s, size_t n) {
    const qxp_lextab *t = &m->lex[kind];
    if (!t->folded) {
        return table_find(t, s, n);
    }
    char buf[256];
    size_t fl = qxp_casefold(s, n, buf, sizeof buf);
    if (fl == (size_t)-1) {
        return NULL;
    }
    return table_find(t, buf, fl);
}

/* ---- merged word table ------------------------------------------------------------------ */

static uint32_t hash_k8(uint64_t k8, const char *key, size_t n);

uint32_t qxp_word_hash(const char *key, size_t n) {
    return hash_k8(qxp_key8(key, n), key, n);
}

uint32_t qxp_word_probe(const qx_model *m, uint64_t key8, const char *fkey, size_t n,
                        uint32_t h) {
    size_t mask = m->n_wslots - 1;
    for (size_t i = h >> m->wshift;; i = (i + 1) & mask) {
        const qxp_wslot *sl = &m->wslots[i];
        if (sl->idx == 0) {
            return 0;
        }
        if (sl->key8 == key8 && sl->len == n &&
            (n <= 8 || qxp_bytes_eq(m->words[sl->idx - 1].fkey + 8, fkey + 8, n - 8))) {
            return sl->idx;
        }
    }
}

const qxp_winfo *qxp_word_find(const qx_model *m, const char *fkey, size_t n) {
    uint32_t w = qxp_word_index(m, qxp_key8(fkey, n), fkey, n, qxp_word_hash(fkey, n));
    return w ? &m->words[w - 1] : NULL;
}

const qxp_winfo *qxp_word_info(const qx_model *m, const char *s, size_t n) {
    if (m->n_wslots == 0) {
        return NULL;
    }
    char buf[QXP_WORD_MAX];
    size_t fl = qxp_casefold(s, n, buf, sizeof buf);
    if (fl == (size_t)-1) {
        return NULL;
    }
    return qxp_word_find(m, buf, fl);
}

/* Closed-class words: grammar, not vocabulary, so they live here rather than in a lexicon
 * file. Each heuristic that tests a class names its example (attrib.c, speaker.c). */
static const struct {
    const char *w;
    uint32_t cls;
} closed_words[] = {
    {"the", QXP_W_DET | QXP_W_OPENER}, {"a", QXP_W_DET | QXP_W_OPENER},
    {"an", QXP_W_DET | QXP_W_OPENER}, {"his", QXP_W_DET | QXP_W_OPENER},
    {"her", QXP_W_DET | QXP_W_OPENER}, {"their", QXP_W_DET | QXP_W_OPENER},
    {"its", QXP_W_DET | QXP_W_OPENER}, {"our", QXP_W_DET | QXP_W_OPENER},
    {"my", QXP_W_DET | QXP_W_OPENER}, {"your", QXP_W_DET}, {"this", QXP_W_DET | QXP_W_OPENER},
    {"another", QXP_W_DET}, {"one", QXP_W_DET}, {"these", QXP_W_OPENER},
    {"those", QXP_W_OPENER}, {"some", QXP_W_OPENER}, {"no", QXP_W_OPENER},
    {"all", QXP_W_OPENER}, {"many", QXP_W_OPENER}, {"most", QXP_W_OPENER},
    {"there", QXP_W_OPENER | QXP_W_FUNC}, {"he", QXP_W_OPENER}, {"she", QXP_W_OPENER},
    {"they", QXP_W_OPENER}, {"we", QXP_W_OPENER}, {"it", QXP_W_OPENER},
    {"i", QXP_W_OPENER}, {"you", QXP_W_OPENER},
    {"and", QXP_W_FUNC}, {"or", QXP_W_FUNC}, {"but", QXP_W_FUNC}, {"of", QXP_W_FUNC},
    {"with", QXP_W_FUNC | QXP_W_MINOR}, {"to", QXP_W_FUNC}, {"in", QXP_W_FUNC},
    {"at", QXP_W_FUNC}, {"for", QXP_W_FUNC}, {"on", QXP_W_FUNC}, {"by", QXP_W_FUNC},
    {"from", QXP_W_FUNC | QXP_W_MINOR}, {"into", QXP_W_MINOR}, {"onto", QXP_W_MINOR},
    {"upon", QXP_W_MINOR}, {"over", QXP_W_MINOR},
    {"who", QXP_W_FUNC}, {"which", QXP_W_FUNC}, {"that", QXP_W_FUNC}, {"as", QXP_W_FUNC},
    /* "the ladies whose departure …" ends at "whose" (fixtures/speaker/verb-after-role) */
    {"whose", QXP_W_FUNC}, {"whom", QXP_W_FUNC},
    {"than", QXP_W_FUNC}, {"if", QXP_W_FUNC}, {"so", QXP_W_FUNC},
    {"not", QXP_W_FUNC | QXP_W_AUX}, {"then", QXP_W_FUNC | QXP_W_AUX},
    {"has", QXP_W_AUX | QXP_W_FINITE}, {"have", QXP_W_AUX | QXP_W_FINITE}, {"had", QXP_W_AUX | QXP_W_FINITE}, {"was", QXP_W_AUX | QXP_W_FINITE},
    {"were", QXP_W_AUX | QXP_W_FINITE}, {"is", QXP_W_AUX | QXP_W_FINITE}, {"are", QXP_W_AUX | QXP_W_FINITE}, {"will", QXP_W_AUX | QXP_W_FINITE},
    {"would", QXP_W_AUX | QXP_W_FINITE}, {"could", QXP_W_AUX | QXP_W_FINITE}, {"can", QXP_W_AUX | QXP_W_FINITE}, {"did", QXP_W_AUX | QXP_W_FINITE},
    {"does", QXP_W_AUX | QXP_W_FINITE}, {"do", QXP_W_AUX | QXP_W_FINITE}, {"may", QXP_W_AUX | QXP_W_FINITE}, {"might", QXP_W_AUX | QXP_W_FINITE},
    {"must", QXP_W_AUX | QXP_W_FINITE}, {"should", QXP_W_AUX | QXP_W_FINITE}, {"also", QXP_W_AUX}, {"later", QXP_W_AUX},
    {"again", QXP_W_AUX}, {"once", QXP_W_AUX}, {"still", QXP_W_AUX},
    {"further", QXP_W_AUX}, {"previously", QXP_W_AUX}, {"earlier", QXP_W_AUX},
    {"recently", QXP_W_AUX}, {"just", QXP_W_AUX}, {"even", QXP_W_AUX},
    {"often", QXP_W_AUX}, {"never", QXP_W_AUX}, {"always", QXP_W_AUX},
    {"only", QXP_W_AUX}, {"simply", QXP_W_AUX}, {"now", QXP_W_AUX}, {"first", QXP_W_AUX},
    {"van", QXP_W_PARTICLE}, {"von", QXP_W_PARTICLE}, {"der", QXP_W_PARTICLE},
    {"den", QXP_W_PARTICLE}, {"de", QXP_W_PARTICLE}, {"da", QXP_W_PARTICLE},
    {"di", QXP_W_PARTICLE}, {"du", QXP_W_PARTICLE}, {"la", QXP_W_PARTICLE},
    {"le", QXP_W_PARTICLE}, {"bin", QXP_W_PARTICLE}, {"ibn", QXP_W_PARTICLE},
    {"al", QXP_W_PARTICLE}, {"dos", QXP_W_PARTICLE}, {"das", QXP_W_PARTICLE},
    {"del", QXP_W_PARTICLE}, {"monday", QXP_W_TIME}, {"tuesday", QXP_W_TIME},
    {"wednesday", QXP_W_TIME}, {"thursday", QXP_W_TIME}, {"friday", QXP_W_TIME},
    {"saturday", QXP_W_TIME}, {"sunday", QXP_W_TIME}, {"january", QXP_W_TIME},
    {"february", QXP_W_TIME}, {"march", QXP_W_TIME}, {"april", QXP_W_TIME},
    {"june", QXP_W_TIME}, {"july", QXP_W_TIME}, {"august", QXP_W_TIME},
    {"september", QXP_W_TIME}, {"october", QXP_W_TIME}, {"november", QXP_W_TIME},
    {"december", QXP_W_TIME}, {"yesterday", QXP_W_TIME}, {"today", QXP_W_TIME}};

/* A word's first 8 bytes and hash, kept from build_words' first table for its second. */
typedef struct word_key {
    uint64_t key8;
    uint32_t h;
} word_key;

/* The hash of key (n bytes) whose first 8 bytes (qxp_key8) are k8: qxp_word_hash. */
static uint32_t hash_k8(uint64_t k8, const char *key, size_t n) {
    uint64_t x = k8;
    for (size_t i = 8; i < n; i += 8) {
        x = qxp_whash_mix(x, qxp_key8(key + i, n - i)); /* zero past n, as padded */
    }
    return qxp_whash_end(x);
}

/* The merged word of folded key (n bytes), added to m->words and the build table b (and its
 * key to wk) when new. The key's first 8 bytes and hash are computed once here, for the
 * probe, the new slot and the final table (they were computed three times: measured on the
 * first 200 BBC lines, 65.96M -> 65.72M instructions). */
static qxp_winfo *word_add(qx_model *m, uint32_t *b, word_key *wk, size_t mask, unsigned shift,
                           const char *key, size_t n) {
    uint64_t k8 = qxp_key8(key, n);
    uint32_t h = hash_k8(k8, key, n);
    for (size_t i = h >> shift;; i = (i + 1) & mask) {
        uint32_t idx = b[i];
        if (idx == 0) {
            wk[m->n_words] = (word_key){k8, h};
            qxp_winfo *w = &m->words[m->n_words++];
            w->fkey = key;
            w->fkeylen = (uint32_t)n;
            b[i] = (uint32_t)m->n_words;
            return w;
        }
        const qxp_winfo *o = &m->words[idx - 1];
        if (wk[idx - 1].key8 == k8 && o->fkeylen == n &&
            (n <= 8 || memcmp(o->fkey, key, n) == 0)) {
            return &m->words[idx - 1];
        }
    }
}

/* log2 of a power of two */
static unsigned log2_of(size_t ns) {
    unsigned b = 0;
    while (((size_t)1 << b) < ns) {
        b++;
    }
    return b;
}

/* Builds the merged table from the case-insensitive kinds' entries (every word of a
 * multi-word entry), the nonnames (under their casefolded form; tokenization confirms the
 * exact case) and the closed classes. */
static qx_status build_words(qx_model *m) {
    size_t total = sizeof closed_words / sizeof closed_words[0];
    for (int k = 0; k < QXP_LEX_COUNT; k++) {
        if (m->lex[k].folded || k == QXP_LEX_NONNAMES) {
            for (size_t i = 0; i < m->lex[k].n; i++) {
                const qxp_lexent *e = &m->lex[k].ents[i];
                total++; /* its first word (a nonname: all of it) */
                for (const char *p = e->fkey, *end = p + e->fkeylen;
                     (p = memchr(p, ' ', (size_t)(end - p))) != NULL; p++) {
                    total++; /* each later word */
                }
            }
        }
    }
    /* the words are counted only as they are added (words repeat across entries and
     * kinds), so they go into a build table sized for the bound `total` first, then into a
     * table sized for their number: at most half full, so that a miss (most words of a text)
     * ends at an empty slot after one or two reads. The built-in lexicons: 4112 words
     * bound, 3115 words, 8192 slots of 16 bytes (the table was 32768 slots of 8 bytes). */
    size_t ns = 16;
    while (ns < total * 2) {
        ns *= 2;
    }
    m->words = qxp_arena_calloc(&m->arena, total, sizeof(qxp_winfo));
    /* the build table holds word indexes + 1 only (the keys are in wk and m->words): 64 KiB
     * of fresh memory for the built-in lexicons where 16-byte slots took 256 KiB, most of
     * whose pages were touched once at random (word_add was the first entry of perf's
     * samples of `quotex --version`: 4.1%); quotex --version 1.86 -> 1.65 ms of cpu time
     * (perf stat, 60 runs, twice) */
    uint32_t *bt = qxp_calloc(ns, sizeof *bt);
    word_key *wk = qxp_malloc(total * sizeof(word_key));
    if (m->words == NULL || bt == NULL || wk == NULL) {
        qxp_free(bt);
        qxp_free(wk);
        return QX_ERR_NOMEM;
    }
    size_t bmask = ns - 1;
    unsigned bshift = 32 - log2_of(ns);
    for (int k = 0; k < QXP_LEX_COUNT; k++) {
        const qxp_lextab *t = &m->lex[k];
        if (k == QXP_LEX_NONNAMES) {
            for (size_t i = 0; i < t->n; i++) {
                const qxp_lexent *e = &t->ents[i];
                char buf[256];
                size_t fl = qxp_casefold(e->key, e->keylen, buf, sizeof buf);
                char *fk = fl == (size_t)-1 ? NULL : qxp_arena_strndup(&m->arena, buf, fl);
                if (fk == NULL) {
                    continue; /* lookups fall back to the exact table */
                }
                qxp_winfo *w = word_add(m, bt, wk, bmask, bshift, fk, fl);
                if (w->ent[k] == NULL) {
                    w->ent[k] = e;
                }
            }
            continue;
        }
        if (!t->folded) {
            continue;
        }
        for (size_t i = 0; i < t->n; i++) {
            const qxp_lexent *e = &t->ents[i];
            const char *sp = memchr(e->fkey, ' ', e->fkeylen);
            size_t n = sp ? (size_t)(sp - e->fkey) : e->fkeylen;
            qxp_winfo *w = word_add(m, bt, wk, bmask, bshift, e->fkey, n);
            if (sp) {
                w->multi |= 1u << k;
                /* the later words, so that a multi-word lookup stops at the first word
                 * that cannot continue any entry */
                const char *p = sp + 1, *end = e->fkey + e->fkeylen;
                while (p < end) {
                    const char *q = memchr(p, ' ', (size_t)(end - p));
                    size_t l = q ? (size_t)(q - p) : (size_t)(end - p);
                    word_add(m, bt, wk, bmask, bshift, p, l)->inner |= 1u << k;
                    p += l + 1;
                }
            } else if (w->ent[k] == NULL) {
                w->ent[k] = e;
            }
        }
    }
    for (size_t i = 0; i < sizeof closed_words / sizeof closed_words[0]; i++) {
        size_t n = strlen(closed_words[i].w);
        word_add(m, bt, wk, bmask, bshift, closed_words[i].w, n)->cls |= closed_words[i].cls;
    }
    qxp_free(bt);
    ns = 16;
    while (ns < m->n_words * 2) {
        ns *= 2;
    }
    m->wslots = qxp_arena_calloc(&m->arena, ns, sizeof(qxp_wslot));
    if (m->wslots == NULL) {
        qxp_free(wk);
        return QX_ERR_NOMEM;
    }
    m->n_wslots = ns;
    m->wshift = 32 - log2_of(ns);
    for (size_t r = 0; r < 2 * m->n_words; r++) {
        /* the words are distinct: each goes into the first empty slot of its probe. The
         * closed-class words go in first, so that the most frequent words of any text
         * ("the", "of", "and", "he") have their own slot, which qxp_word_index tests
         * inline: in the table's order they came last and were often pushed along by a
         * rarer word. Measured on the first 200 BBC lines: probes past the first slot
         * 11.4K -> 5.6K, 0.23M fewer instructions. The slots only: indexes are unchanged. */
        size_t i = r % m->n_words;
        const qxp_winfo *w = &m->words[i];
        if ((r < m->n_words) != (w->cls != 0)) {
            continue;
        }
        uint32_t h = wk[i].h;
        size_t s = h >> m->wshift;
        while (m->wslots[s].idx != 0) {
            s = (s + 1) & (ns - 1);
        }
        m->wfilter[h % QXP_WFILTER_BITS / 64] |= 1ull << (h % 64);
        qxp_wslot *sl = &m->wslots[s];
        sl->key8 = wk[i].key8;
        sl->len = w->fkeylen;
        sl->idx = (uint32_t)(i + 1);
    }
    qxp_free(wk);
    m->wfacts = qxp_arena_alloc(&m->arena, (m->n_words + 1) * sizeof *m->wfacts);
    if (m->wfacts == NULL) {
        return QX_ERR_NOMEM;
    }
    m->wfacts[0] = 0; /* index 0: a word in no lexicon */
    for (size_t i = 0; i < m->n_words; i++) {
        const qxp_winfo *w = &m->words[i];
        unsigned v = 0;
        v |= w->ent[QXP_LEX_TITLES] ? QXP_WF_TITLE1 | QXP_WF_TITLE : 0u;
        v |= w->multi & (1u << QXP_LEX_TITLES) ? QXP_WF_TITLE : 0u;
        v |= w->ent[QXP_LEX_GROUPS] ? QXP_WF_GROUP : 0u;
        v |= w->ent[QXP_LEX_VERBS] || w->ent[QXP_LEX_PHRASES] ||
                     (w->multi & (1u << QXP_LEX_PHRASES))
                 ? QXP_WF_CUE
                 : 0u;
        v |= w->cls & QXP_W_DET ? QXP_WF_DET : 0u;
        v |= w->ent[QXP_LEX_NONNAMES] ? QXP_WF_NONNAME : 0u;
        v |= w->ent[QXP_LEX_VERBS] ? QXP_WF_VERB : 0u;
        v |= w->ent[QXP_LEX_PRONOUNS] ? QXP_WF_PRONOUN : 0u;
        v |= w->ent[QXP_LEX_HONORIFICS] ? QXP_WF_HONORIFIC : 0u;
        v |= w->ent[QXP_LEX_GIVEN_NAMES] ? QXP_WF_GIVEN : 0u;
        v |= w->cls & QXP_W_TIME ? QXP_WF_TIME : 0u;
        v |= w->ent[QXP_LEX_PHRASES] || (w->multi & (1u << QXP_LEX_PHRASES)) ? QXP_WF_PHRASE
                                                                             : 0u;
        v |= w->cls & QXP_W_FUNC ? QXP_WF_FUNC : 0u;
        const qxp_lexent *given = w->ent[QXP_LEX_GIVEN_NAMES];
        v |= given && (given->flags & QXP_LF_M) ? QXP_WF_GIVEN_M : 0u;
        v |= given && (given->flags & QXP_LF_F) ? QXP_WF_GIVEN_F : 0u;
        m->wfacts[i + 1] = (uint16_t)v;
    }
    return QX_OK;
}

/* ---- model construction ---------------------------------------------------------------- */

static qx_status read_file(const char *path, qxp_arena *a, char **out, size_t *len, bool *missing,
                           qx_error *err) {
    *missing = false;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        if (errno == ENOENT) {
            *missing = true;
            return QX_OK;
        }
        return qxp_error_set(err, QX_ERR_IO, path, 0, 0, 0, "cannot open: %s", strerror(errno));
    }
    qxp_buf b = {NULL, 0, 0, false};
    char chunk[8192];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) {
        qxp_buf_append(&b, chunk, r);
    }
    bool ioerr = ferror(f) != 0;
    fclose(f);
    if (ioerr || b.failed) {
        qxp_buf_free(&b);
        return ioerr ? qxp_error_set(err, QX_ERR_IO, path, 0, 0, 0, "read error")
                     : QX_ERR_NOMEM;
    }
    *out = qxp_arena_strndup(a, b.data ? b.data : "", b.len);
    *len = b.len;
    qxp_buf_free(&b);
    return *out ? QX_OK : QX_ERR_NOMEM;
}

/* The lexicon bytes into the fingerprint's 64-bit state, eight bytes a step (a multiply and
 * a shift mix each word in; the last 1 to 7 bytes are a word zero-padded, then the length
 * goes in, so that "a" and "a\0" differ). FNV-1a took a multiplication per byte, one after
 * the other: 3.7% of perf's samples over 300 runs of quotex on an empty input, for the 67 KB
 * of built-in lexicons (callgrind: 4.29M -> 4.11M instructions). The digest of the same
 * lexicons differs from the FNV-1a one of earlier versions. */
#define FP_MUL 0x9E3779B97F4A7C15ull
static void fingerprint_add(uint64_t *h, const char *s, size_t n) {
    uint64_t x = *h;
    size_t i = 0;
    for (; n - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w); /* the little-endian reading: one digest everywhere */
#endif
        x = (x ^ w) * FP_MUL;
        x ^= x >> 29;
    }
    if (i < n) {
        uint64_t w = 0;
        for (size_t k = 0; i + k < n; k++) {
            w |= (uint64_t)(unsigned char)s[i + k] << (8 * k);
        }
        x = (x ^ w) * FP_MUL;
        x ^= x >> 29;
    }
    x = (x ^ n) * FP_MUL;
    *h = x ^ (x >> 32);
}
#undef FP_MUL

/* Builds a model from the lexicons in dir (NULL: built-in only). */
static qx_status model_build(const char *dir, qx_model **out, qx_error *err) {
    if (out == NULL) {
        return qxp_error_set(err, QX_ERR_INVALID_ARG, "", 0, 0, 0, "out is NULL");
    }
    *out = NULL;
    qx_model *m = qxp_calloc(1, sizeof *m);
    if (m == NULL) {
        return qxp_error_set(err, QX_ERR_NOMEM, "", 0, 0, 0, "out of memory");
    }
    qxp_arena_init(&m->arena);
    m->limits[QX_LIMIT_INPUT_BYTES] = QXP_DEFAULT_INPUT_BYTES;
    m->limits[QX_LIMIT_QUOTE_BYTES] = QXP_DEFAULT_QUOTE_BYTES;
    m->limits[QX_LIMIT_MATCH] = QXP_DEFAULT_MATCH;
    m->limits[QX_LIMIT_NESTING] = QXP_DEFAULT_NESTING;
    uint64_t h = 1469598103934665603ull;
    qx_status st = QX_OK;
    if (dir) {
        FILE *probe = NULL;
        char path[4096];
        snprintf(path, sizeof path, "%s/.", dir);
        probe = fopen(path, "r");
        if (probe == NULL) {
            st = qxp_error_set(err, QX_ERR_IO, dir, 0, 0, 0, "cannot open lexicon directory: %s",
                               strerror(errno));
            goto fail;
        }
        fclose(probe);
    }
    for (int k = 0; k < QXP_LEX_COUNT; k++) {
        char fname[64];
        snprintf(fname, sizeof fname, "%s.txt", qxp_lexkind_names[k]);
        const char *text = NULL;
        size_t len = 0;
        char shown[4200];
        snprintf(shown, sizeof shown, "%s", fname);
        bool missing = true;
        if (dir) {
            char path[4096];
            int pn = snprintf(path, sizeof path, "%s/%s", dir, fname);
            if (pn < 0 || (size_t)pn >= sizeof path) {
                st = qxp_error_set(err, QX_ERR_IO, dir, 0, 0, 0, "path too long");
                goto fail;
            }
            char *buf = NULL;
            st = read_file(path, &m->arena, &buf, &len, &missing, err);
            if (st != QX_OK) {
                goto fail;
            }
            if (!missing) {
                text = buf;
                snprintf(shown, sizeof shown, "%s", path);
            }
        }
        if (missing) {
            for (size_t i = 0; i < sizeof qxp_lexfiles / sizeof qxp_lexfiles[0]; i++) {
                if (strcmp(qxp_lexfiles[i].name, fname) == 0) {
                    text = (const char *)qxp_lexfiles[i].bytes;
                    len = qxp_lexfiles[i].len;
                }
            }
        }
        if (text == NULL) {
            /* no such file anywhere: an empty table */
            m->lex[k].folded = kind_is_folded((qxp_lexkind)k);
            continue;
        }
        fingerprint_add(&h, fname, strlen(fname));
        fingerprint_add(&h, text, len);
        st = qxp_lextab_parse(&m->lex[k], (qxp_lexkind)k, text, len, shown, &m->arena, err);
        if (st != QX_OK) {
            goto fail;
        }
    }
    if ((st = build_words(m)) != QX_OK || (st = qxp_markup_compile(m, err)) != QX_OK) {
        goto fail;
    }
    if ((m->marks = qxp_marktab_new(&m->lex[QXP_LEX_QUOTE_MARKS], &m->arena)) == NULL) {
        st = QX_ERR_NOMEM;
        goto fail;
    }
    snprintf(m->fingerprint, sizeof m->fingerprint, "%016llx", (unsigned long long)h);
    *out = m;
    return QX_OK;
fail:
    pcre2_code_free(m->re_markup);
    qxp_arena_free(&m->arena);
    qxp_free(m);
    if (st == QX_ERR_NOMEM) {
        qxp_error_set(err, QX_ERR_NOMEM, "", 0, 0, 0, "out of memory");
    }
    return st;
}

qx_status qx_model_new(qx_model **out, qx_error *err) {
    if (err) {
        memset(err, 0, sizeof *err);
    }
    return model_build(NULL, out, err);
}

qx_status qx_model_load(const char *lexicon_dir, qx_model **out, qx_error *err) {
    if (err) {
        memset(err, 0, sizeof *err);
    }
    if (lexicon_dir == NULL) {
        if (out) {
            *out = NULL;
        }
        return qxp_error_set(err, QX_ERR_INVALID_ARG, "", 0, 0, 0, "lexicon_dir is NULL");
    }
    return model_build(lexicon_dir, out, err);
}

static size_t limit_default(qx_limit which) {
    switch (which) {
        case QX_LIMIT_INPUT_BYTES:
            return QXP_DEFAULT_INPUT_BYTES;
        case QX_LIMIT_QUOTE_BYTES:
            return QXP_DEFAULT_QUOTE_BYTES;
        case QX_LIMIT_MATCH:
            return QXP_DEFAULT_MATCH;
        case QX_LIMIT_NESTING:
            return QXP_DEFAULT_NESTING;
    }
    return 0;
}

size_t qx_model_set_limit(qx_model *model, qx_limit which, size_t value) {
    if (model == NULL || (unsigned)which > QX_LIMIT_NESTING) {
        return 0;
    }
    size_t old = model->limits[which];
    model->limits[which] = value ? value : limit_default(which);
    return old;
}

size_t qx_model_get_limit(const qx_model *model, qx_limit which) {
    if (model == NULL || (unsigned)which > QX_LIMIT_NESTING) {
        return 0;
    }
    return model->limits[which];
}

const char *qx_model_fingerprint(const qx_model *model) {
    return model ? model->fingerprint : "";
}

void qx_model_free(qx_model *model) {
    if (model == NULL) {
        return;
    }
    pcre2_code_free(model->re_markup);
    qxp_arena_free(&model->arena);
    qxp_free(model);
}
