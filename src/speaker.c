/*
 * speaker.c - noun phrases next to cues, and mention -> canonical speaker.
 *
 * Input: the document's tokens (quoted text marked) and the model's lexicons (titles,
 * honorifics, pronouns, given names, groups, nonnames). Output: entities (one per person or
 * group, named by the fullest name found), each with its mentions and titles.
 *
 * Resolution rules, each with an example and its fixture:
 *  - a name joins the entity whose full name ends (or starts) with it:
 *    "Dmitry Peskov ... Peskov said" -> Dmitry Peskov            (fixtures/speaker/surname)
 *  - a title without a name joins the entity introduced with that title anywhere in the
 *    document: "Kremlin spokesman tells RT ... Kremlin spokesman Dmitry Peskov"
 *                                                                (fixtures/speaker/title)
 *  - a pronoun joins the most recent compatible (gender, person/group) entity mentioned
 *    before it, skipping addressees: "Peskov told Anton Krasovsky ... he added" -> Peskov
 *                                                                (fixtures/speaker/pronoun)
 * Complexity: linear in tokens, times the (small) number of entities per lookup.
 */
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "text.h"

static const char *tok_ptr(const qxp_actx *c, size_t i) {
    return c->text + c->tk.t[i].start;
}

static size_t tok_len(const qxp_actx *c, size_t i) {
    return c->tk.t[i].end - c->tk.t[i].start;
}

/* Word length without a possessive 's / ’s. */
static size_t base_len(const qxp_actx *c, size_t i) {
    size_t n = tok_len(c, i);
    if (c->tk.t[i].flags & QXP_T_POSS) {
        size_t b = qxp_poss_base(tok_ptr(c, i), n);
#ifdef QXP_CHECKS
        size_t ps; /* make check and the fuzz targets hold it to the decoder's answer */
        (void)qxp_utf8_decode_back(tok_ptr(c, i), n - 1, &ps);
        if (ps != b) {
            abort();
        }
#endif
        return b;
    }
    return n;
}

const qxp_lexent *qxp_tok_lex_exact(const qxp_actx *c, size_t i, qxp_lexkind k) {
    return qxp_lex_get(c->m, k, tok_ptr(c, i), base_len(c, i));
}

/* True when a multi-word entry of kind k may start at word token i. */
static bool multi_start(const qxp_actx *c, size_t i, qxp_lexkind k) {
    const qxp_winfo *w = qxp_tok_wi(&c->tk, i);
    return w && (w->multi & (1u << k));
}

static bool usable(const qxp_actx *c, size_t i) {
    return i < c->tk.n && !(c->tk.t[i].flags & (QXP_T_INQ | QXP_T_QMARK));
}

/* qxp_multi_at once its first tests passed (attrib.h). */
size_t qxp_multi_at_slow(const qxp_actx *c, size_t i, qxp_lexkind k, bool poss, uint32_t skip,
                         const qxp_lexent **out) {
    const qxp_lextab *t = &c->m->lex[k];
    char buf[256];
    size_t len = 0, best = 0;
    for (size_t w = 0; w < t->maxwords && i + w < c->tk.n; w++) {
        size_t j = i + w;
        if (!usable(c, j) || !(c->tk.t[j].flags & QXP_T_WORD) ||
            (w > 0 && !qxp_tok_inner(&c->tk, j, k))) {
            break;
        }
        size_t tl = poss ? base_len(c, j) : tok_len(c, j);
        if (len + tl + 2 >= sizeof buf) {
            break;
        }
        if (w) {
            buf[len++] = ' ';
        }
        memcpy(buf + len, tok_ptr(c, j), tl);
        len += tl;
        const qxp_lexent *e = w > 0 ? qxp_lex_get(c->m, k, buf, len) : NULL;
        if (e && !(e->flags & skip)) {
            best = w + 1;
            *out = e;
        }
        if (poss && (c->tk.t[j].flags & QXP_T_POSS)) {
            break;
        }
    }
    return best;
}

static bool is_punct(const qxp_actx *c, size_t i, char ch) {
    return qxp_tok_is(&c->tk, c->text, i, ch);
}

static uint32_t word_class(const qxp_actx *c, size_t i) {
    return qxp_tok_cls(&c->tk, i); /* only words carry lexicon information */
}

/* Words that never belong inside a short noun phrase after its determiner. */
static bool is_function_word(const qxp_actx *c, size_t i) {
    return (word_class(c, i) & QXP_W_FUNC) != 0;
}

/* Lowercase particles inside names: "Jeroen van der Veer", "Osama bin Laden" (inline: see
 * modifiers_before_title). */
static inline bool is_particle(const qxp_actx *c, size_t i) {
    return i < c->tk.n && !(c->tk.t[i].flags & QXP_T_CAP) && (word_class(c, i) & QXP_W_PARTICLE);
}

/* A participle opening its sentence before a preposition or determiner: "Reacting to a
 * disputed comment by …, the American said", "Speaking at the launch, …" -- no name
 * ("Manning said" still is one; fixtures/speaker/conj-subject). */
static bool ing_opener(const qxp_actx *c, size_t i) {
    if (!(c->tk.t[i].flags & QXP_T_SENT) || i + 1 >= c->tk.n || !qxp_tok_ends(c, i, 6, "ing")) {
        return false;
    }
    uint32_t nf = c->tk.t[i + 1].flags;
    /* a function word, determiner or longer preposition next: "Speaking to reporters",
     * "Laying into the Conservatives' record, he said" (fixtures/attrib/ing-colon) */
    return (nf & QXP_T_WORD) && !(nf & (QXP_T_CAP | QXP_T_INQ | QXP_T_QMARK)) &&
           ((c->m->wfacts[c->tk.t[i + 1].wi] & (QXP_WF_FUNC | QXP_WF_DET)) ||
            (qxp_tok_cls(&c->tk, i + 1) & QXP_W_MINOR)) &&
           !(c->m->wfacts[c->tk.t[i].wi] & QXP_WF_GIVEN);
}

/* The token at j is a period that ends its sentence (qxp_stop_ends_sentence). An honorific
 * or title takes a period that does not ("Mr. Smith", "Sen. Warren"), not one that does:
 * 'said Mr King. This …', 'said Mr Lord. Shares …' are Mr King and Mr Lord
 * (fixtures/speaker/title-period). */
static bool period_ends_sentence(const qxp_actx *c, size_t j) {
    return is_punct(c, j, '.') && qxp_stop_ends_sentence(c, j);
}

#ifdef QXP_CHECKS
/* Honorific at i ("Mr", "Mrs", "Dr"), possibly followed by a period token: the number of
 * tokens (1 or 2), 0 if none (the plain definition of tok_info's TI_HON). */
static size_t honorific_len(const qxp_actx *c, size_t i) {
    if (!usable(c, i) || !(c->tk.t[i].flags & QXP_T_CAP) ||
        qxp_tok_lex(c, i, QXP_LEX_HONORIFICS) == NULL) {
        return 0;
    }
    return is_punct(c, i + 1, '.') && !period_ends_sentence(c, i + 1) ? 2 : 1;
}

static bool is_name_word_uncached(const qxp_actx *c, size_t i);
static bool is_modifier_uncached(const qxp_actx *c, size_t i);
#endif

/* Facts about one token that the phrase parsers ask again and again, cached per token in
 * c->tok_info: the phrase scan of qxp_entities_collect tests a word (phrase_piece,
 * modifiers_before_title), then qxp_np_after parses from it and classify walks its words
 * back, each asking whether "Peskov" is a name word, "Mr" an honorific, "Kremlin" a
 * modifier. Each fact depends on token i (and i + 1) alone, so it is computed once, at the
 * first question (tok_info_fill), and later questions read one byte inline. Measured on the
 * first 200 BBC lines: 74.12M -> 73.00M instructions (19K tokens filled, 60K questions),
 * and 71.61M -> 71.27M with the one-pass fill. */
enum {
    TI_KNOWN = 0x80, /* the byte is filled in */
    TI_HON = 0x03,   /* honorific_len */
    TI_NAME = 0x04,  /* is_name_word */
    TI_MOD = 0x08    /* is_modifier */
};

/* The three facts of token i < n in one pass over its flags and lexicon entries, which the
 * three definitions (honorific_len, is_name_word_uncached, is_modifier_uncached) each read
 * again; QXP_CHECKS holds the byte to them. A word that is not capitalized is never an
 * honorific or a name word, and a modifier only as a group word ("company spokesman"). */
/* A capitalized compound adjective of place or origin, no name word: "Houston-based",
 * "UK-published" (a lower-case part of four letters or more after the last hyphen, ending
 * in -ed; not "Ki-moon", "Jae-in"; fixtures/speaker/org-adjective). */
static bool compound_adjective(const char *w, size_t n) {
    if (n < 7 || w[n - 1] != 'd' || w[n - 2] != 'e') {
        return false; /* (the ending first: most names do not end in -ed) */
    }
    size_t h = n;
    while (h > 0 && w[h - 1] != '-') {
        h--;
    }
    return h > 1 && n - h >= 4 && w[h] >= 'a' && w[h] <= 'z';
}

static unsigned tok_info_fill(const qxp_actx *c, size_t i) {
    uint32_t f = c->tk.t[i].flags;
    unsigned v = TI_KNOWN;
    /* the word's facts from the model's dense array (lexicon.h QXP_WF_*: the single-word
     * entries of these kinds, all case-folded), where the word's 128-byte information was
     * read, most often a miss of the L1 cache: perf on 8 copies of the BBC corpus,
     * tok_info_fill 4.8%/4.7% of the samples -> 1.7%/1.7% (two runs each) */
    unsigned wf = c->m->wfacts[c->tk.t[i].wi];
    if ((f & (QXP_T_INQ | QXP_T_QMARK)) || !(f & QXP_T_WORD)) {
        /* none */
    } else if (!(f & QXP_T_CAP)) {
        if (!(f & (QXP_T_NUM | QXP_T_POSS)) && (wf & QXP_WF_GROUP)) {
            v |= TI_MOD;
        }
    } else {
        bool pron_verb = (wf & (QXP_WF_PRONOUN | QXP_WF_VERB)) != 0;
        if (wf & QXP_WF_HONORIFIC) {
            v |= is_punct(c, i + 1, '.') && !period_ends_sentence(c, i + 1) ? 2u : 1u;
        }
        if (!(f & (QXP_T_NUM | QXP_T_NONNAME)) && !pron_verb) {
            size_t n = tok_len(c, i);
            const char *s = tok_ptr(c, i);
            if (!((f & QXP_T_SENT) && n > 4 && s[n - 2] == 'l' && s[n - 1] == 'y' &&
                  !(wf & QXP_WF_GIVEN)) &&
                !((f & QXP_T_SENT) && ing_opener(c, i)) && !compound_adjective(s, n)) {
                v |= TI_NAME;
            }
        }
        /* a capitalized function word opening a sentence modifies nothing: "With Rick
         * Dean …" is no title phrase "With Rick Dean" (fixtures/speaker/conj-subject) */
        if (!(f & (QXP_T_NUM | QXP_T_POSS)) && !pron_verb &&
            !(wf & (QXP_WF_DET | QXP_WF_TIME | QXP_WF_FUNC))) {
            v |= TI_MOD;
        }
    }
#ifdef QXP_CHECKS
    if (v != (TI_KNOWN | (unsigned)honorific_len(c, i) |
              (is_name_word_uncached(c, i) ? TI_NAME : 0) |
              (is_modifier_uncached(c, i) ? TI_MOD : 0))) {
        abort();
    }
#endif
    v |= c->tok_info[i] & (QXP_TF_CAND | QXP_TF_CUE | QXP_TF_DETSTART); /* qxp_tok_facts' */
    c->tok_info[i] = (uint8_t)v;
    return v;
}

static inline unsigned tok_info(const qxp_actx *c, size_t i) {
    if (i >= c->tk.n) {
        return TI_KNOWN;
    }
    unsigned v = c->tok_info[i];
    return (v & TI_KNOWN) ? v : tok_info_fill(c, i);
}

/* qxp_tok_facts' answer for a token outside quotes, indexed by its word's facts QXP_WF_TITLE,
 * _GROUP, _CUE and _DET (bits 1 to 4, as in the model's wfacts), its capital (bit 5), its
 * opening its sentence (bit 6) and the next token's being a one-word title (bit 7). */
#define TF_DS(x) (((x) & 0x10) && ((x) & 0xC0))
#define TF_ENT(x)                                                                                \
    (uint8_t)((((x) & 0x26) || TF_DS(x) ? QXP_TF_CAND : 0) | ((x) & 0x08 ? QXP_TF_CUE : 0) |   \
              (TF_DS(x) ? QXP_TF_DETSTART : 0))
static const uint8_t tf_tab[256] = QXP_TABLE256(TF_ENT);
#undef TF_ENT
#undef TF_DS
_Static_assert(QXP_WF_TITLE1 == 1u && QXP_WF_TITLE == 2u && QXP_WF_GROUP == 4u &&
                   QXP_WF_CUE == 8u && QXP_WF_DET == 16u && QXP_T_CAP << 4 == 0x20 &&
                   QXP_T_SENT >> 2 == 0x40,
               "tf_tab's index bits");

/* The word facts every token is asked in the document's scans, in one pass over the tokens
 * (attrib.h QXP_TF_*): the scans read one byte a token, where each read the token's word
 * information (qxp_winfo, 128 bytes a word, two cache lines: cls and multi in the second)
 * and tested it branch by branch, whose outcomes (a word in some lexicon or not, quoted or
 * not, capitalized or not) change from token to token. Here one load of tf_tab answers
 * them, and the loads of consecutive tokens overlap. Measured on the first 200 BBC lines,
 * with the tests done arithmetic (before the table): 50.35M ->
 * 53.00M instructions but 955K -> 873K mispredicted branches (simulated), and 0.722 ->
 * 0.698 s whole-process time on 8 copies of the BBC corpus (fastest of 20 interleaved). */
void qxp_tok_facts(qxp_actx *c) {
    const qxp_tok *t = c->tk.t;
    /* the words' facts from the model's dense byte array (index 0: no word), where each
     * token read its word's 128-byte qxp_winfo, most often a miss of the L1 cache: perf
     * on 8 copies of the BBC corpus, qxp_tok_facts 6.4% and 6.2% of the samples -> 1.9%
     * and 1.8% (two runs each) */
    const uint16_t *wf = c->m->wfacts;
    uint8_t *ti = c->tok_info;
    /* token i + 1's word is a one-word title; 2: not known (a quoted token's word
     * facts are read only when a determiner before it asks, "the 'doctor'") */
    unsigned title_next = 0;
    for (size_t i = c->tk.n; i-- > 0;) {
        uint32_t f = t[i].flags;
        if (f & (QXP_T_INQ | QXP_T_QMARK)) {
            /* no fact: quoted text comes in runs of tokens, so that this branch is
             * predicted, and the words inside quotes are not read (measured on the first
             * 200 BBC lines: 52.54M -> 51.92M instructions, 284K -> 280K D1 misses
             * (simulated); 0.0885 -> 0.0872 s whole-process time on the BBC corpus,
             * fastest of 60 interleaved runs) */
            ti[i] = 0;
            title_next = 2;
            continue;
        }
        unsigned w = wf[t[i].wi];
        if (title_next == 2) {
            title_next = wf[t[i + 1].wi] & QXP_WF_TITLE1; /* i + 1 < n: a quoted token */
        }
        /* one table load for the three facts, where the tests took 38 instructions a
         * token: measured on the first 200 BBC lines, qxp_tok_facts 2.56M -> 1.83M
         * instructions. A token that is no word has no word facts (wi 0) nor a capital. */
        ti[i] = tf_tab[(w & 0x1Eu) | ((f & QXP_T_CAP) << 4) | ((f & QXP_T_SENT) >> 2) |
                       title_next << 7];
        title_next = w & QXP_WF_TITLE1;
    }
#ifdef QXP_CHECKS
    /* make check: the table against the definitions, token by token (a quoted token has no
     * fact; a determiner opens a phrase before a one-word title, quoted or not, or at its
     * sentence's start) */
    for (size_t i = 0; i < c->tk.n; i++) {
        uint32_t f = t[i].flags;
        unsigned w = wf[t[i].wi];
        unsigned want = 0;
        if (!(f & (QXP_T_INQ | QXP_T_QMARK)) && (f & QXP_T_WORD)) {
            bool title1_next = i + 1 < c->tk.n && (wf[t[i + 1].wi] & QXP_WF_TITLE1);
            bool detstart = (w & QXP_WF_DET) && (title1_next || (f & QXP_T_SENT));
            bool cand = (f & QXP_T_CAP) || (w & (QXP_WF_TITLE | QXP_WF_GROUP)) || detstart;
            want = (cand ? QXP_TF_CAND : 0u) | (w & QXP_WF_CUE ? QXP_TF_CUE : 0u) |
                   (detstart ? QXP_TF_DETSTART : 0u);
        }
        if (ti[i] != want) {
            abort();
        }
    }
#endif
}

/* Honorific at i ("Mr", "Mrs", "Dr"), possibly followed by a period token. Returns the
 * number of tokens (1 or 2), 0 if none; *gender gets the honorific's gender. */
static inline size_t honorific_at(const qxp_actx *c, size_t i, uint32_t *gender) {
    size_t h = tok_info(c, i) & TI_HON;
    if (h && gender) {
        const qxp_lexent *e = qxp_tok_lex(c, i, QXP_LEX_HONORIFICS);
        *gender = e ? e->flags & (QXP_LF_M | QXP_LF_F) : 0; /* e is never NULL here */
    }
    return h;
}

/* Longest title starting at token i (multi-word: "Prime Minister", "chief executive"),
 * returns the number of tokens (0 if none); *flags gets its lexicon flags. */
static size_t title_at_uncached(const qxp_actx *c, size_t i, uint32_t *flags);

/* Longest title starting at token i, cached per token (flags are recomputed on demand, and
 * only for a title: with none, title_at_uncached leaves *flags as it was). */
static size_t title_at_fill(const qxp_actx *c, size_t i, uint32_t *flags) {
    size_t n = title_at_uncached(c, i, flags);
    c->title_len[i] = (uint8_t)(n < 0xFF ? n : 0xFE);
    return n;
}

/* The cache is read inline, and answers a question with flags too when no title starts at i
 * (title_at_uncached then leaves *flags as it was): classify asks title_at(c, k, &tf) of
 * every word before a name. Measured on the first 200 BBC lines: 73.00M -> 72.21M
 * instructions. (title_len is allocated whenever there are tokens.) */
static inline size_t title_at(const qxp_actx *c, size_t i, uint32_t *flags) {
    if (i >= c->tk.n) {
        return 0;
    }
    size_t n = c->title_len[i];
    if (n != 0xFF && (flags == NULL || n == 0)) {
        return n;
    }
    /* a word that no title starts with (unless capitalized before a period: "Sen."), or a
     * quoted token, starts none: known without the call (title_at_uncached's first tests).
     * Measured on the first 200 BBC lines: 68.47M -> 68.01M instructions. */
    const qxp_tok *t = &c->tk.t[i];
    if ((t->flags & (QXP_T_INQ | QXP_T_QMARK)) ||
        (!(c->m->wfacts[t->wi] & QXP_WF_TITLE) &&
         !((t->flags & QXP_T_CAP) && is_punct(c, i + 1, '.')))) {
        c->title_len[i] = 0;
        return 0;
    }
    return title_at_fill(c, i, flags);
}

static size_t title_at_uncached(const qxp_actx *c, size_t i, uint32_t *flags) {
    if (!usable(c, i)) {
        return 0;
    }
    if ((c->tk.t[i].flags & QXP_T_CAP) && is_punct(c, i + 1, '.') && tok_len(c, i) <= 5) {
        /* abbreviated titles are listed with their period: "Sen.", "Gov.", "Lt."
         * (fixtures/attrib/news-patterns5) */
        char buf[8];
        memcpy(buf, tok_ptr(c, i), tok_len(c, i));
        buf[tok_len(c, i)] = '.';
        const qxp_lexent *ab = qxp_lex_get(c->m, QXP_LEX_TITLES, buf, tok_len(c, i) + 1);
        if (ab) {
            if (flags) {
                *flags = ab->flags;
            }
            return 2;
        }
    }
    uint32_t w = c->tk.t[i].wi;
    if (!(c->m->wfacts[w] & QXP_WF_TITLE)) {
        return 0; /* no title entry starts with this word (w 0: no word) */
    }
    const qxp_winfo *wi = &c->tk.words[w - 1];
    size_t best = 0;
    const qxp_lexent *one = wi->ent[QXP_LEX_TITLES]; /* titles are case-folded */
    if (one) {
        best = 1;
        if (flags) {
            *flags = one->flags;
        }
    }
    const qxp_lexent *e = NULL;
    size_t mw = (c->tk.t[i].flags & QXP_T_POSS)
                    ? 0
                    : qxp_multi_at(c, i, QXP_LEX_TITLES, true, 0, &e);
    if (mw) {
        best = mw;
        if (flags) {
            *flags = e->flags;
        }
    }
    /* a period after an abbreviated title: "Sen.", "Gov." (period_ends_sentence) */
    if (best && is_punct(c, i + best, '.') && tok_len(c, i + best - 1) <= 4 &&
        (c->tk.t[i + best - 1].flags & QXP_T_CAP) && !period_ends_sentence(c, i + best)) {
        best++;
    }
    return best;
}

/* Name word: capitalized, not a nonname, not a title or honorific. Initials count ("J."). */
static inline bool is_name_word(const qxp_actx *c, size_t i) {
    return (tok_info(c, i) & TI_NAME) != 0;
}

#ifdef QXP_CHECKS
/* The plain definition of tok_info's TI_NAME. */
static bool is_name_word_uncached(const qxp_actx *c, size_t i) {
    if (!usable(c, i)) {
        return false;
    }
    uint32_t f = c->tk.t[i].flags;
    if (!(f & QXP_T_WORD) || !(f & QXP_T_CAP) || (f & QXP_T_NUM)) {
        return false;
    }
    if ((f & QXP_T_NONNAME) || qxp_tok_lex(c, i, QXP_LEX_PRONOUNS)) {
        return false;
    }
    if (qxp_tok_lex(c, i, QXP_LEX_VERBS)) {
        return false; /* "Said" at a sentence start is not a name */
    }
    /* "Presently, …", "Suddenly he …": an adverb opening its sentence, unless it is a
     * known given name ("Emily", "Sally") -> fixtures/speaker/pronoun-gender */
    size_t n = tok_len(c, i);
    if ((f & QXP_T_SENT) && n > 4 && tok_ptr(c, i)[n - 2] == 'l' && tok_ptr(c, i)[n - 1] == 'y' &&
        !qxp_tok_lex(c, i, QXP_LEX_GIVEN_NAMES)) {
        return false;
    }
    if (compound_adjective(tok_ptr(c, i), n)) {
        return false;
    }
    return !ing_opener(c, i);
}
#endif

/* A capitalized word that may modify a title although it is no name: "Kremlin spokesman",
 * "RT correspondent", "Russian President" -> fixtures/speaker/title */
