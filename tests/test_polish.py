"""What Lighthouse and a phone's browser check on every page: the icon, a description, and
text sent compressed to a browser that asks for it (but a download still streams)."""

from __future__ import annotations

import gzip
import io
import re
from html import unescape
from pathlib import Path

import brotli
import pytest
from pages import csv_rows
from samples import short_names

from quiz.compression import MIN_SIZE

ROOT = "/"  # the student home: no session, so the same bytes on every request


def description(response) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)">', response.get_data(True))
    assert match, response.get_data(True)[:500]
    return unescape(match.group(1))


def test_the_icon_is_served_where_pages_link_it_and_where_browsers_look(client):
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">',
                     client.get(ROOT).get_data(True))
    assert link, "no icon linked from the page"
    for url in (link.group(1), "/favicon.ico"):
        with client.get(url) as response:  # a file: closed when read
            assert response.status_code == 200, url
            assert response.mimetype == "image/svg+xml", url
            assert response.get_data().startswith(b"<svg ")


def test_every_kind_of_page_has_a_description_of_its_own(client, student, iran_drones):
    home = description(client.get(ROOT))
    assert "fact, speculation or opinion" in home
    login = description(client.get("/teacher/login"))
    assert login.startswith("For teachers:")
    passage = client.get(student.start("iran-drones"), follow_redirects=True)
    assert passage.status_code == 200
    assert description(passage) == (f"Passage 1 of {len(iran_drones.passages)} of "
                                    f"{iran_drones.title}: decide for each statement whether "
                                    "it is fact, speculation or opinion.")


@pytest.mark.parametrize(("asked", "encoding", "decode"), [
    ("gzip", "gzip", gzip.decompress),
    ("gzip, deflate, br", "br", brotli.decompress),  # what a browser sends over HTTPS
])
def test_a_page_comes_compressed_to_a_browser_that_asks(client, asked, encoding, decode):
    plain = client.get(ROOT)
    assert "Content-Encoding" not in plain.headers  # nothing asked, nothing compressed
    assert len(plain.get_data()) > MIN_SIZE

    packed = client.get(ROOT, headers={"Accept-Encoding": asked})
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]  # caches keep both versions apart
    assert int(packed.headers["Content-Length"]) == len(packed.get_data())
    assert len(packed.get_data()) < len(plain.get_data()) / 2
    assert decode(packed.get_data()) == plain.get_data()
    assert packed.headers["Content-Security-Policy"] == plain.headers["Content-Security-Policy"]
    assert packed.headers["X-Frame-Options"] == "DENY"


def test_the_stylesheet_comes_compressed_too(client, app):
    with client.get("/static/style.css", headers={"Accept-Encoding": "gzip"}) as packed:
        assert packed.status_code == 200
        assert packed.headers["Content-Encoding"] == "gzip"
        css = (Path(app.static_folder) / "style.css").read_bytes()
        assert gzip.decompress(packed.get_data()) == css
        etag = packed.headers["ETag"]
    # The browser's copy is still good: a 304, not the file again.
    headers = {"Accept-Encoding": "gzip", "If-None-Match": etag}
    with client.get("/static/style.css", headers=headers) as again:
        assert again.status_code == 304 and again.get_data() == b""


def test_a_small_response_is_sent_as_it_is(client):
    with client.get("/favicon.ico", headers={"Accept-Encoding": "gzip"}) as icon:
        assert icon.status_code == 200 and len(icon.get_data()) < MIN_SIZE
        assert "Content-Encoding" not in icon.headers
        assert icon.get_data().startswith(b"<svg ")


def test_the_grades_download_streams_compressed_and_reads_back_the_same(client, classrooms):
    info = classrooms.create("Year 9 English")
    response = client.post(f"/teacher/classes/{info.id}/roster",
                           data={"roster": (io.BytesIO(short_names(1000).encode()), "list.csv")})
    assert response.status_code == 302, response.data
    url = f"/teacher/classes/{info.id}/grades.csv"
    plain = client.get(url)

    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.status_code == 200 and packed.mimetype == "text/csv"
    # gzip, never Brotli, for a stream: Brotli's compressor held a whole export back.
    assert packed.headers["Content-Encoding"] == "gzip"
    # Compressed as it streams: a response collected first would know its length.
    assert "Content-Length" not in packed.headers
    assert packed.headers["Content-Disposition"] == plain.headers["Content-Disposition"]
    body = b"".join(packed.response)
    packed.close()
    assert gzip.decompress(body) == plain.get_data()
    assert len(csv_rows(plain)) == 2 + 1000  # the header, points possible, a row each


def test_a_byte_range_of_the_stylesheet_comes_as_it_is_stored(client, app):
    """A range counts bytes of the file, so compressing the part sent would garble it."""
    headers = {"Accept-Encoding": "gzip", "Range": f"bytes=0-{2 * MIN_SIZE - 1}"}
    with client.get("/static/style.css", headers=headers) as part:
        assert part.status_code == 206
        assert "Content-Encoding" not in part.headers
        css = (Path(app.static_folder) / "style.css").read_bytes()
        assert part.get_data() == css[:2 * MIN_SIZE]
