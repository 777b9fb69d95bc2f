"""The real `infoint-tui` program with people files: LinkedIn's export and vCards are
recognized by their content, previewed with --dry-run, imported all or nothing, and every
person is exported as vCards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_cli import _assert_one_line_error, run

from infoint_tui.store.exchange.people_files import read_vcards
from infoint_tui.store.store import Store

SAMPLES = Path(__file__).parent / "data" / "people"


def _names(db: Path) -> list[str]:
    store = Store.open(db)
    try:
        return [line.name for line in store.people()]
    finally:
        store.close()


def test_a_linkedin_export_is_previewed_then_imported_once(tmp_path: Path) -> None:
    db = tmp_path / "people.db"
    # Named like anything: it is recognized by what it holds, not its name.
    source = tmp_path / "export.txt"
    shutil.copy(SAMPLES / "Connections.csv", source)

    preview = run("--db", str(db), "import", "--dry-run", str(source))
    assert preview.returncode == 0, preview.stderr
    assert preview.stdout.strip() == (
        f"{source}: 5 LinkedIn connections: would add 5 new people, 0 already there "
        "(nothing was imported: --dry-run)"
    )
    assert _names(db) == []

    done = run("--db", str(db), "import", str(source))
    assert done.returncode == 0, done.stderr
    assert "added 5 new people, 0 already there" in done.stdout
    assert _names(db) == [
        "Dana Kim",
        "José Álvarez Ruiz",
        "Li Wei",
        "Marcus O'Neill",
        "Priya Raman",
    ]
    again = run("--db", str(db), "import", str(source))
    assert "added 0 new people, 5 already there" in again.stdout
    assert len(_names(db)) == 5


def test_vcards_from_standard_input_are_imported(tmp_path: Path) -> None:
    db = tmp_path / "people.db"
    text = (SAMPLES / "contacts.vcf").read_text(encoding="utf-8")
    result = run("--db", str(db), "import", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert "<stdin>: 3 vCards: added 3 new people" in result.stdout
    assert len(_names(db)) == 3


@pytest.mark.parametrize("sample", ["broken_connections.csv", "broken.vcf"])
def test_a_malformed_people_file_imports_nothing_and_says_where(tmp_path: Path, sample) -> None:
    db = tmp_path / "people.db"
    store = Store.open(db)
    store.add_person("Already Here")
    store.close()
    result = run("--db", str(db), "import", str(SAMPLES / sample))
    _assert_one_line_error(result, sample)
    assert ("line" in result.stderr) or ("card" in result.stderr)
    assert _names(db) == ["Already Here"]


def test_every_person_exported_as_vcards_reads_back(tmp_path: Path) -> None:
    db = tmp_path / "people.db"
    store = Store.open(db)
    store.add_person("Ada Lovelace", organization="Acme", email="ada@x.org", how_found="Event")
    store.add_person("Bob [b]Stone[/b]", role="CTO \x1b[31m")
    store.close()
    target = tmp_path / "people.vcf"
    result = run("--db", str(db), "export", "--format", "vcard", "-o", str(target))
    assert result.returncode == 0, result.stderr
    people = read_vcards(target)
    assert [(p.name, p.organization, p.email, p.how_found) for p in people] == [
        ("Ada Lovelace", "Acme", "ada@x.org", "Event"),
        ("Bob [b]Stone[/b]", "", "", ""),
    ]
    assert people[1].role == "CTO \x1b[31m"
    assert target.stat().st_mode & 0o777 == 0o600
    refused = run("--db", str(db), "export", "--format", "vcard", "-o", str(target))
    _assert_one_line_error(refused, "already exists")


def test_a_json_dry_run_reports_and_imports_nothing(tmp_path: Path) -> None:
    db = tmp_path / "people.db"
    document = (
        '{"format": "infoint-tui", "version": 1, "interviews": '
        '[{"contact": {"name": "Sam Rivera"}, "occupation": "UX researcher"}]}'
    )
    result = run("--db", str(db), "import", "--dry-run", "-", stdin=document)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "would import 1 interview(s); 0 already present (nothing was imported: --dry-run)"
    )
    assert _names(db) == []
    done = run("--db", str(db), "import", "-", stdin=document)
    assert done.returncode == 0 and _names(db) == ["Sam Rivera"]
