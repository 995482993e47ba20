"""A batch's progress line on stderr: count, rate and time left, only on a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``[#####·····] 120/500  42.1 articles/s  ETA 9 s``, redrawn in place."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 28) -> None:
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.started = time.perf_counter()
        self._last_draw = 0.0
        self._shown = False  # the bar is on the terminal's last line
        self._cleared = False  # it was, until a message took its place

    def advance(self) -> None:
        """One more article done: redrawn at most ten times a second, but always at the
        end and right after ``clear`` (a message must not leave the bar away)."""
        self.done += 1
        now = time.perf_counter()
        if self._cleared or now - self._last_draw >= 0.1 or self.done == self.total:
            self._last_draw = now
            self.draw(now)

    def draw(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        filled = int(self.width * self.done / max(self.total, 1))
        bar = "#" * filled + "·" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total}  {rate:.1f} articles/s  ETA {left:.0f} s\x1b[K")
        self.stream.flush()
        self._shown, self._cleared = True, False

    def clear(self) -> None:
        """Make room for a message line; the next ``advance`` puts the bar back."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown, self._cleared = False, True

    def finish(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
