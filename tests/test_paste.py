"""The paste guard: an ESC inside a bracketed paste reaches Textual's parser as text."""

from __future__ import annotations

import pytest
from textual import events

from infoint_tui.paste import PASTE_END, PASTE_START, GuardedParser, PasteGuard
from infoint_tui.text import terminal_safe

HOSTILE = "before \x1b[31mred\x1b[0m \x1b]0;pwned\x07 \t \x11 after"


def _events(chunks: list[str]) -> list[events.Event]:
    parser = GuardedParser()
    found: list[events.Event] = []
    for chunk in chunks:
        found.extend(parser.feed(chunk))  # type: ignore[arg-type]
    found.extend(parser.feed(""))  # type: ignore[arg-type]
    return found


def _pastes(found: list[events.Event]) -> list[str]:
    return [event.text for event in found if isinstance(event, events.Paste)]


def _keys(found: list[events.Event]) -> list[str]:
    return [event.key for event in found if isinstance(event, events.Key)]


def test_an_escape_inside_a_paste_arrives_as_text_and_no_key() -> None:
    found = _events([f"x{PASTE_START}{HOSTILE}{PASTE_END}y"])
    assert _pastes(found) == [HOSTILE.replace("\x1b", "\\x1b")]
    assert _keys(found) == ["x", "y"]  # the tab and ctrl+q-like \x11 pressed nothing
    # The app then shows the other control characters as it shows any: the whole paste
    # reads as terminal_safe would print it.
    assert terminal_safe(_pastes(found)[0]) == terminal_safe(HOSTILE)


@pytest.mark.parametrize("cut", range(1, len(PASTE_START + HOSTILE + PASTE_END)))
def test_a_paste_cut_anywhere_into_two_reads_arrives_whole(cut: int) -> None:
    # Terminals write a paste in pieces; the end marker may be split between two reads.
    data = PASTE_START + HOSTILE + PASTE_END
    found = _events([data[:cut], data[cut:]])
    assert "".join(_pastes(found)) == HOSTILE.replace("\x1b", "\\x1b")
    assert _keys(found) == []


def test_keys_outside_a_paste_are_untouched() -> None:
    guard = PasteGuard()
    assert guard("\x1b") == "\x1b"  # the Escape key: never held back
    assert guard("\x1b[A\x1b[1;5C") == "\x1b[A\x1b[1;5C"
    assert _keys(_events(["\x1b[A", "q"])) == ["up", "q"]


def test_only_what_may_be_the_end_marker_is_held_back() -> None:
    guard = PasteGuard()
    assert guard(PASTE_START + "ab\x1b[20") == PASTE_START + "ab"
    assert guard.pasting
    assert guard("1~c") == PASTE_END + "c"  # it was the end marker after all
    assert not guard.pasting
    assert guard(PASTE_START + "ab\x1b[2") == PASTE_START + "ab"
    assert guard("J") == "\\x1b[2J"  # it was pasted text
    assert guard.flush() == ""


def test_a_start_marker_split_between_reads_still_starts_a_paste() -> None:
    guard = PasteGuard()
    assert guard("q\x1b[20") == "q\x1b[20"  # passed on at once: it might be a key
    assert guard("0~a\x1bb") == "0~a\\x1bb"
    assert guard.pasting
    assert guard("\x1b") == ""  # inside a paste: held, it may begin the end marker
    assert guard("[201~\x1b") == PASTE_END + "\x1b"
    assert not guard.pasting


def test_two_pastes_in_one_read() -> None:
    found = _events([f"{PASTE_START}a\x1bb{PASTE_END}{PASTE_START}c{PASTE_END}"])
    assert _pastes(found) == ["a\\x1bb", "c"]
