"""Domain packs: the bundled pack loads; mistakes are reported with line numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framelens.domain import BUNDLED, load_pack
from framelens.errors import ConfigError

from .conftest import run_cli

GOLD_TYPES = {
    "bike_deposit_required", "blacklist", "consumer_discounts", "credit_access_easier", "fines",
    "healthcare_preference", "hotel_deposit_required", "increased_inspections", "internet_throttling",
    "job_allocation_preference", "license_denial", "loan_denial", "market_access_restriction", "private_school_ban",
    "promotion_preference", "public_procurement_exclusion", "public_procurement_preference",
    "public_service_employment_ban", "public_service_restriction", "public_shaming", "red_list",
    "rental_insurance_denial", "school_admission_preference", "score_deduction", "score_increase",
    "social_housing_preference", "stock_issuance_denial", "tax_benefit", "transport_discount",
    "travel_ban_flights", "travel_ban_general", "travel_ban_trains", "venue_ban", "visa_fast_track",
    "welfare_restriction",
}
EXTRA_TYPES = {"exit_ban", "legal_representative_ban", "luxury_consumption_ban", "hotel_restriction", "car_rental_restriction", "honours_ban"}


def test_bundled_pack_has_the_gold_taxonomy_and_more():
    pack = load_pack("social_credit")
    assert GOLD_TYPES | EXTRA_TYPES <= set(pack.sanctions)
    assert all(t.polarity in ("punishment", "reward") for t in pack.sanctions.values())
    assert pack.speakers["Beijing"] == "Chinese government"


def write_pack(tmp_path: Path, extra: str) -> Path:
    base = (BUNDLED / "social_credit.toml").read_text(encoding="utf-8")
    path = tmp_path / "mine.toml"
    path.write_text(base + "\n" + extra, encoding="utf-8")
    return path


def test_a_researcher_adds_a_sanction_type_in_toml(tmp_path: Path):
    path = write_pack(tmp_path, '[sanctions.yacht_ban]\npolarity = "punishment"\nobjects = ["yacht", "sailing boat"]\n')
    pack = load_pack(path)
    assert pack.sanctions["yacht_ban"].objects == ("yacht", "sailing boat")
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("framelens_sanctions", config={"domain": str(path)})
    doc = nlp("Residents with low scores were banned from sailing a yacht.")
    assert [s.label_ for s in doc.spans["framelens_sanctions"]] == ["yacht_ban"]


@pytest.mark.parametrize(
    "extra,message",
    [
        ('[sanctions.bad]\npolarity = "sideways"\nobjects = ["x"]\n', "sanctions.bad.polarity: names unknown measure kind 'sideways' (declared: punishment, reward"),
        ('[sanctions.nothing]\npolarity = "reward"\n', "needs `objects` or `phrases`"),
        ('[sanctions.Bad-Name]\npolarity = "reward"\nobjects = ["x"]\n', "lower_case_with_underscores"),
        ('[sanctions.odd]\npolarity = "reward"\nobjects = ["x"]\ncolour = "red"\n', "sanctions.odd.colour: unknown key; allowed here: label, polarity, target, objects"),
        ('[frames.market]\ncues = ["price"]\nrefuted_as = "utopian"\n', "frames.market.refuted_as: names unknown frame 'utopian'"),
        ('[frames.Bad-Frame]\ncues = ["x"]\n', "frames.Bad-Frame: use lower_case_with_underscores"),
        ('[sanctions.list]\npolarity = "reward"\nobjects = "dog"\n', "sanctions.list.objects: input should be a valid list (got str)"),
        ('[sanctions.empty]\npolarity = "reward"\nobjects = ["dog", " "]\n', "sanctions.empty.objects[1]: an empty word"),
        ('[frames.silent]\nlabel = "No cues"\n', "needs `key_cues` or `cues`"),
        ('[topics.lonely]\nterms = ["x"]\nanswers.yes = ["y"]\n', "give at least two answers"),
        # Trigger lists take a word or a phrasal verb of two; a longer phrase would never match.
        ('[sanctions.up]\npolarity = "reward"\nobjects = ["score"]\ntriggers = ["go up fast"]\n',
         "sanctions.up.triggers[0]: 'go up fast': a trigger is one word or a phrasal verb of two"),
        ('[sanctions.up]\npolarity = "reward"\nobjects = ["score"]\ntriggers = ["fast-track"]\n',
         "sanctions.up.triggers[0]: 'fast-track': a trigger is one word or a phrasal verb of two"),
    ],
)
def test_pack_problems_are_reported_with_line_numbers(tmp_path: Path, extra: str, message: str):
    path = write_pack(tmp_path, extra)
    lines = path.read_text().splitlines()
    with pytest.raises(ConfigError) as info:
        load_pack(path)
    text = str(info.value)
    assert message in text
    line = int(text.split("mine.toml:")[1].split(":")[0])
    assert line > len(lines) - 5  # points at the new table, not at line 1


@pytest.mark.parametrize("table,key,wrong,hint", [
    ("claims", "hedges", "hedgs", "claims.hedgs: unknown key; did you mean `hedges`?"),
    ("stance", "negations", "negation", "stance.negation: unknown key; did you mean `negations`?"),
    ("framing", "cluster_stop_words", "cluster_stopwords", "framing.cluster_stopwords: unknown key; did you mean `cluster_stop_words`?"),
    ("entities", "speakers", "speaker", "entities.speaker: unknown key; did you mean `speakers`?"),
])
def test_a_misspelt_key_anywhere_is_an_error_at_its_line(tmp_path: Path, table: str, key: str, wrong: str, hint: str):
    text = (BUNDLED / "social_credit.toml").read_text(encoding="utf-8")
    start = text.index(f"[{table}]")
    at = text.index(f"\n{key} =", start) + 1
    path = tmp_path / "mine.toml"
    path.write_text(text[:at] + wrong + text[at + len(key):], encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_pack(path)
    line = text[:at].count("\n") + 1
    assert f"mine.toml:{line}: {hint}" in str(info.value)


def test_a_researcher_defines_other_frames_for_another_topic(tmp_path: Path):
    """Frames come from the pack: two new frames, a new fallback, and a refutation between them."""
    import spacy

    base = (BUNDLED / "social_credit.toml").read_text(encoding="utf-8")
    head = base.split("[framing]")[0]
    stance = "[stance]" + base.split("[stance]")[1]
    path = tmp_path / "ev.toml"
    path.write_text(head + """
