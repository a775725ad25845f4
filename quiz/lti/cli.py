"""`flask --app quiz lti add-platform ...`, `flask --app quiz lti platforms` and
`flask --app quiz lti send-grades`."""

from __future__ import annotations

import signal
import threading
from datetime import timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from quiz.db import get_session
from quiz.lti import passback, platforms
from quiz.lti.storage import DatabaseToolConf
from quiz.models import utcnow

lti = AppGroup("lti", help="Register the LMSs (LTI 1.3 platforms) that launch this tool.")


@lti.command("add-platform")
@click.option("--issuer", required=True, help="The platform's issuer (iss), e.g. "
              "https://canvas.instructure.com")
@click.option("--client-id", required=True, help="The client id the LMS gave this tool.")
@click.option("--deployment-id", "deployment_ids", multiple=True, required=True,
              help="A deployment id the LMS launches with (repeat for more).")
@click.option("--key-set-url", required=True, help="The platform's public keys (JWKS URL).")
@click.option("--auth-url", required=True, help="The platform's OIDC authorisation URL.")
@click.option("--token-url", required=True, help="The platform's OAuth2 token URL.")
@click.option("--frame-origin", "frame_origins", multiple=True,
              help="Another origin the LMS shows the tool's pages from, e.g. "
              "https://school.instructure.com for Canvas cloud (repeat for more).")
@click.option("--allow-http", is_flag=True, hidden=True,
              help="Accept http:// addresses (a test platform on this machine only).")
def add_platform_command(issuer: str, client_id: str, deployment_ids: tuple[str, ...],
                         key_set_url: str, auth_url: str, token_url: str,
                         frame_origins: tuple[str, ...], allow_http: bool) -> None:
    """Register an LMS, or update the one with this issuer and client id."""
    session = get_session()
    try:
        result = platforms.register(
            session, issuer=issuer, client_id=client_id, deployment_ids=list(deployment_ids),
            auth_login_url=auth_url, auth_token_url=token_url, key_set_url=key_set_url,
            frame_origins=list(frame_origins), allow_http=allow_http)
    except platforms.RegistrationError as error:
        raise click.ClickException(str(error)) from None
    session.commit()
    verb = "Registered" if result.created else "Updated"
    click.echo(f"{verb} {result.platform.issuer} (client id {result.platform.client_id}), "
               f"deployments: {', '.join(d.deployment_id for d in result.platform.deployments)}.")


@lti.command("platforms")
def platforms_command() -> None:
    """List the registered LMSs."""
    found = platforms.all_platforms(get_session())
    if not found:
        click.echo("No LMS is registered. Add one with `flask --app quiz lti add-platform`.")
    for platform in found:
        deployments = ", ".join(d.deployment_id for d in platform.deployments)
        framed = f"  framed from {platform.frame_origins}" if platform.frame_origins else ""
        click.echo(f"{platform.issuer}  client id {platform.client_id}  "
                   f"deployments {deployments}  keys {platform.key_set_url}{framed}")


# The worker wakes at least this often to look for grades queued since it last looked.
LONGEST_SLEEP = timedelta(seconds=15)


@lti.command("send-grades")
@click.option("--once", is_flag=True, help="Send what is due now, then stop (for cron).")
def send_grades_command(once: bool) -> None:
    """Send the grades waiting for the LMSs (Assignment and Grade Services)."""
    session = get_session()
    tool = DatabaseToolConf(session, Path(current_app.instance_path))

    def registration_for(platform):
        return tool.find_registration_by_params(platform.issuer, platform.client_id)

    stop = threading.Event()
    if not once:  # SIGTERM (make run stopping) and Ctrl-C end the loop between batches
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_: stop.set())
    connectors: dict = {}  # one access token per platform for the whole run
    while not stop.is_set():
        report = passback.send_due(session, registration_for, connectors=connectors)
        if report.sent or report.failed or once:
            failed = f", {report.failed} failed ({'; '.join(sorted(set(report.errors)))})" \
                if report.failed else ""
            click.echo(f"Grades sent: {report.sent}{failed}.")
        if report.sent + report.failed == passback.BATCH:
            continue  # a full batch: more may be due right away
        if once:
            return
        due = passback.next_due(session)
        wait = LONGEST_SLEEP if due is None else min(max(due - utcnow(), timedelta(0)),
                                                     LONGEST_SLEEP)
        stop.wait(max(wait.total_seconds(), 1))
