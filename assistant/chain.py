"""The retrieval chain: condense → retrieve → decide → compose (or generate and verify) → cite."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from assistant.abstain import asks_for_outcome, gather_evidence, only_plans, should_abstain, unanswered_reception
from assistant.answerability import Judge
from assistant.compose import Block, Composition, choose
from assistant.condense import condense_question, is_follow_up
from assistant.conversation import FollowUp, follow_up
from assistant.decide import document_year, judge_answer
from assistant.focus import focus_sentences, unanswered_aspects
from assistant.glossary import english_part, norwegian_terms, with_terms
from assistant.grounding import missing_parts, nearby_sentence, undescribed
from assistant.later import document_month, later_months, later_years
from assistant.live_index import LiveIndex
from assistant.llm import condense_with_model, generate_answer
from assistant.markers import escape_markers
from assistant.messages import (
    CLOSEST,
    MODEL_FAILED,
    NEARBY,
    NOT_FOUND,
    PARTIAL_INDEX,
    UNSUPPORTED,
)
from assistant.places import abroad_unnamed
from assistant.quotes import block_parts, block_sentence, citation_for, context_out, markers_for, render_blocks
from assistant.records import AnswerResult, Citation
from assistant.refusal import Refusal
from assistant.retrieval import Passage, SearchOptions, finish, rank_chunks, section_label
from assistant.scoring import score_candidates, split_topic
from assistant.sources import named_sources, prefer_named
from assistant.specifics import abroad_undetailed, amount_unattached, uncited_laws, unknown_topic
from assistant.store import Filters, IndexSnapshot
from assistant.text import detect_language, question_type
from assistant.verify import best_sentence, check_answer

MAX_QUESTION_CHARS = 4000
CONTEXTS_RETURNED = 8
ABSTAIN_COVERAGE = 0.15


MAX_HISTORY_USED = 40  # earlier turns an answer reads


class QuestionError(ValueError):
    """A question that cannot be answered as asked (empty, too long)."""


@dataclass(frozen=True, slots=True)
class ChainOptions:
    search: SearchOptions = SearchOptions()
    condense: bool = True
    abstain_coverage: float = ABSTAIN_COVERAGE
    answer_passages: int = 5
    max_blocks: int = (
        3  # quotes in an answer: the lead, the other parts, what completes them (fewer bullets that do not help)
    )
    max_chars: int = 800  # quoted characters before the composer stops adding
    quote_context: bool = True  # a quote keeps the antecedent of «Dette …» and the list of a lead-in
    continuation: bool = True  # the sentence after the lead completes it
    answer_first: bool = True  # quotes ordered by usefulness, the answering sentence first
    named_source: bool = True  # «ifølge KS-notatet»: the named document's chunks among the best ranked go first
    # BM25 matches Norwegian stems: for a question in another language it only adds noise, so the
    # cross-lingual dense leg searches alone (measured on the dev set's English questions)
    lexical_for_other_languages: bool = False
    glossary: bool = True  # … unless the glossary gives an English question's terms in Norwegian
    # results asked, only plans found → not found (see abstain.only_plans)
    plan_check: bool = True
    # the Storting's treatment of a document asked, no later document mentions it → not found
    reception_check: bool = True
    plan_sentences: int = 6  # the best sentences the plan check reads
    place_check: bool = True  # another country's scheme asked, the lead quote names no such country → not found
    passing_check: bool = True  # «Hva er X?», X named by one sentence at most and never described → not found
    year_check: bool = True  # a year later than the quoted document, mentioned by no passage → not found
    section_check: bool = True  # a § asked of a named law, no sentence cites a § of it → not found
    amount_check: bool = True  # money asked, no sentence naming the thing gives an amount → not found
    topic_check: bool = True  # «Hva sier dokumentene om X?», X a word the corpus never uses → not found
    # the chosen answer judged: focus, asked kind, novel words (assistant.answerability)
    answerability_check: bool = True
    # a follow-up: the last answer's passages among the composer's, its quoted sentences not quoted again first
    previous_passages: bool = True
    topic_focus: bool = True  # … and sentences of passages that name none of its topic's specific words move down
    same_document: bool = True  # … and, unless it names another source or compares, those of other documents


def validate_question(question: str) -> str:
    # lone surrogates (broken UTF-8 from a terminal, «\ud800» in JSON) cannot be encoded: replaced, not fatal
    question = (question or "").encode("utf-8", "replace").decode("utf-8").strip()
    if not question:
        raise QuestionError("Spørsmålet er tomt.")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(f"Spørsmålet er for langt ({len(question)} tegn; høyst {MAX_QUESTION_CHARS}).")
    return question


class Assistant:
    """Answers questions from an index: a fixed snapshot, or a live one that follows new generations."""

    def __init__(self, index: IndexSnapshot | LiveIndex, options: ChainOptions = ChainOptions(), model=None) -> None:
        self.index = index if isinstance(index, LiveIndex) else LiveIndex.fixed(index)
        self.options = options
        self.model = model  # a LangChain chat model, or None for the extractive default
        self.judge = Judge.load()

    @property
    def snapshot(self) -> IndexSnapshot:
        return self.index.get()

    def ask(self, question: str, history: list[dict] | None = None, filters: Filters = Filters()) -> AnswerResult:
        started = time.perf_counter()
        question = validate_question(question)
        history = (history or [])[-MAX_HISTORY_USED:]  # follow-ups lean on the last turns; a huge history costs
        snapshot = self.snapshot  # one generation for the whole answer, even if a new one is activated meanwhile
        language = detect_language(question)
        standalone = self._condense(snapshot, question, history) if self.options.condense else question
        search = self.options.search
        # an English question searched and scored in the documents' words for its terms (assistant.glossary)
        terms = norwegian_terms(standalone) if language == "en" and self.options.glossary else ""
        if language != "nb" and not self.options.lexical_for_other_languages and not terms:
            search = replace(search, use_lexical=False)
        chunks = rank_chunks(snapshot, standalone, filters, search, lexical_query=terms or None)
        ranked = chunks  # whether the documents speak to the question's words is read before a named source goes first
        chunks = prefer_named(split_topic(standalone)[0], chunks) if self.options.named_source else chunks
        conversation = FollowUp()  # a follow-up often asks for what stands next to what the last answer quoted
        if standalone != question and self.options.previous_passages:
            keep, same = self.options.answer_passages, self.options.same_document
            chunks, conversation = follow_up(chunks, history, standalone, keep, same)
        passages = finish(snapshot, chunks, replace(search, top_k=CONTEXTS_RETURNED))
        contexts = [context_out(i, p) for i, p in enumerate(passages, start=1)]
        result = AnswerResult(
            question=question,
            standalone_question=standalone,
            answer="",
            abstained=True,
            language=language,
            contexts=contexts,
        )
        top = chunks[: self.options.answer_passages]  # answers quote from single chunks, best first
        similarities = snapshot.dense_similarities(standalone, self._positions(snapshot, top)) if top else []
        similarity = float(np.nanmax(similarities)) if np.any(~np.isnan(similarities)) else 0.0
        evidence = gather_evidence(
            standalone,
            [p.text for p in ranked[:3]],
            snapshot.idf,
            snapshot.vocabulary,
            similarity,
            snapshot.newest_year,
            language,
        )
        if self.options.reception_check:
            reception = unanswered_reception(standalone, snapshot.documents(), [(p.document, p.text) for p in top])
            evidence = replace(evidence, unknown=evidence.unknown + reception)
        if not top or should_abstain(evidence, language, self.options.abstain_coverage):
            result = self._abstain(snapshot, result, top, language)
            # what the documents cannot speak to: the unknown names and years, else the whole question
            result = result.model_copy(update={"unanswered_parts": list(evidence.unknown) or [standalone]})
        else:
            asked = with_terms(standalone) if terms else standalone  # read in the documents' words
            composition = self._composition(snapshot, asked, top, language, conversation)
            refusal = self._refusal(snapshot, standalone, composition, top, language)
            judge = self.judge if self.options.answerability_check else None
            judged = judge_answer(judge, snapshot, standalone, top, composition, evidence, refusal.plans, language)
            result = result.model_copy(update={"answerability": judged})
            if refusal or judged.get("declined"):
                nearby = nearby_sentence(standalone, composition, snapshot.idf, language)
                # a topic the documents never name: no sentence is near it, the closest topics are
                shown = None if refusal.topic else composition
                result = self._abstain(
                    snapshot, result, top, language, shown, nearby, tuple(refusal.notices(language)[:1])
                )
                texts = [f"{p.title} {p.short_title} {p.text}" for p in top]
                missing = unanswered_aspects(standalone, composition.aspects, texts, snapshot.idf, language)
                notices = refusal.notices(language, bool(judged["signals"]["plan_lead"]))
                result = result.model_copy(update={"unanswered_parts": missing, "notices": notices})
            elif self.model is not None:
                result = self._generate(snapshot, result, standalone, top, language, composition)
            else:
                result = self._compose(snapshot, result, top, language, composition, asked)
        if not snapshot.dense_complete:
            status = snapshot.dense_status()
            result = result.model_copy(
                update={
                    "index_complete": False,
                    "notices": [
                        *result.notices,
                        PARTIAL_INDEX[language].format(done=status.chunks_embedded, total=status.chunks),
                    ],
                }
            )
        result.latency_ms = (time.perf_counter() - started) * 1000
        return result

    def _condense(self, snapshot: IndexSnapshot, question: str, history: list[dict] | None) -> str:
        earlier = [str(t.get("content")) for t in history or [] if isinstance(t, dict) and t.get("role") == "user"]
        if self.model is not None and history and is_follow_up(question, snapshot.specificity, earlier):
            try:
                return condense_with_model(self.model, question, history)
            except Exception:  # an unreachable model must not stop the answer; the rules still work
                pass
        return condense_question(question, history, snapshot.subject_specificity, snapshot.specificity)

    def _generate(
        self,
        snapshot: IndexSnapshot,
        result: AnswerResult,
        question: str,
        passages: list[Passage],
        language: str,
        composition: Composition,
    ) -> AnswerResult:
        try:
            generated = generate_answer(self.model, question, passages, language)
        except Exception:  # network, timeout, server error: fall back to quoting the sources
            fallback = self._compose(snapshot, result, passages, language, composition)
            return fallback.model_copy(update={"notices": [*fallback.notices, MODEL_FAILED[language]]})
        if generated.startswith(NOT_FOUND[language].rstrip(".")):
            return self._abstain(snapshot, result, passages, language)
        checked = check_answer(generated, [p.text for p in passages], partial(self.similarity, snapshot))
        kept = [c for c in checked if c.supported]
        removed = len(checked) - len(kept)
        if not kept:
            abstained = self._abstain(snapshot, result, passages, language)
            return abstained.model_copy(update={"notices": [UNSUPPORTED[language].format(n=removed)]})
        citations, lines = [], []
        for claim in kept:
            markers = []
            for source in claim.markers:
                passage = passages[source - 1]
                sentence = best_sentence(claim.text, passage.text)
                if sentence is None:
                    continue
                offsets = snapshot.document_text(passage.document).offsets
                citations.append(citation_for(len(citations) + 1, passage, sentence, offsets, section_label(passage)))
                markers.append(f"[{len(citations)}]")
            lines.append(f"{escape_markers(claim.text.rstrip())} {''.join(markers)}")
        notices = [UNSUPPORTED[language].format(n=removed)] if removed else []
        return result.model_copy(
            update={
                "answer": " ".join(lines),
                "abstained": False,
                "citations": citations,
                "mode": "llm",
                "notices": notices,
            }
        )

    def similarity(self, snapshot: IndexSnapshot, sentence: str, passage: str) -> float:
        """e5 similarity of a claim to a passage: the verifier's paraphrase check."""
        a = snapshot.query_vector(sentence)
        b = snapshot.passage_vectors([passage])[0]
        return float(a @ b)

    def _refusal(
        self, snapshot: IndexSnapshot, question: str, composition: Composition, passages: list[Passage], language: str
    ) -> Refusal:
        """The fixed rules (assistant.refusal), each switched by its option."""
        options, lead = self.options, composition.blocks[0].passage if composition.blocks else None
        best = [item.candidate.text for item in composition.scored[: options.plan_sentences]]
        year = document_year(snapshot, passages[lead].document) if lead is not None else None
        entry = snapshot.catalog.get(passages[lead].document) if lead is not None else None
        date = entry.date if entry is not None else ""
        named = focus_sentences(question, snapshot.idf, [p.text for p in passages]) if options.year_check else []
        months = later_months(question, date, named) if options.year_check else []
        sentences = [c.text for k in sorted(composition.candidates) for c in composition.candidates[k]]
        kinds = [a.kind for a in composition.aspects]
        abroad = abroad_unnamed(question, composition.texts(1)) or abroad_undetailed(question, kinds, sentences)
        return Refusal(
            plans=options.plan_check and asks_for_outcome(question) and only_plans(best),
            abroad=tuple(abroad) if options.place_check else (),
            passing=options.passing_check and undescribed(composition),
            later=tuple(later_years(question, year, named) + months) if options.year_check else (),
            document_year=year,
            document_month=document_month(date) if months else "",
            laws=tuple(uncited_laws(question, sentences)) if options.section_check else (),
            amount=options.amount_check and amount_unattached(question, kinds, sentences, snapshot.idf, language),
            topic=tuple(unknown_topic(question, snapshot.vocabulary, snapshot.vocabulary_choices))
            if options.topic_check and language == "nb"
            else (),
        )

    def _composition(
        self,
        snapshot: IndexSnapshot,
        question: str,
        passages: list[Passage],
        language: str,
        conversation: FollowUp = FollowUp(),
    ) -> Composition:
        def contiguous(index: int, sentence) -> bool:
            passage = passages[index]
            offsets = snapshot.document_text(passage.document).offsets
            start, end = (
                passage.clean_start + sentence.start,
                passage.clean_start + max(sentence.end - 1, sentence.start),
            )
            return int(offsets[end]) - int(offsets[start]) <= 1.25 * (sentence.end - sentence.start) + 30

        scored, candidates = score_candidates(question, passages, snapshot.idf, question_type(question), contiguous)
        scored = conversation.rescored(scored, passages, question, snapshot.idf, self.options.topic_focus)
        options = self.options
        return choose(
            question,
            scored,
            candidates,
            options.max_blocks,
            max_chars=options.max_chars,
            context=options.quote_context,
            continuation=options.continuation,
            answer_first=options.answer_first,
            sources=[p.short_title for p in passages],
            named=frozenset(named_sources(question, passages)) if options.named_source else frozenset(),
        )

    def _positions(self, snapshot: IndexSnapshot, passages: list[Passage]) -> list[int]:
        return [snapshot.position[p.chunk_ids[0]] for p in passages]

    def _cite(
        self, snapshot: IndexSnapshot, passages: list[Passage], composition: Composition, blocks: list
    ) -> tuple[list[int], list[Citation]]:
        """One citation per quote, its raw span exactly the quoted sentences."""
        markers = markers_for(blocks)
        citations: dict[int, Citation] = {}
        for block, marker in zip(blocks, markers):
            passage = passages[block.passage]
            offsets = snapshot.document_text(passage.document).offsets
            sentences = composition.candidates[block.passage]
            sentence, parts = block_sentence(block, sentences), block_parts(block, sentences)
            citation = citation_for(marker, passage, sentence, offsets, section_label(passage), parts)
            page = snapshot.page_at(passage.document, citation.start_char)
            citations[marker] = citation.model_copy(update={"page": page}) if page is not None else citation
        return markers, [citations[m] for m in sorted(citations)]

    def _compose(
        self,
        snapshot: IndexSnapshot,
        result: AnswerResult,
        passages: list[Passage],
        language: str,
        composition: Composition,
        asked: str | None = None,  # the question as the composer read it (an English one in Norwegian terms)
    ) -> AnswerResult:
        asked = asked or result.standalone_question
        if not composition.blocks:
            return self._abstain(snapshot, result, passages, language)
        markers, citations = self._cite(snapshot, passages, composition, composition.blocks)
        sources = [passages[b.passage].short_title or passages[b.passage].title for b in composition.blocks]
        headings = [f"{p.title} {p.section or ''}" for p in passages]
        missing = missing_parts(asked, composition, snapshot.idf, language, headings)
        if asked != result.standalone_question:  # a part not found is named in the user's own words
            missing = [english_part(part, result.standalone_question) for part in missing]
        answer = render_blocks(composition.blocks, composition.candidates, markers, sources, language, missing)
        return result.model_copy(
            update={
                "answer": answer,
                "abstained": False,
                "citations": citations,
                "unanswered_parts": missing,
            }
        )

    def _abstain(
        self,
        snapshot: IndexSnapshot,
        result: AnswerResult,
        passages: list[Passage],
        language: str,
        composition: Composition | None = None,
        nearby: tuple[int, int] | None = None,
        reasons: tuple[str, ...] = (),
    ) -> AnswerResult:
        """«Dette finner jeg ikke i dokumentene», and what they do say nearby: the sentence naming what was asked
        about (``nearby``: passage and position), else the lead quote; and the closest topics."""
        topics = []
        for p in passages[:3]:
            topic = f"{p.section or p.title} ({p.short_title})"
            if topic not in topics:
                topics.append(topic)
        text = " ".join([NOT_FOUND[language], *reasons[:1]]) if composition is None else NOT_FOUND[language]
        citations: list[Citation] = []
        if composition is not None and composition.blocks:
            lead = [Block(nearby[0], [nearby[1]], 0.0)] if nearby else composition.blocks[:1]
            _, citations = self._cite(snapshot, passages, composition, lead)
            source = passages[lead[0].passage].short_title or passages[lead[0].passage].title
            text += " " + NEARBY[language].format(source=source, quote=citations[0].quote)
        elif topics:
            text += " " + CLOSEST[language] + " " + "; ".join(topics) + "."
        return result.model_copy(
            update={"answer": text, "abstained": True, "citations": citations, "suggestions": topics}
        )
