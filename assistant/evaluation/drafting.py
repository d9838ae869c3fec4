"""Drafting evaluation: what a saksbehandler and a kursholder would catch when reading notes and courses.

The checks here are written independently of the drafting code (their own patterns), so they measure the
drafts rather than repeat the generator's own rules:

- notes: statements whose citation lies inside the gold evidence of dev questions on the topic; statements
  that open with an unresolved «Dette / Disse / Denne / Slike / Av disse / Når det»; reported views (anything
  from a seminar report, a KS note or a meeting document, or a sentence with a view verb) and how many of them
  name their source; statements that do not carry their heading's cue; headings left empty;
- quizzes: answers that are a lone digit or an OCR fragment, numbers without their unit, answers given away by
  the stem or the topic, options that collapse after case- and OCR-folding, sentences blanked twice, and which
  of measures / barriers / responsibilities the questions cover;
- learning goals: lines shared by every course (a template), per course and in all.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field

from rapidfuzz import fuzz

from assistant.drafting.course import CourseModule
from assistant.drafting.note import NoteDraft
from assistant.evaluation.records import EvalRow, PredictedCitation
from assistant.evaluation.spans import EvidenceIndex, span_overlaps
from ingest.lexical import tokenize

UNRESOLVED = re.compile(r"^[«\"(]*\s*(Dette|Disse|Denne|Slike|Av\s+disse|Når\s+det)\b")
ATTRIBUTED = re.compile(r"^(Ifølge|I følge)\s|\b(mente|mener|sa|påpekte|pekte på|anbefaler|anbefalte)\s+at\b")
VIEW_VERBS = re.compile(
    r"\b(mener|mente|hevder|hevdet|påpekte|understreket|kritiserte|anbefaler|anbefalte|foreslår|foreslo|"
    r"etterlyste|advarte|argumenterte)\b",
    re.IGNORECASE,
)
GOVERNMENT = re.compile(r"^\W*(Regjeringen|Departementet)\b")  # the white paper's own voice
OWN_VOICE_KINDS = {"stortingsmelding"}  # the white paper speaks for the government: its sentences are its own
HEADING_CUES = {
    "barrierer": re.compile(
        r"barriere|hindr|vanskelig|utfordr|mangl|årsak|krevende|problem|risiko|fører til|skyldes|fordi|"
        r"ikke\s|sjelden|lav|svak|uten\b",
        re.IGNORECASE,
    ),
    "tiltak": re.compile(
        r"tiltak|vil\b|skal\b|foreslå|satsing|ordning|program|prøve|etabler|styrk|innfør|videreføre|"
        r"forsøk|modell|tilbud|oppfølging|kurs|opplæring",
        re.IGNORECASE,
    ),
    "ansvar": re.compile(
        r"\b(NAV|Nav|kommune\w*|fylkeskommun\w*|staten|statlig\w*|regjering\w*|departement\w*|direktorat\w*|"
        r"KS|arbeidsgiver\w*|skole\w*|ansvar\w*|veileder\w*|oppfølgingstjeneste\w*|helsetjeneste\w*)\b"
    ),
}
QUIZ_CATEGORIES = ("tiltak", "barrierer", "ansvar")
UNITS = re.compile(
    r"\d\s*(prosent|prosentpoeng|pst|%|kroner|kr|mrd|mill|millioner|milliarder|personer|år|måneder|uker|"
    r"timer|dager|plasser|deltakere|ansatte|kommuner|bedrifter|unge|barn)\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"^(19|20)\d\d$")


def fold_option(text: str) -> str:
    """Case, accents, hyphens, spaces and the OCR's usual swaps (ø/o, æ/e, å/a …) folded away."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(str.maketrans({"ø": "o", "æ": "e", "å": "a", "0": "o", "1": "l", "5": "s"}))
    return re.sub(r"[\W_]+", "", text)


def same_after_folding(a: str, b: str) -> bool:
    fa, fb = fold_option(a), fold_option(b)
    return fa == fb or (min(len(fa), len(fb)) >= 6 and fuzz.ratio(fa, fb) >= 88)


