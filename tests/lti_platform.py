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
from collections.abc import Callable
from urllib.parse import quote, urlencode, urlsplit
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
        self.services = Services(self)  # token, line item and score endpoints
        self.courses = Courses(self)  # deep linking's return, and the membership list
        self.course_page = CoursePage(self)  # the course page that frames the tool
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
            # Posted at once by the script, as an LMS does (in a browser test).
            return Response(f'<form method="post" action="{html.escape(args["redirect_uri"])}">'
                            f'{inputs}</form><script>document.forms[0].submit()</script>',
                            content_type="text/html")
        if request.path == "/token" or request.path.startswith("/lineitems/"):
            return self.services.answer(request)
        if request.path in (Courses.RETURN, Courses.MEMBERS):
            return self.courses.answer(request)
        if request.path.startswith(CoursePage.PATH):
            return self.course_page.answer(request)
        return Response("not found", status=404)


class Services:
    """The platform's OAuth2 token endpoint (client credentials, the tool's signed JWT
    checked against the tool's key set, found by its kid as Canvas does) and the AGS line
    item and score endpoints, which record every score. `down = True` answers 503 to all
    of them, as an LMS in an outage does; `calls` lists every request they got."""

    SCORE = "application/vnd.ims.lis.v1.score+json"

    def __init__(self, platform: FakePlatform) -> None:
        self.platform = platform
        self.tool_keys: dict = {"keys": []}  # the tool's JWKS: a test sets it (trust_tool)
        self.down = False
        self.calls: list[str] = []
        self.tokens: dict[str, str] = {}  # access token -> its scopes
        self.scores: list[tuple[str, dict]] = []  # (line item, score) as received

    def trust_tool(self, client) -> None:
        """Take the tool's key set from its JWKS URL, as an LMS admin's setup does."""
        self.tool_keys = client.get("/lti/jwks.json").get_json()

    def line_item_url(self, name: str = "item-1") -> str:
        return f"{self.platform.url}/lineitems/{name}"

    def answer(self, request: Request) -> Response:
        self.calls.append(f"{request.method} {request.path}")
        if self.down:
            return Response("down for maintenance", status=503)
        if request.path == "/token":
            return self._token(request)
        scopes = self.tokens.get(request.headers.get("Authorization", "")
                                 .removeprefix("Bearer "))
        if scopes is None:
            return Response("unknown token", status=401)
        name, _, rest = request.path.removeprefix("/lineitems/").partition("/")
        if request.method == "GET" and not rest:
            return Response(json.dumps({"id": self.line_item_url(name), "scoreMaximum": 3,
                                        "label": "Fact or opinion?"}),
                            content_type="application/vnd.ims.lis.v2.lineitem+json")
        if request.method == "POST" and rest == "scores":
            if "/scope/score" not in scopes or request.mimetype != self.SCORE:
                return Response("wrong scope or type", status=403)
            self.scores.append((self.line_item_url(name), json.loads(request.get_data())))
            return Response(status=204)
        return Response("not found", status=404)

    def _token(self, request: Request) -> Response:
        form = request.form
        assertion = form.get("client_assertion", "")
        try:
            kid = jwt.get_unverified_header(assertion).get("kid")
            jwk = next(key for key in self.tool_keys["keys"] if key["kid"] == kid)
            claims = jwt.decode(assertion, RSAAlgorithm.from_jwk(json.dumps(jwk)),
                                algorithms=["RS256"], audience=f"{self.platform.url}/token",
                                issuer=CLIENT_ID)
        except (jwt.InvalidTokenError, StopIteration):
            return Response(json.dumps({"error": "invalid_client"}), status=401,
                            content_type="application/json")
        if form.get("grant_type") != "client_credentials" or claims.get("sub") != CLIENT_ID:
            return Response(json.dumps({"error": "invalid_grant"}), status=400,
                            content_type="application/json")
        token = uuid.uuid4().hex
        self.tokens[token] = form.get("scope", "")
        return Response(json.dumps({"access_token": token, "token_type": "Bearer",
                                    "expires_in": 3600, "scope": form.get("scope", "")}),
                        content_type="application/json")


