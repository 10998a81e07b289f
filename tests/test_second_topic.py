"""The second example topic (corpus/congestion): the whole pipeline on another debate.

Nothing of the first topic may reach its report: no word of the Social Credit System, no
sanction section for a pack without sanctions. The corpus and its gold are self-written
(`corpus/tools/congestion_texts.py`), so this test needs nothing from ../shared.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "congestion"
PACK = ROOT / "corpus" / "congestion_charge.toml"
GOLD = ROOT / "corpus" / "congestion_gold.jsonl"
#: Words of the first topic (and its sanctions) that must not appear in another topic's report.
SEED_TOPIC = re.compile(r"social credit|orwell|china|chinese|beijing|blacklist|sesame|dystop|big brother|black mirror|"
                        r"surveillance|sanction|debtor", re.IGNORECASE)


class _VisibleText(HTMLParser):
    """What a reader sees or hears: text, titles and labels, not styles or scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("style", "script")
        self.parts += [v for k, v in attrs if k in ("title", "aria-label", "alt", "placeholder") and v]

    def handle_endtag(self, tag):
        self.hidden -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _visible(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".html":
        return text
    parser = _VisibleText()
    parser.feed(text)
    return " ".join(parser.parts)


def test_the_example_gold_matches_its_corpus():
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 62 and {r["frame"] for r in rows} == {"burden", "public_good", "neutral"}
    texts = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.md")}
    assert len(texts) == 11
    for r in rows:
        assert " ".join(r["text"].split()) in " ".join(texts[r["doc"]].split()), r["pid"]


@pytest.mark.model
def test_second_topic_report_has_nothing_of_the_first(tmp_path: Path):
    result = run_cli("-q", "run", str(CORPUS), "--domain", str(PACK), "--out", str(tmp_path / "out"), "--semantic", "off")
    assert result.exit_code == 0, result.output
    latest = tmp_path / "out" / "latest"
    pages = sorted(p for p in latest.rglob("*") if p.suffix in (".html", ".md", ".svg"))
    assert len([p for p in pages if p.parent.name == "docs"]) == 11
    found = {p.name: sorted({m.group(0).lower() for m in SEED_TOPIC.finditer(_visible(p))}) for p in pages}
    assert {name: words for name, words in found.items() if words} == {}
    index = _visible(latest / "index.html")
    assert "An unfair burden" in index and "A public good" in index  # the pack's own frames
    assert "Sanctions" not in index  # no sanction section, column or prompt without sanction types


@pytest.mark.model
def test_second_topic_learns_from_its_labels(tmp_path: Path):
    """`framelens train` on the example's 62 labels: grouped cross-validation by document."""
    out = tmp_path / "congestion.skops"
    result = run_cli("train", "--gold", str(GOLD), "--domain", str(PACK), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.is_file()
    score = float(re.search(r"macro-F1 ([\d.]+)", result.output).group(1))
    # A floor that catches a broken path (three frames at chance give about 0.33), not a tuned figure.
    assert score >= 0.55, result.output
    # The pack's `cue_features`: its frames' cue lists are counted inside the saved pipeline;
    # the first topic's pack keeps them out (there they are topic words).
    from framelens.domain import load_pack
    from framelens.frames.framing_model import load_file
    from framelens.frames.training import signals_of

    names = set(load_file(out).model.named_steps["features"].get_feature_names_out())
    assert {"signals__log_key_burden", "signals__log_key_public_good"} <= names
    assert not any(k.startswith(("key_", "cue_")) for k in signals_of(load_pack()))


def _pack_with_measures(tmp_path: Path) -> Path:
    """The example pack with measures that are neither punishments nor rewards."""
    pack = tmp_path / "measures.toml"
    pack.write_text(PACK.read_text(encoding="utf-8").replace('name = "congestion_charge"', 'name = "measured"') + '''
[measures]
label = "Duties and exemptions"

[measures.kinds.duty]
label = "Duties"
sign = "!"
triggers = ["must", "required", "requires", "pay", "pays"]

[measures.kinds.exemption]
label = "Exemptions"
sign = "~"
triggers = ["exempt", "exempted", "free"]

[sanction_rules]
possible_cues = ["will", "would", "could", "may", "plan", "planned"]

[sanctions.daily_charge]
label = "Daily charge"
polarity = "duty"
objects = ["daily charge", "charge of"]

[sanctions.resident_discount]
label = "Resident discount"
polarity = "exemption"
phrases = ["90 per cent discount"]

[sanctions.vehicle_exemption]
label = "Vehicle exemption"
polarity = "exemption"
objects = ["taxis", "buses"]
''', encoding="utf-8")
    return pack


@pytest.mark.model
def test_a_pack_declares_its_own_measure_kinds(tmp_path: Path):
    """Measures that are not punishments or rewards: the pack names the kinds, their signs and the
    section; the report uses them, and a sanction type of an undeclared kind is refused."""
    pack = _pack_with_measures(tmp_path)
    result = run_cli("domain", "check", str(pack))
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    result = run_cli("-q", "run", str(CORPUS), "--domain", str(pack), "--out", str(out), "--semantic", "off")
    assert result.exit_code == 0, result.output
    index = _visible(out / "latest" / "index.html")
    assert "Duties and exemptions by document" in index
    assert "! Duties" in index and "~ Exemptions" in index
    assert "Punishments" not in index and "Rewards" not in index
    codebook = _visible(out / "latest" / "codebook.html")
    assert "Duties and exemptions" in codebook and "! duties" in codebook
    notice = next((out / "latest" / "docs").glob("council_notice*.html"))
    assert "! daily charge" in _visible(notice) and "~ resident discount" in _visible(notice)

    bad = tmp_path / "bad.toml"
    bad.write_text(pack.read_text(encoding="utf-8").replace('polarity = "duty"', 'polarity = "punishment"'), encoding="utf-8")
    result = run_cli("domain", "check", str(bad))
    assert result.exit_code == 2 and "names unknown measure kind 'punishment' (declared: duty, exemption" in result.output
