"""Reports: context figures from known tables, rendering, links, safety, size, a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from framelens.domain import load_pack
from framelens.frames.topics import (
    Disagreements,
    Statement,
    differences,
    statements,
    topic_groups,
)
from framelens.report import write_report
from framelens.report.context import corpus_context, page_name
from framelens.report.markup import mark_passage

from .conftest import SEEDS, needs_shared, run_cli
from .report_fixtures import RUN, fake_store, retitle

PREVIOUS = "20251201T000000.000000Z-0001"


def _own_script() -> str:
    """framelens's table script as the base template holds it (no template data inside)."""
    base = (Path(write_report.__code__.co_filename).parent / "templates" / "_base.html.j2").read_text(encoding="utf-8")
    own = re.search(r'<script id="framelens-tables">.*?</script>', base, re.S)
    assert own and "{{" not in own.group(0) and "{%" not in own.group(0)
    return own.group(0)


# -- pure pieces ---------------------------------------------------------------------------
def test_page_names_are_sanitised_and_distinct():
    ids = ["../../etc/passwd", "<script>alert(1)</script>.txt", "a b.txt", "a_b.txt", "ünï©ode.md", "", "x" * 300]
    names = [page_name(i) for i in ids]
    assert len(set(names)) == len(ids)
    for name in names:
        assert re.fullmatch(r"docs/[A-Za-z0-9._-]+\.html", name), name
        assert ".." not in name.split("/", 1)[1].split("-")[0] or not name.startswith("docs/..")
        assert len(name) < 90


def test_mark_passage_escapes_text_and_nests_annotations():
    text = 'Critics <script>alert(1)</script> call it "Orwellian" <img src=x onerror=alert(2)> today.'
    start = text.index("Orwellian")
    html = mark_passage(text, 100, {
        "cue": [{"start": 100 + start, "end": 100 + start + 9, "frame": "orwellian", "stance": "reported"}],
        "claim": [{"start": 100, "end": 100 + len(text), "type": "attributed", "speaker": "Critics"}],
    })
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "onerror=alert(2)" in html  # shown as text
    assert '<span class="claim cue cue-orwellian st-reported"' in html
    assert '<sup class="lbl">orwellian · reported</sup>' in html
    assert html.count("<span") == html.count("</span>")


def test_mark_passage_overlapping_annotations_and_labels():
    text = "Blacklisted firms lose loans."
    html = mark_passage(text, 0, {
        "sanction": [{"start": 0, "end": 11, "type": "blacklist", "polarity": "punishment", "modality": "actual",
                      "negated": 0, "target": "company"},
                     {"start": 18, "end": 28, "type": "loan_restriction", "polarity": "punishment",
                      "modality": "actual", "negated": 0, "target": "company"}],
        "entity": [{"start": 12, "end": 17, "label": "ORG", "canonical": "firms"}],
        "claim": [{"start": 0, "end": len(text), "type": "assertion", "speaker": None}],
    })
    assert html.count('class="claim sanction pol-punishment"') == 2 and 'class="claim ent ent-ORG"' in html
    assert html.index("Blacklisted</span><sup") < html.index("firms") < html.index("loans</span><sup")
    assert html.count("<span") == html.count("</span>") == 6 and html.endswith(".</span>")  # one per piece: all inside the claim


def test_negation_finder_words_phrases_and_contractions():
    from framelens.frames.topics import negation_finder

    negated = negation_finder(load_pack())
    assert negated("It does NOT exist.") and negated("It doesn't exist.") and negated("A myth, contrary to popular belief.")
    assert negated("The Reality Is simpler.")  # a phrase, any case
    assert not negated("Nothing here is notable.")  # "not" only as a whole word
    assert not negated("Mythology and myth-like tales.")  # "myth-like" is another word
    assert not negated("It exists.")


def test_disagreement_prompts_one_per_topic_and_per_pair_of_sentences():
    from framelens.report.context import discussion_prompts

    mine, theirs, other, third = (
        _s("a", "regulatory", "Ratings draw on court records."), _s("b", "orwellian", "An algorithm rates everyone."),
        _s("c", "orwellian", "It is compulsory."), _s("d", "orwellian", "Nobody can appeal."),
    )
    items = [
        {"topic": t, "topic_label": t.title(), "mine": m, "theirs": o, "other_title": o.doc_id, "reasons": ("frame",)}
        for t, m, o in [("data", mine, theirs), ("data", mine, other), ("redress", mine, theirs),
                        ("redress", mine, third), ("score", mine, other)]
    ]
    prompts = discussion_prompts({"shares": {}, "dominant_frame": None}, [], [], [], [], items, [], [])
    asked = [p["text"] for p in prompts if p["kind"] == "Disagreement"]
    # "data" once; "redress" with its second pair (the first was already asked about); "score" a new pair
    assert [a.split("”")[0] for a in asked] == ["On “Data", "On “Redress", "On “Score"]
    assert "An algorithm rates everyone." in asked[0] and "Nobody can appeal." in asked[1] and "It is compulsory." in asked[2]


def _s(doc, frame, text, negated=False, figures=(), topic="participation", idx=0, answer=""):
    return Statement(doc, idx, 0, len(text), text, topic=topic, frame=frame, negated=negated, figures=figures,
                     answer=answer)


