import json

import pytest

from assistant.drafting.actors import ACTORS, actor_keys, find_actors
from assistant.drafting.duties import actor_roles, column
from assistant.drafting.matrix import CACHE_NAME, PER_CELL, MatrixStatement, load_statements, matrix_view
from assistant.drafting.matrix_cells import choose_cells, clarity, is_filler, own_claim
from assistant.drafting.matrix_context import continued_roles, depends_on_previous, lead_in_roles
from assistant.evaluation.coverage import matrix_coverage
from assistant.evaluation.records import EvalRow
from assistant.evaluation.spans import EvidenceIndex
from assistant.records import Citation
from assistant.store import open_snapshot

from .conftest import assert_resolves


@pytest.fixture(scope="module")
def snapshot(session_index):
    return open_snapshot(session_index)


@pytest.fixture(scope="module")
def statements(snapshot):
    return load_statements(snapshot)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Arbeids- og velferdsetaten og NAV-kontoret samarbeider med Nav.", ["nav"]),
        ("Arbeids- og vel- ferdsetaten skal bistå.", ["nav"]),
        ("kornmunen og fylkeskornmunen har ansvar", ["kommunen", "fylkeskommunen"]),
        ("Fylkeskommunene og kommunene har ansvar.", ["fylkeskommunen", "kommunen"]),
        ("Arbeids- og velferdsdirektoratet og Helsedirektoratet", ["nav", "direktoratene"]),
        ("Regjeringen og Kunnskapsdepartementet, KS og arbeidsgiverne", ["staten", "ks", "arbeidsgivere"]),
        ("Oppfølgingstjenesten følger opp ungdom.", ["fylkeskommunen"]),
        ("sosiale entreprenører og frivillige organisasjoner", ["frivillige"]),
        ("KS-notatet fra Kristiansand", []),
    ],
)
def test_lexicon_finds_actors_in_their_spellings(text, expected):
    assert actor_keys(text) == expected


def test_longest_match_wins_and_every_actor_has_a_label():
    mentions = find_actors("Helse- og omsorgsdepartementet og helse- og omsorgstjenesten")
    assert [(m.actor, m.text) for m in mentions] == [
        ("staten", "Helse- og omsorgsdepartementet"),
        ("helsetjenesten", "helse- og omsorgstjenesten"),
    ]
    assert len({a.key for a in ACTORS}) == len(ACTORS) >= 10 and all(a.label for a in ACTORS)


def test_roles_go_to_the_actor_that_acts():
    duty = actor_roles("Kommunene har et ansvar for å hjelpe de som ikke selv klarer å skaffe seg bolig.")
    assert [(r.actor, r.role) for r in duty] == [("kommunen", "ansvar")]
    plan = actor_roles("Regjeringen vil styrke samarbeidet.")
    assert [(r.actor, r.role) for r in plan] == [("staten", "forslag")]
    inverted = actor_roles("I 2019 igangsatte Helsedirektoratet pilotering av FACT ung.")
    assert [r.actor for r in inverted] == ["direktoratene"]
    assert actor_roles("Ved avslutningen av grunnskolen får jentene bedre karakterer.") == []
    assert [r.actor for r in actor_roles("Prosjektet var finansiert av staten i tre år.")] == ["staten"]
    assert actor_roles("Været var fint i hele landet.") == []


def test_bullets_take_the_actor_of_their_lead_in():
    preceding = "Hva kan regjeringen gjøre?\n\n- Endre regelverket for tiltak.\n\n"
    roles = lead_in_roles("Opprette en ordning for arbeidsledere.", preceding)
    assert [(r.actor, r.role) for r in roles] == [("staten", "forslag")]
    assert (
        lead_in_roles("Opprette en ordning.", preceding + "Dette er et langt avsnitt i vanlig prosa om noe annet.\n\n")
        == []
    )
    assert lead_in_roles("Kommunen er stor.", preceding) == []
    kept = continued_roles("Forsøket er forlenget til 2021.", roles)
    assert [r.actor for r in kept] == ["staten"] and kept[0].strength < roles[0].strength
    assert continued_roles("Mange er fornøyde.", roles) == []


