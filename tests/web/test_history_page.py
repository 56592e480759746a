"""The history page under concurrent clients: its charts are drawn once per change in the data, and a
write shows on the next request (issue 16, item 14)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import httpx

from psoas.report.history import History
from psoas.store import Store
from psoas.store import records as rec
from psoas.web import WebConfig, create_app
from psoas.web.views import ChartCache
from web_support import app_server

EMPTY = History(pain=(), sessions_per_week=(), breaks_per_day=(), adherence=(), red_flags=())
ONE_DAY = History(((date(2026, 3, 2), 4),), (), (), (), ())


def _charts(html: str) -> list[str]:
    return re.findall(r'<img alt="[^"]*" src="data:image/png;base64,[^"]+">', html)


def test_the_same_history_is_drawn_once_and_an_equal_value_finds_it() -> None:
    cache = ChartCache()
    first = cache.figures(EMPTY)
    again = cache.figures(History((), (), (), (), ()))
    assert again is first
    assert len(first) == 4  # pain, sessions, breaks, adherence; no Thomas test stored


def test_a_changed_history_is_drawn_anew() -> None:
    cache = ChartCache()
    empty = cache.figures(EMPTY)
    one = cache.figures(ONE_DAY)
    assert one[0] != empty[0]  # the pain chart now has a point
    assert one[1:] == empty[1:]  # the other charts show the same empty series


def test_the_cache_keeps_only_the_newest_histories() -> None:
    cache = ChartCache(size=1)
    empty = cache.figures(EMPTY)
    cache.figures(ONE_DAY)
    assert cache.figures(EMPTY) is not empty  # evicted, so drawn again (same pixels)
    assert cache.figures(EMPTY) == empty


def test_twenty_clients_get_the_same_page_and_a_write_shows_next(store: Store) -> None:
    app = create_app(WebConfig(), store=store)
    with app_server(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        with ThreadPoolExecutor(20) as pool:
            replies = list(pool.map(lambda _: client.get("/history"), range(20)))
        assert {r.status_code for r in replies} == {200}
        before = {tuple(_charts(r.text)) for r in replies}
        assert len(before) == 1
        rec.add_checkin(store, rec.CheckInRecord(datetime.now(UTC), 7, 0, 0, 0, 0.0, (), (), ""))
        after = _charts(client.get("/history").text)
    (charts,) = before
    assert len(after) == len(charts) == 4
    assert after[0] != charts[0]  # the pain chart shows the new check-in
    assert after[1:] == list(charts[1:])
