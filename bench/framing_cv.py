"""How the framing model was chosen: grouped cross-validation of candidate setups on the dev set.

Not a speed benchmark: it prints, for each setup, the dev set's frame macro-F1, neutral F1,
refuted→regulatory recall, orwellian·reported recall and calibration error, averaged over
three shuffles of 5 folds grouped by article (the seed gold's passages always train). The
stance rule is applied as in a run; its probability is the model's own here, so the ECE is
the model's before the rule's constant (``framelens train`` reports the shipped figure).

    python bench/framing_cv.py                    # the shipped setup against the alternatives
    python bench/framing_cv.py --shuffles 1 --only shipped   # or --quick

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shuffles", type=int, default=3)
    parser.add_argument("--only", action="append", help="run only this setup (repeatable)")
    parser.add_argument("--quick", action="store_true", help="the shipped setup, one shuffle (for the test suite)")
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
    data = read_labelled([GOLD / "dev_passages.jsonl", GOLD / "seed_passages.jsonl"], frames)
    texts, y = np.array(data.texts, dtype=object), np.array(data.frames, dtype=object)
    groups, stances = np.array(data.groups, dtype=object), np.array(data.stances, dtype=object)
    dev = np.array([g.startswith("dev_passages") for g in groups])
    cues = stance_weights(data.texts, pack)  # the run's spaCy components: one negation finder, one rebuttal rule

    def text_model(method: str = "temperature", C: float = 1.0, sentences: float = 0.0, seeds: float = 1.0, **params):
        """The shipped model; ``params`` change its vectorizers, ``sentences`` > 0 also trains on each
        sentence (8+ words) of the dev training passages, with the passage's frame, at that weight;
        ``seeds`` weighs the seed gold's passages (their codebook differs)."""
        def fit_predict(train, test):
            model = make_text_model(lexicon, y=y[train], C=C)
            model.named_steps["classify"].set_params(method=method)
            model.set_params(**params)
            fit_texts, fit_y, weight = list(texts[train]), list(y[train]), [1.0 if dev[i] else seeds for i in train]
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

    def average(*parts):
        def fit_predict(train, test):
            out = [p(train, test) for p in parts]
            return out[0][0], sum(p for _, p in out) / len(out)
        return fit_predict

    setups = {
        "shipped": text_model(),  # word + char TF-IDF + signals, C=1, temperature scaling
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
    }
    if embed.available() and not args.quick:
        vectors = embed.embed(list(data.texts))
        setups["MiniLM alone"] = dense(vectors)
        setups["shipped + MiniLM, averaged"] = average(text_model(), dense(vectors))
    else:
        print("(MiniLM rows skipped: the embeddings extra is not installed)")

    scored = np.flatnonzero(dev)
    for name, fit_predict in setups.items():
        if args.only and name not in args.only:
            continue
        reports = []
        for shuffle in range(args.shuffles):
            predicted, probability = np.empty(len(y), dtype=object), np.zeros(len(y))
            splitter = StratifiedGroupKFold(5, shuffle=True, random_state=shuffle)
            for _, test in splitter.split(texts[scored], y[scored], groups[scored]):
                test = scored[test]
                held = set(groups[test])
                train = np.array([i for i in range(len(y)) if groups[i] not in held])
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
