/*
 * view.c - human views of a document for the CLI (--format text|html).
 *
 * Inputs: a finished qx_doc, read only through the public API (quotex.h), and an output
 * stream. Outputs:
 *  - qxv_write_text: one block per quote (speaker, cue, the quote wrapped to 76 columns, kind,
 *    paragraph, score), optionally with ANSI colors;
 *  - qxv_write_html: one self-contained page (inline CSS and script, nothing fetched) with the
 *    article's paragraphs, every quote segment highlighted in its speaker's color, speaker
 *    labels, mentions, cues and addressees marked, tooltips, and a speaker panel that filters;
 *  - qxv_write_html_index: a page linking the per-document pages of a batch run.
 *
 * Invariants: every byte of the document (text, names, ids) goes through an escaper: HTML
 * metacharacters become entities, control characters become spaces, invalid UTF-8 becomes
 * U+FFFD, so neither the page nor the terminal can be driven by the input. The HTML is
 * well-formed whatever the spans: marks are opened in (start, longest first) order and a mark
 * that ends while marks opened after it are still open closes them and reopens them after
 * itself; every mark is closed at its paragraph's end and reopened in the next paragraph.
 *
 * Complexity: O(n + m log m) for n text bytes and m marks, plus O(d) per mark boundary for d
 * marks open at once (small: quotes nest at most QX_LIMIT_NESTING deep and a mention or cue
 * sits inside at most those). Memory: one array of marks and one stack, freed before return.
 */
#include "view.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Number of speaker colors; speaker i gets color i % QXV_PALETTE (12 hues stay distinct to
 * the eye; an article with more speakers repeats them, the label still names each). */
#define QXV_PALETTE 12
/* Text view: the quote is wrapped to this many columns (fits an 80-column terminal). */
#define QXV_WIDTH 76
/* Text view: indentation of the quote and detail lines under the speaker line. */
#define QXV_INDENT 4

/* ---- shared helpers --------------------------------------------------------------------- */

/* True when records of kind k are shown: the QX_JSON_KIND bits of jflags, or, when none is
 * set, the default kinds (direct, indirect, mixed), as qx_doc_to_json does. */
static bool kind_shown(unsigned jflags, qx_kind k) {
    unsigned kinds = jflags & QX_JSON_ALL_KINDS;
    if (kinds == 0) {
        kinds = QX_JSON_KIND(QX_KIND_DIRECT) | QX_JSON_KIND(QX_KIND_INDIRECT) |
                QX_JSON_KIND(QX_KIND_MIXED);
    }
    return (unsigned)k <= (unsigned)QX_KIND_TERM && (kinds & QX_JSON_KIND(k)) != 0;
}

/*
 * Decodes one UTF-8 character of s[i..n).
 * Arguments: s, n: the buffer; i < n: where the character starts; cp: receives the code point,
 * U+FFFD for an invalid sequence (overlong, surrogate, above U+10FFFF, truncated, stray
 * continuation byte).
 * Returns: the number of bytes consumed, >= 1 (one byte for an invalid sequence, so the scan
 * resynchronizes on the next byte).
 */
