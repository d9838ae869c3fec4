"""Another country's scheme: a question about it is answered only by a sentence that names that country.

The documents are Norwegian and compare with other countries in passing («I Danmark gis førtidspensjon …»).
A question about a scheme abroad («Hvor stor er kompensasjonsgraden for sykepenger i Nederland?») retrieves
the Norwegian scheme of the same name, and the quote then answers for Norway. When the answer's lead quote
does not name the country asked about, the documents do not answer the question. The gazetteer is general:
countries in Norwegian and English, with their adjectives and inhabitants, as their stems.
"""

from __future__ import annotations

import re

from assistant.messages import ABROAD

# each country: the stems that name it in a question (Norwegian and English) and in a Norwegian sentence
_COUNTRIES: dict[str, tuple[str, ...]] = {
    "Danmark": ("danmark", "dansk", "danske", "danskene", "denmark", "danish"),
    "Sverige": ("sverige", "svensk", "svenske", "svenskene", "sweden", "swedish"),
    "Finland": ("finland", "finsk", "finske", "finnene", "finnish"),
    "Island": ("island", "islandsk", "islandske", "iceland", "icelandic"),
    "Tyskland": ("tyskland", "tysk", "tyske", "tyskerne", "germany", "german"),
    "Nederland": ("nederland", "nederlandsk", "nederlandske", "holland", "hollandsk", "netherlands", "dutch"),
    "Storbritannia": ("storbritannia", "britisk", "britiske", "britain", "british", "uk", "england", "skottland"),
    "Frankrike": ("frankrike", "fransk", "franske", "france", "french"),
    "Spania": ("spania", "spansk", "spanske", "spain", "spanish"),
    "Italia": ("italia", "italiensk", "italienske", "italy", "italian"),
    "Østerrike": ("østerrike", "østerriksk", "østerrikske", "austria", "austrian"),
    "Belgia": ("belgia", "belgisk", "belgiske", "belgium", "belgian"),
    "Sveits": ("sveits", "sveitsisk", "sveitsiske", "switzerland", "swiss"),
    "USA": ("usa", "amerikansk", "amerikanske", "amerikanerne", "america", "american"),
    "Canada": ("canada", "kanadisk", "kanadiske", "canadian"),
    "Australia": ("australia", "australsk", "australske", "australian"),
    "New Zealand": ("new zealand",),
}
_WORD = re.compile(r"[a-zæøåäöü]+(?:\s+zealand)?", re.IGNORECASE)
_NAMES = {country: frozenset(names) for country, names in _COUNTRIES.items()}  # read for every question


def countries_in(text: str) -> set[str]:
    """The countries a text names, by their name, adjective or inhabitants («danske», «Sweden's», «tyskerne»)."""
    words = {w.lower() for w in _WORD.findall(text)}
    words |= {w[:-1] for w in words if w.endswith("s")}  # «Danmarks», «Sweden's» → «danmark», «sweden»
    return {country for country, names in _NAMES.items() if words & names}


def abroad_unnamed(question: str, lead: list[str]) -> list[str]:
    """The countries the question asks about that the lead quote does not name (empty when it names them,
    or when the question names none)."""
    asked = countries_in(question)
    if not asked:
        return []
    named = countries_in(" ".join(lead))
    return sorted(asked - named)


def abroad_notice(countries: list[str], language: str) -> str:
    """«Dokumentene sier ikke dette om Nederland; …»: the notice beside the refusal."""
    places = " og ".join(countries) if language == "nb" else ", ".join(countries)
    return ABROAD.get(language, ABROAD["nb"]).format(places=places)
