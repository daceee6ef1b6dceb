"""Markdown inputs: links and images reduced to what a reader sees.

``[text](url)`` would otherwise reach the stored text with its brackets and
URL, where URLs split sentences and brackets confuse quote detection. Links
keep their text (the URL goes to ``meta["links"]``); images are dropped from
the text (an image's alt text is a description, not part of the article) and
kept in ``meta["images"]``. Only for .md inputs: plain text is never touched,
since brackets there are the author's. Headings and emphasis are handled in
rasid.clean.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# A URL with at most one level of balanced parentheses (Wikipedia's
# "Name_(disambiguation)"), then an optional "title".
_TITLE = r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?"
_URL = r"<?([^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)>?" + _TITLE
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\(\s*" + _URL + r"\s*\)")
_INLINE_LINK = re.compile(r"(?<!\\)\[([^\[\]]*)\]\(\s*" + _URL + r"\s*\)")
_REFERENCE_DEF = re.compile(r"^ {0,3}\[([^\[\]]+)\]:\s*<?(\S+?)>?" + _TITLE + r"[ \t]*$\n?", re.M)
_REFERENCE_LINK = re.compile(r"(?<!\\)\[([^\[\]]+)\]\s?\[([^\[\]]*)\]")
_SHORTCUT_LINK = re.compile(r"(?<![\\\]])\[([^\[\]]+)\](?![\[(:])")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+|mailto:[^\s<>]+)>")


@dataclass
class MarkdownText:
    text: str
    links: list[dict[str, str]] = field(default_factory=list)  # {"text", "url"}
    images: list[dict[str, str]] = field(default_factory=list)  # {"alt", "url"}


def strip_links(text: str) -> MarkdownText:
    """``text`` with Markdown links reduced to their text and images removed."""
    if "[" not in text and "<" not in text:
        return MarkdownText(text)
    out = MarkdownText(text)
    definitions = {m.group(1).strip().lower(): m.group(2) for m in _REFERENCE_DEF.finditer(text)}
    text = _REFERENCE_DEF.sub("", text) if definitions else text

    def image(m: re.Match[str]) -> str:
        out.images.append({"alt": m.group(1).strip(), "url": m.group(2)})
        return ""

    def inline(m: re.Match[str]) -> str:
        out.links.append({"text": m.group(1).strip(), "url": m.group(2)})
        return m.group(1)

    def referenced(shown: str, label: str, written: str) -> str:
        url = definitions.get(label.strip().lower())
        if url is None:
            return written  # not a link: brackets the author wrote
        out.links.append({"text": shown.strip(), "url": url})
        return shown

    def autolink(m: re.Match[str]) -> str:
        out.links.append({"text": m.group(1), "url": m.group(1)})
        return m.group(1)

    text = _IMAGE.sub(image, text)
    text = _INLINE_LINK.sub(inline, text)
    if definitions:
        # [text][label], [text][] (the text is the label) and the shortcut [text]
        text = _REFERENCE_LINK.sub(lambda m: referenced(m.group(1), m.group(2) or m.group(1), m.group(0)), text)
        text = _SHORTCUT_LINK.sub(lambda m: referenced(m.group(1), m.group(1), m.group(0)), text)
    out.text = _AUTOLINK.sub(autolink, text)
    return out
