"""`flask --app quiz lti add-platform ...` and `flask --app quiz lti platforms`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from quiz.db import get_session
from quiz.lti import platforms

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
@click.option("--allow-http", is_flag=True, hidden=True,
              help="Accept http:// addresses (a test platform on this machine only).")
def add_platform_command(issuer: str, client_id: str, deployment_ids: tuple[str, ...],
                         key_set_url: str, auth_url: str, token_url: str,
                         allow_http: bool) -> None:
    """Register an LMS, or update the one with this issuer and client id."""
    session = get_session()
    try:
        result = platforms.register(
            session, issuer=issuer, client_id=client_id, deployment_ids=list(deployment_ids),
            auth_login_url=auth_url, auth_token_url=token_url, key_set_url=key_set_url,
            allow_http=allow_http)
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
        click.echo(f"{platform.issuer}  client id {platform.client_id}  "
                   f"deployments {deployments}  keys {platform.key_set_url}")