static size_t utf8_char(const unsigned char *s, size_t n, size_t i, uint32_t *cp) {
    unsigned char c = s[i];
    size_t len;
    uint32_t v;
    uint32_t min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1Fu, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0Fu, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07u, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (n - i < len) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t k = 1; k < len; k++) {
        if ((s[i + k] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i + k] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

/* True for characters never written as they are: C0 controls, DEL and C1 controls (an ESC
 * in an article must not reach the terminal; a C1 control is a parse error in HTML). */
static bool is_control(uint32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Writes code point cp as UTF-8. */
static void put_cp(FILE *out, uint32_t cp) {
    if (cp < 0x80) {
        putc((int)cp, out);
    } else if (cp < 0x800) {
        putc((int)(0xC0 | (cp >> 6)), out);
        putc((int)(0x80 | (cp & 0x3F)), out);
    } else if (cp < 0x10000) {
        putc((int)(0xE0 | (cp >> 12)), out);
        putc((int)(0x80 | ((cp >> 6) & 0x3F)), out);
        putc((int)(0x80 | (cp & 0x3F)), out);
    } else {
        putc((int)(0xF0 | (cp >> 18)), out);
        putc((int)(0x80 | ((cp >> 12) & 0x3F)), out);
        putc((int)(0x80 | ((cp >> 6) & 0x3F)), out);
        putc((int)(0x80 | (cp & 0x3F)), out);
    }
}

/* Writes s[0..n) for a terminal: controls (tab and newline included) as spaces, invalid UTF-8
 * as U+FFFD; everything else as it is. */
static void put_term(FILE *out, const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_char(u, n, i, &cp);
        put_cp(out, is_control(cp) ? ' ' : cp);
        i += len;
    }
}

/* Writes one character as HTML text or attribute value: the five metacharacters as
 * entities, newline as &#10; when nl_entity (tooltips keep their lines), other controls as
 * spaces, invalid UTF-8 as U+FFFD. */
static void put_html_cp(FILE *out, uint32_t cp, bool nl_entity) {
    switch (cp) {
        case '&':
            fputs("&amp;", out);
            return;
        case '<':
            fputs("&lt;", out);
            return;
        case '>':
            fputs("&gt;", out);
            return;
        case '"':
            fputs("&quot;", out);
            return;
        case '\'':
            fputs("&#39;", out);
            return;
        case '\n':
            fputs(nl_entity ? "&#10;" : " ", out);
            return;
        default:
            put_cp(out, is_control(cp) ? ' ' : cp);
            return;
    }
}

/* Writes s[0..n) escaped for HTML text and attribute values (see put_html_cp). */
static void put_html(FILE *out, const char *s, size_t n, bool nl_entity) {
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_char(u, n, i, &cp);
        put_html_cp(out, cp, nl_entity);
    }
}

/* put_html for a NUL-terminated string; NULL writes nothing. */
static void put_html_str(FILE *out, const char *s) {
    if (s != NULL) {
        put_html(out, s, strlen(s), true);
    }
}

/* The speaker's display name: the canonical name, or "unknown". */
static const char *speaker_name(const qx_quote *q) {
    return q->speaker != NULL && q->speaker[0] != '\0' ? q->speaker : "unknown";
}

/* Flag names, as in the JSON record's "flags" array. */
static const struct {
    unsigned bit;
    const char *name;
} qxv_flag_names[] = {
    {QX_QF_UNCLOSED, "unclosed"}, {QX_QF_MISMATCH, "mismatch"},   {QX_QF_MULTIPARA, "multipara"},
    {QX_QF_NESTED, "nested"},     {QX_QF_TRUNCATED, "truncated"}, {QX_QF_SPLIT, "split"},
};

/* Writes the names of the set flags separated by ", ". */
static void put_flags(FILE *out, unsigned flags) {
    bool first = true;
    for (size_t i = 0; i < sizeof qxv_flag_names / sizeof qxv_flag_names[0]; i++) {
        if (flags & qxv_flag_names[i].bit) {
            fputs(first ? "" : ", ", out); /* names are plain ASCII: safe for HTML too */
            fputs(qxv_flag_names[i].name, out);
            first = false;
        }
    }
}

/* Flushes the stream (a buffered write error shows only then) and returns 0, or -1 when the
 * stream saw a write error. */
static int stream_status(FILE *out) {
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}

/* ---- text view -------------------------------------------------------------------------- */

/* ANSI SGR colors for speakers: the six normal then the six bright foreground colors, so 12
 * speakers in a row get distinct colors, like the HTML palette. */
static const char *const qxv_ansi_speaker[QXV_PALETTE] = {
    "\033[1;31m", "\033[1;32m", "\033[1;33m", "\033[1;34m", "\033[1;35m", "\033[1;36m",
    "\033[1;91m", "\033[1;92m", "\033[1;93m", "\033[1;94m", "\033[1;95m", "\033[1;96m",
};
#define QXV_ANSI_RESET "\033[0m"
#define QXV_ANSI_DIM   "\033[2m"
#define QXV_ANSI_BOLD  "\033[1m"
#define QXV_ANSI_WARN  "\033[33m"

/* Writes `code` when color is on. */
static void sgr(FILE *out, bool color, const char *code) {
    if (color) {
        fputs(code, out);
    }
}

static bool is_space_byte(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * Writes text word-wrapped: lines start with QXV_INDENT spaces (one more after an opening
 * mark, so the words line up under the first) and stop before QXV_WIDTH columns (a column is
 * a code point; a word longer than a line gets a line of its own). White space runs fold
 * into one space, so a multi-paragraph quote reads as one block. open and close are written
 * around the text (the quotation marks, or "" for reported speech). Example (sample article):
 *     “First, we will respect the choice the American people, whatever it is.
 *      Second, we are ready to work with any future US president, whomever the
 *      Americans choose,”
 */
static void put_wrapped(FILE *out, const char *text, const char *open, const char *close) {
    const unsigned char *u = (const unsigned char *)text;
    size_t n = strlen(text);
    size_t col = QXV_INDENT;
    size_t i = 0;
    bool first = true;
    fprintf(out, "%*s%s", QXV_INDENT, "", open);
    col += strlen(open) > 0 ? 1 : 0;
    while (i < n) {
        while (i < n && is_space_byte(u[i])) {
            i++;
        }
        if (i == n) {
            break;
        }
        size_t w0 = i;
        size_t cols = 0;
        while (i < n && !is_space_byte(u[i])) {
            uint32_t cp;
            i += utf8_char(u, n, i, &cp);
            cols++;
        }
        if (!first && col + 1 + cols > QXV_WIDTH) {
            fprintf(out, "\n%*s", QXV_INDENT + (open[0] != '\0' ? 1 : 0), "");
            col = QXV_INDENT + (open[0] != '\0' ? 1u : 0u);
        } else if (!first) {
            putc(' ', out);
            col++;
        }
        put_term(out, text + w0, i - w0);
        col += cols;
        first = false;
    }
    fprintf(out, "%s\n", close);
}

int qxv_write_text(FILE *out, const qx_doc *doc, const char *id, unsigned jflags, bool color) {
    if (out == NULL) {
        return -1;
    }
    size_t nq = qx_doc_quote_count(doc);
    size_t shown = 0;
    size_t nspk = qx_doc_speaker_count(doc);
    for (size_t i = 0; i < nq; i++) {
        const qx_quote *q = qx_doc_quote(doc, i);
        if (q != NULL && kind_shown(jflags, q->kind)) {
            shown++;
        }
    }
    /* Header: "== id: 7 quotes, 2 speakers ==" */
    sgr(out, color, QXV_ANSI_BOLD);
    fputs("== ", out);
    if (id != NULL) {
        put_term(out, id, strlen(id));
        fputs(": ", out);
    }
    fprintf(out, "%zu quote%s, %zu speaker%s ==", shown, shown == 1 ? "" : "s", nspk,
            nspk == 1 ? "" : "s");
    sgr(out, color, QXV_ANSI_RESET);
    putc('\n', out);

    size_t num = 0;
    for (size_t i = 0; i < nq; i++) {
        const qx_quote *q = qx_doc_quote(doc, i);
        if (q == NULL || !kind_shown(jflags, q->kind)) {
            continue;
        }
        num++;
        putc('\n', out);
        /* Speaker line: " 3  Dmitry Peskov  stated  (to Anton Krasovsky)" */
        sgr(out, color, QXV_ANSI_DIM);
        fprintf(out, "%2zu", num);
        sgr(out, color, QXV_ANSI_RESET);
        fputs("  ", out);
        if (q->speaker != NULL && q->speaker_index >= 0) { /* known: its color */
            sgr(out, color, qxv_ansi_speaker[(size_t)q->speaker_index % QXV_PALETTE]);
        } else {
            sgr(out, color, QXV_ANSI_DIM);
        }
        const char *name = speaker_name(q);
        put_term(out, name, strlen(name));
        sgr(out, color, QXV_ANSI_RESET);
        if (q->cue.text != NULL) {
            fputs("  ", out);
            sgr(out, color, QXV_ANSI_BOLD);
            put_term(out, q->cue.text, strlen(q->cue.text));
            sgr(out, color, QXV_ANSI_RESET);
        }
        if (q->addressee.text != NULL) {
            fputs("  (to ", out);
            put_term(out, q->addressee.text, strlen(q->addressee.text));
            putc(')', out);
        }
        putc('\n', out);
        /* The quote: in quotation marks unless it is reported speech, which has none. */
        bool marks = q->kind != QX_KIND_INDIRECT;
        put_wrapped(out, q->text != NULL ? q->text : "", marks ? "\xE2\x80\x9C" : "",
                    marks ? "\xE2\x80\x9D" : "");
        /* Details: "direct · paragraph 8 · score 90 · via name · rule Q,SV" */
        const char *kind = qx_kind_name(q->kind);
        const char *via = qx_via_name(q->via);
        fprintf(out, "%*s", QXV_INDENT, "");
        sgr(out, color, QXV_ANSI_DIM);
        fprintf(out, "%s \xC2\xB7 paragraph %zu \xC2\xB7 score %d", kind != NULL ? kind : "?",
                q->paragraph, q->score);
        if (via != NULL && q->via != QX_VIA_NONE) {
            fprintf(out, " \xC2\xB7 via %s", via);
        }
        if (q->rule != NULL) {
            fputs(" \xC2\xB7 rule ", out);
            put_term(out, q->rule, strlen(q->rule));
        }
        sgr(out, color, QXV_ANSI_RESET);
        if (q->flags != 0) {
            fputs(" ", out);
            sgr(out, color, QXV_ANSI_WARN);
            putc('[', out);
            put_flags(out, q->flags);
            putc(']', out);
            sgr(out, color, QXV_ANSI_RESET);
        }
        putc('\n', out);
    }
    if (shown == 0) {
        fputs("(no quotes)\n", out);
    }
    return stream_status(out);
}

/* ---- HTML view -------------------------------------------------------------------------- */

/* Mark types, in nesting order for marks with the same span: a quote outside a mention
 * outside an addressee outside a cue. */
enum { QXV_M_QUOTE, QXV_M_MENTION, QXV_M_ADDRESSEE, QXV_M_CUE };

/* One span to mark up. */
typedef struct qxv_mark {
    size_t start, end;
    size_t ref;    /* quote index (quote, cue, addressee) or speaker index (mention) */
    long si;       /* speaker index for color and filtering, -1 when unknown */
    unsigned type; /* QXV_M_* */
    size_t seg;    /* segment number of a quote mark (keeps the sort total) */
} qxv_mark;

static int mark_cmp(const void *a, const void *b) {
    const qxv_mark *x = a;
    const qxv_mark *y = b;
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    if (x->end != y->end) {
        return x->end > y->end ? -1 : 1; /* longest first: it encloses the others */
    }
    if (x->type != y->type) {
        return x->type < y->type ? -1 : 1;
    }
    if (x->ref != y->ref) {
        return x->ref < y->ref ? -1 : 1;
    }
    return x->seg < y->seg ? -1 : (x->seg > y->seg ? 1 : 0);
}

/* The page's style: palette (--bg highlight, --fg label and underline per speaker), a two-
 * column layout on wide screens and one column with the panel on top on narrow ones. */
static const char qxv_css[] =
    ":root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--paper:#fff;--side:#f6f8fa}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:17px/1.6 Georgia,'Times New Roman',serif;color:var(--ink);"
    "background:var(--paper)}\n"
    "header{padding:12px 20px;border-bottom:1px solid var(--line);font-family:system-ui,"
    "-apple-system,'Segoe UI',sans-serif}\n"
    "header h1{font-size:18px;margin:0;overflow-wrap:anywhere}\n"
    "header p{margin:2px 0 0;color:var(--muted);font-size:14px}\n"
    ".qx-layout{display:grid;grid-template-columns:minmax(0,46em) 17em;gap:28px;"
    "padding:16px 20px;justify-content:center}\n"
    ".qx-article p{margin:0 0 1em;overflow-wrap:break-word}\n"
    ".qx-empty{color:var(--muted);font-style:italic}\n"
    ".qx-panel{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;position:sticky;"
    "top:12px;align-self:start;background:var(--side);border:1px solid var(--line);"
    "border-radius:8px;padding:12px}\n"
    ".qx-panel h2{font-size:13px;text-transform:uppercase;letter-spacing:.05em;"
    "color:var(--muted);margin:0 0 8px}\n"
    ".qx-panel ul{list-style:none;margin:0 0 12px;padding:0}\n"
    ".qx-panel li{margin:0 0 4px}\n"
    ".qx-filter{display:flex;align-items:center;gap:8px;width:100%;text-align:left;"
    "font:inherit;color:inherit;background:#fff;border:1px solid var(--line);"
    "border-radius:6px;padding:6px 8px;cursor:pointer}\n"
    ".qx-filter[aria-pressed=true]{border-color:var(--ink);box-shadow:0 0 0 1px var(--ink)}\n"
    ".qx-swatch{width:12px;height:12px;border-radius:3px;flex:none;background:var(--fg)}\n"
    ".qx-name{flex:1;overflow-wrap:anywhere}\n"
    ".qx-count{color:var(--muted);font-variant-numeric:tabular-nums}\n"
    ".qx-legend{color:var(--muted);margin:0}\n"
    ".qx-legend span{margin-right:6px}\n"
    ".qx-quote{background:var(--bg);box-shadow:inset 0 -2px 0 var(--fg);border-radius:2px;"
    "cursor:help;-webkit-box-decoration-break:clone;box-decoration-break:clone}\n"
    ".qx-label{font:600 11px/1 system-ui,-apple-system,'Segoe UI',sans-serif;color:#fff;"
    "background:var(--fg);border-radius:3px;padding:2px 4px;margin-right:3px;"
    "vertical-align:2px;white-space:nowrap;user-select:none}\n"
    ".qx-mention{border-bottom:2px dotted var(--fg);font-weight:600}\n"
    ".qx-addressee{border-bottom:1px dashed var(--muted)}\n"
    ".qx-cue{font-style:italic;text-decoration:underline;text-decoration-color:var(--fg);"
    "text-decoration-thickness:2px}\n"
    ".qx-off.qx-quote{background:none;box-shadow:none;cursor:auto}\n"
    ".qx-off.qx-label{display:none}\n"
    ".qx-off.qx-mention,.qx-off.qx-cue{border:0;font-weight:inherit;font-style:inherit;"
    "text-decoration:none}\n"
    "#qx-detail{position:fixed;left:8px;right:8px;bottom:8px;max-width:40em;margin:auto;"
    "background:#1f2328;color:#fff;font:14px/1.4 system-ui,sans-serif;padding:10px 12px;"
    "border-radius:8px;white-space:pre-line;box-shadow:0 4px 16px rgba(0,0,0,.3)}\n"
    "#qx-detail[hidden]{display:none}\n"
    ".qx-cu{--bg:#e5e7eb;--fg:#6b7280}\n"
    ".qx-c0{--bg:#fde68a;--fg:#b45309}.qx-c1{--bg:#bfdbfe;--fg:#1d4ed8}"
    ".qx-c2{--bg:#bbf7d0;--fg:#15803d}.qx-c3{--bg:#fbcfe8;--fg:#be185d}\n"
    ".qx-c4{--bg:#ddd6fe;--fg:#6d28d9}.qx-c5{--bg:#fed7aa;--fg:#c2410c}"
    ".qx-c6{--bg:#a5f3fc;--fg:#0e7490}.qx-c7{--bg:#d9f99d;--fg:#4d7c0f}\n"
    ".qx-c8{--bg:#fecaca;--fg:#b91c1c}.qx-c9{--bg:#c7d2fe;--fg:#4338ca}"
    ".qx-c10{--bg:#99f6e4;--fg:#0f766e}.qx-c11{--bg:#f5d0fe;--fg:#a21caf}\n"
    "@media (max-width:820px){body{font-size:16px}.qx-layout{grid-template-columns:minmax(0,1fr);"
    "padding:10px 12px;gap:12px}.qx-panel{position:static;order:-1}"
    ".qx-panel ul{display:flex;flex-wrap:wrap;gap:6px}.qx-panel li{margin:0}"
    ".qx-filter{width:auto}}\n";

/* The page's script: a click on a speaker dims every other speaker's marks (data-si is the
 * speaker index, "u" for unknown), "Show all" undoes it; a click on a quote shows its
 * tooltip in a box at the bottom, for touch screens that have no hover. Last, it marks
 * <html data-qx-ready="1">, which the browser test checks to know the script ran. */
static const char qxv_js[] =
    "(function(){\n"
    "var art=document.getElementById('qx-article'),panel=document.getElementById('qx-panel'),"
    "box=document.getElementById('qx-detail');\n"
    "function show(si){\n"
    " var els=art.querySelectorAll('[data-si]');\n"
    " for(var i=0;i<els.length;i++){els[i].classList.toggle('qx-off',si!==null&&"
    "els[i].getAttribute('data-si')!==si);}\n"
    " var bs=panel.querySelectorAll('.qx-filter');\n"
    " for(var j=0;j<bs.length;j++){var b=bs[j].getAttribute('data-si');"
    "bs[j].setAttribute('aria-pressed',String(si===null?b==='all':b===si));}\n"
    "}\n"
    "panel.addEventListener('click',function(e){var b=e.target.closest('.qx-filter');"
    "if(!b)return;var si=b.getAttribute('data-si');show(si==='all'?null:si);});\n"
    "art.addEventListener('click',function(e){var q=e.target.closest('.qx-quote');"
    "if(!q||q.classList.contains('qx-off')){box.hidden=true;return;}"
    "box.textContent=q.getAttribute('title');box.hidden=false;});\n"
    "box.addEventListener('click',function(){box.hidden=true;});\n"
    "document.documentElement.setAttribute('data-qx-ready','1');\n"
    "})();\n";

/* Writes the color class of speaker si: "qx-c3", or "qx-cu" for an unknown speaker. */
static void put_color_class(FILE *out, long si) {
    if (si < 0) {
        fputs("qx-cu", out);
    } else {
        fprintf(out, "qx-c%zu", (size_t)si % QXV_PALETTE);
    }
}

/* Writes ` data-si="3" data-speaker="Name"` (data-speaker only when the speaker is known). */
static void put_speaker_attrs(FILE *out, long si, const char *name) {
    if (si < 0) {
        fputs(" data-si=\"u\"", out);
    } else {
        fprintf(out, " data-si=\"%ld\"", si);
    }
    if (name != NULL) {
        fputs(" data-speaker=\"", out);
        put_html_str(out, name);
        putc('"', out);
    }
}

/* The speaker index of a quote, -1 when unknown or out of range (speakers: their count). */
static long quote_si(const qx_quote *q, size_t speakers) {
    if (q->speaker == NULL || q->speaker_index < 0 || (size_t)q->speaker_index >= speakers) {
        return -1;
    }
    return q->speaker_index;
}

/* Writes the tooltip of a quote: speaker and kind, cue, rule, via, score and flags, one per
 * line. Example: "Dmitry Peskov: direct quote\ncue: stated (state)\nrule: Q,SV\nvia: name\n
 * score: 90". */
static void put_quote_title(FILE *out, const qx_quote *q) {
    const char *kind = qx_kind_name(q->kind);
    const char *via = qx_via_name(q->via);
    put_html_str(out, speaker_name(q));
    fputs(": ", out);
    fputs(kind != NULL ? kind : "?", out);
    fputs(q->kind == QX_KIND_TERM ? " (not speech)" : " quote", out);
    fputs("&#10;cue: ", out);
    if (q->cue.text != NULL) {
        put_html_str(out, q->cue.text);
        if (q->cue_lemma != NULL) {
            fputs(" (", out);
            put_html_str(out, q->cue_lemma);
            putc(')', out);
        }
    } else {
        fputs("none", out);
    }
    if (q->addressee.text != NULL) {
        fputs("&#10;to: ", out);
        put_html_str(out, q->addressee.text);
    }
    fputs("&#10;rule: ", out);
    put_html_str(out, q->rule != NULL ? q->rule : "none");
    fputs("&#10;via: ", out);
    fputs(via != NULL ? via : "?", out);
    fprintf(out, "&#10;score: %d", q->score);
    if (q->flags != 0) {
        fputs("&#10;flags: ", out);
        put_flags(out, q->flags);
    }
}

/* Writes a quote's label: its speaker's name in the speaker's color ("unknown" when none; a
 * term, 'Russiagate', is not speech and says "term"). It goes before the opening mark. */
static void put_label(FILE *out, const qx_doc *doc, const qxv_mark *m) {
    const qx_quote *q = qx_doc_quote(doc, m->ref);
    if (q == NULL) {
        return;
    }
    fputs("<span class=\"qx-label ", out);
    put_color_class(out, m->si);
    fputs("\" aria-hidden=\"true\"", out);
    put_speaker_attrs(out, m->si, m->si >= 0 ? q->speaker : NULL);
    putc('>', out);
    put_html_str(out, q->kind == QX_KIND_TERM && m->si < 0 ? "term" : speaker_name(q));
    fputs("</span>", out);
}

/* Writes the opening tag of mark m (the first time, and again each time it is reopened). */
static void open_mark(FILE *out, const qx_doc *doc, const qxv_mark *m) {
    if (m->type == QXV_M_MENTION) {
        const qx_speaker *sp = qx_doc_speaker(doc, m->ref);
        const char *name = sp != NULL ? sp->name : NULL;
        fputs("<span class=\"qx-mention ", out);
        put_color_class(out, m->si);
        putc('"', out);
        put_speaker_attrs(out, m->si, name);
        fputs(" title=\"mention of ", out);
        put_html_str(out, name != NULL ? name : "unknown");
        fputs("\">", out);
        return;
    }
    const qx_quote *q = qx_doc_quote(doc, m->ref);
    if (q == NULL) { /* cannot happen: marks are made from existing quotes */
        fputs("<span>", out);
        return;
    }
    const char *name = m->si >= 0 ? q->speaker : NULL;
    if (m->type == QXV_M_QUOTE) {
        const char *kind = qx_kind_name(q->kind);
        fprintf(out, "<span class=\"qx-quote qx-k-%s ", kind != NULL ? kind : "unknown");
        put_color_class(out, m->si);
        fprintf(out, "\" data-q=\"%zu\" data-kind=\"%s\"", m->ref, kind != NULL ? kind : "");
        put_speaker_attrs(out, m->si, name);
        fputs(" title=\"", out);
        put_quote_title(out, q);
        fputs("\">", out);
    } else if (m->type == QXV_M_CUE) {
        fputs("<span class=\"qx-cue ", out);
        put_color_class(out, m->si);
        putc('"', out);
        put_speaker_attrs(out, m->si, name);
        fputs(" title=\"cue of ", out);
        put_html_str(out, speaker_name(q));
        if (q->cue_lemma != NULL) {
            fputs(": ", out);
            put_html_str(out, q->cue_lemma);
        }
        fputs("\">", out);
    } else {
        fputs("<span class=\"qx-addressee\" title=\"addressee of ", out);
        put_html_str(out, speaker_name(q));
        fputs("\">", out);
    }
}

/* Adds a mark for span sp when it is not empty and lies within the text (clipped to len). */
static void add_mark(qxv_mark *marks, size_t *n, qx_span sp, size_t len, unsigned type, size_t ref,
                     long si, size_t seg) {
    if (sp.end > len) {
        sp.end = len;
    }
    if (sp.start >= sp.end) {
        return;
    }
    marks[*n] = (qxv_mark){sp.start, sp.end, ref, si, type, seg};
    (*n)++;
}

/* Where a quote's label goes: before its opening mark (outer.start), or before its content
 * when the record has no marks (reported speech): “[Peskov]First, we ...” would split the
 * mark from its words, so it is [Peskov]“First, we ...”. */
static size_t label_at(const qx_quote *q) {
    size_t at = q->segments != NULL && q->n_segments > 0 ? q->segments[0].start : q->span.start;
    if (q->outer.end > q->outer.start && q->outer.start <= at) {
        at = q->outer.start;
    }
    return at;
}

/*
 * Collects the marks of the shown quotes (each segment, cue, addressee, speaker mention) and
 * of every speaker's mentions, sorted by mark_cmp, duplicates (same span and type) dropped;
 * and the quotes' labels (type QXV_M_QUOTE, start = where the label goes), in text order.
 * Returns: the array (to free; the labels live in it too) with *n_out marks, *labels and
 * *n_labels, or NULL with both counts 0 (nothing to mark, or OOM: the page then shows the
 * plain text, which is still a valid page).
 */
static qxv_mark *collect_marks(const qx_doc *doc, unsigned jflags, size_t len, size_t *n_out,
                               const qxv_mark **labels, size_t *n_labels) {
    size_t nq = qx_doc_quote_count(doc);
    size_t nspk = qx_doc_speaker_count(doc);
    size_t cap = 0;
    size_t n = 0;
    size_t shown = 0;
    size_t nl = 0;
    *n_out = 0;
    *n_labels = 0;
    *labels = NULL;
    for (size_t i = 0; i < nq; i++) {
        const qx_quote *q = qx_doc_quote(doc, i);
        if (q != NULL && kind_shown(jflags, q->kind)) {
            if (q->n_segments > SIZE_MAX / 2 - cap - 4) {
                return NULL;
            }
            cap += (q->segments != NULL ? q->n_segments : 1) + 3;
            shown++;
        }
    }
    for (size_t s = 0; s < nspk; s++) {
        const qx_speaker *sp = qx_doc_speaker(doc, s);
        if (sp != NULL) {
            if (sp->n_mentions > SIZE_MAX / 2 - cap) {
                return NULL;
            }
            cap += sp->n_mentions;
        }
    }
    if (cap == 0 || cap > SIZE_MAX / 2 / sizeof(qxv_mark)) {
        return NULL;
    }
    qxv_mark *marks = malloc((cap + shown) * sizeof *marks);
    if (marks == NULL) {
        return NULL;
    }
    qxv_mark *lab = marks + cap;
    for (size_t i = 0; i < nq; i++) {
        const qx_quote *q = qx_doc_quote(doc, i);
        if (q == NULL || !kind_shown(jflags, q->kind)) {
            continue;
        }
        long si = quote_si(q, nspk);
        size_t at = label_at(q);
        if (at < len) {
            lab[nl++] = (qxv_mark){at, at, i, si, QXV_M_QUOTE, 0};
        }
        if (q->segments != NULL && q->n_segments > 0) {
            for (size_t k = 0; k < q->n_segments; k++) {
                add_mark(marks, &n, q->segments[k], len, QXV_M_QUOTE, i, si, k);
            }
        } else {
            add_mark(marks, &n, q->span, len, QXV_M_QUOTE, i, si, 0);
        }
        if (q->cue.text != NULL) {
            add_mark(marks, &n, q->cue.span, len, QXV_M_CUE, i, si, 0);
        }
        if (q->addressee.text != NULL) {
            add_mark(marks, &n, q->addressee.span, len, QXV_M_ADDRESSEE, i, si, 0);
        }
        if (q->speaker_mention.text != NULL && si >= 0) {
            add_mark(marks, &n, q->speaker_mention.span, len, QXV_M_MENTION, (size_t)si, si, 0);
        }
    }
    for (size_t s = 0; s < nspk; s++) {
        const qx_speaker *sp = qx_doc_speaker(doc, s);
        for (size_t k = 0; sp != NULL && sp->mentions != NULL && k < sp->n_mentions; k++) {
            add_mark(marks, &n, sp->mentions[k].span, len, QXV_M_MENTION, s, (long)s, 0);
        }
    }
    qsort(marks, n, sizeof *marks, mark_cmp);
    qsort(lab, nl, sizeof *lab, mark_cmp);
    /* A speaker's mention usually appears twice (in its quote and in its speaker's list):
     * keep one mark per span and type. */
    size_t w = 0;
    for (size_t r = 0; r < n; r++) {
        if (w > 0 && marks[w - 1].start == marks[r].start && marks[w - 1].end == marks[r].end &&
            marks[w - 1].type == marks[r].type &&
            (marks[r].type != QXV_M_QUOTE || marks[w - 1].ref == marks[r].ref)) {
            continue;
        }
        marks[w++] = marks[r];
    }
    *n_out = w;
    *labels = lab;
    *n_labels = nl;
    return marks;
}

/* State of the markup sweep: marks open (logically) in the order they were opened. */
typedef struct qxv_sweep {
    FILE *out;
    const qx_doc *doc;
    const qxv_mark *marks;
    size_t n_marks, next; /* next: first mark not yet opened */
    size_t *stack, depth;
    size_t min_end; /* smallest end among open marks, SIZE_MAX when none */
    const qxv_mark *labels;
    size_t n_labels, next_label; /* next_label: first label not yet written */
} qxv_sweep;

static void update_min_end(qxv_sweep *w) {
    w->min_end = SIZE_MAX;
    for (size_t i = 0; i < w->depth; i++) {
        if (w->marks[w->stack[i]].end < w->min_end) {
            w->min_end = w->marks[w->stack[i]].end;
        }
    }
}

/*
 * Closes the marks that end at or before p. Tags are nested, so closing a mark also closes
 * every mark opened after it; those still running are reopened in the same order.
 * Example: mention [5,20) opened after quote [0,10): at 10 the output is
 * "</span></span><span class=qx-mention...>" (mention closed, quote closed, mention reopened).
 * emit: false between paragraphs, where no tag is physically open.
 */
static void close_until(qxv_sweep *w, size_t p, bool emit) {
    if (p < w->min_end) {
        return;
    }
    size_t lo = 0;
    while (lo < w->depth && w->marks[w->stack[lo]].end > p) {
        lo++;
    }
    if (emit) {
        for (size_t i = w->depth; i > lo; i--) {
            fputs("</span>", w->out);
        }
    }
    size_t keep = lo;
    for (size_t i = lo; i < w->depth; i++) {
        if (w->marks[w->stack[i]].end > p) {
            w->stack[keep++] = w->stack[i];
            if (emit) {
                open_mark(w->out, w->doc, &w->marks[w->stack[i]]);
            }
        }
    }
    w->depth = keep;
    update_min_end(w);
}

/* Opens the marks that start at or before p and end after it (a mark that started between
 * paragraphs opens at the next paragraph's start; an empty one never opens). */
static void open_until(qxv_sweep *w, size_t p) {
    bool changed = false;
    while (w->next < w->n_marks && w->marks[w->next].start <= p) {
        const qxv_mark *m = &w->marks[w->next];
        if (m->end > p) {
            open_mark(w->out, w->doc, m);
            w->stack[w->depth++] = w->next;
            changed = true;
        }
        w->next++;
    }
    if (changed) {
        update_min_end(w);
    }
}

/* Writes the labels that go at or before p (one placed between paragraphs comes at the
 * start of the next). */
static void labels_until(qxv_sweep *w, size_t p) {
    while (w->next_label < w->n_labels && w->labels[w->next_label].start <= p) {
        put_label(w->out, w->doc, &w->labels[w->next_label]);
        w->next_label++;
    }
}

/* Writes the article: one <p> per paragraph, line breaks inside as <br>, marks as spans.
 * w: a sweep over the document's marks and labels, with nothing opened yet. */
static void put_article(qxv_sweep *w) {
    FILE *out = w->out;
    const qx_doc *doc = w->doc;
    size_t len = 0;
    size_t np = 0;
    const char *text = qx_doc_text(doc, &len);
    const qx_span *paras = qx_doc_paragraphs(doc, &np);
    qx_span whole = {0, len};
    if (text == NULL) {
        len = 0;
    }
    if (paras == NULL || np == 0) { /* no paragraph list: the whole text is one */
        paras = &whole;
        np = len > 0 ? 1 : 0;
    }
    const unsigned char *u = (const unsigned char *)text;
    size_t prev_end = 0;
    size_t written = 0;
    for (size_t k = 0; k < np; k++) {
        size_t ps = paras[k].start;
        size_t pe = paras[k].end;
        if (pe > len) {
            pe = len;
        }
        if (ps < prev_end) {
            ps = prev_end;
        }
        if (ps >= pe) {
            continue;
        }
        prev_end = pe;
        close_until(w, ps, false);
        fputs("<p>", out);
        for (size_t i = 0; i < w->depth; i++) {
            open_mark(out, doc, &w->marks[w->stack[i]]);
        }
        for (size_t p = ps; p < pe;) {
            close_until(w, p, true);
            labels_until(w, p);
            open_until(w, p);
            uint32_t cp;
            size_t clen = utf8_char(u, pe, p, &cp);
            if (cp == '\r' && p + 1 < pe && u[p + 1] == '\n') {
                /* CRLF: the LF writes the break */
            } else if (cp == '\n' || cp == '\r') {
                fputs("<br>\n", out);
            } else {
                put_html_cp(out, cp, false);
            }
            p += clen;
        }
        close_until(w, pe, true);
        for (size_t i = 0; i < w->depth; i++) {
            fputs("</span>", out);
        }
        fputs("</p>\n", out);
        written++;
    }
    if (written == 0) {
        fputs("<p class=\"qx-empty\">(empty document)</p>\n", out);
    }
}

/* Writes the speaker panel: one filter button per speaker with shown quotes (and "unknown"
 * for quotes without a speaker), with counts, then "Show all" and a legend. */
static int put_panel(FILE *out, const qx_doc *doc, unsigned jflags) {
    size_t nq = qx_doc_quote_count(doc);
    size_t nspk = qx_doc_speaker_count(doc);
    size_t unknown = 0;
    size_t *counts = calloc(nspk > 0 ? nspk : 1, sizeof *counts);
    if (counts == NULL) {
        return -1;
    }
    for (size_t i = 0; i < nq; i++) {
        const qx_quote *q = qx_doc_quote(doc, i);
        if (q == NULL || !kind_shown(jflags, q->kind)) {
            continue;
        }
        long si = quote_si(q, nspk);
        if (si < 0) {
            unknown++;
        } else {
            counts[si]++;
        }
    }
    fputs("<aside class=\"qx-panel\" id=\"qx-panel\">\n<h2>Speakers</h2>\n<ul>\n", out);
    for (size_t s = 0; s < nspk; s++) {
        const qx_speaker *sp = qx_doc_speaker(doc, s);
        if (sp == NULL || counts[s] == 0) {
            continue;
        }
        fprintf(out,
                "<li><button type=\"button\" class=\"qx-filter qx-c%zu\" data-si=\"%zu\" "
                "aria-pressed=\"false\" data-speaker=\"",
                s % QXV_PALETTE, s);
        put_html_str(out, sp->name);
        fputs("\"><span class=\"qx-swatch\"></span><span class=\"qx-name\">", out);
        put_html_str(out, sp->name != NULL ? sp->name : "unknown");
        fprintf(out, "</span><span class=\"qx-count\">%zu</span></button></li>\n", counts[s]);
    }
    if (unknown > 0) {
        fprintf(out,
                "<li><button type=\"button\" class=\"qx-filter qx-cu\" data-si=\"u\" "
                "aria-pressed=\"false\"><span class=\"qx-swatch\"></span><span "
                "class=\"qx-name\">unknown</span><span class=\"qx-count\">%zu</span></button>"
                "</li>\n",
                unknown);
    }
    fputs("<li><button type=\"button\" class=\"qx-filter qx-all\" data-si=\"all\" "
          "aria-pressed=\"true\"><span class=\"qx-name\">Show all</span></button></li>\n"
          "</ul>\n<p class=\"qx-legend\"><span class=\"qx-quote qx-cu\">quote</span>"
          "<span class=\"qx-mention qx-cu\">speaker</span><span class=\"qx-cue qx-cu\">cue"
          "</span><span class=\"qx-addressee\">addressee</span></p>\n</aside>\n",
          out);
    free(counts);
    return 0;
}

/* Writes the document head (doctype, meta, title, style). */
static void put_head(FILE *out, const char *title) {
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"quotex " QX_VERSION_STRING "\">\n<title>",
          out);
    put_html_str(out, title);
    fputs("</title>\n<style>\n", out);
    fputs(qxv_css, out);
    fputs("</style>\n</head>\n", out);
}

int qxv_write_html(FILE *out, const qx_doc *doc, const char *id, unsigned jflags) {
    if (out == NULL) {
        return -1;
    }
    size_t len = 0;
    size_t n_marks = 0;
    size_t n_labels = 0;
    const qxv_mark *labels = NULL;
    (void)qx_doc_text(doc, &len);
    qxv_mark *marks = collect_marks(doc, jflags, len, &n_marks, &labels, &n_labels);
    size_t *stack = malloc((n_marks > 0 ? n_marks : 1) * sizeof *stack);
    if (stack == NULL) {
        free(marks);
        return -1;
    }
    size_t nq = qx_doc_quote_count(doc);
    size_t shown = 0;
    size_t nspk = qx_doc_speaker_count(doc);
    for (size_t i = 0; i < nq; i++) {
        const qx_quote *q = qx_doc_quote(doc, i);
        if (q != NULL && kind_shown(jflags, q->kind)) {
            shown++;
        }
    }
    put_head(out, id != NULL ? id : "quotex");
    fputs("<body>\n<header><h1>", out);
    put_html_str(out, id != NULL ? id : "quotex");
    fprintf(out, "</h1><p>%zu quote%s, %zu speaker%s \xC2\xB7 quotex %s</p></header>\n", shown,
            shown == 1 ? "" : "s", nspk, nspk == 1 ? "" : "s", qx_version_string());
    fputs("<div class=\"qx-layout\">\n<main class=\"qx-article\" id=\"qx-article\">\n", out);
    qxv_sweep sweep = {out, doc, marks, n_marks, 0, stack, 0, SIZE_MAX, labels, n_labels, 0};
    put_article(&sweep);
    fputs("</main>\n", out);
    int rc = put_panel(out, doc, jflags);
    fputs("</div>\n<div id=\"qx-detail\" role=\"status\" hidden></div>\n<script>\n", out);
    fputs(qxv_js, out);
    fputs("</script>\n</body>\n</html>\n", out);
    free(stack);
    free(marks);
    return rc == 0 ? stream_status(out) : -1;
}

/* Writes a file name as a relative URL: unreserved bytes and '/' as they are, the rest
 * percent-encoded, so "a b#1.html" links to "a%20b%231.html". */
static void put_href(FILE *out, const char *name) {
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
            putc(c, out);
        } else {
            putc('%', out);
            putc(hex[c >> 4], out);
            putc(hex[c & 15], out);
        }
    }
}

