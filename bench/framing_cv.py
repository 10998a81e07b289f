"""How the framing model was chosen: grouped cross-validation of candidate setups on the dev set.

Not a speed benchmark: it prints, for each setup, the dev set's frame macro-F1, neutral F1,
refuted→regulatory recall, orwellian·reported recall and calibration error, averaged over
three shuffles of 5 folds grouped by article (the seed gold's passages and the project's
``corpus/codebook_passages.jsonl`` always train, as in ``framelens train``). The
stance rule is applied as in a run; its probability is the model's own here, so the ECE is
the model's before the rule's constant (``framelens train`` reports the shipped figure).

    python bench/framing_cv.py                    # the shipped setup against the alternatives
    python bench/framing_cv.py --shuffles 1 --only shipped   # or --quick
    python bench/framing_cv.py --learning-curve --shuffles 5  # would more labels help?

Needs ../shared/gold (dev_passages.jsonl, seed_passages.jsonl). The MiniLM rows need the
``embeddings`` extra and are skipped without it. A 256-dimension ``model2vec`` distillation
of the packaged MiniLM was also measured (0.751 alone, 0.772 averaged with the shipped
setup) with a scratch script: model2vec is not a framelens dependency.
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "gold"
CODEBOOK = Path(__file__).resolve().parent.parent / "corpus" / "codebook_passages.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shuffles", type=int, default=3)
    parser.add_argument("--only", action="append", help="run only this setup (repeatable)")
    parser.add_argument("--quick", action="store_true", help="the shipped setup, one shuffle (for the test suite)")
    parser.add_argument("--learning-curve", action="store_true",
                        help="the shipped setup trained on 25, 50, 75 and 100 %% of the dev training articles")
    args = parser.parse_args()
    if args.quick:
        args.shuffles, args.only = 1, ["shipped"]
    if not (GOLD / "dev_passages.jsonl").is_file():
        raise SystemExit(f"needs {GOLD}/dev_passages.jsonl and seed_passages.jsonl (not shared here)")
    warnings.filterwarnings("ignore")

    import pandas as pd
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    from framelens.domain import load_pack
    from framelens.frames import embed
    from framelens.frames.labelled import read_labelled
    from framelens.frames.text_model import (
        frame_report,
        make_text_model,
        stance_override,
    )
    from framelens.frames.training import signals_of, stance_weights

    pack = load_pack()
    frames, lexicon = list(pack.frame_names), signals_of(pack)
    data = read_labelled([GOLD / "dev_passages.jsonl", GOLD / "seed_passages.jsonl", CODEBOOK], frames)
    texts, y = np.array(data.texts, dtype=object), np.array(data.frames, dtype=object)
    groups, stances = np.array(data.groups, dtype=object), np.array(data.stances, dtype=object)
    dev = np.array([g.startswith("dev_passages") for g in groups])
    seed = np.array([g.startswith("seed_passages") for g in groups])
    book = np.array([g.startswith(CODEBOOK.name) for g in groups])
    cues = stance_weights(data.texts, pack)  # the run's spaCy components: one negation finder, one rebuttal rule

    def text_model(method: str = "temperature", C: float = 1.0, sentences: float = 0.0, seeds: float = 1.0,
                   codebook: bool = True, **params):
        """The shipped model; ``params`` change its vectorizers, ``sentences`` > 0 also trains on each
        sentence (8+ words) of the dev training passages, with the passage's frame, at that weight;
        ``seeds`` weighs the seed gold's passages (their codebook differs); ``codebook=False`` leaves
        the project's codebook passages out."""
        def fit_predict(train, test):
            train = np.array([i for i in train if codebook or not book[i]])
            model = make_text_model(lexicon, y=y[train], C=C)
            model.named_steps["classify"].set_params(method=method)
            model.set_params(**params)
            fit_texts, fit_y, weight = list(texts[train]), list(y[train]), [seeds if seed[i] else 1.0 for i in train]
            for i in train if sentences else []:
                parts = [s for s in re.split(r"(?<=[.!?])\s+", texts[i]) if len(s.split()) >= 8]
                if dev[i] and len(parts) > 1:
                    fit_texts += parts
                    fit_y += [y[i]] * len(parts)
                    weight += [sentences] * len(parts)
            model.fit(pd.DataFrame({"text": fit_texts}), np.array(fit_y, dtype=object),
                      classify__sample_weight=np.array(weight))
            return model.classes_, model.predict_proba(pd.DataFrame({"text": list(texts[test])}))
        return fit_predict

    def subclasses():
        """The shipped model fitted on frame·stance sub-classes (orwellian·endorsed, orwellian·reported,
        regulatory·refuted, the rest by frame), their probabilities summed back to frames."""
        split = {("orwellian", "endorsed"), ("orwellian", "reported"), ("regulatory", "refuted")}
        fine = np.array([f"{f}|{s}" if (f, s) in split else f for f, s in zip(y, stances)], dtype=object)

        def fit_predict(train, test):
            model = make_text_model(lexicon, y=fine[train]).fit(pd.DataFrame({"text": list(texts[train])}), fine[train])
            proba = model.predict_proba(pd.DataFrame({"text": list(texts[test])}))
            out = np.zeros((len(test), len(frames)))
            for j, c in enumerate(model.classes_):
                out[:, frames.index(str(c).split("|")[0])] += proba[:, j]
            return np.array(frames, dtype=object), out
        return fit_predict

    def two_stages(train, test):
        """Neutral or not first, then orwellian or regulatory among the framed (two shipped models)."""
        fit, new = pd.DataFrame({"text": list(texts[train])}), pd.DataFrame({"text": list(texts[test])})
        framed = np.where(y[train] == "neutral", "neutral", "framed").astype(object)
        first = make_text_model(lexicon, y=framed).fit(fit, framed)
        keep = y[train] != "neutral"
        second = make_text_model(lexicon, y=y[train][keep]).fit(fit[keep].reset_index(drop=True), y[train][keep])
        neutral = first.predict_proba(new)[:, list(first.classes_).index("neutral")]
        out = np.zeros((len(test), len(frames)))
        out[:, frames.index("neutral")] = neutral
        for j, c in enumerate(second.classes_):
            out[:, frames.index(str(c))] = (1 - neutral) * second.predict_proba(new)[:, j]
        return np.array(frames, dtype=object), out

    def dense(vectors):
        def fit_predict(train, test):
            base = LogisticRegression(max_iter=5000, class_weight="balanced")
            model = CalibratedClassifierCV(base, method="temperature", cv=StratifiedKFold(5, shuffle=True, random_state=0))
            model.fit(vectors[train], y[train])
            return model.classes_, model.predict_proba(vectors[test])
        return fit_predict

    def naive_bayes(alpha: float):
        def fit_predict(train, test):
            model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True), MultinomialNB(alpha=alpha))
            model.fit(list(texts[train]), y[train])
            return model.classes_, model.predict_proba(list(texts[test]))
        return fit_predict

    def with_vectors(vectors, weight):
        """The shipped model with the passages' embeddings (times ``weight``) as one more feature block."""
        from sklearn.preprocessing import FunctionTransformer

        row = {t: i for i, t in enumerate(texts)}
        lookup = FunctionTransformer(lambda X: vectors[[row[t] for t in X["text"]]] * weight)

        def fit_predict(train, test):
            model = make_text_model(lexicon, y=y[train])
            model.named_steps["features"].transformer_list.append(("vectors", lookup))
            model.fit(pd.DataFrame({"text": list(texts[train])}), y[train])
            return model.classes_, model.predict_proba(pd.DataFrame({"text": list(texts[test])}))
        return fit_predict

    def average(*parts):
        def fit_predict(train, test):
            out = [p(train, test) for p in parts]
            return out[0][0], sum(p for _, p in out) / len(out)
        return fit_predict

    setups = {
        "shipped": text_model(),  # word + char TF-IDF + signals, C=1, temperature scaling
        "without the codebook passages (before)": text_model(codebook=False),
        "sigmoid calibration (before)": text_model("sigmoid"),
        "isotonic calibration": text_model("isotonic"),
        "C=0.5": text_model(C=0.5),
        "C=2": text_model(C=2.0),
        "word max_df 0.5": text_model(features__words__tfidf__max_df=0.5),
        "English stop words dropped": text_model(features__words__tfidf__stop_words="english"),
        "no word TF-IDF": text_model(features__words="drop"),
        "no character TF-IDF": text_model(features__chars="drop"),
        "sentences as extra examples (0.1)": text_model(sentences=0.1),
        "word 1-2 grams": text_model(features__words__tfidf__ngram_range=(1, 2)),
        "word 1-3 grams": text_model(features__words__tfidf__ngram_range=(1, 3)),
        "seed passages at weight 0.5": text_model(seeds=0.5),
        "seed passages at weight 2": text_model(seeds=2.0),
        "linear SVM (C 0.1) instead of the regression": text_model(
            classify__estimator=LinearSVC(C=0.1, class_weight="balanced")),
        "regression without balanced class weights": text_model(classify__estimator__class_weight=None),
        "naive Bayes, word 1-2 grams": naive_bayes(0.1),
        "shipped and naive Bayes, averaged": average(text_model(), naive_bayes(0.1)),
        "frame·stance sub-classes": subclasses(),
        "two stages (neutral first)": two_stages,
        "words 0.7, characters 0.7": text_model(features__transformer_weights={"words": 0.7, "chars": 0.7}),
    }
    if embed.available() and not args.quick:
        vectors = embed.embed(list(data.texts))
        setups["MiniLM alone"] = dense(vectors)
        setups["shipped + MiniLM, averaged"] = average(text_model(), dense(vectors))
        setups["shipped + MiniLM as features (0.5)"] = with_vectors(vectors, 0.5)
    else:
        print("(MiniLM rows skipped: the embeddings extra is not installed)")

    scored = np.flatnonzero(dev)
    runs = [(name, fit_predict, 1.0) for name, fit_predict in setups.items() if not args.only or name in args.only]
    if args.learning_curve:
        runs = [(f"shipped, {share:.0%} of the dev training articles", setups["shipped"], share)
                for share in (0.25, 0.5, 0.75, 1.0)]
    for name, fit_predict, share in runs:
        reports = []
        for shuffle in range(args.shuffles):
            predicted, probability = np.empty(len(y), dtype=object), np.zeros(len(y))
            splitter = StratifiedGroupKFold(5, shuffle=True, random_state=shuffle)
            rng = np.random.default_rng(shuffle)
            for _, test in splitter.split(texts[scored], y[scored], groups[scored]):
                test = scored[test]
                held = set(groups[test])
                articles = sorted({groups[i] for i in scored} - held)
                kept = set(rng.permutation(articles)[:round(share * len(articles))])
                train = np.array([i for i in range(len(y)) if groups[i] not in held and (not dev[i] or groups[i] in kept)])
                classes, proba = fit_predict(train, test)
                classes = [str(c) for c in classes]
                labels = np.array([classes[i] for i in proba.argmax(axis=1)], dtype=object)
                labels, chosen, _ = stance_override(labels, proba, classes, cues.iloc[test], pack.refuted_as)
                predicted[test], probability[test] = labels, chosen
            reports.append(frame_report(y[scored], predicted[scored], probability[scored], stances[scored],
                                        frames, pack.refuted_as))
        mean = lambda get: np.mean([get(r) for r in reports])  # noqa: E731
        print(f"{name:32s} macro-F1 {mean(lambda r: r['macro_f1']):.3f} "
              f"[{' '.join('%.3f' % r['macro_f1'] for r in reports)}]  "
              f"neutral F1 {mean(lambda r: r['per_frame']['neutral']['f1']):.3f}  "
              f"refuted {mean(lambda r: r['refuted_orwellian_as_regulatory_recall']['recall']):.3f}  "
              f"reported {mean(lambda r: r['orwellian_reported_recall']['recall']):.3f}  "
              f"ECE {mean(lambda r: r['ece']):.3f}", flush=True)

if __name__ == "__main__":
    main()
