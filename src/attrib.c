/*
 * attrib.c - records from quoted spans and reported speech: cue, speaker mention, kind.
 *
 * Input: the document (text, sentences), its top-level quoted spans and tokens. Output:
 * d->quotes (in text order) and d->speakers. Steps:
 *  1. quotation marks inside markup are dropped (markup.c); each quoted span gets the best
 *     cue and speaker of its neighbourhood: a dash and a name after it, adjacent patterns
 *     ("…,” Peskov stated / “…,” said Peskov / Peskov said: “…” / “…,” according to X),
 *     a cue with a subject anywhere in the quote's sentence ("put ‘at least some effort’
 *     into … – Kremlin spokesman tells RT"), then an action beat before it;
 *  2. a quote interrupted by its attribution ("“A,” he said, “B.”") becomes one record;
 *  3. quoted terms, titles and scare quotes become kind "term", embedded fragments "mixed";
 *  4. reported speech without marks becomes "indirect" records;
 *  5. mentions resolve to entities (speaker.c): names and titles first, then every mention
 *     of the known entities, then pronouns;
 *  6. a quote without attribution takes its speaker from context (carry_over), the
 *     first-person narrator is named by the other characters' vocatives, narrative
 *     fiction drops its indirect records, and first-person paragraphs inside a run of quotes
 *     become "block" records.
 * Every search is bounded (a sentence, or QXP_WINDOW_BYTES), so the whole is linear in the
 * document. Each heuristic names its example and fixture.
 */
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "markup.h"
#include "text.h"

typedef struct rec {
    qx_span span, outer;
    qx_span *segs;
    size_t nsegs;
    qx_kind kind;
    unsigned flags;
    size_t para;
    size_t cue0, cue1; /* cue tokens, QXP_NONE when absent */
    const char *lemma;
    qxp_np spk;        /* spk.type == QXP_NP_NONE when absent */
    qxp_np addr;
    const char *rule;
    size_t entity;
    qx_via via;
    int score;
    bool adjacent;     /* attributed by an adjacent pattern */
    bool dead;         /* merged into another record */
    bool clause;       /* a fragment attributed through its reported clause */
    uint32_t open;     /* c->qs[q].open_start (the first opening mark), kept here so that the
                          quoted spans can be freed once the records are made (in the
                          padding before q: the record stays 184 bytes) */
    size_t q;          /* quoted span index, QXP_NONE for unmarked speech */
} rec;
_Static_assert(sizeof(rec) == 184, "rec grew: the open field no longer sits in padding");

typedef struct recs {
    rec *r;
    size_t n, cap;
    size_t nq; /* the first nq records are the quotes, in text order (until sorted) */
    qxp_bindex qix; /* quotes_from's block index over the first nq (long texts only) */
} recs;

static const char *tptr(const qxp_actx *c, size_t i) {
    return c->text + c->tk.t[i].start;
}

static bool usable(const qxp_actx *c, size_t i) {
    return i < c->tk.n && !(c->tk.t[i].flags & (QXP_T_INQ | QXP_T_QMARK));
}

static bool punct(const qxp_actx *c, size_t i, char ch) {
    return qxp_tok_is(&c->tk, c->text, i, ch);
}

/* Dash punctuation token: - – — */
static bool dash(const qxp_actx *c, size_t i) {
    if (i >= c->tk.n || !(c->tk.t[i].flags & QXP_T_PUNCT)) {
        return false;
    }
    size_t l;
    int32_t cp = qxp_utf8_decode(tptr(c, i), c->tk.t[i].end - c->tk.t[i].start, &l);
    return qxp_is_dash(cp);
}

static bool sentence_end(const qxp_actx *c, size_t i) {
    return (punct(c, i, '.') || punct(c, i, '!') || punct(c, i, '?')) &&
           qxp_stop_ends_sentence(c, i);
}

/* After a preposition or a determiner a cue word is a noun: "The move comes amid claims
 * the poll could be marred", "despite warnings", "the claims" (not "-ing": "criticised for
 * saying"; not "to": "refused to say"; fixtures/attrib/noun-cue). Word token i - 1 exists. */
static bool noun_cue(const qxp_actx *c, size_t i) {
    static const qxp_wordlist preps[] = {
        QXP_W("amid"), QXP_W("despite"), QXP_W("over"), QXP_W("following"), QXP_W("after"),
        QXP_W("about"), QXP_W("of"), QXP_W("with"), QXP_W("against"), QXP_W("among"),
        QXP_W("from"), {NULL, 0}};
    if (!qxp_is_det(c, i - 1)) {
        /* (the prepositions' lengths and first letters first: most words before a cue are
         * names and pronouns) */
        size_t pl = c->tk.t[i - 1].end - c->tk.t[i - 1].start;
        char f0 = (char)(c->text[c->tk.t[i - 1].start] | 0x20);
        if (pl < 2 || pl > 9 || (f0 != 'a' && f0 != 'd' && f0 != 'o' && f0 != 'f' && f0 != 'w') ||
            !qxp_word_in(c, i - 1, preps)) {
            return false;
        }
    }
    return !qxp_tok_ends(c, i, 5, "ing");
}

/* A reporting verb at token i (outside quotes). (The noun test only after a word: most
 * tokens asked are no cue, or follow a comma or a name.) */
static inline const qxp_lexent *cue_verb(const qxp_actx *c, size_t i) {
    if (!usable(c, i) || !(c->tk.t[i].flags & QXP_T_WORD)) {
        return NULL;
    }
    const qxp_lexent *e = qxp_tok_lex(c, i, QXP_LEX_VERBS);
    if (e && i > 0 &&
        (c->tk.t[i - 1].flags & (QXP_T_WORD | QXP_T_INQ | QXP_T_QMARK)) == QXP_T_WORD &&
        noun_cue(c, i)) {
        return NULL;
    }
    return e;
}

/* Auxiliaries and adverbs between a subject and its verb: "Peskov once again said",
 * "he has repeatedly said" -> fixtures/attrib/adverb-between */
static bool aux_or_adverb(const qxp_actx *c, size_t i) {
    if (!usable(c, i) || !(c->tk.t[i].flags & QXP_T_WORD) || (c->tk.t[i].flags & QXP_T_CAP)) {
        return false;
    }
    if (qxp_tok_cls(&c->tk, i) & QXP_W_AUX) {
        return true;
    }
    return qxp_tok_ends(c, i, 5, "ly") && !cue_verb(c, i);
}

/* Multi-word cue phrase at i ("according to", "in a statement"); returns its length. */
static size_t phrase_at(const qxp_actx *c, size_t i, const qxp_lexent **out) {
    if (!usable(c, i) || !(c->tk.t[i].flags & QXP_T_WORD)) {
        return 0;
    }
    size_t best = 0;
    const qxp_lexent *one = qxp_tok_lex(c, i, QXP_LEX_PHRASES);
    if (one && !(one->flags & QXP_LF_NOUN)) {
        best = 1;
        *out = one;
    }
    const qxp_lexent *e = NULL;
    size_t mw = qxp_multi_at(c, i, QXP_LEX_PHRASES, false, QXP_LF_NOUN, &e);
    if (mw) {
        best = mw;
        *out = e;
    }
    return best;
}

static void set_cue(rec *r, size_t t0, size_t t1, const qxp_lexent *e) {
    r->cue0 = t0;
    r->cue1 = t1;
    r->lemma = e->vallen ? e->val : e->key;
}

static bool is_prep(const qxp_actx *c, size_t i) {
    return qxp_tok_word(c, i, "for") || qxp_tok_word(c, i, "of") || qxp_tok_word(c, i, "at") ||
           qxp_tok_word(c, i, "from") || qxp_tok_word(c, i, "with");
}

/* A preposition of place or occasion before a reported clause: "told reporters outside
 * court he was relieved", "said in Paris they had agreed" (fixtures/attrib/clause-place).
 * Not "before" or "after", which open clauses of their own: "a song written before they
 * split had turned out …". */
static bool place_prep(const qxp_actx *c, size_t k) {
    static const qxp_wordlist words[] = {QXP_W("in"),     QXP_W("at"),     QXP_W("outside"),
                                         QXP_W("inside"), QXP_W("during"), {NULL, 0}};
    return qxp_word_in(c, k, words);
}

/* A word that opens a short prepositional or time phrase after an attribution: "…, Mark
 * Dunn told staff on Thursday.", '"…," she said during a campaign stop, "…"' (a
 * preposition, on, in, last, this, during, after, or a day or month). */
static bool adverbial_start(const qxp_actx *c, size_t k) {
    static const qxp_wordlist words[] = {QXP_W("on"),     QXP_W("in"),    QXP_W("last"),
                                         QXP_W("this"),   QXP_W("during"), QXP_W("after"),
                                         {NULL, 0}};
    return is_prep(c, k) || qxp_word_in(c, k, words) || (qxp_tok_cls(&c->tk, k) & QXP_W_TIME);
}

/* "according to a statement from the ministry": the source of a noun cue (statement,
 * report, tweet) is the phrase after from/by/of (fixtures/attrib/according). */
static void source_of_noun_cue(const qxp_actx *c, qxp_np *np) {
    /* the noun may be followed by a time the phrase took in: "according to a report earlier
     * this week from the British Retail Consortium"; a document names its source the same
     * way: "according to a report by", "a survey from" (no noun cues of their own: "the
     * report said" is the report speaking; fixtures/attrib/according-document) */
    static const qxp_wordlist documents[] = {
        QXP_W("report"), QXP_W("reports"), QXP_W("study"), QXP_W("survey"), QXP_W("poll"),
        QXP_W("analysis"), QXP_W("research"), QXP_W("figures"), QXP_W("estimates"),
        QXP_W("estimate"), QXP_W("data"), QXP_W("documents"), QXP_W("document"), {NULL, 0}};
    size_t h = np->t1;
    bool noun = false;
    for (size_t k = np->t1; k-- > np->t0 && !noun;) {
        const qxp_lexent *e = qxp_tok_lex(c, k, QXP_LEX_PHRASES);
        /* (a lower-case word: "Email Systems" is a name) */
        noun = !(c->tk.t[k].flags & QXP_T_CAP) &&
               ((e && (e->flags & QXP_LF_NOUN)) || qxp_word_in(c, k, documents));
        h = k;
    }
    if (!noun) {
        return;
    }
    size_t k = qxp_time_phrase_end(c, h + 1, c->tk.n);
    qxp_np src;
    if ((qxp_tok_word(c, k, "from") || qxp_tok_word(c, k, "by") || qxp_tok_word(c, k, "of")) &&
        qxp_np_after(c, k + 1, &src)) {
        /* a lower-case group word before the body's name: "a report from analysts
         * Gartner" is Gartner's */
        qxp_np name;
        if (src.type == QXP_NP_GROUP && src.t1 < c->tk.n &&
            !(c->tk.t[src.t1 - 1].flags & QXP_T_CAP) && (c->tk.t[src.t1].flags & QXP_T_CAP) &&
            qxp_np_after(c, src.t1, &name) &&
            (name.type == QXP_NP_NAME || name.type == QXP_NP_GROUP)) {
            src = name;
        }
        *np = src;
    } else if (h + 1 < np->t1) {
        qxp_classify(c, np, np->t0, h + 1); /* "a report earlier this week": the report */
    }
}

/* A cue phrase that names its source after it ("according to Peskov", "according to a
 * statement from the ministry") at token v: fills r's speaker and cue. */
static bool source_phrase_np(const qxp_actx *c, size_t v, qxp_np *np, size_t *pl,
                             const qxp_lexent **ph) {
    *ph = NULL;
    *pl = phrase_at(c, v, ph);
    if (!*pl || !((*ph)->flags & QXP_LF_INV) || !qxp_np_after(c, v + *pl, np)) {
        return false;
    }
    source_of_noun_cue(c, np);
    return true;
}

static bool source_phrase_from(const qxp_actx *c, size_t v, rec *r) {
    const qxp_lexent *ph;
    size_t pl;
    qxp_np np;
    if (!source_phrase_np(c, v, &np, &pl, &ph)) {
        return false;
    }
    r->spk = np;
    set_cue(r, v, v + pl, ph);
    return true;
}

/* (inline: most words asked, reporting verbs, start no cue phrase: phrase_at finds nothing
 * for a word with no entry of its own and none starting with it, known from the word's
 * information without the calls. With next_cue_word, measured on the first 200 BBC lines
 * (8K calls): 68.01M -> 67.72M instructions.) */
static inline bool phrase_may_start(const qxp_actx *c, size_t v) {
    /* the dense word facts (lexicon.h QXP_WF_PHRASE), not the word's 128-byte information:
     * perf on 8 copies of BBC, indirect_in_sentence 3.3%/3.2% of the samples -> 2.9%/2.8% */
    return v < c->tk.n && (c->m->wfacts[c->tk.t[v].wi] & QXP_WF_PHRASE);
}

static inline bool source_phrase_at(const qxp_actx *c, size_t v, rec *r) {
    return phrase_may_start(c, v) && source_phrase_from(c, v, r);
}

/* A subject pronoun that only ever stands before its verb. */
static bool subject_pronoun(const qxp_actx *c, size_t k) {
    static const qxp_wordlist words[] = {QXP_W("he"), QXP_W("she"), QXP_W("i"), QXP_W("we"),
                                         QXP_W("they"), {NULL, 0}};
    return qxp_word_in(c, k, words);
}

/* A conjunction that sets a second report against the first: 'Labour say …, while the
 * Tories say …' (fixtures/attrib/two-reports). */
static bool contrast_word(const qxp_actx *c, size_t k) {
    static const qxp_wordlist words[] = {QXP_W("while"), QXP_W("whereas"), QXP_W("but"),
                                         {NULL, 0}};
    return qxp_word_in(c, k, words);
}

/* A word that opens a subordinate or relative clause. */
static bool clause_word(const qxp_actx *c, size_t k) {
    static const qxp_wordlist words[] = {
        QXP_W("when"),  QXP_W("while"), QXP_W("because"), QXP_W("after"),    QXP_W("before"),
        QXP_W("unless"), QXP_W("if"),   QXP_W("until"),   QXP_W("since"),    QXP_W("though"),
        QXP_W("although"), QXP_W("who"), QXP_W("which"),  QXP_W("whom"),     QXP_W("where"),
        {NULL, 0}};
    return qxp_word_in(c, k, words);
}

/* The subject of a verb joined by "and" (token `and`) to the verbs before it in its
 * sentence: the latest subject pronoun before it, else the phrase that opens the sentence
 * (from lo) when a verb or a comma follows it. "When I came close she bowed and said" ->
 * she; "The old horse raised his head, pricked his ears, and said" -> the old horse
 * (fixtures/attrib/and-said). Up to 24 tokens back, not across a semicolon or a colon. */
static bool coordinated_subject(const qxp_actx *c, size_t and, size_t lo, qxp_np *np) {
    size_t stop = and > lo + 24 ? and - 24 : lo;
    for (size_t k = and; k-- > stop;) {
        if (!usable(c, k) || sentence_end(c, k) || punct(c, k, ';') || punct(c, k, ':')) {
            return false;
        }
        if (subject_pronoun(c, k)) {
            return qxp_np_after(c, k, np) && np->type == QXP_NP_PRONOUN;
        }
        /* a named or titled subject after a clause: "Just before I left, the old lady came
         * up and said" -> the old lady, not I */
        if (k > lo && punct(c, k - 1, ',') && qxp_np_after(c, k, np) && np->t1 < and &&
            (np->type == QXP_NP_NAME || (np->type == QXP_NP_TITLE && np->t0 < np->n0)) &&
            (c->tk.t[np->t1].flags & QXP_T_WORD) && !(c->tk.t[np->t1].flags & QXP_T_CAP)) {
            return true;
        }
    }
    /* "Capra was the butt of a gaffe when the host opened the envelope and declared": a
     * subordinate or relative clause starts between, whose subject is not the sentence's */
    for (size_t k = lo; k < and; k++) {
        if (clause_word(c, k)) {
            return false;
        }
    }
    if (stop != lo || !qxp_np_after(c, lo, np) || np->t1 >= and ||
        (np->type != QXP_NP_NAME && np->type != QXP_NP_TITLE && np->type != QXP_NP_GROUP)) {
        return false;
    }
    uint32_t f = c->tk.t[np->t1].flags;
    return punct(c, np->t1, ',') || ((f & QXP_T_WORD) && !(f & QXP_T_CAP));
}

/* The name of a body before its bracketed acronym at token b ("(" UPPER ")"): capitalized
 * words whose initials spell the acronym, with lower-case "of", "for", "and", "the", "on"
 * between them, not before lo: "The Institute for Fiscal Studies (IFS)" is a group named
 * "Institute for Fiscal Studies"; "Dr Amara Osei (UCL)" is none
 * (fixtures/attrib/bracket-acronym). */
static bool acronym_expansion(const qxp_actx *c, size_t b, size_t lo, qxp_np *np) {
    if (b + 2 >= c->tk.n || b <= lo || !punct(c, b, '(') || !punct(c, b + 2, ')') ||
        !usable(c, b + 1) || !(c->tk.t[b + 1].flags & QXP_T_UPPER)) {
        return false;
    }
    const char *a = tptr(c, b + 1);
    size_t al = c->tk.t[b + 1].end - c->tk.t[b + 1].start;
    if (al < 2 || al > 8) {
        return false;
    }
    size_t k = b, m = al;
    while (m > 0 && k > lo) {
        size_t w = k - 1;
        if (!usable(c, w) || !(c->tk.t[w].flags & QXP_T_WORD) ||
            ((c->tk.t[w].flags & (QXP_T_POSS | QXP_T_SENT)) && m > 1)) {
            return false;
        }
        if (c->tk.t[w].flags & QXP_T_CAP) {
            if ((tptr(c, w)[0] | 0x20) != (a[m - 1] | 0x20)) {
                return false;
            }
            m--;
            k = w;
            continue;
        }
        static const qxp_wordlist joiners[] = {QXP_W("of"), QXP_W("for"), QXP_W("and"),
                                               QXP_W("the"), QXP_W("on"), {NULL, 0}};
        if (k == b || !qxp_word_in(c, w, joiners)) {
            return false;
        }
        k = w;
    }
    if (m > 0 || (c->tk.t[k].flags & QXP_T_POSS)) {
        return false;
    }
    memset(np, 0, sizeof *np);
    np->n0 = (uint32_t)k;
    np->t0 = (uint32_t)(k > lo && qxp_tok_word(c, k - 1, "the") ? k - 1 : k);
    np->t1 = np->n1 = (uint32_t)b;
    np->type = QXP_NP_GROUP;
    return true;
}

/* A capitalized word that may belong to a body's name: "Microsoft", "US", "State", and a
 * possessive inside it: "the Information Commissioner's Office", "the Musicians' Union". */
static bool cap_word(const qxp_actx *c, size_t i) {
    if (!usable(c, i)) {
        return false;
    }
    uint32_t f = c->tk.t[i].flags;
    return (f & QXP_T_WORD) && (f & QXP_T_CAP) && !(f & QXP_T_NUM);
}

/* A subject whose head is followed by a prepositional phrase that names an organisation,
 * ending at e: the head speaks, not the organisation. "A spokeswoman for Microsoft said",
 * "A spokesman for the US State Department said", "Professor Jane Doe of Oxford University
 * said", "Economists at Deutsche Bank said", and across a chain of such phrases: "A
 * spokesman for the Department of Health said" (fixtures/attrib/pp-org). The phrase is up
 * to eight capitalized words (with "&" between two: "Marks & Spencer"; not "and", which
 * joins clauses as often: "the manager's job at Oldham and Keegan has stated") after an
 * optional determiner, after for/of/at/from/with/in; the head before it is a name, a
 * title, or a group word that is not itself a capitalized name in mid-sentence ("the
 * Department" is the next link of the chain). Without a preposition before the capitalized
 * words there is nothing to do: "On Tuesday Microsoft said", "Gordon Brown said". */
static bool pp_org_head(const qxp_actx *c, size_t e, size_t lo, qxp_np *np) {
    /* a subject that ends in a body's name and a person's is that person: "The US Secretary
     * of Energy Spencer Abraham confirmed" (a given name after the first capitalized word
     * tells the person; "Supporters of Tony Blair said" are the supporters) */
    size_t run = e;
    while (run > lo && e - run < 8 && cap_word(c, run - 1)) {
        run--;
    }
    for (size_t k = run + 1; k < e; k++) {
        if (qxp_tok_lex(c, k, QXP_LEX_GIVEN_NAMES)) {
            return false;
        }
    }
    size_t p = e;
    for (int link = 0; link < 4; link++) {
        size_t k = p;
        while (k > lo && p - k < 8 &&
               (cap_word(c, k - 1) ||
                (k - 1 > lo && k < p && punct(c, k - 1, '&') && cap_word(c, k - 2)))) {
            k--;
        }
        if (k == p) {
            return false;
        }
        if (k > lo && usable(c, k - 1) && qxp_is_det(c, k - 1)) {
            k--;
        }
        /* "in" too, for a place: "the BBC's Sarah Rainsford in Moscow says" */
        if (k < lo + 2 || !(is_prep(c, k - 1) || qxp_tok_word(c, k - 1, "in"))) {
            return false;
        }
        qxp_np head;
        if (qxp_np_before(c, k - 1, &head) && head.t0 >= lo) {
            uint32_t hf = c->tk.t[head.t1 - 1].flags;
            bool cap_mid = (hf & QXP_T_CAP) && !(hf & QXP_T_SENT);
            /* a name before "for" is the first part of a body's name ("the Court of
             * Appeals for the District of Columbia"): people work "for" under a title; and
             * a name after a determiner is a body's ("A report by the Fraser of Allander
             * Institute says") */
            bool name_ok = head.type == QXP_NP_NAME && !qxp_tok_word(c, k - 1, "for") &&
                           !qxp_is_det(c, head.t0);
            if (name_ok || head.type == QXP_NP_TITLE || (head.type == QXP_NP_GROUP && !cap_mid)) {
                *np = head;
                return true;
            }
        }
        p = k - 1; /* the next link: the phrase before this preposition */
    }
    return false;
}

/* A relative pronoun: "who", "whose", "which" (the relative clauses that subject_before
 * passes over). */
static bool relative_word(const qxp_actx *c, size_t k) {
    static const qxp_wordlist words[] = {QXP_W("who"), QXP_W("whose"), QXP_W("which"),
                                         {NULL, 0}};
    return qxp_word_in(c, k, words);
}

/* Token k, or the one after it when k is a conjunction opening the sentence: "But Mutu has
 * hit out …", "And the judges paved …" (the sentence's subject follows; s1 its end). */
static size_t after_conjunction(const qxp_actx *c, size_t k, size_t s1) {
    static const qxp_wordlist conj[] = {QXP_W("but"), QXP_W("and"), QXP_W("yet"), {NULL, 0}};
    return k + 1 < s1 && qxp_word_in(c, k, conj) ? k + 1 : k;
}

