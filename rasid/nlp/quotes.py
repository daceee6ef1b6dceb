"""Quotation and reported-speech extraction: who said what.

Rule-based on purpose: Arabic news attribution is formulaic (a speech verb
with its speaker and a complementizer, a colon or quotation marks; or an
attribution phrase such as بحسب / وفقا لـ), so a small cue lexicon
(rasid/data/quote_cues.json) is fast (hundreds of articles/s) and transparent.

What one sentence can yield:
- direct quotes: «...», “...” or "..." attached to a speech verb before them
  (قال فلان: «...») or after them («...»، قال فلان);
- indirect quotes: speech verb + أن/إن (or أشار إلى أن, دعا إلى ...), ending at
  a participle that opens a new statement (، مشيرا إلى أن), at another
  speech clause (، فيما أوضح ...), or at a trailing attribution (، بحسب ...);
- attributed claims: «وبحسب المرصد، ...» or «...، على ما أوضح الإعلان».
Speakers are read after the verb (وأكد رئيس الوفد ... أن), or before it when the
verb has no و/ف (لافروف قال إن); relayed sources (نقلا عن X) give X; an empty
speaker (وأضاف أن, مضيفا) inherits the last speaker of the document, and a bare
title (وزير الخارجية الروسي) is resolved to the named mention it introduces
elsewhere in the document. When entity mentions exist (NER ran), speakers are
those mentions, with their entity id when set.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rasid.model import Argument, Document, Mention, Quote
from rasid.pipeline import DocumentComponent

_CLOSE_OF = {"«": "»", "“": "”", '"': '"'}
_QUOTE_CHARS = "«»“”\""
_MIN_DIRECT_WORDS = 3  # shorter quoted spans are usually titles or scare quotes
_MAX_GAP_WORDS = 20  # words allowed between a speech verb and its complementizer
_MAX_SPEAKER_WORDS = 10
_STRIP = " \t\n.،,:؛"
_SPEAKER_STRIP = _STRIP + _QUOTE_CHARS + "()"
_COMP_RE = re.compile(r"(?<![\w])ب?[أإا]ن[\u064B-\u0652]*(?:ه|ها|هم|نا)?[\u064B-\u0652]*(?![\w])")
_CONNECTIVES = frozenset({"لكن", "ولكن", "ثم", "كما", "فيما", "بينما", "و", "إذ", "اذ", "حيث", "بل", "فقد", "وقد", "قد"})
_ADVERBS = frozenset({"أيضا", "أيضاً", "ايضا", "كذلك", "بدوره", "بدورها", "من جهته", "بدورهم"})
_PRONOUN_WORDS = frozenset({"سموه", "معاليه", "خلاله", "خلالها", "فيه", "فيها", "له", "لها", "هو", "هي", "سعادته",
                            "فضيلته"})
_MEDIA_AFTER_LAM = frozenset({"وكالة", "صحيفة", "قناة", "موقع", "تلفزيون", "إذاعة", "اذاعة", "بي", "رويترز", "فرانس",
                              "مجلة", "شبكة"})


@dataclass
class CueLexicon:
    """Compiled cue patterns and word sets loaded from the data file."""

    cue: re.Pattern
    participle_clause: re.Pattern  # "، مشيرا ..." opens a new statement
    attribution_initial: re.Pattern
    attribution_final: re.Pattern
    preposition_of: dict[str, str]
    participles: frozenset[str]
    relay_verbs: frozenset[str]
    tight_stems: frozenset[str]  # ambiguous words (بين: "between") that are cues only right before أن
    anonymous_heads: frozenset[str]
    speaker_stops: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    data = json.loads(resources.files("rasid.data").joinpath("quote_cues.json").read_text("utf-8"))
    parts = data["participle_cues"]
    stems = sorted(set(data["cue_stems"]) | set(parts), key=len, reverse=True)
    prefixes = "|".join(data["cue_prefixes"])
    cue = re.compile(rf"(?<![\w])(?:{prefixes})?({'|'.join(stems)})(?:ه|ها|هم|وا)?(?![\w])")
    part = re.compile(rf"(?:[،,]\s*|\s)(?:و)?(?:{'|'.join(sorted(parts, key=len, reverse=True))})(?![\w])")
    verbs = "|".join(sorted(data["attribution_verbs"], key=len, reverse=True))
    # بحسب X / وفقا لما ذكره X; «على ما» and «كما» count only with a speech verb
    lead = (rf"(?:(?:بحسب|حسبما|حسب|وفقاً|وفقًا|وفقا|وفق|طبقاً|طبقًا|طبقا)(?=[\sل])\s*(?:لـ|ل)?\s*(?:ما\s+)?(?:(?:{verbs})(?:ه|ته)?\s+(?:به\s+)?)?"
            rf"|(?:على ما|كما)\s+(?:{verbs})(?:ه|ته)?\s+)")
    # the source ends at a comma, at «فإن», or with its closing quotation mark: وبحسب «رويترز» أظهر ...
    initial = re.compile(rf"^[\s«\"]*و?{lead}(?:(?P<spk>[^،,:.؟!\n«\"]{{2,60}}?)\s*(?:[،,]\s*(?:فإن|فان|فإنّ|فقد|ف)?|"
                         r"\s(?=فإن|فان|فإنّ|فقد))|(?P<qspk>[«\"][^»\"]{2,40}[»\"])\s*[،,]?)\s*(?:فإن|فان|فإنّ|فقد)?\s*")
    final = re.compile(rf"(?:[،,]\s*و?{lead}(?P<spk>[^،,:؛.؟!\n]{{2,70}}?)(?:[،,][^،,.؟!\n]{{0,60}})?"
                       rf"|\s(?:بحسب|حسب|وفقا ل|وفقاً ل|وفقًا ل)\s*(?P<qspk>[«“\"][^»”\"]{{2,40}}[»”\"]))[\s.»\")]*$")
    return CueLexicon(
        cue=cue, participle_clause=part, attribution_initial=initial, attribution_final=final,
        preposition_of=data["prepositional_cues"], participles=frozenset(parts),
        relay_verbs=frozenset(data["relay_verbs"]), tight_stems=frozenset(data["tight_stems"]),
        anonymous_heads=frozenset(data["anonymous_heads"]),
        speaker_stops=frozenset(data["speaker_stop_words"]),
    )


def _strip_span(text: str, start: int, end: int, chars: str = _STRIP) -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]


@dataclass
class _Pending:
    """A quote found in a sentence before its speaker is resolved in text order."""

    quote: Quote
    speaker: Argument | None  # None: inherit the last speaker


@dataclass
class _DocState:
    last_speaker: Argument | None = None
    roles: dict[str, Argument] = field(default_factory=dict)  # title as written -> named speaker


class QuoteExtractor(DocumentComponent):
    """Direct quotes, indirect speech and attributed claims with their speakers."""

    name = "quotes"
    requires = ("doc.sentences", "doc.tokens")
    optional = ("doc.entities",)
    assigns = ("doc.quotes",)

    def process_document(self, doc: Document) -> Document:
        lex = load_lexicon()
        state = _DocState()
        people = sorted((m for m in (doc.entities or []) if m.label in ("PER", "ORG")), key=lambda m: m.start)
        quotes: list[Quote] = []
        previous_quoted = False
        for si, sent in enumerate(doc.sentences):
            pending = self._sentence(doc, lex, people, si, sent.start, sent.end)
            if not pending and previous_quoted:
                pending = self._continued(doc, si, sent.start, sent.end)
            previous_quoted = bool(pending)
            pending.sort(key=lambda p: p.quote.start)
            for p in pending:
                spk = p.speaker
                if spk is None:
                    spk = _copy(state.last_speaker) if state.last_speaker is not None else None
                else:
                    spk = self._resolve_title(doc, people, state, spk)
                    if spk.attrs.get("role"):
                        state.roles.setdefault(spk.attrs["role"], spk)
                    state.last_speaker = spk
                p.quote.speaker = spk
                quotes.append(p.quote)
        doc.quotes = quotes
        return doc

    # -- one sentence ----------------------------------------------------------
    def _sentence(self, doc, lex, people, si, s0, s1) -> list[_Pending]:
        text = doc.text
        marks = _quote_marks(text, s0, s1)
        cues = [m for m in lex.cue.finditer(text, s0, s1)
                if not any(o < m.start() < c for o, _, _, c in marks)]
        used_cues: set[int] = set()
        found: list[_Pending] = []
        boundary = s0
        for o, qs, qe, c in marks:
            if len(text[qs:qe].split()) < _MIN_DIRECT_WORDS and not text[boundary:o].rstrip().endswith(":"):
                continue
            pend = self._attach_direct(doc, lex, people, si, s0, s1, boundary, o, qs, qe, c, cues, used_cues)
            if pend is not None:
                found.append(pend)
                boundary = c + 1
        covered = [(p.quote.start, p.quote.end) for p in found]
        for m in cues:
            if m.start() in used_cues:
                continue
            pend = self._indirect(doc, lex, people, si, s1, m, cues, marks, covered) or \
                self._colon(doc, lex, people, si, s1, m, marks, covered)
            if pend is not None:
                found.append(pend)
                covered.append((pend.quote.cue_span[0], pend.quote.end))
        if not found:
            pend = self._attributed(doc, lex, people, si, s0, s1)
            if pend is not None:
                found.append(pend)
        return found

    def _continued(self, doc, si, s0, s1) -> list[_Pending]:
        """A sentence that is only a quotation right after a quoted sentence
        continues the same speaker: «...». «...»."""
        text = doc.text
        marks = _quote_marks(text, s0, s1)
        if len(marks) != 1:
            return []
        o, qs, qe, c = marks[0]
        if text[s0:o].strip() or text[c + 1:s1].strip(" .،,\n") or len(text[qs:qe].split()) < 5:
            return []
        q = Quote(qs, qe, "direct", text=text[qs:qe], sentence=si)
        q.attrs["continued"] = True
        return [_Pending(q, None)]

    # -- direct ---------------------------------------------------------------
    def _attach_direct(self, doc, lex, people, si, s0, s1, boundary, o, qs, qe, c, cues, used_cues):
        text = doc.text
        before = [m for m in cues if boundary <= m.start() and m.end() <= o and m.start() not in used_cues]
        q = Quote(qs, qe, "direct", text=text[qs:qe], sentence=si)
        if before:
            m = before[-1]
            gap = text[m.end():o]
            comp = list(_COMP_RE.finditer(gap))
            tail = gap[comp[-1].end():] if comp else ""
            gap_ok = len(gap.split()) <= _MAX_GAP_WORDS and not tail.strip(" :،,\n")
            prep = lex.preposition_of.get(m.group(1))
            if gap_ok:
                used_cues.add(m.start())
                q.cue, q.cue_span = m.group(0), (m.start(), m.end())
                end = m.end() + (comp[0].start() if comp else len(gap))
                if prep is not None and not comp:
                    end = m.end() + len(gap)
                spk = self._speaker(doc, lex, people, m, end, s0)
                return _Pending(q, spk)
        if text[boundary:o].rstrip().endswith(":"):
            return _Pending(q, None)
        after = re.match(r"[\s.]*[،,]?\s*", text[c + 1:s1 + 1])
        a = c + 1 + (after.end() if after else 0)
        m = lex.cue.match(text, a, s1)
        if m is not None:
            used_cues.add(m.start())
            q.cue, q.cue_span = m.group(0), (m.start(), m.end())
            end = s1
            for stop in "،,.:؛\n":
                k = text.find(stop, m.end(), end)
                if k != -1:
                    end = k
            return _Pending(q, self._speaker(doc, lex, people, m, end, s0, look_back=False))
        return None

    # -- indirect -------------------------------------------------------------
    def _indirect(self, doc, lex, people, si, s1, m, cues, marks, covered):
        text = doc.text
        cs, ce = m.start(), m.end()
        if any(a <= cs < b for a, b in covered):
            return None
        limit = min(s1, ce + 220)
        c = _COMP_RE.search(text, ce, limit)
        prep = lex.preposition_of.get(m.group(1))
        if prep is not None:  # دعا إلى / أعرب عن / أشار إلى أن: the object is the content
            pat = rf"(?<![\w]){prep}(?=\w)" if prep == "ب" else rf"(?<![\w]){prep}(?![\w])"
            pc = re.compile(pat).search(text, ce, limit)
            if pc is not None and (c is None or pc.start() < c.start()):
                after = _COMP_RE.match(text, pc.end() + 1) if text[pc.end():pc.end() + 1] == " " else None
                if after is not None:
                    c = after
                else:
                    c = pc
        if c is None:
            return None
        between = text[ce:c.start()]
        if m.group(1) in lex.tight_stems and between.strip():
            return None
        if ":" in between.rstrip(" :") or between.count("،") > 3 or len(between.split()) > _MAX_GAP_WORDS:
            return None
        if any(ce <= o < c.start() and len(text[qs:qe].split()) >= _MIN_DIRECT_WORDS for o, qs, qe, _ in marks):
            return None  # a real quotation sits between verb and complementizer
        if any(o < c.start() < cl for o, _, _, cl in marks):
            return None
        qs, qe = _strip_span(text, c.end(), s1)
        # a later speech clause («، فيما أوضح فلان أن») or participle starts a new statement
        for later in cues:
            if not qs < later.start() < qe or any(o < later.start() < cl for o, _, _, cl in marks):
                continue
            clause = re.search(r"[،,]\s*(?:فيما|بينما|كما|ثم)?\s*$", text[qs:later.start()])
            if clause is not None:
                qe = _strip_span(text, qs, qs + clause.start())[1]
                break
        cut = lex.participle_clause.search(text, qs, qe)
        if cut is not None:
            qe = _strip_span(text, qs, cut.start())[1]
        fin = lex.attribution_final.search(text[qs:qe])
        if fin is not None:
            qe = _strip_span(text, qs, qs + fin.start())[1]
        if qe - qs < 8:
            return None
        q = Quote(qs, qe, "indirect", text=text[qs:qe], sentence=si, cue=m.group(0), cue_span=(cs, ce))
        return _Pending(q, self._speaker(doc, lex, people, m, c.start(), doc.sentences[si].start))

    def _colon(self, doc, lex, people, si, s1, m, marks, covered):
        """«وأضاف: هناك طرق ...»: words after a colon, without quotation marks."""
        text = doc.text
        k = text.find(":", m.end(), min(s1, m.end() + 120))
        if k == -1 or any(a <= m.start() < b for a, b in covered) or any(o <= k + 3 and cl > k for o, _, _, cl in marks):
            return None
        if len(text[m.end():k].split()) > _MAX_GAP_WORDS or _COMP_RE.search(text, m.end(), k):
            return None
        qs, qe = _strip_span(text, k + 1, s1)
        if len(text[qs:qe].split()) < _MIN_DIRECT_WORDS:
            return None
        # without quotation marks the words are not shown to be verbatim: "indirect" (gold schema)
        q = Quote(qs, qe, "indirect", text=text[qs:qe], sentence=si, cue=m.group(0), cue_span=(m.start(), m.end()))
        q.attrs["unmarked"] = True
        return _Pending(q, self._speaker(doc, lex, people, m, k, doc.sentences[si].start))

    # -- attribution phrases ----------------------------------------------------
    def _attributed(self, doc, lex, people, si, s0, s1):
        text = doc.text
        sent = text[s0:s1]
        init = lex.attribution_initial.match(sent)
        if init is not None:
            qs, qe = _strip_span(text, s0 + init.end(), s1)
            group = "spk" if init.group("spk") is not None else "qspk"
            ss, se = s0 + init.start(group), s0 + init.end(group)
        else:
            fin = lex.attribution_final.search(sent)
            if fin is None:
                return None
            qs, qe = _strip_span(text, s0, s0 + fin.start())
            group = "spk" if fin.group("spk") is not None else "qspk"
            ss, se = s0 + fin.start(group), s0 + fin.end(group)
        if qe - qs < 15:
            return None
        ss, se = _strip_span(text, ss, se, _SPEAKER_STRIP)
        if se <= ss or re.fullmatch(r"(?:تعبيره|تعبيرها|قوله|قولها|وصفه|وصفها)", text[ss:se].split()[-1]):
            spk = None  # «على حد تعبيره»: the last speaker
        else:
            span = self._trim_words(text, lex, ss, se)
            if span is None or len(text[span[0]:span[1]].split()) > 6:
                return None
            spk = self._make_speaker(doc, lex, people, *span)
        q = Quote(qs, qe, "indirect", text=text[qs:qe], sentence=si, cue="attribution")
        q.attrs["attribution"] = True
        return _Pending(q, spk)

    # -- speaker --------------------------------------------------------------
    def _speaker(self, doc, lex, people, m, end, s0, look_back=True) -> Argument | None:
        """The speaker of cue ``m``: after the verb up to ``end``, else before it."""
        text = doc.text
        a = m.end()
        if m.group(1) in lex.participles:
            return None  # مشيرا / مضيفا: same speaker as the main clause
        seg = text[a:end]
        relay = list(re.finditer(r"(?<![\w])(?:نقلا|نقلاً)?\s*عن\s+", seg)) if (
            m.group(1) in lex.relay_verbs or "نقلا عن" in seg or "نقلاً عن" in seg) else []
        if relay:
            a += relay[-1].end()
        span = self._speaker_span(text, lex, a, end)
        if span is None and look_back and not m.group(0).startswith(("و", "ف")):
            span = self._speaker_before(text, lex, s0, m.start())
        if span is None:
            return None
        return self._make_speaker(doc, lex, people, *span, limit=end if span[1] <= end else None)

    def _speaker_span(self, text, lex, a, b) -> tuple[int, int] | None:
        parts = []
        start = a
        for k in re.finditer(r"[،,]", text[a:b]):
            parts.append((start, a + k.start()))
            start = a + k.end()
        parts.append((start, b))
        first = self._trim_words(text, lex, *parts[0])
        if first is None:
            return None
        s, e = first
        if len(parts) > 1:  # appositive: «أمين سر اللجنة التنفيذية، صائب عريقات:»
            last = self._trim_words(text, lex, *parts[-1])
            if last is not None and len(text[last[0]:last[1]].split()) <= 5 and last[1] - last[0] > 0 \
                    and _strip_span(text, *parts[-1])[1] == last[1]:
                e = last[1]
        return s, e

    def _trim_words(self, text, lex, a, b) -> tuple[int, int] | None:
        words = _words(text, a, b)
        keep = []
        for i, (ws, we) in enumerate(words):
            w = text[ws:we].strip(_QUOTE_CHARS + "()")
            if not keep and w in _ADVERBS:
                continue  # «وقال أيضا الطالبان»
            if not keep and w in _PRONOUN_WORDS:
                return None  # «وأعرب سموه عن»: the speaker named before
            nxt = text[words[i + 1][0]:words[i + 1][1]] if i + 1 < len(words) else ""
            if w in ("في", "فى") and nxt in ("شؤون", "الشؤون", "شئون"):
                keep.append((ws, we))  # «المحلل في شؤون التكنولوجيا فلان»: part of the title
                continue
            if w in lex.speaker_stops or w.startswith(("لل", "لـ")) or text[ws:we].startswith(("ل«", 'ل"', "ل“")) or w[1:] in _MEDIA_AFTER_LAM and w[0] == "ل" \
                    or _COMP_RE.fullmatch(w):
                break
            keep.append((ws, we))
            if len(keep) >= _MAX_SPEAKER_WORDS:
                break
        if not keep:
            return None
        s, e = _strip_span(text, keep[0][0], keep[-1][1], _SPEAKER_STRIP)
        if text.count("(", s, e) > text.count(")", s, e):  # «... القدم (الفيفا» lost its ")"
            e = _strip_span(text, s, text.rfind("(", s, e), _SPEAKER_STRIP)[1]
        return (s, e) if e > s else None

    def _speaker_before(self, text, lex, s0, cue_start) -> tuple[int, int] | None:
        """«لافروف قال إن»: the clause's subject before an unprefixed verb."""
        seg = text[s0:cue_start]
        cut = max(seg.rfind(ch) for ch in "،,(.:؛\n")
        a = s0 + cut + 1
        words = _words(text, a, cue_start)
        while words and text[words[0][0]:words[0][1]] in _CONNECTIVES:
            words.pop(0)
        if not words or len(words) > 6:
            return None
        if any(text[ws:we].strip(_QUOTE_CHARS) in lex.speaker_stops for ws, we in words):
            return None
        s, e = _strip_span(text, words[0][0], words[-1][1], _SPEAKER_STRIP)
        return (s, e) if e > s else None

    def _make_speaker(self, doc, lex, people, s, e, limit=None) -> Argument:
        text = doc.text
        inside = [p for p in people if s <= p.start and p.end <= e]
        if not inside and limit is not None:  # «قائد المقاومة في عدن علي الأحمدي»: the name is past the cut
            inside = [p for p in people if e <= p.start and p.end <= limit and p.label == "PER"][:1]
        if inside:
            best = next((p for p in inside if p.label == "PER"), inside[0])
            role_s, role_e = _strip_span(text, s, best.start, _SPEAKER_STRIP)
            return Argument(text=best.text or text[best.start:best.end], start=best.start, end=best.end,
                            entity=best.entity, attrs={"role": text[role_s:role_e] or None, "anonymous": False,
                                                       "phrase": text[s:e]})
        head = text[s:e].split()[0].lstrip("و")
        anon = head in lex.anonymous_heads
        return Argument(text=text[s:e], start=s, end=e, attrs={"role": None, "anonymous": anon})

    def _resolve_title(self, doc, people, state, spk: Argument) -> Argument:
        """A bare title (وزير الخارجية الروسي) -> the named speaker it stands for."""
        if spk.attrs.get("anonymous") or spk.attrs.get("role") or spk.start is None:
            return spk
        if spk.text in state.roles:
            found = _copy(state.roles[spk.text])
            found.attrs["phrase"] = spk.text
            return found
        if any(p.start == spk.start for p in people):
            return spk
        text = doc.text
        for occ in re.finditer(re.escape(spk.text), text):
            for p in people:
                if p.label == "PER" and 0 <= p.start - occ.end() <= 3:
                    return Argument(text=p.text or text[p.start:p.end], start=p.start, end=p.end, entity=p.entity,
                                    attrs={"role": spk.text, "anonymous": False, "phrase": spk.text,
                                           "resolved_from": [spk.start, spk.end]})
        return spk


def _quote_marks(text: str, s0: int, s1: int) -> list[tuple[int, int, int, int]]:
    """(open, content start, content end, close) of each quotation in a sentence.

    An unclosed mark runs to the sentence end (scraped text often loses it).
    """
    out = []
    i = s0
    while i < s1:
        ch = text[i]
        if ch in _CLOSE_OF:
            close = text.find(_CLOSE_OF[ch], i + 1, s1 + 1)
            if close == -1:
                close = s1
            qs, qe = _strip_span(text, i + 1, close, " \t\n")
            if ch == '"' or close < s1:
                qe = _strip_span(text, qs, qe, " \t\n")[1]
            else:
                qs, qe = _strip_span(text, qs, qe)
            if qe > qs:
                out.append((i, qs, qe, close))
            i = close + 1
            continue
        i += 1
    return out


def _copy(arg: Argument) -> Argument:
    return Argument(text=arg.text, start=arg.start, end=arg.end, entity=arg.entity,
                    code=arg.code, attrs=dict(arg.attrs))
