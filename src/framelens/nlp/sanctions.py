"""``framelens_sanctions``: sanction and reward mentions with type, polarity, target, modality.

A type is found by one of its ``phrases`` ("blacklisted", "name and shame"), or by one of
its ``objects`` ("flight", "loan") governed by a trigger word nearby in the same
sentence or bullet item: "banned from plane and high-speed train travel" finds flights
and trains through one trigger; "easier access to loans" and "denial of loans" tell a
reward from a punishment by the trigger's polarity. A bullet item with no trigger takes
the polarity of the list's lead-in (``Doc._.framelens_lead_in`` or the list's other items).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.language import Language

from ..domain import DEFAULT_PACK, DomainPack
from .component import PackComponent
from .extensions import SANCTIONS_KEY
from .negation import negates, negation_before
from .sanction_syntax import (
    access_withheld,
    acts_on_another,
    barred_from,
    clause_tokens,
    clause_verb,
    done_to_someone,
    governs_nothing,
    in_reason,
    in_subject,
    in_whose_clause,
    is_subject,
    modifies_a_noun,
    modifies_another,
    own_clause_heads,
    reporting_heads,
    specified_otherwise,
    verb_of_another,
)
from .terms import build_phrase_matcher, form_in, phrasal, token_in, word_set
from .view import view

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


@Language.factory("framelens_sanctions", default_config={"domain": DEFAULT_PACK}, assigns=["doc.spans"])
def make_sanctions(nlp: Language, name: str, *, domain: str) -> SanctionFinder:
    """Factory: ``nlp.add_pipe("framelens_sanctions", config={"domain": "social_credit"})``."""
    return SanctionFinder(nlp, name, domain=domain)


#: The measure kind a negated modal of ability makes of a nearby object ("can't fly"): a restriction.
INABILITY_KIND = "punishment"
#: Tokens from a gate's opener ("whether") to its gate word ("can", "eligible").
GATE_WINDOW = 6


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    type: str
    polarity: str
    target: str
    modality: str
    negated: bool


class SanctionFinder(PackComponent):
    """Finds sanction mentions as spans in ``doc.spans["framelens_sanctions"]``."""

    def configure(self, pack: DomainPack) -> None:
        nlp = self.nlp
        rules = pack.sanction_rules
        tokenizer = nlp.tokenizer
        self.phrases = build_phrase_matcher(
            nlp.vocab, {f"P|{t.name}": t.phrases for t in pack.sanctions.values()}, tokenizer
        )
        objects: dict[str, list[str]] = {}
        for t in pack.sanctions.values():
            for obj in t.objects:
                objects.setdefault(obj.lower(), []).append(t.name)
        self.object_types = objects
        self.objects = build_phrase_matcher(
            nlp.vocab, {**{f"O|{o}": [o] for o in objects}, **{f"N|{o}": [o] for o in rules.not_objects}}, tokenizer)
        self.verb_objects = verb_objects(objects)
        self.done_to = {nlp.vocab.strings.add(f"P|{t.name}"): word_set(t.done_to) for t in pack.sanctions.values() if t.done_to}
        self.documents = word_set(pack.words("claims", "document_nouns"))
        # One set of trigger and lead-in words per measure kind of the pack (punishment, reward...).
        self.triggers = {kind: word_set(words) for kind, words in rules.triggers.items()}
        self.lead_ins = {kind: self.triggers[kind] | word_set(rules.lead_ins.get(kind, ())) for kind in self.triggers}
        self.own_triggers = {t.name: {t.polarity: word_set(t.triggers)} for t in pack.sanctions.values() if t.triggers}
        self.possible = word_set(rules.possible_cues)
        self.negation = word_set(rules.negation_cues)
        self.inability = word_set(rules.inability_modals)
        self.gates = (word_set(rules.gate_openers), word_set(rules.gate_words), word_set(rules.gate_deciders))
        self.dependence = word_set(rules.dependence_words)  # "depend", "contingent"
        self.harm = (word_set(rules.harm_verbs), word_set(rules.access_words), self.dependence, self.gates[2] | self.gates[0])
        self.targets = {"individual": word_set(rules.individual_targets), "company": word_set(rules.company_targets)}
        self.window = (rules.window_before, rules.window_after)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span

        hits = self.find(doc)
        spans = []
        for hit in hits:
            span = Span(doc, hit.start, hit.end, label=hit.type)
            ext = span._  # one Underscore per span, not one per attribute
            ext.framelens_polarity, ext.framelens_target = hit.polarity, hit.target
            ext.framelens_modality, ext.framelens_negated = hit.modality, hit.negated
            spans.append(span)
        doc.spans[SANCTIONS_KEY] = spans
        return doc

    # -- finding ------------------------------------------------------------
    def find(self, doc: Doc) -> list[_Hit]:
        """Sanction hits in ``doc``: one per type per mention, in text order."""
        self.ready()
        phrase_matches = sorted([*self.phrases(doc), *self._done_to_matches(doc)], key=lambda m: m[1])
        verb_nouns = self._verb_object_matches(doc)
        # a longer "not object" ("air pollution") hides the object inside it ("air"), then goes
        object_matches = [m for m in _longest([*self.objects(doc), *verb_nouns]) if doc.vocab.strings[m[0]][0] == "O"]
        object_matches = sorted(object_matches + self._pronoun_matches(doc, object_matches), key=lambda m: m[1])
        if not phrase_matches and not object_matches:  # most passages: nothing to judge
            return []
        lead = self._lead_in(doc)
        lead["parsed"] = view(doc).parsed
        lead["verb_nouns"] = frozenset(start for _, start, _ in verb_nouns)
        segments = _segments(doc)
        items = [s for s in segments if _is_bullet(s)]
        phrases = _by_segment(phrase_matches, segments)
        objects = _by_segment(object_matches, segments)
        hits: list[_Hit] = []
        for seg, inside, objs in zip(segments, phrases, objects):
            if inside or objs:
                hits += self._in_segment(doc, seg, inside, objs, lead, items)
        return _merge(self._suppress(hits))

    def _verb_object_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Objects of the form "buy a house" found through the parse, as the noun: "buying a
        house", "buy a car or a house" (the noun, or a conjunct of it, is the verb's object), and
        "serving as a director" (an entry with "as": the noun is the object of the verb's "as")."""
        if not self.verb_objects or not view(doc).parsed:
            return []
        out = []
        forms = view(doc).forms
        for token in doc:
            entries = self.verb_objects.get(forms[token.i][1] or forms[token.i][0])
            if not entries:
                continue
            head = token
            while head.dep_ == "conj" and head.head.i != head.i:
                head = head.head
            if head.dep_ == "dobj":
                verb, through = forms[head.head.i], "a"
            elif head.dep_ == "pobj" and head.head.lower_ == "as" and head.head.dep_ == "prep":
                verb, through = forms[head.head.head.i], "as"  # "serving as a director"
            else:
                continue
            for verbs, entry in entries:
                if (" as " in entry) == (through == "as") and (verb[0] in verbs or verb[1] in verbs):
                    out.append((doc.vocab.strings[f"O|{entry}"], token.i, token.i + 1))
        return out

    def _done_to_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """A type's ``done_to`` verbs done to a person or firm, as if they were its phrases."""
        if not self.done_to or not view(doc).parsed:
            return []
        forms = view(doc).forms
        people, firms = self.targets["individual"], self.targets["company"]
        return [(key, token.i, token.i + 1) for token in doc for key, verbs in self.done_to.items()
                if form_in(forms[token.i], verbs) and done_to_someone(token, people, firms, self.documents)]

    def _pronoun_matches(self, doc: Doc, matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """A pronoun as the object of a type's own trigger stands for an object of that type earlier
        in its sentence: "residents gain points for volunteering, and lose them for traffic offences"."""
        if not matches or not view(doc).parsed:
            return []
        out = []
        forms = view(doc).forms
        for token in doc:
            if token.lower_ not in ("them", "it") or token.dep_ != "dobj":
                continue
            verb = forms[token.head.i]
            sentence = token.sent
            for match_id, start, _ in matches:
                entry = doc.vocab.strings[match_id].split("|", 1)[1]
                if sentence.start <= start < token.i and any(
                        form_in(verb, words) for name in self.object_types[entry] for words in self.own_triggers.get(name, {}).values()):
                    out.append((match_id, token.i, token.i + 1))
                    break
        return out

    def _in_segment(
        self, doc: Doc, seg: Span, phrases: list, objects: list, lead: dict, items: list[Span]
    ) -> list[_Hit]:
        hits = []
        for match_id, start, end in phrases:
            name = doc.vocab.strings[match_id].split("|", 1)[1]
            kind = self.pack.sanctions[name]
            hits.append(self._hit(doc, seg, start, end, kind.name, kind.polarity, lead, anchor=start))
        for match_id, start, end in objects:
            obj = doc.vocab.strings[match_id].split("|", 1)[1]
            if specified_otherwise(obj, doc, end, self.targets):
                continue
            others = frozenset(i for _, s, e in objects if (s, e) != (start, end) for i in range(s, e))
            if end - start == 1 and verb_of_another(doc[start], lead["verb_nouns"]):
                continue
            names = self.object_types[obj]
            for name in [n for n in names if n in self.own_triggers and not modifies_a_noun(doc[end - 1], others)]:
                # A type with its own triggers needs one, on the object itself: "score" alone is no deduction.
                trigger = self._nearest_trigger(doc, seg, start, end, self.own_triggers[name], own=True, others=others)
                if trigger:
                    hits.append(self._object_hit(doc, seg, start, end, trigger[0], name, trigger[1], lead))
            generic = [n for n in names if n not in self.own_triggers]
            if not generic:
                continue
            trigger = self._nearest_trigger(doc, seg, start, end, self.triggers, others=others)
            polarity = trigger[1] if trigger else self._list_polarity(doc, seg, lead, items)
            kind = self._choose(generic, polarity, doc, seg, lead) if polarity else None
            if kind:
                hits.append(self._object_hit(doc, seg, start, end, trigger[0] if trigger else start, kind, polarity, lead))
        return hits

    def _object_hit(
        self, doc: Doc, seg: Span, start: int, end: int, anchor: int, kind: str, polarity: str, lead: dict
    ) -> _Hit:
        """A hit spanning the object and the trigger that governs it."""
        return self._hit(doc, seg, min(start, anchor), max(end, anchor + 1), kind, polarity, lead, anchor=anchor)

    def _hit(self, doc: Doc, seg: Span, start: int, end: int, kind: str, polarity: str, lead: dict, *, anchor: int) -> _Hit:
        return _Hit(
            start=start,
            end=end,
            type=kind,
            polarity=polarity,
            target=self._target(doc, seg, lead, self.pack.sanctions[kind].target),
            modality=self._modality(doc, seg, anchor, lead),
            # "not allowed to fly" is a restriction, not a negated one
            negated=self._negated(doc, seg, anchor) and not form_in(view(doc).forms[anchor], self.gates[1]),
        )

    def _nearest_trigger(
        self, doc: Doc, seg: Span, start: int, end: int, triggers: dict[str, frozenset[str]], *, own: bool = False,
        others: frozenset[int] = frozenset(),
    ) -> tuple[int, str] | None:
        """(index, polarity) of the trigger closest to an object: within the token window,
        or anywhere up the object's chain of syntactic heads in the same segment
        ("barred people ... from travel by plane"). A negated modal ("can't") counts as a
        punishment trigger, but not for a type's ``own`` triggers ("a low score means you cannot
        fly" restricts flights, it deducts no points); nor does an own trigger whose subject the
        object is while it acts on something else ("a poor rating can cost someone a promotion").
        ``others``: the tokens of the segment's other objects."""
        before, after = self.window
        candidates = set(range(max(seg.start, start - before), min(seg.end, end + after)))
        reporting = reporting_heads(doc[end - 1])
        # A type's own trigger stays in the object's clause ("prices have risen, and the operator has
        # introduced a points scheme"); a general one may govern a list of clauses ("whether one can
        # travel, buy a house, and what school one's children can attend").
        chain = own_clause_heads(doc[end - 1]) if own else doc[end - 1].ancestors
        heads = [t for t in chain if seg.start <= t.i < seg.end and t.i not in reporting]
        head_set = {t.i for t in heads}
        candidates = (candidates | head_set) - reporting
        # The auxiliaries and adjective complements of those heads: "can't fly, use trains or enroll
        # their children at schools" (the negated modal hangs on the first verb; the schools on the
        # last of its conjuncts); "whether you will be eligible for a promotion, ... or book a flight"
        # (the gate word "eligible" hangs on the first "be").
        candidates |= {c.i for t in heads for c in t.children if c.dep_ in ("aux", "neg", "acomp") and seg.start <= c.i < seg.end}
        # And the negation inside an adverb of theirs: "could no longer buy plane tickets, ... or take out a mortgage".
        candidates |= {g.i for t in heads for c in t.children if c.dep_ == "advmod"
                       for g in c.children if g.dep_ == "neg" and seg.start <= g.i < seg.end}
        # And the verbs that share the object as their subject: "points are lost for traffic
        # violations ..., and gained for good deeds".
        shared = {c.i for t in heads if is_subject(t, end - 1) for c in t.conjuncts
                  if seg.start <= c.i < seg.end and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)}
        candidates |= shared
        if view(doc).parsed:
            # A word after the object governs it only within the object's clause: in "play music
            # on the train and you could lose points", "lose" is another clause's verb.
            home = clause_verb(doc[end - 1])
            candidates = {i for i in candidates if i < end or i in head_set or i in shared or clause_verb(doc[i]) == home
                          or any(start <= a.i < end for a in doc[i].ancestors)}  # "a score that drops"
        best: tuple[int, int, str] | None = None
        tokens = view(doc).tokens
        # A modifier of another object is that object's: "fast" in "fast trains and good schools"
        # makes no reward of the schools, nor "no" in "rent bikes with no deposit" a refusal of the
        # bikes; a determiner still spans its noun's conjuncts ("no flights or trains").
        obj = tokens[end - 1]
        candidates = {i for i in candidates
                      if not modifies_another(tokens[i], obj, others) and not governs_nothing(tokens[i], start, end, own)}
        for i in sorted(candidates - set(range(start, end))):
            found = self._trigger_kinds(doc, seg, i, start, end, triggers, own)
            if len(found) != 1:
                continue  # not a trigger, or ambiguous ("lower")
            distance = start - i if i < start else i - end + 1
            if tokens[i].dep_ == "amod" and start <= tokens[i].head.i < end:
                # the object's own adjective names a kind of it ("the fast train") and yields to
                # any other trigger: "I can't take the fast train" restricts
                distance += len(doc)
            if best is None or distance < best[0]:
                best = (distance, i, found[0])
        return (best[1], best[2]) if best else None

    def _trigger_kinds(self, doc: Doc, seg: Span, i: int, start: int, end: int,
                       triggers: dict[str, frozenset[str]], own: bool) -> list[str]:
        """The measure kinds token ``i`` triggers for the object ``start:end`` (none, one, or
        several when it is ambiguous)."""
        tokens, forms = view(doc).tokens, view(doc).forms
        token = tokens[i]
        if not own and INABILITY_KIND in triggers and (
                self._inability(forms, i, seg.start) or self._gated(forms, i, seg.start, seg.end) or self._refused(doc, seg, i)):
            # "can't fly", "may not leave", "not allowed to take flights", "not eligible for
            # loans" (while "eligible for loans" alone rewards); whoever "cannot" is the one
            # restricted, not a thing withheld ("executives of blacklisted firms cannot fly")
            return [] if in_subject(token.head, start, end, ("nsubj",)) else [INABILITY_KIND]
        if not own and INABILITY_KIND in triggers and access_withheld(token, *self.harm):
            return [INABILITY_KIND]  # "could affect their ability to obtain loans", "access ... depends on your score"
        if token.dep_ == "amod" and any(token_in(token.head, words) for words in self.targets.values()):
            return []  # it describes who: "executives of blacklisted firms" are not executive posts withheld
        found = [p for p, words in triggers.items() if form_in(forms[i], words)]
        if not found and token.n_rights:
            verbs = phrasal(token)  # "turned down", "shut out": a phrasal verb
            found = [p for p, words in triggers.items() if not verbs.isdisjoint(words)]
        if found and own and acts_on_another(token.head if token.dep_ == "aux" else token, start, end):
            return []
        if found and (barred_from(token, end) or in_reason(token, start, end) or in_whose_clause(token, start, end)):
            return []  # who is kept from something, the reason given, what they did: no thing withheld
        return found

    def _gated(self, forms, i: int, first: int, last: int) -> bool:
        """Token ``i`` is a gate the score decides (pack: ``gate_*``): "this score will decide whether
        or not one can travel", "a score ...: whether you will be eligible for the next promotion",
        "whether you can board a train depends on your score" (``dependence_words``, then a decider)."""
        openers, words, deciders = self.gates
        if not form_in(forms[i], words):
            return False
        opener = [j for j in range(max(first, i - GATE_WINDOW), i) if form_in(forms[j], openers)]
        depends = next((j for j in range(i + 1, last) if form_in(forms[j], self.dependence)), last)
        return bool(opener) and any(form_in(forms[j], deciders) for j in (*range(first, opener[0]), *range(depends, last)))

    def _refused(self, doc: Doc, seg: Span, i: int) -> bool:
        """Token ``i`` is a gate word negated ("not allowed to take flights", "not eligible for a loan")."""
        return form_in(view(doc).forms[i], self.gates[1]) and self._negated(doc, seg, i)

    def _inability(self, forms, i: int, first: int) -> bool:
        """Token ``i`` negates a modal of ability or permission just before it ("ca n't", "can not")."""
        return i > first and form_in(forms[i], self.negation) and form_in(forms[i - 1], self.inability)

    def _list_polarity(self, doc: Doc, seg: Span, lead: dict, items: list[Span]) -> str | None:
        """Polarity of a bullet item without a trigger: the lead-in's, else its siblings'."""
        if not _is_bullet(seg):
            return None
        if lead["polarity"]:
            return lead["polarity"]
        votes = dict.fromkeys(self.lead_ins, 0)
        read = view(doc)
        for item in items:
            for token in read.tokens_of(item):
                for polarity, words in self.lead_ins.items():
                    votes[polarity] += token_in(token, words)
        ranked = sorted(votes.values(), reverse=True)
        if not ranked or ranked[0] == 0 or (len(ranked) > 1 and ranked[0] == ranked[1]):
            return None  # no vote, or a tie
        return max(votes, key=votes.get)

    def _choose(self, candidates: list[str], polarity: str, doc: Doc, seg: Span, lead: dict) -> str | None:
        names = [n for n in candidates if self.pack.sanctions[n].polarity == polarity]
        if len(names) > 1:
            target = self._target(doc, seg, lead, "unspecified")
            preferred = [n for n in names if self.pack.sanctions[n].target in (target, "both")]
            names = preferred or names
        return names[0] if names else None

    def _target(self, doc: Doc, seg: Span, lead: dict, default: str) -> str:
        forms = view(doc).forms[seg.start : seg.end]
        found = {kind for kind, words in self.targets.items() for f in forms if form_in(f, words)}
        found = found or lead["targets"]
        if found == {"individual", "company"}:
            return "both"
        return next(iter(found)) if found else default

    def _modality(self, doc: Doc, seg: Span, anchor: int, lead: dict) -> str:
        if lead["possible"] and _is_bullet(seg):
            return "possible"
        tokens = clause_tokens(doc, seg, anchor, lead["parsed"])
        return "possible" if any(token_in(t, self.possible) for t in tokens) else "actual"

    def _negated(self, doc: Doc, seg: Span, anchor: int) -> bool:
        tokens = view(doc).tokens
        token = tokens[anchor]
        if negates(token) or (token.dep_ in ("dobj", "pobj", "xcomp", "acomp", "attr") and negates(token.head)):
            return True
        return negation_before(tokens, anchor, lambda t: token_in(t, self.negation), 3, floor=seg.start)

    def _lead_in(self, doc: Doc) -> dict:
        text = (doc._.framelens_lead_in or "").lower()
        words = set(text.replace(":", " ").split())
        polarity = [p for p, ws in self.lead_ins.items() if words & ws]
        return {
            "polarity": polarity[0] if len(polarity) == 1 else None,
            "possible": bool(words & self.possible),
            "targets": {k for k, ws in self.targets.items() if words & ws},
        }

    def _suppress(self, hits: list[_Hit]) -> list[_Hit]:
        """Drop general types in a passage where a more specific one is found ("barred from
        travel on flights and trains" is two specific bans, not a third general one). Only an
        affirmed type suppresses: in "hotels without a deposit" the negated hotel-deposit demand
        leaves the deposit waiver standing."""
        found = {o.type for o in hits if not o.negated}
        return [hit for hit in hits if not found & set(self.pack.sanctions[hit.type].suppressed_by)]


