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
- stance acts whose object is the content (أعرب عن قلقه، أكد ضرورة ...، أدان
  الهجوم ...، دعا X إلى ...), masdar cues (نقلت عن X تأكيده ...), documents
  (وجاء في البيان أن) and, with NER, headlines «NAME: statement».
The conventions are those of the project's gold (docs/OUTPUT.md).
Speakers are read after the verb (وأكد رئيس الوفد ... أن), or before it when the
verb has no و/ف (لافروف قال إن); relayed sources (نقلا عن X) give X; an empty
speaker (وأضاف أن, مضيفا) inherits the last speaker of the same or the previous
paragraph; a bare title (وزير الخارجية الروسي) stays as written, with the person
the document names after it noted in attrs for the entity resolver. When entity
mentions exist (NER ran), speakers are those mentions, with their entity id
when set.

Cue words are found by one dict look-up per token (normalised forms with
their clitics, built once from the lexicon): a spelling-tolerant regex over
hundreds of cues was four times slower than the whole component.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rasid.model import Argument, Document, Quote
from rasid.pipeline import DocumentComponent
from rasid.text.normalize import normalize

_CLOSE_OF = {"«": "»", "“": "”", '"': '"'}
_QUOTE_CHARS = "«»“”\""
_MIN_DIRECT_WORDS = 3  # shorter quoted spans are usually titles or scare quotes
_MAX_GAP_WORDS = 20  # words allowed between a speech verb and its complementizer
_MAX_SPEAKER_WORDS = 14
# A long title plus a full name (مدير عام إدارة العلاقات العامة ... محمد بن عبد العزيز
# الصفيان) may run past the limit; it is kept whole when it ends by itself (at the
# comma or complementizer) within this many words, else cut at the limit as before.
_MAX_SPEAKER_WORDS_CLOSED = 18
_STRIP = " \t\n.،,:؛"
_SPEAKER_STRIP = _STRIP + _QUOTE_CHARS + "()"
_COMP_RE = re.compile(r"(?<![\w])ب?[أإا]ن[\u064B-\u0652]*(?:ه|ها|هم|نا)?[\u064B-\u0652]*(?![\w])")
# A speech verb's own complement within six words (a colon, or أن/إن/بأن with
# a pronoun): what follows the verb is a new statement, not the current one's.
_SPEECH_AHEAD = re.compile(r"\s*(?:[^\s.]+\s+){0,6}?(?::|ب?[أإا]ن(?:ه|ها|هم)?(?![\w]))")
SPEECH_LOOKAHEAD = 90  # characters searched for that complement


def _opens_speech(text: str, pos: int) -> bool:
    """Whether a colon or complementizer follows ``pos`` closely (_SPEECH_AHEAD)."""
    return _SPEECH_AHEAD.match(text[pos:pos + SPEECH_LOOKAHEAD]) is not None
_CONNECTIVES = frozenset({"لكن", "ولكن", "ثم", "كما", "فيما", "بينما", "و", "إذ", "اذ", "حيث", "بل", "فقد", "وقد", "قد"})
_ADVERBS = frozenset({"أيضا", "أيضاً", "ايضا", "كذلك", "بدوره", "بدورها", "من جهته", "بدورهم"})
_PRONOUN_WORDS = frozenset({"جلالته", "فخامته", "دولته", "سيادته", "سموها", "معاليها", "سموه", "معاليه", "خلاله", "خلالها", "فيه", "فيها", "له", "لها", "هو", "هي", "سعادته",
                            "فضيلته"})
_MARKS = "[\u064B-\u0652\u0670\u0640]*"  # harakat, shadda, dagger alef, tatweel between letters
# Letters that writers vary (hamza on alef, alef maqsura, taa marbuta): a cue written
# in normalised form matches every spelling, with or without diacritics.
_LETTER_CLASS = {"ا": "[اأإآٱ]", "ي": "[يىئ]", "ه": "[هة]", "و": "[وؤ]"}
_MEDIA_AFTER_LAM = frozenset({"وكالة", "صحيفة", "قناة", "موقع", "تلفزيون", "إذاعة", "اذاعة", "بي", "رويترز", "فرانس",
                              "مجلة", "شبكة"})


@dataclass
class CueLexicon:
    """Compiled cue patterns and word sets loaded from the data file."""

    cue_keys: frozenset[str]  # normalised cue stems (and participles)
    cue_forms: dict[str, str]  # every normalised written form (و/ف + stem + pronoun) -> its stem
    participle_clause: re.Pattern  # "، مشيرا ..." opens a new statement
    attribution_initial: re.Pattern
    attribution_final: re.Pattern
    preposition_of: dict[str, str]
    participles: frozenset[str]
    relay_verbs: frozenset[str]
    tight_stems: frozenset[str]  # ambiguous words (بين: "between") that are cues only right before أن
    anonymous_heads: frozenset[str]
    speaker_stops: frozenset[str]
    prep_required: frozenset[str] = frozenset()  # عبر ("via") is a cue only with its عن
    object_cues: frozenset[str] = frozenset()  # أكد ضرورة / أدان الهجوم: a noun phrase is the content
    object_heads: frozenset[str] = frozenset()
    prayer_objects: frozenset[str] = frozenset()
    addressee_words: frozenset[str] = frozenset()
    non_speech_before_an: frozenset[str] = frozenset()
    not_b_objects: frozenset[str] = frozenset()
    impersonal: frozenset[str] = frozenset()
    nominal: frozenset[str] = frozenset()
    naming_nouns: frozenset[str] = frozenset()
    addressee_cues: frozenset[str] = frozenset()
    context_nouns: frozenset[str] = frozenset()
    head_required: frozenset[str] = frozenset()  # جدد: an object head must follow, a name is not enough
    prep_yields_to_an: frozenset[str] = frozenset()  # أعلن ... عن: only without a later أن
    open_object_cues: frozenset[str] = frozenset()  # objects found without a listed head (NER needed)


def cue_key(surface: str) -> str:
    """The lexicon key of a matched cue word: normalised, without و/ف and a
    pronoun suffix that the pattern allowed (وأكّدت -> اكدت)."""
    return _cue_key(surface)


@lru_cache(maxsize=4096)
def _cue_key(surface: str) -> str:
    return normalize(surface)


