"""The schema of a domain pack: every table and key a pack may have, with its type.

A pack is checked against it once, when it is loaded (pydantic, ``extra="forbid"``):
a misspelt key, a wrong type, an unknown frame or sanction type is an error that
names the key and its line in the file, with a suggestion for a near-miss spelling.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

#: The measure kinds of a pack that declares none: sanctions and rewards.
POLARITIES = ("punishment", "reward")
TARGETS = ("individual", "company", "both", "unspecified")
ENTITY_LABELS = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
)

#: A word or phrase: not empty, not only spaces.
Word = Annotated[str, StringConstraints(pattern=r"\S")]
#: A non-empty list of words (an empty list is a mistake, not a way to switch a list off).
Words = Annotated[list[Word], Field(min_length=1)]


#: More than one token: a space, or a hyphen the tokenizer splits ("fast-track").
_SEVERAL_TOKENS = re.compile(r"\s|[^\W\d_]-[^\W\d_]")


def _one_token(word: str) -> str:
    """Cue and target lists are compared with one token at a time: a phrase there ("may be",
    "fast-track", split by the tokenizer) could never match."""
    if _SEVERAL_TOKENS.search(word.strip()):
        raise ValueError(f"'{word}': this list is matched one word at a time, so a phrase never matches; "
                         "list its key word instead (objects and phrases take phrases)")
    return word


def _trigger(word: str) -> str:
    """A trigger is one word, or a phrasal verb: a verb and its particle ("turn down", "take away")."""
    parts = word.split()
    if (len(parts) == 2 and all(part.isalpha() for part in parts)) or not _SEVERAL_TOKENS.search(word.strip()):
        return word
    raise ValueError(f"'{word}': a trigger is one word or a phrasal verb of two (\"turn down\"), matched on the "
                     "verb and its particle; list a longer phrase's key word instead")


#: Lists matched token by token (cues, targets, lead-ins).
TokenWords = Annotated[list[Annotated[Word, AfterValidator(_one_token)]], Field(min_length=1)]
#: Trigger lists: token by token, and phrasal verbs on the verb and its particle.
TriggerWords = Annotated[list[Annotated[Word, AfterValidator(_trigger)]], Field(min_length=1)]
#: Names that become identifiers (frame names end up in column names): lower_case_with_underscores.
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class Table(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class PackMeta(Table):
    name: Annotated[str, StringConstraints(min_length=1)]
    version: Union[str, int, float] = "0"
    language: str | None = None
    description: str = ""


class SanctionRules(Table):
    window_before: Annotated[int, Field(ge=0)] = 8
    window_after: Annotated[int, Field(ge=0)] = 5
    #: Trigger words of the default kinds; a pack with its own [measures.kinds] gives each kind its `triggers`.
    punishment_triggers: TriggerWords | None = None
    reward_triggers: TriggerWords | None = None
    possible_cues: TokenWords | None = None
    negation_cues: TokenWords | None = None
    individual_targets: TokenWords | None = None
    company_targets: TokenWords | None = None
    punishment_lead_ins: TokenWords | None = None
    reward_lead_ins: TokenWords | None = None
    inability_modals: TokenWords | None = None
    #: A gate the score decides is a punishment: a gate word ("can", "eligible") shortly after an
    #: opener ("whether"), in a sentence that names a decider ("score") before it.
    gate_openers: TokenWords | None = None
    gate_words: TokenWords | None = None
    gate_deciders: TokenWords | None = None
    #: What harms someone's access restricts what it reaches: "could affect their ability to
    #: obtain loans", "hurt your chances of a promotion" (an access word the object of a harm verb).
    harm_verbs: TokenWords | None = None
    access_words: TokenWords | None = None
    #: ... and so does access made to depend on a score or on conduct: "access to trains may
    #: depend on your score" (an access word the subject of one of these, with a gate decider or
    #: opener after it).
    dependence_words: TokenWords | None = None
    #: Phrases that hold an object but name something else ("air pollution", "percentage points"):
    #: where one matches, the object inside it is no object.
    not_objects: Words | None = None


class Sanction(Table):
    label: str | None = None
    #: The measure kind ([measures.kinds]; by default punishment or reward).
    polarity: Name
    target: Literal["individual", "company", "both", "unspecified"] = "unspecified"
    objects: Words | None = None
    phrases: Words | None = None
    suppressed_by: list[Name] | None = None
    triggers: TriggerWords | None = None
    #: Verbs that name the type when done to a person or firm: "a court had listed her", "those
    #: listed", "after being listed" (not "listed companies", "the measures listed below").
    done_to: TokenWords | None = None

    @model_validator(mode="after")
    def _findable(self) -> Sanction:
        if not self.objects and not self.phrases:
            raise ValueError("needs `objects` or `phrases` to be found")
        return self


class EntityPattern(Table):
    label: Literal[ENTITY_LABELS]  # type: ignore[valid-type]
    pattern: Union[Annotated[str, StringConstraints(min_length=1)], Annotated[list[dict[str, Any]], Field(min_length=1)]]
    id: str | None = None


class Entities(Table):
    patterns: list[EntityPattern] = []
    speakers: dict[str, str] = {}
    references: Words | None = None
    stop: Words | None = None
    case_insensitive: bool = False


class Claims(Table):
    reporting_verbs: Words | None = None
    attitude_verbs: Words | None = None
    #: Reporting verbs with other senses too: they attribute only with a clause or a quotation.
    clause_verbs: Words | None = None
    attribution_phrases: Words | None = None
    institution_nouns: Words | None = None
    unnamed_sources: Words | None = None
    #: Last words of a named document ("the Measures", "the 2023 Government Work Report"): a document
    #: cited is no voice (its author, where named, is).
    document_nouns: Words | None = None
    hedges: Words | None = None
    prediction_cues: Words | None = None
    quantity_words: Words | None = None
    duration_units: Words | None = None
    topic_terms: Words | None = None


class Stance(Table):
    rebuttal_markers: Words | None = None
    contrast_openers: Words | None = None
    reporting_verbs: Words | None = None
    attribution_phrases: Words | None = None
    negations: Words | None = None
    #: Words that act against what they govern ("ban", "stop"): negating them affirms it.
    counter_verbs: Words | None = None


class Framing(Table):
    fallback: Name = "neutral"
    fallback_label: str | None = None
    fallback_description: str = ""
    cluster_stop_words: Words | None = None
    model: Annotated[str, StringConstraints(pattern=r"\.skops$")] | None = None
    signals: dict[str, Words] = {}
    #: Count each frame's cue lists as features of the learned framing model too.
    cue_features: bool = False


class FrameExamples(Table):
    endorsed: str | None = None
    reported: str | None = None
    refuted: str | None = None


class FrameSpec(Table):
    label: str | None = None
    description: str = ""
    key_cues: Words | None = None
    cues: Words | None = None
    refuted_as: str | None = None
    examples: FrameExamples = FrameExamples()

    @model_validator(mode="after")
    def _recognisable(self) -> FrameSpec:
        if not self.key_cues and not self.cues:
            raise ValueError("needs `key_cues` or `cues` to be recognised")
        return self


class TopicSpec(Table):
    label: str | None = None
    terms: Words
    #: The opposite answers sources give to the topic's question, each with the phrases
    #: that give it ("welcomed" = ["general acceptance", ...], "opposed" = ["outrage", ...]).
    answers: dict[Name, Words] | None = None

    @field_validator("answers")
    @classmethod
    def _two_answers(cls, value):
        if value is not None and len(value) < 2:
            raise ValueError("give at least two answers (a question with one answer has no opposite)")
        return value


class MeasureKind(Table):
    label: str | None = None
    #: Shown before the type in tables and in the text: "−", "+", "!"...
    sign: Annotated[str, StringConstraints(min_length=1, max_length=2)] = "•"
    #: Words that make an object nearby a measure of this kind ("required", "exempt").
    triggers: TriggerWords | None = None
    #: Words of a line before a list whose items are measures of this kind.
    lead_ins: TokenWords | None = None


class MeasuredScore(Table):
    """How well the pack's rules find measures in text they were not written on (the report's Methods)."""

    precision: Annotated[float, Field(ge=0, le=1)]
    recall: Annotated[float, Field(ge=0, le=1)]
    #: What it was measured on, for the reader: "40 sentences written after the rules, held out".
    on: Annotated[str, StringConstraints(min_length=1)]


class Measures(Table):
    #: The report's name for them (section titles, the glossary).
    label: str = "Sanctions and rewards"
    #: The kinds, in the order the report lists them; none: punishment (−) and reward (+).
    kinds: dict[Name, MeasureKind] = {}
    measured: MeasuredScore | None = None


class PackSpec(Table):
    """A whole pack file."""

    pack: PackMeta
    #: Needed only with sanction types: a topic without sanctions leaves both out.
    sanction_rules: SanctionRules | None = None
    measures: Measures = Measures()
    sanction_aliases: dict[str, Words] = {}
    sanctions: dict[Name, Sanction] = {}
    entities: Entities = Entities()
    claims: Claims = Claims()
    framing: Framing = Framing()
    frames: dict[Name, FrameSpec] = {}
    stance: Stance = Stance()
    topics: dict[Name, TopicSpec] = {}

    @field_validator("frames")
    @classmethod
    def _two_frames(cls, frames: dict[str, FrameSpec]) -> dict[str, FrameSpec]:
        if len(frames) == 1:
            raise ValueError("define at least two frames ([frames.a], [frames.b]) to compare")
        return frames


def _references(raw: dict[str, Any]) -> list[tuple[tuple[str, ...], str]]:
    """Names that point elsewhere in the pack and find nothing there, at the key that names them.

    Read from the parsed TOML, tolerantly, so they are reported beside any type errors.
    """
    def table(value: Any) -> dict[str, Any]:
        return value if isinstance(value, dict) else {}

    frames, sanctions = table(raw.get("frames")), table(raw.get("sanctions"))
    problems = []
    if sanctions and "sanction_rules" not in raw:
        problems.append((("sanctions",), "sanction types need a [sanction_rules] table (trigger words); "
                                         "a topic without sanctions leaves out both"))
    for name, frame in frames.items():
        other = table(frame).get("refuted_as")
        if other is not None and other not in frames:
            problems.append((("frames", name, "refuted_as"), f"names unknown frame '{other}'"))
    if table(raw.get("framing")).get("fallback", "neutral") in frames:
        problems.append((("framing", "fallback"), "the fallback needs a name other than the frames'"))
    kinds = table(table(raw.get("measures")).get("kinds")) or dict.fromkeys(POLARITIES)
    for name, sanction in sanctions.items():
        kind = table(sanction).get("polarity")
        if isinstance(kind, str) and kind not in kinds:
            problems.append((("sanctions", name, "polarity"),
                             f"names unknown measure kind '{kind}' (declared: {', '.join(kinds)}; see [measures.kinds])"))
        for other in table(sanction).get("suppressed_by") or ():
            if other not in sanctions:
                problems.append((("sanctions", name, "suppressed_by"), f"names unknown sanction type '{other}'"))
    for alias, named in table(raw.get("sanction_aliases")).items():
        for other in named if isinstance(named, list) else ():
            if other not in sanctions:
                problems.append((("sanction_aliases", alias), f"names unknown sanction type '{other}'"))
    return problems


# -- errors in words, with lines ---------------------------------------------------------------
def problems(raw: dict[str, Any], text: str) -> tuple[PackSpec | None, list[tuple[int, str]]]:
    """The validated pack, or None and (line, message) for every problem."""
    found = [(line_of(text, loc), f"{_dotted(loc)}: {msg}") for loc, msg in _references(raw)]
    try:
        spec = PackSpec.model_validate(raw)
    except ValidationError as exc:
        spec = None
        found += [(line_of(text, error["loc"]), _message(error)) for error in exc.errors()]
    return (None if found else spec), sorted(set(found))


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the pack"


def _message(error: dict[str, Any]) -> str:
    loc = tuple(p for p in error["loc"] if p != "[key]")
    where = _dotted(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        near = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean `{near[0]}`?" if near else f"; allowed here: {', '.join(allowed)}"
        return f"{where}: unknown key{hint}"
    if kind == "missing":
        return f"{where}: required, but missing"
    if kind == "string_pattern_mismatch" and "[key]" in error["loc"]:
        return f"{where}: use lower_case_with_underscores for this name"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "model":
        return f"{where}: names a .skops file beside the pack (from `framelens train`)"
    if kind == "string_pattern_mismatch":
        return f"{where}: an empty word (\"\" or spaces) in a word list"
    if kind == "literal_error":
        return f"{where}: {error['msg'].replace('Input should be', 'must be')} (not {error['input']!r})"
    if kind == "too_short":
        return f"{where}: an empty list; leave the key out instead, or give at least one entry"
    if kind == "value_error":
        return f"{where}: {error['msg'].removeprefix('Value error, ')}"
    return f"{where}: {error['msg'].lower()} (got {type(error['input']).__name__})"


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys a table of the schema allows at ``loc`` (dict keys and list indexes skipped)."""
    model: Any = PackSpec
    for part in loc:
        model = _inner(model)
        if isinstance(model, type) and issubclass(model, BaseModel) and part in model.model_fields:
            model = model.model_fields[part].annotation
    model = _inner(model)
    return list(model.model_fields) if isinstance(model, type) and issubclass(model, BaseModel) else []