def test_statement_differences():
    """A dispute needs evidence that two statements make the same claim; framing is no dispute."""
    a = _s("a", "orwellian", "Registration in the scheme is compulsory for all citizens.")
    assert differences(a, _s("b", "regulatory", "It is voluntary."), "neutral") == ("frame",)
    assert differences(a, _s("b", "orwellian", "Registration in the scheme is not compulsory for citizens.", negated=True), "neutral") == ("negation",)
    assert differences(a, _s("b", "orwellian", "Nobody checks the cameras downtown.", negated=True), "neutral") == ("contrast",)
    assert differences(a, _s("b", "neutral", "Compulsory, says the plan."), "neutral") == ()
    # The words every passage of the topic uses are no evidence of the same claim.
    first = _s("a", "regulatory", "Its main purpose is to assess creditworthiness and calculate a personal credit score from points.")
    sole = _s("b", "regulatory", "Financial creditworthiness is not the credit system's sole aim.", negated=True)
    assert differences(first, sole, "neutral") == ("negation",)
    assert differences(first, sole, "neutral", frozenset({"credit", "system"})) == ("contrast",)
    fines = "Courts blacklisted {} million debtors last year"
    assert differences(_s("a", "neutral", fines.format(6), figures=("6",)), _s("b", "neutral", fines.format(13), figures=("13",)), "neutral") == ("figures",)
    assert differences(_s("a", "neutral", fines.format(6), figures=("6",)), _s("b", "neutral", "The app has 13 screens", figures=("13",)), "neutral") == ()
    assert differences(_s("a", "neutral", "x", figures=("600", "1,300")), _s("b", "neutral", "y", figures=("600",)), "neutral") == ()


def test_statements_find_topics_in_sentences_with_offsets():
    pack = load_pack()
    text = "Short. Participation in the scheme is voluntary for firms and citizens. Nothing here about it at all."
    found = statements([{"doc_id": "d", "passage_idx": 3, "start": 50, "text": text, "frame": "regulatory"}], pack)
    topics = {s.topic: s for s in found}
    s = topics["participation"]
    assert s.text == "Participation in the scheme is voluntary for firms and citizens."
    assert text[s.start - 50 : s.end - 50] == s.text and s.passage_idx == 3 and not s.negated
    negative = statements([{"doc_id": "d", "passage_idx": 0, "start": 0, "frame": "orwellian",
                            "text": "Participation in the scheme is not voluntary at all."}], pack)
    assert [x.negated for x in negative if x.topic == "participation"] == [True]
    question = statements([{"doc_id": "d", "passage_idx": 0, "start": 0, "frame": "neutral",
                            "text": "Time will tell whether or not participation in the scheme stays voluntary."}], pack)
    assert [x.negated for x in question if x.topic == "participation"] == [False]  # an open question negates nothing
    # Headings and fragments under eight words are no statements: they never feed disagreements.
    assert statements([{"doc_id": "d", "passage_idx": 0, "start": 0, "frame": "orwellian", "kind": "heading",
                        "text": "Participation in the scheme is not voluntary at all."}], pack) == []
    assert statements([{"doc_id": "d", "passage_idx": 0, "start": 0, "frame": "orwellian",
                        "text": "Participation: voluntary or not?"}], pack) == []
    reading_list = ('- Rogier Creemers: "China\'s Social Credit System: An Evolving Practice of Control"\n'
                    '- Genia Kostka: "China\'s social credit systems and public opinion: explaining high approval"')
    assert statements([{"doc_id": "d", "passage_idx": 0, "start": 0, "frame": "neutral", "text": reading_list}], pack) == []


def test_figures_are_numbers_not_ordinals_or_names():
    pack = load_pack()

    def figures(text):
        found = statements([{"doc_id": "d", "passage_idx": 0, "start": 0, "text": text, "frame": "neutral"}], pack)
        return found[0].figures

    assert figures("Courts put 8.8 million debtors on the blacklist, 5% of them in 2019.") == ("8.8", "5%", "2019")
    assert figures("Time will tell whether the blacklist of the 21st century works like the 1990s ones.") == ()


