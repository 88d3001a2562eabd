"""The web app: guided sessions, history and progress in the browser, on the CLI's database.

`create_app(settings)` builds the FastAPI application (pages, JSON API with OpenAPI docs at
`/docs`, static files); `backcoach serve` runs it with uvicorn. FastAPI is imported only here,
so the CLI's other commands start without it.
"""

from backcoach.web._app import create_app
from backcoach.web._state import HEARTBEAT_EVERY_S, STALE_AFTER_S

__all__ = ["HEARTBEAT_EVERY_S", "STALE_AFTER_S", "create_app"]
