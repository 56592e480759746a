"""Schemathesis generates requests from the OpenAPI schema against the real server: none may get a 5xx."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from psoas import __version__
from psoas.store import open_store
from psoas.web import (
    WebConfig,
    api,
    api_media,
    api_sessions,
    breaks_api,
    clearance,
    create_app,
    edits,
    presence_api,
    recognition,
    yourdata,
)
from psoas.web.app import DESCRIPTION, openapi_for
from psoas.web.uploads import Limits
from web_support import app_server


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'psoas.db'}")
    with app_server(create_app(WebConfig(limits=Limits(video_mb=1, image_mb=1)), store=store)) as url:
        yield url
    store.dispose()


def _api_only() -> FastAPI:
    # The API's schema without opening a database at import time; the test below checks that the real
    # server serves exactly this schema.
    app = FastAPI(title="psoas", version=__version__, description=DESCRIPTION)
    app.include_router(api.router)
    app.include_router(api_sessions.router)
    app.include_router(api_media.router)
    app.include_router(recognition.router)
    app.include_router(clearance.router)
    app.include_router(yourdata.router)
    app.include_router(edits.router)
    app.include_router(breaks_api.router)
    app.include_router(presence_api.router)
    app.openapi = openapi_for(app)  # type: ignore[method-assign]
    return app


SCHEMA = _api_only().openapi()
schema = schemathesis.openapi.from_dict(SCHEMA)


def test_the_fuzzed_schema_is_the_one_the_server_serves(base_url: str) -> None:
    assert httpx.get(f"{base_url}/openapi.json").json() == SCHEMA


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("PSOAS_FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_the_schema_allows_makes_the_server_fail(case: Any, base_url: str) -> None:
    case.call_and_validate(base_url=base_url, checks=[not_a_server_error])