/* A subject pronoun at k followed by a word that is no verb and then punctuation or the
 * end: "says it all:", "said it again." (indirect_in_sentence). */
static bool pronoun_object(const qxp_actx *c, size_t k) {
    static const qxp_wordlist not_verbs[] = {QXP_W("all"),  QXP_W("both"),  QXP_W("again"),
                                             QXP_W("too"),  QXP_W("before"), QXP_W("once"),
                                             QXP_W("well"), {NULL, 0}};
    const qxp_lexent *p = usable(c, k) ? qxp_tok_lex(c, k, QXP_LEX_PRONOUNS) : NULL;
    return p && (p->flags & QXP_LF_SUBJ) && usable(c, k + 1) &&
           qxp_word_in(c, k + 1, not_verbs) &&
           (k + 2 >= c->tk.n || (c->tk.t[k + 2].flags & QXP_T_PUNCT));
}

/* A noun whose that-clause says what it is, not what anyone said: "charges that they
 * infringed copyright", "claims that the firm had lied" (indirect_in_sentence). */
static bool content_noun(const qxp_actx *c, size_t k) {
    /* lower case ("told BBC News that" is an addressee), and nobody's own: "the group said
     * its belief that the oil had moved west had proved correct" is the group's report (a
     * possessive determiner: a determiner that is also a pronoun, as "its", "their") */
    if ((c->tk.t[k].flags & QXP_T_CAP) ||
        (k > 0 && qxp_is_det(c, k - 1) && qxp_tok_lex(c, k - 1, QXP_LEX_PRONOUNS))) {
        return false;
    }
    static const qxp_wordlist words[] = {
        QXP_W("charges"),     QXP_W("charge"),      QXP_W("claims"),     QXP_W("claim"),
        QXP_W("allegations"), QXP_W("allegation"),  QXP_W("accusations"), QXP_W("reports"),
        QXP_W("suggestions"), QXP_W("suggestion"),  QXP_W("rumours"),    QXP_W("rumors"),
        QXP_W("speculation"), QXP_W("fears"),       QXP_W("concerns"),   QXP_W("fact"),
        QXP_W("idea"),        QXP_W("notion"),      QXP_W("news"),       QXP_W("evidence"),
        QXP_W("belief"),      QXP_W("hopes"),       QXP_W("warnings"),   QXP_W("proof"),
        {NULL, 0}};
    return qxp_word_in(c, k, words);
}

/* A noun that counts or divides what follows "of": "a number of analysts", "the rest of
 * the team", "the majority of economists" (np_before_head). */
static bool quantity_noun(const qxp_actx *c, size_t k) {
    static const qxp_wordlist words[] = {
        QXP_W("number"),   QXP_W("majority"), QXP_W("minority"), QXP_W("lot"),
        QXP_W("lots"),     QXP_W("couple"),   QXP_W("rest"),     QXP_W("half"),
        QXP_W("third"),    QXP_W("quarter"),  QXP_W("handful"),  QXP_W("dozen"),
        QXP_W("dozens"),   QXP_W("hundreds"), QXP_W("thousands"), QXP_W("millions"),
        QXP_W("pair"),     QXP_W("range"),    QXP_W("variety"),  QXP_W("host"),
        QXP_W("series"),   QXP_W("share"),    QXP_W("proportion"), QXP_W("part"),
        QXP_W("percent"),  QXP_W("total"),    QXP_W("kind"),     QXP_W("sort"),
        QXP_W("type"),     QXP_W("bunch"),    QXP_W("crowd"),    QXP_W("string"),
        {NULL, 0}};
    return qxp_word_in(c, k, words);
}

/* The phrase ending at e (qxp_np_before), with a head before a preposition for it: "A
 * spokeswoman for the company said" is the spokeswoman (fixtures/attrib/pp-head), and a
 * body's name across "of"/"for": "the California Chamber of Commerce", "the US Department
 * of Justice" (fixtures/attrib/pp-org). */
static bool np_before_head(const qxp_actx *c, size_t e, size_t lo, qxp_np *np) {
    if (!qxp_np_before(c, e, np) || np->t0 < lo) {
        return false;
    }
    qxp_np head;
    /* a topic's preposition joins a noun to its head as "of" does: "A report on the
     * experiment said", "an inquiry into the crash found" (fixtures/attrib/pp-head) */
    static const qxp_wordlist topic[] = {QXP_W("on"), QXP_W("into"), QXP_W("about"),
                                         {NULL, 0}};
    bool about = np->t0 > lo + 1 && qxp_word_in(c, np->t0 - 1, topic);
    /* "in" joins a place or an occasion to a person or to a lower-case plural group: "The
     * judge in the case said", "Officials in Brussels said" (fixtures/attrib/pp-head) */
    bool in = np->t0 > lo + 1 && qxp_tok_word(c, np->t0 - 1, "in");
    if (np->t0 <= lo + 1 || !(is_prep(c, np->t0 - 1) || about || in) ||
        !qxp_np_before(c, np->t0 - 1, &head) || head.t0 < lo ||
        (about && head.type != QXP_NP_COMMON)) {
        return true;
    }
    if (in) {
        if (head.type == QXP_NP_TITLE ||
            (head.type == QXP_NP_GROUP && head.plural &&
             !(c->tk.t[head.t1 - 1].flags & QXP_T_CAP))) {
            *np = head;
        }
        return true;
    }
    bool of_for = about || qxp_tok_word(c, np->t0 - 1, "of") ||
                  qxp_tok_word(c, np->t0 - 1, "for");
    /* a name after a determiner is a body's, and the phrase after "of" the rest of it ("A
     * Top of the Pops spokesperson said" keeps its title); so is a capitalized group word's
     * when the phrase is capitalized words only (a title makes it a person: "the
     * Commission for Racial Equality chairman Trevor Phillips said") */
    bool body = of_for && head.type == QXP_NP_NAME && qxp_is_det(c, head.t0);
    if (of_for && !body && head.type == QXP_NP_GROUP &&
        (c->tk.t[head.t1 - 1].flags & QXP_T_CAP)) {
        body = true;
        for (size_t k = np->t0; k < np->t1 && body; k++) {
            body = cap_word(c, k) || qxp_is_det(c, k);
        }
    }
    if (body) {
        np->t0 = head.t0;
        np->n0 = head.t0 + (qxp_is_det(c, head.t0) ? 1u : 0u);
        np->type = QXP_NP_GROUP;
        np->gender = 0;
        np->gender_sure = false;
        np->plural = false;
    } else if (head.type == QXP_NP_TITLE || head.type == QXP_NP_NAME ||
               (of_for && head.type == QXP_NP_COMMON && qxp_is_det(c, head.t0) &&
                !quantity_noun(c, head.t1 - 1)) ||
               (of_for && head.type == QXP_NP_GROUP && head.plural &&
                (!(c->tk.t[head.t1 - 1].flags & QXP_T_CAP) ||
                 (c->tk.t[head.t1 - 1].flags & QXP_T_SENT)))) {
        /* a group word before a person ("the Commission for …") is none; a common noun
         * after a determiner is the head of its phrase: "The maker of the handsets told
         * reporters", but "a number of analysts said" are the analysts; so is a lower-case
         * plural group: "The organisers of the gathering have promised"
         * (fixtures/attrib/pp-head) */
        *np = head;
    }
    return true;
}

/* Tokens [a, k) as a bare plural phrase after an optional quantifier: "some computer
 * users", "many fans" (one to three lower-case words, the last ending in "s"): a group
 * (restrictive_relative). */
static bool bare_plural(const qxp_actx *c, size_t a, size_t k, qxp_np *np) {
    static const qxp_wordlist quant[] = {QXP_W("some"), QXP_W("many"), QXP_W("most"),
                                         QXP_W("several"), QXP_W("few"), QXP_W("other"),
                                         {NULL, 0}};
    size_t n0 = a < k && qxp_word_in(c, a, quant) ? a + 1 : a;
    if (n0 >= k || k - n0 > 3 || !qxp_tok_ends(c, k - 1, 4, "s")) {
        return false;
    }
    for (size_t j = n0; j < k; j++) {
        if (!usable(c, j) || !(c->tk.t[j].flags & QXP_T_WORD) ||
            (c->tk.t[j].flags & (QXP_T_CAP | QXP_T_NUM | QXP_T_POSS)) ||
            (qxp_tok_cls(&c->tk, j) & (QXP_W_FUNC | QXP_W_DET | QXP_W_AUX | QXP_W_FINITE)) ||
            cue_verb(c, j)) {
            return false;
        }
    }
    memset(np, 0, sizeof *np);
    np->t0 = (uint32_t)a;
    np->t1 = np->n1 = (uint32_t)k;
    np->n0 = (uint32_t)n0;
    np->type = QXP_NP_GROUP;
    np->plural = true;
    return true;
}

/* A relative clause without commas between the subject and its verb at e: "some computer
 * users who had tested the latest software reported …", "Fans who travelled to Cardiff
 * said …" are the users' and the fans' (fixtures/attrib/appositive). "who" or "which"
 * within 12 words of the verb, two words at least after it and no punctuation, and a
 * phrase before the pronoun. */
static bool restrictive_relative(const qxp_actx *c, size_t e, size_t lo, qxp_np *np) {
    size_t stop = e > lo + 12 ? e - 12 : lo;
    for (size_t k = e; k-- > stop + 1;) {
        if (!usable(c, k) || !(c->tk.t[k].flags & QXP_T_WORD)) {
            return false;
        }
        if (relative_word(c, k)) {
            if (e - k < 3 || k <= lo) {
                return false; /* a clause of two words at least: "who live nearby" */
            }
            /* the phrase before the pronoun, or the one opening the sentence up to it
             * ("Some users who …", "But some computer users who …") */
            size_t a = after_conjunction(c, lo, e);
            if ((qxp_np_before(c, k, np) && np->t0 >= lo) ||
                (qxp_np_after(c, a, np) && np->t1 == k)) {
                return np->type != QXP_NP_PRONOUN && np->type != QXP_NP_NONE;
            }
            return bare_plural(c, a, k, np);
        }
    }
    return false;
}

/* An appositive whose closing comma is missing, ending at e: "John Houlihan, editor of
 * Games Weekly told BBC News", "Christoph Caselitz, president of the networks division at
 * the firm says": the name before the comma speaks, not the body that ends the title phrase.
 * The phrase after the comma opens with a title word (after a determiner or not) and holds
 * a preposition, no verb and no other punctuation, within 12 tokens
 * (fixtures/attrib/open-appositive). */
static bool open_appositive(const qxp_actx *c, size_t e, size_t lo, qxp_np *np) {
    /* the nearest punctuation first (flags only): most subjects have none close by */
    size_t stop = e > lo + 12 ? e - 12 : lo;
    size_t p = e;
    while (p > stop + 1 && usable(c, p - 1) && !(c->tk.t[p - 1].flags & QXP_T_PUNCT)) {
        p--;
    }
    if (p <= stop + 1 || p == e || !punct(c, p - 1, ',')) {
        return false;
    }
    p--; /* the comma */
    bool prep = false;
    for (size_t k = p + 1; k < e; k++) {
        if (cue_verb(c, k)) {
            return false;
        }
        prep |= is_prep(c, k);
    }
    size_t a = p + 1 < e && qxp_is_det(c, p + 1) ? p + 2 : p + 1;
    if (!prep || a >= e || (c->tk.t[a].flags & QXP_T_CAP) ||
        !(c->m->wfacts[c->tk.t[a].wi] & QXP_WF_TITLE)) {
        return false;
    }
    return qxp_np_before(c, p, np) && np->t0 >= lo && np->type == QXP_NP_NAME;
}

/* Subject NP ending before verb v, skipping auxiliaries/adverbs and an appositive:
 * "Hugh Hill, a doctor at the clinic, said" -> fixtures/attrib/appositive */
static bool subject_before(const qxp_actx *c, size_t v, size_t lo, bool coord, qxp_np *np) {
    size_t e = v;
    /* "Seibert was quoted as saying:" -> the subject before "was quoted as"
     * (fixtures/attrib/news-patterns) */
    if (e >= lo + 2 && qxp_tok_word(c, e - 1, "as") && qxp_tok_word(c, e - 2, "quoted")) {
        e -= 2;
    }
    /* sentence adverbs and time phrases too: "The chancellor meanwhile said", "the EOC
     * last year said", "Other reports this week said" (fixtures/speaker/time-adjunct);
     * not before a participle: "issued a statement late on Friday saying" is no statement
     * speaking */
    bool finite = !qxp_tok_ends(c, v, 5, "ing");
    for (;;) {
        while (e > lo && aux_or_adverb(c, e - 1)) {
            e--;
        }
        if (!finite) {
            break;
        }
        if (e > lo + 1 && qxp_sentence_adverb(c, e - 1)) {
            e--;
            continue;
        }
        size_t ts = qxp_time_phrase_start(c, e, lo);
        if (ts < e && ts > lo) {
            e = ts;
            continue;
        }
        break;
    }
    /* a body's name with its acronym: "The British Chambers of Commerce (BCC) said"; a
     * bracket after a person's name is skipped: "Dr Amara Osei (UCL) said"
     * (fixtures/attrib/bracket-acronym) */
    if (finite && e > lo + 3 && punct(c, e - 1, ')') && punct(c, e - 3, '(')) {
        if (acronym_expansion(c, e - 3, lo, np)) {
            /* "A spokesman for the British Phonographic Industry (BPI) said", "Jeff Joseph,
             * from the Consumer Electronics Association (CEA) told": the head speaks */
            qxp_np head;
            size_t p = np->t0;
            if (p > lo + 1 && is_prep(c, p - 1) &&
                ((qxp_np_before(c, p - 1, &head) && head.t0 >= lo) ||
                 (p > lo + 2 && punct(c, p - 2, ',') && qxp_np_before(c, p - 2, &head) &&
                  head.t0 >= lo && head.type == QXP_NP_NAME)) &&
                (head.type == QXP_NP_TITLE || head.type == QXP_NP_NAME)) {
                *np = head;
            }
            return true;
        }
        if (usable(c, e - 2) && (c->tk.t[e - 2].flags & QXP_T_CAP) &&
            (c->tk.t[e - 4].flags & QXP_T_WORD)) {
            e -= 3;
        }
    }
    /* "Huw Pill, the Bank's chief economist, who said": the relative pronoun's antecedent
     * speaks (fixtures/attrib/news-patterns3) */
    bool rel = false;
    if (e > lo + 1 && qxp_tok_word(c, e - 1, "who")) {
        e--;
        rel = e > lo + 1 && punct(c, e - 1, ',');
    }
    /* coord: a verb joined by "and" (or "and then") takes the subject of its clause */
    if (coord && e > lo + 2 && qxp_tok_word(c, e - 1, "then") && qxp_tok_word(c, e - 2, "and")) {
        e--;
    }
    if (coord && e > lo + 1 && qxp_tok_word(c, e - 1, "and")) {
        return coordinated_subject(c, e - 1, lo, np);
    }
    /* "who" follows its antecedent, a person: "It is also a debut nomination for Staunton,
     * 49, who told …" is Staunton's (an age between commas skipped; a name only;
     * fixtures/attrib/including-who) */
    if (rel) {
        size_t k = e - 1;
        if (k > lo + 3 && (c->tk.t[k - 1].flags & QXP_T_NUM) && punct(c, k - 2, ',')) {
            k -= 2;
        }
        if (qxp_np_before(c, k, np) && np->type == QXP_NP_NAME && np->t0 > lo &&
            is_prep(c, np->t0 - 1)) {
            return true;
        }
    }
    /* "road safety campaigners, including Labour backbencher Gwyneth Dunwoody, who says":
     * the one included is the relative pronoun's antecedent (a name up to three words after
     * "including"; fixtures/attrib/including-who) */
    if (rel && qxp_np_before(c, e - 1, np) && np->type == QXP_NP_NAME && np->t0 > lo + 1) {
        size_t k = np->t0;
        while (k > lo + 1 && np->t0 - k < 3 && (c->tk.t[k - 1].flags & QXP_T_WORD) &&
               !qxp_tok_word(c, k - 1, "including")) {
            k--;
        }
        if (k > lo + 1 && qxp_tok_word(c, k - 1, "including") && punct(c, k - 2, ',')) {
            return true;
        }
    }
    if (finite && e > lo + 3 && open_appositive(c, e, lo, np)) {
        return true;
    }
    /* a parenthetical between dashes: "But Mr Herron - who gained fame as one of the
     * metric martyrs - said he was not convinced" is Mr Herron's (up to 30 tokens, no
     * sentence end between; fixtures/attrib/dash-parenthetical) */
    if (finite && e > lo + 3 && dash(c, e - 1)) {
        size_t stop = e > lo + 31 ? e - 31 : lo;
        for (size_t k = e - 1; k-- > stop + 1;) {
            if (!usable(c, k) || sentence_end(c, k)) {
                break;
            }
            if (dash(c, k)) {
                if (np_before_head(c, k, lo, np) && np->type != QXP_NP_PRONOUN &&
                    np->type != QXP_NP_COMMON) {
                    return true;
                }
                break;
            }
        }
    }
    if (finite && e > lo + 3 && restrictive_relative(c, e, lo, np)) {
        return true;
    }
    if (e > lo && pp_org_head(c, e, lo, np)) {
        return true;
    }
    if (e > lo && np_before_head(c, e, lo, np)) {
        return true;
    }
    /* a relative clause between commas, however many commas it holds: "The Oscar-nominated
     * actor, whose films include Schindler's List, Michael Collins and Star Wars, said:"
     * is the actor's (fixtures/attrib/appositive) */
    if (e > lo + 3 && punct(c, e - 1, ',')) {
        size_t stop = e > lo + 40 ? e - 40 : lo;
        for (size_t k = e - 1; k-- > stop + 1;) {
            if (!usable(c, k) || sentence_end(c, k)) {
                break;
            }
            if (punct(c, k, ',') && relative_word(c, k + 1)) {
                /* not when the phrase is itself an appositive ("Fred Hasson, head of Tiga,
                 * which represents developers, said"): the scan below finds its name */
                if (np_before_head(c, k, lo, np) && np->type != QXP_NP_PRONOUN &&
                    (np->type == QXP_NP_NAME || np->t0 == lo || !punct(c, np->t0 - 1, ','))) {
                    return true;
                }
                break;
            }
        }
    }
    /* appositives or a relative clause between commas, up to three segments and 16 tokens:
     * "Hugh Hill, a doctor at the clinic, said", "John Smith, 34, from Leeds, said" */
    if (e > lo + 2 && punct(c, e - 1, ',')) {
        size_t k = e - 1, segments = 0;
        size_t stop = k > lo + 16 ? k - 16 : lo;
        while (k > stop) {
            k--;
            if (!usable(c, k) || sentence_end(c, k)) {
                return false;
            }
            if (punct(c, k, ',')) {
                /* "Merkel’s spokesman, Steffen Seibert, said", "The mayor of Munich, Dieter
                 * Reiter, said": a name between the commas is the speaker; else the phrase
                 * before them */
                /* ... but not a one-word name after a capitalized word and its comma, the
                 * county or country of a place: "Mr Johnson, MP for Henley-on-Thames,
                 * Oxfordshire, said" is Mr Johnson's ("His mother, Giselle, said" is
                 * Giselle's; fixtures/attrib/appositive) */
                qxp_np inner;
                bool county = false;
                if (segments == 0 && qxp_np_after(c, k + 1, &inner) &&
                    inner.type == QXP_NP_NAME && inner.t1 == e - 1) {
                    county = inner.n1 - inner.n0 == 1 && inner.gender == 0 &&
                             inner.n0 == inner.t0 && k > 0 &&
                             (c->tk.t[k - 1].flags & QXP_T_CAP);
                    if (!county) {
                        *np = inner;
                        return true;
                    }
                }
                /* a group only when it opens the clause ("Google, the search giant, said"):
                 * "what we call Merry England, and held farms which, speaking" is no
                 * appositive (fixtures/speaker/org-subject); a head before a body's name
                 * speaks: "the chairman of the Police Federation of England and Wales,
                 * which represents …, said" (np_before_head), else the phrase as found. No
                 * phrase after a preposition before a county ("David Redvers, 34, from
                 * Hartpury, Gloucestershire, said"), nor, as found, after a title and its
                 * preposition ("Fred Hasson, head of Tiga, which represents developers,
                 * said" is Fred Hasson's) */
                for (int pass = 0; pass < 2; pass++) {
                    if (!(pass == 0 ? np_before_head(c, k, lo, np)
                                    : qxp_np_before(c, k, np) && np->t0 >= lo)) {
                        continue;
                    }
                    bool complement =
                        np->t0 > lo + 1 && is_prep(c, np->t0 - 1) &&
                        (county || (pass == 1 && qxp_tok_lex(c, np->t0 - 2, QXP_LEX_TITLES)));
                    if (!complement && np->type != QXP_NP_PRONOUN &&
                        (np->t0 == lo || !punct(c, np->t0 - 1, ',') ||
                         np->type == QXP_NP_NAME ||
                         /* "Asked about the timeline, a senior official, who …, said" */
                         (np->type == QXP_NP_TITLE && qxp_is_det(c, np->t0))) &&
                        (np->type != QXP_NP_GROUP || np->t0 == lo ||
                         qxp_tok_lex(c, np->t1 - 1, QXP_LEX_GROUPS))) {
                        return true;
                    }
                }
                if (++segments == 3) {
                    break;
                }
            }
        }
    }
    /* "Labour's Mr Livingstone, who says he is "standing by" his remarks": the phrase
     * before the comma of a relative clause, when no appositive precedes it
     * (fixtures/attrib/inv-clause) */
    return rel && qxp_np_before(c, e - 1, np) && np->t0 >= lo && np->type != QXP_NP_PRONOUN;
}

/* The end of an addressee that goes on with a station's programme at token k: "told BBC
 * Radio 4's Today programme (that) …", "told BBC Radio 4's World At One" -- the reported
 * clause starts after it (fixtures/attrib/addressee-programme); k when none. */
static size_t programme_end(const qxp_actx *c, size_t k) {
    /* a channel's number: "told BBC News 24 she had not thought …", not a number the
     * clause opens with: "told MPs 25 schools would close" */
    if (k + 1 < c->tk.n && usable(c, k) && (c->tk.t[k].flags & QXP_T_NUM) &&
        !(c->tk.t[k].flags & QXP_T_POSS) && k > 0 && (c->tk.t[k - 1].flags & QXP_T_CAP) &&
        c->tk.t[k].end - c->tk.t[k].start <= 2 &&
        (qxp_tok_lex(c, k + 1, QXP_LEX_PRONOUNS) || qxp_tok_word(c, k + 1, "that"))) {
        return k + 1;
    }
    if (k + 1 >= c->tk.n || !usable(c, k) || !(c->tk.t[k].flags & QXP_T_POSS) ||
        !(c->tk.t[k].flags & (QXP_T_NUM | QXP_T_CAP))) {
        return k;
    }
    size_t j = k + 1;
    while (j < c->tk.n && j < k + 5 && usable(c, j) && (c->tk.t[j].flags & QXP_T_WORD) &&
           (c->tk.t[j].flags & QXP_T_CAP) && !(c->tk.t[j].flags & QXP_T_SENT)) {
        j++;
    }
    if (j < c->tk.n && (qxp_tok_word(c, j, "programme") || qxp_tok_word(c, j, "show"))) {
        j++;
    }
    return j > k + 1 ? j : k;
}

