"""The spaCy components as tables of sentence -> expected records.

Model-free tests use ``spacy.blank("en")`` (window-based triggers, patterns, quotes);
tests marked ``model`` use the trained pipeline for what needs a parser and NER.
"""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest
import spacy

from framelens.nlp.records import (
    claims,
    corpus_speakers,
    resolve_entity_names,
    resolve_speakers,
    sanctions,
)
from framelens.nlp.terms import inflections
from framelens.types import Claim, Entity


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for name in ("framelens_entities", "framelens_sanctions", "framelens_claims"):
        nlp.add_pipe(name)
    return nlp


@pytest.fixture(scope="module")
def full():
    from framelens.nlp.spacy_model import build_nlp, resolve_model

    return build_nlp(resolve_model(None))


def found(nlp, text: str, lead_in: str = "") -> set[tuple[str, str, str]]:
    doc = nlp.make_doc(text)
    doc._.framelens_lead_in = lead_in
    doc = nlp(doc)
    return {(s.type, s.polarity, s.modality) for s in sanctions(doc, doc_id="d", passage_idx=0, offset=0)}


@pytest.mark.parametrize(
    "word,form",
    [("ban", "banned"), ("bar", "barred"), ("deny", "denied"), ("restrict", "restricting"), ("penalise", "penalized")],
)
def test_inflections_cover_the_forms_texts_use(word: str, form: str):
    assert form in inflections(word)


@pytest.mark.parametrize("word,not_a_form", [("bar", "bared"), ("ban", "baned"), ("shall", "should"), ("can", "could")])
def test_inflections_make_no_false_forms(word: str, not_a_form: str):
    """A lexicon, not suffix rules: "bared" is another verb, and a modal's "past" means something else."""
    assert not_a_form not in inflections(word)


SANCTION_CASES = [
    ("They were banned from flights.", {("travel_ban_flights", "punishment", "actual")}),
    ("no flight or high-speed train bookings", {("travel_ban_flights", "punishment", "actual"), ("travel_ban_trains", "punishment", "actual")}),
    ("Debtors could be barred from plane and high-speed train travel.", {("travel_ban_flights", "punishment", "possible"), ("travel_ban_trains", "punishment", "possible")}),
    ("Easier access to loans for trustworthy citizens.", {("credit_access_easier", "reward", "actual")}),
    ("Denial of loans for dishonest firms.", {("loan_denial", "punishment", "actual")}),
    ("Firms may be excluded from public procurement.", {("public_procurement_exclusion", "punishment", "possible")}),
    ("Good firms get priority in public procurement.", {("public_procurement_preference", "reward", "actual")}),
    ("The court has blacklisted thousands of debtors.", {("blacklist", "punishment", "actual")}),
    ("The system is about trust and markets.", set()),
    # A named blacklist is a sanction mechanism, even when only discussed (the dev codebook
    # lists it; "rewards and punishments" in general is not one).
    ("Blacklists are often discussed in the press.", {("blacklist", "punishment", "actual")}),
    ("Defaulters can't fly or take high-speed trains.", {("travel_ban_flights", "punishment", "actual"),
                                                          ("travel_ban_trains", "punishment", "actual")}),
]


@pytest.mark.parametrize("text,expected", SANCTION_CASES, ids=[c[0][:40] for c in SANCTION_CASES])
def test_sanctions_without_a_model(blank, text: str, expected: set):
    assert found(blank, text) == expected


def test_sanctions_bullets_take_polarity_and_modality_from_the_lead_in(blank):
    bullets = "• Flights\n• High-speed trains\n• Private schools"
    got = found(blank, bullets, lead_in="People with low scores would face the following punishments:")
    assert {t for t, _, _ in got} == {"travel_ban_flights", "travel_ban_trains", "private_school_ban"}
    assert {p for _, p, _ in got} == {"punishment"} and {m for _, _, m in got} == {"possible"}


def test_sanctions_negation_is_kept_apart(blank):
    doc = blank("They were not banned from flights.")
    assert list(sanctions(doc, doc_id="d", passage_idx=0, offset=0)) == []
    negated = list(sanctions(doc, doc_id="d", passage_idx=0, offset=0, negated=True))
    assert negated and negated[0].negated


