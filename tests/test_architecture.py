"""Layering rules that keep start-up fast and the data layer usable without a terminal."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path


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


def test_the_records_screens_hold_do_not_import_sqlmodel() -> None:
    # Live makes a NoteRecord before its row exists; that must not load the data layer.
    modules = _modules_after("import infoint_tui.store.records")
    assert "infoint_tui.store.records" in modules
    heavy = {"sqlmodel", "sqlalchemy", "alembic", "textual"}
    assert not {name for name in modules if name.split(".")[0] in heavy}


def test_the_clipboard_library_loads_only_when_a_note_is_copied() -> None:
    modules = _modules_after("import infoint_tui.app, infoint_tui.screens.interview.follow_up")
    assert "infoint_tui.screens.interview.follow_up" in modules
    assert "pyperclip" not in modules and "infoint_tui.clipboard" not in modules


def test_the_editor_round_trip_loads_textual_only_when_it_runs() -> None:
    modules = _modules_after("import infoint_tui.editor")
    assert "infoint_tui.editor" in modules
    assert not {name for name in modules if name.split(".")[0] in {"textual", "rich"}}


def test_a_pane_module_loads_without_the_interview_screen() -> None:
    # Read back takes Reflect's prompts; the package exports InterviewScreen lazily so
    # that does not load the screen, its stage bar and the four other panes.
    modules = _modules_after("import infoint_tui.screens.read_back")
    assert "infoint_tui.screens.interview.reflect" in modules
    assert "infoint_tui.screens.interview.screen" not in modules
    assert "infoint_tui.screens.interview.live" not in modules


# -- no import loop -----------------------------------------------------------------------
# A module-level import cycle makes the order of imports matter and, sooner or later, an
# ImportError on a half-initialised module. Imports under `if TYPE_CHECKING:` never run and
# imports inside functions run late, once every module is loaded: neither can make one.
# (import-linter's contracts in pyproject.toml check the layers; this checks the loops.)

PACKAGE = Path(__file__).resolve().parents[1] / "infoint_tui"


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports that run when the module is imported: not in functions, not TYPE_CHECKING."""
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                pending += node.body
            pending += node.orelse
        elif isinstance(node, ast.Try):
            pending += node.body + node.orelse + node.finalbody
            for handler in node.handlers:
                pending += handler.body
        elif isinstance(node, ast.With | ast.ClassDef):
            pending += node.body
        # FunctionDef, AsyncFunctionDef: their imports run only when called.


def import_graph(root: Path) -> dict[str, set[str]]:
    """Each module of the package at `root` -> the modules of it that it imports at load."""
    files = {_module_name(root, path): path for path in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in _module_level_imports(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                wanted = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    package = name.split(".")
                    if not is_package:
                        package.pop()
                    package = package[: len(package) - (node.level - 1)]
                    base = ".".join([*package, *([base] if base else [])])
                # `from a import b` imports the module a.b when there is one, else a.
                wanted = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base
                    for alias in node.names
                ]
            for module in wanted:
                # Importing a.b.c runs a and a.b first, except the importer's own packages
                # (a package that imports its submodules is no loop).
                parts = module.split(".")
                for end in range(1, len(parts) + 1):
                    target = ".".join(parts[:end])
                    if target in files and not name.startswith(target + "."):
                        targets.add(target)
        targets.discard(name)
        graph[name] = targets
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(cycles)


def test_no_module_level_import_cycle_in_the_package() -> None:
    graph = import_graph(PACKAGE)
    assert {"infoint_tui.app", "infoint_tui.screens.home", "infoint_tui.messages"} <= set(graph)
    assert "infoint_tui.messages" in graph["infoint_tui.screens.home"]
    assert import_cycles(graph) == []


def test_the_cycle_check_sees_a_loop_and_ignores_type_checking_and_late_imports(
    tmp_path: Path,
) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from pkg.sub import c\n")
    (package / "sub" / "c.py").write_text("from pkg.sub import d\n")  # a package's own: fine
    (package / "sub" / "d.py").write_text("")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import b\n"
        "def later():\n    from pkg import b\n"
    )
    (package / "b.py").write_text("from . import a\n")
    assert import_cycles(import_graph(package)) == []

    (package / "a.py").write_text("import pkg.b\n")
    assert import_cycles(import_graph(package)) == [["pkg.a", "pkg.b"]]
    (package / "a.py").write_text("try:\n    from .sub.d import x\nexcept ImportError:\n    pass\n")
    (package / "sub" / "d.py").write_text("from ..b import y\n")
    # a imports pkg.sub.d, which runs pkg.sub first (and its c): all in the loop.
    assert import_cycles(import_graph(package)) == [
        ["pkg.a", "pkg.b", "pkg.sub", "pkg.sub.c", "pkg.sub.d"]
    ]


# -- the store is the only door ------------------------------------------------------------
# Screens, dialogs and the command line call `Store` methods; none of them holds the engine,
# so what they read and write is the store's to decide (issue #11).

ENGINE_USE = re.compile(r"\.engine\b")


def engine_uses(paths: Iterable[Path]) -> list[str]:
    """Each line (as `file:line: text`) of `paths` that reaches for an engine."""
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ENGINE_USE.search(line):
                found.append(f"{path.name}:{number}: {line.strip()}")
    return found


def _ui_sources() -> list[Path]:
    folders = [PACKAGE / "screens", PACKAGE / "dialogs"]
    return [PACKAGE / "cli.py", *(path for folder in folders for path in folder.rglob("*.py"))]


def test_screens_dialogs_and_the_command_line_reach_data_only_through_the_store() -> None:
    sources = _ui_sources()
    assert PACKAGE / "screens" / "search.py" in sources
    assert engine_uses(sources) == []


def test_the_door_check_sees_an_engine(tmp_path: Path) -> None:
    sample = tmp_path / "screen.py"
    sample.write_text("rows = todo_items(store.engine)\nengine = 1\nself.engines = []\n")
    assert engine_uses([sample]) == ["screen.py:1: rows = todo_items(store.engine)"]
