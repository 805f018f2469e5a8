/*
 * quotex.h - the public API of libquotex, a quotation and speaker-attribution extractor.
 *
 * This header is the library's only installed header and its manual. A program loads a model
 * (the lexicons and compiled patterns) once, then calls qx_extract() on each article. The
 * resulting document lists the article's quotations, each with its speaker, cue, kind, spans
 * and score, and can be written out as the same JSON record the quotex command prints.
 *
 * Rules that hold for every declaration below:
 *  1. Fallible calls return a qx_status (QX_OK == 0). Objects come back through an `out`
 *     argument, which is set to NULL on failure. The optional `qx_error *err` receives the
 *     first error's details; it may be NULL.
 *  2. `char *` results belong to the caller and are freed with qx_free(). `const` pointers are
 *     borrowed from their parent object and stay valid until that object is freed. The input
 *     buffer given to qx_extract() is not referenced after the call returns.
 *  3. Every *_free(NULL) is a no-op.
 *  4. A model is immutable once its last qx_model_set_limit() has returned and may then be
 *     shared by any number of threads. A document belongs to one thread at a time. The
 *     library keeps no global mutable state: it never calls setlocale, never installs Jansson
 *     allocator hooks, never prints, exits or aborts on any input.
 *  5. Offsets are half-open byte offsets [start, end) into the text given to qx_extract().
 *     qx_doc_to_json() can convert them to code points or UTF-16 code units.
 *  6. The release version is in QX_VERSION_*; the ABI version is the shared library's
 *     soname. qx_span is frozen; the other public structs only ever grow at their end, and
 *     callers never allocate them.
 */
#ifndef QUOTEX_H
#define QUOTEX_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QX_VERSION_MAJOR  0
#define QX_VERSION_MINOR  1
#define QX_VERSION_PATCH  0
#define QX_VERSION_STRING "0.1.0"
/** 0xMMmmpp: major, minor, patch. */
#define QX_VERSION_HEX ((QX_VERSION_MAJOR << 16) | (QX_VERSION_MINOR << 8) | QX_VERSION_PATCH)

#if defined(__GNUC__) || defined(__clang__)
#define QX_API        __attribute__((visibility("default")))
#define QX_NODISCARD __attribute__((warn_unused_result))
#else
#define QX_API
#define QX_NODISCARD
#endif

/** The version of the linked library as QX_VERSION_HEX; compare with the header's. */
QX_API int qx_version(void);
/** The version of the linked library as a static string such as "0.1.0"; never NULL. */
QX_API const char *qx_version_string(void);

/** Result of every fallible call. */
typedef enum qx_status {
    QX_OK = 0,
    QX_ERR_NOMEM = -1,       /**< an allocation failed; nothing leaked, outputs are NULL */
    QX_ERR_INVALID_ARG = -2, /**< a required argument was NULL or out of range */
    QX_ERR_IO = -3,          /**< a file could not be read or written */
    QX_ERR_LEXICON = -4,     /**< a lexicon file is malformed (file, line, column in qx_error) */
    QX_ERR_PATTERN = -5,     /**< a pattern failed to compile (PCRE2's message in qx_error) */
    QX_ERR_UTF8 = -6,        /**< invalid UTF-8 under QX_OPT_STRICT_UTF8 (offset in qx_error) */
    QX_ERR_LIMIT = -7,       /**< the input is larger than QX_LIMIT_INPUT_BYTES */
    QX_ERR_INTERNAL = -8     /**< a broken invariant; please report it */
} qx_status;

/** A static English description of `code`; never NULL (unknown codes give "unknown error"). */
QX_API const char *qx_strerror(qx_status code);

/**
 * Details of a failure, filled by the call that failed when the caller passes one.
 * `source` is a lexicon file name or "<input>"; `line` and `column` are 1-based (0 when they
 * do not apply); `offset` is a byte offset into the input or the file; `text` is English.
 */
typedef struct qx_error {
    qx_status code;
    char source[80];
    int line, column;
    size_t offset;
    char text[160];
} qx_error;

/** Lexicons and compiled patterns; immutable after loading, shareable by threads. */
typedef struct qx_model qx_model;
/** One article's results; owns every string and array it hands out. */
typedef struct qx_doc qx_doc;