def test_opposite_answers_the_pack_declares_are_a_dispute_even_in_other_words():
    """The pack's `answers` of a topic's question: a sentence gives one unless a negation
    precedes it in its clause; two documents giving different answers dispute the topic."""
    pack = load_pack()
    assert set(pack.topics["participation"].answers) == {"compulsory", "voluntary"}

    def answer(text):
        found = statements([{"doc_id": "d", "passage_idx": 0, "start": 0, "text": text, "frame": "regulatory"}], pack)
        return {s.answer for s in found if s.topic == "participation"}

    assert answer("The national scheme will be compulsory for every firm in the province.") == {"compulsory"}
    assert answer("For now, taking part in these local schemes remains entirely voluntary.") == {"voluntary"}
    assert answer("Taking part in the scheme is not compulsory for any firm in the province.") == {""}  # negated
    assert answer("It is compulsory for firms, but remains voluntary for private citizens.") == {""}  # both answers
    # The negation of another clause does not take the answer back.
    assert answer("Nobody asked them, but the scheme will be compulsory for every firm.") == {"compulsory"}

    a = _s("a", "regulatory", "The national scheme will be compulsory for every firm.", answer="compulsory")
    b = _s("b", "regulatory", "Taking part remains voluntary for now, officials said.", answer="voluntary")
    assert differences(a, b, "neutral") == ("answers",)  # no shared claim words, no negation: still a dispute
    assert differences(a, _s("c", "regulatory", "Every company must join; it is compulsory.", answer="compulsory"),
                       "neutral") == ()
    groups = topic_groups([a, b], pack)
    assert groups[0].disputing == 2 and groups[0].reasons == {"answers": 2} and groups[0].pairs == 1
    assert [o["theirs"].doc_id for o in Disagreements([a, b], "neutral").of("a")] == ["b"]
    # A dispute takes one of a topic's few places before documents that are only framed differently.
    framed = [_s(d, "orwellian", f"Participation rules were published by city {d}.") for d in ("c", "d", "e")]
    shown = Disagreements([a, *framed, b], "neutral").of("a", limit=3)
    assert "b" in [o["theirs"].doc_id for o in shown] and shown[0]["reasons"] == ("answers",)
    # The report shows the sentence that answers the question before a document's other ones.
    from framelens.report.context import _shown

    plain = _s("b", "regulatory", "Participation rules were published for the province last spring.")
    cell = _shown(topic_groups([a, plain, b], pack)[0])["cells"]["regulatory"]["shown"]
    assert [s.answer for s in cell] == ["compulsory", "voluntary"]


def test_statements_find_overlapping_terms_of_different_topics():
    """One pass finds every topic: a term inside a longer term of another topic still counts."""
    from dataclasses import replace

    from framelens.domain import Topic

    pack = replace(load_pack(), topics={
        "score": Topic("score", "A score?", ("social credit",)),
        "system": Topic("system", "One system?", ("social credit system", "Credit-System")),
        "apps": Topic("apps", "Apps?", ("app",)),
    })
    text = ("The Social Credit System is not one score for everyone. Its social credit ratings vary from city to city. "
            "A mobile apps store and an app-based ledger are not an app in this sense. Happy credit-system days to all of you, readers.")
    found = statements([{"doc_id": "d", "passage_idx": 0, "start": 0, "text": text, "frame": "neutral"}], pack)
    by_sentence = {}
    for s in found:
        by_sentence.setdefault(s.text, []).append(s.topic)
    assert by_sentence == {
        "The Social Credit System is not one score for everyone.": ["score", "system"],
        "Its social credit ratings vary from city to city.": ["score"],
        "A mobile apps store and an app-based ledger are not an app in this sense.": ["apps"],  # "apps", "app-" are other words
        "Happy credit-system days to all of you, readers.": ["system"],
    }


def test_topic_groups_and_disagreements_per_document():
    pack = load_pack()
    found = [
        _s("a", "orwellian", "Participation is compulsory for all citizens."),
        _s("b", "regulatory", "Participation remains voluntary.", negated=False),
        _s("c", "regulatory", "Participation is not compulsory.", negated=True),
        _s("a", "orwellian", "Data is centralised.", topic="data"),  # one document only: no group
    ]
    groups = topic_groups(found, pack)
    assert [g.topic for g in groups] == ["participation"]
    g = groups[0]
    assert g.documents == 3 and g.disputing == 3 and g.reasons == {"frame": 3, "negation": 3}
    assert g.pairs == 2 and g.framed_differently == 0  # c negates what a and b affirm
    framed_only = topic_groups([_s("a", "orwellian", "Participation is for all."), _s("b", "regulatory", "Participation is for firms.")], pack)
    assert framed_only[0].disputing == 0 and framed_only[0].framed_differently == 2 and framed_only[0].pairs == 0
    others = Disagreements(found, "neutral").of("a")
    assert {o["theirs"].doc_id for o in others} == {"b", "c"}
    assert Disagreements(found, "neutral").of("nobody") == []


# -- context from known tables ---------------------------------------------------------------
def test_corpus_context_figures_from_known_tables(tmp_path: Path):
    store = fake_store(tmp_path / "s.db", 4, previous=PREVIOUS)
    ctx = corpus_context(store, RUN, load_pack())
    assert ctx["totals"]["documents"] == 4
    m = ctx["sanctions"]
    assert [g["kind"] for g in m["groups"]] == ["punishment", "reward"]  # the pack's kinds, in its order
    punishments = m["groups"][0]["rows"]
    assert [t["type"] for t in punishments] == ["blacklist", "travel_ban_flights"]
    assert [t["type"] for t in m["groups"][1]["rows"]] == ["tax_benefit"]
    blacklist = punishments[0]
    assert blacklist["actual"] == 1 and blacklist["possible"] == 0 and blacklist["documents"] == 1
    assert blacklist["cells"][0] == {"actual": 1, "possible": 0, "passage_idx": 0}
    assert punishments[1]["cells"][0]["possible"] == 1
    v = ctx["voices"]
    assert v[0]["speaker"] == "Officials" and v[0]["frames"] == {"regulatory": 1}
    assert v[0]["documents"][0]["passage_idx"] == 1
    points = {p["doc_id"]: p for p in ctx["spectrum"]}
    d0 = ctx["documents"][0]
    assert points[d0["doc_id"]]["position"] == pytest.approx(d0["shares"]["regulatory"] - d0["shares"]["orwellian"])
    # All four documents were first seen in the previous run; shares moved since its framing.
    ch = ctx["changes"]
    assert not ch["first_run"] and ch["new"] == [] and len(ch["changed"]) == 4
    assert ch["shifts"] and ch["shifts"][0]["frame"] in ("orwellian", "regulatory")
    topics = {t["topic"]: t for t in ctx["topics"]}
    assert topics["participation"]["documents"] == 4  # "not compulsory ... voluntary" in every document


