/*
 * lexicon.h - the model: lexicon files parsed into hash tables, plus limits.
 *
 * A lexicon file (lexicons/<lang>/<kind>.txt) starts with the line "#!qx-lexicon 1 <kind>",
 * then holds one entry a line: FIELD1[<TAB>FIELD2[<TAB>FLAGS]] where FLAGS is a comma list of
 * the names in qxp_lex_flag_names. '#' starts a comment only in column 1; blank lines are
 * skipped. Lookups are exact (case-sensitive kinds) or through casefolding (the rest).
 */
#ifndef QXP_LEXICON_H
#define QXP_LEXICON_H

#include "internal.h"

typedef enum qxp_lexkind {
    QXP_LEX_VERBS,         /* said<TAB>say<TAB>inv,speech: reporting verbs, every inflection */
    QXP_LEX_PHRASES,       /* according to<TAB>according to<TAB>...: multi-word cues */
    QXP_LEX_TITLES,        /* spokesman<TAB><TAB>role / President<TAB><TAB>prefix */
    QXP_LEX_HONORIFICS,    /* Mr<TAB><TAB>m / Mrs<TAB><TAB>f (with or without the period) */
    QXP_LEX_ABBREVIATIONS, /* Inc.<TAB><TAB>final: case-sensitive, with the period */
    QXP_LEX_PRONOUNS,      /* he<TAB><TAB>m,sg,subj */
    QXP_LEX_NONNAMES,      /* The: capitalized words that do not start a name; case-sensitive */
    QXP_LEX_QUOTE_MARKS,   /* “<TAB>”<TAB>double: opening mark, closing mark, family */
    QXP_LEX_GIVEN_NAMES,   /* mary<TAB><TAB>f: given names with their usual gender */
    QXP_LEX_GROUPS,        /* police<TAB><TAB>group: nouns for organizations that speak */
    QXP_LEX_COUNT
} qxp_lexkind;

/* Entry flags, named in the lexicon files' third field (see qxp_lex_flag_names). */
enum {
    QXP_LF_INV = 1u << 0,     /* verb may precede its subject: "said Peskov" */
    QXP_LF_OBJ = 1u << 1,     /* verb takes an addressee object: "told reporters" */
    QXP_LF_SPEECH = 1u << 2,  /* verb class: speech (say, add) */
    QXP_LF_CLAIM = 1u << 3,   /* verb class: claim (allege, insist) */
    QXP_LF_ASK = 1u << 4,     /* verb class: question (ask, wonder) */
    QXP_LF_WRITE = 1u << 5,   /* verb class: writing (write, tweet) */
    QXP_LF_PREFIX = 1u << 6,  /* title that stands before a name: "President Trump" */
    QXP_LF_ROLE = 1u << 7,    /* title usable alone as a role: "the spokesman said" */
    QXP_LF_FINAL = 1u << 8,   /* abbreviation that may also end a sentence: "Inc." */
    QXP_LF_M = 1u << 9,       /* masculine */
    QXP_LF_F = 1u << 10,      /* feminine */
    QXP_LF_SG = 1u << 11,     /* singular */
    QXP_LF_PL = 1u << 12,     /* plural */
    QXP_LF_SUBJ = 1u << 13,   /* pronoun in subject form (may be a speaker) */
    QXP_LF_GROUP = 1u << 14,  /* a group or organization */
    QXP_LF_PAST = 1u << 15,   /* verb form is past tense or participle */
    QXP_LF_THAT = 1u << 16,   /* verb introduces reported speech with a that-clause */
    QXP_LF_NOUN = 1u << 17,   /* cue noun: "statement", "remarks" */
    QXP_LF_DOUBLE = 1u << 18, /* quote-mark family: double marks */
    QXP_LF_SINGLE = 1u << 19, /* quote-mark family: single marks */
    QXP_LF_NUMBER = 1u << 20, /* abbreviation that precedes a number: "No. 5", "p. 55" */
    QXP_LF_PLACE = 1u << 21   /* title word only after a capitalized place or body: "Kremlin" */
};

typedef struct qxp_lexent {
    const char *key;  /* field 1 as written (NFC) */
    const char *val;  /* field 2 ("" when absent) */
    const char *fkey; /* the lookup key: key, casefolded for case-insensitive kinds */
    uint32_t keylen, vallen, fkeylen;
    uint32_t flags; /* QXP_LF_* */
    uint32_t line;  /* line in its file, for messages */
} qxp_lexent;

