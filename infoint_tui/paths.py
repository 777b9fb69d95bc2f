"""Where the data lives: --db, then INFOINT_TUI_DB, then the platform's user data folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "infoint-tui"
DB_ENV_VAR = "INFOINT_TUI_DB"
DB_FILENAME = "interviews.db"


def default_data_dir() -> Path:
    """The user data folder platformdirs names for infoint-tui."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_config_dir() -> Path:
    """The user config folder platformdirs names for infoint-tui (settings such as the theme)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    """The database to use: the --db option, else $INFOINT_TUI_DB, else the default file."""
    if option:
        return Path(option).expanduser().absolute()
    from_env = os.environ.get(DB_ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser().absolute()
    return default_data_dir() / DB_FILENAME
