"""Import checks of each piece of a document as it is read: strict JSON, our format and
version, the schema, and the uuid an interview written without one is given."""

from __future__ import annotations

import difflib
import json
import re
import uuid as uuid_module
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from infoint_tui.store.errors import ImportFileError
from infoint_tui.store.exchange.document import FIRST_VERSION, FORMAT, VERSION
from infoint_tui.store.exchange.json_stream import JsonStream, Mark, too_deep
from infoint_tui.store.exchange.schema import DocumentIn, found

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


def _validation_message(error: ValidationError, loc: tuple[int | str, ...] = ()) -> str:
    errors = error.errors(include_url=False)
    first = errors[0]
    first["loc"] = (*loc, *first["loc"])
    message = f"{_location(first['loc'])}: {_problem(first)}"
    more = len(errors) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return message


def _walk(value: Any, loc: tuple[int | str, ...]) -> Iterator[tuple[tuple[int | str, ...], Any]]:
    """Every value and key of parsed JSON at `loc` with its location, in document order.

    A loop over a stack rather than recursion: the file may nest hundreds of levels deep.
    """
    stack: list[tuple[tuple[int | str, ...], Any, bool]] = [(loc, value, False)]
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


class ValueReader:
    """Decodes the next value of a stream with the checks an import makes of every value:
    no key twice in an object, no number longer than any field takes, no NaN or Infinity
    taken for a number, no lone UTF-16 surrogate, no nesting deeper than MAX_DEPTH."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.duplicates = False
        self.long_numbers = False
        self.decoder = json.JSONDecoder(
            object_pairs_hook=self._collect, parse_constant=_NonFinite, parse_int=self._read_int
        )

    def _collect(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
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
        self.duplicates = True
        return marked

    def _read_int(self, digits: str) -> int | _LongNumber:
        number = _read_int(digits)
        if isinstance(number, _LongNumber):
            self.long_numbers = True
        return number

    def read(self, stream: JsonStream, loc: tuple[int | str, ...]) -> Any:
        """The next value of `stream`, which is at `loc` in the document.

        Raises:
            ImportFileError: the value is not valid JSON, or fails one of the checks above.
        """
        where = self.where
        self.duplicates = self.long_numbers = False
        data, text, mark = stream.value(self.decoder)
        if too_deep(data):
            assert mark is not None
            raise ImportFileError(f"{where}: {_too_deep(text, loc, mark)}")
        if self.long_numbers:
            at, number = next(
                (at, value) for at, value in _walk(data, loc) if isinstance(value, _LongNumber)
            )
            raise ImportFileError(
                f"{where}: {_location(at)}: the number is too long ({number.digits} digits; "
                f"no field takes more than {MAX_DIGITS - 1})"
            )
        if self.duplicates:
            at, value = next(
                (at, value) for at, value in _walk(data, loc) if isinstance(value, _DuplicateKeys)
            )
            key = found(value.duplicate)
            raise ImportFileError(f"{where}: {_location(at)}: the key {key} appears more than once")
        if _SURROGATE_ESCAPE.search(text) or not _storable(text):
            for at, value in _walk(data, loc):
                if not _storable(value):
                    raise ImportFileError(
                        f"{where}: {_location(at)}: contains a lone UTF-16 surrogate, "
                        "which cannot be stored"
                    )
        return data


def _too_deep(text: str, loc: tuple[int | str, ...], mark: Mark) -> str:
    """Where `text` (a value at `loc`, starting at `mark`) first nests deeper than MAX_DEPTH,
    for a value too deep to parse."""
    path: list[int | str] = list(loc)
    expect_key: list[bool] = [False] * len(loc)
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token in "[{":
            if len(path) == MAX_DEPTH:
                newline = text.rfind("\n", 0, match.start())
                line = mark.line + text.count("\n", 0, match.start())
                column = match.start() - newline if newline >= 0 else mark.column + match.start()
                return (
                    f"{_location(path)}: nested more than {MAX_DEPTH} levels deep (line {line}, "
                    f"column {column}); an infoint-tui export is at most 7 levels deep"
                )
            path.append(0 if token == "[" else "")
            expect_key.append(token == "{")
        elif token in "]}":
            if len(path) > len(loc):
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


def check_header(data: dict[str, Any], where: str) -> int:
    """Refuse files that are not ours, or are from a newer version, before anything else;
    return the version. `data`: the top-level keys read so far, but the lists."""
    if "format" not in data:
        raise ImportFileError(f"{where}: format: is required; this is not an infoint-tui export")
    check_format(data["format"], where)
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
    return version


def check_format(value: Any, where: str) -> None:
    if value != FORMAT:
        raise ImportFileError(f'{where}: format: expected "{FORMAT}", found {found(value)}')


def check_not_object(data: Any, where: str) -> None:
    """Refuse a file whose top level is not a JSON object (`data`: what it is instead)."""
    raise ImportFileError(
        f'{where}: expected a JSON object with "format": "{FORMAT}", found {found(data)}'
    )


def check_top_level(data: dict[str, Any], where: str) -> None:
    """Check top-level keys (not the lists of an import) against the schema."""
    try:
        DocumentIn.model_validate(data)
    except ValidationError as error:
        raise ImportFileError(f"{where}: {_validation_message(error)}") from None


def check_version_key(key: str, version: int, where: str) -> None:
    """Refuse the keys version 2 added in an older document, whose contacts are inline only
    (read as release 1 wrote them, so they make the people the upgrade to 0005 would)."""
    if version < 2 and key in ("organizations", "people"):
        raise ImportFileError(
            f"{where}: {key}: only a version 2 document has {key}; this one is version {version}"
        )


_M = TypeVar("_M", bound=BaseModel)


def check_item(model: type[_M], data: Any, loc: tuple[int | str, ...], where: str) -> _M:
    """One element of a list of the document, checked against the schema."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ImportFileError(f"{where}: {_validation_message(error, loc)}") from None


def derived_uuid(item: Any, seen: dict[str, int]) -> str:
    """The uuid5 of an interview written without a uuid, from its canonical JSON (so a
    re-import matches); the second identical one gets another (`seen` counts them)."""
    canonical = json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    value = str(uuid_module.uuid5(_NAMESPACE, canonical))
    seen[value] = count = seen.get(value, 0) + 1
    if count == 1:
        return value
    return str(uuid_module.uuid5(_NAMESPACE, f"{canonical}#{count}"))
