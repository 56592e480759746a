"""The analyse page shows the count per side that the report holds: a real clip of six knee lifts,
alternating legs (left, right, left, right, left, right as labelled by eye in tests/coach/labels)."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from conftest import MEDIA_DIR
from web_support import chromium_missing

pytestmark = pytest.mark.slow

WHY_NOT = chromium_missing()
if WHY_NOT:
    pytest.skip(WHY_NOT, allow_module_level=True)

from browser_support import browser, db_url, playwright, server, upload, watch  # noqa: E402
from playwright.sync_api import Browser  # noqa: E402

__all__ = ["browser", "db_url", "playwright", "server"]  # the shared fixtures, used by name

CLIP = MEDIA_DIR / "knee_lifts.mp4"
LABELS = Path(__file__).resolve().parents[1] / "coach" / "labels" / "media.toml"


def _labelled_sides(name: str) -> dict[str, int]:
    clips = tomllib.loads(LABELS.read_text())["clip"]
    (clip,) = [c for c in clips if c["file"] == name]
    return dict(Counter(e["side"] for e in clip["event"] if e["kind"] == "rep"))


def test_the_analyse_page_shows_the_reports_count_per_side(browser: Browser, server: str) -> None:
    if not CLIP.exists():
        pytest.skip(f"{CLIP} not found")
    page = browser.new_page()
    errors = watch(page)
    upload(page, server, CLIP, "standing-hip-flexion")
    page.wait_for_selector("#result:not([hidden])", timeout=300_000)
    report = page.evaluate("window.psoasAnalysis")
    shown = page.inner_text("#per-side")
    rows = [page.locator("#reps-table tbody tr").nth(i).inner_text() for i in range(report["rep_count"])]
    summary = page.inner_text("#summary")
    page.close()
    assert report["counts"] == _labelled_sides(CLIP.name) == {"left": 3, "right": 3}
    assert shown == "Repetitions per side: left 3 · right 3"
    assert "6 repetitions (left 3 · right 3)" in summary
    assert [row.split("\t")[1] for row in rows] == ["left", "right"] * 3
    assert errors == []
