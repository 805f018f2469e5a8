/*
 * internal.h - private types shared by the library's modules: allocation (with a failure hook
 * for the allocation-failure tests), the per-document arena, growable arrays and byte buffers,
 * and the limits' defaults. Nothing here is installed.
 */
#ifndef QXP_INTERNAL_H
#define QXP_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "quotex.h"

#if defined(__GNUC__) || defined(__clang__)
#define QXP_LIKELY(x)   __builtin_expect(!!(x), 1)
#define QXP_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define QXP_PRIVATE     __attribute__((visibility("hidden")))
#else
#define QXP_LIKELY(x)   (x)
#define QXP_UNLIKELY(x) (x)
#define QXP_PRIVATE
#endif

/* QXP_SSE2: the scanners that skip plain text (sentence.c skip_plain, quotespan.c
 * next_mark_byte) test 16 bytes a step with SSE2, which every x86-64 has; elsewhere, or with
 * QXP_NO_SIMD defined (a build that tests the fallback), their portable uint64_t versions do
 * the same work 8 bytes at a time. */
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__)) && !defined(QXP_NO_SIMD)
#include <emmintrin.h>
#define QXP_SSE2 1
#endif

/* "Cannot happen" checks on internal invariants (never on input): true when the impossible
 * happened, so the caller can return QX_ERR_INTERNAL in release builds. */
#ifdef NDEBUG
#define QXP_NEVER(x) (x)
#else
#include <assert.h>
#define QXP_NEVER(x) (assert(!(x)), (x))
#endif

/* Defaults of the settable limits (qx_limit). */
#define QXP_DEFAULT_INPUT_BYTES ((size_t)64 << 20) /* 64 MiB: a book; news articles are <1 MiB */
#define QXP_DEFAULT_QUOTE_BYTES ((size_t)64 << 10) /* 64 KiB: far above any real quote */
#define QXP_DEFAULT_MATCH       ((size_t)100000)   /* PCRE2 match limit per candidate */
#define QXP_DEFAULT_NESTING     ((size_t)32)       /* real text nests 2-3 levels */
/* Attribution looks this far (bytes) before an opening mark or after a closing mark. */
#define QXP_WINDOW_BYTES ((size_t)600)
/* At most this many warnings are kept per document (invalid UTF-8 can be everywhere). */
#define QXP_MAX_WARNINGS 100

/* ---- 8 bytes at a time (SWAR) -------------------------------------------------------- */

/* Byte b repeated in the 8 byte lanes of a 64-bit word. */
#define QXP_REP8(b) ((uint64_t)(b) * UINT64_C(0x0101010101010101))

/* A 256-entry table initializer from a macro E of one byte value (a constant expression):
 * { E(0x00), E(0x01), ..., E(0xFF) }. */
#define QXP_ROW16(E, b)                                                                        \
    E(b), E((b) + 1), E((b) + 2), E((b) + 3), E((b) + 4), E((b) + 5), E((b) + 6), E((b) + 7), \
        E((b) + 8), E((b) + 9), E((b) + 10), E((b) + 11), E((b) + 12), E((b) + 13),            \
        E((b) + 14), E((b) + 15)
#define QXP_TABLE256(E)                                                                        \
    {                                                                                          \
        QXP_ROW16(E, 0x00), QXP_ROW16(E, 0x10), QXP_ROW16(E, 0x20), QXP_ROW16(E, 0x30),        \
            QXP_ROW16(E, 0x40), QXP_ROW16(E, 0x50), QXP_ROW16(E, 0x60), QXP_ROW16(E, 0x70),    \
            QXP_ROW16(E, 0x80), QXP_ROW16(E, 0x90), QXP_ROW16(E, 0xA0), QXP_ROW16(E, 0xB0),    \
            QXP_ROW16(E, 0xC0), QXP_ROW16(E, 0xD0), QXP_ROW16(E, 0xE0), QXP_ROW16(E, 0xF0)     \
    }

/* Nonzero when v has a zero byte: the top bit of each zero byte is set (a lane above the
 * first zero byte may be flagged by a borrow, so only the lowest flag is exact). */
static inline uint64_t qxp_zero_bytes(uint64_t v) {
    return (v - QXP_REP8(0x01)) & ~v & QXP_REP8(0x80);
}

/* The top bit of each of the 8 bytes of w that a JSON string cannot hold as it is: '"', '\\',
 * a control byte (< 0x20) or, with w's own top bits, a non-ASCII byte. A borrow may flag a
 * byte above a true one, never below, so the lowest flag is exact. Without a borrow,
 * (w ^ '"') - 1 sets a byte's top bit for '"' and for bytes >= 0x80 only, which w flags
 * anyway: the usual "& ~(w ^ '"')" is not needed. The JSONL reader skips plain bytes with
 * it (jsonl.c); the JSON writer, whose strings are valid UTF-8, drops the non-ASCII bytes
 * (json.c: & ~w). */
