/*
 * attrib.h - attribution: quoted spans and reported speech -> records with cue, speaker
 * mention, canonical speaker, kind and score. Private to the library.
 *
 * attrib.c finds cues and the mentions next to them and builds the records (direct, split,
 * multi-paragraph, mixed, indirect, block, term); speaker.c parses noun phrases (names with
 * titles and honorifics, roles, groups, pronouns) and resolves mentions to one entity per
 * person per document.
 */
#ifndef QXP_ATTRIB_H
#define QXP_ATTRIB_H

#include "doc.h"
#include "token.h"

#define QXP_NONE ((size_t)-1)
/* Longest noun phrase parsed, in tokens: "former Kremlin deputy chief of staff Dmitry Peskov"
 * fits; it bounds the work per cue on hostile input ("Mr. Mr. Mr. …", fixtures/robust/
 * mr-abbrev) so that attribution stays linear. */
#define QXP_NP_MAX_TOKENS 12
/* Entity lookups consider the latest 1024 entities of a document (a news article names a
 * few dozen people; a novel's excerpt a few hundred): bounded work per mention. */
#define QXP_ENTITY_WINDOW 1024

/* What a noun phrase is. */
typedef enum qxp_nptype {
    QXP_NP_NONE,
    QXP_NP_NAME,    /* a proper name, maybe with titles/honorifics: "Kremlin spokesman Dmitry Peskov" */
    QXP_NP_TITLE,   /* a title without a name: "Kremlin spokesman", "the minister" */
    QXP_NP_GROUP,   /* an organization or group: "police", "the Kremlin" */
    QXP_NP_PRONOUN, /* he, she, they, I, we */
    QXP_NP_COMMON   /* another definite noun phrase: "the parson", "the man" (fiction) */
} qxp_nptype;

/* Token indices are 32-bit, as in qxp_tok (qx_extract refuses texts of 4 GiB and more):
 * a record holds two phrases, and 100 MiB of back-to-back quotes holds 2 million records. */
typedef struct qxp_np {
    uint32_t t0, t1;   /* token range [t0, t1) of the whole phrase */
    uint32_t n0, n1;   /* the name part (NAME), else == t0,t1 minus a determiner */
    qxp_nptype type;
    uint32_t gender;   /* QXP_LF_M, QXP_LF_F or 0 */
    bool plural;
    bool gender_sure;  /* the gender comes from an honorific ("Mrs"), not a name or title */
} qxp_np;

/* A person or group of the document. */
typedef struct qxp_entity {
    char *name;           /* canonical */
    size_t name_len;
    size_t surname_t;     /* token of the surname in the fullest mention, or QXP_NONE */
    uint32_t name_hash;   /* hashes of the casefolded full name, surname and first name: */
    uint32_t last_hash;   /* compared before any string comparison */
    uint32_t first_hash;
    uint32_t gender;
    bool gender_sure;     /* that gender came from an honorific ("Mrs Howard") */
    bool group, person;
    bool placeholder;     /* an unresolved pronoun standing for its speaker ("he") */
    bool narrator;        /* the first-person narrator ("I said") */
    bool named_speaker;   /* named as the speaker of a quote (attrib.c name_narrator) */
    qx_mention *mentions;
    size_t n_mentions, cap_mentions;
    char **titles;
    size_t n_titles, cap_titles;
    size_t n_quotes;
    size_t first_off;     /* where it is first mentioned */
    long out_index;       /* index in the public speaker list, -1 if it says nothing */
} qxp_entity;

/* A one-word name of unknown gender that no title introduced: a company or a country as
 * often as a person ("Nokia", "Victory"; not "Deco", introduced as "Barca midfielder
 * Deco"), so no sure antecedent of "he" or "she" (speaker.c antecedent, attrib.c
 * beat_override). */
static inline bool qxp_entity_unsure(const qxp_entity *e) {
    return !e->gender && e->n_titles == 0 && memchr(e->name, ' ', e->name_len) == NULL;
}

/* The entity index's slot and chain node (speaker.c find_name_entity). */
typedef struct qxp_eslot {
    uint32_t hash;
    uint32_t kind; /* 0 = empty slot, else the kind + 1 */
    uint32_t head; /* first node + 1 */
} qxp_eslot;

typedef struct qxp_enode {
    uint32_t ent;  /* entity index */
    uint32_t next; /* next node + 1 (a lower entity index), 0 at the end */
} qxp_enode;

