"""Rebuild rasid/data/native_names.txt from the ANERGazet person gazetteer.

    python scripts/build_name_data.py

Why: entity resolution lets foreign-name tokens match on their consonant
skeleton (سيرغي/سيرجي), but two native names that differ only in a long vowel
are different names (محمد/محمود). The gazetteer lists Arabic person-name
tokens; a token pair only matches exactly when both are in this list.
Input: $RASID_DATA/anergazet/AlignedPersGazetteer.txt (ANERGazet, Benajiba et
al.; licence not stated, used as research data).
"""
from __future__ import annotations

from rasid.paths import ARTIFACTS, data_dir
from rasid.text.normalize import normalize


def main() -> None:
    src = data_dir() / "anergazet" / "AlignedPersGazetteer.txt"
    words = set()
    for line in src.read_text(encoding="utf-8").splitlines():
        for tok in normalize(line).split():
            if len(tok) >= 3 and not tok.startswith(("=", "*")):
                words.add(tok)
    out = ARTIFACTS / "native_names.txt"
    header = "# Arabic person-name tokens (normalised), from ANERGazet AlignedPersGazetteer; scripts/build_name_data.py\n"
    out.write_text(header + "\n".join(sorted(words)) + "\n", encoding="utf-8")
    print(f"{len(words)} names -> {out}")


if __name__ == "__main__":
    main()
