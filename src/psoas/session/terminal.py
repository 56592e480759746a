"""The terminal face of the session engine: Rich live countdown, single-key input, spoken cues.

Keys are read in cbreak mode (no Enter needed) when stdin is a terminal; otherwise the session simply
plays through. Prompts for the pain score switch back to normal line input for the moment they need it.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from types import TracebackType
from typing import IO

from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.text import Text

from psoas._keys import KeyReader
from psoas.session.player import PainChoice, View
from psoas.session.timeline import Kind, Step

__all__ = ["TerminalIO", "Voice"]

KEYS_HELP = "[dim]space[/] pause  [dim]s[/] skip  [dim]p[/] it hurts  [dim]q[/] quit (progress is saved)"
STYLE = {Kind.SETUP: "cyan", Kind.WORK: "green", Kind.SWITCH: "yellow", Kind.REST: "blue"}


class Voice:
    """Speaks through espeak-ng when it is installed; silent (and says so once) when it is not."""

    def __init__(self, enabled: bool) -> None:
        self.binary = shutil.which("espeak-ng") if enabled else None
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def available(self) -> bool:
        return self.binary is not None

    def say(self, text: str) -> None:
        if self.binary is None:
            return
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()  # a new step's cue replaces the old one rather than queueing behind it
        with contextlib.suppress(OSError):
            self._proc = subprocess.Popen(
                [self.binary, "-s", "150", text], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.wait(timeout=5)


class TerminalIO:
    def __init__(self, console: Console, voice: Voice, stdin: IO[str] | None = None) -> None:
        self.console = console
        self.voice = voice
        self.stdin = stdin or sys.stdin
        self.keys = KeyReader(self.stdin)
        self._live: Live | None = None

    def __enter__(self) -> TerminalIO:
        self.keys.__enter__()
        self._live = Live(console=self.console, auto_refresh=False, transient=False)
        self._live.start()
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        if self._live is not None:
            self._live.stop()
        self.keys.__exit__()
        self.voice.close()

    # --- PlayerIO ---------------------------------------------------------------------------------------

    def monotonic(self) -> float:
        return time.monotonic()

    def key(self, timeout: float) -> str | None:
        return self.keys.key(timeout)

    def show(self, view: View) -> None:
        if self._live is not None:
            self._live.update(_panel(view), refresh=True)

    def say(self, text: str) -> None:
        self.voice.say(text)

    def ask_pain(self, step: Step) -> int:
        with self._line_mode():
            self.console.print(
                f"[bold red]Stopped {step.name}.[/] Pain right now, 0 (none) to 10 (worst)?", highlight=False
            )
            while True:
                answer = self._readline("pain 0–10> ")
                if answer.isdigit() and 0 <= int(answer) <= 10:
                    return int(answer)
                self.console.print("Please type a whole number from 0 to 10.", highlight=False)

    def ask_choice(self, step: Step, easier: str) -> PainChoice:
        with self._line_mode():
            self.console.print(f"Easier version: {easier}", highlight=False)
            answer = self._readline("[e] try the easier version  [s] skip this exercise> ")
            return PainChoice.EASIER if answer.lower().startswith("e") else PainChoice.SKIP

    # --- terminal modes ---------------------------------------------------------------------------------

    def _readline(self, prompt: str) -> str:
        self.console.print(prompt, end="", highlight=False, markup=False)
        line = self.stdin.readline()
        if not line:
            return ""
        return line.strip()

    @contextlib.contextmanager
    def _line_mode(self) -> Iterator[None]:
        if self._live is not None:
            self._live.stop()
        self.keys.__exit__()
        try:
            yield
        finally:
            self.keys.__enter__()
            if self._live is not None:
                self._live.start()


def _panel(view: View) -> Panel:
    step = view.step
    where = []
    if step.set_no is not None:
        where.append(f"set {step.set_no}/{step.sets}")
    if step.side:
        where.append(f"{step.side} side")
    if step.reps:
        done = int((step.seconds - view.remaining_s) // max(1, step.seconds / step.reps))
        where.append(f"rep {min(step.reps, done + 1)}/{step.reps}")
    title = f"[bold]{step.name}[/] · {step.kind.value}" + (f" · {' · '.join(where)}" if where else "")
    clock = Text(f"{_mmss(view.remaining_s)}", style=f"bold {STYLE[step.kind]}")
    if view.paused:
        clock.append("  paused", style="bold yellow")
    lines: list[Text | ProgressBar] = [clock, Text(step.text)]
    if view.easier:
        lines.append(Text(f"Easier version: {view.easier}", style="magenta"))
    lines.append(ProgressBar(total=max(view.total_s, 1), completed=view.done_s, width=40))
    lines.append(Text.from_markup(f"{_mmss(view.done_s)} of {_mmss(view.total_s)}   {KEYS_HELP}"))
    return Panel(Group(*lines), title=title, title_align="left")


def _mmss(seconds: float) -> str:
    s = max(0, round(seconds))
    return f"{s // 60}:{s % 60:02d}"