/**
 * Loads the built-in English lexicons (compiled into the library).
 * out: receives the model, NULL on failure. err: optional.
 * Returns QX_OK, QX_ERR_NOMEM, QX_ERR_PATTERN or QX_ERR_INVALID_ARG (out is NULL).
 * Thread safety: may be called from any thread.
 */
QX_API QX_NODISCARD qx_status qx_model_new(qx_model **out, qx_error *err);

/**
 * Loads lexicons from the directory `lexicon_dir` (files named <kind>.txt; a kind missing
 * there falls back to the built-in file). Returns QX_ERR_IO when the directory or a file
 * cannot be read, QX_ERR_LEXICON (with file, line and column in err) when one is malformed.
 */
QX_API QX_NODISCARD qx_status qx_model_load(const char *lexicon_dir, qx_model **out,
                                            qx_error *err);

/** Settable limits; each documents its default. */
typedef enum qx_limit {
    QX_LIMIT_INPUT_BYTES, /**< largest article, in bytes (64 MiB); larger -> QX_ERR_LIMIT */
    QX_LIMIT_QUOTE_BYTES, /**< longest quote (64 KiB); a longer one closes at its paragraph
                               end, or at this length, and is flagged "truncated" */
    QX_LIMIT_MATCH,       /**< PCRE2 match limit per candidate (100000); a hit skips that
                               candidate and adds a warning */
    QX_LIMIT_NESTING      /**< deepest nesting of quotes kept (32); deeper marks are text */
} qx_limit;

/**
 * Sets a limit and returns its previous value. A value of 0 restores the default. Call it
 * only before the model is shared between threads. Returns 0 for an unknown `which` or a
 * NULL model.
 */
QX_API size_t qx_model_set_limit(qx_model *model, qx_limit which, size_t value);
/** The current value of a limit; 0 for an unknown `which` or a NULL model. */
QX_API size_t qx_model_get_limit(const qx_model *model, qx_limit which);

/** A hex digest of the lexicon bytes the model was built from; borrowed; "" for NULL. */
QX_API const char *qx_model_fingerprint(const qx_model *model);

/** Frees a model. Documents do not refer to their model: they stay valid after it is freed.
 *  No thread may be using the model. NULL is a no-op. */
QX_API void qx_model_free(qx_model *model);

/* Options for qx_extract(), or-ed together. */
#define QX_OPT_STRICT_UTF8      (1u << 0) /**< invalid UTF-8 -> QX_ERR_UTF8 instead of U+FFFD */
#define QX_OPT_NO_SINGLE_QUOTES (1u << 1) /**< pair only double marks at the top level */
#define QX_OPT_ALL_KINDS        (1u << 2) /**< also keep "term" and "block" records */
#define QX_OPT_NO_INDIRECT      (1u << 3) /**< skip the search for reported speech */
#define QX_OPT_SENTENCES_ONLY   (1u << 4) /**< only split paragraphs and sentences: no quotes */

/**
 * Extracts the quotations of one article.
 * model: a loaded model (required). text, len: the article as UTF-8 (text may be NULL only
 * when len is 0); NUL bytes are allowed and treated as spaces. opts: QX_OPT_* bits.
 * out: receives the document, NULL on failure. err: optional.
 * Returns QX_OK; QX_ERR_INVALID_ARG; QX_ERR_NOMEM; QX_ERR_LIMIT when len exceeds
 * QX_LIMIT_INPUT_BYTES; QX_ERR_UTF8 (offset in err) under QX_OPT_STRICT_UTF8.
 * Any text is valid input: unbalanced marks give flagged records, never a failure.
 * Thread safety: any number of threads may call it at once with the same model.
 */
QX_API QX_NODISCARD qx_status qx_extract(const qx_model *model, const char *text, size_t len,
                                         unsigned opts, qx_doc **out, qx_error *err);

/** Frees a document and everything borrowed from it. NULL is a no-op. */
QX_API void qx_doc_free(qx_doc *doc);

/** A half-open byte range [start, end) of the input. Frozen. */
typedef struct qx_span {
    size_t start, end;
} qx_span;

