"""A new user's whole day through the real CLI processes, on the embedded SQLite default file:
profile → plan → session (dry run, then played in a pseudo-terminal with a pain stop) → kill -9 and
resume → check-in with a red flag → breaks → history → report → export. Plus bad input."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from psoas.assess.checkin import RED_FLAGS, SIGNS

pytestmark = pytest.mark.slow


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh user: no PSOAS_DB_URL, so psoas uses its default SQLite file under XDG_DATA_HOME."""
    monkeypatch.delenv("PSOAS_DB_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "120")
    yield tmp_path / "data" / "psoas" / "psoas.db"


def psoas(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psoas", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


class Pty:
    """A psoas process on a pseudo-terminal: we read its screen and type keys, as a person would."""

    def __init__(self, *args: str) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "psoas", *args], stdin=slave, stdout=slave, stderr=slave, close_fds=True
        )
        os.close(slave)
        self.screen = ""

    def read_until(self, text: str, timeout: float = 60) -> str:
        end = time.monotonic() + timeout
        while text not in self.screen:
            if time.monotonic() > end:
                raise AssertionError(f"never saw {text!r}; screen tail: {self.screen[-800:]!r}")
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.screen += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:  # the process ended and the terminal closed
                    if text not in self.screen:
                        raise AssertionError(f"ended before {text!r}: {self.screen[-800:]!r}") from None
        return self.screen

    def drain(self) -> None:
        """Read what is on the screen now, so the process never blocks on a full terminal."""
        while select.select([self.master], [], [], 0)[0]:
            try:
                self.screen += os.read(self.master, 65536).decode("utf-8", "replace")
            except OSError:
                return

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait(self, timeout: float = 60) -> int:
        try:
            while self.proc.poll() is None:
                ready, _, _ = select.select([self.master], [], [], 0.1)
                if ready:
                    self.screen += os.read(self.master, 65536).decode("utf-8", "replace")
        except OSError:
            pass
        return self.proc.wait(timeout=timeout)