def verb_objects(objects) -> dict[str, list[tuple[frozenset[str], str]]]:
    """Object entries that may be a verb and its noun ("buy a house", "purchase property", "serve
    as director"), by the noun: the verb's forms and the entry. Others ("high-speed train",
    "travel abroad") are not."""
    from lemminflect import getAllInflections

    out: dict[str, list[tuple[frozenset[str], str]]] = {}
    for entry in objects:
        words = entry.split()
        if not 2 <= len(words) <= 3 or (len(words) == 3 and words[1] not in ("a", "an", "the", "as")):
            continue
        # "credit score" qualifies too, harmlessly: only a parse with "score" the object of the
        # verb "credit" would match it.
        if getAllInflections(words[0], upos="VERB") and getAllInflections(words[-1], upos="NOUN"):
            out.setdefault(words[-1], []).append((word_set([words[0]]), entry))
    return out


def _merge(hits: list[_Hit]) -> list[_Hit]:
    """One hit per type per mention: overlapping hits of one type become their union."""
    merged: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.type, h.start, h.end)):
        last = merged[-1] if merged else None
        if last and last.type == hit.type and hit.start <= last.end:
            merged[-1] = _Hit(
                last.start, max(last.end, hit.end), last.type, last.polarity, last.target, last.modality,
                last.negated and hit.negated,
            )
        else:
            merged.append(hit)
    return sorted(merged, key=lambda h: (h.start, h.type))


