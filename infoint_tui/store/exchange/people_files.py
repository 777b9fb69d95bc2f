"""People from files a student already has: LinkedIn's Connections.csv and vCards (.vcf).

Each reader returns plain `PersonCandidate`s, all of them or none: a malformed file raises
`PeopleFileError`, whose one-line message names the file and the line (or card) at fault.
`write_vcards` writes vCard 3.0 that `read_vcards` reads back field for field.

Only the standard library is imported here (and two dependency-free modules of this
package), so the readers cost nothing until used. The vCard parser is our own: it unfolds
lines, splits on unescaped separators, unescapes `\\,` `\\;` `\\n` `\\\\`, and decodes 2.1's
QUOTED-PRINTABLE with its CHARSET, which is all a person needs (see `read_vcards`).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Literal, cast

from infoint_tui.store.errors import ImportFileError
from infoint_tui.text import one_line, visible_name

PeopleFormat = Literal["linkedin", "vcard"]

#: How much of a file `detect_people_file` reads; LinkedIn's notes come to about 400 bytes.
HEAD_BYTES = 4096
#: The `how_found` of every person read from a LinkedIn export.
LINKEDIN = "LinkedIn"
#: The extension properties `write_vcards` adds so that no field is lost on the way back.
HOW_FOUND_PROPERTY = "X-INFOINT-HOW-FOUND"
CONNECTED_ON_PROPERTY = "X-INFOINT-CONNECTED-ON"


@dataclass(frozen=True)
class PersonCandidate:
    """A person read from a file, not yet in the store; empty text is an unknown field."""

    name: str
    organization: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    profile_url: str = ""
    how_found: str = ""
    connected_on: date | None = None
    notes: str = ""


class PeopleFileError(ImportFileError, ValueError):
    """A people file is malformed or unreadable; nothing was read from it.

    The message is one terminal-safe line: `file: line 7: problem` or
    `file: card 2 (line 9): problem`. It is an `ImportFileError` (a `StoreError`), so the
    command line and the app already report it in one line, and a `ValueError`.
    """


def _error(
    path: str | os.PathLike[str], problem: str, line: int | None = None, card: int | None = None
) -> PeopleFileError:
    where = visible_name(os.fspath(path)) or "<input>"
    if card is not None:
        where += f": card {card}" + (f" (line {line})" if line is not None else "")
    elif line is not None:
        where += f": line {line}"
    return PeopleFileError(f"{where}: {problem}")


def _shown(text: str) -> str:
    """A piece of the file quoted in a message: one line, terminal-safe, at most 40 wide."""
    return '"' + one_line(text, 40) + '"'


# -- detection -------------------------------------------------------------------------------

_LINES = re.compile(r"\r\n|\r|\n")
_REQUIRED_COLUMNS = ("first name", "last name", "connected on")


def detect_people_format(head: str) -> PeopleFormat | None:
    """What the start of a file is, by its content: "vcard", "linkedin" or None.

    A vCard's first non-blank line is `BEGIN:VCARD` (any case). A LinkedIn Connections.csv
    has, within its first 20 lines, the header `First Name,Last Name,…,Connected On`; newer
    exports put a `Notes:` paragraph and a blank line before it. A leading BOM is ignored.
    Pass the first few KB of the file (`HEAD_BYTES`); a cut-off last line does no harm.
    """
    lines = _LINES.split(head.lstrip("\ufeff"))
    first = next((line.strip() for line in lines if line.strip()), "")
    if re.fullmatch(r"begin\s*:\s*vcard", first, re.IGNORECASE):
        return "vcard"
    if any(_linkedin_columns(line) is not None for line in lines[:20]):
        return "linkedin"
    return None


def detect_people_file(path: str | os.PathLike[str]) -> PeopleFormat | None:
    """`detect_people_format` on the first `HEAD_BYTES` of the file at `path`.

    Raises:
        PeopleFileError: the file cannot be read.
    """
    try:
        with open(path, "rb") as file:
            data = file.read(HEAD_BYTES)
    except OSError as error:
        raise _unreadable(path, error) from None
    encoding = "utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8"
    return detect_people_format(data.decode(encoding, errors="replace"))


def _unreadable(path: str | os.PathLike[str], error: OSError) -> PeopleFileError:
    return _error(path, f"cannot be read ({error.strerror or type(error).__name__})")


def _read_text(path: str | os.PathLike[str]) -> str:
    """The file as text: UTF-8 (with or without a BOM), or UTF-16 with a BOM."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise _unreadable(path, error) from None
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _error(path, "not valid UTF-16 text, though it starts like it") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _error(
            path, f"not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8", line
        ) from None


