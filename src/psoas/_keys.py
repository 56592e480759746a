"""Single keys from stdin without Enter: cbreak mode on a terminal, plain bytes from a pipe.

Shared by the session player and the break reminders; entering again after leaving (around a line
prompt) is allowed."""

from __future__ import annotations

import os
import select
import sys
import termios
import time
import tty
from typing import IO, Any

__all__ = ["KeyReader"]


class KeyReader:
    def __init__(self, stdin: IO[str] | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self._saved: list[Any] | None = None
        self._eof = False

    def __enter__(self) -> KeyReader:
        if self.stdin.isatty():
            self._saved = termios.tcgetattr(self.stdin.fileno())
            tty.setcbreak(self.stdin.fileno())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            termios.tcsetattr(self.stdin.fileno(), termios.TCSADRAIN, self._saved)
            self._saved = None

    def key(self, timeout: float) -> str | None:
        """The next key (lower-cased), or None after `timeout` seconds; newlines are not keys."""
        if self._eof:
            time.sleep(timeout)
            return None
        try:
            ready, _, _ = select.select([self.stdin.fileno()], [], [], timeout)
        except (OSError, ValueError):
            self._eof = True
            return None
        if not ready:
            return None
        data = os.read(self.stdin.fileno(), 1)
        if not data:
            self._eof = True  # stdin closed: keep timing, take no more keys
            return None
        char = data.decode("utf-8", "ignore").lower()
        return None if char in ("\n", "\r", "") else char
