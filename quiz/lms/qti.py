"""A set version as a QTI 1.2 package that Canvas imports as a classic quiz. Pure.

The layout is the one Canvas itself exports and text2qti writes (both import into Canvas):

    imsmanifest.xml                   lists the two resources below
    non_cc_assessments/               empty; Canvas's own exports carry it
    ID/ID.xml                         the questions (QTI 1.2 questestinterop)
    ID/assessment_meta.xml            Canvas's quiz settings: title, description, points

HTML goes into `<mattext texttype="text/html">` as escaped text, never as XML elements:
ElementTree escapes it, so a passage containing `<b>&</b>` arrives as those characters.
Each statement is a `multiple_choice_question` worth one point; each accepted label has its
own condition setting the score to 100 (see quiz/lms/questions.py for why not
`multiple_answers_question`). Feedback: the `why` as general feedback, shown whatever was
chosen, and per wrong label its "why not".
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from quiz.lms.questions import LmsQuestion, LmsQuiz, lms_quiz

if TYPE_CHECKING:
    from quiz.models import QuestionSetVersion

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
# A fixed timestamp keeps the zip identical for identical content.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def qti_package(version: QuestionSetVersion) -> bytes:
    """The zip Canvas imports (Settings → Import course content → QTI .zip file)."""
    quiz = lms_quiz(version)
    folder = quiz.ident
    files = {
        "imsmanifest.xml": _manifest(quiz),
        "non_cc_assessments/": b"",
        f"{folder}/{folder}.xml": _assessment(quiz),
        f"{folder}/assessment_meta.xml": _meta(quiz),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, data in files.items():
            package.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data)
    return out.getvalue()


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _manifest(quiz: LmsQuiz) -> bytes:
    root = ET.Element("manifest", {"identifier": f"{quiz.ident}_manifest", "xmlns": CP_NS,
                                   "xmlns:imsmd": "http://www.imsglobal.org/xsd/imsmd_v1p2"})
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    title = _sub(_sub(_sub(metadata, "imsmd:lom"), "imsmd:general"), "imsmd:title")
    _sub(title, "imsmd:string", quiz.title)
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    meta_id = f"{quiz.ident}_meta"
    questions = _sub(resources, "resource", identifier=quiz.ident, type="imsqti_xmlv1p2")
    _sub(questions, "file", href=f"{quiz.ident}/{quiz.ident}.xml")
    _sub(questions, "dependency", identifierref=meta_id)
    meta_href = f"{quiz.ident}/assessment_meta.xml"
    meta = _sub(resources, "resource", identifier=meta_id, href=meta_href,
                type="associatedcontent/imscc_xmlv1p1/learning-application-resource")
    _sub(meta, "file", href=meta_href)
    return _xml(root)


def _meta(quiz: LmsQuiz) -> bytes:
    """Canvas's quiz settings; the introduction is the quiz's description."""
    points = f"{len(quiz.questions)}.0"
    root = ET.Element("quiz", {"identifier": quiz.ident, "xmlns": CANVAS_NS})
    for tag, text in (("title", quiz.title), ("description", quiz.intro_html),
                      ("shuffle_answers", "false"), ("scoring_policy", "keep_highest"),
                      ("quiz_type", "assignment"), ("points_possible", points),
                      ("show_correct_answers", "true"), ("one_question_at_a_time", "false"),
                      ("cant_go_back", "false"), ("available", "false")):
        _sub(root, tag, text)
    assignment = _sub(root, "assignment", identifier=f"{quiz.ident}_assignment")
    for tag, text in (("title", quiz.title), ("workflow_state", "unpublished"),
                      ("quiz_identifierref", quiz.ident), ("points_possible", points),
                      ("grading_type", "points"), ("submission_types", "online_quiz")):
        _sub(assignment, tag, text)
    return _xml(root)


def _assessment(quiz: LmsQuiz) -> bytes:
    root = ET.Element("questestinterop", {"xmlns": QTI_NS, "xmlns:xsi": XSI_NS})
    assessment = _sub(root, "assessment", ident=quiz.ident, title=quiz.title)
    _metadata(assessment, cc_maxattempts="1")
    section = _sub(assessment, "section", ident="root_section")
    for question in quiz.questions:
        _item(section, quiz.ident, question)
    return _xml(root)


def _metadata(parent: ET.Element, **fields: str) -> None:
    metadata = _sub(parent, "qtimetadata")
    for label, entry in fields.items():
        field = _sub(metadata, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _html(parent: ET.Element, html: str) -> None:
    _sub(_sub(parent, "material"), "mattext", html, texttype="text/html")


def _item(section: ET.Element, base: str, question: LmsQuestion) -> None:
    ident = f"{base}_s{question.number}"
    choice_ids = [f"{ident}_c{index}" for index in range(1, len(question.choices) + 1)]
    item = _sub(section, "item", ident=ident, title=f"Statement {question.number}")
    _metadata(_sub(item, "itemmetadata"), question_type="multiple_choice_question",
              points_possible="1.0", original_answer_ids=",".join(choice_ids),
              assessment_question_identifierref=f"{ident}_ref")

    presentation = _sub(item, "presentation")
    _html(presentation, question.stem_html)
    response = _sub(presentation, "response_lid", ident="response1", rcardinality="Single")
    render = _sub(response, "render_choice")
    for choice_id, choice in zip(choice_ids, question.choices, strict=True):
        label = _sub(render, "response_label", ident=choice_id)
        _sub(_sub(label, "material"), "mattext", choice.label, texttype="text/plain")

    processing = _sub(item, "resprocessing")
    outcomes = _sub(processing, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    # Feedback conditions first and `continue="Yes"`, so a student sees the why and the
    # why-not; the scoring conditions last, as Canvas writes them.
    _condition(processing, None, feedback="general_fb")
    wrong = [(i, c) for i, c in zip(choice_ids, question.choices, strict=True)
             if c.why_not_html is not None]
    for choice_id, _ in wrong:
        _condition(processing, choice_id, feedback=f"{choice_id}_fb")
    for choice_id, choice in zip(choice_ids, question.choices, strict=True):
        if choice.correct:
            _condition(processing, choice_id, score="100")

    _feedback(item, "general_fb", question.why_html)
    for choice_id, choice in wrong:
        _feedback(item, f"{choice_id}_fb", choice.why_not_html or "")


def _condition(processing: ET.Element, choice_id: str | None, feedback: str | None = None,
               score: str | None = None) -> None:
    """One respcondition: on `choice_id` (None: whatever was chosen), score or feedback."""
    condition = _sub(processing, "respcondition", **{"continue": "No" if score else "Yes"})
    test = _sub(condition, "conditionvar")
    if choice_id is None:
        _sub(test, "other")
    else:
        _sub(test, "varequal", choice_id, respident="response1")
    if score is not None:
        _sub(condition, "setvar", score, action="Set", varname="SCORE")
    if feedback is not None:
        _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=feedback)


def _feedback(item: ET.Element, ident: str, html: str) -> None:
    _html(_sub(_sub(item, "itemfeedback", ident=ident), "flow_mat"), html)