def contains_folded(haystack: str, needle: str) -> bool:
    """The answer (folded) inside the stem or topic (folded), or one of its words spelled nearly the same."""
    fh, fn = fold_option(haystack), fold_option(needle)
    if not fn:
        return False
    if fn in fh:
        return True
    if len(fn) >= 8:
        return fuzz.partial_ratio(fn, fh) >= 90
    return False


@dataclass(slots=True)
class NoteCounts:
    topic: str
    statements: int = 0
    with_gold: int = 0  # statements of topics that have gold evidence …
    in_gold: int = 0  # … whose citation lies inside it
    unresolved_openings: int = 0
    fragment_openings: int = 0  # a chunk cut mid-sentence («og velferdsetaten kan …») or a list number («7. NAV …»)
    reported_views: int = 0
    attributed_views: int = 0
    off_heading: int = 0
    off_topic: int = 0  # none of the topic's words (whole words, not compound parts) in the quote or its document
    empty_headings: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class QuizCounts:
    topic: str
    questions: int = 0
    lone_digit_or_fragment: int = 0
    number_without_unit: int = 0
    answer_in_stem_or_topic: int = 0
    options_not_distinct: int = 0
    sentence_blanked_twice: int = 0
    categories: list[str] = field(default_factory=list)
    learning_goals: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)


def on_topic_rows(topic: str, rows: list[EvalRow], min_shared: int = 2) -> list[EvalRow]:
    """Dev questions that share at least ``min_shared`` content stems with the topic (or all of a short one)."""
    wanted = set(tokenize(topic))
    need = min(min_shared, len(wanted))
    return [r for r in rows if r.evidence and need and len(wanted & set(tokenize(r.question))) >= need]


def note_counts(
    note: NoteDraft, kinds: dict[str, str], evidence: EvidenceIndex | None = None, rows: list[EvalRow] = ()
) -> NoteCounts:
    counts = NoteCounts(note.topic)
    by_marker = {c.marker: c for c in note.citations}
    spans = [s for r in rows for s in (evidence.spans_for(r) if evidence else []) if s is not None]
    for section in note.sections:
        if not section.statements:
            counts.empty_headings += 1
        for statement in section.statements:
            counts.statements += 1
            text = statement.text
            cited = [by_marker[m] for m in statement.markers if m in by_marker]
            quote = " ".join(c.quote for c in cited) or text
            if UNRESOLVED.match(_without_attribution(text)):
                counts.unresolved_openings += 1
                counts.examples.append(f"uavklart: {text[:120]}")
            bare = _without_attribution(text).lstrip('«"( ')
            if not bare or bare[0].islower() or re.match(r"\d{1,2}[.)]?\s+[A-ZÆØÅ]", bare):
                counts.fragment_openings += 1
                counts.examples.append(f"bruddstykke: {text[:120]}")
            reported = any(kinds.get(c.document, "") not in OWN_VOICE_KINDS for c in cited) or bool(
                VIEW_VERBS.search(quote) and not GOVERNMENT.match(quote)
            )
            if reported:
                counts.reported_views += 1
                if ATTRIBUTED.search(text):
                    counts.attributed_views += 1
            wanted = set(tokenize(note.topic, compounds=False))
            said = set(tokenize(quote, compounds=False)) | {
                t for c in cited for t in tokenize(f"{c.title} {c.short_title}", compounds=False)
            }
            if wanted and not wanted & said:
                counts.off_topic += 1
                counts.examples.append(f"utenfor tema: {text[:120]}")
            cue = HEADING_CUES.get(section.key)
            if cue is not None and not cue.search(quote):
                counts.off_heading += 1
            if spans:
                counts.with_gold += 1
                if any(span_overlaps(_predicted(c), span) for c in cited for span in spans):
                    counts.in_gold += 1
    return counts


