"""Reading one person's page in a worker, shared by the person page and the composer.

A module of its own so that the composer (opened from Follow-up) does not import the
person page, which imports the interview screen and with it every stage pane.
"""

from __future__ import annotations

from textual.widget import Widget

from infoint_tui.context import app_context
from infoint_tui.messages import PersonRead, ReadFailed
from infoint_tui.store.errors import NotFoundError

GONE = "This person is no longer in People."


def read_person_page(node: Widget, person_id: int, cannot: str) -> None:
    """In a worker: post the person's page to `node` as `PersonRead`, or `ReadFailed` with
    GONE (merged into another, or discarded) or `cannot (the reason)` in one line."""
    store = app_context(node.app).store
    if store is None:
        return
    try:
        page = store.person_page(person_id)
    except NotFoundError:
        node.post_message(ReadFailed(GONE))
        return
    except Exception as error:  # unreadable: one line
        node.post_message(ReadFailed(f"{cannot} ({error})."))
        return
    node.post_message(PersonRead(page))
