"""The one settings object of the faces: ingestion settings plus the service's (LLM, API, sessions).

Every knob has an offline default and an ``ASSISTANT_…`` variable, as in :class:`ingest.settings.IngestSettings`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ingest.settings import PROJECT_ROOT, IngestSettings

__all__ = ["PROJECT_ROOT", "Settings"]


class Settings(IngestSettings):
    llm_provider: Literal["none", "openai", "ollama"] = Field(
        "none", description="none: extractive answers (default); openai: any OpenAI-compatible server; ollama."
    )
    llm_base_url: str = Field("", description="Server URL, e.g. http://127.0.0.1:8080/v1 (vLLM, llama.cpp).")
    llm_model: str = Field("", description="Model name on that server.")
    llm_api_key: str = Field("", description="API key for the LLM server, if it needs one.")
    llm_timeout: float = Field(60.0, description="Seconds to wait for the LLM.")
    llm_temperature: float = Field(0.0, description="Sampling temperature for the LLM.")

    api_key: str = Field("", description="Required from clients when set; serve refuses non-local binding without it.")
    cors_origins: str = Field("", description="Comma-separated origins allowed by CORS (closed when empty).")
    public_url: str = Field(
        "", description="Base URL of the service as clients reach it, for source links (default: the request's)."
    )
    rate_limit_per_minute: int = Field(120, description="Requests per client and minute to the API (0 = off).")
    allowed_hosts: str = Field(
        "", description="Comma-separated host names a key-less service also answers (besides localhost; DNS rebinding)."
    )
    proxy_headers: bool = Field(
        False, description="Trust X-Forwarded-For/-Proto (only behind a reverse proxy; see forwarded_allow_ips)."
    )
    forwarded_allow_ips: str = Field("127.0.0.1", description="Proxies whose forwarded headers are trusted.")
    sessions_db: str = Field("", description="SQLite file for chat sessions (default: <data_dir>/sessions.sqlite).")
    sessions_url: str = Field(
        "",
        description="SQLAlchemy database URL for chat sessions, shared by several API workers (overrides sessions_db).",
    )
