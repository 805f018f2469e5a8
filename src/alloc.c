/*
 * alloc.c - allocation wrappers, the per-document arena, growable arrays and byte buffers,
 * and error reporting.
 *
 * Every allocation of the library goes through qxp_malloc and friends so that a QXP_CHAOS
 * build can fail the Nth one (tests/test_chaos.c). The counter is thread-local: the library
 * itself keeps no global mutable state.
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE 1 /* madvise */
#endif
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "internal.h"

/* Blocks of at least this size are populated ahead (prefault below). */
#define PREFAULT_MIN ((size_t)4 << 20)

/* Maps the pages of a large block the caller is about to fill in one call
 * (MADV_POPULATE_WRITE, Linux 5.14 and later; elsewhere, or when refused, a no-op) instead
 * of one page fault each as they are first written. On this project's 2-core VM a page
 * fault costs far more than its share of a batch: touching 2000 MiB page by page took
 * 1.4-3.6 s of system time, populating it 0.6-0.8 s; a 100 MiB article of back-to-back
 * quotes (tests/stress.sh jsonl-line) holds 1.6 GB. Only whole 64 KiB units inside the
 * block are populated, so that the range is page-aligned for any page size up to 64 KiB.
 * Never needed for correctness. */
static void prefault(void *p, size_t n) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    if (p == NULL || n < PREFAULT_MIN) {
        return;
    }
    const uintptr_t unit = (uintptr_t)64 << 10;
    uintptr_t a = ((uintptr_t)p + unit - 1) & ~(unit - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(unit - 1);
    if (e > a) {
        (void)madvise((void *)a, (size_t)(e - a), MADV_POPULATE_WRITE);
    }
#else
    (void)p;
    (void)n;
#endif
}

#ifdef QXP_CHAOS
static _Thread_local size_t chaos_count, chaos_fail_at;

size_t qxp_chaos_fail_at(size_t nth) {
    size_t made = chaos_count;
    chaos_count = 0;
    chaos_fail_at = nth;
    return made;
}

static bool chaos_fail(void) {
    chaos_count++;
    return chaos_fail_at != 0 && chaos_count >= chaos_fail_at;
}
#else
#define chaos_fail() false
#endif

void *qxp_malloc(size_t n) {
    if (chaos_fail()) {
        return NULL;
    }
    void *p = malloc(n ? n : 1);
    prefault(p, n);
    return p;
}

void *qxp_calloc(size_t count, size_t size) {
    if (chaos_fail()) {
        return NULL;
    }
    void *p = calloc(count ? count : 1, size ? size : 1);
    prefault(p, count * size); /* calloc checked the product */
    return p;
}

void *qxp_realloc(void *p, size_t n) {
    if (chaos_fail()) {
        return NULL;
    }
    return realloc(p, n ? n : 1);
}

void qxp_free(void *p) {
    free(p);
}

qx_status qxp_grow(void **items, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) {
        return QX_OK;
    }
    /* doubling, and by an eighth once the array is large: its new part is populated ahead
     * (prefault), so little populated room should go unused (a large block grows in place
     * or is moved by the kernel, mremap, without a copy) */
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        size_t step = elem && ncap >= PREFAULT_MIN / elem ? ncap / 8 : ncap;
        if (ncap > SIZE_MAX - step) {
            return QX_ERR_NOMEM;
        }
        ncap += step;
    }
    if (elem && ncap > SIZE_MAX / elem) {
        return QX_ERR_NOMEM;
    }
    void *p = qxp_realloc(*items, ncap * elem);
    if (p == NULL) {
        return QX_ERR_NOMEM;
    }
    /* arrays of records, tokens, spans ... fill their room; a byte buffer's room is often
     * a worst case (qxp_text_clean_json reserves twice a sentence's length for escapes:
     * populated, a 16 MiB sentence took 18 MB more) and faults in as it is written */
    if (elem > 1) {
        prefault((char *)p + *cap * elem, (ncap - *cap) * elem);
    }
    *items = p;
    *cap = ncap;
    return QX_OK;
}

qx_status qxp_grow_local(void **items, size_t *cap, size_t need, size_t elem,
                         const void *local) {
    if (need <= *cap) {
        return QX_OK;
    }
    if (*items != local) {
        return qxp_grow(items, cap, need, elem);
    }
    void *heap = NULL;
    size_t hcap = 0;
    qx_status st = qxp_grow(&heap, &hcap, need > *cap * 2 ? need : *cap * 2, elem);
    if (st != QX_OK) {
        return st;
    }
    memcpy(heap, local, *cap * elem);
    *items = heap;
    *cap = hcap;
    return QX_OK;
}

