"""From bytes on disk to text, or a short reason why not.

The order of attempts is fixed and predictable: a byte-order mark decides
(UTF-8 or UTF-16); without one, UTF-8; then, for files written by older
Windows tools, Windows-1252, but only when every byte is defined there.
Anything else is refused rather than guessed. A fallback is never silent:
it is logged and visible in :attr:`DecodedText.used_fallback`.

Single-article files are read whole (up to :data:`MAX_ARTICLE_FILE_BYTES`);
table files are checked in a streaming pass by :func:`open_table_text` and
then read row by row, so their size is not limited.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator, TextIO

log = logging.getLogger(__name__)

MiB = 1024 * 1024
MAX_ARTICLE_FILE_BYTES = 10 * MiB
"""A .txt, .md or .html file larger than this is refused as a whole."""
MAX_ROW_TEXT_BYTES = 10 * MiB
"""A .csv or .jsonl row whose text (as UTF-8) is larger than this is refused."""
SNIFF_BYTES = 8 * 1024
"""How much of the start of a file is checked for signs of a binary file."""
SCAN_CHUNK_BYTES = 1 * MiB
MAX_CONTROL_SHARE = 0.10
"""Above this share of control characters in the first bytes, a file is binary."""

FALLBACK_ENCODING = "cp1252"

EMPTY_FILE = "empty file"
BINARY_NUL = "binary file (contains NUL bytes)"
BINARY_CONTROL = "binary file (mostly control characters)"
UNDECODABLE = "not UTF-8 and not decodable as Windows-1252"
TOO_LARGE = f"larger than the {MAX_ARTICLE_FILE_BYTES // MiB} MiB limit for one article"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that do not belong in text (tab, line feed, form feed
# and carriage return do).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Encodings a web page may declare that mean "Windows-1252" in practice (WHATWG).
_WINDOWS_1252_ALIASES = {"iso8859-1", "ascii", "cp1252"}
_ENCODING_NAMES = {FALLBACK_ENCODING: "Windows-1252"}
_UNICODE_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16")


class UnreadableFile(Exception):
    """A whole file cannot be imported; ``reason`` says why, in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str  # a Python codec name: "utf-8", "utf-8-sig", "utf-16", "cp1252", ...

    @property
    def used_fallback(self) -> bool:
        return is_fallback(self.encoding)


def is_fallback(encoding: str) -> bool:
    """Whether text in this encoding was decoded by a guess rather than by Unicode."""
    return encoding not in _UNICODE_ENCODINGS


def decode_bytes(data: bytes, *, declared_encoding: str | None = None) -> DecodedText:
    """Decode a whole file's bytes, or raise :class:`UnreadableFile`.

    ``declared_encoding`` (e.g. a web page's ``<meta charset>``) is tried after
    UTF-8 and before Windows-1252.
    """
    if not data.strip():
        raise UnreadableFile(EMPTY_FILE)
    bom_encoding = _bom_encoding(data)
    _reject_nul_bytes(data[:SNIFF_BYTES], bom_encoding)
    for encoding in _candidate_encodings(bom_encoding, declared_encoding):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        _reject_control_heavy(text[:SNIFF_BYTES])
        if not text.strip():
            raise UnreadableFile(EMPTY_FILE)
        return DecodedText(text, encoding)
    raise UnreadableFile(_undecodable_reason(bom_encoding))


def read_article_bytes(path: Path) -> bytes:
    """The bytes of a single-article file, refusing files over the size limit."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ARTICLE_FILE_BYTES + 1)
    except OSError as error:
        raise unreadable_from_os_error(error) from error
    if len(data) > MAX_ARTICLE_FILE_BYTES:
        raise UnreadableFile(TOO_LARGE)
    return data


def read_article_text(path: Path) -> str:
    """Read and decode a single-article file (.txt, .md)."""
    decoded = decode_bytes(read_article_bytes(path))
    note_fallback(path, decoded.encoding)
    return decoded.text


def open_table_text(path: Path, *, newline: str) -> TextIO:
    """Open a table file (.csv, .jsonl) as text after checking the whole file decodes.

    The check is a streaming pass over the bytes, so rows are never imported
    from a file that turns out to be undecodable halfway through.
    """
    try:
        encoding = detect_file_encoding(path)
        return path.open(encoding=encoding, newline=newline)
    except OSError as error:
        raise unreadable_from_os_error(error) from error


def detect_file_encoding(path: Path) -> str:
    """The encoding a whole file decodes with, found without holding it in memory."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise UnreadableFile(EMPTY_FILE)
    bom_encoding = _bom_encoding(head)
    _reject_nul_bytes(head, bom_encoding)
    for encoding in _candidate_encodings(bom_encoding, None):
        scan = _scan_file(path, encoding)
        if scan is None:
            continue
        head_text, has_content = scan
        _reject_control_heavy(head_text)
        if not has_content:
            raise UnreadableFile(EMPTY_FILE)
        note_fallback(path, encoding)
        return encoding
    raise UnreadableFile(_undecodable_reason(bom_encoding))


def note_fallback(path: Path, encoding: str) -> None:
    """Log that a file was not Unicode (the import goes on)."""
    if is_fallback(encoding):
        log.warning("%s is not UTF-8; read it as %s", path, _ENCODING_NAMES.get(encoding, encoding))


def unreadable_from_os_error(error: OSError) -> UnreadableFile:
    reason = (error.strerror or str(error)).lower()
    return UnreadableFile(f"cannot read the file ({reason})")


def _scan_file(path: Path, encoding: str) -> tuple[str, bool] | None:
    """Decode the whole file in chunks: (its first characters, whether any is not
    white space), or None when it does not decode."""
    decoder = codecs.getincrementaldecoder(encoding)()
    head_text = ""
    has_content = False
    with path.open("rb") as handle:
        try:
            for chunk in _chunks(handle):
                text = decoder.decode(chunk)
                head_text = head_text or text[:SNIFF_BYTES]
                has_content = has_content or (text != "" and not text.isspace())
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    return head_text, has_content


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    while chunk := handle.read(SCAN_CHUNK_BYTES):
        yield chunk


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _candidate_encodings(bom_encoding: str | None, declared: str | None) -> list[str]:
    if bom_encoding:
        return [bom_encoding]
    candidates = ["utf-8"]
    declared = _usable_declared_encoding(declared)
    if declared:
        candidates.append(declared)
    candidates.append(FALLBACK_ENCODING)
    return candidates


def _usable_declared_encoding(declared: str | None) -> str | None:
    """A declared single-byte or multi-byte legacy encoding, or None."""
    if not declared:
        return None
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return None
    if name in _WINDOWS_1252_ALIASES or name.startswith(("utf-8", "utf-16", "utf-32")):
        return None
    return name


def _reject_nul_bytes(head: bytes, bom_encoding: str | None) -> None:
    if bom_encoding != "utf-16" and b"\x00" in head:
        raise UnreadableFile(BINARY_NUL)


def _reject_control_heavy(sample: str) -> None:
    if sample and len(_CONTROL_CHARS.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise UnreadableFile(BINARY_CONTROL)


def _undecodable_reason(bom_encoding: str | None) -> str:
    if bom_encoding == "utf-8-sig":
        return "not valid UTF-8 (despite its UTF-8 byte-order mark)"
    if bom_encoding == "utf-16":
        return "not valid UTF-16 (despite its UTF-16 byte-order mark)"
    return UNDECODABLE

