"""Engines decide where work runs. Every engine has one method, ``annotate``:

    engine.annotate(batches) -> Iterator[Annotations]   # same order as batches

Only this package knows about processes, pools or clusters.
"""

from __future__ import annotations

from ..errors import ConfigError
from .local import LocalEngine

ENGINES = ("local",)


def get_engine(name: str, *, model: str, domain: str, jobs: int = 1, batch_size: int = 64) -> LocalEngine:
    """The engine called ``name``."""
    if name == "local":
        return LocalEngine(model=model, domain=domain, jobs=jobs, batch_size=batch_size)
    raise ConfigError(f"unknown engine '{name}' (choose from: {', '.join(ENGINES)})")


__all__ = ["ENGINES", "LocalEngine", "get_engine"]
