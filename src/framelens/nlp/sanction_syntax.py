"""Where a word stands to a sanction object in the parse, for ``framelens_sanctions``.

Which clause a word heads, whether an object is a verb's subject or the cause it gives, whether a
word only describes another object: the syntactic tests the sanction finder applies to a
trigger candidate and its object (token indices; ``start:end`` is the object's span).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .terms import token_in
from .view import view

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

#: Dependencies of a verb that heads a clause of its own.
CLAUSE_DEPS = ("ROOT", "ccomp", "advcl", "relcl", "conj")
#: Prepositions that give a cause ("because of a low score", "due to", "owing to").
CAUSES = ("because", "due", "owing", "thanks")


#: Penn tags of finite verbs (and modals): a clause with one can be reported.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def modifies_another(word, obj, others: frozenset[int]) -> bool:
    """``word`` describes another object than ``obj``: an adjective on it ("fast trains") or on a
    conjunct of ``obj``, or a determiner on another object that does not reach
    ``obj`` as a conjunct ("no deposit", not "no flights or trains")."""
    head = word.head
    if head.i not in others:
        # an adjective of a conjunct: "fewer" in "slower internet, fewer dating matches" says
        # nothing of the internet
        return word.dep_ == "amod" and head in obj.conjuncts
    return word.dep_ == "amod" or (word.dep_ == "det" and obj not in head.conjuncts)


def modifies_a_noun(word, others: frozenset[int]) -> bool:
    """``word`` only modifies a noun after it that is no object ("ratings agency", "points scheme"):
    a change verb then acts on that noun ("the ratings agency cut its outlook"), not on ``word``."""
    return word.dep_ == "compound" and word.head.i > word.i and word.head.i not in others


def _covers(token, start: int, end: int) -> bool:
    """Tokens ``start:end`` lie in ``token``'s phrase."""
    return token.left_edge.i <= start and end - 1 <= token.right_edge.i


def in_subject(verb, start: int, end: int, deps=("nsubj", "nsubjpass")) -> bool:
    """Tokens ``start:end`` lie in a subject of ``verb``."""
    return any(c.dep_ in deps and _covers(c, start, end) for c in verb.children)


def verb_of_another(token, verb_nouns: frozenset[int]) -> bool:
    """A verb that is an object alone ("renting") but whose direct object is the noun of a
    verb-and-noun object: "renting luxury cars" is a car rental ("rent a car"), not a housing one."""
    return token.pos_ == "VERB" and any(
        c.dep_ == "dobj" and any(t.i in verb_nouns for t in (c, *c.conjuncts)) for c in token.children)


def is_subject(verb, i: int, deps=("nsubj", "nsubjpass")) -> bool:
    """Token ``i`` is a subject of ``verb`` itself ("representative" in "its legal representative
    was barred"; not "air" in "air travellers were blocked")."""
    return any(c.dep_ in deps and c.i == i for c in verb.children)


def barred_from(verb, end: int) -> bool:
    """The object ending at ``end`` is whoever ``verb`` keeps from something, the person restricted
    rather than a thing withheld: its subject or direct object, with a "from" after the verb or in
    the object's phrase ("its legal representative was barred from leaving", "bar three
    executives of the developer from the stock market")."""
    obj = verb.doc[end - 1]
    return is_subject(verb, obj.i, ("nsubj", "nsubjpass", "dobj")) and any(
        c.lower_ == "from" for c in (*verb.children, *obj.subtree))


def acts_on_another(verb, start: int, end: int) -> bool:
    """The object (tokens ``start:end``) is in ``verb``'s subject while the verb, or the verb it
    governs, has a direct object of its own ("a poor rating can cost someone a promotion": the
    rating costs, and loses nothing; "hotels must register every guest", "hotels are required to
    check guests' ID cards": they demand no deposit), or it is the cause
    the verb gives ("lost access to the internet because of a low score")."""
    acts = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]  # "hotels are required to check ID cards"
    acting = in_subject(verb, start, end) and any(c.dep_ in ("dobj", "dative") for v in acts for c in v.children)
    return acting or any(c.dep_ == "prep" and c.lower_ in CAUSES and _covers(c, start, end) for c in verb.children)


#: Verbs of trying: what "debtors who try to board a train" attempt is what is withheld.
ATTEMPTS = frozenset({"try", "attempt", "seek", "want", "wish", "hope", "plan", "apply"})