@pytest.mark.model
@pytest.mark.parametrize(
    "text,expected",
    [
        ("Since 2018 people with a low score have been barred from long-distance travel by plane or train.",
         {"travel_ban_flights", "travel_ban_trains"}),
        ("Blacklisted companies may be denied licences and government subsidies.", {"blacklist", "license_denial", "subsidy_denial"}),
        ("Local residents who volunteer can get discounts on heating bills.", {"consumer_discounts"}),
        ("The NDRC publishes rules on market supervision.", set()),
        # A negated modal on the first of coordinated verbs governs the objects of the last.
        # ("on the list": the blacklist named before, as the dev annotator reads it)
        ("Debtors on the list can't fly, take high-speed trains or send their children to private schools.",
         {"blacklist", "travel_ban_flights", "travel_ban_trains", "private_school_ban"}),
        # Reference marks of web text are tokens of their own: the word before them still counts.
        ("His ability to purchase train tickets was legally restricted.[12]", {"travel_ban_trains"}),
        ("Defaulters cannot send their children to private schools.[3][4][5]", {"private_school_ban"}),
        ("He was ordered to pay a fine, and refused to pay an additional fine levied by the court.", {"fines"}),
        ("The weather was fine and the court was quiet.", set()),
        # "cannot" restricts what follows; it deducts no points from the score it mentions.
        ("A low score means you cannot take trains.", {"travel_ban_trains"}),
        # A trigger after the object governs it only in the object's clause (or a clause on the object).
        ("Play your music too loud on the train and you could lose points.", {"score_deduction"}),
        ("Every citizen is assigned a credit score that drops if a person plays video games.", {"score_deduction"}),
        ("His ability to purchase train tickets was legally restricted.", {"travel_ban_trains"}),
        # Domain vocabulary added in issue 17 (invented sentences): the market regulator's lists,
        # bank credit, pets, accounts, demotions, rental deposits, a score that is hurt, refusals.
        ("The firm was moved to the directory of enterprises with abnormal operations.", {"blacklist"}),
        ("Listed firms may be disqualified from obtaining credit from banks.", {"loan_denial"}),
        ("After a third offence the owner's dog can be confiscated.", {"pet_confiscation"}),
        ("The dog park was busy on Sunday.", set()),
        ("Her social media accounts were shut down last year.", {"social_media_suspension"}),
        ("Two officials were demoted for hiding their debts.", {"demotion"}),
        ("Users with a high score are exempted from the rental deposit.", {"deposit_waiver"}),
        ("No more hotel stays free of deposit.", {"hotel_deposit_required"}),
        ("Posting rumours will hurt your score.", {"score_deduction"}),
        ("The system declined two million flights last year.", {"travel_ban_flights"}),
        ("Defaulters are restricted in making investments.", {"market_access_restriction"}),
        # A verb does not act on what a finite clause it reports speaks of; the clause's own verbs do.
        ("Pence added that China aims to implement a social credit score.", set()),
        ("He said that debtors were barred from flights.", {"travel_ban_flights"}),
        ("Defaulters cannot have their children go to private schools.", {"private_school_ban"}),
        # A gate the score decides restricts what it gates; without a decider it is a mere question.
        ("Your credit score will decide whether or not you can buy train tickets.", {"travel_ban_trains"}),
        ("The rating decides whether you are eligible for the next promotion.", {"employment_restriction"}),
        ("It remains unclear whether companies can bid for government contracts.", set()),
        # ... and so are the items coordinated with the gated one (the gate is an adjective
        # complement of a verb on their chain of heads).
        ("Everything depends on one score: whether you will be eligible for the next promotion, or be able to "
         "rent a nicer apartment, or send your children to a good school, or book a flight to see your parents.",
         {"employment_restriction", "rental_insurance_denial", "private_school_ban", "travel_ban_flights"}),
        ("The city is proud of its high-speed trains.", set()),
    ],
)
def test_sanctions_with_the_model(full, text: str, expected: set):
    assert {t for t, _, _ in found(full, text)} == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text,kind,speaker,numbers",
    [
        ("In 2018, 15 million bans barred people from flights.", "statistic", None, ["15 million bans"]),
        ("91% of adult Americans have a credit rating.", "statistic", None, ["91%"]),
        ("The ministry estimated losses of EUR 77 billion a year.", "statistic", "ministry", ["EUR 77 billion"]),
        ("Cities installed almost 600 million surveillance cameras.", "statistic", None, ["almost 600 million surveillance cameras"]),
        ("According to Jeremy Daum, many cameras do not work.", "attributed", "Jeremy Daum", []),
        ("“It is not Black Mirror,” said Martin Vogel, a lawyer.", "attributed", "Martin Vogel", []),
        ("« Le système est nouveau », a déclaré Marie Dupont.", None, None, None),
        ("Beijing announced new rules for platform companies.", "attributed", "Chinese government", []),
        ("The system will likely expand to more cities.", "prediction", None, []),
        ("Whether it spreads remains to be seen.", "prediction", None, []),
        ("Courts publish the names of dishonest debtors on public screens.", "assertion", None, []),
        ("How It Would Work", None, None, None),
        # An attitude attributes only when it states what is hoped or wanted, without a modal.
        ("The ministry hopes that the new rules will reduce fraud.", "attributed", "ministry", []),
        ("Firms that do not act as the regulator would want them to can be fined.", "prediction", None, []),
        ("The city might also consider publishing the names of debtors.", "prediction", None, []),
        # A named source with a figure gives a statistic; with a count in words, an attribution.
        ("According to Caixin, the blacklist covers 44 percent of debtors.", "statistic", "Caixin", ["44 percent"]),
        ("According to Caixin, the blacklist covers five kinds of debtors.", "attributed", "Caixin", ["five kinds"]),
        # A name the NER cut short ("Wu") is completed by the proper noun it forms one phrase with;
        # a voice's name has one kind of apostrophe, so that two spellings make one voice.
        ("Last spring, Wu Ping’an, deputy head of the provincial bureau, announced plans to expand the blacklist.",
         "attributed", "Wu Ping'an", []),
        ("The EU-Asia Centre said that the rules would be published in May.", "attributed", "EU-Asia Centre", []),
        # "quoted ... as saying": the one quoted when named, else the one quoting.
        ("The newspaper quoted Zhang Lin as saying that the rules were fair.", "attributed", "Zhang Lin", []),
        ("Li Wei was quoted by Xinhua as saying that the list would grow.", "attributed", "Li Wei", []),
        ("Xinhua quoted a court official as saying that the list would grow.", "attributed", "Xinhua", []),
        # A negated reporting verb reports nothing.
        ("The Supreme People's Court has not said how many debtors have repaid.", "assertion", None, []),
        # A name in apposition is who the subject is, not the name that possesses it.
        ("The Party's own newspaper, the People's Daily, said that the rules were fair.", "attributed", "People's Daily", []),
    ],
)
def test_claims_with_the_model(full, text: str, kind, speaker, numbers):
    doc = full(text)
    got = list(claims(doc, doc_id="d", passage_idx=0, offset=0))
    if kind is None:
        assert all(c.type != "attributed" for c in got) if "déclaré" in text else got == []
        return
    assert got and got[0].type == kind
    if speaker:
        assert speaker.lower() in (got[0].speaker or "").lower()
    assert list(got[0].numbers) == numbers


