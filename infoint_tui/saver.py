"""The one write path: every write the app makes runs here, on one thread, off the event loop.

Screens hand over *jobs*: a key and an action. Typed text is a job too (`submit_text`),
debounced: a save happens at most `delay` seconds after the first unsaved change (typing
does not postpone it), and the newest text for a field replaces an older one still
waiting. Other writes (a question ticked, a note added, an interview deleted) are due at
once and may hand their result back to the screen (`then`), on the event loop.

Nothing is dropped. A job that fails (disk full, a database locked by another program,
a read-only file) stays queued and is retried until it works, while the screen keeps the
text and the app shows the failure in one line. Until a text is stored, `unsaved(key)`
gives it back, so a field shown again shows what was typed, not the older stored text.

Two copies of the app on one database: each text save carries the text this copy last
read or wrote (its base); the store keeps both versions when another copy changed the
text meanwhile (see store/texts.py), and `on_conflict` tells the screen. A job whose row
was deleted in another copy is not retried forever: its text goes to `on_lost` (the app
writes it to a file beside the database) and the job ends.

Never imports textual: the app passes callbacks for status and for running code on the
event loop.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.text_refs import merge_texts


class SaveState(StrEnum):
    """What the indicator shows."""

    SAVED = "saved"
    PENDING = "saving"
    FAILED = "failed"


@dataclass
class _Job:
    due: float
    action: Callable[[], object]
    then: Callable[[Any], object] | None = None
    text: str | None = None
    """The text a text job stores (kept by `unsaved` until it is stored)."""
    failures: int = 0


StatusCallback = Callable[[SaveState, str | None], None]
Deliver = Callable[..., None]
"""Runs `callback(*args)` on the UI's thread (the app passes `call_from_thread`)."""
TextSave = Callable[[str, "str | None"], object]
"""Stores `text` given the `base` last read; returns what was stored (a `TextWrite`) or None."""


def _direct(callback: Callable[..., object], *args: object) -> None:
    callback(*args)


