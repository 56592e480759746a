"""Pages speak in words: profile choices, exercise tags and conditions by name, the Learn page's sources
by title, and no mention of 'seeds'."""

from __future__ import annotations

import html
from collections.abc import Iterator

import httpx
import pytest

from psoas.catalog import default_catalog
from psoas.catalog.text import option_text
from psoas.store import Store
from psoas.web import WebConfig, create_app
from web_support import app_server


@pytest.fixture
def client(store: Store) -> Iterator[httpx.Client]:
    app = create_app(WebConfig(), store=store)
    with app_server(app) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def test_option_text() -> None:
    assert option_text("pain-relief") == "Pain relief"
    assert option_text("cancer-history") == "A history of cancer"
    assert option_text("hip-replacement", {"hip-replacement": "a hip replacement"}) == "A hip replacement"


def test_settings_show_choices_in_words(client: httpx.Client) -> None:
    page = html.unescape(client.get("/settings").text)
    assert 'value="pain-relief"> Pain relief</label>' in page
    assert 'value="knee-pain"> Knee pain</label>' in page
    assert 'value="steroids-or-low-immunity"> Long-term steroids, or a weakened immune system</label>' in page
    assert '<option value="beginner">Beginner</option>' in page


def test_exercise_page_names_conditions_and_sources(client: httpx.Client) -> None:
    page = html.unescape(client.get("/exercises/glute-bridge").text)
    assert "With spinal stenosis: " in page and "With spinal-stenosis" not in page
    assert '<span class="tag">Lying on back</span>' in page
    seeds = {s.id: s.title for s in default_catalog().seeds}
    assert f'<a href="/learn#source-004_3300b23856dd6860">{seeds["004_3300b23856dd6860"]}</a>' in page


def test_learn_page_names_every_source_by_title_and_marks_opinions(client: httpx.Client) -> None:
    catalog = default_catalog()
    page = html.unescape(client.get("/learn").text)
    for topic in catalog.topics:
        assert f'<section class="card topic" id="{topic.id}">' in page
    assert page.count('<span class="tag opinion">Opinion: ') == sum(
        f.kind == "opinion" for t in catalog.topics for f in t.facts
    )
    for seed in catalog.seeds:
        assert f'<li id="source-{seed.id}"><strong>{seed.title}</strong>' in page
    text = page.split("<main>")[1].split("</main>")[0]
    assert ">004_" not in text and "seed" not in text.replace("source-", "").lower()