def _inner(annotation: Any) -> Any:
    """The model inside ``X | None``, ``dict[str, X]`` and ``list[X]``."""
    while True:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        origin = typing.get_origin(annotation)
        if origin in (dict, list) and args:
            annotation = args[-1]
        elif origin in (Union, types.UnionType) and len(args) == 1:
            annotation = args[0]
        elif origin is Annotated:
            annotation = args[0]
        else:
            return annotation


def line_of(text: str, loc: tuple[Any, ...]) -> int:
    """1-based line in ``text`` of the key at ``loc`` (its table's header if the key is not written); 1 if none."""
    parts = [p for p in loc if p != "[key]"]
    lines = text.splitlines()
    best, rest = 1, parts
    for n in range(len(parts), 0, -1):  # the longest prefix that is a table header
        table = ".".join(str(p) for p in parts[:n] if not isinstance(p, int))
        # The table's own header, or (for a table of tables, "[sanctions]") its first sub-table's.
        header = re.compile(r"^\s*\[\s*" + re.escape(table) + r"\s*(\]\s*(#.*)?$|\.)")
        found = next((i for i, line in enumerate(lines, 1) if header.match(line)), None)
        if found:
            best, rest = found, parts[n:]
            break
    if not rest or isinstance(rest[0], int):
        return best
    key = re.compile(r"^\s*" + re.escape(str(rest[0])) + r"\s*[=.]")
    for number in range(best, len(lines)):
        line = lines[number]
        if line.lstrip().startswith("["):
            break
        if key.match(line):
            if len(rest) > 1 and isinstance(rest[1], int):
                return _item_line(lines, number, rest[1])
            return number + 1
    return best


def _item_line(lines: list[str], start: int, index: int) -> int:
    """Line of the ``index``-th inline table of the array that opens on line ``start`` (0-based)."""
    seen = -1
    for number in range(start + 1, len(lines)):
        if lines[number].lstrip().startswith("{"):
            seen += 1
            if seen == index:
                return number + 1
        if lines[number].lstrip().startswith("]"):
            break
    return start + 1