/* A lexicon table's filter: 2048 bits (256 bytes) picked by the top 11 bits of the key's
 * hash. */
#define QXP_LEX_FILTER_BITS  2048u
#define QXP_LEX_FILTER_SHIFT 21

/* The model's table of quotation marks, built and read by quotespan.c. */
typedef struct qxp_marktab qxp_marktab;

typedef struct qxp_lextab {
    qxp_lexent *ents; /* in file order */
    size_t n;
    uint32_t *slots; /* open addressing: entry index + 1, 0 = empty */
    size_t nslots;   /* power of two */
    bool folded;     /* keys are casefolded for lookup */
    size_t maxwords; /* most space-separated words in one key (phrases, titles) */
    /* bit (hash >> QXP_LEX_FILTER_SHIFT) set for each key's hash: a clear bit answers "no"
     * without reading the slots and entries (see lexicon.c table_find) */
    uint64_t filter[QXP_LEX_FILTER_BITS / 64];
} qxp_lextab;

/* Everything the lexicons say about one word (casefolded), looked up once per token: the
 * single-word entry of each case-insensitive kind, and which kinds have multi-word entries
 * starting with this word ("according" -> phrases, "prime" -> titles). */
/* Closed word classes (qxp_winfo.cls), built into the model (lexicon.c closed_words). */
enum {
    QXP_W_DET = 1u << 0,      /* determiner before a noun phrase: the, a, his, this */
    QXP_W_FUNC = 1u << 1,     /* function word that ends a short noun phrase: and, of, who */
    QXP_W_AUX = 1u << 2,      /* auxiliary or adverb between subject and verb: has, also */
    QXP_W_PARTICLE = 1u << 3, /* lowercase particle inside names: van, bin, de */
    QXP_W_OPENER = 1u << 4,   /* may open a reported clause: the, he, some, there */
    QXP_W_TIME = 1u << 5,     /* day or month: "On Wednesday Prime Minister …" */
    QXP_W_FINITE = 1u << 6,   /* finite auxiliary: was, were, is, had, would, could */
    QXP_W_MINOR = 1u << 7     /* four-letter preposition a title keeps lower case: with */
};

/* 128 bytes, the fields padded in a union: a token's entry (token.h qxp_tok_wi, inline in
 * attribution's many lookups) is found with a shift instead of a multiplication by 112.
 * Measured on the first 200 BBC lines: 65.55M -> 65.18M instructions (3,115 words of the
 * built-in lexicons: 50 KB more). */
typedef union qxp_winfo {
    struct {
        const qxp_lexent *ent[QXP_LEX_COUNT];
        uint32_t multi; /* bit k: kind k has a multi-word entry starting with this word */
        uint32_t inner; /* bit k: this word occurs after the first in a multi-word entry of k */
        uint32_t cls;   /* QXP_W_* closed classes */
        const char *fkey;
        uint32_t fkeylen;
    };
    unsigned char size_[128];
} qxp_winfo;

/* A word's facts that the tokenizer and attribution ask of nearly every token (token.c,
 * speaker.c qxp_tok_facts and tok_info_fill, attrib.c phrase_may_start), two bytes a word in
 * a dense array (m->wfacts: 6 KB for the built-in lexicons), where reading them from each
 * word's 128-byte qxp_winfo most often missed the L1 cache. */
enum {
    QXP_WF_TITLE1 = 1u << 0, /* a one-word title entry: "minister" */
    QXP_WF_TITLE = 1u << 1,  /* a title entry or the first word of one: "prime" */
    QXP_WF_GROUP = 1u << 2,  /* a group entry: "police" */
    QXP_WF_CUE = 1u << 3,    /* a reporting verb or a cue phrase's word: "said", "according" */
    QXP_WF_DET = 1u << 4,    /* a determiner (QXP_W_DET): "the" */
    QXP_WF_NONNAME = 1u << 5, /* has a nonnames entry: "the" (the tokenizer's test, token.c) */
    /* speaker.c tok_info_fill's: */
    QXP_WF_VERB = 1u << 6,      /* a reporting verb entry: "said" */
    QXP_WF_PRONOUN = 1u << 7,   /* a pronoun entry: "she" */
    QXP_WF_HONORIFIC = 1u << 8, /* an honorific entry: "mr" */
    QXP_WF_GIVEN = 1u << 9,     /* a given-name entry: "emily" */
    QXP_WF_TIME = 1u << 10,     /* a day or month (QXP_W_TIME): "monday" */
    QXP_WF_PHRASE = 1u << 11,   /* a cue phrase entry or its first word: "according" */
    QXP_WF_FUNC = 1u << 12,     /* a function word (QXP_W_FUNC): "with", "for", "and" */
    /* the gender of a given-name entry (its QXP_LF_M, QXP_LF_F): speaker.c given_gender,
     * asked of each name found, read the entry itself, most often a cache miss (12% of
     * classify's samples in perf on 8 copies of the curly BBC corpus) */
    QXP_WF_GIVEN_M = 1u << 13, /* "john" */
    QXP_WF_GIVEN_F = 1u << 14  /* "mary" */
};