/* Addressee after an "obj" verb: "told RT correspondent Anton Krasovsky" */
static void addressee_after(const qxp_actx *c, size_t v, const qxp_lexent *e, rec *r) {
    memset(&r->addr, 0, sizeof r->addr);
    if (!(e->flags & QXP_LF_OBJ)) {
        return;
    }
    qxp_np np;
    if (qxp_np_after(c, v + 1, &np) && np.type != QXP_NP_PRONOUN) {
        np.t1 = (uint32_t)programme_end(c, np.t1);
        r->addr = np;
    }
}

/* A finite auxiliary at token i: was, were, is, had, would, could. */
static bool finite_at(const qxp_actx *c, size_t i) {
    return usable(c, i) && (qxp_tok_cls(&c->tk, i) & QXP_W_FINITE);
}

/* The lower-case nouns of a longer phrase from k, then a finite verb: the phrase before k
 * only modifies them and the whole is a reported clause's subject: "said his
 * Parliamentary statement had been a “fair summary”" (fixtures/attrib/inv-clause). */
static bool clause_subject_rest(const qxp_actx *c, size_t k) {
    size_t j = k;
    while (j < c->tk.n && j < k + 2 && usable(c, j) && (c->tk.t[j].flags & QXP_T_WORD) &&
           !(c->tk.t[j].flags & (QXP_T_CAP | QXP_T_NUM)) &&
           !(c->m->wfacts[c->tk.t[j].wi] & (QXP_WF_FUNC | QXP_WF_DET)) &&
           !cue_verb(c, j) && !qxp_tok_ends(c, j, 4, "ly") &&
           !(qxp_tok_cls(&c->tk, j) & (QXP_W_AUX | QXP_W_FINITE))) {
        j++;
    }
    return j > k && finite_at(c, j);
}

/* Tries "NP verb" and "verb NP" around verb token v; true with r filled. */
static bool attribution_at(const qxp_actx *c, size_t v, size_t lo, bool allow_inv, bool coord,
                           rec *r) {
    const qxp_lexent *e = cue_verb(c, v);
    if (e == NULL) {
        return false;
    }
    qxp_np np;
    if (subject_before(c, v, lo, coord, &np)) {
        r->spk = np;
        set_cue(r, v, v + 1, e);
        addressee_after(c, v, e, r);
        return true;
    }
    /* "said NP" is no inversion when a finite verb follows NP: 'Labour said the plans were
     * "too little, too late"' -- NP is the subject of the reported clause
     * (fixtures/attrib/inv-clause) */
    if (allow_inv && (e->flags & QXP_LF_INV) && qxp_np_after(c, v + 1, &np) &&
        np.type != QXP_NP_NONE && !finite_at(c, np.t1) && !clause_subject_rest(c, np.t1)) {
        r->spk = np;
        set_cue(r, v, v + 1, e);
        memset(&r->addr, 0, sizeof r->addr);
        return true;
    }
    return false;
}

/* A reporting verb at v that opens a reported clause without "that": "said NP was/would
 * …" ('Number 10 said ministers were interested in governing and not a "soap opera"'). */
static bool clause_cue_at(const qxp_actx *c, size_t v) {
    const qxp_lexent *e = cue_verb(c, v);
    qxp_np np;
    return e && (e->flags & QXP_LF_INV) && qxp_np_after(c, v + 1, &np) &&
           np.type != QXP_NP_NONE && finite_at(c, np.t1);
}

/* run_of's order: run j starts at or before token i. */
static bool run_before(const void *arr, size_t j, size_t i) {
    return ((const uint32_t *)arr)[j] <= i;
}

/* Index of the run (of one sentence in one paragraph) holding token i: the last run
 * starting at or before i (runs[0] is token 0). O(log runs), within 64 tokens on a long
 * text (c->runs_ix, as for qxp_tok_at). */
static size_t run_of(const qxp_actx *c, size_t i) {
    size_t lo = 0, hi = c->n_runs; /* the first run starting after i lies in [lo, hi] */
    qxp_bindex_narrow(&c->runs_ix, i, &lo, &hi);
    QXP_LOWER_BOUND(lo, lo, hi, j, c->runs[j] <= i);
    size_t r = lo ? lo - 1 : 0;
#ifdef QXP_CHECKS
    /* make check and the fuzz targets hold the index to the plain search: runs[r] <= i,
     * and the next run starts after i */
    if (c->n_runs && (c->runs[r] > i || (r + 1 < c->n_runs && c->runs[r + 1] <= i))) {
        abort();
    }
#endif
    return r;
}

/* First token of the sentence holding token i / one past the last. */
static size_t sent_first(const qxp_actx *c, size_t i) {
    return c->runs[run_of(c, i)];
}

static size_t sent_last(const qxp_actx *c, size_t i) {
    size_t r = run_of(c, i);
    return r + 1 < c->n_runs ? c->runs[r + 1] : c->tk.n;
}

/* The first token of every run of one sentence and one paragraph (QXP_T_SEG), so that a
 * sentence's bounds are a binary search away: walking to the sentence edge per quote was
 * quadratic on a long sentence full of quotes ('"A," he said, ' repeated, tests/stress.sh),
 * and two bounds per token took 8 bytes a token. The tokenizer noted them (tk.runs): taken
 * over here. */
static qx_status sentence_bounds(qxp_actx *c) {
    c->runs = c->tk.runs;
    c->n_runs = c->tk.n_runs;
    c->tk.runs = NULL;
    c->tk.n_runs = 0;
#ifdef QXP_CHECKS
    /* make check: the runs are the tokens with QXP_T_SEG, all of them */
    size_t k = 0;
    for (size_t i = 0; i < c->tk.n; i++) {
        if ((c->tk.t[i].flags & QXP_T_SEG) && (k >= c->n_runs || c->runs[k++] != i)) {
            abort();
        }
    }
    if (k != c->n_runs) {
        abort();
    }
#endif
    if (c->n_runs == 0) {
        qxp_free(c->runs);
        c->runs = NULL;
        return QX_OK;
    }
    return qxp_bindex_build(&c->runs_ix, NULL, c->runs, c->n_runs, c->tk.n, 6, run_before);
}

/* Where a sentence's subject starts: after a dateline ("WASHINGTON (AP) — President Joe
 * Biden urged …", "LONDON, Jan 5 (Reuters) -"): capitals, a parenthesis or a date, then a
 * dash, within the first 10 tokens (fixtures/attrib/news-patterns5). */
static size_t subject_start(const qxp_actx *c, size_t s0, size_t s1) {
    for (size_t k = s0; k < s1 && k < s0 + 10; k++) {
        if (dash(c, k)) {
            return k + 1 < s1 && (c->tk.t[s0].flags & QXP_T_UPPER) ? k + 1 : s0;
        }
        if ((c->tk.t[k].flags & QXP_T_WORD) && !(c->tk.t[k].flags & (QXP_T_CAP | QXP_T_NUM))) {
            break; /* a lower-case word: no dateline */
        }
    }
    return s0;
}

/* The subject of sentence [s0, s1) that a participle after its clause reports for, ending
 * before the sentence's verb or an adverb: "The show's producers defended Rock, saying …",
 * "The inquiry famously settled on …, saying …" (fixtures/attrib/ing-noun), "Mutu has hit
 * out at the decision, saying: …" (fixtures/attrib/ing-colon). */
static bool ing_subject(const qxp_actx *c, size_t s0, size_t s1, qxp_np *np) {
    if (!qxp_np_after(c, after_conjunction(c, subject_start(c, s0, s1), s1), np)) {
        return false;
    }
    /* the first lower-case past form or -ly adverb ends it: "the judges paved the way …
     * by saying" is the judges' */
    if (np->t1 == np->n1) {
        for (size_t j = np->n0 + 1; j < np->n1; j++) {
            if (!(c->tk.t[j].flags & QXP_T_CAP) && /* "Kelly", "Alfred" */
                (qxp_past_form(c, j) || qxp_tok_ends(c, j, 5, "ly"))) {
                np->n1 = np->t1 = (uint32_t)j;
                break;
            }
        }
    }
    return true;
}

/* An action beat: the sentence just before sentence s0, in its paragraph and outside
 * quotes, opens with a person doing something ("Tommy chuckled.", "The parson rode
 * nearer."). */
static bool beat_np(const qxp_actx *c, size_t s0, qxp_np *np) {
    if (s0 == 0 || s0 >= c->tk.n || (c->tk.t[s0].flags & QXP_T_PARA)) {
        return false;
    }
    size_t b0 = sent_first(c, s0 - 1);
    /* a sentence that quotes is an attribution, no beat: after 'He said: "They need to
     * rethink the bill.' the quote re-opened next ("Unless …") continues it (carry_over),
     * whatever opens that sentence (fixtures/attrib/ing-colon) */
    for (size_t k = b0; k < s0; k++) {
        if (c->tk.t[k].flags & (QXP_T_INQ | QXP_T_QMARK)) {
            return false;
        }
    }
    /* (after what opens the sentence before its subject, a time phrase or a conjunction:
     * "Last week union leader Dave Prentis criticised the plans. “…”" is Prentis,
     * fixtures/attrib/beat; but a bare "But" or "And" opens no beat, its sentence turns to
     * another matter as often: "But Bob in the 1990s became …") */
    size_t ob = qxp_opener_end(c, b0, s0);
    if (!(ob == b0 + 1 && (qxp_tok_word(c, b0, "but") || qxp_tok_word(c, b0, "and")))) {
        b0 = ob;
    }
    /* (a possessor is no actor: "Sylvester Stallone's ex-wife Brigitte Nielsen nominated
     * … She said:" is Nielsen, "Fowler's double strike helped City … and Keegan
     * sympathised … "…," he said" Keegan; fixtures/speaker/title-subject-owner) */
    if (!usable(c, b0) || !qxp_np_after(c, b0, np) || np->t1 >= s0) {
        return false;
    }
    /* (nor a body's name before lower-case words, a title and a name: "Lib Dem home
     * affairs spokesman Mark Oaten said" is Oaten's sentence, fixtures/attrib/beat) */
    for (size_t k = np->t1; k < s0 && k < np->t1 + 4 && (c->tk.t[k].flags & QXP_T_WORD) &&
                            !(c->tk.t[k].flags & QXP_T_CAP);
         k++) {
        if ((c->m->wfacts[c->tk.t[k].wi] & QXP_WF_TITLE1) && k + 1 < s0 &&
            (c->tk.t[k + 1].flags & QXP_T_CAP)) {
            return false;
        }
    }
    return !(c->tk.t[np->t1 - 1].flags & QXP_T_POSS) &&
           (np->type == QXP_NP_NAME || np->type == QXP_NP_PRONOUN ||
            (np->type == QXP_NP_TITLE && np->t0 < np->n0)) &&
           (c->tk.t[np->t1].flags & QXP_T_WORD) && !(c->tk.t[np->t1].flags & QXP_T_CAP) &&
           /* a name before a group word modifies it: "Phone companies had the systems …"
            * is no person acting (fixtures/speaker/pronoun-org) */
           !qxp_tok_lex(c, np->t1, QXP_LEX_GROUPS);
}

static bool quoted_as(const qxp_actx *c, size_t qv, size_t s0, qxp_np *np);
static bool passive_at(const qxp_actx *c, size_t v, const qxp_lexent *e, size_t s0);

/* A passive cue whose subject is whom it is said of, not the speaker: "Buhecha … was
 * called “one of the biggest pirates”", "He was told: “…”"; not before "to", where the
 * subject is the speaker after all: "Mr Houston is alleged to have said that …", "The
 * watchdog is said to believe …" (fixtures/attrib/passive-cue). */
static bool passive_said_of(const qxp_actx *c, size_t v, const qxp_lexent *e, size_t lo) {
    return passive_at(c, v, e, lo) && !(v + 1 < c->tk.n && qxp_tok_word(c, v + 1, "to"));
}

/* The subject np of a sentence may speak the fragment quoted later in it (rule E of
 * attribute_quote), unless it is a possessor ("Keane's Hopes and Fears was described as
 * …"), the subject of a passive ("the album was described as “a revelatory debut”": the
 * describer speaks), or a capitalized participle opening the sentence ("Born in 1942, he
 * attended …", "Leaked documents have suggested …"), no name (fixtures/attrib/
 * fragment-subject). open is the fragment's opening mark. */
static bool fragment_subject(const qxp_actx *c, const qxp_np *np, size_t open) {
    static const qxp_wordlist be[] = {QXP_W("was"),  QXP_W("were"), QXP_W("is"),
                                      QXP_W("are"),  QXP_W("been"), QXP_W("being"),
                                      {NULL, 0}};
    static const qxp_wordlist have[] = {QXP_W("has"), QXP_W("have"), QXP_W("had"), {NULL, 0}};
    if (c->tk.t[np->t1 - 1].flags & QXP_T_POSS) {
        return false;
    }
    if (np->type == QXP_NP_NAME && np->n1 == np->n0 + 1 && np->t0 == np->n0 &&
        (c->tk.t[np->n0].flags & QXP_T_SENT) &&
        !(c->m->wfacts[c->tk.t[np->n0].wi] & (QXP_WF_GIVEN_M | QXP_WF_GIVEN_F)) &&
        (qxp_tok_ends(c, np->n0, 5, "ed") || qxp_tok_ends(c, np->n0, 5, "ing") ||
         qxp_tok_word(c, np->n0, "born"))) {
        return false;
    }
    /* the verb after the auxiliaries and adverbs, passive when the last auxiliary is a
     * form of "be" ("has described it as" is active, "has been described as" passive) */
    size_t k = np->t1;
    bool passive = false;
    for (; k < c->tk.n && k < np->t1 + 4 && usable(c, k); k++) {
        if (qxp_word_in(c, k, be)) {
            passive = true;
        } else if (qxp_word_in(c, k, have)) {
            passive = false;
        } else if (!qxp_tok_ends(c, k, 4, "ly")) {
            break;
        }
    }
    if (!passive || k >= open || !qxp_past_form(c, k)) {
        return true;
    }
    /* the passive's own complement only: "Spears was named best female, sending a message
     * … saying the award “means so much to me”" is Spears's */
    for (size_t j = k + 1; j < open; j++) {
        if (punct(c, j, ',')) {
            return true;
        }
    }
    return false;
}

/* 'For the Lib Dems David Laws said: "…," he said.': a pronoun attributing the quote after
 * it repeats the name of the intro before it ("NP said:" right before the opening mark),
 * which r takes instead (fixtures/attrib/double-attribution). */
static void named_intro(const qxp_actx *c, size_t open, rec *r) {
    if (r->spk.type != QXP_NP_PRONOUN || open < 3 || open >= c->tk.n ||
        !punct(c, open - 1, ':') || !cue_verb(c, open - 2)) {
        return;
    }
    rec t;
    memset(&t, 0, sizeof t);
    t.cue0 = t.cue1 = QXP_NONE;
    if (attribution_at(c, open - 2, sent_first(c, open - 2), false, true, &t) &&
        (t.spk.type == QXP_NP_NAME || t.spk.type == QXP_NP_TITLE)) {
        r->spk = t.spk;
        r->cue0 = t.cue0;
        r->cue1 = t.cue1;
        r->lemma = t.lemma;
        r->addr = t.addr;
        r->rule = "SV:Q";
    }
}

/* The word "quoted" at token k (its length first: asked of the words after every quote). */
static bool quoted_word(const qxp_actx *c, size_t k) {
    return c->tk.t[k].end - c->tk.t[k].start == 6 && qxp_tok_word(c, k, "quoted");
}

/* The agent of the passive cue at v, who speaks: "Buhecha … was called “one of the biggest
 * pirates” by the sentencing judge", "was described by Jobs as “…”" -- the first phrase
 * after "by" in the sentence (before s1), a name, title or group, no possessor ("by Mr
 * Brown's former girlfriend"), and without a cue of its own before the quote's opening
 * mark `open`, which is then the one ("were echoed by Huw Pill, …, who said the market
 * remained “very tight”") (fixtures/attrib/passive-cue). */
static bool passive_agent(const qxp_actx *c, size_t v, size_t s1, size_t open, qxp_np *ag) {
    for (size_t k = v + 1; k + 1 < s1 && k < c->tk.n && k < v + 40; k++) {
        if (!usable(c, k) || !qxp_tok_word(c, k, "by") || !qxp_np_after(c, k + 1, ag) ||
            !(ag->type == QXP_NP_NAME || ag->type == QXP_NP_TITLE ||
              ag->type == QXP_NP_GROUP) ||
            (c->tk.t[ag->t1 - 1].flags & QXP_T_POSS)) {
            continue;
        }
        for (size_t j = ag->t1; j < open && j < ag->t1 + 30; j++) {
            if (usable(c, j) && cue_verb(c, j) != NULL) {
                return false;
            }
        }
        return true;
    }
    return false;
}

/* A paragraph starts after token a and at or before token b: an inverted subject there is
 * the next paragraph's ("Media seek Jackson 'juror' notes \n\n Reporters covering …" is
 * a headline's term, not what reporters noted; fixtures/attrib/para-subject). */
static bool para_between(const qxp_actx *c, size_t a, size_t b) {
    for (size_t k = a + 1; k < b && k < c->tk.n; k++) {
        if (c->tk.t[k].flags & QXP_T_PARA) {
            return true;
        }
    }
    return false;
}

