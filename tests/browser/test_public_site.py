"""A visitor's path through the public site in a real browser: find a programme by region and theme,
open it, follow it to a country, read that page in Spanish. Every page is checked with axe (no serious
or critical accessibility violations), breaks no Content Security Policy rule, loads its stylesheet, and
is saved as a screenshot at phone and desktop widths under test-output/screenshots/."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import AnonymousUser

from partners.models import Agency, Country
from programmes.demo.facts import PROGRAMME_ID
from programmes.models import Programme, StudyTour
from tests.browser.support import DESKTOP, PHONE, assert_stylesheet_applied, screenshot, visit

SERIOUS = {"serious", "critical"}
COUNTRY_PAGE = re.compile(r"/countries/[a-z]{3}/$", re.IGNORECASE)


def switch_language(page, code: str, name: str):
    """Use the language switcher in the page header, whether it offers links, buttons, or a list with
    a submit button."""
    switcher = page.locator(".language-switcher")
    direct = switcher.locator(f"a[lang='{code}'], button[lang='{code}'], input[type=submit][lang='{code}']")
    if not direct.count():
        direct = switcher.get_by_role("link", name=name, exact=True).or_(
            switcher.get_by_role("button", name=name, exact=True)
        )
    with page.expect_navigation(wait_until="load"):
        if direct.count():
            direct.first.click()
        else:
            switcher.locator("select").select_option(code)
            switcher.locator("button, input[type=submit]").first.click()
    page.evaluate("1")


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}) {violation['help']} — "
        + "; ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def test_visitor_finds_a_programme_by_region_and_theme_and_reads_its_country_in_spanish(page, portal_data):
    visit(page, "/")
    assert_stylesheet_applied(page)
    with page.expect_navigation():
        page.locator(".site-nav").get_by_role("link", name="Programmes", exact=True).click()

    # Filter by region and theme with the list's own form.
    form = page.locator("form.filter-form")
    form.locator("select[name=region]").select_option("M49-419")  # Latin America and the Caribbean
    form.locator("select[name=theme]").select_option("green-transition")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "region=M49-419" in page.url and "theme=green-transition" in page.url
    results = page.locator("table.results tbody tr")
    assert results.count() == 1
    programme = Programme.objects.get(external_id=PROGRAMME_ID)
    link = results.get_by_role("link", name=programme.title)

    # Open the programme, then one of the countries it names.
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(programme.get_absolute_url())
    assert programme.title in page.locator("h1").inner_text()
    country_links = [
        link
        for link in page.locator("main a[href*='/countries/']").all()
        if COUNTRY_PAGE.search(link.get_attribute("href"))
    ]
    assert country_links, "the programme page links to no country"
    with page.expect_navigation():
        country_links[0].click()
    country_path = page.url.removeprefix(page.evaluate("location.origin"))
    assert COUNTRY_PAGE.search(country_path)
    country = Country.objects.get(iso3__iexact=country_path.rstrip("/").rsplit("/", 1)[-1])
    assert country.name_en in page.locator("h1").inner_text()

    # The same page in Spanish.
    switch_language(page, "es", "Español")
    assert page.url.endswith(f"/es{country_path}")
    assert page.locator("html").get_attribute("lang") == "es"
    assert country.name_es in page.locator("h1").inner_text()
    assert page.locator(".site-nav").get_by_role("link", name="Programas", exact=True).is_visible()

    assert page.seen.csp_violations() == []
    assert page.seen.console_errors == []
    assert page.seen.failed_requests == []


def test_public_pages_pass_axe_and_the_content_security_policy_at_phone_and_desktop_widths(page, portal_data):
    visitor = AnonymousUser()
    pages = {
        "home": "/",
        "programme-list": "/programmes/",
        "studytour-list": "/study-tours/",
        "event-list": "/events/",
        "country-list": "/countries/",
        "agency-list": "/agencies/",
        "programme-detail": Programme.objects.restrict(visitor, "view").earliest("pk").get_absolute_url(),
        "studytour-detail": StudyTour.objects.restrict(visitor, "view").earliest("pk").get_absolute_url(),
        "country-detail": Country.objects.get(iso3="COL").get_absolute_url(),
        "agency-detail": Agency.objects.get(slug="apc-colombia").get_absolute_url(),
        "impact": "/impact/",  # the charts: funnel, flows (Sankey) and participants by year
        "impact-es": "/es/impact/",
    }
    problems = []
    for name, path in pages.items():
        visit(page, path)
        assert_stylesheet_applied(page)
        problems += serious_violations(page)
        page.set_viewport_size(PHONE)
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            problems.append(f"{path}: wider than a phone's screen ({PHONE['width']} px)")
        page.set_viewport_size(DESKTOP)
        if name == "home":  # the header and navigation wrap differently on a phone
            page.set_viewport_size(PHONE)
            problems += [f"(phone) {problem}" for problem in serious_violations(page)]
            page.set_viewport_size(DESKTOP)
        screenshot(page, name)

    assert problems == [], "\n".join(problems)
    assert page.seen.csp_violations() == []
    assert page.seen.console_errors == []
    assert page.seen.failed_requests == []


def test_inline_code_is_blocked_and_reported_and_axe_reports_a_nameless_button(page):
    """The checks above can fail: an inline script and an inline style added to a page are blocked and
    reported, and axe finds a button with no name."""
    visit(page, "/")
    page.evaluate(
        """() => {
          document.querySelector("main").insertAdjacentHTML(
            "beforeend", '<p id="inline-style" style="color: red">x</p><button type="button"></button>');
          const script = document.createElement("script");
          script.textContent = "document.body.dataset.inlineScriptRan = 'yes'";
          document.body.append(script);
        }"""
    )
    page.wait_for_function("document.querySelector('#inline-style') !== null")
    for _ in range(20):
        if len(page.seen.csp) >= 2:
            break
        page.wait_for_timeout(50)

    directives = {violation["directive"] for violation in page.seen.csp}
    assert directives == {"script-src-elem", "style-src-attr"}
    assert page.locator("body").get_attribute("data-inline-script-ran") is None
    colour = page.evaluate("getComputedStyle(document.querySelector('#inline-style')).color")
    assert colour != "rgb(255, 0, 0)"
    assert any("button-name" in problem for problem in serious_violations(page))