def test_a_new_user_day_end_to_end(home: Path, tmp_path: Path) -> None:  # noqa: PLR0915 (one day, in order)
    first = psoas("plan")  # no profile yet: the starter routine, as the web's Today page shows
    assert first.returncode == 0 and "A first routine" in first.stdout
    made = psoas(
        "profile",
        "--level",
        "beginner",
        "--sitting-hours",
        "9",
        "--goal",
        "posture",
        "--limitation",
        "knee-pain",
        "--equipment",
        "cushion",
        "--minutes",
        "15",
        "--json",
    )
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["limitations"] == ["knee-pain"]
    assert home.is_file()

    week = json.loads(psoas("plan", "--week", "--json", "--date", "2026-11-18").stdout)
    assert [d["strength_day"] for d in week["days"]] == [True, False, False, True, False, False, False]
    assert all(d["minutes"] <= 15 for d in week["days"])
    today = json.loads(psoas("plan", "--json").stdout)["days"][0]
    dry = json.loads(psoas("session", "--dry-run", "--json").stdout)
    assert dry["total_s"] == sum(i["seconds"] for i in today["items"])
    assert psoas("session", "--dry-run").stdout.count("Total:") == 1

    # A real terminal: the stretch plays; we press p during it, score 3, and take the easier version.
    term = Pty("session", "kneeling-psoas-stretch", "--speed", "10")
    term.read_until("work · set 1/2 · left side")
    term.type("p")
    term.read_until("pain 0–10>")
    term.type("3\n")
    term.read_until("skip this exercise>")
    term.type("e\n")
    assert term.wait() == 0
    assert "complete" in term.screen and "Pain 3/10" in term.screen
    assert rows(home, "SELECT exercise_id, score, action FROM pain_events") == [
        ("kneeling-psoas-stretch", 3, "modified")
    ]
    assert rows(home, "SELECT status FROM sessions") == [("completed",)]
    # kneeling stretch, beginner: setup, (L, switch, R) × 2 sets, one rest = 8 steps, all done
    assert rows(home, "SELECT count(*), min(outcome), max(outcome) FROM session_steps") == [
        (8, "done", "done")
    ]

    week_days = json.loads(psoas("plan", "--week", "--json").stdout)["days"]
    ids = {i["exercise_id"] for d in week_days for i in d["items"]}
    # With knee pain the plan's psoas stretch is the standing one at the desk, never a kneeling one.
    assert "standing-split-stance-stretch" in ids and "kneeling-psoas-stretch" not in ids

    checked = psoas("checkin", "--low-back", "2", "--red-flag", "night-pain", "--hours-sat", "9", "--json")
    assessment = json.loads(checked.stdout)
    assert assessment["refer"] and assessment["red_flags"] == ["night-pain"]
    assert assessment["messages"][0].startswith("See a doctor today")
    assert rows(home, "SELECT red_flags FROM checkins") == [('["night-pain"]',)]
    paused = json.loads(psoas("plan", "--week", "--json").stdout)
    assert paused["notes"][0].startswith("Your plan is paused")
    assert all(d["items"] == [] for d in paused["days"])
    refused = psoas("session", "kneeling-psoas-stretch")
    assert refused.returncode == 7 and "psoas clear --seen-on" in refused.stderr
    assert psoas("checkin", "--low-back", "1").returncode == 2  # the screen must be answered
    assert psoas("checkin", "--no-red-flags").returncode == 0
    assert not any(d["items"] for d in json.loads(psoas("plan", "--week", "--json").stdout)["days"])
    assert psoas("clear", "--note", "GP visit").returncode == 0
    assert rows(home, "SELECT note FROM clearances") == [("GP visit",)]
    assert any(d["strength_day"] for d in json.loads(psoas("plan", "--week", "--json").stdout)["days"])

    # Breaks every 0.02 min (1.2 s): the first reminder is done, the second skipped.
    breaks = Pty("breaks", "--interval", "0.02", "--count", "2")
    breaks.read_until("Break 1")
    breaks.type("d")
    breaks.read_until("Break 2")
    breaks.type("s")
    assert breaks.wait() == 0
    stats = json.loads(psoas("breaks", "--stats", "--json").stdout)
    assert (stats["done"], stats["skipped"], stats["missed"]) == (1, 1, 0)

    history = json.loads(psoas("history", "--json").stdout)
    assert [p["value"] for p in history["pain"]] == [2]  # worst pain of today's check-ins
    assert history["red_flags"][0]["flags"] == ["night-pain"]
    assert "Sessions" in psoas("history").stdout
    report = tmp_path / "out" / "report.html"
    assert psoas("report", "--out", str(report)).returncode == 0
    assert report.read_text().count("<img") == 4
    exported = tmp_path / "all.json"
    assert psoas("export", "--format", "json", "--out", str(exported)).returncode == 0
    data = json.loads(exported.read_text())
    assert len(data["session_steps"]) == 8 and len(data["checkins"]) == 2 and len(data["breaks"]) == 2
    assert psoas("export", "--format", "csv", "--out", str(tmp_path / "csv")).returncode == 0
    assert (tmp_path / "csv" / "pain_events.csv").read_text().splitlines()[0].startswith("id,at,session_id")


def test_kill_9_loses_at_most_the_step_in_progress_and_resume_finishes(home: Path) -> None:
    # Driven by keys, not by the clock: three skips commit steps 0-2 and a space pauses step 3, so
    # nothing more can be committed however slowly the machine runs; then the kill.
    term = Pty("session", "kneeling-psoas-stretch")
    term.read_until("skip")
    term.type("sss ")
    term.read_until("paused")
    deadline = time.monotonic() + 60
    while len(_steps(home)) < 3:
        assert time.monotonic() < deadline, "the three skipped steps were not committed"
        term.drain()
        time.sleep(0.05)
    before = _steps(home)
    term.proc.send_signal(signal.SIGKILL)
    term.wait()
    assert _steps(home) == before
    assert [i for i, _ in before] == [0, 1, 2]
    assert rows(home, "SELECT status FROM sessions") == [("active",)]

    resumed = psoas("session", "--resume", "--speed", "50")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(before)} of 8 steps were done" in resumed.stdout
    after = rows(home, "SELECT step_index, finished_at FROM session_steps ORDER BY step_index")
    assert [i for i, _ in after] == list(range(8))
    assert after[: len(before)] == before  # committed steps were neither redone nor rewritten
    assert rows(home, "SELECT status FROM sessions") == [("completed",)]
    again = psoas("session", "--resume")
    assert again.returncode == 2 and "no unfinished session" in again.stderr