def test_index_is_paginated_and_small_for_10000_documents(tmp_path: Path):
    store = fake_store(tmp_path / "framelens.db", 10_000)
    latest = write_report(store, RUN, tmp_path, load_pack())
    index = latest / "index.html"
    assert index.stat().st_size < 5_000_000
    html = index.read_text()
    assert html.count('<tr id="doc-') == 200
    pages = sorted((latest / "documents").glob("page-*.html"))
    assert len(pages) == 20 and 'href="documents/page-20.html"' in html
    assert len(list((latest / "docs").glob("*.html"))) == 10_000
    assert (latest / "summary.md").stat().st_size < 1_000_000


# -- the sample corpus, end to end -------------------------------------------------------------
class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src", "xlink:href"):
            value = a.get(key)
            if value is None:
                continue
            if re.match(r"[a-z]+:", value) and not value.startswith("file:"):
                if tag != "a" or key != "href":
                    self.external.append(value)  # anything loaded from a network
            else:
                self.hrefs.append(value)


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _check_links(page: Path) -> int:
    """Every relative link of ``page`` resolves to a file, and its #anchor to an id there."""
    parsed = _parse(page)
    assert parsed.external == [], f"{page.name} loads from the network: {parsed.external}"
    for href in parsed.hrefs:
        url = urlparse(href)
        target = (page.parent / unquote(url.path)).resolve() if url.path else page
        assert target.is_file(), f"{page.name}: broken link {href}"
        if url.fragment and target.suffix == ".html":
            assert url.fragment in _parse(target).ids, f"{page.name}: {href} has no #{url.fragment}"
    return len(parsed.hrefs)


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> Path:
    from .conftest import SAMPLE

    out = tmp_path_factory.mktemp("report")
    result = run_cli("-q", "run", str(SAMPLE), "--out", str(out), "--by", "outlet", "--semantic", "off")
    assert result.exit_code == 0, result.output
    return out


def test_sample_report_has_every_section_and_working_links(sample_report: Path):
    latest = sample_report / "latest"
    html = (latest / "index.html").read_text()
    for section in ("documents", "spectrum", "sanctions", "voices", "claims", "clusters", "entities", "changes", "skipped", "methods"):
        assert f'<section id="{section}">' in html, section
    assert "<svg" in html and "disputed by" in html and "Config hash" in html and "macro-F1" in html
    assert _check_links(latest / "index.html") > 50
    import xml.etree.ElementTree as ET

    assert ET.parse(latest / "spectrum.svg").getroot().tag.endswith("svg")  # the chart as a file too
    assert "Framing over time" in html and ET.parse(latest / "timeline.svg").getroot().tag.endswith("svg")
    docs = sorted((latest / "docs").glob("*.html"))
    assert len(docs) == 11
    for page in docs:
        _check_links(page)
    assert _check_links(latest / "by-outlet.html") > 10
    page = (latest / "docs" / Path(page_name("mythbusting.md")).name).read_text()
    assert "Discussion prompts" in page and "st-refuted" in page and 'class="sanction' in page and "Where other sources disagree" in page
    # A heading left unframed says so; it carries no "unsure" that would send a teacher to it.
    headings = [h.split("</div>", 1)[0] for d in docs for h in d.read_text().split('class="passage heading"')[1:]]
    unframed = [h for h in headings if '<span class="badge">neutral</span>' in h]
    assert unframed and all("a heading: not framed" in h and "unsure" not in h for h in unframed)
    summary = (latest / "summary.md").read_text()
    assert summary.startswith("# framelens report") and "| # | Document |" in summary and "## Disputed topics" in summary
    # Every list item starts a line of its own (a block tag at a line's end once swallowed the line break).
    assert all(line.count("- **") <= 1 for line in summary.splitlines()), summary


