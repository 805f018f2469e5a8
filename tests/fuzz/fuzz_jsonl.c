/*
 * fuzz_jsonl.c - libFuzzer target: the CLI's JSONL batch reader (`quotex --jsonl`), through
 * qxb_run_jsonl() of src/batch.c, on raw bytes.
 *
 * batch.c exposes no per-line function (process_line is static), so the target drives the
 * whole reader: the input goes to a temporary file, qxb_run_jsonl() reads it, and the
 * records land in a memory stream (open_memstream) that is then checked. Link it with
 * $(B)/obj/batch.o and $(B)/obj/view.o besides libquotex.a.
 *
 * Input: byte 0 picks the configuration, the rest is the JSONL stream.
 *   bit 0  QX_OPT_STRICT_UTF8          bit 1  QX_OPT_ALL_KINDS + QX_JSON_ALL_KINDS
 *   bit 2  --offsets codepoints        bit 3  --keep url,date
 *   bit 4  --max-input-bytes 64 (lines with longer texts become error records)
 *   bit 5  --format text (no output checks beyond "no crash")
 *   bit 6  -j 2 (the worker ring, whose workers write in order; still byte-identical output)
 *   bit 7  --flat (one line per quote: no line-count check)
 * Differential check of the fast path (src/jsonl.c, used by batch.c before Jansson): for
 * each input line that is valid UTF-8, when qxb_jsonl_scan() accepts it, Jansson must parse
 * it too (bar number overflow), agree on "text" (present, a string, the same bytes after
 * qxb_jsonl_unescape, valid UTF-8, ASCII as text_ascii says) and on a string or integer
 * "id".
 * Checks: the run returns 0 or 1 (never a write error or a crash); in the JSON formats every
 * output line is a JSON object; without --flat there is exactly one output line per input
 * line (a line being what read_line() sees: text up to "\n", plus a last unterminated one),
 * each holding "quotes" or "error". Output is parsed with JSON_ALLOW_NUL: an escaped NUL is
 * valid JSON, and a --keep member copied from the input may hold one.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "jsonl.h"

#define FUZZ_NAME "fuzz_jsonl"
#include "fuzz.h"

static qx_model *model;
static char in_path[64];
static int in_fd = -1;

static void cleanup(void) {
    if (in_fd >= 0) {
        close(in_fd);
        unlink(in_path);
    }
    qx_model_free(model);
}

static void init(void) {
    if (model) {
        return;
    }
    qx_error err;
    memset(&err, 0, sizeof err);
    if (qx_model_new(&model, &err) != QX_OK) {
        fprintf(stderr, "fuzz_jsonl: qx_model_new: %s\n", err.text);
        abort();
    }
    const char *dir = getenv("TMPDIR");
    snprintf(in_path, sizeof in_path, "%.40s/qx-fuzz-jsonl-XXXXXX", dir && *dir ? dir : "/tmp");
    in_fd = mkstemp(in_path);
    if (in_fd < 0) {
        perror(in_path);
        abort();
    }
    atexit(cleanup);
}

/* Is s[0..n) valid UTF-8 (RFC 3629)? */
static bool valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t need;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
        } else {
            return false;
        }
        unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        for (size_t k = 1; k <= need; k++) {
            unsigned b = i + k < n ? s[i + k] : 0;
            if (b < (k == 1 ? lo : 0x80u) || b > (k == 1 ? hi : 0xBFu)) {
                return false;
            }
        }
        i += need + 1;
    }
    return true;
}

/* The string body s[0..n) as the fast path decodes it; malloc'd. */
static char *fast_string(const char *s, size_t n, bool escaped, size_t *len) {
    if (escaped) {
        return qxb_jsonl_unescape(s, n, len);
    }
    char *c = malloc(n + 1);
    REQUIRE(c != NULL, n, 0);
    memcpy(c, s, n);
    c[n] = '\0';
    *len = n;
    return c;
}

