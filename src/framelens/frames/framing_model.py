"""The framing model: features → ``FrameClassifier``, as one scikit-learn Pipeline.

``make_model`` builds it; ``explain`` names the features behind each label; ``dumps`` /
``loads`` save and restore it with skops (never pickle): a loaded file may only contain
the types skops trusts by default and the few listed in ``TRUSTED_TYPES``.
"""

from __future__ import annotations

import functools
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ConfigError
from .estimator import FrameClassifier

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

#: Terms must appear in this many passages to be features (when the corpus is big enough).
MIN_DF = 2
MAX_FEATURES = 50_000
#: The types a saved model may hold beyond those skops trusts by default (scikit-learn
#: estimators, NumPy and SciPy containers). Named one by one: a prefix such as "builtins."
#: would let a crafted file call ``exec`` or ``eval`` while it loads.
TRUSTED_TYPES = frozenset({
    "framelens.frames.estimator.FrameClassifier",
    "framelens.frames.text_model.CompactTfidfVectorizer",
    "framelens.frames.text_model.FramingSignals",
    "framelens.frames.text_model.ShippedPrior",
    "framelens.frames.text_model.text_column",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.calibration._TemperatureScaling",
    "sklearn.model_selection._split.StratifiedKFold",
})


def make_model(numeric: list[str], *, seed: int, n_rows: int, C: float = 1.0) -> Pipeline:
    """TF-IDF of ``lemmas`` + log-scaled numeric columns → ``FrameClassifier``."""
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    from .text_model import CompactTfidfVectorizer

    terms = CompactTfidfVectorizer(
        sublinear_tf=True,
        min_df=MIN_DF if n_rows >= 50 else 1,
        max_df=0.9 if n_rows >= 50 else 1.0,
        max_features=MAX_FEATURES,
        token_pattern=r"(?u)\b[a-z][a-z_-]+\b",
        dtype=np.float64,
    )
    counts = [c for c in numeric if not c.startswith(("sim_", "emb_"))]
    semantic = [c for c in numeric if c.startswith(("sim_", "emb_"))]
    parts = [
        ("terms", terms, "lemmas"),
        ("cues", FunctionTransformer(np.log1p, feature_names_out="one-to-one"), counts),
    ]
    if semantic:
        parts.append(("semantic", "passthrough", semantic))
    features = ColumnTransformer(parts, sparse_threshold=1.0)
    return Pipeline([("features", features), ("classify", FrameClassifier(C=C, random_state=seed))])


def explain(model: Pipeline, X: Any, labels: np.ndarray, top: int = 5) -> list[list[tuple[str, float]]]:
    """For each row of ``X`` (the model's input as its ``features`` step transformed it), the
    features that pushed it most towards its label (name, weight)."""
    from scipy import sparse

    X = sparse.csr_matrix(X)
    clf = model.named_steps["classify"]
    names = [n.split("__", 1)[-1] for n in model.named_steps["features"].get_feature_names_out()]
    index = {c: i for i, c in enumerate(clf.classes_)}
    # Every stored value's weight towards its row's label at once, then each row's slice of them.
    classes = np.array([index[label] for label in labels], dtype=int)
    weights = X.data * clf.coef_[np.repeat(classes, np.diff(X.indptr)), X.indices]
    out = []
    for start, end in zip(X.indptr[:-1].tolist(), X.indptr[1:].tolist()):
        row, columns = weights[start:end], X.indices[start:end]
        order = np.argsort(-row, kind="stable")[:top]
        out.append([(names[columns[j]], round(float(row[j]), 3)) for j in order if row[j] > 0])
    return out


@dataclass
class SavedModel:
    """A fitted framing model with what is needed to apply it elsewhere."""

    model: Any
    classes: list[str]
    numeric: list[str]
    frames_digest: str
    meta: dict[str, Any] = field(default_factory=dict)
    #: The file's bytes when loaded unchanged (saving them again would only cost time).
    raw: bytes | None = field(default=None, repr=False, compare=False)


def dumps(saved: SavedModel) -> bytes:
    import skops.io as sio

    _drop_stop_words(saved.model)
    return sio.dumps({
        "model": saved.model, "classes": saved.classes, "numeric": saved.numeric,
        "frames_digest": saved.frames_digest, "meta": saved.meta,
    }, compression=zipfile.ZIP_DEFLATED, compresslevel=6)


def _drop_stop_words(estimator: Any) -> None:
    """Forget TF-IDF's ``stop_words_`` (every term cut by min_df/max_df; introspection only,
    as scikit-learn documents): it is most of a saved model's size and saving time. The
    vocabulary's NumPy integers become Python ints (skops writes each NumPy scalar as a file)."""
    if estimator is None:
        return
    if hasattr(estimator, "stop_words_"):
        estimator.stop_words_ = None
    if isinstance(getattr(estimator, "vocabulary_", None), dict):
        estimator.vocabulary_ = {term: int(i) for term, i in estimator.vocabulary_.items()}
    for _, step in getattr(estimator, "steps", []):
        _drop_stop_words(step)
    for _, transformer, _ in getattr(estimator, "transformers_", []):
        if not isinstance(transformer, str):
            _drop_stop_words(transformer)
    for _, transformer in getattr(estimator, "transformer_list", []):
        _drop_stop_words(transformer)


def loads(data: bytes, source: str = "model") -> SavedModel:
    """Restore a model saved by ``dumps``; refuse any type outside the trusted modules."""
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    # One pass: skops refuses, before building anything, every type outside its defaults and ours.
    try:
        bundle = sio.loads(data, trusted=sorted(TRUSTED_TYPES))
    except UntrustedTypesFoundException as exc:
        listed = re.search(r"\[(.*?)\]", str(exc))
        foreign = re.findall(r"'([^']+)'", listed.group(1)) if listed else [str(exc)]
        raise ConfigError(f"{source} contains types framelens does not load: {', '.join(foreign)}") from exc
    except Exception as exc:  # a truncated or foreign file: skops raises zipfile / JSON errors
        raise ConfigError(f"{source} is not a framelens model saved with skops: {exc}") from exc
    try:
        return SavedModel(**bundle, raw=data)
    except TypeError as exc:
        raise ConfigError(f"{source} is not a framelens framing model") from exc


def load_file(path: Path) -> SavedModel:
    """The saved framing model at ``path``, loaded once per process and again if the file
    changed (skops takes seconds)."""
    try:
        stat = Path(path).stat()
    except OSError as exc:
        raise ConfigError(f"cannot read the model {path}: {exc.strerror}") from exc
    return _load_file(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=2)
def _load_file(path: str, mtime_ns: int, size: int) -> SavedModel:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the model {path}: {exc.strerror}") from exc
    return loads(data, path)
