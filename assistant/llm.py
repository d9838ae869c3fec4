"""The optional LLM path: LangChain chat models, prompts from ``assistant/prompts/`` (shipped with the package).

Whatever the model writes goes through :mod:`assistant.verify` before it reaches a user.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

from assistant.retrieval import Passage, section_label
from assistant.settings import Settings

PROMPTS = Path(__file__).with_name("prompts")


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    match settings.llm_provider:
        case "none":
            return None
        case "openai":
            from langchain_openai import ChatOpenAI

            return ChatOpenAI(
                base_url=settings.llm_base_url or None,
                api_key=settings.llm_api_key or "ikke-satt",
                model=settings.llm_model,
                temperature=settings.llm_temperature,
                timeout=settings.llm_timeout,
                max_retries=1,
            )
        case "ollama":
            from langchain_ollama import ChatOllama

            return ChatOllama(
                base_url=settings.llm_base_url or None,
                model=settings.llm_model,
                temperature=settings.llm_temperature,
            )
    raise ValueError(f"ukjent LLM-leverandør {settings.llm_provider!r}")


@lru_cache(maxsize=16)
def load_prompt(name: str, language: str = "nb", folder: Path = PROMPTS) -> str:
    path = folder / f"{name}.{language}.txt"
    if not path.exists():
        path = folder / f"{name}.nb.txt"
    return path.read_text(encoding="utf-8")


def format_sources(passages: list[Passage]) -> str:
    blocks = []
    for n, p in enumerate(passages, start=1):
        where = ", ".join(x for x in (p.short_title, section_label(p), f"s. {p.page}" if p.page else "") if x)
        blocks.append(f"[{n}] ({where})\n{' '.join(p.text.split())}")
    return "\n\n".join(blocks)


def generate_answer(model: BaseChatModel, question: str, passages: list[Passage], language: str) -> str:
    prompt = load_prompt("answer", language).format(sources=format_sources(passages), question=question)
    return str(model.invoke([HumanMessage(content=prompt)]).content).strip()


def condense_with_model(model: BaseChatModel, question: str, history: list[dict]) -> str:
    turns = "\n".join(
        f"{'Bruker' if t.get('role') == 'user' else 'Assistent'}: {t.get('content', '')}" for t in history[-6:]
    )
    prompt = load_prompt("condense").format(history=turns, question=question)
    rewritten = str(model.invoke([HumanMessage(content=prompt)]).content).strip().splitlines()
    return rewritten[0].strip() if rewritten and rewritten[0].strip() else question