def _without_attribution(text: str) -> str:
    """«Ifølge X: «Dette …»» is judged by the quote it introduces."""
    match = re.match(r"^(?:Ifølge|I følge)[^«:]*:\s*«?", text)
    return text[match.end() :] if match else text.lstrip("«")


def _predicted(citation) -> PredictedCitation:
    return PredictedCitation(
        marker=citation.marker,
        document=citation.document,
        start_char=citation.start_char,
        end_char=citation.end_char,
        quote=citation.quote,
        sentence_spans=tuple(tuple(span) for span in getattr(citation, "sentence_spans", ()) or ()),
    )


def quiz_counts(course: CourseModule) -> QuizCounts:
    counts = QuizCounts(course.topic, learning_goals=list(course.learning_goals))
    seen_quotes: Counter = Counter()
    covered: set[str] = set()
    for q in course.quiz:
        counts.questions += 1
        answer = q.answer.strip()
        stem = q.question.replace(answer, "", 0)
        if (
            re.fullmatch(r"\d{1,2}", answer)
            or not re.search(r"\w", answer)
            or (answer.isalpha() and len(answer) < 3 and not answer.isupper())
            or re.search(r"[a-zæøå]\d|\d[a-zæøå]", answer)
        ):
            counts.lone_digit_or_fragment += 1
            counts.examples.append(f"bruddstykke: {answer!r} i {q.quote[:80]}")
        if q.blank_kind == "tall" and not YEAR.match(answer) and not UNITS.search(answer):
            counts.number_without_unit += 1
        if contains_folded(stem, answer) or contains_folded(course.topic, answer):
            counts.answer_in_stem_or_topic += 1
            counts.examples.append(f"røpet: {answer!r}")
        options = q.options
        if any(same_after_folding(a, b) for i, a in enumerate(options) for b in options[i + 1 :]):
            counts.options_not_distinct += 1
            counts.examples.append(f"like alternativer: {options}")
        seen_quotes[q.quote.strip()] += 1
        covered.update(question_categories(q.quote, q.blank_kind))
    counts.sentence_blanked_twice = sum(n - 1 for n in seen_quotes.values() if n > 1)
    counts.categories = sorted(covered)
    return counts


def question_categories(quote: str, blank_kind: str) -> set[str]:
    """Which of measures / barriers / responsibilities a question is about (by its sentence and its blank)."""
    found = {c for c in ("tiltak", "barrierer") if HEADING_CUES[c].search(quote)}
    if blank_kind == "aktør" or re.search(r"\bansvar\w*|\boppgave\w*|\bskal\b", quote):
        found.add("ansvar")
    return found


def template_goals(courses: list[QuizCounts]) -> int:
    """Learning-goal lines that occur in every course once the topic is taken out (the same template)."""
    if len(courses) < 2:
        return 0
    per_course = [{g.replace(c.topic, "{tema}") for g in c.learning_goals} for c in courses]
    return len(set.intersection(*per_course))


def summary(notes: list[NoteCounts], quizzes: list[QuizCounts]) -> dict:
    total = {
        k: sum(getattr(n, k) for n in notes)
        for k in (
            "statements",
            "with_gold",
            "in_gold",
            "unresolved_openings",
            "fragment_openings",
            "reported_views",
            "attributed_views",
            "off_heading",
            "off_topic",
            "empty_headings",
        )
    }
    quiz = {
        k: sum(getattr(q, k) for q in quizzes)
        for k in (
            "questions",
            "lone_digit_or_fragment",
            "number_without_unit",
            "answer_in_stem_or_topic",
            "options_not_distinct",
            "sentence_blanked_twice",
        )
    }
    quiz["courses_with_two_categories"] = sum(len(set(q.categories) & set(QUIZ_CATEGORIES)) >= 2 for q in quizzes)
    quiz["template_goal_lines"] = template_goals(quizzes)
    return {
        "notes": total,
        "quizzes": quiz,
        "topics": len(notes),
        "per_topic": {
            "notes": [asdict(n) for n in notes],
            "quizzes": [asdict(q) for q in quizzes],
        },
    }
