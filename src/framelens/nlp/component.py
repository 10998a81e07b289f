"""What the four framelens components share: a domain pack given once, as data.

The pack is not config (STYLE 7): ``build_nlp`` loads and validates it once and hands it
to each component through ``initialize(pack=...)``. The pack then travels with the
pipeline: ``to_bytes`` / ``to_disk`` keep its source and ``from_bytes`` / ``from_disk``
restore it, so a pickled or saved pipeline (a Dask worker's) needs no pack file.

Used on its own (``nlp.add_pipe("framelens_sanctions")`` in anyone's pipeline, then
``nlp(text)``), a component loads the pack its ``domain`` setting names on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain import DEFAULT_PACK, DomainPack, load_pack, pack_from_source
from .extensions import register

if TYPE_CHECKING:
    from spacy.language import Language

PACK_FILE = "pack.toml"


class PackComponent:
    """Base of the framelens components: subclasses build their matchers in ``configure``."""

    def __init__(self, nlp: Language, name: str, *, domain: str = DEFAULT_PACK) -> None:
        register()
        self.nlp = nlp
        self.name = name
        self.domain = domain
        self.pack: DomainPack | None = None

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickled in another process (a Dask worker): the extensions are registered there too."""
        register()
        self.__dict__.update(state)

    def configure(self, pack: DomainPack) -> None:
        """Build what the component needs from ``pack``."""
        raise NotImplementedError

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None, pack: DomainPack | None = None) -> None:
        """Take the domain pack (loaded and validated by the caller); without one, load ``domain``."""
        self.pack = pack if pack is not None else load_pack(self.domain)
        self.configure(self.pack)

    def ready(self) -> DomainPack:
        """The pack, loaded on first use when the component was never initialised."""
        if self.pack is None:
            self.initialize()
        return self.pack

    # -- serialisation: the pack's source travels with the pipeline ------------------------
    def to_bytes(self, *, exclude: tuple[str, ...] = ()) -> bytes:
        import srsly

        pack = self.ready()
        return srsly.msgpack_dumps({"source": pack.source, "origin": str(pack.path)})

    def from_bytes(self, data: bytes, *, exclude: tuple[str, ...] = ()) -> PackComponent:
        import srsly

        msg = srsly.msgpack_loads(data)
        self.initialize(pack=pack_from_source(msg["source"], Path(msg["origin"])))
        return self

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / PACK_FILE).write_text(self.ready().source, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> PackComponent:
        self.initialize(pack=load_pack(Path(path) / PACK_FILE))
        return self
