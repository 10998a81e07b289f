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
