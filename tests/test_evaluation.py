"""`framelens evaluate` on the seed gold: fails if any issue target drops below its figure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framelens.evaluation.scores import PRF, PerLabel
from framelens.frames.labelled import align, find_loose

from .conftest import GOLD, ROOT, SAMPLE, SEEDS, needs_shared, run_cli


def test_prf_arithmetic():
    prf = PRF()
    prf.add({"a", "b", "c"}, {"a", "d"})
    assert (prf.tp, prf.fp, prf.fn) == (1, 2, 1)
    assert prf.precision == pytest.approx(1 / 3) and prf.recall == 0.5 and prf.f1 == pytest.approx(0.4)
    per = PerLabel()
    per.add({("x", "ORG"), ("y", "GPE")}, {("x", "ORG"), ("z", "GPE")})
    assert per.labels["ORG"].f1 == 1.0 and per.labels["GPE"].f1 == 0.0


def test_gold_alignment_tolerates_whitespace_and_reports_missing():
    texts = {"a.txt": "Title\n\nFirst  passage here.\n\nSecond passage."}
    rows = [{"doc": "a.txt", "text": "First passage here."}, {"doc": "a.txt", "text": "Not there."}, {"doc": "b.txt", "text": "x"}]
    found, missing = align(rows, texts)
    assert len(found) == 1 and found[0].text == "First  passage here."
    assert len(missing) == 2 and "not in the corpus" in missing[1]
    assert find_loose("a  b\nc", "a b c") == (0, 6)


def test_evaluate_rejects_a_malformed_gold_file(tmp_path: Path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"doc": "a.txt", "text": "x"}\nnot json\n')
    result = run_cli("evaluate", "--gold", str(bad), "--corpus", str(SAMPLE))
    assert result.exit_code == 2 and "gold.jsonl:2: not valid JSON" in result.output


TARGETS = [
    (("sanctions", "types_micro", "f1"), 0.80),
    (("sanctions", "polarity", "accuracy"), 0.95),
    (("sanctions", "modality", "accuracy"), 0.80),
    (("claims", "statistic_recall", "accuracy"), 0.90),
    (("claims", "attributed_recall", "accuracy"), 0.80),
    (("claims", "speaker_accuracy", "accuracy"), 0.85),
    (("claims", "detection", "precision"), 0.60),
    (("entities", "micro", "f1"), 0.85),
]


@pytest.fixture(scope="module")
def seed_scores() -> dict:
    result = run_cli("evaluate", "--gold", str(GOLD), "--corpus", str(SEEDS), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@needs_shared
@pytest.mark.model
@pytest.mark.parametrize("path,target", TARGETS, ids=[".".join(p) for p, _ in TARGETS])
def test_evaluate_seed_gold_meets_target(seed_scores: dict, path: tuple[str, ...], target: float):
    value = seed_scores
    for key in path:
        value = value[key]
    assert value >= target, f"{'.'.join(path)} = {value:.3f}, below the target {target}"


@needs_shared
@pytest.mark.model
def test_evaluate_domain_patterns_beat_the_plain_model(seed_scores: dict):
    assert seed_scores["passages"]["located"] == 189 and seed_scores["passages"]["not_found"] == []
    assert seed_scores["entities"]["micro"]["f1"] > seed_scores["entities_plain_model"]["micro"]["f1"] + 0.1


@needs_shared
@pytest.mark.model
def test_disputes_need_evidence_on_the_seeds(seed_scores: dict):
    """'Disputed' is not set for every topic; every hand-listed disagreement shows (as disputed or
    framed differently), and those the pack's opposite answers cover show as disputes."""
    topics = seed_scores["framing"]["topics"]
    assert 0 < topics["disputed"] < topics["raised"]
    found = seed_scores["framing"]["disagreements"]["found"]
    assert round(found["accuracy"] * found["n"]) == 18
    pairs = seed_scores["framing"]["disagreements"]["pairs"]
    as_dispute = [p["topic"] for p in pairs if any(r.endswith(("(answers)", "(negation)", "(figures)")) for r in p["as"])]
    assert len(as_dispute) >= 5 and any("Redress" in t for t in as_dispute)


@needs_shared
@pytest.mark.model
def test_fewer_than_half_of_the_seed_topics_are_disputed(seed_scores: dict):
    """Issue 18's target (5 of 12; 6 while "social", "credit", "system" counted as shared claim words)."""
    topics = seed_scores["framing"]["topics"]
    assert topics["disputed"] * 2 < topics["raised"]


@pytest.mark.model
def test_evaluate_table_output_on_the_sample_gold():
    result = run_cli("evaluate", "--gold", str(ROOT / "corpus" / "sample_gold.jsonl"), "--corpus", str(SAMPLE))
    assert result.exit_code == 0, result.output
    for heading in ("SANCTIONS", "CLAIMS", "ENTITIES (framelens)", "ENTITIES (plain spaCy model"):
        assert heading in result.output


