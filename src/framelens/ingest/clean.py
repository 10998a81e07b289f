"""Bytes to clean text: encoding detection, Unicode and whitespace normalisation.

Cleaning keeps lines and paragraphs where they are, so passages keep offsets that a
reader can find in the original; it never deletes content (boilerplate is flagged
later, not removed).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import DocumentError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Zero-width and soft-hyphen characters carry no text and break tokenisation.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes) -> str:
    """Decode bytes of unknown encoding (see ``decode_with_encoding``)."""
    return decode_with_encoding(data)[0]


def decode_with_encoding(data: bytes) -> tuple[str, str]:
    """(text, how it was decoded) of bytes of unknown encoding, or ``DocumentError`` with the reason.

    A byte-order mark decides first (UTF-8/16/32), then strict UTF-8, then UTF-8 with a
    few invalid bytes replaced (at most one in a thousand: a damaged UTF-8 file, not
    another code page), then charset-normalizer's best guess (cp1252, GBK, UTF-16 without
    a BOM…). Data that looks binary (many control characters) is refused rather than
    turned into noise.
    """
    if not data.strip():
        raise DocumentError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DocumentError(f"broken {encoding} text: {exc.reason}", "failed") from exc
    if b"\x00" in data[:8192]:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise DocumentError("binary file, not text (contains NUL bytes)")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DocumentError(f"broken {encoding} text: {exc.reason}", "failed") from exc
        if len(_CONTROL.findall(text[:8192])) > 0.01 * min(len(text), 8192):
            raise DocumentError("binary file, not text (contains NUL bytes)")
        return text, f"{encoding} (no byte-order mark)"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(1, len(data) // 1000):
        return text, f"utf-8, {bad} invalid byte sequence(s) replaced"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("binary file or unknown text encoding")
    text = str(best)
    if len(_CONTROL.findall(text[:8192])) > 0.01 * min(len(text), 8192):
        raise DocumentError("binary file, not text (many control characters)")
    return text, best.encoding


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" / "utf-16-be" when NULs fill one side of the byte pairs (Latin text in UTF-16)."""
    sample = data[:8192]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = max(len(sample) / 2, 1)
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def normalise(text: str) -> str:
    """Unicode NFC, one kind of line break and space, no invisible characters.

    Paragraph breaks (blank lines) are kept; runs of blank lines become one.
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\f", "\n\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _MANY_BLANK_LINES.sub("\n\n", text).strip("\n")