def test_matrix_is_built_once_per_generation_and_cached(snapshot, statements):
    cache = snapshot.generation / CACHE_NAME
    assert cache.exists()
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert len(data["statements"]) == len(statements) > 5
    assert len({s.actor for s in statements}) >= 3 and {s.how for s in statements} >= {"subjekt"}
    assert load_statements(snapshot) is statements  # the same objects: no second extraction


def test_every_matrix_citation_resolves_to_its_statement(statements, corpus):
    for statement in statements:
        assert statement.citation.quote == statement.text
        assert_resolves(corpus, statement.citation, statement.text)


@pytest.mark.parametrize(
    "topic", ["arbeidsledermodellen", "kvalifiseringsprogrammet og sosialhjelp", "unge utenfor arbeid"]
)
def test_topic_view_is_ranked_numbered_and_cited(snapshot, statements, corpus, topic):
    view = matrix_view(snapshot, statements, topic=topic, per_cell=3)
    assert view.topic == topic and view.cells
    assert [c.marker for c in view.citations] == list(range(1, len(view.citations) + 1))
    assert [r.marker for r in view.references] == [c.marker for c in view.citations]
    shown = {a.key for a in view.actors}
    for cell in view.cells:
        assert cell.actor in shown and len(cell.statements) <= 3
        for statement in cell.statements:
            assert view.citations[statement.citation.marker - 1] == statement.citation
            assert_resolves(corpus, statement.citation, statement.text)
    assert len(view.cells) <= len(matrix_view(snapshot, statements, per_cell=3).cells)


def test_document_filter_keeps_one_document(snapshot, statements):
    view = matrix_view(snapshot, statements, document="seminar.txt")
    assert view.cells and {c.document for c in view.citations} == {"seminar.txt"}
    assert {r.title for r in view.references} == {"Barrierer mot arbeid (utdrag)"}
    assert {r.date for r in view.references} == {"2013-05"} and "mai 2013" in view.references[0].text


def _statement(text: str, document: str, start: int) -> MatrixStatement:
    citation = Citation(
        marker=0, document=document, title="T", start_char=start, end_char=start + len(text), quote=text
    )
    return MatrixStatement(actor="ks", role="forslag", text=text, strength=1.0, chunk_ids=[], citation=citation)


