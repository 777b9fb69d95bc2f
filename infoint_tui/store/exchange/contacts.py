"""The contacts and people a document names by uuid: every place that names one agrees,
each introducer is one of the document's people, and every copy gets every value given."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

from infoint_tui.store.errors import ImportFileError
from infoint_tui.store.exchange.schema import (
    ContactIn,
    ContactRef,
    DocumentIn,
    InterviewIn,
    PersonIn,
)


def contact_occurrences(
    interviews: Iterable[tuple[int, InterviewIn]],
) -> Iterator[tuple[str, ContactIn | ContactRef]]:
    """Every contact an interview names, in full or by reference, with its JSON path."""
    for index, interview in interviews:
        here = f"interviews[{index}]"
        yield f"{here}.contact", interview.contact
        if interview.contact.referred_by is not None:
            yield f"{here}.contact.referred_by", interview.contact.referred_by
        if interview.follow_up is not None:
            for number, referral in enumerate(interview.follow_up.referrals):
                if referral.contact is not None:
                    yield f"{here}.follow_up.referrals[{number}].contact", referral.contact


#: A person's keys and the same values' keys in an interview's contact.
_PERSON_AS_CONTACT = {
    "uuid": "uuid",
    "name": "name",
    "role": "role",
    "email": "email",
    "phone": "phone",
    "profile_url": "profile_url",
    "how_found": "how_met",
    "notes": "notes",
    "created_at": "created_at",
    "updated_at": "updated_at",
}


def person_contact(person: PersonIn, names: dict[str, str]) -> ContactIn:
    """A person of the document as the contact an interview would give, with only the
    values the file gives (`names`: each person's name by uuid, for `referred_by`)."""
    values = {
        key: getattr(person, name)
        for name, key in _PERSON_AS_CONTACT.items()
        if name in person.model_fields_set
    }
    if "introduced_by" in person.model_fields_set:
        introducer = person.introduced_by
        values["referred_by"] = (
            None
            if introducer is None
            else ContactRef.model_construct(uuid=introducer, name=names[introducer])
        )
    return ContactIn.model_construct(_fields_set=set(values), **values)


def person_contacts(document: DocumentIn) -> list[tuple[PersonIn, ContactIn]]:
    """Each person of a checked document with every contact value given for them anywhere
    in it (an interview's copy of the contact holds them all once merged)."""
    names = {person.uuid: person.name for person in document.people}
    inline = {
        item.contact.uuid: item.contact
        for item in document.interviews
        if item.contact.uuid is not None
    }
    return [
        (person, inline.get(person.uuid) or person_contact(person, names))
        for person in document.people
    ]


def given_fields(contact: ContactIn | ContactRef) -> dict[str, Any]:
    """The fields the file gives a contact (not those left to their defaults), but its uuid."""
    fields = contact.model_dump(exclude_unset=True, exclude={"uuid"})
    if isinstance(contact, ContactIn) and contact.referred_by is not None:
        fields["referred_by"] = given_fields(contact.referred_by) | {
            "uuid": contact.referred_by.uuid
        }
    return fields


def differ(fields: Sequence[str]) -> str:
    """ "a different name", or "different values for name and notes"."""
    if len(fields) == 1:
        return f"a different {fields[0]}"
    return f"different values for {', '.join(fields[:-1])} and {fields[-1]}"


def merge_contacts(document: DocumentIn, where: str) -> None:
    """Refuse a contact uuid given differing values in two places; else give every full
    copy of that contact every value given anywhere, so whichever is written drops nothing.
    """
    seen: dict[str, dict[str, tuple[Any, str, ContactIn | ContactRef]]] = {}
    names = {person.uuid: person.name for person in document.people}
    people = (
        (f"people[{index}]", person_contact(person, names))
        for index, person in enumerate(document.people)
    )
    for loc, contact in chain(people, contact_occurrences(enumerate(document.interviews))):
        if contact.uuid is None:
            continue
        known = seen.setdefault(contact.uuid, {})
        fields = given_fields(contact)
        clashes = [key for key, value in fields.items() if key in known and known[key][0] != value]
        if clashes:
            first = known[clashes[0]][1]
            raise ImportFileError(
                f"{where}: {first} and {loc} give contact {contact.uuid} {differ(clashes)}"
            )
        for key, value in fields.items():
            known.setdefault(key, (value, loc, contact))
    for interview in document.interviews:
        contact = interview.contact
        if contact.uuid is None:
            continue
        missing = {
            key: getattr(source, key)
            for key, (_, _, source) in seen[contact.uuid].items()
            if key not in contact.model_fields_set
        }
        if missing:
            interview.contact = contact.model_copy(update=missing)


def check_people(document: DocumentIn, where: str) -> None:
    """One uuid per person, and each introducer one of the document's people (wherever in
    the list they are)."""
    first_index: dict[str, int] = {}
    for index, person in enumerate(document.people):
        if person.uuid in first_index:
            raise ImportFileError(
                f"{where}: people[{index}].uuid: {person.uuid} is also the uuid of "
                f"people[{first_index[person.uuid]}]"
            )
        first_index[person.uuid] = index
    for index, person in enumerate(document.people):
        if person.introduced_by is not None and person.introduced_by not in first_index:
            raise ImportFileError(
                f"{where}: people[{index}].introduced_by: no person in the file has the uuid "
                f"{person.introduced_by}"
            )
