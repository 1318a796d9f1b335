"""Sync: a partner system that copies the portal with `updated_since` (the keyset walk of every list) and
the removals feed (/api/v1/removals/) from the moment its previous sync started ends with exactly the
records the server shows it — created, changed, deleted and unpublished ones alike — whether anonymous
or with a partner token; and it only ever hears of records it could see."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.models import (
    Country,
    CountryGroup,
    OwnedRecord,
    PartnerSystem,
    PartnerSystemRole,
    PublicationStatus,
)
from partners.permissions import restrict
from partners.services import (
    PUBLISH_RECORD,
    UNPUBLISH_RECORD,
    partner_system_issue_token,
    partner_system_save,
    publication_transition,
    restore_deleted,
)
from programmes.models import Activity, Practice, Programme
from sscportal.api.removals import RESOURCES
from sscportal.api.router import router
from tests import factories
from tests.api.conftest import DRAFT, errors_of, family

pytestmark = pytest.mark.django_db

REMOVALS = "/api/v1/removals/"


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    """A sync makes many requests in a moment; the throttle is tested in test_throttling.py."""
    settings.API_THROTTLE_RATES = {"anon": "100000/minute", "partner": "100000/minute"}


def issue_token(agency, role=PartnerSystemRole.EDITOR):
    system = partner_system_save(
        partner_system=PartnerSystem(agency=agency, name=f"{agency.slug} database", role=role), user=None
    )
    return system.user, partner_system_issue_token(partner_system=system, user=None)[1]


def walk(client, path, params, headers):
    """Every row of a keyset walk, following `next` to the end."""
    response = client.get(path, {**params, "walk": "sync"}, **headers)
    rows = []
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        if not body["next"]:
            return rows
        response = client.get(body["next"], **headers)


class PartnerCopy:
    """What a partner system keeps: its copy of each owned resource, {resource: {id: record}}."""

    def __init__(self, client, token=None):
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
        self.records = {resource: {} for resource in RESOURCES}
        self.removals = []

    def sync(self, since=None):
        """Walk each list (changed since `since`, or all) and upsert; then walk the removals feed and
        delete. Returns the moment this sync started, to pass as `since` next time."""
        started = timezone.now()
        params = {"updated_since": since.isoformat()} if since else {}
        for resource in RESOURCES:
            for row in walk(self.client, f"/api/v1/{resource}/", {**params, "page_size": 3}, self.headers):
                self.records[resource][row["id"]] = row
        if since:
            self.removals = walk(self.client, REMOVALS, {**params, "page_size": 2}, self.headers)
            for removal in self.removals:
                self.records[removal["resource"]].pop(removal["id"], None)
        return started

    def ids(self):
        return {resource: set(records) for resource, records in self.records.items()}

    def removed(self):
        return {(removal["resource"], removal["id"]): removal["reason"] for removal in self.removals}


def visible_ids(user):
    """What the server shows `user` now, by THE rule itself (not through the API)."""
    return {
        resource: set(restrict(model._default_manager.all(), user).values_list("pk", flat=True))
        for resource, model in RESOURCES.items()
    }


def unpublish(record, reviewer):
    return publication_transition(record=record, transition=UNPUBLISH_RECORD, user=reviewer)


def publish(record, reviewer):
    return publication_transition(record=record, transition=PUBLISH_RECORD, user=reviewer)


def test_a_client_syncing_from_a_saved_moment_ends_with_exactly_what_the_server_shows_it(
    client, agency_a, agency_b
):
    a_pub, a_draft = family(agency_a, tag="a-pub"), family(agency_a, DRAFT, tag="a-draft")
    b_pub, b_draft = family(agency_b, tag="b-pub"), family(agency_b, DRAFT, tag="b-draft")
    a_user, a_token = issue_token(agency_a)
    b_user, b_token = issue_token(agency_b)
    reviewer_a = factories.agency_user("reviewer", agency_a)
    reviewer_b = factories.agency_user("reviewer", agency_b)
    copies = {
        "anonymous": (PartnerCopy(client), AnonymousUser()),
        "token of A": (PartnerCopy(client, a_token), a_user),
        "token of B": (PartnerCopy(client, b_token), b_user),
    }
    started = {name: copy.sync() for name, (copy, user) in copies.items()}
    for copy, user in copies.values():
        assert copy.ids() == visible_ids(user)

    ids = {
        tag: {key: record.pk for key, record in records.items()}
        for tag, records in (("a_pub", a_pub), ("a_draft", a_draft), ("b_pub", b_pub), ("b_draft", b_draft))
    }

    # Created: a published programme of A, a draft practice of A, a participation of B.
    new_programme = factories.ProgrammeFactory(owner=agency_a, publication_status=PublicationStatus.PUBLISHED)
    new_practice = factories.PracticeFactory(owner=agency_a, publication_status=DRAFT)
    new_participation = factories.ParticipationFactory(owner=agency_b, activity=b_pub["tour"])
    # Changed: a published programme and a draft event.
    a_pub["programme"].summary = "Changed after the first sync"
    a_pub["programme"].save()
    b_draft["event"].title = "Renamed draft event"
    b_draft["event"].save()
    # Deleted: published records, a draft of B, personal data of A (a participation takes its
    # follow-up with it).
    a_pub["adoption"].delete()
    a_pub["event"].delete()
    b_draft["adoption"].delete()
    a_pub["follow_up"].delete()
    a_draft["participation"].delete()
    # Unpublished: a published practice of A; a published tour of A, then deleted (with its
    # participation).
    unpublish(a_pub["practice"], reviewer_a)
    unpublish(a_pub["tour"], reviewer_a).delete()
    # Published: a draft tour of A. Published and unpublished again: a new programme of B.
    publish(a_draft["tour"], reviewer_a)
    flicker = factories.ProgrammeFactory(owner=agency_b, publication_status=DRAFT)
    unpublish(publish(flicker, reviewer_b), reviewer_b)
    # Deleted and restored; unpublished and published again: nobody needs to hear of them.
    b_pub["event"].delete()
    restore_deleted(Activity.history.get(id=ids["b_pub"]["event"], history_type="-"))
    publish(unpublish(b_pub["programme"], reviewer_b), reviewer_b)

    for name, (copy, user) in copies.items():
        copy.sync(since=started[name])
        assert copy.ids() == visible_ids(user), name

    anonymous, a_copy, b_copy = (copy.removed() for copy, _user in copies.values())
    a_pub, a_draft, b_draft = ids["a_pub"], ids["a_draft"], ids["b_draft"]
    # Anonymous clients hear of records that were published, never of drafts or personal data.
    assert anonymous == {
        ("adoptions", a_pub["adoption"]): "deleted",
        ("events", a_pub["event"]): "deleted",
        ("practices", a_pub["practice"]): "unpublished",
        ("study-tours", a_pub["tour"]): "deleted",
        ("programmes", flicker.pk): "unpublished",
    }
    # A's token still sees its unpublished records (drafts of its own), and its personal data.
    assert a_copy == {
        ("adoptions", a_pub["adoption"]): "deleted",
        ("events", a_pub["event"]): "deleted",
        ("study-tours", a_pub["tour"]): "deleted",
        ("participations", a_pub["participation"]): "deleted",  # with the tour
        ("follow-ups", a_pub["follow_up"]): "deleted",
        ("participations", a_draft["participation"]): "deleted",
        ("follow-ups", a_draft["follow_up"]): "deleted",
        ("programmes", flicker.pk): "unpublished",
    }
    # B's token hears of A's published records and of its own draft, not of A's personal data.
    assert b_copy == {
        ("adoptions", a_pub["adoption"]): "deleted",
        ("events", a_pub["event"]): "deleted",
        ("practices", a_pub["practice"]): "unpublished",
        ("study-tours", a_pub["tour"]): "deleted",
        ("adoptions", b_draft["adoption"]): "deleted",
    }
    # The creations and changes came through updated_since.
    records = {name: copy.records for name, (copy, _user) in copies.items()}
    assert (
        records["token of A"]["programmes"][a_pub["programme"]]["summary"] == "Changed after the first sync"
    )
    assert records["token of B"]["events"][b_draft["event"]]["title"] == "Renamed draft event"
    assert new_programme.pk in records["anonymous"]["programmes"]
    assert new_practice.pk in records["token of A"]["practices"]
    assert new_practice.pk not in records["token of B"]["practices"]
    assert new_participation.pk in records["token of B"]["participations"]


def server_records(client, token=None):
    """Every record the server shows this client now, whole, as a fresh copy reads them."""
    fresh = PartnerCopy(client, token)
    fresh.sync()
    return fresh.records


def test_a_copy_stays_exact_when_a_change_comes_through_a_related_record(client, agency_a, agency_b):
    """What a record shows of another (an activity's programme, null while the client may not view it; an
    adoption, listed only while its practice may be viewed; a participation's participant) changes with
    that other record: the copy reads the changed records again through updated_since, and hears of the
    adoptions that left its view with their practice through the removals feed."""
    a_pub = family(agency_a, tag="a-pub")
    reviewer_a = factories.agency_user("reviewer", agency_a)
    draft_programme = factories.ProgrammeFactory(owner=agency_a, publication_status=DRAFT, slug="draft-prog")
    tour_of_draft = factories.StudyTourFactory(
        owner=agency_a, programme=draft_programme, publication_status=PublicationStatus.PUBLISHED
    )
    draft_practice = factories.PracticeFactory(owner=agency_a, publication_status=DRAFT)
    never_seen = factories.PolicyAdoptionFactory(
        owner=agency_a, practice=draft_practice, publication_status=PublicationStatus.PUBLISHED
    )
    _a_user, a_token = issue_token(agency_a)
    _b_user, b_token = issue_token(agency_b)
    copies = {"anonymous": PartnerCopy(client), "token of A": PartnerCopy(client, a_token)}
    copies["token of B"] = PartnerCopy(client, b_token)
    started = {name: copy.sync() for name, copy in copies.items()}
    assert copies["anonymous"].records["study-tours"][tour_of_draft.pk]["programme"] is None

    publish(draft_programme, reviewer_a)  # its tour now names it
    unpublish(a_pub["practice"], reviewer_a)  # its adoption leaves the public's view
    unpublish(a_pub["programme"], reviewer_a)  # its tour and event no longer name it
    tour = Activity.objects.get(pk=a_pub["tour"].pk)
    tour.slug = "renamed-tour"  # the adoption, participation and follow-up name it by its slug
    tour.save()
    participant = a_pub["participation"].participant
    participant.email = "new.address@example.org"  # the participation shows its participant
    participant.save()

    tokens = {"anonymous": None, "token of A": a_token, "token of B": b_token}
    for name, copy in copies.items():
        started[name] = copy.sync(since=started[name])
        assert copy.records == server_records(client, tokens[name]), name
    anonymous = copies["anonymous"]
    assert anonymous.records["study-tours"][tour_of_draft.pk]["programme"] == "draft-prog"
    assert anonymous.records["study-tours"][a_pub["tour"].pk]["programme"] is None
    assert anonymous.removed() == {
        ("practices", a_pub["practice"].pk): "unpublished",
        ("programmes", a_pub["programme"].pk): "unpublished",
        ("adoptions", a_pub["adoption"].pk): "unpublished",  # with its practice
    }
    assert copies["token of B"].removed() == anonymous.removed()
    assert copies["token of A"].removed() == {}  # A still sees its own drafts
    own = copies["token of A"].records
    assert own["participations"][a_pub["participation"].pk]["activity"] == "renamed-tour"
    assert own["participations"][a_pub["participation"].pk]["participant"]["email"] == participant.email
    assert own["follow-ups"][a_pub["follow_up"].pk]["activity"] == "renamed-tour"
    assert ("adoptions", never_seen.pk) not in anonymous.removed()  # its practice was never published

    # The practice published again: its adoption comes back through updated_since, and is no removal.
    publish(Practice.objects.get(pk=a_pub["practice"].pk), reviewer_a)
    for name, copy in copies.items():
        copy.sync(since=started[name])
        assert copy.records == server_records(client, tokens[name]), name
    assert a_pub["adoption"].pk in anonymous.records["adoptions"]
    assert ("adoptions", a_pub["adoption"].pk) not in anonymous.removed()


def test_renamed_reference_data_reaches_the_records_that_show_it(client, agency_a):
    """Records show agencies, themes and frameworks by slug and countries by ISO code: a renamed one
    renews every record that shows it, owned records by their owner above all."""
    a_pub = family(agency_a, tag="a-pub")
    framework = CountryGroup.objects.get(code="FEALAC")
    Programme.objects.filter(pk=a_pub["programme"].pk).update(framework=framework)
    _a_user, a_token = issue_token(agency_a)
    copies = {None: PartnerCopy(client), a_token: PartnerCopy(client, a_token)}
    started = {token: copy.sync() for token, copy in copies.items()}

    agency_a.slug = "apc-renamed"  # owner of every record, partner, organiser
    agency_a.save()
    theme = a_pub["programme"].themes.get()
    theme.slug = "renamed-theme"
    theme.save()
    framework.slug = "fealac-renamed"
    framework.save()
    colombia = Country.objects.get(iso3="COL")  # the tour's host and the adoption's adopting country
    colombia.iso3 = "CXL"
    colombia.save()

    for token, copy in copies.items():
        copy.sync(since=started[token])
        assert copy.records == server_records(client, token)
    programme = copies[a_token].records["programmes"][a_pub["programme"].pk]
    assert programme["owner"] == "apc-renamed" and programme["framework"] == "fealac-renamed"
    assert programme["themes"] == ["renamed-theme"]
    assert copies[a_token].records["follow-ups"][a_pub["follow_up"].pk]["owner"] == "apc-renamed"
    assert copies[None].records["study-tours"][a_pub["tour"].pk]["host_country"] == "CXL"


def test_an_adoption_leaves_with_its_practice_only_if_it_was_in_view_then(client, agency_a):
    reviewer = factories.agency_user("reviewer", agency_a)
    practice = factories.PracticeFactory(owner=agency_a, publication_status=PublicationStatus.PUBLISHED)
    seen = factories.PolicyAdoptionFactory(
        owner=agency_a, practice=practice, publication_status=PublicationStatus.PUBLISHED
    )
    unseen = factories.PolicyAdoptionFactory(
        owner=agency_a, practice=practice, adopting_country=factories.country("PHL"), publication_status=DRAFT
    )
    since = timezone.now()
    unpublish(practice, reviewer)
    publish(unseen, reviewer)  # published while its practice is out of view: the public never saw it

    results = client.get(REMOVALS, {"updated_since": since.isoformat()}).json()["results"]
    assert {(row["resource"], row["id"]) for row in results} == {
        ("practices", practice.pk),
        ("adoptions", seen.pk),
    }
    practice_left = next(row for row in results if row["resource"] == "practices")["removed_at"]
    assert next(row for row in results if row["resource"] == "adoptions")["removed_at"] == practice_left


def test_a_record_saved_without_a_change_others_show_leaves_them_as_they_were(agency_a):
    """Only a change to what other records show of it renews them: a programme's summary does not."""
    a_pub = family(agency_a, tag="a-pub")
    before = Activity.objects.get(pk=a_pub["tour"].pk).updated_at
    programme = Programme.objects.get(pk=a_pub["programme"].pk)
    programme.summary = "Another summary"
    with CaptureQueriesContext(connection) as queries:
        programme.save()
    assert not [query for query in queries if "programmes_activity" in query["sql"]]
    assert Activity.objects.get(pk=a_pub["tour"].pk).updated_at == before

    programme.slug = "another-slug"
    with CaptureQueriesContext(connection) as queries:
        programme.save()
    renewals = [
        query for query in queries if query["sql"].startswith("UPDATE") and "updated_at" in query["sql"]
    ]
    assert len(renewals) == 1 + len(Programme.shown_in)  # the programme, then one UPDATE per kind of record
    assert Activity.objects.get(pk=a_pub["tour"].pk).updated_at > before


def test_each_removal_names_its_record_owner_moment_and_reason(client, agency_a):
    practice = factories.PracticeFactory(
        owner=agency_a, publication_status=PublicationStatus.PUBLISHED, slug="coffee", external_id="P-7"
    )
    since = timezone.now()
    practice_id = practice.pk
    practice.delete()
    deleted_at = Practice.history.get(id=practice_id, history_type="-").history_date

    body = client.get(REMOVALS, {"updated_since": since.isoformat()}).json()

    assert body["count"] == 1
    assert body["results"] == [
        {
            "resource": "practices",
            "id": practice_id,
            "slug": "coffee",
            "external_id": "P-7",
            "owner": "apc-colombia",
            "removed_at": deleted_at.isoformat().replace("+00:00", "Z"),
            "reason": "deleted",
        }
    ]


def test_updated_since_is_inclusive_and_leaves_out_earlier_removals(client, agency_a):
    first, second = factories.ProgrammeFactory.create_batch(
        2, owner=agency_a, publication_status=PublicationStatus.PUBLISHED
    )
    first.delete()
    between = timezone.now()
    second_id = second.pk
    second.delete()
    deleted_at = Programme.history.get(id=second_id, history_type="-").history_date

    def listed(moment):
        body = client.get(REMOVALS, {"updated_since": moment.isoformat()}).json()
        return [row["id"] for row in body["results"]]

    assert listed(between) == [second_id]
    assert listed(deleted_at) == [second_id]
    assert len(client.get(REMOVALS).json()["results"]) == 2  # no updated_since: every removal


def test_a_record_deleted_and_restored_or_unpublished_and_republished_is_not_listed(client, agency_a):
    reviewer = factories.agency_user("reviewer", agency_a)
    practice = factories.PracticeFactory(owner=agency_a, publication_status=PublicationStatus.PUBLISHED)
    programme = factories.ProgrammeFactory(owner=agency_a, publication_status=PublicationStatus.PUBLISHED)
    practice_id = practice.pk
    practice.delete()
    programme = unpublish(programme, reviewer)
    assert len(client.get(REMOVALS).json()["results"]) == 2

    restore_deleted(Practice.history.get(id=practice_id, history_type="-"))
    publish(programme, reviewer)

    assert client.get(REMOVALS).json()["results"] == []
    # Gone again: listed again, once, with its last departure.
    Practice.objects.get(pk=practice_id).delete()
    results = client.get(REMOVALS).json()["results"]
    deleted_again = Practice.history.filter(id=practice_id, history_type="-").latest().history_date
    assert [(row["id"], row["removed_at"]) for row in results] == [
        (practice_id, deleted_again.isoformat().replace("+00:00", "Z"))
    ]


def test_a_draft_deleted_is_news_only_to_its_agency(client, agency_a, agency_b):
    draft = factories.PracticeFactory(owner=agency_a, publication_status=DRAFT)
    participation = factories.ParticipationFactory(owner=agency_a)  # personal data, "published" or not
    draft.delete()
    participation.delete()
    _a_user, a_token = issue_token(agency_a)
    _b_user, b_token = issue_token(agency_b)

    def resources(token=None):
        headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
        return sorted(row["resource"] for row in client.get(REMOVALS, **headers).json()["results"])

    assert resources() == []
    assert resources(b_token) == []
    assert resources(a_token) == ["participations", "practices"]
    client.force_login(factories.agency_user("administrator"))
    assert resources() == ["participations", "practices"]


def test_the_walk_and_the_numbered_pages_meet_each_removal_once_in_order(client, agency_a):
    programmes = factories.ProgrammeFactory.create_batch(
        5, owner=agency_a, publication_status=PublicationStatus.PUBLISHED
    )
    practices = factories.PracticeFactory.create_batch(
        2, owner=agency_a, publication_status=PublicationStatus.PUBLISHED
    )
    for record in [*programmes, *practices]:
        record.delete()

    walked = walk(client, REMOVALS, {"page_size": 2}, {})
    first = client.get(REMOVALS, {"page_size": 4}).json()
    second = client.get(first["next"]).json()

    expected = sorted(
        (version.history_date, version.id)
        for model in (Programme, Practice)
        for version in model.history.filter(history_type="-")
    )
    assert [row["id"] for row in walked] == [pk for _moment, pk in expected]
    assert first["count"] == 7
    assert [row["id"] for row in first["results"] + second["results"]] == [pk for _moment, pk in expected]
    assert client.get(REMOVALS, {"page": 3, "page_size": 4}).status_code == 404


def test_a_removal_during_the_walk_is_met_at_its_end(client, agency_a):
    programmes = factories.ProgrammeFactory.create_batch(
        3, owner=agency_a, publication_status=PublicationStatus.PUBLISHED
    )
    ids = [programme.pk for programme in programmes]
    programmes[0].delete()
    programmes[1].delete()
    page = client.get(REMOVALS, {"walk": "sync", "page_size": 1}).json()
    seen = [row["id"] for row in page["results"]]
    programmes[2].delete()
    while page["next"]:  # the walk goes on from its cursor
        page = client.get(page["next"]).json()
        seen += [row["id"] for row in page["results"]]
    assert seen == ids


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"walk": "backwards"}, "walk"),
        ({"page_size": "0"}, "page_size"),
    ],
)
def test_bad_parameters_are_400s_naming_them(client, params, field):
    response = client.get(REMOVALS, params)
    assert response.status_code == 400
    assert field in errors_of(response)


