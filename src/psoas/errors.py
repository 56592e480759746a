"""The one exception tree of psoas.

    PsoasError                      base: a problem a user can fix, reported as one sentence
    ├── CatalogError                a bundled or user catalog file is missing or malformed
    ├── UnknownExerciseError        an exercise id that the catalog does not hold
    ├── UnknownTopicError           an education topic that the catalog does not hold
    ├── MediaError                  a video, image or camera that cannot be read
    ├── UnsupportedExerciseError    an exercise the camera cannot analyse yet
    ├── InvalidInputError           a value the user typed that psoas cannot accept (profile, date, score)
    │   └── NoProfileError          a command that needs a profile ran before `psoas profile`
    ├── StoreError                  the database is corrupt, locked, unreachable or from a newer psoas
    ├── OutputError                 a file or folder the user asked psoas to write cannot be written
    ├── BusyError                   the server is already doing as much as it accepts (web uploads)
    ├── PlanPausedError             exercise asked for while a warning sign pauses the plan
    └── NothingToResumeError        `--resume` with no unfinished session

Only the CLI and web edges turn these into a red sentence and an exit code; everything below them
raises. Each subclass carries the exit code the CLI should use.
"""

from __future__ import annotations

__all__ = [
    "BusyError",
    "CatalogError",
    "InvalidInputError",
    "MediaError",
    "NoProfileError",
    "NothingToResumeError",
    "OutputError",
    "PlanPausedError",
    "PsoasError",
    "StoreError",
    "UnknownExerciseError",
    "UnknownTopicError",
    "UnsupportedExerciseError",
]


class PsoasError(Exception):
    """A user-facing error: its message is one sentence that says what was expected and what arrived."""

    exit_code: int = 1


class CatalogError(PsoasError):
    """A catalog file could not be read or does not match the schema."""

    exit_code = 3


class UnknownExerciseError(PsoasError, LookupError):
    """No exercise has this id or alias; `suggestions` holds the closest known ids."""

    exit_code = 2

    def __init__(self, wanted: str, suggestions: tuple[str, ...]) -> None:
        self.wanted = wanted
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No exercise called '{wanted}'.{hint}")


class UnknownTopicError(PsoasError, LookupError):
    """No education topic has this id."""

    exit_code = 2

    def __init__(self, wanted: str, known: tuple[str, ...]) -> None:
        self.wanted = wanted
        self.known = known
        super().__init__(f"No topic called '{wanted}'. Known topics: {', '.join(known)}.")


class MediaError(PsoasError):
    """A media file or camera is missing, empty, unreadable, or of the wrong kind."""

    exit_code = 4


class UnsupportedExerciseError(PsoasError):
    """The exercise exists but the camera cannot analyse it yet."""

    exit_code = 2


class InvalidInputError(PsoasError, ValueError):
    """A value from the user (a flag, a prompt answer, a date) is outside what psoas accepts."""

    exit_code = 2


class NoProfileError(InvalidInputError):
    """The command needs a profile and none is stored yet."""

    def __init__(self) -> None:
        super().__init__("No profile yet: run `psoas profile` first.")


class StoreError(PsoasError):
    """The database cannot be opened, read or written; nothing was stored half-way."""

    exit_code = 6  # 5 is taken by `analyze` for a report the quality gate marked invalid


class OutputError(PsoasError):
    """An output path (--out) cannot be written: a missing parent we may not create, no permission, a full
    disk, or a name the file system or the video writer cannot take."""

    exit_code = 4  # like a media file that cannot be read: the problem is a file, not a value


class BusyError(PsoasError):
    """The web server already has as many uploads waiting as it accepts; the client should try later."""

    exit_code = 8


class NothingToResumeError(PsoasError):
    """`psoas session --resume` found no unfinished session."""

    exit_code = 2


class PlanPausedError(PsoasError):
    """A warning sign paused the plan and no clinician visit is recorded since: no exercise is played.
    The message says why, where to go, and how to record the visit."""

    exit_code = 7
