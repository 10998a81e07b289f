"""Domain packs: the TOML file a researcher edits to analyse a topic.

``load_pack("social_credit")`` loads a bundled pack by name; ``load_pack(path)`` loads a
user's file. Validation errors name the file, the line and what to change.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

BUNDLED = Path(__file__).parent / "domains"
DEFAULT_PACK = "social_credit"
POLARITIES = ("punishment", "reward")
TARGETS = ("individual", "company", "both", "unspecified")
ENTITY_LABELS = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
)


@dataclass(frozen=True)
class SanctionType:
    """One sanction or reward type: found by its phrases, or its objects plus a trigger."""

    name: str
    label: str
    polarity: str
    target: str
    objects: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    suppressed_by: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()  # own trigger words, replacing the polarity's


@dataclass(frozen=True)
class SanctionRules:
    """Word lists shared by all sanction types (triggers, modality, negation, targets)."""

    window_before: int = 8
    window_after: int = 5
    punishment_triggers: tuple[str, ...] = ()
    reward_triggers: tuple[str, ...] = ()
    possible_cues: tuple[str, ...] = ()
    negation_cues: tuple[str, ...] = ()
    individual_targets: tuple[str, ...] = ()
    company_targets: tuple[str, ...] = ()
    punishment_lead_ins: tuple[str, ...] = ()
    reward_lead_ins: tuple[str, ...] = ()
    inability_modals: tuple[str, ...] = ()  # "can" in "can't fly": a negated modal restricts


@dataclass(frozen=True)
class Frame:
    """A named framing of the topic: what it means and the cue terms that signal it."""

    name: str
    label: str
    description: str
    key_cues: tuple[str, ...] = ()  # weight KEY_WEIGHT
    cues: tuple[str, ...] = ()  # weight 1
    refuted_as: str | None = None  # the frame a refuted cue of this one counts for


@dataclass(frozen=True)
class Topic:
    """A question sources answer differently ("Compulsory or voluntary?") and the terms that raise it."""

    name: str
    label: str
    terms: tuple[str, ...]


#: How much more a key cue weighs than an ordinary cue.
KEY_WEIGHT = 3


@dataclass(frozen=True)
class DomainPack:
    """A loaded, validated domain pack."""

    name: str
    version: str
    description: str
    path: Path
    digest: str
    sanction_rules: SanctionRules
    sanctions: dict[str, SanctionType]
    entity_patterns: tuple[dict[str, Any], ...]
    entity_stop: frozenset[str]
    speakers: dict[str, str]
    frames: dict[str, Frame] = field(default_factory=dict)
    fallback: Frame = Frame("neutral", "Neutral", "")
    topics: dict[str, Topic] = field(default_factory=dict)
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    @property
    def frame_names(self) -> tuple[str, ...]:
        """Every frame a passage can get: the pack's frames, then the fallback."""
        return (*self.frames, self.fallback.name)

    @property
    def refuted_as(self) -> dict[str, str]:
        """Frame -> the frame that rejecting it supports (only frames that name one)."""
        return {f.name: f.refuted_as for f in self.frames.values() if f.refuted_as}

    def words(self, section: str, key: str) -> tuple[str, ...]:
        """A word list of the pack, e.g. ``pack.words("claims", "hedges")``; () if absent."""
        return tuple(self.raw.get(section, {}).get(key, ()))


def frames_digest(pack: DomainPack) -> str:
    """What a saved framing model depends on in the pack: frame names and cue lists."""
    import json

    spec = {f.name: [f.key_cues, f.cues, f.refuted_as] for f in pack.frames.values()}
    spec["__fallback__"] = pack.fallback.name
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]