def test_compare_command_and_report_by(sample_report: Path):
    out = str(sample_report)
    result = run_cli("compare", "mythbusting", "orwellian_op_ed", "letters=letter-01,letter-02", "--out", out)
    assert result.exit_code == 0, result.output
    path = Path(result.output.split("comparison: ", 1)[1].strip())
    html = path.read_text()
    assert "Five Myths" in html and "letters" in html and html.count("<th>") >= 4
    _check_links(path)
    ambiguous = run_cli("compare", "letter", "mythbusting", "--out", out)
    assert ambiguous.exit_code == 2 and "matches 2 documents" in ambiguous.output
    by_field = run_cli("compare", "outlet:riverside gazette letters (illustrative)", "year:2023", "--out", out)
    assert by_field.exit_code == 0, by_field.output
    html = Path(by_field.output.split("comparison: ", 1)[1].strip()).read_text()
    assert "outlet Riverside Gazette letters (illustrative)" in html and "year 2023" in html and "A score on everything" in html
    vague = run_cli("compare", "outlet:illustrative", "year:2023", "--out", out)
    assert vague.exit_code == 2 and "matches" in vague.output and "Policy Notes (illustrative)" in vague.output
    again = run_cli("report", "--by", "year", "--by", "doc_type", "--out", out)
    assert again.exit_code == 0, again.output
    assert (sample_report / "latest" / "by-year.html").is_file() and (sample_report / "latest" / "by-doc_type.html").is_file()
    assert run_cli("report", "--out", str(sample_report / "nowhere")).exit_code == 2


def test_document_text_with_html_is_shown_never_run(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    attack = ('<script>alert("x")</script> The social credit system is <img src=x onerror=alert(1)> '
              'an Orwellian surveillance machine, critics say. <a href="javascript:alert(2)">click</a>')
    (corpus / "attack.txt").write_text(attack + "\n\nCompanies on the blacklist are banned from flights.\n")
    (corpus / "page.md").write_text('---\ntitle: "<script>alert(3)</script> Title"\noutlet: "<b onmouseover=alert(4)>x</b>"\n---\n'
                                    "The system is a market tool to enforce court orders.\n")
    result = run_cli("-q", "run", str(corpus), "--out", str(tmp_path / "out"), "--semantic", "off")
    assert result.exit_code == 0, result.output
    latest = tmp_path / "out" / "latest"
    pages = [latest / "index.html", *sorted((latest / "docs").glob("*.html"))]
    assert len(pages) == 3
    own = _own_script()
    for page in pages:
        html = page.read_text()
        # The one script is framelens's own table script, the same fixed text on every page.
        assert html.count(own) == 1, page.name
        assert "<script" not in html.replace(own, "").lower(), page.name
        assert not re.search(r"<[^>]+\son(error|mouseover)\s*=", html, re.I), page.name
        assert not re.search(r"<a\s[^>]*href=\"javascript:", html, re.I), page.name
    doc_page = (latest / page_name("attack.txt")).read_text()
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in doc_page and "onerror=alert(1)" in doc_page
    assert "&lt;script&gt;alert(3)&lt;/script&gt; Title" in (latest / "index.html").read_text()


# -- a real browser ---------------------------------------------------------------------------
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _browse(page: Path, png: Path, tmp: Path, size: str = "1280,2400") -> list[str]:
    """Load ``page`` in headless Chromium, save a screenshot, return console messages."""
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp / 'chromium-profile'}",
         "--enable-logging=stderr", "--log-level=0", f"--window-size={size}", f"--screenshot={png}", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert png.is_file(), proc.stderr[-2000:]
    return [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]


def _probe(page: Path, script: str, tmp: Path, *, size: str = "1280,900") -> str:
    """Run ``script`` in ``page`` on load (in a copy beside it), in headless Chromium; the DOM after it."""
    probe = page.with_name("probe.html")
    probe.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", f'<script>window.addEventListener("load", function () {{ {script} }});</script></body>'),
        encoding="utf-8")
    chromium = CHROMIUM or shutil.which("google-chrome")
    return subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp / 'chrome'}",
         f"--window-size={size}", "--virtual-time-budget=3000", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120).stdout


def _ink(png: Path) -> float:
    """Share of pixels that are not background white."""
    import matplotlib.image as mpimg

    pixels = mpimg.imread(png)[..., :3]
    return float((pixels.mean(axis=2) < 0.92).mean())


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs the Debian package 'chromium')")
def test_real_browser_renders_report_and_document_page(sample_report: Path, tmp_path: Path):
    latest = (sample_report / "latest").resolve()
    for page in (latest / "index.html", latest / page_name("mythbusting.md")):
        png = tmp_path / f"{page.stem}.png"
        console = _browse(page, png, tmp_path)
        assert console == [], console
        assert _ink(png) > 0.03, f"{page.name} looks blank"
    # The checks can fail: a page that logs an error and a blank page are caught.
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>console.error('broken')</script></body></html>")
    assert _browse(bad, tmp_path / "bad.png", tmp_path, "400,300")
    assert _ink(tmp_path / "bad.png") < 0.01


@needs_shared
@pytest.mark.model
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs the Debian package 'chromium')")
def test_printed_seed_pages_have_prompts_on_page_one_and_few_pages(tmp_path: Path):
    """A4 from Chromium: page 1 holds the title, the frame summary and the prompts; at most one
    page per 350 words of article, plus one."""
    from pypdf import PdfReader

    out = tmp_path / "out"
    assert run_cli("-q", "run", str(SEEDS), "--out", str(out), "--semantic", "off").exit_code == 0
    pages = sorted((out / "latest" / "docs").glob("*.html"))
    assert len(pages) == 5
    for page in pages:
        pdf = tmp_path / f"{page.stem}.pdf"
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={tmp_path / 'chromium-profile'}", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120)
        printed = PdfReader(pdf).pages
        words = int(re.search(r"([\d,]+) words", page.read_text()).group(1).replace(",", ""))
        assert "Discussion prompts" in printed[0].extract_text(), page.name
        assert len(printed) <= words / 350 + 1, (page.name, len(printed), words)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs the Debian package 'chromium')")
