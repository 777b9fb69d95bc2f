"""Writing exported files into a folder: private, atomic, and never over a file unasked.

No Textual here: the export dialog (`infoint_tui.dialogs.export`) asks the questions and
runs these functions in a thread worker.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from infoint_tui.paths import APP_NAME
from infoint_tui.store.files import make_private_folders

#: One file to write: its name inside the folder, and its text.
ExportFile = tuple[str, str]


def default_export_folder() -> Path:
    """`infoint-tui` in the user's documents folder (as platformdirs names it)."""
    from platformdirs import user_documents_path

    return user_documents_path() / APP_NAME


def check_name(name: str) -> str:
    """`name` if it names a file right inside a folder; ValueError if it is a path or empty."""
    if not name or name in {".", ".."} or "/" in name or "\\" in name or "\x00" in name:
        raise ValueError(f"not a plain file name: {name!r}")
    return name


def existing_names(folder: Path, names: Iterable[str]) -> list[str]:
    """Those of `names` a file (or anything else) in `folder` already has."""
    if not folder.is_dir():
        return []
    return [name for name in names if os.path.lexists(folder / name)]


def _fold(name: str) -> str:
    """How a case-insensitive, normalizing file system (macOS, Windows) compares names."""
    return unicodedata.normalize("NFC", name).casefold()


def _numbered(name: str, number: int) -> str:
    """`name (2).md` for `name.md`; a name without suffix gets the number at its end."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        return f"{name} ({number})"
    return f"{stem} ({number}).{suffix}"


def keep_both_names(
    folder: Path, names: Sequence[str], *, beside_existing: bool = True
) -> list[str]:
    """The names to write `names` under without replacing anything.

    A name already taken in `folder` (when `beside_existing`) or earlier in `names` becomes
    `name (2).md` (or (3), ...), clashing with no other file of the folder or of this export.
    """

    def on_disk(name: str) -> bool:
        return beside_existing and os.path.lexists(folder / name)

    planned = {_fold(name) for name in names if not on_disk(name)}
    claimed: set[str] = set()
    result = []
    for name in names:
        if on_disk(name) or _fold(name) in claimed:
            number = 2
            while on_disk(_numbered(name, number)) or _fold(_numbered(name, number)) in (
                planned | claimed
            ):
                number += 1
            name = _numbered(name, number)
        claimed.add(_fold(name))
        result.append(name)
    return result


def make_private_folder(folder: Path) -> None:
    """Create `folder` and its missing parents, each 0700; an existing folder is left alone."""
    make_private_folders(folder)


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` as UTF-8, mode 0600, in one step (a temp file, then a rename)."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".infoint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)  # mkstemp made it 0600: these are private notes
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@dataclass(frozen=True)
class WriteResult:
    """What `write_files` did: the paths written, and the error that stopped it, if any."""

    folder: Path
    written: list[Path]
    total: int
    error: OSError | None = None


def write_files(folder: Path, files: Sequence[ExportFile], *, overwrite: bool) -> WriteResult:
    """Write `files` into `folder` (created private if missing).

    With `overwrite`, a file of the same name is replaced; without, the new file is written
    beside it as `name (2).md`. An OSError stops the writing and is returned, not raised.

    Raises:
        ValueError: a name is not a plain file name (checked before anything is written).
    """
    names = [check_name(name) for name, _ in files]
    written: list[Path] = []
    try:
        make_private_folder(folder)
        names = keep_both_names(folder, names, beside_existing=not overwrite)
        for name, (_, text) in zip(names, files, strict=True):
            path = folder / name
            write_private(path, text)
            written.append(path)
    except OSError as error:
        return WriteResult(folder, written, len(files), error)
    return WriteResult(folder, written, len(files))


def describe_error(error: OSError, folder: Path | None = None) -> str:
    """An OSError in a few words: its reason, and the file it concerns unless that is `folder`."""
    reason = error.strerror or str(error) or type(error).__name__
    if not error.filename or str(error.filename) == str(folder):
        return reason
    return f"{reason}: {error.filename}"
