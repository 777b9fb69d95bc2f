"""Layering rules that keep start-up fast and the data layer usable without a terminal."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_store_never_imports_textual() -> None:
    modules = _modules_after(
        "import infoint_tui.store.store, infoint_tui.store.exchange, "
        "infoint_tui.store.search, infoint_tui.store.demo, infoint_tui.store.engine"
    )
    assert "infoint_tui.store.store" in modules
    assert not {name for name in modules if name.split(".")[0] in {"textual", "rich"}}


def test_cli_and_file_checks_do_not_import_sqlmodel() -> None:
    # `infoint-tui --help`, `path` and the check before the UI starts stay light.
    modules = _modules_after("import infoint_tui.cli, infoint_tui.store.files, infoint_tui.paths")
    assert "infoint_tui.store.files" in modules
    heavy = {"sqlmodel", "sqlalchemy", "alembic", "textual"}
    assert not {name for name in modules if name.split(".")[0] in heavy}


def test_app_module_does_not_import_sqlmodel() -> None:
    modules = _modules_after("import infoint_tui.app")
    assert "textual" in modules
    assert not {name for name in modules if name.split(".")[0] in {"sqlmodel", "alembic"}}


def test_the_clipboard_library_loads_only_when_a_note_is_copied() -> None:
    modules = _modules_after("import infoint_tui.app, infoint_tui.screens.follow_up")
    assert "infoint_tui.screens.follow_up" in modules
    assert "pyperclip" not in modules and "infoint_tui.clipboard" not in modules
