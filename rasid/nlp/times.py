"""Arabic temporal expressions: find them and give each a TimeML-like value.

Arabic news dates events against the day it was written: ``اليوم الخميس``,
``يوم أمس``, ``30 ديسمبر المنصرم``, ``8 شباط/فبراير``, ``الاثنين المقبل``,
``نهاية عام 2015``, ``العاشرة صباحا``, ``الأعوام الستة``. A general date
parser misses most of these and picks years by a fixed preference, so rasid
uses a small grammar in the manner of HeidelTime/SUTime: named rules over a
folded copy of the text, whose words all come from ``data/time_lexicon.json``.

How it works
1. The text is folded for matching (alef/hamza forms, ى/ي, ة/ه, diacritics,
   tatweel, Eastern digits) while keeping a map back to the stored offsets.
2. Every rule proposes candidate spans; the longest wins where they overlap
   (``الخميس 16 فبراير 2017`` is one expression, not three).
3. Candidates are valued in reading order against the publication date: an
   explicit direction (الماضي، المقبل، الجاري) decides first, then the tense
   of the words around it (سوف، سيعقد، المقرر …), then the nearest date.
   ``آنذاك`` and ``اليوم التالي`` take the previous expression as their anchor.
4. Without a publication date relative expressions keep ``value = None``:
   nothing is invented.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

from rasid.model import Document, TimeExpr
from rasid.nlp import time_values as tv
from rasid.nlp.time_values import Tense
from rasid.pipeline import DocumentComponent
from rasid.text.clitics import split_proclitics
from rasid.text.normalize import (ALEF_FORMS, DIACRITICS, EASTERN_DIGITS, HAMZA_ON_CARRIERS,
                                  INVISIBLE, PERSIAN_LETTERS, TATWEEL, TEH_MARBUTA, YEH_FORMS)

LEXICON_FILE = "time_lexicon.json"

# Characters dropped and mapped when folding for matching: the same folds as
# rasid.text.normalize.normalize, done one character at a time so that every
# folded position maps back to a stored offset.
_FOLD_MAP = {**ALEF_FORMS, **YEH_FORMS, **HAMZA_ON_CARRIERS, **TEH_MARBUTA, **PERSIAN_LETTERS,
             **EASTERN_DIGITS, "\u066b": ".", "\u066c": ","}
_FOLD_DROP = frozenset(DIACRITICS + TATWEEL + INVISIBLE)
# The same folds as one str.translate table (every mapped value is one
# character, so kept characters and folded ones stay in step), and the
# dropped characters as runs: translating in C and adding kept offsets a run
# at a time is faster than a Python loop over characters.
_FOLD_DROP_RE = re.compile("[" + re.escape("".join(sorted(_FOLD_DROP))) + "]+")
_FOLD_TABLE = str.maketrans({**_FOLD_MAP, **{ch: None for ch in _FOLD_DROP}})

# How far around an expression to look for tense cues, in words. Arabic puts
# the verb before its time adverbial, so the window leans left; words further
# right already belong to the next clause (انطلقت الأربعاء، وقال إنه سيرسل).
TENSE_WORDS_BEFORE = 6
TENSE_WORDS_AFTER = 2
# A word ســ+verb counts as future only when the verb without ســ is itself a
# common word in the saudinewsnet lexicon (سيعقد -> يعقد), which keeps nouns
# that merely start with س (سيارة، ستة، سنة) out.
FUTURE_VERB_MIN_COUNT = 30
# ل glued to a word that starts with ل: the preposition before the article
# (للعام, وللربع), whose alef Arabic spelling drops.
_LAM_BEFORE_ARTICLE = re.compile(r"(?<!\w)[وف]?ل(?=ل\w)")
_RESTORED_ALEF = re.compile(r"^([وف]?)لال")
_SENTENCE_END = re.compile(r"[.!?؟\n]")
OPENING_QUOTES = "«\"“"
CLOSING_QUOTES = "»\"”"
_WORD = re.compile(r"\w+")

# A bare "year / year" (no year word) is a span of years only up to this long.
MAX_YEAR_SPAN = 30

# Numbers right after a bare year make it a count, not a year (2000 شخص).
COUNT_NOUNS = frozenset("""مليون مليار الف الاف دولار ريال يورو جنيه درهم دينار شخص شخصا قتيل قتيلا
جريح جريحا طن متر كيلو كيلومتر كم برميل عنصر عنصرا مقاتل مقاتلا جندي جنديا لاجئ لاجئا نازح
مواطن مواطنا طالب طالبا حاله منزل وحده سائح حاج معتمر""".split())


# Ordinals and adjectives that make اليوم "the … day" (folded forms).
ORDINAL_ADJECTIVES = frozenset("""الاول الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر الاخير
التالي السابق نفسه ذاته المفتوح المشهود الموعود الحاسم""".split())

# Entity types whose names may contain time words.
NAME_TYPES = frozenset({"PER", "ORG"})

# Particles that may stand between an expression and its complement.
FILLER_WORDS = frozenset({"فقط", "تقريبا", "تحديدا", "بالضبط", "نحو"})

# Prepositions after which a bare month or weekday lies in the past.
PAST_PREPOSITIONS = frozenset({"منذ", "since"})


# English paragraphs (wire copy, captions) mark tense with auxiliaries and -ed.
ENGLISH_FUTURE = frozenset({"will", "shall"})
ENGLISH_PAST = frozenset({"was", "were", "had", "did", "said", "met", "began", "held", "took", "made"})


def _is_english_past(word: str) -> bool:
    return word in ENGLISH_PAST or (word.isascii() and word.isalpha() and len(word) > 4 and word.endswith("ed"))


@dataclass(frozen=True)
class Folded:
    """Text folded for matching; ``origin[i]`` is the stored offset of folded
    character ``i`` (with one extra entry for the end)."""

    text: str
    origin: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> Folded:
    """Fold letter variants, drop diacritics, and restore the article's alef
    that ل swallows (للعام المقبل = ل + العام المقبل), so that every rule
    written with ال also matches after ل. The restored alef points at the
    preposition: the span then keeps it (للعام المقبل), as it cannot be split."""
    folded = text.translate(_FOLD_TABLE)
    origin: list[int] = []
    last = 0
    for dropped in _FOLD_DROP_RE.finditer(text):  # kept offsets, a run at a time
        origin.extend(range(last, dropped.start()))
        last = dropped.end()
    origin.extend(range(last, len(text)))
    cuts = [m.end() for m in _LAM_BEFORE_ARTICLE.finditer(folded)]
    if cuts:
        pieces, new_origin, last = [], [], 0
        for cut in cuts:
            pieces += [folded[last:cut], "ا"]
            new_origin += origin[last:cut] + [origin[cut - 1]]
            last = cut
        pieces.append(folded[last:])
        folded, origin = "".join(pieces), new_origin + origin[last:]
    origin.append(len(text))
    return Folded(folded, origin)


def fold_word(text: str) -> str:
    return " ".join(fold(text).text.split())


@dataclass
class Lexicon:
    """The time lexicon with every key folded once."""

    raw: dict[str, Any]

    def folded_map(self, key: str) -> dict[str, Any]:
        return {fold_word(k): v for k, v in self.raw[key].items()}

    def folded_list(self, key: str) -> list[str]:
        return [fold_word(k) for k in self.raw[key]]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    text = resources.files("rasid.data").joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    return Lexicon(json.loads(text))


def _alt(words) -> str:
    """A regex alternation of folded words, longest first, inner spaces as \\s+."""
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts)


@dataclass
class Found:
    """A valued expression in folded coordinates (before mapping back)."""

    start: int
    end: int
    label: str
    value: str | None
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    folded: str
    anchor: dt.date | None
    text: str = ""  # the stored text, for the rare check that folding hides
    origin: list[int] = field(default_factory=list)
    last_date: str | None = None  # the previous DATE value, for آنذاك / اليوم التالي
    found: list[Found] = field(default_factory=list)


Resolver = Callable[[re.Match, Context], list[Found] | None]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    resolve: Resolver
    # Words one of which every match contains: a text holding none of them
    # skips the rule (a substring test is far cheaper than a regex pass).
    needs: tuple[str, ...] = ()


# A proclitic conjunction or preposition (و ف ب ل ك) glued to the first word;
# it is not part of the expression's span.
_CLITIC = r"(?:[وف]?[بلك]?)"


class TimeGrammar:
    """The compiled rules; build once per process with :func:`grammar`."""

    def __init__(self, lexicon: Lexicon):
        lx = self.lx = lexicon
        self.gmonths = lx.folded_map("gregorian_months")
        self.emonths = dict(lx.raw["english_months"])
        self.hmonths = lx.folded_map("hijri_months")
        self.weekdays = lx.folded_map("weekdays")
        self.weekdays_need_context = set(lx.folded_list("weekdays_need_context"))
        self.reldays = lx.folded_map("relative_days")
        self.pods = lx.folded_map("parts_of_day")
        self.hours = lx.folded_map("clock_hours")
        self.minutes = lx.folded_map("clock_minutes")
        self.numbers = lx.folded_map("numbers")
        self.ordinal_days = lx.folded_map("ordinal_days")
        self.vague_numbers = set(lx.folded_list("vague_numbers"))
        self.units = lx.folded_map("units")
        self.plural_units = lx.folded_map("plural_units")
        self.calendar_units = lx.folded_map("calendar_units")
        self.direction = lx.folded_map("direction")
        self.modifiers = lx.folded_map("modifiers")
        self.approximators = lx.folded_list("approximators")
        self.ago = lx.folded_map("ago")
        self.anaphoric = lx.folded_list("anaphoric")
        self.next_words = lx.folded_map("next_unit_words")
        self.vague = lx.folded_list("vague")
        self.sets = lx.folded_map("sets")
        self.decades = lx.folded_map("decades")
        self.year_prepositions = set(lx.folded_list("year_prepositions")) | {"in", "since", "until", "by"}
        self.month_prepositions = set(lx.folded_list("month_prepositions"))
        self.future_cues = set(lx.folded_list("future_cues"))
        self.past_cues = set(lx.folded_list("past_cues"))
        self.weekday_name_heads = set(lx.folded_list("weekday_name_heads"))
        self.weekday_name_tails = set(lx.folded_list("weekday_name_tails"))
        self.eras = lx.folded_map("eras")
        self.seasons = lx.folded_map("seasons")
        self.restricted_reldays = set(lx.folded_list("relative_days_restricted"))
        self.same_period = lx.folded_list("same_period")
        self.horizons = lx.folded_list("horizons")
        self.horizon_prepositions = set(lx.folded_list("horizon_prepositions"))
        self.vague_noun_readings = {fold_word(word): {key: {fold_word(w) for w in words}
                                                      for key, words in rule.items()}
                                    for word, rule in lx.raw["vague_noun_readings"].items()}
        self.only_particles = lx.folded_list("only_particles")
        self.vague_plural_units = set(lx.folded_list("vague_plural_units"))
        self.past_speech_verbs = set(lx.folded_list("past_speech_verbs"))
        self.complementizers = set(lx.folded_list("complementizers"))
        self.recurring_day_heads = lx.folded_list("recurring_day_heads")
        self.plural_weekdays = lx.folded_map("plural_weekdays")
        self.bare_weekdays = lx.folded_map("bare_weekdays")
        self.hijri_year_heads = lx.folded_list("hijri_year_heads")
        self.whole_weeks = lx.folded_list("whole_weeks")
        self.recently_verbs = set(lx.folded_list("recently_verbs"))
        # The word that closes a window of hours: من السابعة وحتى السابعة مساء.
        self.window_ends = {"الي", "حتي", "وحتي", "والي", "و"}
        self.one_off_window_markers = set(lx.folded_list("one_off_window_markers"))
        # Heads and names are compared without proclitics and the article
        # (للأمين العام, والمدعي العام), as the tokeniser's ``bare`` form.
        self.general_adjective_heads = {_bare(w) for w in lx.folded_list("general_adjective_heads")}
        self.media_heads = {_bare(w) for w in lx.folded_list("media_heads")}
        self.outlet_names_before_today = {_bare(w) for w in lx.folded_list("outlet_names_before_today")}
        self.rules = self._rules()

    # -- patterns -----------------------------------------------------------
    def _rules(self) -> list[Rule]:
        GM, HM, EM = _alt(self.gmonths), _alt(self.hmonths), _alt(self.emonths)
        WD, RD, POD = _alt(self.weekdays), _alt(self.reldays), _alt(self.pods)
        HOUR, MINW, NUMW = _alt(self.hours), _alt(self.minutes), _alt(self.numbers)
        VNUM, UNIT = _alt(self.vague_numbers), _alt(self.units)
        PUNIT, CUNIT, DIR = _alt(self.plural_units), _alt(self.calendar_units), _alt(self.direction)
        MOD, APX = _alt(self.modifiers), _alt(self.approximators)
        # One month, or the same month in two calendars: شباط/فبراير, فبراير (شباط), أبريل نيسان.
        MONTHC = rf"(?:{GM})(?:\s*[/\-]\s*(?:{GM})|\s*\(\s*(?:{GM})\s*\)|\s+(?:{GM}))?"
        YEARW = r"(?:(?:ال)?عام\s+|(?:ال)?سنه\s+)"
        YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?!\d)(?:\s*م(?!\w))?"
        ORD = _alt(self.ordinal_days)
        DAY = rf"(?:(?:ال\s*)?(?P<day>[0-3]?\d)(?!\d)|(?P<oday>{ORD}))"
        DUAL = _alt(k for k, v in self.units.items() if v[0] == "2")
        SINGULAR = _alt(k for k, v in self.units.items() if v[0] != "2" and k in {
            "يوم", "اسبوع", "شهر", "عام", "سنه", "ساعه", "دقيقه", "عقد", "قرن"})
        # Dual adjectives agree with dual units: اليومين الماضيين، الشهرين المقبلين.
        DUAL_DIR = "الماضيين|الماضيتين|المقبلين|المقبلتين|القادمين|القادمتين|الاخيرين|الاخيرتين|المنصرمين"
        HIJRI_MARK = r"(?:\s*(?:ه|هجريه|هجري)(?!\w))"
        ERA = _alt(self.eras)
        SEASON = _alt(self.seasons)
        BC = _alt(k for k, v in self.eras.items() if v == "BC")
        def HALF(n: int) -> str:  # ساعة ونصف: one named group per alternative
            return rf"(?:\s+(?P<half{n}>ونصف))"
        # العام الحالي 2015: the year restated after a relative year; it agrees, so it is only spanned.
        YEAR_TAIL = r"(?:\s+(?:19|20)\d\d(?!\d)(?:\s*م(?!\w))?)?"
        # A weekday before a date, as يوم الخميس، or in brackets: (الخميس) 14 / 10 / 1436هـ.
        # After اليوم/أمس the bracket belongs to that day (اليوم (الأحد) 17/10/1436هـ,
        # two expressions as before): one fixed-width lookbehind per word.
        NOT_AFTER_RELDAY = "".join(rf"(?<!{re.escape(w)}\s)" for w in self.reldays)
        WDPRE = rf"(?:(?:(?=\(){NOT_AFTER_RELDAY}(?P<wpar>\()\s*)?(?:يوم\s+)?(?P<wd>{WD})(?(wpar)\s*\))\s*[،,]?\s*)?"
        spec: list[tuple[str, str, Resolver]] = [
            ("date", rf"{WDPRE}{DAY}\s*(?:من\s+)?(?:شهر\s+)?(?P<month>{MONTHC})"
                     rf"(?:\s*[،,]?\s*(?:من\s+)?{YEARW}?{YEAR})?(?:\s+(?P<dir>{DIR}))?", self._date),
            ("date_range", rf"(?P<d1>[0-3]?\d)(?=\s*(?:و|-|–|الي|حتي)\s*(?:ال\s*)?[0-3]?\d\s*(?:من\s+)?"
                           rf"(?:شهر\s+)?(?:{GM}|{HM}))", self._range_start),
            # 2015/7/21, 21-07-2015, 4 / 8 / 2015م and Hijri 19 / 10 / 1436هـ, after an optional weekday.
            ("numeric_date", rf"{WDPRE}(?:"
                             r"(?P<y>(?:19|20)\d\d)\s?[/\-.]\s?(?P<m>[01]?\d)\s?[/\-.]\s?(?P<d>[0-3]?\d)(?!\d)"
                             r"|(?P<d2>[0-3]?\d)\s?[/\-.]\s?(?P<m2>[01]?\d)\s?[/\-.]\s?"
                             r"(?:(?P<y2>(?:19|20)\d\d)(?!\d)(?:\s*م(?!\w))?|(?P<hy>1[34]\d\d)(?!\d)(?:\s*(?:ه|هجريه?)(?!\w))?))",
             self._numeric),
            ("hijri_date", rf"{WDPRE}{DAY}\s*(?:من\s+)?(?:شهر\s+)?(?P<hmonth>{HM})"
                           rf"(?:\s*[،,]?\s*(?:من\s+)?{YEARW}?"
                           rf"(?P<hyear>1[34]\d\d)(?!\d){HIJRI_MARK}?|\s+(?P<dir>{DIR}))?", self._hijri_date),
            ("hijri_year", rf"(?:(?P<hmonth>{HM})\s*)?{YEARW}?(?:(?P<hy1>1[34]\d\d)\s*[/\-–]\s*)?(?P<hyear>1[34]\d\d){HIJRI_MARK}"
                           rf"|(?<=(?:{_alt(self.hijri_year_heads)})\s)(?P<hyear2>1[34]\d\d)(?!\d|\s*[/\-]\s*\d)",
             self._hijri_year),
            ("hijri_month", rf"(?P<shahr>شهر\s+)?(?P<hmonth>{HM})(?P<epithet>\s+(?:المبارك|الكريم|الفضيل|{DIR}))?",
             self._hijri_month),
            ("month_year", rf"(?:(?P<mod>{MOD})\s+)?(?:شهر\s+)?(?P<month>{MONTHC})\s*[،,]?\s*(?:من\s+)?{YEARW}?{YEAR}",
             self._month),
            ("month_dir", rf"(?:(?P<mod>{MOD})\s+)?(?:شهر\s+)?(?P<month>{MONTHC})\s+(?P<dir>{DIR})", self._month),
            ("month", rf"(?:(?P<mod>{MOD})\s+)?(?P<shahr>شهر\s+)?(?P<month>{MONTHC})", self._month),
            # الربع الثاني من العام الماضي, الربع الأول 2015, and (quarters only) a
            # bare الربع الثاني or الربع (السنوي) الماضي, valued against the publication date.
            ("part_of_year", rf"(?P<part>الربع|النصف)\s+(?:(?P<annual>السنوي)\s+)?(?:(?P<ord>الاول|الثاني|الثالث|الرابع|الاخير)"
                             rf"(?:\s+(?:من\s+)?(?:(?P<cu>العام|السنه)(?:\s+(?P<dir>{DIR}))?{YEAR_TAIL}|(?:هذا|هذه)\s+(?P<this>العام|السنه)"
                             rf"|{YEARW}?{YEAR}))?|(?P<qdir>{DIR}))", self._part_of_year),
            # One rule (one pass over the text) for three rarer periods:
            # نفس الفترة من العام الماضي (the period just named, a year away);
            # خلال الربع السنوي and على المدى الطويل, whose preposition is
            # matched (a literal start is fast) but left out of the span.
            ("period", rf"(?P<sp>{_alt(self.same_period)})(?:\s+(?:من\s+|في\s+)?(?:(?P<cu>العام|السنه)\s+(?P<dir>{DIR})"
                       rf"|{YEARW}{YEAR}))?|(?:خلال|في)\s+(?P<aq>الربع\s+السنوي)"
                       rf"|(?:{_alt(self.horizon_prepositions)})\s+(?P<hz>{_alt(self.horizons)})", self._period),
            # عامي 2014 و2015, and a range after a singular word: عام 1957 - 1958.
            ("year_pair", rf"(?:(?:ال)?عامي|سنتي|(?:ال)?عامين|(?:ال)?عام|(?:ال)?سنه)\s+(?P<y1>(?:19|20)\d\d)"
                          rf"\s*(?:و|-|–|/|الي|حتي)\s*"
                          rf"(?P<y2>(?:19|20)\d\d)(?!\d)(?:\s*م(?!\w))?", self._year_pair),
            # A season or school year without a year word: موسم 2015 / 2016م, 2015-2016.
            ("year_span", r"(?P<y1>(?:19|20)\d\d)(?P<m1>\s*م(?!\w))?\s*[/\-–]\s*(?P<y2>(?:19|20)\d\d)(?!\d)(?:\s*م(?!\w))?",
             self._year_span),
            ("year", rf"(?:(?P<mod>{MOD})\s+)?(?P<yw>{YEARW})?{YEAR}", self._year),
            ("season", rf"(?:(?P<mod>{MOD})\s+)?(?:(?:هذا|هذه)\s+(?P<s1>{SEASON})|(?P<s2>{SEASON})\s+(?P<dir>{DIR})"
                       rf"|(?P<s3>{SEASON})\s*(?:من\s+)?{YEARW}?{YEAR}|(?P<s4>{SEASON})\s+(?:هذا\s+العام|هذه\s+السنه))",
             self._season),
            ("decade", rf"(?:(?P<mod>{MOD})\s+)?(?:(?:عقد|حقبه)\s+)?(?P<dec>{_alt(self.decades)})"
                       rf"(?:\s+من\s+القرن\s+(?:الماضي|العشرين))?", self._decade),
            ("century", rf"(?:(?P<mod>{MOD})\s+)?القرن\s+(?P<ord>{ORD})(?:\s+(?P<era>{ERA})(?!\w))?", self._century),
            # عام 500 قبل الميلاد, 332 ق.م: any number of digits once an era says it is a year.
            ("era_year", rf"(?:(?P<mod>{MOD})\s+)?(?P<yw>{YEARW})?(?P<eyear>\d{{1,4}})\s*"
                         rf"(?:(?P<bc>{BC})|(?P<ad>م(?!\w)|{ERA}))(?!\w)",
             self._era_year),
            # اليوم الاثنين and, as outlets often write it, اليوم (الاثنين).
            ("weekday", rf"(?:(?P<pod>{POD})\s+)?(?:(?P<rel>{RD})(?:\s*(?P<paren>[(«\x22“])\s*|\s*[،,]\s*|\s+))?(?:(?P<yawm>يوم)\s+)?"
                        rf"(?P<wd>{WD})(?(paren)\s*[)»\x22”])(?:\s*/\s*(?:{WD}))?(?:\s+(?P<dir>{DIR}))?", self._weekday),
            ("relative_day", rf"(?:(?P<pod>{POD})\s+)?(?P<rel>{RD})(?:\s+(?P<pod2>{POD}))?", self._relative_day),
            ("relative_unit", rf"(?:(?P<mod>{MOD})\s+)?(?:(?P<cu>{CUNIT})\s+(?P<dir>{DIR}){YEAR_TAIL}|(?:هذا|هذه)\s+(?P<cu2>{CUNIT})"
                              rf"|(?P<cu3>{CUNIT})\s+(?:نفسه|ذاته))", self._relative_unit),
            ("next_unit", rf"(?P<cu>اليوم|الشهر|العام|الاسبوع|السنه|الليله)\s+(?P<nw>{_alt(self.next_words)})",
             self._next_unit),
            ("ago", rf"(?P<ago>{_alt(self.ago)})\s+(?:(?P<apx>{APX})\s+)?(?:(?P<num>\d+|{NUMW}|{VNUM})\s+(?P<unit>{UNIT})"
                    rf"|(?P<unit1>{UNIT}))(?:\s+(?:واحد|واحده))?(?:\s+(?P<ahalf>ونصف))?", self._ago),
            ("duration", rf"(?:(?P<apx>{APX})\s+)?(?:(?P<num>(?:ال\s*)?\d+(?:[.,]\d+)?|\(\s*\d+\s*\)|(?:(?<!و)ال)?(?:{NUMW}))\s+(?P<unit>{UNIT})(?:\s+(?:واحد|واحده))?{HALF(1)}?"
                         rf"|(?P<vnum>{VNUM})\s+(?:ال)?(?P<vunit>{UNIT})|(?:ال)?(?P<dual>{DUAL})(?:\s+(?:{DUAL_DIR})|{HALF(2)})?"
                         rf"|(?P<sg>{SINGULAR})(?:\s+(?P<one>واحد|واحده)|{HALF(3)})?|(?<=(?:قرابه|حوالي)\s)ال(?P<dsg>{SINGULAR})(?!\s+(?:\d|{HOUR}))"
                         rf"|(?P<punit>{PUNIT})\s+(?P<onum>(?:ال)?(?:{NUMW}))(?:\s+(?P<dir>{DIR}|الاخيره|الاخير|الاولي|الاول))?)",
             self._duration),
            ("clock", rf"(?:(?P<sa>(?:تمام\s+)?الساعه)\s+)?(?P<h>{HOUR}|[0-2]?\d(?::(?P<mm>[0-5]\d))?|(?<=الساعه\s)[0-2]\d[0-5]\d)"
                      rf"(?:\s+(?P<minw>{MINW}))?(?:\s+(?:من\s+)?(?P<pod>{POD}))?"
                      rf"(?:\s+(?:من\s+)?(?:يوم\s+)?(?P<rel>{RD}|{WD}))?", self._clock),
            ("anaphoric", rf"(?P<ana>{_alt(self.anaphoric)})", self._anaphoric),
            # لا يمكث سوى ساعات: a bare plural unit after "only" is a vague length.
            ("only_units", rf"(?:{_alt(self.only_particles)})\s+(?P<vpu>{_alt(self.vague_plural_units)})", self._only_units),
            ("vague", rf"(?P<vague>{_alt(self.vague)})(?:\s+(?:من\s+)?(?P<scope>اليوم|هذا\s+الاسبوع|هذا\s+الشهر|"
                      rf"هذا\s+العام|هذه\s+السنه|(?:(?:{POD})\s+)?(?:يوم\s+)?(?P<sday>{RD}|{WD})))?", self._vague),
            ("set", rf"(?P<set>{_alt(self.sets)})", self._set),
            # أيام الجمع (Fridays), طيلة أيام الأسبوع: days that recur every week.
            ("recurring_days", rf"(?:{_alt(self.recurring_day_heads)})\s+(?:(?P<rwd>{WD}|{_alt(self.plural_weekdays)})"
                               rf"(?P<more>(?:\s*[،,]?\s*و\s*(?:{WD}))*)|(?P<week>{_alt(self.whole_weeks)}))"
                               rf"|كل\s+يوم\s+(?P<bwd>{_alt(self.bare_weekdays)})(?P<bmore>(?:\s*[،,]?\s*و\s*(?:{_alt(self.bare_weekdays)})(?!\w))*)",
             self._recurring_days),
            # أقيم أخيرا: "recently" only after a past event verb (else "finally").
            ("recently", r"(?P<recent>اخيرا)", self._recently),
            ("english_date", rf"(?P<em>{EM})\s+(?P<ed>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<ey>(?:19|20)\d\d))?"
                             rf"|(?P<ed2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<em2>{EM})(?:,?\s+(?P<ey2>(?:19|20)\d\d))?"
                             rf"|(?P<em3>{EM}),?\s+(?P<ey3>(?:19|20)\d\d)|(?P<em4>{EM})", self._english_date),
            ("english_relative", r"(?P<erel>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight)"
                                 r"|(?:(?P<edir>last|next|this|on)\s+)?(?P<ewd>Monday|Tuesday|Wednesday|Thursday|"
                                 r"Friday|Saturday|Sunday)", self._english_relative),
        ]
        gates = self._gates()
        return [Rule(name, re.compile(rf"(?<!\w){_CLITIC}(?P<x>{body})(?!\w)"), resolve, gates.get(name, ()))
                for name, body, resolve in spec]

    def _gates(self) -> dict[str, tuple[str, ...]]:
        """The words a rule cannot match without (see ``Rule.needs``): the
        first word of each lexicon entry that its pattern requires."""
        def first_words(*keys) -> tuple[str, ...]:
            return tuple(sorted({k.split()[0] for group in keys for k in group}))
        gmonths, hmonths = first_words(self.gmonths), first_words(self.hmonths)
        years = ("18", "19", "20")  # YEAR is (?:1[89]|20)\d\d
        return {
            "date": gmonths, "date_range": gmonths + hmonths, "hijri_date": hmonths, "hijri_month": hmonths,
            "hijri_year": ("13", "14"), "month_year": gmonths, "month_dir": gmonths, "month": gmonths,
            "part_of_year": ("الربع", "النصف"), "year_pair": years, "year_span": years, "year": years,
            "season": first_words(self.seasons), "decade": first_words(self.decades), "century": ("القرن",),
            "weekday": first_words(self.weekdays), "ago": first_words(self.ago), "anaphoric": first_words(self.anaphoric),
            "only_units": first_words(self.only_particles), "set": first_words(self.sets),
            "period": ("الفتره", "المدي", "الربع"), "english_date": first_words(self.emonths),
            "english_relative": ("day", "Day", "onight"),
            "recurring_days": first_words(self.recurring_day_heads) + ("كل",), "recently": ("اخيرا",),
        }

    # -- finding ------------------------------------------------------------
    def find(self, text: str, published: str | None) -> list[TimeExpr]:
        folded = fold(text)
        ctx = Context(folded.text, tv.parse_anchor(published), text, folded.origin)
        candidates = []
        for priority, rule in enumerate(self.rules):
            if rule.needs and not any(word in folded.text for word in rule.needs):
                continue
            for m in rule.pattern.finditer(folded.text):
                if self._is_general_adjective(m, folded.text):
                    continue
                candidates.append((m.start("x"), m.end("x"), priority, rule, m))
        # Longest first, then rule order: one expression per stretch of text.
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
        taken: list[tuple[int, int]] = []
        chosen = []
        for start, end, priority, rule, m in candidates:
            if any(start < e and s < end for s, e in taken):
                continue
            # A rule may reject its match (a count, not a year); a shorter rule
            # may still take the same stretch.
            chosen.append((start, end, priority, rule, m))
            taken.append((start, end))
        chosen.sort(key=lambda c: c[0])
        for start, end, priority, rule, m in chosen:
            results = rule.resolve(m, ctx)
            for f in results or []:
                ctx.found.append(f)
                if f.label == "DATE" and f.value and not f.value.startswith("P"):
                    ctx.last_date = f.value
        self._finish_ranges(ctx)
        out = []
        for f in ctx.found:
            start, end = folded.span(f.start, f.end)
            attrs = {k: v for k, v in f.attrs.items() if not k.startswith("_")}
            out.append(TimeExpr(start, end, f.label, attrs, text=text[start:end], value=f.value))
        return out

    # -- context ------------------------------------------------------------
    def _is_general_adjective(self, m: re.Match, folded: str) -> bool:
        """الأمين العام السابق, النائب العام الحالي: after these heads العام is
        "general, public" and agrees with the head; the year reading would
        turn every secretary-general into a date."""
        if not m.group("x").startswith("العام") or m.start() != m.start("x"):
            return False
        previous = self._words_before(folded, m.start("x"), 1)
        return bool(previous) and _bare(previous[0]) in self.general_adjective_heads

    def _words_before(self, folded: str, start: int, n: int) -> list[str]:
        left = folded[max(0, start - 12 * n):start]
        cut = list(_SENTENCE_END.finditer(left))
        if cut:
            left = left[cut[-1].end():]
        return _words(left)[-n:]

    def _words_after(self, folded: str, end: int, n: int) -> list[str]:
        right = folded[end:end + 12 * n]
        cut = _SENTENCE_END.search(right)
        if cut:
            right = right[:cut.start()]
        return _words(right)[:n]

    def _previous_word(self, m: re.Match, ctx: Context) -> str:
        words = self._words_before(ctx.folded, m.start("x"), 1)
        if not words:
            return ""
        # The clitic captured before the expression belongs to it, not to the
        # previous word; strip a conjunction from the previous word itself.
        word = words[0]
        return word[1:] if len(word) > 2 and word[0] in "وف" and word[1:] in (
            self.year_prepositions | self.month_prepositions) else word

    def _next_word(self, m: re.Match, ctx: Context) -> str:
        """The word after the expression, past restrictive particles (فقط، تقريبا)."""
        words = [w for w in self._words_after(ctx.folded, m.end("x"), 3) if w not in FILLER_WORDS]
        return words[0] if words else ""

    def _is_future_word(self, word: str) -> bool:
        from rasid.text.lexicon import frequency

        if word in self.future_cues or word in ENGLISH_FUTURE:
            return True
        stem = word[1:] if len(word) > 3 and word[0] in "وف" else word
        if stem in self.future_cues:
            return True
        if len(stem) >= 4 and stem[0] == "س" and stem[1] in "يتنا" and not stem[1:].startswith("ال"):
            return frequency(stem[1:]) >= FUTURE_VERB_MIN_COUNT
        return False

    def tense(self, m: re.Match, ctx: Context, weekday: bool = False) -> Tense:
        """Which way the words around an expression point. ``weekday``: a
        bare weekday, which a past speech verb governing it dates (قال كارتر
        الخميس إنه سيسمح); dates and months keep the general cues, since
        outlets name the day of saying mostly by its weekday."""
        if self._previous_word(m, ctx) in PAST_PREPOSITIONS:
            return Tense.PAST
        before = self._words_before(ctx.folded, m.start("x"), TENSE_WORDS_BEFORE)
        after = self._words_after(ctx.folded, m.end("x"), TENSE_WORDS_AFTER)
        if weekday:
            # What follows إن/أن is the reported clause, whose tense is not
            # the time of saying.
            cut = next((i for i, w in enumerate(after) if w in self.complementizers), len(after))
            after = after[:cut]
            if self._governed_by_past_speech_verb(ctx.folded, m.start("x")) and \
                    not any(self._is_future_word(w) for w in after):
                return Tense.PAST
        words = before + after
        if any(self._is_future_word(w) for w in words):
            return Tense.FUTURE
        if any(w in self.past_cues or _is_english_past(w) for w in words):
            return Tense.PAST
        return Tense.UNKNOWN

    def _governed_by_past_speech_verb(self, folded: str, start: int) -> bool:
        """Is the nearest tense-bearing word on the left a past speech verb
        (قال، أعلن) with no future verb, complementizer, quotation mark or
        colon in between? Then the expression dates the saying (قال كارتر
        الخميس), whatever the reported clause after it says; inside a
        reported clause (قال إن الوفد سيصل الخميس، قال: «نصل الخميس») the
        clause's own verb decides."""
        left = _sentence_left(folded, start)
        opened = max(left.rfind(mark) for mark in OPENING_QUOTES + ":")
        left = left[opened + 1:]
        for word in reversed(_words(left)[-TENSE_WORDS_BEFORE:]):
            if word in self.complementizers or self._is_future_word(word):
                return False
            if any(form in self.past_speech_verbs for form in _without_conjunction(word)):
                return True
        return False

    # -- values -------------------------------------------------------------
    @staticmethod
    def _found(m: re.Match, label: str, value: str | None, group: str = "x", **attrs) -> list[Found]:
        return [Found(m.start(group), m.end(group), label, value, attrs)]

    def _month_number(self, text: str) -> int:
        # The first of possibly two names (شباط/فبراير، أبريل نيسان); some
        # names hold a space themselves (كانون الثاني), so match the longest.
        text = " ".join(text.split())
        name = max((k for k in self.gmonths if text.startswith(k)), key=len)
        return self.gmonths[name]

    def _direction(self, m: re.Match, group: str = "dir") -> int | None:
        word = m.group(group) if group in m.re.groupindex else None
        return self.direction.get(" ".join(word.split())) if word else None

    def _modifier(self, m: re.Match) -> dict[str, str]:
        word = m.group("mod") if "mod" in m.re.groupindex else None
        return {"mod": self.modifiers[" ".join(word.split())]} if word else {}

    def _date(self, m: re.Match, ctx: Context) -> list[Found] | None:
        day, month = self._day_number(m), self._month_number(m.group("month"))
        if not 1 <= day <= 31:
            return None
        weekday = self._stated_weekday(m)
        if m.group("year"):
            year = int(m.group("year"))
            value = tv.iso_day(dt.date(year, month, day)) if tv.valid_day(year, month, day) else None
        elif ctx.anchor is None:
            value = None
        else:
            direction = self._direction(m)
            value = tv.day_in_direction(ctx.anchor, month, day, direction, self.tense(m, ctx))
            if weekday is not None and not _on_weekday(value, weekday):
                # يوم الاثنين 8 يونيو: the weekday names the year, when one of
                # the candidate years puts that day on it.
                fit = tv.day_on_weekday(ctx.anchor, month, day, weekday, direction)
                value = tv.iso_day(fit) if fit else value
        return self._found(m, "DATE", value, _day=day, **self._weekday_check(value, weekday))

    def _stated_weekday(self, m: re.Match) -> int | None:
        word = m.group("wd") if "wd" in m.re.groupindex else None
        return self.weekdays[" ".join(word.split())] if word else None

    @staticmethod
    def _weekday_check(value: str | None, weekday: int | None) -> dict[str, bool]:
        """A weekday the date does not fall on: keep the date (the figures are
        usually right, the weekday a slip) but let a reader see the conflict."""
        if weekday is not None and value and len(value) == 10 and not _on_weekday(value, weekday):
            return {"weekday_mismatch": True}
        return {}

    def _range_start(self, m: re.Match, ctx: Context) -> list[Found] | None:
        day = int(m.group("d1"))
        if not 1 <= day <= 31:
            return None
        return [Found(m.start("d1"), m.end("d1"), "DATE", None, {"_range_day": day})]

    def _finish_ranges(self, ctx: Context) -> None:
        """``23 و 24 يناير``: the first day takes its month and year from the
        date that closes the range."""
        for i, f in enumerate(ctx.found):
            day = f.attrs.get("_range_day")
            if day is None:
                continue
            following = next((g for g in ctx.found[i + 1:] if g.label == "DATE"), None)
            if following and following.value and len(following.value) == 10 and "_day" in following.attrs:
                # Count back within the month, so Hijri ranges work too.
                back = following.attrs["_day"] - day
                if back > 0:
                    f.value = tv.iso_day(dt.date.fromisoformat(following.value) - dt.timedelta(days=back))

    def _numeric(self, m: re.Match, ctx: Context) -> list[Found] | None:
        if m.group("hy"):
            day = tv.hijri_to_gregorian(int(m.group("hy")), int(m.group("m2")), int(m.group("d2")))
            if not day:
                return None
            value = tv.iso_day(day)
            return self._found(m, "DATE", value, calendar="hijri",
                               **self._weekday_check(value, self._stated_weekday(m)))
        if m.group("y"):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        else:
            y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        if not tv.valid_day(y, mo, d):
            return None
        value = tv.iso_day(dt.date(y, mo, d))
        return self._found(m, "DATE", value, **self._weekday_check(value, self._stated_weekday(m)))

    def _hijri_date(self, m: re.Match, ctx: Context) -> list[Found] | None:
        day, month = self._day_number(m), self.hmonths[" ".join(m.group("hmonth").split())]
        if not 1 <= day <= 30:
            return None
        if m.group("hyear"):
            years = [int(m.group("hyear"))]
        elif ctx.anchor is not None:
            this = tv.gregorian_to_hijri_year(ctx.anchor)
            years = [this - 1, this, this + 1] if this else []
        else:
            years = []
        dates = [d for d in (tv.hijri_to_gregorian(y, month, day) for y in years) if d]
        direction = self._direction(m)
        if direction == 0 and len(dates) == 3:  # الجاري: this Hijri year
            dates = dates[1:2]
        if not dates:
            value = None
        elif len(dates) == 1:
            value = tv.iso_day(dates[0])
        else:
            pick = tv._pick(dates, ctx.anchor, direction if direction else None, self.tense(m, ctx))
            value = tv.iso_day(pick) if pick else None
        weekday = self._stated_weekday(m)
        if weekday is not None and value and len(dates) > 1 and _weekdays_apart(value, weekday) > 1:
            # The weekday names the year. A weekday one off is kept as a slip:
            # outlets' Hijri dates often differ by a day from Umm al-Qura.
            fit = [d for d in dates if d.weekday() == weekday]
            value = tv.iso_day(fit[0]) if len(fit) == 1 else value
        return self._found(m, "DATE", value, calendar="hijri", _day=day, **self._weekday_check(value, weekday))

    def _hijri_year(self, m: re.Match, ctx: Context) -> list[Found] | None:
        # A Hijri year or month straddles Gregorian ones: keep it unvalued
        # rather than round it, and record the Hijri value.
        hijri = m.group("hyear") or m.group("hyear2")
        if m.group("hy1"):  # الدورة 1436 / 1437 هـ: two years, as عام 1990 - 1991
            return [Found(m.start("hy1"), m.end("hy1"), "DATE", None, {"calendar": "hijri", "hijri": m.group("hy1")}),
                    Found(m.start("hyear"), m.end("x"), "DATE", None, {"calendar": "hijri", "hijri": hijri})]
        if m.group("hmonth"):
            hijri += f"-{self.hmonths[' '.join(m.group('hmonth').split())]:02d}"
        return self._found(m, "DATE", None, calendar="hijri", hijri=hijri)

    def _hijri_month(self, m: re.Match, ctx: Context) -> list[Found] | None:
        # Month names are also given names (رجب، شعبان، رمضان): without شهر or
        # an epithet, only after a time preposition (في رمضان، خلال رمضان).
        if not (m.group("shahr") or m.group("epithet")) and \
                self._previous_word(m, ctx) not in self.month_prepositions:
            return None
        return self._found(m, "DATE", None, calendar="hijri")

    def _month(self, m: re.Match, ctx: Context) -> list[Found] | None:
        month_text = " ".join(m.group("month").split())
        month = self._month_number(month_text)
        groups = m.re.groupindex
        year = m.group("year") if "year" in groups else None
        direction = self._direction(m) if "dir" in groups else None
        mod = self._modifier(m)
        if "shahr" in groups and not year and direction is None:
            # A bare month name is a date only next to a time word: شهر مارس,
            # في مايو, مطلع يونيو. Some names are also common words.
            has_context = m.group("shahr") or mod or self._previous_word(m, ctx) in self.month_prepositions
            if not has_context or (month_text in ("ماي", "اب") and not m.group("shahr")):
                return None
        if year:
            value = tv.iso_month(int(year), month)
        elif ctx.anchor is None:
            value = None
        else:
            value = tv.month_in_direction(ctx.anchor, month, direction, self.tense(m, ctx))
        return self._found(m, "DATE", value, **mod)

    def _part_of_year(self, m: re.Match, ctx: Context) -> list[Found] | None:
        """الربع الثاني من 2015 -> 2015-Q2; النصف الأول من العام -> 2015-H1;
        a bare الربع الثاني -> that quarter of the publication year (of the
        year before when it is not over yet and the text speaks of the past);
        الربع (السنوي) الماضي -> the quarter before the publication date's."""
        quarters = m.group("part") == "الربع"
        if m.group("qdir"):
            if not quarters or ctx.anchor is None:
                return self._found(m, "DATE", None) if quarters else None
            index = ctx.anchor.year * 4 + (ctx.anchor.month - 1) // 3 + self._direction(m, "qdir")
            return self._found(m, "DATE", f"{index // 4:04d}-Q{index % 4 + 1}")
        ordinal = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الاخير": 4 if quarters else 2}[m.group("ord")]
        if not quarters and ordinal > 2:
            return None
        bare = not (m.group("year") or m.group("cu") or m.group("this"))
        if bare and (not quarters or self._next_word(m, ctx) == "من"):
            return None  # النصف الثاني (of a match), الربع الأول من المباراة
        if m.group("year"):
            year = int(m.group("year"))
        elif ctx.anchor is None:
            return self._found(m, "DATE", None)
        elif bare:
            year = ctx.anchor.year
            # A quarter not yet over has no results to report in the past tense.
            if ordinal >= (ctx.anchor.month - 1) // 3 + 1 and self.tense(m, ctx) == Tense.PAST:
                year -= 1
        else:
            year = ctx.anchor.year + (self._direction(m) or 0)
        return self._found(m, "DATE", f"{year:04d}-{'Q' if quarters else 'H'}{ordinal}")

    def _period(self, m: re.Match, ctx: Context) -> list[Found] | None:
        if m.group("aq"):
            # خلال الربع السنوي: "during the quarter" the report is about; which
            # one the words do not say (value null).
            return self._found(m, "DATE", None, group="aq")
        if m.group("hz"):
            return self._found(m, "DURATION", None, group="hz")  # على المدى الطويل: a vague length
        return self._same_period(m, ctx)

    def _same_period(self, m: re.Match, ctx: Context) -> list[Found] | None:
        """نفس الفترة من العام الماضي: the period last named (a quarter, half
        or month) in the year the phrase names, else that year; alone (خلال
        نفس الفترة) it points back with no value of its own."""
        if m.group("year"):
            year = int(m.group("year"))
        elif m.group("cu") and ctx.anchor is not None:
            year = ctx.anchor.year + (self._direction(m) or 0)
        else:
            return self._found(m, "DATE", None)
        last = ctx.last_date or ""
        period = last[4:] if re.fullmatch(r"\d{4}-(?:Q[1-4]|H[12]|\d\d)", last) else ""
        return self._found(m, "DATE", f"{year:04d}{period}")

    def _year_pair(self, m: re.Match, ctx: Context) -> list[Found] | None:
        # Two expressions, as a year each; the second keeps its م (2016م).
        return [Found(m.start("y1"), m.end("y1"), "DATE", m.group("y1")),
                Found(m.start("y2"), m.end("x"), "DATE", m.group("y2"))]

    def _year_span(self, m: re.Match, ctx: Context) -> list[Found] | None:
        """موسم 2015 / 2016م, 2014-2015: two years, as after a year word. Without
        that word only a forward span of at most MAX_YEAR_SPAN years counts, so
        that case numbers (2015/2009) and long number ranges stay out."""
        first, second = int(m.group("y1")), int(m.group("y2"))
        if not 0 < second - first <= MAX_YEAR_SPAN:
            return None
        if ctx.folded[max(0, m.start("x") - 1):m.start("x")] in ("/", "-", ".", ":"):
            return None  # the tail of a longer number (12/2015/2016)
        following = self._words_after(ctx.folded, m.end("x"), 1)
        if following and following[0] in COUNT_NOUNS:
            return None  # 2000-2020 ريال: a range of amounts (نحو after it is no count)
        first_end = m.end("m1") if m.group("m1") else m.end("y1")
        return [Found(m.start("y1"), first_end, "DATE", m.group("y1")),
                Found(m.start("y2"), m.end("x"), "DATE", m.group("y2"))]

    def _year(self, m: re.Match, ctx: Context) -> list[Found] | None:
        year = m.group("year")
        if not (m.group("yw") or m.group("mod")):
            # A bare four-digit number is a year only after a time preposition
            # and when no counted noun follows it.
            if self._previous_word(m, ctx) not in self.year_prepositions and not self._restates_hijri_year(m, ctx):
                return None
            if self._next_word(m, ctx) in COUNT_NOUNS:
                return None
        return self._found(m, "DATE", year, **self._modifier(m))

    def _restates_hijri_year(self, m: re.Match, ctx: Context) -> bool:
        """1432هـ 2011م, (2011م): a year glued to its AD mark after a Hijri
        year or an opening bracket (not 2000م, a height in metres)."""
        if not ctx.folded[m.start("x"):m.end("x")].endswith("م") or ctx.folded[m.end("x") - 2] == " ":
            return False
        left = ctx.folded[max(0, m.start("x") - 12):m.start("x")].rstrip()
        return left.endswith("(") or bool(re.search(r"1[34]\d\d\s*ه$", left))

    def _season(self, m: re.Match, ctx: Context) -> list[Found] | None:
        """هذا الصيف -> 2015-SU; صيف 2014 -> 2014-SU; الشتاء الماضي -> the
        last winter that has ended, الصيف المقبل the next that has not begun."""
        word = next(m.group(g) for g in ("s1", "s2", "s3", "s4") if m.group(g))
        season = self.seasons[" ".join(word.split())]
        if m.group("year"):
            return self._found(m, "DATE", f"{m.group('year')}-{season}", **self._modifier(m))
        if ctx.anchor is None:
            return self._found(m, "DATE", None, **self._modifier(m))
        year = tv.season_year(ctx.anchor, season, self._direction(m) if m.group("dir") else 0)
        return self._found(m, "DATE", f"{year:04d}-{season}", **self._modifier(m))

    def _decade(self, m: re.Match, ctx: Context) -> list[Found] | None:
        return self._found(m, "DATE", str(self.decades[" ".join(m.group("dec").split())]), **self._modifier(m))

    def _era(self, m: re.Match) -> str:
        word = m.group("era") if "era" in m.re.groupindex else None
        return self.eras.get(" ".join(word.split()), "AD") if word else "AD"

    def _century(self, m: re.Match, ctx: Context) -> list[Found] | None:
        """القرن السابع عشر -> "16" (TimeML: the century's first two digits);
        القرن الخامس قبل الميلاد -> "BC04" (500-401 BC, the same digits of the
        years counted back); a Hijri century straddles Gregorian ones, so it
        keeps value null and its Hijri digits in attrs, like a Hijri year."""
        number = self.ordinal_days.get(" ".join(m.group("ord").split()))
        era = self._era(m)
        if not number or (era == "AD" and number > 21) or (era == "AH" and number > 15):
            return None
        digits = f"{number - 1:02d}"
        if era == "AH":
            return self._found(m, "DATE", None, calendar="hijri", hijri=digits, **self._modifier(m))
        return self._found(m, "DATE", ("BC" if era == "BC" else "") + digits, **self._modifier(m))

    def _era_year(self, m: re.Match, ctx: Context) -> list[Found] | None:
        """عام 500 قبل الميلاد -> "BC0500" (TIMEX2's BC years), عام 622 م ->
        "0622"; a Hijri year (عام 200 هجري) keeps value null, as elsewhere."""
        year = int(m.group("eyear"))
        if year == 0:
            return None
        if m.group("bc"):
            return self._found(m, "DATE", f"BC{year:04d}", **self._modifier(m))
        era = self.eras.get(" ".join(m.group("ad").split()), "AD")
        if m.group("ad") == "م" and not m.group("yw"):
            return None  # 100 م is as often a hundred metres
        if era == "AH":
            return self._found(m, "DATE", None, calendar="hijri", hijri=f"{year:04d}", **self._modifier(m))
        if len(m.group("eyear")) <= 2 and m.group("ad") == "م":
            # عام 91م is 1991, not AD 91: a two-digit year up to the publication
            # year's is this century's, a later one the last's.
            if ctx.anchor is None:
                return self._found(m, "DATE", None, **self._modifier(m))
            year += 2000 if year <= ctx.anchor.year % 100 else 1900
        return self._found(m, "DATE", f"{year:04d}", **self._modifier(m))

    def _day_number(self, m: re.Match) -> int:
        if m.group("day"):
            return int(m.group("day"))
        return self.ordinal_days[" ".join(m.group("oday").split())]

    def _weekday(self, m: re.Match, ctx: Context) -> list[Found] | None:
        weekday_word = " ".join(m.group("wd").split())
        weekday = self.weekdays[weekday_word]
        rel, direction = m.group("rel"), self._direction(m)
        if weekday_word in self.weekdays_need_context and not (rel or m.group("pod") or m.group("yawm")
                                                                or direction is not None):
            # الاثنين also means "the two", الأحد "the one": accept them only
            # after a time preposition or before a reporting complement.
            if self._previous_word(m, ctx) not in {"في", "منذ", "حتي", "الي", "قبل", "بعد", "مساء", "صباح"} \
                    and self._next_word(m, ctx) not in {"ان", "انه", "انها", "عن"} \
                    and not self._weekday_earlier_in_sentence(m, ctx):
                return None
        if not (rel or m.group("pod") or direction is not None) and self._names_an_occasion(m, ctx):
            return None
        attrs = {"part_of_day": self.pods[" ".join(m.group("pod").split())]} if m.group("pod") else {}
        if ctx.anchor is None:
            return self._found(m, "DATE", None, **attrs)
        if rel:
            # أمس الأربعاء: the weekday is the more specific word. When it
            # disagrees with أمس/اليوم (the publication date is often the
            # next morning's), take that weekday nearest to the relative day.
            day = ctx.anchor + dt.timedelta(days=self.reldays[" ".join(rel.split())])
            shift = (weekday - day.weekday() + 3) % 7 - 3
            value = tv.iso_day(day + dt.timedelta(days=shift))
        else:
            tense = self.tense(m, ctx, weekday=True)
            if tense is Tense.UNKNOWN and direction is None:
                tense = self._tense_of_earlier_weekday(m, ctx)
            value = tv.weekday_in_direction(ctx.anchor, weekday, direction, tense)
            # The next bare weekday of the sentence follows this one's way (see
            # _tense_of_earlier_weekday): الثلاثاء المقبل، ثم يلاقي الأحد.
            attrs["_tense"] = {1: Tense.FUTURE, -1: Tense.PAST}.get(direction, tense)
        return self._found(m, "DATE", value, _weekday=True, **attrs)

    @staticmethod
    def _tense_of_earlier_weekday(m: re.Match, ctx: Context) -> Tense:
        """يبدأ تشلسي السبت ... ويلعب آرسنال الأحد ... الاثنين: a weekday with
        no tense cue of its own follows the weekday before it in its sentence
        (a fixture list or a programme runs one way): it takes the tense that
        the words around the earlier one gave, none if they gave none."""
        sentence_start = m.start("x") - len(_sentence_left(ctx.folded, m.start("x")))
        for f in reversed(ctx.found):
            if f.start < sentence_start:
                break
            if f.attrs.get("_weekday"):
                return f.attrs.get("_tense", Tense.UNKNOWN)
        return Tense.UNKNOWN

    @staticmethod
    def _weekday_earlier_in_sentence(m: re.Match, ctx: Context) -> bool:
        """ينطلق السبت ... يلعب آرسنال الأحد ... تختتم، الاثنين: after a
        weekday in the same sentence, الأحد / الاثنين are days too."""
        sentence_start = m.start("x") - len(_sentence_left(ctx.folded, m.start("x")))
        return any(f.attrs.get("_weekday") and f.start >= sentence_start for f in ctx.found)

    def _names_an_occasion(self, m: re.Match, ctx: Context) -> bool:
        """صلاة الجمعة، خطب الجمعة، الجمعة العظيمة: the weekday names a prayer,
        a sermon or a feast, not a day. The head noun may carry a clitic
        (لصلاة، وخطبة); both word lists are in the lexicon."""
        previous = self._words_before(ctx.folded, m.start("x"), 1)
        if previous and any(form in self.weekday_name_heads for form in _without_proclitics(previous[0])):
            return True
        return self._next_word(m, ctx) in self.weekday_name_tails

    def _relative_day(self, m: re.Match, ctx: Context) -> list[Found] | None:
        rel = " ".join(m.group("rel").split())
        nxt = self._next_word(m, ctx)
        has_pod = bool(m.group("pod") or m.group("pod2"))
        if rel in self.restricted_reldays and not has_pod and not (
                ctx.folded[m.start("x") - 1:m.start("x")] == "ب"
                or self._previous_word(m, ctx) in PAST_PREPOSITIONS | {"حتي"}):
            return None  # حلفاء الأمس is "of the past"; بالأمس, منذ الأمس, مساء الأمس are a day
        if rel in self.restricted_reldays and nxt == "القريب":
            return None  # بالأمس القريب: "not long ago", no day
        if rel == "اليوم" and not has_pod and self._names_an_outlet(m, ctx):
            return None
        if rel == "اليوم" and not m.group("pod") and self._names_a_day(nxt):
            return None
        if rel == "اليوم" and not (m.group("pod") or m.group("pod2")) and (
                ctx.folded[m.start("x") - 1:m.start("x")] == "ب" or self._previous_word(m, ctx) == "في"):
            return None  # باليوم / في اليوم: "per day" in rates, not "today"
        pod = m.group("pod") or m.group("pod2")
        attrs = {"part_of_day": self.pods[" ".join(pod.split())]} if pod else {}
        value = (tv.iso_day(ctx.anchor + dt.timedelta(days=self.reldays[rel]))
                 if ctx.anchor is not None else None)
        return self._found(m, "DATE", value, **attrs)

    def _names_an_outlet(self, m: re.Match, ctx: Context) -> bool:
        """«روسيا اليوم», صحيفة المصري اليوم, جريدة اليوم, a dateline «عين
        اليوم – الرياض»: اليوم ends an outlet's or programme's name. Only
        indefinite heads count: قالت الصحيفة اليوم is "the paper said today"."""
        folded, start, end = ctx.folded, m.start("x"), m.end("x")
        line_start = folded.rfind("\n", 0, start) + 1
        left = folded[line_start:start]
        after = folded[end:end + 3].lstrip(" ")[:1]  # "" at the end of the text
        # A quoted name ending in اليوم: «اليوم», "روسيا اليوم", «المصري اليوم».
        # A one-word quote before it must be a name, not a verb: «سنصل اليوم».
        if after and after in CLOSING_QUOTES:
            opened = max(left.rfind(q) for q in OPENING_QUOTES)
            inside = _words(left[opened + 1:]) if opened >= 0 else None
            if inside == [] or (inside and len(inside) == 1 and (
                    inside[0].startswith("ال") or _bare(inside[0]) in self.outlet_names_before_today)):
                return True
        previous = _words(left)[-2:]
        # A dateline at the head of its line: «عين اليوم – الرياض», «اليوم – الدمام»
        # (not «وصل الوفد اليوم – حسب مصادر»).
        if after and after in "–—-" and len(_words(left)) <= 3 and (
                not previous or _bare(previous[-1]) in self.outlet_names_before_today):
            return True
        if not previous:
            return False
        if self._is_media_head(previous[-1]):
            return True  # جريدة اليوم
        return (len(previous) == 2 and _bare(previous[1]) in self.outlet_names_before_today
                and self._is_media_head(previous[0]))

    def _is_media_head(self, word: str) -> bool:
        prefix, stem = split_proclitics(word)
        return stem in self.media_heads and not prefix.endswith(("ال", "لل"))

    @staticmethod
    def _names_a_day(next_word: str) -> bool:
        """اليوم الوطني, اليوم العالمي, اليوم الثاني: "the national / second
        day", not "today". The adjective is a nisba (-ي) or an ordinal; a noun
        after اليوم (اليوم الجلسة الأولى) is the clause's subject instead."""
        if next_word == "الي":  # إلى folds to الي: «وزير الدفاع اليوم إلى مصر» is today
            return False
        return next_word.startswith("ال") and (next_word.endswith(("ي", "يه")) or next_word in ORDINAL_ADJECTIVES)

    def _relative_unit(self, m: re.Match, ctx: Context) -> list[Found] | None:
        mod = self._modifier(m)
        if m.group("cu3"):  # العام نفسه: the one the text just named
            unit = self.calendar_units[m.group("cu3")]
            width = {"Y": 4, "M": 7}.get(unit)
            last = ctx.last_date or ""
            # Only a calendar date has a year (and month) to copy: not BC0500, 2015-SU, 2015-Q2.
            value = last[:width] if width and len(last) >= width and last[:4].isdigit() and (
                width == 4 or last[5:7].isdigit()) else None
            return self._found(m, "DATE", value, **mod)
        unit = self.calendar_units[m.group("cu") or m.group("cu2")]
        offset = self._direction(m) if m.group("cu") else 0
        value = tv.calendar_unit(ctx.anchor, offset, unit) if ctx.anchor is not None else None
        return self._found(m, "DATE", value, **mod)

    def _next_unit(self, m: re.Match, ctx: Context) -> list[Found] | None:
        step = self.next_words[" ".join(m.group("nw").split())]
        unit = {"اليوم": "D", "الليله": "D", "الشهر": "M", "العام": "Y", "السنه": "Y", "الاسبوع": "W"}[m.group("cu")]
        value = None
        if ctx.last_date and len(ctx.last_date) == 10 and unit in ("D", "W"):
            value = tv.shift(dt.date.fromisoformat(ctx.last_date), step, unit)
        elif ctx.last_date and len(ctx.last_date) >= 7 and unit == "M":
            value = tv.iso_month(*tv.add_months(int(ctx.last_date[:4]), int(ctx.last_date[5:7]), step))
        elif ctx.last_date and unit == "Y" and ctx.last_date[:4].isdigit():
            value = f"{int(ctx.last_date[:4]) + step:04d}"
        return self._found(m, "DATE", value)

    def _amount(self, text: str | None) -> float | None:
        if not text:
            return None
        text = " ".join(text.split())
        text = text.strip("() ")  # a count in brackets: (35) سنة
        if text.startswith("ال") and (text[2:].strip() in self.numbers or text[2:].strip()[:1].isdigit()):
            text = text[2:].strip()  # الأعوام الستة, الـ38 عاما
        if text in self.vague_numbers:
            return None
        if text in self.numbers:
            return self.numbers[text]
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return None

    def _ago(self, m: re.Match, ctx: Context) -> list[Found] | None:
        direction = self.ago[m.group("ago")]
        unit_word = " ".join((m.group("unit") or m.group("unit1")).split())
        if direction == 0 and self._previous_word(m, ctx) == "من":
            return None  # من خلال: "by means of", not "within"
        if unit_word in ("عقد", "قرن") and not m.group("num"):
            return None  # خلال عقد ملتقى: عقد is also "holding"
        unit = self.units[unit_word]
        count, base = tv.unit_count(unit)
        if m.group("num"):
            amount = self._amount(m.group("num"))
        elif unit_word in self.vague_plural_units:
            amount = None  # منذ أيام: some days ago
        else:
            amount = 1
        if m.group("ahalf") and amount is not None:
            # منذ عامين ونصف: half a unit more (a dual word is two units).
            amount += 0.25 if unit[0] == "2" and not m.group("num") else 0.5
        if direction == 0:  # خلال يومين: within a span, a duration
            value = tv.duration(amount, unit) if amount is not None else None
            return self._duration_span(m, value)
        if self._next_word(m, ctx) in ("علي", "من", "عن"):
            # بعد أسبوع على فشل المفاوضات: counted from another event, not from
            # the publication date; the expression is the length.
            value = tv.duration(amount, unit) if amount is not None else None
            return self._duration_span(m, value)
        if amount is not None and amount != int(amount) and base == "Y":
            years = amount * count  # منذ عقدين ونصف: 25 years; منذ عام ونصف: 18 months, a month
            amount, count, base = (years, 1, "Y") if years.is_integer() else (years * 12, 1, "M")
        if amount is None or ctx.anchor is None or (amount != int(amount) and base not in ("H", "MIN")):
            return self._found(m, "DATE", None)
        value = tv.shift(ctx.anchor, direction * int(amount) * count, base)
        return self._found(m, "DATE", value)

    def _duration_span(self, m: re.Match, value: str | None) -> list[Found]:
        # خلال is a signal, not part of the expression (TimeML): start after it.
        start = m.end("ago")
        while start < m.end("x") and m.string[start].isspace():
            start += 1
        return [Found(start, m.end("x"), "DURATION", value)]

    def _only_units(self, m: re.Match, ctx: Context) -> list[Found] | None:
        # سوى is a signal, like خلال: the span is the unit alone, as «خلال أيام».
        return [Found(m.start("vpu"), m.end("vpu"), "DURATION", None)]

    def _duration(self, m: re.Match, ctx: Context) -> list[Found] | None:
        if m.group("vnum"):
            return self._found(m, "DURATION", None)
        half = 0.5 if (m.group("half1") or m.group("half2") or m.group("half3")) else 0
        if m.group("dsg"):  # قرابة العام: about a year
            return self._found(m, "DURATION", tv.duration(1, self.units[m.group("dsg")]))
        if m.group("dual"):
            if half:  # شهرين ونصف, عقدين ونصف: two units and a half, 1.25 times the dual
                count, base = tv.unit_count(self.units[m.group("dual")])
                return self._found(m, "DURATION", tv.duration(count * 1.25, base))
            return self._found(m, "DURATION", tv.duration(1, self.units[m.group("dual")]))
        if m.group("punit"):
            unit = self.plural_units[" ".join(m.group("punit").split())]
            amount = self._amount(m.group("onum"))
            return self._found(m, "DURATION", tv.duration(amount, unit) if amount else None)
        if m.group("sg"):
            # A lone unit word (شهر، عام، يوم) is a duration only when something
            # measures with it: لمدة أسبوع، أكثر من أسبوع، يوم واحد.
            if not (m.group("one") or m.group("apx") or half  # ساعة ونصف measures by itself
                    or self._previous_word(m, ctx) in {"لمده", "مده", "طوال", "غضون", "طيله", "مدي", "مدار", "فتره", "نحو",
                                                        "حوالي", "قرابه"}):
                return None
            return self._found(m, "DURATION", tv.duration(1 + half, self.units[m.group("sg")]))
        amount = self._amount(m.group("num"))
        unit = self.units[" ".join(m.group("unit").split())]
        return self._found(m, "DURATION", tv.duration(amount + half, unit) if amount else None)

    def _clock(self, m: re.Match, ctx: Context) -> list[Found] | None:
        if not (m.group("sa") or m.group("pod")):
            return None
        h_text = " ".join(m.group("h").split())
        if h_text in self.hours:
            hour, minute = self.hours[h_text], 0
        elif len(h_text) == 4 and h_text.isdigit():  # الساعة 1404 (24-hour, wire style)
            hour, minute = int(h_text[:2]), int(h_text[2:])
        else:
            hour, _, mm = h_text.partition(":")
            hour, minute = int(hour), int(mm or 0)
        if m.group("minw"):
            minute += self.minutes[" ".join(m.group("minw").split())]
            if minute < 0:
                hour, minute = hour - 1, minute + 60
        pod = self.pods[" ".join(m.group("pod").split())] if m.group("pod") else None
        if pod in ("AF", "EV") and hour < 12:
            hour += 12
        elif pod == "NI" and 6 <= hour < 12:
            hour += 12
        elif pod in ("MO", "NI") and hour == 12:
            hour = 0  # الثانية عشرة ليلا is midnight
        if not (0 <= hour <= 24 and 0 <= minute < 60):
            return None
        if self._recurs(m, ctx):
            return self._found(m, "TIME", f"T{hour % 24:02d}:{minute:02d}")
        day = self._clock_day(m, ctx)
        value = f"{day}T{hour % 24:02d}:{minute:02d}" if day else None
        return self._found(m, "TIME", value)

    def _recurs(self, m: re.Match, ctx: Context) -> bool:
        """A clock time on no particular day gets a time-only value (T07:00):
        after a recurring set in its sentence with no day-level date after
        that set (طيلة أيام الأسبوع ... من الساعة السابعة), or as an
        undated window of hours (ما بين الساعة 12 ظهرا إلى الساعة 3), whose
        second end follows its first."""
        if m.group("rel"):
            return False
        sentence_start = m.start("x") - len(_sentence_left(ctx.folded, m.start("x")))
        for f in reversed(ctx.found):
            if f.start < sentence_start:
                break
            if f.label == "SET":
                return True
            if f.label == "DATE" and f.value and len(f.value) == 10:
                return False
            if f.label == "TIME" and f.value and f.value.startswith("T"):
                between = ctx.folded[f.end:m.start("x")].split()
                return len(between) <= 2 and bool(between) and between[0] in self.window_ends
        before = self._words_before(ctx.folded, m.start("x"), 2)
        after = self._words_after(ctx.folded, m.end("x"), 1)
        if not (before and after and before[-1] in ("من", "بين") and after[0] in self.window_ends):
            return False
        if len(before) == 2 and before[0] in self.one_off_window_markers:
            return False  # بدءا من الساعة الثالثة: a one-off event, dated
        return not any(f.label == "DATE" and f.value and len(f.value) == 10 and f.start >= sentence_start
                       for f in ctx.found)

    def _clock_day(self, m: re.Match, ctx: Context) -> str | None:
        """The day a clock time falls on: the day it names, else the last
        day-level date of its sentence, else the publication date."""
        if ctx.anchor is None:
            return None
        rel = m.group("rel")
        if rel:
            word = " ".join(rel.split())
            if word in self.reldays:
                return tv.iso_day(ctx.anchor + dt.timedelta(days=self.reldays[word]))
            return tv.weekday_in_direction(ctx.anchor, self.weekdays[word], None, self.tense(m, ctx, weekday=True))
        sentence_start = m.start("x") - len(_sentence_left(ctx.folded, m.start("x")))
        for f in reversed(ctx.found):
            if f.start < sentence_start:
                break
            if f.label == "DATE" and f.value and len(f.value) == 10:
                return f.value
        return tv.iso_day(ctx.anchor)

    def _anaphoric(self, m: re.Match, ctx: Context) -> list[Found] | None:
        return self._found(m, "DATE", ctx.last_date)

    def _vague(self, m: re.Match, ctx: Context) -> list[Found] | None:
        word = " ".join(m.group("vague").split())
        if word == "الان" and ctx.text[ctx.origin[m.start("vague")]] == "آ":
            return None  # آلان (Alain) folds to the same letters as الآن
        if word in self.vague_noun_readings and self._is_noun_reading(m, ctx, self.vague_noun_readings[word]):
            return None
        if word.startswith("يوما"):
            previous = self._words_before(ctx.folded, m.start("x"), 1)
            if previous and (previous[0].isdigit() or previous[0] in self.numbers):
                return None  # 20 يوما ما أدى: a count of days, then "which"
        scope = m.group("scope")
        value = None
        if m.group("sday") and ctx.anchor is not None:
            # في وقت متأخر يوم الثلاثاء: late on a named day is that day.
            word = " ".join(m.group("sday").split())
            value = (tv.iso_day(ctx.anchor + dt.timedelta(days=self.reldays[word])) if word in self.reldays
                     else tv.weekday_in_direction(ctx.anchor, self.weekdays[word], None,
                                                self.tense(m, ctx, weekday=True)))
            return self._found(m, "DATE", value)
        if scope and ctx.anchor is not None:
            scope = " ".join(scope.split())
            value = (tv.iso_day(ctx.anchor) if scope == "اليوم"
                     else tv.calendar_unit(ctx.anchor, 0, {"هذا الاسبوع": "W", "هذا الشهر": "M"}.get(scope, "Y")))
        label = "DURATION" if word.split()[0] in ("فتره", "مده", "وقت") else "DATE"
        return self._found(m, label, value)

    def _is_noun_reading(self, m: re.Match, ctx: Context, reading: dict[str, set[str]]) -> bool:
        """روى حديثا, حديثا صحفيا: the word is the noun (a talk, a hadith)."""
        previous = self._words_before(ctx.folded, m.start(), 1)  # before a clitic: قديما وحديثا
        if previous and any(form in reading.get("after_words", ()) for form in _without_conjunction(previous[0])):
            return True
        following = self._words_after(ctx.folded, m.end("x"), 1)
        return bool(following) and (following[0] in reading.get("before_words", ())
                                    or following[0].endswith(tuple(reading.get("before_suffixes", ()))))

    def _set(self, m: re.Match, ctx: Context) -> list[Found] | None:
        return self._found(m, "SET", self.sets[" ".join(m.group("set").split())])

    def _recurring_days(self, m: re.Match, ctx: Context) -> list[Found] | None:
        """أيام الجمع -> every Friday (XXXX-WXX-5); أيام الأسبوع -> every day, value null."""
        if m.group("week"):
            return self._found(m, "SET", None)
        if m.group("bwd"):
            if m.group("bmore"):
                return self._found(m, "SET", None)
            return self._found(m, "SET", f"XXXX-WXX-{self.bare_weekdays[' '.join(m.group('bwd').split())] + 1}")
        word = " ".join(m.group("rwd").split())
        weekday = self.weekdays.get(word, self.plural_weekdays.get(word))
        if m.group("more"):
            # أيام الثلاثاء والخميس والسبت: several days a week have no one value.
            return self._found(m, "SET", None)
        return self._found(m, "SET", f"XXXX-WXX-{weekday + 1}")

    def _recently(self, m: re.Match, ctx: Context) -> list[Found] | None:
        """أخيرا is "recently" after a past event verb (أقيم أخيرا); elsewhere
        (وأخيرا، تمكن أخيرا) it mostly means "finally", so it is left out."""
        if m.start("x") != m.start():
            return None  # وأخيرا / فأخيرا: "and finally"
        previous = self._words_before(ctx.folded, m.start("x"), 1)
        if not previous or not any(form in self.recently_verbs for form in _without_conjunction(previous[0])):
            return None
        return self._found(m, "DATE", None)

    def _english_date(self, m: re.Match, ctx: Context) -> list[Found] | None:
        month_word = m.group("em") or m.group("em2") or m.group("em3") or m.group("em4")
        month = self.emonths[month_word]
        day_text = m.group("ed") or m.group("ed2")
        year_text = m.group("ey") or m.group("ey2") or m.group("ey3")
        if m.group("em4"):
            prev = self._words_before(ctx.folded, m.start("x"), 1)
            if not prev or prev[0].lower() not in {"in", "since", "until", "last", "early", "late", "mid", "by",
                                                   "from", "of", "through", "during", "this", "next"}:
                return None
        if day_text:
            day = int(day_text)
            if year_text:
                year = int(year_text)
                value = tv.iso_day(dt.date(year, month, day)) if tv.valid_day(year, month, day) else None
            else:
                value = (tv.day_in_direction(ctx.anchor, month, day, None, self.tense(m, ctx))
                         if ctx.anchor is not None else None)
        elif year_text:
            value = tv.iso_month(int(year_text), month)
        else:
            value = (tv.month_in_direction(ctx.anchor, month, None, self.tense(m, ctx))
                     if ctx.anchor is not None else None)
        return self._found(m, "DATE", value)

    def _english_relative(self, m: re.Match, ctx: Context) -> list[Found] | None:
        if ctx.anchor is None:
            return self._found(m, "DATE", None)
        if m.group("erel"):
            offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m.group("erel").lower()]
            return self._found(m, "DATE", tv.iso_day(ctx.anchor + dt.timedelta(days=offset)))
        weekday = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                   "sunday"].index(m.group("ewd").lower())
        direction = {"last": -1, "next": 1}.get(m.group("edir") or "")
        return self._found(m, "DATE", tv.weekday_in_direction(ctx.anchor, weekday, direction))