# -- LinkedIn ----------------------------------------------------------------------------------

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_connected_on(text: str) -> date | None:
    """LinkedIn's "12 Mar 2024" (or "12 March 2024"), or ISO "2024-03-12"; else None.

    Month names are read in English whatever the locale. Slashed dates such as "03/12/2024"
    are left out on purpose: they could be 12 March or 3 December, and a wrong date is
    worse than none.
    """
    text = text.strip()
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, name, year = match.groups()
        months = [n for n, full in enumerate(_MONTHS, 1) if full.startswith(name.lower())]
        parts = (int(year), months[0], int(day)) if months else None
    elif match := _ISO_DATE.fullmatch(text):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    else:
        parts = None
    try:
        return date(*parts) if parts else None
    except ValueError:
        return None


def _linkedin_columns(line: str) -> dict[str, int] | None:
    """The column of each (lower-cased) name if `line` is LinkedIn's header, else None."""
    if "," not in line:
        return None
    try:
        cells = next(csv.reader([line.strip("\r\n")]), [])
    except csv.Error:
        return None
    columns = {cell.strip(" \ufeff").lower(): index for index, cell in enumerate(cells)}
    return columns if all(name in columns for name in _REQUIRED_COLUMNS) else None


_CSV_PROBLEMS = {
    "unexpected end of data": 'a quoted field is never closed (a missing ")',
    "field larger than field limit": 'a field is too long (a missing "?)',
}


def read_linkedin_csv(path: str | os.PathLike[str]) -> list[PersonCandidate]:
    """The connections in LinkedIn's Connections.csv, in file order.

    The notes LinkedIn puts before the header are skipped. Columns are found by name
    (First Name, Last Name and Connected On are required; URL, Email Address, Company and
    Position are read when present). A row with no name at all (a closed account) is
    skipped; an unreadable "Connected On" gives `connected_on=None` (`parse_connected_on`).

    Raises:
        PeopleFileError: no header, a row with the wrong number of fields, an unclosed
            quote, or text that is not UTF-8; the message names the file and the line.
    """
    lines = io.StringIO(_read_text(path), newline="").readlines()
    header = next(
        (
            (number, columns)
            for number, line in enumerate(lines, 1)
            if (columns := _linkedin_columns(line)) is not None
        ),
        None,
    )
    if header is None:
        raise _error(
            path,
            "no LinkedIn header (First Name,Last Name,…,Connected On) found; "
            "expected Connections.csv from LinkedIn's data export",
        )
    header_line, columns = header
    width = len(next(csv.reader([lines[header_line - 1]])))
    people: list[PersonCandidate] = []
    reader = csv.reader(lines[header_line:], strict=True)
    start = header_line + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problem = _CSV_PROBLEMS.get(str(error), f"not valid CSV ({error})")
            raise _error(path, problem, start) from None
        if any(cell.strip() for cell in row) or len(row) > 1:
            if len(row) != width:
                problem = f"expected {width} fields as in the header, found {len(row)}"
                raise _error(path, problem, start)
            person = _linkedin_person(row, columns)
            if person is not None:
                people.append(person)
        start = header_line + reader.line_num + 1
    return people


def _linkedin_person(row: list[str], columns: dict[str, int]) -> PersonCandidate | None:
    def cell(name: str) -> str:
        index = columns.get(name)
        value = row[index] if index is not None else ""
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()

    name = f"{cell('first name')} {cell('last name')}".strip()
    if not name:
        return None
    return PersonCandidate(
        name=name,
        organization=cell("company"),
        role=cell("position"),
        email=cell("email address"),
        profile_url=cell("url"),
        how_found=LINKEDIN,
        connected_on=parse_connected_on(cell("connected on")),
    )


# -- vCard in ----------------------------------------------------------------------------------