static void diff_line(const char *s, size_t n) {
    qxb_jsonl_line l;
    memset(&l, 0, sizeof l);
    if (!valid_utf8((const unsigned char *)s, n) || !qxb_jsonl_scan(s, n, &l)) {
        return;
    }
    json_error_t jerr;
    json_t *root = json_loadb(s, n, JSON_ALLOW_NUL, &jerr);
    if (root == NULL) {
        if (strstr(jerr.text, "too big") || strstr(jerr.text, "overflow")) {
            return;
        }
        fprintf(stderr, "fuzz_jsonl: qxb_jsonl_scan accepts what Jansson rejects: %s at %d\n",
                jerr.text, jerr.position);
        abort();
    }
    REQUIRE(json_is_object(root), 0, 0);
    json_t *text = json_object_get(root, "text");
    REQUIRE(l.has_text == (text != NULL), l.has_text, 0);
    if (text != NULL) {
        REQUIRE(l.text_is_string == json_is_string(text), l.text_is_string, 0);
    }
    if (text != NULL && json_is_string(text)) {
        REQUIRE(l.text_start <= l.text_end && l.text_end <= n, l.text_start, l.text_end);
        size_t fl = 0;
        char *f = fast_string(s + l.text_start, l.text_end - l.text_start, l.text_escaped, &fl);
        REQUIRE(f != NULL, 0, 0);
        REQUIRE(fl == json_string_length(text) && memcmp(f, json_string_value(text), fl) == 0,
                fl, json_string_length(text));
        /* what batch.c tells qx_extract without its own check (QXP_TEXT_UTF8, _ASCII): the
         * decoded text is valid UTF-8, and ASCII exactly when text_ascii says so */
        bool ascii = true;
        for (size_t k = 0; k < fl; k++) {
            ascii = ascii && (unsigned char)f[k] < 0x80;
        }
        REQUIRE(valid_utf8((const unsigned char *)f, fl), fl, 0);
        REQUIRE(l.text_ascii == ascii, l.text_ascii, ascii);
        free(f);
    }
    json_t *id = json_object_get(root, "id");
    if (l.id_kind == QXB_ID_STRING) {
        REQUIRE(json_is_string(id), 0, 0);
        REQUIRE(l.id_start + 2 <= l.id_end && l.id_end <= n, l.id_start, l.id_end);
        size_t il = 0;
        char *f = fast_string(s + l.id_start + 1, l.id_end - l.id_start - 2, l.id_escaped, &il);
        REQUIRE(f != NULL, 0, 0);
        REQUIRE(il == json_string_length(id) && memcmp(f, json_string_value(id), il) == 0, il,
                json_string_length(id));
        free(f);
    } else if (l.id_kind == QXB_ID_NONE) {
        REQUIRE(id == NULL, 0, 0);
    } else if (l.id_kind == QXB_ID_NULL) {
        REQUIRE(json_is_null(id), 0, 0);
    } else if (l.id_kind == QXB_ID_NUMBER) {
        REQUIRE(json_is_number(id), 0, 0);
    }
    json_decref(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    init();
    if (size == 0) {
        return 0;
    }
    unsigned sel = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t ln = nl ? (size_t)(nl - (text + pos)) : len - pos;
        size_t dl = ln > 0 && text[pos + ln - 1] == '\r' ? ln - 1 : ln; /* as read_line does */
        diff_line(text + pos, dl);
        pos += ln + 1;
    }
    REQUIRE(ftruncate(in_fd, 0) == 0, len, 0);
    REQUIRE(len == 0 || pwrite(in_fd, text, len, 0) == (ssize_t)len, len, 0);

    static const char *const keep[] = {"url", "date"};
    qxb_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.model = model;
    cfg.xopts = (sel & 1u) ? QX_OPT_STRICT_UTF8 : 0;
    if (sel & 2u) {
        cfg.xopts |= QX_OPT_ALL_KINDS;
        cfg.jflags |= QX_JSON_ALL_KINDS;
    }
    if (sel & 4u) {
        cfg.jflags |= QX_JSON_CODEPOINTS;
    }
    if (sel & 8u) {
        cfg.keep = keep;
        cfg.n_keep = 2;
    }
    cfg.max_input = (sel & 16u) ? 64 : (size_t)64 << 20;
    cfg.format = (sel & 32u) ? QXB_FORMAT_TEXT : QXB_FORMAT_JSON;
    cfg.jobs = (sel & 64u) ? 2 : 1;
    bool flat = (sel & 128u) != 0;
    if (flat) {
        cfg.jflags |= QX_JSON_FLAT;
    }
    char *buf = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&buf, &n);
    REQUIRE(out != NULL, 0, 0);
    cfg.out = out;
    cfg.out_name = "memory";
    int rc = qxb_run_jsonl(&cfg, in_path);
    REQUIRE(fclose(out) == 0, 0, 0);
    REQUIRE(rc == QXB_EXIT_OK || rc == QXB_EXIT_DOCS, (size_t)rc, 0);

    if (cfg.format == QXB_FORMAT_JSON) {
        size_t in_lines = 0;
        for (size_t i = 0; i < len; i++) {
            in_lines += text[i] == '\n';
        }
        if (len > 0 && text[len - 1] != '\n') {
            in_lines++;
        }
        size_t out_lines = 0, pos = 0;
        while (pos < n) {
            const char *nl = memchr(buf + pos, '\n', n - pos);
            REQUIRE(nl != NULL, pos, n); /* every record ends its line */
            size_t ln = (size_t)(nl - (buf + pos));
            json_error_t jerr;
            json_t *o = json_loadb(buf + pos, ln, JSON_ALLOW_NUL, &jerr);
            if (o == NULL) {
                fprintf(stderr, "fuzz_jsonl: output line %zu: %s\n", out_lines + 1, jerr.text);
            }
            REQUIRE(o != NULL && json_is_object(o), out_lines, ln);
            if (!flat) {
                REQUIRE(json_object_get(o, "quotes") != NULL ||
                            json_object_get(o, "error") != NULL,
                        out_lines, 0);
            }
            json_decref(o);
            out_lines++;
            pos += ln + 1;
        }
        if (!flat) {
            REQUIRE(out_lines == in_lines, out_lines, in_lines);
        }
    }
    free(buf);
    return 0;
}
