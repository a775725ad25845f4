"""A fake LMS for the LTI tests: a real HTTP server on 127.0.0.1 with its own RSA keys.

It serves its key set (/jwks), and answers the OIDC authorisation request the tool redirects
to (/auth) with the form an LMS posts to the tool's launch URL: a real RS256 id token with
the LTI claims, carrying the tool's nonce. A test changes `claims` (roles, context, link),
`audience`, `lifetime` or `signing_key` to make the token it needs.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
import uuid
from urllib.parse import urlsplit
from urllib.request import urlopen

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
CLIENT_ID, DEPLOYMENT_ID = "quiz-tool", "deployment-1"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakePlatform:
    def __init__(self) -> None:
        self.key, self.kid = new_key(), "platform-key-1"
        self.signing_key = self.key  # another key forges a token
        self.audience, self.lifetime = CLIENT_ID, 300
        self.deployment_id = DEPLOYMENT_ID
        self.claims: dict = {}
        self.nonce_override: str | None = None
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self.issuer = self.url
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()

    def register_args(self) -> list[str]:
        """The `flask --app quiz lti add-platform` arguments for this platform."""
        return ["lti", "add-platform", "--issuer", self.issuer, "--client-id", CLIENT_ID,
                "--deployment-id", DEPLOYMENT_ID, "--key-set-url", f"{self.url}/jwks",
                "--auth-url", f"{self.url}/auth", "--token-url", f"{self.url}/token",
                "--allow-http"]

    def as_user(self, sub: str, role: str, name: str = "", email: str = "",
                context: str = "course-1", link: str = "link-1") -> FakePlatform:
        self.claims = {
            "sub": sub, "name": name, "email": email, CLAIM + "roles": [role],
            CLAIM + "context": {"id": context, "title": "Year 9 Media", "label": "Y9M"},
            CLAIM + "resource_link": {"id": link, "title": "Fact or opinion?"},
        }
        return self

    def id_token(self, nonce: str, target: str) -> str:
        now = int(time.time())
        body = {
            "iss": self.issuer, "aud": self.audience, "azp": self.audience,
            "iat": now, "exp": now + self.lifetime, "nonce": nonce,
            CLAIM + "message_type": "LtiResourceLinkRequest", CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": self.deployment_id, CLAIM + "target_link_uri": target,
            **{key: value for key, value in self.claims.items() if value},
        }
        return jwt.encode(body, self.signing_key, algorithm="RS256",
                          headers={"kid": self.kid})

    @Request.application
    def _app(self, request: Request) -> Response:
        if request.path == "/jwks":
            public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
            public.update(kid=self.kid, alg="RS256", use="sig")
            return Response(json.dumps({"keys": [public]}), content_type="application/json")
        if request.path == "/auth":
            args = request.args
            token = self.id_token(self.nonce_override or args["nonce"], args["redirect_uri"])
            fields = {"id_token": token, "state": args["state"]}
            inputs = "".join(f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
                             for name, value in fields.items())
            return Response(f'<form method="post" action="{html.escape(args["redirect_uri"])}">'
                            f'{inputs}</form>', content_type="text/html")
        return Response("not found", status=404)


def launch(client, platform: FakePlatform, **login_args):
    """What a browser does: the LMS's login initiation to the tool, the tool's redirect to
    the LMS, and the LMS's form post back to the tool. Returns the launch's response and the
    form posted (to post it again)."""
    form = authorise(client, platform, **login_args)
    return client.post("/lti/launch", data=form), form


def authorise(client, platform: FakePlatform, **login_args) -> dict[str, str]:
    """The login initiation and the platform's answer: the form it would post."""
    args = {"iss": platform.issuer, "login_hint": str(uuid.uuid4()), "client_id": CLIENT_ID,
            "target_link_uri": "http://localhost/lti/launch", **login_args}
    login = client.get("/lti/login", query_string=args)
    assert login.status_code == 302, login.get_data(as_text=True)
    with urlopen(login.headers["Location"]) as answer:  # the platform, on 127.0.0.1
        page = answer.read().decode()
    form = {name: html.unescape(value)
            for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', page)}
    assert urlsplit(html.unescape(re.search(r'action="([^"]+)"', page).group(1))).path \
        == "/lti/launch"
    return form
