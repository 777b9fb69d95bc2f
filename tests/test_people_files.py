"""People from LinkedIn's Connections.csv and vCards: detection, reading, errors, round trips."""

from __future__ import annotations

import ast
import io
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoint_tui.store.errors import StoreError
from infoint_tui.store.exchange.people_files import (
    PeopleFileError,
    PersonCandidate,
    detect_people_file,
    detect_people_format,
    parse_connected_on,
    read_linkedin_csv,
    read_vcards,
    vcard_text,
    write_vcards,
)

DATA = Path(__file__).parent / "data" / "people"
MODULE = Path(__file__).parents[1] / "infoint_tui" / "store" / "exchange" / "people_files.py"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def _message(error: pytest.ExceptionInfo[PeopleFileError]) -> str:
    message = str(error.value)
    assert "\n" not in message and "\r" not in message
    return message


# -- detection --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Connections.csv", "linkedin"),
        ("connections_no_notes.csv", "linkedin"),
        ("broken_connections.csv", "linkedin"),
        ("contacts.vcf", "vcard"),
        ("broken.vcf", "vcard"),
    ],
)
def test_detects_each_sample_by_content(name: str, expected: str) -> None:
    assert detect_people_file(DATA / name) == expected
    head = (DATA / name).read_text("utf-8")[:4096]
    assert detect_people_format(head) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('{\n  "format": "infoint-tui",\n  "version": 1,\n  "interviews": []\n}', None),
        ("", None),
        ("name,email\nAnn,ann@example.org\n", None),
        ("# Interviews\n\nFirst Name, Last Name\n", None),
        ("\ufeff\r\n\r\n  begin:vcard\r\nversion:3.0\r\n", "vcard"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\n", None),
        ("\ufeffFirst Name,Last Name,Email Address,Company,Position,Connected On\n", "linkedin"),
        (
            'Notes:\n"A note, with commas."\n\n' + HEADER + "Ann,Lee,,,,,1 Jan 2024\nBo,Ch",
            "linkedin",
        ),
        # Cut off before the header is complete: not recognized, and no error either.
        ('Notes:\n"A note."\n\nFirst Name,Last Name,URL,Email Addr', None),
    ],
)
def test_detect_people_format(head: str, expected: str | None) -> None:
    assert detect_people_format(head) == expected


def test_detects_utf16_with_bom(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "contacts.txt", "BEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n".encode("utf-16")
    )
    assert detect_people_file(path) == "vcard"
    assert read_vcards(path) == [PersonCandidate(name="Ann")]


def test_detect_of_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.vcf"
    with pytest.raises(PeopleFileError) as error:
        detect_people_file(path)
    assert _message(error) == f"{path}: cannot be read (No such file or directory)"


# -- LinkedIn ---------------------------------------------------------------------------------


def test_reads_linkedin_connections_with_notes() -> None:
    assert read_linkedin_csv(DATA / "Connections.csv") == [
        PersonCandidate(
            name="Priya Raman",
            organization="Harbor Health, Inc.",
            role="Occupational Therapist",
            email="priya.raman@example.org",
            profile_url="https://www.linkedin.com/in/priya-raman-4b2a1c",
            how_found="LinkedIn",
            connected_on=date(2024, 3, 12),
        ),
        PersonCandidate(
            name="Marcus O'Neill",
            organization="Cedar Valley School District",
            role="School Counselor",
            profile_url="https://www.linkedin.com/in/marcusoneill",
            how_found="LinkedIn",
            connected_on=date(2024, 1, 3),
        ),
        PersonCandidate(
            name="José Álvarez Ruiz",
            organization="Northwind Traders",
            role="Senior Analyst, Supply Chain",
            email="jalvarez@example.com",
            profile_url="https://www.linkedin.com/in/jose-alvarez-ruiz",
            how_found="LinkedIn",
            connected_on=date(2023, 11, 28),
        ),
        # The row with no name at all (a closed account) is skipped.
        PersonCandidate(
            name="Dana Kim",
            organization="Self-employed",
            role='UX Researcher ("freelance")',
            profile_url="https://www.linkedin.com/in/danakim",
            how_found="LinkedIn",
            connected_on=date(2022, 9, 5),
        ),
        PersonCandidate(
            name="Li Wei",
            email="li.wei@example.net",
            profile_url="https://www.linkedin.com/in/li-wei-88",
            how_found="LinkedIn",
            connected_on=date(2021, 2, 17),
        ),
    ]


