"""End to end: the installed `infoint-tui` in a real terminal (tmux), on a real SQLite file.

What a user would do: import an interview, open it, go Live, tick a question, type its
answer, and quit, or have the app killed; then check with `infoint-tui export` that the
answer is there exactly as typed. Also a file that is not a database, and hostile text
(terminal escapes, markup) shown on screen.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from .tmux import PROGRAM, Tmux, run_program

CONTACT = "Sam Rivera"
QUESTIONS = [
    "What does a typical day look like?",
    "What do you like best about the work?",
    "Who else should I talk to?",
]
#: Markup that must stay text, plus other text; non-ASCII to check the round trip too.
ANSWER = "Mostly [b]x[/] research; café & 100% [/] tea"

#: The parts of hostile text: a colour change, a window title (OSC 0), and a click action.
RED = "\x1b[31m"
TITLE = "\x1b]0;pwned\x07"
CLICK = "[@click=app.quit]x[/]"


@pytest.fixture(autouse=True)
def _installed_program() -> None:
    assert PROGRAM.exists(), f"{PROGRAM} is missing: install the project (pip install -e .)"


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `infoint-tui ARGS` with the test's environment; fail on a non-zero exit."""
    result = run_program(cwd, *args)
    assert result.returncode == 0, f"infoint-tui {' '.join(args)}: {result.stderr}"
    return result


def import_interview(tmp_path: Path, db: Path, interview: dict[str, Any]) -> None:
    document = {"format": "infoint-tui", "version": 1, "interviews": [interview]}
    source = tmp_path / "import.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    assert "imported 1 interview" in cli(tmp_path, "--db", str(db), "import", str(source)).stdout


def exported_questions(tmp_path: Path, db: Path) -> list[dict[str, Any]]:
    (interview,) = json.loads(cli(tmp_path, "--db", str(db), "export").stdout)["interviews"]
    return list(interview["questions"])


def is_program(pid: int) -> bool:
    """Whether `pid` runs infoint-tui itself (not a shell that started it)."""
    arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    return any(Path(os.fsdecode(part)).name == "infoint-tui" for part in arguments[:2])


def checklist_line(screen: str, text: str) -> str:
    return next((line for line in screen.splitlines() if text in line), "")


def open_live_and_type(tmux: Tmux) -> None:
    """Home, open the interview, F3, enter on the first question, type ANSWER."""
    tmux.wait_for(CONTACT, timeout=20)  # the first start may compile bytecode
    tmux.send("Enter")
    tmux.wait_for("F3 Live")  # the interview screen owns F3: wait until it is there
    tmux.send("F3")
    tmux.wait_for("◷ not started")  # the Live clock: opening Live starts nothing
    screen = tmux.wait_for(QUESTIONS[0])
    assert checklist_line(screen, QUESTIONS[0]).lstrip().startswith("○"), screen
    tmux.send("Enter")
    tmux.wait_until(
        lambda screen: checklist_line(screen, QUESTIONS[0]).lstrip().startswith("✓"),
        f"{QUESTIONS[0]!r} ticked as asked",
    )
    tmux.type(ANSWER)
    tmux.wait_for(ANSWER)


