"""Framing: cue stance tables, the estimator contract, shares, stable clusters, determinism,
saved models, supervised training, exports, and the seed-gold targets."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import spacy
from sklearn.utils.estimator_checks import parametrize_with_checks

from framelens import load
from framelens.domain import load_pack
from framelens.frames.clusters import discover
from framelens.frames.estimator import FrameClassifier
from framelens.frames.features import votes, weak_labels
from framelens.frames.framing import document_shares, frame_passages

from .conftest import GOLD, SAMPLE, SEEDS, needs_shared, run_cli

ROOT = Path(__file__).resolve().parent.parent
PACK = load_pack()


# -- cue stance ------------------------------------------------------------------
@pytest.fixture(scope="module")
def cue_nlp():
    from framelens.nlp.spacy_model import build_nlp, resolve_model

    return build_nlp(resolve_model(None))


def stances(nlp, text: str, cue: str) -> set[str]:
    doc = nlp(text)
    return {s._.framelens_stance for s in doc.spans["framelens_cues"] if s.text.lower() == cue.lower()}


STANCE_CASES = [
    # endorsed: the author's own voice
    ("China has built an Orwellian system of control.", "Orwellian", "endorsed"),
    ("The system lets the Party monitor its citizens in real time.", "monitor its citizens", "endorsed"),
    ("The rules do not apply to foreigners. The app is a tool of mass surveillance.", "mass surveillance", "endorsed"),
    # reported: attributed to someone else
    ("Critics describe the system as Orwellian.", "Orwellian", "reported"),
    ("According to the activists, it is a dystopia in the making.", "dystopia", "reported"),
    ("Mike Pence called the system Orwellian.", "Orwellian", "reported"),
    ('It is "a dystopian nightmare", one activist said.', "dystopian", "reported"),
    # refuted: negated
    ("China is not turning into a Black Mirror episode.", "Black Mirror", "refuted"),
    ("The system is not Orwellian.", "Orwellian", "refuted"),
    # refuted: a rebuttal marker in the sentence
    ("Western fears of an Orwellian dystopia are overblown.", "Orwellian", "refuted"),
    ("The image of a dystopian score for every citizen is a myth.", "dystopian", "refuted"),
    # refuted: multi-sentence rebuttals
    ("Pence called it Orwellian. However, a national system of individual scores is far from real.", "Orwellian", "refuted"),
    ("Headlines describe a dystopia. The reality is far more mundane.", "dystopia", "refuted"),
    ("Many fear a Big Brother state. But that is not happening.", "Big Brother", "refuted"),
    ("Pence described it as Orwellian. However, the strategy is considerably less pervasive than commonly understood.", "Orwellian", "refuted"),
    # a negated counter-verb affirms what it governs: not banning surveillance keeps it
    ("The new rules will not ban mass surveillance in train stations.", "mass surveillance", "endorsed"),
    ("There is no mass surveillance in train stations.", "mass surveillance", "refuted"),
    # a negated verb denies its predicate, not its subject, unless it says the subject exists
    ("Mass surveillance does not need a court order in Xinjiang.", "Mass surveillance", "endorsed"),
    ("Mass surveillance does not exist in the cities.", "Mass surveillance", "refuted"),
    ("Such mass surveillance never happened.", "mass surveillance", "refuted"),
    # an open question is no rebuttal: "or not" offers an alternative
    ("Time will tell whether or not the scheme becomes an Orwellian state.", "Orwellian", "endorsed"),
    # "not only" adds; it denies nothing
    ("The app is not only a tool of mass surveillance but a business.", "mass surveillance", "endorsed"),
    # the typographic apostrophe of web text, which the parser may label as punctuation
    ("The system isn’t Orwellian.", "Orwellian", "refuted"),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "cue", "stance"), STANCE_CASES)
def test_cue_stance(cue_nlp, text, cue, stance):
    assert stances(cue_nlp, text, cue) == {stance}


@pytest.mark.model
def test_a_cue_inside_a_longer_name_is_part_of_the_name(cue_nlp):
    """Institutions are named, not framed: "Freedom House" holds no "freedom" cue; a person still frames."""
    assert stances(cue_nlp, "Freedom House published its annual report on the scheme in March.", "Freedom") == set()
    assert stances(cue_nlp, "The State Council issued a planning outline for the scheme in 2014.", "the State") == set()
    assert stances(cue_nlp, "Critics say the app is straight out of George Orwell.", "Orwell") == {"reported"}


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "There is no single score that rates every citizen.",
    "Talk of a surveillance nightmare is overblown.",
])
def test_rebuttal_markers_count_as_refuted_orwellian_cues(cue_nlp, text):
    doc = cue_nlp(text)
    refuted = [s for s in doc.spans["framelens_cues"] if s.label_ == "orwellian" and s._.framelens_stance == "refuted"]
    assert refuted
    found = [(s.label_, s._.framelens_stance, s._.framelens_weight) for s in doc.spans["framelens_cues"]]
    assert votes(found, PACK)["regulatory"] > votes(found, PACK)["orwellian"]


def test_cue_component_works_without_a_parser():
    nlp = spacy.blank("en")
    nlp.add_pipe("framelens_frame_cues")
    doc = nlp("It is not Orwellian. Critics say it is a dystopia.")
    by_text = {s.text: s._.framelens_stance for s in doc.spans["framelens_cues"]}
    assert by_text["Orwellian"] == "refuted"
    assert by_text["dystopia"] == "reported"


# -- the estimator ---------------------------------------------------------------------
@parametrize_with_checks(
    [FrameClassifier(random_state=0)],
    expected_failed_checks=lambda est: {
        "check_classifiers_classes": "-1 marks unlabelled rows (scikit-learn's semi-supervised convention)",
    },
)
def test_estimator_contract(estimator, check):
    check(estimator)


def test_self_training_labels_unlabelled_rows():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(-2, 0.5, (40, 2)), rng.normal(2, 0.5, (40, 2))])
    y = np.array([0] * 40 + [1] * 40)
    partial = y.copy()
    partial[5:40] = -1
    partial[45:80] = -1
    clf = FrameClassifier(random_state=0).fit(X, partial)
    assert clf.n_labelled_ > 10
    assert (clf.predict(X) == y).mean() > 0.95


# -- weak labels and shares -----------------------------------------------------------
def test_refuted_orwellian_cues_vote_regulatory():
    assert votes([("orwellian", "refuted", 3), ("orwellian", "reported", 1)], PACK) == {"orwellian": 1, "regulatory": 3}


def test_weak_labels():
    table = pd.DataFrame({
        "vote_orwellian": [6, 0, 3, 0, 2],
        "vote_regulatory": [0, 6, 3, 0, 0],
        "heading": [0, 0, 0, 1, 0],
        "log_words": np.log1p([30, 30, 30, 5, 30]),
    })
    assert weak_labels(table, PACK).tolist() == [0, 1, -1, 2, -1]


def test_document_shares_and_dominant_frame():
    labels = pd.DataFrame({
        "doc_id": ["a", "a", "b", "b", "c", "d", "d"],
        "frame": ["regulatory", "neutral", "orwellian", "regulatory", "neutral", "regulatory", "neutral"],
        "n_words": [80, 20, 50, 50, 10, 33, 67],
    })
    shares = document_shares(labels, PACK).set_index("doc_id")
    assert shares.loc["a", "share_regulatory"] == 0.8
    assert shares.loc["a", "dominant_frame"] == "regulatory"  # 100% of framed words
    assert shares.loc["b", "dominant_frame"] == "mixed"
    assert shares.loc["c", "dominant_frame"] == "neutral"
    assert shares.loc["d", "dominant_frame"] == "neutral"  # two thirds of its words are plain facts


# -- discovered framings ------------------------------------------------------------------
TOPICS = {
    "surveil": "camera surveillance monitor face recognition police watch",
    "court": "court debtor judgment repay debt enforcement judge",
    "market": "company compliance market license tax supplier audit",
}


def topic_corpus(n: int, seed: int) -> tuple[list[str], list[str]]:
    rng = np.random.RandomState(seed)
    texts, frames = [], []
    for i in range(n):
        name = list(TOPICS)[i % 3]
        words = TOPICS[name].split()
        texts.append(" ".join(rng.choice(words, 8)) + f" filler{rng.randint(5)}")
        frames.append("orwellian" if name == "surveil" else "regulatory")
    return texts, frames


def test_cluster_ids_stay_stable_when_a_document_is_added():
    texts, frames = topic_corpus(60, 0)
    first = discover(texts, frames, [10] * len(texts), seed=0, k=3)
    previous = [
        {"cluster_id": c.cluster_id, "status": c.status, "profile": c.profile} for c in first.clusters
    ]
    by_text = dict(zip(texts, first.assignments))
    more_texts, more_frames = topic_corpus(6, 1)
    # The corpus grows, and the new passages come first: KMeans's own numbering may change.
    second = discover(more_texts + texts, more_frames + frames, [10] * 66, seed=0, k=3, previous=previous)
    assert {c.status for c in second.clusters} == {"kept"}
    again = dict(zip(more_texts + texts, second.assignments))
    assert all(again[t] == by_text[t] for t in texts)
    surveil = next(c for c in second.clusters if "surveillance" in dict(c.top_terms))
    assert surveil.frame == "orwellian"


def test_unmatched_clusters_get_new_ids_and_old_ones_retire():
    texts, frames = topic_corpus(60, 0)
    previous = [{"cluster_id": 7, "status": "kept", "profile": {"banana": 1.0}},
                {"cluster_id": 9, "status": "retired", "profile": {"apple": 1.0}}]
    found = discover(texts, frames, [10] * 60, seed=0, k=3, previous=previous)
    assert sorted(c.cluster_id for c in found.clusters) == [10, 11, 12]
    assert found.retired == [7]


# -- frame_passages: determinism, saved model ---------------------------------------------
def synthetic_inputs():
    texts, _ = topic_corpus(60, 0)
    passages = pd.DataFrame({
        "doc_id": [f"d{i // 6}" for i in range(60)],
        "passage_idx": [i % 6 for i in range(60)],
        "kind": ["heading" if i % 6 == 0 else "paragraph" for i in range(60)],
        "n_words": [9] * 60,
        "lemmas": texts,
    })
    rows = []
    for i, t in enumerate(texts):
        if "camera" in t:
            rows.append((passages.doc_id[i], passages.passage_idx[i], 0, 6, "camera", "orwellian", "endorsed", 3))
        if "court" in t or "company" in t:
            rows.append((passages.doc_id[i], passages.passage_idx[i], 0, 5, "court", "regulatory", "endorsed", 3))
    cues = pd.DataFrame(rows, columns=["doc_id", "passage_idx", "start", "end", "text", "frame", "stance", "weight"])
    return passages, cues


def test_frame_passages_is_deterministic_and_explained():
    passages, cues = synthetic_inputs()
    a = frame_passages(passages, cues, PACK, seed=3)
    b = frame_passages(passages, cues, PACK, seed=3)
    pd.testing.assert_frame_equal(a.passages, b.passages)
    pd.testing.assert_frame_equal(a.documents, b.documents)
    evidence = json.loads(a.passages.evidence_json.iat[1])
    assert evidence["terms"] and all(w > 0 for _, w in evidence["terms"])


def test_saved_model_round_trip_gives_identical_labels():
    from framelens.frames.framing_model import dumps, loads

    passages, cues = synthetic_inputs()
    fitted = frame_passages(passages, cues, PACK, seed=0)
    restored = loads(dumps(fitted.saved))
    applied = frame_passages(passages, cues, PACK, seed=0, saved=restored)
    assert applied.mode == "saved"
    assert applied.passages.frame.tolist() == fitted.passages.frame.tolist()
    np.testing.assert_allclose(applied.passages.probability, fitted.passages.probability)


def test_a_foreign_or_broken_model_file_is_a_clear_error(tmp_path):
    from framelens.errors import ConfigError
    from framelens.frames.framing_model import loads

    with pytest.raises(ConfigError, match="not a framelens model"):
        loads(b"not a zip file", "junk.skops")


# -- end to end -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("framing") / "reports"
    result = run_cli("run", str(SAMPLE), "--out", str(out), "--semantic", "off")
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.model
def test_run_stores_frames_shares_clusters_and_the_model(sample_run):
    t = load(sample_run / "framelens.db", ("documents", "passages", "frames", "clusters", "framing"))
    assert len(t["frames"]) == _content_passages(t)
    frames = set(t["frames"]["frame"])
    assert frames <= {"orwellian", "regulatory", "neutral"} and len(frames) == 3
    _assert_shares_sum_to_one(t["documents"])
    assert t["documents"].set_index("doc_id").loc["orwellian_op_ed.md", "dominant_frame"] == "orwellian"
    # Clusters are shown only when refits on resamples agree (ARI >= 0.6); the sample's 55
    # passages have no such structure, and the run records how unstable they were.
    active = (t["clusters"]["status"] != "retired").sum()
    stability = json.loads(t["framing"]["details_json"].iloc[0])["cluster_stability"]
    assert (active >= 2 and stability >= 0.6) or (active == 0 and stability < 0.6)
    assert (sample_run / "latest" / "frame_model.skops").stat().st_size > 1000


@pytest.mark.model
def test_two_runs_give_identical_labels(sample_run, tmp_path):
    out = tmp_path / "again"
    assert run_cli("run", str(SAMPLE), "--out", str(out), "--semantic", "off").exit_code == 0
    columns = ["doc_id", "passage_idx", "frame", "probability", "stance", "cluster_id", "evidence_json"]
    first, second = (_frames(o, columns) for o in (sample_run, out))
    assert first.equals(second)


@pytest.mark.model
def test_frame_command_applies_a_saved_model_without_refitting(sample_run, tmp_path):
    model = sample_run / "latest" / "frame_model.skops"
    out = tmp_path / "applied"
    result = run_cli("frame", str(SAMPLE), "--framing-model", str(model), "--out", str(out), "--semantic", "off")
    assert result.exit_code == 0, result.output
    columns = ["doc_id", "passage_idx", "frame"]
    assert _frames(out, columns).equals(_frames(sample_run, columns))
    assert list(load(out / "framelens.db", ("framing",))["framing"]["mode"]) == ["saved"]
    bad = tmp_path / "bad.skops"
    bad.write_bytes(b"junk")
    result = run_cli("frame", str(SAMPLE), "--framing-model", str(bad), "--out", str(tmp_path / "x"))
    assert result.exit_code == 2 and "not a framelens model" in result.output


@pytest.mark.model
def test_a_framing_model_knows_its_pack(sample_run, tmp_path):
    """``frame`` takes the model's pack unless told otherwise, and refuses a pack with other frames
    or cues before analysing anything; ``report`` refuses a pack changed since the run."""
    from framelens.domain import BUNDLED

    model = sample_run / "latest" / "frame_model.skops"
    other = tmp_path / "other.toml"
    other.write_text((BUNDLED / "social_credit.toml").read_text(encoding="utf-8").replace(
        'key_cues = [', 'key_cues = ["panopticon state", ', 1), encoding="utf-8")
    out = tmp_path / "refused"
    result = run_cli("frame", str(SAMPLE), "--framing-model", str(model), "--domain", str(other), "--out", str(out))
    assert result.exit_code == 2 and "was fitted with the domain pack 'social_credit'" in result.output
    assert not (out / "framelens.db").exists()  # refused before the analysis

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Critics call the scoring app an Orwellian tool of control over citizens.\n", encoding="utf-8")
    pack = tmp_path / "mine.toml"
    pack.write_text((BUNDLED / "social_credit.toml").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "mine"
    assert run_cli("run", str(corpus), "--domain", str(pack), "--out", str(out), "--semantic", "off").exit_code == 0
    pack.write_text(pack.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    result = run_cli("report", "--out", str(out))
    assert result.exit_code == 2 and "changed since run" in result.output


@pytest.mark.model
def test_supervised_training_reports_cross_validated_scores(tmp_path):
    out = tmp_path / "trained"
    result = run_cli(
        "run", str(SAMPLE), "--out", str(out), "--semantic", "off",
        "--train", str(ROOT / "corpus" / "sample_gold.jsonl"),
    )
    assert result.exit_code == 0, result.output
    assert "cross-validated macro-F1" in result.output
    framing = load(out / "framelens.db", ("framing",))["framing"].iloc[0]
    mode, cv = framing["mode"], json.loads(framing["details_json"])["cross_validation"]
    assert mode == "supervised" and cv["labelled"] > 40 and 0 < cv["macro_f1"] <= 1


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_round_trips_every_table(sample_run, tmp_path, fmt):
    result = run_cli("export", "--out", str(sample_run), "--to", str(tmp_path), "--format", fmt)
    assert result.exit_code == 0, result.output
    tables = load(sample_run / "framelens.db")
    read = {"csv": pd.read_csv, "jsonl": lambda p: pd.read_json(p, lines=True), "parquet": pd.read_parquet}[fmt]
    for table in ("documents", "passages", "frames", "cues", "entities", "sanctions", "claims", "clusters", "runs"):
        path = tmp_path / f"{table}.{fmt}"
        frame = read(path) if path.stat().st_size else pd.DataFrame()
        assert len(frame) == len(tables[table]), table
    documents = read(tmp_path / f"documents.{fmt}")
    assert {"share_orwellian", "share_regulatory", "share_neutral", "dominant_frame"} <= set(documents.columns)


@pytest.mark.model
def test_export_includes_the_derived_statements_table(sample_run, tmp_path):
    import framelens

    assert run_cli("export", "--out", str(sample_run), "--to", str(tmp_path), "--format", "csv").exit_code == 0
    exported = pd.read_csv(tmp_path / "statements.csv")
    loaded = framelens.load(sample_run / "framelens.db", ("statements",))["statements"]
    assert len(exported) == len(loaded) > 0
    assert {"topic", "doc_id", "passage_idx", "start", "end", "text", "frame", "negated", "figures"} <= set(exported.columns)


def test_load_returns_dataframes(sample_run):
    import framelens

    tables = framelens.load(sample_run / "framelens.db")
    assert len(tables["frames"]) > 0 and "share_orwellian" in tables["documents"]
    assert "model" not in tables["framing"]


# -- the targets on the seed gold ---------------------------------------------------------------
SEMANTIC = ["off", pytest.param("on", marks=pytest.mark.skipif(
    not __import__("framelens.frames.embed", fromlist=["available"]).available(),
    reason="the embeddings extra is not installed",
))]


@needs_shared
@pytest.mark.model
@pytest.mark.slow
@pytest.mark.parametrize("semantic", SEMANTIC)
def test_seed_gold_framing_targets(semantic):
    from framelens.config import FramingOptions
    from framelens.evaluation import evaluate_framing
    from framelens.nlp.spacy_model import resolve_model

    r = evaluate_framing(GOLD, SEEDS, model=resolve_model(None), framing=FramingOptions(semantic=semantic))
    assert r["passages"]["scored"] == 143
    assert r["frames"]["macro_f1"] >= 0.80
    assert r["stance"]["refuted_recall"]["accuracy"] >= 0.80
    assert r["documents"]["mae"]["orwellian"] <= 0.10
    assert r["frames"]["macro_f1"] > r["keyword_baseline"]["macro_f1"]


def _frames_run(paths, out, **kw):
    from framelens.config import FramingOptions, RunConfig
    from framelens.pipeline import run_pipeline

    return run_pipeline(RunConfig(paths=tuple(paths), out=out, framing=FramingOptions(semantic="off"), **kw))


def _frames(out: Path, columns: list[str]) -> pd.DataFrame:
    frames = load(out / "framelens.db", ("frames",))["frames"][columns]
    return frames.sort_values(["doc_id", "passage_idx"]).reset_index(drop=True)


def _content_passages(t) -> int:
    """Passages the framing reads: of ok documents, neither boilerplate nor repeats."""
    ok = t["documents"][t["documents"]["status"] == "ok"]["doc_id"]
    p = t["passages"]
    return int((p["doc_id"].isin(ok) & (p["is_boilerplate"] == 0) & (p["is_duplicate"] == 0)).sum())


def _assert_shares_sum_to_one(documents) -> None:
    ok = documents[documents["status"] == "ok"]
    total = ok["share_orwellian"] + ok["share_regulatory"] + ok["share_neutral"]
    assert ((total - 1).abs() < 0.01).all() and ok["dominant_frame"].notna().all()


def _rows(out):
    t = load(out / "framelens.db", ("documents", "passages", "frames", "framing"))
    f = t["frames"]
    frames = dict(zip(f["doc_id"] + "#" + f["passage_idx"].astype(str), f["run_id"]))
    return _content_passages(t), frames, list(t["framing"].sort_values("run_id")["mode"])


@pytest.mark.model
def test_a_small_change_is_labelled_with_the_last_fit_and_full_refits(sample_copy, tmp_path, monkeypatch):
    from framelens.frames import stage as framing_run

    monkeypatch.setattr(framing_run, "UPDATE_SHARE", 0.5)
    out = tmp_path / "out"
    first = _frames_run([sample_copy], out)
    content, frames, modes = _rows(out)
    assert len(frames) == content and modes == ["pretrained"]
    doc = sample_copy / "mythbusting.md"
    doc.write_text(doc.read_text() + "\nCritics still call it an Orwellian surveillance system.\n")
    second = _frames_run([sample_copy], out)
    content, frames2, modes = _rows(out)
    assert modes == ["pretrained", "update"] and second.framing["mode"] == "update"
    assert len(frames2) == content  # every content passage labelled, the new one too
    relabelled = {k for k, run in frames2.items() if run == second.run_id}
    assert relabelled and all(k.startswith("mythbusting.md#") for k in relabelled)
    assert all(frames2[k] == first.run_id for k in frames2 if not k.startswith("mythbusting.md#"))
    _frames_run([sample_copy], out, full=True)
    assert _rows(out)[2][-1] == "pretrained"  # --full frames everything again


@pytest.mark.model
def test_a_large_corpus_is_fitted_on_a_sample_and_labelled_in_batches(sample_copy, tmp_path, monkeypatch):
    from framelens.frames import stage as framing_run

    monkeypatch.setattr(framing_run, "LARGE_CORPUS", 10)
    monkeypatch.setattr(framing_run, "FIT_SAMPLE", 25)
    monkeypatch.setattr(framing_run, "BATCH", 8)
    out = tmp_path / "out"
    result = _frames_run([sample_copy], out)
    content, frames, _ = _rows(out)
    assert len(frames) == content and result.framing["mode_of_fit"] == "sample"
    assert 25 <= result.framing["fit_passages"] < content
    _assert_shares_sum_to_one(load(out / "framelens.db", ("documents",))["documents"])


def test_clusters_are_kept_only_when_resamples_agree():
    import random

    texts, frames = topic_corpus(60, 0)
    stable = discover(texts, frames, [10] * len(texts), seed=0, k=3)
    assert stable.stability >= 0.6 and len(stable.clusters) == 3
    # Words drawn at random from one vocabulary: any grouping is noise and changes on resampling.
    rng = random.Random(0)
    vocabulary = sorted({"".join(rng.choice("abcdefghijklmnop") for _ in range(6)) for _ in range(300)})
    noise = [" ".join(rng.choice(vocabulary) for _ in range(12)) for _ in range(80)]
    unstable = discover(noise, ["neutral"] * 80, [12] * 80, seed=0, k=4,
                        previous=[{"cluster_id": 7, "status": "kept", "profile": {vocabulary[0]: 1.0}}])
    assert unstable.stability < 0.6 and unstable.clusters == [] and (unstable.assignments == -1).all()
    assert unstable.retired == [7]


def test_the_plain_text_negation_finder_skips_alternatives_and_additions():
    from framelens.nlp.negation import text_negation_finder

    negated = text_negation_finder(["not", "never", "no"])
    assert negated("The score does not exist.") and negated("It doesn’t exist.") and negated("It doesn't.")
    assert not negated("Time will tell whether or not it stays voluntary.")
    assert not negated("Debtors are not only named but shamed.")
    assert negated("Debtors are not named, only listed.")