def _steps(home: Path) -> list[tuple[object, ...]]:
    if not home.exists():  # connecting would create an empty file before psoas does
        return []
    try:
        return rows(home, "SELECT step_index, finished_at FROM session_steps ORDER BY step_index")
    except sqlite3.OperationalError:  # the session has not created its tables yet
        return []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("profile", "--level", "expert"), 2, "'expert' is not a level"),
        (("profile", "--minutes", "500"), 2, "between 5 and 120"),
        (("plan", "--date", "2026-02-30"), 2, "not a real date"),
        (("session", "no-such-stretch"), 2, "No exercise called"),
        (("checkin", "--hip", "12", "--no-red-flags"), 2, "from 0 to 10"),
        (("breaks", "--interval", "0"), 2, "break interval"),
    ],
)
def test_bad_input_is_one_sentence(home: Path, args: tuple[str, ...], code: int, message: str) -> None:
    result = psoas(*args)
    assert result.returncode == code
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_a_corrupt_database_is_one_sentence(home: Path) -> None:
    home.parent.mkdir(parents=True)
    home.write_bytes(b"\x00garbage" * 500)
    result = psoas("plan")
    assert result.returncode == 6
    assert "not a readable psoas database" in result.stderr and "Traceback" not in result.stderr


def test_profile_questions_re_ask_until_each_answer_is_valid(home: Path) -> None:
    answers = (
        "expert\nadvanced\n30\n9\nposture,fame\nposture\nnone\n200\n20\ncushion\n1970\ny\nn\n"
        "climbing stairs; getting out of a car\n"
    )
    result = psoas("profile", "-i", "--json", stdin=answers)
    assert result.returncode == 0, result.stderr
    for message in ("'expert' is not a level", "between 0 and 24, not 30", "'fame' is not a goal", "not 200"):
        assert message in result.stderr
    saved = json.loads(result.stdout[result.stdout.index("{") :])
    assert saved == {
        "level": "advanced",
        "sitting_hours": 9.0,
        "goals": ["posture"],
        "limitations": [],
        "minutes_per_day": 20,
        "equipment": ["cushion"],
        "started": saved["started"],
        "due_date": None,
        "birth_year": 1970,
        "risk_factors": ["cancer-history"],
        "activities": ["climbing stairs", "getting out of a car"],
    }


def test_checkin_questions_re_ask_and_a_red_flag_answer_refers(home: Path) -> None:
    signs = "n\n" * len(SIGNS)
    flags = "n\ny\n" + "n\n" * (len(RED_FLAGS) - 2)  # yes to the second warning sign: bladder or bowel
    answers = "2.5\n2\n11\n0\n0\n3\n30\n7\n" + signs + flags + "sore after a long drive\n"
    result = psoas("checkin", "-i", stdin=answers)
    assert result.returncode == 0, result.stderr
    assert "Please type a whole number from 0 to 10." in result.stderr
    assert "Hip pain must be a whole number from 0 to 10, not 11" in result.stderr
    assert "Hours sat today must be between 0 and 24, not 30" in result.stderr
    assert "Go to an emergency department now" in result.stdout
    assert rows(
        home, "SELECT pain_low_back, pain_hip, pain_knee, stiffness, hours_sat, red_flags, note FROM checkins"
    ) == [(2, 0, 0, 3, 7.0, '["bladder-bowel"]', "sore after a long drive")]
