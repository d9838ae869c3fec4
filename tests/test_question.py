"""What a question asks: the kind of answer (an amount of money) and the thing a «Hva er …?» asks to have defined."""

from assistant.question import COUNT, asked_kind, asked_unit, defined_subject, defines, satisfies


def test_a_question_about_money_wants_an_amount_of_money():
    for question in (
        "Hva koster en plass i arbeidsforberedende trening per måned?",
        "Hvor mye koster kvalifiseringsprogrammet per deltaker per år?",
        "Hvor mange kroner får kommunene i tilskudd per deltaker?",
        "Hvor stort er tilskuddet per plass?",
        "How much does the state pay per participant?",
        "Hvor mye penger er satt av til det?",
    ):
        assert asked_kind(question) == "number", question
        assert asked_unit(question) == "kroner", question
    assert satisfies("number", "Det er bevilget 30 mill. kroner til ordningen.", "kroner")
    assert satisfies("number", "Stønaden utgjør 2 G på årsbasis.", "kroner")
    assert not satisfies("number", "Programmet gjelder personer mellom 18 og 67 år.", "kroner")
    # a mass question about something else keeps no unit
    assert asked_unit("Hvor mye øker ledigheten?") is None
    assert asked_unit("Hvor mange deltakere fikk jobb?") == "deltakere"


def test_a_what_is_question_wants_the_sentence_that_defines_the_thing():
    subject = defined_subject("Hva er kvalifiseringsprogrammet, og hvem har rett på det?")
    assert defines("Kvalifiseringsprogrammet er innrettet mot personer med nedsatt arbeidsevne.", subject)
    assert defines("I dag er kvalifiseringsprogrammet en subsidiær ytelse.", subject)
    assert not defines(
        "En undersøkelse Riksrevisjonen har gjennomført viste at mange med rett til kvalifiseringsprogrammet ikke får det.",
        subject,
    )
    assert defined_subject("What is IPS?") == defined_subject("Hva er IPS?") != frozenset()
    assert defined_subject("Hva går TØRN-satsingen ut på, og hvem står bak den?")
    # what an acronym stands for is what the thing is
    assert defined_subject("Hva står forkortelsen SAFIR for, og hvem driver den?") == frozenset({"safir"})
    assert defined_subject("What does IPS stand for?") == defined_subject("Hva er IPS?")
    # a question for a value or a content, not for what a thing is
    for question in (
        "Hva er de statlige veiledende satsene for økonomisk sosialhjelp til en enslig voksen i 2025?",
        "Hva er NAV-kontorets ansvar overfor barna når foreldrene får hjelp fra NAV?",
        "Hva er det som gjør det vanskelig?",
        "Hvem har ansvaret for IPS?",
        "Hva står det om IPS?",  # «står … for» only in «står X for»
        "Hva står i meldingen for unge?",
    ):
        assert defined_subject(question) == frozenset(), question


def test_people_asked_for_are_counted_by_any_word_for_people():
    unit = asked_unit("Hvor mange unge står utenfor arbeid og utdanning?")
    assert satisfies("number", "I overkant av 111 000 personer mellom 20 og 29 år sto utenfor.", unit)
    assert satisfies("number", "Anslagsvis 120 000 unge mellom 20 og 30 år står utenfor.", unit)
    # an age is no count, and other things counted are not people
    assert not satisfies("number", "Innsatsen er rettet mot unge under 30 år.", unit)
    assert not satisfies("number", "Det gjelder 132 kommuner.", unit)
    assert not satisfies("number", "Det gjelder 132 personer.", "kommuner")


def test_a_verb_after_hvor_mange_names_no_unit():
    for question in ("Hvor mange mottar sosialhjelp?", "Hvor mange jobber deltid?", "Hvor mange står utenfor?"):
        assert asked_unit(question) == COUNT, question  # a count of no named unit, not the verb
    assert asked_unit("Hvor mange kommuner deltar?") == "kommuner"


