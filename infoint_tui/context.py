"""What screens, panes, widgets and dialogs need of the app, typed without importing app.py.

`AppContext` is the app's own API beside Textual's; `InfointApp` provides it (mypy checks
that in app.py). A screen or widget reaches it as `self.infoint` through `HasInfointApp`; a
function handed the app uses `app_context(app)`. Both go through the one cast below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from pathlib import Path

    from textual.app import App

    from infoint_tui.saver import Saver, SaveState
    from infoint_tui.store.store import Store


class AppContext(Protocol):
    """The database, the store, the saver and the one write path (see app.py)."""

    db_path: Path
    store: Store | None
    """The open store; None until the app has opened it (see `messages.StoreReady`)."""
    saver: Saver
    signer: str | None
    """The user's name that signs thank-you notes (None: not given yet)."""
    asked_for_name: bool
    """Whether the name was asked for in this run (it is asked once)."""

    @property
    def save_state(self) -> SaveState:
        """What the save indicator shows: saved, saving, or failed (and retrying)."""
        ...

    @property
    def save_message(self) -> str:
        """The latest save failure, in one line, while it lasts."""
        ...

    def queue_save(
        self,
        key: str,
        action: Callable[[], object],
        *,
        now: bool = False,
        then: Callable[[Any], object] | None = None,
        replace: bool = True,
    ) -> None:
        """Run a write on the saver's thread; `then(result)` runs on the event loop after."""
        ...

    def save_now(self, key: str) -> None:
        """Save the waiting value for `key` at once."""
        ...

    def save_all_now(self) -> None:
        """Make every waiting save due now, without waiting for it."""
        ...

    def after_saves(self, callback: Callable[[bool], object], timeout: float = 2.0) -> None:
        """Call `callback(all_saved)` on the event loop once every waiting save is done."""
        ...

    def action_set_name(self, first_time: bool = False) -> None:
        """Ask for the user's name (it signs thank-you notes) and keep it in the settings."""
        ...


class AppNode(Protocol):
    """Anything that knows its running app: a screen, a widget, the app itself."""

    @property
    def app(self) -> App[Any]:
        """The running app."""
        ...


def app_context(node: AppNode) -> AppContext:
    """The running app of `node` as `AppContext`: the one place the app is cast."""
    return cast("AppContext", node.app)


class HasInfointApp:
    """Mixin for screens, panes and widgets: `self.infoint` is the app's own API, typed."""

    @property
    def infoint(self: AppNode) -> AppContext:
        """The running app, typed as `AppContext`."""
        return app_context(self)