static inline bool is_modifier(const qxp_actx *c, size_t i) {
    return (tok_info(c, i) & TI_MOD) != 0;
}

#ifdef QXP_CHECKS
/* The plain definition of tok_info's TI_MOD. */
static bool is_modifier_uncached(const qxp_actx *c, size_t i) {
    if (!usable(c, i)) {
        return false;
    }
    uint32_t f = c->tk.t[i].flags;
    if (!(f & QXP_T_WORD) || (f & (QXP_T_NUM | QXP_T_POSS))) {
        return false;
    }
    /* a group word modifies a title too: "company spokesman Tom Reed" (fixtures/attrib/
     * according) */
    if (!(f & QXP_T_CAP)) {
        return qxp_tok_lex(c, i, QXP_LEX_GROUPS) != NULL;
    }
    return !qxp_is_det(c, i) && !qxp_tok_lex(c, i, QXP_LEX_PRONOUNS) &&
           !qxp_tok_lex(c, i, QXP_LEX_VERBS) && !(word_class(c, i) & (QXP_W_TIME | QXP_W_FUNC));
}
#endif

/* A plain lower-case noun before a lower-case group word: "trades" in "said Swedish trades
 * union official Ulf Carlsson" (fixtures/speaker/modifier-noun). */
static bool noun_before_modifier_slow(const qxp_actx *c, size_t k) {
    if (!usable(c, k) || !usable(c, k + 1)) {
        return false;
    }
    uint32_t f = c->tk.t[k].flags, g = c->tk.t[k + 1].flags;
    return !(g & (QXP_T_CAP | QXP_T_POSS)) && (f & QXP_T_WORD) &&
           !(f & (QXP_T_CAP | QXP_T_NUM | QXP_T_POSS)) && qxp_tok_lex(c, k + 1, QXP_LEX_GROUPS) &&
           !is_function_word(c, k) && !qxp_tok_lex(c, k, QXP_LEX_VERBS) &&
           !qxp_tok_lex(c, k, QXP_LEX_PRONOUNS) && !qxp_tok_lex(c, k, QXP_LEX_GROUPS) &&
           !(word_class(c, k) & (QXP_W_AUX | QXP_W_FINITE | QXP_W_TIME | QXP_W_DET)) &&
           !qxp_tok_ends(c, k, 4, "ly") && !qxp_tok_ends(c, k, 4, "ed");
}

/* (inline: the next word's dense facts first, as most words are followed by no group word;
 * the call for every lower-case word the phrase scans cost 0.35M instructions on the first
 * 200 BBC lines) */
static inline bool noun_before_modifier(const qxp_actx *c, size_t k) {
    return k + 1 < c->tk.n && (c->tk.t[k + 1].flags & QXP_T_WORD) &&
           (c->m->wfacts[c->tk.t[k + 1].wi] & QXP_WF_GROUP) && noun_before_modifier_slow(c, k);
}

/* A modifier run starting at i followed by a title: returns the run's length, else 0. */
static size_t modifiers_from(const qxp_actx *c, size_t i) {
    size_t k = i;
    while (k < c->tk.n && k < i + 3 && (is_modifier(c, k) || noun_before_modifier(c, k)) &&
           !title_at(c, k, NULL)) {
        k++;
    }
    return k > i && title_at(c, k, NULL) ? k - i : 0;
}

/* (inline: most words asked are no modifier, which ends the test at once. This, is_particle
 * and eix_first inline, measured on the first 200 BBC lines (11K, 8K and 20K calls): 70.02M
 * -> 69.46M instructions) */
static inline size_t modifiers_before_title(const qxp_actx *c, size_t i) {
    return is_modifier(c, i) || noun_before_modifier(c, i) ? modifiers_from(c, i) : 0;
}

/* The gender (QXP_LF_M, QXP_LF_F) of the given-name entry of word token i, 0 for none:
 * from the word's dense facts (QXP_WF_GIVEN_M, _F), as qxp_tok_lex's entry would say. */
static uint32_t given_gender(const qxp_actx *c, size_t i) {
    _Static_assert(QXP_WF_GIVEN_F == QXP_WF_GIVEN_M << 1 && QXP_LF_F == QXP_LF_M << 1,
                   "the two genders' bits in the same order");
    if (i >= c->tk.n || !(c->tk.t[i].flags & QXP_T_WORD)) {
        return 0;
    }
    unsigned g = (c->m->wfacts[c->tk.t[i].wi] / QXP_WF_GIVEN_M) & 3u;
    uint32_t r = g * QXP_LF_M;
#ifdef QXP_CHECKS
    const qxp_lexent *e = qxp_tok_lex(c, i, QXP_LEX_GIVEN_NAMES);
    if (r != (e ? (e->flags & (QXP_LF_M | QXP_LF_F)) : 0)) {
        abort(); /* make check holds the facts to the entry */
    }
#endif
    return r;
}

static bool ly_adverb(const qxp_actx *c, size_t i);

/* Sentence adverbs that may stand between a subject and its verb: "The chancellor
 * meanwhile said" is the chancellor (fixtures/speaker/time-adjunct). Those that are also
 * auxiliaries ("also", "still") are in the closed word classes (QXP_W_AUX). */
static const qxp_wordlist sentence_adverbs[] = {
    QXP_W("meanwhile"), QXP_W("however"), QXP_W("though"), QXP_W("too"), QXP_W("instead"),
    QXP_W("therefore"), QXP_W("nevertheless"), QXP_W("nonetheless"), QXP_W("likewise"),
    QXP_W("meantime"), QXP_W("since"), QXP_W("herself"), QXP_W("himself"), QXP_W("itself"),
    QXP_W("themselves"), {NULL, 0}};

/* Capitalized words opening a sentence that are no organisation: quantifiers, number
 * words, indefinite pronouns, subordinators, prepositions and adverbs ("Two were dressed
 * as …", "Nothing as obscure as …", "During the crisis the firm sued";
 * fixtures/speaker/org-subject). org_word asks sentence_adverbs too ("Since then people
 * …"), whose words are not repeated here. */
static const qxp_wordlist not_org_words[] = {
    QXP_W("all"), QXP_W("another"), QXP_W("anyone"), QXP_W("anything"), QXP_W("both"),
    QXP_W("each"), QXP_W("either"), QXP_W("every"), QXP_W("everybody"), QXP_W("everyone"),
    QXP_W("everything"), QXP_W("few"), QXP_W("many"), QXP_W("most"), QXP_W("much"),
    QXP_W("neither"), QXP_W("nobody"), QXP_W("none"), QXP_W("nothing"), QXP_W("several"),
    QXP_W("somebody"), QXP_W("someone"), QXP_W("something"), QXP_W("such"), QXP_W("one"),
    QXP_W("two"), QXP_W("three"), QXP_W("four"), QXP_W("five"), QXP_W("six"), QXP_W("seven"),
    QXP_W("eight"), QXP_W("nine"), QXP_W("ten"), QXP_W("dozens"), QXP_W("hundreds"),
    QXP_W("thousands"), QXP_W("millions"), QXP_W("when"), QXP_W("while"), QXP_W("because"),
    QXP_W("although"), QXP_W("unless"), QXP_W("until"), QXP_W("whether"), QXP_W("once"),
    QXP_W("if"), QXP_W("as"), QXP_W("then"), QXP_W("now"), QXP_W("so"), QXP_W("yet"),
    QXP_W("still"), QXP_W("even"), QXP_W("only"), QXP_W("just"), QXP_W("also"), QXP_W("indeed"),
    QXP_W("perhaps"), QXP_W("maybe"), QXP_W("here"), QXP_W("today"), QXP_W("tomorrow"),
    QXP_W("yesterday"), QXP_W("tonight"), QXP_W("later"), QXP_W("earlier"), QXP_W("first"),
    QXP_W("finally"), QXP_W("overall"), QXP_W("together"), QXP_W("anybody"), QXP_W("whoever"),
    QXP_W("during"), QXP_W("despite"), QXP_W("after"), QXP_W("before"), QXP_W("amid"),
    QXP_W("among"), QXP_W("against"), QXP_W("without"), QXP_W("within"), QXP_W("under"),
    QXP_W("over"), QXP_W("unlike"), QXP_W("like"), QXP_W("through"), QXP_W("throughout"),
    QXP_W("about"), QXP_W("across"), QXP_W("towards"), QXP_W("upon"), QXP_W("via"),
    QXP_W("nor"), QXP_W("not"), QXP_W("please"), QXP_W("eleven"), QXP_W("twelve"),
    QXP_W("thirteen"), QXP_W("fourteen"), QXP_W("fifteen"), QXP_W("sixteen"),
    QXP_W("seventeen"), QXP_W("eighteen"), QXP_W("nineteen"), QXP_W("twenty"), QXP_W("thirty"),
    QXP_W("forty"), QXP_W("fifty"), QXP_W("sixty"), QXP_W("seventy"), QXP_W("eighty"),
    QXP_W("ninety"), {NULL, 0}};

/* A capitalized word that may be part of an organisation's name, whether or not it could
 * be a person's: "Google", "BBC", "Deutsche", "Bank"; no function word, determiner,
 * pronoun, clause opener ("Some", "There"), verb, day or month, adverb ("Meanwhile",
 * "Yesterday"), title or honorific. */
static bool org_word(const qxp_actx *c, size_t i) {
    if (!usable(c, i)) {
        return false;
    }
    uint32_t f = c->tk.t[i].flags;
    if (!(f & QXP_T_WORD) || !(f & QXP_T_CAP) || (f & (QXP_T_NUM | QXP_T_POSS))) {
        return false;
    }
    if (title_at(c, i, NULL) || honorific_at(c, i, NULL)) {
        return false;
    }
    if (is_name_word(c, i)) {
        return true;
    }
    if (word_class(c, i) &
        (QXP_W_DET | QXP_W_FUNC | QXP_W_AUX | QXP_W_OPENER | QXP_W_TIME | QXP_W_FINITE)) {
        return false;
    }
    if (qxp_tok_lex(c, i, QXP_LEX_PRONOUNS) || qxp_tok_lex(c, i, QXP_LEX_VERBS) ||
        ly_adverb(c, i)) {
        return false;
    }
    /* the word lists hold words capitalized only to open a sentence (or a paragraph: a
     * headline); asked of those alone (the lists cost 2% of all instructions when asked of
     * every capitalized word) */
    if (!(f & (QXP_T_SENT | QXP_T_PARA))) {
        return true;
    }
    return !qxp_word_in(c, i, sentence_adverbs) && !qxp_word_in(c, i, not_org_words);
}

/* A lowercase word joining two parts of an organisation's name: "Bank of England", "Marks
 * and Spencer", "Department for Education", "Marks & Spencer"; returns how many tokens
 * join before the next capitalized word (1, or 2 with "the": "Ministry of the Interior"),
 * else 0. */
static const qxp_wordlist org_joiners[] = {QXP_W("of"), QXP_W("for"), QXP_W("and"), {NULL, 0}};

static size_t org_joiner(const qxp_actx *c, size_t j) {
    if (!usable(c, j) || (c->tk.t[j].flags & QXP_T_CAP) ||
        !(qxp_word_in(c, j, org_joiners) || is_punct(c, j, '&'))) {
        return 0;
    }
    size_t k = j + 1;
    if (qxp_tok_word(c, k, "the") && !(c->tk.t[k].flags & QXP_T_CAP)) {
        k++;
    }
    return org_word(c, k) ? k - j : 0;
}

/* Whether the capitalized words ending before token n (back to lo at most) follow a joiner
 * after a word of a body's name that is no person's: "Transport" in "the Department for
 * Transport", "National Statistics" in "the Office for National Statistics"; not "Acme" in
 * "John Smith of Acme". */
static bool body_name_before(const qxp_actx *c, size_t n, size_t lo) {
    /* the cheap test first: a capitalized word or a joiner (org_joiner's, or its "the")
     * must come before n */
    if (n <= lo || !((c->tk.t[n - 1].flags & QXP_T_CAP) || qxp_word_in(c, n - 1, org_joiners) ||
                     qxp_tok_word(c, n - 1, "the") || is_punct(c, n - 1, '&'))) {
        return false;
    }
    size_t r = n;
    while (r > lo && n - r < 6 && org_word(c, r - 1) && !is_name_word(c, r - 1)) {
        r--;
    }
    for (size_t jn = 1; jn <= 2; jn++) {
        if (r >= lo + jn + 1 && org_joiner(c, r - jn) == jn && org_word(c, r - jn - 1) &&
            !is_name_word(c, r - jn - 1)) {
            return true;
        }
    }
    return false;
}

/* Whether tokens [t0, t1) are an organisation's name: capitalized words (org_word) with
 * joiners between them (org_joiner). */
static bool org_phrase(const qxp_actx *c, size_t t0, size_t t1) {
    if (t0 >= t1) {
        return false;
    }
    for (size_t k = t0; k < t1;) {
        if (!org_word(c, k)) {
            return false;
        }
        k++;
        if (k < t1 && !org_word(c, k)) {
            size_t jn = org_joiner(c, k);
            if (jn == 0 || k + jn >= t1) {
                return false;
            }
            k += jn;
        }
    }
    return true;
}

/* A one-word phrase [t0, t1) opening its sentence with an adverb's or a participle's
 * ending: "Usually you can …", "Having said that, …" are no organisation, while "Downing
 * Street" is one (fixtures/speaker/org-subject). */
static bool lone_opening_adverb(const qxp_actx *c, size_t t0, size_t t1) {
    if (t1 != t0 + 1 || !(c->tk.t[t0].flags & QXP_T_SENT)) {
        return false;
    }
    return qxp_tok_ends(c, t0, 5, "ly") || qxp_tok_ends(c, t0, 5, "ing");
}

/* Whether token i is a word ending in "-ing": a subject found before it is no organisation
 * ("Security warning over 'FBI virus'", a headline: fixtures/speaker/org-subject). */
static bool ing_word(const qxp_actx *c, size_t i) {
    return i < c->tk.n && (c->tk.t[i].flags & QXP_T_WORD) && qxp_tok_ends(c, i, 5, "ing");
}

/* "the American", "The Russian": one word after a determiner that reads as a nationality
 * (-an, -ese, -ish, -ch, -i, -ot) is a person called by it, as sports reports do ("said
 * the American" is Agassi), not an organisation (fixtures/speaker/org-subject). */
static bool demonym_epithet(const qxp_actx *c, size_t t0, size_t t1) {
    if (t1 != t0 + 2 || !qxp_is_det(c, t0)) {
        return false;
    }
    static const char *const endings[] = {"an", "ese", "ish", "ch", "i", "ot"};
    for (size_t k = 0; k < sizeof endings / sizeof endings[0]; k++) {
        if (qxp_tok_ends(c, t0 + 1, 4, endings[k])) {
            return true;
        }
    }
    return false;
}

/* Whether np (classified), found as an organisation's name by np_after or org_before and
 * followed by token next, is one that speaks: a group, no nationality used of a person, no
 * adverb or participle opening the sentence alone, and not before an -ing word. */
static bool org_speaks(const qxp_actx *c, const qxp_np *np, size_t next) {
    return np->type == QXP_NP_GROUP && !demonym_epithet(c, np->t0, np->t1) &&
           !lone_opening_adverb(c, np->t0, np->t1) && !ing_word(c, next);
}

/* Whether the run of capitalized words (org_word) ending at token i (inclusive) follows a
 * determiner: "the California Chamber" (of Commerce). */
static bool det_before_run(const qxp_actx *c, size_t i) {
    size_t k = i;
    while (k > 0 && i - k < 6 && org_word(c, k - 1) &&
           !(c->tk.t[k].flags & (QXP_T_SENT | QXP_T_PARA))) {
        k--;
    }
    return k > 0 && !(c->tk.t[k].flags & (QXP_T_SENT | QXP_T_PARA)) && usable(c, k - 1) &&
           qxp_is_det(c, k - 1);
}

/* A lowercase word that may follow an organisation's name without being the noun it
 * modifies: a function word, clause opener, auxiliary, verb, adverb, time word or
 * preposition ("told Reuters on Tuesday", "according to the BBC that"), where a noun would
 * make the name a modifier ("the Republican plan"). */
static bool ends_org_phrase(const qxp_actx *c, size_t j) {
    static const qxp_wordlist preps[] = {QXP_W("on"),   QXP_W("in"),   QXP_W("at"),
                                         QXP_W("to"),   QXP_W("for"),  QXP_W("from"),
                                         QXP_W("with"), QXP_W("by"),   QXP_W("after"),
                                         QXP_W("last"), QXP_W("this"), {NULL, 0}};
    return (word_class(c, j) & (QXP_W_DET | QXP_W_FUNC | QXP_W_AUX | QXP_W_OPENER | QXP_W_TIME |
                                QXP_W_FINITE)) ||
           qxp_tok_lex(c, j, QXP_LEX_VERBS) || ly_adverb(c, j) || qxp_word_in(c, j, preps);
}

static bool surname_known(const qxp_actx *c, size_t k);

/* A person named or titled at token j, after a possessor: a title or honorific, or a known
 * given name ("Xbox's Peter Moore", "Microsoft's chairman Bill Gates", "the captain's
 * wife"); not "Gateshead's Sage Centre" or "Sony's PlayStation Portable", which stay the
 * possessor's phrase (qxp_np_after; fixtures/speaker/possessor). (LitBank speaker
 * accuracy 0.812 -> 0.819.) */
static bool person_after_possessor(const qxp_actx *c, size_t j) {
    if (!usable(c, j) || (c->tk.t[j].flags & (QXP_T_SENT | QXP_T_PARA))) {
        return false;
    }
    return title_at(c, j, NULL) || honorific_at(c, j, NULL) ||
           (is_name_word(c, j) && given_gender(c, j) && is_name_word(c, j + 1));
}

/* The plural of a role word, which names a group as the groups lexicon's words do:
 * "Judges should think carefully …, he said" (a sentence's "Judges" is no person's name, and
 * no antecedent of "he"), "the bishops said" (fixtures/speaker/group-they). The word less
 * its "s" or "es" must be a title usable alone (QXP_LF_ROLE). */
static bool plural_role(const qxp_actx *c, size_t k) {
    size_t n = base_len(c, k);
    const char *w = tok_ptr(c, k);
    if (n < 4 || n > 40 || w[n - 1] != 's' || !(c->tk.t[k].flags & QXP_T_WORD) ||
        (c->tk.t[k].flags & (QXP_T_POSS | QXP_T_UPPER))) {
        return false;
    }
    for (size_t cut = 1; cut <= 2; cut++) {
        if (cut == 2 && w[n - 2] != 'e') {
            break;
        }
        const qxp_lexent *e = qxp_lex_get(c->m, QXP_LEX_TITLES, w, n - cut);
        if (e && (e->flags & QXP_LF_ROLE)) {
            return true;
        }
    }
    return false;
}

/* An age used as a noun: "the 23-year-old" (one token, a number joined by hyphens). */
static bool age_noun(const qxp_actx *c, size_t k) {
    return (c->tk.t[k].flags & QXP_T_NUM) && qxp_tok_ends(c, k, 6, "-old");
}

/* Word token i has a given-name entry (of either gender or none): the word's dense facts,
 * as qxp_tok_lex would say without reading the entry. */
static inline bool given_name(const qxp_actx *c, size_t i) {
    return i < c->tk.n && (c->tk.t[i].flags & QXP_T_WORD) &&
           (c->m->wfacts[c->tk.t[i].wi] & QXP_WF_GIVEN);
}

/* A capitalized word shaped like a common noun for a person (classify): no given name, no
 * acronym, an agent or origin suffix or a plural role ("Goalscorer", "Drummer",
 * "Californian", "Backbencher", "Corkman", "Judges"). */
static bool descriptor_shape(const qxp_actx *c, size_t k) {
    static const char *const suffixes[] = {"er", "or", "ist", "ian", "man", "ant", "ent", "ess"};
    if ((c->tk.t[k].flags & QXP_T_UPPER) || given_name(c, k)) {
        return false;
    }
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        if (qxp_tok_ends(c, k, 5, suffixes[i])) {
            return true;
        }
    }
    return plural_role(c, k);
}

/* Classifies tokens [t0, t1) as a phrase (np->t0, np->t1 set here): finds the name part
 * and the gender. The span comes as arguments: the callers wrote np->t0 and np->t1 just
 * before, and their two 4-byte stores, read back at once as one 8-byte load, stalled the
 * load until both had reached the cache (a failed store forwarding): 9.6% of classify's
 * samples in perf on 8 copies of the curly BBC corpus. */
