"""The corpus' metadata file (sources.yaml), read safely: bounded size, no aliases, no tags, typed entries.

A damaged file stops the ingest with one Norwegian line (the previous index stays as it was); an entry of
the wrong type is left out with a warning, so its document is still read in with inferred metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ingest.safe_files import LoadError, read_checked

MAX_SOURCES_BYTES = 2_000_000
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class SourcesError(ValueError):
    """sources.yaml cannot be used; the message is one Norwegian line saying what to do."""


class SourceEntry(BaseModel):
    """One document's metadata; unknown keys are ignored, text fields accept numbers («date: 2021»)."""

    model_config = ConfigDict(extra="ignore")

    title: str | None = None
    short_title: str | None = None
    kind: str | None = None
    publisher: str | None = None
    date: str | None = None
    language: str | None = None
    ocr: bool | None = None
    lexicon: bool | None = None  # false for library uploads: their words do not feed OCR repair

    @field_validator("title", "short_title", "kind", "publisher", "date", "language", mode="before")
    @classmethod
    def _scalar_text(cls, value: object) -> object:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        return value


@dataclass
class Sources:
    entries: dict[str, dict] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (document, Norwegian warning)


class _Loader(yaml.SafeLoader):
    """SafeLoader without aliases (an alias bomb is a few hundred bytes) and with dates kept as text."""

    def compose_node(self, parent, index):  # noqa: ANN001 (PyYAML's signature)
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasFound(event.start_mark)
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _AliasFound(Exception):
    def __init__(self, mark) -> None:  # noqa: ANN001
        self.mark = mark


def load_sources(path: Path) -> Sources:
    """The entries of sources.yaml (empty when there is none); :class:`SourcesError` when it is unusable."""
    name = path.name
    fix = f"rett {name} og kjør «assistant ingest» på nytt (den forrige indeksen er uendret)"
    if not path.exists() and not path.is_symlink():
        return Sources()
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise SourcesError(f"{name} er en lenke som ikke peker på noen fil – {fix}") from None
    if resolved.parent != path.parent.resolve():
        raise SourcesError(f"{name} er en lenke ut av korpusmappen og leses ikke – {fix}")
    try:
        data = read_checked(resolved, MAX_SOURCES_BYTES)
        text = data.decode("utf-8-sig")
    except LoadError as exc:
        raise SourcesError(f"{name}: {exc} – {fix}") from None
    except UnicodeDecodeError as exc:
        raise SourcesError(
            f"{name} er ikke gyldig UTF-8 (byte {exc.start}) – lagre filen som UTF-8 og kjør «assistant ingest» på nytt"
        ) from None
    try:
        document = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except _AliasFound as exc:
        raise SourcesError(
            f"{name}: YAML-alias (*navn) på linje {exc.mark.line + 1} er ikke tillatt – skriv verdiene ut, og {fix}"
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" på linje {mark.line + 1}, kolonne {mark.column + 1}" if mark else ""
        tagged = isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(exc.problem)
        kind = (
            "ukjent eller utrygg YAML-tagg"
            if tagged
            else ("ugyldig struktur" if isinstance(exc, yaml.constructor.ConstructorError) else "syntaksfeil")
        )
        raise SourcesError(f"{name}: {kind}{where} – {fix}") from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        raise SourcesError(f"{name} kan ikke leses som YAML – {fix}") from None
    return validate_sources(document, name)


def validate_sources(document: object, name: str = "sources.yaml") -> Sources:
    """Typed entries from the parsed document; entries of the wrong type become warnings."""
    if document is None:
        return Sources()
    if not isinstance(document, dict):
        raise SourcesError(
            f"{name}: forventet en tabell med filnavn som nøkler, fant {_type_name(document)} – "
            f"rett {name} og kjør «assistant ingest» på nytt (den forrige indeksen er uendret)"
        )
    sources = Sources()
    for key, entry in document.items():
        document_name = str(key)
        if entry is None:
            sources.entries[document_name] = {}
            continue
        if not isinstance(entry, dict):
            sources.warnings.append(
                (document_name, f"oppføringen i {name} er {_type_name(entry)}, ikke en tabell – ignorert")
            )
            continue
        try:
            parsed = SourceEntry.model_validate({str(k): v for k, v in entry.items()})
        except ValidationError as exc:
            fields = ", ".join(sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]}))
            sources.warnings.append((document_name, f"feil type for {fields} i {name} – oppføringen er ignorert"))
            continue
        sources.entries[document_name] = parsed.model_dump(exclude_none=True)
    return sources


def _type_name(value: object) -> str:
    match value:
        case list():
            return "en liste"
        case str():
            return "en tekst"
        case bool():
            return "en sannhetsverdi"
        case int() | float():
            return "et tall"
    return "en verdi av feil type"
