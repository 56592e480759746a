"""The function measure: up to three activities named once in the profile, each rated 0–10 at check-in,
stored (migration 0005 upgrades older databases), and summarised as a trend in the history."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from psoas.assess.checkin import make_checkin
from psoas.errors import InvalidInputError
from psoas.plan import make_profile
from psoas.report.history import summarise
from psoas.store import Store, open_store
from psoas.store import records as rec
from psoas.store.db import MIGRATIONS

AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
ACTIVITIES = ("climbing stairs", "sitting through a meeting")


def _checkin(at: datetime = AT, **scores: int) -> rec.CheckInRecord:
    named = {a: scores[a.split()[0]] for a in ACTIVITIES if a.split()[0] in scores}
    return make_checkin(
        at=at, pain_low_back=3, pain_hip=0, pain_knee=0, stiffness=2, hours_sat=7, function=named,
        activities=ACTIVITIES,
    )  # fmt: skip


def test_the_profile_keeps_up_to_three_activities_in_the_persons_words() -> None:
    profile = make_profile(
        level="beginner", sitting_hours=8, started=date(2026, 11, 2),
        activities=["  climbing   stairs ", "", "climbing stairs", "putting on socks"],
    )  # fmt: skip
    assert profile.activities == ("climbing stairs", "putting on socks")
    assert profile.to_dict()["activities"] == ["climbing stairs", "putting on socks"]
    with pytest.raises(InvalidInputError, match="Name at most 3 activities, not 4"):
        make_profile(level="beginner", sitting_hours=8, started=date(2026, 11, 2), activities="abcd")
    with pytest.raises(InvalidInputError, match="at most 60 characters"):
        make_profile(level="beginner", sitting_hours=8, started=date(2026, 11, 2), activities=["x" * 61])


def test_a_checkin_rates_the_profiles_activities_in_their_order() -> None:
    record = _checkin(sitting=4, climbing=6)
    assert record.function == (("climbing stairs", 6), ("sitting through a meeting", 4))
    assert record.function_score == 5.0
    assert _checkin(climbing=7).function_score == 7.0
    assert _checkin().function_score is None
    with pytest.raises(InvalidInputError, match="'walking' is not one of your profile's activities"):
        make_checkin(
            at=AT, pain_low_back=0, pain_hip=0, pain_knee=0, stiffness=0, hours_sat=0,
            function={"walking": 5}, activities=ACTIVITIES,
        )  # fmt: skip
    with pytest.raises(
        InvalidInputError, match="'climbing stairs' must be a whole number from 0 to 10, not 11"
    ):
        _checkin(climbing=11)


def test_ratings_are_stored_and_read_back(store: Store) -> None:
    rec.add_checkin(store, _checkin(sitting=4, climbing=6))
    rec.add_checkin(store, _checkin())
    stored = rec.checkins(store)
    assert [c.function for c in stored] == [(("climbing stairs", 6), ("sitting through a meeting", 4)), ()]
    profile = make_profile(
        level="beginner", sitting_hours=8, started=date(2026, 11, 2), activities=ACTIVITIES
    )
    rec.save_profile(store, profile, AT)
    found = rec.latest_profile(store)
    assert found is not None and found[1].activities == ACTIVITIES


def test_the_history_trend_is_each_days_last_rated_mean() -> None:
    checkins = [
        _checkin(datetime(2026, 11, 28, 9, tzinfo=UTC), climbing=3, sitting=4),
        _checkin(datetime(2026, 11, 29, 9, tzinfo=UTC)),  # not rated: no point that day
        _checkin(datetime(2026, 11, 30, 8, tzinfo=UTC), climbing=5),
        _checkin(datetime(2026, 11, 30, 18, tzinfo=UTC), climbing=6, sitting=8),
    ]
    history = summarise([], [], checkins, [], date(2026, 11, 30), UTC)
    assert history.function == ((date(2026, 11, 28), 3.5), (date(2026, 11, 30), 7.0))
    assert history.to_dict()["function"] == [
        {"date": "2026-11-28", "value": 3.5},
        {"date": "2026-11-30", "value": 7.0},
    ]


def test_a_database_before_the_function_measure_upgrades(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
        conn.execute(
            sa.text(
                "INSERT INTO checkins (at, pain_low_back, pain_hip, pain_knee, stiffness, hours_sat, signs, "
                "red_flags, note) VALUES ('2026-11-01 09:00:00', 2, 0, 0, 1, 6, '[]', '[]', '')"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO profiles (created_at, started, level, sitting_hours, goals, limitations, "
                "minutes_per_day, equipment) VALUES ('2026-11-01 09:00:00', '2026-11-02', 'beginner', 8, "
                "'[]', '[]', 15, '[]')"
            )
        )
    engine.dispose()
    store = open_store(url)
    (old,) = rec.checkins(store)
    found = rec.latest_profile(store)
    assert (old.function, old.function_score) == ((), None)
    assert found is not None and found[1].activities == ()
    store.dispose()
