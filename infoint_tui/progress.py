"""A progress bar for long command-line work (export, import), on a terminal only.

The bar goes to standard error and only when standard error is a terminal, so a piped or
redirected run prints nothing extra; `rich` (installed with Textual) is imported only then.
The work reports progress by calling the function the context manager yields, with how many
items are done so far; the bar is removed when the work ends, however it ends.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

#: Reports how many items are done so far (a running total, not an increment).
Advance = Callable[[int], None]


def _nothing(done: int) -> None:
    """The progress callback when there is no terminal to show it on."""


def shown_on(stream: TextIO) -> bool:
    """Whether a progress bar would be drawn on `stream` (a terminal, and not a dumb one)."""
    import os

    try:
        return stream.isatty() and os.environ.get("TERM", "") != "dumb"
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


@contextmanager
def progress(
    description: str, total: int | None, stream: TextIO | None = None
) -> Iterator[Advance]:
    """A bar labelled `description` counting up to `total` items (None when not known).

    Yields the callback to report the running total with. On anything but a terminal the
    callback does nothing and nothing is written.
    """
    stream = stream if stream is not None else sys.stderr
    if not shown_on(stream):
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(file=stream, highlight=False, markup=False)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True, refresh_per_second=8) as bar:
        task = bar.add_task(description, total=total)

        def advance(done: int) -> None:
            bar.update(task, completed=done)

        yield advance