def test_a_where_question_wants_a_place():
    for question in (
        "Hvor holder de til?",
        "Hvor i landet finnes det?",
        "Hvor ligger senteret?",
        "Where are they located?",
    ):
        assert asked_kind(question) == "place", question
    assert asked_kind("Hvor mange finnes det?") == "number"
    assert asked_kind("Hvor lenge varer det?") == "number"
    assert satisfies("place", "Vi har Batterier i Bodø, Trondheim, Bergen, Kristiansand og Oslo.")
    assert not satisfies("place", "Batteriet er et ressurssenter for brukerorganisasjoner.")


def test_a_hyphenated_thing_is_named_by_its_whole_and_first_part_not_its_generic_head():
    subject = defined_subject("Hva går TØRN-satsingen ut på?")
    assert "satsing" not in subject and subject
    assert not defines("Satsingen er et samarbeid mellom flere kommuner.", subject)
    assert defines("TØRN-satsingen er et program for bedre bruk av kompetanse.", subject)


def test_a_count_of_no_named_unit_is_not_answered_by_an_age_a_year_or_a_duration():
    unit = asked_unit("Hvor mange mottar sosialhjelp?")
    assert unit and asked_unit("How many receive benefits?") == unit
    assert satisfies("number", "I 2019 mottok om lag 130 000 personer sosialhjelp.", unit)
    assert satisfies("number", "Halvparten av deltakerne har gått over i arbeid.", unit)
    for text in (
        "Målgruppen er unge under 30 år som mottar sosialhjelp.",
        "Fra 1. januar 2019 ble det innført endringer i regelverket.",
        "Programmet varer i inntil to år for den enkelte.",
    ):
        assert not satisfies("number", text, unit), text
    assert asked_unit("Hvor mye øker ledigheten?") is None


def test_a_yes_no_question_about_an_effect_is_told_from_other_yes_no_questions():
    from assistant.question import POLAR_OUTCOME

    for effect in (
        "Fikk flere lavinntektsfamilier jobb da kontorene fikk koordinatorer?",
        "Har den forsterkede innsatsen faktisk virket?",
        "Lønner det seg for kommunen å gi tilbudet?",
        "Blir folk mer passive av høyere stønad?",
        "Jeg skriver et notat. Ga forsøket flere i arbeid?",
        "Og klarte de å holde på jobben?",
    ):
        assert POLAR_OUTCOME.search(effect), effect
    for other in (
        "Har Kristiansand et tilbud for unge?",
        "Ble noe lignende foreslått allerede i 2013?",
        "Kan en kommune ansette uten utlysning?",
        "Hvem fikk ansvaret for ordningen?",  # «fikk» inside a wh-question is no yes/no question
    ):
        assert not POLAR_OUTCOME.search(other), other


def test_a_yes_no_question_about_an_effect_leads_with_a_finding():
    from assistant.scoring import score_candidates

    from .test_compose import passage

    # the same words of the question in both sentences; only the second reports what was found
    text = "Koordinatorene i familiene rapporterte om bedre møter med modellen. Forskerne fant ikke flere i arbeid med modellen."
    question = "Fikk flere familier arbeid med modellen og koordinatorene?"
    scored, _ = score_candidates(question, [passage(text)], {}, "generell")
    assert scored[0].candidate.text.startswith("Forskerne fant ikke")
    assert scored[0].score > scored[1].score


def test_a_passive_verb_after_hvor_mange_names_no_unit_and_a_share_is_no_count():
    for question in (
        "Hvor mange regnes som vanskeligstilte?",
        "Hvor mange rammes av dette?",
        "Hvor mange anses som uføre?",
    ):
        assert asked_unit(question) == COUNT, question
    assert asked_unit("Hvor mange kommuner deltar?") == "kommuner"
    assert satisfies("number", "Det gjaldt 179 000 personer.", COUNT)
    assert not satisfies("number", "Det gjaldt 39 pst. av husholdningene.", COUNT)  # a share, not how many
    assert not satisfies("number", "Det gjaldt 12,5 prosent.", COUNT)
    assert satisfies("number", "Det gjaldt 39 pst.", "pst")


