"""Dependencies, as `Annotated` types the routes declare: the app state, settings, store, catalog,
and the path parameters every route checks the same way."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from backcoach.catalog import Catalog
from backcoach.settings import Settings
from backcoach.storage import Store
from backcoach.web._schemas import MAX_ID
from backcoach.web._state import WebState


def get_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


StateDep = Annotated[WebState, Depends(get_state)]


def get_settings(state: StateDep) -> Settings:
    return state.settings


def get_store(state: StateDep) -> Store:
    return state.store


def get_catalog(state: StateDep) -> Catalog:
    return state.catalog


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]

SessionId = Annotated[int, Path(ge=1, le=MAX_ID, description="a session's id")]