def _segments(doc: Doc) -> list[Span]:
    """Sentences, further split at line breaks (so each bullet item stands alone)."""
    read = view(doc)
    sentences = read.sentences
    if "\n" not in read.text:  # no line break: the sentences as they are
        return sentences
    out = []
    for sent in sentences:
        start = sent.start
        for token in read.tokens_of(sent):
            if token.is_space and "\n" in token.text:
                if token.i > start:
                    out.append(doc[start : token.i])
                start = token.i + 1
        if sent.end > start:
            out.append(doc[start : sent.end])
    return out


def _is_bullet(seg: Span) -> bool:
    first = seg[0].text if len(seg) else ""
    return first in {"-", "*", "•", "‣", "◦", "▪", "●", "·", "–"} or (first.rstrip(".)").isdigit() and len(seg) > 1)


def _longest(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Drop object matches inside a longer one ("train" inside "high-speed train")."""
    by_start = sorted(matches, key=lambda m: (m[1], -m[2]))
    out = []
    reach = -1  # furthest end of a match starting earlier or at the same token
    for m in by_start:
        inside = m[2] <= reach or any(o[1] == m[1] and o[2] > m[2] for o in out[-4:])
        if not inside:
            out.append(m)
        reach = max(reach, m[2])
    return out


def _by_segment(matches: list[tuple[int, int, int]], segments: list[Span]) -> list[list[tuple[int, int, int]]]:
    """Matches (sorted by start) grouped by the segment that contains them, in one pass."""
    groups: list[list[tuple[int, int, int]]] = [[] for _ in segments]
    i = 0
    for n, seg in enumerate(segments):
        while i < len(matches) and matches[i][1] < seg.start:
            i += 1
        j = i
        while j < len(matches) and matches[j][1] < seg.end:
            if matches[j][2] <= seg.end:
                groups[n].append(matches[j])
            j += 1
        i = j
    return groups
