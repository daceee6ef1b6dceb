"""Bytes to text, trying declared and common Arabic encodings before giving up.

Order: a byte-order mark; UTF-8 (when it decodes cleanly it is right whatever
a page declares: legacy Arabic text is almost never valid UTF-8); the encoding
an HTML/XML document or its HTTP header declares; then, for bytes that are
UTF-8 but for a few stray or cut bytes, UTF-8 with those bytes replaced by
U+FFFD (the document is kept and the caller warns); last the legacy Arabic
code pages (windows-1256 first: most Arabic web pages that are not UTF-8 use
it; ISO-8859-6 and the DOS code page 720 after). A legacy decode is only
accepted if the result looks like text (mostly letters, with Arabic letters
present), since single-byte code pages decode anything.

Why replacement is tried before the legacy pages: UTF-8 Arabic with one bad
byte also "decodes" as windows-1256, into plausible-looking mojibake (طھط§).
The share of invalid bytes among non-ASCII bytes tells the two apart: near 0
for damaged UTF-8, near 1 for a legacy code page.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from rasid.ingest.problems import InputError

LEGACY_ARABIC_ENCODINGS = ("windows-1256", "iso-8859-6", "cp720")
# Share of control characters above which bytes are taken for a binary file.
BINARY_CONTROL_SHARE = 0.10
# Most invalid bytes, as a share of non-ASCII bytes, for which bytes are read
# as damaged UTF-8 (replaced) rather than as another encoding.
MAX_REPLACED_SHARE = 0.05
# Last resort, after the legacy code pages: so few invalid bytes among all
# bytes (a mostly-ASCII file with one Latin-1 "é") that the text is worth
# keeping whatever they were.
MAX_REPLACED_OF_ALL = 0.01
_REPLACEMENT_UTF8 = "\ufffd".encode("utf-8")
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass
class Decoded:
    text: str
    encoding: str
    replaced_bytes: int = 0  # invalid bytes replaced by U+FFFD (damaged UTF-8)

    @property
    def warning(self) -> str | None:
        """What the user should be told about this decode, if anything."""
        if not self.replaced_bytes:
            return None
        plural = "byte" if self.replaced_bytes == 1 else "bytes"
        return f"{self.replaced_bytes:,} invalid {plural} (not UTF-8) replaced by U+FFFD; rest of the text kept"


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


def _codec_name(name: str | None) -> str | None:
    """Python's canonical codec name for an encoding label, None if unknown."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def declared_encoding(data: bytes) -> str | None:
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    return _codec_name(m.group(1).decode("ascii", "ignore"))


def _plausible_arabic(text: str) -> bool:
    if not text:
        return False
    visible = [ch for ch in text if not ch.isspace()]
    letters = sum(ch.isalpha() for ch in visible)
    arabic = sum("\u0621" <= ch <= "\u064A" for ch in visible)
    return letters >= 0.6 * len(visible) and arabic >= 0.3 * letters


def utf8_with_replacement(data: bytes, last_resort: bool = False) -> Decoded | None:
    """UTF-8 with invalid bytes replaced, if they are few enough to be damage
    (few among the non-ASCII bytes; as ``last_resort``, few among all bytes).

    Counts replaced bytes in O(n): every byte not accounted for by the
    re-encoded valid text was invalid (genuine U+FFFD characters in the input
    are valid and added back).
    """
    text = data.decode("utf-8", "replace")
    valid = len(text.replace("\ufffd", "").encode("utf-8")) + len(_REPLACEMENT_UTF8) * data.count(_REPLACEMENT_UTF8)
    replaced = len(data) - valid
    if not replaced:
        return None
    allowed = MAX_REPLACED_OF_ALL * len(data) if last_resort else MAX_REPLACED_SHARE * sum(b >= 0x80 for b in data)
    return Decoded(text, "utf-8", replaced) if replaced <= allowed else None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode input bytes or raise InputError with the reason.

    ``declared`` is an encoding named outside the bytes (an HTTP
    Content-Type charset); one declared inside an HTML/XML head is found here.
    """
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
    tried = []
    for enc in ("utf-8", _codec_name(declared), declared_encoding(data)):
        if not enc or enc in tried:
            continue
        tried.append(enc)
        try:
            return Decoded(data.decode(enc), enc)
        except (UnicodeDecodeError, LookupError):
            continue
    damaged = utf8_with_replacement(data)
    if damaged is not None:
        return damaged
    for enc in LEGACY_ARABIC_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible_arabic(text):
            return Decoded(text, enc)
        tried.append(enc)
    damaged = utf8_with_replacement(data, last_resort=True)
    if damaged is not None:
        return damaged
    raise InputError(f"not valid text in {', '.join(tried)} (tried declared, UTF-8 and Arabic code pages)")