static void classify(const qxp_actx *c, qxp_np *np, size_t t0, size_t t1) {
    np->t0 = (uint32_t)t0;
    np->t1 = (uint32_t)t1;
    np->type = QXP_NP_NONE;
    np->gender = 0;
    np->plural = false;
    np->gender_sure = false;
    if (t1 <= t0) {
        return;
    }
    if (t1 - t0 == 1) {
        const qxp_lexent *p = qxp_tok_lex(c, t0, QXP_LEX_PRONOUNS);
        if (p && (p->flags & QXP_LF_SUBJ)) {
            np->type = QXP_NP_PRONOUN;
            np->gender = p->flags & (QXP_LF_M | QXP_LF_F);
            np->plural = (p->flags & QXP_LF_PL) != 0;
            np->n0 = (uint32_t)t0;
            np->n1 = (uint32_t)t1;
            return;
        }
    }
    /* trailing run of name words (initials and particles inside), not past a possessive:
     * "Xbox's Peter Moore" is Peter Moore (fixtures/speaker/possessor) */
    size_t n1 = t1, n0 = t1;
    /* a post-nominal title in capitals after a given name and a surname ends the phrase,
     * not the name: "Tom McCabe MSP", "Jane Doe MP" are Tom McCabe and Jane Doe; "the
     * Glasgow Kelvin MP" stays a constituency's MP (fixtures/speaker/post-nominal) */
    if (t1 - t0 >= 3 && (c->tk.t[t1 - 1].flags & QXP_T_UPPER) && title_at(c, t1 - 1, NULL) == 1 &&
        is_name_word(c, t1 - 2) && given_name(c, t1 - 3)) {
        n1 = n0 = t1 - 1;
    }
    size_t i = n1;
    while (i > t0) {
        size_t k = i - 1;
        if ((c->tk.t[k].flags & QXP_T_POSS) && k + 1 < n1) {
            break;
        }
        if (is_punct(c, k, '.') && k > t0 && tok_len(c, k - 1) == 1 &&
            (c->tk.t[k - 1].flags & QXP_T_CAP)) {
            i = k - 1; /* an initial "J." */
            n0 = i;
            continue;
        }
        if (is_name_word(c, k) && !title_at(c, k, NULL) && !honorific_at(c, k, NULL)) {
            i = k;
            n0 = i;
            continue;
        }
        /* a title word after a given name is a surname: "Rick Dean", "John Major"
         * (fixtures/speaker/conj-subject); so is one that never stands before a name as a
         * title ("knight", "singer", "player": no prefix flag) after any name word, unless
         * a determiner makes the two an epithet: "R&B star Beverley Knight", "Gary Player",
         * but not "the Black Knight", which would take a later "Knight said" from Beverley
         * (fixtures/speaker/title-surname) */
        uint32_t sf = 0;
        if (k + 1 == n1 && k > t0 && (c->tk.t[k].flags & QXP_T_CAP) &&
            !(c->tk.t[k].flags & QXP_T_UPPER) && title_at(c, k, &sf) == 1 &&
            is_name_word(c, k - 1) &&
            (given_gender(c, k - 1) ||
             (!(sf & QXP_LF_PREFIX) && !(k >= 2 && qxp_is_det(c, k - 2))))) {
            i = k;
            n0 = i;
            continue;
        }
        if (is_particle(c, k) && n0 < n1 && k > t0 && is_name_word(c, k - 1)) {
            i = k;
            continue;
        }
        break;
    }
    /* a capitalized common noun opening the sentence is no part of the name after it when
     * it is no given name, has the shape of a noun of agents or origins (-er, -or, -ist,
     * -ian, -man, -ant, -ent, -ess) or is a plural role, and a given name or a known surname
     * follows: "Goalscorer Jimmy Floyd Hasselbaink added", "Matchwinner Keane was …" after
     * "Robbie Keane", "Judges Simon Cowell …"; it is the person's title. Not "Ard Jan
     * Vetham", "Cat Deeley", whose first names the lexicon lacks (fixtures/speaker/
     * descriptor-word) */
    if (n1 - n0 >= 2 && (c->tk.t[n0].flags & QXP_T_SENT) && descriptor_shape(c, n0) &&
        (given_name(c, n0 + 1) ||
         (n1 - n0 == 2 && surname_known(c, n0 + 1)))) {
        n0++;
    }
    /* a capitalized title word alone or after an honorific is the surname of a person
     * already named so: "Knight said" or "Mr Major said" after "Beverley Knight", "John
     * Major"; "the Knight says" and "the Black Knight" stay titles (fixtures/speaker/
     * title-surname) */
    if (n0 == t1 && n1 == t1 && (c->tk.t[t1 - 1].flags & QXP_T_CAP) &&
        !(c->tk.t[t1 - 1].flags & QXP_T_UPPER) && title_at(c, t1 - 1, NULL) == 1 &&
        (t1 - 1 == t0 || honorific_at(c, t0, NULL) == t1 - 1 - t0) &&
        surname_known(c, t1 - 1)) {
        n0 = t1 - 1;
    }
    uint32_t gender = 0, tf = 0, hg = 0;
    bool has_title = false;
    for (size_t k = t0; k < n0; k++) {
        if ((c->tk.t[k].flags & QXP_T_POSS) && k + 1 < t1) {
            /* what comes before a possessive is the possessor's: "Mr Smith's lawyer" is
             * no man by the honorific (fixtures/speaker/possessor) */
            gender = hg = 0;
            has_title = false;
            continue;
        }
        uint32_t g = 0;
        size_t h = honorific_at(c, k, &g);
        if (h) {
            gender |= g;
            hg |= g;
            has_title = true;
            k += h - 1;
            continue;
        }
        size_t tl = title_at(c, k, &tf);
        if (tl) {
            gender |= tf & (QXP_LF_M | QXP_LF_F);
            has_title = true;
            k += tl - 1;
        }
    }
    /* a capitalized word that starts no name right before the name words, with no given
     * name among them, makes a body's name: "the National Retail Consortium", "British
     * Airways" (fixtures/speaker/org-adjective); "American Lance Armstrong" and "Labour MP
     * John Smith" stay people */
    if (n0 < n1 && n0 > t0 && (c->tk.t[n0 - 1].flags & QXP_T_CAP) &&
        !(c->tk.t[n0 - 1].flags & QXP_T_POSS) && org_word(c, n0 - 1) &&
        !is_name_word(c, n0 - 1)) {
        bool given = false;
        for (size_t k = n0; k < n1 && !given; k++) {
            given = given_name(c, k);
        }
        if (!given) {
            n0 = n1;
        }
    }
    /* "Critics", "Police", "Judges" opening a sentence: a group word, not a name */
    if (n0 < n1 && n1 - n0 == 1 && n0 == t0 &&
        (qxp_tok_lex(c, n0, QXP_LEX_GROUPS) || plural_role(c, n0))) {
        n0 = n1;
    }
    /* a name after a joiner that follows a body's word is the end of the body's name: "the
     * Department for Transport", "Bank of Japan", "the Office for National Statistics"
     * (org_phrase below; fixtures/speaker/org-subject) */
    if (n0 < n1 && body_name_before(c, n0, t0)) {
        n0 = n1;
    }
    if (n0 < n1) {
        np->type = QXP_NP_NAME;
        np->n0 = (uint32_t)n0;
        np->n1 = (uint32_t)n1;
        /* a given name shows the gender, except that a one-word name after a gendered
         * honorific or title is a surname: "Mrs Warren" is a woman */
        uint32_t g = given_gender(c, n0);
        np->gender = g && !(n1 - n0 == 1 && gender) ? g : gender;
        /* only an honorific is sure: "chairman Jan Berry" is "Ms Berry" later */
        np->gender_sure = hg != 0 && np->gender == hg;
        if (np->gender == (QXP_LF_M | QXP_LF_F)) {
            np->gender = 0;
        }
        return;
    }
    np->n0 = (uint32_t)t0;
    np->n1 = (uint32_t)t1;
    while (np->n0 < t1 && qxp_is_det(c, np->n0)) {
        np->n0++;
    }
    /* group: "police", "the Kremlin", "officials", "the White House" */
    const qxp_lexent *g = NULL;
    for (size_t k = np->n0; k < t1 && g == NULL; k++) {
        if (k + 1 == t1) {
            g = qxp_tok_lex(c, k, QXP_LEX_GROUPS);
            break;
        }
        if (!multi_start(c, k, QXP_LEX_GROUPS)) {
            continue;
        }
        char buf[256];
        size_t len = 0;
        for (size_t j = k; j < t1; j++) {
            size_t tl = base_len(c, j);
            if (len + tl + 2 >= sizeof buf) {
                break;
            }
            if (j > k) {
                buf[len++] = ' ';
            }
            memcpy(buf + len, tok_ptr(c, j), tl);
            len += tl;
        }
        g = qxp_lex_get(c->m, QXP_LEX_GROUPS, buf, len);
    }
    if (has_title) {
        np->type = QXP_NP_TITLE;
        np->gender = gender == (QXP_LF_M | QXP_LF_F) ? 0 : gender;
        return;
    }
    if (g) {
        np->type = QXP_NP_GROUP;
        np->plural = (g->flags & QXP_LF_PL) != 0;
        return;
    }
    if (np->n0 < t1 && plural_role(c, t1 - 1)) {
        np->type = QXP_NP_GROUP;
        np->plural = true;
        return;
    }
    if (np->n0 < t1) {
        np->type = QXP_NP_COMMON;
        /* capitalized words that are no person's name: an organisation, which speaks as a
         * group does: "Google", "the BBC", "Deutsche Bank" (fixtures/speaker/org-subject) */
        if (org_phrase(c, np->n0, t1)) {
            np->type = QXP_NP_GROUP;
        }
    }
}

void qxp_classify(const qxp_actx *c, qxp_np *np, size_t t0, size_t t1) {
    classify(c, np, t0, t1);
}

/* A word that may be part of a phrase: name word, title, honorific, particle, determiner.
 * (inline: with its facts cached per token (tok_info, title_at) the call cost more than the
 * test; the collection scan and qxp_np_after ask it 22K times on the first 200 BBC lines,
 * 70.43M -> 70.02M instructions) */
static inline size_t phrase_piece(const qxp_actx *c, size_t i) {
    if (!usable(c, i)) {
        return 0;
    }
    size_t h = honorific_at(c, i, NULL);
    if (h) {
        return h;
    }
    size_t t = title_at(c, i, NULL);
    if (t) {
        return t;
    }
    if (is_name_word(c, i)) {
        if (tok_len(c, i) == 1 && is_punct(c, i + 1, '.')) {
            return 2; /* initial */
        }
        return 1;
    }
    return 0;
}

/* The word after i ends the phrase's possible words: punctuation, a function word, or a
 * new sentence or paragraph. */
static bool phrase_ends_after(const qxp_actx *c, size_t i) {
    return i + 1 >= c->tk.n || !(c->tk.t[i + 1].flags & QXP_T_WORD) ||
           (c->tk.t[i + 1].flags & (QXP_T_SENT | QXP_T_PARA)) || is_function_word(c, i + 1);
}

/* One to four capitalized words from i closed by a lowercase plural group word: "said White
 * House officials", "said US officials", "said Cranfield University experts", "said Labour
 * sources" name the officials, experts and sources (a reader's head of the phrase), not the
 * body. Returns the end of the phrase, or 0. The group word must end the phrase:
 * punctuation, a function word, a verb or an auxiliary follows ("said Labour voters were
 * …" is the reported clause's subject all the same, which the callers test); no word may
 * be possessive ("said Mr Smith's lawyers") or start a sentence after i
 * (fixtures/speaker/group-tail). */
static size_t cap_group(const qxp_actx *c, size_t i) {
    size_t j = i;
    while (j < c->tk.n && j - i < 4 && usable(c, j) && (c->tk.t[j].flags & QXP_T_WORD) &&
           (c->tk.t[j].flags & QXP_T_CAP) && !(c->tk.t[j].flags & QXP_T_POSS) &&
           /* a capitalized function word is no modifier: "But European firms said" */
           !(c->m->wfacts[c->tk.t[j].wi] & (QXP_WF_FUNC | QXP_WF_DET)) &&
           !(j > i && (c->tk.t[j].flags & (QXP_T_SENT | QXP_T_PARA)))) {
        j++;
    }
    if (j == i || j >= c->tk.n || !usable(c, j) || !(c->tk.t[j].flags & QXP_T_WORD) ||
        (c->tk.t[j].flags & (QXP_T_CAP | QXP_T_NUM | QXP_T_POSS | QXP_T_SENT | QXP_T_PARA)) ||
        !(c->m->wfacts[c->tk.t[j].wi] & QXP_WF_GROUP)) {
        return 0;
    }
    const qxp_lexent *g = qxp_tok_lex(c, j, QXP_LEX_GROUPS);
    if (g == NULL || !(g->flags & QXP_LF_PL)) {
        return 0;
    }
    if (phrase_ends_after(c, j) || qxp_tok_lex(c, j + 1, QXP_LEX_VERBS) ||
        (word_class(c, j + 1) & (QXP_W_FINITE | QXP_W_AUX))) {
        return j + 1;
    }
    return 0;
}

/* A word of at least min bytes, lower-case, ending in suffix, that the title and group
 * lexicons do not know, and that ends the phrase's words. */
static bool trailing_suffix_word(const qxp_actx *c, size_t i, size_t min, const char *suffix) {
    return qxp_tok_ends(c, i, min, suffix) && !(c->tk.t[i].flags & QXP_T_CAP) &&
           !qxp_tok_lex(c, i, QXP_LEX_TITLES) && !qxp_tok_lex(c, i, QXP_LEX_GROUPS) &&
           phrase_ends_after(c, i);
}

/* An -ly adverb closing the words after a determiner: "said his stepson complacently."
 * names "stepson"; "the former monopoly said" keeps "monopoly", a verb follows it
 * (fixtures/speaker/adverb-after-role). */
static bool ly_adverb(const qxp_actx *c, size_t i) {
    return trailing_suffix_word(c, i, 5, "ly");
}

/* An -ed verb closing the words after a determiner: "The auctioneer commenced by saying"
 * names "auctioneer"; "the newly elected mayor" keeps "elected" (a noun follows it), and
 * "-eed" words are nouns ("the top seed.") (fixtures/speaker/verb-after-role). */
static bool ed_verb(const qxp_actx *c, size_t i) {
    return trailing_suffix_word(c, i, 5, "ed") && !qxp_tok_ends(c, i, 5, "eed");
}

bool qxp_sentence_adverb(const qxp_actx *c, size_t i) {
    return usable(c, i) && !(c->tk.t[i].flags & QXP_T_CAP) && qxp_word_in(c, i, sentence_adverbs);
}

/* Lower-case nouns of time that a determiner or "last"/"this" makes a time phrase. */
static const qxp_wordlist time_nouns[] = {
    QXP_W("year"), QXP_W("years"), QXP_W("week"), QXP_W("weeks"), QXP_W("month"),
    QXP_W("months"), QXP_W("weekend"), QXP_W("night"), QXP_W("morning"), QXP_W("afternoon"),
    QXP_W("evening"), QXP_W("day"), QXP_W("days"), QXP_W("summer"), QXP_W("winter"),
    QXP_W("spring"), QXP_W("autumn"), QXP_W("decade"), QXP_W("fortnight"), {NULL, 0}};

/* Words that may lead a time phrase: "on Monday", "earlier in the week", "only last
 * month", "over the past year". */
static const qxp_wordlist time_leads[] = {
    QXP_W("on"), QXP_W("in"), QXP_W("at"), QXP_W("during"), QXP_W("over"), QXP_W("last"),
    QXP_W("this"), QXP_W("next"), QXP_W("past"), QXP_W("earlier"), QXP_W("later"),
    QXP_W("late"), QXP_W("early"), QXP_W("only"), QXP_W("the"), QXP_W("that"), QXP_W("each"),
    QXP_W("every"), {NULL, 0}};

static bool time_noun(const qxp_actx *c, size_t i) {
    return !(c->tk.t[i].flags & QXP_T_CAP) && qxp_word_in(c, i, time_nouns);
}

/* Adverbs that are a time phrase by themselves: "Later, …", "Earlier Mr Kennedy …". */
static const qxp_wordlist time_adverbs[] = {QXP_W("later"), QXP_W("earlier"), {NULL, 0}};

/* Conjunctions that may open a sentence before its subject: "But Mutu …", "And last week
 * …" (qxp_opens_sentence, qxp_opener_end). */
static const qxp_wordlist opening_conjunctions[] = {QXP_W("but"), QXP_W("and"), QXP_W("so"),
                                                    QXP_W("then"), {NULL, 0}};

/* A word that may end a time phrase opening a sentence: a day, a month, "yesterday", a
 * time noun ("week"), "later", "earlier" (qxp_opens_sentence). */
static bool time_word(const qxp_actx *c, size_t i) {
    if (!usable(c, i) || !(c->tk.t[i].flags & QXP_T_WORD)) {
        return false;
    }
    unsigned f = c->m->wfacts[c->tk.t[i].wi];
    if (f & QXP_WF_TIME) {
        return true;
    }
    /* (a lexicon's word of another kind is none: "said", "the", "John"; the lists only
     * for the rest) */
    return !(f & ~(unsigned)QXP_WF_NONNAME) &&
           (time_noun(c, i) || qxp_word_in(c, i, time_adverbs));
}

/* A word a time phrase may open with, in a sentence's first place: a time word, "last",
 * "this", "next" (qxp_opens_sentence's test before qxp_opener_end; of time_leads only
 * these: "The days of Britain having to apologise …" opens no time phrase). */
static bool time_lead(const qxp_actx *c, size_t i) {
    static const qxp_wordlist leads[] = {QXP_W("last"), QXP_W("this"), QXP_W("next"),
                                         {NULL, 0}};
    return time_word(c, i) || qxp_word_in(c, i, leads);
}

size_t qxp_time_phrase_end(const qxp_actx *c, size_t i, size_t lim) {
    size_t j = i, leads = 0;
    while (j < lim && leads < 3 && usable(c, j) && qxp_word_in(c, j, time_leads)) {
        j++;
        leads++;
    }
    /* "in the past": the lead "past" is the noun (fixtures/speaker/time-adjunct) */
    bool past = leads >= 2 && qxp_tok_word(c, j - 1, "past") && qxp_tok_word(c, j - 2, "the");
    if (j >= lim || !usable(c, j) || !(c->tk.t[j].flags & QXP_T_WORD) ||
        (c->tk.t[j].flags & QXP_T_POSS)) {
        return past ? j : i;
    }
    if ((word_class(c, j) & QXP_W_TIME) &&
        (leads > 0 || !(c->tk.t[j].flags & QXP_T_CAP))) {
        /* a day or month, or a lower-case "yesterday": "on Friday evening" */
        j++;
        if (j < lim && usable(c, j) && (c->tk.t[j].flags & QXP_T_WORD) && time_noun(c, j)) {
            j++;
        }
    } else if (leads > 0 && time_noun(c, j)) {
        j++; /* "last year", "earlier in the week" */
    } else if (past) {
        return j; /* "China has in the past said …" */
    } else {
        return i;
    }
    /* "in September this year": a second phrase may follow */
    return j < lim ? qxp_time_phrase_end(c, j, lim) : j;
}

size_t qxp_time_phrase_start(const qxp_actx *c, size_t e, size_t lo) {
    size_t best = e;
    /* a time phrase ends in a day, a month or a time noun ("in the past" too) */
    if (e == 0 || !usable(c, e - 1) ||
        !((word_class(c, e - 1) & QXP_W_TIME) || time_noun(c, e - 1) ||
          qxp_tok_word(c, e - 1, "past"))) {
        return e;
    }
    for (size_t s = e; s > lo && e - s < 6;) {
        s--;
        if (!usable(c, s) || !(c->tk.t[s].flags & QXP_T_WORD)) {
            break;
        }
        if (qxp_time_phrase_end(c, s, e) == e) {
            best = s;
        }
    }
    return best;
}

/* After the words of a phrase that ends at a: one to three name words (not titles, not
 * opening a sentence) that end the phrase, before punctuation or a function word; returns
 * where they end, or a when there are none. "said the burly Moze," and "said old Cotter,"
 * end in a name (qxp_np_after). */
static size_t closing_name(const qxp_actx *c, size_t a) {
    size_t n = a;
    while (n < c->tk.n && n - a < 3 && is_name_word(c, n) &&
           !(c->tk.t[n].flags & (QXP_T_SENT | QXP_T_PARA)) && !title_at(c, n, NULL)) {
        n++;
    }
    if (n > a && (n >= c->tk.n || !(c->tk.t[n].flags & QXP_T_WORD) || is_function_word(c, n))) {
        return n;
    }
    return a;
}

/* What a descriptor noun says a name is (descriptor_name). */
typedef enum desc_kind { DESC_NONE, DESC_PERSON, DESC_BODY } desc_kind;

/* A noun that says what the name after it is: a person's role (a title; "star", "physio";
 * an agent noun in -er, -or, -ist, -ian: "scorer", "archivist") or a body ("newspaper",
 * "firm", "agency"; a group word) (fixtures/speaker/descriptor-name). */
static desc_kind descriptor_noun(const qxp_actx *c, size_t k) {
    /* (the group lexicon's words, "newspaper", "firm", "agency", are bodies too: asked
     * below) */
    static const qxp_wordlist bodies[] = {
        QXP_W("magazine"), QXP_W("site"),     QXP_W("tabloid"), QXP_W("daily"),
        QXP_W("weekly"),   QXP_W("giant"),    QXP_W("maker"),   QXP_W("provider"),
        QXP_W("operator"), QXP_W("think-tank"), QXP_W("body"),  QXP_W("side"),
        QXP_W("lender"),   QXP_W("insurer"),  QXP_W("label"),   QXP_W("band"),
        {NULL, 0}};
    static const qxp_wordlist people[] = {QXP_W("star"), QXP_W("physio"), {NULL, 0}};
    /* adjectives and adverbs with an agent noun's ending: "Eighteen former Enron
     * directors" is no former called Enron */
    static const qxp_wordlist not_agents[] = {
        QXP_W("former"),  QXP_W("latter"),  QXP_W("other"),   QXP_W("another"),
        QXP_W("further"), QXP_W("upper"),   QXP_W("inner"),   QXP_W("outer"),
        QXP_W("proper"),  QXP_W("older"),   QXP_W("younger"), QXP_W("bigger"),
        QXP_W("smaller"), QXP_W("larger"),  QXP_W("higher"),  QXP_W("lower"),
        QXP_W("greater"), QXP_W("better"),  QXP_W("longer"),  QXP_W("newer"),
        QXP_W("earlier"), QXP_W("later"),   QXP_W("never"),   QXP_W("whether"),
        QXP_W("either"),  QXP_W("neither"), QXP_W("rather"),  QXP_W("together"),
        QXP_W("sooner"),  QXP_W("wider"),   QXP_W("junior"),  QXP_W("senior"),
        QXP_W("major"),   QXP_W("minor"),   QXP_W("interior"), QXP_W("exterior"),
        QXP_W("superior"), QXP_W("inferior"), QXP_W("prior"), {NULL, 0}};
    if (qxp_word_in(c, k, bodies) || qxp_tok_lex(c, k, QXP_LEX_GROUPS)) {
        return DESC_BODY;
    }
    if (qxp_tok_lex(c, k, QXP_LEX_TITLES) || qxp_word_in(c, k, people)) {
        return DESC_PERSON;
    }
    if ((qxp_tok_ends(c, k, 6, "er") || qxp_tok_ends(c, k, 6, "or") ||
         qxp_tok_ends(c, k, 6, "ist") || qxp_tok_ends(c, k, 6, "ian")) &&
        !qxp_word_in(c, k, not_agents)) {
        return DESC_PERSON;
    }
    return DESC_NONE;
}

/* A lowercase word that may stand in a description before a name ("race director",
 * "equity strategist", "business manager"): no verb form ("believes", "slated",
 * "covering", "met"; "X believes coach Y" is two phrases), nor a word that ends a name
 * (ends_org_phrase). */
static bool descriptor_word(const qxp_actx *c, size_t d) {
    /* past forms that attrib.c's qxp_past_form does not list */
    static const qxp_wordlist past[] = {QXP_W("met"), QXP_W("beat"), QXP_W("led"),
                                        QXP_W("hit"), QXP_W("let"),  QXP_W("put"),
                                        QXP_W("set"), {NULL, 0}};
    if (!usable(c, d) || !(c->tk.t[d].flags & QXP_T_WORD) ||
        (c->tk.t[d].flags & (QXP_T_CAP | QXP_T_NUM | QXP_T_POSS | QXP_T_SENT | QXP_T_PARA)) ||
        ends_org_phrase(c, d) || qxp_tok_word(c, d, "that") || qxp_past_form(c, d) ||
        qxp_word_in(c, d, past)) {
        return false;
    }
    bool verb_like = (qxp_tok_ends(c, d, 4, "s") && !qxp_tok_ends(c, d, 4, "ss")) ||
                     qxp_tok_ends(c, d, 4, "ed") || qxp_tok_ends(c, d, 5, "ing");
    return !verb_like;
}

/* A department's noun before the title that ends a description, though it looks like a
 * verb form: "said Oscars communications director John Pavlik", "Nike marketing director",
 * "BBC sports editor" -- an -ing word that is no reporting verb, or a plural of the shapes
 * departments have (-ions, -ics, sales, news, sports, affairs); not "hires" or "appoints"
 * ("Acme hires director Jo Bell" is two phrases), before an office that a body's name may
 * precede (titles' "place") or a body's noun ("UK advertising giant WPP")
 * (fixtures/speaker/descriptor-department) */
