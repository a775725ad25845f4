"""The benchmark: gunicorn (2 sync workers, SQLite) loaded by wrk from a second process.

Run with the project's environment: `make bench`, or `.venv/bin/python bench/run.py`.
It measures, at 32 connections, the passage page, saving a passage (an upsert), a bare
endpoint and a plain-sqlite3 write ceiling; then the grades export of a large class over
HTTP, and the export's peak memory as the class grows; then, in-process, the worst-case
time of hostile uploads (bench/hostile.py: check, preview, publish, roster), and drafting a
2,000-word article and its review page (bench/drafting.py). It prints a table and writes
bench/results.md (keeping the hand-written notes at its end). Loopback only; every run of
wrk is bounded in time, so a run takes about three minutes. `bench/run.py drafting` runs
the drafting part alone and rewrites only its table in bench/results.md.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The tests' own folder, by path: an installed package may also be called `tests`.
sys.path.insert(0, str(ROOT / "tests"))

from live_server import BIN, TEACHER_EMAIL, TEACHER_PASSWORD, LiveServer  # noqa: E402

from bench import data, drafting, hostile  # noqa: E402

CONNECTIONS, WARM_UP, DURATION = 32, 2, 10  # wrk: connections, seconds, seconds
ROUNDS = 2  # each load's DURATION is split into rounds, taken in turn with the others
ALONE = 3  # seconds of each load from 1 connection: latency with no queue
STUDENTS = 64  # students whose cookies wrk takes in turn
EXPORT_SIZES = (500, 1000, 2000, 4000)  # students per class; 10 assignments each
EXPORT_TIMED = 2000
LUA = Path(__file__).with_name("requests.lua")
RESULTS = Path(__file__).with_name("results.md")
KEEP_BELOW = "<!-- Below this line is written by hand; bench/run.py keeps it. -->"
LABELS = ("fact", "speculation", "opinion")


@dataclass(frozen=True)
class Load:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors, timeouts and statuses of 400 and above
    alone_p50_ms: float  # from 1 connection
    alone_p99_ms: float


def ensure_wrk() -> str:
    """wrk, installed from Debian's package if missing (this runs as root in the sandbox)."""
    if not shutil.which("wrk"):
        for command in (["apt-get", "install", "-y", "wrk"], ["apt-get", "update"],
                        ["apt-get", "install", "-y", "wrk"]):
            if subprocess.run(command, capture_output=True, timeout=300).returncode == 0 \
                    and shutil.which("wrk"):
                break
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    return shutil.which("wrk")


def wrk(url: str, requests: Path, seconds: int, connections: int = CONNECTIONS,
        ) -> dict[str, int]:
    """One run of wrk sending the requests listed in `requests`; its figures (requests.lua)."""
    run = subprocess.run(
        ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency",
         "--timeout", "5s", "-s", str(LUA), url],
        env={**os.environ, "BENCH_REQUESTS": str(requests)}, capture_output=True, text=True,
        timeout=seconds + 60, check=True)
    return json.loads(next(line for line in run.stdout.splitlines()
                           if line.startswith("BENCH "))[6:])


