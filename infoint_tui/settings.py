"""Small user settings (theme, your name, the thank-you tone) kept as JSON in the config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from infoint_tui.paths import default_config_dir

USER_NAME = "user_name"
"""The user's own name, which signs thank-you notes; "" once they chose to leave it out."""
THANK_YOU_TONE = "thank_you_tone"
"""The tone last chosen for thank-you drafts (see `thank_you.TONES`)."""


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