def test_coverage_counts_facts_found_and_grounded():
    corpus = {"a.txt": "Innledning. KS kan dele erfaringer og gode historier fra kommunene. Slutt."}
    row = EvalRow.from_dict(
        {
            "id": "q1",
            "question": "Hva kan KS gjøre?",
            "category": "ansvar",
            "key_facts": ["KS kan dele erfaringer og gode historier", "Staten betaler 40 prosent av kostnadene"],
            "evidence": [{"document": "a.txt", "quote": "KS kan dele erfaringer og gode historier fra kommunene."}],
        }
    )
    index = EvidenceIndex(corpus, [row])
    text = "KS kan dele erfaringer og gode historier fra kommunene."
    grounded = matrix_coverage(
        [row], [_statement(text, "a.txt", 12), _statement("Noe annet om NAV.", "a.txt", 0)], index
    )
    assert grounded["fact_coverage"] == 0.5 and grounded["grounded_fact_coverage"] == 0.5
    assert [f["covered"] for f in grounded["details"][0]["facts"]] == [True, False]
    elsewhere = matrix_coverage([row], [_statement(text, "b.txt", 0)], index)  # same words, not the evidence
    assert elsewhere["fact_coverage"] == 0.5 and elsewhere["grounded_fact_coverage"] == 0.0


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # a merely mentioned actor is not the actor: the subject of a passive, the object of a verb
        ("Ved behov kan KS, fylkeskommuner og øvrige direktorater trekkes inn i samarbeidet.", []),
        ("KS kan bistå kommunene med å dele erfaringer.", ["ks"]),
        ("Tjenestene skal være rettet mot både arbeidsgivere, sykmeldte og mottakere.", []),
        ("Innovasjon Norge tilbyr entreprenører, vekstbedrifter og klynger tjenester.", []),
        ("Mange kommuner var samtidig i en prosess med kommunesammenslåing.", []),
        # subjects, coordinated subjects, the genitive holder of a duty, the agent of a passive
        ("Både barneverntjenesten og NAV-kontoret kan ha ansvar for ungdom mellom 18 og 23 år.", ["kommunen", "nav"]),
        ("Grunnskoleopplæringen er primært kommunens ansvar.", ["kommunen"]),
        ("Modellen leveres av Arbeids- og velferdsetaten og spesialisthelsetjenesten.", ["nav", "helsetjenesten"]),
        ("Arbeids- og velferdsetaten (NAV) skal bistå arbeidsgivere.", ["nav"]),
    ],
)
def test_the_actor_is_who_acts_grammatically(sentence, expected):
    assert [r.actor for r in actor_roles(sentence)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NAV gir oppfølgingstjenester til unge.", ["nav"]),  # services, not the county's oppfølgingstjenesten
        ("Universitetet i Oslo opprettet stiftelsen.", []),  # one university, not the education sector
        ("Bedrifter vil ikke ta på seg et langsiktig arbeidsgiveransvar.", ["arbeidsgivere"]),
        ("arbeidsgiversinteresser og bedriftsintern opplæring", []),
    ],
)
def test_compounds_and_service_words_are_not_the_actor(text, expected):
    assert actor_keys(text) == expected


@pytest.mark.parametrize(
    "clause, role",
    [
        ("Både barneverntjenesten og NAV-kontoret kan ha ansvar for ungdom", "ansvar"),
        ("Tiltaket er lovpålagt for kommunene", "ansvar"),
        ("NAV-kontoret skal samarbeide med frivillige organisasjoner", "ansvar"),
        ("Regjeringen vil styrke samarbeidet", "forslag"),
        ("Regjeringen foreslår en ny lov", "forslag"),
        ("Kommunene bør samarbeide mer", "forslag"),
        ("Departementet skal vurdere ordningen", "forslag"),
        ("Regjeringen tar sikte på å legge fram en sak", "forslag"),
        ("Arbeidsgiver plikter å iverksette tiltak", "ansvar"),
    ],
)
def test_column_by_meaning_not_by_modal_verb(clause, role):
    assert column(clause)[0] == role


def test_bullets_without_their_own_actor_take_the_lead_in_even_without_question_mark():
    preceding = "Hva kan regjeringen gjøre\n\n- Iverksette incentiver for tiltaksarrangørene.\n"
    roles = lead_in_roles("Forlengelse av AFT slik at arbeidsgiver får kontinuitet", preceding, list_item=True)
    assert [(r.actor, r.role) for r in roles] == [("staten", "forslag")]
    ks = lead_in_roles("KS kan dele erfaringer og gode historier.", "Hva kan KS gjøre?\n\n", list_item=True)
    assert [(r.actor, r.role) for r in ks] == [("ks", "forslag")]


def test_sentences_that_lean_on_the_one_before_are_recognised():
    assert depends_on_previous("Alle ønsket at NAV skulle ha mer ressurser til å gjøre dette.")
    assert depends_on_previous("Dette gjør at helsetjenestene må samarbeide bedre.")
    assert not depends_on_previous("Det er viktig at tjenestene samarbeider.")
    assert not depends_on_previous("Regjeringen vil styrke samarbeidet.")


