"""History series and sparklines from hand-made records."""

from __future__ import annotations

from datetime import UTC, date, datetime

from psoas.report.charts import render_html
from psoas.report.history import sparkline, summarise
from psoas.store.records import BreakRecord, CheckInRecord, SessionRecord, StepRecord


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def test_series_by_day_and_week() -> None:
    sessions = [
        SessionRecord(1, _at(16), _at(16), "completed", date(2026, 11, 16), "plan", 600),
        SessionRecord(2, _at(18), None, "quit", date(2026, 11, 18), "plan", 600),
        SessionRecord(3, _at(24), _at(24), "completed", date(2026, 11, 24), "plan", 600),
    ]
    steps = [
        StepRecord(1, 0, "warm-up", "work", None, 10, 10, "done", _at(16)),
        StepRecord(2, 0, "warm-up", "work", None, 10, 4, "skipped", _at(18)),
        StepRecord(2, 1, "glute-bridge", "work", None, 10, 10, "done", _at(19)),
        StepRecord(3, 0, "warm-up", "work", None, 10, 10, "done", _at(24)),
    ]
    checkins = [
        CheckInRecord(_at(16, 8), 2, 5, 0, 0, 8, (), (), ""),
        CheckInRecord(_at(16, 20), 1, 1, 0, 0, 8, (), (), ""),
        CheckInRecord(_at(20), 0, 0, 7, 0, 8, (), ("trauma",), ""),
    ]
    breaks = [
        BreakRecord(_at(16, 9), _at(16, 9), "done", None),
        BreakRecord(_at(16, 10), _at(16, 10), "skipped", None),
        BreakRecord(_at(16, 11), _at(16, 11), "idle", None),
        BreakRecord(_at(17, 11), _at(17, 11), "done", None),
    ]
    h = summarise(sessions, steps, checkins, breaks, today=date(2026, 11, 25), tz=UTC)
    assert h.pain == ((date(2026, 11, 16), 5), (date(2026, 11, 20), 7))
    assert h.sessions_per_week == ((date(2026, 11, 16), 1), (date(2026, 11, 23), 1))
    assert h.breaks_per_day == ((date(2026, 11, 16), 2), (date(2026, 11, 17), 1))
    # week of 16th: exercise on the 16th and 19th of 7 days; week of 23rd: the 24th of 3 days so far
    assert h.adherence == ((date(2026, 11, 16), round(2 / 7, 3)), (date(2026, 11, 23), round(1 / 3, 3)))
    assert h.red_flags == ((date(2026, 11, 20), ("trauma",)),)
    page = render_html(h, "now", "not a medical device")
    assert page.count("<img") == 4 and "not a medical device" in page
    assert "<li>A recent fall, accident or blow to the back or hip? (2026-11-20)</li>" in page
    assert "trauma" not in page  # the warning sign in words, not its id


def test_sparkline_scales_to_the_top() -> None:
    assert sparkline([0, 5, 10], 10) == "▁▅█"
    assert sparkline([1, 2, 4]) == "▃▅█"  # 1/4·7 = 1.75 → index 2; 2/4·7 = 3.5 → index 4
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([]) == ""