/* The first items of attribution's working arrays, in the context (QXP_PUSH_LOCAL). On the
 * first 200 BBC lines an article had at most 33 mention refs, 49 names to check again, 45
 * index nodes and 44 used index slots (medians 10, 13, 9 and 9; the index grows at half
 * full); roles and out-of-order refs are few. */
enum {
    QXP_REFS_LOCAL = 64,
    QXP_LATE_LOCAL = 16,
    QXP_ROLES_LOCAL = 16,
    QXP_PENDING_LOCAL = 32,
    QXP_EIX_NODES_LOCAL = 64,
    QXP_EIX_LOCAL = 64 /* a power of two, as eix_cap */
};

/* A mention found in the text and the entity it refers to. */
typedef struct qxp_mref {
    uint32_t t0, t1; /* tokens (fewer than 2^32: the text is, qx_extract) */
    uint32_t entity; /* 16 bytes a ref instead of 32: quote-dense text has one or two a
                        record (tests/stress.sh jsonl-line) */
    bool subject;    /* stands before a cue or as a sentence subject */
    bool addressee;  /* the object of "told" */
    bool speaker;    /* the speaker phrase of a quote or reported statement */
} qxp_mref;

/* A cached mention text (qxp_mention_text): the raw bytes it was made from, by offset. */
typedef struct qxp_mtext {
    uint32_t start, len;
    const char *text; /* NULL: the slot is empty */
} qxp_mtext;

#define QXP_MTEXT_SLOTS 128 /* a power of two */
#define QXP_MTEXT_MAX   64  /* longer mentions are not cached */

/* Working state of one document's attribution. */
typedef struct qxp_actx {
    const qx_model *m;
    qx_doc *d;
    const char *text;
    qxp_tokens tk;
    qxp_qspan *qs; /* top-level quoted spans */
    size_t nqs;
    qxp_entity *ents;
    size_t n_ents, cap_ents;
    qxp_mref *refs; /* person/group mentions in text order */
    size_t n_refs, cap_refs;
    qxp_mref *late; /* mentions found out of text order, merged by qxp_refs_settle */
    size_t n_late, cap_late;
    uint32_t *runs;     /* first token of each run of one sentence in one paragraph */
    size_t n_runs;
    qxp_bindex runs_ix; /* run_of's block index (long texts only), blocks of 64 tokens */
    uint8_t *title_len; /* per token: length of the title starting there, 0xFF = unknown */
    uint8_t *tok_info;  /* per token: speaker.c's word facts (tok_info), 0 = unknown; in
                         * title_len's block */
    size_t narrator;    /* the first-person narrator's entity, or QXP_NONE */
    qxp_np *pending;    /* names without a person signal, checked again after resolution */
    size_t n_pending, cap_pending;
    bool hard_wrapped;  /* the text is a hard-wrapped plain-text book (attrib.c) */
    qxp_np *roles;      /* role phrases of the collection pass, resolved after it */
    size_t n_roles, cap_roles;
    qxp_eslot *eix; /* entity names by hash (speaker.c find_name_entity) */
    size_t eix_n, eix_cap; /* used slots; slots (a power of two, or 0) */
    qxp_enode *eix_nodes; /* the chains of entities under each hash */
    size_t eix_nodes_n, eix_nodes_cap;
    bool eix_off;          /* the index is off: lookups scan */
    qxp_mtext mtext[QXP_MTEXT_SLOTS]; /* mention texts by a hash of their bytes */
    /* the buffers the arrays above start in (qxp_attribute does not zero them): each
     * array was a malloc, reallocs and a free for every document, about 6 of the 19
     * allocations a BBC article made */
    qxp_mref refs_local[QXP_REFS_LOCAL];
    qxp_mref late_local[QXP_LATE_LOCAL];
    qxp_np roles_local[QXP_ROLES_LOCAL];
    qxp_np pending_local[QXP_PENDING_LOCAL];
    qxp_enode eix_nodes_local[QXP_EIX_NODES_LOCAL];
    qxp_eslot eix_local[QXP_EIX_LOCAL];
} qxp_actx;

/* A hash of the n bytes s, 8 bytes a step (speaker.c fh_bytes, as they are). */
QXP_PRIVATE uint32_t qxp_bytes_hash(const char *s, size_t n);

/* The clean text (qxp_text_clean_dup) of c->text[s, e), in the document's arena; the same
 * bytes mentioned again share one string. NULL when out of memory. */
