"""A real server for browser, rush and benchmark runs: gunicorn serving the app on loopback.

Each server gets its own SQLite database (or the given DATABASE_URL), set up the way
`make run` does it: `flask init`, the questions in questions/ imported, and a teacher account.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TEACHER_EMAIL = "teacher@school.example"
TEACHER_PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """gunicorn with `workers` sync workers; `start()`, `kill()` (SIGKILL) and `stop()`."""

    def __init__(self, workdir: Path, workers: int = 2, database_url: str | None = None,
                 app: str = "quiz:create_app()", threads: int = 1) -> None:
        self.workdir = workdir
        self.workers, self.threads, self.app = workers, threads, app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url or f"sqlite:///{workdir / 'quiz.sqlite'}",
            "QUIZ_SECRET_KEY": "live-server-test-key",
            "PYTHONPATH": str(ROOT),
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.log = workdir / "gunicorn.log"

    def flask(self, *args: str, **kwargs) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(BIN / "flask"), "--app", "quiz", *args], cwd=ROOT,
                              env=self.env, check=True, capture_output=True, text=True,
                              **kwargs)

    def prepare(self) -> LiveServer:
        """Schema, the shared question sets and a teacher, as `make run` would."""
        self.flask("init")
        self.flask("questions", "import", str(ROOT / "questions"))
        self.flask("teachers", "create", TEACHER_EMAIL, "--password", TEACHER_PASSWORD)
        return self

    def start(self, timeout: float = 20) -> LiveServer:
        command = [str(BIN / "gunicorn"), "--workers", str(self.workers), "--threads",
                   str(self.threads), "--bind", f"127.0.0.1:{self.port}",
                   "--graceful-timeout", "2", self.app]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer in {timeout} s")

    def kill(self) -> None:
        """SIGKILL the whole process group: master and workers die mid-request."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None