@pytest.mark.model
def test_claims_quote_spanning_sentences_and_pronouns(full):
    text = "“This is a tool of control. It will spread,” said Lena Fischer. She expects more blacklists."
    doc = full(text)
    got = list(claims(doc, doc_id="d", passage_idx=0, offset=0))
    people = [Entity("d", 0, e.start_char, e.end_char, e.text, e.label_, e._.framelens_canonical) for e in doc.ents]
    resolved = resolve_speakers(got, people)
    assert [c.speaker for c in resolved if c.type == "attributed"][-1] == "Lena Fischer"


def test_resolve_speakers_surnames_and_pronouns():
    people = [Entity("d", 0, 0, 12, "Jeremy Daum", "PERSON", "Jeremy Daum")]
    raw = [
        Claim("d", 1, 50, 80, "According to Daum, ...", "attributed", "Daum", (), False),
        Claim("d", 1, 90, 120, "He also says ...", "attributed", "He", (), False),
        Claim("d", 9, 5000, 5050, "She says ...", "attributed", "She", (), False),
    ]
    out = resolve_speakers(raw, people)
    assert [c.speaker for c in out] == ["Jeremy Daum", "Jeremy Daum", None]
    assert out[2].type == "assertion"  # a pronoun with nobody named nearby is not an attribution


def test_across_documents_a_surname_is_the_one_full_name_it_belongs_to():
    names = corpus_speakers(["Soros", "George Soros", "Xi", "Xi Jinping", "Wang", "Wang Sheng", "Wang Yi",
                             "court", "Shao", "Supreme People’s Court"])
    assert names["Soros"] == "George Soros" and names["Xi"] == "Xi Jinping"  # surname last or first
    assert names["Wang"] == "Wang"  # two people share it: left as written
    assert names["court"] == "court" and names["Shao"] == "Shao"
    assert names["Supreme People’s Court"] == "Supreme People's Court"


def test_a_lone_common_noun_speaker_is_the_documents_longer_speaker_it_heads():
    raw = [
        Claim("d", 1, 0, 40, "The Dutch government says ...", "attributed", "Dutch government", (), False),
        Claim("d", 2, 90, 120, "The government also says ...", "attributed", "government", (), False),
        Claim("d", 3, 200, 230, "Regulators say ...", "attributed", "regulators", (), False),
    ]
    assert [c.speaker for c in resolve_speakers(raw, [])] == ["Dutch government", "Dutch government", "regulators"]
    two = raw + [Claim("d", 4, 300, 330, "The city government says ...", "attributed", "city government", (), False)]
    assert [c.speaker for c in resolve_speakers(two, [])][1] == "government"  # which one? left as written


def test_a_common_noun_or_acronym_speaker_is_the_one_organisation_the_document_names():
    court = Entity("d", 1, 0, 22, "Supreme People’s Court", "ORG", "Supreme People’s Court")
    raw = [
        Claim("d", 1, 30, 60, "China's top court said ...", "attributed", "China's top court", (), False),
        Claim("d", 2, 90, 120, "The top court also said ...", "attributed", "top court", (), False),
        Claim("d", 3, 130, 160, "The NTA said ...", "attributed", "NTA", (), False),
        Claim("d", 4, 170, 200, "The ministry said ...", "attributed", "ministry", (), False),
    ]
    people = [court, Entity("d", 0, 200, 240, "China National Tourism Administration", "ORG", "China National Tourism Administration"),
              Entity("d", 0, 250, 280, "Ministry of Commerce", "ORG", "Ministry of Commerce")]
    assert [c.speaker for c in resolve_speakers(raw, people)] == [
        "Supreme People's Court", "Supreme People's Court", "China National Tourism Administration", "Ministry of Commerce"]
    two = people + [Entity("d", 5, 300, 320, "Hebei High Court", "ORG", "Hebei High Court")]
    assert [c.speaker for c in resolve_speakers(raw[:2], two)] == ["China's top court", "top court"]  # which court? left


@pytest.mark.model
def test_a_document_or_a_classic_cited_is_no_voice():
    from framelens.domain import load_pack
    from framelens.frames.training import annotate_texts

    texts = ["The Measures provide that firms may object.", "Mencius said: “Sincerity is the Way of Heaven.”",
             "The 2023 Government Work Report proposed to improve the system.",
             "The Ministry of Commerce said that the rules were fair.",
             "Officials from Chinese ministries said the rules were fair."]  # a people after its noun: no voice, no empty name
    found = annotate_texts(texts, load_pack("social_credit"))
    speakers = [{c.speaker for c in found.records(str(i)).claims} for i in range(len(texts))]
    assert speakers == [{None}, {None}, {None}, {"Ministry of Commerce"}, {None}]