@pytest.mark.parametrize("output", [{}, {"walk": "sync"}])
def test_a_page_of_removals_costs_the_same_queries_for_2_rows_as_for_6(client, agency_a, output):
    client.force_login(factories.agency_user("editor", agency_a))  # personal data too

    def delete_family(tag):
        records = family(agency_a, tag=tag)
        records["adoption"].delete()
        records["follow_up"].delete()

    delete_family("first")
    with CaptureQueriesContext(connection) as few:
        body = client.get(REMOVALS, {**output, "page_size": 6}).json()
    assert len(body["results"]) == 2
    for number in range(3):
        delete_family(f"more-{number}")
    with CaptureQueriesContext(connection) as many:
        body = client.get(REMOVALS, {**output, "page_size": 6}).json()
    assert len(body["results"]) == 6
    assert len(many) == len(few)


def test_the_csv_export_lists_every_removal(client, agency_a):
    practice = factories.PracticeFactory(
        owner=agency_a, publication_status=PublicationStatus.PUBLISHED, slug="coffee"
    )
    practice_id = practice.pk
    practice.delete()
    response = client.get(REMOVALS, {"format": "csv"})
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "resource,id,slug,external_id,owner,removed_at,reason"
    assert lines[1].startswith(f"practices,{practice_id},coffee,,apc-colombia,")
    assert lines[1].endswith(",deleted")


def test_the_feed_covers_every_resource_agencies_own():
    owned = {}
    for prefix, viewset, _basename in router.registry:
        serializer = getattr(viewset, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        if model is not None and issubclass(model, OwnedRecord):
            owned[prefix] = model._meta.concrete_model
    assert owned == {prefix: model._meta.concrete_model for prefix, model in RESOURCES.items()}


def test_the_schema_documents_the_feed(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"][REMOVALS]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"updated_since", "page", "page_size", "walk", "cursor"} <= names
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    item = schema["components"]["schemas"][page]["properties"]["results"]["items"]["$ref"].rsplit("/", 1)[1]
    assert set(schema["components"]["schemas"][item]["properties"]) == {
        "resource",
        "id",
        "slug",
        "external_id",
        "owner",
        "removed_at",
        "reason",
    }
