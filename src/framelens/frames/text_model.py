"""The learning-first framing model: labelled text in, calibrated frame probabilities out.

The pipeline reads a passage's raw ``text`` and nothing else, so a fitted model carries
all of its feature code (skops saves it whole) and can be trained on any labelled
passages without a corpus:

- ``words``: TF-IDF of word unigrams (readable explanations);
- ``chars``: TF-IDF of character 2–5-grams within words (spelling variants, morphology,
  typos of web text);
- ``signals``: how a passage frames, not what it is about — counts of the pack's
  ``[framing.signals]`` word lists (evaluative language, purpose clauses, attribution,
  rebuttal, hedging, figures), see :class:`FramingSignals`.

A logistic regression is calibrated by scikit-learn's ``CalibratedClassifierCV``
(temperature scaling, internal cross-validation), so "0.9" means right about nine times
in ten on text like the training text. Temperature scaling fits one parameter to the
multinomial log-odds, so it keeps the regression's ranking of frames; one-vs-rest sigmoid
calibration, used before, left the labels under-confident (0.76 meant right 91 % of the
time) and moved some argmaxes. Grouped cross-validation (by article) measures how it does
on articles it never saw: the only figure worth quoting.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

if TYPE_CHECKING:
    from .labelled import Labelled

#: Weight of the signal block next to the TF-IDF blocks (chosen by grouped CV on the dev set).
SIGNAL_WEIGHT = 0.1
C = 1.0
CV_FOLDS = 5
#: Character n-grams kept (the most frequent): the model file stays a few MB.
CHAR_FEATURES = 30_000


class FramingSignals(TransformerMixin, BaseEstimator):
    """Counts of word-list hits per signal, log-scaled and per 10 words, standardised.

    Parameters
    ----------
    lexicon : dict of str to list of str
        Signal name → terms. A term matches case-insensitively as whole words; a trailing
        ``*`` matches any word ending ("surveil*"); ``#`` stands for any number.
    weight : float, default=0.1
        Multiplies the standardised values (their weight against the TF-IDF blocks).

    Attributes
    ----------
    names_ : list of str
        The signal names, in column order (each gives a ``log_`` and a ``rate_`` column).
    mean_, scale_ : ndarray
        Standardisation learned in ``fit``.
    """

    def __init__(self, lexicon=None, weight=SIGNAL_WEIGHT):
        self.lexicon = lexicon
        self.weight = weight

    def fit(self, X, y=None):
        self.names_ = sorted(self.lexicon or {})
        raw = self._counts(X)
        self.mean_ = raw.mean(axis=0) if len(raw) else np.zeros(raw.shape[1])
        scale = raw.std(axis=0) if len(raw) else np.ones(raw.shape[1])
        self.scale_ = np.where(scale > 0, scale, 1.0)
        return self

    def transform(self, X):
        check_is_fitted(self, "names_")
        return (self._counts(X) - self.mean_) / self.scale_ * self.weight

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "names_")
        return np.array([f"{kind}_{n}" for kind in ("log", "rate") for n in self.names_] + ["log_words"], dtype=object)

    def _counts(self, X) -> np.ndarray:
        patterns = [_compile(tuple((self.lexicon or {})[n])) for n in sorted(self.lexicon or {})]
        rows = []
        for text in _texts(X):
            n = max(len(text.split()), 1)
            hits = [len(p.findall(text)) if p is not None else 0 for p in patterns]
            rows.append([*np.log1p(hits), *(np.array(hits, dtype=float) * 10 / n), np.log1p(n)])
        return np.array(rows, dtype=float).reshape(len(rows), 2 * len(patterns) + 1)


class ShippedPrior(TransformerMixin, BaseEstimator):
    """A fitted framing model's log-probabilities as features: what a user's labels adapt.

    The user's few labels cannot retrain the shipped model (its training texts do not ship),
    so a new model reads the shipped model's judgement as a feature beside the words. With
    few labels it leans on that judgement; with many, on the words.

    Parameters
    ----------
    model : fitted Pipeline
        A text model (``text`` column in, ``predict_proba`` out); never refitted.
    weight : float, default=1.0
        Multiplies the log-probabilities.
    """

    def __init__(self, model=None, weight=1.0):
        self.model = model
        self.weight = weight

    def fit(self, X, y=None):
        if self.model is None:
            raise ValueError("ShippedPrior needs a fitted model")
        self.classes_ = np.array([str(c) for c in self.model.classes_], dtype=object)
        return self

    def transform(self, X):
        check_is_fitted(self, "classes_")
        import pandas as pd

        proba = self.model.predict_proba(pd.DataFrame({"text": _texts(X)}))
        return np.log(np.clip(proba, 1e-4, 1.0)) * self.weight

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "classes_")
        return np.array([f"prior_{c}" for c in self.classes_], dtype=object)


class CompactTfidfVectorizer(TfidfVectorizer):
    """scikit-learn's ``TfidfVectorizer``, saved with its vocabulary as one array of terms.

    skops writes every entry of a ``vocabulary_`` dict as a node of its own: the shipped
    model's 21,000 terms took 0.35–1 s to load, more than the rest of the model together.
    Saved as a NumPy string array in index order, they load in milliseconds; the fitted
    vectorizer is otherwise unchanged (same features, same predictions).
    """

    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: object.__getstate__ returns the live __dict__
        vocabulary = state.pop("vocabulary_", None)
        if isinstance(vocabulary, dict):
            state["vocabulary_terms_"] = np.array(sorted(vocabulary, key=vocabulary.__getitem__), dtype=str)
        return state

    def __setstate__(self, state):
        state = dict(state)
        terms = state.pop("vocabulary_terms_", None)
        super().__setstate__(state)
        if terms is not None:
            self.vocabulary_ = {term: i for i, term in enumerate(terms.tolist())}


def _compile(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex of whole-word alternatives; ``*`` = any word ending, ``#`` = a number."""
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        body = re.escape(term.strip().lower()).replace(r"\*", r"[\w'-]*").replace(r"\#", r"\d[\d,.]*")
        body = body.replace(r"\ ", r"\s+")
        parts.append(body)
    if not parts:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)


