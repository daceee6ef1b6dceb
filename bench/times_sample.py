"""Draw a held-out time-expression set from one saudinewsnet day: bench/times_sample.py DAY SEED OUT.json.

Why: each round of the time tagger is measured on articles nobody has looked
at. This keeps the selection rule of test5–test7 fixed and repeatable: all
articles of DAY whose content is over 600 characters and whose opening 900
characters contain a time word, then ``random.seed(SEED)`` and
``random.sample(pool, N)``. The output is a gold skeleton in the
../shared/gold/SCHEMA.md format with empty ``times`` lists, to be annotated by
hand BEFORE the tagger runs on it. Never imported by rasid/.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasid.paths import data_dir  # noqa: E402

# Wide on purpose: the filter only drops articles with no chance of a time word.
TIME_WORDS = re.compile(
    r"(أمس|اليوم|غدا|غداً|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت|"
    r"يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|"
    r"محرم|صفر|ربيع|جمادى|رجب|شعبان|رمضان|شوال|القعدة|الحجة|"
    r"عام|العام|سنة|السنة|سنوات|شهر|الشهر|أشهر|أسبوع|الأسبوع|يوم|أيام|ساعة|الساعة|صباح|مساء|"
    r"حاليا|حالياً|الآن|مؤخرا|مؤخراً|قريبا|قريباً|\b(19|20)\d\d\b|14[0-4]\d)"
)


def opening(text: str, limit: int = 900) -> str:
    """The first `limit` characters after leading blanks, cut back to the last word boundary."""
    text = text.lstrip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    i = max(cut.rfind(" "), cut.rfind("\n"))
    return cut[:i].rstrip()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("day", help="saudinewsnet day, e.g. 2015-08-08 (check that no set uses it)")
    ap.add_argument("seed", type=int)
    ap.add_argument("out", help="gold skeleton to write (JSON)")
    ap.add_argument("-n", type=int, default=14, help="articles to draw")
    ap.add_argument("--prefix", default="snx", help="document id prefix")
    args = ap.parse_args(argv)
    path = data_dir() / "saudinewsnet" / f"{args.day}.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    pool = [r for r in rows if len(r["content"]) > 600 and TIME_WORDS.search(opening(r["content"]))]
    random.seed(args.seed)
    picked = random.sample(pool, args.n)
    docs = [{"doc": f"{args.prefix}_{k:02d}", "dct": r["date_extracted"][:10], "source": r["source"],
             "url": r["url"], "text": opening(r["content"]), "times": []}
            for k, r in enumerate(picked)]
    gold = {"_about": f"saudinewsnet {args.day}, seed {args.seed}: {args.n} of {len(pool)} eligible "
                      f"({len(rows)} articles); annotate before running the tagger",
            "collection": None, "documents": docs}
    Path(args.out).write_text(json.dumps(gold, ensure_ascii=False, indent=1), "utf-8")
    print(f"{len(rows)} articles, {len(pool)} eligible, {len(docs)} drawn -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