/** What a record is. */
typedef enum qx_kind {
    QX_KIND_DIRECT,   /**< quoted speech between quotation marks */
    QX_KIND_INDIRECT, /**< reported speech without marks: "He said that ..." */
    QX_KIND_MIXED,    /**< reported speech that embeds a quoted fragment */
    QX_KIND_BLOCK,    /**< a quote whose marks were lost (a first-person paragraph) */
    QX_KIND_TERM      /**< a quoted term, title or scare quote: not speech */
} qx_kind;

/** How the speaker was found. */
typedef enum qx_via {
    QX_VIA_NONE,    /**< no speaker */
    QX_VIA_NAME,    /**< a name (or part of one) next to the cue */
    QX_VIA_TITLE,   /**< a title without a name: "Kremlin spokesman" */
    QX_VIA_ROLE,    /**< a role phrase or group: "the minister", "police" */
    QX_VIA_PRONOUN, /**< a pronoun resolved to an earlier entity */
    QX_VIA_CARRY    /**< no attribution of its own: carried from the quote before */
} qx_via;

/* Quote flags (qx_quote.flags). */
#define QX_QF_UNCLOSED  (1u << 0) /**< no closing mark: the quote ends at its paragraph */
#define QX_QF_MISMATCH  (1u << 1) /**< closed by a mark of another family */
#define QX_QF_MULTIPARA (1u << 2) /**< runs over paragraphs (each reopened, the last closed) */
#define QX_QF_NESTED    (1u << 3) /**< lies inside another quote */
#define QX_QF_TRUNCATED (1u << 4) /**< longer than QX_LIMIT_QUOTE_BYTES: cut */
#define QX_QF_SPLIT     (1u << 5) /**< interrupted by its attribution: several segments */

/** A mention of a person or group in the text. */
typedef struct qx_mention {
    qx_span span;
    const char *text; /**< NFC, white space folded */
} qx_mention;

/** One quotation record. Fields are only ever appended. */
typedef struct qx_quote {
    qx_span span;             /**< content: first segment's start .. last segment's end */
    qx_span outer;            /**< first opening mark .. last closing mark (== span if none) */
    const qx_span *segments;  /**< quoted pieces without their marks, in order */
    size_t n_segments;        /**< >= 1 */
    const char *text;         /**< the segments' text joined by one space (NFC) */
    const char *speaker;      /**< canonical speaker name; NULL when unknown */
    qx_mention speaker_mention; /**< the mention that names the speaker; text NULL if none */
    qx_mention cue;           /**< the cue as written ("stated"); text NULL if none */
    const char *cue_lemma;    /**< the cue's lemma ("state", "according to"); NULL if none */
    qx_mention addressee;     /**< "X told Y": Y; text NULL if none */
    const char *rule;         /**< id of the rule that attributed it, e.g. "Q,SV"; NULL */
    qx_kind kind;
    qx_via via;
    unsigned flags;           /**< QX_QF_* bits */
    size_t sentence;          /**< index of the sentence holding the content's start */
    size_t paragraph;         /**< index of the paragraph holding the content's start */
    int score;                /**< confidence 0..100 */
    long speaker_index;       /**< index for qx_doc_speaker(), or -1 */
} qx_quote;

/** A speaker: one entity of the article that says at least one quote. */
typedef struct qx_speaker {
    const char *name;            /**< canonical: the fullest name found */
    int gender;                  /**< 'm', 'f', or 0 when unknown */
    size_t n_quotes;             /**< records (of the kinds kept) attributed to it */
    const qx_mention *mentions;  /**< every mention found, in text order */
    size_t n_mentions;
    const char *const *titles;   /**< titles and roles found for it ("Kremlin spokesman") */
    size_t n_titles;
} qx_speaker;

/** A warning about the input that did not stop extraction. */
typedef struct qx_warning {
    size_t offset;    /**< byte offset in the input */
    const char *text; /**< English, e.g. "invalid UTF-8" */
} qx_warning;