def _texts(X) -> list[str]:
    """The ``text`` column of a DataFrame, or a sequence of strings."""
    if hasattr(X, "columns"):
        X = X["text"]
    return ["" if t is None else str(t) for t in (X.tolist() if hasattr(X, "tolist") else X)]


def text_column(X):
    """The ``text`` column as a list (a named function, so skops saves it by reference)."""
    return _texts(X)


def make_text_model(lexicon: Mapping[str, Sequence[str]], *, seed: int = 0, C: float = C, y: Sequence[str] | None = None,
                    prior=None):
    """Word and character TF-IDF + framing signals → calibrated logistic regression.

    ``y`` (the labels it will be fitted on) sets the calibration folds: at most 5, at most
    the rarest frame's count; with fewer than 2 passages of some frame it is not calibrated.
    ``prior`` (a fitted text model) adds its log-probabilities as features (:class:`ShippedPrior`).
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    text = FunctionTransformer(text_column, feature_names_out="one-to-one")
    features = FeatureUnion([
        ("words", Pipeline([("text", text), ("tfidf", CompactTfidfVectorizer(sublinear_tf=True, min_df=2))])),
        ("chars", Pipeline([("text", text), ("tfidf", CompactTfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, max_features=CHAR_FEATURES))])),
        ("signals", FramingSignals({k: list(v) for k, v in lexicon.items()})),
        *([("prior", ShippedPrior(prior))] if prior is not None else []),
    ])
    base = LogisticRegression(C=C, max_iter=5000, class_weight="balanced", random_state=seed)
    folds = CV_FOLDS
    if y is not None:
        _, counts = np.unique(np.asarray(y, dtype=object).astype(str), return_counts=True)
        folds = int(min(CV_FOLDS, counts.min()))
    if folds < 2:
        return Pipeline([("features", features), ("classify", base)])
    calibrated = CalibratedClassifierCV(
        base, method="temperature", cv=StratifiedKFold(folds, shuffle=True, random_state=seed), ensemble=False
    )
    return Pipeline([("features", features), ("classify", calibrated)])


def linear_part(model) -> Any:
    """The fitted logistic regression inside the calibration (for explanations)."""
    clf = model.named_steps["classify"]
    inner = getattr(clf, "calibrated_classifiers_", None)
    return inner[0].estimator if inner else clf


def explain_text(model, features, labels: Sequence[str], top: int = 5) -> list[list[tuple[str, float]]]:
    """For each row, the readable features (words, signals) that pushed it most towards its label."""
    from scipy import sparse

    X = sparse.csr_matrix(features)
    lr = linear_part(model)
    names = model.named_steps["features"].get_feature_names_out()
    readable = np.array([not n.startswith("chars__") for n in names])
    short = [n.split("__", 1)[-1] for n in names]
    # The model's labels, in the order of the regression's rows (inside a temperature
    # calibration the regression is fitted on their codes 0, 1, 2...).
    index = {c: i for i, c in enumerate(model.classes_)}
    coef = lr.coef_ if len(lr.classes_) > 2 else np.vstack([-lr.coef_[0], lr.coef_[0]])
    out = []
    for r, label in enumerate(labels):
        row = X.getrow(r)
        cols, vals = row.indices, row.data
        weights = vals * coef[index[label], cols]
        keep = readable[cols] & (weights > 0)
        cols, weights = cols[keep], weights[keep]
        order = np.argsort(-weights, kind="stable")[:top]
        out.append([(short[cols[j]], round(float(weights[j]), 3)) for j in order])
    return out


def stance_override(labels: np.ndarray, proba: np.ndarray, classes: Sequence[str], cues: Any,
                    refuted_as: Mapping[str, str], *, rule_precision: float | None = None,
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The codebook's stance rule on top of the model: a passage that raises a frame to reject it.

    Where the model says frame F, F has a ``refuted_as`` frame G, and the weight of F's
    refuted cues (negated, or inside a rebuttal: found by the ``framelens_frame_cues``
    component) is at least that of its endorsed and reported cues, the label is G. Its
    probability is ``rule_precision`` — how often the rule was right in the model's grouped
    cross-validation — or, without it, the model's own probability of G.
    ``cues`` has ``refuted_<f>``, ``endorsed_<f>`` and ``reported_<f>`` columns.
    Returns (labels, probabilities, overridden mask).
    """
    labels = np.array(labels, dtype=object)
    index = {c: i for i, c in enumerate(classes)}
    probability = proba[np.arange(len(labels)), [index[str(l)] for l in labels]] if len(labels) else np.zeros(0)
    changed = np.zeros(len(labels), dtype=bool)
    for frame, other in refuted_as.items():
        if frame not in index or other not in index or f"refuted_{frame}" not in cues:
            continue
        refuted = np.asarray(cues[f"refuted_{frame}"], dtype=float)
        held = np.asarray(cues[f"endorsed_{frame}"], dtype=float) + np.asarray(cues[f"reported_{frame}"], dtype=float)
        flip = (labels == frame) & (refuted > 0) & (refuted >= held)
        labels[flip] = other
        probability = np.where(flip, rule_precision if rule_precision is not None else proba[:, index[other]],
                               probability)
        changed |= flip
    return labels, probability, changed


