"""Behavioural checks of voices (corpus/voice_checks.jsonl, the project's own passages).

Each passage lists the people and organisations a reader would call its voices: those it
quotes or cites, not every name in it, and no author cited as literature. Passages the
pipeline still gets wrong carry a ``known_failure`` reason and must keep failing (strict
xfail), so a fix shows up here and the list stays true.
"""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT

CHECKS = [json.loads(line) for line in (ROOT / "corpus" / "voice_checks.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def found() -> dict[str, list[str]]:
    from framelens.domain import load_pack
    from framelens.evaluation.gold_passages import _found_voices
    from framelens.frames.training import annotate_texts

    pack = load_pack("social_credit")
    voices = _found_voices(annotate_texts([c["text"] for c in CHECKS], pack), len(CHECKS))
    return {c["id"]: v for c, v in zip(CHECKS, voices)}


@pytest.mark.model
@pytest.mark.parametrize("check", [
    pytest.param(c, id=c["id"], marks=[pytest.mark.xfail(reason=c["known_failure"], strict=True)] if "known_failure" in c else [])
    for c in CHECKS
])
def test_voice_check(check: dict, found: dict[str, list[str]]):
    from framelens.domain import load_pack
    from framelens.evaluation.gold_passages import voice_scores

    scores = voice_scores([check["voices"]], [found[check["id"]]], load_pack("social_credit"))
    assert scores["exact"] == 1, (check["text"], found[check["id"]])


def test_voice_checks_are_well_formed():
    ids = [c["id"] for c in CHECKS]
    assert len(ids) == len(set(ids))
    assert all(c["id"].startswith(f"voice-{c['set']}") for c in CHECKS)
    assert all(isinstance(c["voices"], list) and c["text"].strip() for c in CHECKS)