QXP_PRIVATE const char *qxp_mention_text(qxp_actx *c, size_t s, size_t e);

/* Runs attribution on d (text and sentences set): fills d->quotes and d->speakers. */
QXP_PRIVATE qx_status qxp_attribute(const qx_model *m, qx_doc *d);

/* ---- speaker.c ------------------------------------------------------------------------- */

/* Parses the noun phrase that ends just before token `end` (backward) or starts at token
 * `start` (forward), never crossing quoted text or sentence-ending punctuation. */
QXP_PRIVATE bool qxp_np_before(const qxp_actx *c, size_t end, qxp_np *out);
QXP_PRIVATE bool qxp_np_after(const qxp_actx *c, size_t start, qxp_np *out);
/* The phrase of tokens [t0, t1), classified as qxp_np_after does its phrases. */
QXP_PRIVATE void qxp_classify(const qxp_actx *c, qxp_np *np, size_t t0, size_t t1);

/* The phrase starting at token t0 opens its sentence, as its subject, which a later "he"
 * looks for first: t0 starts the sentence, or in news only a conjunction ("But Larne boss
 * Jimmy McGeough has yet to confirm …") or an opening phrase and its comma ("Reacting to a
 * comment by …, Lindsay Davis said") come before it (fixtures/speaker/conj-subject). */
QXP_PRIVATE bool qxp_opens_sentence(const qxp_actx *c, size_t t0);

/* A sentence adverb that may stand between a subject and its verb ("meanwhile", "however",
 * "itself"). */
QXP_PRIVATE bool qxp_sentence_adverb(const qxp_actx *c, size_t i);
/* The end of the time phrase starting at token i and ending by lim ("on Monday", "last
 * year", "earlier in the week", "in September this year"); i when there is none. */
QXP_PRIVATE size_t qxp_time_phrase_end(const qxp_actx *c, size_t i, size_t lim);
/* The start of the longest time phrase (at most 6 tokens, not before lo) ending just
 * before token e; e when there is none. */
QXP_PRIVATE size_t qxp_time_phrase_start(const qxp_actx *c, size_t e, size_t lo);
/* Where the subject starts in the sentence opening at s0 (before lim): after an opening
 * conjunction and a time phrase with or without its comma ("And last week", "On Monday,",
 * "Yesterday", "Later", "But"); s0 when the sentence opens with neither. */
QXP_PRIVATE size_t qxp_opener_end(const qxp_actx *c, size_t s0, size_t lim);

/* A lower-case past-tense verb form at token i: "-ed" of five letters or more, or a common
 * irregular one ("felt", "took"). */
QXP_PRIVATE bool qxp_past_form(const qxp_actx *c, size_t i);

/* Facts of each token that the scans over all tokens test, in the high bits of the per-token
 * byte c->tok_info (its low bits are speaker.c's cached facts, filled on demand): */
enum {
    QXP_TF_CAND = 0x10,    /* a usable word that may start a mention (qxp_entities_collect):
                            * capitalized, a title, a group word or a QXP_TF_DETSTART */
    QXP_TF_CUE = 0x20,     /* a usable token whose word may start a cue: a reporting verb or
                            * a cue phrase (attrib.c next_cue_word) */
    QXP_TF_DETSTART = 0x40 /* a usable determiner before a one-word title or opening its
                            * sentence: "the doctor", "The ..." */
};
/* Sets c->tok_info (c->tk.n bytes) to the QXP_TF_* facts of each token, all else unknown. */
QXP_PRIVATE void qxp_tok_facts(qxp_actx *c);

/* The first token from i before e whose c->tok_info byte has the bit `bit`, else e: eight
 * bytes a step where the first-flagged-byte test exists, so that the scans take one branch
 * per eight tokens without the fact instead of one per token, whose outcome changed from
 * token to token. Measured on the first 200 BBC lines (qxp_entities_collect and
 * next_cue_word): 53.00M -> 52.59M instructions, 873K -> 865K mispredicted branches
 * (simulated); 0.0899 -> 0.0888 s whole-process time on the BBC corpus (fastest of 60
 * interleaved runs). */
