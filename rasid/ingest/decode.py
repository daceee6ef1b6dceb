"""Bytes to text, trying declared and common Arabic encodings before giving up.

Order: a byte-order mark; the encoding an HTML/XML document declares; UTF-8;
then the legacy Arabic code pages (windows-1256 first: most Arabic web pages
that are not UTF-8 use it; ISO-8859-6 and the DOS code page 720 after). A
legacy decode is only accepted if the result looks like text (mostly letters,
with Arabic letters present), since single-byte code pages decode anything.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from rasid.ingest.problems import InputError

LEGACY_ARABIC_ENCODINGS = ("windows-1256", "iso-8859-6", "cp720")
# Share of control characters above which bytes are taken for a binary file.
BINARY_CONTROL_SHARE = 0.10
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass
class Decoded:
    text: str
    encoding: str


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB (after a BOM)."""
    head = data[:8192]
    for bom, _ in _BOMS:
        if head.startswith(bom) and bom not in (codecs.BOM_UTF8,):
            return False  # UTF-16/32 text has NULs by design
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > BINARY_CONTROL_SHARE


def declared_encoding(data: bytes) -> str | None:
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _plausible_arabic(text: str) -> bool:
    if not text:
        return False
    visible = [ch for ch in text if not ch.isspace()]
    letters = sum(ch.isalpha() for ch in visible)
    arabic = sum("\u0621" <= ch <= "\u064A" for ch in visible)
    return letters >= 0.6 * len(visible) and arabic >= 0.3 * letters


def decode_bytes(data: bytes) -> Decoded:
    """Decode input bytes or raise InputError with the reason."""
    if not data.strip():
        raise InputError("empty input")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"byte-order mark says {enc} but the bytes do not decode: {exc}") from exc
    if looks_binary(data):
        raise InputError("binary content, not text (NUL or control bytes)")
    declared = declared_encoding(data)
    tried = []
    for enc in (declared, "utf-8"):
        if not enc or enc in tried:
            continue
        tried.append(enc)
        try:
            return Decoded(data.decode(enc), enc)
        except (UnicodeDecodeError, LookupError):
            continue
    for enc in LEGACY_ARABIC_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible_arabic(text):
            return Decoded(text, enc)
        tried.append(enc)
    raise InputError(f"not valid text in {', '.join(tried)} (tried declared, UTF-8 and Arabic code pages)")