def assert_answer_saved(tmp_path: Path, db: Path) -> None:
    first, *others = exported_questions(tmp_path, db)
    assert first["text"] == QUESTIONS[0]
    assert first["asked"] is True
    assert isinstance(first["asked_at_seconds"], int)
    assert not isinstance(first["asked_at_seconds"], bool)
    assert first["asked_at_seconds"] >= 0
    assert first["answer"] == ANSWER
    assert [(q["asked"], q["answer"]) for q in others] == [(False, ""), (False, "")]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database holding one interview with three prepared questions."""
    path = tmp_path / "interviews.db"
    import_interview(
        tmp_path,
        path,
        {
            "contact": {"name": CONTACT},
            "occupation": "UX researcher",
            "questions": [{"text": text} for text in QUESTIONS],
        },
    )
    return path


def test_driver_gives_a_clean_80x24_terminal_and_sees_escapes(tmp_path: Path) -> None:
    """The driver itself: size, environment, exit status, and the two leak detectors."""
    script = f'stty size; env; printf "{TITLE}{RED}red\\033[0m\\n"; exit 7'.replace(
        "\x1b", "\\033"
    ).replace("\x07", "\\007")
    with Tmux(["/bin/sh", "-c", script], cwd=tmp_path) as tmux:
        assert tmux.wait_exit() == 7
        lines = tmux.screen(history=True).splitlines()
        assert "24 80" in lines
        assert "TERM=xterm-256color" in lines
        assert f"HOME={os.environ['HOME']}" in lines
        assert f"INFOINT_TUI_DB={os.environ['INFOINT_TUI_DB']}" in lines
        assert not [line for line in lines if line.startswith(("COLUMNS=", "LINES="))]
        # What test_hostile_text relies on to notice a leak:
        assert "pwned" in tmux.display("#{pane_title}")
        assert red_cells(tmux.screen(escapes=True, history=True))


def test_live_answer_is_saved_and_quit_exits_cleanly(tmp_path: Path, db: Path) -> None:
    with Tmux([PROGRAM, "--db", db], cwd=tmp_path) as tmux:
        assert is_program(tmux.pane_pid())
        open_live_and_type(tmux)
        tmux.send("Escape")
        tmux.wait_for("⏎ Ask + type")  # back on the checklist
        tmux.send("C-q")
        assert tmux.wait_exit() == 0, tmux.screen(history=True)
        assert "Traceback" not in tmux.screen(history=True)
    assert_answer_saved(tmp_path, db)


@pytest.mark.parametrize("leave_field", [True, False], ids=["after-escape", "while-typing"])
def test_live_answer_survives_sigkill_a_second_later(
    tmp_path: Path, db: Path, leave_field: bool
) -> None:
    """SIGKILL one second after the answer is on screen: nothing typed is lost.

    `while-typing` kills with the cursor still in the field, so only the save-as-you-type
    path (not blur or quit) can have stored the answer.
    """
    with Tmux([PROGRAM, "--db", db], cwd=tmp_path) as tmux:
        pid = tmux.pane_pid()
        assert is_program(pid)
        open_live_and_type(tmux)
        if leave_field:
            tmux.send("Escape")
            tmux.wait_for("⏎ Ask + type")
        time.sleep(1.0)
        os.kill(pid, signal.SIGKILL)
        assert tmux.wait_exit() == "signal 9"
    assert_answer_saved(tmp_path, db)


def test_a_file_that_is_not_a_database_is_refused_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "notadb"
    content = random.Random(20240601).randbytes(8192)
    bad.write_bytes(content)
    mtime = bad.stat().st_mtime_ns
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    with Tmux([PROGRAM, "--db", "notadb"], cwd=tmp_path) as tmux:
        status = tmux.wait_exit()
        screen = tmux.screen(history=True)
    printed = [line for line in screen.splitlines() if line.strip()]
    printed = [line for line in printed if not line.startswith("Pane is dead")]
    assert status == 2, screen
    assert "Traceback" not in screen
    assert len(printed) == 1, screen
    assert printed[0].startswith("infoint-tui: error: "), screen
    assert bad.read_bytes() == content
    assert bad.stat().st_mtime_ns == mtime
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


# -- hostile text ---------------------------------------------------------------------------

_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def red_cells(screen_with_escapes: str) -> list[str]:
    """The SGR sequences that turn on basic red (31 or 41) in a `capture-pane -e` screen.

    Textual paints in 256 or true colour (`38;5;N`, `38;2;R;G;B`), so a basic colour
    can only come from text that reached the terminal raw.
    """
    found = []
    for match in _SGR.finditer(screen_with_escapes):
        params = [int(p) if p else 0 for p in match.group(1).split(";")]
        index = 0
        while index < len(params):
            if params[index] in (38, 48):  # extended colour: skip its arguments
                index += 5 if params[index + 1 : index + 2] == [2] else 3
                continue
            if params[index] in (31, 41):
                found.append(match.group())
            index += 1
    return found


def test_hostile_text_is_shown_not_executed(tmp_path: Path) -> None:
    """Escapes and markup in a contact's name and an answer show as text and do nothing.

    Each hazard is followed by plain words ("zebra", "yak"), which a terminal that obeyed
    an unterminated title sequence would swallow.
    """
    db = tmp_path / "interviews.db"
    name = f"Eve {CLICK} {RED}red{TITLE} zebra"
    answer = f"said {CLICK} {RED}red{TITLE} yak"
    import_interview(
        tmp_path,
        db,
        {"contact": {"name": name}, "questions": [{"text": "Anything odd?", "answer": answer}]},
    )
    problems: list[str] = []

    def check(where: str, screen: str, *visible: str) -> None:
        if tmux.exit_status() is not None or tmux.is_dead():
            raise AssertionError(f"the app ended on {where}; screen:\n{screen}")
        found = [f"{text!r} is not shown" for text in visible if text not in screen]
        title = tmux.display("#{pane_title}")
        if "pwned" in title:
            found.append(f"the pane title became {title!r}")
        red = red_cells(tmux.screen(escapes=True))
        if red:
            found.append(f"the terminal was told to paint red: {red}")
        if found:
            problems.append(f"on {where}: " + "; ".join(found) + f"; screen:\n{screen}")

    with Tmux([PROGRAM, "--db", db], cwd=tmp_path) as tmux:
        home = tmux.wait_for("Eve", timeout=20)
        shown = "Eve [@click="  # at 80 columns the list cuts the name after this
        home = tmux.wait_for(shown)
        check("Home", home, shown)
        # Click the literal "[@click=…": were it parsed as markup it would be a link to quit.
        row = next(i for i, line in enumerate(home.splitlines()) if shown in line)
        column = home.splitlines()[row].index(shown) + len("Eve [@")
        tmux.type(f"\x1b[<0;{column + 1};{row + 1}M\x1b[<0;{column + 1};{row + 1}m")
        tmux.send("Enter")  # handled after the click: once it shows, the click was too
        research = tmux.wait_for("F3 Live")
        research = tmux.wait_for(f"Eve {CLICK}")
        check("Research (after a click on the x)", research, f"Eve {CLICK}", "zebra")
        tmux.send("F3")
        tmux.wait_for("Anything odd?")
        tmux.send("Enter")
        live = tmux.wait_for(f"said {CLICK}")
        check("Live answer", live, f"said {CLICK}", "yak")
        tmux.send("Escape", "C-q")
        assert tmux.wait_exit() == 0, tmux.screen(history=True)
    assert not problems, "\n".join(problems)
    # Showing the text (and leaving its fields untouched) did not change what is stored.
    (interview,) = json.loads(cli(tmp_path, "--db", str(db), "export").stdout)["interviews"]
    assert interview["contact"]["name"] == name
    assert interview["questions"][0]["answer"] == answer
