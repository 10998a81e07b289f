"""The framing classifier: self-training logistic regression on weak labels."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.semi_supervised import SelfTrainingClassifier
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, check_random_state, validate_data

UNLABELLED = -1


class FrameClassifier(ClassifierMixin, BaseEstimator):
    """Semi-supervised frame classifier: logistic regression with self-training.

    Rows labelled ``-1`` are unlabelled (scikit-learn's semi-supervised convention):
    the classifier is fitted on the labelled rows, then repeatedly adds the
    unlabelled rows it predicts with probability at least ``threshold`` and refits.
    With no unlabelled rows it is a plain (balanced) logistic regression.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength of the logistic regression.
    threshold : float, default=0.8
        Probability above which an unlabelled row joins the training set.
    max_iter : int, default=10
        Self-training rounds.
    class_weight : "balanced" or None, default="balanced"
        Weights classes inversely to their frequency among the labelled rows.
    random_state : int, RandomState instance or None, default=None
        Seed of the solver (the lbfgs solver is deterministic; kept for the contract).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The labels seen among the labelled rows.
    coef_ : ndarray of shape (n_classes, n_features)
        Weights of the final logistic regression, one row per class (binary problems
        are expanded to two rows so that ``coef_[k]`` always explains class ``k``).
    n_iter_ : ndarray of shape (1,)
        Solver iterations of the final fit.
    n_labelled_ : int
        Rows used in the final fit (labelled plus self-labelled).
    n_features_in_ : int
        Number of features seen in ``fit``.
    """

    def __init__(self, C=1.0, threshold=0.8, max_iter=10, class_weight="balanced", random_state=None):
        self.C = C
        self.threshold = threshold
        self.max_iter = max_iter
        self.class_weight = class_weight
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, y):
        """Fit on ``X`` with labels ``y`` (``-1`` marks an unlabelled row). Returns ``self``."""
        X, y = validate_data(self, X, y, accept_sparse="csr")
        check_classification_targets(y)
        if not 0 < self.threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold!r}")
        if self.C <= 0:
            raise ValueError(f"C must be positive, got {self.C!r}")
        rng = check_random_state(self.random_state)
        seed = int(rng.randint(np.iinfo(np.int32).max))
        unlabelled = _unlabelled(y)
        if unlabelled.all():
            raise ValueError("FrameClassifier needs at least one labelled row")
        base = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000, random_state=seed)
        if unlabelled.any():
            trainer = SelfTrainingClassifier(base, threshold=self.threshold, max_iter=self.max_iter).fit(X, y)
            self.estimator_ = trainer.estimator_
            self.n_labelled_ = int((trainer.labeled_iter_ >= 0).sum())
        else:
            self.estimator_ = base.fit(X, y)
            self.n_labelled_ = X.shape[0]
        self.classes_ = self.estimator_.classes_
        self.n_iter_ = self.estimator_.n_iter_
        coef = self.estimator_.coef_
        self.coef_ = np.vstack([-coef[0], coef[0]]) if len(self.classes_) == 2 else coef
        return self

    def predict_proba(self, X):
        """Probability of each class, columns in the order of ``classes_``."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return self.estimator_.predict_proba(X)

    def predict(self, X):
        """The most probable class of each row."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def decision_function(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return self.estimator_.decision_function(X)


def _unlabelled(y: np.ndarray) -> np.ndarray:
    if y.dtype.kind in "iuf":
        return y == UNLABELLED
    return np.zeros(len(y), dtype=bool)