@pytest.mark.parametrize(
    "text, filler",
    [
        ("Vi vil også få takke oppdragsgiver Arbeidsdepartementet.", True),
        ("Stiftelsen Frischsenteret er en uavhengig stiftelse opprettet av Universitetet i Oslo.", True),
        ("Vi har intervjuet 20 veiledere i fire NAV-kontorer.", True),
        ("Rapport 2019:17 høyskoleloven for å styrke studentenes rettssikkerhet.", True),
        ("Arbeids- og velferdsetaten har ansvar for å undersøke om bedriftene er egnet.", False),
    ],
)
def test_filler_is_recognised(text, filler):
    assert is_filler(text) is filler


def test_a_view_shows_no_sentence_twice_no_filler_and_expands_to_all(snapshot, statements):
    for topic in (None, "unge utenfor arbeid"):
        view = matrix_view(snapshot, statements, topic=topic)
        texts = [s.text for c in view.cells for s in c.statements]
        assert len(texts) == len(set(texts)) >= 3
        assert not any(is_filler(t) for t in texts)
        everything = matrix_view(snapshot, statements, topic=topic, per_cell=0)
        one = matrix_view(snapshot, statements, topic=topic, per_cell=1)
        for cell in everything.cells:
            assert len(cell.statements) == cell.total
            few = one.cell(cell.actor, cell.role)
            assert few is not None and few.total == cell.total and len(few.statements) == 1
        assert sum(len(c.statements) for c in everything.cells) >= len(one.cells)


def _ranked(actor: str, text: str, strength: float = 1.0, section: str = "s1") -> MatrixStatement:
    statement = _statement(text, "a.txt", len(text))
    return statement.model_copy(update={"actor": actor, "role": "ansvar", "strength": strength, "how": section})


def test_cells_drop_filler_and_repeats_and_keep_the_count():
    pool = [
        _ranked("nav", "NAV har ansvar for oppfølgingen av unge arbeidssøkere i hele landet."),
        _ranked("kommunen", "NAV har ansvar for oppfølgingen av unge arbeidssøkere i hele landet.", 0.5),
        _ranked("nav", "NAV har ansvar for oppfølging av unge arbeidssøkere i hele landet.", 0.9),  # a word changed
        _ranked("nav", "NAV skal tilby tiltak til personer med nedsatt arbeidsevne.", 0.8),
        _ranked("nav", "NAV veileder arbeidsgivere om lønnstilskudd.", 0.7),
        _ranked("nav", "Vi vil takke NAV for et godt samarbeid.", 1.0),  # an acknowledgement
    ]
    cells = choose_cells(pool, lambda s: s.strength, 1, lambda s: (s.how,))
    shown, total = cells[("nav", "ansvar")]
    assert total == 3 and [s.text for s in shown] == [pool[0].text]
    assert ("kommunen", "ansvar") not in cells  # the same sentence goes to one cell only
    every, _ = choose_cells(pool, lambda s: s.strength, 0, lambda s: (s.how,))[("nav", "ansvar")]
    assert [s.strength for s in every] == [1.0, 0.8, 0.7]


def _from_sentence(text: str, actor: str) -> MatrixStatement:
    """A statement as the extraction makes it (its actor's role, verb chain and clause)."""
    role = next(r for r in actor_roles(text) if r.actor == actor)
    return _statement(text, "a.txt", len(text)).model_copy(
        update={
            "actor": role.actor,
            "role": role.role,
            "strength": role.strength,
            "how": role.how,
            "verb": role.verb,
            "embedded": role.embedded,
        }
    )


