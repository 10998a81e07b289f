"""Domain packs: the TOML file a researcher edits to analyse a topic.

``load_pack("social_credit")`` loads a bundled pack by name; ``load_pack(path)`` loads a
user's file. It is checked against the schema in ``pack_schema`` once, on loading, and
becomes a frozen ``DomainPack`` that is passed on as data. Validation errors name the
file, the line and what to change.
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
    done_to: tuple[str, ...] = ()  # verbs that name the type when done to a person or firm ("listed her")


@dataclass(frozen=True)
class MeasureKind:
    """A kind of measure a policy takes (punishment, reward, obligation...) and how the report marks it."""

    name: str
    label: str
    sign: str


#: The kinds of a pack that declares none.
DEFAULT_KINDS = (MeasureKind("punishment", "Punishments", "−"), MeasureKind("reward", "Rewards", "+"))


@dataclass(frozen=True)
class SanctionRules:
    """Word lists shared by all sanction types (triggers, modality, negation, targets)."""

    window_before: int = 8
    window_after: int = 5
    triggers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # measure kind -> trigger words
    lead_ins: dict[str, tuple[str, ...]] = field(default_factory=dict)  # measure kind -> lead-in words
    possible_cues: tuple[str, ...] = ()
    negation_cues: tuple[str, ...] = ()
    individual_targets: tuple[str, ...] = ()
    company_targets: tuple[str, ...] = ()
    inability_modals: tuple[str, ...] = ()  # "can" in "can't fly": a negated modal restricts
    # A gate the score decides restricts: "the score decides whether one can travel".
    gate_openers: tuple[str, ...] = ()  # "whether"
    gate_words: tuple[str, ...] = ()  # "can", "eligible"
    gate_deciders: tuple[str, ...] = ()  # "score", "rating"
    # What harms access restricts: "affect their ability to obtain loans".
    harm_verbs: tuple[str, ...] = ()  # "affect", "hurt"
    dependence_words: tuple[str, ...] = ()  # "depend", "contingent"
    access_words: tuple[str, ...] = ()  # "ability", "chance"
    # Phrases that hold an object but name something else: "air pollution", "percentage points".
    not_objects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Frame:
    """A named framing of the topic: what it means and the cue terms that signal it."""

    name: str
    label: str
    description: str
    key_cues: tuple[str, ...] = ()  # weight KEY_WEIGHT
    cues: tuple[str, ...] = ()  # weight 1
    refuted_as: str | None = None  # the frame a refuted cue of this one counts for
    examples: dict[str, str] = field(default_factory=dict)  # stance form -> an invented passage (codebook)


@dataclass(frozen=True)
class Topic:
    """A question sources answer differently ("Compulsory or voluntary?") and the terms that raise it."""

    name: str
    label: str
    terms: tuple[str, ...]
    #: Opposite answers to the question: answer name → the phrases that give it.
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)


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
    entity_references: frozenset[str] = frozenset()  # names that refer to texts, not speakers
    entity_case_insensitive: bool = False
    frames: dict[str, Frame] = field(default_factory=dict)
    fallback: Frame = Frame("neutral", "Neutral", "")
    topics: dict[str, Topic] = field(default_factory=dict)
    signals: dict[str, tuple[str, ...]] = field(default_factory=dict)  # [framing.signals]
    cue_features: bool = False  # [framing] cue_features: the frames' cue lists are model features too
    measures_label: str = "Sanctions and rewards"
    measure_kinds: tuple[MeasureKind, ...] = DEFAULT_KINDS
    measures_measured: dict[str, Any] | None = None  # [measures.measured]: precision, recall, on
    framing_model: str | None = None  # the shipped model's file, beside the pack
    sanction_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # annotators' names -> types
    word_lists: dict[str, dict[str, tuple[str, ...]]] = field(repr=False, default_factory=dict)
    source: str = field(repr=False, default="")  # the TOML text, so the pack travels with a pipeline

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
        return self.word_lists.get(section, {}).get(key, ())

    def as_dict(self) -> dict[str, Any]:
        """The validated pack as plain data (``framelens domain show --json``)."""
        from .pack_schema import PackSpec

        return PackSpec.model_validate(tomllib.loads(self.source)).model_dump(
            mode="json", exclude_none=True)


def shipped_model_path(pack: DomainPack) -> Path | None:
    """The pack's ``[framing].model`` file, beside the pack (or among the bundled packs)."""
    name = pack.framing_model
    if not name:
        return None
    for folder in (pack.path.parent, BUNDLED):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def frames_digest(pack: DomainPack) -> str:
    """What a saved framing model depends on in the pack: frame names and cue lists."""
    import json

    spec = {f.name: [f.key_cues, f.cues, f.refuted_as] for f in pack.frames.values()}
    spec["__fallback__"] = pack.fallback.name
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]


def pack_record(pack: DomainPack) -> dict[str, str]:
    """What a saved framing model or a run records of its pack, to find it again and to notice a change."""
    bundled = pack.path.parent.resolve() == BUNDLED.resolve()
    return {"pack": pack.name, "pack_version": pack.version, "pack_digest": pack.digest,
            "pack_file": pack.path.stem if bundled else str(pack.path)}


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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the domain pack {path}: {exc.strerror or exc}") from exc
    return pack_from_source(data.decode("utf-8", errors="replace"), path)


