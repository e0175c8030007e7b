"""A progress bar for long runs: on standard error, only when it is a terminal (never in
CI logs or pipes), and only once a run has taken about a second."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import IO, Any

DELAY = 1.0  # seconds before a bar appears


def wanted(stream: IO[str]) -> bool:
    """Whether a bar may be drawn on this stream."""
    interactive = getattr(stream, "isatty", lambda: False)()
    return bool(interactive) and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


class ProgressBar:
    """Called with (done, total) as work advances; draws a transient rich bar after
    ``DELAY`` seconds. Use as a context manager so the bar is removed at the end."""

    def __init__(
        self,
        description: str,
        stream: IO[str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        force: bool = False,
    ) -> None:
        self.description = description
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.enabled = force or wanted(self.stream)
        self.started = clock()
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            if self.clock() - self.started < DELAY:
                return
            self._start(done, total)
        self._bar.update(self._task, completed=done, total=total)

    def _start(self, done: int, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(file=self.stream, force_terminal=True)
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task = self._bar.add_task(self.description, total=total, completed=done)
        self._bar.start()

    def close(self) -> None:
        """Remove the bar, if one was drawn."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