/* ---- sorting --------------------------------------------------------------------------- */

static size_t key_at(const unsigned char *base, size_t i, size_t size, size_t key_off) {
    size_t k;
    memcpy(&k, base + i * size + key_off, sizeof k);
    return k;
}

/* End of the run in key order that starts at i. */
static size_t run_end(const unsigned char *base, size_t i, size_t n, size_t size,
                      size_t key_off) {
    size_t k = key_at(base, i, size, key_off);
    for (i++; i < n; i++) {
        size_t next = key_at(base, i, size, key_off);
        if (next < k) {
            break;
        }
        k = next;
    }
    return i;
}

qx_status qxp_sort_runs(void *base, size_t n, size_t size, size_t key_off) {
    unsigned char *a = base;
    for (;;) {
        bool merged = false;
        for (size_t s = 0; s < n;) {
            size_t m = run_end(a, s, n, size, key_off);
            if (m == n) {
                break;
            }
            size_t e = run_end(a, m, n, size, key_off), nb = e - m;
            unsigned char *b = qxp_malloc(nb * size);
            if (b == NULL) {
                return QX_ERR_NOMEM;
            }
            memcpy(b, a + m * size, nb * size);
            /* from the back: on equal keys the first run's element stays first */
            size_t i = m, o = e;
            while (nb > 0) {
                o--;
                if (i > s && key_at(a, i - 1, size, key_off) > key_at(b, nb - 1, size, key_off)) {
                    i--;
                    memcpy(a + o * size, a + i * size, size);
                } else {
                    nb--;
                    memcpy(a + o * size, b + nb * size, size);
                }
            }
            qxp_free(b);
            merged = true;
            s = e;
        }
        if (!merged) {
            return QX_OK;
        }
    }
}

/* ---- block index ----------------------------------------------------------------------- */

qx_status qxp_bindex_build(qxp_bindex *ix, qxp_arena *a, const void *arr, size_t n,
                           size_t max_key, unsigned shift,
                           bool (*before)(const void *arr, size_t j, size_t key)) {
    ix->first = NULL;
    ix->n = 0;
    ix->shift = shift;
    if (n < QXP_BLOCK_INDEX_MIN || n > UINT32_MAX) {
        return QX_OK;
    }
    size_t nb = (max_key >> shift) + 1;
    uint32_t *first = a ? qxp_arena_alloc(a, nb * sizeof *first) : qxp_malloc(nb * sizeof *first);
    if (first == NULL) {
        return QX_ERR_NOMEM;
    }
    for (size_t b = 0, j = 0; b < nb; b++) { /* answers grow with the key: one walk */
        while (j < n && before(arr, j, b << shift)) {
            j++;
        }
        first[b] = (uint32_t)j;
    }
    ix->first = first;
    ix->n = nb;
    return QX_OK;
}

/* ---- arena ----------------------------------------------------------------------------- */

struct qxp_chunk {
    qxp_chunk *next;
    size_t size;
    _Alignas(16) unsigned char data[];
};

/* First chunk 16 KiB: a news article's records fit; chunks double up to 1 MiB. */
#define ARENA_FIRST ((size_t)16 << 10)
#define ARENA_MAX   ((size_t)1 << 20)

void qxp_arena_init(qxp_arena *a) {
    a->head = NULL;
    a->used = a->size = 0;
}

/* n bytes at a multiple of align (1 or 16) in the head chunk, or in a new one. */
static void *arena_take(qxp_arena *a, size_t n, size_t align) {
    size_t at = (a->used + align - 1) & ~(align - 1);
    if (a->head == NULL || at > a->size || a->size - at < n) {
        size_t sz = a->head ? a->head->size * 2 : ARENA_FIRST;
        if (sz > ARENA_MAX) {
            sz = ARENA_MAX;
        }
        if (sz < n) {
            sz = n;
        }
        if (sz > SIZE_MAX - sizeof(qxp_chunk)) {
            return NULL;
        }
        qxp_chunk *c = qxp_malloc(sizeof(qxp_chunk) + sz);
        if (c == NULL) {
            return NULL;
        }
        c->size = sz;
        c->next = a->head;
        a->head = c;
        a->size = sz;
        at = 0;
    }
    a->used = at + n;
    return a->head->data + at;
}

void *qxp_arena_alloc(qxp_arena *a, size_t n) {
    if (n > SIZE_MAX - 15) {
        return NULL;
    }
    n = (n + 15) & ~(size_t)15;
    return arena_take(a, n ? n : 16, 16);
}

