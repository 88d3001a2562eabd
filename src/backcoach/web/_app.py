"""The application factory: settings checked and the store opened before the first request."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from importlib import resources

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.middleware.trustedhost import TrustedHostMiddleware

import backcoach
from backcoach.catalog import load_catalog
from backcoach.services import open_store
from backcoach.services import routine as user_routine
from backcoach.settings import Settings, SettingsError, load_settings
from backcoach.web import (
    _api_coach,
    _api_coach_frames,
    _api_library,
    _api_program,
    _api_records,
    _api_sessions,
    _format,
    _pages,
    _pages_coach,
    _pages_program,
    _service,
)
from backcoach.web._api_analyses import install as install_analyses
from backcoach.web._errors import install_error_handlers
from backcoach.web._limits import UploadLimit
from backcoach.web._state import STALE_AFTER_S, WebState, utc_now

SWAGGER_UI = "/static/vendor/swagger-ui"
"""Swagger UI from npm's swagger-ui-dist, vendored (see static/VENDORED.md)."""
SPEED_MIN = 0.01
SPEED_MAX = 10000.0

DESCRIPTION = """\
The guided back-care routine in the browser, and everything it records.

The pages use this API. A session is created (`POST /api/sessions`), its timeline fetched
(`GET /api/sessions/{id}/timeline`: the same steps and seconds as the terminal player), its
progress posted as it happens (`POST /api/sessions/{id}/events`) and it is finished
(`POST /api/sessions/{id}/finish`). Errors answer with one sentence in `detail`.
"""


def create_app(
    settings: Settings | None = None,
    *,
    speed: float = 1.0,
    now: Callable[[], datetime] = utc_now,
    stale_after_s: float = STALE_AFTER_S,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The web app on the database the settings name (the CLI's, by default).

    Checks the settings (the user's dosage against the catalog) and opens the store, applying
    any migration, before returning: a problem raises a `BackcoachError` with one line to show.
    `speed` runs every player N times faster unless a page asks otherwise (`?speed=N`);
    `allowed_hosts` limits the Host header (the server passes its loopback names).
    """
    settings = settings or load_settings()
    if not SPEED_MIN <= speed <= SPEED_MAX:
        raise SettingsError(f"speed must be from {SPEED_MIN:g} to {SPEED_MAX:g}, got {speed:g}")
    catalog = load_catalog()
    user_routine(settings, catalog)
    store = open_store(settings)
    state = WebState(
        settings=settings,
        store=store,
        catalog=catalog,
        now=now,
        speed=speed,
        stale_after_s=stale_after_s,
    )
    _service.recover(state)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="backcoach",
        version=backcoach.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served below from the package: the docs work offline
        redoc_url=None,
        openapi_tags=[
            {"name": "sessions", "description": "Guided sessions, recorded as they go"},
            {"name": "exercises", "description": "The exercise library and today's plan"},
            {"name": "safety", "description": "The red-flag screen"},
            {"name": "progress", "description": "Adherence, pain over time, export"},
            {"name": "questionnaires", "description": "Outcome questionnaires: ODI, Roland-Morris"},
            {"name": "runs", "description": "Runs from GPX, TCX, FIT or Strava files; weekly load"},
            {"name": "report", "description": "The report for a physiotherapist, PDF or HTML"},
            {"name": "settings", "description": "Preferences and health"},
        ],
    )
    app.state.web = state
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    templates = make_templates()
    app.state.templates = templates
    install_error_handlers(app, templates)
    app.include_router(_api_sessions.router)
    app.include_router(_api_coach.router)
    app.include_router(_api_coach_frames.router)
    app.include_router(_api_library.router)
    app.include_router(_api_records.screening)
    app.include_router(_api_records.checkins)
    app.include_router(_api_records.records)
    app.include_router(_api_records.settings_router)
    app.include_router(_api_program.questionnaires)
    app.include_router(_api_program.runs_router)
    app.include_router(_api_program.report_router)
    app.add_middleware(UploadLimit, limits=_api_program.LIMITS)
    app.include_router(_pages.router)
    app.include_router(_pages_program.router)
    app.include_router(_pages_coach.router)
    install_analyses(app)
    app.mount("/static", StaticFiles(packages=[("backcoach.web", "static")]), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """The OpenAPI documentation, with Swagger UI vendored in the package (no network)."""
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="backcoach API",
            swagger_js_url=f"{SWAGGER_UI}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER_UI}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER_UI}/favicon-32x32.png",
        )

    return app


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("backcoach.web", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    _format.install(env, static_versions())
    return Jinja2Templates(env=env)


def static_versions() -> dict[str, str]:
    """A short content hash per static file, added to its URL so browsers never run stale code."""
    versions = {}
    for entry in resources.files("backcoach.web").joinpath("static").iterdir():
        if entry.is_file():
            versions[entry.name] = hashlib.sha256(entry.read_bytes()).hexdigest()[:10]
    return versions
