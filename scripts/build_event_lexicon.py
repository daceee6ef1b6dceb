"""Build rasid/data/event_lexicon.tsv and rasid/data/actors.tsv.gz.

Why: the event coder matches Arabic verbs against the UniversalPetrarch Arabic
CAMEO verb dictionary, typed with PLOVER v2 the way the PLOVER manual maps
CAMEO codes (CAMEO2PLOVER-2021.txt; its DEMAND is v2's REQUEST). Actor codes
come from the UniversalPetrarch Arabic actor and agent dictionaries.

Run:  .venv/bin/python scripts/build_event_lexicon.py
Input: $RASID_DATA (../shared/data) universalpetrarch_arabic/dictionaries, plover/.
Hand additions live in rasid/data/event_lexicon.hand.tsv (not generated).
"""
from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasid.paths import ARTIFACTS, data_dir  # noqa: E402
from rasid.text.normalize import normalize  # noqa: E402

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
# CAMEO roots whose verbs are too generic in Arabic news to code on their own
# (make statement, appeal): they would flood every article with events.
SKIP_ROOTS = {"01", "02"}
# Types the hand lexicon covers on its own: the gold-measured ones, where the
# dictionary's verbs hurt precision on negatives (see docs/BENCHMARKS.md).
HAND_ONLY = {"ASSAULT", "PROTEST"}


def read_cameo2plover(path: Path) -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        ptype = parts[0].upper().replace("DEMAND", "REQUEST")
        if ptype not in PLOVER_TYPES:
            continue
        mode = parts[1] if len(parts) > 1 else ""
        table[m.group(1)] = (ptype, mode)
    return table


def plover_of(code: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def read_verbs(path: Path, table) -> dict[str, tuple[str, str, str]]:
    """Single-word verb lemmas with their CAMEO code (own or block's)."""
    out: dict[str, tuple[str, str, str]] = {}
    block_code = None
    in_verbs = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        head = re.match(r"^---\s*(\S+)\s*\[([^\]]*)\]\s*---", line)
        if head:
            in_verbs = True
            block_code = head.group(2).strip()
            continue
        if not in_verbs or not line.strip() or line.startswith(("-", "&", "+", " ")):
            continue
        m = re.match(r"^(\S+)\s*(?:\[([0-9]+)\])?", line)
        if not m:
            continue
        # Only a code written on the verb's own line: block codes and pattern
        # codes are for particular objects, and inherited they mistype common
        # verbs (بدأ, عبر, تقدم came out as ASSAULT).
        word, code = m.group(1), (m.group(2) or "")
        if not code.isdigit() or code[:2] in SKIP_ROOTS or "+" in word or "_" in word:
            continue
        mapped = plover_of(code, table)
        if mapped is None or mapped[0] in HAND_ONLY:
            continue
        key = normalize(word)
        if len(key) >= 3 and key not in out:
            out[key] = (mapped[0], mapped[1], code)
    return out


def read_actors(actor_path: Path, agent_path: Path) -> dict[str, str]:
    """Normalised phrase (space-joined lemma words) -> code such as 'SYR GOV'."""
    codes: dict[str, str] = {}
    pending: str | None = None
    for raw in actor_path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        m = re.match(r"^\s*(\S+?)_?\s*\[([A-Z~]+)[^\]]*\]", raw)
        if raw.strip().startswith("["):
            m2 = re.search(r"\[([A-Z]+)", raw)
            if not (pending and m2):
                continue
            phrase, code = pending, m2.group(1)
            pending = None  # the first dated code listed is kept
        elif m:
            phrase, code = m.group(1), m.group(2)
            pending = None
        else:
            pending = raw.strip().rstrip("_")
            continue
        key = " ".join(normalize(w) for w in phrase.strip("_").split("_") if w)
        if key and key not in codes:
            codes[key] = split_code(code)
    for raw in agent_path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\S+?)_?\s*\[~?([A-Z]+)\]", raw.strip())
        if m:
            key = " ".join(normalize(w) for w in m.group(1).strip("_").split("_") if w)
            codes.setdefault(key, m.group(2))
    return codes


def split_code(code: str) -> str:
    """'SYRGOV' -> 'SYR GOV'; sector-only codes ('MIL', 'COP') stay as they are."""
    code = code.lstrip("~")
    if len(code) > 3 and code[:3].isalpha():
        return f"{code[:3]} {code[3:6]}"
    return code


def main() -> None:
    base = data_dir()
    dicts = base / "universalpetrarch_arabic" / "dictionaries"
    table = read_cameo2plover(base / "plover" / "CAMEO2PLOVER-2021.txt")
    verbs = read_verbs(dicts / "CAMEO.ar.0.5.txt", table)
    lines = ["# form\ttype\tmode\tcameo  (generated by scripts/build_event_lexicon.py; do not edit)"]
    lines += [f"{k}\t{t}\t{m}\t{c}" for k, (t, m, c) in sorted(verbs.items())]
    (ARTIFACTS / "event_lexicon.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    actors = read_actors(dicts / "actor_dict_ar_v4.txt", dicts / "agents.all.ar_v3.txt")
    with gzip.open(ARTIFACTS / "actors.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# phrase\tcode  (generated by scripts/build_event_lexicon.py from UniversalPetrarch, MIT)\n")
        for k, v in sorted(actors.items()):
            f.write(f"{k}\t{v}\n")
    print(f"{len(verbs)} verbs, {len(actors)} actor phrases")


if __name__ == "__main__":
    main()
