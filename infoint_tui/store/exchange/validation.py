"""Import checks: strict JSON, our format and version, the schema, one uuid per interview and
per person, and every person a document names by uuid agreeing wherever it is named."""

from __future__ import annotations

import difflib
import json
import re
import uuid as uuid_module
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from infoint_tui.store.errors import ImportFileError
from infoint_tui.store.exchange.contacts import check_people, merge_contacts
from infoint_tui.store.exchange.document import FIRST_VERSION, FORMAT, VERSION
from infoint_tui.store.exchange.schema import DocumentIn, found
from infoint_tui.text import visible_name

#: Fixed namespace of the uuid5 given to an interview written without a uuid.
_NAMESPACE = uuid_module.UUID("5f0b7d1e-3c2a-4e8b-9a61-2d4c8e0f7a13")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: Digits in the longest whole number any field takes (a signed 64-bit integer has 19); a
#: longer one is refused by name before Python is asked to read it (it refuses past 4300).
MAX_DIGITS = 20
#: Nesting a too-deep file's error counts to; an export nests at most 7 (a referral's contact).
MAX_DEPTH = 64
# The pieces of JSON that nesting depends on: strings (skipped whole), brackets, , and :.
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[][{},:]')


def validate(text: str, source: str) -> tuple[DocumentIn, list[str]]:
    """The checked document and the uuid of each of its interviews (given or derived).

    Raises:
        ImportFileError: the text is not a valid document; the message names `source`.
    """
    where = visible_name(source) or "<input>"
    data = _parse_json(text, where)
    _check_header(data, where)
    try:
        document = DocumentIn.model_validate(data)
    except ValidationError as error:
        raise ImportFileError(f"{where}: {_validation_message(error)}") from None
    _check_version_keys(document, where)
    uuids = _interview_uuids_in(document, data.get("interviews", []), where)
    check_people(document, where)
    merge_contacts(document, where)
    return document, uuids


_TYPE_PROBLEMS = {
    "bool_type": "expected true or false",
    "int_type": "expected a whole number",
    "float_type": "expected a number",
    "finite_number": "expected a finite number",
    "string_type": "expected text in double quotes",
    "list_type": "expected a list [...]",
    "model_type": "expected an object {...}",
    "dict_type": "expected an object {...}",
}


class _DuplicateKeys(dict[str, Any]):
    """A JSON object in which some key appeared more than once (the last value was kept)."""

    duplicate = ""


class _NonFinite:
    """NaN or Infinity in the input, which JSON does not allow and a number field refuses."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name


class _LongNumber:
    """A whole number with more digits than any field takes, kept unread (see MAX_DIGITS)."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __str__(self) -> str:
        return f"a number {self.digits} digits long"


def _read_int(text: str) -> int | _LongNumber:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_DIGITS else _LongNumber(digits)


def _location(loc: Sequence[int | str]) -> str:
    """`loc` as a JSON path; a very deep one keeps its first 8 steps and its last."""
    text = ""
    for step, part in enumerate(loc):
        if len(loc) > 10 and 8 <= step < len(loc) - 1:
            text += "…" if step == 8 else ""
        elif isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.fullmatch(part):
            text += f".{part}" if text else part
        else:
            text += f"[{found(part)}]"
    return text or "the document"


def _fields_at(loc: Sequence[int | str]) -> list[str]:
    """The keys allowed in the object at `loc`, for a "did you mean" hint."""
    model: type[BaseModel] = DocumentIn
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        inner = _model_in(field.annotation) if field else None
        if inner is None:
            return []
        model = inner
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        model = _model_in(argument)
        if model is not None:
            return model
    return None