@pytest.mark.model
def test_a_gold_file_with_frames_only_says_not_annotated_for_the_other_tasks(tmp_path):
    import json as _json

    from tests.conftest import ROOT, SAMPLE, run_cli

    rows = [_json.loads(line) for line in (ROOT / "corpus" / "sample_gold.jsonl").read_text(encoding="utf-8").splitlines()]
    slim = tmp_path / "frames_only.jsonl"
    slim.write_text("\n".join(_json.dumps({"doc": r["doc"], "text": r["text"], "frame": r["frame"]}) for r in rows[:20]),
                    encoding="utf-8")
    result = run_cli("evaluate", "--gold", str(slim), "--corpus", str(SAMPLE), "--semantic", "off")
    assert result.exit_code == 0, result.output
    for task in ("SANCTIONS", "CLAIMS", "ENTITIES"):
        assert f"{task}: not annotated in this gold file" in result.output
    assert "stance: not annotated in this gold file" in result.output
    assert "0.000 (n=0)" not in result.output


def test_sanction_scores_count_a_pack_type_under_the_annotators_name():
    from types import SimpleNamespace

    from framelens.evaluation.gold_passages import sanction_scores

    pack = SimpleNamespace(sanction_aliases={"housing_restriction": ["rental_insurance_denial"],
                                             "travel_restriction": ["travel_ban_general", "exit_ban"]})
    gold = [["housing_restriction", "blacklist"], ["travel_restriction"], []]
    predicted = [["rental_insurance_denial", "blacklist"], ["exit_ban", "travel_ban_general"], ["fines"]]
    r = sanction_scores(gold, predicted, pack)
    assert r["micro"] == {"precision": 0.75, "recall": 1.0, "f1": pytest.approx(0.8571, abs=1e-4),
                          "support": 3, "predicted": 4}
    assert r["types"]["housing_restriction"]["f1"] == 1.0
    assert r["types"]["travel_restriction"]["predicted"] == 1  # two pack types, one name per passage
    assert r["types"]["fines"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0, "predicted": 1}
    assert "rental_insurance_denial" not in r["types"]


@pytest.mark.model
def test_evaluate_scores_the_sanctions_of_a_gold_file_of_texts_through_the_aliases(tmp_path: Path):
    rows = [
        {"text": "Debtors on the blacklist can no longer rent apartments in their own name, the court said.",
         "frame": "orwellian", "sanctions": ["blacklist", "housing_restriction"], "url": "https://a.example/1", "voices": []},
        {"text": "Since 2015 the courts have barred defaulters from buying plane tickets and high-speed train seats.",
         "frame": "regulatory", "sanctions": ["travel_ban_flights", "travel_ban_trains"], "url": "https://b.example/2",
         "voices": []},
        {"text": "The city council met on Tuesday, Xinhua reported, to discuss the budget for new parks and a library.",
         "frame": "neutral", "sanctions": [], "url": "https://c.example/3", "voices": ["Xinhua"]},
    ]
    gold = tmp_path / "mine.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = run_cli("evaluate", "--gold", str(gold), "--task", "extraction")
    assert result.exit_code == 0, result.output
    assert "SANCTIONS (types per passage, through the pack's [sanction_aliases]): micro P 1.000  R 1.000" in result.output
    table = result.output.split("SANCTIONS", 1)[1]
    assert "housing_restriction" in table and "rental_insurance_denial" not in table
    by_url = run_cli("evaluate", "--gold", str(gold), "--task", "extraction", "--by", "url")
    assert "  url https://c.example/3: accuracy " in by_url.output  # frames per value of the field
    assert "  url https://a.example/1 " in by_url.output.split("SANCTIONS", 1)[1]  # and sanctions
    assert "VOICES (people and organisations quoted or cited, per passage)" in result.output  # and voices
    # with frames too, a field some rows leave out is scored on the rows that list it
    del rows[2]["voices"]
    gold.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    partial = run_cli("evaluate", "--gold", str(gold), "--task", "extraction")
    assert "passages exactly right; scored on the 2 of 3 passages that list them)" in partial.output


@needs_shared
@pytest.mark.model
def test_dev_set_sanctions_hold_their_measured_score():
    """The dev-set figure the README quotes (0.868, in-sample; issue 17's target is 0.80): a floor."""
    result = run_cli("evaluate", "--gold", str(GOLD.parent / "dev_passages.jsonl"), "--task", "extraction")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("SANCTIONS"))
    f1 = float(line.split("F1", 1)[1].split()[0])
    assert f1 >= 0.80, line


