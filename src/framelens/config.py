"""Run configuration: what a run was asked to do, and its pipeline fingerprint.

The fingerprint names everything that changes annotations (package version, model
name and version, segmentation settings). A document is re-analysed when its text
hash or the fingerprint changes; everything else is served from the store.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ._version import __version__

#: Paragraphs longer than this many characters are split at sentence boundaries.
MAX_PASSAGE_CHARS = 4000
DEFAULT_SEED = 0


@dataclass(frozen=True)
class IngestOptions:
    """How inputs are read. ``text_column``/``id_column`` apply to CSV/JSONL tables."""

    text_column: str = "text"
    id_column: str = "id"
    urls: Path | None = None
    url_cache: Path | None = None
    url_delay: float = 1.0
    url_timeout: float = 20.0
    follow_links: bool = False  # follow symlinks that leave the corpus folder


@dataclass(frozen=True)
class FramingOptions:
    """How passages are framed: a saved model, the user's labels, k, semantic features."""

    model: Path | None = None  # apply this saved model instead of fitting
    train: Path | None = None  # labelled passages (gold format): supervised mode
    clusters: int | None = None  # k for discovered framings (None: chosen by silhouette)
    semantic: str = "auto"  # auto (when the embeddings extra is installed) | on | off


@dataclass(frozen=True)
class RunConfig:
    """Everything ``run_pipeline`` needs, resolved from CLI options or code."""

    paths: tuple[Path, ...]
    out: Path = Path("reports")
    store: Path | None = None
    jobs: int = 1
    model: str | None = None
    full: bool = False
    wait: bool = False
    batch_size: int = 64
    seed: int = DEFAULT_SEED
    keep: int = 10
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # Dask scheduler address (None: a LocalCluster of `jobs` workers)
    domain: str = "social_credit"
    report_by: tuple[str, ...] = ()  # comparison pages: outlet, doc_type, year
    ingest: IngestOptions = field(default_factory=IngestOptions)
    framing: FramingOptions = field(default_factory=FramingOptions)

    @property
    def store_path(self) -> Path:
        return self.store if self.store is not None else self.out / "framelens.db"

    def to_json(self) -> dict:
        """The resolved configuration as stored in the run manifest."""
        data = asdict(self)
        return json.loads(json.dumps(data, default=str))


def fingerprint(model_name: str, model_version: str, domain_digest: str) -> str:
    """Hash of what determines the annotations of a given text."""
    parts = {
        "framelens": __version__,
        "model": model_name,
        "model_version": model_version,
        "domain": domain_digest,
        "max_passage_chars": MAX_PASSAGE_CHARS,
    }
    blob = json.dumps(parts, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def config_hash(config: RunConfig) -> str:
    """Short hash of the resolved configuration, for the run manifest."""
    blob = json.dumps(config.to_json(), sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:12]
