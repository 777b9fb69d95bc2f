"""A document read in the order an import needs, one element of its lists at a time.

The header (format and version) comes first, then the organizations and the people, then
the interviews (whose contacts may be those people). A file in another order is read in
that one all the same: a list met too early is skipped over and read again from where it
starts once the top-level object has been read (the file must then be seekable).
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from infoint_tui.store.errors import ImportFileError
from infoint_tui.store.exchange.json_stream import JsonStream, Mark
from infoint_tui.store.exchange.schema import InterviewIn, OrganizationIn, PersonIn, found
from infoint_tui.store.exchange.validation import (
    ValueReader,
    check_format,
    check_header,
    check_item,
    check_not_object,
    check_top_level,
    check_version_key,
    derived_uuid,
)

#: The document's lists, in the order an import reads them.
SECTIONS = ("organizations", "people", "interviews")


class Sink(Protocol):
    """What is done with each checked piece (the import writes it)."""

    def begin(self, version: int) -> None: ...

    def organization(self, index: int, item: OrganizationIn) -> None: ...

    def person(self, index: int, item: PersonIn) -> None: ...

    def interview(self, index: int, item: InterviewIn, uuid: str) -> None: ...

    def end(self, section: str) -> None: ...


class DocumentReader:
    """Reads one document from `stream` into `sink`; `where` names it in messages."""

    def __init__(self, stream: JsonStream, where: str, sink: Sink) -> None:
        self.stream = stream
        self.where = where
        self.sink = sink
        self.values = ValueReader(where)
        self.plain = json.JSONDecoder()
        #: The top-level keys read so far, but the lists read as lists.
        self.header: dict[str, Any] = {}
        self.version: int | None = None
        self.done: set[str] = set()
        self.later: dict[str, Mark] = {}
        self.derived: dict[str, int] = {}

    def run(self) -> None:
        stream = self.stream
        first = stream.peek()
        if first == "":
            raise ImportFileError(
                f"{self.where}: the file is empty; expected an infoint-tui JSON export"
            )
        if first == "[":
            check_not_object([], self.where)
        if first != "{":
            check_not_object(self.values.read(stream, ()), self.where)
        stream.take("{", "Expecting value")
        if stream.peek() == "}":
            stream.take("}", "")
        else:
            self._keys()
        if not stream.at_end():
            stream.fail("Extra data")
        if self.version is None:
            self._header_done()
        for section in SECTIONS:
            if section in self.later:
                stream.seek(self.later[section])
                self._section(section)

    def _keys(self) -> None:
        stream = self.stream
        while True:
            if stream.peek() != '"':
                stream.fail("Expecting property name enclosed in double quotes")
            key, _, _ = stream.value(self.plain)
            if key in self.header or key in self.done or key in self.later:
                raise ImportFileError(
                    f"{self.where}: the document: the key {found(key)} appears more than once"
                )
            stream.take(":", "Expecting ':' delimiter")
            if key in SECTIONS and stream.peek() == "[":
                if self._ready(key):
                    self._section(key)
                else:
                    self.later[key] = stream.mark()
                    self._skip_list()
            else:
                self._top_level(key, self.values.read(stream, (key,)))
            if stream.peek() == ",":
                stream.take(",", "")
                continue
            stream.take("}", "Expecting ',' delimiter")
            return

    def _top_level(self, key: str, value: Any) -> None:
        """A key of the top-level object that is not a list of the document."""
        self.header[key] = value
        if key == "format":
            check_format(value, self.where)
        if self.version is not None:
            check_top_level(self._heading(key), self.where)
        elif "format" in self.header and "version" in self.header:
            self._header_done()

    def _heading(self, *keys: str) -> dict[str, Any]:
        """The format and version with the top-level `keys` (all when none are named)."""
        names = keys or tuple(self.header)
        return {
            key: value
            for key, value in self.header.items()
            if key in ("format", "version") or key in names
        }

    def _header_done(self) -> None:
        self.version = check_header(self.header, self.where)
        check_top_level(self._heading(), self.where)
        self.sink.begin(self.version)

    def _ready(self, section: str) -> bool:
        """Whether `section` can be read now: after the header, and the interviews of a
        version 2 document after the people (an interview's contact may be one of them)."""
        if self.version is None:
            return False
        if section == "interviews" and self.version >= 2:
            return "people" in self.done
        return True

    def _skip_list(self) -> None:
        stream = self.stream
        stream.take("[", "")
        if stream.peek() == "]":
            stream.take("]", "")
            return
        while True:
            stream.value(self.plain)
            if stream.peek() == ",":
                stream.take(",", "")
                continue
            stream.take("]", "Expecting ',' delimiter")
            return

    def _section(self, section: str) -> None:
        assert self.version is not None
        check_version_key(section, self.version, self.where)
        stream = self.stream
        stream.take("[", "")
        index = 0
        if stream.peek() == "]":
            stream.take("]", "")
        else:
            while True:
                self._item(section, index, self.values.read(stream, (section, index)))
                index += 1
                if stream.peek() == ",":
                    stream.take(",", "")
                    continue
                stream.take("]", "Expecting ',' delimiter")
                break
        self.done.add(section)
        self.sink.end(section)

    def _item(self, section: str, index: int, value: Any) -> None:
        loc = (section, index)
        if section == "organizations":
            self.sink.organization(index, check_item(OrganizationIn, value, loc, self.where))
        elif section == "people":
            self.sink.person(index, check_item(PersonIn, value, loc, self.where))
        else:
            item = check_item(InterviewIn, value, loc, self.where)
            uuid = item.uuid or derived_uuid(value, self.derived)
            self.sink.interview(index, item, uuid)
