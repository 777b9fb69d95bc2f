"""The research stage of an interview (being built)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult

from infoint_tui.screens.stage import StagePane
from infoint_tui.widgets.fields import SavingInput

if TYPE_CHECKING:
    from infoint_tui.store.records import InterviewBundle


class ResearchPane(StagePane):
    """Placeholder: only the contact's name so far."""

    stage = "research"

    def compose(self) -> ComposeResult:
        yield SavingInput(placeholder="Contact's name", id="contact-name", save_key="")

    def show(self, bundle: InterviewBundle) -> None:
        field = self.query_one("#contact-name", SavingInput)
        contact_id = bundle.contact.id
        field.save_key = f"contact:{contact_id}:name"
        field._save = lambda text: self.store.update_contact(contact_id, name=text)  # type: ignore[arg-type]
        field.load(bundle.contact.name)

    def focus_name(self) -> None:
        """Put the cursor in the contact's name."""
        self.query_one("#contact-name").focus()
