"""End to end: `infoint-tui demo` shows sample interviews and never touches the user's data."""

from __future__ import annotations

import os
from pathlib import Path

from .tmux import PROGRAM, Tmux


def test_demo_opens_sample_data_on_a_temporary_database(tmp_path: Path) -> None:
    user_db = Path(os.environ["INFOINT_TUI_DB"])
    assert not user_db.exists()
    temp_root = tmp_path / "tmp"
    temp_root.mkdir()
    with Tmux([PROGRAM, "demo"], cwd=tmp_path, env={"TMPDIR": str(temp_root)}) as tmux:
        home = tmux.wait_for("Priya Raman", timeout=20)
        assert "Jonas Berg" in home
        # The demo database lives in a private temporary folder while the app runs.
        [folder] = list(temp_root.iterdir())
        assert (folder / "demo.db").exists()
        tmux.send("C-q")
        assert tmux.wait_exit() == 0, tmux.screen(history=True)
    assert not user_db.exists(), "the demo must not create or touch the user's database"
    assert list(temp_root.iterdir()) == [], "the demo database must be removed on quit"