def _expand_forms(stems) -> dict[str, str]:
    """Normalised written forms of each stem with its clitics, for one dict
    look-up per token (shorter stems first, so a longer stem wins a clash)."""
    forms: dict[str, str] = {}
    for stem in sorted(stems, key=len):
        # an imperfect verb with a pronoun is an object, not a speaker (يذكرهم: "reminds them")
        # and رأيه is "his opinion", not رأى + a pronoun
        suffixes = ("",) if stem.startswith(("ي", "ت")) or stem.endswith("ي") else _CUE_SUFFIXES
        for pre in _CUE_PREFIXES:
            for suf in suffixes:
                forms[pre + stem + suf] = stem
    for stem in stems:  # a stem written bare is itself, whatever a shorter one expands to
        forms[stem] = stem
    return forms


def _fuzzy(word: str) -> str:
    """Regex for a normalised word that accepts its spelling variants and marks."""
    return "".join(_LETTER_CLASS.get(ch, re.escape(ch)) + _MARKS for ch in word)


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    data = json.loads(resources.files("rasid.data").joinpath("quote_cues.json").read_text("utf-8"))
    norm = lambda words: frozenset(normalize(w) for w in words)  # noqa: E731 - keys as cue_key gives them
    parts = norm(data["participle_cues"])
    stems = sorted(norm(data["cue_stems"]) | parts, key=len, reverse=True)
    prefixes = "|".join(data["cue_prefixes"])
    del prefixes  # the prefixes و/ف are fixed in _cue_parts; kept in the data for documentation
    part = re.compile(rf"(?:[،,]\s*|\s)(?:و)?(?:{'|'.join(_fuzzy(w) for w in sorted(parts, key=len, reverse=True))})(?![\w])")
    verbs = "|".join(sorted(data["attribution_verbs"], key=len, reverse=True))
    # بحسب X / وفقا لما ذكره X; «على ما» and «كما» count only with a speech verb
    lead = (rf"(?:(?:بحسب|حسبما|حسب|وفقاً|وفقًا|وفقا|وفق|طبقاً|طبقًا|طبقا)(?=[\sل])\s*(?:لـ|ل)?\s*(?:ما\s+)?(?:(?:{verbs})(?:ه|ته)?\s+(?:به\s+)?)?"
            rf"|(?:على ما|كما)\s+(?:{verbs})(?:ه|ته)?\s+)")
    # the source ends at a comma, at «فإن», or with its closing quotation mark: وبحسب «رويترز» أظهر ...
    initial = re.compile(rf"^[\s«\"]*و?{lead}(?:(?P<spk>[^،,:.؟!\n«\"]{{2,60}}?)\s*(?:[،,]\s*(?:فإن|فان|فإنّ|فقد|ف)?|"
                         r"\s(?=فإن|فان|فإنّ|فقد))|(?P<qspk>[«\"][^»\"]{2,40}[»\"])\s*[،,]?)\s*(?:فإن|فان|فإنّ|فقد)?\s*")
    # after a comma any attribution; without one only «حسبما يقول» / «وفق ما ذكرت» (بحسب X alone
    # is too often "according to the plan")
    final = re.compile(rf"(?:(?:[،,]\s*|\s+(?=(?:حسبما|بحسب ما|وفق ما|وفقا لما|وفقاً لما|طبقا لما)\s))و?{lead}(?P<spk>[^،,:؛.؟!\n]{{2,70}}?)(?:[،,][^،,.؟!\n]{{0,60}})?"
                       rf"|\s(?:بحسب|حسب|وفقا ل|وفقاً ل|وفقًا ل)\s*(?P<qspk>[«“\"][^»”\"]{{2,40}}[»”\"]))[\s.»\")]*$")
    return CueLexicon(
        cue_keys=frozenset(stems), cue_forms=_expand_forms(stems), participle_clause=part, attribution_initial=initial, attribution_final=final,
        preposition_of={normalize(k): v for k, v in data["prepositional_cues"].items()}, participles=parts,
        relay_verbs=norm(data["relay_verbs"]), tight_stems=norm(data["tight_stems"]),
        anonymous_heads=frozenset(data["anonymous_heads"]),
        speaker_stops=frozenset(data["speaker_stop_words"]),
        prep_required=norm(data.get("prep_required", ())), object_cues=norm(data.get("object_cues", ())),
        object_heads=norm(data.get("object_heads", ())), prayer_objects=norm(data.get("prayer_objects", ())),
        non_speech_before_an=norm(data.get("non_speech_before_an", ())),
        not_b_objects=norm(data.get("not_b_objects", ())), impersonal=norm(data.get("impersonal_cues", ())),
        nominal=norm(data.get("nominal_cues", ())), naming_nouns=norm(data.get("naming_nouns", ())),
        addressee_cues=norm(data.get("addressee_cues", ())),
        addressee_words=norm(data.get("addressee_words", ())), context_nouns=norm(data.get("speaker_context_nouns", ())),
        head_required=norm(data.get("head_required_cues", ())),
        prep_yields_to_an=norm(data.get("prep_yields_to_an", ())),
        open_object_cues=norm(data.get("open_object_cues", ())),
    )


def _strip_span(text: str, start: int, end: int, chars: str = _STRIP) -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _end_before_participle(text: str, lex, qs: int, qe: int) -> int:
    """The content's end, cut before a participial cue (مشيرا، مضيفا) that
    starts the next statement inside ``text[qs:qe]``."""
    cut = lex.participle_clause.search(text, qs, qe)
    return qe if cut is None else _strip_span(text, qs, cut.start())[1]


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
    last_paragraph: int = 0
    roles: dict[str, Argument] = field(default_factory=dict)  # title as written -> named speaker