def pack_from_source(text: str, path: Path) -> DomainPack:
    """The validated pack of TOML ``text`` (from the file ``path``, or a saved pipeline that came from it)."""
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()[:16]
    if (path, digest) in _CACHE:
        return _CACHE[(path, digest)]
    spec, problems = check_pack(path, data)
    if problems:
        listing = "\n".join(f"  {path.name}:{line}: {msg}" for line, msg in problems)
        raise ConfigError(f"domain pack {path} has {len(problems)} problem(s):\n{listing}")
    pack = _build(spec, path, digest, text)
    _CACHE[(path, digest)] = pack
    return pack


def check_pack(path: Path, data: bytes | None = None) -> tuple[Any, list[tuple[int, str]]]:
    """The validated pack schema of the file at ``path``, or None and (line, message) for every problem."""
    from .pack_schema import problems

    data = path.read_bytes() if data is None else data
    text = data.decode("utf-8", errors="replace")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        return None, [(int(line.group(1)) if line else 1, f"not valid TOML: {exc}")]
    return problems(raw, text)


def _build(spec: Any, path: Path, digest: str, source: str) -> DomainPack:
    rules = spec.sanction_rules
    declared = spec.measures.kinds
    kinds = tuple(MeasureKind(name, k.label or name.replace("_", " ").capitalize() + "s", k.sign)
                  for name, k in declared.items()) or DEFAULT_KINDS

    def per_kind(key: str) -> dict[str, tuple[str, ...]]:
        """Each kind's `triggers` or `lead_ins`: its own, else `[sanction_rules] <kind>_<key>`."""
        return {k.name: tuple(getattr(declared.get(k.name), key, None) or getattr(rules, f"{k.name}_{key}", None) or ())
                for k in kinds}

    triggers, lead_ins = per_kind("triggers"), per_kind("lead_ins")
    sanction_rules = SanctionRules(triggers=triggers, lead_ins=lead_ins) if rules is None else SanctionRules(
        window_before=rules.window_before,
        window_after=rules.window_after,
        triggers=triggers,
        lead_ins=lead_ins,
        **{k: tuple(getattr(rules, k) or ()) for k in (
            "possible_cues", "negation_cues", "individual_targets", "company_targets", "inability_modals",
            "gate_openers", "gate_words", "gate_deciders", "harm_verbs", "dependence_words", "access_words",
            "not_objects",
        )},
    )
    sanctions = {
        name: SanctionType(
            name=name,
            label=s.label or name.replace("_", " "),
            polarity=s.polarity,
            target=s.target,
            objects=tuple(s.objects or ()),
            phrases=tuple(s.phrases or ()),
            suppressed_by=tuple(s.suppressed_by or ()),
            triggers=tuple(s.triggers or ()),
            done_to=tuple(s.done_to or ()),
        )
        for name, s in spec.sanctions.items()
    }
    frames = {
        name: Frame(
            name=name,
            label=f.label or name.replace("_", " ").capitalize(),
            description=f.description,
            key_cues=tuple(f.key_cues or ()),
            cues=tuple(f.cues or ()),
            refuted_as=f.refuted_as,
            examples={k: v for k, v in f.examples.model_dump().items() if v},
        )
        for name, f in spec.frames.items()
    }
    framing = spec.framing
    entities = spec.entities
    return DomainPack(
        name=spec.pack.name,
        version=str(spec.pack.version),
        description=spec.pack.description,
        path=path,
        digest=digest,
        sanction_rules=sanction_rules,
        sanctions=sanctions,
        entity_patterns=tuple(p.model_dump(exclude_none=True) for p in entities.patterns),
        entity_stop=frozenset(entities.stop or ()),
        entity_references=frozenset(entities.references or ()),
        entity_case_insensitive=entities.case_insensitive,
        speakers=dict(entities.speakers),
        frames=frames,
        fallback=Frame(framing.fallback, framing.fallback_label or framing.fallback.capitalize(), framing.fallback_description),
        topics={name: Topic(name, t.label or name.replace("_", " ").capitalize(), tuple(t.terms),
                            {a: tuple(words) for a, words in (t.answers or {}).items()})
                for name, t in spec.topics.items()},
        signals={k: tuple(v) for k, v in framing.signals.items()},
        cue_features=framing.cue_features,
        measures_label=spec.measures.label,
        measure_kinds=kinds,
        measures_measured=spec.measures.measured.model_dump() if spec.measures.measured else None,
        framing_model=framing.model,
        sanction_aliases={k: tuple(v) for k, v in spec.sanction_aliases.items()},
        word_lists={section: {k: tuple(v) for k, v in getattr(spec, section).model_dump(exclude_none=True).items()}
                    for section in ("claims", "stance")} | {"framing": {"cluster_stop_words": tuple(framing.cluster_stop_words or ())}},
        source=source,
    )


