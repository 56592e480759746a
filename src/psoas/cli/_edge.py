"""What every command shares: printing JSON, and turning PsoasError into one red sentence + exit code."""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from psoas._json import dumps
from psoas.errors import OutputError, PsoasError
from psoas.store import Store, open_store
from psoas.vision.landmarks import Side

__all__ = [
    "console",
    "err_console",
    "local_today",
    "open_db",
    "print_json",
    "ready_folder",
    "user_errors",
    "utc_now",
    "writing",
]

P = ParamSpec("P")
R = TypeVar("R")


def console(*, highlight: bool = True) -> Console:
    # Made per call, not at import: the width and colour settings of the moment (COLUMNS, NO_COLOR) apply.
    return Console(highlight=highlight)


def err_console() -> Console:
    return Console(stderr=True)


def print_json(data: Any) -> None:
    # Plain print, not Rich: JSON must stay byte-exact for scripts (no wrapping, no markup).
    typer.echo(dumps(data, indent=2, ensure_ascii=False))


def _shown(path: Path) -> str:
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn a failure to write `path` (no permission, no such folder, a full disk) into one sentence."""
    try:
        yield
    except (FileExistsError, NotADirectoryError):
        why = "part of that path is a file, not a folder"
        raise OutputError(f"Cannot write {_shown(path)}: {why}.") from None
    except OSError as exc:
        raise OutputError(f"Cannot write {_shown(path)}: {exc.strerror or exc}.") from None


def ready_folder(folder: Path) -> None:
    """Make sure files can be written in `folder` before minutes of work go into them: it is created if
    missing, and must take a file (and have a UTF-8 name, which the video writer needs)."""
    try:
        str(folder).encode("utf-8")
    except UnicodeEncodeError:
        raise OutputError(f"The folder name {_shown(folder)!r} is not valid UTF-8; choose another.") from None
    with writing(folder):
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass


INVALID_EXIT = 5  # the camera could not see enough to give numbers (analyze, thomas)


class SideChoice(StrEnum):
    """A --side option: a body side, or auto to detect it."""

    LEFT = "left"
    RIGHT = "right"
    AUTO = "auto"

    def side(self) -> Side | None:
        return None if self is SideChoice.AUTO else Side(self.value)


def user_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Report a PsoasError as one sentence on stderr and exit with its code; let bugs surface."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except PsoasError as exc:
            err_console().print(f"[bold red]Error:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def open_db() -> Store:
    """The user's database (PSOAS_DB_URL or the default SQLite file), migrated and ready."""
    return open_store()


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_today() -> date:
    return datetime.now().astimezone().date()