_VERSIONS = ("2.1", "3.0", "4.0")
_ESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":"}
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_HEX_PAIR = re.compile(r"[0-9A-F]{2}")


@dataclass
class _Property:
    line: int
    name: str
    params: dict[str, list[str]]
    value: str


def read_vcards(path: str | os.PathLike[str]) -> list[PersonCandidate]:
    r"""The people in a vCard file (2.1, 3.0 or 4.0), one per card, in file order.

    name: FN, else N put in reading order; organization: ORG's first component; role:
    TITLE, else ROLE; email, phone, profile_url: the first non-empty EMAIL, TEL (a 4.0
    `tel:` URI is unwrapped), URL; notes: every NOTE, one per line. `how_found` and
    `connected_on` come from the X-INFOINT-… properties `write_vcards` adds, if there.

    Folded lines are unfolded (one leading space or tab removed), `item1.`-style groups
    are ignored, `\,` `\;` `\:` `\\` and `\n` are unescaped, and 2.1's
    ENCODING=QUOTED-PRINTABLE (soft line breaks too) is decoded with its CHARSET; BASE64
    properties (photos) are skipped. Line breaks in values come back as "\n".

    Raises:
        PeopleFileError: a card without END:VCARD (or an END without BEGIN), text outside
            a card, a line that is no property, a card with no name, an unknown VERSION or
            CHARSET, or text that is not UTF-8; the message names the file and the card.
    """
    text = _read_text(path)
    people: list[PersonCandidate] = []
    card: list[_Property] | None = None
    begun = count = 0
    skipping_base64 = False
    for number, line in _logical_lines(text):
        if not line.strip():
            continue
        name, params, value = _split_property(line)
        keyword = (name, value.strip().upper()) if value is not None else None
        if keyword == ("BEGIN", "VCARD"):
            if card is not None:
                problem = f"BEGIN:VCARD on line {number} before this card's END:VCARD"
                raise _error(path, problem, begun, count)
            card, begun, count, skipping_base64 = [], number, count + 1, False
        elif keyword == ("END", "VCARD"):
            if card is None:
                raise _error(path, "END:VCARD without a BEGIN:VCARD before it", number)
            people.append(_card_person(path, card, count, begun))
            card = None
        elif card is None:
            raise _error(path, f"expected BEGIN:VCARD, found {_shown(line)}", number)
        elif value is None or not name:
            if not skipping_base64:
                problem = f"expected a property such as FN:Ann Lee, found {_shown(line)}"
                raise _error(path, problem, number, count)
        else:
            card.append(_Property(number, name, params, value))
            skipping_base64 = bool(_encodings(params) & {"BASE64", "B"})
    if card is not None:
        raise _error(path, "no END:VCARD before the end of the file", begun, count)
    if not count:
        raise _error(path, "no BEGIN:VCARD found; expected a vCard file (.vcf)")
    return people


def _is_quoted_printable(line: str) -> bool:
    return "QUOTED-PRINTABLE" in line.partition(":")[0].upper()


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Each unfolded content line with the number of the line it starts on.

    A line starting with a space or tab continues the one before (RFC 6350 folding). In a
    QUOTED-PRINTABLE value a line ending in "=" is a soft break: the next line continues
    it, indented or not (phones write both), unless an indented one starts with two
    upper-case hex digits, which is then taken for a fold inside an "=XX" escape.
    """
    number, current = 0, None
    for index, line in enumerate(_LINES.split(text), 1):
        soft_break = current is not None and current.endswith("=") and _is_quoted_printable(current)
        if current is not None and line[:1] in (" ", "\t"):
            if soft_break and not _HEX_PAIR.match(line, 1):
                current = current[:-1]
            current += line[1:]
        elif current is not None and soft_break:
            current = current[:-1] + line
        else:
            if current is not None:
                yield number, current
            number, current = index, line
    if current is not None:
        yield number, current


def _split_property(line: str) -> tuple[str, dict[str, list[str]], str | None]:
    """`[group.]NAME;PARAM=a,b;BARE:value` -> ("NAME", {"PARAM": ["a", "b"], "": ["BARE"]},
    "value"); the value is None when the line has no ":" outside double quotes."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:index], line[index + 1 :]
            break
    else:
        return "", {}, None
    parts = _split_unquoted(head, ";")
    name = parts[0].strip().rpartition(".")[2].upper()
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, equals, values = part.partition("=")
        if not equals:
            key, values = "", key
        params.setdefault(key.strip().upper(), []).extend(
            v.strip().strip('"') for v in _split_unquoted(values, ",")
        )
    return name, params, value