def test_printed_index_cuts_no_column(sample_report: Path, tmp_path: Path):
    from pypdf import PdfReader

    pdf = tmp_path / "index.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'chromium-profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", (sample_report / "latest" / "index.html").resolve().as_uri()],
                   capture_output=True, timeout=120)
    first = PdfReader(pdf).pages[0]
    assert first.mediabox.width > first.mediabox.height  # landscape
    text = first.extract_text()
    assert "Sanctions" in text and "Claims" in text  # the last columns of the documents table


def test_unchanged_document_pages_are_linked_not_rendered_again(tmp_path: Path, monkeypatch):
    store = fake_store(tmp_path / "framelens.db", 3)
    first = write_report(store, RUN, tmp_path, load_pack()).resolve()
    import framelens.report.write as write

    rendered = []
    original = write.render
    monkeypatch.setattr(write, "render", lambda name, **c: rendered.append(name) or original(name, **c))
    second = write_report(store, RUN, tmp_path, load_pack()).resolve()
    assert second != first and "document.html.j2" not in rendered and "index.html.j2" in rendered
    for page in (first / "docs").glob("*.html"):
        assert (second / "docs" / page.name).stat().st_ino == page.stat().st_ino


def test_comparison_pages_are_complete_when_document_pages_are_reused(tmp_path: Path):
    store = fake_store(tmp_path / "framelens.db", 6)
    write_report(store, RUN, tmp_path, load_pack())
    latest = write_report(store, RUN, tmp_path, load_pack(), by=("outlet",))
    html = (latest / "by-outlet.html").read_text()
    assert all(f"Outlet {i}" in html for i in range(3)) and html.count('href="docs/') >= 6


def test_only_pages_whose_inputs_changed_are_rendered_again(tmp_path: Path):
    store = fake_store(tmp_path / "framelens.db", 6)
    first = write_report(store, RUN, tmp_path, load_pack()).resolve()
    retitle(store, "doc-00003.txt", "A new title")
    second = write_report(store, RUN, tmp_path, load_pack()).resolve()
    changed = Path(page_name("doc-00003.txt")).name
    assert "A new title" in (second / "docs" / changed).read_text()
    assert (second / "docs" / changed).stat().st_ino != (first / "docs" / changed).stat().st_ino
    linked = [p.name for p in (first / "docs").glob("*.html") if (second / "docs" / p.name).stat().st_ino == p.stat().st_ino]
    assert linked and changed not in linked