static bool department_word(const qxp_actx *c, size_t d, size_t title) {
    static const qxp_wordlist plurals[] = {QXP_W("sales"), QXP_W("news"), QXP_W("sports"),
                                           QXP_W("affairs"), {NULL, 0}};
    uint32_t tf = 0;
    if ((title_at(c, title, &tf) != 1 || !(tf & QXP_LF_PLACE)) &&
        descriptor_noun(c, title) != DESC_BODY) {
        return false; /* an office or a body: not "Reporters covering singer Michael …" */
    }
    if (!usable(c, d) || !(c->tk.t[d].flags & QXP_T_WORD) ||
        (c->tk.t[d].flags & (QXP_T_CAP | QXP_T_NUM | QXP_T_POSS)) ||
        (c->m->wfacts[c->tk.t[d].wi] & QXP_WF_VERB)) {
        return false;
    }
    return qxp_tok_ends(c, d, 6, "ing") || qxp_tok_ends(c, d, 6, "ions") ||
           qxp_tok_ends(c, d, 6, "ics") || qxp_word_in(c, d, plurals);
}

/* A name phrase [i, j) of capitalized words followed by one or two lowercase words that
 * describe what the next name is, and that name: "Hollywood newspaper Daily Variety",
 * "London race director David Bedford", "UK think-tank Demos" (the name names the source:
 * fixtures/speaker/descriptor-name). Returns the end of that name, or j when the words
 * after the phrase are no such description ("Smith in Paris", "Reuters news agency",
 * "Tony Blair met Gordon Brown"); *kind tells what the name is (DESC_NONE: no
 * description) and *name0 where it starts. */
static size_t descriptor_name(const qxp_actx *c, size_t i, size_t j, desc_kind *kind,
                              size_t *name0) {
    *kind = DESC_NONE;
    /* the shape first, from the tokens' flags alone: one or two lowercase words, then a
     * capitalized one (most phrases fail here: "Smith said the …"; the word tests below
     * cost 3% of all instructions when asked of every phrase) */
    size_t d = j;
    while (d < c->tk.n && d - j < 3 && (c->tk.t[d].flags & QXP_T_WORD) &&
           !(c->tk.t[d].flags & QXP_T_CAP)) {
        d++;
    }
    if (d == j || d - j > 2 || d >= c->tk.n || !(c->tk.t[d].flags & QXP_T_CAP) ||
        (c->tk.t[d].flags & (QXP_T_SENT | QXP_T_PARA))) {
        return j;
    }
    for (size_t k = j; k < d; k++) {
        if (word_class(c, k) & (QXP_W_DET | QXP_W_FUNC | QXP_W_AUX | QXP_W_OPENER | QXP_W_TIME |
                                QXP_W_FINITE)) {
            return j; /* "Smith of Acme", "Blair and Brown": the cheap test first */
        }
    }
    if (!org_phrase(c, i, j)) {
        return j; /* titles and honorifics have their own patterns */
    }
    for (size_t k = j; k < d; k++) {
        if (!descriptor_word(c, k) && !(k + 1 < d && department_word(c, k, d - 1))) {
            return j;
        }
    }
    desc_kind dk = descriptor_noun(c, d - 1);
    if (dk == DESC_NONE) {
        return j;
    }
    size_t n = d;
    while (n < c->tk.n && n - d < 6 && org_word(c, n) &&
           !(c->tk.t[n].flags & (QXP_T_SENT | QXP_T_PARA))) {
        n++;
    }
    if (n == d) {
        return j;
    }
    *kind = dk;
    *name0 = d;
    return n;
}

/* The phrase [t0, t1) that descriptor_name found, when its name is a body's ("MMS firm
 * Adamind"): a group, never a person that "he" could stand for. */
static void descriptor_body(qxp_np *out, size_t name0) {
    out->type = QXP_NP_GROUP;
    out->n0 = (uint32_t)name0;
    out->n1 = out->t1;
    out->gender = 0;
    out->gender_sure = false;
    out->plural = false;
}

bool qxp_np_after(const qxp_actx *c, size_t start, qxp_np *out) {
    memset(out, 0, sizeof *out);
    size_t i = start;
    if (!usable(c, i) || !(c->tk.t[i].flags & QXP_T_WORD)) {
        return false;
    }
    out->t0 = (uint32_t)i;
    const qxp_lexent *p = qxp_tok_lex(c, i, QXP_LEX_PRONOUNS);
    if (p && (p->flags & QXP_LF_SUBJ)) {
        classify(c, out, out->t0, i + 1);
        return out->type != QXP_NP_NONE;
    }
    bool det = false;
    if (qxp_is_det(c, i)) {
        det = true;
        i++;
    }
    /* a capitalized possessor before a name or title modifies it: "said Britain's Paula
     * Radcliffe", "said Labour's Alan Milburn" (fixtures/speaker/possessor) */
    if (!det && usable(c, i) && (c->tk.t[i].flags & QXP_T_POSS) &&
        (c->tk.t[i].flags & QXP_T_CAP) && person_after_possessor(c, i + 1)) {
        i++;
    }
    size_t cg = cap_group(c, i);
    if (cg) {
        classify(c, out, out->t0, cg); /* "said White House officials" */
        return out->type == QXP_NP_GROUP;
    }
    size_t j = i;
    while (j - i < QXP_NP_MAX_TOKENS) {
        /* a phrase never runs into the next sentence or paragraph: "… tells MPs \n\n
         * London is ready" (fixtures/attrib/sentence-cue) */
        if (j > start && j < c->tk.n && (c->tk.t[j].flags & (QXP_T_SENT | QXP_T_PARA))) {
            break;
        }
        size_t k = phrase_piece(c, j);
        if (k == 0 && is_particle(c, j) && j > i && is_name_word(c, j + 1)) {
            k = 1;
        }
        if (k == 0) {
            k = modifiers_before_title(c, j);
        }
        if (k == 0) {
            break;
        }
        j += k;
        /* a possessive ends the phrase, unless a name or title follows it, whose possessor
         * it is: "said Xbox's Peter Moore", "said Microsoft's chairman Bill Gates"
         * (fixtures/speaker/possessor) */
        if ((c->tk.t[j - 1].flags & QXP_T_POSS) && !person_after_possessor(c, j)) {
            break;
        }
    }
    /* a name after a determiner modifies an office's title a lower-case word or two on:
     * "said the Spurs sporting director" is the director; "the Gizmondo combined media
     * player" no player (fixtures/speaker/epithet-title) */
    if (det && j > i && !(c->tk.t[j - 1].flags & QXP_T_POSS)) {
        const uint32_t stops = QXP_T_CAP | QXP_T_NUM | QXP_T_SENT | QXP_T_PARA;
        for (size_t m = j; m < j + 2 && usable(c, m) && (c->tk.t[m].flags & QXP_T_WORD) &&
                           !(c->tk.t[m].flags & stops) && !is_function_word(c, m) &&
                           !qxp_tok_lex(c, m, QXP_LEX_VERBS) &&
                           !(word_class(c, m) & (QXP_W_AUX | QXP_W_FINITE | QXP_W_DET));
             m++) {
            uint32_t tf = 0;
            size_t tl = title_at(c, m + 1, &tf);
            if (tl && (tf & (QXP_LF_PREFIX | QXP_LF_PLACE)) &&
                !(c->tk.t[m + 1].flags & QXP_T_CAP)) {
                j = m + 1 + tl;
                break;
            }
        }
    }
    /* a capitalized group word closes a body's name: "The Green Party opposed the plan,
     * saying …" is the party's, not "Green"'s (fixtures/attrib/ing-colon) */
    if (det && j > i && usable(c, j) && (c->tk.t[j].flags & QXP_T_CAP) &&
        !(c->tk.t[j - 1].flags & QXP_T_POSS) && qxp_tok_lex(c, j, QXP_LEX_GROUPS) &&
        !(c->tk.t[j].flags & (QXP_T_SENT | QXP_T_PARA))) {
        j++;
    }
    if (j == i && det) {
        /* det + up to three lowercase words: "the parson", "the old man", "a spokeswoman" */
        /* a finite auxiliary ends the phrase: 'Labour said the plans were "too little"'
         * is "the plans", the subject of the reported clause (fixtures/attrib/inv-clause) */
        /* capitalized words and numbers may come between, when a title or group word ends
         * the phrase: "said one senior Conservative MP"
         * (fixtures/speaker/det-cap-phrase) */
        size_t last_low = i;
        bool capped = false;
        while (j < c->tk.n && j - i < 4 && usable(c, j) && (c->tk.t[j].flags & QXP_T_WORD) &&
               (j - i < 3 || (c->tk.t[j].flags & QXP_T_CAP)) &&
               !(c->tk.t[j].flags & (QXP_T_SENT | QXP_T_PARA)) &&
               !qxp_tok_lex(c, j, QXP_LEX_VERBS) && !qxp_tok_lex(c, j, QXP_LEX_PRONOUNS) &&
               !is_function_word(c, j) && !(word_class(c, j) & QXP_W_FINITE) &&
               !((c->tk.t[j].flags & QXP_T_CAP) && qxp_is_det(c, j))) {
            /* an -ly adverb or an -ed verb after the noun is not part of the phrase:
             * '"Yes," said his stepson complacently.' names "stepson" (ly_adverb, ed_verb) */
            if (j > i && (ly_adverb(c, j) || ed_verb(c, j))) {
                break;
            }
            j++;
            /* an age is a noun too: '"Bring it on," said the 23-year-old.'
             * (fixtures/speaker/det-phrase) */
            bool noun = (qxp_tok_lex(c, j - 1, QXP_LEX_TITLES) ||
                         qxp_tok_lex(c, j - 1, QXP_LEX_GROUPS) || age_noun(c, j - 1) ||
                         plural_role(c, j - 1)) &&
                        !(c->tk.t[j - 1].flags & QXP_T_POSS);
            if (noun || (!(c->tk.t[j - 1].flags & (QXP_T_CAP | QXP_T_NUM)) && !capped)) {
                last_low = j;
            }
            capped |= (c->tk.t[j - 1].flags & (QXP_T_CAP | QXP_T_NUM)) != 0;
            /* the noun ends the phrase: "the parson followed" stops before "followed"; a
             * possessive does not: "the child's nurse" (fixtures/speaker/det-phrase); nor
             * does a group word before a title: "a senior administration official said" */
            if (noun && !(j < c->tk.n && !qxp_tok_lex(c, j - 1, QXP_LEX_TITLES) &&
                          usable(c, j) && (c->tk.t[j].flags & QXP_T_WORD) &&
                          !(c->tk.t[j].flags & QXP_T_CAP) && qxp_tok_lex(c, j, QXP_LEX_TITLES))) {
                break;
            }
        }
        j = last_low;
        /* after a reporting verb, adjectives before a name that ends the phrase: "said the
         * burly Moze," names Moze; "said a shrill Welsh voice" stays a voice
         * (fixtures/speaker/det-phrase) */
        bool inverted = start > 0 && qxp_tok_lex(c, start - 1, QXP_LEX_VERBS) != NULL;
        if (inverted && j > i) {
            j = closing_name(c, j);
        }
    } else if (det && j < c->tk.n && usable(c, j) && j - i <= 2 &&
               !title_at(c, j - 1, NULL) && !(c->tk.t[j - 1].flags & QXP_T_POSS) &&
               (c->tk.t[j].flags & QXP_T_WORD) && !(c->tk.t[j].flags & (QXP_T_CAP | QXP_T_NUM)) &&
               !qxp_tok_lex(c, j, QXP_LEX_VERBS) && !qxp_tok_lex(c, j, QXP_LEX_PRONOUNS) &&
               !is_function_word(c, j) &&
               !(word_class(c, j) & (QXP_W_FINITE | QXP_W_TIME | QXP_W_AUX)) &&
               !ly_adverb(c, j) && phrase_ends_after(c, j)) {
        /* a capitalized modifier before a closing lowercase noun: "said the German
         * exchange." is the exchange (fixtures/speaker/det-cap-phrase); an adverb is none:
         * "told the Gazette earlier in the week" (fixtures/speaker/time-adjunct) */
        j++;
    } else if (j == i) {
        /* a bare group word: "police said", "officials said"; after a reporting verb with
         * one lowercase modifier: "said security firms" (fixtures/speaker/group-tail) */
        if (usable(c, j) && qxp_tok_lex(c, j, QXP_LEX_GROUPS)) {
            j++;
        } else if (start > 0 && qxp_tok_lex(c, start - 1, QXP_LEX_VERBS) != NULL &&
                   usable(c, j) && usable(c, j + 1) && (c->tk.t[j].flags & QXP_T_WORD) &&
                   !(c->tk.t[j].flags & (QXP_T_CAP | QXP_T_NUM | QXP_T_POSS)) &&
                   !(c->tk.t[j + 1].flags & (QXP_T_CAP | QXP_T_SENT | QXP_T_PARA)) &&
                   !is_function_word(c, j) && !qxp_tok_lex(c, j, QXP_LEX_VERBS) &&
                   !qxp_tok_lex(c, j, QXP_LEX_PRONOUNS) && qxp_tok_lex(c, j + 1, QXP_LEX_GROUPS) &&
                   phrase_ends_after(c, j + 1)) {
            j += 2;
        } else if (start > 0 && qxp_tok_lex(c, start - 1, QXP_LEX_VERBS) != NULL) {
            /* after a reporting verb, one or two lowercase words before a name that ends
             * the phrase: "said old Cotter," "cried little Ann." name Cotter and Ann;
             * "said senior Labour figures" is no name (fixtures/speaker/epithet-name) */
            size_t a = j;
            while (a < c->tk.n && a - j < 2 && usable(c, a) && (c->tk.t[a].flags & QXP_T_WORD) &&
                   !(c->tk.t[a].flags & (QXP_T_CAP | QXP_T_NUM | QXP_T_POSS)) &&
                   !qxp_tok_lex(c, a, QXP_LEX_VERBS) && !qxp_tok_lex(c, a, QXP_LEX_PRONOUNS) &&
                   !is_function_word(c, a) && !qxp_is_det(c, a)) {
                a++;
            }
            if (a > j) {
                size_t n = closing_name(c, a);
                j = n > a ? n : j;
            }
        }
    }
    if (j == i) {
        /* an organisation's name that is no person's, up to eight tokens: 'said Google',
         * 'according to the BBC' (fixtures/speaker/org-subject) */
        while (j < c->tk.n && j - i < 8 && org_word(c, j) &&
               !(j > start && (c->tk.t[j].flags & (QXP_T_SENT | QXP_T_PARA)))) {
            j++;
            size_t jn = j > i ? org_joiner(c, j) : 0; /* "according to the Bank of England" */
            if (jn) {
                j += jn;
            }
        }
        desc_kind dk = DESC_NONE;
        size_t name0 = 0;
        if (j > i) {
            j = descriptor_name(c, i, j, &dk, &name0); /* "UK think-tank Demos" */
        }
        /* not a modifier of what follows: a lowercase noun ("called the Republican plan",
         * fixtures/attrib/news-patterns5), a title or a name ("National Bureau of Statistics
         * chief Li Deshui told", fixtures/speaker/org-subject) */
        if (j == i ||
            (j < c->tk.n && usable(c, j) && (c->tk.t[j].flags & QXP_T_WORD) &&
             ((!(c->tk.t[j].flags & (QXP_T_CAP | QXP_T_NUM)) && !ends_org_phrase(c, j)) ||
              title_at(c, j, NULL) || honorific_at(c, j, NULL) || is_name_word(c, j)))) {
            memset(out, 0, sizeof *out);
            return false;
        }
        classify(c, out, out->t0, j);
        if (dk != DESC_NONE) {
            /* the name after the description: "UK think-tank Demos" is Demos */
            if (dk == DESC_BODY || out->type != QXP_NP_NAME) {
                descriptor_body(out, name0);
            }
            return true;
        }
        /* a person named after an adjective the name words stopped at: "said the
         * American Lance Corrigan" (a given name tells the person; classify keeps it a
         * name, fixtures/speaker/org-adjective) */
        if (out->type == QXP_NP_NAME && out->n0 > out->t0 &&
            given_name(c, out->n0)) {
            return true;
        }
        if (!org_speaks(c, out, j)) {
            memset(out, 0, sizeof *out);
            return false;
        }
        return true;
    }
    /* a body's name goes on after a joiner: "the Department for Transport", "the Office
     * for National Statistics", "the Bank of Mexico"; a person's does not: "Hannah Ward of
     * the Refugee Council" (fixtures/speaker/org-subject) */
    while (j > i && j < c->tk.n && org_word(c, j - 1) && !is_name_word(c, j - 1) &&
           !(c->tk.t[j - 1].flags & QXP_T_POSS)) {
        size_t jn = org_joiner(c, j);
        if (jn == 0) {
            break;
        }
        size_t k = j + jn;
        while (k < c->tk.n && k - j < 8 && org_word(c, k) &&
               !(c->tk.t[k].flags & (QXP_T_SENT | QXP_T_PARA))) {
            k++;
        }
        qxp_np whole;
        memset(&whole, 0, sizeof whole);
        classify(c, &whole, out->t0, k);
        if (whole.type != QXP_NP_GROUP) {
            break;
        }
        j = k;
    }
    /* a multi-word group entry that the name words stopped inside: "the Home Office",
     * "according to Home Office figures" ("Office" is no name word) is the Home Office,
     * not Home (fixtures/speaker/group-entry) */
    size_t group0 = QXP_NONE;
    /* (only when the word the name stopped at occurs inside a group entry: one test for
     * most phrases) */
    for (size_t k = i; k < j && j < c->tk.n && usable(c, j) &&
                       qxp_tok_inner(&c->tk, j, QXP_LEX_GROUPS);
         k++) {
        const qxp_lexent *ge = NULL;
        size_t gl = qxp_multi_at(c, k, QXP_LEX_GROUPS, true, 0, &ge);
        if (gl && k + gl > j && k + gl - i <= QXP_NP_MAX_TOKENS) {
            j = k + gl;
            group0 = k;
            break;
        }
    }
    if (group0 != QXP_NONE) {
        /* the entry is the phrase's head: "the House of Lords" is no person "Lords" */
        classify(c, out, out->t0, j);
        if (out->type == QXP_NP_NAME && out->n0 > group0) {
            out->type = QXP_NP_GROUP;
            out->n0 = (uint32_t)i;
            out->n1 = (uint32_t)j;
            out->gender = 0;
            out->gender_sure = false;
        }
        return out->type != QXP_NP_NONE;
    }
    desc_kind dk = DESC_NONE;
    size_t name0 = 0;
    j = descriptor_name(c, i, j, &dk, &name0);
    classify(c, out, out->t0, j);
    if (dk == DESC_BODY && out->type != QXP_NP_NONE) {
        descriptor_body(out, name0); /* "Hollywood newspaper Daily Variety" */
    }
    return out->type != QXP_NP_NONE;
}

/* np_before's organisation: a name that is no person's, up to twelve tokens, ending at
 * end: "Google said", "the BBC reported", "Deutsche Bank said", "The Muslim Council of
 * Britain said" (fixtures/speaker/org-subject); not across the start of the sentence.
 * Fills out and returns true for a group. */
static bool org_before(const qxp_actx *c, size_t end, qxp_np *out) {
    size_t k = end;
    while (k > 0 && end - k < 12 && org_word(c, k - 1)) {
        k--;
        if (c->tk.t[k].flags & (QXP_T_SENT | QXP_T_PARA)) {
            break;
        }
        /* across a joiner after a word that is no person's name: "The Muslim Council of
         * Britain said", "National Bureau of Statistics"; not "Jane Doe of Oxford", but a
         * name after a determiner is a body's: "the California Chamber of Commerce", "the
         * Fraser of Allander Institute" */
        for (size_t jn = 2; jn >= 1; jn--) {
            if (k > jn && org_joiner(c, k - jn) == jn && org_word(c, k - jn - 1) &&
                (!is_name_word(c, k - jn - 1) || det_before_run(c, k - jn - 1))) {
                k -= jn;
                break;
            }
        }
    }
    if (k == end) {
        return false;
    }
    if (k > 0 && !(c->tk.t[k].flags & (QXP_T_SENT | QXP_T_PARA)) && usable(c, k - 1) &&
        qxp_is_det(c, k - 1)) {
        k--;
    }
    classify(c, out, k, end);
    if (org_speaks(c, out, end)) {
        return true;
    }
    memset(out, 0, sizeof *out);
    return false;
}

