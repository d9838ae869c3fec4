"""Repair OCR damage in Norwegian text: lost æ/ø/å, "1" for i/l, garbled footnote markers.

OCR of the white paper reads ø as e/o (rarely s/g), å as a/é/&/4 (rarely d/i), æ as e/ee/ae/a.
A word is replaced by a reading that undoes such confusions when the lexicon finds that reading
(as a word or as a compound of known parts) clearly more probable. Unknown words need a small
margin; valid words need a large one, or contextual evidence (the infinitive marker "å", "på"
before a word). Names, acronyms, numbers and English stay as they are.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.glued import find_glued_words
from ingest.hyphenation import find_hyphenation_joins
from ingest.lexicon import MIN_KNOWN_ZIPF, Lexicon
from ingest.mapped_text import Edit, MappedText
from ingest.ocr_markers import marker_edit, renumber_markers
from ingest.ocr_readings import SOLID_READING_COST, SOLID_READING_ZIPF, UNKNOWN_MARGIN, Reader, alignment_cost
from ingest.ocr_tokens import collapsed_abbreviations, split_token, word_of
from ingest.realword import MODALS, build_context_model, find_realword_repairs

_TOKEN_RE = re.compile(r"\S+")
_BLANK_LINE_RE = re.compile(r"[ \t]*\n[ \t]*\n")
_DOUBLED_CAPITAL_RE = re.compile(r"(?:K(?=k)|L(?=l)|S(?=s)|F(?=f)|P(?=p)|T(?=t)|V(?=v)|M(?=m)|N(?=n)|B(?=b))")
_J_FOR_OE_RE = re.compile(r"^J[bcdfghklmnprstvz]")
_INITIAL_RE = re.compile(r"^[A-ZÆØÅ]\.(?:[A-ZÆØÅ]\.)*,?$")
# a run of capitals («DF@», «EQS», «E@S» in «EU/E@S»), where the OCR's «@»/«Q» stands for a capital «Ø»
ACRONYM_MARGIN = 1.0  # zipf: how much commoner the reading with «Ø» must be than the printed «Q»
_CAPITAL_RUN_RE = re.compile(r"(?<![^\W\d_])[A-ZÆØÅ@]{2,6}(?![^\W\d_])")
CAPITAL_COMMON_ZIPF = 4.0  # a capitalised token inside a sentence becomes a word this common …
CAPITAL_SOLID_ZIPF = 3.0  # … or, when it is no word or compound at all, one this solid (or a domain word)
MAX_WORD_LEN = 64  # longer tokens are not words: never repaired (the reading search is quadratic in length)
_WORD_CORE_RE = re.compile(
    r"^[A-Za-zÆØÅæøåÉé1&@4]+$|^(?=[^0]*0[^0]*$)[A-Za-zÆØÅæøåÉé0]*[A-Za-zÆØÅæøåÉé][A-Za-zÆØÅæøåÉé0]*$"
)
_SENTENCE_END = tuple(".!?:»")
_AA_GLYPHS = frozenset({"&", "4", "a", "A", "d", "@", "a4", "&4", "4&", "8"})  # «&4»: one å read twice
_NUMBERED_BEFORE = frozenset("kapittel kap figur fig tabell boks avsnitt punkt pkt nr side s del trinn".split())
_AA_MARKERS = frozenset({"&", "4", "a", "å"})
_PART_SEPARATOR_RE = re.compile(r"([-/])")
_LIST_DASH_RE = re.compile(r"[ \t]*[—–•-][ \t]+")
_LOWER_WORD_RE = re.compile(r"[a-zæøå]{2,}")
CAPITAL_COMPOUND_ZIPF = 2.3  # a capitalised title word that is no word itself becomes a compound this solid …
CAPITAL_COMPOUND_LEN = 8  # … when it is this long (a name seldom is, and never a compound of common words)
# "1" stays a number before these
_NUMBER_WORDS = frozenset(
    {
        "prosent",
        "av",
        "million",
        "millioner",
        "milliard",
        "milliarder",
        "mill",
        "mrd",
        "kr",
        "år",
        "måned",
        "måneder",
        "uke",
        "uker",
        "dag",
        "dager",
        "time",
        "timer",
        "gang",
        "ganger",
        "person",
        "prosentpoeng",
        "og",
        "eller",
        "til",
        "mot",
        "per",
        "000",
    }
)


def repair_ocr_text(text: str, lexicon: Lexicon) -> tuple[str, int]:
    """Join line-break hyphenation, then repair OCR damage; returns (text, words changed)."""
    joins = find_hyphenation_joins(text, lexicon)
    joined = MappedText.identity(text).apply(joins).text
    repairs = find_ocr_repairs(joined, lexicon)
    repaired = MappedText.identity(joined).apply(repairs).text
    glued = find_glued_words(repaired, lexicon)
    repaired = MappedText.identity(repaired).apply(glued).text
    realword = find_realword_repairs(repaired, lexicon, build_context_model(repaired, lexicon))
    repaired = MappedText.identity(repaired).apply(realword).text
    return repaired, sum(1 for edit in joins if not edit.replacement) + len(repairs) + len(glued) + len(realword)


def find_ocr_repairs(text: str, lexicon: Lexicon) -> list[Edit]:
    tokens = [(m.start(), m.group(0)) for m in _TOKEN_RE.finditer(text)]
    edits: list[Edit] = []
    markers: list[Edit] = []
    abbreviations = collapsed_abbreviations(text)
    for index, (start, token) in enumerate(tokens):
        if (dotted := abbreviations.get(token.rstrip(",;:)"))) is not None:
            edits.append(Edit(start, start + len(dotted) - dotted.count(".") + 1, dotted))
            continue
        prev = tokens[index - 1][1] if index else ""
        nxt = tokens[index + 1][1] if index + 1 < len(tokens) else ""
        edit = _repair_token(text, start, token, prev, nxt, lexicon)
        if edit is not None and edit.replacement.isdigit() and not text[edit.start : edit.end].isalnum():
            markers.append(edit)
            head = token[: edit.start - start]  # the word the marker was glued to has its own damage
            edit = _repair_token(text, start, head, prev, "", lexicon) if head else None
        if edit is not None:
            edits.append(edit)
    return sorted(edits + renumber_markers(text, markers), key=lambda edit: edit.start)


def _repair_token(text: str, start: int, token: str, prev: str, nxt: str, lexicon: Lexicon) -> Edit | None:
    if len(token) > MAX_WORD_LEN + 8:
        return None  # no word is this long (and every reading of it would cost time quadratic in its length)
    blank_after = _BLANK_LINE_RE.match(text, start + len(token)) is not None  # no sentence goes on past it
    marker = marker_edit(token, start, "" if blank_after else nxt)
    if marker is not None:
        return marker
    if (acronym := _acronym_oe(token, start, lexicon)) is not None:
        return _with_word_after_acronym(token, start, acronym, lexicon)
    parts = split_token(token)
    core = parts.group("core")
    core_start = start + len(parts.group("lead"))
    if core.startswith("-") and core[1:2].isalpha():
        core, core_start = core[1:], core_start + 1  # «og -forstaelse»: the hyphen is no part of the word
    sentence_start = not prev or prev.rstrip("!?®*”0123456789").endswith(_SENTENCE_END) or _line_start(text, start)
    next_word = word_of(split_token(nxt).group("core")) if nxt else ""
    if core == "@" and parts.group("trail")[:1] == "." and (prev.endswith(",") or _INITIAL_RE.match(nxt)):
        replacement = "Ø"  # an initial in a list of authors: «Nilsen, @. A. & Reiso», «Seippel, @. & Dalen»
    elif core in _AA_GLYPHS and not parts.group("lead") and not parts.group("trail"):
        replacement = _infinitive_marker(core, prev, next_word, sentence_start, lexicon)
    elif core == "1" and not parts.group("lead") and not parts.group("trail"):
        replacement = _preposition_i(prev, next_word, sentence_start, lexicon)
    elif prev.lower() in _AA_MARKERS | MODALS and not parts.group("lead") and _lost_final_aa(core, lexicon):
        replacement = core + "å"
    elif (glyph := _misread_capital(core, sentence_start, lexicon)) is not None:
        replacement = glyph
    elif core[:1].isupper() and (name := _name_reading(core, prev, nxt, lexicon)):
        replacement = name
    elif "-" in core.strip("-") or "/" in core.strip("/"):
        replacement = _repair_hyphenated(core, sentence_start, lexicon)
    elif core.lower() in ("pa", "p4", "p&") and next_word[:1].isalpha() and next_word.isalpha():
        replacement = _with_case(core, "på")  # «P4 samme måte», «p& direktoratsnivå»
    else:
        replacement = _repair_word(core, sentence_start, lexicon)
        if replacement is None and parts.group("trail")[:1] == "-":
            replacement = _shortened_compound(core, sentence_start, lexicon)
        if replacement and lexicon.word_frequency(core) >= MIN_KNOWN_ZIPF and "é" not in core:
            # a valid word: clean domain text must not prefer it in this context ("sa at" stays)
            prev_word, next_lower = split_token(prev).group("core") if prev else "", next_word
            if lexicon.context_count(prev_word, core, next_lower) > lexicon.context_count(
                prev_word, replacement, next_lower
            ):
                replacement = None
    if replacement is None or replacement == core:
        return None
    return Edit(core_start, core_start + len(core), replacement)


def _acronym_oe(token: str, start: int, lexicon: Lexicon) -> Edit | None:
    """«(DF@)» → «(DFØ)», «EQS-området» → «EØS-området»: between capitals «@» is only ever a misread «Ø»;
    «Q» (never «QU») is one in a run of three when the reading with «Ø» is the clearly commoner word
    («EØS», not «SØL» for «SQL»). A capitalised word («Qverland») is left to the other repairs."""
    for match in _CAPITAL_RUN_RE.finditer(token):
        run = match.group(0)
        fixed = run.replace("@", "Ø").replace("Q", "Ø")
        if not run.replace("@", "").replace("Q", "") or fixed == run:
            continue
        if "Q" in run and not (
            len(run) == 3
            and "QU" not in run
            and lexicon.word_frequency(fixed.lower()) >= lexicon.word_frequency(run.lower()) + ACRONYM_MARGIN
        ):
            continue
        return Edit(start + match.start(), start + match.end(), fixed)
    return None


def _lost_final_aa(core: str, lexicon: Lexicon) -> bool:
    """After the infinitive marker or a modal verb, "st"/"g"/"f" are "stå"/"gå"/"få" with the final å lost
    («å st utenfor», «kan g fram», «kan f varig jobb»)."""
    return (
        core.isalpha()
        and core.islower()
        and len(core) <= 3
        and lexicon.word_frequency(core + "å") >= 4.5
        and lexicon.word_frequency(core + "å") > lexicon.word_frequency(core)
    )


def _line_start(text: str, start: int) -> bool:
    """A token right after a blank line starts a heading or paragraph; one after a list dash at the start of
    a line starts an item («— Viderefore og styrke …»)."""
    if start >= 2 and text[start - 2 : start] == "\n\n":
        return True
    line = text[text.rfind("\n", 0, start) + 1 : start]
    return bool(_LIST_DASH_RE.fullmatch(line))


def _with_word_after_acronym(token: str, start: int, acronym: Edit, lexicon: Lexicon) -> Edit:
    """«EQS-omradet» → «EØS-området»: the word hyphenated to a repaired acronym is repaired as well."""
    offset = acronym.start - start
    fixed = token[:offset] + acronym.replacement + token[acronym.end - start :]
    parts = split_token(fixed)
    core = parts.group("core")
    whole = _repair_hyphenated(core, False, lexicon) if "-" in core.strip("-") else None
    if not whole or len(core) != len(split_token(token).group("core")):
        return acronym
    lead = len(parts.group("lead"))
    return Edit(start + lead, start + lead + len(core), whole)


def _repair_hyphenated(core: str, sentence_start: bool, lexicon: Lexicon) -> str | None:
    """«VTA-malgruppen», «16-24-aringer», «utdanning/leerlingelop»: every part of a hyphenated (or slashed)
    compound is a word of its own and is repaired as one (a valid word only for a far commoner variant:
    «30-arene» → «30-årene»); acronyms and numbers stay."""
    pieces = _PART_SEPARATOR_RE.split(core)
    if not all(pieces):
        return None  # «https://…»: an address, no compound
    fixed = []
    for i, piece in enumerate(pieces):
        reading = None
        if i % 2 == 0 and len(piece) >= 2 and not piece.isdigit():
            reading = _repair_word(piece, sentence_start and i == 0, lexicon)
        fixed.append(reading or piece)
    return "".join(fixed)


def _shortened_compound(core: str, sentence_start: bool, lexicon: Lexicon) -> str | None:
    """«oppfolgings- og losfunksjoner»: a compound's first part with its linking letter, cut before «og»,
    is no word of its own; the part without the link is repaired and gets the link back."""
    link, head = core[-1:], core[:-1]
    if link not in "se" or len(head) < 4 or lexicon.frequency(core) >= MIN_KNOWN_ZIPF:
        return None
    reading = _repair_word(head, sentence_start, lexicon)
    return reading + link if reading else None


def _infinitive_marker(core: str, prev: str, next_word: str, sentence_start: bool, lexicon: Lexicon) -> str | None:
    """ "&", "4", "a" (or "A" opening a sentence) standing alone before a verb is the marker "å"; so is "8"
    before a verb that clean text has after «å» («raskt 8 komme»), and «&» between two lower-case words,
    where Norwegian prose never writes an ampersand («jobber & med», «til & metes»)."""
    if core == "&" and _LOWER_WORD_RE.fullmatch(prev) and _LOWER_WORD_RE.fullmatch(next_word):
        return "å"
    if next_word and not next_word.isalpha() and next_word[0].islower():
        reading = _best_reading(next_word.lower(), lexicon)  # «til 4 f4 et tilbud»: the verb is damaged too
        next_word = reading[0] if reading and reading[0].isalpha() else next_word
    if not next_word or not next_word[0].islower() or not next_word.isalpha():
        return None
    if core in ("4", "8") and split_token(prev).group("core").lower().rstrip(".") in _NUMBERED_BEFORE:
        return None  # «kapittel 8 beskrives», «figur 4 viser»: a number after what is numbered
    if core == "8":
        return "å" if lexicon.context_count("å", next_word.lower(), "") > 0 and not prev[-1:].isdigit() else None
    if core == "A" and not sentence_start:
        return None
    if core == "4" and (prev[-1:].isdigit() or next_word.lower() in _NUMBER_WORDS):
        return None
    if core == "d" and not lexicon.is_known(next_word):
        return None
    if not _looks_infinitive(next_word, lexicon):
        return None
    return "Å" if core == "A" or (sentence_start and prev.endswith((".", "!", "?"))) else "å"


def _looks_infinitive(word: str, lexicon: Lexicon) -> bool:
    """Infinitives end in a vowel (or lost å: "st" for "stå"); plural nouns and numbers do not."""
    lower = word.lower()
    repaired = _best_reading(lower, lexicon)
    candidate = repaired[0] if repaired else lower
    if candidate[-1] in "aeiouyæøå" or lexicon.word_frequency(candidate + "å") >= 4.0:
        return True
    return lexicon.context_count("å", candidate, "") > 0  # «å lykkes», «å finnes»: seen after «å» in clean text


def _preposition_i(prev: str, next_word: str, sentence_start: bool, lexicon: Lexicon) -> str | None:
    """A lone "1" between words is the preposition "i" (or "I" starting a sentence)."""
    if not next_word or next_word.lower() in _NUMBER_WORDS or prev[-1:].isdigit():
        return None
    if sentence_start:
        return "I" if next_word[0].islower() and lexicon.is_known(next_word) else None
    if next_word.isalpha() and next_word[0].islower() and lexicon.is_known(next_word):
        return "i"
    if re.fullmatch(r"(19|20)\d\d[.,]?", next_word) and prev.isalpha():
        return "i"
    return None


def _repair_word(core: str, sentence_start: bool, lexicon: Lexicon) -> str | None:
    if not 2 <= len(core) <= MAX_WORD_LEN or not _WORD_CORE_RE.match(core) or not any(c.isalpha() for c in core):
        return None
    if core.isupper() and len(core) > 1:
        return None  # acronyms
    if core[0].isupper() and "oe" in core.lower():
        return None  # «Roed» is the name Røed, not «Rød»
    if core[0].isupper() and not sentence_start and lexicon.word_frequency(core) < MIN_KNOWN_ZIPF:
        # capitalised inside a sentence: probably a name; repair only clear common words
        reading = _best_reading(core.lower(), lexicon)
        if reading is None or not _clear_capitalised_reading(core, reading[0], lexicon):
            return None
        return _with_case(core, reading[0])
    reading = _best_reading(core.lower(), lexicon)
    if reading and core[0] == "@":
        return reading[0][:1].upper() + reading[0][1:]  # «@» is how OCR reads a capital «Ø» («@stfold», «@konomisk»)
    return _with_case(core, reading[0]) if reading else None


def _misread_capital(core: str, sentence_start: bool, lexicon: Lexicon) -> str | None:
    """Capitals the OCR made up: «Kkjent»/«avKkortes» (a «k» read as «Kk») and «Jkonomisk» («Ø» read as
    «J», which no Norwegian word puts before a consonant). Only a token that is no word changes, and only
    into a known word (after the usual repair of its other letters)."""
    if not core.isalpha() or lexicon.is_known(core):
        return None
    if _DOUBLED_CAPITAL_RE.search(core):
        candidate = _DOUBLED_CAPITAL_RE.sub("", core, count=1)
        if core[0].isupper() and core[1:2] == core[0].lower() and sentence_start:
            candidate = candidate[:1].upper() + candidate[1:]
    elif _J_FOR_OE_RE.match(core):
        candidate = "Ø" + core[1:]
    else:
        return None
    if lexicon.is_known(candidate):
        return candidate
    reading = _repair_word(candidate, True, lexicon)
    return _with_case(candidate, reading) if reading and lexicon.is_known(reading) else None


def _name_reading(core: str, prev: str, nxt: str, lexicon: Lexicon) -> str | None:
    """«Roed»/«Reed» → «Røed»: a capitalised token one confusion away from a name with æ/ø/å that the clean
    documents use, and that they never write as the token itself. A token that is also a word («Reed»,
    «More») changes only where it stands as a name: before or after an initial («Reed, K.», «K. Reed»)."""
    if not core.isalpha() or core.isupper() or lexicon.in_domain(core):
        return None
    names = _reader(lexicon).names(core.lower())
    if len(names) != 1:
        return None
    if lexicon.word_frequency(core) >= MIN_KNOWN_ZIPF and not (_INITIAL_RE.match(nxt) or _INITIAL_RE.match(prev)):
        return None
    return names[0][:1].upper() + names[0][1:]


def _clear_capitalised_reading(core: str, reading: str, lexicon: Lexicon) -> bool:
    """A capitalised word inside a sentence (a title, «Samfunnsokonomisk vurdering») is repaired when its
    reading is a common word, or when the token is no word and no compound at all and its reading is a
    solid word or one the domain documents use; a name the lexicon half knows («Roed») stays."""
    freq = lexicon.word_frequency(reading)
    if freq >= CAPITAL_COMMON_ZIPF:
        return True
    if lexicon.frequency(core) == 0.0 and (freq >= CAPITAL_SOLID_ZIPF or lexicon.in_domain(reading)):
        return True
    if (
        lexicon.word_frequency(core) == 0.0
        and lexicon.in_domain(reading)
        and freq >= SOLID_READING_ZIPF
        and alignment_cost(core.lower(), reading) <= SOLID_READING_COST
    ):
        return True  # «Levekar i byer»: one confusion from a domain word, whatever «leve» + «kar» make
    # «Lanekassen», «Levekdrsundersokelsen», «Omradesatsingene»: a long token that is no word of its own,
    # whose reading is a solid word or compound clearly likelier than any compound of its raw letters
    compound = lexicon.frequency(reading)
    return (
        len(core) >= CAPITAL_COMPOUND_LEN
        and lexicon.word_frequency(core) == 0.0
        and compound >= CAPITAL_COMPOUND_ZIPF
        and compound - lexicon.frequency(core) >= UNKNOWN_MARGIN
    )


def _with_case(model: str, word: str) -> str:
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _best_reading(word: str, lexicon: Lexicon) -> tuple[str, float] | None:
    return _reader(lexicon).best(word)


@lru_cache(maxsize=4)
def _reader(lexicon: Lexicon) -> Reader:
    return Reader(lexicon)