def _words(text: str) -> list[str]:
    """The folded words of ``text`` as written: the article alef that
    :func:`fold` restores after ل is taken out again (لالامين -> للامين), so
    word lists and proclitic splitting see the stored spelling."""
    return [_RESTORED_ALEF.sub(r"\1لل", w) for w in _WORD.findall(text)]


def _bare(word: str) -> str:
    """A folded word without proclitics and the article (للأمين -> امين)."""
    return split_proclitics(word)[1]


def _without_conjunction(word: str) -> list[str]:
    """The word and, when it starts with و or ف, the word without it (وقال)."""
    return [word, word[1:]] if len(word) > 3 and word[0] in "وف" else [word]


def _without_proclitics(word: str) -> list[str]:
    """The word and what is left after one or two proclitic letters (و ف ب ل ك)."""
    forms = [word]
    while len(forms) < 3 and len(forms[-1]) > 3 and forms[-1][0] in "وفبلك":
        forms.append(forms[-1][1:])
    return forms


def _weekdays_apart(value: str, weekday: int) -> int:
    """How many days apart the date's weekday and ``weekday`` are (0-3)."""
    gap = (dt.date.fromisoformat(value).weekday() - weekday) % 7
    return min(gap, 7 - gap)


def _on_weekday(value: str | None, weekday: int) -> bool:
    return bool(value) and len(value) == 10 and dt.date.fromisoformat(value).weekday() == weekday


