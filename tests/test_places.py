"""Another country's scheme is answered only by a sentence that names the country (assistant.places)."""

from assistant.places import abroad_unnamed, countries_in


def test_countries_are_named_by_name_adjective_inhabitants_and_in_english():
    assert countries_in("Hvordan fungerer Danmarks fleksjob-ordning?") == {"Danmark"}
    assert countries_in("de danske frikommuneforsøkene") == {"Danmark"}
    assert countries_in("I 2009 kåret tyskerne ordet") == {"Tyskland"}
    assert countries_in("How does Sweden's scheme work?") == {"Sverige"}
    assert countries_in("Dutch sickness benefit and the Netherlands") == {"Nederland"}
    assert countries_in("Hvordan går det med unge i Norge og i Norden?") == set()  # Norway, a region: no country abroad


def test_a_question_about_a_scheme_abroad_needs_a_lead_that_names_that_country():
    question = "Hvor stor er kompensasjonsgraden for sykepenger i Nederland?"
    assert abroad_unnamed(question, ["Sykepenger kan graderes ned til 20 pst. ved delvis arbeidsuførhet."]) == [
        "Nederland"
    ]
    assert abroad_unnamed(question, ["I Nederland dekkes 70 pst. av lønnen i to år."]) == []
    english = "How is early retirement pension calculated in Denmark?"
    assert abroad_unnamed(english, ["I Danmark gis førtidspensjon med et fast beløp."]) == []
    assert abroad_unnamed("Hvordan beregnes uføretrygd?", ["Uføretrygden utgjør 66 pst."]) == []


def test_the_notice_names_the_countries_in_the_users_language():
    from assistant.places import abroad_notice

    assert abroad_notice(["Danmark", "Sverige"], "nb").startswith("Dokumentene sier ikke dette om Danmark og Sverige;")
    assert abroad_notice(["Danmark"], "en").startswith("The documents do not say this about Danmark;")
