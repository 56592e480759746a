"""What every command shares: printing JSON, and turning PsoasError into one red sentence + exit code."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from psoas.errors import PsoasError

__all__ = ["console", "err_console", "print_json", "user_errors"]

P = ParamSpec("P")
R = TypeVar("R")


def console() -> Console:
    # Made per call, not at import: the width and colour settings of the moment (COLUMNS, NO_COLOR) apply.
    return Console()


def err_console() -> Console:
    return Console(stderr=True)


def print_json(data: Any) -> None:
    # Plain print, not Rich: JSON must stay byte-exact for scripts (no wrapping, no markup).
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


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