static inline size_t qxp_tf_next(const qxp_actx *c, size_t i, size_t e, unsigned bit) {
    const uint8_t *ti = c->tok_info;
#ifdef QXP_FIRST_FLAGGED
    for (; i + 8 <= e; i += 8) {
        uint64_t x;
        memcpy(&x, ti + i, 8);
        x &= QXP_REP8(bit);
        if (x) {
            return i + QXP_FIRST_FLAGGED(x);
        }
    }
#endif
    while (i < e && !(ti[i] & bit)) {
        i++;
    }
    return i;
}

/* Collects the named mentions of the whole document (names with a person signal, titles,
 * groups) into entities. Call once, before resolving. */
QXP_PRIVATE qx_status qxp_entities_collect(qxp_actx *c);

/* Index of the first ref whose first token is >= t. */
QXP_PRIVATE size_t qxp_refs_from(const qxp_actx *c, size_t t);
/* Merges the mentions recorded out of text order into the sorted refs. */
QXP_PRIVATE qx_status qxp_refs_settle(qxp_actx *c);

/* Registers the pending names of the collection pass that now match a known entity. */
QXP_PRIVATE qx_status qxp_entities_recollect(qxp_actx *c);

/* Gives a role of unknown gender the gender of a "he"/"she" opening the next sentence of
 * its paragraph when it was the subject of the sentence before. Call once the refs are
 * settled, before pronouns are resolved. */
QXP_PRIVATE void qxp_role_genders(qxp_actx *c);

/* Resolves a speaker phrase to an entity index (QXP_NONE if none); creates entities for new
 * names, titles and groups. `via` receives how. Pronouns resolve to the most salient earlier
 * compatible entity. */
QXP_PRIVATE qx_status qxp_resolve(qxp_actx *c, const qxp_np *np, size_t *entity, qx_via *via);

/* Records that entity e was mentioned at tokens [t0, t1) as a speaker or addressee. */
QXP_PRIVATE qx_status qxp_entity_mention(qxp_actx *c, size_t e, size_t t0, size_t t1,
                                         bool subject, bool addressee, bool speaker);

/* The entity a quote addresses by name: “I think, Watson, that you …”, “Tommy, you’re
 * stony!”, “…, Turkey.” — content range [start, end); QXP_NONE when none. Only a known
 * entity, a given name or a name after an honorific counts ("Aye," and "Quick!" do not). */
QXP_PRIVATE size_t qxp_vocative(qxp_actx *c, size_t start, size_t end);

/* The entity a first-person narrator names themself as, in narration (outside quotes):
 * "I called myself Pip", "My name is John Carter", "Call me Ishmael." opening a sentence;
 * QXP_NONE when the text has none. A name a character gives inside a quote does not count. */
QXP_PRIVATE size_t qxp_self_named(qxp_actx *c);

/* Sets entity e's canonical name. */
QXP_PRIVATE void qxp_entity_rename(qxp_actx *c, size_t e, char *name);

/* The longest entry of kind k of two or more words starting at word token i ("according
 * to", "Kremlin spokesman"): its length in tokens, 0 when none, and the entry in *out.
 * Entries with any of the flags skip do not count. With poss, each word is read without a
 * possessive 's and a possessive word ends the entry ("the party leader's" -> "party
 * leader"). (inline: most calls end at the first test. An entry has two words or more, so
 * the word after i must be a usable word that occurs inside an entry of kind k, else the
 * search (qxp_multi_at_slow, speaker.c) copied word i and stopped: "said" is followed by
 * "Peskov" far more often than by "on". Measured on the first 200 BBC lines: 70.85M ->
 * 70.43M instructions.) */
QXP_PRIVATE size_t qxp_multi_at_slow(const qxp_actx *c, size_t i, qxp_lexkind k, bool poss,
                                     uint32_t skip, const qxp_lexent **out);
static inline size_t qxp_multi_at(const qxp_actx *c, size_t i, qxp_lexkind k, bool poss,
                                  uint32_t skip, const qxp_lexent **out) {
    const qxp_winfo *w = qxp_tok_wi(&c->tk, i);
    if (w == NULL || !(w->multi & (1u << k)) || i + 1 >= c->tk.n ||
        (c->tk.t[i + 1].flags & (QXP_T_INQ | QXP_T_QMARK)) ||
        !(c->tk.t[i + 1].flags & QXP_T_WORD) || !qxp_tok_inner(&c->tk, i + 1, k)) {
        return 0;
    }
    return qxp_multi_at_slow(c, i, k, poss, skip, out);
}

/* True when the word token i equals (case-insensitively) the lower-case ASCII string w
 * (inline: with a literal w the length test is a constant compare, and most calls end
 * there; narrator detection calls it on every token of a document). */