/* Attribution of quoted span q (record r). */
static void attribute_quote(const qxp_actx *c, rec *r, size_t open, size_t after) {
    const qxp_qspan *q = &c->qs[r->q];
    size_t n = c->tk.n;
    bool para_end = after >= n || (c->tk.t[after].flags & QXP_T_PARA);

    /* 0. a dash and a name after the quote, to the end of its sentence or paragraph:
     *    "Growth ‘will slow sharply’ – IMF", "“We will keep going.” \n– Sarah Jones, nurse,
     *    Manchester" (fixtures/attrib/dash-source); the name may end in a full stop: "“…”
     *    —Commissioner Jane Doe.", "“…,” – Mayor Tom Price. The work starts in May."
     *    (fixtures/attrib/dash-source-stop), but not begin a sentence that goes on: "“It is
     *    over.” – Jane Doe left the room." */
    if (after < n && dash(c, after) && usable(c, after + 1)) {
        qxp_np np;
        size_t pe = after + 1;
        const unsigned ends = QXP_T_PARA | QXP_T_SENT;
        while (pe < n && !(c->tk.t[pe].flags & ends) && pe < after + 14 && usable(c, pe)) {
            pe++;
        }
        if ((pe >= n || (c->tk.t[pe].flags & ends)) && qxp_np_after(c, after + 1, &np) &&
            (np.type == QXP_NP_NAME || np.type == QXP_NP_GROUP || np.type == QXP_NP_TITLE) &&
            (np.t1 == pe || punct(c, np.t1, ',') || (np.t1 + 1 == pe && punct(c, np.t1, '.')))) {
            r->spk = np;
            r->rule = "Q-S";
            r->adjacent = true;
            return;
        }
    }
    /* A. after the closing mark: “…,” Peskov stated / “…,” said Peskov
     *    -> fixtures/attrib/after-sv, fixtures/attrib/after-vs */
    /* “We will win.” Her rival said nothing. -- after a full stop inside the marks, a
     * capitalized word starts a new sentence, not an attribution (fixtures/quotes/split);
     * “Go away.” he said. and “Why?” Bob asked. still attribute */
    bool closed_sentence = false;
    if (!para_end && after < n && (c->tk.t[after].flags & QXP_T_CAP)) {
        size_t last = after; /* qxp_tok_at(&c->tk, q->end): at or before after */
        while (last > 0 && c->tk.t[last - 1].start >= q->end) {
            last--;
        }
#ifdef QXP_CHECKS
        if (last != qxp_tok_at(&c->tk, q->end)) {
            abort();
        }
#endif
        closed_sentence = last > 0 && punct(c, last - 1, '.');
        /* after "?" or "!", a capitalized attribution that ends in a colon introduces the
         * next quote: 'Benitez responded: "… Why not?" He said: "We …"' is two quotes of
         * Benitez, not one split by "He said" (fixtures/quotes/question-colon) */
        if (!closed_sentence && last > 0 && (punct(c, last - 1, '?') || punct(c, last - 1, '!'))) {
            for (size_t k = after; k < n && k < after + 8 && usable(c, k); k++) {
                if (punct(c, k, ':')) {
                    closed_sentence = k + 1 < n && (c->tk.t[k + 1].flags & QXP_T_QMARK);
                    break;
                }
                if (!(c->tk.t[k].flags & QXP_T_WORD)) {
                    break;
                }
            }
        }
    }
    if (!para_end && !closed_sentence) {
        size_t i = after;
        while (i < n && (punct(c, i, ',') || dash(c, i)) && i < after + 2) {
            i++;
        }
        if (i < n && usable(c, i) && !(c->tk.t[i].flags & QXP_T_PARA)) {
            qxp_np np;
            if (source_phrase_at(c, i, r)) {
                /* “…,” according to Peskov -> fixtures/attrib/according-after */
                r->rule = "Q,AccS";
                r->adjacent = true;
                return;
            }
            size_t v = i;
            while (v < n && v < i + 2 && aux_or_adverb(c, v)) {
                v++;
            }
            if (attribution_at(c, v, i, true, false, r) && r->spk.t0 >= i &&
                !para_between(c, v, r->spk.t1)) {
                r->rule = r->spk.t0 > v ? "Q,VS" : "Q,SV";
                r->adjacent = true;
                named_intro(c, open, r);
                return;
            }
            /* “…,” the Federation of Small Businesses (FSB) said (fixtures/attrib/
             * bracket-acronym) */
            size_t b = i;
            while (b < n && b < i + 10 && usable(c, b) && (c->tk.t[b].flags & QXP_T_WORD)) {
                b++;
            }
            const qxp_lexent *be = NULL;
            if (b > i && punct(c, b, '(') && (be = cue_verb(c, b + 3)) != NULL &&
                acronym_expansion(c, b, i, &np) && np.t0 == i) {
                r->spk = np;
                set_cue(r, b + 3, b + 4, be);
                addressee_after(c, b + 3, be, r);
                r->rule = "Q,SV";
                r->adjacent = true;
                return;
            }
            /* “…,” Reuters quoted a central bank official as saying: the one quoted
             * speaks, the cue is the participle (fixtures/attrib/quoted-as) */
            size_t qd = i;
            while (qd < n && qd < i + 6 && usable(c, qd) && (c->tk.t[qd].flags & QXP_T_WORD) &&
                   !quoted_word(c, qd)) {
                qd++;
            }
            if (qd > i && qd < n && quoted_word(c, qd)) {
                size_t j = qd + 2;
                while (j < n && j < qd + 12 && usable(c, j) && !sentence_end(c, j) &&
                       !qxp_tok_word(c, j, "as")) {
                    j++;
                }
                const qxp_lexent *qe;
                if (j + 1 < n && qxp_tok_word(c, j, "as") && (qe = cue_verb(c, j + 1)) != NULL &&
                    quoted_as(c, j, qd, &np)) {
                    r->spk = np;
                    set_cue(r, j + 1, j + 2, qe);
                    r->rule = "Q,quoted";
                    r->adjacent = true;
                    return;
                }
            }
            /* the subject first, up to 8 tokens, then the verb: “…,” Kremlin spokesman
             * Dmitry Peskov told reporters */
            if (qxp_np_after(c, i, &np)) {
                size_t k = np.t1;
                /* “…,” a spokeswoman for the company said (fixtures/attrib/pp-head) */
                if (is_prep(c, k)) {
                    size_t j = k + 1;
                    while (j < n && j < k + 6 && usable(c, j) && (c->tk.t[j].flags & QXP_T_WORD) &&
                           !cue_verb(c, j)) {
                        j++;
                    }
                    if (cue_verb(c, j)) {
                        k = j;
                    } else if (punct(c, j, ',') && cue_verb(c, j + 1)) {
                        k = j + 1; /* “…,” Kirsten Pfeifer from the CEA, told the BBC */
                    }
                }
                /* appositive: “…,” Hugh Hill, a doctor at the clinic, said; its closing
                 * comma may be missing after a title: “…,” John Houlihan, editor of Games
                 * Weekly told BBC News (fixtures/attrib/quoted-as) */
                if (punct(c, k, ',')) {
                    size_t j = k + 1;
                    size_t a = j < n && qxp_is_det(c, j) ? j + 1 : j;
                    bool titled = a < n && !(c->tk.t[a].flags & QXP_T_CAP) &&
                                  qxp_tok_lex(c, a, QXP_LEX_TITLES) != NULL;
                    while (j < n && j < k + 12 && usable(c, j) && !punct(c, j, ',') &&
                           !sentence_end(c, j) && !(titled && j > a && cue_verb(c, j))) {
                        j++;
                    }
                    if (punct(c, j, ',')) {
                        k = j + 1;
                    } else if (titled && j > a && j < n && cue_verb(c, j)) {
                        k = j;
                    }
                }
                for (;;) {
                    while (k < n && aux_or_adverb(c, k)) {
                        k++;
                    }
                    size_t te = qxp_time_phrase_end(c, k, n);
                    if (te > k || qxp_sentence_adverb(c, k)) {
                        k = te > k ? te : k + 1; /* “…,” the bank meanwhile said */
                        continue;
                    }
                    break;
                }
                const qxp_lexent *e = cue_verb(c, k);
                if (e) {
                    r->spk = np;
                    set_cue(r, k, k + 1, e);
                    addressee_after(c, k, e, r);
                    r->rule = "Q,SV";
                    r->adjacent = true;
                    named_intro(c, open, r);
                    return;
                }
            }
        }
    }
    /* B. before the opening mark: Peskov said: “…” / Burton said, "…" / He told reporters:
     *    -> fixtures/attrib/colon-intro */
    /* the intro may end the paragraph before: "Then she said quietly:\n\n“Go home.”" (a
     *    dash may follow the colon: "said sternly:--") -> fixtures/attrib/colon-para */
    size_t intro_end = open;
    if (open > 0 && (c->tk.t[open].flags & QXP_T_PARA)) {
        size_t k = open;
        while (k > 0 && open - k < 2 && dash(c, k - 1)) {
            k--;
        }
        intro_end = k > 0 && punct(c, k - 1, ':') ? k : n;
    }
    if (open > 0 && intro_end < n) {
        size_t i = intro_end;
        bool colon = false;
        /* "… and said" takes the subject of its clause only before a comma or colon, or
         * before a quote that ends its sentence: 'ministers called for … and said "excess
         * volatility" would …' is a fragment, not the ministers' own words */
        bool coord = para_end || !(c->tk.t[after].flags & QXP_T_WORD);
        if (i > 0 && (punct(c, i - 1, ':') || punct(c, i - 1, ','))) {
            colon = punct(c, i - 1, ':');
            coord = true;
            i--;
        }
        size_t lo = sent_first(c, i > 0 ? i - 1 : 0);
        /* the verb may be followed by an addressee or a phrase before the colon: "Peskov
         * said in an interview with RT:" (up to 8 tokens when a colon ends the intro) */
        size_t span = colon ? 9 : 4;
        for (size_t v = i; v-- > lo && i - v <= span;) {
            if (!usable(c, v)) {
                break;
            }
            const qxp_lexent *ve = cue_verb(c, v);
            /* (a passive's subject is whom it is said of: "Buhecha … was called “one of
             * the biggest pirates”", fixtures/attrib/passive-cue) */
            if (ve && passive_said_of(c, v, ve, lo)) {
                break;
            }
            if (ve && attribution_at(c, v, lo, true, coord, r)) {
                /* a verb directly before the mark, or an intro phrase between */
                r->adjacent = v + 1 == i || colon || (r->addr.type && r->addr.t1 == i);
                if (r->adjacent) {
                    r->rule = colon ? "SV:Q" : "SV,Q";
                    return;
                }
                break;
            }
            /* a participle after its clause and a comma: the sentence's subject speaks,
             * "Sir Ian Blair has backed the orders, saying: “…”" (fixtures/attrib/
             * ing-colon) */
            qxp_np np;
            const qxp_lexent *ce;
            if (colon && v + 1 == i && v > lo + 2 && punct(c, v - 1, ',') &&
                qxp_tok_ends(c, v, 5, "ing") && (ce = cue_verb(c, v)) != NULL &&
                ing_subject(c, lo, i, &np) && np.t1 < v - 1 && np.type != QXP_NP_NONE) {
                r->spk = np;
                set_cue(r, v, v + 1, ce);
                memset(&r->addr, 0, sizeof r->addr);
                r->adjacent = true;
                r->rule = "S,Ving:Q";
                return;
            }
        }
        memset(&r->spk, 0, sizeof r->spk);
        r->cue0 = r->cue1 = QXP_NONE;
        /* a headline's "Name: ‘quote’" -- a bare name opening its paragraph, a colon, the
         * quote (fixtures/attrib/news-patterns) */
        qxp_np np;
        if (colon && i > 0 && qxp_np_before(c, i, &np) && np.type == QXP_NP_NAME &&
            (c->tk.t[np.t0].flags & QXP_T_PARA)) {
            r->spk = np;
            r->rule = "N:Q";
            r->adjacent = true;
            return;
        }
    }
    /* C. a cue with a subject anywhere in the sentence(s) of the quote, outside quotes:
     *    "… put ‘at least some effort’ into … – Kremlin spokesman tells RT"
     *    -> fixtures/attrib/sentence-cue */
    size_t s0 = sent_first(c, open < n ? open : n - 1);
    size_t s1 = after < n ? sent_last(c, after > 0 ? after - 1 : 0) : n;
    if (after < n && !(c->tk.t[after].flags & QXP_T_PARA) && !(c->tk.t[after].flags & QXP_T_SENT)) {
        s1 = sent_last(c, after);
    }
    if (s1 > s0 + 80) {
        s1 = s0 + 80;
    }
    size_t clause_cue = QXP_NONE;
    rec sub;
    bool have_sub = false;
    for (size_t v = s0; v < s1 && v < n; v++) {
        if (!usable(c, v) || v == open) {
            continue;
        }
        if (source_phrase_at(c, v, r)) {
            r->rule = "S~AccS";
            return;
        }
        const qxp_lexent *ve = cue_verb(c, v);
        if (ve && passive_said_of(c, v, ve, s0)) {
            qxp_np ag;
            if (passive_agent(c, v, s1, open, &ag)) {
                r->spk = ag;
                set_cue(r, v, v + 1, ve);
                r->rule = "S~V";
                return;
            }
            continue;
        }
        if (ve && attribution_at(c, v, s0, true, false, r)) {
            r->rule = "S~V";
            /* a subject inside a subordinate clause speaks only when nobody else in the
             * sentence does: 'The decision follows a "tough meeting" where some senior
             * Tories argued against it, party sources told the BBC' (fixtures/attrib/
             * two-reports) */
            size_t b = r->spk.t0;
            while (b > s0 && b + 3 > r->spk.t0 && (c->tk.t[b - 1].flags & QXP_T_WORD) &&
                   !clause_word(c, b - 1) &&
                   (qxp_is_det(c, b - 1) || !(c->tk.t[b - 1].flags & QXP_T_CAP))) {
                b--;
            }
            if (b > s0 && clause_word(c, b - 1) && !qxp_tok_word(c, b - 1, "who") &&
                !qxp_tok_word(c, b - 1, "which")) {
                if (!have_sub) {
                    sub = *r;
                    have_sub = true;
                }
                continue;
            }
            /* a second report joined to the first before the quote speaks it: 'Labour say
             * a vote could "let the Tories in", while the Tories say the Lib Dems would
             * mean "higher taxes"' (fixtures/attrib/two-reports) */
            size_t v2 = v + 1;
            while (v2 < s1 && v2 < open && v2 < n) {
                rec alt = *r;
                if (usable(c, v2) && cue_verb(c, v2) &&
                    attribution_at(c, v2, s0, false, false, &alt) && alt.spk.t0 > v + 2) {
                    size_t j = alt.spk.t0 - 1;
                    if (qxp_is_det(c, j)) {
                        j--;
                    }
                    if (contrast_word(c, j) ||
                        (qxp_tok_word(c, j, "and") && punct(c, j - 1, ','))) {
                        *r = alt;
                    }
                }
                v2++;
            }
            return;
        }
        if (clause_cue == QXP_NONE && clause_cue_at(c, v)) {
            clause_cue = v;
        }
    }
    if (have_sub) {
        *r = sub;
        return;
    }
    memset(&r->spk, 0, sizeof r->spk);
    r->cue0 = r->cue1 = QXP_NONE;
    /* a cue whose subject was not found still makes a fragment in its clause speech
     * (mixed, not a term); the speaker is then the sentence's subject (E below): 'Mr
     * Howard last week said his team had reached a "collective view"' */
    if (clause_cue != QXP_NONE) {
        set_cue(r, clause_cue, clause_cue + 1, cue_verb(c, clause_cue));
        r->rule = "S~V";
    }
    /* D. an action beat: "Tommy chuckled. “I should think I did!”" -> fixtures/attrib/beat;
     *    only for a quote that opens its sentence: in "Mary Hill spoke first. David Jason
     *    criticised TV for being “too safe”." the fragment is Jason's (E below;
     *    fixtures/attrib/fragment-subject) */
    qxp_np np;
    bool opens = true;
    for (size_t k = s0; k < open && opens; k++) {
        opens = !(c->tk.t[k].flags & QXP_T_WORD);
    }
    if (clause_cue == QXP_NONE && opens && beat_np(c, s0, &np)) {
        r->spk = np;
        r->rule = "beat";
        return;
    }
    /* E. a fragment inside its sentence without a cue: the sentence's subject, who "called
     *    the plan ‘a gift to billionaires’" (fixtures/attrib/news-patterns5) */
    /* (after a time phrase: "Later David Jarvis criticised …", fixtures/attrib/
     * fragment-subject) */
    size_t ss = qxp_opener_end(c, subject_start(c, s0, open), open);
    if (open > ss + 2 && (c->tk.t[open - 1].flags & QXP_T_WORD) && qxp_np_after(c, ss, &np) &&
        np.t1 < open && (np.type == QXP_NP_NAME || np.type == QXP_NP_TITLE ||
                         np.type == QXP_NP_GROUP || np.type == QXP_NP_PRONOUN) &&
        fragment_subject(c, &np, open)) {
        r->spk = np;
        r->rule = "S~subj";
        return;
    }
    /* no subject that speaks: the action beat before, as for a quote opening its sentence
     * ("Q Magazine also had praise … Keane's album was described as a “revelatory debut”") */
    if (clause_cue == QXP_NONE && !opens && beat_np(c, s0, &np)) {
        r->spk = np;
        r->rule = "beat";
    }
}

/* ---- records --------------------------------------------------------------------------- */

static rec *new_rec(recs *rs, qx_status *st) {
    rec *r = QXP_PUSH(rs->r, rs->n, rs->cap, *st);
    if (r) {
        memset(r, 0, sizeof *r);
        r->cue0 = r->cue1 = QXP_NONE;
        r->entity = QXP_NONE;
        r->q = QXP_NONE;
    }
    return r;
}

/* Words inside a quote's content and whether it looks like a title (every word capitalized
 * but those of up to three letters and the four-letter prepositions that titles keep in lower
 * case as well, QXP_W_MINOR: "One Hundred Years of Solitude", "Gone with the Wind",
 * fixtures/quotes/title-prep) or ends like a sentence. */
static void content_shape(const qxp_actx *c, const qxp_qspan *q, size_t open, size_t *words,
                          bool *title, bool *stop, bool *final_only) {
    size_t i = open; /* qxp_tok_at(&c->tk, q->start): past the opening mark's tokens */
    while (i < c->tk.n && c->tk.t[i].start < q->start) {
        i++;
    }
#ifdef QXP_CHECKS
    if (i != qxp_tok_at(&c->tk, q->start)) {
        abort();
    }
#endif
    size_t w = 0, caps = 0, small = 0;
    bool inner_stop = false;
    *final_only = false;
    for (; i < c->tk.n && c->tk.t[i].end <= q->end; i++) {
        uint32_t f = c->tk.t[i].flags;
        /* a comma or full stop right before the closing mark, American style: 'the
         * "Protecting Kids Online Act," was passed' (fixtures/attrib/title-comma) */
        if (!inner_stop && (f & QXP_T_PUNCT) && c->tk.t[i].end == q->end && i > 0 &&
            (c->tk.t[i - 1].flags & QXP_T_WORD) && (punct(c, i, ',') || punct(c, i, '.'))) {
            *final_only = true;
        }
        if (f & QXP_T_WORD) {
            w++;
            if (f & QXP_T_CAP) {
                caps++;
            } else if (c->tk.t[i].end - c->tk.t[i].start <= 3 ||
                       (qxp_tok_cls(&c->tk, i) & QXP_W_MINOR)) {
                small++;
            }
        } else if (f & QXP_T_PUNCT) {
            const char *s = tptr(c, i);
            if (*s == '.' || *s == '!' || *s == '?' || *s == ',' || *s == ';' || *s == ':') {
                inner_stop = true;
            }
            size_t l;
            int32_t cp = qxp_utf8_decode(s, c->tk.t[i].end - c->tk.t[i].start, &l);
            if (cp == 0x2026) {
                inner_stop = true;
            }
        }
    }
    *words = w;
    *title = w >= 2 && caps + small == w && caps >= 2 && caps * 2 >= w;
    *stop = inner_stop;
}

/* Whether the first word between the opening mark at token open and token after is
 * capitalized (quote_kind). */
static bool first_cap(const qxp_actx *c, size_t open, size_t after) {
    for (size_t k = open; k < after; k++) {
        uint32_t f = c->tk.t[k].flags;
        if (f & QXP_T_WORD) {
            return (f & QXP_T_CAP) != 0;
        }
    }
    return false;
}

/* Kind of a quoted span without an adjacent attribution. A quote embedded in running text
 * (a word right before its opening mark or right after its closing mark) with no sentence
 * punctuation inside is a term when short or title-like, else a mixed fragment:
 *   The ‘Russiagate’ narrative      -> term   (fixtures/quotes/scare-quote)
 *   book is "One Hundred Years of Solitude". -> term (fixtures/quotes/title)
 *   willing to put ‘at least some effort’ into -> mixed (fixtures/attrib/sentence-cue) */
static qx_kind quote_kind(const qxp_actx *c, const rec *r, size_t open, size_t after) {
    const qxp_qspan *q = &c->qs[r->q];
    size_t words;
    bool title, stop, final_only;
    content_shape(c, q, open, &words, &title, &stop, &final_only);
    bool word_before = open > 0 && !(c->tk.t[open].flags & QXP_T_PARA) &&
                       (c->tk.t[open - 1].flags & QXP_T_WORD);
    bool word_after = after < c->tk.n && !(c->tk.t[after].flags & QXP_T_PARA) &&
                      (c->tk.t[after].flags & QXP_T_WORD) && !(c->tk.t[after].flags & QXP_T_QMARK);
    /* a nickname inside a name: "Brian 'Head' Welch told a radio station", Earvin "Magic"
     * Johnson. A name word on both sides: the quote is no speech, even with a cue after it
     * (fixtures/quotes/nickname) */
    if (words >= 1 && words <= 3 && !stop && word_before && word_after &&
        (c->tk.t[open - 1].flags & QXP_T_CAP) && !(c->tk.t[open - 1].flags & QXP_T_POSS) &&
        (c->tk.t[after].flags & QXP_T_CAP) && !(c->tk.t[open - 1].flags & QXP_T_SENT)) {
        bool caps = true;
        for (size_t k = open; k < after; k++) {
            uint32_t f = c->tk.t[k].flags;
            caps &= (f & QXP_T_QMARK) || ((f & QXP_T_WORD) && (f & QXP_T_CAP));
        }
        if (caps) {
            return QX_KIND_TERM;
        }
    }
    if (r->adjacent) {
        return QX_KIND_DIRECT;
    }
    if (words == 0) {
        return QX_KIND_TERM;
    }
    /* a title in running text keeps its title shape despite a final comma or stop */
    if (title && final_only && (word_before || word_after) && words <= 8) {
        return QX_KIND_TERM;
    }
    if (!(word_before || word_after) && !(title && !stop && words <= 8)) {
        return QX_KIND_DIRECT;
    }
    /* a whole sentence in quotes, opening its own sentence with a capital and closed by its
     * stop, is speech however short: "“It is over.” Jane Doe left the room." (fixtures/
     * quotes/short-sentence); "called it “a disaster.” Critics agreed." is no sentence */
    if (!word_before && stop && final_only && words >= 2 && first_cap(c, open, after)) {
        return QX_KIND_DIRECT;
    }
    if (stop && words >= 4) {
        return word_before ? QX_KIND_MIXED : QX_KIND_DIRECT;
    }
    /* a title or a single word is a term; a short fragment is speech only when its
     * sentence has a cue: 'he said it was "nothing personal"' -> mixed, 'the "hit
     * list"' -> term (fixtures/quotes/fragments) */
    if (title || words <= 1) {
        return QX_KIND_TERM;
    }
    if (words <= 3 && r->cue0 == QXP_NONE) {
        return QX_KIND_TERM;
    }
    return QX_KIND_MIXED;
}

/* Merges quotes interrupted by their attribution: “A,” he said, “B.” -> one record with two
 * segments (fixtures/quotes/split). The text between the two quotes must be exactly the
 * first one's attribution followed by a comma or colon. */
static qx_status merge_split(qxp_actx *c, recs *rs) {
    for (size_t i = 0; i + 1 < rs->n; i++) {
        rec *a = &rs->r[i];
        if (a->dead || a->q == QXP_NONE || !a->adjacent || a->spk.type == QXP_NP_NONE) {
            continue;
        }
        size_t j = i + 1;
        rec *b = &rs->r[j];
        /* the second piece may have found the shared attribution itself ("she said, “…”") */
        if (b->q == QXP_NONE || b->para != a->para || (b->adjacent && b->cue0 != a->cue0)) {
            continue;
        }
        const qxp_qspan *qa = &c->qs[a->q], *qb = &c->qs[b->q];
        size_t after = qxp_tok_at(&c->tk, qa->close_end);
        size_t open = qxp_tok_at(&c->tk, qb->open_start);
        size_t last = a->spk.t1 > a->cue1 ? a->spk.t1 : a->cue1;
        if (a->addr.type != QXP_NP_NONE && a->addr.t1 > last) {
            last = a->addr.t1;
        }
        if (a->cue0 == QXP_NONE || a->cue0 < after || last > open) {
            continue;
        }
        /* a short adverbial after the attribution: '"There's no question," the former vice
         * president said during a campaign stop in Iowa, "that the economy is slowing."'
         * (up to 8 words opened by a preposition or a time word; fixtures/quotes/split-tail) */
        if (open > last + 1 && open - last <= 9 && punct(c, open - 1, ',') &&
            adverbial_start(c, last)) {
            size_t k = last;
            while (k < open - 1 && usable(c, k) && (c->tk.t[k].flags & QXP_T_WORD) &&
                   !cue_verb(c, k)) {
                k++;
            }
            if (k == open - 1) {
                last = open - 1;
            }
        }
        if (!(open == last + 1 && (punct(c, last, ',') || punct(c, last, ':') ||
                                   punct(c, last, ';') || dash(c, last)))) {
            continue;
        }
        size_t nseg = a->nsegs + b->nsegs;
        qx_span *segs = qxp_arena_alloc(&c->d->arena, nseg * sizeof(qx_span));
        if (segs == NULL) {
            return QX_ERR_NOMEM;
        }
        memcpy(segs, a->segs, a->nsegs * sizeof(qx_span));
        memcpy(segs + a->nsegs, b->segs, b->nsegs * sizeof(qx_span));
        a->segs = segs;
        a->nsegs = nseg;
        a->span.end = b->span.end;
        a->outer.end = b->outer.end;
        a->flags |= b->flags | QX_QF_SPLIT;
        b->dead = true;
        i = j; /* "A," he said, "B," she said, "C." does not chain further */
    }
    return QX_OK;
}

/* ---- indirect speech ------------------------------------------------------------------- */

/* quotes_from's order: quote record j starts before off. */
static bool quote_before(const void *arr, size_t j, size_t off) {
    return ((const rec *)arr)[j].outer.start < off;
}

/* Index of the first quote record (rs->r[0..nq), in text order) that starts at or after
 * off: a binary search, within one 256-byte block of text on a long document (rs->qix).
 * Sentence by sentence, the search for reported speech asks this several times: over the
 * 2 million 184-byte records of tests/stress.sh jsonl-line each of its 21 steps missed the
 * caches, and the 16x run took 20x the time of the 1x one. */
static size_t quotes_from(const recs *rs, size_t off) {
    size_t lo = 0, hi = rs->nq;
    qxp_bindex_narrow(&rs->qix, off, &lo, &hi);
    QXP_LOWER_BOUND(lo, lo, hi, j, rs->r[j].outer.start < off);
#ifdef QXP_CHECKS
    /* make check and the fuzz targets hold the index to the plain search */
    if ((lo > 0 && rs->r[lo - 1].outer.start >= off) ||
        (lo < rs->nq && rs->r[lo].outer.start < off)) {
        abort();
    }
#endif
    return lo;
}