class Saver:
    """Runs write jobs on a background thread, newest value per key, in order of urgency."""

    def __init__(
        self,
        on_status: StatusCallback | None = None,
        *,
        delay: float = 0.3,
        retry_delay: float = 1.0,
        deliver: Deliver | None = None,
        on_conflict: Callable[[Hashable, str, str], None] | None = None,
        on_lost: Callable[[Hashable, str, str], None] | None = None,
    ) -> None:
        """Start the writer thread.

        Args:
            on_status: told each change of state (called on the writer thread).
            delay: how long a typed text may wait before it is saved.
            retry_delay: the wait after a first failure (growing to ten seconds).
            deliver: runs results on the UI thread (default: on the writer thread).
            on_conflict: `(key, stored, theirs)` on the UI thread when both texts were kept.
            on_lost: `(key, text, reason)` on the writer thread when a text's row is gone.
        """
        self.delay = delay
        self.retry_delay = retry_delay
        self._on_status = on_status or (lambda state, message: None)
        self.deliver: Deliver = deliver or _direct
        self.on_conflict = on_conflict
        self.on_lost = on_lost
        self._jobs: dict[Hashable, _Job] = {}
        self._running: Hashable | None = None
        self._unsaved: dict[Hashable, str] = {}
        self._base: dict[Hashable, str] = {}
        self._theirs: dict[Hashable, str] = {}
        self._cancelled: set[Hashable] = set()
        self._serial = itertools.count()
        self._condition = threading.Condition()
        self._closed = False
        self._last_error: str | None = None
        self._thread = threading.Thread(target=self._work, name="infoint-saver", daemon=True)
        self._thread.start()

    @property
    def last_error(self) -> str | None:
        """The message of the latest failure that has not been recovered from yet."""
        return self._last_error

    # -- handing over work -----------------------------------------------------------------

    def submit(
        self,
        key: Hashable,
        action: Callable[[], object],
        *,
        now: bool = False,
        then: Callable[[Any], object] | None = None,
        replace: bool = True,
    ) -> None:
        """Queue `action` as the latest job for `key` (replacing a waiting one).

        `then(result)` runs on the UI thread once the action has succeeded. `replace=False`
        for a job that must run however many come after it (adding a question, moving
        one): it never replaces, nor is replaced by, another job.
        """
        if not replace:
            key = (key, next(self._serial))
        self._queue(key, _Job(0.0, action, then), now)

    def submit_text(self, key: Hashable, text: str, save: TextSave, *, now: bool = False) -> None:
        """Queue the latest `text` of a field; `unsaved(key)` returns it until it is stored."""
        job = _Job(0.0, lambda: None, text=text)
        job.action = lambda: self._save_text(key, job, save)
        with self._condition:
            self._unsaved[key] = text
        self._queue(key, job, now)

    def _queue(self, key: Hashable, job: _Job, now: bool) -> None:
        with self._condition:
            if self._closed:
                raise RuntimeError("the saver is closed")
            job.due = time.monotonic() + (0 if now else self.delay)
            waiting = self._jobs.get(key)
            if waiting is not None:
                job.due = min(job.due, waiting.due)
                job.failures = waiting.failures
            self._jobs[key] = job
            # The writer sleeps until the earliest job is due. A newer text replacing one
            # that waits is due no sooner (typing does not postpone a save), so a keystroke
            # need not wake the writer thread (which would take the interpreter lock from
            # the event loop while it draws the key).
            if waiting is None or job.due < waiting.due:
                self._condition.notify_all()
            failing = self._last_error is not None
        if not failing:  # while saves fail, the one line keeps saying so
            self._on_status(SaveState.PENDING, None)

    def save_now(self, key: Hashable) -> None:
        """Make a waiting save for `key` due at once (a field lost focus)."""
        with self._condition:
            job = self._jobs.get(key)
            if job is not None:
                job.due = min(job.due, time.monotonic())
                self._condition.notify_all()

    def save_all_now(self) -> None:
        """Make every waiting job due at once, without waiting for them."""
        with self._condition:
            for job in self._jobs.values():
                job.due = min(job.due, time.monotonic())
            self._condition.notify_all()

    def cancel(self, key: Hashable) -> None:
        """Drop a waiting job for `key` and its unsaved text (the field was discarded).

        A job for `key` running right now finishes, but is not retried if it fails.
        """
        with self._condition:
            self._jobs.pop(key, None)
            self._unsaved.pop(key, None)
            if self._running == key:
                self._cancelled.add(key)
            self._condition.notify_all()

    # -- the text a field shows ------------------------------------------------------------

    def unsaved(self, key: Hashable) -> str | None:
        """The text typed for `key` that is not stored yet, or None."""
        with self._condition:
            return self._unsaved.get(key)

    def loaded(self, key: Hashable, text: str) -> None:
        """A field shows `text` read from the database: the base its next save compares with."""
        with self._condition:
            if key not in self._unsaved:
                self._base[key] = text
        self.seen(key, text)

    def seen(self, key: Hashable, text: str) -> None:
        """The field of `key` shows `text`: if that holds the other copy's text, it is seen."""
        with self._condition:
            theirs = self._theirs.get(key)
            if theirs is not None and theirs in text:
                del self._theirs[key]

    # -- waiting ---------------------------------------------------------------------------

    def waiting_keys(self) -> list[Hashable]:
        """The keys with a save waiting."""
        with self._condition:
            return list(self._jobs)

    def waiting(self, key: Hashable) -> bool:
        """Whether a save of `key` is waiting or running (what a read shows may be older)."""
        with self._condition:
            return key in self._jobs or self._running == key

    def pending(self) -> int:
        """How many saves are waiting or running."""
        with self._condition:
            return len(self._jobs) + (1 if self._running is not None else 0)

    def flush(self, timeout: float = 5.0) -> bool:
        """Save everything waiting now; return True when all of it reached the database.

        Blocks the calling thread: the app calls it from a worker, or on its way out.
        """
        deadline = time.monotonic() + timeout
        with self._condition:
            for job in self._jobs.values():
                job.due = min(job.due, time.monotonic())
            self._condition.notify_all()
            while self._jobs or self._running is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._condition.wait(remaining)
            return True

    def close(self, timeout: float = 5.0) -> bool:
        """Flush, then stop the thread; return whether everything was saved."""
        saved = self.flush(timeout)
        with self._condition:
            self._closed = True
            self._condition.notify_all()
        self._thread.join(timeout=1.0)
        return saved

    # -- the writer thread -----------------------------------------------------------------

    def _save_text(self, key: Hashable, job: _Job, save: TextSave) -> object:
        assert job.text is not None
        with self._condition:
            base = self._base.get(key)
            theirs = self._theirs.get(key)
        text = job.text
        if theirs is not None and theirs not in text:
            # The screen has not shown the other copy's text yet: keep it in this save too.
            text = merge_texts(text, theirs, one_line=getattr(save, "one_line", False))
        result = save(text, base)
        stored = getattr(result, "stored", text)
        with self._condition:
            self._base[key] = stored
            conflict = getattr(result, "theirs", None)
            if conflict is not None:
                self._theirs[key] = conflict
        # The text stops being "unsaved" on the UI thread: a read and a field filled from
        # it in one step there can never see the old stored text without this one.
        self.deliver(self._stored, key, job.text)
        if conflict is not None and self.on_conflict is not None:
            self.deliver(self.on_conflict, key, stored, conflict)
        return result

    def _stored(self, key: Hashable, text: str) -> None:
        with self._condition:
            if self._unsaved.get(key) == text and key not in self._jobs:
                del self._unsaved[key]

    def _next_job(self) -> tuple[Hashable, _Job] | None:
        with self._condition:
            while True:
                if self._closed and not self._jobs:
                    return None
                if self._jobs:
                    key, job = min(self._jobs.items(), key=lambda item: item[1].due)
                    wait = job.due - time.monotonic()
                    if wait <= 0:
                        del self._jobs[key]
                        self._running = key
                        return key, job
                    self._condition.wait(wait)
                else:
                    self._condition.wait()

    def _work(self) -> None:
        while (item := self._next_job()) is not None:
            key, job = item
            try:
                result = job.action()
            except NotFoundError as error:  # deleted in another copy: retrying cannot help
                self._lost(key, job, str(error))
                continue
            except Exception as error:  # every other failure is retried; the text is kept
                self._failed(key, job, error)
                continue
            self._done()
            if job.then is not None:
                self.deliver(job.then, result)

    def _done(self) -> None:
        with self._condition:
            self._cancelled.discard(self._running)
            self._running = None
            self._condition.notify_all()
            idle = not self._jobs
            recovered = self._last_error is not None and idle
            if recovered:
                self._last_error = None
        if idle:
            self._on_status(SaveState.SAVED, "saved again" if recovered else None)

    def _lost(self, key: Hashable, job: _Job, reason: str) -> None:
        with self._condition:
            if self._unsaved.get(key) == job.text and key not in self._jobs:
                self._unsaved.pop(key, None)
        if job.text is not None and job.text.strip() and self.on_lost is not None:
            try:
                self.on_lost(key, job.text, reason)
            except Exception as error:  # cannot even keep it aside: keep retrying instead
                self._failed(key, job, error)
                return
        self._done()

    def _failed(self, key: Hashable, job: _Job, error: Exception) -> None:
        message = _describe(error)
        with self._condition:
            self._running = None
            self._last_error = message
            job.failures += 1
            job.due = time.monotonic() + min(self.retry_delay * job.failures, 10.0)
            # A newer value typed meanwhile wins; otherwise this one goes back in the queue
            # (unless it was cancelled while it ran).
            if key not in self._cancelled:
                self._jobs.setdefault(key, job)
            self._cancelled.discard(key)
            self._condition.notify_all()
        self._on_status(SaveState.FAILED, message)


def _describe(error: Exception) -> str:
    text = str(error).strip().splitlines()
    detail = text[0] if text else type(error).__name__
    # SQLAlchemy wraps the sqlite3 error: keep the part a user can act on.
    if detail.startswith("(sqlite3."):
        detail = detail.split(") ", 1)[-1]
    return detail
