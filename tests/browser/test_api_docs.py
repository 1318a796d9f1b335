"""The API documentation (/api/docs/, Swagger UI from drf-spectacular-sidecar) in a real browser: it
loads its files from the portal, renders the operations, and breaks none of the Content Security
Policy."""

from tests.browser.support import screenshot, visit


def test_api_docs_render_offline_without_content_security_policy_violations(page, portal_data):
    visit(page, "/api/docs/")
    page.locator(".opblock-summary").first.wait_for(timeout=20_000)
    assert page.locator(".opblock-summary").count() > 10  # the API's operations, read from /api/schema/
    page.locator(".opblock-summary").first.click()
    screenshot(page, "api-docs")
    assert page.seen.csp_violations() == []
    assert page.seen.console_errors == []
    assert page.seen.failed_requests == []


def test_api_docs_in_spanish_from_the_public_sites_footer(page, portal_data):
    visit(page, "/es/")
    page.get_by_role("link", name="API para sistemas asociados").click()
    page.get_by_role("heading", name="API de SSC Portal").first.wait_for(timeout=20_000)
    assert page.get_by_text("Registros publicados de la cooperación Sur-Sur y triangular").count() > 0
    screenshot(page, "api-docs-es")
    assert page.seen.csp_violations() == []
    assert page.seen.console_errors == []
    assert page.seen.failed_requests == []
