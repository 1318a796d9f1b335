"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

No `playwright install`: the browser is the system's /usr/bin/chromium (`make browser` installs it as
root). Only when it is missing do these tests skip, and they say why. One browser per test session; each
test gets a fresh context whose page records (in `page.seen`) every Content Security Policy violation,
console error and failed request.
"""

import os
import re
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command

from partners.models import Country
from tests.browser.support import DESKTOP

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Reported to Python by every page, before any of the page's own scripts run (an init script is not
# subject to the page's policy).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation({
    page: document.location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""
CSP_CONSOLE = re.compile(r"Content[- ]Security[- ]Policy", re.IGNORECASE)


@dataclass
class Observations:
    """What the browser saw go wrong: policy violations, console errors, failed requests."""

    csp: list[dict] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def console_message(self, message):
        # Chromium asks for /favicon.ico once per browser, whatever the page says; it is not the page's.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.console_errors.append(message.text)

    def csp_violations(self) -> list:
        return self.csp + [message for message in self.console_errors if CSP_CONSOLE.search(message)]


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM}: `make browser` installs Debian's package when run "
            "as root or with password-less sudo (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    # While Playwright's synchronous API is open, its event loop counts as running in this thread, and
    # Django would refuse the ORM calls the tests make around the browser (loading data, the flush after
    # each test), which are plain synchronous code: allow them for as long as the browser is open.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A page in a fresh context (no cookies) that knows the live server's address."""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    seen = Observations()

    def report_violation(violation):
        seen.csp.append(violation)

    context.expose_function("__reportCspViolation", report_violation)
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.on("console", seen.console_message)
    page.on("pageerror", lambda error: seen.console_errors.append(f"uncaught: {error}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and not response.url.endswith("/favicon.ico")
            and seen.failed_requests.append(f"{response.status} {response.url}")
        ),
    )
    # A request the page itself cancelled (select2 drops a search when the next keystroke starts another)
    # is not a failure.
    page.on(
        "requestfailed",
        lambda request: (
            request.failure != "net::ERR_ABORTED"
            and seen.failed_requests.append(f"{request.failure} {request.url}")
        ),
    )
    page.seen = seen
    yield page
    context.close()


@pytest.fixture
def portal_data(transactional_db):
    """The reference data and the demo data, committed so that the live server's thread sees them.

    A live-server test runs outside a rolled-back transaction and its tables are flushed afterwards, so
    the reference data that tests/conftest.py loads once per session may be gone: load it again then."""
    if not Country.objects.exists():
        call_command("load_reference_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("load_demo_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
