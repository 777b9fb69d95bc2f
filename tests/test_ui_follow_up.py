"""Follow-up stage: the drafted note, copy and editor, sent and done, next contact, referrals."""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import USER_NAME, open_stage, screen_text, settle, type_text
from textual.widgets import Input, OptionList, Static

from infoint_tui.dialogs.confirm import ConfirmDialog
from infoint_tui.dialogs.your_name import NameDialog
from infoint_tui.exporting import default_export_folder
from infoint_tui.screens.interview.follow_up import FollowUpPane
from infoint_tui.screens.interview.pane import StagePane
from infoint_tui.screens.interview.stage_bar import StageBar
from infoint_tui.settings import USER_NAME as SETTING_NAME
from infoint_tui.settings import load_settings, settings_path
from infoint_tui.thank_you import NAME_PLACEHOLDER, draft_thank_you
from infoint_tui.widgets.fields import SavingTextArea

TRICKY = "[b]x[/] and [@click=app.quit]y[/]"


def _interview(store, name: str = "Jane Doe") -> int:
    interview_id = store.create_interview(name, occupation="UX research").id
    question = store.add_question(interview_id, "How did you get started?")
    store.save_answer(question.id, "By accident")
    store.star_question(question.id)
    store.save_reflection(interview_id, most_interesting="her path from teaching into UX")
    return interview_id


async def _open(pilot, interview_id: int) -> FollowUpPane:
    return (await open_stage(pilot, interview_id, "follow_up")).query_one(FollowUpPane)


