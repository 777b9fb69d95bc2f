"""The questions and notes of the interviews an import has read, kept in a temporary file
until they are written: they are most of a document, and nothing is checked across them."""

from __future__ import annotations

import pickle
import tempfile
from typing import IO, Any

from infoint_tui.store.exchange.schema import InterviewIn

Rows = list[dict[str, Any]]


class Spool:
    """Each interview's questions and notes as their checked values, out of memory.

    `put` takes them off the interview (which keeps empty lists); `take` gives them back,
    once, for the interview they came from (by identity: the document holds every one of
    its interviews until the import ends).
    """

    def __init__(self) -> None:
        self.file: IO[bytes] | None = None  # made on the first put
        self.size = 0
        self.places: dict[int, tuple[int, int]] = {}

    def put(self, item: InterviewIn) -> None:
        if not item.questions and not item.notes:
            return
        questions = [question.model_dump() for question in item.questions]
        notes = [note.model_dump() for note in item.notes]
        data = pickle.dumps((questions, notes), protocol=pickle.HIGHEST_PROTOCOL)
        if self.file is None:
            self.file = tempfile.TemporaryFile()  # noqa: SIM115 (0600, gone once closed)
        self.file.seek(self.size)
        self.file.write(data)
        self.places[id(item)] = (self.size, len(data))
        self.size += len(data)
        item.questions, item.notes = [], []

    def take(self, item: InterviewIn) -> tuple[Rows, Rows]:
        """The interview's questions and notes (as `model_dump` gives them)."""
        place = self.places.pop(id(item), None)
        if place is None or self.file is None:
            return (
                [question.model_dump() for question in item.questions],
                [note.model_dump() for note in item.notes],
            )
        self.file.seek(place[0])
        questions, notes = pickle.loads(self.file.read(place[1]))
        return questions, notes

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