class QuoteExtractor(DocumentComponent):
    """Direct quotes, indirect speech and attributed claims with their speakers."""

    _person_words: frozenset[int] = frozenset()  # per document, set in process_document

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
        self._cues_by_sentence = _cues_from_tokens(doc, lex)
        # any mention (MISC too) tells that a recogniser ran, so an untagged name is not a name
        self._ner_ran = bool(doc.entities)
        # word starts inside person mentions: «بان» in «بان كي مون» is a name there, not بأن
        self._person_words = frozenset(w.start() + m.start for m in doc.entities if m.label == "PER"
                                       for w in re.finditer(r"\S+", doc.text[m.start:m.end]))
        paragraph_of = _paragraph_index(doc)
        for si, sent in enumerate(doc.sentences):
            pending = self._sentence(doc, lex, people, si, sent.start, sent.end)
            if not pending and previous_quoted:
                pending = self._continued(doc, si, sent.start, sent.end)
            previous_quoted = bool(pending)
            pending.sort(key=lambda p: p.quote.start)
            for p in pending:
                spk = p.speaker
                para = paragraph_of.get(si, 0)
                if spk is None:
                    # «وأضاف»، «مضيفا»: the last speaker of this paragraph or the one before;
                    # a whole paragraph without a statement breaks the chain
                    recent = state.last_speaker is not None and para - state.last_paragraph <= 1
                    spk = _copy(state.last_speaker) if recent else self._clause_subject(doc, people, sent, p.quote)
                else:
                    spk = self._resolve_title(doc, people, state, spk)
                    if spk.attrs.get("role"):
                        state.roles.setdefault(spk.attrs["role"], spk)
                    state.last_speaker = spk
                if spk is not None:
                    state.last_paragraph = para
                p.quote.speaker = spk
                quotes.append(p.quote)
        doc.quotes = quotes
        return doc

    @staticmethod
    def _clause_subject(doc, people, sent, quote) -> Argument | None:
        """«التقى الوزير فلان بالسفير ... وأكد أن ...»: with no earlier speaker to
        continue, an empty-subject cue in a و-chain shares the subject of the
        sentence's first verb: the first person or organisation mention, when it
        stands in subject position (within the sentence's first four words).
        Needs entity mentions (NER); without them the speaker stays unknown."""
        if not people or quote.cue_span is None:
            return None
        cue_start = quote.cue_span[0]
        if not doc.text[cue_start:cue_start + 1] in ("و", "ف"):
            return None  # a participle or a bare verb is not a و-chain
        first = next((m for m in people if sent.start <= m.start < cue_start), None)
        if first is None or len(doc.text[sent.start:first.start].split()) > 4:
            return None
        return Argument(text=first.text or doc.text[first.start:first.end], start=first.start, end=first.end,
                        entity=first.entity, attrs={"role": None, "anonymous": False, "from": "clause_subject"})

    # -- one sentence ----------------------------------------------------------
    def _sentence(self, doc, lex, people, si, s0, s1) -> list[_Pending]:
        text = doc.text
        marks = _quote_marks(text, s0, s1)
        cues = [m for m in self._cues_by_sentence.get(si, ())
                if not any(o < m.start() < c for o, _, _, c in marks) and self._cue_plausible(text, lex, m, s0)]
        used_cues: set[int] = set()
        found: list[_Pending] = []
        boundary = s0
        for o, qs, qe, c in marks:
            if len(text[qs:qe].split()) < _MIN_DIRECT_WORDS and not text[boundary:o].rstrip().endswith(":"):
                continue
            if o > s0 and text[o - 1].isalpha():
                continue  # ل«الشرق الأوسط»، التابع ل«الجيش الحر»: a name glued to a preposition
            if _CLITICS.sub("", _word_before(text, o)) in lex.naming_nouns or _word_before(text, o) in lex.naming_nouns:
                continue  # كتائب «حمزة بن عبد المطلب»، مؤتمر «جنيف 2»: a name
            if text[c + 1:c + 3].lstrip().startswith(":") and any(o2 > c for o2, _, _, _ in marks):
                continue  # «قال لمحطة «بي إف إم»: «...»»: the medium named before the colon
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
        nested = [p for p in found if p.quote.kind == "direct" and p.quote.cue_span and any(
            o is not p and o.quote.kind == "indirect" and o.quote.start <= p.quote.cue_span[0] < o.quote.end
            for o in found)]
        found = [p for p in found if p not in nested]  # «أن داعش أبلغ ... «بوجوب ...»»: one statement
        if not found:
            pend = self._document_says(doc, lex, people, si, s0, s1, cues)
            if pend is None:
                pend = self._attributed(doc, lex, people, si, s0, s1)
            if pend is not None:
                found.append(pend)
        if people:
            pend = self._headline(doc, people, si, s0, s1, cues)
            if pend is not None and not any(p.quote.overlaps(pend.quote) or (
                    p.quote.cue_span and pend.quote.start <= p.quote.cue_span[0] < pend.quote.end) for p in found):
                found.append(pend)
        return found

    def _document_says(self, doc, lex, people, si, s0, s1, cues):
        """«وجاء في البيان أن ...»: the document (statement, report, letter) speaks."""
        text = doc.text
        m = _DOCUMENT_SAYS.search(text, s0, s1)
        if m is None or any(o < m.start() < cl for o, _, _, cl in _quote_marks(text, s0, s1)):
            return None
        qs, qe = _strip_span(text, m.end(), s1)
        for later in cues:  # a later speech clause starts a new statement
            if qs < later.start() < qe:
                qe = _strip_span(text, qs, later.start())[1]
                break
        if len(text[qs:qe].split()) < _MIN_DIRECT_WORDS:
            return None
        q = Quote(qs, qe, "indirect", text=text[qs:qe], sentence=si, cue=m.group("cue"),
                  cue_span=(m.start("cue"), m.end("cue")))
        span = self._trim_words(text, lex, m.start("spk"), m.end("spk"))
        spk = self._make_speaker(doc, lex, people, *span) if span else None
        if spk is None:
            spk = Argument(text=text[m.start("spk"):m.end("spk")], start=m.start("spk"), end=m.end("spk"),
                           attrs={"role": None, "anonymous": False})
        return _Pending(q, spk)

    def _headline(self, doc, people, si, s0, s1, cues):
        """«دي ميستورا: الدستور على طاولة جنيف»: a headline that gives a named
        person's statement after a colon. Only with NER (a PER mention right
        before the colon), since «المصدر: ...» or «سمات: ...» look the same."""
        text = doc.text
        k = text.find(":", s0, s1)
        while k != -1:
            before = [p for p in people if p.label == "PER" and s0 <= p.start and 0 <= k - p.end <= 1]
            if before and not any(c.end() <= before[0].start and before[0].start - c.end() < 80 for c in cues):
                p = before[0]
                qs, qe = _strip_span(text, k + 1, s1)
                for later in cues:
                    if qs < later.start() < qe:
                        qe = _strip_span(text, qs, later.start())[1]
                        break
                if len(text[qs:qe].split()) >= 4 and not any(o < k < cl for o, _, _, cl in _quote_marks(text, s0, s1)):
                    q = Quote(qs, qe, "indirect", text=text[qs:qe], sentence=si, cue="headline")
                    q.attrs["headline"] = True
                    spk = Argument(text=p.text or text[p.start:p.end], start=p.start, end=p.end, entity=p.entity,
                                   attrs={"role": None, "anonymous": False})
                    return _Pending(q, spk)
            k = text.find(":", k + 1, s1)
        return None

    @staticmethod
    def _cue_plausible(text, lex, m, s0) -> bool:
        """Filters for ambiguous cue words, before any quote is built on them.

        بين ("between") is a cue only right before أن; عبر ("via") only at the
        start of a clause with its عن a few words on (وعبر الوزير عن ...)."""
        key = m.group(1)
        if key in lex.tight_stems:
            # «وبين الوزير أن»: a verb with a prefix or a feminine ending may have a short
            # subject before أن; bare بين is the preposition unless أن follows at once
            gap = r"(?:[^\s،,.:؛«»\"]+\s+){0,3}?" if m.group(0)[0] in "وف" or key.endswith("ت") else ""
            return bool(re.match(rf"\s*[،,]?\s+{gap}ب?[أإا]ن(?:ه|ها|هم)?(?![\w])", text[m.end():m.end() + 60]))
        if key == "كشف" and not text[s0:m.start()].strip() and re.match(r"\s+عن\s", text[m.end():m.end() + 5]):
            return False  # «كُشف عن مكنسة ...»: the passive, no speaker
        if key in lex.prep_required:
            clause_start = m.group(0)[0] in "وف" or not text[s0:m.start()].strip() or \
                text[s0:m.start()].rstrip().endswith(("،", ",", "كما", "فيما", "بينما"))
            prep = lex.preposition_of.get(key)
            if not clause_start or prep is None:
                return False
            window = text[m.end():m.end() + 80]
            pc = _prep_re(prep).search(window)
            return pc is not None and len(window[:pc.start()].split()) <= 8 and not re.search(r"[،,.:؛]", window[:pc.start()])
        return True

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
            prep = lex.preposition_of.get(cue_key(m.group(1)))
            if gap_ok:
                used_cues.add(m.start())
                q.cue, q.cue_span = m.group(0), (m.start(), m.end())
                end = m.end() + (comp[0].start() if comp else len(gap))
                if prep is not None and not comp:
                    end = m.end() + len(gap)
                spk = self._speaker(doc, lex, people, m, end, s0)
                return _Pending(q, spk)
        if text[boundary:o].rstrip().endswith(":") and any(m.end() <= o for m in cues if m.start() >= s0):
            return _Pending(q, None)  # «وقال ... في كلمته ...: «...»»: the speaker of the sentence's cue
        after = re.match(r"[\s.]*[،,]?\s*", text[c + 1:s1 + 1])
        a = c + 1 + (after.end() if after else 0)
        m = next(iter(find_cues(text, a, s1, lex, first_only=True)), None)
        if m is not None and (m.start() != a or not self._cue_plausible(text, lex, m, s0)):
            m = None
        if m is not None and (m.group(1) in lex.participles or re.match(
                r"\s*(?:[^\s،,.]+\s+){0,6}?(?::|ب?[أإا]ن(?:ه|ها|هم)?(?![\w]))", text[m.end():m.end() + 90])):
            return None  # «...»، مؤكدة أن ...: the cue opens its own statement
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
        key = cue_key(m.group(1))
        if _ATTRIBUTION_BEFORE.search(text, max(0, cs - 16), cs):
            return None  # «بحسب ما أفادت مصادر»: an attribution phrase, read by _attributed / the cut
        if lex.prayer_objects and _first_word(text, ce, s1) in lex.prayer_objects:
            return None  # «داعيا الله أن يشفي»: a prayer, not a statement
        if key in lex.nominal:
            return self._nominal(doc, lex, people, si, s1, m, cues, marks)
        limit = min(s1, ce + 220)
        c = _COMP_RE.search(text, ce, limit)
        while c is not None and (_word_before(text, c.start()) in lex.non_speech_before_an
                                 or any(p.start <= c.start() < p.end for p in people if p.label == "PER")):
            # «بعد أن شنت»: a time clause, not the content; «بان كي مون» (NER): a name, not بأن
            c = _COMP_RE.search(text, c.end(), limit)
        prep = lex.preposition_of.get(key)
        object_start = None
        if prep is not None and key in lex.prep_yields_to_an and c is not None and not _clause_break(text, ce, c.start()):
            prep = None  # «أعلن المتحدث باسم الهيئة المنبثقة عن مؤتمر الرياض فلان أن»: أن gives the content
        if prep is not None:  # دعا إلى / أعرب عن / أشار إلى أن: the object is the content
            pc = _prep_re(prep).search(text, ce, limit)
            while pc is not None and (_RELAY_BEFORE.search(text, max(ce, pc.start() - 12), pc.start()) or (
                    text[pc.start()] == "ب" and _first_word(text, pc.start(), limit) in lex.not_b_objects)):
                pc = _prep_re(prep).search(text, pc.end(), limit)  # «نقلا عن X»: X is the source
            if pc is not None and (c is None or pc.start() < c.start()) and not _clause_break(text, ce, pc.start()):
                after = _COMP_RE.match(text, pc.end() + 1) if text[pc.end():pc.end() + 1] == " " else None
                if after is not None:
                    c = after
                else:
                    c = pc
            elif key in lex.prep_required:
                return None
        elif key in lex.prep_required:
            return None
        suffixed = not normalize(m.group(0)).endswith(key)  # رفضته: the object is the pronoun
        if c is not None and key in lex.object_cues and not suffixed and any(
                ce <= o.start() < c.start() and cue_key(o.group(1)) in lex.participles
                and re.search(r"[،,]\s*$", text[ce:o.start()]) for o in cues) \
                and self._object_start(doc, lex, people, m, s1) is not None:
            c = None  # «نفت الأنباء ...، مؤكدة أن»: that أن is the participle's; the object is ours
        if key in lex.head_required:
            c = None  # «معلمين جدد لا بد أن»: جدد speaks only through a stance object
        if key in lex.object_cues and not suffixed and (c is None or _clause_break(text, ce, c.start())):
            object_start = self._object_start(doc, lex, people, m, s1)
            if object_start is None:
                return None
        if object_start is not None:
            body_start, comp_start = object_start, object_start
        else:
            if c is None:
                return None
            between = text[ce:c.start()]
            if key in lex.tight_stems and between.strip(" ،,") and not (
                    (m.group(0)[0] in "وف" or key.endswith("ت")) and len(between.split()) <= 3):
                return None  # bare بين is "between"; «وبينت المصادر أن» is the verb (see _cue_plausible)
            if key in lex.impersonal and not between.strip(" ،,"):
                return None  # «ويذكر أن»: the writer's aside
            if ":" in between.rstrip(" :") or between.count("،") > 3 or len(between.split()) > _MAX_GAP_WORDS:
                return None
            if any(ce <= o < c.start() and len(text[qs:qe].split()) >= _MIN_DIRECT_WORDS for o, qs, qe, _ in marks):
                return None  # a real quotation sits between verb and complementizer
            if any(o < c.start() < cl for o, _, _, cl in marks):
                return None
            body_start, comp_start = c.end(), c.start()
        qs, qe = _strip_span(text, body_start, s1)
        # a later speech clause («، فيما أوضح فلان أن») or participle starts a new statement
        for later in cues:
            if not qs < later.start() < qe or any(o < later.start() < cl for o, _, _, cl in marks):
                continue
            if _imperfect(later.group(0), lex) and not _opens_speech(text, later.end()):
                continue  # «أن النتائج مثيرة، وتؤكد فاعلية ...»: the content's own subject goes on
            clause = re.search(r"[،,]\s*(?:فيما|بينما|كما|ثم)?\s*$", text[qs:later.start()])
            if clause is None and later.group(0).startswith("و") and later.group(0)[1:2] not in ("ي", "ت") and \
                    _opens_speech(text, later.end()):
                # «عن سعادته بهذا الإنجاز وقال: إنه»: a new speech clause closes the object
                clause = re.search(r"\s*$", text[qs:later.start()])
            if clause is None and _COMP_RE.search(text, later.end(), min(qe, later.end() + 80)):
                # «...، وفيما يخص اللاعب أشار إلى أنه»: a comma still closes the first statement
                clause = re.search(r"[،,][^،,]{0,60}$", text[qs:later.start()])
            if clause is not None:
                qe = _strip_span(text, qs, qs + clause.start())[1]
                break
        qe = _end_before_participle(text, lex, qs, qe)
        fin = lex.attribution_final.search(text[qs:qe])
        if fin is not None:
            qe = _strip_span(text, qs, qs + fin.start())[1]
        if qe - qs < 8:
            return None
        q = Quote(qs, qe, "indirect", text=text[qs:qe], sentence=si, cue=m.group(0), cue_span=(cs, ce))
        if object_start is not None:
            q.attrs["object"] = True
        return _Pending(q, self._speaker(doc, lex, people, m, comp_start, doc.sentences[si].start))

    def _nominal(self, doc, lex, people, si, s1, m, cues, marks):
        """«ونقلت الوكالة عن فلان تأكيده وفاة ...»، «قوله إن ...»: the content
        follows the masdar; its speaker is the «عن X» before it, else the last one."""
        text = doc.text
        comp = re.match(r"\s+(?:على\s+)?ب?[أإا]ن(?:ه|ها|هم)?(?![\w])", text[m.end():s1])  # «تأكيده على أن»
        qs = m.end() + (comp.end() if comp else 0)
        qs, qe = _strip_span(text, qs, s1)
        for later in cues:
            if qs < later.start() < qe and not any(o < later.start() < cl for o, _, _, cl in marks):
                clause = re.search(r"[،,]\s*(?:فيما|بينما|كما|ثم|و)?\s*$", text[qs:later.start()])
                if clause is not None:
                    qe = _strip_span(text, qs, qs + clause.start())[1]
                    break
        qe = _end_before_participle(text, lex, qs, qe)
        if len(text[qs:qe].split()) < 2:
            return None
        q = Quote(qs, qe, "indirect", text=text[qs:qe], sentence=si, cue=m.group(0), cue_span=(m.start(), m.end()))
        s0 = doc.sentences[si].start
        src = re.search(r"(?<![\w])عن\s+([^،,.:؛]{2,120}?)\s*$", text[s0:m.start()])
        spk = None
        if src is not None:
            span = self._trim_words(text, lex, s0 + src.start(1), s0 + src.end(1))
            if span is not None:
                spk = self._make_speaker(doc, lex, people, *span, limit=m.start())
        return _Pending(q, spk)

    def _object_start(self, doc, lex, people, m, s1) -> int | None:
        """Where the noun-phrase content of a stance cue starts (أكد ضرورة ...,
        أدان رئيس الوزراء الهجوم ...), or None when it cannot be told from the speaker.

        Elided speaker (participle, «أعرب فيه», «وشدد معاليه»): right after the cue
        and those words. Otherwise the first object head within a few words, or the
        end of a named mention that follows the verb (NER)."""
        text = doc.text
        words = _words(text, m.end(), min(s1, m.end() + 200))
        i = 0
        while i < len(words) and text[words[i][0]:words[i][1]].strip("،,") in _PRONOUN_WORDS:
            i += 1
        if i < len(words) and _first_word(text, words[i][0], words[i][1]) in ("علي", "على"):
            i += 1  # أكد على ضرورة: the preposition is not content
        if cue_key(m.group(1)) in lex.participles or i > 0:
            if i >= len(words):
                return None
            # a participle is also an adjective (معلومات مؤكدة): require a stance object
            if cue_key(m.group(1)) in lex.participles and not _object_head(text[words[i][0]:words[i][1]],
                                                                           lex.object_heads):
                return None
            return words[i][0]
        for j, (ws, we) in enumerate(words[:_MAX_SPEAKER_WORDS + 1]):
            if j == 0:
                continue  # the verb's subject comes first
            prev = text[words[j - 1][0]:words[j - 1][1]]
            if _object_head(text[ws:we], lex.object_heads) and not (
                    text[ws:we].startswith("ال") and prev.endswith("ة") and not prev.startswith("ال")):
                # (not «وزارة العمل»، «هيئة الحوار»: a genitive after a construct noun names the speaker)
                if j + 1 < len(words) and _first_word(text, ws, we) in ("علي", "على"):
                    return words[j + 1][0]
                return ws
            if re.search(r"[،,:؛]", text[ws:we]) or text[ws:we] in ("-", "–", "—"):
                break  # (not on "." : أ.د. is part of a title); « - حسب وكالة - »: an aside
        if cue_key(m.group(1)) in lex.head_required:
            return None  # «جدد فلان عقد اللاعب»: renewing is not saying
        for p in people:
            if m.end() < p.start <= m.end() + 60 and p.label in ("PER", "ORG"):
                nxt = words and next((ws for ws, we in words if ws >= p.end), None)
                if nxt and re.match(r"\s*[،,]", text[p.end:nxt]):
                    # «انتقد رمطان لعمامرة، وزير الخارجية الجزائري، تصريحات ...»: skip the appositive
                    # (an appositive is a short title closed by a second comma; a longer
                    # stretch is the object itself: «أكد فلان، على أهمية ...»)
                    close = re.search(r"[،,]", text[nxt:min(s1, nxt + 60)])
                    if close and len(text[nxt:nxt + close.start()].split()) <= 5:
                        nxt = next((ws for ws, we in words if ws > nxt + close.start()), None)
                return nxt or None
        if getattr(self, "_ner_ran", False) and cue_key(m.group(1)) in lex.open_object_cues:
            return self._object_after_subject(doc, lex, people, words)
        return None

    @staticmethod
    def _object_after_subject(doc, lex, people, words) -> int | None:
        """A stance object with no listed head (اعتبر مدير التعليم قيام ...،
        انتقد الدلبحي دور البلديات): Arabic news puts verb, subject, object; a
        subject without a name is a definite phrase (الدلبحي، مدير التعليم،
        وزير الخارجية الأمريكي), so the object starts at the first indefinite
        word (a construct noun: قيام، دور، حرص) right after a definite one.

        Only when NER ran (the document has mentions): a name after a title (وزير
        الخارجية عادل الجبير) is also indefinite and only a mention tells it
        from an object. The object must hold at least two words before a
        clause break, and not start with a particle or a time word."""
        text = doc.text
        skip_to = -1
        for j, (ws, we) in enumerate(words[:10]):
            w = text[ws:we]
            if re.search(r"[،,:؛.]$", w) or w in ("-", "–", "—"):
                return None  # the subject phrase ended without an object
            if j == 0 or ws < skip_to:
                continue
            prev = normalize(text[words[j - 1][0]:words[j - 1][1]].strip("«»\"()"))
            bare = normalize(w.strip("«»\"()"))
            if prev in _RELATIVES:
                return None  # «إعجابه بالألعاب النارية والتي تضئ»: a relative clause, not a subject
            if not prev.startswith(("ال", "وال", "بال", "لل")) or bare.startswith(("ال", "وال", "لل", "بال")):
                continue
            if bare[:1] in "بل" and bare[-1:] in "ةه" and len(bare) > 3:
                continue  # «بمنطقة مكة»، «بصحة الطائف»: a place or body inside the title
            mention = next((p for p in people if p.start <= ws < p.end), None)
            if mention is not None:
                skip_to = mention.end  # «الناطق الإعلامي ... عيضة ربيع الهذلي وقوع حادث»: the name ends the subject
                continue
            if bare in _NOT_OBJECT_START or bare[:1] in "0123456789" or not _WORD_RE.match(w):
                return None  # «أكد الوزير اليوم»، «في»، «خلال»: no object here
            if j + 1 >= len(words) or re.search(r"[،,:؛.]", w):
                return None
            return ws
        return None

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
        if text.startswith("لل", ss) and se - ss > 4:
            ss += 2  # «وفقا للمصادر»: the source is مصادر (its article's alef is dropped after ل)
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
        if cue_key(m.group(1)) in lex.participles:
            return None  # مشيرا / مضيفا: same speaker as the main clause
        seg = text[a:end]
        relay = list(re.finditer(r"(?<![\w])(?:نقلا|نقلاً)?\s*عن\s+", seg)) if (
            cue_key(m.group(1)) in lex.relay_verbs or "نقلا عن" in seg or "نقلاً عن" in seg) else []
        if relay:
            a += relay[-1].end()
        span = self._speaker_span(text, lex, a, end)
        first = _first_word(text, a, end)
        if span is not None and cue_key(m.group(1)) in lex.addressee_cues and \
                _CLITICS.sub("", first) in lex.addressee_words | {"وكاله", "صحيفه", "قناه"}:
            span = None  # «وأبلغ وكالة رويترز أن»: the agency is told, the speaker is the last one
        if span is None and first in ("فيه", "فيها", "خلاله", "خلالها"):
            # «تلقى اتصالا هاتفيا من الملك فلان أعرب فيه عن»: the caller speaks
            caller = re.search(r"(?<![\w])من\s+([^،,.:؛]{2,120}?)\s*[،,]?\s*$", text[s0:m.start()])
            if caller is not None:
                span = self._trim_words(text, lex, s0 + caller.start(1), s0 + caller.end(1))
        if span is None and m.group(0).startswith("ف"):
            amma = re.search(r"(?<![\w])و?أما\s+([^،,.:؛]{2,80}?)\s*[،,]?\s*$", text[s0:m.start()])
            if amma is not None:  # «أما خالد ويوسف، فقالوا»
                span = self._trim_words(text, lex, s0 + amma.start(1), s0 + amma.end(1))
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
        parts = [p for p in parts if text[p[0]:p[1]].strip()] or parts  # «فلان، إن»: no empty tail
        if len(parts) > 1 and self._addressee_only(text, lex, *parts[0]):
            parts = parts[1:]  # «يوضح لـ"الاقتصادية"، فلان المختص أن»: the medium comes first
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

    @staticmethod
    def _addressee_only(text, lex, a, b) -> bool:
        """Whether text[a:b] is only the medium or audience told (ل«الاقتصادية»،
        للصحفيين), which some writers put between the verb and the speaker."""
        words = text[a:b].split()
        if not words or len(words) > 4:
            return False
        first = words[0]
        nw = normalize(first.strip("،,:.؛"))
        if first in ("ل", "لـ") and len(words) > 1 and words[1][:1] in "«\"“":
            return True  # «ل "الاقتصادية"»: the preposition written apart
        return first.startswith(("ل«", 'ل"', "ل“", "لـ")) or (
            nw.startswith("لل") and (nw[2:] in lex.addressee_words or nw[2:].rstrip("ه") in lex.addressee_words))

    def _trim_words(self, text, lex, a, b) -> tuple[int, int] | None:
        words = _words(text, a, b)
        keep = []
        for i, (ws, we) in enumerate(words):
            w = text[ws:we].strip(_QUOTE_CHARS + "()")
            if not keep and (w in _ADVERBS or w in ("ذلك", "هذا")):
                continue  # «وقال أيضا الطالبان», «أوضح ذلك فلان» (the statement came before)
            if not keep and w in _PRONOUN_WORDS:
                return None  # «وأعرب سموه عن»: the speaker named before
            nxt = text[words[i + 1][0]:words[i + 1][1]] if i + 1 < len(words) else ""
            if w in ("في", "فى") and nxt in ("شؤون", "الشؤون", "شئون"):
                keep.append((ws, we))  # «المحلل في شؤون التكنولوجيا فلان»: part of the title
                continue
            if keep and w in ("في", "فى") and nxt and 2 <= len(words) - i <= 7 \
                    and normalize(nxt.strip("،,")) not in lex.context_nouns and nxt not in lex.speaker_stops \
                    and not any(text[x:y] in lex.speaker_stops for x, y in words[i + 2:]):
                keep.append((ws, we))  # «قائد المقاومة في عدن علي الأحمدي»: a place inside the title
                continue
            nw = normalize(w.strip("،,:.؛"))
            if (not keep and nw in ("بيان", "البيان", "تقرير", "التقرير")) or (
                    w == "عن" and keep and normalize(text[keep[-1][0]:keep[-1][1]]) in ("صادر", "الصادر", "صادره", "الصادره")):
                keep.append((ws, we))  # «كشف بيان رسمي صادر عن مصلحة الجمارك»: the document and its issuer
                continue
            if w == "أول" and nxt == "من":
                break  # «أول من أمس»
            addressee = nw.startswith("لل") and (nw[2:] in lex.addressee_words or nw[2:].rstrip("ه") in lex.addressee_words)
            if w in lex.speaker_stops or addressee or w.startswith("لـ") or text[ws:we].startswith(("ل«", 'ل"', "ل“")) \
                    or w[1:] in _MEDIA_AFTER_LAM and w[0] == "ل" or (_COMP_RE.fullmatch(w) and ws not in self._person_words) \
                    or (not keep and cue_key(w) in lex.participles) or (nw.startswith("ل") and nw[1:] in lex.addressee_words):
                break
            keep.append((ws, we))
            if len(keep) >= _MAX_SPEAKER_WORDS_CLOSED:
                break
        if len(keep) > _MAX_SPEAKER_WORDS and (len(keep) >= _MAX_SPEAKER_WORDS_CLOSED or keep[-1] == words[-1]
                                               and not text[b:b + 2].lstrip().startswith(("،", ","))
                                               and not _COMP_RE.match(text[b:b + 6].lstrip())):
            keep = keep[:_MAX_SPEAKER_WORDS]  # no end of its own in reach: cut as before
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
        for k in range(len(words) - 1, -1, -1):  # «إلا أن مصادر قريبة من الحركة أفادت»
            if _COMP_RE.fullmatch(text[words[k][0]:words[k][1]]):
                words = words[k + 1:]
                break
        while words and text[words[0][0]:words[0][1]] in _CONNECTIVES:
            words.pop(0)
        for k, (ws, we) in enumerate(words):  # «شادي عوض الذي يعيش في مبنى مجاور قال»
            if k and text[ws:we] in ("الذي", "التي", "الذين", "اللذان", "اللتان"):
                words = words[:k]
                break
        if not words or len(words) > 6:
            return None
        inner_ok = ("من", "في")  # «مصادر قريبة من الحركة»: inside the phrase, not first
        if any(text[ws:we].strip(_QUOTE_CHARS) in lex.speaker_stops and not (k and text[ws:we] in inner_ok)
               for k, (ws, we) in enumerate(words)):
            return None
        s, e = _strip_span(text, words[0][0], words[-1][1], _SPEAKER_STRIP)
        return (s, e) if e > s else None

    def _make_speaker(self, doc, lex, people, s, e, limit=None) -> Argument:
        text = doc.text
        inside = [p for p in people if s <= p.start and p.end <= e]
        if not inside and limit is not None:  # «قائد المقاومة في عدن علي الأحمدي»: the name is past the cut
            inside = [p for p in people if e <= p.start and p.end <= limit and p.label == "PER"][:1]
        if inside and not any(p.label == "PER" for p in inside) and inside[0].start > s:
            inside = []  # «أمين سر اللجنة التنفيذية لمنظمة التحرير، صائب عريقات»: a person's title, not the ORG
        if inside:
            best = next((p for p in inside if p.label == "PER"), inside[0])
            role_s, role_e = _strip_span(text, s, best.start, _SPEAKER_STRIP)
            return Argument(text=best.text or text[best.start:best.end], start=best.start, end=best.end,
                            entity=best.entity, attrs={"role": text[role_s:role_e] or None, "anonymous": False,
                                                       "phrase": text[s:e]})
        head = text[s:e].split()[0].lstrip("و")
        anon = head in lex.anonymous_heads or (head.startswith("ال") and head[2:] in lex.anonymous_heads)
        return Argument(text=text[s:e], start=s, end=e, attrs={"role": None, "anonymous": anon})

    def _resolve_title(self, doc, people, state, spk: Argument) -> Argument:
        """A bare title (وزير الخارجية الروسي) stays the speaker as written; the
        named person it introduces elsewhere in the document is noted in attrs
        ("person", "person_span") for the entity resolver, which links roles to
        people across documents. The quote component does not replace it: a
        title is what the text says, the person is an inference."""
        if spk.attrs.get("anonymous") or spk.attrs.get("role") or spk.start is None:
            return spk
        if any(p.start == spk.start for p in people):
            return spk
        known = state.roles.get(spk.text)
        person = None
        if known is not None and known.start is not None and known.start != spk.start:
            person = known
        else:
            text = doc.text
            occ = text.find(spk.text)
            while occ != -1 and people and person is None:
                occ_end = occ + len(spk.text)
                occ = text.find(spk.text, occ_end)
                person = next((p for p in people if p.label == "PER" and 0 <= p.start - occ_end <= 3), None)
        if person is not None:
            spk = _copy(spk)
            spk.attrs["role"] = spk.text
            spk.attrs["person"] = person.text or doc.text[person.start:person.end]
            spk.attrs["person_span"] = [person.start, person.end]
        return spk


