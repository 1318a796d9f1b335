"""Records for the API tests: one published record of each kind, and a draft of each of agency B's."""

import datetime

import pytest

from partners.models import PublicationStatus
from programmes.models import SustainableDevelopmentGoal, Theme
from tests import factories

DRAFT = PublicationStatus.DRAFT


@pytest.fixture
def agency_a():
    return factories.AgencyFactory(slug="apc-colombia", name="APC Colombia", acronym="APC")


@pytest.fixture
def agency_b():
    return factories.AgencyFactory(
        slug="tica", name="Thailand International Cooperation Agency", acronym="TICA"
    )


def family(owner, status=PublicationStatus.PUBLISHED, tag="published"):
    """A programme with a partner, theme and SDG, a study tour, an event, a practice, an adoption with
    its stage history, a participation and a follow-up, all owned by `owner` with `status`."""
    programme = factories.ProgrammeFactory(
        owner=owner, publication_status=status, slug=f"{tag}-programme", title=f"{tag} programme"
    )
    programme.themes.add(Theme.objects.order_by("pk").first())
    programme.sdgs.add(SustainableDevelopmentGoal.objects.get(number=8))
    factories.ProgrammePartnerFactory(programme=programme, agency=owner)
    tour = factories.StudyTourFactory(
        owner=owner, programme=programme, publication_status=status, slug=f"{tag}-tour"
    )
    tour.organisers.add(owner)
    event = factories.EventFactory(
        owner=owner, programme=programme, publication_status=status, slug=f"{tag}-event"
    )
    practice = factories.PracticeFactory(owner=owner, publication_status=status, slug=f"{tag}-practice")
    adoption = factories.PolicyAdoptionFactory(
        owner=owner, practice=practice, activity=tour, programme=programme, publication_status=status
    )
    factories.AdoptionStageChangeFactory(
        adoption=adoption, stage="interest", reached_on=datetime.date(2025, 2, 1)
    )
    participation = factories.ParticipationFactory(owner=owner, activity=tour, publication_status=status)
    follow_up = factories.FollowUpResponseFactory(
        owner=owner, participation=participation, publication_status=status
    )
    return {
        "programme": programme,
        "tour": tour,
        "event": event,
        "practice": practice,
        "adoption": adoption,
        "participation": participation,
        "follow_up": follow_up,
    }


@pytest.fixture
def published(agency_a):
    return family(agency_a)


@pytest.fixture
def drafts(agency_b):
    return family(agency_b, status=DRAFT, tag="draft")


# Every list resource of /api/v1/ (all but indicators, which is one object).
LIST_RESOURCES = [
    "countries",
    "country-groups",
    "agencies",
    "themes",
    "sdgs",
    "programmes",
    "study-tours",
    "events",
    "practices",
    "adoptions",
    "participations",
    "follow-ups",
]


def errors_of(response):
    """{field: code} of an API error answer."""
    return {error["field"]: error["code"] for error in response.json()["errors"]}


# Writing: partner systems' tokens and requests with them ------------------------------------------


def token_for(agency, role="editor", read_only=False, name=None):
    """The clear token of a new partner system of `agency` with `role` (editor or reviewer)."""
    from partners.models import PartnerSystem
    from partners.services import partner_system_issue_token, partner_system_save

    system = partner_system_save(
        partner_system=PartnerSystem(
            agency=agency, role=role, name=name or f"{role} {'read-only ' if read_only else ''}system"
        ),
        user=None,
    )
    return partner_system_issue_token(partner_system=system, user=None, read_only=read_only)[1]


def send(client, method, path, body=None, token=None, **headers):
    """An API request with a JSON body (any JSON value, or raw text as bytes) and a partner token."""
    import json

    if token:
        headers["Authorization"] = f"Token {token}"
    data = body if isinstance(body, bytes) else None if body is None else json.dumps(body)
    return getattr(client, method.lower())(path, data=data, content_type="application/json", headers=headers)


@pytest.fixture
def editor_a(agency_a):
    return token_for(agency_a, "editor")


@pytest.fixture
def reviewer_a(agency_a):
    return token_for(agency_a, "reviewer")


@pytest.fixture
def editor_b(agency_b):
    return token_for(agency_b, "editor")


def programme_body(**fields):
    """A valid programme as a partner system sends it."""
    return {
        "title": "Green SMEs peer learning",
        "modality": "triangular",
        "start_date": "2026-01-15",
        "themes": [Theme.objects.order_by("pk").first().slug],
        "sdgs": [8, 9],
        "partners": [
            {"agency": "apc-colombia", "role": "lead"},
            {"agency": "tica", "role": "facilitating", "start_date": "2026-02-01"},
        ],
        **fields,
    }