def test_a_name_read_as_a_person_once_is_a_person_at_each_mention():
    """One label per name within a document. A name heading above an interview ("Rogier Creemers" read as an organisation there) is
    still the person a following "He" refers to, when the document names him as a person elsewhere."""
    people = [
        Entity("d", 2, 500, 512, "Lena Fischer", "PERSON", "Lena Fischer"),
        Entity("d", 3, 900, 915, "Tomas Berger", "ORG", "Tomas Berger"),  # the heading
        Entity("d", 9, 3000, 3015, "Tomas Berger", "PERSON", "Tomas Berger"),
    ]
    raw = [Claim("d", 4, 940, 990, "He shows how ...", "attributed", "He", (), False)]
    resolved = resolve_entity_names(people)
    assert [e.label for e in resolved] == ["PERSON", "PERSON", "PERSON"]  # one label per name
    assert [c.speaker for c in resolve_speakers(raw, resolved)] == ["Tomas Berger"]
    only_org = resolve_entity_names(people[:2])  # never read as a person in this document
    assert [c.speaker for c in resolve_speakers(raw, only_org)] == ["Lena Fischer"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text,expected",
    [
        ("Alibaba's Sesame Credit and Tencent Credit compete.", {("Alibaba", "ORG"), ("Sesame Credit", "PRODUCT"), ("Tencent Credit", "PRODUCT")}),
        ("The NDRC and NECIPS publish data from Rongcheng.", {("NDRC", "ORG"), ("NECIPS", "ORG"), ("Rongcheng", "GPE")}),
        ("Critics compare it to Black Mirror on Netflix.", {("Black Mirror", "WORK_OF_ART"), ("Netflix", "ORG")}),
        ("President Xi spoke about the Social Credit System.", {("Xi", "PERSON")}),
    ],
)
def test_entities_domain_patterns_beat_the_model(full, text: str, expected: set):
    doc = full(text)
    assert {(e.text, e.label_) for e in doc.ents} == expected
    if "Xi" in text:
        assert [e._.framelens_canonical for e in doc.ents] == ["Xi Jinping"]


ADVERSARIAL = [
    "",
    "   ",
    "He said “this never closes. And „this neither. «Guillemets» and ‹odd› \" marks \" \"",
    "”Backwards quotes“ said nobody.",
    "社会信用体系 🙂 blacklist 🚄 high-speed train ban",
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; banned from flights &#8220;x&#8221;",
    "banned " * 5000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=[f"case{i}" for i in range(len(ADVERSARIAL))])
def test_components_never_raise_on_odd_input(blank, text: str):
    """Odd text gives well-formed records (or none): offsets that point at the record's own text."""
    from framelens.domain import load_pack

    pack = load_pack()
    doc = blank(text)
    found = [*sanctions(doc, doc_id="d", passage_idx=0, offset=7), *claims(doc, doc_id="d", passage_idx=0, offset=7)]
    for record in found:
        assert 7 <= record.start < record.end <= 7 + len(text)
        assert text[record.start - 7 : record.end - 7] == record.text
    assert all(s.type in pack.sanctions for s in found if hasattr(s, "polarity"))
    if "banned from flights" in text:
        assert any(getattr(s, "type", "") == "travel_ban_flights" for s in found)


def test_components_handle_a_one_megabyte_paragraph(blank):
    """Linear in the text: a 1 MB paragraph (17,000 sentences) goes through in seconds."""
    import time

    text = ("The court banned debtors from flights, said Jeremy Daum. " * 17_600)[:1_000_000]
    blank.max_length = 1_100_000
    started = time.perf_counter()
    doc = blank(text)
    assert len(doc.spans["framelens_sanctions"]) > 17_000
    assert time.perf_counter() - started < 120  # generous: catches quadratic behaviour, not speed


@pytest.mark.parametrize("text, quoted", [
    ("'We had no idea,' said Deng Yu.", ["We", "had", "no", "idea", ","]),
    ("He dismissed it as 'groundless'.", ["groundless"]),
    ("‘It is about trust,’ Lin told them.", ["It", "is", "about", "trust", ","]),
    ("The citizens' data is safe, it's said.", []),  # apostrophes quote nothing
    ("In the '90s the rules were loose.", []),
    ("He called it 'dystopian and left.", []),  # never closed: nothing
])
def test_single_quotes_quote_and_apostrophes_do_not(text: str, quoted: list[str]):
    from framelens.nlp.view import view

    doc = spacy.blank("en")(text)
    assert [doc[i].text for i in sorted(view(doc).quoted)] == quoted


def test_doc_view_is_shared_per_doc_and_made_again_when_the_doc_changes():
    from framelens.nlp.view import view

    nlp = spacy.blank("en")
    doc = nlp('He said “it is Orwellian” and left. Then "nothing".')
    first = view(doc)
    assert view(doc) is first  # the components share one read of the Doc
    assert first.text == doc.text and [t.text for t in first.tokens] == [t.text for t in doc]
    assert [doc[i].text for i in sorted(first.quoted)] == ["it", "is", "Orwellian", "nothing"]
    assert first.forms[0] == ("he", None)  # blank pipeline: no lemma
    other = nlp("Another passage.")
    assert view(other) is not first and view(other).doc is other
    with doc.retokenize() as retokenizer:  # a Doc changed under the view: read it again
        retokenizer.merge(doc[0:2])
    again = view(doc)
    assert again is not first and len(again.tokens) == len(doc) and again.tokens[0].text == "He said"