def _imperfect(cue_word: str, lex: "CueLexicon") -> bool:
    """«وتؤكد»، «ويشير»: a present-tense cue (after و/ف), which inside reported
    content usually continues the content's subject rather than opening a new
    statement (a new speaker is told with a past verb or a participle)."""
    word = cue_word[1:] if cue_word[:1] in "وف" and len(cue_word) > 3 else cue_word
    if word.startswith("ي"):
        return True
    # تؤكد is imperfect when يؤكد is a cue too; تابع، تحدث، تساءل are past tenses
    return word.startswith("ت") and cue_key("ي" + word[1:]) in lex.cue_keys


def _paragraph_index(doc: Document) -> dict[int, int]:
    """Sentence index -> paragraph index (both lists are in text order)."""
    out, pi = {}, 0
    paras = doc.paragraphs
    for si, sent in enumerate(doc.sentences):
        while pi + 1 < len(paras) and sent.start >= paras[pi].end:
            pi += 1
        out[si] = pi
    return out


def _quote_marks(text: str, s0: int, s1: int) -> list[tuple[int, int, int, int]]:
    """(open, content start, content end, close) of each quotation in a sentence.

    An unclosed mark runs to the sentence end (scraped text often loses it).
    """
    out = []
    first = _FIRST_MARK.search(text, s0, s1)
    if first is None:
        return out
    i = first.start()
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


