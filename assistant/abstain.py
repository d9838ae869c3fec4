"""When to say «Dette finner jeg ikke i dokumentene»: decided from retrieval evidence.

An extractive answer can always find *some* sentence, so the decision rests on what the question names:
a name or a quoted term the corpus never mentions («Ukraina», «'etableringsjobb'»), or a year after the
newest document, means the documents cannot answer it; so does a Norwegian question whose weighted
terms the best passages barely cover. The coverage floor is calibrated on the dev set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.question import OUTCOME_QUESTION
from ingest.english import english_zipf
from ingest.lexical import tokenize, words

_QUOTED = re.compile(r"[«\"“'‘]([^»\"”'’]{3,60})[»\"”'’]")
_CAPITALISED = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-ZÆØÅÄÖÜ][a-zæøåäöüéA-ZÆØÅÄÖÜ]{3,})(?:'s)?\b")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
ENGLISH_NAME_ZIPF = 3.0


@dataclass(frozen=True, slots=True)
class Evidence:
    coverage: float  # IDF-weighted share of question terms found in the top passages
    unknown: tuple[str, ...]  # names, quoted terms and years the corpus cannot speak to
    top_similarity: float  # best dense cosine between question and passage


def gather_evidence(
    question: str,
    passage_texts: list[str],
    idf: dict[str, float],
    vocabulary: set[str],
    top_similarity: float,
    newest_year: int | None = None,
    language: str = "nb",
) -> Evidence:
    terms = {t for t in tokenize(question, compounds=False) if t in idf}  # words the corpus never uses can't be covered
    weights = {t: idf[t] for t in terms}
    found: set[str] = set()
    for text in passage_texts:
        found |= set(tokenize(text)) & terms
    total = sum(weights.values())
    coverage = sum(weights[t] for t in found) / total if total else 0.0
    unknown = unknown_terms(question, vocabulary, newest_year, language)
    # a later year the best passages name themselves (a plan «2024–2027», a target «innen 2030») is theirs to
    # speak to: the judge reads whether they report on it; only a year they never name is beyond the documents
    named = {y for text in passage_texts for y in _YEAR.findall(text)}
    unknown = tuple(t for t in unknown if not (_YEAR.fullmatch(t) and t in named))
    return Evidence(coverage, unknown, top_similarity)


def unknown_terms(
    question: str, vocabulary: set[str], newest_year: int | None = None, language: str = "nb"
) -> tuple[str, ...]:
    """Quoted terms and names the corpus never uses (word for word), and years after its newest document.

    In an English question a capitalised English word («Nordic», «Norway») is the English name of something
    the Norwegian documents name in Norwegian: only names that are rare in English count.
    """
    unknown: list[str] = []
    for term in _QUOTED.findall(question):
        if not all(_known_word(w, vocabulary) for w in words(term)):
            unknown.append(term)
    for name in _CAPITALISED.findall(question):
        if language != "nb" and english_zipf(name) >= ENGLISH_NAME_ZIPF:
            continue
        if not _known_word(name.lower(), vocabulary) and not name.isupper():
            unknown.append(name)
    for year in _YEAR.findall(question):
        if newest_year is not None and int(year) > newest_year:
            unknown.append(year)
    return tuple(dict.fromkeys(unknown))


def _known_word(word: str, vocabulary: set[str]) -> bool:
    stems = tokenize(word, compounds=False)
    return not stems or all(stem in vocabulary for stem in stems)


def should_abstain(evidence: Evidence, language: str, coverage_floor: float) -> bool:
    if evidence.unknown:
        return True
    return language == "nb" and evidence.coverage < coverage_floor


# --- What came of it: results asked, only plans found ------------------------------------------------------
# A question about the results of a trial or measure that the documents only propose or plan («Hva viste
# forsøket med …?») retrieves the plan itself, with high similarity and full term coverage: the retrieval
# evidence cannot tell. What the best sentences *say* can: when none of them reports a finding and most of
# them propose or plan, the documents do not hold the answer.
_FINDING = re.compile(
    r"\b(viste|viser|vist|fant|finner|funnet|funn|resultat\w*|effekt\w*|evaluer\w*|analyser\w*|økte|reduserte|"
    r"gikk\s+(ned|opp|over)|gått\s+over|erfaring\w*|tyder\s+på|halvparten|prosentpoeng|vedtok|vedtatt|avsluttet)\b",
    re.IGNORECASE,
)
_PLAN = re.compile(
    r"\b(vil|skal|foreslår|foreslått|foreslo|forslag\w*|planlegg\w*|anbefal\w*|bør|tar\s+sikte|vurdere\w*|"
    r"ønsker|tilrår|går\s+inn\s+for|legger\s+opp\s+til|under\s+utredning|utredes|pågår)\b",
    re.IGNORECASE,
)


# «Hvilken effekt vil tiltaket ha?», «What results are expected?»: a prediction, which plans may answer
_PREDICTION = re.compile(r"\b(vil|skal|kommer\s+til\s+å|forvent\w*|ventes|will|would|expect\w*)\b", re.IGNORECASE)


def asks_for_outcome(question: str) -> bool:
    """Does the question ask what came of something (results, findings, effects, experience), not what will?"""
    return bool(OUTCOME_QUESTION.search(question)) and not _PREDICTION.search(question)


def only_plans(sentences: list[str]) -> bool:
    """No sentence reports a finding, and at least half of them propose or plan."""
    if not sentences or any(_FINDING.search(s) for s in sentences):
        return False
    return sum(bool(_PLAN.search(s)) for s in sentences) * 2 >= len(sentences)


# --- A document's own reception: the Storting's treatment of a white paper -----------------------------------
# No document reports how it was itself received; only a later document that mentions it can.
_RECEPTION = re.compile(
    r"\bstortinget\s+(behandlet|vedtok|stemte)\b|\bstortingets\s+(behandling|vedtak)\b|"
    r"\bbehandl\w*\s+(i|av)\s+stortinget\b|\bkomiteens\s+innstilling\b|\binnstilling(en)?\s+fra\s+komiteen\b|"
    r"\bfikk\s+flertall\b|\bhøringssvar\w*|\bhvordan\s+ble\s+.{0,40}\bmottatt\b|"
    r"\bparliament\w*\s+(treat|debat|vot|adopt)\w*|\b(adopted|passed)\s+by\b|\bhow\s+was\s+.{0,60}\breceived\b",
    re.IGNORECASE,
)
_KIND_ALIASES = {
    "stortingsmelding": ("meldingen", "stortingsmeldingen", "white paper"),
    "ks-notat": ("notatet", "ks-notatet"),
}


def _fold(text: str) -> str:
    return " " + " ".join(re.findall(r"[0-9a-zæøåéü]+", text.lower())) + " "


def document_aliases(meta: dict) -> tuple[str, ...]:
    """How a question names a document: its short title, a short title name («Ingen utenfor»), its kind."""
    short = str(meta.get("short_title") or "").split("(")[0].strip()
    name = str(meta.get("title") or "").split("—")[0].replace(str(meta.get("short_title") or ""), "").strip(" ,:")
    aliases = [short] if short else []
    if name and len(name.split()) <= 4:
        aliases.append(name)
    aliases += _KIND_ALIASES.get(str(meta.get("kind") or "").lower(), ())
    return tuple(_fold(a) for a in aliases if _fold(a).strip())


def unanswered_reception(question: str, documents: dict[str, dict], passages: list[tuple[str, str]]) -> tuple[str, ...]:
    """Documents whose later reception the question asks about that no later passage speaks to.

    `passages` are (document, text) pairs of the best passages; the answer is the short titles found.
    """
    if not _RECEPTION.search(question):
        return ()
    folded = _fold(question)
    asked_years = [int(y) for y in _YEAR.findall(question)]
    gaps: list[str] = []
    for name, meta in documents.items():
        aliases = document_aliases(meta)
        if not any(alias in folded for alias in aliases):
            continue
        date = str(meta.get("date") or "")
        if asked_years and date[:4].isdigit() and min(asked_years) < int(date[:4]):
            continue  # an event before the document: something it may well report
        later = [text for doc, text in passages if doc != name and str(documents.get(doc, {}).get("date") or "") > date]
        if not any(alias in _fold(text) for text in later for alias in aliases):
            gaps.append(str(meta.get("short_title") or name))
    return tuple(dict.fromkeys(gaps))
