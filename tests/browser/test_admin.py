"""The admin in a real browser under the strict Content Security Policy: signing in through the form,
the index, changelists, the add and change forms of programmes and study tours (inlines, autocomplete
widgets, calendars), a record's history and the export form work with no policy violation and no script
error."""

from programmes.demo.facts import PROGRAMME_ID
from programmes.models import Programme, StudyTour
from tests.browser.support import assert_stylesheet_applied, screenshot, visit

PASSWORD = "a-long-test-password-1"  # tests/conftest.py's superuser


def sign_in(page, username: str, password: str):
    visit(page, "/admin/login/?next=/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("#login-form [type=submit]").click()
    assert page.url.endswith("/admin/"), page.url


def open_autocomplete(page, field: str, search: str = ""):
    """Open the select2 widget of `field`, optionally type into it, and wait for its results."""
    page.locator(f".field-{field} .select2-selection").first.click()
    if search:
        page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option:not(.loading-results)").first.wait_for()
    page.keyboard.press("Escape")


def add_inline_row(page):
    rows = page.locator(
        ".inline-group tr.form-row:not(.empty-form), "
        ".inline-group div.inline-related:not(.tabular, .empty-form)"
    )
    before = rows.count()
    page.locator(".add-row a").first.click()
    assert rows.count() == before + 1


def open_calendar(page, field: str):
    page.locator(f".field-{field} .date-icon").first.click()
    page.locator(".calendarbox >> visible=true").wait_for()
    page.keyboard.press("Escape")


def test_admin_works_in_the_browser_without_content_security_policy_violations(page, portal_data, superuser):
    programme = Programme.objects.get(external_id=PROGRAMME_ID)
    tour = StudyTour.objects.filter(programme=programme).earliest("pk")
    sign_in(page, "root", PASSWORD)
    assert_stylesheet_applied(page)
    screenshot(page, "admin-index")

    for changelist in ("/admin/programmes/programme/", "/admin/programmes/studytour/"):
        visit(page, changelist)
        assert_stylesheet_applied(page)
        assert page.locator("#result_list tbody tr").count() >= 1, changelist

    visit(page, "/admin/programmes/programme/add/")
    open_autocomplete(page, "themes", "green")
    add_inline_row(page)
    open_calendar(page, "start_date")

    visit(page, f"/admin/programmes/programme/{programme.pk}/change/")
    assert page.locator("#id_title_en").input_value() == programme.title_en
    open_autocomplete(page, "sdgs")
    screenshot(page, "admin-programme-change")

    visit(page, "/admin/programmes/studytour/add/")
    open_autocomplete(page, "host_country", "Colom")
    open_autocomplete(page, "programme")

    visit(page, f"/admin/programmes/studytour/{tour.pk}/change/")
    open_autocomplete(page, "organisers")
    add_inline_row(page)

    # Third-party screens whose templates are overridden to drop inline styles and handlers: the
    # history of a record (django-simple-history) and the export form (django-import-export).
    visit(page, f"/admin/programmes/programme/{programme.pk}/history/")
    visit(page, "/admin/programmes/programme/export/")
    fields = page.locator(".selectable-field-export-row input[type=checkbox]:visible")
    assert fields.count() > 1 and all(field.is_checked() for field in fields.all())
    page.locator("#select-all-toggle").click()
    assert not any(field.is_checked() for field in fields.all())

    assert page.seen.csp_violations() == []
    assert page.seen.console_errors == []
    assert page.seen.failed_requests == []
