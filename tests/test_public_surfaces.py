"""Every public surface at once: published records that point to unpublished ones (a published study tour
of a draft programme, an adoption inspired by a draft tour, a published practice presented at a draft
tour…) and participants at every activity. Crawled as an anonymous visitor, in both languages, no page,
CSV, sitemap, feed or API answer shows an unpublished record's title or slug, or a participant's name or
email; and none is a server error. The targeted tests of each page say how each is shown instead."""

import re

import pytest

from partners.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
SECRET = "withheld"  # in every unpublished record's title and slug, and every participant's name and email
SECTIONS = ("pages", "programmes", "study-tours", "events", "practices", "countries", "agencies")


@pytest.fixture
def records():
    owner = factories.AgencyFactory(slug="owner-agency")
    draft = factories.ProgrammeFactory(
        owner=owner, title=f"{SECRET} programme", slug=f"{SECRET}-programme", publication_status=DRAFT
    )
    programme = factories.ProgrammeFactory(owner=owner, title="Public programme", slug="public-programme")

    def activity(factory, programme, slug, status=PublicationStatus.PUBLISHED):
        title = slug.replace("-", " ")
        return factory(owner=owner, programme=programme, title=title, slug=slug, publication_status=status)

    draft_tours = [
        activity(factories.StudyTourFactory, programme, f"{SECRET}-tour", DRAFT),
        activity(factories.StudyTourFactory, draft, f"{SECRET}-tour-of-a-draft", DRAFT),
    ]
    tours = [
        activity(factories.StudyTourFactory, draft, "tour-of-a-draft-programme"),
        activity(factories.StudyTourFactory, programme, "public-tour"),
        activity(factories.EventFactory, draft, "event-of-a-draft-programme"),
    ]
    draft_practice = factories.PracticeFactory(
        owner=owner, title=f"{SECRET} practice", slug=f"{SECRET}-practice", publication_status=DRAFT
    )
    practice = factories.PracticeFactory(owner=owner, title="Public practice", slug="public-practice")
    practice.presented_at.add(*draft_tours, *tours)
    draft_practice.presented_at.add(*tours)
    factories.PolicyAdoptionFactory(owner=owner, practice=practice, activity=draft_tours[0], programme=draft)
    factories.PolicyAdoptionFactory(
        owner=owner, practice=draft_practice, activity=tours[1], programme=programme
    )
    factories.PolicyAdoptionFactory(
        owner=owner,
        practice=practice,
        activity=draft_tours[1],
        adopting_country=factories.country("GTM"),
        publication_status=DRAFT,
    )
    for number, taken in enumerate([*draft_tours, *tours]):
        participation = factories.ParticipationFactory(
            owner=owner,
            activity=taken,
            participant__name=f"{SECRET} person {number}",
            participant__email=f"{SECRET}.{number}@example.org",
        )
        factories.FollowUpResponseFactory(owner=owner, participation=participation)
    return owner


def public_paths(client, owner):
    """The public pages (both languages), their CSVs and sitemaps, and the API's anonymous answers."""
    pages = [
        "/",
        "/programmes/",
        "/study-tours/",
        "/events/",
        "/countries/",
        "/agencies/",
        "/adoptions/",
        "/impact/",
        "/search/?q=tour",
        "/search/?q=practice",
        "/countries/col/",
        "/countries/mys/",
        "/countries/cri/",
        "/countries/slv/",
        f"/agencies/{owner.slug}/",
        "/programmes/public-programme/",
        "/study-tours/public-tour/",
        "/study-tours/tour-of-a-draft-programme/",
        "/events/event-of-a-draft-programme/",
        "/practices/public-practice/",
        "/adoptions/?programme=public-programme",
    ]
    tables = re.findall(r"/impact/([a-z-]+)\.csv", client.get("/impact/").content.decode())
    pages += [f"/impact/{table}.csv" for table in tables]
    pages += [f"/es{path}" for path in pages]
    pages += ["/sitemap.xml", "/robots.txt", *(f"/sitemap-{section}.xml" for section in SECTIONS)]
    lists = ["programmes", "study-tours", "events", "practices", "adoptions", "agencies", "removals"]
    api = ["/api/v1/", "/api/v1/indicators/", "/api/v1/indicators/reach/"]
    api += [f"/api/v1/{resource}/" for resource in lists]
    api += [f"/api/v1/{resource}/?format=csv" for resource in lists if resource != "removals"]
    api += [
        "/api/v1/programmes/public-programme/",
        "/api/v1/study-tours/public-tour/",
        "/api/v1/study-tours/tour-of-a-draft-programme/",
        "/api/v1/events/event-of-a-draft-programme/",
        "/api/v1/practices/public-practice/",
        "/api/v1/iati/activities.xml",
        "/api/v1/iati/activities/public-programme.xml",
    ]
    api += [f"/api/v1/indicators/follow-up/?by={by}" for by in ("country", "year", "programme", "activity")]
    api += [
        f"/api/v1/indicators/pipeline/?by={by}"
        for by in (
            "adopting_country",
            "origin_country",
            "adopting_region",
            "origin_region",
            "programme",
            "practice",
        )
    ]
    api += [f"/api/v1/indicators/flows/?level={level}" for level in ("country", "region")]
    return pages + api


def test_no_public_surface_shows_an_unpublished_record_or_a_participant(client, settings, records):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    shown = {}
    paths = public_paths(client, records)
    for path in paths:
        response = client.get(path)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        text = content.decode().lower()
        if response.status_code >= 500 or SECRET in text:
            at = text.find(SECRET)
            shown[path] = (response.status_code, text[max(at - 120, 0) : at + 40])
    assert shown == {}
    assert len(paths) > 90  # the crawl reached every kind of surface