qx_status qxp_arena_grow(qxp_arena *a, void **items, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) {
        return QX_OK;
    }
    size_t ncap = *cap ? *cap : 4;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) {
            return QX_ERR_NOMEM;
        }
        ncap *= 2;
    }
    if (elem && ncap > SIZE_MAX / elem) {
        return QX_ERR_NOMEM;
    }
    void *p = qxp_arena_alloc(a, ncap * elem);
    if (p == NULL) {
        return QX_ERR_NOMEM;
    }
    if (*cap) {
        memcpy(p, *items, *cap * elem);
    }
    *items = p;
    *cap = ncap;
    return QX_OK;
}

/* A zeroed request of at least this size that does not fit the current chunk gets a chunk of
 * its own from calloc, which hands out fresh (already zero) pages without writing them: the
 * model's merged word table (1.9 MB, mostly never touched) no longer costs a memset at every
 * start. Measured: callgrind of quotex --jsonl over the first 200 BBC lines -1.3M. */
#define ARENA_CALLOC_OWN ((size_t)64 << 10)

void *qxp_arena_calloc(qxp_arena *a, size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) {
        return NULL;
    }
    size_t n = count * size;
    if (n >= ARENA_CALLOC_OWN && (a->head == NULL || a->size - a->used < n) &&
        n <= SIZE_MAX - sizeof(qxp_chunk)) {
        qxp_chunk *c = qxp_calloc(1, sizeof(qxp_chunk) + n);
        if (c == NULL) {
            return NULL;
        }
        /* behind the head, so that the head chunk's free space stays in use */
        c->size = n;
        if (a->head) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = NULL;
            a->head = c;
            a->used = a->size = n;
        }
        return c->data;
    }
    void *p = qxp_arena_alloc(a, n);
    if (p) {
        memset(p, 0, count * size);
    }
    return p;
}

char *qxp_arena_strndup(qxp_arena *a, const char *s, size_t n) {
    if (n == SIZE_MAX) {
        return NULL;
    }
    /* strings need no alignment: packed back to back, the names and cue words of a
     * quote-dense text (tests/stress.sh jsonl-line, three or four short strings per record)
     * take 7 bytes less each on average than at 16-byte steps */
    char *p = arena_take(a, n + 1, 1);
    if (p) {
        if (n) {
            memcpy(p, s, n);
        }
        p[n] = '\0';
    }
    return p;
}

void qxp_arena_free(qxp_arena *a) {
    qxp_chunk *c = a->head;
    while (c) {
        qxp_chunk *next = c->next;
        qxp_free(c);
        c = next;
    }
    qxp_arena_init(a);
}

/* ---- byte buffer ----------------------------------------------------------------------- */

void qxp_buf_append(qxp_buf *b, const char *s, size_t n) {
    if (b->failed) {
        return;
    }
    if (n >= SIZE_MAX - b->len - 1) {
        b->failed = true;
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap;
        if (qxp_grow((void **)&b->data, &cap, b->len + n + 1, 1) != QX_OK) {
            b->failed = true;
            return;
        }
        b->cap = cap;
    }
    if (n) {
        memcpy(b->data + b->len, s, n);
    }
    b->len += n;
    b->data[b->len] = '\0';
}

void qxp_buf_reserve(qxp_buf *b, size_t n) {
    if (b->failed || n >= SIZE_MAX - b->len - 1 || b->len + n + 1 <= b->cap) {
        return;
    }
    size_t cap = b->cap;
    if (qxp_grow((void **)&b->data, &cap, b->len + n + 1, 1) != QX_OK) {
        b->failed = true;
        return;
    }
    b->cap = cap;
    b->data[b->len] = '\0'; /* the buffer's invariant: NUL-terminated when data != NULL */
}

void qxp_buf_putc(qxp_buf *b, char c) {
    if (!b->failed && b->len + 2 <= b->cap) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return;
    }
    qxp_buf_append(b, &c, 1);
}

void qxp_buf_free(qxp_buf *b) {
    qxp_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

/* ---- errors ---------------------------------------------------------------------------- */

qx_status qxp_error_set(qx_error *err, qx_status code, const char *source, int line, int column,
                        size_t offset, const char *fmt, ...) {
    if (err == NULL || err->code != QX_OK) {
        return code; /* the first error wins */
    }
    err->code = code;
    snprintf(err->source, sizeof err->source, "%s", source ? source : "");
    err->line = line;
    err->column = column;
    err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    return code;
}
