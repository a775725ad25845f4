"""A set exported as an LMS quiz: a QTI 1.2 package for Canvas and Moodle XML.

Checked by reading the files back (zipfile + ElementTree) for what each importer needs. No
copy of the QTI 1.2 XSD is available offline here, so the structure is checked by hand.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest
from samples import BRIDGE, CLASS_SET, WHY_NOT, WHY_NOT_HTML
from sqlalchemy import select

from quiz.db import get_session
from quiz.importing import import_set
from quiz.lms.moodle_xml import category_name, moodle_xml
from quiz.lms.qti import qti_package
from quiz.models import QuestionSetVersion, Teacher
from quiz.questionset.parser import parse

Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
CANVAS = "{http://canvas.instructure.com/xsd/cccv1p0}"
BRIDGE_LABELS = ["fact", "speculation", "opinion"]
BRIDGE_ANSWERS = [{"fact"}, {"opinion"}, {"speculation"}, {"fact", "opinion"}]
# A passage and a title with markup in them, which must reach the LMS as characters.
MARKUP_SET = CLASS_SET.replace("title: The bridge question", "title: Fish & <chips>") \
    .replace("> The council said", "> <b>&</b> The council said")


def exported(app, version_id: int, build):
    with app.app_context():
        return build(get_session().get(QuestionSetVersion, version_id))


def package(app, version_id: int) -> tuple[zipfile.ZipFile, ET.Element]:
    return read_package(exported(app, version_id, qti_package))


def read_package(data: bytes) -> tuple[zipfile.ZipFile, ET.Element]:
    """The zip and its assessment's root, found through the manifest as Canvas finds it."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    resource = manifest.find(f"{CP}resources/{CP}resource[@type='imsqti_xmlv1p2']")
    href = resource.find(f"{CP}file").get("href")
    return archive, ET.fromstring(archive.read(href))


def items(assessment: ET.Element) -> list[ET.Element]:
    return assessment.findall(f".//{Q}item")


def choices(item: ET.Element) -> dict[str, str]:
    """ident -> label, in order."""
    return {label.get("ident"): label.find(f".//{Q}mattext").text
            for label in item.iter(f"{Q}response_label")}


def stem(item: ET.Element) -> str:
    return item.find(f"{Q}presentation/{Q}material/{Q}mattext").text


def correct_labels(item: ET.Element) -> set[str]:
    labels = choices(item)
    return {labels[condition.find(f".//{Q}varequal").text]
            for condition in item.iter(f"{Q}respcondition")
            if condition.findtext(f"{Q}setvar") == "100"}


def feedback(item: ET.Element) -> dict[str, str]:
    return {fb.get("ident"): fb.find(f".//{Q}mattext").text for fb in item.iter(f"{Q}itemfeedback")}


def test_the_manifest_lists_every_file_the_package_carries(app, load_set):
    archive, _ = package(app, load_set(BRIDGE, "bridge"))
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    hrefs = [f.get("href") for r in resources for f in r.findall(f"{CP}file")]
    assert len(hrefs) == 2 and all(href in archive.namelist() for href in hrefs)
    ids = {r.get("identifier") for r in resources}
    dependencies = {d.get("identifierref") for d in manifest.iter(f"{CP}dependency")}
    assert dependencies and dependencies <= ids  # the settings file is the questions' own


def test_each_statement_is_a_multiple_choice_question_on_the_sets_labels(app, load_set):
    _, assessment = package(app, load_set(BRIDGE, "bridge"))
    found = items(assessment)
    assert len(found) == 4
    for item, accepted in zip(found, BRIDGE_ANSWERS, strict=True):
        assert list(choices(item).values()) == BRIDGE_LABELS
        assert item.find(f".//{Q}response_lid").get("rcardinality") == "Single"
        # Each accepted label scores the full point, as in our own scoring.
        assert correct_labels(item) == accepted


def test_the_shipped_set_exports_every_statement(app, iran_drones):
    with app.app_context():
        version_id = get_session().scalar(select(QuestionSetVersion.id))
    _, assessment = package(app, version_id)
    assert len(items(assessment)) == len(iran_drones.statements)
    assert [correct_labels(i) for i in items(assessment)] \
        == [set(s.answers) for s in iran_drones.statements]


def test_each_stem_is_the_passage_with_only_its_statement_marked(app, load_set):
    _, assessment = package(app, load_set(BRIDGE, "bridge"))
    statements = ["The council said the bridge will close in May", "it should stay open",
                  "Engineers believe repairs could take a year", "The mayor is wrong to wait"]
    for item, words in zip(items(assessment), statements, strict=True):
        html = stem(item)
        assert re.findall(r"<mark[^>]*>(?:<strong[^>]*>)?(.*?)<", html) == [words]
        assert html.count("<mark") == 1
    # The other statement of the passage is there too, unmarked.
    assert "Critics think it should stay open." in stem(items(assessment)[0])


def test_feedback_is_the_why_and_per_wrong_label_the_why_not(app, load_set):
    _, assessment = package(app, load_set(WHY_NOT, "why-not"))
    first, second = items(assessment)
    labels = {label: ident for ident, label in choices(first).items()}
    fb = feedback(first)
    assert fb["general_fb"] == "<p>Reported speech from a named person.</p>"
    assert fb[f"{labels['speculation']}_fb"] == WHY_NOT_HTML["speculation"]
    assert fb[f"{labels['opinion']}_fb"] == WHY_NOT_HTML["opinion"]
    assert f"{labels['fact']}_fb" not in fb  # the right answer has no why-not
    # The set's own wording of "fact but speculation", for a statement with none written.
    second_labels = {label: ident for ident, label in choices(second).items()}
    assert feedback(second)[f"{second_labels['fact']}_fb"] \
        == "<p>You chose fact, but \u201ccould\u201d is a guess.</p>"
    # Every feedback shown is one the item carries.
    for item in (first, second):
        shown = {d.get("linkrefid") for d in item.iter(f"{Q}displayfeedback")}
        assert shown == set(feedback(item))


