"""Norwegian error bodies: validation errors field by field (never echoing the input), HTTP errors, and a
last-resort handler, all through :class:`SafeJSONResponse`."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.api.safe_json import SafeJSONResponse, clean

log = logging.getLogger("assistant.api")

# Starlette's own English messages, in the language of the service
HTTP_MESSAGES = {
    "Not Found": "Ukjent adresse: her finnes ingenting.",
    "Method Not Allowed": "Metoden er ikke tillatt her.",
    "There was an error parsing the body": "Kunne ikke lese forespørselen: den må være gyldig JSON i UTF-8.",
    "Unsupported Media Type": "Ukjent innholdstype.",
}

_MESSAGES = {
    "missing": "mangler",
    "string_type": "må være tekst",
    "int_type": "må være et heltall",
    "int_parsing": "må være et heltall",
    "int_from_float": "må være et heltall",
    "float_type": "må være et tall",
    "float_parsing": "må være et tall",
    "finite_number": "må være et endelig tall",
    "bool_type": "må være true eller false",
    "bool_parsing": "må være true eller false",
    "list_type": "må være en liste",
    "dict_type": "må være et objekt",
    "model_type": "må være et objekt",
    "model_attributes_type": "må være et objekt",
    "too_long": "har for mange elementer",
    "too_short": "har for få elementer",
    "string_too_long": "er for lang",
    "string_too_short": "er for kort",
    "string_pattern_mismatch": "har ugyldig form",
    "less_than_equal": "er for stor",
    "less_than": "er for stor",
    "greater_than_equal": "er for liten",
    "greater_than": "er for liten",
    "literal_error": "har en ukjent verdi",
    "enum": "har en ukjent verdi",
    "json_invalid": "er ikke gyldig JSON",
    "json_type": "er ikke gyldig JSON",
    "extra_forbidden": "er ikke et kjent felt",
    "union_tag_invalid": "har en ukjent type",
}


_TYPE_NAMES = frozenset({"str", "int", "float", "bool", "none", "dict", "list"})


def field_name(loc: tuple | list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    name = ""
    for part in parts:
        if part.isdigit():
            name += f"[{part}]"
        elif part in _TYPE_NAMES or any(ch in part for ch in "[(,"):
            continue  # pydantic's name for a member of a union («str», «list[ContentPart]»), not a field
        else:
            name += f".{part}" if name else part
    return name or "forespørselen"


def validation_detail(errors: list[dict]) -> tuple[str, list[dict]]:
    """One Norwegian line for the 422 body, and the field-by-field list (location, message, type only)."""
    seen: dict[str, str] = {}
    listed: list[dict] = []
    for error in errors[:20]:
        kind = str(error.get("type", ""))
        name = field_name(error.get("loc", ()))
        if kind == "value_error":  # our own validators raise ValueError with a Norwegian message
            message = str(error.get("msg", "")).removeprefix("Value error, ")
        else:
            message = f"{name} {_MESSAGES.get(kind, 'har ugyldig verdi')}"
        if message not in seen.values():
            seen[name + kind] = message
        listed.append({"loc": [str(p) for p in error.get("loc", ())][:10], "msg": message, "type": kind})
    return "Ugyldig forespørsel: " + "; ".join(seen.values()), clean(listed)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return SafeJSONResponse(
            {"detail": HTTP_MESSAGES.get(detail, detail)},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        detail, listed = validation_detail(list(exc.errors()))
        return SafeJSONResponse({"detail": detail, "errors": listed}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):  # the last resort: a Norwegian body, logged
        log.exception("Uventet feil i %s %s", request.method, request.url.path)
        return SafeJSONResponse(
            {"detail": "Intern feil i tjenesten. Prøv igjen; vedvarer feilen, se loggen."}, status_code=500
        )
