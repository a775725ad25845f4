"""Where one load's time goes: py-spy samples the gunicorn workers while wrk runs the load.

    .venv/bin/pip install py-spy            # for this investigation only, not a dependency
    .venv/bin/python bench/profile.py "passage page" 8

Loads are those of bench/run.py ("bare", "passage page", "answer POST", "write ceiling").
Prints the share of the workers' samples spent inside each function (inclusive), leaving
out the frames nearly every sample passes through, then the functions that were running
(self). Loopback only; wrk and py-spy both stop after the given number of seconds.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The tests' own folder, by path: an installed package may also be called `tests`.
sys.path.insert(0, str(ROOT / "tests"))

from live_server import BIN, LiveServer  # noqa: E402

from bench import data  # noqa: E402
from bench.run import CONNECTIONS, LUA, STUDENTS, request_lines, wrk  # noqa: E402

_FRAME = re.compile(r"^(?P<function>.+?) \((?P<file>[^()]*?)(?::\d+)?\)$")


def _name(frame: str) -> str:
    match = _FRAME.match(frame)
    if match is None:
        return frame
    file = match["file"].split("site-packages/")[-1].removeprefix(str(ROOT) + "/")
    return f"{match['function']} ({file})"


def summarise(raw: Path, top: int = 30) -> str:
    """Inclusive and self shares of py-spy's raw (collapsed) stacks."""
    inclusive, own, total = Counter(), Counter(), 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        names = [_name(f) for f in stack.split(";")
                 if not f.startswith(("process ", "thread "))]
        total += int(count)
        inclusive.update(dict.fromkeys(names, int(count)))
        if names:
            own[names[-1]] += int(count)
    lines = [f"{total} samples; inclusive (frames in over 90% of samples left out):"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in inclusive.most_common()
              if n <= 0.9 * total][:top]
    lines += ["self:"] + [f"  {100 * n / total:5.1f}%  {name}"
                          for name, n in own.most_common(top // 2)]
    return "\n".join(lines)


def main(load: str = "passage page", seconds: int = 8) -> None:
    py_spy = shutil.which("py-spy") or str(BIN / "py-spy")
    if not Path(py_spy).exists():
        sys.exit("needs py-spy: .venv/bin/pip install py-spy")
    with tempfile.TemporaryDirectory(prefix="quiz-profile-") as tmp:
        workdir = Path(tmp)
        server = LiveServer(workdir, workers=2, app="bench.app:create_bench_app()").prepare()
        server.start()
        try:
            students = data.practice_students(server.url, workdir / "quiz.sqlite", STUDENTS)
            requests = workdir / "requests.tsv"
            requests.write_text("\n".join(request_lines(students)[load]) + "\n")
            wrk(server.url, requests, 2)  # warm-up
            with subprocess.Popen(
                    ["wrk", "-t", "1", "-c", str(CONNECTIONS), "-d", f"{seconds + 1}s", "-s",
                     str(LUA), server.url], env={**os.environ, "BENCH_REQUESTS": str(requests)},
                    stdout=subprocess.DEVNULL) as load_run:
                subprocess.run([py_spy, "record", "--pid", str(server.process.pid),
                                "--subprocesses", "--duration", str(seconds), "--rate", "100",
                                "--nonblocking", "--format", "raw", "-o",
                                str(workdir / "profile.txt")],
                               check=True, capture_output=True, timeout=seconds + 60)
                load_run.wait(timeout=seconds + 30)
            print(f"{load}, {CONNECTIONS} connections, {seconds} s:")
            print(summarise(workdir / "profile.txt"))
        finally:
            server.stop()


if __name__ == "__main__":
    main(*sys.argv[1:2], *(int(a) for a in sys.argv[2:3]))