static inline uint64_t qxp_json_special8(uint64_t w) {
    return (((w ^ QXP_REP8('"')) - QXP_REP8(0x01)) | ((w ^ QXP_REP8('\\')) - QXP_REP8(0x01)) |
            (w - QXP_REP8(0x20)) | w) &
           QXP_REP8(0x80);
}

/* The first 8 bytes of key (key, n) as a word read with memcpy holds them, zero past n: the
 * word table's slot keys and hash (lexicon.c), the speaker index's hash (speaker.c). A short
 * key without memcpy's call (byte i of the key is bits 8i..8i+7): two overlapping 4-byte
 * loads for 4 to 7 bytes ("said": the same load twice), the first, middle and last bytes for
 * 1 to 3. Measured on the first 200 BBC lines (17K calls, most of them building the model):
 * 66.48M -> 66.23M instructions. */
static inline uint64_t qxp_key8(const char *key, size_t n) {
    uint64_t k = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n >= 8) {
        memcpy(&k, key, 8);
    } else if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, key, 4);
        memcpy(&hi, key + n - 4, 4);
        k = lo | (uint64_t)hi << (8 * (n - 4));
    } else if (n > 0) {
        k = (uint64_t)(unsigned char)key[0] | (uint64_t)(unsigned char)key[n / 2] << (8 * (n / 2)) |
            (uint64_t)(unsigned char)key[n - 1] << (8 * (n - 1));
    }
#else
    memcpy(&k, key, n < 8 ? n : 8);
#endif
    return k;
}

/* True when a[0..n) and b[0..n) hold the same bytes: up to 16 bytes as one or two words
 * (qxp_key8: the bytes themselves, zero past n), longer ones by memcmp. For the short
 * lexicon keys compared at nearly every word ("The" of a nonnames entry, "spokesman"'s
 * last bytes in the word table), where each memcmp call was a call and a size dispatch:
 * memcmp took 1.5% of perf's samples on 8 copies of the curly BBC corpus, most of it
 * called by the tokenizer. */
static inline bool qxp_bytes_eq(const char *a, const char *b, size_t n) {
    if (n <= 8) {
        return qxp_key8(a, n) == qxp_key8(b, n);
    }
    if (n <= 16) {
        return qxp_key8(a, 8) == qxp_key8(b, 8) && qxp_key8(a + n - 8, 8) == qxp_key8(b + n - 8, 8);
    }
    return memcmp(a, b, n) == 0;
}

/* QXP_FIRST_FLAGGED(m): the index (0-7) of the first byte in memory whose top bit the mask
 * m != 0 sets, m being made from 8 bytes read with memcpy, as the 8-byte scanners do. Only
 * for little-endian GCC and Clang (a count of trailing zeros); elsewhere it is not defined
 * and the scanners find the byte with their byte loops. The lowest flagged byte is the exact
 * one of the usual masks, whose borrows can only flag bytes after a true match. */
/* QXP_LAST_FLAGGED(m): the same for the last flagged byte in memory (a mask whose every
 * flag is exact: sentence.c word_start scans backwards). */
#if (defined(__GNUC__) || defined(__clang__)) && defined(__BYTE_ORDER__) &&                   \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define QXP_FIRST_FLAGGED(m) ((size_t)__builtin_ctzll(m) >> 3)
#define QXP_LAST_FLAGGED(m)  ((size_t)(63 - __builtin_clzll(m)) >> 3)
#endif

/* The 8 bytes of w, all ASCII (below 0x80), with their letters lowercased: a byte is
 * uppercase when adding 0x80 - 'A' sets its top bit and adding 0x80 - 'Z' - 1 does not
 * (no sum carries into the next byte), and that bit shifted to 0x20 lowercases it. Zero
 * bytes stay zero, so a shorter group may be zero-padded (lexicon.c qxp_casefold,
 * speaker.c fold_hash). */
static inline uint64_t qxp_ascii_lower8(uint64_t w) {
    uint64_t upper = (w + QXP_REP8(0x80 - 'A')) ^ (w + QXP_REP8(0x80 - 'Z' - 1));
    return w | (upper & QXP_REP8(0x80)) >> 2;
}

/* ---- allocation ------------------------------------------------------------------------ */

/* Every allocation of the library goes through these. In a build with QXP_CHAOS defined, the
 * allocation-failure test can make the Nth call fail (per thread). */
