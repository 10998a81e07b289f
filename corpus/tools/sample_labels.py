"""Hand-written gold labels for corpus/sample, one entry per passage, in passage order.

Each passage: (frame, stance_on_orwellian, sanctions, claims, entities, rationale) where
sanctions are (type, polarity, target, modality, text), claims are
(text, type, speaker, numbers, hedged) and entities are (text, label).
`make_sample_gold.py` turns this into corpus/sample_gold.jsonl with offsets.
Conventions follow ../shared/gold/README.md.
"""

N, O, R = "neutral", "orwellian", "regulatory"
HEADING = (N, "none", [], [], [], "Heading.")

LABELS = {
    "compliance_guide.txt": [
        HEADING,
        (R, "none", [], [], [("China", "GPE")], "Corporate ratings drawn from tax, customs and court data: compliance."),
        (R, "none", [], [], [], "Introduces the consequences of poor ratings for companies."),
        (R, "none", [
            ("increased_inspections", "punishment", "company", "actual", "more frequent on-site inspections"),
            ("increased_inspections", "punishment", "company", "actual", "higher customs inspection rates"),
            ("public_procurement_exclusion", "punishment", "company", "actual", "exclusion from government procurement tenders"),
            ("license_denial", "punishment", "company", "actual", "restrictions on obtaining licences and approvals"),
            ("public_shaming", "punishment", "company", "actual", "public listing on the enterprise credit information system"),
        ], [], [], "List of regulatory consequences for companies."),
        (R, "none", [], [], [], "Introduces rewards for companies."),
        (R, "none", [
            ("customs_facilitation", "reward", "company", "actual", "faster customs clearance"),
            ("fewer_inspections", "reward", "company", "actual", "fewer routine inspections"),
            ("public_procurement_preference", "reward", "company", "actual", "preferential access to public tenders"),
        ], [], [], "Rewards for compliant companies."),
        (R, "none", [
            ("legal_representative_ban", "punishment", "individual", "possible", "barred from serving as legal representative of another company"),
            ("luxury_consumption_ban", "punishment", "individual", "possible", "from luxury consumption such as first-class travel"),
        ], [], [], "Sanctions on legal representatives of blacklisted firms."),
        (R, "none", [], [("Firms that repair a violation can apply for credit restoration after a set period, typically one to three years.", "assertion", None, ["one to three years"], False)], [("NECIPS", "ORG")], "Compliance advice and credit restoration."),
        (N, "none", [], [], [], "Newsletter prompt (boilerplate)."),
    ],
    "mixed_feature.txt": [
        HEADING,
        (R, "none", [
            ("score_increase", "reward", "individual", "actual", "Volunteering or caring for elderly relatives adds points"),
            ("score_deduction", "punishment", "individual", "actual", "traffic violations and unpaid fines take them away"),
        ], [("In the coastal city of Rongcheng, residents start with 1000 points.", "statistic", None, ["1000 points"], False)], [("Rongcheng", "GPE")], "Describes the points scheme factually."),
        (R, "none", [], [("\"We want honesty to pay off,\" a district official told visitors.", "attributed", "a district official", [], False)], [], "Officials frame the scheme as trust-building."),
        (O, "reported", [("school_admission_restriction", "punishment", "individual", "possible", "her children's school applications")], [("A shop owner said she worried that the points could one day be linked to her online comments and her children's school applications.", "prediction", None, [], True)], [], "Reports worries about monitoring of speech, unrefuted."),
        (O, "reported", [
            ("consumer_discounts", "reward", "individual", "actual", "discounts on heating bills"),
            ("credit_access_easier", "reward", "individual", "actual", "easier bank loans"),
        ], [("Human rights groups argue that such schemes normalise constant monitoring and could become a template for political control.", "prediction", None, [], True)], [], "Surveillance critique is the salient frame; supporters' counter is brief."),
        (N, "none", [], [("Whether Rongcheng becomes a model for the country or remains a local curiosity is still unclear.", "prediction", None, [], True)], [("Rongcheng", "GPE")], "Open question, neither frame."),
    ],
    "mythbusting.md": [
        HEADING,
        (R, "refuted", [], [], [("Western", "NORP")], "Raises the Orwellian picture to reject it."),
        (R, "refuted", [], [("There is no single score for the 1.4 billion people of China.", "statistic", None, ["1.4 billion"], False)], [("China", "GPE")], "Refutes the single-score myth."),
        (R, "refuted", [("blacklist", "punishment", "both", "actual", "blacklists are based on court decisions and regulatory violations")], [], [], "Refutes the all-seeing algorithm picture."),
        (R, "refuted", [], [("Critics often say that the system is \"Big Brother in action\".", "assertion", None, [], False)], [("Big Brother", "PERSON")], "Quotes the Orwellian view, then rebuts it with 'however'."),
        (R, "none", [], [("Around 80 percent of the relevant regulations deal with market supervision and company compliance.", "statistic", None, ["80 percent"], True)], [], "Corporate regulation dominates."),
        (R, "refuted", [], [("the central bank declined to license it as a credit bureau", "assertion", None, [], False)], [("Alibaba", "ORG"), ("Sesame Credit", "PRODUCT")], "Separates commercial credit products from the state system."),
        (R, "refuted", [], [], [], "Concerns framed as those of any regulatory state, not a surveillance nightmare."),
    ],
    "orwellian_op_ed.md": [
        HEADING,
        (O, "endorsed", [], [], [("China", "GPE")], "Surveillance apparatus in the author's voice."),
        (O, "endorsed", [], [("With hundreds of millions of cameras watching the streets", "statistic", None, ["hundreds of millions of cameras"], False)], [("Orwell", "PERSON"), ("Big Brother", "PERSON")], "Big Brother comparison endorsed."),
        (O, "endorsed", [
            ("blacklist", "punishment", "individual", "actual", "People on the blacklist"),
            ("travel_ban_flights", "punishment", "individual", "actual", "banned from buying plane"),
            ("travel_ban_trains", "punishment", "individual", "actual", "high-speed train tickets"),
            ("private_school_ban", "punishment", "individual", "possible", "their children can be refused places at private schools"),
            ("public_shaming", "punishment", "individual", "actual", "publish the names and faces of \"discredited\" debtors on billboards"),
        ], [], [], "Punishments presented as proof of control."),
        (O, "reported", [], [("\"This is a tool of social control dressed up as good governance,\" said Lena Fischer", "attributed", "Lena Fischer", [], False), ("She expects the system to be used increasingly against dissidents and petitioners.", "prediction", "Lena Fischer", [], True)], [("Lena Fischer", "PERSON"), ("the Digital Rights Observatory", "ORG")], "Critic quoted, unrefuted."),
        (O, "endorsed", [], [], [("Black Mirror", "WORK_OF_ART")], "Black Mirror comparison endorsed."),
        (O, "endorsed", [], [("this model of digital authoritarianism will likely be exported to other governments", "prediction", None, [], True)], [("Beijing", "GPE")], "Digital authoritarianism prediction."),
    ],
    "policy_excerpt.pdf": [
        HEADING,
        (R, "none", [], [], [], "Purpose of the measures: market supervision and trust."),
        (R, "none", [], [], [], "Legal basis of joint punishment."),
        (R, "none", [
            ("public_procurement_exclusion", "punishment", "company", "actual", "restrictions on participating in government procurement"),
            ("stock_issuance_denial", "punishment", "company", "actual", "restrictions on issuing corporate bonds and shares"),
            ("increased_inspections", "punishment", "company", "actual", "increased frequency of inspections"),
            ("travel_ban_flights", "punishment", "individual", "actual", "restrictions on the legal representative taking flights"),
            ("travel_ban_trains", "punishment", "individual", "actual", "high-speed trains"),
        ], [], [], "Enumerated joint punishments."),
        (R, "none", [
            ("simplified_procedures", "reward", "company", "possible", "simplified approval procedures"),
            ("public_procurement_preference", "reward", "company", "possible", "priority in public procurement"),
            ("fewer_inspections", "reward", "company", "possible", "fewer routine inspections"),
        ], [], [], "Incentive measures."),
        (R, "none", [], [], [], "Legality and credit restoration."),
        (N, "none", [], [], [], "Entry into force."),
    ],
    "regulatory_explainer.txt": [
        HEADING,
        (R, "refuted", [], [], [], "A patchwork of databases, not one national score; market trust."),
        (R, "none", [], [], [("the National Enterprise Credit Information Publicity System", "ORG"), ("NECIPS", "ORG"), ("The National Development and Reform Commission", "ORG"), ("NDRC", "ORG"), ("the People's Bank of China", "ORG")], "Regulatory backbone."),
        (R, "none", [
            ("increased_inspections", "punishment", "company", "possible", "more frequent inspections"),
            ("public_procurement_exclusion", "punishment", "company", "possible", "exclusion from public procurement"),
            ("stock_issuance_denial", "punishment", "company", "possible", "restrictions on issuing bonds"),
            ("simplified_procedures", "reward", "company", "possible", "simplified administrative procedures"),
        ], [], [], "Company-targeted measures."),
        (R, "none", [
            ("blacklist", "punishment", "individual", "actual", "the court blacklist"),
            ("travel_ban_flights", "punishment", "individual", "actual", "restrictions on air travel"),
        ], [("According to the Supreme People's Court, restrictions on air travel were imposed more than 20 million times by 2019.", "statistic", "Supreme People's Court", ["more than 20 million times"], False)], [("the Supreme People's Court", "ORG")], "Court enforcement mechanism."),
        (R, "refuted", [], [("Scholars such as Jeremy Daum have argued that much of the foreign coverage confuses these legal enforcement tools with commercial credit scores like Sesame Credit", "attributed", "Jeremy Daum", [], False)], [("Jeremy Daum", "PERSON"), ("Sesame Credit", "PRODUCT"), ("Ant Group", "ORG")], "Corrects foreign coverage."),
        (R, "none", [], [("how far integration will go remains to be seen", "prediction", None, [], True)], [], "Future integration of local systems."),
    ],
    "tables/briefs.jsonl#brief-2023-07": [
        (R, "none", [], [("Officials said the change is expected to help around 1.2 million small businesses return to normal operation.", "statistic", None, ["around 1.2 million small businesses"], True)], [], "Credit repair rules for companies."),
    ],
    "tables/briefs.jsonl#brief-2024-02": [
        (R, "none", [
            ("travel_ban_flights", "punishment", "individual", "actual", "barred from flights"),
            ("travel_ban_trains", "punishment", "individual", "actual", "high-speed trains"),
            ("luxury_consumption_ban", "punishment", "individual", "actual", "restricted their spending on luxury hotels"),
        ], [("A provincial court said 3,200 people who had ignored payment orders were barred from flights and high-speed trains last year.", "statistic", None, ["3,200 people"], False)], [], "Court enforcement against debtors."),
    ],
    "tables/letters.csv#letter-01": [
        (O, "endorsed", [
            ("travel_ban_trains", "punishment", "individual", "possible", "block a train ticket"),
            ("public_shaming", "punishment", "individual", "possible", "publish the debtor's face on a screen"),
        ], [], [("China", "GPE")], "A machine for total control, in the writer's voice."),
        (O, "endorsed", [], [], [], "Extends the surveillance worry to apps."),
    ],
    "tables/letters.csv#letter-02": [
        (R, "refuted", [("blacklist", "punishment", "individual", "actual", "The blacklists concern people who ignore court orders")], [], [("Chinese", "NORP")], "Calls the single-score idea a myth."),
        (N, "none", [], [], [], "General remark."),
    ],
    "web/techwire_scoring_state.html": [
        HEADING,
        (R, "refuted", [], [], [("China", "GPE")], "Dystopian picture contrasted with a compliance regime."),
        (R, "none", [
            ("blacklist", "punishment", "company", "actual", "placed on a list of seriously dishonest entities"),
            ("increased_inspections", "punishment", "company", "actual", "tighter supervision"),
            ("public_procurement_exclusion", "punishment", "company", "actual", "barred from public tenders"),
            ("subsidy_denial", "punishment", "company", "possible", "denied government subsidies"),
        ], [], [("the State Administration for Market Regulation", "ORG")], "Regulatory listing of companies."),
        (R, "refuted", [], [("\"For most of our clients, the credit record works like a regulatory report card,\" said Martin Vogel", "attributed", "Martin Vogel", [], False)], [("Martin Vogel", "PERSON"), ("Shanghai", "GPE"), ("Black Mirror", "WORK_OF_ART")], "Rejects the Black Mirror comparison."),
        (R, "none", [], [("companies would need to comply with around 300 rating requirements", "statistic", "The European Union Chamber of Commerce in China", ["around 300 rating requirements"], True)], [("The European Union Chamber of Commerce", "ORG"), ("China", "GPE")], "Compliance burden."),
        (O, "reported", [], [("privacy advocates warn that linking corporate records with the personal records of managers could widen state oversight of private life", "prediction", None, [], True)], [], "Privacy warning reported, unrefuted."),
    ],
}