/* True when [s, e) overlaps a quote record of a kind in mask (bits 1 << qx_kind). The
 * quote records come first in rs, in text order and without overlap: a binary search finds
 * the only candidates. */
static bool overlaps_kind(const recs *rs, size_t s, size_t e, unsigned mask) {
    size_t lo = quotes_from(rs, e);
    /* records before lo start before e; a merged (dead) one sits inside its survivor */
    for (size_t i = lo; i-- > 0 && lo - i <= 4;) {
        const rec *r = &rs->r[i];
        if (!r->dead && r->outer.start < e && s < r->outer.end && (mask & (1u << r->kind))) {
            return true;
        }
    }
    return false;
}

static bool overlaps_quote(const recs *rs, size_t s, size_t e) {
    return overlaps_kind(rs, s, e, 1u << QX_KIND_DIRECT);
}

/* Punctuation that ends a clause rather than belonging to it: stops, commas, colons,
 * dashes. A symbol stays: "profits rose 20%." keeps its "%" (fixtures/attrib/clause-symbol). */
static bool clause_punct(const qxp_actx *c, size_t i) {
    return punct(c, i, '.') || punct(c, i, ',') || punct(c, i, ';') || punct(c, i, ':') ||
           punct(c, i, '!') || punct(c, i, '?') || dash(c, i);
}

/* Trims a content range of tokens [t0, t1) of trailing punctuation into a byte span. */
static bool clause_span(const qxp_actx *c, size_t t0, size_t t1, qx_span *out) {
    while (t1 > t0 && (c->tk.t[t1 - 1].flags & QXP_T_PUNCT) &&
           !(c->tk.t[t1 - 1].flags & QXP_T_QMARK) && clause_punct(c, t1 - 1)) {
        t1--;
    }
    while (t0 < t1 && (c->tk.t[t0].flags & QXP_T_PUNCT) && !(c->tk.t[t0].flags & QXP_T_QMARK)) {
        t0++;
    }
    if (t1 <= t0 + 2) {
        return false; /* too short to be a statement */
    }
    out->start = c->tk.t[t0].start;
    out->end = c->tk.t[t1 - 1].end;
    return true;
}

static qx_status add_indirect(qxp_actx *c, recs *rs, size_t t0, size_t t1, const rec *attr,
                              const char *rule);

/* Reported speech in two pieces around a parenthetical attribution. */
static qx_status add_indirect2(qxp_actx *c, recs *rs, size_t a0, size_t a1, size_t b0,
                               size_t b1, const rec *attr, const char *rule) {
    qx_span sa, sb;
    if (!clause_span(c, b0, b1, &sb)) {
        return QX_OK;
    }
    while (a1 > a0 && (c->tk.t[a1 - 1].flags & QXP_T_PUNCT)) {
        a1--;
    }
    if (a1 <= a0) {
        return QX_OK;
    }
    sa.start = c->tk.t[a0].start;
    sa.end = c->tk.t[a1 - 1].end;
    qx_status st = add_indirect(c, rs, b0, b1, attr, rule);
    if (st != QX_OK || rs->n == 0 || rs->r[rs->n - 1].span.start != sb.start) {
        return st;
    }
    rec *r = &rs->r[rs->n - 1];
    qx_span *segs = qxp_arena_alloc(&c->d->arena, 2 * sizeof(qx_span));
    if (segs == NULL) {
        return QX_ERR_NOMEM;
    }
    segs[0] = sa;
    segs[1] = sb;
    r->segs = segs;
    r->nsegs = 2;
    r->span.start = r->outer.start = sa.start;
    r->flags |= QX_QF_SPLIT;
    return QX_OK;
}

/* The words of a quote's content span, and (*caps) whether one is capitalized. */
static size_t span_words(const qxp_actx *c, qx_span sp, bool *caps) {
    size_t words = 0;
    *caps = false;
    for (size_t k = qxp_tok_at(&c->tk, sp.start); k < c->tk.n && c->tk.t[k].end <= sp.end;
         k++) {
        uint32_t f = c->tk.t[k].flags;
        words += (f & QXP_T_WORD) != 0;
        *caps |= (f & QXP_T_WORD) && (f & QXP_T_CAP);
    }
    return words;
}

/* A word before a quoted word that names or mentions it rather than using it: 'dubbed
 * "bargain"', 'the word "energie"'. */
static bool naming_word(const qxp_actx *c, size_t i) {
    static const qxp_wordlist words[] = {
        QXP_W("called"), QXP_W("dubbed"), QXP_W("so-called"), QXP_W("nicknamed"),
        QXP_W("named"),  QXP_W("word"),   QXP_W("term"),      QXP_W("phrase"),
        QXP_W("slogan"), {NULL, 0}};
    return qxp_word_in(c, i, words);
}

/* A reported clause that embeds a short quoted fragment is one mixed record: the fragment,
 * attributed to the clause's speaker, with no separate indirect record. 'The minister said
 * she was "stunned" by the ruling.' -> mixed "stunned" by the minister, instead of an
 * indirect record plus the term "stunned" (fixtures/attrib/mixed-word). Only fragments
 * without a capitalized word: 'said the "Falcon" project' keeps its name a term, and a
 * word being named or mentioned stays a term: 'dubbed "bargain"', 'the word "energie"';
 * a clause with no fragment left stays an indirect record.
 * True when a fragment took the clause's attribution. */
static bool fragments_to_mixed(const qxp_actx *c, recs *rs, qx_span sp, const rec *attr,
                               const char *rule) {
    bool any = false, naming = false;
    size_t prev_close = QXP_NONE;
    for (size_t i = quotes_from(rs, sp.start); i < rs->nq; i++) {
        rec *r = &rs->r[i];
        if (r->outer.start >= sp.end) {
            break;
        }
        /* a named thing, or one joined to it by 'or', 'and' or a comma: 'dubbed "Otoku"
         * or "bargain"' */
        size_t open = qxp_tok_at(&c->tk, r->outer.start);
        bool joined = naming && prev_close != QXP_NONE && open >= prev_close;
        for (size_t k = prev_close; joined && k < open; k++) {
            joined = punct(c, k, ',') || qxp_tok_word(c, k, "or") || qxp_tok_word(c, k, "and");
        }
        naming = joined || (open > 0 && open < c->tk.n && naming_word(c, open - 1));
        prev_close = qxp_tok_at(&c->tk, r->outer.end);
        if (r->dead || r->kind != QX_KIND_TERM || r->outer.end > sp.end || naming) {
            continue;
        }
        bool caps;
        if (span_words(c, r->span, &caps) == 0 || caps) {
            continue;
        }
        r->kind = QX_KIND_MIXED;
        r->clause = true;
        r->spk = attr->spk;
        r->addr = attr->addr;
        r->cue0 = attr->cue0;
        r->cue1 = attr->cue1;
        r->lemma = attr->lemma;
        r->rule = rule;
        any = true;
    }
    return any;
}

static qx_status add_indirect(qxp_actx *c, recs *rs, size_t t0, size_t t1, const rec *attr,
                              const char *rule) {
    qx_span sp;
    if (!clause_span(c, t0, t1, &sp) || overlaps_quote(rs, sp.start, sp.end)) {
        return QX_OK;
    }
    /* no indirect record over text already claimed by another indirect record (they are
     * added in text order, so the last one is the only candidate) */
    if (rs->n > rs->nq) {
        const rec *l = &rs->r[rs->n - 1];
        if (!l->dead && l->q == QXP_NONE && l->span.start < sp.end && sp.start < l->span.end) {
            return QX_OK;
        }
    }
    if (fragments_to_mixed(c, rs, sp, attr, rule)) {
        return QX_OK;
    }
    qx_status st = QX_OK;
    rec *r = new_rec(rs, &st);
    if (r == NULL) {
        return st;
    }
    size_t keep_q = r->q;
    *r = *attr;
    r->q = keep_q;
    r->span = r->outer = sp;
    r->segs = qxp_arena_alloc(&c->d->arena, sizeof(qx_span));
    if (r->segs == NULL) {
        return QX_ERR_NOMEM;
    }
    r->segs[0] = sp;
    r->nsegs = 1;
    r->kind = QX_KIND_INDIRECT;
    r->rule = rule;
    r->para = qxp_para_at(&c->d->sents, sp.start);
    r->entity = QXP_NONE;
    return QX_OK;
}

/* Reported speech in sentence tokens [s0, s1):
 *  - "According to X, CLAUSE." / "CLAUSE, according to X."   (fixtures/attrib/according)
 *  - "X said (that) CLAUSE." / "X, …, alleging that CLAUSE, …" (fixtures/attrib/that-clause)
 *  - "CLAUSE, X told Y." (trailing attribution)              (fixtures/attrib/trailing)
 *  - "CLAUSE, he added, with …" (parenthetical)              (fixtures/attrib/parenthetical) */
/* Verbs whose reported clause often comes without "that": say and tell ("She said the
 * repairs had cost more"); others need "that" ("explained his research" is no speech). */
static bool bare_clause_verb(const qxp_lexent *e) {
    return (e->vallen == 3 && memcmp(e->val, "say", 3) == 0) ||
           (e->vallen == 4 && memcmp(e->val, "tell", 4) == 0);
}

/* A finite auxiliary among the n words from k: "there was", "this is the". */
static bool finite_within(const qxp_actx *c, size_t k, size_t n) {
    for (size_t j = k; j < k + n && j < c->tk.n && (c->tk.t[j].flags & QXP_T_WORD); j++) {
        if (finite_at(c, j)) {
            return true;
        }
    }
    return false;
}

/* For a that-verb other than say/tell, a clause without "that" at k after the verb v: a
 * pronoun, determiner or capitalized subject and a finite verb within three words; a
 * verb after a determiner or preposition is a noun ("went on the offensive over comments
 * Mr Blunkett is alleged to have made"), and "if they plead guilty have been" opens with
 * a bare word. */
static bool opened_clause(const qxp_actx *c, size_t v, size_t k) {
    if (v > 0 && (qxp_is_det(c, v - 1) || is_prep(c, v - 1) || qxp_tok_word(c, v - 1, "over") ||
                  qxp_tok_word(c, v - 1, "on") || qxp_tok_word(c, v - 1, "about"))) {
        return false;
    }
    if (!((qxp_tok_cls(&c->tk, k) & QXP_W_OPENER) || (c->tk.t[k].flags & QXP_T_CAP))) {
        return false;
    }
    return finite_within(c, k + 1, 3);
}

/* A lower-case past-tense verb form at i: a regular "-ed" form of five letters or more
 * ("warned", "wanted") or a common irregular one ("felt", "knew"): after a bare subject
 * ("members felt betrayed") and after "saying" plus a subject pronoun, where it makes a
 * clause (attrib.h). */
bool qxp_past_form(const qxp_actx *c, size_t i) {
    static const qxp_wordlist irr[] = {
        QXP_W("felt"),  QXP_W("thought"), QXP_W("knew"),   QXP_W("made"),    QXP_W("took"),
        QXP_W("saw"),   QXP_W("got"),     QXP_W("went"),   QXP_W("came"),    QXP_W("gave"),
        QXP_W("found"), QXP_W("kept"),    QXP_W("lost"),   QXP_W("left"),    QXP_W("paid"),
        QXP_W("spent"), QXP_W("sent"),    QXP_W("became"), QXP_W("began"),   QXP_W("meant"),
        QXP_W("held"),  QXP_W("brought"), QXP_W("bought"), QXP_W("won"),     QXP_W("fell"),
        QXP_W("rose"),  QXP_W("ran"),     QXP_W("sold"),   QXP_W("grew"),    {NULL, 0}};
    if (!usable(c, i) || (c->tk.t[i].flags & (QXP_T_CAP | QXP_T_NUM)) ||
        !(c->tk.t[i].flags & QXP_T_WORD)) {
        return false;
    }
    return qxp_tok_ends(c, i, 5, "ed") || qxp_word_in(c, i, irr);
}

static bool clause_opener(const qxp_actx *c, size_t k) {
    if (!usable(c, k) || !(c->tk.t[k].flags & QXP_T_WORD)) {
        return false;
    }
    if (c->tk.t[k].flags & QXP_T_NUM) {
        return true;
    }
    /* a quantity before its number: "Officials said at least 12 people were killed", "said
     * more than 300 jobs would go" (fixtures/attrib/clause-finite) */
    if (((qxp_tok_word(c, k, "at") && qxp_tok_word(c, k + 1, "least")) ||
         (qxp_tok_word(c, k, "more") && qxp_tok_word(c, k + 1, "than")) ||
         (qxp_tok_word(c, k, "up") && qxp_tok_word(c, k + 1, "to"))) &&
        k + 2 < c->tk.n && usable(c, k + 2) && (c->tk.t[k + 2].flags & QXP_T_NUM)) {
        return true;
    }
    static const qxp_wordlist about[] = {QXP_W("about"),  QXP_W("nearly"), QXP_W("almost"),
                                         QXP_W("some"),   QXP_W("around"), {NULL, 0}};
    if (qxp_word_in(c, k, about) && k + 1 < c->tk.n && usable(c, k + 1) &&
        (c->tk.t[k + 1].flags & QXP_T_NUM)) {
        return true;
    }
    uint32_t cls = qxp_tok_cls(&c->tk, k);
    if (cls & QXP_W_OPENER) {
        /* "he said it" alone, "she told him" are objects, not clauses: a clause goes on */
        return k + 2 < c->tk.n && usable(c, k + 1) && (c->tk.t[k + 1].flags & QXP_T_WORD);
    }
    if ((c->tk.t[k].flags & QXP_T_CAP) && !(c->tk.t[k].flags & QXP_T_NONNAME)) {
        return true;
    }
    /* a bare noun subject followed soon by a finite auxiliary: "said families were paying
     * the price" (fixtures/attrib/that-clause) */
    if (cls & (QXP_W_FUNC | QXP_W_AUX)) {
        return false;
    }
    for (size_t j = k + 1; j < c->tk.n && j <= k + 3 && usable(c, j); j++) {
        if (qxp_tok_cls(&c->tk, j) & QXP_W_FINITE) {
            return true;
        }
        /* or by a past-tense verb within two words: "The union said members felt
         * betrayed", "said bank staff wanted"; in "said goodbye to her fans gathered
         * outside" the -ed word comes too late, and "said sorry for" has none
         * (fixtures/attrib/clause-past) */
        if (j <= k + 2 && qxp_past_form(c, j) &&
            (j == k + 1 || !(c->tk.t[k + 1].flags & QXP_T_CAP))) {
            return true;
        }
        if (!(c->tk.t[j].flags & QXP_T_WORD)) {
            break;
        }
    }
    return false;
}

/* The first determiner among tokens (t0, t1), past a phrase's first word, else t1. */
static size_t second_det(const qxp_actx *c, size_t t0, size_t t1) {
    size_t t = t0 + 1;
    while (t < t1 && !(qxp_tok_cls(&c->tk, t) & QXP_W_DET)) {
        t++;
    }
    return t < t1 ? t : t1;
}

/* The one quoted in "quoted NP as saying" with "as" at token qv, after s0: "The Evening
 * Standard quoted Mr Clarke telling …", "the paper quoted the minister as saying", and past
 * one or two prepositional phrases, "quoted an unnamed executive at Euronext as saying"
 * (fixtures/attrib/with-ing, fixtures/attrib/ing-noun). */
static bool quoted_as(const qxp_actx *c, size_t qv, size_t s0, qxp_np *np) {
    if (!qxp_np_before(c, qv, np) || np->t0 <= s0 || np->type == QXP_NP_NONE) {
        return false;
    }
    for (int hop = 0; hop < 2 && !qxp_tok_word(c, np->t0 - 1, "quoted"); hop++) {
        qxp_np head;
        size_t p = np->t0 - 1;
        if (p <= s0 + 1 || !(is_prep(c, p) || qxp_tok_word(c, p, "in")) ||
            !qxp_np_before(c, p, &head) || head.t0 <= s0 || head.type == QXP_NP_NONE) {
            return false;
        }
        *np = head;
    }
    return qxp_tok_word(c, np->t0 - 1, "quoted");
}

/* A that-less clause after "saying"/"telling" at k: a subject pronoun and, within three
 * words, a finite or past-tense verb or, after he/she/it, a verb in -s ("…, saying it
 * likely breaks the law", "saying they were sorry"); "saying it again" has none. */
static bool ing_clause(const qxp_actx *c, size_t k) {
    bool sg = qxp_tok_word(c, k, "he") || qxp_tok_word(c, k, "she") || qxp_tok_word(c, k, "it");
    if (!sg && !subject_pronoun(c, k)) {
        return false;
    }
    for (size_t j = k + 1; j <= k + 3 && j < c->tk.n && usable(c, j) &&
                           (c->tk.t[j].flags & QXP_T_WORD); j++) {
        if (finite_at(c, j) || qxp_past_form(c, j)) {
            return true;
        }
        size_t n = c->tk.t[j].end - c->tk.t[j].start;
        const char *p = tptr(c, j);
        if (sg && n >= 4 && p[n - 1] == 's' && p[n - 2] != 's' && p[n - 2] != 'u' &&
            !(c->tk.t[j].flags & QXP_T_CAP)) {
            return true;
        }
    }
    return false;
}

/* A reporting verb e at token v that opens a clause of its own: "said that …", "said the
 * bank would act"; "charged with murder" opens none. */
static bool report_opens(const qxp_actx *c, const qxp_lexent *e, size_t v) {
    return e && (e->flags & (QXP_LF_SPEECH | QXP_LF_CLAIM)) &&
           (qxp_tok_word(c, v + 1, "that") || clause_opener(c, v + 1));
}

/* Where a second report joined by while/whereas/but/and starts inside a reported clause
 * [k0, s1), else s1: "The Tories say Labour is acting too late while the Lib Dems say the
 * plans …" is two statements by two speakers (fixtures/attrib/two-reports). *same_speaker
 * is set when the second reporting verb follows the conjunction with no subject between:
 * the reporter's own next report, "warned that prices would rise and said the bank would
 * act", "said the vote was rigged, but admitted that …"; "was arrested and charged with
 * murder" goes on (fixtures/attrib/second-verb). A conjunction within the clause's first
 * two words starts no second report. */
static size_t second_report(const qxp_actx *c, size_t k0, size_t s1, bool *same_speaker) {
    *same_speaker = false;
    for (size_t k = k0 + 3; k + 2 < s1; k++) {
        if (!(contrast_word(c, k) || qxp_tok_word(c, k, "and"))) {
            continue;
        }
        if (report_opens(c, cue_verb(c, k + 1), k + 1)) {
            *same_speaker = true;
            return k;
        }
        qxp_np np;
        size_t v = k + 2;
        while (v < s1 && v < k + 7 && usable(c, v) && (c->tk.t[v].flags & QXP_T_WORD) &&
               !cue_verb(c, v)) {
            v++;
        }
        const qxp_lexent *e = cue_verb(c, v);
        /* the subject starts right after the conjunction, give or take a determiner and
         * a modifier ("while the Liberal Democrats say") */
        if (e == NULL || !subject_before(c, v, k + 1, false, &np) || np.t0 > k + 3 ||
            np.type == QXP_NP_COMMON) {
            continue;
        }
        /* the second verb must open a clause of its own: "he and the other protesters
         * would plead not guilty" and "Woolf and Falconer agreed about …" are one subject */
        if (report_opens(c, e, v)) {
            return k;
        }
    }
    return s1;
}

/* The first comma, semicolon or sentence end at or after k, before s1 (else s1). */
static size_t clause_end(const qxp_actx *c, size_t k, size_t s1) {
    while (k < s1 && !punct(c, k, ',') && !punct(c, k, ';') && !sentence_end(c, k)) {
        k++;
    }
    return k;
}

/* The first token from v before s1 (<= n) that is a usable word able to start a cue phrase
 * or a reporting verb, else s1 (QXP_TF_CUE, set by qxp_tok_facts). Only those are looked at
 * further (zeroing a record per token cost 1.8% of all instructions). */
static size_t next_cue_word(const qxp_actx *c, size_t v, size_t s1) {
    return qxp_tf_next(c, v, s1, QXP_TF_CUE);
}

/* A modal among tokens [k, v) before a reporting verb: "and, he might say, the UK's …",
 * "as some would say" are no report (fixtures/attrib/trailing-inv). */
static bool modal_between(const qxp_actx *c, size_t k, size_t v) {
    static const qxp_wordlist modals[] = {QXP_W("would"), QXP_W("could"), QXP_W("might"),
                                          QXP_W("may"),   QXP_W("can"),   QXP_W("should"),
                                          QXP_W("must"),  QXP_W("will"),  {NULL, 0}};
    for (; k < v; k++) {
        if (qxp_word_in(c, k, modals)) {
            return true;
        }
    }
    return false;
}

/* The statement [s0, e) ends in a parenthetical that leaves its subject waiting for the
 * verb after it: "But Parry, speaking exclusively to BBC Sport, also admits Gerrard, who
 * …" (an -ing phrase or a relative clause after the last comma); there the verb is the
 * sentence's own, not a trailing attribution (fixtures/attrib/trailing-inv). */
static bool ends_in_parenthetical(const qxp_actx *c, size_t s0, size_t e) {
    size_t p = e;
    while (p > s0 && e - p < 40 && !punct(c, p - 1, ',')) { /* bounded: a 40-token clause */
        p--;
    }
    if (p <= s0 || p >= e || !punct(c, p - 1, ',')) {
        return false;
    }
    return (qxp_tok_ends(c, p, 5, "ing") && !(c->tk.t[p].flags & QXP_T_CAP)) ||
           qxp_tok_word(c, p, "who") || qxp_tok_word(c, p, "which");
}

/* A past participle after a form of "be" (an adverb between or not): "it was claimed in
 * court", "the way the virus was written meant that", "he was told that": passive, so the
 * subject is what is said or whom it is said to, not the speaker
 * (fixtures/attrib/passive-cue). */
static bool passive_at(const qxp_actx *c, size_t v, const qxp_lexent *e, size_t s0) {
    static const qxp_wordlist be[] = {QXP_W("was"), QXP_W("were"), QXP_W("is"),
                                      QXP_W("are"), QXP_W("be"),   QXP_W("been"),
                                      QXP_W("being"), {NULL, 0}};
    if (!(e->flags & QXP_LF_PAST)) {
        return false;
    }
    size_t k = v;
    while (k > s0 && qxp_tok_ends(c, k - 1, 5, "ly") && !cue_verb(c, k - 1)) {
        k--; /* "was widely reported" */
    }
    return k > s0 && qxp_word_in(c, k - 1, be);
}