class CoursePage:
    """The LMS's course page, for the browser test: the tool in an iframe named "tool" and
    a "Launch as ..." link per user, which starts the tool's OIDC login inside the frame.
    `users` maps each link's name to what makes the platform's claims for that user
    (`as_user`, `courses.deep_linking`, ...); `tool_url` is where the tool runs. Open it at
    `page_url` (http://localhost:PORT), another site than a tool on 127.0.0.1."""

    PATH = "/course"

    def __init__(self, platform: FakePlatform) -> None:
        self.platform = platform
        self.tool_url = ""
        self.users: dict[str, Callable[[], object]] = {}

    @property
    def page_url(self) -> str:
        return self.platform.url.replace("127.0.0.1", "localhost") + self.PATH

    def answer(self, request: Request) -> Response:
        name = request.path.removeprefix(self.PATH + "/launch/")
        if name in self.users and name != request.path:
            self.users[name]()
            query = urlencode({"iss": self.platform.issuer, "login_hint": name,
                               "client_id": CLIENT_ID,
                               "target_link_uri": f"{self.tool_url}/lti/launch"})
            return Response(status=302, headers={"Location": f"{self.tool_url}/lti/login?{query}"})
        links = "".join(f'<li><a href="{self.PATH}/launch/{quote(name)}" target="tool">Launch '
                        f'as {html.escape(name)}</a></li>' for name in self.users)
        return Response(f'<!doctype html><title>Year 9 Media</title><h1>Year 9 Media</h1>'
                        f'<ul>{links}</ul><iframe name="tool" title="Fact or opinion?" '
                        f'width="1000" height="700"></iframe>', content_type="text/html")


class Courses:
    """Deep linking and Names and Roles. `deep_linking` makes the next launch a deep-linking
    request whose return address (/deep-link-return) checks the tool's signed answer with
    the tool's key set and records its content items in `items`; `follow_link` makes the
    next launch one of that link, with the line item the platform made for it. /memberships
    (NRPS v2) lists `members` to a holder of a token from the shared /token endpoint;
    `services.down` makes it answer 503 too."""

    RETURN, MEMBERS = "/deep-link-return", "/memberships"
    NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
    AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
    MEMBERSHIP_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"

    def __init__(self, platform: FakePlatform) -> None:
        self.platform = platform
        self.items: list[dict] = []  # content items of every verified deep-linking answer
        self.refused_answers = 0
        self.members: list[dict] = []

    def deep_linking(self, sub: str, role: str, **user) -> FakePlatform:
        platform = self.platform.as_user(sub, role, **user)
        del platform.claims[CLAIM + "resource_link"]
        platform.claims.update({
            CLAIM + "message_type": "LtiDeepLinkingRequest",
            "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": {
                "deep_link_return_url": platform.url + self.RETURN,
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": False, "data": "opaque-platform-data"},
        })
        return platform

    def follow_link(self, item: dict, link: str = "link-from-deep-link") -> FakePlatform:
        """The next launch is of the link made from `item` (after `as_user`)."""
        claims = self.platform.claims
        claims[CLAIM + "resource_link"] = {"id": link, "title": item.get("title")}
        claims[CLAIM + "custom"] = dict(item.get("custom") or {})
        claims[self.AGS] = {"lineitem": self.platform.services.line_item_url(link),
                            "scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/score"]}
        return self.platform

    def share_roster(self) -> FakePlatform:
        """The next launch carries the course's membership-list address."""
        self.platform.claims[self.NRPS] = {
            "context_memberships_url": self.platform.url + self.MEMBERS,
            "service_versions": ["2.0"]}
        return self.platform

    def answer(self, request: Request) -> Response:
        if self.platform.services.down:
            return Response("down for maintenance", status=503)
        if request.path == self.RETURN:
            return self._return(request)
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if self.MEMBERSHIP_SCOPE not in self.platform.services.tokens.get(bearer, ""):
            return Response("unknown token or scope", status=401)
        body = {"id": self.platform.url + self.MEMBERS,
                "context": {"id": "course-1", "title": "Year 9 Media"},
                "members": self.members}
        return Response(json.dumps(body),
                        content_type="application/vnd.ims.lti-nrps.v2.membershipcontainer+json")

    def _return(self, request: Request) -> Response:
        token = request.form.get("JWT", "")
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            jwk = next(key for key in self.platform.services.tool_keys["keys"]
                       if key["kid"] == kid)
            claims = jwt.decode(token, RSAAlgorithm.from_jwk(json.dumps(jwk)),
                                algorithms=["RS256"], audience=self.platform.issuer,
                                issuer=CLIENT_ID)
        except (jwt.InvalidTokenError, StopIteration):
            self.refused_answers += 1
            return Response("bad signature", status=400)
        if claims.get(CLAIM + "message_type") != "LtiDeepLinkingResponse" \
                or claims.get(CLAIM + "deployment_id") != self.platform.deployment_id:
            self.refused_answers += 1
            return Response("not a deep-linking answer", status=400)
        self.items.extend(claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"])
        return Response("<p>Linked.</p>", content_type="text/html")


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
