"""Peak memory of one grades export, measured in a fresh process.

`python -m bench.export_memory DATABASE_URL CLASSROOM_ID` prints one JSON line: the time to
write the whole CSV, its rows and bytes, how far the resident memory (RSS, sampled every 100
rows, so SQLite's own buffers count too) rose above where it started, and the Python heap's
peak during a second export under tracemalloc. It calls what the download view streams,
`csv_lines(grade_rows(...))`, and keeps no line, as the response does not.
"""

from __future__ import annotations

import json
import os
import sys
import time
import tracemalloc

from quiz import create_app
from quiz.csv_writer import csv_lines
from quiz.db import get_session
from quiz.gradebook import grade_rows
from quiz.models import Classroom

_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * _PAGE


def _export(classroom_id: int) -> tuple[int, int, int]:
    """Write the CSV to nowhere, as a streamed response would; returns rows, bytes and the
    highest RSS seen."""
    db = get_session()
    rows = size = peak = 0
    for line in csv_lines(grade_rows(db, db.get(Classroom, classroom_id))):
        rows += 1
        size += len(line.encode())
        if rows % 100 == 0:
            peak = max(peak, rss())
    db.close()
    return rows - 1, size, max(peak, rss())  # the byte-order mark is the first "line"


def measure(database_url: str, classroom_id: int) -> dict[str, float]:
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench-export"})
    with app.app_context():
        get_session().get(Classroom, classroom_id)  # connect and warm up before the baseline
        before = rss()
        started = time.perf_counter()
        rows, size, peak = _export(classroom_id)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        _export(classroom_id)
        heap_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {"seconds": seconds, "rows": rows, "bytes": size, "rss_growth_bytes": peak - before,
            "heap_peak_bytes": heap_peak}


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], int(sys.argv[2]))))