_WORD_RE = re.compile(r"[\u0621-\u064A\u0640\u064B-\u0652\u0670]+")
_CUE_PREFIXES = ("", "و", "ف")
_CUE_SUFFIXES = ("", "ه", "ها", "هم", "وا")


@dataclass
class CueMatch:
    """A cue word found in the text; ``group(1)`` is its lexicon key (a match-like
    view, so that callers read cues the way they read regex matches)."""

    span_start: int
    span_end: int
    surface: str
    key: str

    def start(self) -> int:
        return self.span_start

    def end(self) -> int:
        return self.span_end

    def group(self, n: int = 0) -> str:
        return self.surface if n == 0 else self.key


@lru_cache(maxsize=100_000)
def _cue_parts(word: str, keys: frozenset[str]) -> str | None:
    """The cue key of a written word (وأكّدت -> اكدت; قالها -> قال), or None.

    Looking words up in a set is far faster than one regex with hundreds of
    spelling-tolerant alternatives, which matters at hundreds of articles/s."""
    w = normalize(word)
    if w in keys:
        return w
    for pre in _CUE_PREFIXES:
        if pre and not w.startswith(pre):
            continue
        core = w[len(pre):]
        for suf in _CUE_SUFFIXES:
            if suf and not core.endswith(suf):
                continue
            stem = core[:len(core) - len(suf)] if suf else core
            if stem in keys:
                return stem
    return None