@pytest.mark.model
def test_evaluate_scores_a_file_of_sanctions_without_frames_and_lists_the_passages_that_differ(tmp_path: Path):
    rows = [
        {"id": "s1", "text": "Those who fail to pay are not allowed to take domestic flights.", "sanctions": ["travel_ban_flights"]},
        {"id": "s2", "text": "The train to Beijing was delayed by three hours because of snow.", "sanctions": []},
        {"id": "s3", "text": "A denial of credit is the most common consequence for small firms.", "sanctions": ["loan_denial"]},
        {"id": "s4", "text": "A note without sanctions is not scored."},
    ]
    gold = tmp_path / "checks.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = run_cli("evaluate", "--gold", str(gold))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"3 passages with sanctions and no frames in {gold}: framing not annotated")
    assert "micro P 1.000  R 0.500  F1 0.667  (2 gold, 1 predicted; 2/3 passages exactly right)" in result.output
    assert "  differs: s3: gold loan_denial; found -" in result.output
    assert "s1" not in result.output.split("differs", 1)[1]
    as_json = json.loads(run_cli("evaluate", "--gold", str(gold), "--json").output)
    assert as_json["mode"] == "extraction" and "voices" not in as_json
    assert as_json["sanctions"]["misses"] == [{"id": "s3", "gold": ["loan_denial"], "predicted": []}]


@pytest.mark.model
def test_evaluate_by_a_field_scores_each_of_its_values(tmp_path: Path):
    rows = [
        {"id": "s1", "set": "x", "text": "Those who fail to pay are not allowed to take domestic flights.", "sanctions": ["travel_ban_flights"]},
        {"id": "s2", "set": "x", "text": "The train to Beijing was delayed by three hours because of snow.", "sanctions": []},
        {"id": "s3", "set": "y", "text": "A denial of credit is the most common consequence for small firms.", "sanctions": ["loan_denial"]},
        {"id": "s4", "text": "Debtors cannot buy plane tickets.", "sanctions": ["travel_ban_flights"]},
    ]
    gold = tmp_path / "checks.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = run_cli("evaluate", "--gold", str(gold), "--by", "set")
    assert result.exit_code == 0, result.output
    assert "  set x  " in result.output and "F1 1.000  exactly right 2/2" in result.output
    assert "  set y  " in result.output and "F1 0.000  exactly right 0/1" in result.output
    assert "  set (none)  " in result.output  # a row without the field is a group of its own
    by = json.loads(run_cli("evaluate", "--gold", str(gold), "--by", "set", "--json").output)["sanctions"]["by"]
    assert {k: (v["exact"], v["n"]) for k, v in by.items()} == {"x": (2, 2), "y": (0, 1), "(none)": (1, 1)}
    refused = run_cli("evaluate", "--gold", str(gold), "--corpus", str(tmp_path), "--by", "set", catch=True)
    assert refused.exit_code != 0 and "--by scores passages that are their own documents" in refused.output


def test_evaluate_says_what_a_file_without_frames_or_sanctions_lacks(tmp_path: Path):
    gold = tmp_path / "bare.jsonl"
    gold.write_text(json.dumps({"text": "Some text."}) + "\n", encoding="utf-8")
    result = run_cli("evaluate", "--gold", str(gold), catch=True)
    assert result.exit_code != 0
    assert "no passage has 'text' with 'sanctions' or 'voices' (or 'frame') to score" in result.output


@pytest.mark.model
def test_evaluate_scores_the_voices_a_file_lists(tmp_path: Path):
    rows = [
        {"id": "v1", "text": "'Most of what you read is wrong,' said Jeremy Daum, a translator.", "voices": ["Jeremy Daum"]},
        {"id": "v2", "text": "George Orwell's 1984 is the comparison most readers reach for.", "voices": []},
        # the pack's entity aliases apply to the gold names too: the institute is MERICS
        {"id": "v3", "text": "The report by the Mercator Institute for China Studies found that most measures target firms.",
         "voices": ["Mercator Institute for China Studies"]},
        {"id": "v4", "text": "Amnesty International and Human Rights Watch have both criticised the plan.",
         "voices": ["Amnesty International", "Human Rights Watch"], "sanctions": []},
    ]
    gold = tmp_path / "voices.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = run_cli("evaluate", "--gold", str(gold))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"4 passages with sanctions and voices and no frames in {gold}")
    assert "VOICES (people and organisations quoted or cited, per passage): micro P 1.000  R 0.750  F1 0.857  " \
           "(4 gold, 3 found; 3/4 passages exactly right)" in result.output
    assert "  differs: v4: gold Amnesty International; Human Rights Watch; found Human Rights Watch" in result.output
    as_json = json.loads(run_cli("evaluate", "--gold", str(gold), "--json").output)
    assert as_json["sanctions"]["n"] == 1 and as_json["voices"]["n"] == 4
    # a field only some rows list is scored on those rows, and the line says so
    assert "1/1 passages exactly right; scored on the 1 of 4 passages that list them)" in result.output
