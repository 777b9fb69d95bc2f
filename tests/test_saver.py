"""The writer thread: throttling, coalescing, retries and flushing."""

from __future__ import annotations

import threading
import time

from infoint_tui.saver import Saver, SaveState


class Recorder:
    def __init__(self) -> None:
        self.saved: list[tuple[str, str]] = []
        self.states: list[tuple[SaveState, str | None]] = []
        self.fail = 0
        self.lock = threading.Lock()

    def status(self, state: SaveState, message: str | None) -> None:
        self.states.append((state, message))

    def save(self, key: str, value: str):
        def action() -> None:
            with self.lock:
                if self.fail:
                    self.fail -= 1
                    raise OSError("disk full")
                self.saved.append((key, value))

        return action


def test_latest_value_wins_and_is_saved_within_the_delay() -> None:
    recorder = Recorder()
    saver = Saver(recorder.status, delay=0.2)
    for text in ("h", "he", "hel", "hell", "hello"):
        saver.submit("answer-1", recorder.save("answer-1", text))
    assert recorder.saved == []  # nothing before the delay
    assert saver.flush(timeout=2)
    assert recorder.saved == [("answer-1", "hello")]
    assert recorder.states[-1] == (SaveState.SAVED, None)
    saver.close()


def test_continuous_typing_does_not_postpone_saving() -> None:
    recorder = Recorder()
    saver = Saver(recorder.status, delay=0.1)
    started = time.monotonic()
    text = ""
    while time.monotonic() - started < 0.6:  # type for 0.6 s at about 50 keys a second
        text += "x"
        saver.submit("a", recorder.save("a", text))
        time.sleep(0.02)
    saves_while_typing = len(recorder.saved)
    assert saves_while_typing >= 2, recorder.saved
    saver.close()
    assert recorder.saved[-1] == ("a", text)


def test_failed_save_is_kept_and_retried() -> None:
    recorder = Recorder()
    recorder.fail = 2
    saver = Saver(recorder.status, delay=0.0, retry_delay=0.05)
    saver.submit("n", recorder.save("n", "important"))
    assert saver.flush(timeout=3)
    assert recorder.saved == [("n", "important")]
    failures = [message for state, message in recorder.states if state is SaveState.FAILED]
    assert failures == ["disk full", "disk full"]
    assert recorder.states[-1] == (SaveState.SAVED, "saved again")
    assert saver.last_error is None
    saver.close()


def test_newer_value_replaces_a_failed_one() -> None:
    recorder = Recorder()
    recorder.fail = 1
    saver = Saver(recorder.status, delay=0.0, retry_delay=0.3)
    saver.submit("n", recorder.save("n", "old"))
    deadline = time.monotonic() + 2
    while saver.last_error is None and time.monotonic() < deadline:
        time.sleep(0.01)
    saver.submit("n", recorder.save("n", "new"))
    assert saver.flush(timeout=3)
    assert recorder.saved == [("n", "new")]
    saver.close()


def test_flush_reports_failure_when_writes_never_work() -> None:
    recorder = Recorder()
    recorder.fail = 10**6
    saver = Saver(recorder.status, delay=0.0, retry_delay=0.05)
    saver.submit("n", recorder.save("n", "kept"))
    assert saver.flush(timeout=0.3) is False
    assert saver.pending() == 1
    recorder.fail = 0
    assert saver.flush(timeout=3)
    assert recorder.saved == [("n", "kept")]
    saver.close()


def test_save_now_skips_the_wait() -> None:
    recorder = Recorder()
    saver = Saver(recorder.status, delay=30)
    saver.submit("k", recorder.save("k", "blurred"))
    saver.save_now("k")
    deadline = time.monotonic() + 2
    while not recorder.saved and time.monotonic() < deadline:
        time.sleep(0.01)
    assert recorder.saved == [("k", "blurred")]
    saver.close()


def test_a_keystroke_does_not_wake_the_writer_but_a_sooner_job_does() -> None:
    recorder = Recorder()
    saver = Saver(recorder.status, delay=5.0)
    wakes: list[None] = []
    notify_all = saver._condition.notify_all

    def counted() -> None:
        wakes.append(None)
        notify_all()

    saver._condition.notify_all = counted  # type: ignore[method-assign]
    for text in ("s", "sh", "she"):
        saver.submit("a", recorder.save("a", text))
    assert len(wakes) == 1  # the first key only: the others are due no sooner
    saver.submit("b", recorder.save("b", "ticked"), now=True)
    deadline = time.monotonic() + 2
    while ("b", "ticked") not in recorder.saved and time.monotonic() < deadline:
        time.sleep(0.01)
    assert recorder.saved == [("b", "ticked")]  # at once, while the typed text still waits
    saver.submit("a", recorder.save("a", "she s"))
    saver.save_now("a")  # the field lost focus: the newest text goes now
    assert saver.flush(timeout=2)
    assert recorder.saved == [("b", "ticked"), ("a", "she s")]
    saver.close()