_DIACRITICS_CHARS = "\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652\u0670\u0640"
_FIRST_MARK = re.compile('[«“"]')


def _cues_from_tokens(doc: Document, lex: CueLexicon) -> dict[int, list[CueMatch]]:
    """Cue words of each sentence, read from the tokens' normalised forms."""
    out: dict[int, list[CueMatch]] = {}
    text = doc.text
    forms = lex.cue_forms
    if not doc.tokens:
        for si, sent in enumerate(doc.sentences):
            out[si] = find_cues(text, sent.start, sent.end, lex)
        return out
    for si, _sent, toks in doc.sentence_tokens():
        found = []
        for t in toks:
            key = forms.get(t.norm)
            if key is not None and t.norm.endswith("ه") and not key.endswith("ه") \
                    and text[t.start:t.end].rstrip(_DIACRITICS_CHARS).endswith("ة"):
                key = None  # إدانة is a noun, not أدان + a pronoun (ة and ه fold together)
            if key is not None:
                found.append(CueMatch(t.start, t.end, text[t.start:t.end], key))
        if found:
            out[si] = found
    return out


def find_cues(text: str, a: int, b: int, lex: CueLexicon, first_only: bool = False) -> list[CueMatch]:
    out = []
    for m in _WORD_RE.finditer(text, a, b):
        if m.end() < len(text) and text[m.end()].isalnum():
            continue  # part of a longer token (digits, Latin)
        key = _cue_parts(m.group(), lex.cue_keys)
        if key is not None and m.group().rstrip(_DIACRITICS_CHARS).endswith("ة") and not key.endswith("ه"):
            key = None  # إضافة is a noun, not أضاف + a pronoun
        if key is not None:
            out.append(CueMatch(m.start(), m.end(), m.group(), key))
        if first_only:
            break
    return out


