"""Precision vetoes for ASSAULT/PROTEST cues (issue #5, round 4).

Why: after the event filter, most wrong events left on the dev split fell in
a few classes that a reader recognises from one or two neighbouring words,
while the filter (a bag of character n-grams) cannot weigh them enough:
- possibility: the modal قد before an imperfect verb (قد تشن هجمات) says an
  attack may happen, not that it did;
- calls for protest (الدعوة إلى احتجاجات): a request, not the protest;
- a ceasefire with a word between its parts (وقف دائم لإطلاق النار);
- private crime and family violence (قتل زوجته, اعتدى عليها) without an armed
  group or state: not a political event;
- habitual counts (مقتل المئات شهريا): generic, not a specific event;
- chants (ويهتفون) that are PROTEST only inside a protest context.
The word lists live in rasid/data/event_lexicon.cues.json ("precision_rules");
each check returns the name of the rule that vetoes, or None.
"""
from __future__ import annotations

from dataclasses import dataclass

from rasid.model import Token


@dataclass
class RuleContext:
    """What one trigger's vetoes look at: the sentence's normalised and bare
    words, the clause index of each token, and the trigger span [k, k + n)."""

    norms: list[str]
    bares: list[str]
    clause_of: list[int]
    k: int
    n: int

    def same_clause(self, j: int) -> bool:
        return 0 <= j < len(self.norms) and self.clause_of[j] == self.clause_of[self.k]

    def word(self, j: int) -> set[str]:
        return {self.norms[j], self.bares[j]}


def rule_context(toks: list[Token], clause_of: list[int], k: int, n: int) -> RuleContext:
    return RuleContext([t.norm for t in toks], [t.bare for t in toks], clause_of, k, n)


def is_imperfect(word: str, perfect_forms: frozenset[str]) -> bool:
    """Whether a normalised word (clitic و/ف off) looks like an imperfect verb:
    prefix ي/ت/ن, and not one of the form V/VI perfects that also start with ت
    (تم, تعرض) nor a perfect with its own ending (تعرضت, تمكنوا)."""
    w = word[1:] if word[:1] in ("و", "ف") and len(word) > 4 else word
    if len(w) < 3 or w[0] not in "يتن" or w in perfect_forms:
        return False
    if w[0] == "ت" and (w.endswith("ت") or w.endswith("وا")) and len(w) >= 5:
        return False
    return True


def possibility(ctx: RuleContext, rules: dict) -> bool:
    """قد (وقد) up to 3 tokens before the trigger, in its clause, followed by an
    imperfect verb (the trigger itself or a verb between): 'may attack'."""
    modals, perfect_forms = rules["possibility_modals"], rules["perfect_t_forms"]
    for j in range(max(0, ctx.k - 3), ctx.k):
        if ctx.norms[j] in modals and ctx.same_clause(j) and is_imperfect(ctx.norms[j + 1], perfect_forms):
            return True
    return False


def veto(ctx: RuleContext, label: str, cue: tuple[str, ...], rules: dict) -> str | None:
    """The sentence-level rules that need no arguments; the name of the first
    rule that vetoes the trigger, else None."""
    k, end = ctx.k, ctx.k + ctx.n
    if label in rules["possibility_types"] and possibility(ctx, rules):
        return "possibility"
    reach = rules["reach"]
    if label == "PROTEST" and any(ctx.word(j) & rules["protest_called_for"]
                                  for j in range(max(0, k - reach), k) if ctx.same_clause(j)):
        return "called_for"
    if label == "ASSAULT" and cue and cue[0] in rules["ceasefire_tails"] and any(
            ctx.word(j) & rules["ceasefire_heads"] for j in range(max(0, k - 3), k) if ctx.same_clause(j)):
        return "ceasefire"
    if label in rules["generic_types"] and any(
            ctx.word(j) & rules["habitual"]
            for j in range(max(0, k - reach), min(len(ctx.norms), end + reach)) if ctx.same_clause(j)):
        return "habitual"
    if label == "PROTEST" and cue and cue[0] in rules["chant_triggers"]:
        outside = set()
        for j in range(len(ctx.norms)):
            if not k <= j < end:
                outside |= ctx.word(j)
        if outside.isdisjoint(rules["chant_context"]):
            return "chant_without_protest"
    return None


def private_violence(ctx: RuleContext, rules: dict, sentence_words: set[str], coded: bool,
                     has_actor: bool) -> str | None:
    """An ASSAULT on kin (قتل زوجته) in a sentence with no armed group or
    weapon, or on a lone person (قتل امرأة) or a pronoun with nobody named
    (اعتدى عليها) and no coded argument either: private crime, not political
    violence."""
    if not sentence_words.isdisjoint(rules["political_violence"]):
        return None
    end = ctx.k + ctx.n
    for j in range(end, min(len(ctx.norms), end + 2)):
        if ctx.same_clause(j) and ctx.word(j) & rules["private_victims"]:
            return "kin_victim"  # whoever the sentence codes (a judge, the police) reports, not commits it
    if coded:
        return None
    for j in range(end, min(len(ctx.norms), end + 2)):
        if ctx.same_clause(j) and ctx.word(j) & rules["lone_victims"]:
            return "lone_victim"
    if not has_actor and end < len(ctx.norms) and ctx.norms[end] in rules["pronoun_objects"]:
        return "private_pronoun_object"
    return None
