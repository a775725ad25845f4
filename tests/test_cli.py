"""The teacher's command line: `flask --app quiz questions check|import PATH...` and `init`."""

from __future__ import annotations

import json
import re
import stat
from collections import Counter
from pathlib import Path

import pytest
from flask.cli import FlaskGroup
from samples import BROKEN_CATS, BROKEN_CATS_LINES, CATS, IRAN_DRONES, ROOT
from sqlalchemy import func, select

from quiz import models
from quiz.accounts import create_teacher
from quiz.db import ensure_secret_key, get_session
from quiz.importing import import_set
from quiz.questionset.parsed import ParsedPassage, ParsedSet, ParsedStatement
from quiz.questionset.parser import parse, parse_file


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def check(runner, *args: str | Path):
    return runner.invoke(args=["questions", "check", *map(str, args)])


def import_(runner, *args: str | Path):
    return runner.invoke(args=["questions", "import", *map(str, args)])


def counts(app) -> dict[str, int]:
    tables = (models.QuestionSet, models.QuestionSetVersion, models.Passage, models.Statement)
    with app.app_context():
        session = get_session()
        return {m.__name__: session.scalar(select(func.count()).select_from(m)) for m in tables}


def versions(app, slug: str) -> list[tuple[int, str]]:
    with app.app_context():
        stored = get_session().scalar(select(models.QuestionSet).filter_by(slug=slug))
        return [] if stored is None else [(v.number, v.title) for v in stored.versions]


def assert_broken_reported(result, path: Path) -> None:
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == len(BROKEN_CATS_LINES), lines
    for line, (number, phrase) in zip(lines, BROKEN_CATS_LINES, strict=True):
        assert line.startswith(f"{path}:{number}: "), line
        assert phrase in line


# -- check --------------------------------------------------------------------------------

def assert_summary(line: str, path: Path) -> None:
    parsed = parse_file(path)
    firsts = Counter(s.answers[0] for s in parsed.statements)
    assert line.startswith(f"{path}: ")
    assert parsed.title in line
    assert re.search(rf"\b{len(parsed.passages)} passages\b", line), line
    assert re.search(rf"\b{len(parsed.statements)} statements\b", line), line
    for label in parsed.labels:
        assert re.search(rf"\b{re.escape(label)} {firsts[label]}\b", line), (label, line)


def test_check_real_questions_folder_prints_one_summary_per_file(runner):
    folder = ROOT / "questions"
    result = check(runner, folder)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    files = sorted(folder.glob("*.md"))
    lines = result.stdout.splitlines()
    assert len(lines) == len(files) >= 1
    for line, path in zip(lines, files, strict=True):
        assert_summary(line, path)


def test_check_summary_counts_each_label_by_its_first_answer(runner, tmp_path):
    path = write(tmp_path, "small.md", CATS)
    result = check(runner, path)
    assert result.exit_code == 0, result.output
    assert_summary(result.stdout.strip(), path)
    assert "false 0" in result.stdout  # a label no statement has is still counted


@pytest.mark.parametrize(
    ("options", "whole_folder"),
    [([], True), ([], False), (["--json"], True)],
    ids=["folder", "single-file", "json"],
)
def test_check_broken_file_prints_every_error_and_exits_1(runner, tmp_path, options,
                                                          whole_folder):
    write(tmp_path, "a-good.md", CATS)
    broken = write(tmp_path, "b-broken.md", BROKEN_CATS)
    result = check(runner, *options, tmp_path if whole_folder else broken)
    assert_broken_reported(result, broken)
    assert result.stdout == ""  # no summary or JSON that could pass for success


def test_check_reports_the_errors_of_every_broken_file(runner, tmp_path):
    one = write(tmp_path, "one.md", BROKEN_CATS)
    two = write(tmp_path, "two.md", CATS.replace("answer: true", "answer: ture"))
    result = check(runner, tmp_path)
    assert result.exit_code == 1
    files = [line.split(":")[0] for line in result.stderr.splitlines()]
    assert files == [str(one)] * 3 + [str(two)]
    assert f"{two}:11: 'ture' is not a label" in result.stderr