def _first_word(text: str, a: int, b: int) -> str:
    m = re.search(r"\S+", text[a:b])
    return normalize(m.group().strip("،,.:")) if m else ""


def _word_before(text: str, at: int) -> str:
    m = re.search(r"(\S+)\s*$", text[max(0, at - 30):at])
    return normalize(m.group(1).strip("،,")) if m else ""


@lru_cache(maxsize=64)
def _prep_re(prep: str) -> re.Pattern:
    """The preposition(s) of a cue in any spelling (إلى / الى); ب is attached."""
    alts = []
    for p in prep.split("|"):
        alts.append(r"ب(?=\w)" if p == "ب" else rf"{_fuzzy(normalize(p))}(?![\w])")
    return re.compile(rf"(?<![\w])(?:{'|'.join(alts)})")


# «وجاء في البيان أن»، «وجاء في رسالة الوزير، أن»: the document is the speaker
_DOCUMENT_SAYS = re.compile(r"(?<![\w])(?P<cue>[وف]?(?:جاء|ورد))\s+(?:في|فى)\s+(?P<spk>[^،,.:؛\n]{2,60}?)\s*[،,]?\s+"
                            r"ب?[أإا]ن(?:ه|ها|هم)?(?![\w])\s*")
_ATTRIBUTION_BEFORE = re.compile(r"(?:(?:بحسب|حسب|وفق|وفقا ل|وفقاً ل|طبقا ل|على)\s*ما|حسبما)\s*$")
_RELAY_BEFORE = re.compile(r"(?:نقلا|نقلاً|صادر|الصادر|صادرة|الصادرة)\s*$")