def _sentence_left(folded: str, start: int) -> str:
    """The part of the sentence before ``start`` (at most 400 characters)."""
    left = folded[max(0, start - 400):start]
    cut = list(_SENTENCE_END.finditer(left))
    return left[cut[-1].end():] if cut else left


@lru_cache(maxsize=1)
def grammar() -> TimeGrammar:
    """The compiled grammar, built on first use (not at import)."""
    return TimeGrammar(load_lexicon())


def find_times(text: str, published: str | None = None) -> list[TimeExpr]:
    """Temporal expressions in ``text`` valued against ``published``."""
    return grammar().find(text, published)


class TimeTagger(DocumentComponent):
    """Finds temporal expressions and values them against the publication date."""

    name = "times"
    requires = ("doc.text", "doc.published")
    optional = ("doc.entities",)
    assigns = ("doc.times",)

    def process_document(self, doc: Document) -> Document:
        times = find_times(doc.text, doc.published)
        # Weekdays and اليوم are also parts of names (محمد الخميس، عين اليوم):
        # an expression inside a person or organisation name is not a time.
        names = [m for m in doc.entities if m.label in NAME_TYPES]
        doc.times = [t for t in times if t.text.isascii()
                     or not any(n.start <= t.start and t.end <= n.end for n in names)]
        return doc