def _split_unquoted(text: str, separator: str) -> list[str]:
    parts, start, quoted = [], 0, False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append(text[start:index])
            start = index + 1
    return [*parts, text[start:]]


def _split_escaped(value: str, separator: str) -> list[str]:
    """`value` split on each `separator` not escaped by a backslash, still escaped."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            current.append(char + next(chars, ""))
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    return [*parts, "".join(current)]


def _encodings(params: dict[str, list[str]]) -> set[str]:
    """ENCODING=… values and 2.1's bare QUOTED-PRINTABLE or BASE64, upper-cased."""
    return {value.upper() for value in params.get("ENCODING", []) + params.get("", [])}


def _unescape(value: str) -> str:
    r"""`\,` `\;` `\:` `\\` and `\n` (or `\N`) decoded; any other backslash is kept."""
    return _ESCAPED.sub(lambda m: _ESCAPES.get(m[1], m[0]), value)


def _card_person(
    path: str | os.PathLike[str], card: list[_Property], count: int, begun: int
) -> PersonCandidate:
    version = "3.0"
    values: dict[str, list[_Property]] = {}
    for prop in card:
        if prop.name == "VERSION":
            version = prop.value.strip()
            if version not in _VERSIONS:
                problem = f"VERSION {_shown(version)} is not supported (expected 2.1, 3.0 or 4.0)"
                raise _error(path, problem, prop.line, count)
        value = _decoded(path, prop, count)
        if value is not None:
            values.setdefault(prop.name, []).append(
                _Property(prop.line, prop.name, prop.params, value)
            )

    def first(*names: str, component: bool = False) -> _Property | None:
        for name in names:
            for prop in values.get(name, []):
                text = _unescape(_split_escaped(prop.value, ";")[0] if component else prop.value)
                if text:
                    return _Property(prop.line, prop.name, prop.params, text)
        return None

    def text(*names: str, component: bool = False) -> str:
        found = first(*names, component=component)
        return found.value if found is not None else ""

    name = text("FN")
    if not name.strip():
        names = (_name_from_n(prop.value) for prop in values.get("N", []))
        name = next((candidate for candidate in names if candidate), "")
    if not name:
        raise _error(path, "no name (FN or N)", begun, count)
    return PersonCandidate(
        name=name,
        organization=text("ORG", component=True),
        role=text("TITLE", "ROLE"),
        email=text("EMAIL"),
        phone=_phone(first("TEL"), version),
        profile_url=text("URL"),
        how_found=text(HOW_FOUND_PROPERTY),
        connected_on=parse_connected_on(text(CONNECTED_ON_PROPERTY)),
        notes="\n".join(note for prop in values.get("NOTE", []) if (note := _unescape(prop.value))),
    )


def _phone(prop: _Property | None, version: str) -> str:
    """TEL's number; a 4.0 `tel:` URI (or one marked VALUE=uri) without its scheme."""
    if prop is None:
        return ""
    uri = version == "4.0" or "URI" in (v.upper() for v in prop.params.get("VALUE", []))
    return prop.value[4:] if uri and prop.value[:4].lower() == "tel:" else prop.value


def _decoded(path: str | os.PathLike[str], prop: _Property, count: int) -> str | None:
    """The property's value with any QUOTED-PRINTABLE undone; None for BASE64 data."""
    encodings = _encodings(prop.params)
    if encodings & {"BASE64", "B"}:
        return None
    if "QUOTED-PRINTABLE" not in encodings:
        return prop.value
    charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
    try:
        codecs.lookup(charset)
        value = quopri.decodestring(prop.value.encode("utf-8")).decode(charset)
    except LookupError:
        raise _error(path, f"unknown CHARSET {_shown(charset)}", prop.line, count) from None
    except UnicodeDecodeError:
        problem = f"{prop.name} is not valid {_shown(charset)} once decoded"
        raise _error(path, problem, prop.line, count) from None
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _name_from_n(value: str) -> str:
    """N's family;given;additional;prefix;suffix as "prefix given additional family suffix"."""
    parts = [_unescape(" ".join(_split_escaped(p, ","))) for p in _split_escaped(value, ";")]
    parts += [""] * (5 - len(parts))
    order = (parts[3], parts[1], parts[2], parts[0], parts[4], *parts[5:])
    return " ".join(part.strip() for part in order if part.strip())


