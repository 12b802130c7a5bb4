"""A tiny progress bar for long imports and the demo builder.

Written by hand rather than taken from a library: it is thirty lines, needs no new dependency,
and must behave well in logs (cron, CI) where a redrawing bar would fill the file with carriage
returns — there it prints a plain line every 10 % instead.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``with Progress(total, label="导入") as bar: bar.advance(n)``. Silent when total is small."""

    def __init__(
        self,
        total: int | None,
        *,
        label: str = "",
        stream: TextIO | None = None,
        min_total: int = 1000,
        width: int = 30,
    ):
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.width = width
        self.enabled = total is None or total >= min_total
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_step = -1
        self._last_draw = 0.0
        self._start = time.monotonic()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw >= 0.1 or self.done == self.total:
                self._last_draw = now
                self._write("\r" + self._bar())
                self.stream.flush()
        elif self.total:
            step = self.done * 10 // self.total
            if step != self._last_step:
                self._last_step = step
                self._write(f"{self.label} {step * 10}% ({self.done}/{self.total})\n")
        elif self.done % 10000 < n:
            self._write(f"{self.label} {self.done}\n")

    def _write(self, text: str) -> None:
        # Django's OutputWrapper appends a newline unless told not to; a redrawn bar must not.
        try:
            self.stream.write(text, ending="")  # type: ignore[call-arg]
        except TypeError:
            self.stream.write(text)

    def _bar(self) -> str:
        elapsed = time.monotonic() - self._start
        if not self.total:
            return f"{self.label} {self.done} ({elapsed:.0f}s)"
        frac = min(self.done / self.total, 1.0)
        filled = int(frac * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        return f"{self.label} [{bar}] {frac:4.0%} {self.done}/{self.total} ({elapsed:.0f}s)"

    def close(self) -> None:
        if self.enabled and self.tty:
            self._write("\r" + self._bar() + "\n")
            self.stream.flush()
