"""Engines decide where work runs. Every engine has one method, ``annotate``:

    engine.annotate(batches) -> Iterator[Annotations]   # same order as batches

Only this package knows about processes, pools or clusters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ConfigError
from .local import LocalEngine

if TYPE_CHECKING:
    from ..domain import DomainPack

ENGINES = ("local", "dask")


def get_engine(name: str, *, model: str, pack: DomainPack, jobs: int = 1, batch_size: int = 64,
               scheduler: str | None = None):
    """The engine called ``name``: ``local`` (this machine's processes) or ``dask`` (a Dask cluster)."""
    if name == "local":
        if scheduler:
            raise ConfigError("--scheduler needs --engine dask")
        return LocalEngine(model=model, pack=pack, jobs=jobs, batch_size=batch_size)
    if name == "dask":
        try:
            from .dask import DaskEngine
        except ImportError:
            raise ConfigError("the Dask engine needs the dask extra: pip install 'framelens[dask]'") from None
        return DaskEngine(model=model, pack=pack, jobs=jobs, batch_size=batch_size, scheduler=scheduler)
    raise ConfigError(f"unknown engine '{name}' (choose from: {', '.join(ENGINES)})")


__all__ = ["ENGINES", "LocalEngine", "get_engine"]
