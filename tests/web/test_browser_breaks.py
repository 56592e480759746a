"""The break schedule in the system's Chromium: the sitting timer in the header of every page, a due break
as a banner and as a service-worker notification while the page is in the background, and the schedule
kept across a server restart. The interval is shortened to seconds by the environment knobs."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from psoas.store import open_store
from psoas.store.breaks_schedule import scheduled_breaks
from web_support import chromium_missing, server_process

pytestmark = pytest.mark.slow

WHY_NOT = chromium_missing()
if WHY_NOT:
    pytest.skip(WHY_NOT, allow_module_level=True)

from browser_support import browser, playwright, until  # noqa: E402
from playwright.sync_api import Browser  # noqa: E402

__all__ = ["browser", "playwright"]  # the shared fixtures, used by name

FAST = {"PSOAS_BREAK_INTERVAL_S": "4", "PSOAS_BREAK_TICK_S": "0.5", "PSOAS_BREAK_S": "1"}
NOTIFICATIONS = """navigator.serviceWorker.ready
  .then((reg) => reg.getNotifications())
  .then((list) => list.map((n) => ({title: n.title, body: n.body, tag: n.tag})))"""
# Reminders take the routines in turn, one step per break recorded today.
ROTATION = ("Walk and lunge: ", "Standing hip opener: ", "Chair reset: ")


def _due_routine(db_url: str) -> str:
    """The routine the reminder due now names: usually the first, but a slow machine may have let a
    reminder pass as missed before the page went to the background."""
    start = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    store = open_store(db_url)
    try:
        return ROTATION[len(scheduled_breaks(store, start, start + timedelta(days=1))) % len(ROTATION)]
    finally:
        store.dispose()


def test_the_timer_follows_every_page_and_a_due_break_reminds_in_the_background(
    browser: Browser, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'psoas.db'}"
    with server_process(tmp_path, db_url=db_url, env=FAST) as (url, _):
        context = browser.new_context()
        context.grant_permissions(["notifications"], origin=url.rstrip("/"))
        page = context.new_page()
        page.goto(url)
        # The page's own markup already says "Sitting"; the time appears once the first state arrives.
        until(page, "document.getElementById('sitting-time').textContent.length > 0")
        assert page.inner_text("#sitting-label") == "Sitting"
        assert re.fullmatch(r"0:0\d", page.inner_text("#sitting-time"))
        page.goto(url + "breaks")  # a first week: one sentence instead of seven rows of zeros
        until(page, "!document.getElementById('stats-empty').hidden")
        assert page.locator("#stats").is_hidden()
        page.goto(url + "exercises")  # another page: the same timer, still counting
        until(page, "document.getElementById('sitting-time').textContent.length > 0")
        other = context.new_page()  # the psoas tab goes to the background
        other.goto("about:blank")
        other.bring_to_front()
        shown = until(page, NOTIFICATIONS)
        assert shown[0]["title"] == "Time to stand up" and shown[0]["tag"] == "psoas-break"
        routine = _due_routine(db_url)
        assert shown[0]["body"].startswith(routine)
        page.bring_to_front()
        until(page, "!document.getElementById('break-banner').hidden")
        assert page.inner_text("#break-routine").startswith(routine)
        assert page.get_attribute("#sitting-timer", "data-state") == "due"
        since = httpx.get(url + "api/breaks/state").json()["sitting_since"]
    with server_process(tmp_path, db_url=db_url, env=FAST) as (url, _):
        assert httpx.get(url + "api/breaks/state").json()["sitting_since"] == since
        page = context.new_page()
        page.goto(url + "breaks")
        until(page, "!document.getElementById('break-banner').hidden")  # still due after the restart
        page.click("#break-taken")
        until(page, "document.getElementById('break-banner').hidden")
        state = httpx.get(url + "api/breaks/state").json()
        assert state["sitting_since"] != since and state["last_break"] is not None
        until(page, "!document.getElementById('stats').hidden")  # the break ended a bout: the week shows
        assert page.locator("#stats-empty").is_hidden()
        context.close()
