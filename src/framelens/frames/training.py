"""``framelens train``: fit the learning-first framing model on labelled passages.

A gold file of texts is its own corpus: no documents, no NLP pass. Each gold file is
scored by grouped cross-validation (folds by article; the other files always train),
then the model is fitted on everything and saved with skops, with the digests of its
training files and its cross-validated scores, so a report can say how sure it is.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..domain import frames_digest, load_pack, pack_record, shipped_model_path
from ..errors import ConfigError
from .framing_model import SavedModel, dumps, load_file
from .labelled import Labelled, read_labelled
from .text_model import CV_FOLDS, grouped_cv, make_text_model

if TYPE_CHECKING:
    from ..domain import DomainPack

log = logging.getLogger(__name__)

#: What a text model reads; ``SavedModel.meta["inputs"]`` says so to the framing stage.
TEXT_INPUTS = ["text"]


def signals_of(pack: DomainPack) -> dict[str, list[str]]:
    """The word lists the text model counts: the pack's ``[framing.signals]`` and, with
    ``[framing] cue_features``, each frame's key cues and cues (``key_<frame>``, ``cue_<frame>``)."""
    lexicon = {k: list(v) for k, v in pack.signals.items()}
    if pack.cue_features:
        for frame in pack.frames.values():
            for kind, words in (("key", frame.key_cues), ("cue", frame.cues)):
                if words:
                    lexicon[f"{kind}_{frame.name}"] = list(words)
    return lexicon


def annotate_texts(texts: list[str], pack: DomainPack, spacy_model: str | None = None):
    """Records of each text (``found.records(str(i))``) from the production NLP pipeline. The
    texts are those of :func:`~.labelled.read_labelled`, already normalised as a run stores
    passages, so labelled passages are read as a run reads them."""
    from ..nlp.annotate import PassageText, annotate, load_pipeline
    from ..nlp.spacy_model import resolve_model

    batch = [PassageText(doc_id=str(i), idx=0, start=0, text=t) for i, t in enumerate(texts)]
    return annotate(batch, load_pipeline(resolve_model(spacy_model), pack))


def stance_weights(texts: list[str], pack: DomainPack, spacy_model: str | None = None, *, found=None):
    """Each text's cue weights by frame and stance, from the production NLP pipeline.

    The same spaCy components as a run (``framelens_frame_cues``: one negation finder,
    one rebuttal rule), so cross-validation scores the stance rule exactly as it runs.
    """
    import pandas as pd

    from ..nlp.frame_cues import STANCES

    found = found or annotate_texts(texts, pack, spacy_model)
    columns = [f"{stance}_{f}" for f in pack.frames for stance in STANCES]
    table = pd.DataFrame(0.0, index=range(len(texts)), columns=columns)
    for i in range(len(texts)):
        for cue in found.records(str(i)).cues:
            column = f"{cue.stance}_{cue.frame}"
            if column in table:
                table.at[i, column] += cue.weight
    return table


#: Fewest labelled passages (and articles) a cross-validation is run on.
MIN_CV_PASSAGES = 10


def train(paths: list[Path], pack: DomainPack, *, seed: int = 0, cv: bool = True,
          spacy_model: str | None = None, prior: SavedModel | None = None,
          data: Labelled | None = None, extra: Sequence[Path] = ()) -> SavedModel:
    """Fit the framing model on ``paths`` (gold JSONL/CSV); grouped-CV scores per file in ``meta``.

    ``extra`` files train but are never scored: text written to illustrate the codebook is
    no measure of how the model does on real articles. With ``prior`` (the pack's shipped
    model) the new model adapts it: the prior's probabilities are features beside the
    words (:class:`~.text_model.ShippedPrior`).
    """
    started = time.perf_counter()
    frames = list(pack.frame_names)
    data = data or read_labelled([*paths, *extra], frames)
    present = sorted(set(data.frames))
    if len(present) < 2:
        raise ConfigError(f"the labelled passages name only {', '.join(present)}: a model needs at least two frames")
    lexicon = signals_of(pack)
    base = prior.model if prior is not None else None
    scores: dict[str, Any] = {}
    masks = {path.name: np.array([g.startswith(f"{path.name}:") for g in data.groups]) for path in paths}
    masks = {name: m for name, m in masks.items()
             if m.sum() >= MIN_CV_PASSAGES and len({g for g, k in zip(data.groups, m) if k}) >= 2}
    if cv and masks:
        cues = stance_weights(data.texts, pack, spacy_model)
        for name, mask in masks.items():
            scores[name] = grouped_cv(
                lambda y: make_text_model(lexicon, seed=seed, y=y, prior=base), data, mask,
                frames=frames, refuted_as=pack.refuted_as, seed=seed, folds=CV_FOLDS, cues=cues,
            )
    flips = [v.get("stance_rule", {}) for v in scores.values()]
    flipped, correct = sum(f.get("flipped", 0) for f in flips), sum(f.get("correct", 0) for f in flips)
    model = make_text_model(lexicon, seed=seed, y=data.frames, prior=base).fit(
        _table(data), np.array(data.frames, dtype=object))
    meta = {
        "kind": "text", "inputs": TEXT_INPUTS, "mode": "pretrained" if prior is None else "supervised", "seed": seed,
        "adapts": (prior.meta.get("training", {}).get("files") if prior is not None else None),
        **pack_record(pack),
        "training": {"files": data.digests, "passages": len(data), "not_scored": [Path(p).name for p in extra],
                     "per_frame": {f: data.frames.count(f) for f in frames}},
        "cv": scores, "versions": _versions(),
        "stance_rule_precision": round((correct + 1) / (flipped + 2), 3) if flipped else None, "seconds": round(time.perf_counter() - started, 1),
    }
    return SavedModel(model=model, classes=frames, numeric=[], frames_digest=frames_digest(pack), meta=meta)


def _table(data: Labelled):
    import pandas as pd

    return pd.DataFrame({"text": data.texts})


def _versions() -> dict[str, str]:
    import sklearn

    from .._version import __version__

    return {"framelens": __version__, "scikit-learn": sklearn.__version__}


def load_shipped(pack: DomainPack) -> SavedModel | None:
    """The pack's shipped framing model when it exists and fits the pack's frames; else None."""
    path = shipped_model_path(pack)
    if path is None:
        return None
    saved = load_file(path)
    if saved.classes != list(pack.frame_names):
        log.warning("the framing model %s frames %s, not the pack's %s: not used",
                    path.name, ", ".join(saved.classes), ", ".join(pack.frame_names))
        return None
    return saved


def save(saved: SavedModel, out: Path) -> None:
    """Write the model whole or not at all."""
    out = Path(out)
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_bytes(dumps(saved))
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ConfigError(f"cannot write the model to {out}: {exc.strerror}") from exc


def train_files(paths: list[Path], domain: str, out: Path | None, *, seed: int = 0, cv: bool = True,
                spacy_model: str | None = None, extra: Sequence[Path] = ()) -> tuple[SavedModel, Path]:
    """Train on ``paths`` (and the unscored ``extra``) with ``domain``'s signals and save to ``out``
    (default: the pack's model file)."""
    pack = load_pack(domain)
    saved = train(paths, pack, seed=seed, cv=cv, spacy_model=spacy_model, extra=extra)
    if out is None:
        name = pack.framing_model or f"{pack.name}.framing.skops"
        out = pack.path.parent / name
    save(saved, out)
    return saved, out
