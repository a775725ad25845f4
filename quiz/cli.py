"""The command line: `questions check|import PATH...`, `questions draft ARTICLE` and
`teachers create|set-password|sign-out-everywhere EMAIL`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import NoReturn

import click
from flask import Flask
from flask.cli import AppGroup

from quiz.accounts import AccountError, create_teacher, end_sessions, find_teacher, set_password
from quiz.db import get_session
from quiz.drafting import draft
from quiz.drafting.extract import ExtractError, article_text
from quiz.importing import OwnerMismatch, import_set, slug_for
from quiz.questionset.parsed import ParsedSet, QuestionSetError
from quiz.questionset.parser import parse
from quiz.questionset.writer import write

questions = AppGroup("questions", help="Check, import and draft question-set Markdown files.")
teachers = AppGroup("teachers", help="Manage teacher accounts.")


def init_app(app: Flask) -> None:
    app.cli.add_command(questions)
    app.cli.add_command(teachers)


@teachers.command("create")
@click.argument("email")
@click.password_option(help="Asked for twice, never echoed, if not given.")
def create_teacher_command(email: str, password: str) -> None:
    """Create a teacher account that signs in with EMAIL."""
    session = get_session()
    with _account_errors():
        teacher = create_teacher(session, email, password)
    session.commit()
    click.echo(f"Created teacher {teacher.email}. Sign in at /teacher/login.")


@teachers.command("set-password")
@click.argument("email")
@click.password_option(help="Asked for twice, never echoed, if not given.")
def set_password_command(email: str, password: str) -> None:
    """Give the teacher EMAIL a new password; every browser signed in as them is signed out."""
    session = get_session()
    with _account_errors():
        teacher = find_teacher(session, email)
        ended = set_password(session, teacher, password)
    session.commit()
    click.echo(f"New password set for {teacher.email}; {_sessions(ended)} signed out.")


@teachers.command("sign-out-everywhere")
@click.argument("email")
def sign_out_everywhere_command(email: str) -> None:
    """Sign the teacher EMAIL out of every browser (say, after a lost laptop)."""
    session = get_session()
    with _account_errors():
        teacher = find_teacher(session, email)
    ended = end_sessions(session, teacher)
    session.commit()
    click.echo(f"Signed out {_sessions(ended)} of {teacher.email}.")


@contextmanager
def _account_errors() -> Iterator[None]:
    """An account that cannot be made or found is an error in plain words and exit 1, with
    nothing committed."""
    try:
        yield
    except AccountError as error:
        raise click.ClickException(str(error)) from None


def _sessions(count: int) -> str:
    return f"{count} session" + ("" if count == 1 else "s")


def _files(paths: tuple[str, ...]) -> list[Path]:
    """The files named, with every `*.md` file of each folder named, in a stable order."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(path.glob("*.md")))
        else:
            files.append(path)
    return files


def _parse_all(paths: tuple[str, ...]) -> list[tuple[Path, str, ParsedSet]]:
    """Parse every file; print every problem of every file and exit 1 if there is any."""
    parsed, failed = [], False
    files = _files(paths)
    if not files:
        raise click.UsageError("no question-set files (*.md) found in: " + ", ".join(paths))
    for path in files:
        try:
            source = path.read_text(encoding="utf-8-sig")
            parsed.append((path, source, parse(source, str(path))))
        except QuestionSetError as error:
            failed = True
            for line in error.lines():
                click.echo(line, err=True)
        except (OSError, UnicodeDecodeError) as error:
            failed = True
            click.echo(f"{path}:1: cannot read the file: {error}", err=True)
    if failed:
        raise click.exceptions.Exit(1)
    return parsed


@questions.command("check")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the parsed sets as JSON.")
def check_command(paths: tuple[str, ...], as_json: bool) -> None:
    """Check question-set files (or every *.md in a folder); store nothing."""
    parsed = _parse_all(paths)
    if as_json:
        sets = [{"file": str(path), **asdict(qs)} for path, _, qs in parsed]
        click.echo(json.dumps(sets, indent=2, ensure_ascii=False))
        return
    for path, _, question_set in parsed:
        click.echo(f"{path}: ok, {question_set.summary()}")


@questions.command("import")
@click.argument("paths", nargs=-1, required=True)
def import_command(paths: tuple[str, ...]) -> None:
    """Check, then store question sets; if any file has an error, store none."""
    parsed = _parse_all(paths)
    session = get_session()
    try:
        results = [import_set(session, slug_for(path), source, qs) for path, source, qs in parsed]
    except OwnerMismatch as error:
        session.rollback()
        click.echo(f"error: {error}; nothing was imported", err=True)
        raise click.exceptions.Exit(1) from None
    session.commit()
    for (path, _, _), result in zip(parsed, results, strict=True):
        state = "imported as" if result.created else "unchanged,"
        click.echo(f"{path}: {state} '{result.slug}' version {result.version.number}")


@questions.command("draft")
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", help="The set's title (default: the file's name in words).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--json", "as_json", is_flag=True,
              help="Print every sentence's suggestion as JSON instead of the draft.")
def draft_command(article: Path, title: str | None, output: Path | None, as_json: bool) -> None:
    """Draft a question set from an ARTICLE (.txt, .md, .html, .docx): check and edit it."""
    try:
        text = article_text(article.read_bytes(), article.name)
    except OSError as error:
        _fail(f"{article}: cannot read the file: {error.strerror or error}")
    except ExtractError as error:
        _fail(f"{article}: {error}")
    found, candidates = draft.candidates(text)
    ticked = draft.preselect(candidates)
    if as_json:
        _put(output, json.dumps(draft.suggestions(candidates, ticked), indent=2,
                                ensure_ascii=False) + "\n", "the suggestions")
        return
    try:
        plan = draft.plan_draft(title or _title_from(article), draft.Source(), found,
                                [draft.suggested(candidates[i]) for i in ticked])
    except ValueError as error:
        _fail(f"{article}: {error}")
    for number in plan.left_out:
        click.echo(f"{article}: passage {number} left out: no statement of it was kept, and "
                   "no neighbouring passage has room for it", err=True)
    for chosen, reason in plan.skipped:
        click.echo(f"{article}: statement \"{chosen.text}\" left out: {reason}", err=True)
    _put(output, write(plan.question_set), plan.question_set.summary())


def _title_from(path: Path) -> str:
    """A file's name in words: `iran-drones_2024.txt` is "Iran drones 2024"."""
    words = " ".join(path.stem.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:]


def _put(output: Path | None, text: str, summary: str) -> None:
    """`text` to the file `output` (saying so, with `summary`), or to standard output."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        _fail(f"{output}: cannot write the file: {error.strerror or error}")
    click.echo(f"{output}: drafted, {summary}")


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    raise click.exceptions.Exit(1)