# --- training data --------------------------------------------------------------------------


# --- scores ---------------------------------------------------------------------------------


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Weighted mean gap between confidence and accuracy over equal-width confidence bins."""
    confidence, correct = np.asarray(confidence, float), np.asarray(correct, float)
    if not len(confidence):
        return 0.0
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    gap = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            gap += mask.mean() * abs(confidence[mask].mean() - correct[mask].mean())
    return float(gap)


def frame_report(gold: Sequence[str], predicted: Sequence[str], probability: Sequence[float],
                 stances: Sequence[str], frames: Sequence[str], refuted_as: dict[str, str]) -> dict[str, Any]:
    """Macro-F1, per-frame P/R/F1, stance-form recalls and calibration error of predictions."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    gold, predicted = np.asarray(gold, dtype=object), np.asarray(predicted, dtype=object)
    present = [f for f in frames if (gold == f).any()]
    p, r, f1, support = precision_recall_fscore_support(gold, predicted, labels=present, zero_division=0)
    out: dict[str, Any] = {
        "n": int(len(gold)),
        "macro_f1": round(float(np.mean(f1)), 4) if present else 0.0,
        "accuracy": round(float((gold == predicted).mean()), 4) if len(gold) else 0.0,
        "per_frame": {f: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                          "f1": round(float(f1[i]), 4), "support": int(support[i])} for i, f in enumerate(present)},
        "ece": round(expected_calibration_error(np.asarray(probability), gold == predicted), 4),
        "confusion": {"labels": list(frames),
                      "matrix": confusion_matrix(gold, predicted, labels=list(frames)).tolist()},
    }
    stances = np.asarray(stances, dtype=object)
    for frame, other in refuted_as.items():
        mask = (stances == "refuted") & (gold == other)
        if mask.any():
            out[f"refuted_{frame}_as_{other}_recall"] = {
                "recall": round(float((predicted[mask] == other).mean()), 4), "n": int(mask.sum())}
        for form in ("reported", "endorsed"):
            mask = (stances == form) & (gold == frame)
            if mask.any():
                out[f"{frame}_{form}_recall"] = {"recall": round(float((predicted[mask] == frame).mean()), 4),
                                                 "n": int(mask.sum())}
    return out


