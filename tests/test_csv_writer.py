"""The CSV writer: formula cells neutralised (OWASP), everything else round-trips, streamed."""

from __future__ import annotations

import csv
import inspect
import io
import itertools

import pytest

from quiz.csv_writer import BOM, csv_lines, safe_cell


def read_back(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def write(rows, **kwargs) -> str:
    return "".join(csv_lines(rows, **kwargs))


@pytest.mark.parametrize(("cell", "expected"), [
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("@SUM(1)", "'@SUM(1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("\r\n=1", "'\r\n=1"),
    ("=", "'="),
])
def test_formula_cells_neutralised(cell, expected):
    assert safe_cell(cell) == expected
    assert read_back(write([[cell]])) == [[expected]]


@pytest.mark.parametrize("cell", [
    "Smith, Jr.",
    'Smith, "Jr."\nline two',
    'a "quoted" word',
    "Ζωή",
    "李小龙",
    "Алёна",
    "سارة",
    "Zoë O'Brien",
    "plain text",
    "1+1=2",  # '=' in the middle
    "a-b",
    "x@example.org",
    " =1",  # starts with a space, not a formula character
    "'already quoted",
    "",
])
def test_text_cells_round_trip_unchanged(cell):
    assert safe_cell(cell) == cell
    assert read_back(write([[cell, "next"]])) == [[cell, "next"]]


def test_round_trip_through_utf8_bytes():
    rows = [["name", "score"], ["Ζωή", 3], ["李小龙", 2.5], ["Алёна", None], ["سارة", "=1"]]
    data = write(rows).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel looks for
    text = data.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["name", "score"], ["Ζωή", "3"], ["李小龙", "2.5"], ["Алёна", ""], ["سارة", "'=1"],
    ]


@pytest.mark.parametrize(("cell", "written"), [
    (3, "3"),
    (0, "0"),
    (-1, "-1"),  # a number we write ourselves is not a formula
    (2.5, "2.5"),
    (-0.5, "-0.5"),
    (None, ""),
])
def test_numbers_and_none(cell, written):
    assert safe_cell(cell) == cell
    assert write([["a", cell, "b"]], bom=False) == f"a,{written},b\r\n"


def test_exact_output():
    rows = [["name", "score", "note"], ["Smith, Jr.", 3, None], ["=1+1", 2.5, "ok"]]
    assert list(csv_lines(rows)) == [
        BOM,
        "name,score,note\r\n",
        '"Smith, Jr.",3,\r\n',
        "'=1+1,2.5,ok\r\n",
    ]


def test_line_terminator_is_crlf():
    text = write([["a", "b"], ["c", "d"]], bom=False)
    assert text == "a,b\r\nc,d\r\n"
    assert text.count("\r\n") == 2 and text.replace("\r\n", "").count("\n") == 0


def test_newline_inside_a_cell_is_quoted():
    assert write([['Smith, "Jr."\nline two']], bom=False) == '"Smith, ""Jr.""\nline two"\r\n'


@pytest.mark.parametrize(("bom", "first"), [(True, "\ufeff"), (False, "a,b\r\n")])
def test_bom_chunk(bom, first):
    chunks = list(csv_lines([["a", "b"]], bom=bom))
    assert chunks[0] == first
    assert len(chunks) == (2 if bom else 1)
    assert "\ufeff" not in "".join(chunks[1:] if bom else chunks)


def test_no_rows():
    assert list(csv_lines([])) == [BOM]
    assert list(csv_lines([], bom=False)) == []


def test_one_chunk_per_row():
    rows = [["r1", 1], ["r2", 2], ["r3", 3]]
    assert list(csv_lines(rows, bom=False)) == ["r1,1\r\n", "r2,2\r\n", "r3,3\r\n"]


def test_is_a_lazy_generator():
    pulled: list[int] = []

    def rows():
        for n in itertools.count():
            pulled.append(n)
            yield [f"row {n}", n]

    lines = csv_lines(rows())
    assert inspect.isgenerator(lines)
    assert pulled == []  # nothing read before the first chunk is asked for
    assert next(lines) == BOM
    assert pulled == []
    assert next(lines) == "row 0,0\r\n"
    assert pulled == [0]
    assert list(itertools.islice(lines, 2)) == ["row 1,1\r\n", "row 2,2\r\n"]
    assert pulled == [0, 1, 2]


def test_infinite_input_islice():
    endless = ([n] for n in itertools.count())
    assert list(itertools.islice(csv_lines(endless, bom=False), 3)) == ["0\r\n", "1\r\n", "2\r\n"]


def test_rows_may_be_generators_too():
    rows = ((cell for cell in ("=x", n)) for n in range(2))
    assert list(csv_lines(rows, bom=False)) == ["'=x,0\r\n", "'=x,1\r\n"]
