"""The database tables, as SQLAlchemy Core metadata: the one description Alembic migrations follow.

Times are stored in UTC. JSON columns hold values that are read back whole (a plan, a timeline, a
report) and never queried inside, so they stay portable between SQLite and PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "analyses",
    "batch_clips",
    "break_schedule",
    "breaks",
    "checkins",
    "clearances",
    "measurements",
    "metadata",
    "pain_events",
    "plans",
    "profiles",
    "session_steps",
    "sessions",
    "sitting_bouts",
]

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

UtcTime = sa.DateTime(timezone=True)

# A profile is never edited in place: each change adds a row and the newest row is the profile.
profiles = sa.Table(
    "profiles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("created_at", UtcTime, nullable=False),
    sa.Column("started", sa.Date, nullable=False),
    sa.Column("level", sa.String(16), nullable=False),
    sa.Column("sitting_hours", sa.Float, nullable=False),
    sa.Column("goals", sa.JSON, nullable=False),
    sa.Column("limitations", sa.JSON, nullable=False),
    sa.Column("minutes_per_day", sa.Integer, nullable=False),
    sa.Column("equipment", sa.JSON, nullable=False),
    sa.Column("due_date", sa.Date),  # pregnancy: the plan changes after about 20 weeks
    sa.Column("birth_year", sa.Integer),  # new back pain at 50 or over is a warning sign
    sa.Column("risk_factors", sa.JSON),  # asked once: a history of cancer, steroids or weak immunity
    sa.Column("activities", sa.JSON),  # up to 3 activities each check-in rates (NULL before 0005)
    sa.CheckConstraint("sitting_hours >= 0 AND sitting_hours <= 24", name="sitting_hours"),
    sa.CheckConstraint("minutes_per_day > 0", name="minutes_per_day"),
)

plans = sa.Table(
    "plans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("created_at", UtcTime, nullable=False),
    sa.Column("profile_id", sa.Integer, sa.ForeignKey("profiles.id"), nullable=False),
    sa.Column("week_start", sa.Date, nullable=False, index=True),
    sa.Column("body", sa.JSON, nullable=False),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("started_at", UtcTime, nullable=False),
    sa.Column("finished_at", UtcTime),
    # active → completed | quit (the user pressed q) ; an active row after a crash is resumable
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("timeline", sa.JSON, nullable=False),
    sa.Column("total_s", sa.Integer, nullable=False),
)

session_steps = sa.Table(
    "session_steps",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("step_index", sa.Integer, nullable=False),
    sa.Column("exercise_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("side", sa.String(8)),
    sa.Column("set_no", sa.Integer),
    sa.Column("planned_s", sa.Integer, nullable=False),
    sa.Column("done_s", sa.Float, nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),  # done | skipped | stopped (pain)
    sa.Column("finished_at", UtcTime, nullable=False),
    sa.UniqueConstraint("session_id", "step_index", name="uq_session_steps_step"),
)

pain_events = sa.Table(
    "pain_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UtcTime, nullable=False),
    sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id", ondelete="SET NULL")),
    sa.Column("exercise_id", sa.String(64), nullable=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("action", sa.String(16), nullable=False),  # modified | skipped
    sa.CheckConstraint("score >= 0 AND score <= 10", name="score"),
)

checkins = sa.Table(
    "checkins",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UtcTime, nullable=False, index=True),
    sa.Column("pain_low_back", sa.Integer, nullable=False),
    sa.Column("pain_hip", sa.Integer, nullable=False),
    sa.Column("pain_knee", sa.Integer, nullable=False),
    sa.Column("stiffness", sa.Integer, nullable=False),
    sa.Column("hours_sat", sa.Float, nullable=False),
    sa.Column("signs", sa.JSON, nullable=False),
    sa.Column("red_flags", sa.JSON, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    # [{"activity": the profile's words, "score": 0 (cannot do it) – 10 (as before the problem)}]
    sa.Column("function", sa.JSON),  # NULL before 0005
)

# A warning sign pauses the plan until the person records that a clinician has seen them.
clearances = sa.Table(
    "clearances",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UtcTime, nullable=False, index=True),  # when it was recorded
    sa.Column("seen_on", sa.Date, nullable=False),  # the day of the visit
    sa.Column("note", sa.Text, nullable=False),
)

breaks = sa.Table(
    "breaks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("due_at", UtcTime, nullable=False),
    sa.Column("at", UtcTime, nullable=False, index=True),
    sa.Column("outcome", sa.String(16), nullable=False),  # done | skipped | snoozed | idle | missed
    sa.Column("routine", sa.String(64)),
    # The camera saw the person standing for the break's length (the break schedule writes it).
    sa.Column("verified", sa.Boolean, nullable=False, server_default=sa.false()),
)

# Each stretch of sitting the break schedule saw, ended when the person left (backdated by the idle time).
sitting_bouts = sa.Table(
    "sitting_bouts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("start", UtcTime, nullable=False, index=True),
    sa.Column("end", UtcTime, nullable=False),
    sa.Column("source", sa.String(16), nullable=False),  # input | camera | system
    sa.Column("ended_by", sa.String(16), nullable=False),  # idle | away | standing | break
    sa.Column("meeting", sa.Boolean, nullable=False),
)

# One row: the break schedule's state (habits.schedule), shared by the server and the terminal. A writer
# bumps `version` and writes only over the version it read, so two processes never lose an update.
break_schedule = sa.Table(
    "break_schedule",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", UtcTime, nullable=False),
    sa.Column("state", sa.JSON, nullable=False),
)

# For the measuring issues: a Thomas test angle, a psoas length, ...
measurements = sa.Table(
    "measurements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UtcTime, nullable=False, index=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("side", sa.String(8)),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("unit", sa.String(16), nullable=False),
    sa.Column("source", sa.String(256), nullable=False),
    sa.Column("details", sa.JSON, nullable=False),
)

analyses = sa.Table(
    "analyses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UtcTime, nullable=False, index=True),
    sa.Column("exercise_id", sa.String(64), nullable=False),
    sa.Column("source", sa.String(256), nullable=False),
    sa.Column("valid", sa.Boolean, nullable=False),
    sa.Column("report", sa.JSON, nullable=False),
)

# A clip analysed in a batch, by what makes its result reproducible: the file's content (SHA-256), the
# exercise and the pipeline (psoas and pose-model version). A batch run again skips the keys found here.
batch_clips = sa.Table(
    "batch_clips",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UtcTime, nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("exercise_id", sa.String(64), nullable=False),
    sa.Column("pipeline", sa.String(64), nullable=False),
    sa.Column("source", sa.String(256), nullable=False),
    sa.Column("analysis_id", sa.Integer, sa.ForeignKey("analyses.id", ondelete="CASCADE"), nullable=False),
    sa.UniqueConstraint("digest", "exercise_id", "pipeline", name="uq_batch_clips_key"),
)
