"""Help screens without a type beside on/off flags: Typer writes `<bool>` after `--version`, `--json` or
`--help`, which take no value, so those read as if they wanted one. Options that take a value keep their
type (`<int>`, `<str>`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from typer.core import TyperCommand, TyperGroup

__all__ = ["PlainFlagsCommand", "PlainFlagsGroup", "plain_flags"]


def plain_flags(params: Iterable[Any]) -> None:
    """Give every flag an empty metavar, which the help screen shows instead of its type. (Typer carries
    its own copy of click, so flags are recognised by what they are, not by click's classes.)"""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""


class PlainFlagsCommand(TyperCommand):
    def format_help(self, ctx: Any, formatter: Any) -> None:
        plain_flags(self.get_params(ctx))
        super().format_help(ctx, formatter)


class PlainFlagsGroup(TyperGroup):
    def format_help(self, ctx: Any, formatter: Any) -> None:
        plain_flags(self.get_params(ctx))
        super().format_help(ctx, formatter)
