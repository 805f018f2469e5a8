"""quotex: quotations and their speakers, from Python (ctypes binding of libquotex).

Standard library only. The C library does the work; this module loads it with ctypes,
calls qx_extract() and turns the document's JSON record (the very record the quotex
command prints, with code point offsets) into Python objects.

    >>> import quotex
    >>> text = 'Peskov said: \u201cWe respect the choice.\u201d'
    >>> [(q.speaker, q.text) for q in quotex.extract(text)]
    [('Peskov', 'We respect the choice.')]
    >>> q = quotex.extract(text)[0]
    >>> text[q.start:q.end]
    'We respect the choice.'

Offsets (start, end, segments, speaker_mention, cue, addressee) are Python string indexes:
``text[q.start:q.end]`` is the quoted content without its marks. For bytes input they index
``data.decode("utf-8", "replace")``.

API
    extract(text, **options) -> list[Quote]
    extract_record(text, id=None, **options) -> dict       the CLI's JSON record
    extract_jsonl(lines, **options) -> iterator of dicts   like `quotex --jsonl`
    Extractor(lexicons=None)                               a model kept for reuse
    QuotexError, version(), library_path()

Options (keyword arguments)
    kinds            "all", or a list (or comma-separated string) of "direct", "indirect",
                     "mixed", "block", "term"; default: direct, indirect and mixed
    strict_utf8      bool: invalid UTF-8 in bytes input raises QuotexError (a ValueError)
                     instead of being replaced by U+FFFD
    no_single_quotes bool: pair only double quotation marks at the top level
    no_indirect      bool: skip the search for reported speech

Threads: an Extractor holds an immutable C model; any number of threads may call its
methods at once (each call makes its own document, and ctypes releases the GIL during the
C call, so threads really run in parallel).

Finding the library: the QUOTEX_LIB environment variable (a path to libquotex.so), then the
installed library (libquotex.so.0 through the dynamic loader, then ctypes.util.find_library),
then build/release/libquotex.so of the source tree this package sits in.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import json
import os
import threading
from typing import Any, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

__all__ = [
    "Quote", "Mention", "Cue", "Extractor", "QuotexError", "extract", "extract_record",
    "extract_jsonl", "version", "library_path", "KINDS",
]

__version__ = "0.1.0"

#: The ABI major version (the soname's number) this binding was written for.
ABI_MAJOR = 0

#: Record kinds, in the order of the C enum qx_kind.
KINDS = ("direct", "indirect", "mixed", "block", "term")

# Values copied from src/quotex.h.
_QX_OK = 0
_QX_ERR_NOMEM = -1
_QX_ERR_INVALID_ARG = -2
_QX_ERR_IO = -3
_QX_ERR_UTF8 = -6
_QX_OPT_STRICT_UTF8 = 1 << 0
_QX_OPT_NO_SINGLE_QUOTES = 1 << 1
_QX_OPT_ALL_KINDS = 1 << 2
_QX_OPT_NO_INDIRECT = 1 << 3
_QX_JSON_CODEPOINTS = 1 << 1
_OPTION_NAMES = ("kinds", "strict_utf8", "no_single_quotes", "no_indirect")


# ---- errors ---------------------------------------------------------------------------------

class QuotexError(ValueError):
    """A failure reported by libquotex.

    Attributes: code (the qx_status, a negative int), source (a lexicon file name or
    "<input>"), line and column (1-based, 0 when they do not apply), offset (a byte offset
    in the input or file). It is a ValueError because every failure of an extraction comes
    from its input (invalid UTF-8 under strict_utf8, an input above the size limit); a
    lexicon folder that cannot be read or parsed raises it from Extractor().
    """

    def __init__(self, message: str, code: int = 0, source: str = "", line: int = 0,
                 column: int = 0, offset: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.source = source
        self.line = line
        self.column = column
        self.offset = offset


class _QxError(ctypes.Structure):
    # struct qx_error of quotex.h
    _fields_ = [
        ("code", ctypes.c_int),
        ("source", ctypes.c_char * 80),
        ("line", ctypes.c_int),
        ("column", ctypes.c_int),
        ("offset", ctypes.c_size_t),
        ("text", ctypes.c_char * 160),
    ]


# ---- loading the library --------------------------------------------------------------------

_lib: Optional[ctypes.CDLL] = None
_lib_path: Optional[str] = None
_lib_lock = threading.Lock()


def _candidates() -> List[str]:
    """Where to look for libquotex, in order (see the module docstring)."""
    found = []
    env = os.environ.get("QUOTEX_LIB")
    if env:
        # An explicit choice is final: a wrong path must not silently load another library.
        return [env]
    found.append("libquotex.so.%d" % ABI_MAJOR)
    name = ctypes.util.find_library("quotex")
    if name:
        found.append(name)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    found.append(os.path.join(root, "build", "release", "libquotex.so"))
    return found


def _declare(lib: ctypes.CDLL) -> None:
    vp, sz, err_p = ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(_QxError)
    sigs = {
        "qx_version": (ctypes.c_int, []),
        "qx_version_string": (ctypes.c_char_p, []),
        "qx_strerror": (ctypes.c_char_p, [ctypes.c_int]),
        "qx_model_new": (ctypes.c_int, [ctypes.POINTER(vp), err_p]),
        "qx_model_load": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(vp), err_p]),
        "qx_model_free": (None, [vp]),
        "qx_model_fingerprint": (ctypes.c_char_p, [vp]),
        "qx_extract": (ctypes.c_int, [vp, ctypes.c_char_p, sz, ctypes.c_uint,
                                      ctypes.POINTER(vp), err_p]),
        "qx_doc_free": (None, [vp]),
        # The result is a malloc'ed string that must go back to qx_free: keep it a pointer.
        "qx_doc_to_json": (vp, [vp, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]),
        "qx_free": (None, [vp]),
    }
    for name, (restype, argtypes) in sigs.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes


def _load() -> ctypes.CDLL:
    global _lib, _lib_path
    if _lib is not None:
        return _lib
    with _lib_lock:
        if _lib is not None:
            return _lib
        tried = []
        for cand in _candidates():
            try:
                lib = ctypes.CDLL(cand)
            except OSError as exc:
                tried.append("%s (%s)" % (cand, exc))
                continue
            try:
                _declare(lib)
            except AttributeError as exc:  # not libquotex, or a too old one
                tried.append("%s (%s)" % (cand, exc))
                continue
            _lib_path = cand
            _lib = lib
            return lib
        raise OSError("quotex: cannot load libquotex; set QUOTEX_LIB to its path. Tried: "
                      + "; ".join(tried))


def library_path() -> str:
    """The path or name the library was loaded from (loads it if needed)."""
    _load()
    assert _lib_path is not None
    return _lib_path


def version() -> str:
    """The release version of the loaded C library, such as "0.1.0"."""
    return _load().qx_version_string().decode("ascii")


def _raise(lib: ctypes.CDLL, status: int, err: _QxError) -> None:
    text = err.text.decode("utf-8", "replace")
    base = lib.qx_strerror(status).decode("utf-8", "replace")
    message = "%s: %s" % (base, text) if text else base
    if status == _QX_ERR_NOMEM:
        raise MemoryError(message)
    if status == _QX_ERR_IO:
        raise OSError(message)
    raise QuotexError(message, status, err.source.decode("utf-8", "replace"), err.line,
                      err.column, err.offset)


# ---- records --------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Mention:
    """A stretch of the text: [start, end) as string indexes, and its text."""
    start: int
    end: int
    text: str


@dataclasses.dataclass(frozen=True)
class Cue:
    """The verb or phrase that introduces a quote ("stated") and its lemma ("state")."""
    start: int
    end: int
    text: str
    lemma: Optional[str]


@dataclasses.dataclass(frozen=True)
class Quote:
    """One quotation, with the fields of the JSON record (see schemas/quote-record.schema.json).

    start, end: the content without its marks, as string indexes (first segment's start to
    last segment's end); segments: the quoted pieces as (start, end) tuples; text: the
    segments joined by one space; speaker: the canonical name or None; speaker_mention, cue,
    addressee: where they are written, or None; kind: "direct", "indirect", "mixed", "block"
    or "term"; flags: e.g. ("unclosed",); via: how the speaker was found; rule: the rule id;
    sentence, paragraph: 0-based indexes; score: confidence 0..100; extra: record keys this
    version does not know (from a newer library).
    """
    start: int
    end: int
    segments: Tuple[Tuple[int, int], ...]
    text: str
    speaker: Optional[str]
    speaker_mention: Optional[Mention]
    cue: Optional[Cue]
    addressee: Optional[Mention]
    kind: str
    flags: Tuple[str, ...]
    via: Optional[str]
    rule: Optional[str]
    sentence: int
    paragraph: int
    score: int
    extra: Tuple[Tuple[str, Any], ...] = ()

    @classmethod
    def from_record(cls, rec: dict) -> "Quote":
        """Builds a Quote from one element of a record's "quotes" (or a --flat record)."""
        def mention(m: Optional[dict]) -> Optional[Mention]:
            return None if m is None else Mention(m["start"], m["end"], m["text"])

        cue = rec.get("cue")
        known = {f.name for f in dataclasses.fields(cls)} | {"doc"}
        return cls(
            start=rec["start"], end=rec["end"],
            segments=tuple((s, e) for s, e in rec["segments"]),
            text=rec["text"], speaker=rec.get("speaker"),
            speaker_mention=mention(rec.get("speaker_mention")),
            cue=None if cue is None else Cue(cue["start"], cue["end"], cue["text"],
                                             cue.get("lemma")),
            addressee=mention(rec.get("addressee")),
            kind=rec["kind"], flags=tuple(rec.get("flags", ())), via=rec.get("via"),
            rule=rec.get("rule"), sentence=rec["sentence"], paragraph=rec["paragraph"],
            score=rec["score"],
            extra=tuple((k, v) for k, v in rec.items() if k not in known),
        )

    def to_dict(self) -> dict:
        """The quote as a plain dict (for json.dumps or a pandas DataFrame)."""
        d = dataclasses.asdict(self)
        d["segments"] = [list(s) for s in self.segments]
        d["flags"] = list(self.flags)
        d.update(dict(self.extra))
        del d["extra"]
        return d


# ---- options --------------------------------------------------------------------------------

def _flags(options: dict) -> Tuple[int, int]:
    """Checks the keyword options and returns (qx_extract opts, qx_doc_to_json flags)."""
    for name in options:
        if name not in _OPTION_NAMES:
            raise TypeError("quotex: unexpected option %r (known: %s)"
                            % (name, ", ".join(_OPTION_NAMES)))
    opts = 0
    for name, bit in (("strict_utf8", _QX_OPT_STRICT_UTF8),
                      ("no_single_quotes", _QX_OPT_NO_SINGLE_QUOTES),
                      ("no_indirect", _QX_OPT_NO_INDIRECT)):
        value = options.get(name, False)
        if not isinstance(value, bool):
            raise TypeError("quotex: option %s takes True or False, not %r" % (name, value))
        if value:
            opts |= bit
    jflags = _QX_JSON_CODEPOINTS
    kinds = options.get("kinds")
    if kinds is None:
        return opts, jflags
    if isinstance(kinds, str):
        kinds = list(KINDS) if kinds == "all" else [k.strip() for k in kinds.split(",")]
    if not isinstance(kinds, (list, tuple, set, frozenset)):
        raise TypeError("quotex: kinds takes \"all\" or a list of kind names, not %r"
                        % (kinds,))
    if not kinds:
        raise ValueError("quotex: kinds is empty")
    for kind in kinds:
        if kind not in KINDS:
            raise ValueError("quotex: unknown kind %r (known: %s)" % (kind, ", ".join(KINDS)))
        jflags |= 1 << (8 + KINDS.index(kind))
        if kind in ("block", "term"):
            # Records of these kinds are only kept in the document on request.
            opts |= _QX_OPT_ALL_KINDS
    return opts, jflags


def _jsonl_id(value: Any) -> Optional[str]:
    """A --jsonl input's "id" as the CLI prints it: a string, a number as its JSON text
    (7 -> "7"), or None; any other JSON value makes the input fail."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return json.dumps(value)
    raise ValueError('"id" is not a string or a number')


def _encode(text: Union[str, bytes, bytearray, memoryview]) -> bytes:
    if isinstance(text, str):
        try:
            return text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError as exc:
            raise ValueError("quotex: text holds a lone surrogate at index %d" % exc.start)
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    raise TypeError("quotex: text must be str or bytes, not %s" % type(text).__name__)


# ---- the extractor --------------------------------------------------------------------------

class Extractor:
    """A loaded model (lexicons and compiled patterns), kept for many extractions.

    Extractor() uses the lexicons built into the library; Extractor("path/to/lexicons/en")
    loads the <kind>.txt files of that folder (a kind missing there falls back to the
    built-in one). A malformed lexicon raises QuotexError with source, line and column; an
    unreadable folder raises OSError.

    The model is immutable: one Extractor may be shared by any number of threads. close()
    frees it early (no thread may be using it then); it is also freed with the object, and
    an Extractor is a context manager.
    """

    def __init__(self, lexicons: Optional[Union[str, "os.PathLike[str]"]] = None) -> None:
        self._model: Optional[int] = None
        lib = _load()
        model = ctypes.c_void_p()
        err = _QxError()
        if lexicons is None:
            status = lib.qx_model_new(ctypes.byref(model), ctypes.byref(err))
        else:
            if not isinstance(lexicons, (str, bytes, os.PathLike)):
                raise TypeError("quotex: lexicons must be a folder path, not %s"
                                % type(lexicons).__name__)
            status = lib.qx_model_load(os.fsencode(lexicons), ctypes.byref(model),
                                       ctypes.byref(err))
        if status != _QX_OK:
            _raise(lib, status, err)
        self._lib = lib
        self._model = model.value

    def close(self) -> None:
        """Frees the model now. Later calls raise ValueError."""
        model, self._model = self._model, None
        if model is not None:
            self._lib.qx_model_free(model)

    def __del__(self) -> None:
        if getattr(self, "_model", None) is not None:
            self.close()

    def __enter__(self) -> "Extractor":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def fingerprint(self) -> str:
        """A hex digest of the lexicon bytes the model was built from."""
        return self._lib.qx_model_fingerprint(self._handle()).decode("ascii")

    def _handle(self) -> int:
        if self._model is None:
            raise ValueError("quotex: this Extractor is closed")
        return self._model

    def _json(self, data: bytes, doc_id: Optional[str], opts: int, jflags: int) -> str:
        lib = self._lib
        doc = ctypes.c_void_p()
        err = _QxError()
        # ctypes passes a pointer to the bytes object's own buffer (NUL bytes included; the
        # length says where it ends) and releases the GIL for the call.
        status = lib.qx_extract(self._handle(), data, len(data), opts, ctypes.byref(doc),
                                ctypes.byref(err))
        if status != _QX_OK:
            _raise(lib, status, err)
        try:
            raw = lib.qx_doc_to_json(doc, None if doc_id is None else doc_id.encode("utf-8"),
                                     None, jflags)
            if not raw:
                raise MemoryError("quotex: qx_doc_to_json failed")
            try:
                return ctypes.string_at(raw).decode("utf-8")
            finally:
                lib.qx_free(raw)
        finally:
            lib.qx_doc_free(doc)

    def extract_record(self, text: Union[str, bytes], id: Optional[str] = None,
                       **options: Any) -> dict:
        """The article's record as a dict, exactly as `quotex --offsets codepoints` prints
        it: {"id", "quotes": [...], "speakers": [...], "warnings": [...]}."""
        if id is not None and not isinstance(id, str):
            raise TypeError("quotex: id must be str or None")
        opts, jflags = _flags(options)
        return json.loads(self._json(_encode(text), id, opts, jflags))

    def extract(self, text: Union[str, bytes], **options: Any) -> List[Quote]:
        """The article's quotations, in text order, as Quote objects."""
        record = self.extract_record(text, None, **options)
        return [Quote.from_record(q) for q in record["quotes"]]

    def extract_jsonl(self, lines: Iterable[Union[str, bytes, dict]],
                      **options: Any) -> Iterator[dict]:
        """Streams one record per input, like `quotex --jsonl --offsets codepoints`.

        Each input is a JSON line (str or bytes) or a dict with "text" and an optional
        "id" (other keys are ignored); a numeric id becomes a string (7 -> "7"), as the CLI
        prints it. An input that fails (malformed JSON, no "text",
        invalid UTF-8 under strict_utf8) gives an error record {"id", "line", "error"} in
        its place and the stream goes on. Lines are numbered from 1. Blank lines are
        skipped, as the CLI does.
        """
        if isinstance(lines, (str, bytes)):
            lines = lines.splitlines()  # a whole JSONL text rather than its lines
        opts, jflags = _flags(options)  # bad options raise here, not at the first record
        self._handle()
        return self._stream(lines, opts, jflags)

    def _stream(self, lines: Iterable[Union[str, bytes, dict]], opts: int,
                jflags: int) -> Iterator[dict]:
        for number, item in enumerate(lines, 1):
            doc_id: Any = None
            try:
                if isinstance(item, (str, bytes, bytearray)):
                    if not item.strip():
                        continue
                    obj = json.loads(item)
                else:
                    obj = item
                if not isinstance(obj, dict):
                    raise ValueError("a line must be a JSON object")
                doc_id = _jsonl_id(obj.get("id"))
                text = obj.get("text")
                if not isinstance(text, str):
                    raise ValueError('no "text" string')
                record = json.loads(self._json(_encode(text), None, opts, jflags))
                record["id"] = doc_id
                yield record
            except (ValueError, TypeError) as exc:
                yield {"id": doc_id, "line": number, "error": str(exc)}


# ---- module-level shortcuts -----------------------------------------------------------------

_default: Optional[Extractor] = None
_default_lock = threading.Lock()


def _default_extractor() -> Extractor:
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Extractor()
    return _default


def extract(text: Union[str, bytes], **options: Any) -> List[Quote]:
    """The quotations of one article, with the built-in lexicons (see Extractor.extract)."""
    return _default_extractor().extract(text, **options)


def extract_record(text: Union[str, bytes], id: Optional[str] = None,
                   **options: Any) -> dict:
    """The article's full record as a dict (see Extractor.extract_record)."""
    return _default_extractor().extract_record(text, id, **options)


def extract_jsonl(lines: Iterable[Union[str, bytes, dict]], **options: Any) -> Iterator[dict]:
    """Streams records from JSON lines or dicts (see Extractor.extract_jsonl)."""
    return _default_extractor().extract_jsonl(lines, **options)
