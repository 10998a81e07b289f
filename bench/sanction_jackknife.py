"""How much of the dev set's sanction score is the lexicon learning the dev set by heart?

Not a speed benchmark. The sanction rules were tuned on the dev set, so its score is
in-sample. This script scores the same real passages as if each article had not been seen
while the word lists were written: a sanction the rules find in a passage is dropped when
every pack entry (phrase or object of its type) inside its evidence is

- new since the pack the dev set was first scored with (``--before``, default the parent of
  ``b45b022``, the commit that introduced sanction scoring on the dev set), and
- right (its type in the gold) in no passage of another article.

Such an entry rests on that article alone, so an article nobody tuned on would not have had
it. Entries present before the dev set came in, or confirmed by another article, stay, and so
does a sanction with no entry in its evidence (a structural rule found it). The
result is a leave-one-article-out figure for the word lists, grouped by article like the
framing model's cross-validation.

What it does not hold out, so read it as an upper estimate: the structural rules (negated
modals, coordination, the compound rule, ``not_objects``...) were also written while reading
the dev set, and they stay in. In the other direction, an entry written for the project's own
checks that only one dev article needs is dropped too.

    python bench/sanction_jackknife.py            # in-sample and jackknife micro P/R/F1
    python bench/sanction_jackknife.py --verbose  # and every dropped sanction
    python bench/sanction_jackknife.py --quick    # the first 40 passages (the test suite's smoke run)
    python bench/sanction_jackknife.py --entries  # also each entry wrong at least as often as right
    python bench/sanction_jackknife.py --entries --gold corpus/sanction_checks.jsonl  # the same on the checks

Needs ../shared/gold/dev_passages.jsonl (or ``--gold``: any file with ``text`` and ``sanctions``)
and the repository's git history.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import ROOT  # noqa: E402

DEV = ROOT.parent / "shared" / "gold" / "dev_passages.jsonl"
PACK = "src/framelens/domains/social_credit.toml"
#: The pack just before the dev set's sanction labels were first scored (commit b45b022).
BEFORE = "b45b022^"


def norm(text: str) -> str:
    """Lower case, one apostrophe, words and marks separated by single spaces."""
    return " ".join(re.findall(r"[a-z0-9']+|[^\sa-z0-9']", text.lower().replace("\u2019", "'")))


def entries_of(pack: dict) -> dict[str, set[str]]:
    """Each sanction type's phrases and objects, normalised, from a pack's TOML (an old one, read
    from git)."""
    return {name: {norm(e) for key in ("phrases", "objects") for e in t.get(key, [])}
            for name, t in pack.get("sanctions", {}).items()}


def inside(entries: set[str], evidence: str) -> set[str]:
    """The entries found in ``evidence``, each word of an entry also with an ending ("acquire
    property" in "acquiring property", "free bike ride" in "free bike rides")."""
    return {e for e in entries if re.search(_pattern(e), evidence)}


@functools.lru_cache(maxsize=None)
def _pattern(entry: str) -> re.Pattern:
    stems = [re.escape(w[:-1] if len(w) > 3 and w.endswith("e") else w) for w in entry.split()]
    return re.compile(r"(?<![\w'])" + r"\w*\s+".join(stems) + r"\w*")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE, help=f"the pack's commit before dev tuning (default {BEFORE})")
    parser.add_argument("--verbose", action="store_true", help="list every dropped sanction")
    parser.add_argument("--quick", action="store_true", help="the first 40 passages only (for the test suite)")
    parser.add_argument("--entries", action="store_true", help="each entry wrong at least as often as right")
    parser.add_argument("--gold", type=Path, default=DEV, help="labelled passages (default: the dev set)")
    args = parser.parse_args()
    if not args.gold.is_file():
        raise SystemExit(f"{args.gold} not found: this measure needs the shared dev set (or --gold FILE)")
    try:
        old_text = subprocess.run(["git", "-C", str(ROOT), "show", f"{args.before}:{PACK}"],
                                  capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(f"cannot read {PACK} at {args.before} from git ({exc}): a clone with history is needed")

    from framelens.domain import load_pack
    from framelens.evaluation.gold_passages import sanction_scores
    from framelens.frames.training import annotate_texts
    from framelens.ingest.clean import normalise

    old = entries_of(tomllib.loads(old_text))
    pack = load_pack("social_credit")
    current = {name: {norm(e) for e in (*t.phrases, *t.objects)} for name, t in pack.sanctions.items()}
    reverse = {t: name for name, types in pack.sanction_aliases.items() for t in types}
    rows = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows[:40] if args.quick else rows
    texts = [normalise(r["text"]) for r in rows]
    found = annotate_texts(texts, pack, None)
    gold = [set(r["sanctions"]) for r in rows]
    article = [r.get("url") or r.get("title") or r["id"] for r in rows]

    # Each sanction found: its type and the pack entries inside its evidence.
    hits = [[(s.type, inside(current.get(s.type, set()), norm(text[s.start:s.end])))
             for s in found.records(str(i)).sanctions] for i, text in enumerate(texts)]
    confirmed: dict[tuple[str, str], set[str]] = defaultdict(set)  # (type, entry) -> articles where right
    for i, passage in enumerate(hits):
        for kind, entries in passage:
            if reverse.get(kind, kind) in gold[i]:
                for e in entries:
                    confirmed[(kind, e)].add(article[i])

    def stays(i: int, kind: str, entries: set[str]) -> bool:
        # No entry in the evidence: found by a structural rule, which this does not hold out.
        return not entries or any(e in old.get(kind, ()) or confirmed[(kind, e)] - {article[i]} for e in entries)

    full = [[kind for kind, _ in passage] for passage in hits]
    held = [[kind for kind, entries in passage if stays(i, kind, entries)] for i, passage in enumerate(hits)]
    names = [sorted(g) for g in gold]
    print(f"{args.gold.name}: {len(rows)} passages from {len(set(article))} articles; lexicon before: {args.before}")
    for title, predicted in (("in-sample (the shipped rules)", full), ("jackknife by article", held)):
        s = sanction_scores(names, predicted, pack)
        m = s["micro"]
        print(f"  {title:32} micro P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  "
              f"({s['exact']}/{s['n']} passages exact)")
    dropped = [(rows[i]["id"], kind, sorted(entries), reverse.get(kind, kind) in gold[i])
               for i, passage in enumerate(hits) for kind, entries in passage if not stays(i, kind, entries)]
    print(f"  {len(dropped)} sanctions dropped, {sum(d[3] for d in dropped)} of them right")
    if args.verbose:
        for pid, kind, entries, right in dropped:
            print(f"    {pid}  {kind:30} {', '.join(entries) or '(no entry in the evidence)'}  {'right' if right else 'wrong'}")
    if args.entries:
        tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # right, wrong
        for i, passage in enumerate(hits):
            for kind, entries in passage:
                for e in entries:
                    tally[(kind, e)][reverse.get(kind, kind) not in gold[i]] += 1
        print("  entries wrong at least as often as right (type, entry: right / wrong):")
        for (kind, e), (right, wrong) in sorted(tally.items(), key=lambda x: -x[1][1]):
            if wrong and wrong >= right:
                print(f"    {kind:30} {e:35} {right} / {wrong}")


if __name__ == "__main__":
    main()