static qx_status indirect_in_sentence(qxp_actx *c, recs *rs, size_t s0, size_t s1) {
    /* a report whose clause ended at "and"/"but" before the same subject's next reporting
     * verb: that verb's token, and the subject (second_report) */
    size_t carry_at = SIZE_MAX;
    qxp_np carry_np;
    memset(&carry_np, 0, sizeof carry_np);
    for (size_t v = next_cue_word(c, s0, s1); v < s1; v = next_cue_word(c, v + 1, s1)) {
        /* the record is cleared only once a cue is found: most cue words ("at", "in",
         * "asked") make none, and clearing its 184 bytes (rep stos) was a tenth of
         * qxp_attribute's time. Measured: 0.734 -> 0.710 s and 0.715 -> 0.710 s
         * whole-process time on 8 copies of the BBC corpus (fastest of 20 interleaved,
         * twice), 52.59M -> 52.54M instructions on the first 200 BBC lines */
        rec a;
        qxp_np np;
        size_t pl;
        const qxp_lexent *ph;
        if (phrase_may_start(c, v) && source_phrase_np(c, v, &np, &pl, &ph)) {
            if (v != s0 && !(v > s0 && punct(c, v - 1, ','))) {
                continue;
            }
            memset(&a, 0, sizeof a);
            a.spk = np;
            set_cue(&a, v, v + pl, ph);
            /* an opening time phrase before it is no content: "Later on Saturday, according
             * to The Courier, Ben Ash spoke …" reports what follows (fixtures/speaker/
             * time-opener) */
            if (v == s0 || (v > s0 + 1 && qxp_opener_end(c, s0, v - 1) == v - 1)) {
                /* According to X, CLAUSE. */
                size_t k = a.spk.t1;
                while (k < s1 && !punct(c, k, ',')) {
                    k++;
                }
                return add_indirect(c, rs, k + 1, s1, &a, "AccS,I");
            }
            if (v > s0 && punct(c, v - 1, ',')) {
                /* a dateline is no content: "PARIS, March 3 (AFP) — Farmers blocked …,
                 * according to police." (fixtures/attrib/dateline-indirect) */
                return add_indirect(c, rs, subject_start(c, s0, v), v - 1, &a, "I,AccS");
            }
            continue;
        }
        const qxp_lexent *e = cue_verb(c, v);
        if (e == NULL || !(e->flags & (QXP_LF_SPEECH | QXP_LF_CLAIM | QXP_LF_WRITE)) ||
            passive_at(c, v, e, s0)) {
            continue;
        }
        memset(&a, 0, sizeof a);
        a.cue0 = a.cue1 = QXP_NONE;
        bool ing = qxp_tok_ends(c, v, 5, "ing");
        /* parenthetical or trailing: ", X said," / ", X said." / ", said X." */
        size_t k0 = v;
        while (k0 > s0 && aux_or_adverb(c, k0 - 1)) {
            k0--;
        }
        /* only attribution verbs (those that also invert: "said Peskov") with a speaker
         * phrase (no "a harsh voice") make a trailing or parenthetical attribution */
        if (!ing && (e->flags & (QXP_LF_INV | QXP_LF_OBJ)) && !modal_between(c, k0, v) &&
            (pp_org_head(c, k0, s0, &np) || np_before_head(c, k0, s0, &np)) &&
            np.type != QXP_NP_COMMON && np.t0 > s0 && punct(c, np.t0 - 1, ',')) {
            a.spk = np;
            set_cue(&a, v, v + 1, e);
            addressee_after(c, v, e, &a);
            size_t tail = a.addr.type ? a.addr.t1 : v + 1;
            /* a short prepositional or time phrase may follow to the sentence end: "…, Mark
             * Dunn told staff on Thursday." (fixtures/attrib/trailing); "…, Schulz said the
             * government had lost control" is a that-clause, not a tail */
            size_t k = tail;
            if (k < s1 && !punct(c, k, ',') && !sentence_end(c, k) &&
                adverbial_start(c, k)) {
                while (k < s1 && k < tail + 6 && !punct(c, k, ',') && !sentence_end(c, k) &&
                       usable(c, k) && !cue_verb(c, k)) {
                    k++;
                }
            }
            /* "In a statement, the ministry said …": an intro phrase is no content */
            const qxp_lexent *intro = NULL;
            size_t il = phrase_at(c, s0, &intro);
            bool intro_only = il >= 2 && np.t0 == s0 + il + 1;
            if (!intro_only && (k >= s1 - 1 || punct(c, k, ',') || sentence_end(c, k))) {
                const char *rule = k >= s1 - 1 || sentence_end(c, k) ? "I,SV" : "I,SV,";
                if (punct(c, k, ',') && np.t0 - 1 < s0 + 4) {
                    /* "The net result, the authors write, is a rise in …": the lead is only a
                     * subject, so the statement is both sides of the parenthetical
                     * (fixtures/attrib/parenthetical) */
                    return add_indirect2(c, rs, s0, np.t0 - 1, k + 1, s1, &a, rule);
                }
                return add_indirect(c, rs, subject_start(c, s0, np.t0), np.t0 - 1, &a, rule);
            }
        }
        /* the inverted trailing form: "Prices will rise again next year, say analysts.",
         * "…, said Professor Brian Collins, head of information systems at Cranfield." The
         * verb must be one that reports a clause ("…, called Emiew," names a robot); the
         * speaker phrase must end the sentence or meet a comma: in "…, said ministers
         * were wrong" it is the reported clause's subject (fixtures/attrib/trailing-inv) */
        /* the comma may be missing before a titled name when nobody before the verb can be
         * its subject: "… remains a political issue said MP Richard Allan, Liberal
         * Democrat spokesman on IT." (fixtures/attrib/trailing-inv) */
        bool comma = k0 > s0 + 2 && punct(c, k0 - 1, ',');
        if (!ing && (e->flags & QXP_LF_INV) && (e->flags & QXP_LF_THAT) &&
            k0 > s0 + (comma ? 2u : 4u) &&
            (comma || (usable(c, k0 - 1) && (c->tk.t[k0 - 1].flags & QXP_T_WORD) &&
                       !(c->tk.t[k0 - 1].flags & QXP_T_CAP))) &&
            !modal_between(c, k0, v) && !ends_in_parenthetical(c, s0, comma ? k0 - 1 : k0) &&
            qxp_np_after(c, v + 1, &np) && np.type != QXP_NP_NONE &&
            np.type != QXP_NP_COMMON && np.type != QXP_NP_PRONOUN &&
            (np.t1 >= s1 || sentence_end(c, np.t1) || punct(c, np.t1, ','))) {
            qxp_np sb;
            if (comma || (np.type == QXP_NP_NAME && np.n0 > np.t0 &&
                          (c->tk.t[np.t0].flags & QXP_T_CAP) &&
                          (c->m->wfacts[c->tk.t[np.t0].wi] &
                           (QXP_WF_TITLE | QXP_WF_HONORIFIC)) &&
                          !(subject_before(c, v, s0, false, &sb) &&
                            sb.type != QXP_NP_COMMON))) {
                a.spk = np;
                set_cue(&a, v, v + 1, e);
                size_t cend = comma ? k0 - 1 : k0;
                return add_indirect(c, rs, subject_start(c, s0, cend), cend, &a, "I,VS");
            }
        }
        /* X said (that) CLAUSE. */
        if (!(e->flags & QXP_LF_THAT)) {
            continue;
        }
        size_t k = v + 1;
        if (e->flags & QXP_LF_OBJ) {
            qxp_np obj;
            /* no object before a finite verb: in "promised the powers would only be used",
             * "warned the talks could fail" the noun phrase is the clause's subject, and in
             * "told the BBC the man had been released" its second determiner starts the
             * clause (fixtures/attrib/second-verb) */
            bool np_ok = qxp_np_after(c, k, &obj);
            size_t det;
            /* an addressee from a trailing-attribution test above that did not hold ("But,
             * the EC did warn the two were …": no ", X said") is no addressee here */
            memset(&a.addr, 0, sizeof a.addr);
            if (np_ok && finite_at(c, obj.t1) && obj.t1 > obj.t0 + 2 && qxp_is_det(c, obj.t0) &&
                (c->tk.t[obj.t0 + 1].flags & QXP_T_UPPER) &&
                (c->tk.t[obj.t0 + 2].flags & QXP_T_CAP)) {
                /* "told the BBC Liverpool were unlikely to win": the body's acronym ends
                 * the addressee, the name after it is the clause's subject
                 * (fixtures/attrib/second-verb) */
                a.addr = obj;
                a.addr.t1 = a.addr.n1 = obj.t0 + 2;
                a.addr.n0 = obj.t0 + 1;
                a.addr.type = QXP_NP_GROUP;
                k = obj.t0 + 2;
            } else if (np_ok && !finite_at(c, obj.t1)) {
                obj.t1 = (uint32_t)programme_end(c, obj.t1);
                a.addr = obj;
                k = obj.t1;
            } else if (np_ok && (det = second_det(c, obj.t0, obj.t1)) < obj.t1) {
                a.addr.t0 = a.addr.n0 = (uint32_t)k;
                a.addr.t1 = a.addr.n1 = (uint32_t)det;
                a.addr.type = QXP_NP_COMMON;
                k = det;
            } else if (usable(c, k) && (c->tk.t[k].flags & QXP_T_WORD)) {
                const qxp_lexent *pr = qxp_tok_lex(c, k, QXP_LEX_PRONOUNS);
                if (qxp_tok_lex(c, k, QXP_LEX_GROUPS) || (pr && !(pr->flags & QXP_LF_SUBJ))) {
                    k++; /* "told her he was innocent": the clause starts after the object */
                } else if (!(c->tk.t[k].flags & (QXP_T_CAP | QXP_T_NUM)) && !pr &&
                           !(qxp_tok_cls(&c->tk, k) &
                             (QXP_W_OPENER | QXP_W_FUNC | QXP_W_DET | QXP_W_AUX | QXP_W_FINITE)) &&
                           !qxp_tok_word(c, k, "that") && !cue_verb(c, k) &&
                           (qxp_tok_word(c, k + 1, "that") || place_prep(c, k + 1) ||
                            (usable(c, k + 1) && (c->tk.t[k + 1].flags & QXP_T_WORD) &&
                             (qxp_tok_cls(&c->tk, k + 1) & QXP_W_OPENER)))) {
                    /* a bare noun object before the clause: "told reporters it was not yet
                     * a done deal", "told staff the plan would go ahead"
                     * (fixtures/attrib/pp-org) */
                    a.addr.t0 = a.addr.n0 = (uint32_t)k;
                    a.addr.t1 = a.addr.n1 = (uint32_t)(k + 1);
                    a.addr.type = QXP_NP_COMMON;
                    k++;
                }
            }
        }
        bool that = qxp_tok_word(c, k, "that");
        if (!that) {
            /* a short object or adverbial before "that": "told reporters that", "said on
             * Tuesday that", "told the BBC's Today programme that" (fixtures/attrib/
             * that-clause) */
            size_t j = k;
            /* a prepositional phrase may be longer, with a time phrase after it: "said in
             * an interview with the Valley Herald on Friday that" (fixtures/attrib/
             * that-prep) */
            size_t lim = k + 6;
            if (is_prep(c, k) || qxp_tok_word(c, k, "in") || qxp_tok_word(c, k, "on")) {
                lim = k + 12;
            }
            /* not past a finite verb: "said it would be a system that …" is a clause
             * without "that" */
            while (j < s1 && j < lim && usable(c, j) && (c->tk.t[j].flags & QXP_T_WORD) &&
                   !qxp_tok_word(c, j, "that") && !cue_verb(c, j) && !finite_at(c, j)) {
                j++;
            }
            /* a noun that takes a that-clause of its own makes it the noun's, not the
             * verb's: "pleaded guilty to charges that they infringed copyright", "denied
             * claims that …" report nobody's words (fixtures/attrib/that-clause) */
            if (j > k && j < s1 && qxp_tok_word(c, j, "that") &&
                (content_noun(c, j - 1) || qxp_tok_word(c, j + 1, "of"))) {
                continue; /* "an agenda to that of the summit": a pronoun */
            }
            if (j > k && j < s1 && qxp_tok_word(c, j, "that")) {
                /* a time phrase before "that" is no part of the addressee: "told the BBC
                 * last year that", "warned only last month that" (fixtures/speaker/
                 * time-adjunct) */
                size_t ae = j;
                for (size_t t = k; t < j; t++) {
                    if (qxp_time_phrase_end(c, t, j) == j || qxp_sentence_adverb(c, t)) {
                        ae = t;
                        break;
                    }
                }
                if ((e->flags & QXP_LF_OBJ) && a.addr.type == QXP_NP_NONE && ae > k &&
                    !qxp_tok_word(c, k, "on") && !qxp_tok_word(c, k, "in") &&
                    !qxp_tok_word(c, k, "at") && !qxp_tok_word(c, k, "last")) {
                    a.addr.t0 = a.addr.n0 = (uint32_t)k; /* "told reporters": the addressee */
                    a.addr.t1 = a.addr.n1 = (uint32_t)ae;
                    a.addr.type = QXP_NP_COMMON;
                }
                k = j;
                that = true;
            }
        }
        /* without "that" the clause must open like a clause: a subject pronoun, a
         * determiner, a name or a number ("Peskov said the US …", "he said it was …"), so
         * "explained from a podium" or "ordered tea" is no reported speech
         * (fixtures/attrib/that-clause) */
        if (!that) {
            /* a time phrase before the clause: "said on Sunday it had no evidence",
             * "said yesterday the talks had failed" (fixtures/attrib/clause-finite) */
            if ((qxp_tok_word(c, k, "on") || qxp_tok_word(c, k, "last") ||
                 qxp_tok_word(c, k, "this")) &&
                (qxp_tok_cls(&c->tk, k + 1) & QXP_W_TIME)) {
                k += 2;
            } else if ((qxp_tok_cls(&c->tk, k) & QXP_W_TIME) &&
                       !(c->tk.t[k].flags & QXP_T_POSS)) {
                k++;
            } else if (place_prep(c, k)) {
                /* a short place phrase (or "outside" alone), then a pronoun subject and its
                 * verb: "told reporters outside court he was relieved", "said in Paris they
                 * had agreed" (fixtures/attrib/clause-place) */
                for (size_t j = k + 1; j <= k + 4 && j < s1 && usable(c, j - 1) &&
                                       (c->tk.t[j - 1].flags & QXP_T_WORD);
                     j++) {
                    if (ing_clause(c, j)) {
                        k = j;
                        break;
                    }
                }
            }
        }
        /* any that-verb takes a clause without "that" whose finite verb comes within three
         * words: "claimed there was evidence", "admits he is surprised" -- "explained his
         * research" has none (fixtures/attrib/clause-finite) */
        if (!that && ing && bare_clause_verb(e) &&
            (ing_clause(c, k) || (clause_opener(c, k) && finite_within(c, k + 1, 3)))) {
            /* "…, saying it likely breaks the law" (fixtures/attrib/ing-clause); a noun
             * subject needs a finite verb close behind it: "…, saying demand had weakened",
             * "with analysts saying the results were disappointing" -- "telling the story
             * of his life" is no clause (fixtures/attrib/ing-noun) */
        } else if (!that && (ing || !clause_opener(c, k) ||
                             !(bare_clause_verb(e) || opened_clause(c, v, k)))) {
            continue;
        }
        /* a pronoun with no verb after it is an object, no clause: "The name says it all:
         * it is web-based radio" (fixtures/attrib/that-clause) */
        if (!that && !ing && pronoun_object(c, k)) {
            continue;
        }
        /* "that" before a finite verb is the clause's subject, not its conjunction: "said
         * that was the only contact he had" (fixtures/attrib/second-verb) */
        size_t cstart = that && !finite_at(c, k + 1) ? k + 1 : k, end;
        const char *rule;
        if (ing) {
            /* "…, alleging that CLAUSE, and vowed …": the subject of the sentence speaks;
             * in "with NP V-ing" NP does: "Shares fell, with analysts saying that …"
             * (fixtures/attrib/with-ing) */
            qxp_np wnp;
            /* "The Evening Standard quoted Mr Clarke telling activists that …", "the paper
             * quoted the minister as saying that …": the one quoted speaks
             * (fixtures/attrib/with-ing) */
            size_t qv = v > s0 + 2 && qxp_tok_word(c, v - 1, "as") ? v - 1 : v;
            if (v > s0 + 1 && qxp_np_before(c, v, &wnp) && wnp.t0 > s0 &&
                qxp_tok_word(c, wnp.t0 - 1, "with")) {
                np = wnp;
            } else if (qv > s0 + 1 && quoted_as(c, qv, s0, &wnp)) {
                np = wnp;
            } else if (!ing_subject(c, s0, s1, &np)) {
                continue;
            }
            end = clause_end(c, cstart, s1);
            rule = "S,Ving-that";
        } else {
            /* a verb joined by "and" takes the subject of its clause: "The club has denied
             * the allegations and said it would cooperate" -- not across a subordinate
             * clause: "… a day after the minister resigned and said …" makes no report of
             * "The report" (fixtures/attrib/coord-report) */
            if (v == carry_at) {
                np = carry_np; /* "… and said the bank would act" */
            } else if (!subject_before(c, v, s0, true, &np)) {
                continue;
            }
            /* "Jones, who says she is innocent, could lose her medals after Conte said he
             * …": a relative clause ends at its comma, and the sentence goes on
             * (fixtures/attrib/inv-clause); otherwise the clause runs to the sentence's end
             * or to a second report */
            bool same = false;
            end = k0 > s0 + 1 && qxp_tok_word(c, k0 - 1, "who") && punct(c, k0 - 2, ',')
                      ? clause_end(c, cstart, s1)
                      : second_report(c, cstart, s1, &same);
            rule = that ? "SV-that" : "SV-clause";
            if (same) {
                carry_at = end + 1;
                carry_np = np;
            }
        }
        a.spk = np;
        set_cue(&a, v, v + 1, e);
        qx_status st = add_indirect(c, rs, cstart, end, &a, rule);
        if (st != QX_OK) {
            return st;
        }
        v = end;
    }
    return QX_OK;
}

/* A quoted term of three words or more (a title: 'his favorite book is "One Hundred Years of
 * Solitude"') keeps its sentence from being read as reported speech; a one- or two-word
 * scare quote ('remained "optimistic"') does not. */
static bool long_term_in(const qxp_actx *c, const recs *rs, size_t s, size_t e) {
    size_t lo = quotes_from(rs, s);
    for (size_t i = lo > 0 ? lo - 1 : 0; i < rs->nq; i++) {
        const rec *r = &rs->r[i];
        if (r->outer.start >= e) {
            break;
        }
        bool caps;
        if (!r->dead && r->kind == QX_KIND_TERM && r->outer.end > s &&
            span_words(c, r->span, &caps) >= 3) {
            return true;
        }
    }
    return false;
}

static qx_status find_indirect(qxp_actx *c, recs *rs) {
    /* sentence by sentence: run r spans [runs[r], runs[r + 1]) (the first from token 0, the
     * last to the end), as sent_last(c, i) finds each from the one before, without its
     * binary search per sentence (with the tokens found once per quote in qxp_attribute,
     * measured on the first 200 BBC lines: 68.82M -> 68.47M instructions) */
    size_t nr = c->n_runs ? c->n_runs : 1;
    for (size_t r = 0; r < nr && c->tk.n; r++) {
        size_t i = r == 0 ? 0 : c->runs[r];
        size_t e = r + 1 < c->n_runs ? c->runs[r + 1] : c->tk.n;
#ifdef QXP_CHECKS
        if (e != sent_last(c, i)) {
            abort();
        }
#endif
        /* sentences that hold quoted speech are handled as quotes; a quoted term does not
         * count: 'The press secretary said the administration remained "optimistic".'
         * (fixtures/attrib/news-patterns5) */
        bool quoted = overlaps_kind(rs, c->tk.t[i].start, c->tk.t[e - 1].end,
                                    ~(1u << QX_KIND_TERM)) ||
                      long_term_in(c, rs, c->tk.t[i].start, c->tk.t[e - 1].end);
        if (!quoted) {
            qx_status st = indirect_in_sentence(c, rs, i, e);
            if (st != QX_OK) {
                return st;
            }
        }
    }
    return QX_OK;
}

/* ---- carry-over and block quotes ------------------------------------------------------- */

/* Records in text order, stably (records starting at the same offset keep their order: a
 * quote before the reported speech found around it). They come as a few runs in text
 * order (the quotes, then the reported speech or the blocks appended in text order), which
 * qxp_sort_runs merges in linear time: qsort cost 7% of the time on quote-dense text (a
 * record is 184 bytes: its merge sort moved each twice, through an array of 2n pointers),
 * and is not stable in every C library. */
static qx_status sort_recs(recs *rs) {
    return qxp_sort_runs(rs->r, rs->n, sizeof(rec), offsetof(rec, span.start));
}

/* The person a paragraph is about: the last person named as a sentence subject in
 * paragraph p after its last quoted text ("Peskov once again rejected the allegations …",
 * "… Do you remember?” Tommy chuckled."), or QXP_NONE. */
static size_t paragraph_subject(const qxp_actx *c, size_t p) {
    const qxp_sentences *s = &c->d->sents;
    if (p >= s->n_paras) {
        return QXP_NONE;
    }
    size_t from = s->paras[p].start;
    size_t t0 = qxp_tok_at(&c->tk, s->paras[p].start), t1 = qxp_tok_at(&c->tk, s->paras[p].end);
    for (size_t k = t0; k < t1; k++) {
        if (c->tk.t[k].flags & (QXP_T_QMARK | QXP_T_INQ)) {
            from = c->tk.t[k].end;
        }
    }
    size_t found = QXP_NONE;
    for (size_t k = qxp_refs_from(c, t0); k < c->n_refs; k++) {
        const qxp_mref *r = &c->refs[k];
        size_t o = c->tk.t[r->t0].start;
        if (o >= s->paras[p].end) {
            break;
        }
        if (o < from) {
            continue;
        }
        if (r->subject && !r->addressee && c->ents[r->entity].person) {
            found = r->entity;
        }
    }
    return found;
}

/* Plain-text books (Project Gutenberg and the like) wrap their prose at a fixed width:
 * most long paragraphs hold line breaks. Scraped news keeps a paragraph on one line (in the
 * shared BBC corpus 2 of 2,095 articles are wrapped; all 100 LitBank excerpts are). */
static bool hard_wrapped(const qxp_actx *c) {
    const qxp_sentences *s = &c->d->sents;
    size_t longp = 0, wrapped = 0;
    for (size_t p = 0; p < s->n_paras; p++) {
        size_t a = s->paras[p].start, b = s->paras[p].end;
        if (b - a < 200) {
            continue;
        }
        longp++;
        wrapped += memchr(c->text + a, '\n', b - a) != NULL;
    }
    return longp >= 2 && wrapped * 2 >= longp;
}

