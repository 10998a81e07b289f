"""The learning-first framing model: training, the shipped model, the stance rule, safe loading.

Passages here are written for these tests (no third-party text).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import SAMPLE, run_cli

ORWELLIAN = [
    "The state watches every citizen through cameras and punishes dissent with a chilling, dystopian score.",
    "Critics warn that the surveillance machine is a digital dictatorship straight out of Orwell's 1984.",
    "It is a nightmare of social control: Big Brother tracks what you buy and who your friends are.",
    "This totalitarian system monitors people and crushes freedom, a Black Mirror episode come true.",
    "Human rights groups say the scoring of citizens is a tool of repression and mass surveillance.",
    "A creepy panopticon now follows every move, and obedience is rewarded while critics are silenced.",
]
REGULATORY = [
    "The blacklist exists to enforce court judgments against debtors who refuse to pay what they owe.",
    "Regulators use the records in order to improve market compliance and build trust between companies.",
    "The myth of a single score is overblown: there is no national rating, only fragmented pilot programmes.",
    "The rules aim to curb fraud in contracts and make firms accountable to their business partners.",
    "Far from a dystopia, the system is mostly a patchwork of corporate credit records and legal sanctions.",
    "Local governments designed the registry to strengthen integrity in procurement and tax filing.",
]
NEUTRAL = [
    "In 2019 the list held 13 million names, according to figures published by the national court.",
    "The regulation has 42 articles and took effect on 1 March 2021 after a public consultation.",
    "The identifier has 18 characters; the first two give the registering office and the type of entity.",
    "A survey of 2,200 adults was carried out by telephone between May and July of that year.",
    "The database lists the name, the case number, the date of the judgment and the amount owed.",
    "The pilot ran in 43 cities; 12 of them published quarterly reports with the number of records.",
]


def _write_gold(path: Path, *, groups: int = 6) -> Path:
    rows = []
    for frame, texts in (("orwellian", ORWELLIAN), ("regulatory", REGULATORY), ("neutral", NEUTRAL)):
        for i, text in enumerate(texts):
            stance = "refuted" if frame == "regulatory" and ("myth" in text or "Far from" in text) else (
                "endorsed" if frame == "orwellian" else "none")
            rows.append({"text": text, "frame": frame, "stance": stance, "url": f"https://example.org/{i % groups}"})
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_stance_override_turns_a_rejected_frame_into_the_frame_its_rejection_supports():
    import pandas as pd

    from framelens.frames.text_model import stance_override

    classes = ["neutral", "orwellian", "regulatory"]
    proba = np.array([[0.1, 0.7, 0.2], [0.1, 0.7, 0.2], [0.2, 0.2, 0.6]])
    cues = pd.DataFrame({
        "refuted_orwellian": [3, 1, 3], "endorsed_orwellian": [1, 3, 0], "reported_orwellian": [0, 0, 0],
    })
    labels, probability, changed = stance_override(
        np.array(["orwellian", "orwellian", "regulatory"], dtype=object), proba, classes, cues, {"orwellian": "regulatory"})
    assert labels.tolist() == ["regulatory", "orwellian", "regulatory"]
    assert changed.tolist() == [True, False, False]
    # Without a measured precision the flipped label keeps the model's own (low) probability of it;
    # with one (from grouped CV in `framelens train`) it carries that.
    assert probability.tolist() == pytest.approx([0.2, 0.7, 0.6])
    _, measured, _ = stance_override(np.array(["orwellian", "orwellian", "regulatory"], dtype=object), proba,
                                     classes, cues, {"orwellian": "regulatory"}, rule_precision=0.75)
    assert measured.tolist() == pytest.approx([0.75, 0.7, 0.6])


@pytest.mark.parametrize("p, word", [(0.95, "sure"), (0.7958, "sure"), (0.79, "likely"), (0.6, "likely"), (0.43, "unsure")])
def test_confidence_words_agree_with_the_rounded_percentage(p, word):
    from framelens.types import confidence_word

    assert confidence_word(p) == word


def test_signals_count_whole_words_with_wildcards():
    from framelens.frames.text_model import FramingSignals

    signals = FramingSignals({"control": ["surveil*", "big brother"], "figures": ["#"]}, weight=1.0)
    signals.fit(["x"])
    raw = signals._counts(["Surveillance and surveilled people meet Big  Brother in 2019 and 2020.", "nothing"])
    names = signals.names_
    assert raw[0][names.index("control")] == pytest.approx(np.log1p(3))
    assert raw[0][names.index("figures")] == pytest.approx(np.log1p(2))
    assert raw[1][: len(names)].tolist() == [0.0, 0.0]


def test_expected_calibration_error():
    from framelens.frames.text_model import expected_calibration_error

    assert expected_calibration_error(np.array([0.9] * 10), np.array([1] * 9 + [0])) == pytest.approx(0.0)
    assert expected_calibration_error(np.array([0.9] * 10), np.array([1] * 5 + [0] * 5)) == pytest.approx(0.4)


@pytest.mark.model
def test_train_command_fits_scores_by_article_and_saves_a_model_that_frames_new_text(tmp_path):
    import pandas as pd

    from framelens.frames.framing_model import loads

    gold = _write_gold(tmp_path / "labels.jsonl")
    out = tmp_path / "model.skops"
    result = run_cli("train", "--gold", str(gold), "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    meta = json.loads(result.output)
    cv = meta["cv"]["labels.jsonl"]
    assert cv["n"] == 18 and cv["folds"] == 5 and 0 <= cv["macro_f1"] <= 1 and 0 <= cv["ece"] <= 1
    assert meta["training"]["passages"] == 18 and meta["pack"] == "social_credit"
    saved = loads(out.read_bytes())
    assert saved.meta["inputs"] == ["text"]
    proba = saved.model.predict_proba(pd.DataFrame({"text": ["Big Brother watches and scores every citizen."]}))
    assert saved.model.classes_[proba.argmax()] == "orwellian"


@pytest.mark.model
def test_extra_passages_train_the_model_but_are_never_scored(tmp_path):
    gold = _write_gold(tmp_path / "labels.jsonl")
    extra = tmp_path / "illustrations.jsonl"
    extra.write_text("\n".join(json.dumps({"text": t, "frame": f}) for t, f in [
        ("Cameras and scores turn every citizen into a suspect of the state.", "orwellian"),
        ("The registry exists to make companies honour their contracts.", "regulatory"),
        ("The list had 40 entries in May and 52 in June.", "neutral"),
    ] * 4) + "\n", encoding="utf-8")
    out = tmp_path / "model.skops"
    result = run_cli("train", "--gold", str(gold), "--extra", str(extra), "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    meta = json.loads(result.output)
    # Twelve passages of their own, each its own group: enough to be scored, and they are not.
    assert set(meta["cv"]) == {"labels.jsonl"} and meta["cv"]["labels.jsonl"]["n"] == 18
    assert meta["training"]["passages"] == 30 and meta["training"]["not_scored"] == ["illustrations.jsonl"]
    assert set(meta["training"]["files"]) == {"labels.jsonl", "illustrations.jsonl"}


def test_train_refuses_a_file_without_labelled_text(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "no frame here"}\n{"frame": "orwellian"}\n', encoding="utf-8")
    result = run_cli("train", "--gold", str(bad), "--out", str(tmp_path / "m.skops"))
    assert result.exit_code == 2
    assert "no labelled passages" in result.output
    assert not (tmp_path / "m.skops").exists()


def test_the_shipped_model_loads_and_carries_its_grouped_cv_scores():
    from framelens.domain import load_pack
    from framelens.frames.training import load_shipped

    pack = load_pack()
    saved = load_shipped(pack)
    assert saved is not None and saved.classes == list(pack.frame_names)
    dev = saved.meta["cv"]["dev_passages.jsonl"]
    # Grouped by article on the shared dev set (measured when the model was trained): a floor
    # that catches a model trained wrongly, not a figure tuned to pass.
    assert dev["n"] == 199 and dev["macro_f1"] >= 0.74 and dev["ece"] <= 0.15
    assert set(saved.meta["training"]["files"]) == {"dev_passages.jsonl", "seed_passages.jsonl", "codebook_passages.jsonl"}
    assert saved.meta["training"]["not_scored"] == ["codebook_passages.jsonl"]


def test_a_saved_model_keeps_its_vocabularies_as_arrays_and_predicts_the_same_after_loading():
    import zipfile

    import pandas as pd

    from framelens.domain import load_pack
    from framelens.frames.framing_model import SavedModel, dumps, loads
    from framelens.frames.text_model import make_text_model
    from framelens.frames.training import signals_of

    texts, labels = ORWELLIAN + REGULATORY + NEUTRAL, ["orwellian"] * 6 + ["regulatory"] * 6 + ["neutral"] * 6
    model = make_text_model(signals_of(load_pack()), y=labels).fit(pd.DataFrame({"text": texts}), labels)
    data = dumps(SavedModel(model=model, classes=list(model.classes_), numeric=[], frames_digest="x"))
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        schema = archive.read("schema.json").decode()
    # No vocabulary dict of one node per term in the file (they made loading take a second).
    assert '"vocabulary_"' not in schema and '"vocabulary_terms_"' in schema
    loaded = loads(data).model
    words = loaded.named_steps["features"].transformer_list[0][1].named_steps["tfidf"]
    assert words.vocabulary_ == model.named_steps["features"].transformer_list[0][1].named_steps["tfidf"].vocabulary_
    new = pd.DataFrame({"text": ["Cameras watch citizens in a dystopian nightmare.", "The list had 42 names in 2020."]})
    assert np.allclose(loaded.predict_proba(new), model.predict_proba(new))


@pytest.mark.model
def test_evaluate_without_a_corpus_scores_passages_and_flags_in_sample_files(tmp_path):
    gold = _write_gold(tmp_path / "mine.jsonl")
    result = run_cli("evaluate", "--gold", str(gold), "--json")
    assert result.exit_code == 0, result.output
    r = json.loads(result.output)
    assert r["n"] == 18 and r["in_sample"] is False and r["mode"] == "passages"
    assert r["macro_f1"] >= 0.5  # the shipped model on plainly written passages
    model = tmp_path / "m.skops"
    assert run_cli("train", "--gold", str(gold), "--out", str(model), "--no-cv").exit_code == 0
    r = json.loads(run_cli("evaluate", "--gold", str(gold), "--framing-model", str(model), "--json").output)
    assert r["in_sample"] is True


@pytest.mark.model
def test_a_run_uses_the_shipped_model_and_says_which_score_applies(tmp_path):
    out = tmp_path / "reports"
    result = run_cli("run", str(SAMPLE), "--out", str(out), "--semantic", "off")
    assert result.exit_code == 0, result.output
    import framelens

    tables = framelens.load(out / "framelens.db")
    assert tables["framing"]["mode"].iloc[-1] == "pretrained"
    index = (out / "latest" / "index.html").read_text(encoding="utf-8")
    assert "Measured on other texts, not on this corpus" in index
    # The codebook passages the project wrote are named as such, apart from the labelled articles.
    assert "wrote to illustrate the codebook (codebook_passages.jsonl), which never count in its scores" in index
    assert "0.85" not in index.split("How reliable it is.")[1].split("</p>")[0]
    # The sanction rules' reliability comes from the pack ([measures.measured]), said as measured.
    assert ("How reliable the sanctions and rewards are.</strong> Measured on 192 passages the project wrote like "
            "article paragraphs, each scored once before any change to the rules made on it") in index
    assert "(precision 0.93)" in index and "(recall 0.81)" in index
    assert "Real articles are harder than those texts" in index
    summary = (out / "latest" / "summary.md").read_text(encoding="utf-8")
    assert "Found by the domain pack's rules: measured on 192 passages" in summary and "recall 0.81" in summary
    page = next((out / "latest" / "docs").glob("*.html")).read_text(encoding="utf-8")
    assert any(f">{w} (" in page for w in ("sure", "likely", "unsure"))


CRAFTED = ["builtins.exec", "builtins.eval", "builtins.getattr", "builtins.__import__", "operator.attrgetter"]


@pytest.mark.parametrize("name", CRAFTED)
def test_a_model_file_that_would_call_a_builtin_is_refused_before_loading(name, tmp_path):
    import builtins
    import operator

    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    from framelens.errors import ConfigError
    from framelens.frames.framing_model import loads

    module, attr = name.split(".")
    func = getattr({"builtins": builtins, "operator": operator}[module], attr)
    if name == "operator.attrgetter":
        func = operator.attrgetter("system")
    data = sio.dumps({"model": FunctionTransformer(func=func), "classes": [], "numeric": [],
                      "frames_digest": "", "meta": {}})
    with pytest.raises(ConfigError, match="types framelens does not load"):
        loads(data, "crafted.skops")


@pytest.mark.model
def test_labels_from_anywhere_train_and_a_corrected_passage_keeps_the_persons_label(tmp_path, sample_copy):
    import framelens

    out = tmp_path / "reports"
    assert run_cli("run", str(sample_copy), "--out", str(out), "--semantic", "off").exit_code == 0
    tables = framelens.load(out / "framelens.db")
    rows = tables["frames"].merge(tables["passages"], on=["doc_id", "passage_idx"])
    target = rows[rows.n_words > 20].iloc[0]
    corrected = next(f for f in ("orwellian", "regulatory", "neutral") if f != target.frame)
    labels = _write_gold(tmp_path / "labels.jsonl")  # passages of other texts: extra training text
    with labels.open("a", encoding="utf-8") as f:  # one correction of a passage of this corpus, no `doc`
        f.write(json.dumps({"text": target.text, "frame": corrected}) + "\n")
    result = run_cli("run", str(sample_copy), "--out", str(out), "--semantic", "off", "--train", str(labels))
    assert result.exit_code == 0, result.output
    tables = framelens.load(out / "framelens.db")
    assert tables["framing"]["mode"].iloc[-1] == "supervised"
    frames = tables["frames"].set_index(["doc_id", "passage_idx"])
    row = frames.loc[(target.doc_id, int(target.passage_idx))]
    assert row.frame == corrected and row.probability == 1.0 and row.labelled_by == "person"
    assert (frames.labelled_by == "person").sum() == 1
    details = json.loads(tables["framing"]["details_json"].iloc[-1])
    assert details["cross_validation"]["labelled"] == 19 and details["cross_validation"]["in_corpus"] == 1
    assert details["reliability"]["basis"] == "your labels"
    page = (out / "latest" / "docs").glob("*.html")
    assert any("labelled by a person" in p.read_text(encoding="utf-8") for p in page)


def test_a_labels_file_that_cannot_train_fails_before_the_nlp_pass(tmp_path, sample_copy, monkeypatch):
    from framelens.nlp import annotate

    def no_nlp(*args, **kwargs):  # the check must come first: analysing anything is a failure here
        raise AssertionError("the NLP pass ran")

    monkeypatch.setattr(annotate, "annotate", no_nlp)
    bad = tmp_path / "labels.csv"
    bad.write_text("text,frame\n,orwellian\n", encoding="utf-8")
    result = run_cli("run", str(sample_copy), "--out", str(tmp_path / "out"), "--train", str(bad))
    assert result.exit_code == 2
    assert "no labelled passages" in result.output


@pytest.mark.model
def test_label_picks_least_sure_passages_across_documents_and_the_answers_train_the_next_run(tmp_path, sample_copy):
    import csv

    import framelens

    out = tmp_path / "reports"
    assert run_cli("run", str(sample_copy), "--out", str(out), "--semantic", "off").exit_code == 0
    to = tmp_path / "labels.csv"
    result = run_cli("label", "--out", str(out), "-n", "6", "--to", str(to))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(to.open(encoding="utf-8")))
    assert len(rows) == 6 and all(r["frame"] == "" for r in rows)
    assert len({r["doc"] for r in rows}) >= 4  # spread over documents, not one long document
    model_rows = framelens.load(out / "framelens.db")["frames"]
    assert max(float(r["probability"]) for r in rows) <= sorted(model_rows.probability)[len(model_rows) // 2]
    # Answer in the terminal: o, r, skip, n, then quit.
    asked = tmp_path / "asked.jsonl"
    result = run_cli("label", "--out", str(out), "-n", "6", "--ask", "--to", str(asked), input="o\nr\ns\nn\nq\n")
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in asked.read_text(encoding="utf-8").splitlines()]
    assert [a["frame"] for a in answers] == ["orwellian", "regulatory", "neutral"]
    result = run_cli("run", str(sample_copy), "--out", str(out), "--semantic", "off", "--train", str(asked))
    assert result.exit_code == 0, result.output
    frames = framelens.load(out / "framelens.db")["frames"].set_index(["doc_id", "passage_idx"])
    for a in answers:
        assert frames.loc[(a["doc"], a["passage_idx"])].frame == a["frame"]
        assert frames.loc[(a["doc"], a["passage_idx"])].labelled_by == "person"


@pytest.mark.model
def test_evaluate_learning_curve_grows_to_all_labels(tmp_path):
    gold = _write_gold(tmp_path / "mine.jsonl")
    result = run_cli("evaluate", "--gold", str(gold), "--learning-curve", "--json")
    assert result.exit_code == 0, result.output
    curve = json.loads(result.output)["learning_curve"]
    assert [p["labels"] for p in curve] == [10, 18]
    assert all(p["macro_f1"] is None or 0 <= p["macro_f1"] <= 1 for p in curve)
    assert all(p["prior"] for p in curve)  # the shipped model never saw these labels: it is the prior


def test_the_learning_curve_of_a_file_the_shipped_model_was_trained_on_uses_no_prior(tmp_path, monkeypatch):
    """Adapting a model that saw the held-out labels would leak them: the curve learns from the labels alone."""
    import dataclasses
    import hashlib

    from framelens.domain import load_pack
    from framelens.evaluation import gold_passages
    from framelens.frames import training

    gold = _write_gold(tmp_path / "trained_on.jsonl")
    shipped = training.load_shipped(load_pack())
    seen = dataclasses.replace(shipped, meta={**shipped.meta, "training": {
        "files": {"trained_on.jsonl": hashlib.sha256(gold.read_bytes()).hexdigest()}}})
    monkeypatch.setattr(training, "load_shipped", lambda pack: seen)
    curve = gold_passages.learning_curve(gold)
    assert [p["labels"] for p in curve] == [10, 18] and not any(p["prior"] for p in curve)
    text = gold_passages.format_passages({"gold": str(gold), "n": 18, "in_sample": False, "macro_f1": 0.5, "accuracy": 0.5,
                                          "ece": 0.1, "stance_rule_applied": 0, "per_frame": {}, "learning_curve": curve,
                                          "confusion": {"labels": [], "matrix": []}})
    assert "it is not used as a prior" in text


def test_domain_show_prints_the_codebook_the_report_uses():
    from framelens.codebook import codebook
    from framelens.domain import load_pack

    book = codebook(load_pack())
    result = run_cli("domain", "show")
    assert result.exit_code == 0, result.output
    for frame in book["frames"]:
        assert frame["description"] in result.output
        assert len(frame["examples"]) == 3  # endorsed, reported, refuted
    assert book["fallback"]["description"] in result.output
    assert "Sure / likely / unsure" in result.output and "NORP" in result.output


@pytest.mark.model
def test_every_report_page_links_the_codebook(tmp_path):
    out = tmp_path / "out"
    assert run_cli("run", str(SAMPLE), "--out", str(out), "--semantic", "off").exit_code == 0
    latest = out / "latest"
    page = (latest / "codebook.html").read_text(encoding="utf-8")
    assert "Codebook: what the labels mean" in page and "invented example" in page
    assert 'href="codebook.html"' in (latest / "index.html").read_text(encoding="utf-8")
    assert all('href="../codebook.html"' in p.read_text(encoding="utf-8") for p in (latest / "docs").glob("*.html"))


@pytest.mark.model
def test_the_index_lists_the_passages_the_model_is_unsure_of_first(tmp_path):
    import framelens

    out = tmp_path / "out"
    assert run_cli("run", str(SAMPLE), "--out", str(out), "--semantic", "off").exit_code == 0
    index = (out / "latest" / "index.html").read_text(encoding="utf-8")
    section = index.split('id="unsure"')[1].split("</section>")[0]
    frames = framelens.load(out / "framelens.db")["frames"]
    if (frames.probability < 0.6).any():
        assert "unsure (" in section and section.count("<tr>") >= 2
    else:
        assert "No passage was labelled with less than 60 % certainty" in section


def test_the_shipped_model_is_loaded_once_and_a_broken_model_file_fails_with_its_name(tmp_path):
    from framelens.domain import load_pack
    from framelens.errors import ConfigError
    from framelens.frames.stage import saved_model
    from framelens.frames.training import load_shipped, shipped_model_path

    pack = load_pack()
    assert load_shipped(pack) is saved_model(shipped_model_path(pack))
    broken = tmp_path / "broken.skops"
    broken.write_bytes(b"not a model")
    with pytest.raises(ConfigError, match="broken.skops"):
        saved_model(broken)


def test_a_heading_with_cues_is_framed_like_a_passage_and_a_bare_heading_is_neutral():
    """Issue 19: "Compliance costs far higher than estimated" carries a frame; "Background" does not."""
    import pandas as pd

    from framelens.domain import load_pack
    from framelens.frames.framing import _label_text
    from framelens.frames.text_model import make_text_model
    from framelens.frames.training import signals_of

    pack = load_pack()
    texts, frames = ORWELLIAN + REGULATORY + NEUTRAL, ["orwellian"] * 6 + ["regulatory"] * 6 + ["neutral"] * 6
    model = make_text_model(signals_of(pack), y=frames)
    model.fit(pd.DataFrame({"text": texts}), np.array(frames, dtype=object))
    heading = "Surveillance state: Big Brother watches every citizen"
    table = pd.DataFrame({
        "text": [heading, heading, "In 2019 the list held 13 million names"],
        "heading": [1.0, 0.0, 1.0],
        # the frame cues the spaCy component found: the first two carry orwellian cues
        "vote_orwellian": [3, 3, 0], "vote_regulatory": [0, 0, 0],
        "refuted_orwellian": [0, 0, 0], "endorsed_orwellian": [3, 3, 0], "reported_orwellian": [0, 0, 0],
    })
    labels, _, _ = _label_text(table, model, pack)
    assert labels.tolist()[:2] == ["orwellian", "orwellian"]  # a heading with cues: as a paragraph
    assert labels[2] == "neutral"
    bare = table.assign(vote_orwellian=0, endorsed_orwellian=0)
    assert _label_text(bare, model, pack)[0][0] == "neutral"  # the same words without cues: the fallback


def test_labelled_passages_read_the_stance_key_and_the_older_topic_bound_one(tmp_path):
    """Issue 19: the gold format uses ``stance``; files with ``stance_on_orwellian`` still read the same."""
    from framelens.frames.labelled import read_labelled

    new, old = tmp_path / "new.jsonl", tmp_path / "old.jsonl"
    rows = [{"text": REGULATORY[2], "frame": "regulatory", "url": "https://a.example/1"},
            {"text": ORWELLIAN[0], "frame": "orwellian", "url": "https://b.example/2"}]
    new.write_text("\n".join(json.dumps({**r, "stance": s}) for r, s in zip(rows, ["refuted", "endorsed"])), encoding="utf-8")
    old.write_text("\n".join(json.dumps({**r, "stance_on_orwellian": s}) for r, s in zip(rows, ["refuted", "endorsed"])),
                   encoding="utf-8")
    frames = ["orwellian", "regulatory", "neutral"]
    assert read_labelled([new], frames).stances == read_labelled([old], frames).stances == ["refuted", "endorsed"]


def test_labelled_texts_are_normalised_as_a_run_stores_passages(tmp_path):
    """The model trains on the text it will be given: one kind of space, no invisible characters."""
    from framelens.frames.labelled import read_labelled
    from framelens.ingest.clean import normalise

    raw = "Courts\u00a0blacklist debtors.\u200b They\u2009cannot fly."
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"text": raw, "frame": "regulatory"}), encoding="utf-8")
    text = read_labelled([gold], ["orwellian", "regulatory", "neutral"]).texts[0]
    assert text == normalise(raw) != raw and "\u200b" not in text and "\u00a0" not in text