def test_factories_are_registered_through_entry_points():
    """In a fresh process that never imports framelens, spaCy finds the factories."""
    code = (
        "import sys, spacy\n"
        "from importlib.metadata import entry_points\n"
        "from spacy.util import registry\n"
        "names = ['framelens_entities', 'framelens_sanctions', 'framelens_claims']\n"
        "print(sorted(e.name for e in entry_points(group='spacy_factories') if e.name in names) == sorted(names))\n"
        "nlp = spacy.blank('en')\n"
        "for n in names: nlp.add_pipe(n)\n"
        "print(nlp.pipe_names == names and all(registry.factories.get(n) for n in names))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]


@pytest.mark.model
def test_pipeline_gets_the_pack_once_and_keeps_it_when_saved(tmp_path, monkeypatch):
    """The pack is loaded once and handed to every component; a saved pipeline carries it,
    so it loads and runs with the pack file gone (as a Dask worker's copy does)."""
    from framelens import domain
    from framelens.nlp.spacy_model import COMPONENTS, build_nlp, resolve_model

    source = (domain.BUNDLED / "social_credit.toml").read_text(encoding="utf-8")
    path = tmp_path / "mine.toml"
    path.write_text(source + '\n[sanctions.yacht_ban]\npolarity = "punishment"\nobjects = ["yacht"]\n', encoding="utf-8")
    pack = domain.load_pack(path)
    loads = []
    monkeypatch.setattr(domain, "load_pack", lambda *a, **k: loads.append(a))
    nlp = build_nlp(resolve_model(None), pack)
    assert loads == [] and all(nlp.get_pipe(name).pack is pack for name in COMPONENTS)
    monkeypatch.undo()
    nlp.to_disk(tmp_path / "pipeline")
    copy = spacy.load(tmp_path / "pipeline")
    shipped = pickle.loads(pickle.dumps(nlp))
    path.unlink()
    text = "Residents with low scores were banned from sailing a yacht."
    for pipeline in (nlp, copy, shipped):
        assert [s.label_ for s in pipeline(text).spans["framelens_sanctions"]] == ["yacht_ban"]
        assert pipeline.get_pipe("framelens_sanctions").pack.digest == pack.digest


def test_entity_names_resolve_within_a_document():
    """A lone surname and an acronym count as the person or body the document names in full."""
    from framelens.nlp.records import resolve_entity_names
    from framelens.types import Entity

    def e(start, text, label):
        return Entity("d", 0, start, start + len(text), text, label, text)

    found = resolve_entity_names([
        e(0, "Joel Kaplan", "PERSON"), e(40, "Kaplan", "PERSON"), e(60, "European Union", "ORG"), e(90, "EU", "ORG"),
        e(120, "National Development and Reform Commission", "ORG"), e(180, "NDRC", "ORG"), e(200, "Daum", "PERSON"),
        e(220, "WTO", "ORG"),
    ])
    assert [x.canonical for x in found] == [
        "Joel Kaplan", "Joel Kaplan", "European Union", "European Union",
        "National Development and Reform Commission", "National Development and Reform Commission",
        "Daum", "WTO",  # nobody of that name in full, no long name it abbreviates: kept as written
    ]
    assert [x.text for x in found][1] == "Kaplan"  # the text stays as written


@pytest.mark.model
def test_reference_marks_are_split_off_and_the_rest_tokenizes_as_before(full):
    import spacy

    from framelens.nlp.spacy_model import resolve_model

    assert [t.text for t in full.make_doc("restricted.[12] court[7] schools.[3][4] blacklist(s)")] == [
        "restricted", ".", "[12]", "court", "[7]", "schools", ".", "[3]", "[4]", "blacklist", "(", "s", ")"]
    assert [t.text for t in full.make_doc("no train tickets;they said")] == ["no", "train", "tickets", ";", "they", "said"]
    plain = spacy.load(resolve_model(None))
    text = ("Dr. Smith paid $5.50 in the U.S. on 2019-01-02 for high-speed trains [citation needed] "
            "(see note (a)), f(x) and 3(b); see https://example.org/a;b=c at 10:30;")
    assert [t.text for t in full.make_doc(text)] == [t.text for t in plain.make_doc(text)]


def sanction_types(texts: list[str]) -> list[set[str]]:
    """The sanction types the production pipeline finds in each text (the pack's own type names)."""
    from framelens.domain import load_pack
    from framelens.frames.training import annotate_texts

    found = annotate_texts(texts, load_pack("social_credit"))
    return [{s.type for s in found.records(str(i)).sanctions} for i in range(len(texts))]


@pytest.mark.model
def test_a_phrasal_verb_is_a_trigger_on_its_verb_and_particle():
    texts = ["Banks may turn down loan applications from people with bad records.",
             "Untrustworthy companies are shut out of public tenders.",
             "Banks may turn to loans from the central bank.",  # "turn" alone is no trigger
             "Donating blood makes your score go up."]
    types = sanction_types(texts)
    assert types == [{"loan_denial"}, {"public_procurement_exclusion"}, set(), {"score_increase"}]


#: Sentences that each pin one rule of the sanction finder: (rule, text, the pack types found).
SANCTION_RULE_CASES = [
    # phrasal verbs: a particle after the object, or a pair of them
    ("particle after the object", "The rules keep defaulters out of senior positions.", {"employment_restriction"}),
    ("a pair of particles", "A resident's rating can go up or down each month.", {"score_increase", "score_deduction"}),
    ("no particle", "The rules keep defaulters informed about senior positions.", set()),
    # gates: open rewards, negated or decided restricts
    ("an open gate rewards", "Firms with an A rating qualify for bank loans.", {"credit_access_easier"}),
    ("a negated gate restricts", "Firms with a D rating are not eligible for bank loans.", {"loan_denial"}),
    ("a decided gate restricts", "Your rating decides whether you are eligible for a mortgage.", {"loan_denial"}),
    ("a legal shall not", "Their legal representatives shall not serve as senior managers of other enterprises.",
     {"legal_representative_ban"}),
    # a score changes only where it is what changes
    ("a score that acts on something else", "A poor rating can cost a manager his promotion.", set()),
    ("the points a verb costs", "Each late payment costs you ten points.", {"score_deduction"}),
    ("a score that is the cause", "Nobody has lost access to the internet because of a low score.", {"internet_throttling"}),
    ("a subject that acts demands nothing", "Hotels must register every guest's ID with the police.", set()),
    ("a verb that shares the subject", "Points are lost for traffic violations, and gained for good deeds.",
     {"score_deduction", "score_increase"}),
    # own comparatives for fewer inspections
    ("fewer inspections", "Compliant firms are audited less often and face lighter supervision.", {"fewer_inspections"}),
    ("stricter supervision", "Firms in the D class face stricter supervision.", {"increased_inspections"}),
    ("less rewards inspections only", "Debtors have less access to loans.", set()),
    # only an affirmed type suppresses: the bike's deposit demand is negated, the waiver stands
    ("a negated type suppresses nothing", "High scorers can rent shared bikes without paying a deposit.", {"deposit_waiver"}),
    # who is restricted is not what is withheld
    ("the subject of cannot", "Executives of blacklisted firms cannot fly.", {"blacklist", "travel_ban_flights"}),
    ("a passive subject is withheld", "Executive posts cannot be held by debtors.", {"legal_representative_ban"}),
    ("who is barred from something", "Its legal representative was barred from leaving the country.", {"exit_ban"}),
    ("a word that only modifies who", "In 2018, would-be air travellers were blocked from buying tickets.",
     {"travel_ban_flights"}),
    # objects that say more about another object
    ("the verb of a verb-and-noun entry", "Debtors are also barred from renting luxury cars.",
     {"car_rental_restriction", "luxury_consumption_ban"}),
    ("a verb with another noun", "Debtors cannot rent an apartment.", {"rental_insurance_denial"}),
    ("the verb share", "Platforms shall not share the removed records with other institutions.", set()),
    ("shares issued", "Companies with bad records cannot issue bonds or shares.", {"stock_issuance_denial"}),
    ("cancel is no trigger", "Flights were cancelled because of a typhoon.", set()),
    # a blacklisting restricts what it keeps people from, not the reason it gives
    ("blacklisted from something", "Sun was blacklisted from buying train tickets for six months.",
     {"blacklist", "travel_ban_trains"}),
    ("the reason in a for phrase", "Tourists who enter the blacklist for misbehaving on public transport face no other penalty.",
     {"blacklist"}),
    ("the object of for is withheld", "Firms with a D rating are not eligible for loans.", {"loan_denial"}),
    ("a noun before the object of for", "Residents with good credit get priority for hospital appointments.",
     {"healthcare_preference"}),
    # the dev annotator's conventions: the list's name alone, or a negative record, names no sanction
    ("the list's name alone", "Why did the courts establish the List of Dishonest Judgment Debtors?", set()),
    ("a negative record", "The platform stores negative records on each company.", set()),
    ("demerits", "Each offence adds demerits to a driver's record.", {"score_deduction"}),
    # checks: more of them is a sanction, a credit check is not
    ("more frequent checks", "Red firms face more frequent checks.", {"increased_inspections"}),
    ("a credit check", "Landlords run more credit checks on tenants these days.", set()),
    ("insurance products are consumption", "Debtors cannot buy expensive insurance products.", {"luxury_consumption_ban"}),
    # what harms access restricts
    ("a harm verb on an access word", "The records could affect their ability to obtain loans.", {"loan_denial"}),
    ("hurt chances", "A low rating can hurt a company's chances of winning government contracts.",
     {"public_procurement_exclusion"}),
    # where a trigger stops governing
    ("an own trigger stays in its clause",
     "Ticket prices have risen, and the railway operator has introduced a points scheme for frequent travellers.", set()),
    ("an adjective of a conjunct", "A poor score can mean slower internet, fewer dating matches and a worse school.",
     {"internet_throttling"}),
    ("a trigger hyphened to the object", "Support was highest among better-educated residents.", set()),
    ("a trigger inside the object's name", "A survey by the Free University of Berlin was published on Monday.", set()),
    ("who is barred from something, as an object", "The regulator barred three executives from the stock market.",
     {"stock_issuance_denial"}),
    ("a borrower is no loan", "Agencies locate borrowers who have stopped paying.", set()),
    ("the verb fine", "The regulator will fine the company 20 million yuan.", {"fines"}),
    # a pronoun stands for the score its sentence named
    ("a pronoun for points", "Residents who run red lights lose points, while those who donate blood gain them.",
     {"score_deduction", "score_increase"}),
    ("a pronoun for something else", "The firm has a credit score and hopes to keep it.", set()),
    # vocabulary of set r
    ("a Weibo account suspended", "The journalist's Weibo account was suspended after she criticised an official.",
     {"social_media_suspension"}),
    ("a bank account is no social media", "Courts can freeze a debtor's bank accounts.", set()),
    ("names made public", "Firms rated D face stricter audits, and their names are made public.",
     {"increased_inspections", "public_shaming"}),
    ("public as an adjective of something else", "The campaign promoted public morality under the same project name.", set()),
    ("tour groups", "Those listed may be banned from joining tour groups for three years.", {"blacklist", "travel_ban_general"}),
    ("an honour board", "Those rated AAA are put on a public honour board in their village.", {"red_list"}),
    # vocabulary of sets s and t
    ("in public is an idiom", "Tourists caught urinating in public or carving names on historic sites were fined.", {"fines"}),
    ("an emergency exit is no exit ban", "Passengers who open emergency exits may be barred from flying.", {"travel_ban_flights"}),
    ("one's own studies", "A low score could make it impossible for his daughter to study overseas.", {"education_restriction"}),
    ("credit from the bank", "Enterprises will receive priority in green credit from banks.", {"credit_access_easier"}),
    ("a board of honour", "Model residents are put on a board of honour.", {"red_list"}),
    # sets u and v
    ("a subject that acts through the verb it governs", "Hotels are required to check guests' identity cards.", set()),
    ("tax alone is no benefit", "Enterprises will enjoy simplified procedures for export tax refunds.", {"simplified_procedures"}),
    ("the court's list", "Each department applies restrictions to the people on the court's list.", {"blacklist"}),
    # set w: a verb done to someone (the pack's `done_to`), and a post one serves as
    ("someone listed", "A court in Fujian had listed her over a loan.", {"blacklist"}),
    ("who was listed", "A client who was listed by mistake waited eight months.", {"blacklist"}),
    ("being listed", "Two years after being listed, Li is still waiting.", {"blacklist"}),
    ("once listed", "Once listed, a person stays on the record for five years.", {"blacklist"}),
    ("a firm listed as what", "Entities can be listed for infringing on consumers' rights.", {"blacklist"}),
    ("a firm listed on a market", "The company was listed on the Shanghai Stock Exchange in 2010.", set()),
    ("a firm listed somewhere", "Companies listed in Hong Kong must file annual reports.", set()),
    ("things listed", "The measures listed below apply to every department.", set()),
    ("names listed", "The court's announcement listed the names of 120 debtors.", set()),
    ("who is listed, asked", "Who is listed, and why, depends on decisions made by officials.", set()),
    ("people listed in a document", "The rewards for model citizens listed in the Fuzhou rules are generous.", set()),
    ("people listed in a database", "Citizens listed in the court's database cannot fly.", {"blacklist", "travel_ban_flights"}),
    ("serving as a director", "The chairman was banned from serving as a director of any listed company.",
     {"legal_representative_ban"}),
    ("serving as a director, no sanction", "He served as director of the museum until 2015.", set()),
    ("no of another noun", "Firms that have no violations can obtain bank loans without collateral.", {"credit_access_easier"}),
    ("no of the subject", "No debtor may take flights or trains.", {"travel_ban_flights", "travel_ban_trains"}),
    # the pack's `not_objects`: a longer phrase hides the object inside it
    ("air pollution is no air travel", "The city banned fireworks, citing air pollution.", set()),
    ("air travel still is", "The city banned debtors from air travel.", {"travel_ban_flights"}),
    ("percentage points are no score", "The bank cut the ratio by 0.25 percentage points.", set()),
    ("points still are", "The resident lost 50 points for jaywalking.", {"score_deduction"}),
    ("a hotel's rating is no score", "The hotel's rating on Ctrip dropped after complaints.", set()),
    ("a sovereign rating is no score", "Moody's cut China's sovereign credit rating.", set()),
    ("a firm's rating still is", "The company's credit rating was lowered to D.", {"score_deduction"}),
    # a type's own trigger acts on the object, not on a noun the object only modifies
    ("a ratings agency is no rating", "Shares fell after the ratings agency cut its outlook.", set()),
    ("a rating cut is", "The agency cut the firm's rating to D.", {"score_deduction"}),
    ("red-listing", "The measures include the red-listing of model firms.", {"red_list"}),
    ("acquiring property", "Debtors are barred from acquiring property.", {"property_purchase_restriction"}),
    # three of the dev annotator's types the pack lacked
    ("keeping dogs", "Repeat offenders are banned from keeping dogs.", {"pet_ownership_restriction"}),
    ("a dog owner is no ban", "Dog owners must register their dogs with the police.", set()),
    ("membership cancelled", "Their membership of academic societies could be cancelled.", {"membership_cancellation"}),
    ("expelled from associations", "Researchers can be expelled from professional associations.", {"membership_cancellation"}),
    ("free public bikes", "Perks include free use of public bikes.", {"free_bike_rental"}),
    ("a bike ride is no reward", "She took a bike ride along the river.", set()),
    ("college", "Debtors' children are barred from attending college.", {"private_school_ban"}),
    ("a college exam is no ban", "He was accepted after the national college entrance exam.", set()),
    ("opportunities as rewards", "High scorers get better job opportunities.", {"job_allocation_preference"}),
    # access made to depend on a score or on conduct (`dependence_words`)
    ("access depends on a score", "Access to high-speed trains may depend on your score.", {"travel_ban_trains"}),
    ("ability contingent on conduct", "Your ability to buy railway tickets could be contingent on whether you drop litter.",
     {"travel_ban_trains"}),
    ("access depends on income", "Access to loans depends on income and collateral.", set()),
    ("a gate, then its decider", "Whether you can get a loan will depend on your social credit.", {"loan_denial"}),
    # what the subject did is no thing withheld; what they try to do is
    ("who failed to repay loans", "A businessman who failed to repay loans was banned from taking trains.",
     {"travel_ban_trains"}),
    ("who try to board", "Debtors who try to board a bullet train are stopped at the gate.", {"travel_ban_trains"}),
    ("loans still denied", "People who are on the blacklist are denied loans.", {"blacklist", "loan_denial"}),
    # a fine named as one, or with a sum of money
    ("a traffic fine", "He failed to pay a traffic fine for two years.", {"fines"}),
    ("a 200-yuan fine", "Drivers who park illegally face the usual 200-yuan fine.", {"fines"}),
    ("a fine line", "There is a fine line between rules and surveillance.", set()),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=rule) for rule, t, e in SANCTION_RULE_CASES])