def grouped_cv(make, data: Labelled, score_mask: np.ndarray, *, frames: Sequence[str], refuted_as: dict[str, str],
               seed: int = 0, folds: int = CV_FOLDS, cues: Any = None) -> dict[str, Any]:
    """Cross-validated scores, folds grouped by article: no article is in both training and test.

    Every row in ``score_mask`` is predicted by a model that saw none of its article's
    passages (the other rows always train: e.g. the seed passages while the dev set is
    scored). With ``cues`` (stance weights per row), the stance rule is applied as in a run.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    X = np.array(data.texts, dtype=object)
    y = np.array(data.frames, dtype=object)
    groups = np.array(data.groups, dtype=object)
    n_groups = len(set(groups[score_mask].tolist()))
    _, per_frame = np.unique(y[score_mask].astype(str), return_counts=True)
    folds = max(2, min(folds, n_groups, int(per_frame.max())))
    predicted = np.empty(len(y), dtype=object)
    probability = np.zeros(len(y))
    flipped = np.zeros(len(y), dtype=bool)
    splitter = StratifiedGroupKFold(folds, shuffle=True, random_state=seed)
    scored = np.flatnonzero(score_mask)
    with warnings.catch_warnings():  # a rare frame in few articles: folds are uneven, and that is fine
        warnings.simplefilter("ignore", UserWarning)
        splits = list(splitter.split(X[scored], y[scored], groups[scored]))
    for train, test in splits:
        test_rows = scored[test]
        held_out = set(groups[test_rows].tolist())
        train_rows = np.array([i for i in range(len(y)) if groups[i] not in held_out], dtype=int)
        model = make(y[train_rows]).fit(_frame(X[train_rows]), y[train_rows])
        proba = model.predict_proba(_frame(X[test_rows]))
        classes = [str(c) for c in model.classes_]
        labels = np.array([classes[i] for i in proba.argmax(axis=1)], dtype=object)
        if cues is not None:
            labels, chosen, changed = stance_override(labels, proba, classes, cues.iloc[test_rows], refuted_as)
            flipped[test_rows] = changed
        else:
            chosen = proba.max(axis=1)
        predicted[test_rows] = labels
        probability[test_rows] = chosen
    rule = {"flipped": int(flipped[scored].sum()),
            "correct": int((flipped[scored] & (predicted[scored] == y[scored])).sum())}
    # What the rule's labels are worth, measured here (Laplace-smoothed): the probability a run gives them.
    rule["precision"] = round((rule["correct"] + 1) / (rule["flipped"] + 2), 3)
    probability[flipped] = rule["precision"]
    report = frame_report(y[scored], predicted[scored], probability[scored],
                          np.array(data.stances, dtype=object)[scored], frames, refuted_as)
    report["folds"] = folds
    report["grouped_by"] = "article (url, else document)"
    report["stance_rule"] = rule
    return report


def _frame(texts):
    import pandas as pd

    return pd.DataFrame({"text": list(texts)})
