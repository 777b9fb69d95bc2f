"""Small user settings (theme, your name, the thank-you tone) kept as JSON in the config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infoint_tui.paths import default_config_dir

if TYPE_CHECKING:
    from infoint_tui.store.outreach_rules import OutreachTiming

USER_NAME = "user_name"
"""The user's own name, which signs thank-you notes; "" once they chose to leave it out."""
THANK_YOU_TONE = "thank_you_tone"
"""The tone last chosen for thank-you drafts (see `thank_you.TONES`)."""
OUTREACH_TIMING = "outreach_timing"
"""Business days before trying another person, nudging, and giving up after a nudge:
`{"try_another_after": 3, "nudge_after": 7, "give_up_after_nudge": 7}` (any may be left out)."""


def settings_path() -> Path:
    """Where the settings file lives."""
    return default_config_dir() / "settings.json"


def load_settings() -> dict[str, Any]:
    """The saved settings, or an empty dict when there are none or they are unreadable."""
    try:
        data = json.loads(settings_path().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(name: str, value: Any) -> bool:
    """Remember one setting; return False (and change nothing) when it cannot be written."""
    path = settings_path()
    data = load_settings()
    data[name] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(json.dumps(data, indent=2), "utf-8")
        os.replace(temporary, path)
    except OSError:
        return False
    return True


def outreach_timing(settings: dict[str, Any] | None = None) -> OutreachTiming:
    """The user's outreach numbers (see OUTREACH_TIMING); the defaults where unset or not a
    whole number of days from 1 to 60."""
    from infoint_tui.store.outreach_rules import OutreachTiming

    chosen = (settings if settings is not None else load_settings()).get(OUTREACH_TIMING)
    if not isinstance(chosen, dict):
        return OutreachTiming()
    default = OutreachTiming()
    values = {
        name: value
        for name in ("try_another_after", "nudge_after", "give_up_after_nudge")
        if isinstance(value := chosen.get(name, getattr(default, name)), int)
        and not isinstance(value, bool)
        and 1 <= value <= 60
    }
    return OutreachTiming(**values)
