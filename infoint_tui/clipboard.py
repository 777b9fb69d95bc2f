"""Copying text to the system clipboard through pyperclip, and saying whether it worked.

Textual's own copy goes through the terminal (OSC 52), which many terminals ignore
without a word. The system clipboard (xclip, xsel or wl-copy on Linux, pbcopy on macOS,
the Windows clipboard) can be checked: the text is read back after it is copied.
No Textual here; call `copy_to_system` from a thread, since the tools are programs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

#: How long a clipboard program may take before it counts as not there.
TIMEOUT = 3.0

# Mechanisms that need a GUI event loop of their own; from a worker thread they are unsafe.
_REFUSED = {"qt"}


def _same(copied: str, pasted: str) -> bool:
    """Whether the clipboard holds `copied` (allowing for line endings a platform changes)."""

    def normal(text: str) -> str:
        return text.replace("\r\n", "\n").rstrip("\n")

    return normal(copied) == normal(pasted)


def _mechanism() -> tuple[str, Callable[[str], None], Callable[[], str]] | None:
    """The clipboard pyperclip finds now (its name, copy, paste), or None."""
    try:
        import pyperclip
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        # Asked again every time: pyperclip's own copy() decides once and keeps that,
        # but a DISPLAY or a tool can come and go while the app runs (and between tests).
        copy, paste = pyperclip.determine_clipboard()
    except Exception:  # pyperclip probes the platform; any failure means "none"
        return None
    name = getattr(copy, "__name__", "").removeprefix("copy_")
    if not name or not callable(copy) or not copy or name in _REFUSED:
        return None  # pyperclip's "no clipboard" stand-in is falsy
    return name.replace("_", " "), copy, paste


def copy_to_system(text: str, timeout: float = TIMEOUT) -> str | None:
    """Copy `text` to the system clipboard; return the mechanism's name once the clipboard
    is seen to hold it, or None when there is no clipboard or it did not take the text.
    """
    found = _mechanism()
    if found is None:
        return None
    name, copy, paste = found
    result: list[bool] = []

    def run() -> None:
        try:
            copy(text)
            result.append(_same(text, paste()))
        except Exception:  # a missing display, a tool that failed: not copied
            result.append(False)

    thread = threading.Thread(target=run, name="clipboard", daemon=True)
    thread.start()
    thread.join(timeout)
    return name if result == [True] else None