int qxv_write_html_index(FILE *out, const char *const *names, const char *const *ids,
                         const size_t *counts, size_t n) {
    if (out == NULL) {
        return -1;
    }
    size_t total = 0;
    for (size_t i = 0; counts != NULL && i < n; i++) {
        total += counts[i];
    }
    put_head(out, "quotex: index");
    fprintf(out,
            "<body>\n<header><h1>quotex</h1><p>%zu document%s, %zu quote%s</p></header>\n"
            "<div class=\"qx-layout\">\n<main class=\"qx-article\">\n<ol class=\"qx-index\">\n",
            n, n == 1 ? "" : "s", total, total == 1 ? "" : "s");
    for (size_t i = 0; names != NULL && i < n; i++) {
        if (names[i] == NULL) {
            continue;
        }
        const char *label = ids != NULL && ids[i] != NULL ? ids[i] : names[i];
        size_t c = counts != NULL ? counts[i] : 0;
        fputs("<li><a href=\"", out);
        put_href(out, names[i]);
        fputs("\">", out);
        put_html_str(out, label);
        fprintf(out, "</a> <span class=\"qx-count\">%zu quote%s</span></li>\n", c,
                c == 1 ? "" : "s");
    }
    fputs("</ol>\n</main>\n</div>\n</body>\n</html>\n", out);
    return stream_status(out);
}