def test_a_sanction_rule(text: str, expected: set[str]):
    assert sanction_types([text]) == [expected]


@pytest.mark.model
def test_a_hotel_is_waived_a_deposit_not_any_reward_and_a_sleeper_is_the_trains():
    texts = ["Several hotels offered discounts during the holiday week.",
             "Top scorers can stay in hotels deposit-free.",
             "The blacklist means no soft sleepers and no first-class seats."]
    types = sanction_types(texts)
    assert "hotel_deposit_waiver" not in types[0]
    assert types[1] == {"hotel_deposit_waiver"}
    assert types[2] == {"blacklist", "travel_ban_trains"}  # the general ban yields to the specific one


def test_word_sets_inflect_the_verb_of_a_phrasal_trigger():
    from framelens.nlp.terms import word_set

    words = word_set(["turn down", "ban"])
    assert {"turn down", "turned down", "turning down", "turns down", "banned"} <= words


@pytest.mark.model
def test_a_verb_and_its_object_are_found_through_the_parse():
    from framelens.nlp.sanctions import verb_objects

    assert verb_objects(["buy a house", "high-speed train", "travel abroad"]) == {
        "house": [(verb_objects(["buy a house"])["house"][0][0], "buy a house")]}
    texts = ["He was barred from buying a house in the city.",
             "A low score means you cannot buy a car or a house.",
             "The house he bought in 2010 was sold last year.",  # no trigger
             "People who buy houses are not punished."]  # negated
    types = sanction_types(texts)
    assert types == [{"property_purchase_restriction"}, {"property_purchase_restriction"}, set(), set()]


