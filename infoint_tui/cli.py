"""The `infoint-tui` command line: start the app, or export, import, search, demo, path.

Imports stay inside the commands so that `infoint-tui --help` and the first paint of the
app do not pay for SQLModel.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from infoint_tui import __version__
from infoint_tui.paths import DB_ENV_VAR, resolve_db_path

if TYPE_CHECKING:
    import sqlite3

    from infoint_tui.store.exchange import ImportReport
    from infoint_tui.store.reader import Reading
    from infoint_tui.store.store import Store

DESCRIPTION = """\
A keyboard-driven companion for informational interviews: research the person,
prepare questions, take notes live, reflect, and follow up. Run without a command
to open the app."""

EPILOG = f"""\
The database is found in this order: --db PATH, then ${DB_ENV_VAR}, then the
user data folder (see `infoint-tui path`). Errors print one line and exit with 2.

examples:
  infoint-tui                            open the app
  infoint-tui export -o backup.json      save every interview, losslessly
  infoint-tui export -f markdown -o notes/   one Markdown file per interview
  infoint-tui export -f ics -o interviews.ics  interviews and follow-ups for a calendar
  infoint-tui import backup.json         bring interviews back (never twice)
  infoint-tui search "typical day"       find what people said
  infoint-tui demo                       try the app on sample data"""


class CommandError(Exception):
    """A problem with the command's input, reported in one line with exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; --db is accepted before or after the command."""
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=f"database file to use (default: ${DB_ENV_VAR} or the user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="infoint-tui",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[db_option],
    )
    parser.add_argument("--version", action="version", version=f"infoint-tui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    commands.add_parser("path", parents=[db_option], help="print the database path in use")

    export = commands.add_parser(
        "export",
        parents=[db_option],
        help="write interviews as JSON (lossless), Markdown or an iCalendar (.ics) file",
    )
    export.add_argument("uuids", nargs="*", metavar="UUID", help="only these interviews")
    export.add_argument(
        "-f",
        "--format",
        choices=("json", "markdown", "ics", "vcard"),
        default="json",
        help="json (default), markdown, ics (interviews, thank-you deadlines and next "
        "contacts for a calendar app), or vcard (every person, for an address book)",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write here instead of standard output; for Markdown, a folder gets one file "
        "per interview",
    )
    export.add_argument("--force", action="store_true", help="overwrite an existing file")

    import_ = commands.add_parser(
        "import",
        parents=[db_option],
        help="read interviews and people from an infoint-tui JSON file, or people from "
        "LinkedIn's Connections.csv or a vCard (.vcf) file (recognized by their content)",
    )
    import_.add_argument("file", metavar="FILE", help="the file, or - for standard input")
    import_.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and print what would be imported, without importing anything",
    )

    search = commands.add_parser(
        "search", parents=[db_option], help="search everything you wrote, offline"
    )
    search.add_argument("query", nargs="+", help='words; "quoted words" for an exact phrase')
    search.add_argument("-n", "--limit", type=int, default=20, help="at most this many hits")

    demo = commands.add_parser(
        "demo",
        parents=[db_option],
        help="open the app on sample interviews in a temporary database",
    )
    demo.add_argument(
        "--generate",
        type=int,
        metavar="N",
        help="instead, fill the database named by --db with N generated interviews and exit",
    )
    demo.add_argument("--seed", type=int, default=0, help="random seed for --generate")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    from infoint_tui.store.errors import StoreError

    try:
        command = args.command or "app"
        return int(COMMANDS[command](args))
    except (StoreError, CommandError) as error:
        from infoint_tui.text import visible_name

        # A message may quote a file name or a path: one line, no raw control character.
        print(f"infoint-tui: error: {visible_name(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): say nothing more, and let nothing more be written
        # (Python would flush standard output again on the way out, and fail again).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        # A database that fails under a command (locked by another program for longer
        # than the busy timeout, a full disk): one line in fixed words, never a traceback
        # (its text could quote the user's notes). The app reports its own (crash.py).
        import sqlite3

        if not isinstance(getattr(error, "orig", None) or error, sqlite3.Error):
            raise
        from infoint_tui.store.exchange.writer import write_failure
        from infoint_tui.text import visible_name

        where = visible_name(str(_db(args)))
        print(f"infoint-tui: error: {where}: {write_failure(error)}", file=sys.stderr)
        return 2


def _db(args: argparse.Namespace) -> Path:
    return resolve_db_path(getattr(args, "db", None))


def _open_store(args: argparse.Namespace) -> Store:
    from infoint_tui.store.store import Store

    return Store.open(_db(args))


def _open_reader(args: argparse.Namespace) -> Reading:
    """A reader for a command that only reads: plain sqlite3 (no SQLAlchemy to import),
    unless the file must be created or upgraded first, which the store does."""
    from infoint_tui.store.reader import Reader

    return Reader.open(_db(args)) or _open_store(args)


def run_app(args: argparse.Namespace) -> int:
    """Start the app on the database (checked first, so a bad file never gets a UI)."""
    from infoint_tui.store.files import preflight

    path = _db(args)
    preflight(path)
    from infoint_tui import crash, paste
    from infoint_tui.app import InfointApp

    paste.install()  # a pasted ESC stays text, never keys
    # The demo's database is in a temporary folder: its crash reports go to the data folder.
    reports = None if args.command == "demo" else path.parent
    app = crash.run(lambda: InfointApp(db_path=path), reports)
    if app is None:  # it ended on an unexpected error, now reported
        return crash.CRASH_EXIT_CODE
    if app.fatal_error:
        raise CommandError(app.fatal_error)
    return app.return_code or 0  # 128 + the signal after SIGTERM or SIGHUP


def run_path(args: argparse.Namespace) -> int:
    """Print the database path in use (control characters in it shown as escapes)."""
    print(_shown(_db(args)))
    return 0


def _shown(path: Path | str) -> str:
    """A file name as printed: escape sequences and bidi overrides made visible."""
    from infoint_tui.text import visible_name

    return visible_name(str(path))


def run_export(args: argparse.Namespace) -> int:
    """Export interviews to standard output, a file or a folder."""
    if args.format in ("json", "markdown"):
        return _export_streaming(args)  # a reader that goes away: see `main`
    store = _open_store(args)
    uuids = args.uuids or None
    try:
        if args.format == "vcard":
            if args.uuids:
                raise CommandError("--format vcard writes every person; it takes no UUID")
            _write_output(store.people_vcards(), args.output, args.force)
            return 0
        if args.output and Path(args.output).is_dir():
            raise CommandError(f"{_shown(args.output)} is a folder; name the .ics file to write")
        _write_output(store.calendar_text(uuids), args.output, args.force)
        return 0
    finally:
        store.close()


def _export_streaming(args: argparse.Namespace) -> int:
    """JSON or Markdown, written interview by interview as each is read (plain sqlite3),
    with a progress bar on a terminal."""
    from infoint_tui.store.exchange.export_rows import exporting

    with (
        _export_connection(args) as connection,
        exporting(connection, args.uuids or None) as selection,
    ):
        if args.format == "json":
            from infoint_tui.store.exchange.json_document import write_json

            with (
                _output(args.output, args.force) as handle,
                _progress(args.output, selection.total) as advance,
            ):
                write_json(selection, handle.write, advance)
            return 0
        from infoint_tui.store.exchange.markdown import markdown_documents

        output = args.output
        if output and (Path(output).is_dir() or output.endswith(os.sep)):
            from infoint_tui.exporting import make_private_folder

            folder = Path(output)
            try:
                make_private_folder(folder)  # a new folder is 0700: these are private notes
            except OSError as error:
                raise CommandError(f"cannot create {_shown(folder)}: {error.strerror}") from None
            written = 0
            with _progress(output, selection.total) as advance:
                for written, document in enumerate(markdown_documents(selection), 1):
                    _write_output(document.text, str(folder / document.filename), args.force)
                    advance(written)
            print(f"wrote {written} Markdown files to {_shown(folder)}", file=sys.stderr)
            return 0
        with _output(output, args.force) as handle, _progress(output, selection.total) as advance:
            for written, document in enumerate(markdown_documents(selection), 1):
                handle.write(("\n\n" if written > 1 else "") + document.text.rstrip("\n"))
                advance(written)
            handle.write("\n")
        return 0


@contextmanager
def _export_connection(args: argparse.Namespace) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection to read an export through (no SQLAlchemy to import); a
    file that must be created or upgraded first is handed to the store for that first."""
    from infoint_tui.store.reader import Reader

    path = _db(args)
    reader = Reader.open(path)
    if reader is None:
        _open_store(args).close()  # creates or upgrades the file, with its backup
        reader = Reader.open(path)
    if reader is None:  # not expected: the store leaves it at this version's schema
        raise CommandError(f"{_shown(path)} cannot be read")
    try:
        yield reader.connection
    finally:
        reader.close()


def _progress(output: str | None, total: int) -> AbstractContextManager[Callable[[int], None]]:
    """A bar on standard error, on a terminal only, and not while the export itself goes to
    that terminal (standard output), where the two would mix."""
    from infoint_tui.progress import progress, shown_on

    if (not output or output == "-") and shown_on(sys.stdout):
        return nullcontext(lambda done: None)
    return progress("Exporting", total)


def _write_output(text: str, output: str | None, force: bool) -> None:
    with _output(output, force) as handle:
        handle.write(text)


@contextmanager
def _output(output: str | None, force: bool) -> Iterator[TextIO]:
    """Where an export is written: standard output, or a new file in the target's folder
    that takes the target's name only once everything is written (an export that fails
    or is interrupted leaves no half-written file behind).

    Raises:
        CommandError: the target exists (without `force`) or cannot be written.
    """
    if not output or output == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(output)
    if target.exists() and not force:
        raise CommandError(f"{_shown(target)} already exists; pass --force to overwrite it")
    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(temporary, target)  # mkstemp made it 0600: these are private notes
        temporary = None
    except OSError as error:
        raise CommandError(f"cannot write {_shown(target)}: {error.strerror}") from None
    finally:
        if temporary is not None:
            with suppress(OSError):
                os.unlink(temporary)


def run_import(args: argparse.Namespace) -> int:
    """Import a JSON export, a LinkedIn export or vCards, in one transaction.

    A JSON export is read a piece at a time (never whole), with a progress bar on standard
    error when it is a terminal.
    """
    from infoint_tui.store.errors import StoreError
    from infoint_tui.store.exchange.people_files import HEAD_BYTES, detect_people_format

    source = "<stdin>" if args.file == "-" else args.file
    try:
        handle = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")  # noqa: SIM115
        head = handle.peek(HEAD_BYTES)[:HEAD_BYTES] if hasattr(handle, "peek") else b""
    except OSError as error:
        raise CommandError(f"cannot read {_shown(source)}: {error.strerror}") from None
    try:
        people_format = detect_people_format(head.decode("utf-8-sig", errors="replace"))
        store = _open_store(args)
        try:
            if people_format is not None:
                data = _read_all(handle, source)
                return _import_people(store, data, source, people_format, args.dry_run)
            report = _import_json(store, handle, source, args.dry_run)
        except (StoreError, CommandError):
            raise
        except Exception as error:
            # One line and no traceback even for a fault of ours; its text could quote the
            # file's private notes, so only its kind is named. The transaction rolled back.
            raise CommandError(
                f"nothing was imported from {_shown(source)}: unexpected {type(error).__name__}"
            ) from None
        finally:
            store.close()
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
    if args.dry_run:
        print(
            f"would import {report.imported} interview(s); {report.already_present} already "
            "present (nothing was imported: --dry-run)"
        )
        return 0
    print(
        f"imported {report.imported} interview(s); "
        f"{report.already_present} already present and left as they were"
    )
    return 0


def _read_all(handle: BinaryIO, source: str) -> bytes:
    try:
        return handle.read()
    except OSError as error:
        raise CommandError(f"cannot read {_shown(source)}: {error.strerror}") from None


def _import_json(store: Store, handle: BinaryIO, source: str, dry_run: bool) -> ImportReport:
    """A JSON export read a piece at a time, with a bar counting megabytes read."""
    import stat

    from infoint_tui.progress import progress

    try:
        status = os.fstat(handle.fileno())
        size = status.st_size if stat.S_ISREG(status.st_mode) else None
    except (OSError, ValueError, AttributeError):  # a pipe, or a stream without a file
        size = None
    total = None if size is None else -(-size // _MB)
    with progress("Importing (MB read)", total) as advance:
        return store.import_json(
            handle, source=source, dry_run=dry_run, progress=lambda done: advance(done // _MB)
        )


#: The unit the import's progress bar counts in.
_MB = 1 << 20


def _import_people(store: Store, data: bytes, source: str, kind: str, dry_run: bool) -> int:
    """People from a LinkedIn export or vCards: a preview, or all of them or none."""
    from infoint_tui.store.exchange.people_files import read_linkedin_csv, read_vcards

    read = read_linkedin_csv if kind == "linkedin" else read_vcards
    if source == "<stdin>":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "stdin"
            path.write_bytes(data)
            candidates = read(path)
    else:
        candidates = read(source)
    report = store.import_people(candidates, dry_run=dry_run)
    what = "LinkedIn connections" if kind == "linkedin" else "vCards"
    if dry_run:
        print(
            f"{_shown(source)}: {len(candidates)} {what}: would add {report.summary()} "
            "(nothing was imported: --dry-run)"
        )
    else:
        print(f"{_shown(source)}: {len(candidates)} {what}: added {report.summary()}")
    return 0


def run_search(args: argparse.Namespace) -> int:
    """Print the interviews and lines that match the query."""
    from infoint_tui.store.dates import NOT_SCHEDULED
    from infoint_tui.text import one_line, terminal_safe

    reader = _open_reader(args)
    try:
        hits = reader.search_interviews(" ".join(args.query), limit=max(args.limit, 1)).hits
    finally:
        reader.close()
    if not hits:
        print("no matches", file=sys.stderr)
        return 1
    bold, plain = ("\x1b[1m", "\x1b[22m") if sys.stdout.isatty() else ("", "")
    last = None
    for hit in hits:
        if hit.interview_uuid != last:
            last = hit.interview_uuid
            when = f"{hit.when:%Y-%m-%d}" if hit.when else NOT_SCHEDULED
            about = " · ".join(
                one_line(part)  # a name with a line break must not start a fake hit
                for part in (hit.contact_name, hit.occupation_name, hit.organization_name)
                if part
            )
            print(f"{when}  {about}  [{hit.stage}]  {hit.interview_uuid}")
        snippet = "".join(
            f"{bold}{terminal_safe(text)}{plain}" if matched else terminal_safe(text)
            for text, matched in hit.snippet
        )
        print(f"    {one_line(hit.field_label)}: {snippet}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """Fill a database with generated interviews, or open the app on sample data."""
    if args.generate is not None:
        if getattr(args, "db", None) is None:
            raise CommandError("--generate writes only to a file named with --db PATH")
        if args.generate < 0:
            raise CommandError("--generate takes a number of interviews, 0 or more")
        store = _open_store(args)
        try:
            store.generate_demo(args.generate, seed=args.seed)
        finally:
            store.close()
        print(f"generated {args.generate} interviews in {_db(args)}", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="infoint-tui-demo-") as folder:
        args.db = str(Path(folder) / "demo.db")
        store = _open_store(args)
        try:
            store.seed_demo()
        finally:
            store.close()
        return run_app(args)


COMMANDS = {
    "app": run_app,
    "path": run_path,
    "export": run_export,
    "import": run_import,
    "search": run_search,
    "demo": run_demo,
}