def test_markup_in_a_set_arrives_as_text_not_as_xml(app, load_set):
    version_id = load_set(MARKUP_SET, "markup")
    _, assessment = package(app, version_id)
    mattext = items(assessment)[0].find(f"{Q}presentation/{Q}material/{Q}mattext")
    assert len(mattext) == 0 and "<b>&amp;</b> " in mattext.text
    assert assessment.find(f"{Q}assessment").get("title") == "Fish & <chips>"
    moodle = ET.fromstring(exported(app, version_id, moodle_xml))
    assert "<b>&amp;</b> " in moodle.find("question[@type='multichoice']/questiontext/text").text


def test_identifiers_are_unique_across_the_package(app, load_set):
    _, assessment = package(app, load_set(BRIDGE, "bridge"))
    ids = [e.get("ident") for e in assessment.iter() if e.tag in (f"{Q}item", f"{Q}response_label",
                                                                   f"{Q}assessment")]
    assert len(ids) == 4 + 4 * 3 + 1 and len(set(ids)) == len(ids)
    for item in items(assessment):
        fb_ids = [fb.get("ident") for fb in item.iter(f"{Q}itemfeedback")]
        assert len(set(fb_ids)) == len(fb_ids)


def test_the_introduction_is_the_canvas_quiz_description(app, load_set):
    archive, _ = package(app, load_set(BRIDGE, "bridge"))
    meta_name = next(n for n in archive.namelist() if n.endswith("/assessment_meta.xml"))
    meta = ET.fromstring(archive.read(meta_name))
    assert meta.findtext(f"{CANVAS}title") == "The bridge question"
    assert meta.findtext(f"{CANVAS}description") \
        == "<p>Decide for each statement: <em>fact</em>, speculation or opinion?</p>"
    assert meta.findtext(f"{CANVAS}points_possible") == "4.0"


def test_moodle_xml_has_a_category_and_one_multichoice_per_statement(app, load_set):
    root = ET.fromstring(exported(app, load_set(BRIDGE, "bridge"), moodle_xml))
    category, *questions = root.findall("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == "$course$/top/The bridge question"
    assert [q.get("type") for q in questions] == ["multichoice"] * 4
    for question, accepted in zip(questions, BRIDGE_ANSWERS, strict=True):
        assert question.findtext("single") == "true"
        answers = question.findall("answer")
        assert [a.findtext("text") for a in answers] == BRIDGE_LABELS
        fractions = {a.findtext("text"): int(a.get("fraction")) for a in answers}
        assert {label for label, f in fractions.items() if f == 100} == accepted
        assert sum(fractions.values()) == 100 * len(accepted)
        assert question.findtext("generalfeedback/text").startswith("<p>")
        for answer in answers:  # a why-not on every wrong label, none on a right one
            assert bool(answer.findtext("feedback/text")) == (answer.findtext("text")
                                                              not in accepted)
        assert question.findtext("questiontext/text").count("<mark") == 1


def test_a_slash_in_a_title_is_not_a_moodle_subcategory():
    assert category_name("Fact / opinion") == "Fact // opinion"


# The downloads, from a set's page.


def own_set(app, email: str, slug: str) -> None:
    with app.app_context():
        db = get_session()
        owner = db.scalar(select(Teacher.id).where(Teacher.email == email))
        import_set(db, slug, CLASS_SET, parse(CLASS_SET), owner_id=owner)
        db.commit()


@pytest.mark.parametrize(("path", "mimetype", "filename"), [
    ("canvas-qti.zip", "application/zip", "mine-canvas-qti.zip"),
    ("moodle.xml", "application/xml", "mine-moodle.xml"),
])
def test_a_teacher_downloads_their_own_and_shared_sets_only(app, client, teacher, load_set,
                                                             path, mimetype, filename):
    own_set(app, "teacher@school.example", "mine")
    load_set(BRIDGE, "bridge")  # shared
    teacher.create("other@school.example")
    own_set(app, "other@school.example", "theirs")
    response = client.get(f"/teacher/sets/mine/{path}")
    assert response.status_code == 200 and response.mimetype == mimetype
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert client.get(f"/teacher/sets/bridge/{path}").status_code == 200
    assert client.get(f"/teacher/sets/theirs/{path}").status_code == 404
    teacher.logout()
    signed_out = client.get(f"/teacher/sets/bridge/{path}")
    assert signed_out.status_code == 302 and "/teacher/login" in signed_out.location


def test_the_set_page_links_both_downloads(client, teacher, load_set):
    load_set(BRIDGE, "bridge")
    html = client.get("/teacher/sets/bridge").get_data(as_text=True)
    assert 'href="/teacher/sets/bridge/canvas-qti.zip"' in html
    assert 'href="/teacher/sets/bridge/moodle.xml"' in html


def test_the_download_is_the_latest_version(app, client, teacher):
    own_set(app, "teacher@school.example", "mine")
    shorter = CLASS_SET.split("## What happens next")[0]
    with app.app_context():
        db = get_session()
        owner = db.scalar(select(Teacher.id).where(Teacher.email == "teacher@school.example"))
        import_set(db, "mine", shorter, parse(shorter), owner_id=owner)
        db.commit()
    _, assessment = read_package(client.get("/teacher/sets/mine/canvas-qti.zip").data)
    assert len(items(assessment)) == 2

