"""The command line: `questions check|import PATH...` and `teachers create|set-password|
sign-out-everywhere EMAIL`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from quiz.accounts import AccountError, create_teacher, end_sessions, find_teacher, set_password
from quiz.db import get_session
from quiz.importing import OwnerMismatch, import_set, slug_for
from quiz.questionset.parsed import ParsedSet, QuestionSetError
from quiz.questionset.parser import parse

questions = AppGroup("questions", help="Check and import question-set Markdown files.")
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