bool qxp_np_before(const qxp_actx *c, size_t end, qxp_np *out) {
    memset(out, 0, sizeof *out);
    if (end == 0 || !usable(c, end - 1)) {
        return false;
    }
    size_t i = end - 1;
    const qxp_lexent *p = qxp_tok_lex(c, i, QXP_LEX_PRONOUNS);
    if (p) {
        if (!(p->flags & QXP_LF_SUBJ)) {
            return false;
        }
        classify(c, out, i, end);
        return out->type != QXP_NP_NONE;
    }
    /* walk back over name words, titles, honorifics, particles, initials */
    size_t j = end;
    bool modifier_chain = false;
    while (j > 0 && end - j < QXP_NP_MAX_TOKENS) {
        size_t k = j - 1;
        if (!usable(c, k)) {
            break;
        }
        if (is_punct(c, k, '.') && k > 0 && usable(c, k - 1) &&
            (c->tk.t[k - 1].flags & QXP_T_CAP) &&
            (tok_len(c, k - 1) == 1 || honorific_at(c, k - 1, NULL) || title_at(c, k - 1, NULL))) {
            j = k - 1; /* "J." "Mr." "Sen." */
            continue;
        }
        if (c->tk.t[k].flags & QXP_T_WORD) {
            if ((c->tk.t[k].flags & QXP_T_POSS) && j != end) {
                break; /* "Peskov’s spokesman": the owner is not the speaker */
            }
            if (is_name_word(c, k) || honorific_at(c, k, NULL) || title_at(c, k, NULL)) {
                j = k;
                if (c->tk.t[k].flags & QXP_T_SENT) {
                    break;
                }
                continue;
            }
            if (is_particle(c, k) && j < end && k > 0 && is_name_word(c, k - 1)) {
                j = k;
                continue;
            }
            if (j < end && is_modifier(c, k) && (title_at(c, j, NULL) || modifier_chain)) {
                j = k; /* "Kremlin" before "spokesman", "Downing Street spokesman" */
                modifier_chain = true;
                continue;
            }
            /* multi-word title ending here: "chief executive", "prime minister" */
            if (k > 0 && title_at(c, k - 1, NULL) >= 2) {
                j = k - 1;
                continue;
            }
        }
        break;
    }
    /* names that end a body's name are that body: "the Office for National Statistics
     * said" (not "Lions coach Clive Woodward", which has a title) */
    if (j < end && j > 0 && body_name_before(c, j, j > 12 ? j - 12 : 0)) {
        bool names_only = true;
        for (size_t k = j; k < end && names_only; k++) {
            names_only = org_word(c, k);
        }
        if (names_only && org_before(c, end, out)) {
            return true;
        }
    }
    if (j < end) {
        /* one or two lowercase words between a determiner and a role: "a senior
         * administration official said", "the top trade negotiator" (not a name:
         * fixtures/speaker/det-phrase) */
        bool named = false;
        for (size_t k = j; k < end && !named; k++) {
            named = is_name_word(c, k);
        }
        size_t a = j;
        /* (a determiner within three words first: most phrases have none) */
        bool det_near = false;
        for (size_t k = j; !named && k > 0 && j - k < 3 && !det_near; k--) {
            det_near = qxp_is_det(c, k - 1);
        }
        while (det_near && a > 1 && j - a < 2 && usable(c, a - 1) &&
               (c->tk.t[a - 1].flags & QXP_T_WORD) &&
               !(c->tk.t[a - 1].flags & (QXP_T_CAP | QXP_T_NUM | QXP_T_POSS)) &&
               !qxp_is_det(c, a - 1) && !is_function_word(c, a - 1) &&
               !qxp_tok_lex(c, a - 1, QXP_LEX_VERBS) && !qxp_tok_lex(c, a - 1, QXP_LEX_PRONOUNS) &&
               !(word_class(c, a - 1) & (QXP_W_AUX | QXP_W_FINITE | QXP_W_TIME)) &&
               !ly_adverb(c, a - 1) && !time_noun(c, a - 1)) {
            a--;
        }
        if (a < j && qxp_is_det(c, a - 1) && usable(c, a - 1)) {
            j = a;
        }
        if (j > 0 && qxp_is_det(c, j - 1) && usable(c, j - 1)) {
            j--;
        }
        classify(c, out, j, end);
        return out->type != QXP_NP_NONE;
    }
    /* det + up to three lowercase words: "the parson said", "a spokeswoman said"; before
     * the last one, capitalized words and numbers too: "The German exchange said", "A No 10
     * source said" (fixtures/speaker/det-cap-phrase) */
    for (size_t back = 1; back <= 4 && back <= i + 1; back++) {
        size_t k = end - back;
        uint32_t f = usable(c, k) ? c->tk.t[k].flags : 0;
        bool cap_ok = back > 1 && back <= 3 && !(f & (QXP_T_POSS | QXP_T_SENT)) &&
                      !qxp_is_det(c, k) && !qxp_tok_lex(c, k, QXP_LEX_PRONOUNS);
        if (!(f & QXP_T_WORD) || ((f & QXP_T_CAP) && !cap_ok) || (back == 4 && !(f & QXP_T_CAP)) ||
            qxp_tok_lex(c, k, QXP_LEX_VERBS) || is_function_word(c, k) ||
            (word_class(c, k) & (QXP_W_AUX | QXP_W_FINITE)) || ly_adverb(c, k) ||
            (back == 1 && (time_noun(c, k) || qxp_sentence_adverb(c, k)))) {
            /* "Looking ahead in the year, the firm's chairman …": "the year" is a time,
             * no speaker (fixtures/speaker/time-adjunct) */
            break;
        }
        if (k > 0 && qxp_is_det(c, k - 1) && usable(c, k - 1)) {
            classify(c, out, k - 1, end);
            return out->type != QXP_NP_NONE;
        }
    }
    /* an organisation's name (before the bare group word below, which would make "Deutsche
     * Bank said" "Bank") */
    if (org_before(c, end, out)) {
        return true;
    }
    /* a bare group word: "police said" */
    if ((c->tk.t[i].flags & QXP_T_WORD) && qxp_tok_lex(c, i, QXP_LEX_GROUPS)) {
        classify(c, out, i, end);
        return out->type != QXP_NP_NONE;
    }
    return false;
}

/* ---- entities -------------------------------------------------------------------------- */

/* Clean text of tokens [t0, t1) without a final possessive. */
static char *span_text(qxp_actx *c, size_t t0, size_t t1) {
    size_t s = c->tk.t[t0].start;
    size_t e = c->tk.t[t1 - 1].start + base_len(c, t1 - 1);
    return qxp_text_clean_dup(&c->d->arena, c->text + s, e - s);
}

static bool tok_eq_fold(const qxp_actx *c, size_t a, size_t b) {
    char fa[128], fb[128];
    size_t la = qxp_casefold(tok_ptr(c, a), base_len(c, a), fa, sizeof fa);
    size_t lb = qxp_casefold(tok_ptr(c, b), base_len(c, b), fb, sizeof fb);
    return la != (size_t)-1 && la == lb && qxp_bytes_eq(fa, fb, la);
}

static bool str_eq_fold(const char *a, size_t la, const char *b, size_t lb) {
    char fa[256], fb[256];
    size_t x = qxp_casefold(a, la, fa, sizeof fa);
    size_t y = qxp_casefold(b, lb, fb, sizeof fb);
    return x != (size_t)-1 && x == y && qxp_bytes_eq(fa, fb, x);
}

/* First entity a lookup considers: the latest QXP_ENTITY_WINDOW only, so that a document
 * naming hundreds of thousands of people stays linear (real articles name a few dozen). */
static size_t entity_window(const qxp_actx *c) {
    return c->n_ents > QXP_ENTITY_WINDOW ? c->n_ents - QXP_ENTITY_WINDOW : 0;
}

/* The hash of the n bytes s, 8 bytes at a time with the word table's multiplier
 * (QXP_WHASH_MUL) and n mixed in; with `lower`, of s with its ASCII letters lowercased
 * (qxp_ascii_lower8), and then only when s is all ASCII (*ascii tells). The chunks are the
 * 8-byte groups from the start, then the last 8 bytes (overlapping the group before) for a
 * rest; a shorter text is read as its first and last 4 bytes ("Peskov": "Pesk" and "skov"),
 * or its first, middle and last byte (qxp_key8). Any chunking that depends on the bytes and
 * n alone would do: a hash is only compared with the hash of another name (set_name,
 * find_name_entity). */
static inline uint32_t fh_bytes(const char *s, size_t n, bool lower, bool *ascii) {
    uint64_t x = n * QXP_WHASH_MUL, w, any = 0;
    if (n >= 8) {
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            memcpy(&w, s + i, 8);
            any |= w;
            x = (x ^ (lower ? qxp_ascii_lower8(w) : w)) * QXP_WHASH_MUL;
        }
        if (i < n) {
            memcpy(&w, s + n - 8, 8);
            any |= w;
            x = (x ^ (lower ? qxp_ascii_lower8(w) : w)) * QXP_WHASH_MUL;
        }
    } else {
        w = qxp_key8(s, n);
        any = w;
        x = (x ^ (lower ? qxp_ascii_lower8(w) : w)) * QXP_WHASH_MUL;
    }
    *ascii = !(any & QXP_REP8(0x80));
    x ^= x >> 32; /* the top bits into the low ones, which eix_slot uses */
    return (uint32_t)((x * QXP_WHASH_MUL) >> 32);
}

uint32_t qxp_bytes_hash(const char *s, size_t n) {
    bool ascii;
    return fh_bytes(s, n, false, &ascii);
}

/* The hash of the casefolded (s, n), or of its first 256 bytes as they are when it does
 * not fold into 256 bytes. ASCII text (nearly every name) is lowercased 8 bytes at a time
 * as it is hashed, without qxp_casefold (whose result for it is the same bytes): measured
 * on the first 200 BBC lines (14K calls), fold_hash went from 1.67M instructions
 * (qxp_casefold, then FNV-1a a byte at a time) to 0.82M. */
static uint32_t fold_hash(const char *s, size_t n) {
    bool ascii;
    if (n <= 256) {
        uint32_t h = fh_bytes(s, n, true, &ascii);
        if (ascii) {
            return h;
        }
    }
    char buf[256];
    size_t fl = qxp_casefold(s, n, buf, sizeof buf);
    if (fl == (size_t)-1) {
        fl = n < sizeof buf ? n : sizeof buf; /* as they are, not lowercased */
        memcpy(buf, s, fl);
    }
    return fh_bytes(buf, fl, false, &ascii);
}

/* ---- the entity index ------------------------------------------------------------------
 * find_name_entity compared a name with each of the latest 1024 entities; on text that
 * names thousands (16 MiB of random bytes: 2 million lookups among the one- and two-letter
 * "names" it makes, tests/stress.sh) that was a fifth of the run and grew faster than the
 * input. The index maps each (kind, hash) - kind 0 the full name, 1 the surname, 2 the
 * first name - to the entities that had that hash when they became usable for names or
 * were renamed, as a chain of nodes in descending entity order. A lookup walks a chain
 * from the newest entity down to the window's start and checks each entity as the scan
 * would (a renamed entity leaves a stale node behind; a hash may collide), so its answers
 * are the scan's. */
/* (qxp_eslot and qxp_enode: attrib.h) */

enum { EIX_FULL, EIX_LAST, EIX_FIRST };
/* A rename files an older entity in the middle of its chain; a walk longer than this
 * turns the index off (lookups scan again) rather than let renames grow quadratic. */
#define EIX_INSERT_WALK 64

static size_t eix_slot(const qxp_eslot *t, size_t cap, unsigned kind, uint32_t h) {
    size_t i = (h ^ (kind * 0x9e3779b9u)) & (cap - 1);
    while (t[i].kind != 0 && (t[i].kind != kind + 1 || t[i].hash != h)) {
        i = (i + 1) & (cap - 1);
    }
    return i;
}

/* Doubles the slot table and files the used slots again. The first table is the context's
 * own (eix_local, QXP_EIX_LOCAL slots): no allocation for most documents. */
static qx_status eix_grow(qxp_actx *c) {
    if (c->eix_cap == 0) {
        memset(c->eix_local, 0, sizeof c->eix_local);
        c->eix = c->eix_local;
        c->eix_cap = QXP_EIX_LOCAL;
        return QX_OK;
    }
    size_t cap = c->eix_cap * 2;
    qxp_eslot *t = qxp_calloc(cap, sizeof *t);
    if (t == NULL) {
        return QX_ERR_NOMEM;
    }
    for (size_t i = 0; i < c->eix_cap; i++) {
        if (c->eix[i].kind != 0) {
            t[eix_slot(t, cap, c->eix[i].kind - 1, c->eix[i].hash)] = c->eix[i];
        }
    }
    if (c->eix != c->eix_local) {
        qxp_free(c->eix);
    }
    c->eix = t;
    c->eix_cap = cap;
    return QX_OK;
}

/* Records that entity k has hash h of this kind. A failed allocation or a long insertion
 * walk turns the index off, which costs time, never an answer. */
static void eix_put(qxp_actx *c, unsigned kind, uint32_t h, size_t k) {
    if (c->eix_off) {
        return;
    }
    if (k >= UINT32_MAX || c->eix_nodes_n >= UINT32_MAX - 1 ||
        ((c->eix_n + 1) * 2 > c->eix_cap &&
         eix_grow(c) != QX_OK)) {
        c->eix_off = true;
        return;
    }
    qx_status st = QX_OK;
    if (QXP_PUSH_LOCAL(c->eix_nodes, c->eix_nodes_n, c->eix_nodes_cap, c->eix_nodes_local,
                       st) == NULL) {
        c->eix_off = true;
        return;
    }
    uint32_t node = (uint32_t)c->eix_nodes_n; /* the new node + 1 */
    c->eix_nodes[node - 1].ent = (uint32_t)k;
    qxp_eslot *s = &c->eix[eix_slot(c->eix, c->eix_cap, kind, h)];
    if (s->kind == 0) {
        s->kind = kind + 1;
        s->hash = h;
        s->head = 0;
        c->eix_n++;
    }
    uint32_t *link = &s->head;
    for (size_t walk = 0; *link != 0 && c->eix_nodes[*link - 1].ent > k; walk++) {
        if (walk == EIX_INSERT_WALK) {
            c->eix_off = true;
            return;
        }
        link = &c->eix_nodes[*link - 1].next;
    }
    if (*link != 0 && c->eix_nodes[*link - 1].ent == k) {
        c->eix_nodes_n--; /* already filed under this hash */
        return;
    }
    c->eix_nodes[node - 1].next = *link;
    *link = node;
}

/* The newest node of (kind, h), or NULL when no entity was filed under it (inline: see
 * modifiers_before_title). */
static inline const qxp_enode *eix_first(const qxp_actx *c, unsigned kind, uint32_t h) {
    if (c->eix_cap == 0) {
        return NULL;
    }
    const qxp_eslot *s = &c->eix[eix_slot(c->eix, c->eix_cap, kind, h)];
    return s->kind != 0 && s->head != 0 ? &c->eix_nodes[s->head - 1] : NULL;
}

static const qxp_enode *eix_next(const qxp_actx *c, const qxp_enode *n) {
    return n->next != 0 ? &c->eix_nodes[n->next - 1] : NULL;
}

/* Sets entity k's canonical name and the hashes of its full, first and last name. */
static void set_name(qxp_actx *c, size_t k, char *name) {
    qxp_entity *e = &c->ents[k];
    e->name = name;
    e->name_len = strlen(name);
    e->name_hash = fold_hash(name, e->name_len);
    size_t f = 0;
    while (f < e->name_len && name[f] != ' ') {
        f++;
    }
    size_t l = e->name_len;
    while (l > 0 && name[l - 1] != ' ') {
        l--;
    }
    e->first_hash = fold_hash(name, f);
    e->last_hash = fold_hash(name + l, e->name_len - l);
}

static bool name_usable(const qxp_entity *en) {
    return !en->group && en->surname_t != QXP_NONE;
}

/* Indexes entity k under its current hashes: called whenever an entity becomes usable for
 * name lookups (a person's name with its surname token) or such an entity is renamed, so
 * that every usable entity lies between the lowest and highest index of each of its
 * hashes. */
static void eix_add(qxp_actx *c, size_t k) {
    const qxp_entity *e = &c->ents[k];
    if (name_usable(e)) {
        eix_put(c, EIX_FULL, e->name_hash, k);
        eix_put(c, EIX_LAST, e->last_hash, k);
        eix_put(c, EIX_FIRST, e->first_hash, k);
    }
}

void qxp_entity_rename(qxp_actx *c, size_t e, char *name) {
    set_name(c, e, name);
    eix_add(c, e);
}

static uint32_t tok_hash(const qxp_actx *c, size_t i) {
    return fold_hash(tok_ptr(c, i), base_len(c, i));
}

static qx_status new_entity(qxp_actx *c, char *name, size_t first_off, size_t *out) {
    qx_status st = QX_OK;
    qxp_entity *e = QXP_PUSH(c->ents, c->n_ents, c->cap_ents, st);
    if (e == NULL) {
        return st;
    }
    memset(e, 0, sizeof *e);
    set_name(c, c->n_ents - 1, name);
    e->surname_t = QXP_NONE;
    e->first_off = first_off;
    e->out_index = -1;
    *out = c->n_ents - 1;
    return QX_OK;
}

static qx_status add_title(qxp_actx *c, qxp_entity *e, size_t t0, size_t t1) {
    if (t1 <= t0) {
        return QX_OK;
    }
    char *t = span_text(c, t0, t1);
    if (t == NULL) {
        return QX_ERR_NOMEM;
    }
    for (size_t i = 0; i < e->n_titles; i++) {
        if (str_eq_fold(e->titles[i], strlen(e->titles[i]), t, strlen(t))) {
            return QX_OK;
        }
    }
    qx_status st = QX_OK;
    char **slot = QXP_ARENA_PUSH(&c->d->arena, e->titles, e->n_titles, e->cap_titles, st);
    if (slot == NULL) {
        return st;
    }
    *slot = t;
    return QX_OK;
}

/* Index of the first ref whose t0 >= t (binary search over the sorted refs). */
size_t qxp_refs_from(const qxp_actx *c, size_t t) {
    size_t lo;
    QXP_LOWER_BOUND(lo, 0, c->n_refs, j, c->refs[j].t0 < t);
    return lo;
}

static int cmp_ref(const void *a, const void *b) {
    const qxp_mref *x = a, *y = b;
    if (x->t0 != y->t0) {
        return x->t0 < y->t0 ? -1 : 1;
    }
    if (x->entity != y->entity) {
        return x->entity < y->entity ? -1 : 1;
    }
    return x->t1 < y->t1 ? -1 : x->t1 > y->t1;
}

qx_status qxp_refs_settle(qxp_actx *c) {
    if (c->n_late == 0) {
        return QX_OK;
    }
    /* sort the late ones, merge them in, merge duplicates: linear-logarithmic in the late
     * mentions instead of one memmove per out-of-order mention (a 4 MiB article took 17 s
     * before, fixtures/robust). refs is sorted (appends only extend it), so a merge from
     * the back suffices; on equal keys the earlier ref stays first, as the duplicate merge
     * below expects. */
    qx_status st = qxp_grow_local((void **)&c->refs, &c->cap_refs, c->n_refs + c->n_late,
                                  sizeof(qxp_mref), c->refs_local);
    if (st != QX_OK) {
        return st;
    }
    size_t sorted = 1; /* a second pass over the text files its mentions in text order */
    while (sorted < c->n_late && cmp_ref(&c->late[sorted - 1], &c->late[sorted]) <= 0) {
        sorted++;
    }
    if (sorted < c->n_late) {
        qsort(c->late, c->n_late, sizeof(qxp_mref), cmp_ref);
    }
    size_t a = c->n_refs, b = c->n_late, o = c->n_refs + c->n_late;
    while (b > 0) {
        if (a > 0 && cmp_ref(&c->refs[a - 1], &c->late[b - 1]) > 0) {
            c->refs[--o] = c->refs[--a];
        } else {
            c->refs[--o] = c->late[--b];
        }
    }
    c->n_refs += c->n_late;
    c->n_late = 0;
    size_t w = 0;
    for (size_t i = 0; i < c->n_refs; i++) {
        qxp_mref *r = &c->refs[i];
        if (w > 0 && c->refs[w - 1].t0 == r->t0 && c->refs[w - 1].t1 == r->t1 &&
            c->refs[w - 1].entity == r->entity) {
            c->refs[w - 1].subject |= r->subject;
            c->refs[w - 1].addressee |= r->addressee;
            c->refs[w - 1].speaker |= r->speaker;
            continue;
        }
        c->refs[w++] = *r;
    }
    c->n_refs = w;
    return QX_OK;
}

qx_status qxp_entity_mention(qxp_actx *c, size_t ei, size_t t0, size_t t1, bool subject,
                             bool addressee, bool speaker) {
    qxp_entity *e = &c->ents[ei];
    size_t s = c->tk.t[t0].start, en = c->tk.t[t1 - 1].end;
    /* the same span is seen again soon after (collection, then resolution): checking the
     * latest mentions keeps this constant time */
    size_t from = e->n_mentions > 16 ? e->n_mentions - 16 : 0;
    bool known = false;
    for (size_t i = from; i < e->n_mentions && !known; i++) {
        known = e->mentions[i].span.start == s && e->mentions[i].span.end == en;
    }
    if (!known) {
        qx_status st = QX_OK;
        /* in the document's arena: an entity has one or a few mentions, and the document
         * keeps those of its speakers (measured on the first 200 BBC lines, with the titles:
         * 1,200 of the 5,200 mallocs and reallocs gone, 51.58M -> 51.30M instructions) */
        qx_mention *m = QXP_ARENA_PUSH(&c->d->arena, e->mentions, e->n_mentions,
                                       e->cap_mentions, st);
        if (m == NULL) {
            return st;
        }
        m->span.start = s;
        m->span.end = en;
        m->text = qxp_mention_text(c, s, en);
        if (m->text == NULL) {
            return QX_ERR_NOMEM;
        }
    }
    /* one ref per mention: a second sighting only adds its flags */
    size_t lo = qxp_refs_from(c, t0);
    for (size_t k = lo; k < c->n_refs && c->refs[k].t0 == t0; k++) {
        if (c->refs[k].t1 == t1 && c->refs[k].entity == ei) {
            c->refs[k].subject |= subject;
            c->refs[k].addressee |= addressee;
            c->refs[k].speaker |= speaker;
            return QX_OK;
        }
    }
    qx_status st = QX_OK;
    qxp_mref *r;
    if (lo == c->n_refs) {
        r = QXP_PUSH_LOCAL(c->refs, c->n_refs, c->cap_refs, c->refs_local, st); /* append */
    } else {
        r = QXP_PUSH_LOCAL(c->late, c->n_late, c->cap_late, c->late_local, st); /* settled */
    }
    if (r == NULL) {
        return st;
    }
    r->t0 = (uint32_t)t0;
    r->t1 = (uint32_t)t1;
    r->entity = (uint32_t)ei;
    r->subject = subject;
    r->addressee = addressee;
    r->speaker = speaker;
    return QX_OK;
}

/* The words of tokens [t0, t1) (possessive 's stripped) joined by single spaces, no space
 * before a period ("J. R. Smith"), as entity names are written: the raw span may hold line
 * breaks, NBSP or NUL between the words. Stops before a word that would fill out[0..cap).
 * Returns the length (not NUL-terminated). */
static inline size_t name_words(const qxp_actx *c, size_t t0, size_t t1, char *out,
                                size_t cap) {
    size_t len = 0;
    for (size_t k = t0; k < t1; k++) {
        size_t tl = base_len(c, k);
        if (len + tl + 1 >= cap) {
            break;
        }
        if (k > t0 && !is_punct(c, k, '.')) {
            out[len++] = ' ';
        }
        memcpy(out + len, tok_ptr(c, k), tl);
        len += tl;
    }
    return len;
}

/* A partial name ("Mr Howard", "Howard" after "Sandra Howard") prefers an entity whose
 * gender does not conflict with its own: in "Michael Howard … Sandra Howard … Mr Howard
 * said", Mr Howard is Michael, not the latest Howard (fixtures/speaker/honorific-gender).
 * With no such entity it joins the latest as before, as a given name's gender may be wrong
 * ("Mr Mittal" after "Lakshmi Mittal"). A full name that would rename a one-word entity
 * must fit: "Mrs Howard … Michael Howard's wife" keeps the two apart. */
static bool gender_fits(const qxp_entity *en, uint32_t g) {
    return g == 0 || en->gender == 0 || en->gender == g;
}

/* ... and never one whose gender conflicts when both come from honorifics: "Mr Howard" is
 * not the "Mrs Howard" of the headline (fixtures/speaker/honorific-gender-first); a title's
 * gender is weaker ("Police Federation chairman Jan Berry" is "Ms Berry" later) */
static bool gender_rules_out(const qxp_entity *en, uint32_t g, bool sure) {
    return sure && en->gender_sure && !gender_fits(en, g);
}

/* The gender a name's lookup relies on: a fuller name's, or a one-word name's when an
 * honorific or title shows it; a lone given name does not ("Warren said" after "Senator
 * Elizabeth Warren": a surname, fixtures/speaker/surname). */
static uint32_t lookup_gender(const qxp_actx *c, const qxp_np *np) {
    if (np->n1 - np->n0 > 1 || np->n0 > np->t0 + (qxp_is_det(c, np->t0) ? 1u : 0u)) {
        return np->gender;
    }
    return 0;
}

