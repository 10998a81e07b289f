"""Behavioural checks of the sanction finder (corpus/sanction_checks.jsonl, the project's own sentences).

Each sentence names what a reader would list, in the dev codebook's names. Sentences the
finder still gets wrong carry a ``known_failure`` reason and must keep failing (strict
xfail): a fix then shows up here and the file is updated, so the failure list stays true.
"""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT

CHECKS = [json.loads(line) for line in (ROOT / "corpus" / "sanction_checks.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def found() -> dict[str, set[str]]:
    from framelens.domain import load_pack
    from framelens.frames.training import annotate_texts

    pack = load_pack("social_credit")
    reverse = {t: name for name, types in pack.sanction_aliases.items() for t in types}
    records = annotate_texts([c["text"] for c in CHECKS], pack)
    return {c["id"]: {reverse.get(s.type, s.type) for s in records.records(str(i)).sanctions} for i, c in enumerate(CHECKS)}


@pytest.mark.model
@pytest.mark.parametrize("check", [
    pytest.param(c, id=c["id"], marks=[pytest.mark.xfail(reason=c["known_failure"], strict=True)] if "known_failure" in c else [])
    for c in CHECKS
])
def test_sanction_check(check: dict, found: dict[str, set[str]]):
    assert found[check["id"]] == set(check["sanctions"]), check["text"]


def test_checks_are_well_formed():
    ids = [c["id"] for c in CHECKS]
    assert len(ids) == len(set(ids))
    sets = sorted({c["set"] for c in CHECKS})
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = list(letters) + [f"a{c}" for c in letters]  # one name a set, in the order written: a..z, aa, ab, ...
    assert sorted(sets, key=names.index) == names[: len(sets)]
    assert all(c["id"].startswith(f"check-{c['set']}") for c in CHECKS)
    assert all(isinstance(c["sanctions"], list) and c["text"].strip() for c in CHECKS)
