"""What the browser tests share: visiting a page, checking its stylesheet, taking screenshots."""

from pathlib import Path

from django.conf import settings

SCREENSHOTS = Path(settings.BASE_DIR) / "test-output" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def visit(page, path: str):
    """Open `path`, wait for it to load, and make sure every violation report has arrived."""
    response = page.goto(path, wait_until="load")
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    page.evaluate("1")
    return response


def assert_stylesheet_applied(page):
    """portal.css (or the admin's CSS) was loaded and has rules: the live server serves static files."""
    loaded = page.evaluate(
        "[...document.styleSheets].some((sheet) => sheet.href && sheet.cssRules.length > 0)"
    )
    assert loaded, f"{page.url}: no stylesheet was applied"


def screenshot(page, name: str):
    """Save `name`-phone.png (390 px) and `name`-desktop.png (1280 px) under test-output/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)
