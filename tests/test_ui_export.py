"""Markdown export from the app: a folder asked for, private atomic files, one question."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import settle, type_text
from test_ui_read_back import open_read_back, rich_interview
from textual.widgets import Input, Static

from infoint_tui import exporting
from infoint_tui.dialogs.confirm import ConfirmDialog
from infoint_tui.dialogs.export import ExportDialog, start_files_export, start_markdown_export
from infoint_tui.screens.home import HomeScreen
from infoint_tui.screens.read_back import ReadBackScreen

FILENAME = "2025-03-12 Jane Doe - UX research.md"


@pytest.fixture(autouse=True)
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's documents folder, inside this test's tmp_path."""
    folder = tmp_path / "Documents"
    monkeypatch.setattr("platformdirs.user_documents_path", lambda: folder)
    return folder


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def export_to(pilot, folder: Path | None) -> ExportDialog:
    """Answer the open export dialog with `folder` (None: keep the default) and enter."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    if folder is not None:
        dialog.query_one("#export-folder", Input).value = str(folder)
    await pilot.press("enter")
    await settle(pilot)
    return dialog


async def test_m_exports_the_interview_to_a_private_file(
    notices, store, make_app, tmp_path, documents
) -> None:
    interview_id = rich_interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await open_read_back(pilot, interview_id)
        await pilot.press("m")
        await settle(pilot)
        field = app.screen.query_one("#export-folder", Input)
        assert field.value == str(documents / "infoint-tui")
        target = tmp_path / "out" / "notes"
        await export_to(pilot, target)
        assert isinstance(app.screen, ReadBackScreen)
        assert [path.name for path in target.iterdir()] == [FILENAME]
        written = target / FILENAME
        assert mode(written) == 0o600
        assert mode(target) == 0o700 and mode(target.parent) == 0o700
        text = written.read_text(encoding="utf-8")
        assert "# Jane Doe — UX research" in text and "By accident, via teaching" in text
        assert f"Wrote 1 file to {target}" in notices.messages


async def test_the_default_folder_is_in_the_documents_folder(store, make_app, documents) -> None:
    interview_id = rich_interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_read_back(pilot, interview_id)
        await pilot.press("m")
        await settle(pilot)
        await export_to(pilot, None)
        assert (documents / "infoint-tui" / FILENAME).is_file()


async def test_a_typed_folder_with_a_tilde_is_the_home_folder(
    store, make_app, private_data_dirs
) -> None:
    interview_id = rich_interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_read_back(pilot, interview_id)
        await pilot.press("m")
        await settle(pilot)
        field = app.screen.query_one("#export-folder", Input)
        field.value = ""
        await type_text(pilot, "~/notes")
        await pilot.press("enter")
        await settle(pilot)
        assert (private_data_dirs / "notes" / FILENAME).is_file()


async def test_an_existing_file_kept_both_writes_a_numbered_copy(store, make_app, tmp_path) -> None:
    interview_id = rich_interview(store)
    target = tmp_path / "out"
    target.mkdir()
    original = b"my own edits\r\n\x00binary"
    (target / FILENAME).write_bytes(original)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_read_back(pilot, interview_id)
        await pilot.press("m")
        await settle(pilot)
        await export_to(pilot, target)
        assert isinstance(app.screen, ConfirmDialog)
        body = app.screen.query(Static).nodes
        shown = "\n".join(str(widget.render()) for widget in body)
        assert "1 file exists already" in shown and FILENAME in shown
        await pilot.press("n")  # keep both
        await settle(pilot)
        assert (target / FILENAME).read_bytes() == original
        copy = target / "2025-03-12 Jane Doe - UX research (2).md"
        assert "# Jane Doe — UX research" in copy.read_text(encoding="utf-8")
        assert mode(copy) == 0o600
        assert sorted(path.name for path in target.iterdir()) == sorted([FILENAME, copy.name])


async def test_an_existing_file_is_overwritten_when_asked(store, make_app, tmp_path) -> None:
    interview_id = rich_interview(store)
    target = tmp_path / "out"
    target.mkdir()
    (target / FILENAME).write_text("old", encoding="utf-8")
    os.chmod(target / FILENAME, 0o644)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_read_back(pilot, interview_id)
        await pilot.press("m")
        await settle(pilot)
        await export_to(pilot, target)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert [path.name for path in target.iterdir()] == [FILENAME]
        assert "# Jane Doe — UX research" in (target / FILENAME).read_text(encoding="utf-8")
        assert mode(target / FILENAME) == 0o600


async def test_escape_cancels_and_writes_nothing(
    notices, store, make_app, tmp_path, documents
) -> None:
    interview_id = rich_interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await open_read_back(pilot, interview_id)
        await pilot.press("m")
        await settle(pilot)
        app.screen.query_one("#export-folder", Input).value = str(tmp_path / "out")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReadBackScreen)
        assert not (tmp_path / "out").exists() and not documents.exists()
        assert not any("Wrote" in message for message in notices.messages)


async def test_an_empty_folder_field_is_refused_in_place(store, make_app) -> None:
    interview_id = rich_interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_read_back(pilot, interview_id)
        await pilot.press("m")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#export-folder", Input).value = "  "
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "Type the folder" in str(dialog.query_one("#export-problem", Static).render())


async def test_an_unwritable_folder_is_reported_in_one_line(
    notices, store, make_app, tmp_path
) -> None:
    interview_id = rich_interview(store)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await open_read_back(pilot, interview_id)
        await pilot.press("m")
        await settle(pilot)
        await export_to(pilot, blocker / "notes")
        failures = [m for m in notices.messages if m.startswith("Could not write to")]
        assert len(failures) == 1 and "\n" not in failures[0]
        assert failures[0] == f"Could not write to {blocker / 'notes'}: Not a directory"
        assert app.is_running and isinstance(app.screen, ReadBackScreen)
        assert blocker.read_text(encoding="utf-8") == "not a folder"


async def test_all_interviews_export_one_file_each(notices, store, make_app, tmp_path) -> None:
    rich_interview(store)  # also makes Ann Smith's and Cleo Park's interviews
    store.create_interview("Dee [b]Bold[/b]", occupation="Nursing")
    total = len(store.list_interviews())
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await settle(pilot)
        start_markdown_export(app, None)
        await settle(pilot)
        assert "Export all interviews" in str(app.screen.query_one(".dialog-title").render())
        await export_to(pilot, tmp_path / "all")
        names = sorted(path.name for path in (tmp_path / "all").iterdir())
        assert len(names) == total == 4
        assert FILENAME in names
        assert any(name.endswith("Dee [b]Bold[-b] - Nursing.md") for name in names)
        assert f"Wrote {total} files to {tmp_path / 'all'}" in notices.messages
        assert isinstance(app.screen, HomeScreen)


async def test_nothing_to_export_says_so(notices, store, make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await settle(pilot)
        start_markdown_export(app, None)
        await settle(pilot)
        await export_to(pilot, tmp_path / "none")
        assert not (tmp_path / "none").exists()
        assert "There is nothing to export yet." in notices.messages


async def test_a_failing_build_is_reported_and_the_app_keeps_running(
    notices, store, make_app, tmp_path
) -> None:
    def build() -> list[tuple[str, str]]:
        raise ValueError("calendar [b]broke[/b]\nbadly")

    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await settle(pilot)
        start_files_export(app, "Export the calendar", build, tmp_path / "cal")
        await settle(pilot)
        await export_to(pilot, None)
        assert app.is_running
        failures = [m for m in notices.messages if m.startswith("Export failed")]
        assert failures == ["Export failed (ValueError): calendar [b]broke[/b] badly"]
        assert not (tmp_path / "cal").exists()


async def test_a_generic_export_writes_what_build_returns(
    notices, store, make_app, tmp_path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await settle(pilot)
        files = [("a.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), ("b.txt", "two")]
        start_files_export(app, "Export the calendar", lambda: files, tmp_path / "cal")
        await settle(pilot)
        assert app.screen.query_one("#export-folder", Input).value == str(tmp_path / "cal")
        await export_to(pilot, None)
        assert (tmp_path / "cal" / "a.ics").read_bytes() == files[0][1].encode()
        assert "Wrote 2 files to" in notices.messages[-1]


# -- the file helpers, without the UI ----------------------------------------------------


def test_keep_both_names_never_clash_with_the_folder_or_each_other(tmp_path) -> None:
    for name in ("a.md", "a (2).md", "b.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    names = ["a.md", "b.md", "b (2).md", "c.md", "c.md", "README"]
    (tmp_path / "README").write_text("x", encoding="utf-8")
    assert exporting.keep_both_names(tmp_path, names) == [
        "a (3).md",
        "b (3).md",
        "b (2).md",
        "c.md",
        "c (2).md",
        "README (2)",
    ]
    assert exporting.keep_both_names(tmp_path, ["a.md", "a.md"], beside_existing=False) == [
        "a.md",
        "a (2).md",
    ]


def test_write_files_is_private_and_leaves_no_temporary_files(tmp_path) -> None:
    folder = tmp_path / "x" / "y"
    result = exporting.write_files(folder, [("one.md", "1"), ("two.md", "2")], overwrite=False)
    assert result.error is None and len(result.written) == 2
    assert sorted(path.name for path in folder.iterdir()) == ["one.md", "two.md"]
    assert {mode(path) for path in folder.iterdir()} == {0o600}
    assert mode(folder) == mode(folder.parent) == 0o700


def test_write_files_refuses_names_that_are_paths(tmp_path) -> None:
    folder = tmp_path / "out"
    with pytest.raises(ValueError):
        exporting.write_files(folder, [("../escape.md", "x")], overwrite=True)
    assert not folder.exists() and not (tmp_path / "escape.md").exists()


def test_a_failed_write_removes_its_temporary_file(tmp_path, monkeypatch) -> None:
    def refuse(source: str, target: object) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(exporting.os, "replace", refuse)
    folder = tmp_path / "out"
    result = exporting.write_files(folder, [("one.md", "1")], overwrite=True)
    assert isinstance(result.error, PermissionError) and result.written == []
    assert list(folder.iterdir()) == []
    assert exporting.describe_error(result.error).startswith("Permission denied: ")


def test_the_file_helpers_and_the_screens_stay_light() -> None:
    # exporting.py is usable without a terminal; the page and dialog load SQLModel lazily.
    code = (
        "import sys, infoint_tui.exporting; a = set(sys.modules); "
        "import infoint_tui.screens.read_back; b = set(sys.modules); "
        "print(' '.join(a)); print(' '.join(b))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    helpers, screens = (set(line.split()) for line in result.stdout.splitlines())
    assert not {name for name in helpers if name.split(".")[0] in {"textual", "rich"}}
    assert not {name for name in screens if name.split(".")[0] in {"sqlmodel", "sqlalchemy"}}
