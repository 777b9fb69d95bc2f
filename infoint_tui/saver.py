"""One writer thread between the UI and the database: throttled, coalesced, retried saves.

Every field hands its latest value here as the user types. A save happens at most
`delay` seconds after the first unsaved change (typing does not postpone it), the
newest value for a field replaces an older one still waiting, and a save that fails
(disk full, database locked by a stuck process, read-only file) stays queued and is
retried until it works, while the UI keeps the text and shows the failure.
Never imports textual: the app passes a callback that reports status.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import StrEnum


class SaveState(StrEnum):
    """What the indicator shows."""

    SAVED = "saved"
    PENDING = "saving"
    FAILED = "failed"


@dataclass
class _Job:
    due: float
    action: Callable[[], object]
    failures: int = 0


StatusCallback = Callable[[SaveState, str | None], None]


class Saver:
    """Runs save actions on a background thread, newest value per key, in order of urgency."""

    def __init__(
        self,
        on_status: StatusCallback | None = None,
        *,
        delay: float = 0.3,
        retry_delay: float = 1.0,
    ) -> None:
        self.delay = delay
        self.retry_delay = retry_delay
        self._on_status = on_status or (lambda state, message: None)
        self._jobs: dict[Hashable, _Job] = {}
        self._running: Hashable | None = None
        self._condition = threading.Condition()
        self._closed = False
        self._last_error: str | None = None
        self._thread = threading.Thread(target=self._work, name="infoint-saver", daemon=True)
        self._thread.start()

    @property
    def last_error(self) -> str | None:
        """The message of the latest failure that has not been recovered from yet."""
        return self._last_error

    def submit(self, key: Hashable, action: Callable[[], object], *, now: bool = False) -> None:
        """Queue `action` as the latest save for `key` (replacing a waiting one)."""
        with self._condition:
            if self._closed:
                raise RuntimeError("the saver is closed")
            due = time.monotonic() + (0 if now else self.delay)
            job = self._jobs.get(key)
            if job is None:
                self._jobs[key] = _Job(due, action)
            else:
                job.action = action
                job.due = min(job.due, due)
            self._condition.notify_all()
        self._on_status(SaveState.PENDING, None)

    def save_now(self, key: Hashable) -> None:
        """Make a waiting save for `key` due at once (a field lost focus)."""
        with self._condition:
            job = self._jobs.get(key)
            if job is not None:
                job.due = min(job.due, time.monotonic())
                self._condition.notify_all()

    def waiting_keys(self) -> list[Hashable]:
        """The keys with a save waiting."""
        with self._condition:
            return list(self._jobs)

    def pending(self) -> int:
        """How many saves are waiting or running."""
        with self._condition:
            return len(self._jobs) + (1 if self._running is not None else 0)

    def flush(self, timeout: float = 5.0) -> bool:
        """Save everything waiting now; return True when all of it reached the database."""
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
                job.action()
            except Exception as error:  # every failure is retried; the text is never dropped
                self._failed(key, job, error)
                continue
            with self._condition:
                self._running = None
                self._condition.notify_all()
                idle = not self._jobs
                recovered = self._last_error is not None and idle
                if recovered:
                    self._last_error = None
            if idle:
                self._on_status(SaveState.SAVED, "saved again" if recovered else None)

    def _failed(self, key: Hashable, job: _Job, error: Exception) -> None:
        message = _describe(error)
        with self._condition:
            self._running = None
            self._last_error = message
            job.failures += 1
            job.due = time.monotonic() + min(self.retry_delay * job.failures, 10.0)
            # A newer value typed meanwhile wins; otherwise this one goes back in the queue.
            self._jobs.setdefault(key, job)
            self._condition.notify_all()
        self._on_status(SaveState.FAILED, message)


def _describe(error: Exception) -> str:
    text = str(error).strip().splitlines()
    detail = text[0] if text else type(error).__name__
    # SQLAlchemy wraps the sqlite3 error: keep the part a user can act on.
    if detail.startswith("(sqlite3."):
        detail = detail.split(") ", 1)[-1]
    return detail