def _clause_break(text: str, a: int, b: int) -> bool:
    """A sentence-internal break (period, colon, semicolon) between a and b."""
    return bool(re.search(r"[.:؛]", text[a:b].rstrip(" :")))


_RELATIVES = frozenset(normalize(w) for w in ("الذي", "التي", "الذين", "اللذان", "اللتان", "والتي", "والذي", "والذين"))
# Words that follow a subject without opening its object (particles, time words).
_NOT_OBJECT_START = frozenset(normalize(w) for w in (
    "في", "فى", "من", "على", "علي", "عن", "إلى", "الى", "مع", "خلال", "أمس", "امس", "اليوم", "غدا", "عقب", "بعد",
    "قبل", "لدى", "أثناء", "اثناء", "حول", "أيضا", "ايضا", "كذلك", "بدوره", "بدورها", "أن", "إن", "ان", "بأن", "بان",
    "أنه", "أنها", "إنه", "إنها", "انه", "انها", "عبر", "ضمن", "عند", "حين", "حيث", "بين", "منذ", "تجاه", "إزاء", "ازاء",
    "بن", "بنت", "أبو", "ابو", "أبي", "ابي", "بشأن", "بشان", "وقال", "قائلا", "مساء", "صباح", "يوم", "ليلة", "مؤخرا",
    "هذا", "هذه", "ذلك", "تلك", "لها", "له", "لهم", "أنهم", "انهم", "ما", "لا", "لم", "لن", "قد", "كل", "جميع"))
_CLITICS = re.compile(r"^(?:و|ف)?(?:ب|ل|ك)?(?:ال)?")
_SUFFIXES = re.compile(r"(?:هما|هم|ها|ه|نا|كم)$")


def _object_head(word: str, heads: frozenset[str]) -> bool:
    """Is ``word`` (as written) a stance-object head: رضاه, بضرورة, والتفجير ..."""
    w = normalize(word.strip("،,.:«»\"()"))
    if w in heads:
        return True
    bare = _CLITICS.sub("", w)
    return bare in heads or _SUFFIXES.sub("", bare) in heads or _SUFFIXES.sub("", w) in heads


def _copy(arg: Argument) -> Argument:
    return Argument(text=arg.text, start=arg.start, end=arg.end, entity=arg.entity,
                    code=arg.code, attrs=dict(arg.attrs))