/* find_name_entity through the index: the scan's answer from the chains of the name's
 * hashes. False when the index is off (the scan must decide). */
static bool eix_find(const qxp_actx *c, size_t n0, size_t n1, const char *key, size_t kl,
                     uint32_t full, uint32_t one, uint32_t last, uint32_t g, bool sure,
                     size_t *out) {
    if (c->eix_off) {
        return false;
    }
    size_t w0 = entity_window(c);
    /* the scan returns the earliest exact match in the window: the last one on the walk */
    size_t exact = QXP_NONE;
    for (const qxp_enode *n = eix_first(c, EIX_FULL, full); n && n->ent >= w0;
         n = eix_next(c, n)) {
        const qxp_entity *en = &c->ents[n->ent];
        if (name_usable(en) && en->name_hash == full &&
            str_eq_fold(en->name, en->name_len, key, kl) && !gender_rules_out(en, g, sure)) {
            exact = n->ent;
        }
    }
    *out = exact;
    if (exact != QXP_NONE) {
        return true;
    }
    /* else the latest entity that passes the test of its kind: the first on the walk, or
     * the first whose gender fits when one does */
    size_t any = QXP_NONE;
    if (n1 - n0 > 1) {
        for (const qxp_enode *n = eix_first(c, EIX_FULL, last); n && n->ent >= w0;
             n = eix_next(c, n)) {
            const qxp_entity *en = &c->ents[n->ent];
            if (name_usable(en) && en->name_hash == last && en->first_hash == en->name_hash &&
                tok_eq_fold(c, en->surname_t, n1 - 1) && gender_fits(en, g)) {
                *out = n->ent;
                break;
            }
        }
        return true;
    }
    for (const qxp_enode *n = eix_first(c, EIX_LAST, one); n && n->ent >= w0;
         n = eix_next(c, n)) {
        const qxp_entity *en = &c->ents[n->ent];
        if (name_usable(en) && en->last_hash == one && tok_eq_fold(c, en->surname_t, n0) &&
            !gender_rules_out(en, g, sure)) {
            any = any == QXP_NONE ? n->ent : any;
            if (gender_fits(en, g)) {
                *out = n->ent;
                return true;
            }
        }
    }
    if (any != QXP_NONE) {
        *out = any;
        return true;
    }
    for (const qxp_enode *n = eix_first(c, EIX_FIRST, one); n && n->ent >= w0;
         n = eix_next(c, n)) {
        const qxp_entity *en = &c->ents[n->ent];
        if (name_usable(en) && en->first_hash == one && en->first_hash != en->name_hash &&
            !gender_rules_out(en, g, sure)) {
            any = any == QXP_NONE ? n->ent : any;
            if (gender_fits(en, g)) {
                *out = n->ent;
                return true;
            }
        }
    }
    *out = any;
    return true;
}

/* The lookup by scanning the window: the definition of find_name_entity's answer. Among
 * the entities a partial name may join, the latest whose gender fits, else the latest. */
static size_t scan_name_entity(const qxp_actx *c, size_t n0, size_t n1, const char *key,
                               size_t kl, uint32_t full, uint32_t one, uint32_t last,
                               uint32_t g, bool sure) {
    size_t best = QXP_NONE, first = QXP_NONE, best_fit = QXP_NONE, first_fit = QXP_NONE;
    for (size_t k = entity_window(c); k < c->n_ents; k++) {
        const qxp_entity *en = &c->ents[k];
        if (!name_usable(en)) {
            continue;
        }
        if (gender_rules_out(en, g, sure)) {
            continue;
        }
        if (en->name_hash == full && str_eq_fold(en->name, en->name_len, key, kl)) {
            return k;
        }
        bool fits = gender_fits(en, g);
        if (n1 - n0 > 1 && en->first_hash == en->name_hash && en->name_hash == last &&
            tok_eq_fold(c, en->surname_t, n1 - 1)) {
            best = k;
            best_fit = fits ? k : best_fit;
        }
        if (n1 - n0 == 1) {
            if (en->last_hash == one && tok_eq_fold(c, en->surname_t, n0)) {
                best = k; /* the latest entity with that surname wins */
                best_fit = fits ? k : best_fit;
            } else if (en->first_hash == one && en->first_hash != en->name_hash) {
                first = k; /* a first name alone: "Jane" -> "Jane Smith" (fiction) */
                first_fit = fits ? k : first_fit;
            }
        }
    }
    if (n1 - n0 > 1) {
        return best_fit; /* a fuller name renames the entity it joins: only when it fits */
    }
    if (best != QXP_NONE) {
        return best_fit != QXP_NONE ? best_fit : best;
    }
    return first_fit != QXP_NONE ? first_fit : first;
}

/* Whether a person entity in the window has token k's word for its surname (classify:
 * "Knight said" after "Beverley Knight"): the index's chain of that hash, or the scan when
 * the index is off. */
static bool surname_known(const qxp_actx *c, size_t k) {
    uint32_t h = tok_hash(c, k);
    size_t w0 = entity_window(c);
    if (!c->eix_off) {
        for (const qxp_enode *n = eix_first(c, EIX_LAST, h); n && n->ent >= w0;
             n = eix_next(c, n)) {
            const qxp_entity *en = &c->ents[n->ent];
            if (name_usable(en) && en->last_hash == h && tok_eq_fold(c, en->surname_t, k)) {
                return true;
            }
        }
        return false;
    }
    for (size_t e = w0; e < c->n_ents; e++) {
        const qxp_entity *en = &c->ents[e];
        if (name_usable(en) && en->last_hash == h && tok_eq_fold(c, en->surname_t, k)) {
            return true;
        }
    }
    return false;
}

/* Finds the entity for a name part [n0, n1) whose mention shows gender g (0 when none;
 * `sure` when an honorific shows it): same full name, or a full name whose surname (or,
 * failing that, first name) equals a one-word name, preferring one whose gender fits. */
static size_t find_name_entity(const qxp_actx *c, size_t n0, size_t n1, uint32_t g,
                               bool sure) {
    char key[256];
    size_t kl = name_words(c, n0, n1, key, sizeof key);
    uint32_t full = fold_hash(key, kl);
    /* a one-word name is its own key: its hash is the full one (unless the key was cut) */
    uint32_t one = n1 - n0 != 1 ? 0 : kl == base_len(c, n0) ? full : tok_hash(c, n0);
    /* "Steffen Seibert" after "Seibert tweeted": the one-word entity is the same person and
     * takes the fuller name (fixtures/speaker/surname) */
    uint32_t last = n1 - n0 > 1 ? tok_hash(c, n1 - 1) : 0;
    size_t e;
    if (eix_find(c, n0, n1, key, kl, full, one, last, g, sure, &e)) {
#ifdef QXP_CHECKS
        /* make check and the fuzz targets hold the index to the scan's answer */
        if (e != scan_name_entity(c, n0, n1, key, kl, full, one, last, g, sure)) {
            abort();
        }
#endif
        return e;
    }
    return scan_name_entity(c, n0, n1, key, kl, full, one, last, g, sure);
}

/* find_name_entity for a phrase's name part. */
static size_t np_entity(const qxp_actx *c, const qxp_np *np) {
    return find_name_entity(c, np->n0, np->n1, lookup_gender(c, np), np->gender_sure);
}

/* name_entity when np_entity(c, np) is known to be `found`. */
static qx_status name_entity_found(qxp_actx *c, const qxp_np *np, bool create, size_t found,
                                   size_t *out) {
    *out = found;
    qx_status st;
    if (*out == QXP_NONE) {
        if (!create) {
            return QX_OK;
        }
        char *name = span_text(c, np->n0, np->n1);
        if (name == NULL) {
            return QX_ERR_NOMEM;
        }
        if ((st = new_entity(c, name, c->tk.t[np->t0].start, out)) != QX_OK) {
            return st;
        }
        c->ents[*out].person = true;
        c->ents[*out].surname_t = np->n1 - 1;
        eix_add(c, *out);
    } else {
        qxp_entity *e = &c->ents[*out];
        /* a fuller name upgrades the canonical one: "Peskov" then "Dmitry Peskov" */
        size_t len = c->tk.t[np->n1 - 1].start + base_len(c, np->n1 - 1) - c->tk.t[np->n0].start;
        if (np->n1 - np->n0 > 1 && len > e->name_len) {
            char *name = span_text(c, np->n0, np->n1);
            if (name == NULL) {
                return QX_ERR_NOMEM;
            }
            set_name(c, *out, name);
            e->surname_t = np->n1 - 1;
            eix_add(c, *out);
        }
    }
    qxp_entity *e = &c->ents[*out];
    if (!e->gender) {
        e->gender = np->gender;
        e->gender_sure = np->gender_sure;
    }
    /* the words before the name, less determiner and honorifics ("Mr", "Dr."), are its
     * title: "Kremlin spokesman", "President" */
    size_t t0 = np->t0 + (qxp_is_det(c, np->t0) ? 1 : 0), t1 = np->n0;
    for (size_t k = t0; k < t1; k++) {
        if (c->tk.t[k].flags & QXP_T_POSS) {
            t0 = k + 1; /* "Labour's shadow chancellor Rachel Reeves": "shadow chancellor" */
        }
    }
    while (t1 > t0 && honorific_at(c, t1 - 1, NULL) != 0) {
        t1 -= 1;
    }
    while (t1 > t0 && is_punct(c, t1 - 1, '.') && t1 - 1 > t0 && honorific_at(c, t1 - 2, NULL)) {
        t1 -= 2;
    }
    return add_title(c, e, t0, t1);
}

/* Registers a NAME phrase as an entity (or joins an existing one). */
static qx_status name_entity(qxp_actx *c, const qxp_np *np, bool create, size_t *out) {
    return name_entity_found(c, np, create, np_entity(c, np), out);
}

/* A person signal: a title or honorific before the name, a known given name, or a
 * reporting verb right after it ("Burton explained from a podium.") */
static bool person_signal(const qxp_actx *c, const qxp_np *np) {
    if (np->n0 > np->t0 + (qxp_is_det(c, np->t0) ? 1u : 0u)) {
        return true;
    }
    if (np->t1 < c->tk.n && usable(c, np->t1) && qxp_tok_lex(c, np->t1, QXP_LEX_VERBS)) {
        return true;
    }
    /* a given name of either gender or none opening a fuller name: "Morgan Freeman won
     * the prize over Clive Owen. … he said" is Freeman (fixtures/speaker/unisex-given) */
    return np->n1 - np->n0 >= 2 && given_name(c, np->n0);
}

/* The first of the words right before token `at` (the comma of an appositive): at most
 * `max` tokens back, not across punctuation, quoted text or a sentence start; `at` itself
 * when no word precedes it. */
static size_t words_before(const qxp_actx *c, size_t at, size_t max) {
    size_t b = at;
    while (b > 0 && at - b < max && usable(c, b - 1) && !(c->tk.t[b - 1].flags & QXP_T_PUNCT) &&
           !(c->tk.t[b].flags & QXP_T_SENT)) {
        b--;
    }
    return b;
}

/* The title of an appositive next to a name: "The governor of the Bank of England, Andrew
 * Bailey, …" and "Huw Pill, the Bank's chief economist, …" give Bailey "governor" and Pill
 * "chief economist", so that "the governor replied" finds him (fixtures/speaker/
 * appositive-title). Only a determiner phrase whose first title word is taken. */
static qx_status appositive_title(qxp_actx *c, const qxp_np *np, size_t e) {
    size_t lo = np->t0, hi = np->t1;
    if (lo >= 2 && is_punct(c, lo - 1, ',')) {
        size_t b = words_before(c, lo - 1, 10);
        if (qxp_is_det(c, b)) {
            for (size_t j = b + 1; j + 1 < lo; j++) {
                if (c->tk.t[j].flags & QXP_T_POSS) {
                    continue; /* "The unidentified woman's lawyer, …": not a woman */
                }
                size_t tl = title_at(c, j, NULL);
                if (tl) {
                    return add_title(c, &c->ents[e], j, j + tl);
                }
            }
        }
    }
    if (hi + 2 < c->tk.n && is_punct(c, hi, ',') && qxp_is_det(c, hi + 1)) {
        for (size_t j = hi + 2; j < c->tk.n && j < hi + 8 && usable(c, j) &&
                                !(c->tk.t[j].flags & QXP_T_PUNCT);
             j++) {
            size_t tl = title_at(c, j, NULL);
            if (tl) {
                return add_title(c, &c->ents[e], j, j + tl);
            }
        }
    }
    return QX_OK;
}

/* A plain lower-case word: no function word, auxiliary, finite or reporting verb, time
 * word, pronoun, -ly adverb or -ed/-ing form ("transport", "ex-wife"). */
static bool plain_word(const qxp_actx *c, size_t j) {
    return usable(c, j) && (c->tk.t[j].flags & QXP_T_WORD) && !(c->tk.t[j].flags & QXP_T_CAP) &&
           !is_function_word(c, j) &&
           !(word_class(c, j) & (QXP_W_AUX | QXP_W_FINITE | QXP_W_TIME)) &&
           /* (a verb or pronoun entry, from the dense facts: the entries themselves are
            * read only where one is needed) */
           !(c->m->wfacts[c->tk.t[j].wi] & (QXP_WF_VERB | QXP_WF_PRONOUN)) &&
           !ly_adverb(c, j) && !qxp_tok_ends(c, j, 4, "ed") && !qxp_tok_ends(c, j, 5, "ing");
}

/* A name opening its sentence is that sentence's subject, and so is a name in apposition
 * to the "the" phrase that opens it ("The head of that tribunal, Kostas Panagopoulos,
 * said …"): a later "he" looks for subjects first (fixtures/speaker/role-appositive) */
static bool name_subject(const qxp_actx *c, const qxp_np *np) {
    if (qxp_opens_sentence(c, np->t0)) {
        return true;
    }
    /* the words of a title the phrase left out: "Liberal Democrat transport spokesman John
     * Thurso said …" opens its sentence with the body's name and one lower-case word
     * before the title (fixtures/speaker/title-subject): capitalized modifiers back to the
     * sentence start (no pronoun, verb, time or function word: not "First Mark Cueto was
     * judged offside" nor "He sees Owen"). A phrase without a title does not take the
     * capitalized words it left out: "Royal Mail says" is no person's subject. */
    size_t k = np->t0;
    bool caps = false, owner = false;
    while (k > 0 && np->t0 - k < 6 && np->n0 > np->t0 && !(c->tk.t[k].flags & QXP_T_SENT)) {
        size_t j = k - 1;
        if (c->tk.t[j].flags & QXP_T_CAP) {
            /* (a capitalized possessor too: "But Wenger's Bayern counterpart Felix Magath
             * was in no mood …", with the possessor's other name words: "Sylvester
             * Stallone's ex-wife Brigitte Nielsen") */
            bool poss = (c->tk.t[j].flags & QXP_T_POSS) && usable(c, j) &&
                        (c->tk.t[j].flags & QXP_T_WORD) && !(c->tk.t[j].flags & QXP_T_NUM);
            /* (no person's name: "Victoria Wood slated comedian Sacha Baron Cohen"; a word
             * that opens no organisation only at a sentence start: "Former All Black star
             * Tane Rua says" walks past "All", fixtures/speaker/title-subject-caps) */
            if (!(owner && !poss && is_name_word(c, j)) &&
                ((!poss && !is_modifier(c, j)) || given_name(c, j) ||
                 ((c->tk.t[j].flags & QXP_T_SENT) && qxp_word_in(c, j, not_org_words)))) {
                break;
            }
            owner |= poss;
            caps = true;
        } else if (caps || k != np->t0 || !plain_word(c, j)) {
            break; /* one plain lower-case word, right before the title: "transport" */
        }
        k--;
    }
    if (k < np->t0 && qxp_opens_sentence(c, k)) {
        return true;
    }
    /* a relation word outside the phrase after a possessive determiner or a possessor's
     * name: "His ex-wife Brigitte Nielsen nominated both", "Sylvester Stallone's ex-wife
     * Brigitte Nielsen" (fixtures/speaker/title-subject-owner) */
    if (np->t0 == np->n0 && np->t0 >= 2 &&
        (c->tk.t[np->t0 - 2].flags & (QXP_T_POSS | QXP_T_SENT)) && plain_word(c, np->t0 - 1)) {
        size_t o = np->t0 - 2;
        if (c->tk.t[o].flags & QXP_T_POSS) {
            while (o > 0 && np->t0 - o < 6 && !(c->tk.t[o].flags & QXP_T_SENT) &&
                   (c->tk.t[o - 1].flags & QXP_T_CAP) && is_name_word(c, o - 1)) {
                o--;
            }
            return (c->tk.t[o].flags & QXP_T_SENT) && (c->tk.t[o].flags & QXP_T_CAP);
        }
        return (c->tk.t[o].flags & QXP_T_SENT) && qxp_is_det(c, o) &&
               qxp_tok_lex(c, o, QXP_LEX_PRONOUNS);
    }
    if (np->t0 >= 2 && is_punct(c, np->t0 - 1, ',') && np->t1 < c->tk.n &&
        is_punct(c, np->t1, ',')) {
        size_t b = words_before(c, np->t0 - 1, 11);
        /* any determiner: "His assistant, Alice Marchak, said …" too */
        return (c->tk.t[b].flags & QXP_T_SENT) && qxp_is_det(c, b) && b + 2 < np->t0;
    }
    return false;
}

/* Records a name mention (creating or joining its entity). e is np_entity(c, np), which
 * every caller has just asked: the lookup is not made again (measured on the first 200 BBC
 * lines: 72.21M -> 71.61M instructions, 2K lookups of 330 instructions). */
static qx_status name_mention(qxp_actx *c, const qxp_np *np, size_t e) {
#ifdef QXP_CHECKS
    if (e != np_entity(c, np)) {
        abort();
    }
#endif
    qx_status st = name_entity_found(c, np, true, e, &e);
    if (st == QX_OK) {
        st = appositive_title(c, np, e);
    }
    if (st == QX_OK) {
        st = qxp_entity_mention(c, e, np->n0, np->n1, name_subject(c, np), false, false);
    }
    return st;
}

/* A function word among tokens [t0, t1): "the gap between Labour and the Tories" is no
 * group's name. */
static bool has_function_word(const qxp_actx *c, size_t t0, size_t t1) {
    for (size_t k = t0; k < t1; k++) {
        if (is_function_word(c, k)) {
            return true;
        }
    }
    return false;
}

bool qxp_opens_sentence(const qxp_actx *c, size_t t0) {
    if (t0 >= c->tk.n) {
        return false;
    }
    if (c->tk.t[t0].flags & QXP_T_SENT) {
        return true;
    }
    if (c->hard_wrapped) {
        return false; /* (news only: in hard-wrapped books, "And Tommy …" opening narration
                       * is no surer a subject; LitBank speaker accuracy 0.812 -> 0.811) */
    }
    /* after a capitalized possessor opening the sentence: "Arsenal's Sol Campbell has
     * called …" (fixtures/speaker/possessor) */
    if (t0 > 0 && (c->tk.t[t0 - 1].flags & QXP_T_SENT) &&
        (c->tk.t[t0 - 1].flags & (QXP_T_POSS | QXP_T_CAP)) == (QXP_T_POSS | QXP_T_CAP)) {
        return true;
    }
    /* after a sentence adverb and its comma: "Meanwhile, Perpignan centre Jean-Philippe
     * Granclaude is delighted … "…," the youngster said" is Granclaude, "However, Labour
     * MP George Foulkes said …" (fixtures/speaker/sentence-adverb) */
    if (t0 >= 2 && is_punct(c, t0 - 1, ',') && (c->tk.t[t0 - 2].flags & QXP_T_SENT) &&
        qxp_word_in(c, t0 - 2, sentence_adverbs)) {
        return true;
    }
    /* after an opening phrase and its comma: "Reacting to a comment by …, Lindsay Davis
     * said", "In a statement, the company said" (a participle or a function word such as
     * "in", "with", "for" first, no other punctuation, up to 24 tokens) */
    if (t0 > 2 && is_punct(c, t0 - 1, ',')) {
        size_t k = t0 - 1;
        while (k > 0 && t0 - k < 25 && !(c->tk.t[k].flags & QXP_T_SENT) &&
               (c->tk.t[k - 1].flags & QXP_T_WORD)) {
            k--;
        }
        /* an "according to" phrase between two commas goes with it: "But later on
         * Saturday, according to The Independent, Wenger spoke …" (fixtures/speaker/
         * time-opener) */
        if (k > 2 && is_punct(c, k - 1, ',') && qxp_tok_word(c, k, "according")) {
            k--;
            while (k > 0 && t0 - k < 25 && !(c->tk.t[k].flags & QXP_T_SENT) &&
                   (c->tk.t[k - 1].flags & QXP_T_WORD)) {
                k--;
            }
        }
        if ((c->tk.t[k].flags & QXP_T_SENT) && k + 1 < t0 - 1 &&
            (ing_opener(c, k) ||
             ((c->tk.t[k].flags & QXP_T_CAP) && (c->m->wfacts[c->tk.t[k].wi] & QXP_WF_FUNC)) ||
             (time_lead(c, k) && qxp_opener_end(c, k, t0) > k))) {
            return true;
        }
    }
    /* after a time phrase opening the sentence, with its comma or without, after a
     * conjunction too: "And last week Only Fools and Horses star David Jason criticised …
     * "…," he said" is Jason, "Yesterday Ruth Cole rejected" (fixtures/speaker/
     * time-opener) */
    size_t e = t0 >= 2 && is_punct(c, t0 - 1, ',') ? t0 - 1 : t0;
    if (e > 0 && time_word(c, e - 1)) { /* (the cheap test first: most words are none) */
        size_t s0 = e - 1;
        while (s0 > 0 && t0 - s0 < 7 && !(c->tk.t[s0].flags & QXP_T_SENT)) {
            s0--;
        }
        if ((c->tk.t[s0].flags & QXP_T_SENT) && qxp_opener_end(c, s0, t0) == t0) {
            return true;
        }
    }
    return t0 > 0 && (c->tk.t[t0 - 1].flags & QXP_T_SENT) &&
           (c->tk.t[t0 - 1].flags & QXP_T_CAP) &&
           (c->m->wfacts[c->tk.t[t0 - 1].wi] & QXP_WF_FUNC) &&
           qxp_word_in(c, t0 - 1, opening_conjunctions);
}

size_t qxp_opener_end(const qxp_actx *c, size_t s0, size_t lim) {
    size_t k = s0;
    if (k + 1 < lim && usable(c, k) && qxp_word_in(c, k, opening_conjunctions)) {
        k++;
    }
    size_t e = qxp_time_phrase_end(c, k, lim);
    if (e == k && k < lim && usable(c, k) &&
        ((word_class(c, k) & QXP_W_TIME) || qxp_word_in(c, k, time_adverbs))) {
        e = k + 1; /* "Yesterday", capitalized as the sentence opens; "Later" */
    }
    if (e == k) {
        return k; /* a conjunction alone: "But union leader Dave Prentis …" */
    }
    return e + 1 < lim && is_punct(c, e, ',') ? e + 1 : e;
}