/* True when the document reads as a dialogue (fiction): among pairs of consecutive
 * paragraphs that are both explicitly attributed turns, more change speaker than keep it.
 * News quote paragraphs keep their speaker; novels alternate. */
static bool dialogue_style(const recs *rs) {
    size_t diff = 0, same = 0;
    size_t prev = QXP_NONE;
    for (size_t i = 0; i < rs->n; i++) {
        const rec *r = &rs->r[i];
        if (r->dead || r->q == QXP_NONE || r->kind != QX_KIND_DIRECT) {
            continue;
        }
        if (prev != QXP_NONE && rs->r[prev].para + 1 == r->para && r->adjacent &&
            rs->r[prev].adjacent && r->entity != QXP_NONE && rs->r[prev].entity != QXP_NONE) {
            if (r->entity == rs->r[prev].entity) {
                same++;
            } else {
                diff++;
            }
        }
        if (prev == QXP_NONE || rs->r[prev].para != r->para) {
            prev = i;
        }
    }
    return diff >= 3 && diff > 2 * same;
}

/* The other participant of a dialogue: the latest speaker before record i who is not
 * `not` and (when gender is set) has a compatible gender, within eight paragraphs. Only a
 * person takes part: 'The old inn was called “the anchor,”' gives the inn a record, but
 * "“…,” he answered" after Peter's question is Tom's (fixtures/speaker/other-person). */
static size_t other_speaker(const qxp_actx *c, const recs *rs, size_t i, size_t not,
                            uint32_t gender) {
    for (size_t k = i; k-- > 0;) {
        const rec *p = &rs->r[k];
        if (p->para + 8 < rs->r[i].para) {
            break;
        }
        if (p->dead || p->entity == QXP_NONE || p->entity == not ||
            c->ents[p->entity].placeholder) {
            continue;
        }
        uint32_t g = c->ents[p->entity].gender;
        if (gender && g && g != gender) {
            continue;
        }
        if (c->ents[p->entity].group || !c->ents[p->entity].person) {
            continue;
        }
        return p->entity;
    }
    return QXP_NONE;
}

/* Speaker of the dialogue turn in paragraph p: the entity of the first direct record that
 * starts paragraph p, QXP_NONE when p is no dialogue paragraph or its speaker is unknown;
 * *is_turn tells whether p is a dialogue paragraph at all. */
static size_t turn_speaker(const qxp_actx *c, const recs *rs, size_t upto, size_t p,
                           bool *is_turn) {
    *is_turn = false;
    for (size_t i = upto; i-- > 0;) {
        const rec *r = &rs->r[i];
        if (r->para < p) {
            break;
        }
        if (r->para == p && !r->dead && r->q != QXP_NONE && r->kind == QX_KIND_DIRECT) {
            *is_turn = true;
            if (r->entity != QXP_NONE && !c->ents[r->entity].placeholder) {
                return r->entity;
            }
        }
    }
    return QXP_NONE;
}

/* Whether paragraph p (before record upto) is a bare turn of speech: each of its sentences
 * holds a direct quote, as in '"Good evening, sir," said the boy.' A news paragraph that
 * also narrates ('"…," he added. BT Openzone, which runs the hotspots, told the BBC that
 * …') is none: the unattributed quote paragraph after it continues the last speaker, where
 * two bare turns before it alternate (carry_over, rule 4; fixtures/attrib/turns and
 * fixtures/attrib/news-continue). */
static bool bare_turn(const qxp_actx *c, const recs *rs, size_t upto, size_t p) {
    const qxp_sentences *s = &c->d->sents;
    if (p >= s->n_paras) {
        return false;
    }
    size_t i = upto; /* the first record of paragraph p */
    while (i > 0 && rs->r[i - 1].para >= p) {
        i--;
    }
    /* one walk over the sentences and the records (in text order): a sentence holds a
     * quote when a record starting before its end reaches past its start */
    size_t reach = 0;
    for (size_t k = qxp_sentence_at(s, s->paras[p].start);
         k < s->n_sents && s->sents[k].start < s->paras[p].end; k++) {
        for (; i < upto && rs->r[i].para == p && rs->r[i].outer.start < s->sents[k].end; i++) {
            const rec *r = &rs->r[i];
            if (!r->dead && r->q != QXP_NONE && r->kind == QX_KIND_DIRECT &&
                r->outer.end > reach) {
                reach = r->outer.end;
            }
        }
        if (reach <= s->sents[k].start) {
            return false;
        }
    }
    return true;
}

/* The speaker of the last record of paragraph p (before record upto), quoted or reported,
 * that names its speaker: an unattributed quote paragraph continues whoever spoke last, '…
 * said: "It is very disappointing." Jim Parton, from another group, said the plans
 * "lacked compulsion". \n\n "We would like to see …"' is Parton's (fixtures/attrib/
 * news-continue). A report whose speaker is a role or group is passed over: "UKIP officials
 * claim …" can end a paragraph about one MEP, whose words follow (a quote of the role's
 * own, '"…," said the Tottenham striker.', counts). QXP_NONE when the paragraph has
 * none. */
static size_t last_speaker(const qxp_actx *c, const recs *rs, size_t upto, size_t p) {
    for (size_t i = upto; i-- > 0;) {
        const rec *r = &rs->r[i];
        if (r->para < p) {
            break;
        }
        if (r->para == p && !r->dead && r->kind != QX_KIND_TERM && r->entity != QXP_NONE &&
            (r->kind == QX_KIND_DIRECT || r->via == QX_VIA_NAME ||
             r->via == QX_VIA_PRONOUN) &&
            !c->ents[r->entity].placeholder) {
            return r->entity;
        }
    }
    return QXP_NONE;
}

/* The person of the latest mention before byte off, within 1500 bytes; QXP_NONE if none. */
static size_t nearest_person(const qxp_actx *c, size_t off) {
    for (size_t k = qxp_refs_from(c, qxp_tok_at(&c->tk, off)); k-- > 0;) {
        const qxp_mref *r = &c->refs[k];
        size_t o = c->tk.t[r->t0].start;
        if (o + 1500 < off) {
            break;
        }
        const qxp_entity *e = &c->ents[r->entity];
        if (!r->addressee && e->person && !e->placeholder) {
            return r->entity;
        }
    }
    return QXP_NONE;
}

/* The direct record that opens paragraph p (before record upto), or NULL. */
static const rec *prev_turn(const recs *rs, size_t upto, size_t p) {
    for (size_t i = upto; i-- > 0;) {
        const rec *r = &rs->r[i];
        if (r->para < p) {
            break;
        }
        if (r->para == p && !r->dead && r->q != QXP_NONE && r->kind == QX_KIND_DIRECT) {
            return r;
        }
    }
    return NULL;
}

/* The speaker of the quote that continues record i, an unclosed direct quote, in the same
 * paragraph after white space alone, when an attribution next to that quote names one: a
 * run-on of one speech whose paragraph break was lost, "“A. “B,” Mr Dein said."
 * (quotespan.c ends the first quote unclosed before the second opening mark) ->
 * fixtures/quotes/runon-curly. QXP_NONE when there is none. */
static size_t runon_speaker(const qxp_actx *c, const recs *rs, size_t i) {
    const rec *r = &rs->r[i];
    if (!(r->flags & QX_QF_UNCLOSED) || r->q == QXP_NONE || r->kind != QX_KIND_DIRECT) {
        return QXP_NONE;
    }
    for (size_t j = i + 1; j < rs->n; j++) {
        const rec *n = &rs->r[j];
        if (n->dead || n->kind == QX_KIND_TERM) {
            continue;
        }
        if (n->para != r->para || n->q == QXP_NONE || n->kind != QX_KIND_DIRECT ||
            n->open < r->span.end) {
            return QXP_NONE;
        }
        for (size_t k = r->span.end; k < n->open; k++) {
            if (!(qxp_byte_class[(unsigned char)c->text[k]] & QXP_BC_SPACE)) {
                return QXP_NONE;
            }
        }
        /* only an attribution next to the second quote ("“B,” Mr Dein said."), not one
         * found further off in its sentence */
        return n->adjacent ? n->entity : QXP_NONE;
    }
    return QXP_NONE;
}

/* What the paragraphs before paragraph `para` say, looked up once per paragraph however
 * many quotes follow them (a walk per quote was quadratic on a long paragraph of quotes:
 * tests/stress.sh "unattributed"). The records before them are final by then. */
typedef struct para_looks {
    size_t para;                   /* QXP_NONE: nothing looked up yet */
    int turn[2], bare;             /* -1 until looked up, then 0 or 1 */
    int last_set, topic_set;       /* 0 until looked up */
    size_t turn_ent[2], last, topic;
} para_looks;

static void looks_for(para_looks *m, size_t para) {
    if (m->para != para) {
        *m = (para_looks){.para = para, .turn = {-1, -1}, .bare = -1};
    }
}

/* turn_speaker of paragraph para - back (1 or 2). */
static size_t looks_turn(const qxp_actx *c, const recs *rs, size_t i, para_looks *m,
                         size_t back, bool *is_turn) {
    if (m->turn[back - 1] < 0) {
        bool t;
        m->turn_ent[back - 1] = turn_speaker(c, rs, i, m->para - back, &t);
        m->turn[back - 1] = t;
    }
    *is_turn = m->turn[back - 1] == 1;
    return m->turn_ent[back - 1];
}

/* Whether the two paragraphs before are bare turns of speech (bare_turn). */
static bool looks_bare(const qxp_actx *c, const recs *rs, size_t i, para_looks *m) {
    if (m->bare < 0) {
        m->bare = bare_turn(c, rs, i, m->para - 1) && bare_turn(c, rs, i, m->para - 2);
    }
    return m->bare == 1;
}

/* last_speaker of the paragraph before. */
static size_t looks_last(const qxp_actx *c, const recs *rs, size_t i, para_looks *m) {
    if (!m->last_set) {
        m->last = last_speaker(c, rs, i, m->para - 1);
        m->last_set = 1;
    }
    return m->last;
}

/* paragraph_subject of the paragraph before. */
static size_t looks_topic(const qxp_actx *c, para_looks *m) {
    if (!m->topic_set) {
        m->topic = paragraph_subject(c, m->para - 1);
        m->topic_set = 1;
    }
    return m->topic;
}

/* A quote with no attribution of its own gets its speaker from context, in this order:
 *  0. the quote that continues it (runon_speaker);
 *  1. an attributed quote before it in the same paragraph ("“A,” he said. “B.”");
 *  2. the person the previous paragraph is about (its last sentence subject after its last
 *     quote): "Peskov once again rejected … \n\n “We have never interfered …”" (news),
 *     "The pedestrian … turned round. \n\n “Now, sir, …”" (fiction) -> fixtures/attrib/carry;
 *  3. in a dialogue, the person the previous turn addressed by name -> fixtures/attrib/
 *     addressed;
 *  4. in a dialogue (the two paragraphs before are turns of two different speakers, in a
 *     dialogue-style document or as bare turns of speech), the speaker of the turn before
 *     last: A, B, A, B -> fixtures/attrib/turns; after news paragraphs that also narrate,
 *     rule 5 continues A (fixtures/attrib/news-continue);
 *  5. after a turn of A: in a dialogue-style document the other participant, else A
 *     (news quote paragraphs continue their attributed lead-in);
 *  6. the speaker of the previous record within two paragraphs (in a dialogue: the one who
 *     answers them);
 *  7. the person named last before the quote -> fixtures/attrib/nearest.
 * Nobody addresses themselves by name. In a dialogue-style document, a pronoun that
 * resolved to the previous turn's speaker is moved to the other participant: "“…,” said
 * Tom. \n\n “…,” he answered." */
static void carry_over(qxp_actx *c, recs *rs) {
    size_t last = QXP_NONE;
    para_looks looks = {.para = QXP_NONE};
    /* a plain-text book alternates speakers even before a dialogue shows it */
    bool dialogue = dialogue_style(rs) || c->hard_wrapped;
    for (size_t i = 0; i < rs->n; i++) {
        rec *r = &rs->r[i];
        if (r->dead || r->kind == QX_KIND_TERM) {
            continue;
        }
        bool turn_start = r->q != QXP_NONE && r->para > 0 &&
                          (c->tk.t[qxp_tok_at(&c->tk, r->open)].flags & QXP_T_PARA);
        if (dialogue && turn_start && r->via == QX_VIA_PRONOUN && r->entity != QXP_NONE) {
            bool t1;
            size_t a = turn_speaker(c, rs, i, r->para - 1, &t1);
            if (t1 && a == r->entity) {
                size_t o = other_speaker(c, rs, i, a, r->spk.gender);
                if (o != QXP_NONE) {
                    r->entity = o;
                }
            }
        }
        if (r->entity == QXP_NONE && r->kind != QX_KIND_INDIRECT) {
            size_t cand = runon_speaker(c, rs, i);
            const char *rule = "run-on";
            if (cand != QXP_NONE) {
                /* found */
            } else if (last != QXP_NONE && rs->r[last].para == r->para) {
                rule = "carry";
                cand = rs->r[last].entity;
            }
            bool t1 = false, t2 = false;
            size_t a = QXP_NONE, b = QXP_NONE;
            looks_for(&looks, r->para);
            if (cand == QXP_NONE && r->para > 0) {
                a = looks_turn(c, rs, i, &looks, 1, &t1);
                cand = looks_topic(c, &looks);
                rule = "topic";
                size_t pv = QXP_NONE;
                if (cand == QXP_NONE && dialogue && turn_start && t1) {
                    /* the turn before named whom it spoke to: “Uncle, you are not looking
                     * well.” \n\n “I’m not well, Florence.” -> the uncle answers
                     * (fixtures/attrib/addressed) */
                    const rec *p = prev_turn(rs, i, r->para - 1);
                    pv = p ? qxp_vocative(c, p->span.start, p->span.end) : QXP_NONE;
                    if (pv != QXP_NONE && pv != a && !c->ents[pv].narrator) {
                        cand = pv;
                        rule = "addressed";
                    }
                }
                if (cand != QXP_NONE) {
                    /* found */
                } else if (t1 && r->para > 1 &&
                           (dialogue || looks_bare(c, rs, i, &looks))) {
                    b = looks_turn(c, rs, i, &looks, 2, &t2);
                    if (t2 && a != QXP_NONE && b != QXP_NONE && a != b) {
                        cand = b;
                        rule = "turn";
                    }
                }
                if (cand == QXP_NONE && t1 && a != QXP_NONE) {
                    size_t l = dialogue ? QXP_NONE : looks_last(c, rs, i, &looks);
                    cand = dialogue ? other_speaker(c, rs, i, a, 0) : l != QXP_NONE ? l : a;
                    rule = dialogue ? "turn-other" : "carry-turn";
                }
            }
            if (cand == QXP_NONE && last != QXP_NONE && r->para <= rs->r[last].para + 2) {
                cand = rs->r[last].entity;
                rule = "carry-near";
                if (dialogue && turn_start) {
                    /* a new turn after a narrated pause answers the last speaker */
                    size_t o = other_speaker(c, rs, i, cand, 0);
                    if (o != QXP_NONE) {
                        cand = o;
                        rule = "turn-other";
                    }
                }
            }
            /* 6. the person named last before the quote, within 1500 bytes: better than no
             *    speaker for an opening line of dialogue (fixtures/attrib/nearest) */
            if (cand == QXP_NONE && r->q != QXP_NONE) {
                cand = nearest_person(c, r->outer.start);
                rule = "nearest";
            }
            /* nobody addresses themselves by name: “Tuppence, old bean!” is not hers */
            if (cand != QXP_NONE && dialogue && r->q != QXP_NONE &&
                cand == qxp_vocative(c, r->span.start, r->span.end)) {
                cand = other_speaker(c, rs, i, cand, 0);
                rule = "addressed";
            }
            if (cand != QXP_NONE) {
                r->entity = cand;
                r->via = QX_VIA_CARRY;
                r->rule = rule;
            }
        }
        if (r->entity != QXP_NONE && !c->ents[r->entity].placeholder) {
            last = i;
        }
    }
}

/* The narrator of first-person fiction takes the name the other characters call them by:
 * in the turns next to the narrator's own, the name most often addressed ("“I think,
 * Watson, that you have put on seven pounds,” he remarked." next to "“Seven!” I answered.")
 * names the narrator Watson (fixtures/speaker/narrator-name). At least two such turns. */
static void name_narrator(qxp_actx *c, recs *rs) {
    size_t nar = c->narrator;
    if (nar == QXP_NONE) {
        return;
    }
    for (size_t i = 0; i < rs->n; i++) {
        const rec *r = &rs->r[i];
        if (!r->dead && r->entity != QXP_NONE && r->adjacent && r->via == QX_VIA_NAME) {
            c->ents[r->entity].named_speaker = true; /* "“Ditto,” said Good" */
        }
    }
    /* the narrator's own word first: "I called myself Pip" (fixtures/speaker/narrator-self) */
    size_t self = qxp_self_named(c);
    if (self != QXP_NONE && self != nar && self < c->n_ents && !c->ents[self].narrator &&
        !c->ents[self].named_speaker) {
        qxp_entity_rename(c, nar, c->ents[self].name);
        for (size_t i = 0; i < rs->n; i++) {
            if (rs->r[i].entity == self) {
                rs->r[i].entity = nar;
            }
        }
        return;
    }
    size_t best = QXP_NONE, best_votes = 0;
    size_t *votes = NULL, cap = 0; /* per entity; vocatives may add entities */
    for (size_t i = 0; i < rs->n; i++) {
        const rec *r = &rs->r[i];
        if (r->dead || r->q == QXP_NONE || r->kind != QX_KIND_DIRECT || r->entity == nar) {
            continue;
        }
        bool next_to_narrator = false;
        for (size_t j = i > 3 ? i - 3 : 0; j < rs->n && j <= i + 3; j++) {
            next_to_narrator |= rs->r[j].entity == nar && rs->r[j].para + 1 >= r->para &&
                                rs->r[j].para <= r->para + 1;
        }
        if (!next_to_narrator) {
            continue;
        }
        size_t v = qxp_vocative(c, r->span.start, r->span.end);
        if (v == QXP_NONE || v == r->entity || v >= c->n_ents || c->ents[v].narrator ||
            c->ents[v].named_speaker) {
            continue; /* a character attributed by name elsewhere is not the "I" */
        }
        if (cap <= v) {
            size_t old = cap;
            if (qxp_grow((void **)&votes, &cap, c->n_ents, sizeof(size_t)) != QX_OK) {
                break; /* out of memory: the narrator keeps its generic name */
            }
            memset(votes + old, 0, (cap - old) * sizeof(size_t));
        }
        if (++votes[v] > best_votes) {
            best_votes = votes[v];
            best = v;
        }
    }
    qxp_free(votes);
    if (best == QXP_NONE || best_votes < 2) {
        return;
    }
    qxp_entity_rename(c, nar, c->ents[best].name);
    for (size_t i = 0; i < rs->n; i++) {
        if (rs->r[i].entity == best) {
            rs->r[i].entity = nar; /* the same person, now under one name */
        }
    }
}

/* Narrative fiction: a first-person narrator who speaks ("“Seven!” I answered."), a
 * dialogue of at least four turns that alternate speakers, or a hard-wrapped plain-text
 * book, with or without dialogue: a chapter of narration whose only "quote" is "The miller
 * told his neighbours that the river would rise" is still a book
 * (fixtures/attrib/book-no-indirect; scraped news is not wrapped: the two wrapped BBC
 * articles are match previews without reported speech). In a novel, reported speech
 * without marks is narration ("The clergyman explained that …"), which readers and
 * annotators do not count as quotes, so such documents get no indirect records
 * (fixtures/attrib/fiction-no-indirect). News interviews quote one speaker at a time. */
static bool narrative_fiction(const qxp_actx *c, const recs *rs) {
    if (c->hard_wrapped) {
        return true;
    }
    size_t narrator_quotes = 0, turns = 0;
    for (size_t i = 0; i < rs->n; i++) {
        const rec *r = &rs->r[i];
        if (r->dead || r->q == QXP_NONE || r->kind != QX_KIND_DIRECT || r->entity == QXP_NONE) {
            continue;
        }
        narrator_quotes += c->ents[r->entity].narrator;
        turns += r->rule && (strcmp(r->rule, "turn") == 0 || strcmp(r->rule, "turn-other") == 0);
    }
    return narrator_quotes >= 1 || (turns >= 4 && dialogue_style(rs));
}

static bool first_person_np(const qxp_actx *c, const qxp_np *np) {
    return qxp_tok_word(c, np->t0, "i") || qxp_tok_word(c, np->t0, "we") ||
           qxp_tok_word(c, np->t0, "our") || qxp_tok_word(c, np->t0, "my");
}

/* A paragraph without quotation marks, in the first person, right after (or before) a
 * paragraph quoting X, with no attribution of its own: a block quote whose marks were lost
 * when the page became text (fixtures/attrib/block). */
static qx_status find_blocks(qxp_actx *c, recs *rs) {
    const qxp_sentences *s = &c->d->sents;
    size_t nrec = rs->n, j = 0;
    for (size_t p = 0; p < s->n_paras; p++) {
        size_t t0 = qxp_tok_at(&c->tk, s->paras[p].start);
        size_t t1 = qxp_tok_at(&c->tk, s->paras[p].end);
        size_t first_person = 0, words = 0;
        bool marks = false, cue = false;
        for (size_t k = t0; k < t1; k++) {
            uint32_t f = c->tk.t[k].flags;
            if (f & (QXP_T_QMARK | QXP_T_INQ)) {
                marks = true;
                break;
            }
            if (!(f & QXP_T_WORD)) {
                continue;
            }
            words++;
            /* "US" (all capitals) is the country, not the pronoun */
            if (!(f & QXP_T_UPPER) &&
                (qxp_tok_word(c, k, "we") || qxp_tok_word(c, k, "our") ||
                 qxp_tok_word(c, k, "us") || qxp_tok_word(c, k, "i") ||
                 qxp_tok_word(c, k, "my") || qxp_tok_word(c, k, "me"))) {
                first_person++;
            }
            /* a first-person subject ("our president has expressed") belongs to the
             * quoted voice, not to an attribution */
            if (cue_verb(c, k)) {
                qxp_np np;
                if (subject_before(c, k, t0, false, &np) && !first_person_np(c, &np)) {
                    cue = true;
                }
            }
        }
        if (marks || cue || first_person == 0 || words < 8) {
            continue;
        }
        /* the records are in text order: a moving index finds those of paragraphs p - 1
         * and p */
        while (j < nrec && rs->r[j].para + 1 < p) {
            j++;
        }
        bool claimed = false;
        size_t found = QXP_NONE;
        for (size_t i = j; i < nrec && rs->r[i].para <= p; i++) {
            const rec *r = &rs->r[i];
            claimed |= !r->dead && r->para == p;
            if (!r->dead && r->entity != QXP_NONE && r->kind != QX_KIND_TERM &&
                r->para + 1 == p) {
                found = i; /* the neighbouring paragraph's speaker */
            }
        }
        if (claimed) {
            continue;
        }
        if (found == QXP_NONE) {
            continue;
        }
        qx_span sp;
        if (!clause_span(c, t0, t1, &sp)) {
            continue;
        }
        sp.end = c->tk.t[t1 - 1].end; /* keep the final stop: the whole paragraph */
        qx_status st = QX_OK;
        rec *r = new_rec(rs, &st);
        if (r == NULL) {
            return st;
        }
        r->span = r->outer = sp;
        r->segs = qxp_arena_alloc(&c->d->arena, sizeof(qx_span));
        if (r->segs == NULL) {
            return QX_ERR_NOMEM;
        }
        r->segs[0] = sp;
        r->nsegs = 1;
        r->kind = QX_KIND_BLOCK;
        r->para = p;
        r->entity = rs->r[found].entity;
        r->via = QX_VIA_CARRY;
        r->rule = "block";
    }
    return QX_OK;
}