[framing]
fallback = "other"

[frames.threat]
description = "Electric cars as a threat to jobs and the grid."
key_cues = ["job losses", "blackout"]
refuted_as = "progress"

[frames.progress]
description = "Electric cars as clean progress."
key_cues = ["clean air", "innovation"]
""" + stance, encoding="utf-8")
    pack = load_pack(path)
    assert pack.frame_names == ("threat", "progress", "other")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("framelens_frame_cues", config={"domain": str(path)})
    doc = nlp("Warnings of blackout are overblown. Cities now have clean air.")
    found = {(s.text, s.label_, s._.framelens_stance) for s in doc.spans["framelens_cues"]}
    assert ("blackout", "threat", "refuted") in found and ("clean air", "progress", "endorsed") in found


def test_invalid_toml_names_the_line(tmp_path: Path):
    path = tmp_path / "broken.toml"
    path.write_text('[pack]\nname = "x"\nthis is not toml\n')
    with pytest.raises(ConfigError, match="line 3"):
        load_pack(path)


def test_cli_domain_check_and_show(tmp_path: Path):
    ok = run_cli("domain", "check", str(BUNDLED / "social_credit.toml"))
    assert ok.exit_code == 0 and "sanction types" in ok.output
    shown = run_cli("domain", "show", "social_credit")
    assert shown.exit_code == 0 and "travel_ban_flights" in shown.output
    bad = run_cli("domain", "check", str(write_pack(tmp_path, '[sanctions.x]\npolarity = "no"\nobjects = ["y"]\n')))
    assert bad.exit_code == 2 and "sanctions.x.polarity: names unknown measure kind" in bad.output and "Traceback" not in bad.output
    as_json = json.loads(run_cli("domain", "show", "social_credit", "--json").output)
    assert as_json["sanctions"]["blacklist"]["polarity"] == "punishment" and "framing" in as_json
    unknown = run_cli("domain", "show", "no_such_pack")
    assert unknown.exit_code == 2 and "unknown domain pack" in unknown.output


def _without_sanctions(tmp_path: Path) -> Path:
    """The bundled pack with every sanction table, the sanction rules and the aliases taken out."""
    import re

    text = (BUNDLED / "social_credit.toml").read_text(encoding="utf-8")
    tables = re.split(r"(?m)^(?=\[)", text)
    kept = [t for t in tables if not re.match(r"\[(sanctions\.|sanction_rules\]|sanction_aliases\])", t)]
    path = tmp_path / "no_sanctions.toml"
    path.write_text("".join(kept), encoding="utf-8")
    return path


def test_a_pack_may_have_no_sanctions(tmp_path: Path):
    pack = load_pack(_without_sanctions(tmp_path))
    assert pack.sanctions == {} and pack.frame_names == ("orwellian", "regulatory", "neutral")
    broken = tmp_path / "rules_missing.toml"
    broken.write_text(_without_sanctions(tmp_path).read_text(encoding="utf-8")
                      + '\n[sanctions.pet_ban]\npolarity = "punishment"\nobjects = ["dog"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_pack(broken)
    line = len(broken.read_text(encoding="utf-8").splitlines()) - 2
    assert f"rules_missing.toml:{line}: sanctions: sanction types need a [sanction_rules] table" in str(info.value)


@pytest.mark.model
def test_domain_new_drafts_a_pack_from_labels_that_runs(tmp_path: Path):
    from .conftest import ROOT, SAMPLE

    gold = ROOT / "corpus" / "sample_gold.jsonl"
    target = tmp_path / "draft.toml"
    result = run_cli("domain", "new", "my_topic", "--from-gold", str(gold), "--to", str(target))
    assert result.exit_code == 0, result.output
    assert "frames orwellian, regulatory and fallback neutral" in result.output
    pack = load_pack(target)
    assert pack.name == "my_topic" and pack.sanctions == {} and pack.topics == {}
    assert pack.frames["orwellian"].key_cues and pack.frames["regulatory"].key_cues
    text = target.read_text(encoding="utf-8")
    assert "here," in text and "elsewhere" in text and "topic_terms" not in text  # counts kept, topic words left behind
    copied = text[text.index("# Copied from the bundled"):]
    assert [line for line in copied.splitlines() if line.startswith("#") and "Copied from the bundled" not in line] == []
    again = run_cli("domain", "new", "my_topic", "--from-gold", str(gold), "--to", str(target))
    assert again.exit_code == 2 and "exists" in again.output
    out = tmp_path / "out"
    assert run_cli("-q", "run", str(SAMPLE), "--domain", str(target), "--out", str(out), "--semantic", "off").exit_code == 0
    assert "Sanctions and rewards" not in (out / "latest" / "index.html").read_text()


def test_domain_new_refuses_labels_it_cannot_make_frames_of(tmp_path: Path):
    gold = tmp_path / "labels.jsonl"
    gold.write_text('{"text": "a b c", "frame": "Pro-Rights"}\n{"text": "d e f", "frame": "tech_first"}\n', encoding="utf-8")
    result = run_cli("domain", "new", "x", "--from-gold", str(gold), "--to", str(tmp_path / "x.toml"))
    assert result.exit_code == 2 and "rename Pro-Rights" in result.output


def test_a_measured_score_outside_zero_to_one_is_refused():
    from pydantic import ValidationError

    from framelens.pack_schema import MeasuredScore

    assert MeasuredScore(precision=0.9, recall=0.7, on="40 sentences").recall == 0.7
    with pytest.raises(ValidationError, match="precision"):
        MeasuredScore(precision=1.5, recall=0.7, on="40 sentences")
    with pytest.raises(ValidationError, match="on"):
        MeasuredScore(precision=0.9, recall=0.7, on="")
