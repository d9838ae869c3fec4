"""Real-word OCR errors, decided by the words around them: «det ber vurderes» → «det bør vurderes».

The lexicon cannot see these: both readings are words («ber/bør», «bor/bør», «for/før», «meter/møter»,
«ekte/økte», «ærlig/årlig»). Candidates differ from the printed word in one vowel the OCR (or the
repair before this step) is known to confuse: e/o↔ø, a↔å/æ, e↔æ, æ↔å. Each candidate is scored by
a bigram model counted from the corpus' clean documents plus the document's own unambiguous words
(``ContextModel``), and by one grammar cue: a modal verb stands before an infinitive or a passive
(«bør være», «må vurderes»), and «har»/«hadde» before a participle («har ført til»). A word changes only when a candidate beats it by ``MARGIN`` (natural log).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ingest.lexicon import WORD_RE, Lexicon
from ingest.mapped_text import Edit

# printed letter -> letters it may stand for (OCR of æ/ø/å, and the repair's own æ/å choice)
_SWAPS: dict[str, str] = {"e": "øæ", "o": "ø", "a": "åæ", "æ": "å", "å": "æ"}
MODALS = frozenset({"bør", "må", "kan", "skal", "vil", "burde", "måtte", "kunne", "skulle", "ville"})
PERFECT_AUXILIARIES = frozenset({"har", "hadde", "ha"})
PARTICIPLE_CUE = 4.5  # stronger than the modal cue: an adverb such as «fort» after «har» has its own prior
_ADVERBS = frozenset(
    {"ikke", "også", "derfor", "heller", "alltid", "fortsatt", "likevel", "imidlertid", "først", "bare"}
)
MARGIN = 2.0  # a candidate must be e^2 ≈ 7 times likelier than the printed word …
MIN_CONTEXT = 1.5  # … and its neighbours must speak for it: the printed word is evidence too
MIN_CANDIDATE_ZIPF = 3.0  # only solid words are offered as corrections
_TOKEN = re.compile(r"\S+")
_YEAR = re.compile(r"^(?:19|20)\d\d[.,;:)]?$")
_CORE = re.compile(r"^(?P<lead>[«(\"'“‘\[]*)(?P<core>[A-Za-zÆØÅæøå]+)(?P<trail>[-.,;:!?»)\"'”’\]]*)$")


@dataclass(frozen=True, slots=True)
class ContextModel:
    """Bigram and unigram counts from clean text, lower case."""

    bigrams: Counter
    unigrams: Counter
    total: int

    def pair(self, a: str, b: str) -> int:
        return self.bigrams[(a, b)]

    def count(self, word: str) -> int:
        return self.unigrams[word]

    def share(self, word: str) -> float:
        return (self.unigrams[word] + 0.5) / (self.total + 1.0)


MAX_WORD_LEN = 40  # longer tokens are never one of the confusable words


def build_context_model(own_text: str, lexicon: Lexicon) -> ContextModel:
    """Counts from the clean documents (the lexicon's) and from the document's own words that no
    confusion touches (neither word of a pair such as «for/før» counts from the document itself)."""
    clean_unigrams, clean_bigrams = lexicon.clean_counts()
    unigrams: Counter = Counter(clean_unigrams)
    bigrams: Counter = Counter(clean_bigrams)
    own = [w.lower() for w in WORD_RE.findall(own_text)]
    ambiguous = {w for w in set(own) if candidates(w, lexicon)}
    ambiguous |= {c for w in ambiguous for c in candidates(w, lexicon)}
    sure = [w not in ambiguous for w in own]
    unigrams.update(w for w, ok in zip(own, sure) if ok)
    bigrams.update((a, b) for a, b, ok_a, ok_b in zip(own, own[1:], sure, sure[1:]) if ok_a and ok_b)
    return ContextModel(bigrams, unigrams, sum(unigrams.values()))


def candidates(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    """Solid words one confusable vowel away from ``word`` (lower case), the word itself excluded."""
    return _candidates(word.lower(), lexicon)


@lru_cache(maxsize=50_000)
def _candidates(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    if not 2 <= len(word) <= MAX_WORD_LEN or not word.isalpha():
        return ()  # a «word» of thousands of letters is debris, and its variants would cost quadratic time
    found: list[str] = []
    for i, letter in enumerate(word):
        for true in _SWAPS.get(letter, ""):
            variant = word[:i] + true + word[i + 1 :]
            if lexicon.word_frequency(variant) >= MIN_CANDIDATE_ZIPF:
                found.append(variant)
    return tuple(found)


def infinitive_candidates(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    """After the marker «å» only: «i» read for «å» in a short verb («å ni målet» → «å nå målet», «å sti»)."""
    lower = word.lower()
    if not 2 <= len(lower) <= 6 or "i" not in lower:
        return ()
    found = (lower[:i] + "å" + lower[i + 1 :] for i, letter in enumerate(lower) if letter == "i")
    return tuple(v for v in found if lexicon.word_frequency(v) >= MIN_CANDIDATE_ZIPF)


def final_aa_candidates(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    """Anywhere: a final «i» read for «å» in a short word («har si store» → «så store», «kunne sti i»)."""
    lower = word.lower()
    if not 2 <= len(lower) <= 3 or not lower.endswith("i"):
        return ()
    variant = lower[:-1] + "å"
    return (variant,) if lexicon.word_frequency(variant) >= MIN_CANDIDATE_ZIPF else ()


def find_realword_repairs(text: str, lexicon: Lexicon, model: ContextModel) -> list[Edit]:
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(text)]
    cores = [_core(token) for _, token in tokens]
    edits: list[Edit] = []
    for i, (start, token) in enumerate(tokens):
        core = cores[i]
        if core is None or not lexicon.word_frequency(core[1]):
            continue
        offset, word = core
        if word.isupper() and len(word) > 1:
            continue  # acronyms
        prev = cores[i - 1][1].lower() if i and cores[i - 1] and not _ends_clause(tokens[i - 1][1]) else ""
        options = candidates(word, lexicon) + (infinitive_candidates(word, lexicon) if prev == "å" else ())
        options += tuple(v for v in final_aa_candidates(word, lexicon) if v not in options)
        if not options:
            continue
        following = [c[1].lower() for c in cores[i + 1 : i + 4] if c]
        if _ends_clause(token):
            following = []
        lower = word.lower()
        year_next = not _ends_clause(token) and i + 1 < len(tokens) and bool(_YEAR.match(tokens[i + 1][1]))
        base, base_context = score(lower, prev, following, lexicon, model, year_next)
        best, best_score, best_context = lower, base, base_context
        for option in options:
            value, context = score(option, prev, following, lexicon, model, year_next)
            if value > best_score:
                best, best_score, best_context = option, value, context
        solid = lexicon.word_frequency(lower) >= MIN_CANDIDATE_ZIPF or lexicon.in_domain(lower)
        needed = MIN_CONTEXT if solid else 0.0  # a rare or junk reading («oppstar») yields to the prior
        if best != lower and best_score - base >= MARGIN and best_context - base_context >= needed:
            replacement = best[0].upper() + best[1:] if word[0].isupper() else best
            edits.append(Edit(start + offset, start + offset + len(word), replacement))
    return edits


def score(
    word: str, prev: str, following: list[str], lexicon: Lexicon, model: ContextModel, year_next: bool = False
) -> tuple[float, float]:
    """(total, context): log prior + association with the word before and after + the modal cue.

    The prior mixes general Norwegian (wordfreq) with the counted text. Each neighbour adds
    log((observed + 1) / (expected + 1)): a pair seen more often than chance speaks for the word, a pair
    never seen speaks against it only as far as it was expected, so sparse counts do not decide alone.
    """
    general = 10 ** (lexicon.word_frequency(word) - 9.0)
    prior = math.log(0.5 * general + 0.5 * model.share(word))
    seen = model.count(word)
    context = _modal_cue(word, following, model) + _infinitive_cue(word, prev, lexicon)
    context += _participle_cue(word, prev, lexicon)
    if year_next and lexicon.before_year(word):
        context += 3.0  # «hesten 2020»: the clean documents write «høsten» before a year, never «hesten»
    if prev:
        context += _association(model.pair(prev, word), seen * model.share(prev))
    if following:
        context += _association(model.pair(word, following[0]), seen * model.share(following[0]))
    return prior + context, context


def _association(observed: int, expected: float) -> float:
    return math.log((observed + 1.0) / (expected + 1.0))


def _modal_cue(word: str, following: list[str], model: ContextModel) -> float:
    """+3 for a modal before an infinitive or passive; −3 for a non-modal reading of a modal's slot."""
    verb = next((w for w in following if w not in _ADVERBS), "")
    if not verb or not _infinitive_like(verb, model):
        return 0.0
    return 3.0 if word in MODALS else 0.0


def _infinitive_cue(word: str, prev: str, lexicon: Lexicon) -> float:
    """+3 after the infinitive marker «å» for a word the clean documents have in that slot («å nå», not
    «å ni»); after a modal verb only for short verbs, where the OCR's «i»/«a» for a final «å» hides («kunne
    stå», not «kunne sti»; «kan gå»; «skal gi» has the cue too). The OCR document's own pairs do not count,
    its «å ni» is the error itself."""
    slot = prev == "å" or (prev in MODALS and len(word) <= 3)
    return 3.0 if slot and lexicon.clean_counts()[1][("å", word)] > 0 else 0.0


def _participle_cue(word: str, prev: str, lexicon: Lexicon) -> float:
    """+3 after «har»/«hadde»/«ha» for a past participle in -t whose infinitive in -e the clean documents
    have after «å» («har ført til»: «å føre»; «fort» has no «å fore»). The clean documents seldom pair
    «har» with the very participle, but they know the verb."""
    if prev not in PERFECT_AUXILIARIES or len(word) < 3 or not word.endswith("t"):
        return 0.0
    return PARTICIPLE_CUE if lexicon.clean_counts()[1][("å", word[:-1] + "e")] > 0 else 0.0


def _infinitive_like(word: str, model: ContextModel) -> bool:
    """«vurderes», «være», «få»: seen after the infinitive marker «å», a passive in -es of such a verb,
    or a passive of the -ere verbs («kombineres», «prioriteres»), which no noun or adjective shares."""
    if model.pair("å", word) > 0 or (len(word) >= 6 and word.endswith("es") and model.pair("å", word[:-1]) > 0):
        return True
    return len(word) >= 7 and word.endswith("eres")


def _core(token: str) -> tuple[int, str] | None:
    match = _CORE.match(token)
    if not match:
        return None
    return len(match.group("lead")), match.group("core")


def _ends_clause(token: str) -> bool:
    return token.endswith((".", "!", "?", ":", ";", ")"))
