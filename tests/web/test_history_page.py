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

ONE_DAY = History(((date(2026, 3, 2), 4),), (), (), (), ())
WORSE = History(((date(2026, 3, 2), 7),), (), (), (), ())
WITH_BREAKS = History(((date(2026, 3, 2), 4),), (), ((date(2026, 3, 2), 3),), (), ())


def _charts(html: str) -> list[str]:
    return re.findall(r'<img alt="[^"]*" src="data:image/png;base64,[^"]+">', html)


def test_the_same_history_is_drawn_once_and_an_equal_value_finds_it() -> None:
    cache = ChartCache()
    first = cache.figures(ONE_DAY)
    again = cache.figures(History(((date(2026, 3, 2), 4),), (), (), (), ()))
    assert again is first
    assert len(first) == 1  # only the pain chart has data


def test_a_changed_history_is_drawn_anew() -> None:
    cache = ChartCache()
    one = cache.figures(ONE_DAY)
    assert cache.figures(WORSE)[0] != one[0]  # the pain chart's point moved
    both = cache.figures(WITH_BREAKS)
    assert len(both) == 2 and both[0] == one[0]  # same pain, and now a breaks chart


def test_the_cache_keeps_only_the_newest_histories() -> None:
    cache = ChartCache(size=1)
    one = cache.figures(ONE_DAY)
    cache.figures(WORSE)
    assert cache.figures(ONE_DAY) is not one  # evicted, so drawn again (same pixels)
    assert cache.figures(ONE_DAY) == one


def test_twenty_clients_get_the_same_page_and_a_write_shows_next(store: Store) -> None:
    rec.add_checkin(store, rec.CheckInRecord(datetime.now(UTC), 3, 0, 0, 0, 0.0, (), (), ""))
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
    assert len(after) == len(charts) == 1  # the pain chart; nothing else has data
    assert after[0] != charts[0]  # the day's worst pain went from 3 to 7


def test_the_lists_name_exercises_and_keep_each_day_on_one_line(store: Store) -> None:
    at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    rec.add_analysis(store, rec.AnalysisRecord(at, "glute-bridge", "a.mp4", False, {}))
    rec.add_checkin(store, rec.CheckInRecord(at, 3, 0, 0, 0, 0.0, (), (), ""))
    with app_server(create_app(WebConfig(), store=store)) as url:
        page = httpx.get(url + "/history").text
    assert "<td>Glute bridge</td>" in page and "<td>glute-bridge</td>" not in page
    local = at.astimezone()
    assert f'<td><span class="nowrap">{local:%Y-%m-%d}</span> {local:%H:%M}</td>' in page  # the check-in


def test_the_sitting_tables_of_history_and_breaks_share_their_plain_headers(store: Store) -> None:
    """One vocabulary on both pages: lower-case headers, "stretches of sitting" rather than "bouts"."""
    with app_server(create_app(WebConfig(), store=store)) as url, httpx.Client(base_url=url) as api:
        assert api.post("/api/breaks/observations", json={"signal": "active", "source": "input"}).is_success
        assert api.post("/api/breaks/taken").is_success  # one stretch of sitting today, one break taken
        pages = {path: api.get(path).text for path in ("/history", "/breaks")}
    heads = {
        path: re.findall(r"<thead><tr>(.*?)</tr></thead>", text.split(f'id="{table}"')[1])[0]
        for (path, text), table in zip(pages.items(), ("sitting", "stats"), strict=True)
    }
    expected = (
        "<th>day</th><th>stretches of sitting</th><th>over 40 min</th><th>over 60 min</th><th>longest</th>"
        "<th>breaks taken</th><th>verified</th><th>missed</th>"
    )
    assert heads == {"/history": expected, "/breaks": expected}
    said = {path: re.sub(r"<[^>]+>", " ", text) for path, text in pages.items()}  # the words shown
    assert [path for path, words in said.items() if re.search(r"\bbouts?\b", words, re.I)] == []
