"""axe-core on every page, at a desk size and a phone size (and the phone in dark mode), with data so
lists, charts and forms are filled: no violations (contrast, labels, landmarks, names …).

axe-core comes bundled in the axe-playwright-python package (the dev extra)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from web_support import PAGES, chromium_missing

pytestmark = pytest.mark.slow

WHY_NOT = chromium_missing()
if WHY_NOT:
    pytest.skip(WHY_NOT, allow_module_level=True)
axe_sync = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="axe-playwright-python is missing"
)

from browser_support import SIZES, browser, db_url, playwright, server  # noqa: E402
from playwright.sync_api import Browser  # noqa: E402

__all__ = ["browser", "db_url", "playwright", "server"]  # the shared fixtures, used by name

# The pages behind the history's links and the phone's pages (trust, offline), besides the menu's.
MORE = ("/edit/checkin/1", "/edit/session/1", "/delete/checkin/1", "/erase", "/trust", "/offline")


def _seed(url: str) -> None:
    api = httpx.Client(base_url=url, timeout=30)
    api.put("/api/profile", json={"level": "beginner", "sitting_hours": 9, "minutes_per_day": 20,
                                  "activities": ["climbing stairs"]})  # fmt: skip
    api.post("/api/checkins", json={"low_back": 4, "stiffness": 5, "hours_sat": 8, "no_red_flags": True,
                                    "signs": ["tight-hips"], "function": {"climbing stairs": 6}})  # fmt: skip
    api.post("/api/breaks", json={"outcome": "done"})
    session = api.post("/api/sessions", json={"exercises": ["warm-up"]}).json()
    for step in session["steps"]:
        body = {"index": step["index"], "done_s": step["seconds"], "outcome": "done"}
        api.post(f"/api/sessions/{session['id']}/steps", json=body)
    api.post(f"/api/sessions/{session['id']}/finish", json={"outcome": "completed"})


def _violations(result: Any) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:4]}"
        for v in result.response["violations"]
    ]


@pytest.mark.parametrize(("size", "scheme"), [("desk", "light"), ("phone", "light"), ("phone", "dark")])
def test_every_page_has_no_axe_violations(browser: Browser, server: str, size: str, scheme: str) -> None:
    _seed(server)
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)  # type: ignore[arg-type]
    axe = axe_sync.Axe()
    found = {}
    for path in (*PAGES, *MORE):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        problems = _violations(axe.run(page))
        if problems:
            found[path] = problems
    page.close()
    assert found == {}