def _problem(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        close = difflib.get_close_matches(key, _fields_at(error["loc"][:-1]), n=1, cutoff=0.6)
        return f'unknown key (did you mean "{close[0]}"?)' if close else "unknown key"
    if kind in _TYPE_PROBLEMS:
        return f"{_TYPE_PROBLEMS[kind]}, found {found(error['input'])}"
    return error["msg"]


def _validation_message(error: ValidationError) -> str:
    errors = error.errors(include_url=False)
    first = errors[0]
    message = f"{_location(first['loc'])}: {_problem(first)}"
    more = len(errors) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return message


def _walk(value: Any) -> Iterator[tuple[tuple[int | str, ...], Any]]:
    """Every value and key of parsed JSON with its location, in document order.

    A loop over a stack rather than recursion: the file may nest hundreds of levels deep.
    """
    stack: list[tuple[tuple[int | str, ...], Any, bool]] = [((), value, False)]
    while stack:
        loc, item, is_key = stack.pop()
        yield loc, item
        if is_key:
            continue
        children: list[tuple[tuple[int | str, ...], Any, bool]] = []
        if isinstance(item, dict):
            for key, child in item.items():
                children += [((*loc, key), key, True), ((*loc, key), child, False)]
        elif isinstance(item, list):
            children = [((*loc, index), child, False) for index, child in enumerate(item)]
        stack.extend(reversed(children))


def _storable(value: object) -> bool:
    try:
        if isinstance(value, str):
            value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _parse_json(text: str, where: str) -> Any:
    if not text.strip():
        raise ImportFileError(f"{where}: the file is empty; expected an infoint-tui JSON export")
    duplicates: list[_DuplicateKeys] = []

    def collect(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        marked = _DuplicateKeys(result)
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                marked.duplicate = key
                break
            seen.add(key)
        duplicates.append(marked)
        return marked

    long_numbers: list[_LongNumber] = []

    def read_int(digits: str) -> int | _LongNumber:
        number = _read_int(digits)
        if isinstance(number, _LongNumber):
            long_numbers.append(number)
        return number

    try:
        data = json.loads(
            text.removeprefix("\ufeff"),
            object_pairs_hook=collect,
            parse_constant=_NonFinite,
            parse_int=read_int,
        )
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{where}: line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
    except RecursionError:
        raise ImportFileError(f"{where}: {_too_deep(text)}") from None
    if long_numbers:
        loc, number = next(
            (loc, value) for loc, value in _walk(data) if isinstance(value, _LongNumber)
        )
        raise ImportFileError(
            f"{where}: {_location(loc)}: the number is too long ({number.digits} digits; "
            f"no field takes more than {MAX_DIGITS - 1})"
        )
    if duplicates:
        loc, value = next(
            (loc, value) for loc, value in _walk(data) if isinstance(value, _DuplicateKeys)
        )
        key = found(value.duplicate)
        raise ImportFileError(f"{where}: {_location(loc)}: the key {key} appears more than once")
    if _SURROGATE_ESCAPE.search(text) or not _storable(text):
        for loc, value in _walk(data):
            if not _storable(value):
                raise ImportFileError(
                    f"{where}: {_location(loc)}: contains a lone UTF-16 surrogate, "
                    "which cannot be stored"
                )
    return data


def _too_deep(text: str) -> str:
    """Where `text` first nests deeper than MAX_DEPTH, for a file too deep to parse."""
    path: list[int | str] = []
    expect_key: list[bool] = []
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token in "[{":
            if len(path) == MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                return (
                    f"{_location(path)}: nested more than {MAX_DEPTH} levels deep (line {line}, "
                    f"column {column}); an infoint-tui export is at most 7 levels deep"
                )
            path.append(0 if token == "[" else "")
            expect_key.append(token == "{")
        elif token in "]}":
            if path:
                path.pop()
                expect_key.pop()
        elif token == ",":
            if path and isinstance(path[-1], int):
                path[-1] += 1
            elif path:
                expect_key[-1] = True
        elif token == ":":
            if expect_key:
                expect_key[-1] = False
        elif expect_key and expect_key[-1]:
            try:
                path[-1] = json.loads(token)
            except ValueError:
                path[-1] = "?"
    return f"nested more than {MAX_DEPTH} levels deep; an infoint-tui export is at most 7"


def _check_header(data: Any, where: str) -> None:
    """Refuse files that are not ours, or are from a newer version, before anything else."""
    if not isinstance(data, dict):
        raise ImportFileError(
            f'{where}: expected a JSON object with "format": "{FORMAT}", found {found(data)}'
        )
    if "format" not in data:
        raise ImportFileError(f"{where}: format: is required; this is not an infoint-tui export")
    if data["format"] != FORMAT:
        raise ImportFileError(
            f'{where}: format: expected "{FORMAT}", found {found(data["format"])}'
        )
    version = data.get("version")
    if type(version) is int and version > VERSION:
        raise ImportFileError(
            f"{where}: version {version}: written by a newer infoint-tui; upgrade to import it"
        )
    if type(version) is not int or version < FIRST_VERSION:
        known = [str(number) for number in range(FIRST_VERSION, VERSION + 1)]
        expected = " or ".join([", ".join(known[:-1]), known[-1]] if len(known) > 1 else known)
        actual = found(version) if "version" in data else "nothing"
        raise ImportFileError(f"{where}: version: expected {expected}, found {actual}")


def _check_version_keys(document: DocumentIn, where: str) -> None:
    """Refuse the keys version 2 added in an older document, whose contacts are inline only
    (read as release 1 wrote them, so they make the people the upgrade to 0005 would)."""
    if document.version >= 2:
        return
    for key in ("organizations", "people"):
        if key in document.model_fields_set:
            raise ImportFileError(
                f"{where}: {key}: only a version 2 document has {key}; this one is version "
                f"{document.version}"
            )


def _interview_uuids_in(document: DocumentIn, raw: list[Any], where: str) -> list[str]:
    """Given uuids, or a uuid5 of the interview's canonical JSON (so re-imports match)."""
    first_index: dict[str, int] = {}
    occurrences: dict[str, int] = defaultdict(int)
    result = []
    for index, (interview, item) in enumerate(zip(document.interviews, raw, strict=True)):
        value = interview.uuid
        if value is None:
            canonical = json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            occurrences[canonical] += 1
            count = occurrences[canonical]
            value = str(
                uuid_module.uuid5(_NAMESPACE, canonical if count == 1 else f"{canonical}#{count}")
            )
        if value in first_index:
            raise ImportFileError(
                f"{where}: interviews[{index}].uuid: {value} is also the uuid of "
                f"interviews[{first_index[value]}]"
            )
        first_index[value] = index
        result.append(value)
    return result