def test_reads_linkedin_connections_without_notes_with_bom_and_crlf() -> None:
    assert read_linkedin_csv(DATA / "connections_no_notes.csv") == [
        PersonCandidate(
            name="Grace Okafor",
            organization="Riverside Public Library",
            role="Librarian",
            profile_url="https://www.linkedin.com/in/grace-okafor",
            how_found="LinkedIn",
            connected_on=date(2019, 12, 9),
        ),
        PersonCandidate(
            name="Tomás Silva",
            organization="Silva, Costa & Partners",
            role="Architect",
            email="tomas.silva@example.org",
            profile_url="https://www.linkedin.com/in/tomas-silva",
            how_found="LinkedIn",
            connected_on=date(2019, 6, 23),
        ),
    ]


def test_linkedin_columns_are_found_by_name(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "old.csv",
        "Connected On,Position,Company,Email Address,Last Name,First Name\n"
        '01 Feb 2018,"Nurse,\nnight shift",  Mercy General ,ann@example.org,Lee,Ann\n'
        "\n"
        "bad date,,,,Only,\n",
    )
    assert read_linkedin_csv(path) == [
        PersonCandidate(
            name="Ann Lee",
            organization="Mercy General",
            role="Nurse,\nnight shift",
            email="ann@example.org",
            how_found="LinkedIn",
            connected_on=date(2018, 2, 1),
        ),
        PersonCandidate(name="Only", how_found="LinkedIn"),
    ]


def test_linkedin_header_only_is_an_empty_list(tmp_path: Path) -> None:
    assert read_linkedin_csv(_write(tmp_path, "Connections.csv", 'Notes:\n"x"\n\n' + HEADER)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Mar 2024", date(2024, 3, 12)),
        ("5 sep 2022", date(2022, 9, 5)),
        ("05 September 2022", date(2022, 9, 5)),
        ("1 Sept. 2021", date(2021, 9, 1)),
        (" 2024-03-12 ", date(2024, 3, 12)),
        ("03/12/2024", None),  # 12 March or 3 December: not guessed
        ("31 Feb 2024", None),
        ("2024-13-01", None),
        ("12 Ma 2024", None),
        ("12 Mars 2024", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_connected_on(text: str, expected: date | None) -> None:
    assert parse_connected_on(text) == expected


def test_broken_linkedin_file_names_the_line_of_the_unclosed_quote() -> None:
    path = DATA / "broken_connections.csv"
    with pytest.raises(PeopleFileError) as error:
        read_linkedin_csv(path)
    assert _message(error) == f'{path}: line 6: a quoted field is never closed (a missing ")'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'Notes:\n"x"\n\n'
            + HEADER
            + "Ann,Lee,,,,,1 Jan 2024\nBo,Chan,,,Acme, Inc,,2 Jan 2024\n",
            "line 6: expected 7 fields as in the header, found 8",
        ),
        (HEADER + "Ann,Lee,,,,1 Jan 2024\n", "line 2: expected 7 fields as in the header, found 6"),
        (
            HEADER + 'Ann,Lee,,,"Acme" Inc,,1 Jan 2024\n',
            "line 2: not valid CSV (',' expected after '\"')",
        ),
        (
            "name,email\nAnn,ann@example.org\n",
            "no LinkedIn header (First Name,Last Name,…,Connected On) found; "
            "expected Connections.csv from LinkedIn's data export",
        ),
        (
            "",
            "no LinkedIn header (First Name,Last Name,…,Connected On) found; "
            "expected Connections.csv from LinkedIn's data export",
        ),
    ],
)
def test_malformed_linkedin_files(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, "Connections.csv", text)
    with pytest.raises(PeopleFileError) as error:
        read_linkedin_csv(path)
    assert _message(error) == f"{path}: {message}"


