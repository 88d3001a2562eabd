"""One limit on request bodies for every upload: a 413 with one sentence, at once when the
Content-Length says so, or as soon as the bytes received pass the limit (a body sent in chunks)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backcoach.web._schemas import ErrorPublic


@dataclass(frozen=True, slots=True)
class BodyLimit:
    """The most a POST to one path may carry, and the sentence that says so."""

    max_bytes: int
    message: Callable[[], str]


class UploadLimit:
    """ASGI middleware applying a `BodyLimit` to each listed path (POST only)."""

    def __init__(self, app: ASGIApp, limits: Mapping[str, BodyLimit]) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.limits.get(scope.get("path", "")) if scope["type"] == "http" else None
        if limit is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > limit.max_bytes:
            body = json.dumps(ErrorPublic(detail=limit.message()).model_dump()).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 413,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit.max_bytes:
                    # FastAPI passes an HTTPException raised while reading the form through.
                    raise StarletteHTTPException(413, limit.message())
            return message

        await self.app(scope, counted, send)