/* A slot of the merged word table: the folded key's first 8 bytes (zero past its end, as
 * memcpy loads them) and its length beside the word's index + 1 (0 = empty). A probe decides
 * most words from the slot alone: a word of up to 8 bytes (4 in 5 of the lexicons' words,
 * "said", "minister") is the slot's word exactly when the 8 bytes and the length match, and
 * a longer one ("spokeswoman") reads its word's key only when they do. */
typedef struct qxp_wslot {
    uint64_t key8;
    uint32_t len, idx;
} qxp_wslot;

/* The word filter's size in bits: 4 KiB, which stays in the L1 cache beside the text. */
#define QXP_WFILTER_BITS 32768u

struct qx_model {
    qxp_lextab lex[QXP_LEX_COUNT];
    qxp_winfo *words; /* merged word table */
    size_t n_words;
    qxp_wslot *wslots; /* open addressing over words, at most half full */
    size_t n_wslots;   /* power of two; 0 when there are no words */
    unsigned wshift;   /* 32 - log2(n_wslots): a hash's slot is h >> wshift */
    uint64_t wfilter[QXP_WFILTER_BITS / 64]; /* bit h % QXP_WFILTER_BITS set for the hash h
                                              * of each word (qxp_word_index) */
    uint16_t *wfacts; /* QXP_WF_* of word index + 1 (a token's wi; [0] = 0: no word) */
    size_t limits[4]; /* indexed by qx_limit */
    char fingerprint[17];
    qxp_arena arena;       /* owns the lexicon texts, tables and folded keys */
    pcre2_code *re_markup; /* markup left in scraped text (markup.c), JIT-compiled */
    qxp_marktab *marks;    /* the quotation marks (quotespan.c), in the arena */
};

/* Names of the lexicon kinds, as in the files' magic line and file names. */
QXP_PRIVATE extern const char *const qxp_lexkind_names[QXP_LEX_COUNT];

/* Finds field 1 == (s, n): bytewise for case-sensitive kinds, casefolded for the others. */
QXP_PRIVATE const qxp_lexent *qxp_lex_get(const qx_model *m, qxp_lexkind kind, const char *s,
                                          size_t n);

/* Parses one lexicon file's bytes into tab (used by the model loader and the lexicon fuzzer).
 * `name` is the file name for messages; `kind` is what the magic line must say. The text is
 * copied; everything is allocated in arena a. Returns QX_OK, QX_ERR_NOMEM or QX_ERR_LEXICON
 * (file, line, column and what was expected in err). */
QXP_PRIVATE qx_status qxp_lextab_parse(qxp_lextab *tab, qxp_lexkind kind, const char *text,
                                       size_t len, const char *name, qxp_arena *a, qx_error *err);

/* The merged word information of (s, n), casefolded first; NULL when no lexicon has it. */
QXP_PRIVATE const qxp_winfo *qxp_word_info(const qx_model *m, const char *s, size_t n);

/* Longest folded word the merged table is asked about; longer words are in no lexicon. */
#define QXP_WORD_MAX 128

/* The merged word table's hash of a folded word (key, n), 8 bytes at a time: its first 8
 * bytes key8 (zero past n, as the slots hold them) and each further 8 (zero past n) are
 * mixed by multiplications by 2^64 / golden ratio, whose top 32 bits are the hash (its top
 * bits pick the slot: Fibonacci hashing). "said" costs one multiplication, where FNV-1a
 * took two instructions a byte in the tokenizer's word loop (on the first 200 BBC lines
 * 1.4M instructions, and a chain of dependent multiplications as long as the word).
 * key must be readable and zero from n up to the next multiple of 8 (the tokenizer's
 * buffer is: token.c fold_prefix); qxp_word_hash takes any key. */
