"""Errors the web app raises, and how every error becomes a 4xx/5xx answer with one clear sentence:
JSON (`ErrorPublic`) under `/api`, an HTML page elsewhere."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from backcoach.catalog import UnknownExerciseError
from backcoach.errors import BackcoachError
from backcoach.routine import DosageError
from backcoach.safety import PainScoreError, ScreeningError
from backcoach.settings import SettingsError
from backcoach.storage import StorageError
from backcoach.web._schemas import ErrorPublic, FieldErrorPublic

if TYPE_CHECKING:
    from fastapi.templating import Jinja2Templates

log = logging.getLogger("backcoach.web")


class WebError(BackcoachError):
    """A request the app refuses; `status_code` says why."""

    status_code = 400


class NotFoundError(WebError):
    status_code = 404


class ForbiddenError(WebError):
    """Refused for the user's safety (the red-flag screen)."""

    status_code = 403


class ConflictError(WebError):
    """Not possible in the current state (a session that has ended, a screen not taken...)."""

    status_code = 409


class InvalidError(WebError):
    status_code = 422


_STATUS_OF: tuple[tuple[type[BaseException], int], ...] = (
    (WebError, 0),
    (UnknownExerciseError, 404),
    (PainScoreError, 422),
    (ScreeningError, 422),
    (DosageError, 422),
    (SettingsError, 422),
    (StorageError, 503),
    (BackcoachError, 400),
)

ERROR_DESCRIPTIONS = {
    400: "The request cannot be carried out",
    403: "Refused for safety: the red-flag screen advises against exercising",
    404: "No such session, exercise or page",
    409: "Not possible in the current state (e.g. the session has ended)",
    422: "The request is malformed or a value is out of range",
    503: "The database cannot be used right now (locked, full, unreadable)",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these error codes, all with the `ErrorPublic` body."""
    return {code: {"model": ErrorPublic, "description": ERROR_DESCRIPTIONS[code]} for code in codes}


def status_of(exc: BackcoachError) -> int:
    for kind, code in _STATUS_OF:
        if isinstance(exc, kind):
            return code or getattr(exc, "status_code", 400)
    return 400


def _loc_text(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    # Tagged unions add the tag to the location: drop it, it is the event's own `type`.
    return ".".join(p for p in parts if p not in _EVENT_TAGS) or (
        "body" if list(loc) == ["body"] else "request"
    )


_EVENT_TAGS = {"heartbeat", "rep_done", "exercise_skipped", "hurts"}
_UNPARSABLE = "There was an error parsing the body"


def _message(error: dict[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    if error.get("type") == "value_error" and "error" in ctx:
        return str(ctx["error"])
    message = str(error.get("msg", "invalid value"))
    if error.get("type") == "missing":
        return "is required"
    if error.get("type") == "extra_forbidden":
        return "is not a known field"
    if error.get("type") == "union_tag_invalid":
        expected = ctx.get("expected_tags", "")
        return f"unknown event type {ctx.get('tag')!r} (known: {expected})"
    if error.get("type") in ("model_attributes_type", "dict_type", "model_type") and list(
        error.get("loc", ())
    ) == ["body"]:
        return "must be a JSON object, sent with Content-Type: application/json"
    if error.get("type") == "json_invalid":
        return f"is not valid JSON ({ctx.get('error', message)})"
    return message[:1].lower() + message[1:]


def validation_error(exc: RequestValidationError) -> ErrorPublic:
    """One sentence naming the first problem, and every problem field by field."""
    items = [
        FieldErrorPublic(
            loc=[p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
            message=_message(e),
        )
        for e in exc.errors()
    ]
    first = exc.errors()[0] if exc.errors() else {}
    where = _loc_text(first.get("loc", ()))
    text = _message(first) if first else "invalid request"
    detail = text if text.startswith(("pain ", "unknown ")) else f"{where}: {text}"
    more = len(items) - 1
    if more > 0:
        detail += f" (and {more} more problem{'s' if more > 1 else ''})"
    return ErrorPublic(detail=detail, errors=items)


def install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    """JSON errors under /api, an error page for the pages."""

    def respond(request: Request, status: int, body: ErrorPublic) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse(body.model_dump(mode="json"), status_code=status)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "detail": body.detail, "page": "error"},
            status_code=status,
        )

    @app.exception_handler(BackcoachError)
    async def _backcoach(request: Request, exc: BackcoachError) -> Response:
        return respond(request, status_of(exc), ErrorPublic(detail=str(exc)))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, 422, validation_error(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail, status = str(exc.detail), exc.status_code
        if status == 404 and detail == "Not Found":
            detail = f"there is no page {request.url.path}"
        elif status == 400 and detail == _UNPARSABLE:
            # A body that cannot even be decoded is bad input like any other: 422, one sentence.
            detail, status = "body: is not valid JSON (it cannot be decoded)", 422
        response = respond(request, status, ErrorPublic(detail=detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        body = ErrorPublic(detail=f"internal error: {type(exc).__name__} (please report it)")
        if request.url.path.startswith("/api"):
            return JSONResponse(body.model_dump(mode="json"), status_code=500)
        return HTMLResponse(f"<h1>Internal error</h1><p>{body.detail}</p>", status_code=500)
