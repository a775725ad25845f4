"""Stored XSS: hostile values in every teacher field and student name are inert on every page."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

from actors import StudentActions
from samples import FIELDS, HOSTILE_EVERY_FIELD, HOSTILE_LABEL, both, img, script

# -- 2. stored XSS through every teacher field and a student's name ------------------------------

F = FIELDS  # the payload number of each field, as samples.HOSTILE_EVERY_FIELD uses it


class ActiveContent(HTMLParser):
    """What in a page could run: script-like elements, on* attributes, script URLs."""

    ELEMENTS = {"script", "iframe", "object", "embed", "base", "frame"}
    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.ELEMENTS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            url = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            elif name in self.URL_ATTRIBUTES and url.startswith(("javascript:", "vbscript:",
                                                                 "data:text")):
                self.found.append(f"<{tag} {name}={value}>")

    handle_startendtag = handle_starttag


# The site's own scripts (static/, as the Content-Security-Policy allows) are the only ones a
# page may hold; each is named exactly, so that any other script still fails.
OWN_SCRIPTS = ('<script src="/static/line-numbers.js" defer></script>',)


def assert_inert(html: str, where: str) -> None:
    for own in OWN_SCRIPTS:
        html = html.replace(own, "", 1)
    parser = ActiveContent()
    parser.feed(html)
    assert parser.found == [], where
    assert "<script" not in html.lower(), where  # `onerror=` may be text: the parser judges
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.I), where


def hostile_pages(client, classrooms, pupils, load_set) -> dict[str, str]:
    """Every page that shows a hostile value, as a teacher, a class student, a practiser."""
    pages: dict[str, str] = {}

    def get(name: str, url: str, browser=client) -> None:
        response = browser.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        pages[name] = response.get_data(as_text=True)

    def post(name: str, url: str, browser=client, **kwargs) -> None:
        response = browser.post(url, follow_redirects=True, **kwargs)
        assert response.status_code in (200, 400), (name, url, response.status_code)
        pages[name] = response.get_data(as_text=True)

    post("flash: class created", "/teacher/", data={"name": both(F["class"])})
    cid = int(re.search(r"/teacher/classes/(\d+)", pages["flash: class created"]).group(1))
    post("flash: renamed", f"/teacher/classes/{cid}/name", data={"name": both(F["renamed class"])})
    code = classrooms.code(cid)
    tess = pupils()
    post("flash: joined", "/join", browser=tess.client, data={
        "code": code, "name": both(F["joined name"]), "student_number": script(F["joined id"])})
    roster = io.StringIO()
    csv.writer(roster).writerows([("name", "student id", "email"), (
        both(F["roster name"]), script(F["roster id"]), f"{img(F['roster email'])}@x.example")])
    post("flash: roster", f"/teacher/classes/{cid}/roster", content_type="multipart/form-data",
         data={"roster": (io.BytesIO(roster.getvalue().encode()), "roster.csv")})
    filename = f"{script(F['filename'])}<img src=x onerror=alert({F['filename']})>.md"
    upload = {"upload": (io.BytesIO(HOSTILE_EVERY_FIELD.encode()), filename)}
    post("teacher: set preview", "/teacher/sets/new", content_type="multipart/form-data",
         data={"action": "preview", **upload})
    broken = HOSTILE_EVERY_FIELD.replace(f"answer: {HOSTILE_LABEL}",
                                         f"answer: {both(F['problem'])}")
    post("teacher: set problems", "/teacher/sets/new", data={"action": "check",
                                                            "source": broken})
    upload = {"upload": (io.BytesIO(HOSTILE_EVERY_FIELD.encode()), filename)}
    post("flash: published", "/teacher/sets/new", content_type="multipart/form-data",
         data={"action": "publish", **upload})
    slug = re.search(r'href="/teacher/sets/([^"/]+)/edit"', pages["flash: published"]).group(1)
    aid = classrooms.assign(cid, slug, reveal="passage")
    roster_pupil = pupils()
    assert roster_pupil.join_card(classrooms.card_code(cid, both(F["roster name"]))) \
        .status_code == 302
    labels = {1: HOSTILE_LABEL, 2: "fact"}
    roster_pupil.take(cid, aid, labels, passages=((1,), (2,)))
    public_id = tess.begin(cid, aid)
    get("student: index", "/", tess.client)
    get("student: class", f"/classes/{cid}", tess.client)
    get("student: passage", f"/attempts/{public_id}/passages/1", tess.client)
    post("student: review", f"/attempts/{public_id}/passages/1", tess.client,
         data={"statement-1": HOSTILE_LABEL})
    post("student: result", f"/attempts/{public_id}/passages/2", tess.client,
         data={"statement-2": "fact"})
    get("teacher: classes", "/teacher/")
    get("teacher: class", f"/teacher/classes/{cid}")
    get("teacher: results", f"/teacher/assignments/{aid}")
    get("teacher: attempt", f"/teacher/attempts/{public_id}")
    get("teacher: settings", f"/teacher/assignments/{aid}/settings")
    get("teacher: sets", "/teacher/sets/")
    get("teacher: set", f"/teacher/sets/{slug}")
    get("teacher: set edit", f"/teacher/sets/{slug}/edit")
    load_set(HOSTILE_EVERY_FIELD, "hostile")
    practiser = pupils().client
    get("practice: start", "/quizzes/hostile", practiser)
    first = StudentActions(practiser).start("hostile", both(F["practice name"]))
    get("practice: passage", first, practiser)
    StudentActions(practiser).answer(first, {1: HOSTILE_LABEL})
    post("practice: result", first.replace("/passages/1", "/passages/2"), practiser,
         data={"statement-2": "fact"})
    get("practice: start again", "/quizzes/hostile", practiser)
    return pages


# Where each value must be visible, as text; everywhere else it may not be shown at all.
SHOWN = {
    "class": ["flash: class created"],
    "renamed class": ["flash: renamed", "flash: joined", "teacher: classes", "teacher: class",
                      "teacher: results", "teacher: settings", "student: index",
                      "student: class"],
    "roster name": ["teacher: class", "teacher: results"],
    "roster id": ["teacher: class"],
    "roster email": ["teacher: class"],
    "title": ["teacher: set preview", "flash: published", "teacher: sets", "teacher: set",
              "teacher: set edit", "teacher: class", "teacher: results", "teacher: attempt",
              "teacher: settings", "student: class", "student: passage", "student: result",
              "practice: start", "practice: result"],
    "intro": ["teacher: set preview", "teacher: set", "practice: start"],
    "heading": ["teacher: set preview", "teacher: set", "teacher: attempt", "student: passage",
                "student: review", "student: result", "practice: passage", "practice: result"],
    "passage": ["teacher: set preview", "teacher: set", "teacher: attempt", "student: passage",
                "student: review", "student: result", "practice: passage", "practice: result"],
    "statement": ["teacher: set preview", "teacher: set", "teacher: attempt",
                  "teacher: results", "student: passage", "student: review", "student: result",
                  "practice: passage", "practice: result"],
    "why": ["teacher: set preview", "teacher: set", "teacher: attempt", "student: review",
            "student: result", "practice: result"],
    "cue": ["teacher: set preview", "teacher: set", "teacher: attempt", "student: review",
            "student: result", "practice: result"],
    "label": ["teacher: set preview", "teacher: set", "teacher: attempt", "teacher: results",
              "student: passage", "student: review", "student: result", "practice: start",
              "practice: passage", "practice: result"],
    "joined name": ["flash: joined", "student: class", "teacher: class", "teacher: results",
                    "teacher: attempt"],
    "joined id": ["teacher: class"],
    "practice name": ["practice: result", "practice: start again"],
    "filename": ["teacher: set preview"],
    "problem": ["teacher: set problems"],
}


def test_hostile_values_are_inert_on_every_page(client, classrooms, pupils, load_set):
    pages = hostile_pages(client, classrooms, pupils, load_set)
    for name, html in pages.items():
        assert_inert(html, name)
    missing = []
    for field, where in SHOWN.items():
        n = FIELDS[field]
        escaped = (f"&lt;script&gt;alert({n})&lt;/script&gt;",
                   f"&lt;img src=x onerror=alert({n})&gt;")
        missing += [(field, name) for name in where
                    if not any(text in pages[name] for text in escaped)]
    assert missing == []
