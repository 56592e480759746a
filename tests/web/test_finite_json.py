"""Numbers that are not finite against a real server: refused on the way in (422, never 500), written
as null on the way out, so every answer parses with a strict JSON parser; 422 answers match OpenAPI."""

from __future__ import annotations

import asyncio
import json
import math
import struct
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import cv2
import httpx
import jsonschema_rs
import numpy as np
import pytest
import websockets

from psoas._json import dumps
from psoas.report.export import csv_texts, json_text
from psoas.store import Store
from psoas.store import records as rec
from psoas.web import WebConfig, create_app
from web_support import app_server

BLANK = cv2.imencode(".jpg", np.full((480, 640, 3), 180, np.uint8))[1].tobytes()


def strict(text: str) -> Any:
    """Parse as browsers' JSON.parse does: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def url(store: Store) -> Iterator[str]:
    with app_server(create_app(WebConfig(), store=store)) as base:
        yield base


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_a_non_finite_number_in_a_body_is_a_422_with_strict_json(url: str, number: str) -> None:
    body = '{"hours_sat": ' + number + ', "no_red_flags": true}'
    reply = httpx.post(url + "/api/checkins", content=body, headers={"content-type": "application/json"})
    assert reply.status_code == 422
    answer = strict(reply.text)
    assert answer["detail"] == "hours_sat: Input should be a finite number"
    assert answer["errors"][0]["input"] is None  # the rejected value, echoed as null


def test_422_answers_match_the_openapi_schema(url: str) -> None:
    spec = httpx.get(url + "/openapi.json").json()
    declared = spec["paths"]["/api/checkins"]["post"]["responses"]["422"]["content"]["application/json"]
    validator = jsonschema_rs.validator_for({**declared["schema"], "components": spec["components"]})
    for body in ('{"hours_sat": NaN}', '{"low_back": 11, "no_red_flags": true}', "[1]", "{"):
        reply = httpx.post(url + "/api/checkins", content=body, headers={"content-type": "application/json"})
        assert reply.status_code == 422, body
        validator.validate(reply.json())
    assert not validator.is_valid({"detail": [{"loc": ["body"], "msg": "x", "type": "y"}]})  # FastAPI's own


def test_a_live_frame_stamped_infinity_is_refused(url: str) -> None:
    async def talk() -> list[str]:
        async with websockets.connect(
            url.replace("http://", "ws://") + "/ws/live?exercise=glute-bridge"
        ) as ws:
            texts = [str(await asyncio.wait_for(ws.recv(), 60))]
            for stamp in (math.inf, math.nan, 40.0):
                await ws.send(struct.pack("<d", stamp) + BLANK)
                texts.append(str(await asyncio.wait_for(ws.recv(), 60)))
            return texts

    hello, inf, nan, state = [strict(t) for t in asyncio.run(talk())]
    refused = {"type": "error", "message": "A frame's time stamp must be a finite number."}
    assert hello["type"] == "hello" and inf == nan == refused
    assert state["type"] == "state" and state["echo"] == 40.0 and state["frames"] == 1


def test_exports_write_null_for_non_finite_numbers(url: str, store: Store) -> None:
    report = {"duration_s": math.nan, "psoas": {"stretch": -math.inf}, "reps": [1.5, math.inf]}
    rec.add_analysis(
        store, rec.AnalysisRecord(datetime(2025, 1, 2, tzinfo=UTC), "glute-bridge", "a.mp4", True, report)
    )
    exported = strict(httpx.get(url + "/api/export.json").text)
    assert exported["analyses"][0]["report"] == {
        "duration_s": None,
        "psoas": {"stretch": None},
        "reps": [1.5, None],
    }
    history = httpx.get(url + "/api/history")
    assert history.status_code == 200
    strict(history.text)


def test_the_writers_never_emit_nan() -> None:
    tables = {"t": [{"a": math.nan, "b": [math.inf], "c": 1.25}]}
    assert strict(json_text(tables)) == {"t": [{"a": None, "b": [None], "c": 1.25}]}
    assert csv_texts(tables, {"t": ["a", "b", "c"]})["t"] == "a,b,c\n,[null],1.25\n"
    assert dumps({"x": (math.nan, 2.0)}) == '{"x": [null, 2.0]}'