static inline bool qxp_tok_word(const qxp_actx *c, size_t i, const char *w) {
    if (i >= c->tk.n || !(c->tk.t[i].flags & QXP_T_WORD)) {
        return false;
    }
    size_t n = strlen(w);
    if (c->tk.t[i].end - c->tk.t[i].start != n) {
        return false;
    }
    const char *s = c->text + c->tk.t[i].start;
    for (size_t k = 0; k < n; k++) {
        char a = s[k];
        if (a >= 'A' && a <= 'Z') {
            a = (char)(a + 32);
        }
        if (a != w[k]) {
            return false;
        }
    }
    return true;
}
/* A closed list of lower-case words with their lengths, ended by {NULL, 0}. */
typedef struct qxp_wordlist {
    const char *w;
    size_t n;
} qxp_wordlist;
#define QXP_W(s) {s, sizeof s - 1}

/* True when word token i is (case-insensitively) one of the words of list: the lengths are
 * compared first, so that most tokens cost a few compares. */
/* The stop at token i ('.', '!' or '?') ends its sentence, as the splitter decided: the text
 * ends after it or, past closing marks, a sentence or paragraph starts. An abbreviation's
 * period inside a sentence ends nothing: '"…," Elizabeth Warren, D-Mass., said', "Mr.
 * Smith" (fixtures/attrib/abbrev-appositive, fixtures/speaker/title-period). */
static inline bool qxp_stop_ends_sentence(const qxp_actx *c, size_t i) {
    size_t j = i + 1;
    while (j < c->tk.n && (c->tk.t[j].flags & QXP_T_QMARK) &&
           !(c->tk.t[j].flags & (QXP_T_SENT | QXP_T_PARA))) {
        j++;
    }
    return j >= c->tk.n || (c->tk.t[j].flags & (QXP_T_SENT | QXP_T_PARA)) != 0;
}

static inline bool qxp_word_in(const qxp_actx *c, size_t i, const qxp_wordlist *list) {
    if (i >= c->tk.n || !(c->tk.t[i].flags & QXP_T_WORD)) {
        return false;
    }
    size_t n = c->tk.t[i].end - c->tk.t[i].start;
    const char *s = c->text + c->tk.t[i].start;
    for (; list->w; list++) {
        if (list->n != n) {
            continue;
        }
        size_t k = 0;
        while (k < n && (char)(s[k] | 0x20) == list->w[k]) {
            k++;
        }
        if (k == n) {
            return true;
        }
    }
    return false;
}

/* True when token i is at least min bytes long and ends with the lower-case suffix: the
 * shape test for "-ly" adverbs and "-ed" verbs (inline: with a literal suffix the compiler
 * reduces it to a length test and a two- or three-byte compare). */
static inline bool qxp_tok_ends(const qxp_actx *c, size_t i, size_t min, const char *suffix) {
    size_t n = c->tk.t[i].end - c->tk.t[i].start, k = strlen(suffix);
    return n >= min && n >= k && qxp_bytes_eq(c->text + c->tk.t[i].end - k, suffix, k);
}

/* A determiner or quantifier at token i: the, a, some, his (a closed word class). */
static inline bool qxp_is_det(const qxp_actx *c, size_t i) {
    return (qxp_tok_cls(&c->tk, i) & QXP_W_DET) != 0;
}

/* Lexicon entry of word token i, its possessive 's stripped. */
QXP_PRIVATE const qxp_lexent *qxp_tok_lex_exact(const qxp_actx *c, size_t i, qxp_lexkind k);
/* (inline: it is the most called function of attribution; the case-insensitive kinds were
 * looked up once per token at tokenization) */
/* (always inlined: at its 60-odd call sites gcc stopped inlining it in some hot
 * ones, org_word's among them; 53.52M -> 53.05M instructions on the first 200 BBC lines) */
__attribute__((always_inline)) static inline const qxp_lexent *
qxp_tok_lex(const qxp_actx *c, size_t i, qxp_lexkind k) {
    if (i >= c->tk.n || !(c->tk.t[i].flags & QXP_T_WORD)) {
        return NULL;
    }
    if (c->m->lex[k].folded) {
        const qxp_winfo *w = qxp_tok_wi(&c->tk, i);
        return w ? w->ent[k] : NULL;
    }
    return qxp_tok_lex_exact(c, i, k);
}

#endif