QXP_PRIVATE void *qxp_malloc(size_t n);
QXP_PRIVATE void *qxp_calloc(size_t count, size_t size);
QXP_PRIVATE void *qxp_realloc(void *p, size_t n);
QXP_PRIVATE void qxp_free(void *p);
#ifdef QXP_CHAOS
/* Fail the nth allocation from now on this thread (1 = the next one); 0 turns failures off.
 * Returns the number of allocations made since the last call. */
QXP_PRIVATE size_t qxp_chaos_fail_at(size_t nth);
#endif

/* Growable array of `elem`-byte items: makes room for at least `need` items. */
QXP_PRIVATE qx_status qxp_grow(void **items, size_t *cap, size_t need, size_t elem);
/* qxp_grow for an array that starts in a buffer of its owner's (`local`, *cap items at
 * first, never freed nor reallocated here): it moves to the heap when it outgrows the
 * buffer, and grows there. Most documents never leave their buffers (sentence.c's
 * sentences and paragraphs, attribution's mention refs, roles, names to check again and
 * name index nodes), so that they make no allocation for them. */
QXP_PRIVATE qx_status qxp_grow_local(void **items, size_t *cap, size_t need, size_t elem,
                                     const void *local);
#define QXP_PUSH_LOCAL(arr, n, cap, local, st)                                                 \
    (((n) < (cap) ||                                                                           \
      ((st) = qxp_grow_local((void **)&(arr), &(cap), (n) + 1, sizeof(*(arr)), (local))) ==     \
          QX_OK)                                                                               \
         ? &(arr)[(n)++]                                                                       \
         : NULL)
#define QXP_PUSH(arr, n, cap, st)                                                              \
    (((n) < (cap) || ((st) = qxp_grow((void **)&(arr), &(cap), (n) + 1, sizeof(*(arr)))) ==   \
                         QX_OK)                                                                \
         ? &(arr)[(n)++]                                                                       \
         : NULL)

/* Arena: bump allocation in chunks, freed at once. Used for everything a document owns. */
typedef struct qxp_chunk qxp_chunk;
typedef struct qxp_arena {
    qxp_chunk *head;
    size_t used, size; /* in the head chunk */
} qxp_arena;
QXP_PRIVATE void qxp_arena_init(qxp_arena *a);
QXP_PRIVATE void *qxp_arena_alloc(qxp_arena *a, size_t n); /* 16-byte aligned; NULL on OOM */
QXP_PRIVATE void *qxp_arena_calloc(qxp_arena *a, size_t count, size_t size);
QXP_PRIVATE char *qxp_arena_strndup(qxp_arena *a, const char *s, size_t n);
/* qxp_grow for an array in arena a: makes room for at least `need` items, doubling from 4,
 * in a new block that the items are copied to (the old one stays in the arena: together the
 * old blocks are smaller than the new one). For the many small arrays a document keeps
 * (each speaker's mentions), where a malloc, reallocs and a free each cost more. */
QXP_PRIVATE qx_status qxp_arena_grow(qxp_arena *a, void **items, size_t *cap, size_t need,
                                     size_t elem);
#define QXP_ARENA_PUSH(a, arr, n, cap, st)                                                     \
    (((n) < (cap) ||                                                                           \
      ((st) = qxp_arena_grow((a), (void **)&(arr), &(cap), (n) + 1, sizeof(*(arr)))) == QX_OK) \
         ? &(arr)[(n)++]                                                                       \
         : NULL)
QXP_PRIVATE void qxp_arena_free(qxp_arena *a);

/* A block index over a sorted array searched by a key (a byte offset, a token number): for
 * every block of 2^shift keys, the search's answer at the block's first key. A search is
 * monotonic in its key, so the answer for any key of block b lies between first[b] and
 * first[b + 1]: the binary search narrows to one block instead of missing the cache at
 * nearly every step over a long document's array (the 100 MiB line of tests/stress.sh).
 * Built only for long arrays (QXP_BLOCK_INDEX_MIN elements); first NULL otherwise. */
typedef struct qxp_bindex {
    uint32_t *first;
    size_t n;        /* blocks */
    unsigned shift;
} qxp_bindex;

#define QXP_BLOCK_INDEX_MIN 4096

/* Narrows [*lo, *hi] (the range the answer for `key` lies in, both ends included) to the
 * answers of key's block. No-op without an index. */
static inline void qxp_bindex_narrow(const qxp_bindex *ix, size_t key, size_t *lo, size_t *hi) {
    if (ix->first == NULL) {
        return;
    }
    size_t b = key >> ix->shift;
    if (b >= ix->n) {
        *lo = ix->first[ix->n - 1];
        return;
    }
    *lo = ix->first[b];
    if (b + 1 < ix->n) {
        *hi = ix->first[b + 1];
    }
}