@pytest.mark.model
def test_a_negation_inside_an_adverb_governs_coordinated_objects():
    # "no" is nine words before the mortgage, outside the window: only the parse links them
    text = "He said he could no longer buy plane tickets, stay in luxury hotels or take out a mortgage."
    assert sanction_types([text]) == [{"travel_ban_flights", "hotel_restriction", "loan_denial"}]


@pytest.mark.model
def test_a_modifier_of_another_object_is_no_trigger_for_this_one():
    texts = ["People at the bottom of the ladder find that flights, fast trains and good schools are suddenly out of reach.",
             "Good scores bring easier access to loans.",
             "Trustworthy exporters enjoy faster customs clearance.",
             "High scorers can rent bikes with no deposit.",  # "no" is the deposit's, not the renting's
             "There are no flights or trains for debtors.",  # a determiner spans its noun's conjuncts
             "He said he can't take the fast train any more."]  # the train's own adjective yields
    types = sanction_types(texts)
    assert types == [set(), {"credit_access_easier"}, {"customs_facilitation"}, {"deposit_waiver"},
                     {"travel_ban_flights", "travel_ban_trains"}, {"travel_ban_trains"}]


def test_an_object_match_ending_where_a_longer_one_ends_is_inside_it():
    from framelens.nlp.sanctions import _longest

    # "customs clearance" (4, 6) holds "customs" (4, 5) and "clearance" (5, 6)
    assert _longest([(1, 4, 5), (2, 4, 6), (3, 5, 6)]) == [(2, 4, 6)]
    assert _longest([(1, 0, 2), (2, 2, 3)]) == [(1, 0, 2), (2, 2, 3)]  # adjacent, not inside