def test_check_unreadable_file_is_an_error_line(runner, tmp_path):
    missing = tmp_path / "missing.md"
    result = check(runner, missing)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{missing}:1: ")


def test_check_folder_without_markdown_files_is_a_usage_error(runner, tmp_path):
    write(tmp_path, "notes.txt", CATS)
    result = check(runner, tmp_path)
    assert result.exit_code == 2
    assert "no question-set files (*.md) found" in result.stderr
    assert str(tmp_path) in result.stderr
    assert import_(runner, tmp_path).exit_code == 2


def from_json(data: dict) -> ParsedSet:
    """Rebuild the parsed set; any missing or unexpected key is a TypeError."""
    def statement(s):
        return ParsedStatement(**{**s, "answers": tuple(s["answers"]), "cues": tuple(s["cues"]),
                                  "why_not": tuple(map(tuple, s["why_not"]))})

    def passage(p):
        return ParsedPassage(**{**p, "statements": tuple(map(statement, p["statements"]))})

    data = {key: value for key, value in data.items() if key != "file"}
    return ParsedSet(**{**data, "labels": tuple(data["labels"]),
                          "why_not_table": tuple(map(tuple, data["why_not_table"])),
                          "passages": tuple(map(passage, data["passages"]))})


def test_check_json_round_trips_to_the_parsed_sets(runner, tmp_path):
    write(tmp_path, "a.md", IRAN_DRONES.read_text(encoding="utf-8"))
    write(tmp_path, "b.md", CATS)
    result = check(runner, "--json", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    sets = json.loads(result.stdout)
    assert [s["file"] for s in sets] == [str(tmp_path / "a.md"), str(tmp_path / "b.md")]
    assert [from_json(s) for s in sets] == [parse_file(IRAN_DRONES), parse(CATS)]
    # Line numbers take no part in comparing sets; the JSON keeps them all the same.
    for data, expected in zip(sets, [parse_file(IRAN_DRONES), parse(CATS)], strict=True):
        rebuilt = from_json(data)
        assert [p.line for p in rebuilt.passages] == [p.line for p in expected.passages]
        assert [s.line for s in rebuilt.statements] == [s.line for s in expected.statements]
    statement = sets[1]["passages"][0]["statements"][1]
    assert (statement["answers"], statement["why_md"]) == (["unsure", "false"], "A guess.")
    assert sets[1]["passages"][0]["statements"][0]["cues"] == ["sat"]


# -- import -------------------------------------------------------------------------------

def test_import_stores_the_set(runner, app):
    result = import_(runner, IRAN_DRONES)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{IRAN_DRONES}: imported as 'iran-drones' version 1\n"
    parsed = parse_file(IRAN_DRONES)
    assert versions(app, "iran-drones") == [(1, parsed.title)]
    assert counts(app) == {"QuestionSet": 1, "QuestionSetVersion": 1,
                           "Passage": len(parsed.passages), "Statement": len(parsed.statements)}
    with app.app_context():
        stored = get_session().scalars(select(models.Statement).order_by("number")).all()
        assert [(s.number, s.text, tuple(s.answers), tuple(s.cues)) for s in stored] == [
            (s.number, s.text, s.answers, s.cues) for s in parsed.statements
        ]


def test_reimport_adds_a_version_only_when_the_file_changed(runner, app, tmp_path):
    path = write(tmp_path, "small.md", CATS)
    import_(runner, path)
    before = counts(app)
    result = import_(runner, path)
    assert result.exit_code == 0
    assert result.stdout == f"{path}: unchanged, 'small' version 1\n"
    assert counts(app) == before
    write(tmp_path, "small.md", CATS.replace("Small set", "Small set, revised"))
    result = import_(runner, path)
    assert result.exit_code == 0
    assert result.stdout == f"{path}: imported as 'small' version 2\n"
    assert versions(app, "small") == [(1, "Small set"), (2, "Small set, revised")]
    assert counts(app)["QuestionSet"] == 1


def test_import_with_any_broken_file_stores_nothing(runner, app, tmp_path):
    existing = write(tmp_path / "first", "small.md", CATS)
    assert import_(runner, existing).exit_code == 0
    before = counts(app)
    folder = tmp_path / "second"
    write(folder, "a-new.md", CATS)
    write(folder, "small.md", CATS.replace("Small set", "Changed"))
    broken = write(folder, "z-broken.md", BROKEN_CATS)
    result = import_(runner, folder)
    assert_broken_reported(result, broken)
    assert "imported" not in result.output
    assert counts(app) == before
    assert versions(app, "small") == [(1, "Small set")]
    assert versions(app, "a-new") == []


def test_import_bom_and_crlf_files(runner, app, tmp_path):
    bom = tmp_path / "bom.md"
    bom.write_bytes(CATS.encode("utf-8-sig"))
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(CATS.replace("\n", "\r\n").encode("utf-8"))
    result = import_(runner, bom, crlf)
    assert result.exit_code == 0, result.output
    assert versions(app, "bom") == versions(app, "crlf") == [(1, "Small set")]
    assert counts(app)["Statement"] == 4
    # Saving the same content without the BOM or with LF endings is not a new version.
    write(tmp_path, "bom.md", CATS)
    write(tmp_path, "crlf.md", CATS)
    again = import_(runner, bom, crlf)
    assert again.stdout.count("unchanged,") == 2, again.output


def test_import_files_with_different_names_never_become_versions_of_each_other(
    runner, app, tmp_path
):
    # Non-Latin file names must not all fall back to one slug: importing the Russian set
    # would otherwise silently replace the Greek one as the "latest version".
    write(tmp_path, "Ελληνικά.md", CATS)
    write(tmp_path, "Русский.md", CATS.replace("Small set", "Another set"))
    result = import_(runner, tmp_path)
    assert result.exit_code == 0, result.output
    assert "version 2" not in result.stdout
    assert counts(app)["QuestionSet"] == 2


# -- init ---------------------------------------------------------------------------------

def test_init_creates_the_secret_key_once(runner, app, tmp_path, monkeypatch):
    # Through FlaskGroup, as `flask --app quiz init` runs it: the group pushes the app
    # context that `init` (a plain click command) relies on; `app.cli` alone does not.
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")  # FlaskGroup sets it; undone after
    app.instance_path = str(tmp_path / "instance")
    app.config["SECRET_KEY"] = None  # as on a fresh clone: no key configured anywhere
    flask = FlaskGroup(create_app=lambda: app, load_dotenv=False)
    result = runner.invoke(flask, args=["init"])
    assert result.exit_code == 0, result.output
    assert str(tmp_path / "instance") in result.stdout
    key_file = tmp_path / "instance" / "secret_key"
    key = key_file.read_text()
    assert runner.invoke(flask, args=["init"]).exit_code == 0
    assert key_file.read_text() == key


def test_ensure_secret_key_writes_a_private_random_key_and_keeps_it(tmp_path):
    path = ensure_secret_key(str(tmp_path / "new-instance"))
    key = path.read_text()
    assert re.fullmatch(r"[0-9a-f]{32,}", key)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_secret_key(str(tmp_path / "new-instance")) == path
    assert path.read_text() == key
    assert ensure_secret_key(str(tmp_path / "other")).read_text() != key


def test_import_never_replaces_a_teachers_own_set(runner, app, tmp_path):
    with app.app_context():
        session = get_session()
        teacher = create_teacher(session, "owner@school.example", "a long password")
        import_set(session, "small", CATS, parse(CATS), owner_id=teacher.id)
        session.commit()
    write(tmp_path, "small.md", CATS.replace("Small set", "Hijacked"))
    result = import_(runner, tmp_path)
    assert result.exit_code == 1
    assert "taken by another set" in result.stderr
    with app.app_context():
        stored = get_session().scalar(
            select(models.QuestionSet).where(models.QuestionSet.slug == "small"))
        assert [v.title for v in stored.versions] == ["Small set"]