@pytest.mark.model
def test_a_rerun_with_nothing_changed_renders_no_document_page(sample_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run_cli("-q", "run", str(sample_copy), "--out", str(out), "--semantic", "off").exit_code == 0
    first = (out / "latest").resolve()
    kept = run_cli("run", str(sample_copy), "--out", str(out), "--semantic", "off")
    assert kept.exit_code == 0 and "nothing changed: the report of run" in kept.output
    assert (out / "latest").resolve() == first  # the same configuration: the report stands
    # Another configuration (a comparison page more) renders a new report, hard-linking every
    # document page from the last one.
    by = run_cli("-q", "run", str(sample_copy), "--out", str(out), "--semantic", "off", "--by", "outlet")
    assert by.exit_code == 0, by.output
    second = (out / "latest").resolve()
    assert second != first
    for page in (first / "docs").glob("*.html"):
        assert (second / "docs" / page.name).stat().st_ino == page.stat().st_ino, page.name


def test_a_pack_without_sanctions_shows_no_sanction_section_column_or_prompt(tmp_path: Path):
    from .test_domain import _without_sanctions

    pack = load_pack(_without_sanctions(tmp_path))
    store = fake_store(tmp_path / "framelens.db", 3)
    latest = write_report(store, RUN, tmp_path, pack)
    index = (latest / "index.html").read_text()
    page = (latest / "docs" / Path(page_name("doc-00000.txt")).name).read_text()
    summary = (latest / "summary.md").read_text()
    for text in (index, page, summary):
        assert "Sanctions and rewards" not in text and "Fact or possibility" not in text
    assert ">Sanctions</th>" not in index and 'href="#sanctions"' not in index
    with_sanctions = (write_report(store, RUN, tmp_path / "again", load_pack()) / "index.html").read_text()
    assert "Sanctions and rewards" in with_sanctions and ">Sanctions</th>" in with_sanctions


def test_by_outlet_shows_the_largest_groups_and_the_rest_together():
    from framelens.report.context import TOP_GROUPS, group_documents

    documents = [{"doc_id": f"d{i}", "outlet": f"Outlet {i % 20}" if i < 60 else "Big Daily"} for i in range(80)]
    groups = group_documents(documents, "outlet")
    assert len(groups) == TOP_GROUPS + 1 and "Big Daily" in groups and len(groups["Big Daily"]) == 20
    other = next(g for g in groups if g.startswith("other ("))
    assert other == "other (13 outlet values)" and sum(len(v) for v in groups.values()) == 80
    assert list(group_documents(documents[:6], "outlet")) == [f"Outlet {i}" for i in range(6)]  # few groups: all shown


def test_frame_timeline_by_year_or_month():
    from framelens.report.context import frame_timeline

    frames = [{"name": "a"}, {"name": "b"}, {"name": "neutral"}]

    def doc(date, share_a, words=100):
        return {"date": date, "dominant_frame": "a", "n_words": words,
                "shares": {"a": share_a, "b": 1 - share_a, "neutral": 0.0}}

    yearly = frame_timeline([doc("2019-05-01", 1.0), doc("2021", 0.0), doc("2021-03", 0.5, 300), doc(None, 1.0)], frames)
    assert yearly["unit"] == "year" and yearly["undated"] == 1
    assert [(p["period"], p["documents"]) for p in yearly["periods"]] == [("2019", 1), ("2021", 2)]
    assert yearly["periods"][1]["shares"]["a"] == 0.375  # word-weighted: (0 * 100 + 0.5 * 300) / 400
    monthly = frame_timeline([doc("2023-01-10", 1.0), doc("2023-02", 0.0)], frames)
    assert monthly["unit"] == "month" and [p["period"] for p in monthly["periods"]] == ["2023-01", "2023-02"]
    assert frame_timeline([doc("2023-01-10", 1.0)], frames) == {}  # one period: no chart


def test_spectrum_of_many_documents_counts_instead_of_overlapping(tmp_path: Path):
    """500 documents: one mark per bin, year and frame, with the number of documents beside it."""
    import random

    from framelens.report.charts import _binned_spectrum, spectrum_svg

    rng = random.Random(0)
    frames = [{"name": "orwellian", "label": "Orwellian"}, {"name": "regulatory", "label": "Regulatory"},
              {"name": "neutral", "label": "Neutral"}]
    points = [{"doc_id": f"d{i}", "label": f"D{i}", "number": i, "page": f"docs/d{i}.html",
               "position": rng.uniform(-1, 1), "date": f"{rng.randint(2015, 2024)}-01-01", "words": 100,
               "frame": rng.choice(["orwellian", "regulatory", "neutral", "mixed"])} for i in range(500)]
    svg = spectrum_svg(points, frames)
    assert svg == _binned_spectrum(points, frames) and "500 documents" in svg
    marks = svg.count('id="PathCollection_')
    assert 0 < marks <= 21 * 10 * 4  # bins × years × frames, not 500 overlapping marks
    assert "docs/d1.html" not in svg  # no single-document links in a bin
    small = spectrum_svg(points[:20], frames)
    assert "docs/d1.html" in small  # a few documents: each mark links to its page


def test_sanctions_of_every_document_are_shown_when_the_matrix_cannot_hold_them():
    """More documents than matrix columns: a transposed table has every document (rows) × the top types."""
    from framelens.report.context import (
        MATRIX_DOCUMENTS,
        TRANSPOSED_TYPES,
        sanctions_matrix,
    )

    class Cells:  # the store's read, as rows
        def sanction_cells(self):
            return [{"doc_id": f"d{i}", "type": f"type_{i % 15}", "polarity": "punishment", "modality": "actual",
                     "passage_idx": 0, "n": 1} for i in range(40)]

    documents = [{"doc_id": f"d{i}", "number": i + 1, "page": f"docs/d{i}.html", "label": f"D{i}"} for i in range(40)]
    matrix = sanctions_matrix(Cells(), documents)
    assert len(matrix["columns"]) == MATRIX_DOCUMENTS and matrix["documents_with_sanctions"] == 40
    table = matrix["transposed"]
    assert len(table["rows"]) == 40 and len(table["types"]) == TRANSPOSED_TYPES
    assert table["rows"][0]["doc"]["doc_id"] == "d0" and any(c for c in table["rows"][0]["cells"])
    assert sanctions_matrix(Cells(), documents, limit=40)["transposed"] is None  # all fit: no second table


def test_transposed_sanctions_table_renders(tmp_path: Path, monkeypatch):
    import framelens.report.context as context

    monkeypatch.setitem(context.sanctions_matrix.__kwdefaults__, "limit", 0)  # no matrix columns: all go to the table
    store = fake_store(tmp_path / "framelens.db", 3)
    html = (write_report(store, RUN, tmp_path, load_pack()) / "index.html").read_text()
    assert "Every document with sanctions" in html and "blacklist" in html.split('id="sanctions-all"')[1]


#: Probes run in Chromium: the page's width against the window's; the documents table sorted
#: twice by its Words column, then filtered.
WIDTH_PROBE = """
  var out = document.createElement("pre"); out.id = "probe";
  out.textContent = "WIDTH " + document.documentElement.scrollWidth + " " + document.documentElement.clientWidth;
  document.body.appendChild(out);"""
SORT_PROBE = """
  var t = document.querySelector("#documents table.sortable"), th = t.tHead.rows[0].cells[3];
  th.click(); th.click();
  var words = Array.prototype.map.call(t.tBodies[0].rows, function (r) { return r.cells[3].textContent.trim(); });
  var f = document.querySelector("#documents input.filter"); f.value = "FILTER"; f.dispatchEvent(new Event("input"));
  var shown = Array.prototype.filter.call(t.tBodies[0].rows, function (r) { return !r.hidden; }).length;
  var out = document.createElement("pre"); out.id = "probe";
  out.textContent = "WORDS " + words.join("|") + " SHOWN " + shown + " SORT " + th.getAttribute("aria-sort");
  document.body.appendChild(out);"""


def test_the_index_does_not_scroll_sideways_at_800_pixels(tmp_path: Path):
    """A long URL inside a statement and a long list of figures wrap instead of widening the page."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        pytest.skip("no Chromium on this machine: the layout is not measured")
    corpus = tmp_path / "c"
    corpus.mkdir()
    url = "https://journals.example.org/doi/full/10.1177/" + "abcdefghij0123456789" * 6
    (corpus / "a.md").write_text(f"---\ntitle: A\n---\nA study ({url}) found that the national score was not used "
                                 "for travel bans in 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021 and 2022.\n")
    (corpus / "b.md").write_text("---\ntitle: B\n---\nOfficials say the national score is used for travel bans "
                                 "in 2023 and will be used for more of them in 2024.\n")
    assert run_cli("-q", "run", str(corpus), "--out", str(tmp_path / "out"), "--semantic", "off").exit_code == 0
    index = tmp_path / "out" / "latest" / "index.html"
    html = index.read_text()
    assert url in html and "figures:" in html  # the statement is shown
    dom = _probe(index, WIDTH_PROBE, tmp_path, size="800,900")
    found = re.search(r'id="probe">WIDTH (\d+) (\d+)', dom)
    assert found, dom[-2000:]
    assert int(found.group(1)) <= int(found.group(2)), found.group(0)


def test_report_tables_sort_and_filter_in_a_browser(tmp_path: Path):
    """The documents table of a 12-document report sorts by a column and filters by text in
    Chromium; without JavaScript the table is as written."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        pytest.skip("no Chromium on this machine: the table script is not run")
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(12):
        words = " ".join(["Courts publish the names of debtors on the blacklist."] * (i + 1))
        (corpus / f"d{i:02}.md").write_text(f"---\ntitle: Doc {i:02}\noutlet: {'Alpha' if i % 3 else 'Beta'}\n---\n{words}\n")
    result = run_cli("-q", "run", str(corpus), "--out", str(tmp_path / "out"), "--semantic", "off")
    assert result.exit_code == 0, result.output
    index = tmp_path / "out" / "latest" / "index.html"
    html = index.read_text()
    assert '<table class="sortable">' in html
    dom = _probe(index, SORT_PROBE.replace("FILTER", "beta"), tmp_path)
    found = re.search(r'id="probe">WORDS ([\d,|]+) SHOWN (\d+) SORT (\w+)', dom)
    assert found, dom[-2000:]
    words = [int(w.replace(",", "")) for w in found.group(1).split("|") if w]
    assert len(words) == 12 and words == sorted(words, reverse=True)  # numeric, second click: descending
    assert found.group(2) == "4" and found.group(3) == "descending"  # the 4 Beta documents


@needs_shared
@pytest.mark.model
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs the Debian package 'chromium')")
def test_the_dev_passages_as_199_documents_make_an_index_that_sorts_counts_and_prints(tmp_path: Path):
    """Issue 18's check at scale: the 199 dev passages run as a corpus (one passage a document).
    The documents table sorts and filters in Chromium, the spectrum counts its marks instead of
    overlapping them, the page does not scroll sideways at 800 px, and the printed index keeps
    every column."""
    from pypdf import PdfReader

    dev = SEEDS.parent.parent / "gold" / "dev_passages.jsonl"
    result = run_cli("-q", "run", str(dev), "--out", str(tmp_path / "out"), "--semantic", "off")
    assert result.exit_code == 0, result.output
    latest = tmp_path / "out" / "latest"
    index = latest / "index.html"
    assert "199 documents analysed" in index.read_text(encoding="utf-8")
    found = re.search(r'id="probe">WORDS ([\d,|]+) SHOWN (\d+) SORT (\w+)',
                      _probe(index, SORT_PROBE.replace("FILTER", "sesame"), tmp_path))
    assert found
    words = [int(w.replace(",", "")) for w in found.group(1).split("|") if w]
    assert len(words) == 199 and words == sorted(words, reverse=True) and found.group(3) == "descending"
    assert 0 < int(found.group(2)) < 199  # the filter keeps the rows that mention Sesame
    spectrum = (latest / "spectrum.svg").read_text(encoding="utf-8")
    assert "199 documents; a mark's number is how many it stands for" in spectrum
    width = re.search(r'id="probe">WIDTH (\d+) (\d+)', _probe(index, WIDTH_PROBE, tmp_path, size="800,900"))
    assert width and int(width.group(1)) <= int(width.group(2)), width
    pdf = tmp_path / "index.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'chromium-profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", index.resolve().as_uri()], capture_output=True, timeout=180)
    first = PdfReader(pdf).pages[0]
    assert first.mediabox.width > first.mediabox.height
    assert "Sanctions" in first.extract_text() and "Claims" in first.extract_text()