def _notes(app, monkeypatch) -> list[str]:
    """Record every notification's text."""
    seen: list[str] = []
    original = app.notify

    def notify(message: str, *args, **kwargs) -> None:
        seen.append(message)
        original(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return seen


def _stored_note(store, interview_id: int) -> str:
    follow_up = store.interview(interview_id).follow_up
    return follow_up.thank_you_text if follow_up else ""


async def test_an_empty_note_is_drafted_and_stored_once_the_user_acts_on_it(
    store, make_app
) -> None:
    interview_id = _interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        text = pane.note.text
        assert text.startswith("Hi Jane,")
        # The starred answer by its topic, the reflection addressed to her, her own name.
        assert "I especially enjoyed hearing about how you got started." in text
        assert "How did you get started?" not in text
        assert "I keep thinking about your path from teaching into UX." in text
        assert text.endswith(f"Warm regards,\n{USER_NAME}")
        assert app.focused is pane.note
        await settle(pilot)
        assert _stored_note(store, interview_id) == ""  # looking changes nothing
        pane.note.move_cursor(pane.note.document.end)
        await pilot.press("!")
        await settle(pilot)
        assert _stored_note(store, interview_id) == text + "!"


async def test_the_users_note_is_never_overwritten(store, make_app) -> None:
    interview_id = _interview(store)
    store.save_follow_up(interview_id, thank_you_text="Dear Jane, my own words.")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        assert pane.note.text == "Dear Jane, my own words."
        await pilot.press("f4", "f5")
        await settle(pilot)
        assert pane.note.text == "Dear Jane, my own words."
        assert _stored_note(store, interview_id) == "Dear Jane, my own words."


async def test_an_untouched_draft_follows_a_later_reflection(store, make_app, monkeypatch) -> None:
    interview_id = store.create_interview("Ann Lee").id
    save_reflection = store.save_reflection

    def slow_save(*args, **kwargs):
        time.sleep(0.2)  # a busy disk: the save is still running when Follow-up opens
        return save_reflection(*args, **kwargs)

    monkeypatch.setattr(store, "save_reflection", slow_save)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        assert "clearer picture" in pane.note.text
        await pilot.press("f4")
        await settle(pilot)
        app.screen.query_one("#reflect-most_helpful", SavingTextArea).focus()
        await type_text(pilot, "the portfolio advice")
        await pilot.press("f5")  # at once: the reflection may not be stored yet
        await settle(pilot)
        assert "helpful to learn about the portfolio advice" in pane.note.text
        assert _stored_note(store, interview_id) == ""  # a draft is shown, not stored


async def test_redraft_asks_before_replacing_the_users_text(store, make_app) -> None:
    interview_id = _interview(store)
    store.save_follow_up(interview_id, thank_you_text="My own words")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        await pilot.press("r")  # in the note: a letter is typed, not a command
        await settle(pilot)
        assert pane.note.text == "rMy own words"
        await pilot.press("escape", "r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert pane.note.text == "rMy own words"
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert pane.note.text.startswith("Hi Jane,")
        assert pane.note.text == draft_thank_you(store.interview(interview_id), "warm", USER_NAME)
        assert _stored_note(store, interview_id) == pane.note.text


def _fake_xclip(tmp_path: Path, monkeypatch) -> Path:
    """An `xclip` on PATH that keeps what it is given in a file and pastes it back (-o)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    kept = tmp_path / "clipboard.txt"
    script = folder / "xclip"
    script.write_text(
        "#!/bin/sh\n"
        f'case " $* " in *" -o "*) cat {shlex.quote(str(kept))} ;;'
        f" *) cat > {shlex.quote(str(kept))} ;; esac\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return kept


@pytest.mark.skipif(sys.platform != "linux", reason="pyperclip picks xclip on Linux")
async def test_copy_uses_the_system_clipboard(store, make_app, monkeypatch, tmp_path) -> None:
    interview_id = _interview(store)
    kept = _fake_xclip(tmp_path, monkeypatch)
    app = make_app()
    through_terminal: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "copy_to_clipboard", through_terminal.append)
        seen = _notes(app, monkeypatch)
        pane = await _open(pilot, interview_id)
        await pilot.press("ctrl+o")  # works with the cursor in the note
        await settle(pilot)
        assert kept.read_text("utf-8") == pane.note.text
        assert through_terminal == []
        assert seen == ["Copied to the system clipboard (xclip)."]
        assert _stored_note(store, interview_id) == pane.note.text  # the note as copied


async def test_without_a_system_clipboard_copy_goes_through_the_terminal(
    store, make_app, monkeypatch, tmp_path
) -> None:
    interview_id = _interview(store)
    monkeypatch.setenv("PATH", str(tmp_path))  # no xclip, xsel, wl-copy, pbcopy...
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    app = make_app()
    copied: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        seen = _notes(app, monkeypatch)
        pane = await _open(pilot, interview_id)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert copied == [pane.note.text]
        (message,) = seen
        assert message.startswith("Copied through the terminal (may not work in every terminal)")
        assert "ctrl+s saves the note as a file" in message


async def test_save_the_note_as_a_file(store, make_app, monkeypatch, tmp_path) -> None:
    interview_id = _interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        seen = _notes(app, monkeypatch)
        pane = await _open(pilot, interview_id)
        await pilot.press("ctrl+s")
        await pilot.pause()
        field = app.screen.query_one("#export-folder", Input)
        assert field.value == str(default_export_folder())  # where exports go
        field.value = str(tmp_path / "notes")
        await pilot.press("enter")
        await settle(pilot)
        (path,) = (tmp_path / "notes").iterdir()
        assert path.name == f"{date.today().isoformat()} thank-you note to Jane Doe.txt"
        assert path.read_text("utf-8") == pane.note.text + "\n"
        assert path.stat().st_mode & 0o777 == 0o600
        assert seen[-1] == f"Wrote 1 file to {tmp_path / 'notes'}"
        # A folder that cannot be made: one line says so.
        (tmp_path / "a-file").write_text("")
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#export-folder", Input).value = str(tmp_path / "a-file" / "x")
        await pilot.press("enter")
        await settle(pilot)
        assert seen[-1].startswith(f"Could not write to {tmp_path / 'a-file' / 'x'}")
        assert "\n" not in seen[-1]


async def test_the_first_draft_asks_for_your_name_once(store, make_app) -> None:
    settings_path().unlink()  # never asked
    interview_id = _interview(store)
    other_id = _interview(store, name="Kim Park")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        assert pane.note.text.endswith(f"\n{NAME_PLACEHOLDER}")
        assert isinstance(app.screen, NameDialog)
        await type_text(pilot, "Sam Rivera")
        await pilot.press("enter")
        await settle(pilot)
        assert pane.note.text.endswith("Warm regards,\nSam Rivera")
        assert _stored_note(store, interview_id) == pane.note.text
        assert load_settings()[SETTING_NAME] == "Sam Rivera"
        await pilot.press("f10")
        await settle(pilot)
        other = await _open(pilot, other_id)
        assert not isinstance(app.screen, NameDialog)
        assert other.note.text.endswith("\nSam Rivera")


async def test_a_skipped_name_leaves_a_placeholder_and_is_not_asked_again(
    store, make_app, monkeypatch
) -> None:
    settings_path().unlink()
    interview_id = _interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "copy_to_clipboard", lambda text: None)
        monkeypatch.setenv("PATH", "")
        monkeypatch.delenv("DISPLAY", raising=False)
        seen = _notes(app, monkeypatch)
        pane = await _open(pilot, interview_id)
        assert isinstance(app.screen, NameDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert pane.note.text.endswith(f"Warm regards,\n{NAME_PLACEHOLDER}")
        assert load_settings()[SETTING_NAME] == ""
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert f"It is still signed {NAME_PLACEHOLDER}" in seen[-1]
    async with make_app().run_test(size=(80, 24)) as pilot:
        await _open(pilot, interview_id)
        assert not isinstance(pilot.app.screen, NameDialog)


async def test_the_palette_sets_your_name_and_signs_an_untouched_draft(store, make_app) -> None:
    interview_id = _interview(store)
    edited_id = _interview(store, name="Kim Park")
    store.save_follow_up(edited_id, thank_you_text="Hi Kim, my own words.\nAlex Morgan")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        assert pane.note.text.endswith(f"\n{USER_NAME}")
        await pilot.press("ctrl+p")
        await type_text(pilot, "Set your name")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NameDialog)
        name_field = app.screen.query_one("#your-name", Input)
        assert name_field.value == USER_NAME
        name_field.value = "Alex M. Morgan"
        await pilot.press("enter")
        await settle(pilot)
        assert pane.note.text.endswith("Warm regards,\nAlex M. Morgan")
        assert _stored_note(store, interview_id) == pane.note.text
        assert load_settings()[SETTING_NAME] == "Alex M. Morgan"
        await pilot.press("f10")
        await settle(pilot)
        edited = await _open(pilot, edited_id)
        assert edited.note.text == "Hi Kim, my own words.\nAlex Morgan"  # the user's own


async def test_the_tone_key_redrafts_an_untouched_note_and_is_remembered(store, make_app) -> None:
    interview_id = _interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        title = pane.query_one("#thank-you-title", Static)
        assert "· warm " in str(title.render())
        await pilot.press("t")  # in the note: typed
        assert pane.note.text.startswith("tHi Jane,")
        await pilot.press("ctrl+z", "escape", "t")
        await settle(pilot)
        assert pane.note.text.startswith("Dear Jane,\n")
        assert pane.note.text.endswith(f"Kind regards,\n{USER_NAME}")
        assert "· formal " in str(title.render())
        assert load_settings()["thank_you_tone"] == "formal"
        await pilot.press("t")
        await settle(pilot)
        assert pane.note.text.endswith(f"Best,\n{USER_NAME}")
        assert _stored_note(store, interview_id) == pane.note.text
    other_id = _interview(store, name="Kim Park")
    async with make_app().run_test(size=(80, 24)) as pilot:
        other = await _open(pilot, other_id)
        assert other.note.text.endswith(f"Best,\n{USER_NAME}")  # the tone chosen last


async def test_the_tone_key_asks_before_replacing_the_users_text(store, make_app) -> None:
    interview_id = _interview(store)
    store.save_follow_up(interview_id, thank_you_text="My own words")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        await pilot.press("escape", "t")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert pane.note.text == "My own words"
        assert _stored_note(store, interview_id) == "My own words"
        assert load_settings()["thank_you_tone"] == "formal"
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert pane.note.text.startswith("Hi Jane,") and pane.note.text.endswith(
            "Best,\nAlex Morgan"
        )


async def test_follow_up_keys_are_described_for_the_footer_and_palette(store, make_app) -> None:
    interview_id = _interview(store)
    app = make_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await _open(pilot, interview_id)
        await pilot.press("escape")
        await pilot.pause()
        shown = {
            binding.id: binding
            for _, binding, enabled, _ in app.screen.active_bindings.values()
            if enabled
        }
        for key in ("follow_up.next_tone", "follow_up.save_note_file", "follow_up.copy_note"):
            assert shown[key].description and shown[key].tooltip
        footer = screen_text(app).splitlines()[-1]
        assert "Tone" in footer and "Save as file" in footer


def _editor_script(tmp_path: Path) -> str:
    script = tmp_path / "editor.py"
    script.write_text(
        "import os, stat, sys\n"
        "path = sys.argv[1]\n"
        "mode = stat.S_IMODE(os.stat(path).st_mode)\n"
        f"open({str(tmp_path / 'seen')!r}, 'w').write(f'{{path}}\\n{{mode:o}}')\n"
        "with open(path, 'a', encoding='utf-8') as f:\n"
        "    f.write('\\nP.S. Added in my editor.\\n')\n"
    )
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


async def test_editor_edits_a_private_copy_and_saves_it(
    store, make_app, monkeypatch, tmp_path
) -> None:
    interview_id = _interview(store)
    store.save_follow_up(interview_id, thank_you_text="Hi Jane, thanks!")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", _editor_script(tmp_path))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        # The headless driver cannot hand the terminal over; the editor runs anyway.
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        pane = await _open(pilot, interview_id)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert pane.note.text == "Hi Jane, thanks!\nP.S. Added in my editor."
        assert _stored_note(store, interview_id) == pane.note.text
        path, mode = (tmp_path / "seen").read_text().split("\n")
        assert mode == "600"
        assert not os.path.exists(path)


async def test_editor_in_a_terminal_that_cannot_suspend(
    store, make_app, monkeypatch, tmp_path
) -> None:
    interview_id = _interview(store)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", _editor_script(tmp_path))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        seen = _notes(app, monkeypatch)
        pane = await _open(pilot, interview_id)
        before = pane.note.text
        await pilot.press("ctrl+g")  # Pilot's headless driver cannot suspend
        await settle(pilot)
        assert pane.note.text == before
        assert any("cannot hand over" in message for message in seen)
        assert not (tmp_path / "seen").exists()


@pytest.mark.parametrize("editor", [None, "no-such-editor-here"])
async def test_without_a_working_editor_one_line_says_so(
    store, make_app, monkeypatch, editor: str | None
) -> None:
    interview_id = _interview(store)
    monkeypatch.delenv("VISUAL", raising=False)
    if editor is None:
        monkeypatch.delenv("EDITOR", raising=False)
    else:
        monkeypatch.setenv("EDITOR", editor)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        seen = _notes(app, monkeypatch)
        pane = await _open(pilot, interview_id)
        before = pane.note.text
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert app.is_running and pane.note.text == before
        assert len(seen) == 1 and "\n" not in seen[0]
        assert ("EDITOR" if editor is None else "Could not start") in seen[0]


async def test_mark_sent_then_done(store, make_app) -> None:
    interview_id = _interview(store)
    store.end_interview(interview_id, at=datetime.now(UTC) - timedelta(hours=30))
    messages: list[object] = []
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        pane = await _open(pilot, interview_id)
        window = pane.query_one("#follow-up-window", Static)
        assert str(window.render()).endswith("overdue by 6 h")
        assert window.has_class("overdue")
        await pilot.press("escape", "s")
        await settle(pilot)
        sent = store.interview(interview_id).follow_up.thank_you_sent_at
        assert sent is not None and abs(datetime.now(UTC) - sent) < timedelta(minutes=1)
        local = sent.astimezone().strftime("%Y-%m-%d %H:%M")
        assert str(window.render()) == f"Sent {local}"
        assert not window.has_class("overdue")
        await pilot.press("d")
        await settle(pilot)
        assert store.interview(interview_id).interview.stage == "done"
        assert app.screen.query_one(StageBar).reached == "done"
        assert any(isinstance(m, StagePane.StageChanged) and m.stage == "done" for m in messages)
        await pilot.press("s")  # undo "sent", after confirming
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert store.interview(interview_id).follow_up.thank_you_sent_at is None


async def test_hours_left_count_from_the_start_when_there_is_no_end(store, make_app) -> None:
    interview_id = _interview(store)
    store.start_clock(interview_id, at=datetime.now(UTC) - timedelta(hours=2, minutes=10))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        window = pane.query_one("#follow-up-window", Static)
        assert str(window.render()) == "Send within 24 h of the interview: 21 h left"
        assert not window.has_class("overdue")


async def test_next_contact_date_valid_invalid_and_cleared(store, make_app) -> None:
    interview_id = _interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        field = pane.query_one("#next-contact", Input)
        hint = pane.query_one("#next-contact-hint", Static)
        field.focus()
        await type_text(pilot, "2031-03-14")
        await settle(pilot)
        assert store.interview(interview_id).follow_up.next_contact_on == date(2031, 3, 14)
        assert "Fri 14 Mar 2031" in str(hint.render())
        await pilot.press("backspace", "backspace", "4", "0")  # 2031-03-40
        await settle(pilot)
        assert hint.has_class("invalid")
        assert str(hint.render()) == "Not a date: type YYYY-MM-DD (kept: 2031-03-14)"
        assert store.interview(interview_id).follow_up.next_contact_on == date(2031, 3, 14)
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert store.interview(interview_id).follow_up.next_contact_on is None
        assert not hint.has_class("invalid")


async def test_referrals_add_plan_and_delete(store, make_app, monkeypatch) -> None:
    interview_id = _interview(store)
    source_contact = store.interview(interview_id).contact.id
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        seen = _notes(app, monkeypatch)
        pane = await _open(pilot, interview_id)
        options = pane.query_one("#referrals", OptionList)
        pane.query_one("#referral-name", Input).focus()
        await pilot.press("enter")  # no name yet
        assert store.interview(interview_id).referrals == []
        assert any("name first" in message for message in seen)
        await type_text(pilot, "Sam Lee")
        await pilot.press("tab")
        await type_text(pilot, "her old manager")
        await pilot.press("enter")
        await settle(pilot)
        (referral,) = store.interview(interview_id).referrals
        assert (referral.name, referral.context) == ("Sam Lee", "her old manager")
        assert str(options.get_option_at_index(0).prompt) == "Sam Lee — her old manager"
        await pilot.press("escape")
        assert app.focused is options
        await pilot.press("p")
        await settle(pilot)
        referral = store.interview(interview_id).referrals[0]
        planned = store.interview(referral.planned_interview_id)
        assert planned.contact.name == "Sam Lee"
        assert planned.contact.referred_by_id == source_contact
        assert "planned" in str(options.get_option_at_index(0).prompt)
        assert any("Planned an interview with Sam Lee" in message for message in seen)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert store.interview(interview_id).referrals == []
        assert store.interview(planned.interview.id).contact.name == "Sam Lee"  # kept


async def test_markup_like_text_is_literal_on_follow_up(store, make_app) -> None:
    interview_id = _interview(store, name=f"{TRICKY} Smith")
    store.add_referral(interview_id, TRICKY, TRICKY)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        assert pane.note.text.startswith("Hi [b]x[/],")
        options = pane.query_one("#referrals", OptionList)
        assert str(options.get_option_at_index(0).prompt) == f"{TRICKY} — {TRICKY}"
        for column in range(1, 30, 3):
            await pilot.click("#referrals", offset=(column, 0))
        await pilot.press("escape", "p")
        await settle(pilot)
        assert app.is_running
        assert store.interview(interview_id).referrals[0].planned_interview_id is not None