# -- vCard out ---------------------------------------------------------------------------------

#: Octets in a written line before its CRLF (RFC 2426 and 6350); continuations count the space.
LINE_OCTETS = 75
_UNITS = re.compile(r"\\.|.", re.DOTALL)


def _escape_text(text: str) -> str:
    return (
        _newlines(text)
        .replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _escape_uri(text: str) -> str:
    """A URL keeps its commas and semicolons (a URI value is not escaped) but no newline."""
    return _newlines(text).replace("\\", "\\\\").replace("\n", "\\n")


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _fold(line: str) -> str:
    """`line` cut into lines of at most 75 UTF-8 octets joined by CRLF and a space.

    A cut never splits a character or a backslash escape (which readers need not mind, but
    some do).
    """
    out: list[str] = []
    size, limit = 0, LINE_OCTETS
    for unit in _UNITS.findall(line):
        octets = len(unit.encode("utf-8"))
        if size + octets > limit:
            out.append("\r\n ")
            size, limit = 0, LINE_OCTETS - 1
        out.append(unit)
        size += octets
    return "".join(out) + "\r\n"


def vcard_text(people: Iterable[PersonCandidate]) -> tuple[str, int]:
    """The vCard 3.0 text of `people` (CRLF line ends) and how many cards it holds.

    Raises:
        ValueError: a person's name is empty or blank (a card must have one).
    """
    cards: list[str] = []
    for number, person in enumerate(people, 1):
        if not person.name.strip():
            raise ValueError(f"person {number} has no name; a vCard needs one")
        words = person.name.split()
        family, given = words[-1], " ".join(words[:-1])
        lines = [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"FN:{_escape_text(person.name)}",
            f"N:{_escape_text(family)};{_escape_text(given)};;;",
        ]
        for name, value in (
            ("ORG", person.organization),
            ("TITLE", person.role),
            ("EMAIL", person.email),
            ("TEL", person.phone),
            ("NOTE", person.notes),
            (HOW_FOUND_PROPERTY, person.how_found),
        ):
            if value:
                lines.append(f"{name}:{_escape_text(value)}")
        if person.profile_url:
            lines.append(f"URL:{_escape_uri(person.profile_url)}")
        if person.connected_on is not None:
            lines.append(f"{CONNECTED_ON_PROPERTY}:{person.connected_on.isoformat()}")
        lines.append("END:VCARD")
        cards.append("".join(map(_fold, lines)))
    return "".join(cards), len(cards)


def write_vcards(
    people: Iterable[PersonCandidate],
    path_or_stream: str | os.PathLike[str] | IO[str] | IO[bytes],
) -> int:
    r"""Write `people` as vCard 3.0 (UTF-8, CRLF, folded at 75 octets); return how many.

    FN, N, ORG, TITLE, EMAIL, TEL, URL and NOTE, plus X-INFOINT-HOW-FOUND and
    X-INFOINT-CONNECTED-ON (which other programs ignore) so `read_vcards` gives back equal
    candidates. Line breaks are written as `\n`, so a "\r\n" or "\r" comes back as "\n".
    A text stream should be opened with newline="" (else Windows doubles the CRs). The
    whole text is made before anything is written.

    Raises:
        ValueError: a person has no name; nothing was written.
        OSError: the file cannot be written.
    """
    text, count = vcard_text(people)
    if isinstance(path_or_stream, str | os.PathLike):
        Path(path_or_stream).write_bytes(text.encode("utf-8"))
    elif isinstance(path_or_stream, io.RawIOBase | io.BufferedIOBase) or "b" in str(
        getattr(path_or_stream, "mode", "")
    ):
        cast(IO[bytes], path_or_stream).write(text.encode("utf-8"))
    else:
        cast(IO[str], path_or_stream).write(text)
    return count