/** Number of quote records; 0 for NULL. */
QX_API size_t qx_doc_quote_count(const qx_doc *doc);
/** Record i in text order; NULL if doc is NULL or i >= count. Borrowed. */
QX_API const qx_quote *qx_doc_quote(const qx_doc *doc, size_t i);
/** Number of speakers; 0 for NULL. */
QX_API size_t qx_doc_speaker_count(const qx_doc *doc);
/** Speaker i, in order of first mention; NULL if out of range. Borrowed. */
QX_API const qx_speaker *qx_doc_speaker(const qx_doc *doc, size_t i);
/** The sentence spans in text order; *n receives their number. Borrowed; NULL if none. */
QX_API const qx_span *qx_doc_sentences(const qx_doc *doc, size_t *n);
/** The paragraph spans in text order; *n receives their number. Borrowed; NULL if none. */
QX_API const qx_span *qx_doc_paragraphs(const qx_doc *doc, size_t *n);
/** Number of warnings (invalid UTF-8, limits hit); 0 for NULL. */
QX_API size_t qx_doc_warning_count(const qx_doc *doc);
/** Warning i; NULL if out of range. Borrowed. */
QX_API const qx_warning *qx_doc_warning(const qx_doc *doc, size_t i);
/** The document's copy of its input text (NUL-terminated; *len gets its length). */
QX_API const char *qx_doc_text(const qx_doc *doc, size_t *len);

/* Output flags for qx_doc_to_json(). */
#define QX_JSON_PRETTY     (1u << 0) /**< indented output instead of one line */
#define QX_JSON_CODEPOINTS (1u << 1) /**< offsets in Unicode code points */
#define QX_JSON_UTF16      (1u << 2) /**< offsets in UTF-16 code units */
#define QX_JSON_FLAT       (1u << 3) /**< one line per quote with a "doc" key (JSONL) */
#define QX_JSON_SENTENCES  (1u << 4) /**< {"id", "sentences": [...]} instead of quotes */
/** Kinds to print: QX_JSON_KIND(QX_KIND_DIRECT) | ...; none set means direct, indirect and
 *  mixed. A record's kind must also be in the document (see QX_OPT_ALL_KINDS). */
#define QX_JSON_KIND(k)    (1u << (8 + (unsigned)(k)))
#define QX_JSON_ALL_KINDS  (0x1Fu << 8)

/**
 * The document as JSON: {"id": doc_id, "quotes": [...], "speakers": [...], "warnings": [...]}
 * (see README.md for every field). doc_id may be NULL (printed as null). `extra`, when not
 * NULL, is a string of JSON members ("\"url\":\"...\",\"date\":1") inserted after "id" (the
 * caller vouches that it is valid JSON). With QX_JSON_FLAT the result holds one line per
 * quote, each ending in "\n" (empty string when there is none); otherwise one object without
 * a trailing newline. Returns a string to free with qx_free(), or NULL on NULL doc or OOM.
 */
QX_API char *qx_doc_to_json(const qx_doc *doc, const char *doc_id, const char *extra,
                            unsigned jflags);

/** Receives the next piece of a streamed record; returns 0 to go on, non-zero to stop. */
typedef int (*qx_write_fn)(void *ctx, const char *data, size_t len);

/**
 * qx_doc_to_json() without holding the whole record in memory: the same bytes, handed to
 * `write` in pieces of about 64 KiB, cut between array elements (the record of a 100 MiB
 * article can exceed 1 GiB). QX_JSON_PRETTY output is built whole first (it is re-indented)
 * and handed over in one piece. Returns QX_OK; QX_ERR_IO when `write` returned non-zero
 * (it is not called again); QX_ERR_NOMEM when memory ran out, in which case the pieces
 * already handed over are a truncated record; QX_ERR_INVALID_ARG on NULL doc or write.
 */
QX_API qx_status qx_doc_write_json(const qx_doc *doc, const char *doc_id, const char *extra,
                                   unsigned jflags, qx_write_fn write, void *ctx);

/** Converts a byte offset of the document's text to the unit of jflags (code points with
 *  QX_JSON_CODEPOINTS, UTF-16 with QX_JSON_UTF16, bytes otherwise). */
QX_API size_t qx_doc_offset(const qx_doc *doc, size_t byte_offset, unsigned jflags);

/** Names: "direct", "indirect", "mixed", "block", "term"; NULL for unknown values. */
QX_API const char *qx_kind_name(qx_kind kind);
/** Names: "none", "name", "title", "role", "pronoun", "carry"; NULL for unknown values. */
QX_API const char *qx_via_name(qx_via via);

/** Frees a string returned by the library. NULL is a no-op. */
QX_API void qx_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif /* QUOTEX_H */
