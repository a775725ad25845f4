"""The one CSV writer: streamed rows, with every formula-like cell neutralised.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or a
carriage return) as a formula, so a student named `=HYPERLINK(...)` could run code on the
teacher's machine. As OWASP recommends, such cells get a leading `'`, which spreadsheets
show as text. Numbers we write ourselves are left alone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # so Excel reads the file as UTF-8; csv readers and Sheets ignore it


def safe_cell(value: object) -> object:
    """Neutralise a text cell a spreadsheet would treat as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(rows: Iterable[Iterable[object]], bom: bool = True) -> Iterator[str]:
    """Yield the CSV text one row at a time, so memory stays flat whatever the row count."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        yield BOM
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