def in_whose_clause(verb, start: int, end: int) -> bool:
    """The object (tokens ``start:end``) lies in a clause that says who the verb's subject is:
    what they did, not what is withheld ("a businessman who failed to repay loans was banned from
    taking trains", "those who default on student loans may lose their scholarships")."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and any(
        r.dep_ == "relcl" and r.lemma_.lower() not in ATTEMPTS and _covers(r, start, end) for r in c.children)
        for c in verb.children)


def in_reason(trigger, start: int, end: int) -> bool:
    """The object (tokens ``start:end``) lies deep in a "for" phrase of the trigger, or of the verb
    whose direct object the trigger is: the reason, not the thing withheld ("blacklisted for
    antisocial behaviour on public transport", "entering the blacklist for ...", "banned for
    dodging train fares"); the phrase's own noun is still withheld ("ineligible for loans")."""
    obj = trigger.doc[end - 1]
    for verb in (trigger, trigger.head) if trigger.dep_ == "dobj" else (trigger,):
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "for" and _covers(prep, start, end):
                nouns = [t for c in prep.children if c.dep_ == "pobj" for t in (c, *c.conjuncts)]
                # the phrase's own noun with its modifiers: "priority for hospital appointments", "jobs in government"
                if not any(n.left_edge.i <= obj.i <= n.i or start <= n.i < end for n in nouns):
                    return True
                break
    return False


def reporting_heads(token) -> set[int]:
    """Heads above a finite clausal complement on ``token``'s chain: a verb does not act on what a
    clause it reports speaks of ("Pence added that China aims to implement a social credit score"
    raises no score), while the clause's own verbs still do ("he said debtors were barred from
    flights")."""
    out: set[int] = set()
    above = False
    for t in (token, *token.ancestors):
        if above:
            out.add(t.i)
        above = above or (t.dep_ == "ccomp" and _finite(t))
    return out


def _finite(verb) -> bool:
    """A finite clause ("that people lose points", "they were barred"), not a bare infinitive
    after "have", "make" or "let" ("have your children go to private schools")."""
    return verb.tag_ in FINITE_TAGS or any(
        c.dep_ == "mark" or (c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS) for c in verb.children)


def clause_verb(token) -> int | None:
    """The index of the verb that heads ``token``'s clause (itself, if it is one), or None."""
    for t in (token, *token.ancestors):
        if t.pos_ in ("VERB", "AUX") and t.dep_ in CLAUSE_DEPS:
            return t.i
    return None


def clause_tokens(doc: Doc, seg: Span, anchor: int, parsed: bool) -> list:
    """Tokens that decide modality for the word at ``anchor``: its verb chain, or the segment."""
    read = view(doc)
    segment = read.tokens_of(seg)
    if not parsed:
        return segment
    token = read.tokens[anchor]
    chain = [token, *token.ancestors]
    tokens = []
    for t in chain:
        tokens.append(t)
        tokens += [c for c in t.children if c.dep_ in ("aux", "auxpass", "advmod", "mark", "neg")]
        if t.pos_ in ("VERB", "AUX") and t.dep_ in CLAUSE_DEPS:
            break
    return [t for t in tokens if seg.start <= t.i < seg.end] or segment


def governs_nothing(word, start: int, end: int, own: bool) -> bool:
    """``word`` cannot govern the object ``start:end``: a word hyphened to it ("better-educated
    residents") or inside the same name ("the Free University of Berlin"); and, for a type's own
    triggers, an idiom ("urinating in public") or an adjective of a noun outside the object and
    its heads ("public morality" makes no name public)."""
    doc = word.doc
    obj = doc[end - 1]
    if word.i == start - 2 and doc[start - 1].text == "-":
        return True
    name = entity_start(doc[start])
    if name is not None and entity_start(word) == name:
        return True
    if own and word.dep_ == "pobj" and word.head.lower_ == "in":
        return True
    if word.dep_ == "det" and _elsewhere(word.head, obj, start, end):
        return True  # "firms that have no violations can obtain loans": the violations are none
    return own and word.dep_ == "amod" and not (start <= word.head.i < end or word.head in obj.ancestors)


def _elsewhere(noun, obj, start: int, end: int) -> bool:
    """``noun`` is neither in the object, nor one of its heads or their subjects ("no debtor may
    fly"), nor a conjunct of it."""
    if start <= noun.i < end or noun in obj.ancestors or noun in obj.conjuncts:
        return False
    return not (noun.dep_ in ("nsubj", "nsubjpass") and noun.head in obj.ancestors)


def entity_start(token) -> int | None:
    """The index where the named entity ``token`` is in begins, or None."""
    doc = token.doc
    while token.ent_iob_ == "I" and token.i > 0:
        token = doc[token.i - 1]
    return token.i if token.ent_iob_ == "B" else None


def own_clause_heads(token) -> list:
    """``token``'s chain of heads, up to the verb of a conjoined clause with its own subject."""
    heads = []
    for head in token.ancestors:
        heads.append(head)
        if head.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
            break
    return heads


#: An object entry opening with one of these names a thing by context ("the list": a list
#: named before; "a list" someone is put on).
DETERMINERS = ("the ", "this ", "that ", "a ", "its ", "their ")


def specified_otherwise(entry: str, doc: Doc, end: int, targets: dict[str, frozenset[str]]) -> bool:
    """An entry with a determiner ("the list", "a list") that "of" specifies as something else
    ("the list of pilot cities"); not where "of" names whom it lists ("on the list of people who
    defied the courts", "added to a list of 'untrustworthy' persons")."""
    if not entry.startswith(DETERMINERS) or end >= len(doc) or doc[end].lower_ != "of":
        return False
    # what is listed: the object of "of" with its conjuncts, else the next few words
    listed = [c for c in doc[end].children if c.dep_ == "pobj"]
    listed = [t for c in listed for t in (c, *c.conjuncts)] or doc[end + 1 : end + 4]
    return not any(token_in(t, words) for t in listed for words in targets.values())


#: Words that stand for a person or firm a verb can be done to ("listed her", "those listed").
PERSONAL = frozenset({"her", "him", "them", "me", "us", "she", "he", "they", "i", "we", "you",
                      "those", "anyone", "everyone", "someone", "whoever"})
#: Where a firm is listed without being blacklisted: "listed on the stock exchange".
MARKET_WORDS = frozenset({"exchange", "market", "bourse", "nasdaq", "index", "board", "stock"})


def done_to_someone(verb, people: frozenset[str], firms: frozenset[str], documents: frozenset[str] = frozenset()) -> bool:
    """Whether ``verb`` ("listed") is done to a person or firm: its object or passive subject is
    one ("a court had listed her", "a client who was listed", "those listed"), or it has none
    and is a passive of its own ("after being listed", "once listed"). A firm counts only when
    the verb says as what, for what or by whom ("listed as untrustworthy"); nothing listed on
    a market counts ("listed on the stock exchange", "listed companies"), nor anything listed in
    one of the ``documents`` ("the rewards for model citizens listed in the Fuzhou rules")."""
    if not verb.tag_.startswith("VB") or verb.dep_ == "amod":
        return False
    children = list(verb.children)
    if any(c.dep_ == "prep" and any(g.lemma_.lower() in MARKET_WORDS for p in c.children for g in p.subtree)
           for c in children):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "in" and any(p.dep_ == "pobj" and p.lemma_.lower() in documents for p in c.children)
           for c in children):
        return False
    patients = [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
    if verb.dep_ == "acl":
        patients.append(verb.head)  # "those listed", "firms listed as abnormal"
    if not patients:
        return any(c.dep_ == "auxpass" for c in children) or any(c.lower_ == "once" for c in children)
    patient = patients[0]
    if verb.dep_ == "relcl" and patient.lower_ in ("who", "whom"):
        return True  # "a client who was listed by mistake": "who" is someone
    if verb.dep_ == "relcl" and patient.lower_ == "that":
        patient = verb.head
    word = patient.lemma_.lower()
    if patient.lower_ in PERSONAL or word in people or patient.ent_type_ == "PERSON":
        return True
    return (word in firms or patient.ent_type_ == "ORG") and any(c.lower_ in ("as", "for", "by") for c in children)


def access_withheld(token, harms: frozenset[str], access: frozenset[str], dependence: frozenset[str],
                    deciders: frozenset[str]) -> bool:
    """``token`` is an access word (pack: ``access_words``) that a harm verb acts on ("records could
    affect their ability to obtain loans", "hurt your chances"), or that is made to depend on a
    score or on conduct (``dependence_words``, with a decider or "whether" after them: "access to
    high-speed trains may depend on your score", "your ability to buy railway tickets could be
    contingent on whether you drop litter")."""
    if not token_in(token, access):
        return False
    if token.dep_ == "dobj":
        return token_in(token.head, harms)
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    head = token.head
    condition = head if token_in(head, dependence) else next(
        (c for c in head.children if c.dep_ == "acomp" and token_in(c, dependence)), None)
    return condition is not None and any(token_in(t, deciders) for t in condition.subtree if t.i > condition.i)