/* ---- output ---------------------------------------------------------------------------- */

static int base_score(const rec *r) {
    int s;
    switch (r->kind) {
        case QX_KIND_DIRECT:
            s = r->adjacent ? 90 : 70;
            break;
        case QX_KIND_MIXED:
            s = 65;
            break;
        case QX_KIND_INDIRECT:
            s = 60;
            break;
        case QX_KIND_BLOCK:
            s = 30;
            break;
        case QX_KIND_TERM:
        default:
            s = 20;
            break;
    }
    if (r->via == QX_VIA_PRONOUN || r->via == QX_VIA_ROLE) {
        s -= 5;
    } else if (r->via == QX_VIA_CARRY) {
        s -= 15;
    } else if (r->via == QX_VIA_NONE && r->kind != QX_KIND_TERM) {
        s -= 20;
    }
    if (r->flags & (QX_QF_UNCLOSED | QX_QF_MISMATCH | QX_QF_TRUNCATED)) {
        s -= 15;
    }
    return s < 0 ? 0 : s > 100 ? 100 : s;
}

/* Quote-dense text names the same few people with the same cue again and again: in
 * tests/stress.sh jsonl-line every record's "said" and "Brown" were strings of their own, a
 * tenth of its peak memory. A direct-mapped cache on the raw bytes finds the string made for
 * an earlier mention of the same bytes in constant time (fixtures/speaker/mention-gender
 * has a speaker mentioned several times; its output is unchanged). */
const char *qxp_mention_text(qxp_actx *c, size_t s, size_t e) {
    size_t n = e - s;
    if (n > QXP_MTEXT_MAX) {
        return qxp_text_clean_dup(&c->d->arena, c->text + s, n);
    }
    /* 8 bytes a step (any hash of the bytes does: equal bytes share a slot): the byte
     * loop's exit was mispredicted about once a mention. Measured on the first 200 BBC
     * lines: 51.92M -> 51.80M instructions, 872K -> 867K mispredicted branches
     * (simulated) */
    uint32_t h = qxp_bytes_hash(c->text + s, n);
    qxp_mtext *slot = &c->mtext[(h ^ (h >> 16)) & (QXP_MTEXT_SLOTS - 1)];
    if (slot->text && slot->len == n && qxp_bytes_eq(c->text + slot->start, c->text + s, n)) {
        return slot->text;
    }
    const char *t = qxp_text_clean_dup(&c->d->arena, c->text + s, n);
    if (t) {
        slot->start = (uint32_t)s; /* the text is shorter than UINT32_MAX (qx_extract) */
        slot->len = (uint32_t)n;
        slot->text = t;
    }
    return t;
}

/* qxp_free(p), then p = NULL. */
#define DROP(p) (qxp_free(p), (p) = NULL)
/* An array that starts in a local buffer (QXP_PUSH_LOCAL): freed when it left it, then
 * back in the buffer, empty */
#define DROP_LOCAL(p, local, cap, local_n)                                                     \
    ((p) != (local) ? qxp_free(p) : (void)0, (p) = (local), (cap) = (local_n))

/* Frees what attribution works with but the output does not need (tokens, quoted spans,
 * mention refs, indexes); the entities and the records stay. Idempotent. */
static void free_work(qxp_actx *c) {
    DROP(c->qs);
    DROP_LOCAL(c->refs, c->refs_local, c->cap_refs, QXP_REFS_LOCAL);
    DROP(c->title_len);
    c->tok_info = NULL; /* in title_len's block */
    DROP_LOCAL(c->pending, c->pending_local, c->cap_pending, QXP_PENDING_LOCAL);
    DROP_LOCAL(c->roles, c->roles_local, c->cap_roles, QXP_ROLES_LOCAL);
    DROP_LOCAL(c->late, c->late_local, c->cap_late, QXP_LATE_LOCAL);
    if (c->eix != c->eix_local) {
        qxp_free(c->eix);
    }
    c->eix = NULL;
    DROP_LOCAL(c->eix_nodes, c->eix_nodes_local, c->eix_nodes_cap, QXP_EIX_NODES_LOCAL);
    DROP(c->runs);
    DROP(c->runs_ix.first);
    qxp_tokens_free(&c->tk);
    c->nqs = c->n_refs = c->n_pending = c->n_roles = c->n_late = c->n_runs = 0;
    c->eix_n = c->eix_cap = c->eix_nodes_n = 0;
}

static qx_status mention_at(qxp_actx *c, size_t s, size_t e, qx_mention *m) {
    m->span.start = s;
    m->span.end = e;
    m->text = qxp_mention_text(c, s, e);
    return m->text ? QX_OK : QX_ERR_NOMEM;
}

static bool kept(const rec *r, bool all) {
    return !r->dead && (all || (r->kind != QX_KIND_TERM && r->kind != QX_KIND_BLOCK));
}

/* Moves the records to print to the front and turns their mentions' token ranges into byte
 * offsets: from here on spk.t0/t1, cue0/cue1 and addr.t0/t1 are bytes. Then the tokens and
 * the other working arrays go (free_work) before the output is built, so that the two are
 * never held at once: on quote-dense text (tests/stress.sh jsonl-line, a record every 46
 * bytes) the tokens alone were 16 bytes a token, a sixth of the peak. */
static void keep_to_bytes(qxp_actx *c, recs *rs, bool all) {
    const qxp_tok *t = c->tk.t;
    size_t n = 0;
    for (size_t i = 0; i < rs->n; i++) {
        rec *r = &rs->r[i];
        if (!kept(r, all)) {
            continue;
        }
        if (r->spk.type != QXP_NP_NONE && r->spk.t1 > r->spk.t0) {
            r->spk.t0 = t[r->spk.t0].start;
            r->spk.t1 = t[r->spk.t1 - 1].end;
        }
        if (r->cue0 != QXP_NONE) {
            r->cue0 = t[r->cue0].start;
            r->cue1 = t[r->cue1 - 1].end;
        }
        if (r->addr.type != QXP_NP_NONE && r->addr.t1 > r->addr.t0) {
            r->addr.t0 = t[r->addr.t0].start;
            r->addr.t1 = t[r->addr.t1 - 1].end;
        }
        if (n != i) {
            rs->r[n] = *r;
        }
        n++;
    }
    rs->n = n;
    free_work(c);
}

static qx_status emit(qxp_actx *c, recs *rs) {
    qx_doc *d = c->d;
    keep_to_bytes(c, rs, (d->opts & QX_OPT_ALL_KINDS) != 0);
    /* The public quotes take the records' own block, written from the back: quote i
     * (sizeof(qx_quote) >= sizeof(rec) bytes at i) never reaches a record j < i not yet
     * read, as those end by (j + 1) * sizeof(rec) <= i * sizeof(qx_quote). Each quote is
     * made in a local and copied in with memcpy, so no access through one type meets a
     * store through the other. A quote-dense text (tests/stress.sh jsonl-line) held both,
     * 380 bytes a record, at its peak. */
    _Static_assert(sizeof(qx_quote) >= sizeof(rec), "quotes are written over records");
    size_t n = rs->n;
    if (n > SIZE_MAX / sizeof(qx_quote)) {
        return QX_ERR_NOMEM;
    }
    if (n && rs->cap * sizeof(rec) < n * sizeof(qx_quote)) {
        rec *grown = qxp_realloc(rs->r, n * sizeof(qx_quote));
        if (grown == NULL) {
            return QX_ERR_NOMEM;
        }
        rs->r = grown;
        rs->cap = n * sizeof(qx_quote) / sizeof(rec);
    }
    unsigned char *block = (unsigned char *)rs->r;
    qxp_buf tb = {NULL, 0, 0, false};
    for (size_t i = n; i-- > 0;) {
        const rec *r = &rs->r[i];
        qx_quote qv, *q = &qv;
        memset(q, 0, sizeof *q);
        q->span = r->span;
        q->outer = r->outer;
        q->segments = r->segs;
        q->n_segments = r->nsegs;
        tb.len = 0;
        for (size_t s = 0; s < r->nsegs; s++) {
            if (s) {
                qxp_buf_putc(&tb, ' ');
            }
            qxp_text_clean(&tb, c->text + r->segs[s].start, r->segs[s].end - r->segs[s].start);
        }
        if (tb.failed) {
            qxp_buf_free(&tb);
            return QX_ERR_NOMEM;
        }
        q->text = qxp_arena_strndup(&d->arena, tb.data ? tb.data : "", tb.len);
        if (q->text == NULL) {
            qxp_buf_free(&tb);
            return QX_ERR_NOMEM;
        }
        q->kind = r->kind;
        q->flags = r->flags;
        q->via = r->entity == QXP_NONE ? QX_VIA_NONE : r->via;
        q->rule = r->rule;
        q->speaker_index = -1; /* the entity for now: set below, once speakers are known */
        if (r->entity != QXP_NONE) {
            qxp_entity *e = &c->ents[r->entity];
            q->speaker = e->name;
            q->speaker_index = (long)r->entity;
            e->n_quotes++;
        }
        qx_status st = QX_OK;
        if (r->spk.type != QXP_NP_NONE && r->spk.t1 > r->spk.t0) {
            st = mention_at(c, r->spk.t0, r->spk.t1, &q->speaker_mention);
        }
        if (st == QX_OK && r->cue0 != QXP_NONE) {
            st = mention_at(c, r->cue0, r->cue1, &q->cue);
            q->cue_lemma = r->lemma;
        }
        if (st == QX_OK && r->addr.type != QXP_NP_NONE && r->addr.t1 > r->addr.t0) {
            st = mention_at(c, r->addr.t0, r->addr.t1, &q->addressee);
        }
        if (st != QX_OK) {
            qxp_buf_free(&tb);
            return st;
        }
        q->sentence = qxp_sentence_at(&d->sents, q->span.start);
        q->paragraph = qxp_para_at(&d->sents, q->span.start);
        q->score = base_score(r);
        memcpy(block + i * sizeof(qx_quote), q, sizeof *q);
    }
    qxp_buf_free(&tb);
    /* the document owns the block from here (qx_doc_free) */
    d->quotes = n ? (qx_quote *)(void *)block : NULL;
    d->n_quotes = n;
    if (n == 0) {
        qxp_free(block);
    }
    rs->r = NULL;
    rs->n = rs->cap = 0;
    /* speakers: entities that say something, in order of first mention */
    size_t ns = 0;
    for (size_t e = 0; e < c->n_ents; e++) {
        ns += c->ents[e].n_quotes > 0;
    }
    d->speakers = ns ? qxp_arena_calloc(&d->arena, ns, sizeof(qx_speaker)) : NULL;
    if (ns && d->speakers == NULL) {
        return QX_ERR_NOMEM;
    }
    size_t si = 0;
    for (size_t e = 0; e < c->n_ents; e++) {
        qxp_entity *en = &c->ents[e];
        if (en->n_quotes == 0) {
            continue;
        }
        en->out_index = (long)si;
        qx_speaker *sp = &d->speakers[si++];
        sp->name = en->name;
        sp->gender = en->gender == QXP_LF_M ? 'm' : en->gender == QXP_LF_F ? 'f' : 0;
        sp->n_quotes = en->n_quotes;
        if (en->n_mentions) {
            /* in text order: they come as one or two sorted runs (the collection pass,
             * then resolution), which qxp_sort_runs merges in linear time (an entity
             * mentioned a hundred thousand times, tests/stress.sh random bytes, made a
             * sort a tenth of the run). In the document's arena already, not copied. */
            qx_status st = qxp_sort_runs(en->mentions, en->n_mentions, sizeof(qx_mention),
                                         offsetof(qx_mention, span.start));
            if (st != QX_OK) {
                return st;
            }
            sp->mentions = en->mentions;
            sp->n_mentions = en->n_mentions;
        }
        if (en->n_titles) {
            sp->titles = (const char *const *)en->titles; /* in the document's arena */
            sp->n_titles = en->n_titles;
        }
    }
    d->n_speakers = si;
    for (size_t i = 0; i < d->n_quotes; i++) {
        qx_quote *q = &d->quotes[i];
        if (q->speaker_index >= 0) {
            q->speaker_index = c->ents[q->speaker_index].out_index;
        }
    }
    return QX_OK;
}

/* "Tommy looked up. “Splendid,” he said.": a pronoun in the attribution is the person of
 * the action beat just before the quote when the genders agree, rather than whoever was
 * named last (fixtures/speaker/pronoun-gender). */
static qx_status beat_override(qxp_actx *c, rec *r) {
    if (r->q == QXP_NONE || r->clause || r->spk.type != QXP_NP_PRONOUN || r->spk.plural) {
        return QX_OK;
    }
    size_t open = qxp_tok_at(&c->tk, r->open);
    if (open >= c->tk.n) {
        return QX_OK;
    }
    qxp_np np;
    if (!beat_np(c, sent_first(c, open), &np) || np.type != QXP_NP_NAME) {
        return QX_OK;
    }
    size_t e;
    qx_via via;
    qx_status st = qxp_resolve(c, &np, &e, &via);
    if (st != QX_OK || e == QXP_NONE) {
        return st;
    }
    /* a one-word name of unknown gender that no title introduced is no sure person: in
     * 'Victory took Real to within six points. He added: "…"' the pronoun keeps its own
     * antecedent (fixtures/speaker/pronoun-org). Not in hard-wrapped books, whose
     * characters go by one name ("Tommy looked up."). */
    if (!c->hard_wrapped && qxp_entity_unsure(&c->ents[e])) {
        return QX_OK;
    }
    uint32_t g = c->ents[e].gender;
    if (!g || !r->spk.gender || g == r->spk.gender) {
        if (!g) {
            c->ents[e].gender = r->spk.gender;
        }
        r->entity = e;
    }
    return QX_OK;
}

static void free_ctx(qxp_actx *c, recs *rs) {
    free_work(c);
    qxp_free(c->ents); /* their mentions and titles are in the document's arena */
    qxp_free(rs->r);
    qxp_free(rs->qix.first);
}

qx_status qxp_attribute(const qx_model *m, qx_doc *d) {
    qxp_actx c;
    memset(&c, 0, offsetof(qxp_actx, refs_local)); /* not the local buffers */
    c.refs = c.refs_local;
    c.cap_refs = QXP_REFS_LOCAL;
    c.late = c.late_local;
    c.cap_late = QXP_LATE_LOCAL;
    c.roles = c.roles_local;
    c.cap_roles = QXP_ROLES_LOCAL;
    c.pending = c.pending_local;
    c.cap_pending = QXP_PENDING_LOCAL;
    c.eix_nodes = c.eix_nodes_local;
    c.eix_nodes_cap = QXP_EIX_NODES_LOCAL;
    c.m = m;
    c.d = d;
    c.narrator = QXP_NONE;
    c.text = d->text;
    recs rs;
    memset(&rs, 0, sizeof rs);
    qxp_qspan *all = NULL;
    size_t nall = 0;
    qx_status st = qxp_quotes_find(m, d->text, d->len, &d->sents, d->opts, &d->arena, &all, &nall);
    if (st != QX_OK) {
        return st;
    }
    c.qs = all; /* owned from here: free_ctx frees it */
    /* marks inside markup are attributes, not quotes: <img alt="A photo"> */
    qx_span *mk = NULL;
    size_t nmk = 0;
    if ((st = qxp_markup_find(m, d, &mk, &nmk)) != QX_OK) {
        goto done;
    }
    for (size_t i = 0, k = 0; i < nall && nmk; i++) {
        while (k < nmk && mk[k].end <= all[i].open_start) {
            k++;
        }
        if (k < nmk && mk[k].start <= all[i].open_start) {
            all[i].depth = 1; /* dropped below, with the nested spans */
        }
    }
    qxp_free(mk);
    /* top-level spans only: nested quotes stay part of their quote's text. Compacted in
     * place, as nothing else reads the nested ones (a copy was 88 bytes per quote: 5% of
     * the peak memory of quote-dense text, tests/stress.sh jsonl-line) */
    for (size_t i = 0; i < nall; i++) {
        if (all[i].depth == 0) {
            all[c.nqs++] = all[i];
        }
    }
    if ((st = qxp_tokenize(m, d->text, d->len, &d->sents, c.qs, c.nqs, &c.tk)) != QX_OK) {
        goto done;
    }
    if ((st = sentence_bounds(&c)) != QX_OK) {
        goto done;
    }
    c.title_len = c.tk.n ? qxp_malloc(2 * c.tk.n) : NULL;
    if (c.tk.n && c.title_len == NULL) {
        st = QX_ERR_NOMEM;
        goto done;
    }
    if (c.title_len) {
        memset(c.title_len, 0xFF, c.tk.n);
        c.tok_info = c.title_len + c.tk.n;
        qxp_tok_facts(&c);
    }
    c.hard_wrapped = hard_wrapped(&c);
    if ((st = qxp_entities_collect(&c)) != QX_OK) {
        goto done;
    }
    for (size_t i = 0; i < c.nqs; i++) {
        const qxp_qspan *q = &c.qs[i];
        if (q->end <= q->start) {
            continue; /* empty quotes ("") say nothing */
        }
        rec *r = new_rec(&rs, &st);
        if (r == NULL) {
            goto done;
        }
        r->q = i;
        r->span.start = q->start;
        r->span.end = q->end;
        r->outer.start = q->open_start;
        r->open = q->open_start;
        r->outer.end = q->close_end > q->end ? q->close_end : q->end;
        r->segs = q->pieces;
        r->nsegs = q->n_pieces;
        r->flags = q->flags;
        r->para = qxp_para_at(&d->sents, q->start);
        /* the opening mark's token and the one after the closing mark, found once for
         * attribute_quote and quote_kind (which also step from them to the content's first
         * token and the closing mark's) instead of up to five binary searches a quote
         * (qxp_tok_at; see find_indirect for the measure) */
        size_t open = qxp_tok_at(&c.tk, q->open_start);
        size_t after = qxp_tok_at(&c.tk, q->close_end > q->end ? q->close_end : q->end);
        attribute_quote(&c, r, open, after);
        r->kind = quote_kind(&c, r, open, after);
        if (r->kind == QX_KIND_TERM) {
            memset(&r->spk, 0, sizeof r->spk);
            r->cue0 = r->cue1 = QXP_NONE;
            memset(&r->addr, 0, sizeof r->addr);
        }
    }
    rs.nq = rs.n;
    /* merge_split and find_indirect keep the quotes' starts and order (they only extend a
     * quote's end, mark one dead or append) */
    if ((st = qxp_bindex_build(&rs.qix, NULL, rs.r, rs.nq, d->len, 8, quote_before)) != QX_OK ||
        (st = merge_split(&c, &rs)) != QX_OK) {
        goto done;
    }
    /* nothing reads the quoted spans after this (a record keeps its opening mark, r->open):
     * freed before the search for reported speech and the sort, the moment of the peak
     * memory on quote-dense text (tests/stress.sh jsonl-line: 56 bytes a quote) */
    DROP(c.qs);
    c.nqs = 0;
    if (!(d->opts & QX_OPT_NO_INDIRECT) && (st = find_indirect(&c, &rs)) != QX_OK) {
        goto done;
    }
    if ((st = sort_recs(&rs)) != QX_OK) {
        goto done;
    }
    /* resolve names, titles and roles first, then collect every mention of the entities
     * now known ("Tommy nodded."), then pronouns, which look back at those mentions */
    for (int pass = 0; pass < 2; pass++) {
        if ((st = qxp_refs_settle(&c)) != QX_OK) {
            goto done;
        }
        if (pass == 1 && ((st = qxp_entities_recollect(&c)) != QX_OK ||
                          (st = qxp_refs_settle(&c)) != QX_OK)) {
            goto done;
        }
        if (pass == 1) {
            qxp_role_genders(&c);
        }
        for (size_t i = 0; i < rs.n; i++) {
            rec *r = &rs.r[i];
            if (r->dead || (r->spk.type == QXP_NP_PRONOUN) != (pass == 1)) {
                continue;
            }
            if (pass == 0 && r->addr.type != QXP_NP_NONE) {
                size_t e;
                qx_via via;
                if ((st = qxp_resolve(&c, &r->addr, &e, &via)) != QX_OK) {
                    goto done;
                }
                if (e != QXP_NONE && (st = qxp_entity_mention(&c, e, r->addr.t0, r->addr.t1,
                                                               false, true, false)) != QX_OK) {
                    goto done;
                }
            }
            if (r->spk.type == QXP_NP_NONE) {
                continue;
            }
            if ((st = qxp_resolve(&c, &r->spk, &r->entity, &r->via)) != QX_OK) {
                goto done;
            }
            if (pass == 1 && (st = beat_override(&c, r)) != QX_OK) {
                goto done;
            }
            if (r->entity != QXP_NONE && r->spk.type != QXP_NP_PRONOUN &&
                (st = qxp_entity_mention(&c, r->entity, r->spk.t0, r->spk.t1,
                                         qxp_opens_sentence(&c, r->spk.t0), false,
                                         true)) !=
                    QX_OK) {
                goto done;
            }
        }
    }
    if ((st = qxp_refs_settle(&c)) != QX_OK) {
        goto done;
    }
    carry_over(&c, &rs);
    name_narrator(&c, &rs);
    if (narrative_fiction(&c, &rs)) {
        /* in a novel, a quoted fragment inside narration is a word or a title being
         * mentioned, not reported speech */
        for (size_t i = 0; i < rs.n; i++) {
            rs.r[i].dead |= rs.r[i].kind == QX_KIND_INDIRECT;
            if (rs.r[i].kind == QX_KIND_MIXED) {
                rs.r[i].kind = QX_KIND_TERM;
            }
        }
    }
    if ((d->opts & QX_OPT_ALL_KINDS) && (st = find_blocks(&c, &rs)) != QX_OK) {
        goto done;
    }
    if ((st = sort_recs(&rs)) != QX_OK) {
        goto done;
    }
    st = emit(&c, &rs);
done:
    free_ctx(&c, &rs);
    return st;
}
