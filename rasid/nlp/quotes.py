"""Quotation and reported-speech extraction: who said what.

Rule-based on purpose: Arabic news attribution is highly formulaic (speech verb,
complementizer or colon, quotation marks), so a small cue lexicon
(rasid/data/quote_cues.json) is fast (>1000 docs/s) and transparent.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rasid.model import Argument, Document, Quote
from rasid.pipeline import DocumentComponent

_QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"'}
_MIN_DIRECT_WORDS = 3  # shorter quoted spans are usually titles or scare quotes


@dataclass
class CueLexicon:
    """Compiled cue patterns loaded from the data file."""

    cue: re.Pattern
    complementizer: re.Pattern
    anonymous_heads: frozenset
    continuation: frozenset
    participle: re.Pattern
    preposition_of: dict
    stop_words: frozenset
    complementizers: frozenset
    non_speaker_starts: frozenset


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    data = json.loads(resources.files("rasid.data").joinpath("quote_cues.json").read_text("utf-8"))
    stems = sorted(set(data["cue_stems"]) | set(data["participle_cues"]), key=len, reverse=True)
    prefixes = "|".join(data["cue_prefixes"])
    cue = re.compile(rf"(?<![\w])(?:{prefixes})?({'|'.join(stems)})(?:[هاوي]|ه|ها|هم|وا)?(?![\w])")
    comps = sorted(data["complementizers"], key=len, reverse=True)
    comp = re.compile(rf"(?<![\w])({'|'.join(comps)})[\u064B-\u0652]*(?![\w])")
    part = re.compile(rf"[،,]\s*(?:و)?(?:{'|'.join(data['participle_cues'])})(?![\w])")
    return CueLexicon(cue, comp, frozenset(data["anonymous_heads"]), frozenset(data["continuation_markers"]),
                      part, data["prepositional_cues"], frozenset(data["time_words"]), frozenset(comps),
                      frozenset(data["non_speaker_starts"]))


def _strip_span(text: str, start: int, end: int, chars: str = " \t\n.،,:؛") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


class QuoteExtractor(DocumentComponent):
    """Direct quotes («...», "...", “...”) and indirect speech (cue + أن/إن)."""

    name = "quotes"
    requires = ("doc.sentences", "doc.tokens")
    optional = ("doc.entities",)
    assigns = ("doc.quotes",)

    def process_document(self, doc: Document) -> Document:
        lex = load_lexicon()
        text = doc.text
        quotes: list[Quote] = []
        covered: list[tuple[int, int]] = []
        last_speaker: Argument | None = None
        for si, sent in enumerate(doc.sentences):
            stext = text[sent.start:sent.end]
            found: list[Quote] = []
            for q in self._direct(doc, lex, sent.start, sent.end, si):
                found.append(q)
                covered.append((q.start, q.end))
            for q in self._indirect(doc, lex, sent.start, sent.end, si, covered):
                found.append(q)
            found.sort(key=lambda q: q.start)
            for q in found:
                if q.speaker is None or (not q.speaker.text and not q.speaker.attrs.get("anonymous")):
                    q.speaker = _copy(last_speaker) if last_speaker is not None else None
                else:
                    last_speaker = q.speaker
            quotes.extend(found)
            del stext
        doc.quotes = quotes
        return doc

    # -- direct ---------------------------------------------------------------
    def _direct(self, doc, lex, s0, s1, si):
        text = doc.text
        i = s0
        # quotes may span sentences: search to the closing mark beyond s1
        while i < s1:
            ch = text[i]
            if ch in _QUOTE_PAIRS:
                close = text.find(_QUOTE_PAIRS[ch], i + 1)
                if close == -1:
                    break
                qs, qe = _strip_span(text, i + 1, close, " \t\n")
                content = text[qs:qe]
                before = text[max(s0, i - 120):i]
                colon = before.rstrip().endswith(":")
                if len(content.split()) >= _MIN_DIRECT_WORDS or colon:
                    cue_m = None
                    for m in lex.cue.finditer(before):
                        cue_m = m
                    off = max(s0, i - 120)
                    if cue_m is None:  # cue after the quote: «...»، وأضاف فلان
                        after = text[close + 1:close + 80]
                        m = lex.cue.search(after)
                        if m and m.start() < 15:
                            cue_m, off = m, close + 1
                    if cue_m is not None or colon:
                        q = Quote(qs, qe, "direct", text=content, sentence=si)
                        if cue_m is not None:
                            cs, ce = off + cue_m.start(), off + cue_m.end()
                            q.cue, q.cue_span = text[cs:ce], (cs, ce)
                            q.speaker = self._speaker(doc, lex, ce, i if off < i else close + 80, cs)
                        found_end = close + 1
                        yield q
                        i = found_end
                        continue
                i = close + 1
                continue
            i += 1

    # -- indirect -------------------------------------------------------------
    def _indirect(self, doc, lex, s0, s1, si, covered):
        text = doc.text
        for m in lex.cue.finditer(text, s0, s1):
            cs, ce = m.start(), m.end()
            if any(a <= cs < b for a, b in covered):
                continue
            c = lex.complementizer.search(text, ce, min(s1, ce + 120))
            prep = lex.preposition_of.get(m.group(1))
            if prep is not None:  # دعا إلى / أعرب عن / طالب بـ: the object is the content
                pm = re.compile(rf"(?<![\w]){prep}(?=\w)" if prep == "ب" else rf"(?<![\w]){prep}(?![\w])")
                pc = pm.search(text, ce, min(s1, ce + 80))
                if pc is not None and (c is None or pc.start() < c.start()):
                    c = pc
            if c is None:
                continue
            between = text[ce:c.start()]
            if any(q in between for q in "«“\":") or between.count("،") > 1:
                continue
            qs, qe = _strip_span(text, c.end(), s1)
            # stop at a following direct quote opening with a new cue
            nxt = re.search(r"[«“\"]", text[qs:qe])
            if nxt and nxt.start() > 0 and text[qs + nxt.start() - 1:qs + nxt.start()] == ":":
                qe = qs + nxt.start()
                qs, qe = _strip_span(text, qs, qe)
            cut = lex.participle.search(text, qs, qe)
            if cut is not None:  # ", مشيرا إلى أن ..." starts a new statement
                qe = _strip_span(text, qs, cut.start())[1]
            if qe - qs < 8 or any(a <= qs < b for a, b in covered):
                continue
            q = Quote(qs, qe, "indirect", text=text[qs:qe], sentence=si,
                      cue=text[cs:ce], cue_span=(cs, ce))
            q.speaker = self._speaker(doc, lex, ce, c.start(), cs)
            covered.append((cs, qe))
            yield q

    # -- speaker --------------------------------------------------------------
    def _speaker(self, doc, lex, a: int, b: int, cue_start: int) -> Argument:
        text = doc.text
        mentions = [m for m in (doc.entities or []) if m.label in ("PER", "ORG")]
        if mentions:
            near = [m for m in mentions if a <= m.start < b] or \
                   [m for m in mentions if cue_start - 60 <= m.start and m.end <= cue_start]
            if near:
                m = near[0] if near[0].start >= a else near[-1]
                role_s, role_e = _strip_span(text, a, m.start)
                role = text[role_s:role_e] or None
                return Argument(text=text[m.start:m.end], start=m.start, end=m.end,
                                attrs={"role": role, "anonymous": False})
        seg_end = b
        for stop in ("،", ",", ":", "\n", "«", "\"", "“"):
            k = text.find(stop, a, seg_end)
            if k != -1:
                seg_end = k
        s, e = _strip_span(text, a, seg_end)
        words = text[s:e].split()
        # drop trailing place/time phrases: keep at most 6 words
        for k, w in enumerate(words):  # time and place phrases end the speaker
            if k > 0 and w in lex.stop_words:
                words = words[:k]
                e = s + len(" ".join(words))
                break
        if len(words) > 6:
            e = s + len(" ".join(words[:6]))
            words = words[:6]
        # a preposition or complementizer right after the cue means the
        # speaker is not here (e.g. «وأضاف إلى أن»): leave it to continuation
        if not words or words[0] in lex.non_speaker_starts or words[0] in lex.complementizers:
            return Argument(text="", attrs={"role": None, "anonymous": False})
        anon = bool(words) and words[0].lstrip("و") in lex.anonymous_heads
        return Argument(text=text[s:e], start=s if words else None, end=e if words else None,
                        attrs={"role": None, "anonymous": anon})


def _copy(arg: Argument) -> Argument:
    return Argument(text=arg.text, start=arg.start, end=arg.end, entity=arg.entity,
                    code=arg.code, attrs=dict(arg.attrs))
