"""After an unexpected error: the saves still reach the database, a private report, exit 1.

The real program on a database that makes Home fail is tests/e2e/test_e2e_robust.py.
"""

from __future__ import annotations

import io
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.worker import WorkerFailed

from infoint_tui import crash


def _fail_with_a_secret_in_a_local() -> None:
    secret = "Notes about Jane Doe"  # noqa: F841 (a local a rich traceback would show)
    raise ValueError("the stored value is not a time")


def _caught() -> ValueError:
    try:
        _fail_with_a_secret_in_a_local()
    except ValueError as error:
        return error
    raise AssertionError("no error")


def test_report_writes_a_private_file_and_one_line_and_returns_1(tmp_path: Path) -> None:
    stream = io.StringIO()
    order: list[str] = []

    def flush() -> bool:
        order.append(f"flushed, reports so far: {len(list(tmp_path.glob('crash-*')))}")
        return True

    assert crash.report(_caught(), tmp_path, flush=flush, stream=stream) == 1
    (report,) = tmp_path.glob("crash-*.txt")
    assert order == ["flushed, reports so far: 0"]  # the saves come first
    assert stream.getvalue() == (
        f"infoint-tui: unexpected error (ValueError); details in {report}\n"
    )
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    text = report.read_text(encoding="utf-8")
    assert "error: builtins.ValueError" in text and "textual: " in text
    assert "in _fail_with_a_secret_in_a_local" in text
    assert text.rstrip().endswith("ValueError: the stored value is not a time")
    assert "Jane Doe" not in text  # the local variable: a rich traceback would show it


def test_a_failed_worker_is_reported_as_its_own_error() -> None:
    error = _caught()
    assert crash.unwrap(WorkerFailed(error)) is error
    text = crash.report_text(crash.unwrap(WorkerFailed(error)), datetime.now(UTC))
    assert "WorkerFailed" not in text and "ValueError: the stored value" in text


def test_two_crashes_in_one_second_keep_both_reports(tmp_path: Path) -> None:
    now = datetime(2026, 11, 29, 17, 40, tzinfo=UTC)
    first = crash.write_report(_caught(), tmp_path, now)
    second = crash.write_report(_caught(), tmp_path, now)
    assert first.name == "crash-2026-11-29T17-40-00.txt"
    assert second.name == "crash-2026-11-29T17-40-00-2.txt"


def test_without_a_writable_folder_the_line_says_so_and_still_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-folder"
    folder.write_text("")  # a report cannot go in there, even for root
    stream = io.StringIO()
    assert crash.report(_caught(), folder, flush=lambda: False, stream=stream) == 1
    line = stream.getvalue()
    assert line.startswith("infoint-tui: unexpected error (ValueError); the last changes could")
    assert f"no report could be written in {folder}" in line


def test_without_a_folder_the_report_goes_to_the_user_data_folder(private_data_dirs) -> None:
    stream = io.StringIO()
    assert crash.report(_caught(), None, stream=stream) == 1
    (report,) = (private_data_dirs / "xdg_data_home" / "infoint-tui").glob("crash-*.txt")
    assert str(report) in stream.getvalue()
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700


async def test_a_crash_in_the_app_is_kept_and_the_waiting_save_still_reaches_the_db(
    make_app, store
) -> None:
    interview_id = store.create_interview("Ada").id
    app = make_app()
    app.saver.delay = 60  # the save is still waiting when the app fails

    def fail() -> None:
        raise ZeroDivisionError("a handler failed")

    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.queue_save("goals", lambda: store.update_interview(interview_id, goals="typed"))
            app.call_later(fail)
            await pilot.pause()
    assert isinstance(app.crash, ZeroDivisionError)
    assert app.return_code == 1
    assert crash.save_and_close(app)
    assert store.interview(interview_id).interview.goals == "typed"


def test_run_reports_an_error_outside_textuals_handling(tmp_path: Path, capsys) -> None:
    from infoint_tui.saver import Saver

    class BrokenTerminalApp:
        crash = None
        store = None

        def __init__(self) -> None:
            self.saver = Saver()

        def run(self) -> None:
            raise OSError(25, "Inappropriate ioctl for device")

    assert crash.run(BrokenTerminalApp, tmp_path) is None  # type: ignore[arg-type]
    (report,) = tmp_path.glob("crash-*.txt")
    line = f"infoint-tui: unexpected error (OSError); details in {report}\n"
    assert capsys.readouterr().err == line


def test_run_reports_an_app_that_cannot_even_be_built(tmp_path: Path, capsys) -> None:
    def build():
        raise KeyError("theme")

    assert crash.run(build, tmp_path) is None
    assert "unexpected error (KeyError); details in" in capsys.readouterr().err