def test_a_question_in_two_parts_of_one_kind_wants_that_kind_first():
    from assistant.scoring import score_candidates

    from .test_compose import passage

    text = (
        "Det er vanskelig for mange barn og unge å komme inn på boligmarkedet. "
        "SSB har anslått at 179 000 personer var vanskeligstilte i 2019."
    )
    question = "Hvor mange er vanskeligstilte på boligmarkedet, og hvor mange av dem er barn og unge?"
    scored, _ = score_candidates(question, [passage(text)], {}, "fakta")
    assert scored[0].candidate.text.startswith("SSB har anslått")


def test_what_something_is_estimated_to_cost_wants_an_amount_of_money():
    for question in (
        "Hva anslår man at det koster samfunnet når unge blir stående utenfor?",
        "Hva regner KS med at det kostet kommunene?",
        "Hva er kostnadene ved utenforskap?",
    ):
        assert asked_kind(question) == "number" and asked_unit(question) == "kroner", question
    assert asked_unit("Hva sier KS om hvordan tiltaket virker?") is None


def test_a_what_did_it_mean_question_names_the_thing_not_whom_it_was_for():
    assert defined_subject("Hva innebar Hartz-reformen i Tyskland for de arbeidsledige, og når ble den innført?") == {
        "hartz-reform",
        "hartz",
        "tyskland",
    }
    assert defined_subject("Hva gikk forsøket ut på?") == {"forsøk"}
    assert defined_subject("Hva er de statlige veiledende satsene for økonomisk sosialhjelp?") == frozenset()


def test_the_one_who_acts_in_the_question_is_read_and_found_at_a_sentence_start():
    from assistant.question import acting_subject, acts

    plans = acting_subject("En elev får ikke læreplass. Hvilket alternativ varsler regjeringen for slike elever?")
    assert acts("Regjeringen har derfor besluttet å lovfeste et tilbud.", plans)
    assert acts("Regjeringen vil ta initiativ til et program.", acting_subject("Hva vil regjeringen gjøre for unge?"))
    # what they will do: a sentence about what they did does not answer it
    assert not acts("Regjeringen har iverksatt en rekke tiltak for flere læreplasser.", plans)
    assert not acts("Kommunene skal gjøre seg kjent med levekårene, sier regjeringen.", plans)
    # a finding asked: the source as the sentence's subject, its stem inflected («-et»)
    found = acting_subject("Hva fant KS' innovasjonsbarometer for 2020 om kommunene?")
    assert acts("Innovasjonsbarometeret 2020 viser at innovasjonstrykket er høyt.", found)
    assert not acts("Arbeids- og velferdsetaten har fokus på innovative anskaffelser sammen med KS.", found)
    assert acting_subject("Hva mener KS begrenser kommunenes frihet?") == {"ks"}
    # no one acts: the documents, «det», «man», or no such question at all
    for question in (
        "Hva sier dokumentene om borgerlønn?",
        "Hva er det som gjør det vanskelig?",
        "Hva skal til for at flere kommer i jobb?",
        "Hvor mange unge står utenfor?",
        "Hva kan man gjøre?",
    ):
        assert acting_subject(question) == frozenset(), question


def test_an_actor_is_named_by_its_role_by_a_passive_agent_or_by_a_persons_name():
    assert satisfies("actor", "Oppfølgingen er kommunens ansvar.")
    assert satisfies("actor", "Rapporten var finansiert av Kommunenes Sentralforbund.")
    assert satisfies("actor", "Prosjektet er drevet av Kirkens Bymisjon.")
    assert satisfies("actor", "Bjørnar Buhaug leder utvalget.")
    assert satisfies("actor", "Det sa Kai-Rune Myhrer fra Batteriet.")
    # no actor: an agent in lower case is a thing, and «Meld. St.» is a document
    assert not satisfies("actor", "Ordningen varer ut 2025, og den er finansiert av midlene fra i fjor.")
    assert not satisfies("actor", "Meld. St. 32 omtaler dette.")
    assert not satisfies("actor", "Tiltaket varer i to år.")
