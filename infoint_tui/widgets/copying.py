"""Copying a note for the user: the system clipboard first, else the terminal's, said in one
line. Shared by the thank-you note and the messages written to people."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from infoint_tui.thank_you import NAME_PLACEHOLDER

if TYPE_CHECKING:
    from textual.widget import Widget


def copy_note(node: Widget, text: str, *, fallback_hint: str = "") -> None:
    """Copy `text` in a worker (the clipboard tools are programs, a missing display can be
    slow) and tell the user where it went; `fallback_hint` says what to do if the terminal's
    clipboard did not take it."""

    def work() -> None:
        from infoint_tui.clipboard import copy_to_system

        used = copy_to_system(text)
        with contextlib.suppress(RuntimeError):  # the app quit meanwhile
            node.app.call_from_thread(_copied, node, text, used, fallback_hint)

    node.run_worker(work, thread=True, exclusive=True, group="clipboard")


def _copied(node: Widget, text: str, used: str | None, fallback_hint: str) -> None:
    unsigned = (
        f" It is still signed {NAME_PLACEHOLDER}: put your name there."
        if NAME_PLACEHOLDER in text
        else ""
    )
    if used is not None:
        node.notify(f"Copied to the system clipboard ({used}).{unsigned}", markup=False, timeout=4)
        return
    # No system clipboard that took it: the terminal's (OSC 52), which cannot be checked.
    node.app.copy_to_clipboard(text)
    hint = f" {fallback_hint}" if fallback_hint else ""
    node.notify(
        f"Copied through the terminal (may not work in every terminal).{hint}{unsigned}",
        markup=False,
        timeout=10,
    )