#define QXP_WHASH_MUL 0x9E3779B97F4A7C15ull
/* One step: the state so far (key8 to start) with the next 8 bytes c mixed in; the hash is
 * qxp_whash_end of the last state. */
static inline uint64_t qxp_whash_mix(uint64_t x, uint64_t c) {
    return (x * QXP_WHASH_MUL) ^ c;
}
static inline uint32_t qxp_whash_end(uint64_t x) {
    return (uint32_t)((x * QXP_WHASH_MUL) >> 32);
}
static inline uint32_t qxp_whash_padded(uint64_t key8, const char *key, size_t n) {
    uint64_t x = key8;
    for (size_t i = 8; i < n; i += 8) {
        uint64_t c;
        memcpy(&c, key + i, 8);
        x = qxp_whash_mix(x, c);
    }
    return qxp_whash_end(x);
}

/* qxp_whash_padded of any folded key (model building, qxp_word_info). */
QXP_PRIVATE uint32_t qxp_word_hash(const char *key, size_t n);

/* qxp_word_info for a key that is already casefolded: the same result as qxp_word_info on
 * any spelling that folds to (fkey, n). */
QXP_PRIVATE const qxp_winfo *qxp_word_find(const qx_model *m, const char *fkey, size_t n);

/* qxp_word_index's probe from the slot of hash h on, without the filter (an empty slot's
 * key8 and len are 0, so the first slot of a missing word may send it here). */
QXP_PRIVATE uint32_t qxp_word_probe(const qx_model *m, uint64_t key8, const char *fkey,
                                    size_t n, uint32_t h);

/* The index + 1 in m->words of folded word (fkey, n) with hash h (qxp_whash_padded) and
 * first 8 bytes key8 (memcpy of fkey's first 8 bytes, zero past n); 0 when no lexicon has
 * it. Inline, for the tokenizer's one lookup per word: a word of up to 8 bytes costs a
 * shift and, in the usual case, one or two slot reads (the table is at most half full). */
static inline uint32_t qxp_word_index(const qx_model *m, uint64_t key8, const char *fkey,
                                      size_t n, uint32_t h) {
    /* The filter first: a clear bit means no word of the table has this word's hash, and
     * the 128 KiB slot table is not read. Words in no lexicon ("Peskov", "sanctions") mostly
     * missed the L1 cache at their slot; about 1 in 10 of them (3,100 words in 32,768 bits)
     * finds its bit set and probes. Measured on the first 200 BBC lines (callgrind
     * --cache-sim): 0.5M fewer instructions, D1 read misses of the lookup 39.8K -> 31.6K
     * (11.7K of them the filter's own, refetched after each document); perf on 8 copies of
     * BBC: the lookup's loads went from 4.2% to 3.2% of the samples. An empty table has no
     * bit set. */
    uint32_t fb = h % QXP_WFILTER_BITS;
    if (!((m->wfilter[fb / 64] >> (fb % 64)) & 1)) {
        return 0;
    }
    /* The word's own slot inline, the rest of the probe out of line (qxp_word_probe): 9 in
     * 10 of the words that pass the filter are in their own slot, and the loop kept
     * spilling and reloading the tokenizer's registers around it. An empty slot (key8 and
     * len 0) never matches a word. Measured on the first 200 BBC lines: 72.99M -> 72.78M
     * instructions. */
    const qxp_wslot *sl = &m->wslots[h >> m->wshift];
    if (QXP_LIKELY(sl->key8 == key8 && sl->len == n) &&
        (n <= 8 || qxp_bytes_eq(m->words[sl->idx - 1].fkey + 8, fkey + 8, n - 8))) {
        return sl->idx;
    }
    return qxp_word_probe(m, key8, fkey, n, h);
}

/* Casefolds (s, n) into out (at most cap bytes). Returns the length, or (size_t)-1 when the
 * folded text does not fit or s is not valid UTF-8. ASCII takes a fast path. */
QXP_PRIVATE size_t qxp_casefold(const char *s, size_t n, char *out, size_t cap);

#endif /* QXP_LEXICON_H */