def test_linkedin_file_not_in_utf8_names_the_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "Connections.csv", (HEADER + "Zoë,Lee,,,,,1 Jan 2024\n").encode("cp1252")
    )
    with pytest.raises(PeopleFileError) as error:
        read_linkedin_csv(path)
    assert _message(error) == f"{path}: line 2: not UTF-8 text (byte 0xeb); save it as UTF-8"


def test_error_is_an_import_error_and_shows_a_hostile_file_name_safely(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad\x1b[31m\nname.csv", "nothing here\n")
    with pytest.raises(PeopleFileError) as error:
        read_linkedin_csv(path)
    message = _message(error)
    assert "\x1b" not in message
    assert message.startswith(f"{tmp_path}/bad\\x1b[31m\\x0aname.csv: no LinkedIn header")
    assert isinstance(error.value, StoreError) and isinstance(error.value, ValueError)


# -- vCard in ---------------------------------------------------------------------------------


def test_reads_vcards_of_versions_2_1_3_0_and_4_0() -> None:
    assert read_vcards(DATA / "contacts.vcf") == [
        PersonCandidate(
            name="Dr. Adaeze Okonkwo",
            organization="St. Mary's Hospital, Lagos",
            role="Consultant Cardiologist",
            email="adaeze.okonkwo@example.org",
            phone="+234 803 555 0147",
            profile_url="https://www.linkedin.com/in/adaeze-okonkwo",
            notes="Met at the career fair; prefers email.\nAsk about residency paths, too.",
        ),
        PersonCandidate(
            name="Sam Rivera",
            organization="Rivera Design Studio",
            role="Founder",
            email="sam@example.net",
            phone="+1-555-010-7788",
            profile_url="https://samrivera.example",
            notes="Wrote a long note that the exporter folded across two lines: it continues here.",
        ),
        PersonCandidate(
            name="Jürgen Müller",
            organization="Stadtwerke Nord, Abteilung Netze",
            role="Leiter Netzplanung",
            email="juergen.mueller@example.de",
            phone="+49 30 5550 1234",
            notes="Erstes Gespräch am Telefon.\nZweite Zeile: Straße 5",
        ),
    ]


def test_broken_vcard_file_names_the_card_without_end() -> None:
    path = DATA / "broken.vcf"
    with pytest.raises(PeopleFileError) as error:
        read_vcards(path)
    assert (
        _message(error) == f"{path}: card 2 (line 5): BEGIN:VCARD on line 9 before this card's "
        "END:VCARD"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "BEGIN:VCARD\nFN:Ann\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nEMAIL:x@example.org\nN:;;;;\n"
            "END:VCARD\n",
            "card 2 (line 4): no name (FN or N)",
        ),
        ("BEGIN:VCARD\nFN:Ann\n", "card 1 (line 1): no END:VCARD before the end of the file"),
        ("\nFN:Ann\nEND:VCARD\n", 'line 2: expected BEGIN:VCARD, found "FN:Ann"'),
        (
            "BEGIN:VCARD\nFN:Ann\nEND:VCARD\nEND:VCARD\n",
            "line 4: END:VCARD without a BEGIN:VCARD before it",
        ),
        (
            "BEGIN:VCARD\nFN:Ann\njust some \x1b[31mtext\nEND:VCARD\n",
            "card 1 (line 3): expected a property such as FN:Ann Lee, "
            'found "just some \\x1b[31mtext"',
        ),
        (
            "BEGIN:VCARD\nVERSION:5.0\nFN:Ann\nEND:VCARD\n",
            'card 1 (line 2): VERSION "5.0" is not supported (expected 2.1, 3.0 or 4.0)',
        ),
        (
            "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=klingon;QUOTED-PRINTABLE:Ann\nEND:VCARD\n",
            'card 1 (line 3): unknown CHARSET "klingon"',
        ),
        (
            "BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:=FF=FE\nEND:VCARD\n",
            'card 1 (line 3): FN is not valid "utf-8" once decoded',
        ),
        ("\n\n", "no BEGIN:VCARD found; expected a vCard file (.vcf)"),
    ],
)
def test_malformed_vcard_files(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, "people.vcf", text)
    with pytest.raises(PeopleFileError) as error:
        read_vcards(path)
    assert _message(error) == f"{path}: {message}"


