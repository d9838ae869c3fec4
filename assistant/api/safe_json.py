"""The one JSON path of the service: every response body (answers, errors, events) is made serialisable.

Request data reaches responses in many ways (a 422 echoes what was wrong, a session id comes back, an
answer repeats the question), and Python's JSON encoder refuses two things JSON requests can smuggle in:
non-finite numbers (``1e999``, ``NaN``, ``-Infinity`` are accepted by the decoder) and lone surrogates
(``"\\ud800"``), which cannot be encoded as UTF-8. :func:`clean` turns the first into ``null`` and the second
into «\\ufffd», so no response can fail to serialise; :func:`scrub_input` does the same to request bodies
before validation, so a lone surrogate never reaches SQL or an event stream.
"""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi.responses import JSONResponse

REPLACEMENT = "\ufffd"


def _replace_surrogates(text: str) -> str:
    return "".join(REPLACEMENT if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def clean(value: Any, depth: int = 0) -> Any:
    """JSON-ready data: non-finite floats → None, lone surrogates → «\\ufffd», unknown objects → text."""
    if depth > 64:
        return None
    if isinstance(value, str):
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            return _replace_surrogates(value)
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {
            clean(str(k) if not isinstance(k, str) else k, depth + 1): clean(v, depth + 1) for k, v in value.items()
        }
    if isinstance(value, (list, tuple, set, frozenset)):
        return [clean(v, depth + 1) for v in value]
    return clean(str(value), depth + 1)


def dumps(value: Any) -> str:
    """Compact JSON that always succeeds (see :func:`clean`)."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (ValueError, TypeError):
        return json.dumps(clean(value), ensure_ascii=False, allow_nan=False, separators=(",", ":"))


class SafeJSONResponse(JSONResponse):
    """FastAPI's JSON response, but rendering can never fail (and so never turns into a 500)."""

    def render(self, content: Any) -> bytes:
        text = dumps(content)
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            return dumps(clean(content)).encode("utf-8")


class NonFiniteNumber(ValueError):
    """A number in the request that is not finite (1e999, NaN, Infinity)."""


def scrub_input(value: Any, depth: int = 0) -> Any:
    """Request data as validation should see it: lone surrogates replaced; non-finite numbers refused."""
    if depth > 64:
        raise ValueError("for dypt nøstet")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            return _replace_surrogates(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise NonFiniteNumber("tall må være endelige (ikke NaN, Infinity eller 1e999)")
    if isinstance(value, dict):
        return {scrub_input(k, depth + 1): scrub_input(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_input(v, depth + 1) for v in value]
    return value