/* QXP_LOWER_BOUND(out, lo, hi, J, BEFORE): the first index J in [lo, hi) for which the
 * expression BEFORE (of the index J, true for a prefix of the range) is false, or hi; into
 * out. The range halves with a conditional move, not a branch: each step's answer is a coin
 * toss that the branch predictor missed about one time in three (cachegrind's simulation on
 * the first 200 BBC lines with curly quotes: 13K of qxp_tok_at's 45K branches, 8.6K of
 * the span search's 26K). perf on 8 copies of that corpus, three runs each: qxp_tok_at
 * 1.47-1.72% -> 0.75-0.91% of the samples. The searches of tokens, sentences, runs, quote
 * records and mentions use it. */
#define QXP_LOWER_BOUND(out, lo, hi, J, BEFORE)                                                 \
    do {                                                                                         \
        size_t qlb_at = (lo), qlb_n = (hi) - qlb_at, J;                                          \
        if (qlb_n > 0) {                                                                         \
            while (qlb_n > 1) { /* the answer lies in [qlb_at, qlb_at + qlb_n] */                \
                size_t qlb_half = qlb_n / 2;                                                     \
                J = qlb_at + qlb_half;                                                           \
                qlb_at = (BEFORE) ? J : qlb_at;                                                  \
                qlb_n -= qlb_half;                                                               \
            }                                                                                    \
            J = qlb_at;                                                                          \
            qlb_at += (BEFORE) ? 1u : 0u;                                                        \
        }                                                                                        \
        (out) = qlb_at;                                                                          \
    } while (0)

/* Builds ix over arr[0..n), whose search answers "the first j in [0, n] for which
 * before(arr, j, key) is false", for keys 0..max_key in blocks of 2^shift. Allocated in
 * arena a, or with qxp_malloc when a is NULL (then freed with qxp_free(ix->first)). Builds
 * nothing (QX_OK, first NULL) below QXP_BLOCK_INDEX_MIN elements. Linear in n + blocks. */
QXP_PRIVATE qx_status qxp_bindex_build(qxp_bindex *ix, qxp_arena *a, const void *arr, size_t n,
                                       size_t max_key, unsigned shift,
                                       bool (*before)(const void *arr, size_t j, size_t key));

/* Sorts n elements of `size` bytes by the size_t key at byte key_off of each, stably, by
 * merging adjacent runs that are already in order: linear time for a few runs (each merge
 * copies only its second run aside), n log n at worst. QX_ERR_NOMEM leaves the elements
 * permuted but all present. */
QXP_PRIVATE qx_status qxp_sort_runs(void *base, size_t n, size_t size, size_t key_off);

/* Growable byte buffer (for strings and JSON). Always NUL-terminated when data != NULL. */
typedef struct qxp_buf {
    char *data;
    size_t len, cap;
    bool failed; /* an append ran out of memory; later appends do nothing */
} qxp_buf;
QXP_PRIVATE void qxp_buf_append(qxp_buf *b, const char *s, size_t n);
/* Makes room for n more bytes at once, so that a writer whose output size is roughly known
 * (JSON of a document, a cleaned copy of a span) does not grow its buffer from 8 bytes by
 * doubling: on the first 200 BBC lines that growth cost 4.2M instructions in realloc. */
QXP_PRIVATE void qxp_buf_reserve(qxp_buf *b, size_t n);
/* qxp_buf_append inline when the piece fits (len + n + 1 <= cap), so that the many short
 * pieces of the JSON writer (literals, whose memcpy becomes a few moves) cost no call:
 * measured on the first 200 BBC lines, -1.7M instructions (JSON output 7.7M -> 6.0M). */
static inline void qxp_buf_add(qxp_buf *b, const char *s, size_t n) {
    if (!b->failed && b->cap - b->len > n) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
        b->data[b->len] = '\0';
        return;
    }
    qxp_buf_append(b, s, n);
}
/* Appends a string literal (its length known at compile time). */
#define QXP_BUF_LIT(b, lit) qxp_buf_add((b), "" lit, sizeof(lit) - 1)
QXP_PRIVATE void qxp_buf_putc(qxp_buf *b, char c);
QXP_PRIVATE void qxp_buf_free(qxp_buf *b);

/* ---- errors ---------------------------------------------------------------------------- */

/* Fills err (when not NULL and not already holding an error) and returns code. */
QXP_PRIVATE qx_status qxp_error_set(qx_error *err, qx_status code, const char *source, int line,
                                    int column, size_t offset, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

#endif /* QXP_INTERNAL_H */
