"""The $EDITOR round trip: text to a private temporary file, the user's editor, and back."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infoint_tui.text import one_line

if TYPE_CHECKING:
    from textual.app import App


def edit_in_editor(app: App[Any], text: str, *, what: str, prefix: str) -> str | None:
    """Let the user edit `text` in $VISUAL or $EDITOR while the app steps aside.

    The text goes to a temporary file only the user can read (removed afterwards), the
    app suspends, the editor runs on the file, and what it left is read back. Each way
    this can fail is told in one notification, and then nothing is returned.

    Args:
        app: the running app (it hands the terminal to the editor and says what failed).
        text: the text to edit.
        what: what the text is, for the messages (e.g. "the note").
        prefix: the start of the temporary file's name (e.g. "infoint-thank-you-").

    Returns:
        The edited text, without the final newline the editor added when `text` had
        none; None when the editor did not run or exited with an error.
    """
    from textual.app import SuspendNotSupported

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        app.notify(
            f"Set $EDITOR (e.g. EDITOR=nano) to edit {what} in your editor.",
            severity="warning",
            markup=False,
        )
        return None
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".txt")  # mode 0600
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            with app.suspend():
                result = subprocess.run([*shlex.split(command), name], check=False)
        except SuspendNotSupported:
            app.notify("This terminal cannot hand over to an editor.", markup=False)
            return None
        except (OSError, ValueError) as error:
            app.notify(
                f"Could not start the editor {command!r}: {one_line(str(error), 80)}",
                severity="error",
                markup=False,
            )
            return None
        if result.returncode != 0:
            app.notify(
                f"The editor exited with an error; {what} is unchanged.",
                severity="warning",
                markup=False,
            )
            return None
        after = path.read_text(encoding="utf-8", errors="replace")
    finally:
        path.unlink(missing_ok=True)
    if after.endswith("\n") and not text.endswith("\n"):
        after = after[:-1]  # the editor's own final newline
    return after