def measure_loads(url: str, loads: dict[str, list[str]], workdir: Path) -> dict[str, Load]:
    """Warm each load up, then run them in turn, ROUNDS times, so that whatever else the
    machine does at the time weighs on all four alike; p99 is the worst round's."""
    files = {}
    for name, lines in loads.items():
        files[name] = workdir / f"{name.replace(' ', '-')}.tsv"
        files[name].write_text("\n".join(lines) + "\n")
        print(f"wrk: warming up {name} ...", flush=True)
        wrk(url, files[name], WARM_UP)
    rounds: dict[str, list[dict[str, int]]] = {name: [] for name in loads}
    for number in range(1, ROUNDS + 1):
        for name in loads:
            print(f"wrk: {name}, round {number} of {ROUNDS} ...", flush=True)
            rounds[name].append(wrk(url, files[name], DURATION // ROUNDS))
    alone = {name: wrk(url, files[name], ALONE, connections=1) for name in loads}
    return {name: Load(
        name, sum(r["requests"] for r in runs) / (sum(r["duration_us"] for r in runs) / 1e6),
        statistics.mean(r["p50_us"] for r in runs) / 1000,
        max(r["p99_us"] for r in runs) / 1000,
        sum(r[k] for r in [*runs, alone[name]]
            for k in ("connect", "read", "write", "status", "timeout")),
        alone[name]["p50_us"] / 1000, alone[name]["p99_us"] / 1000,
    ) for name, runs in rounds.items()}


def request_lines(students: list[data.Browser]) -> dict[str, list[str]]:
    """The four loads, as `METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY` lines for requests.lua."""
    lines: dict[str, list[str]] = {"bare": ["GET\t/bench/bare\t\t"]}
    for key in ("passage page", "answer POST", "write ceiling"):
        lines[key] = []
    for i, s in enumerate(students):
        passage = f"/attempts/{s.public_id}/passages/1"  # 1 of 6: saving it is an upsert
        answers = "&".join(f"statement-{n}={LABELS[(i + n) % 3]}" for n in s.first_passage)
        lines["passage page"].append(f"GET\t{passage}\t{s.cookie}\t")
        lines["answer POST"].append(f"POST\t{passage}\t{s.cookie}\tcsrf_token={s.csrf}&{answers}")
        lines["write ceiling"].append(
            f"POST\t/bench/write-ceiling?attempt={s.attempt_id}\t\tcsrf_token={s.csrf}&{answers}")
    return lines


def time_export(server: LiveServer, classroom_id: int, runs: int = 3) -> tuple[float, int]:
    """The grades CSV downloaded as the signed-in teacher: slowest of `runs` after one warm-up,
    and the number of lines."""
    cookie = data.teacher_cookie(server.url, TEACHER_EMAIL, TEACHER_PASSWORD)
    request = urllib.request.Request(f"{server.url}/teacher/classes/{classroom_id}/grades.csv",
                                     headers={"Cookie": cookie})
    times, lines = [], 0
    for _ in range(runs + 1):
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.headers["Content-Type"].startswith("text/csv")
            lines = sum(1 for _ in response)
        times.append(time.perf_counter() - started)
    return max(times[1:]), lines


def export_memory(server: LiveServer, classes: dict[int, int]) -> list[dict[str, float]]:
    """Each class's export measured in a fresh process (see bench/export_memory.py)."""
    rows = []
    for size, classroom_id in classes.items():
        run = subprocess.run(
            [sys.executable, "-m", "bench.export_memory", server.env["DATABASE_URL"],
             str(classroom_id)],
            cwd=ROOT, env=server.env, capture_output=True, text=True, timeout=120, check=True)
        rows.append({"students": size, **json.loads(run.stdout.splitlines()[-1])})
    return rows


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")))
    gunicorn = subprocess.run([str(BIN / "gunicorn"), "--version"], capture_output=True,
                              text=True).stdout.strip()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(len(os.sched_getaffinity(0))), "CPU": model,
        "RAM": f"{kib / 1024**2:.1f} GiB", "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version, "gunicorn": gunicorn.split()[-1].strip(")"),
        "wrk": (wrk_version.split() or ["?", "?"])[1],
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def verdicts(loads: dict[str, Load], export_s: float,
             memory: list[dict[str, float]]) -> list[tuple[str, str, bool]]:
    bare, page, post, ceiling = (loads[k] for k in ("bare", "passage page", "answer POST",
                                                    "write ceiling"))
    smallest, largest = memory[0], memory[-1]
    growth = largest["heap_peak_bytes"] / smallest["heap_peak_bytes"]
    return [
        ("passage page ≥ 0.25 × bare req/s", f"{page.rps / bare.rps:.3f}",
         page.rps >= 0.25 * bare.rps),
        ("answer POST ≥ 0.08 × bare req/s", f"{post.rps / bare.rps:.3f}",
         post.rps >= 0.08 * bare.rps),
        ("answer POST ≥ 0.5 × write ceiling req/s", f"{post.rps / ceiling.rps:.3f}",
         post.rps >= 0.5 * ceiling.rps),
        ("passage page p99 < 50 ms", f"{page.p99_ms:.1f} ms", page.p99_ms < 50),
        ("answer POST p99 < 50 ms", f"{post.p99_ms:.1f} ms", post.p99_ms < 50),
        ("zero errors (all four loads)", str(sum(x.errors for x in loads.values())),
         all(x.errors == 0 for x in loads.values())),
        (f"grades export, {EXPORT_TIMED} students × 10 assignments < 2 s",
         f"{export_s:.2f} s", export_s < 2),
        (f"export peak memory flat ({smallest['students']}→{largest['students']} students: "
         "heap peak within +25%)", f"×{growth:.2f}", growth <= 1.25),
    ]


def tables(info: dict[str, str], loads: dict[str, Load], export: tuple[float, int],
           memory: list[dict[str, float]], checks: list[tuple[str, str, bool]]) -> str:
    bare, ceiling = loads["bare"].rps, loads["write ceiling"].rps
    out = ["| " + " | ".join(info) + " |", "|" + " --- |" * len(info),
           "| " + " | ".join(info.values()) + " |", "",
           f"wrk, {CONNECTIONS} connections, {DURATION} s per load in {ROUNDS} rounds taken "
           f"in turn, after a {WARM_UP} s warm-up; p50 the rounds' mean, p99 the worst round's; "
           f"gunicorn, 2 sync workers; SQLite (WAL); {STUDENTS} students' cookies in turn.", "",
           "| load | req/s | p50 ms | p99 ms | errors | ÷ bare | ÷ write ceiling "
           "| 1 connection: p50 ms | p99 ms |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for load in loads.values():
        vs_ceiling = f"{load.rps / ceiling:.2f}" if load.name == "answer POST" else ""
        out.append(f"| {load.name} | {load.rps:.0f} | {load.p50_ms:.1f} | {load.p99_ms:.1f} | "
                   f"{load.errors} | {load.rps / bare:.3f} | {vs_ceiling} "
                   f"| {load.alone_p50_ms:.1f} | {load.alone_p99_ms:.1f} |")
    out += ["", f"Grades CSV over HTTP, {EXPORT_TIMED} students × 10 assignments, signed in: "
            f"{export[0]:.2f} s (slowest of 3 after a warm-up), {export[1]} lines.", "",
            "| students | rows | CSV | export time | Python heap peak | RSS rise |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for m in memory:
        out.append(f"| {m['students']} | {m['rows']} | {m['bytes'] / 1024:.0f} KiB | "
                   f"{m['seconds']:.2f} s | {m['heap_peak_bytes'] / 1024:.0f} KiB | "
                   f"{m['rss_growth_bytes'] / 1024:.0f} KiB |")
    out += ["", "| target | measured | met |", "| --- | ---: | --- |"]
    out += [f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in checks]
    return "\n".join(out)


def write_results(table: str) -> None:
    kept = ""
    if RESULTS.exists() and KEEP_BELOW in RESULTS.read_text():
        kept = RESULTS.read_text().split(KEEP_BELOW, 1)[1]
    RESULTS.write_text("# Benchmark results\n\nWritten by `bench/run.py` (`make bench`); the "
                       "notes at the end are kept when it runs again.\n\n"
                       f"{table}\n\n{KEEP_BELOW}{kept or chr(10)}")


def drafting_only() -> int:
    """`bench/run.py drafting`: that part alone, its table replaced in bench/results.md."""
    timings = drafting.measure()
    table = drafting.table(timings)
    print(table)
    results = RESULTS.read_text() if RESULTS.exists() else KEEP_BELOW
    written, kept = results.split(KEEP_BELOW, 1) if KEEP_BELOW in results else (results, "")
    if drafting.TITLE in written:  # it is the last table of the part bench/run.py writes
        written = written[:written.index(drafting.TITLE)]
    RESULTS.write_text(f"{written.rstrip()}\n\n{table}\n\n{KEEP_BELOW}{kept}")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 0 if drafting.met(timings) else 1


def main() -> int:
    if sys.argv[1:] == ["drafting"]:
        return drafting_only()
    if not (BIN / "gunicorn").exists():
        sys.exit(f"no gunicorn in {BIN}: run with the project's venv (make bench)")
    ensure_wrk()
    info = machine()
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as tmp:
        workdir = Path(tmp)
        server = LiveServer(workdir, workers=2, app="bench.app:create_bench_app()").prepare()
        print(f"building {sum(EXPORT_SIZES)} students × 10 assignments ...", flush=True)
        classes = data.build_classes(server.env["DATABASE_URL"], TEACHER_EMAIL, EXPORT_SIZES)
        server.start()
        try:
            students = data.practice_students(server.url, workdir / "quiz.sqlite", STUDENTS)
            loads = measure_loads(server.url, request_lines(students), workdir)
            print("grades export ...", flush=True)
            export = time_export(server, classes[EXPORT_TIMED])
            memory = export_memory(server, classes)
        finally:
            server.stop()
        log = server.log.read_text(errors="replace")
    checks = verdicts(loads, export[0], memory)
    print("worst-case check/preview/publish/roster time (bench/hostile.py) ...", flush=True)
    worst = hostile.measure()
    checks.append(hostile.verdict(worst))
    print("drafting a 2,000-word article and its review page (bench/drafting.py) ...",
          flush=True)
    drafts = drafting.measure()
    checks.append(drafting.verdict(drafts))
    if "Traceback" in log or "database is locked" in log:
        print(log[-3000:])
        checks.append(("no error in the server log", "see above", False))
    table = (tables(info, loads, export, memory, checks) + "\n\n" + hostile.table(worst)
             + "\n\n" + drafting.table(drafts))
    print(table)
    write_results(table)
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 0 if all(ok for _, _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