def test_vcard_name_from_n_params_and_escapes(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "people.vcf",
        "begin:vcard\n"
        "version:3.0\n"
        "n:de la Cruz;María,José;;Dr.;PhD\n"
        'org;x-param="a:b;c":Acme\\; Sons\\, Ltd;R&D;Lab\n'
        "title:\n"
        "role:Mentor\n"
        "tel;type=work:tel:+1 555 0100\n"
        "note:C:\\Users\\ana\\, \\N line two\n"
        "note:\n"
        "note:second note\n"
        "end:vcard\n",
    )
    assert read_vcards(path) == [
        PersonCandidate(
            name="Dr. María José de la Cruz PhD",
            organization="Acme; Sons, Ltd",
            role="Mentor",
            phone="tel:+1 555 0100",  # a 3.0 value is text: kept as written
            notes="C:\\Users\\ana, \n line two\nsecond note",
        )
    ]


def test_vcard_quoted_printable_soft_breaks_and_folds(tmp_path: Path) -> None:
    # A soft break then a tab-indented line (some phones); a fold inside "=XX" (RFC folding).
    path = _write(
        tmp_path,
        "people.vcf",
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "FN;CHARSET=UTF-8;QUOTED-PRINTABLE:=D0=98=D0=B3=D0=BE=D1=80=D1=8C =D0=A0=D1=83=D0=B4=\r\n"
        "\t=D0=B5=D0=BD=D0=BA=D0=BE\r\n"
        "ORG;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Caf=E9 =\r\n Bar =\r\n C3\r\n"
        "END:VCARD\r\n",
    )
    assert read_vcards(path) == [PersonCandidate(name="Игорь Руденко", organization="Café Bar Ã")]


# -- vCard out --------------------------------------------------------------------------------

HOSTILE = PersonCandidate(
    name="Zoë O'Brien-Łukasiewicz, Jr.; \x1b[31mred\x1b[0m",
    organization="Acme, Inc.; R&D \\ [b]markup[/b]",
    role='Senior\nEngineer, "platform"; 東京',
    email="zoe,o'brien@example.org",
    phone="+1 (555) 010-0000;ext=7",
    profile_url="https://example.org/in/zoe?a=1,2;b=3\\4",
    how_found="LinkedIn; then coffee",
    connected_on=date(2024, 3, 12),
    notes=("A very long note, " * 12)
    + "\n\nwith blank lines\\n (not a newline), tabs\tand 🎉"
    + " ünïcödé" * 20,
)


def test_vcard_round_trip_of_hostile_text(tmp_path: Path) -> None:
    people = [HOSTILE, PersonCandidate(name="Ann"), PersonCandidate(name="  Bo  Chan ")]
    path = tmp_path / "out.vcf"
    assert write_vcards(people, path) == 3
    data = path.read_bytes()
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) == 75
    assert all(line.decode("utf-8") for line in lines[:-1])  # no character cut in two
    assert lines[:4] == [
        b"BEGIN:VCARD",
        b"VERSION:3.0",
        "FN:Zoë O'Brien-Łukasiewicz\\, Jr.\\; \x1b[31mred\x1b[0m".encode(),
        "N:\x1b[31mred\x1b[0m;Zoë O'Brien-Łukasiewicz\\, Jr.\\;;;;".encode(),
    ]
    assert b"ORG:Acme\\, Inc.\\; R&D \\\\ [b]markup[/b]" in lines
    assert b"URL:https://example.org/in/zoe?a=1,2;b=3\\\\4" in lines
    assert b"X-INFOINT-CONNECTED-ON:2024-03-12" in lines
    assert read_vcards(path) == people