@pytest.mark.parametrize(
    "clear, vague",
    [
        (
            "NAV-kontoret skal ta hensyn til barn og unges velferd i utformingen av tjenestene.",
            "Disse NAV-kontorene hadde en sosialfaglig orientering og et ønske om at KVP skal være et program.",
        ),
        (
            "NAV-kontoret har ikke direkte kontakt med barn, men kartlegger familiesituasjonen.",
            "Undersøkelsen viser at NAV-kontorene har gode aktiviteter for de som står nær arbeidslivet.",
        ),
        ("Kommunene har ansvar for å skaffe boliger til vanskeligstilte.", "Kommunene var i en prosess med dette."),
    ],
)
def test_a_duty_in_the_actors_own_clause_ranks_above_a_mention_or_someone_elses_claim(clear, vague):
    actor = "nav" if "NAV" in clear else "kommunen"
    strong = _from_sentence(clear, actor)
    assert own_claim(strong) == 0.6
    roles = [r for r in actor_roles(vague) if r.actor == actor]
    if roles:  # extracted at all: it must rank below the plain duty
        assert clarity(_from_sentence(vague, actor)) < clarity(strong)


def test_a_plan_is_clear_in_the_plan_column_and_a_that_clause_counts_less():
    plan = _from_sentence("Regjeringen vil styrke samarbeidet mellom skole og NAV.", "staten")
    assert plan.role == "forslag" and own_claim(plan) == 0.6
    claimed = _from_sentence("Det er viktig at NAV-kontorene har kontakt med lokale bedrifter.", "nav")
    plain = _from_sentence("NAV-kontorene har kontakt med lokale bedrifter.", "nav")
    assert claimed.embedded and not plain.embedded and clarity(claimed) < clarity(plain)


@pytest.mark.parametrize(
    "text, actor",
    [
        ("Ungdom utenfor utdanning og arbeid følges opp av oppfølgingstjenesten.", "fylkeskommunen"),
        ("Tiltaket ble fulgt opp av kommunen.", "kommunen"),
        ("Nettsiden drives videre av Arbeids- og velferdsdirektoratet.", "nav"),
    ],
)
def test_the_agent_of_a_passive_with_a_particle_acts(text, actor):
    assert [(r.actor, r.how) for r in actor_roles(text)] == [(actor, "agent")]


def test_a_cell_takes_every_document_first_and_keeps_the_fullest_of_near_duplicates():
    def at(text, document, strength, section="s"):
        s = _ranked("nav", text, strength)
        return s.model_copy(update={"citation": s.citation.model_copy(update={"document": document})}), section

    pool = [
        at("NAV skal følge opp unge arbeidssøkere tett.", "a.txt", 1.0, "s1"),
        at("NAV skal tilby tiltak til personer med nedsatt arbeidsevne.", "a.txt", 0.9, "s2"),
        at("NAV skal veilede arbeidsgivere om lønnstilskudd og mentorordninger.", "a.txt", 0.8, "s3"),
        at("NAV skal samarbeide med frivillige organisasjoner i kommunen.", "b.txt", 0.5, "s1"),
    ]
    where = {s.text: (s.citation.document, section) for s, section in pool}
    shown, total = choose_cells([s for s, _ in pool], lambda s: s.strength, 2, lambda s: where[s.text])[
        ("nav", "ansvar")
    ]
    assert total == 4 and [s.citation.document for s in shown] == ["a.txt", "b.txt"]
    short = _ranked("nav", "NAV skal følge opp unge arbeidssøkere.", 1.0)
    full = _ranked("nav", "NAV skal følge opp unge arbeidssøkere tett i hele landet.", 0.6)
    every, _ = choose_cells([short, full], lambda s: s.strength, 0, lambda s: ())[("nav", "ansvar")]
    assert [s.text for s in every] == [full.text]  # the fuller sentence, nothing the shorter says is lost


def test_the_default_view_shows_the_best_few_per_cell(snapshot, statements):
    view = matrix_view(snapshot, statements)
    assert all(len(c.statements) == min(PER_CELL, c.total) for c in view.cells)
    assert 5 <= PER_CELL <= 15


@pytest.mark.parametrize(
    "text",
    [
        "Mange av dem har droppet ut av skolen og har ustabile livssituasjoner.",
        "Midlene skal hjelpe unge som har falt ut av skolen.",
    ],
)
def test_out_of_a_place_is_no_agent(text):
    assert actor_roles(text) == []