def pack_path(name_or_path: str | Path) -> Path:
    """The file of a bundled pack name, or the path given."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise ConfigError(f"no domain pack file at {path}")
        return path
    bundled = BUNDLED / f"{name_or_path}.toml"
    if not bundled.is_file():
        names = ", ".join(sorted(p.stem for p in BUNDLED.glob("*.toml")))
        raise ConfigError(f"unknown domain pack '{name_or_path}' (bundled: {names}; or give a .toml path)")
    return bundled


_CACHE: dict[tuple[Path, str], DomainPack] = {}


def load_pack(name_or_path: str | Path = DEFAULT_PACK) -> DomainPack:
    """Load and validate a domain pack; raise ``ConfigError`` listing every problem."""
    path = pack_path(name_or_path).resolve()
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    if (path, digest) in _CACHE:
        return _CACHE[(path, digest)]
    text = data.decode("utf-8", errors="replace")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    problems = validate(raw, text)
    if problems:
        listing = "\n".join(f"  {path.name}:{line}: {msg}" for line, msg in problems)
        raise ConfigError(f"domain pack {path} has {len(problems)} problem(s):\n{listing}")
    pack = _build(raw, path, digest)
    _CACHE[(path, digest)] = pack
    return pack


def validate(raw: dict[str, Any], text: str) -> list[tuple[int, str]]:
    """(line, message) for every problem in a parsed pack; empty when it is valid."""
    problems: list[tuple[int, str]] = []

    def at(table: str, key: str | None = None) -> int:
        return _line_of(text, table, key)

    meta = raw.get("pack")
    if not isinstance(meta, dict) or not meta.get("name"):
        problems.append((at("pack"), "a [pack] table with a `name` is required"))
    rules = raw.get("sanction_rules", {})
    for key in ("punishment_triggers", "reward_triggers"):
        if not _str_list(rules.get(key)):
            problems.append((at("sanction_rules", key), f"[sanction_rules] needs `{key}`, a list of words"))
    for name, spec in raw.get("sanctions", {}).items():
        table = f"sanctions.{name}"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            problems.append((at(table), f"sanction type '{name}': use lower_case_with_underscores"))
        if not isinstance(spec, dict):
            problems.append((at(table), f"sanction type '{name}' must be a table"))
            continue
        if spec.get("polarity") not in POLARITIES:
            problems.append((at(table, "polarity"), f"{table}.polarity must be one of {', '.join(POLARITIES)}"))
        if spec.get("target", "unspecified") not in TARGETS:
            problems.append((at(table, "target"), f"{table}.target must be one of {', '.join(TARGETS)}"))
        for key in ("objects", "phrases", "triggers"):
            if key in spec and not _str_list(spec[key]):
                problems.append((at(table, key), f"{table}.{key} must be a list of strings"))
        if not spec.get("objects") and not spec.get("phrases"):
            problems.append((at(table), f"{table} needs `objects` or `phrases` to be found"))
        for other in spec.get("suppressed_by", []):
            if other not in raw.get("sanctions", {}):
                problems.append((at(table, "suppressed_by"), f"{table}.suppressed_by names unknown type '{other}'"))
        unknown = set(spec) - {"label", "polarity", "target", "objects", "phrases", "suppressed_by", "triggers"}
        if unknown:
            problems.append((at(table, sorted(unknown)[0]), f"{table}: unknown key(s) {', '.join(sorted(unknown))}"))
    speakers = raw.get("entities", {}).get("speakers", {})
    if not isinstance(speakers, dict) or not all(isinstance(v, str) for v in speakers.values()):
        problems.append((at("entities", "speakers"), "[entities].speakers maps names to speaker names (strings)"))
    for key, value in raw.get("claims", {}).items():
        if not _str_list(value):
            problems.append((at("claims", key), f"[claims].{key} must be a list of strings"))
    problems += _frame_problems(raw, at)
    problems += _topic_problems(raw, at)
    for i, pattern in enumerate(raw.get("entities", {}).get("patterns", [])):
        line = _line_of_item(text, "patterns", i)
        if not isinstance(pattern, dict) or "label" not in pattern or "pattern" not in pattern:
            problems.append((line, "an entity pattern needs `label` and `pattern`"))
        elif pattern["label"] not in ENTITY_LABELS:
            problems.append((line, f"entity label '{pattern['label']}' is not one of {', '.join(ENTITY_LABELS)}"))
        elif not isinstance(pattern["pattern"], (str, list)) or not pattern["pattern"]:
            problems.append((line, "an entity `pattern` is a string or a list of token patterns"))
    return problems


_NAME = re.compile(r"[a-z][a-z0-9_]*")
_FRAME_KEYS = {"label", "description", "key_cues", "cues", "refuted_as", "examples"}


def _frame_problems(raw: dict[str, Any], at) -> list[tuple[int, str]]:
    problems: list[tuple[int, str]] = []
    frames = raw.get("frames", {})
    framing = raw.get("framing", {})
    fallback = framing.get("fallback", "neutral")
    if not isinstance(frames, dict):
        return [(at("frames"), "[frames.<name>] tables define the frames")]
    if frames and len(frames) < 2:
        problems.append((at("frames"), "define at least two frames ([frames.a], [frames.b]) to compare"))
    if not isinstance(fallback, str) or not _NAME.fullmatch(fallback) or fallback in frames:
        problems.append((at("framing", "fallback"), "[framing].fallback names the frame of passages with no frame salient; use lower_case and a name other than the frames'"))
    for name, spec in frames.items():
        table = f"frames.{name}"
        if not _NAME.fullmatch(name):
            problems.append((at(table), f"frame '{name}': use lower_case_with_underscores (it becomes a column name)"))
        if not isinstance(spec, dict):
            problems.append((at(table), f"frame '{name}' must be a table"))
            continue
        if not spec.get("key_cues") and not spec.get("cues"):
            problems.append((at(table), f"{table} needs `key_cues` or `cues` to be recognised"))
        for key in ("key_cues", "cues"):
            if key in spec and not _str_list(spec[key]):
                problems.append((at(table, key), f"{table}.{key} must be a list of strings"))
        if "refuted_as" in spec and spec["refuted_as"] not in frames:
            problems.append((at(table, "refuted_as"), f"{table}.refuted_as names unknown frame '{spec['refuted_as']}'"))
        unknown = set(spec) - _FRAME_KEYS
        if unknown:
            problems.append((at(table, sorted(unknown)[0]), f"{table}: unknown key(s) {', '.join(sorted(unknown))}"))
    if "model" in framing and not (isinstance(framing["model"], str) and framing["model"].endswith(".skops")):
        problems.append((at("framing", "model"), "[framing].model names a .skops file beside the pack (from `framelens train`)"))
    signals = framing.get("signals", {})
    if not isinstance(signals, dict) or not all(_str_list(v) for v in signals.values()):
        problems.append((at("framing", "signals"), "[framing.signals] maps each signal name to a list of terms"))
    stop = framing.get("cluster_stop_words", [])
    if stop and not _str_list(stop):
        problems.append((at("framing", "cluster_stop_words"), "[framing].cluster_stop_words must be a list of words"))
    for key, value in raw.get("stance", {}).items():
        if not _str_list(value):
            problems.append((at("stance", key), f"[stance].{key} must be a list of strings"))
    return problems


def _topic_problems(raw: dict[str, Any], at) -> list[tuple[int, str]]:
    problems: list[tuple[int, str]] = []
    for name, spec in raw.get("topics", {}).items():
        table = f"topics.{name}"
        if not _NAME.fullmatch(name):
            problems.append((at(table), f"topic '{name}': use lower_case_with_underscores"))
        if not isinstance(spec, dict) or not _str_list(spec.get("terms")):
            problems.append((at(table), f"{table} needs `terms`, a list of words or phrases"))
            continue
        unknown = set(spec) - {"label", "terms"}
        if unknown:
            problems.append((at(table, sorted(unknown)[0]), f"{table}: unknown key(s) {', '.join(sorted(unknown))}"))
    return problems


def _build(raw: dict[str, Any], path: Path, digest: str) -> DomainPack:
    meta = raw["pack"]
    rules = raw.get("sanction_rules", {})
    sanction_rules = SanctionRules(
        window_before=int(rules.get("window_before", 8)),
        window_after=int(rules.get("window_after", 5)),
        **{k: tuple(rules.get(k, ())) for k in (
            "punishment_triggers", "reward_triggers", "possible_cues", "negation_cues",
            "individual_targets", "company_targets", "punishment_lead_ins", "reward_lead_ins", "inability_modals",
        )},
    )
    sanctions = {
        name: SanctionType(
            name=name,
            label=spec.get("label", name.replace("_", " ")),
            polarity=spec["polarity"],
            target=spec.get("target", "unspecified"),
            objects=tuple(spec.get("objects", ())),
            phrases=tuple(spec.get("phrases", ())),
            suppressed_by=tuple(spec.get("suppressed_by", ())),
            triggers=tuple(spec.get("triggers", ())),
        )
        for name, spec in raw.get("sanctions", {}).items()
    }
    entities = raw.get("entities", {})
    framing = raw.get("framing", {})
    frames = {
        name: Frame(
            name=name,
            label=spec.get("label", name.replace("_", " ").capitalize()),
            description=spec.get("description", ""),
            key_cues=tuple(spec.get("key_cues", ())),
            cues=tuple(spec.get("cues", ())),
            refuted_as=spec.get("refuted_as"),
        )
        for name, spec in raw.get("frames", {}).items()
    }
    fallback = framing.get("fallback", "neutral")
    fallback_frame = Frame(
        fallback, framing.get("fallback_label", fallback.capitalize()), framing.get("fallback_description", "")
    )
    return DomainPack(
        name=meta["name"],
        version=str(meta.get("version", "0")),
        description=meta.get("description", ""),
        path=path,
        digest=digest,
        sanction_rules=sanction_rules,
        sanctions=sanctions,
        entity_patterns=tuple(entities.get("patterns", ())),
        entity_stop=frozenset(entities.get("stop", ())),
        speakers=dict(entities.get("speakers", {})),
        frames=frames,
        fallback=fallback_frame,
        topics={
            name: Topic(name, spec.get("label", name.replace("_", " ").capitalize()), tuple(spec["terms"]))
            for name, spec in raw.get("topics", {}).items()
        },
        raw=raw,
    )


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def _line_of(text: str, table: str, key: str | None = None) -> int:
    """1-based line of ``[table]`` (or of ``key`` inside it); 1 when not found."""
    lines = text.splitlines()
    header = re.compile(r"^\s*\[\s*" + re.escape(table) + r"\s*\]\s*(#.*)?$")
    for number, line in enumerate(lines, 1):
        if header.match(line):
            if key is None:
                return number
            for offset, inner in enumerate(lines[number:], number + 1):
                if inner.lstrip().startswith("["):
                    break
                if re.match(r"^\s*" + re.escape(key) + r"\s*=", inner):
                    return offset
            return number
    return 1


def _line_of_item(text: str, key: str, index: int) -> int:
    """Line of the ``index``-th inline table in the array ``key = [ ... ]``."""
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if re.match(r"^\s*" + re.escape(key) + r"\s*=\s*\[", line)), None)
    if start is None:
        return 1
    seen = -1
    for number in range(start + 1, len(lines)):
        if lines[number].lstrip().startswith("{"):
            seen += 1
            if seen == index:
                return number + 1
    return start + 1