def test_vcard_text_folds_at_75_octets_without_splitting_characters_or_escapes() -> None:
    # After "NOTE:x" (6 octets) a 2-octet "é" or "\\," fits 34 times (74), not 35 (76).
    text, count = vcard_text([PersonCandidate(name="X", notes="x" + "é" * 40 + ",;" * 40)])
    assert count == 1
    note = [line for line in text.split("\r\n") if line.startswith(("NOTE", " "))]
    assert [len(line.encode()) for line in note] == [74, 75, 75, 25]
    assert note[0] == "NOTE:x" + "é" * 34
    assert note[1] == " " + "é" * 6 + "\\,\\;" * 15 + "\\,"
    assert note[2] == " " + "\\;\\," * 18 + "\\;"
    assert note[3] == " " + "\\,\\;" * 6


def test_write_vcards_to_streams_and_str_paths(tmp_path: Path) -> None:
    people = [PersonCandidate(name="Ann Lee", email="ann@example.org")]
    expected = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nEMAIL:ann@example.org\r\n"
        "END:VCARD\r\n"
    )
    text_stream = io.StringIO(newline="")
    assert write_vcards(people, text_stream) == 1
    assert text_stream.getvalue() == expected
    binary_stream = io.BytesIO()
    assert write_vcards(iter(people), binary_stream) == 1
    assert binary_stream.getvalue() == expected.encode()
    with open(tmp_path / "b.vcf", "wb") as file:
        assert write_vcards(people, file) == 1
    assert write_vcards([], str(tmp_path / "none.vcf")) == 0
    assert (tmp_path / "none.vcf").read_bytes() == b""
    assert (tmp_path / "b.vcf").read_bytes() == expected.encode()


def test_write_vcards_refuses_a_nameless_person_before_writing(tmp_path: Path) -> None:
    path = tmp_path / "out.vcf"
    with pytest.raises(ValueError, match=r"^person 2 has no name; a vCard needs one$"):
        write_vcards([PersonCandidate(name="Ann"), PersonCandidate(name=" \t")], path)
    assert not path.exists()


def test_carriage_returns_come_back_as_newlines(tmp_path: Path) -> None:
    path = tmp_path / "out.vcf"
    write_vcards([PersonCandidate(name="Ann", notes="one\r\ntwo\rthree")], path)
    assert read_vcards(path) == [PersonCandidate(name="Ann", notes="one\ntwo\nthree")]


_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r"), max_size=120)


@settings(
    max_examples=150,
    deadline=None,
    database=None,  # failures print their example; no .hypothesis folder in the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    people=st.lists(
        st.builds(
            PersonCandidate,
            name=_TEXT.filter(str.strip),
            organization=_TEXT,
            role=_TEXT,
            email=_TEXT,
            phone=_TEXT,
            profile_url=_TEXT,
            how_found=_TEXT,
            connected_on=st.none() | st.dates(),
            notes=_TEXT,
        ),
        max_size=3,
    )
)
def test_any_people_survive_a_vcard_round_trip(
    tmp_path: Path, people: list[PersonCandidate]
) -> None:
    text, count = vcard_text(people)
    assert count == len(people)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    stream = io.BytesIO()
    write_vcards(people, stream)
    assert stream.getvalue() == text.encode()
    path = tmp_path / "round.vcf"  # the same file for every example: each overwrites it
    path.write_bytes(stream.getvalue())
    if people:
        assert read_vcards(path) == people


# -- the module itself ------------------------------------------------------------------------


def test_module_imports_only_the_standard_library_at_module_level() -> None:
    tree = ast.parse(MODULE.read_text("utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(
                node.module if node.module.startswith("infoint_tui") else node.module.split(".")[0]
            )
    ours = {name for name in names if name.startswith("infoint_tui")}
    assert ours == {"infoint_tui.store.errors", "infoint_tui.text"}
    assert names - ours <= sys.stdlib_module_names | {"__future__"}