qx_status qxp_entities_collect(qxp_actx *c) {
    size_t i = 0;
    const uint8_t *ti = c->tok_info;
    while ((i = qxp_tf_next(c, i, c->tk.n, QXP_TF_CAND)) < c->tk.n) {
        /* only capitalized words, titles, groups and sentence-initial determiners can start
         * a mention (qxp_tok_facts' QXP_TF_CAND): skip the rest without parsing; a
         * determiner before a role word ("a girl", "the doctor") or opening a sentence
         * starts one whatever follows (QXP_TF_DETSTART) */
        if (!(ti[i] & QXP_TF_DETSTART) && !phrase_piece(c, i) && !modifiers_before_title(c, i)) {
            i++;
            continue;
        }
        qxp_np np;
        if (!qxp_np_after(c, i, &np) || np.t1 <= i) {
            i++;
            continue;
        }
        /* a plural group opening a sentence is a subject for "they" too: "The two Japanese
         * companies will collaborate … They said …" (fixtures/speaker/group-they) */
        if ((np.type == QXP_NP_TITLE &&
             ((c->tk.t[np.t0].flags & QXP_T_SENT) || qxp_is_det(c, np.t0))) ||
            (np.type == QXP_NP_GROUP && np.plural && !c->hard_wrapped &&
             qxp_opens_sentence(c, np.t0) && !has_function_word(c, np.t0, np.t1))) {
            /* a role is a mention of a person, and its sentence's subject when it opens
             * it: "The parson rode a step nearer." (fixtures/speaker/role-subject); "a
             * girl … she said" (fixtures/speaker/role-antecedent) */
            /* resolved after the pass, once every "<title> <name>" has been seen: "the
             * ex-Reds assistant boss" before "assistant boss Phil Thompson" */
            qx_status st = QX_OK;
            qxp_np *p = QXP_PUSH_LOCAL(c->roles, c->n_roles, c->cap_roles, c->roles_local, st);
            if (p == NULL) {
                return st;
            }
            *p = np;
        }
        /* a possessor inside the phrase is a mention of its own: "Michael Howard's wife,
         * Sandra" names Michael Howard too (fixtures/speaker/honorific-gender-first) */
        for (size_t k = np.t0; k + 1 < np.t1; k++) {
            if (c->tk.t[k].flags & QXP_T_POSS) {
                qxp_np own;
                classify(c, &own, np.t0, k + 1);
                if (own.type == QXP_NP_NAME) {
                    size_t e = np_entity(c, &own);
                    qx_status st = QX_OK;
                    if ((e != QXP_NONE || person_signal(c, &own)) &&
                        (st = name_mention(c, &own, e)) != QX_OK) {
                        return st;
                    }
                }
                break;
            }
        }
        if (np.type == QXP_NP_NAME) {
            size_t e = np_entity(c, &np);
            qx_status st = QX_OK;
            if (e != QXP_NONE || person_signal(c, &np)) {
                st = name_mention(c, &np, e);
            } else {
                /* no evidence yet: look again once the speakers are known */
                qxp_np *p =
                    QXP_PUSH_LOCAL(c->pending, c->n_pending, c->cap_pending, c->pending_local, st);
                if (p) {
                    *p = np;
                }
            }
            if (st != QX_OK) {
                return st;
            }
        }
        i = np.t1;
    }
    for (size_t k = 0; k < c->n_roles; k++) {
        const qxp_np *np = &c->roles[k];
        size_t e;
        qx_via via;
        qx_status st = qxp_resolve(c, np, &e, &via);
        if (st == QX_OK && e != QXP_NONE) {
            st = qxp_entity_mention(c, e, np->t0, np->t1,
                                    qxp_opens_sentence(c, np->t0), false, false);
        }
        if (st != QX_OK) {
            return st;
        }
    }
    c->n_roles = 0;
    return QX_OK;
}

qx_status qxp_entities_recollect(qxp_actx *c) {
    for (size_t k = 0; k < c->n_pending; k++) {
        const qxp_np *np = &c->pending[k];
        size_t e = np_entity(c, np);
        if (e != QXP_NONE) {
            qx_status st = name_mention(c, np, e);
            if (st != QX_OK) {
                return st;
            }
        }
    }
    return QX_OK;
}

/* "The doctor walked to the table. He lifted the towel": a role of unknown gender that is
 * the subject of a narrated sentence takes the gender of a "he" or "she" opening the next
 * sentence of the same paragraph, when no other person is mentioned in between; "“…,” he
 * said" can then find the doctor (fixtures/speaker/role-gender). A role named without a
 * gender still never answers a pronoun by itself (compatible). Only in hard-wrapped books,
 * whose unnamed characters are called by their role; in news "The striker … He said" is
 * an epithet of the player named before, whom the pronoun should keep finding. Each ref
 * looks at most 60 tokens ahead. */
void qxp_role_genders(qxp_actx *c) {
    for (size_t k = 0; k < c->n_refs && c->hard_wrapped; k++) {
        const qxp_mref *r = &c->refs[k];
        qxp_entity *e = &c->ents[r->entity];
        if (!r->subject || r->addressee || e->gender || e->group || !e->person ||
            e->surname_t != QXP_NONE || e->placeholder || e->narrator) {
            continue;
        }
        size_t end = k + 1 < c->n_refs ? c->refs[k + 1].t0 : c->tk.n;
        for (size_t t = r->t1; t < c->tk.n && t < r->t1 + 60; t++) {
            uint32_t f = c->tk.t[t].flags;
            if (t >= end || (f & (QXP_T_PARA | QXP_T_INQ | QXP_T_QMARK))) {
                break; /* another mention, a new paragraph or a quote comes first */
            }
            if (f & QXP_T_SENT) {
                if (qxp_tok_word(c, t, "he")) {
                    e->gender = QXP_LF_M;
                } else if (qxp_tok_word(c, t, "she")) {
                    e->gender = QXP_LF_F;
                }
                break;
            }
        }
    }
}

/* A word that ranks an office: "deputy", "vice", "assistant", "acting", "shadow", "junior",
 * "former". */
static bool rank_word(const char *w, size_t n) {
    static const char *const ranks[] = {"deputy", "vice", "assistant", "acting",
                                        "shadow", "junior", "former"};
    for (size_t i = 0; i < sizeof ranks / sizeof ranks[0]; i++) {
        if (str_eq_fold(w, n, ranks[i], strlen(ranks[i]))) {
            return true;
        }
    }
    return false;
}

/* The end of the title word that starts at p (before end): the next space, or end. */
static const char *title_word_end(const char *p, const char *end) {
    const char *q = memchr(p, ' ', (size_t)(end - p));
    return q ? q : end;
}

/* The title tt (tl bytes, words separated by spaces) holds the word (w, n), casefolded. */
static bool title_has_word(const char *tt, size_t tl, const char *w, size_t n) {
    for (const char *p = tt; p < tt + tl;) {
        const char *q = title_word_end(p, tt + tl);
        if (str_eq_fold(p, (size_t)(q - p), w, n)) {
            return true;
        }
        p = q + 1;
    }
    return false;
}

/* Title-only mention: the entity that has a title with the same head word (and, when the
 * mention has a modifier such as "Kremlin", a title containing it too). */
static size_t find_title_entity(const qxp_actx *c, const qxp_np *np) {
    size_t t0 = np->n0, t1 = np->n1;
    size_t head = t1 - 1;
    if (is_punct(c, head, '.') && head > t0) {
        head--;
    }
    char full[256];
    size_t fl = name_words(c, t0, t1, full, sizeof full - 1);
    size_t best = QXP_NONE;
    int best_score = 0;
    for (size_t k = entity_window(c); k < c->n_ents; k++) {
        const qxp_entity *e = &c->ents[k];
        for (size_t t = 0; t < e->n_titles; t++) {
            const char *tt = e->titles[t];
            size_t tl = strlen(tt);
            /* head word of the entity's title */
            size_t hs = tl;
            while (hs > 0 && tt[hs - 1] != ' ') {
                hs--;
            }
            if (!str_eq_fold(tt + hs, tl - hs, tok_ptr(c, head), base_len(c, head))) {
                continue;
            }
            /* 3: the same title; 2: the mention's modifiers all appear in the entity's
             * title; 1: the entity's title is the bare head ("spokesman"); a different
             * modifier ("White House spokesman" vs "Kremlin spokesman") is no match */
            int score;
            if (str_eq_fold(tt, tl, full, fl)) {
                score = 3;
            } else if (hs == 0) {
                /* not when the mention's head ends a longer title: "the prime minister" is
                 * not someone introduced as "minister Frank Field MP"
                 * (fixtures/speaker/post-nominal) */
                score = 1;
                for (size_t w = t0; w < head && score; w++) {
                    score = title_at(c, w, NULL) == head + 1 - w ? 0 : 1;
                }
            } else {
                score = t1 - t0 > 1 ? 2 : 1;
                /* a possessor is no modifier of the title: "the unidentified woman's
                 * lawyer" finds the lawyer (fixtures/speaker/det-phrase) */
                size_t m0 = t0;
                for (size_t w = t0; w < head; w++) {
                    if (c->tk.t[w].flags & QXP_T_POSS) {
                        m0 = w + 1;
                    }
                }
                for (size_t w = m0; w < head; w++) {
                    /* a lowercase word describes rather than names the office: "the world
                     * indoor champion" is the champion (fixtures/speaker/det-phrase) */
                    if (!(c->tk.t[w].flags & QXP_T_CAP) && !title_at(c, w, NULL)) {
                        continue;
                    }
                    if (!title_has_word(tt, tl, tok_ptr(c, w), base_len(c, w))) {
                        score = 0;
                    }
                }
                /* a rank word of the entity's title that the mention lacks makes another
                 * office: "Deputy Prime Minister John Prescott" is not "the prime minister"
                 * (fixtures/speaker/epithet-title) */
                for (const char *p = tt; score > 0 && p < tt + hs;) {
                    const char *q = title_word_end(p, tt + tl);
                    if (rank_word(p, (size_t)(q - p))) {
                        bool found = false;
                        for (size_t w = t0; w < head && !found; w++) {
                            found = str_eq_fold(p, (size_t)(q - p), tok_ptr(c, w), base_len(c, w));
                        }
                        score = found ? score : 0;
                    }
                    p = q + 1;
                }
            }
            if (score > best_score) {
                best_score = score;
                best = k;
            }
        }
    }
    return best;
}

static size_t find_plain_entity(const qxp_actx *c, const char *name, size_t len, bool group) {
    for (size_t k = entity_window(c); k < c->n_ents; k++) {
        const qxp_entity *e = &c->ents[k];
        if (e->group == group && e->surname_t == QXP_NONE &&
            str_eq_fold(e->name, e->name_len, name, len)) {
            return k;
        }
    }
    return QXP_NONE;
}

static bool np_is_it(const qxp_actx *c, const qxp_np *np) {
    return np->t1 == np->t0 + 1 && qxp_tok_word(c, np->t0, "it");
}

/* The gender a name mention shows by itself: an honorific before it ("Mrs. Pontellier") or
 * a given name opening it ("Robert"), else 0. A family shares one surname entity, whose
 * gender is its first member's: "Mr. Hale … Mrs. Hale came in. “…,” she said" is Mrs.
 * Hale by the mention, whatever the entity says (fixtures/speaker/mention-gender). */
static uint32_t mention_gender(const qxp_actx *c, const qxp_mref *r) {
    uint32_t g = 0;
    if (r->t0 >= 1 && honorific_at(c, r->t0 - 1, &g) == 1) {
        return g;
    }
    if (r->t0 >= 2 && is_punct(c, r->t0 - 1, '.') && honorific_at(c, r->t0 - 2, &g) == 2) {
        return g;
    }
    /* a given name, unless it is the surname too ("Lindsay said" of Maurice Lindsay) */
    size_t sur = c->ents[r->entity].surname_t;
    return sur != QXP_NONE && !tok_eq_fold(c, r->t0, sur) ? given_gender(c, r->t0) : 0;
}

static bool compatible(const qxp_actx *c, const qxp_mref *r, const qxp_np *np) {
    const qxp_entity *e = &c->ents[r->entity];
    if (r->addressee) {
        return false;
    }
    if (np->plural) {
        return e->group;
    }
    /* "it said" is an organization's voice: the latest group or organization ("Shell said
     * … it added") -> fixtures/speaker/it-group. A name of unknown gender may be one
     * ("Krispy Kreme said"), even a titled one ("brewer Carlsberg": ruling titled names out
     * changed 15 BBC quotes, 12 of them for the worse) */
    if (np_is_it(c, np)) {
        /* never a role: "a legal expert said … It has said it needs to cut 6,000 jobs" is
         * the airline, a role is a person (fixtures/speaker/it-role) */
        /* (not one opening with a given name of no gender: "The American Film Institute
         * (AFI) hailed Mel Gibson's epic … It claimed" is the institute, fixtures/speaker/
         * unisex-given) */
        return e->group || !e->person ||
               (!e->gender && e->surname_t != QXP_NONE &&
                !(r->t1 - r->t0 >= 2 && given_name(c, r->t0)));
    }
    if (e->group || !e->person) {
        return false;
    }
    /* "she said" is not "the doctor" or "the child" of unknown gender: a role phrase needs
     * a known, matching gender; a name of unknown gender may still be the one */
    if (np->gender && !e->gender && e->surname_t == QXP_NONE && !e->narrator) {
        return false;
    }
    uint32_t g = np->gender ? mention_gender(c, r) : 0;
    if (g == 0) {
        g = e->gender;
    }
    return !(np->gender && g && np->gender != g);
}

/* Entity e is a one-word name of unknown gender that no title introduced: a company or a
 * country as often as a person, so no sure answer to the gendered pronoun np ("Nokia",
 * "Phone"; not "Deco", introduced as "Barca midfielder Deco"). */
static bool unsure_person(const qxp_entity *e, const qxp_np *np) {
    return np->gender && qxp_entity_unsure(e);
}

/* Pronoun antecedent for token t: salience first, then recency. The latest compatible
 * entity named as a sentence subject or as a quote's speaker in this paragraph or the one
 * before wins ("The clergyman explained that … Durbeyfield’s name … \n\n “…,” said he"
 * -> the clergyman, fixtures/speaker/pronoun-subject; '"…," said Paul Hendricks, a partner
 * at … He added that …' -> Hendricks, not the spokesman who opened the paragraph before,
 * fixtures/attrib/news-challenge-a: 183 BBC quotes changed; of 16 drawn at random 13 for
 * the better, 3 from one wrong speaker to another); failing that, the latest compatible
 * mention within 3000 bytes ("Peskov told Anton Krasovsky … he added" skips the
 * addressee). (Preferring
 * entities of known gender over unknown ones lost 0.6 points of LitBank speaker accuracy;
 * genders learnt from resolved pronouns are kept instead.) */
static size_t antecedent(const qxp_actx *c, size_t t, const qxp_np *np) {
    size_t off = c->tk.t[t].start;
    size_t limit = off > 3000 ? off - 3000 : 0;
    const qxp_sentences *s = &c->d->sents;
    size_t p = qxp_para_at(s, off);
    size_t pstart = p > 0 && p - 1 < s->n_paras ? s->paras[p - 1].start : 0;
    size_t before = qxp_refs_from(c, t);
    for (size_t k = before; k-- > 0;) {
        const qxp_mref *r = &c->refs[k];
        if (r->t0 >= t) {
            continue;
        }
        if (c->tk.t[r->t0].start < pstart) {
            break;
        }
        /* a one-word name of unknown gender that no title introduced is no sure person for
         * "he" or "she": "…, said Nokia. … said Mr Romen. "…," he told" is Mr Romen,
         * though Nokia opened a sentence in between; "Barca midfielder Deco" is one
         * (fixtures/speaker/pronoun-org) */
        if (unsure_person(&c->ents[r->entity], np)) {
            continue;
        }
        if ((r->subject || r->speaker) && !(c->tk.t[r->t1 - 1].flags & QXP_T_POSS) &&
            compatible(c, r, np)) {
            return r->entity;
        }
    }
    /* the same doubt about a one-word name of unknown gender, unless it was a speaker: it
     * answers only when no other mention does ("Phone companies had the systems …, he said.
     * "…," he added" is not "Phone"; "Johnson wrote: "…" She added" is Johnson;
     * fixtures/speaker/pronoun-org). Not in hard-wrapped books, whose characters are
     * called by one name (LitBank speaker accuracy 0.812 -> 0.809 with the doubt there). */
    size_t unsure = QXP_NONE;
    for (size_t k = before; k-- > 0;) {
        const qxp_mref *r = &c->refs[k];
        if (c->tk.t[r->t0].start < limit) {
            break;
        }
        if (compatible(c, r, np)) {
            if (!c->hard_wrapped && !r->speaker && unsure_person(&c->ents[r->entity], np)) {
                unsure = unsure == QXP_NONE ? r->entity : unsure;
                continue;
            }
            return r->entity;
        }
    }
    if (unsure != QXP_NONE) {
        return unsure;
    }
    /* nothing that close: the latest named person of the pronoun's known gender within 6000
     * bytes (a novel's "he" after a long narrated stretch about its hero) -> fixtures/
     * speaker/pronoun-far; a possessive mention does not count ("at London's Institute").
     * (Requiring a sentence-subject mention lost the LitBank gain.) A bounded look: the
     * cost per pronoun stays constant. */
    if (np->gender && !np->plural && !np_is_it(c, np)) {
        size_t far = off > 6000 ? off - 6000 : 0;
        for (size_t k = before; k-- > 0;) {
            const qxp_mref *r = &c->refs[k];
            if (c->tk.t[r->t0].start < far) {
                break;
            }
            const qxp_entity *e = &c->ents[r->entity];
            if (c->tk.t[r->t0].start < limit && e->surname_t != QXP_NONE &&
                e->gender == np->gender &&
                !(c->tk.t[r->t1 - 1].flags & QXP_T_POSS) && compatible(c, r, np)) {
                return r->entity;
            }
        }
    }
    return QXP_NONE;
}

/* No antecedent of "he" or "she" in news: the role of unknown gender that opened a
 * sentence of this paragraph or the one before, the latest: "The official said the sale
 * had not been decided. "…," he said." is the official (fixtures/speaker/role-pronoun).
 * (compatible keeps such roles from answering a pronoun while a person of known or
 * possible gender is near.) */
static size_t role_subject(const qxp_actx *c, size_t t) {
    const qxp_sentences *s = &c->d->sents;
    size_t off = c->tk.t[t].start;
    size_t p = qxp_para_at(s, off);
    size_t from = p >= 1 ? s->paras[p - 1].start : 0;
    if (off > 3000 && from < off - 3000) {
        from = off - 3000; /* bounded work per pronoun, as in antecedent */
    }
    for (size_t k = qxp_refs_from(c, t); k-- > 0;) {
        const qxp_mref *r = &c->refs[k];
        if (c->tk.t[r->t0].start < from) {
            break;
        }
        const qxp_entity *e = &c->ents[r->entity];
        if (r->subject && !r->addressee && e->person && !e->group && !e->gender &&
            e->surname_t == QXP_NONE && !e->placeholder && !e->narrator) {
            return r->entity;
        }
    }
    return QXP_NONE;
}

/* No antecedent of "he" or "she" among the people known: the name that opened a sentence
 * of this paragraph or the one before though nothing marked it as a person yet (no title,
 * no known given name, never a speaker): "Mirza, ranked 134 in the world, sunk to her
 * knees … "It is a big moment," she said." is Mirza, who becomes a person here; a
 * one-word name first registers the fuller name it ends ("Sania Mirza completed …"), so
 * the entity has the full name (fixtures/speaker/pronoun-pending). The latest such name
 * only, 64 names back at most: constant work per pronoun. Not in hard-wrapped books,
 * where every character was a speaker or a subject by then. (Asked for epithets too,
 * "Minar, ranked 158th, … said the 20-year-old", such names changed 8 BBC quotes, one for
 * the better.) */
static qx_status pending_subject(qxp_actx *c, size_t t, uint32_t gender, size_t *out) {
    *out = QXP_NONE;
    const qxp_sentences *s = &c->d->sents;
    size_t off = c->tk.t[t].start;
    size_t p = qxp_para_at(s, off);
    size_t from = p >= 1 ? s->paras[p - 1].start : 0;
    if (off > 3000 && from < off - 3000) {
        from = off - 3000;
    }
    size_t k;
    QXP_LOWER_BOUND(k, 0, c->n_pending, j, c->pending[j].t1 <= t);
    for (size_t seen = 0; k-- > 0 && seen++ < 64;) {
        const qxp_np *np = &c->pending[k];
        if (c->tk.t[np->t0].start < from) {
            break;
        }
        if (np->plural || (c->tk.t[np->t1 - 1].flags & QXP_T_POSS) || !name_subject(c, np)) {
            continue;
        }
        if (np_entity(c, np) != QXP_NONE) {
            return QX_OK; /* a known entity, and antecedent did not want it */
        }
        qx_status st;
        /* one word is a person only as a given name of the pronoun's gender ("Jane, who runs
         * the website, …") or as the last word of a fuller name before it; a country or a
         * company is neither ("India, which attends the G7 meeting, … he") */
        if (np->n1 - np->n0 == 1 && given_gender(c, np->n0) != gender) {
            const qxp_np *full = NULL;
            size_t far = off > 6000 ? off - 6000 : 0;
            for (size_t f = k, fseen = 0; f-- > 0 && fseen++ < 64 && full == NULL;) {
                const qxp_np *o = &c->pending[f];
                if (c->tk.t[o->t0].start < far) {
                    break;
                }
                if (o->n1 - o->n0 >= 2 && !o->plural && tok_eq_fold(c, o->n1 - 1, np->n0)) {
                    full = o;
                }
            }
            if (full == NULL) {
                return QX_OK;
            }
            if ((st = name_mention(c, full, np_entity(c, full))) != QX_OK) {
                return st;
            }
        }
        if ((st = name_mention(c, np, np_entity(c, np))) != QX_OK) {
            return st;
        }
        *out = np_entity(c, np);
        return QX_OK;
    }
    return QX_OK;
}

/* A definite title that no one was introduced with ("the German chancellor told the
 * Bundestag" after "Angela Merkel has defended …") is an epithet for the person the text
 * is about: the latest named person that opened a sentence in this paragraph or the two
 * before, of compatible gender. Only for titles that stand before names (chancellor,
 * minister, spokesman), not for "the man", and not in hard-wrapped books, whose unnamed
 * characters are often called so (fixtures/speaker/epithet). */
static bool epithet_fits(const qxp_actx *c, const qxp_mref *r, uint32_t g) {
    const qxp_entity *e = &c->ents[r->entity];
    return r->subject && !r->addressee && e->person && e->surname_t != QXP_NONE &&
           !(g && e->gender && g != e->gender);
}