@pytest.mark.model
def test_voices_are_those_that_report_something_and_institutions_speak_for_themselves():
    from framelens.domain import load_pack
    from framelens.frames.training import annotate_texts

    texts = ["China maintains a public blacklist of debtors that restricts their movements and spending.",
             "Rogier Creemers maintains that the system is a patchwork of local experiments.",
             "China's top court said on Tuesday that 9 million flight trips were banned last year.",
             "Chinese assert rule via a pervasive social credit scoring system, the blog claims.",
             "The Chinese Ministry of Commerce has estimated that the loss amounts to over EUR 77 billion.",
             "Chinese authorities in Beijing said the list was accurate."]
    found = annotate_texts(texts, load_pack("social_credit"))
    speakers = [[c.speaker for c in found.records(str(i)).claims if c.type in ("attributed", "statistic")]
                for i in range(len(texts))]
    assert speakers[0] in ([], [None])
    assert speakers[1] == ["Rogier Creemers"]
    assert speakers[2] == ["China's top court"]
    assert "Chinese" not in speakers[3]
    # a people before an institution's noun names it whole, with what "of" names, and no more
    assert speakers[4] == ["Chinese Ministry of Commerce"] and speakers[5] == ["Chinese authorities"]


def test_one_apostrophe_makes_one_name():
    from framelens.nlp.extensions import canonical_name

    assert canonical_name("the Supreme People’s Court") == canonical_name("Supreme People's Court") == "Supreme People's Court"


@pytest.mark.model
def test_the_list_someone_is_put_on_is_a_blacklist_unless_of_names_something_else():
    texts = ["Companies that were fined will also be placed on the list.",
             "Hangzhou was added to the list of pilot cities in 2016.",
             "The list of pilot cities grew from 12 to 43.",
             "Firms found cheating were added to the list of companies that broke the law.",
             "He was put on a list of 'untrustworthy' persons.",
             "Shenzhen was put on a list of pilot cities."]
    types = sanction_types(texts)
    assert "blacklist" in types[0]
    assert types[1] == types[2] == types[5] == set()
    assert types[3] == types[4] == {"blacklist"}  # "of" names whom the list holds
