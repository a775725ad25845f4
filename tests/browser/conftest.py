"""Real-browser fixtures: one gunicorn server and one headless Chromium for the whole session.

Every test gets fresh browser contexts (cookies never leak between tests) and makes its own
classes, so tests do not depend on each other's data. The browser is Debian's Chromium; the
suite is skipped only if it is not installed (`make` installs it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from live_server import TEACHER_EMAIL, TEACHER_PASSWORD, LiveServer
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from .helpers import sign_in

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
HERE = Path(__file__).resolve().parent
TIMEOUT_MS = 10_000  # a local server answers in milliseconds; fail fast, not after 30 s


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"browser tests need Chromium at {CHROMIUM} "
                                   "(apt-get install chromium); it is not installed")
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(HERE):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """gunicorn on its own SQLite database, with the shared sets and a teacher account."""
    server = LiveServer(tmp_path_factory.mktemp("live-server"), workers=2)
    server.prepare().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser, base_url: str) -> Iterator[Callable[..., BrowserContext]]:
    """Make another browser context (another person's browser); all are closed at the end."""
    contexts: list[BrowserContext] = []

    def make(**options) -> BrowserContext:
        context = browser.new_context(base_url=base_url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session")
def teacher_state(browser: Browser, base_url: str) -> dict:
    """The cookies of a teacher signed in once through the login page, to reuse."""
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    sign_in(page, TEACHER_EMAIL, TEACHER_PASSWORD)
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture
def teacher_page(new_context: Callable[..., BrowserContext], teacher_state: dict) -> Page:
    """A page in a browser of its own where the teacher is already signed in."""
    return new_context(storage_state=teacher_state).new_page()


@pytest.fixture
def student_page(new_context: Callable[..., BrowserContext]) -> Callable[..., Page]:
    """`student_page()`: a page in a new, empty browser, as another student would have."""
    return lambda **options: new_context(**options).new_page()