/* How entity e's titles agree with the epithet np ("the senator", "the prime minister"): 1
 * when one of them ends the phrase word for word ("Prime Minister" ends "the prime
 * minister") or is the abbreviation of its last word ("Sen.": the word starts with its
 * three letters or more); -2 when one is the phrase's title with more words before it
 * ("Deputy Prime Minister": another office), -1 when e has other titles, 0 when e has
 * none. */
static int title_agrees(const qxp_actx *c, const qxp_entity *e, const qxp_np *np) {
    if (e->n_titles == 0) {
        return 0;
    }
    size_t t0 = np->t0 + (qxp_is_det(c, np->t0) ? 1u : 0u);
    bool longer = false;
    for (size_t i = 0; i < e->n_titles; i++) {
        const char *t = e->titles[i];
        size_t end = strlen(t), k = np->t1;
        bool ok = true;
        while (ok && end > 0) {
            size_t b = end;
            while (b > 0 && t[b - 1] != ' ') {
                b--;
            }
            if (k <= t0) {
                /* the phrase's words all matched and the title goes on: "Deputy Prime
                 * Minister John Prescott" is not "the prime minister" */
                longer |= k < np->t1;
                ok = false;
                break;
            }
            k--;
            char fw[64], ft[64];
            size_t w = qxp_casefold(tok_ptr(c, k), base_len(c, k), fw, sizeof fw);
            size_t f = qxp_casefold(t + b, end - b, ft, sizeof ft);
            ok = w != (size_t)-1 && f != (size_t)-1 && f > 0 &&
                 ((f == w && memcmp(ft, fw, w) == 0) ||
                  (b == 0 && k == np->t1 - 1 && ft[f - 1] == '.' && f - 1 >= 3 && f - 1 < w &&
                   memcmp(ft, fw, f - 1) == 0));
            end = b > 0 ? b - 1 : 0;
        }
        if (ok) {
            return 1;
        }
    }
    return longer ? -2 : -1;
}

/* Mention r may stand behind epithet np (gender g) in the pass that wants title agreement
 * `want` (1: the same title; -1: any but another office), a person given another title only
 * from from_other on (epithet_entity). */
static bool epithet_candidate(const qxp_actx *c, const qxp_mref *r, const qxp_np *np,
                              uint32_t g, int want, size_t from_other) {
    if (!epithet_fits(c, r, g)) {
        return false;
    }
    int ta = title_agrees(c, &c->ents[r->entity], np);
    return ta >= want && (ta >= 0 || (ta == -1 && c->tk.t[r->t0].start >= from_other));
}

/* The latest mention before token t, from byte offset `from` on, that `fits`: among the
 * sorted refs (256 at most: bounded work per question) and among those still waiting to be
 * merged (c->late: speaker mentions found during this pass, in text order). */
typedef bool (*ref_fits)(const qxp_actx *c, const qxp_mref *r, const void *arg);

static const qxp_mref *latest_ref(const qxp_actx *c, size_t t, size_t from, ref_fits fits,
                                  const void *arg) {
    const qxp_mref *best = NULL;
    size_t seen = 0;
    for (size_t k = qxp_refs_from(c, t); k-- > 0 && best == NULL && seen++ < 256;) {
        const qxp_mref *r = &c->refs[k];
        if (c->tk.t[r->t0].start < from) {
            break;
        }
        best = fits(c, r, arg) ? r : NULL;
    }
    for (size_t k = c->n_late; k-- > 0;) {
        const qxp_mref *r = &c->late[k];
        if (r->t0 >= t) {
            continue;
        }
        if (c->tk.t[r->t0].start < from || (best && r->t0 <= best->t0)) {
            break;
        }
        if (fits(c, r, arg)) {
            return r;
        }
    }
    return best;
}

/* epithet_candidate's arguments, for latest_ref. */
typedef struct epithet_want {
    const qxp_np *np;
    uint32_t g;
    int want;
    size_t from_other;
} epithet_want;

static bool epithet_fits_want(const qxp_actx *c, const qxp_mref *r, const void *arg) {
    const epithet_want *w = arg;
    return epithet_candidate(c, r, w->np, w->g, w->want, w->from_other);
}

/* A role word that names no office ("player", "comedian") is an epithet only after an
 * age or a capitalized word, which tie it to one person: "said the Liverpool player",
 * "said the 74-year-old comedian" are the footballer and the comedian the text is about;
 * "the player" or "the young actor" may be anyone (fixtures/speaker/epithet-role). */
static bool marked_role(const qxp_actx *c, size_t t0, size_t head) {
    /* (a lower-case role, no part of a longer title: "the Scottish Executive" is a body,
     * "the Lib Dem chief executive" an office) */
    if ((c->tk.t[head].flags & QXP_T_CAP) || (head > t0 && title_at(c, head - 1, NULL))) {
        return false;
    }
    for (size_t k = t0; k < head; k++) {
        if (age_noun(c, k) || ((c->tk.t[k].flags & QXP_T_CAP) && (c->tk.t[k].flags & QXP_T_WORD))) {
            return true;
        }
    }
    return false;
}

static size_t epithet_entity(const qxp_actx *c, const qxp_np *np) {
    uint32_t tf = 0;
    size_t head = np->t1 - 1;
    /* an age is such an epithet too: "Justine Henin-Hardenne … said the 22-year-old"
     * (fixtures/speaker/det-phrase) */
    if (!qxp_tok_word(c, np->t0, "the") || c->hard_wrapped ||
        (!age_noun(c, head) && (title_at(c, head, &tf) == 0 ||
                                (!(tf & QXP_LF_PREFIX) && !marked_role(c, np->t0 + 1, head))))) {
        return QXP_NONE;
    }
    /* "the charity's director" is somebody's relation to the charity, not an epithet of
     * the person the text is about (fixtures/speaker/det-phrase) */
    /* nor is "The BPI spokesman": an acronym of three or more letters names the body the
     * role belongs to (fixtures/speaker/epithet-acronym) */
    for (size_t k = np->t0; k + 1 < np->t1; k++) {
        if ((c->tk.t[k].flags & QXP_T_POSS) ||
            ((c->tk.t[k].flags & QXP_T_UPPER) && tok_len(c, k) >= 3)) {
            return QXP_NONE;
        }
    }
    /* an anonymous source is nobody named before: "The official, who spoke on condition of
     * anonymity, said", "a source who asked not to be named" (fixtures/speaker/epithet-title) */
    for (size_t k = np->t1; k < c->tk.n && k < np->t1 + 14 && !is_punct(c, k, '.'); k++) {
        if (qxp_tok_word(c, k, "anonymity") || qxp_tok_word(c, k, "anonymously") ||
            (k > np->t1 && qxp_tok_word(c, k - 1, "be") &&
             (qxp_tok_word(c, k, "named") || qxp_tok_word(c, k, "identified")))) {
            return QXP_NONE;
        }
    }
    const qxp_sentences *s = &c->d->sents;
    size_t off = c->tk.t[np->t0].start;
    size_t p = qxp_para_at(s, off);
    size_t from = p >= 2 ? s->paras[p - 2].start : 0;
    uint32_t g = tf & (QXP_LF_M | QXP_LF_F);
    /* the latest fitting mention among the sorted refs and among those still waiting to be
     * merged (speaker mentions found during this pass, in text order). A person given the
     * same title comes first, from further back: "Sen. Elizabeth Warren … Trump … The
     * senator added" is Warren (fixtures/speaker/epithet-title). */
    const qxp_mref *best = NULL;
    /* an agreeing title is looked for further back: ten paragraphs, 256 mentions at most
     * (bounded work per epithet) */
    size_t from1 = p >= 10 ? s->paras[p - 10].start : 0;
    /* a person given another title fits only from this paragraph or the one before:
     * "Real Madrid midfielder David Beckham … \n\n "…," the England captain said" is
     * Beckham; "Federal Reserve Chair Jerome Powell … \n\n … \n\n the governor said" is
     * some governor. (Ruling such people out everywhere lost Beckham and most of 54
     * changed BBC speakers with him.) A rank word makes another office at any distance
     * (title_agrees -2). */
    size_t from_other = p >= 1 ? s->paras[p - 1].start : 0;
    for (int want = 1; want >= -1 && best == NULL; want -= 2) {
        epithet_want w = {np, g, want, from_other};
        best = latest_ref(c, np->t0, want > 0 ? from1 : from, epithet_fits_want, &w);
    }
    return best ? best->entity : QXP_NONE;
}

/* "the spokesman" with no other word is the unnamed person last introduced by a phrase
 * with that head: "said an REM spokesman … The band's spokesman said … , added the
 * spokesman" is the band's spokesman, "A spokesman for Michael Howard said … the spokesman
 * added" is Howard's, not the person the article is about (fixtures/speaker/role-head).
 * An introduction is an indefinite phrase or one with words before the head, none of them
 * a rank ("the shadow chancellor" is another office); an earlier bare "the chancellor" is
 * no introduction (it was an epithet no one answered). A phrase with more words says which
 * one it means ("the police spokesman") and keeps to its own name. Ten paragraphs back,
 * 256 mentions at most. */
static bool role_head_fits(const qxp_actx *c, const qxp_mref *r, const void *arg) {
    size_t head = *(const size_t *)arg;
    const qxp_entity *e = &c->ents[r->entity];
    if (!e->person || e->group || e->surname_t != QXP_NONE || e->placeholder || e->narrator ||
        r->addressee) {
        return false;
    }
    size_t b = e->name_len;
    while (b > 0 && e->name[b - 1] != ' ') {
        b--;
    }
    if (!str_eq_fold(e->name + b, e->name_len - b, tok_ptr(c, head), base_len(c, head))) {
        return false;
    }
    if (b == 0) {
        return qxp_tok_word(c, r->t0, "a") || qxp_tok_word(c, r->t0, "an");
    }
    for (const char *w = e->name; w < e->name + b - 1;) {
        const char *q = title_word_end(w, e->name + b - 1);
        if (rank_word(w, (size_t)(q - w))) {
            return false;
        }
        w = q + 1;
    }
    return true;
}

static size_t role_head_entity(const qxp_actx *c, const qxp_np *np) {
    size_t head = np->t1 - 1;
    if (np->t1 != np->t0 + 2 || !qxp_tok_word(c, np->t0, "the") ||
        (c->tk.t[head].flags & QXP_T_CAP)) {
        return QXP_NONE;
    }
    const qxp_sentences *s = &c->d->sents;
    size_t p = qxp_para_at(s, c->tk.t[np->t0].start);
    size_t from = p >= 10 ? s->paras[p - 10].start : 0;
    const qxp_mref *best = latest_ref(c, np->t0, from, role_head_fits, &head);
    return best ? best->entity : QXP_NONE;
}

/* A role set off by an appositive name is that person: "The White House press secretary,
 * Karine Jean-Pierre, said" names her (an entity made here when the name had no other
 * sign of a person), though the role's modifiers ("White House") are in no title she was
 * given and the epithet rule would hand the role to the article's main person
 * (fixtures/speaker/role-appositive). The name must be closed by a comma or a stop. */
static qx_status appositive_name(qxp_actx *c, const qxp_np *np, size_t *out) {
    *out = QXP_NONE;
    size_t k = np->t1;
    qxp_np nm;
    /* "the …" or a lowercase role word ("Opera spokeswoman, Berit Hanson,"), not a list of
     * names ("Gardener, Darren Campbell, …", a surname that is also a job) */
    if ((!qxp_tok_word(c, np->t0, "the") && (c->tk.t[np->t1 - 1].flags & QXP_T_CAP)) ||
        k + 2 >= c->tk.n || !is_punct(c, k, ',') ||
        !qxp_np_after(c, k + 1, &nm) ||
        nm.type != QXP_NP_NAME || nm.t0 != k + 1 || nm.n0 != nm.t0) {
        return QX_OK;
    }
    if (nm.t1 < c->tk.n && !is_punct(c, nm.t1, ',') && !is_punct(c, nm.t1, '.')) {
        return QX_OK;
    }
    size_t e = np_entity(c, &nm);
    if (e == QXP_NONE) {
        qx_status st = name_mention(c, &nm, QXP_NONE);
        if (st != QX_OK) {
            return st;
        }
        e = np_entity(c, &nm);
    }
    if (e != QXP_NONE) {
        c->ents[e].person = true;
    }
    *out = e;
    return QX_OK;
}

qx_status qxp_resolve(qxp_actx *c, const qxp_np *np, size_t *entity, qx_via *via) {
    *entity = QXP_NONE;
    *via = QX_VIA_NONE;
    qx_status st = QX_OK;
    switch (np->type) {
        case QXP_NP_NAME: {
            if ((st = name_entity(c, np, true, entity)) != QX_OK) {
                return st;
            }
            c->ents[*entity].person = true;
            *via = QX_VIA_NAME;
            return QX_OK;
        }
        case QXP_NP_TITLE: {
            /* "a president who is willing …", "our president": an indefinite or possessive
             * role is nobody introduced with that title (fixtures/speaker/title) */
            /* (the narration's "our" is the outlet's: "BBC correspondent Stephen Cape said
             * … our correspondent added" is Cape, fixtures/speaker/our-title) */
            bool specific = !qxp_is_det(c, np->t0) || qxp_tok_word(c, np->t0, "the") ||
                            qxp_tok_word(c, np->t0, "this") ||
                            (qxp_tok_word(c, np->t0, "our") &&
                             !(c->tk.t[np->t0].flags & QXP_T_INQ));
            if (specific && (st = appositive_name(c, np, entity)) != QX_OK) {
                return st;
            }
            if (*entity == QXP_NONE && specific) {
                *entity = find_title_entity(c, np);
            }
            if (*entity == QXP_NONE && specific) {
                *entity = role_head_entity(c, np);
            }
            if (*entity == QXP_NONE && specific) {
                *entity = epithet_entity(c, np);
            }
            if (*entity != QXP_NONE) {
                *via = QX_VIA_TITLE;
                return QX_OK;
            }
            break; /* an unnamed role: its own entity */
        }
        case QXP_NP_PRONOUN: {
            /* "I said" is the narrator of first-person fiction, never an antecedent. Until
             * the other characters name them (attrib.c name_narrator) the speaker is "I, the
             * narrator": the pronoun as written and what it stands for -> fixtures/speaker/
             * narrator */
            if (qxp_tok_word(c, np->t0, "i")) {
                size_t e = c->narrator;
                if (e == QXP_NONE) {
                    char *nm = qxp_arena_strndup(&c->d->arena, "I, the narrator", 15);
                    if (nm == NULL) {
                        return QX_ERR_NOMEM;
                    }
                    if ((st = new_entity(c, nm, c->tk.t[np->t0].start, &e)) != QX_OK) {
                        return st;
                    }
                    c->ents[e].person = true;
                    c->ents[e].narrator = true;
                    c->narrator = e;
                }
                *entity = e;
                *via = QX_VIA_PRONOUN;
                return QX_OK;
            }
            /* known people first, then roles, then a name nothing registered yet (asked
             * before the mentions within 3000 bytes, such names changed 67 BBC quotes, most
             * for the worse: "… the Mac Mini … "…," he said" took the product) */
            bool news_he = np->gender && !np->plural && !c->hard_wrapped;
            *entity = antecedent(c, np->t0, np);
            if (*entity == QXP_NONE && news_he) {
                *entity = role_subject(c, np->t0);
            }
            if (*entity == QXP_NONE && news_he &&
                (st = pending_subject(c, np->t0, np->gender, entity)) != QX_OK) {
                return st;
            }
            if (*entity != QXP_NONE && !c->ents[*entity].gender && !c->ents[*entity].group &&
                np->gender) {
                /* "Tommy … he said": Tommy is male from now on */
                c->ents[*entity].gender = np->gender;
            }
            if (*entity == QXP_NONE) {
                /* no antecedent: the pronoun itself ("he") is the best name there is */
                char *nm = span_text(c, np->t0, np->t1);
                if (nm == NULL) {
                    return QX_ERR_NOMEM;
                }
                for (char *p = nm; *p; p++) {
                    *p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
                }
                size_t e = find_plain_entity(c, nm, strlen(nm), false);
                if (e == QXP_NONE) {
                    if ((st = new_entity(c, nm, c->tk.t[np->t0].start, &e)) != QX_OK) {
                        return st;
                    }
                    c->ents[e].gender = np->gender;
                    c->ents[e].placeholder = true;
                }
                *entity = e;
            }
            *via = QX_VIA_PRONOUN;
            return QX_OK;
        }
        case QXP_NP_COMMON: {
            size_t e = age_noun(c, np->t1 - 1) ? epithet_entity(c, np) : QXP_NONE;
            if (e != QXP_NONE) {
                *entity = e;
                *via = QX_VIA_TITLE;
                return QX_OK;
            }
            break;
        }
        case QXP_NP_GROUP:
            break;
        case QXP_NP_NONE:
            return QX_OK;
    }
    /* roles, groups and other phrases: named by the phrase without its determiner */
    if (np->n1 <= np->n0) {
        return QX_OK;
    }
    char *nm = span_text(c, np->n0, np->n1);
    if (nm == NULL) {
        return QX_ERR_NOMEM;
    }
    bool group = np->type == QXP_NP_GROUP;
    size_t e = find_plain_entity(c, nm, strlen(nm), group);
    if (e == QXP_NONE) {
        if ((st = new_entity(c, nm, c->tk.t[np->t0].start, &e)) != QX_OK) {
            return st;
        }
        c->ents[e].group = group;
        /* a role ("the parson") is a person; another phrase ("a harsh voice") may speak but
         * is no antecedent for "he" or "she" (fixtures/speaker/pronoun-subject) */
        c->ents[e].person = np->type == QXP_NP_TITLE ||
                            (np->type == QXP_NP_COMMON &&
                             qxp_tok_lex(c, np->t1 - 1, QXP_LEX_TITLES) != NULL);
        c->ents[e].gender = np->gender;
    }
    *entity = e;
    *via = QX_VIA_ROLE;
    return QX_OK;
}

/* A capitalized name word inside quoted text (usable() excludes quoted tokens). */
static bool quoted_name_word(const qxp_actx *c, size_t i) {
    uint32_t f = c->tk.t[i].flags;
    return (f & QXP_T_WORD) && (f & QXP_T_CAP) && !(f & (QXP_T_NUM | QXP_T_POSS | QXP_T_NONNAME)) &&
           !qxp_tok_lex(c, i, QXP_LEX_PRONOUNS) && !qxp_tok_lex(c, i, QXP_LEX_VERBS) &&
           !qxp_tok_lex(c, i, QXP_LEX_TITLES) && !qxp_tok_lex(c, i, QXP_LEX_GROUPS) &&
           tok_len(c, i) > 1;
}

/* The entity of the name in tokens [n0, n1) that no entity has yet: a new one, its gender
 * from a given name. */
static qx_status new_person(qxp_actx *c, size_t n0, size_t n1, size_t *ent) {
    qxp_np np;
    memset(&np, 0, sizeof np);
    np.t0 = np.n0 = (uint32_t)n0;
    np.t1 = np.n1 = (uint32_t)n1;
    np.type = QXP_NP_NAME;
    np.gender = given_gender(c, n0);
    return name_entity(c, &np, true, ent);
}

size_t qxp_self_named(qxp_actx *c) {
    for (size_t k = 0; k + 2 < c->tk.n; k++) {
        if (c->tk.t[k].flags & QXP_T_INQ) {
            continue; /* a character's "My name is …" inside a quote names that character */
        }
        size_t n0 = 0;
        if (qxp_tok_word(c, k, "my") && qxp_tok_word(c, k + 1, "name") && k + 3 < c->tk.n &&
            (qxp_tok_word(c, k + 2, "is") || qxp_tok_word(c, k + 2, "was"))) {
            n0 = k + 3;
        } else if (qxp_tok_word(c, k, "called") && qxp_tok_word(c, k + 1, "myself")) {
            n0 = k + 2;
        } else if ((c->tk.t[k].flags & QXP_T_SENT) && (c->tk.t[k].flags & QXP_T_CAP) &&
                   qxp_tok_word(c, k, "call") && qxp_tok_word(c, k + 1, "me")) {
            n0 = k + 2; /* the imperative opening a sentence of narration */
        }
        if (n0 == 0 || n0 >= c->tk.n || (c->tk.t[n0].flags & (QXP_T_INQ | QXP_T_SENT))) {
            continue;
        }
        size_t n1 = n0;
        while (n1 < c->tk.n && n1 < n0 + 2 && quoted_name_word(c, n1) &&
               !(n1 > n0 && (c->tk.t[n1].flags & QXP_T_SENT))) {
            n1++;
        }
        if (n1 == n0) {
            continue;
        }
        size_t ent = find_name_entity(c, n0, n1, 0, false);
        if (ent == QXP_NONE && new_person(c, n0, n1, &ent) != QX_OK) {
            return QXP_NONE;
        }
        if (ent != QXP_NONE) {
            c->ents[ent].person = true;
            return ent;
        }
    }
    return QXP_NONE;
}

size_t qxp_vocative(qxp_actx *c, size_t start, size_t end) {
    size_t i0 = qxp_tok_at(&c->tk, start), i1 = qxp_tok_at(&c->tk, end);
    if (i1 <= i0 + 1) {
        return QXP_NONE;
    }
    /* a name set off by commas (or ending the quote): "Tommy, …", "…, Watson, that …",
     * "…, Turkey." — at most two words, after an optional honorific */
    for (size_t k = i0; k < i1; k++) {
        bool before = k == i0 || is_punct(c, k - 1, ',');
        if (!before) {
            continue;
        }
        size_t n0 = k;
        bool honor = false;
        size_t h = honorific_at(c, k, NULL);
        if (h == 0 && k < i1 && (c->tk.t[k].flags & QXP_T_CAP)) {
            const qxp_lexent *e = qxp_tok_lex(c, k, QXP_LEX_HONORIFICS);
            h = e ? (is_punct(c, k + 1, '.') ? 2 : 1) : 0;
        }
        if (h) {
            honor = true;
            n0 = k + h;
        }
        size_t n1 = n0;
        while (n1 < i1 && n1 < n0 + 2 && quoted_name_word(c, n1)) {
            n1++;
        }
        if (n1 == n0 || n1 > i1) {
            continue;
        }
        bool after = n1 == i1 || is_punct(c, n1, ',') || is_punct(c, n1, '!') ||
                     is_punct(c, n1, '?') || (is_punct(c, n1, '.') && k > i0);
        if (!after || (k == i0 && n1 < i1 && !is_punct(c, n1, ','))) {
            continue;
        }
        /* set off by commas on both sides (", Watson,") or closing the quote (", Turkey.")
         * a capitalized word is a name even when no list knows it */
        bool enclosed = k > i0 && (n1 + 1 >= i1 || is_punct(c, n1, ','));
        size_t ent = find_name_entity(c, n0, n1, 0, false);
        if (ent == QXP_NONE && (honor || enclosed || given_gender(c, n0))) {
            if (new_person(c, n0, n1, &ent) != QX_OK) {
                return QXP_NONE;
            }
            c->ents[ent].person = true;
        }
        if (ent != QXP_NONE) {
            return ent;
        }
    }
    return QXP_NONE;
}

