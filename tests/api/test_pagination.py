"""Numbered pages with a capped size, and the keyset walk in (updated_at, id) order for sync."""

import datetime

import pytest
from django.utils import timezone

from programmes.models import Programme
from tests import factories

pytestmark = pytest.mark.django_db


def test_pages_hold_25_rows_unless_asked_and_never_more_than_100(client):
    factories.ProgrammeFactory.create_batch(102)
    first = client.get("/api/v1/programmes/").json()
    assert first["count"] == 102
    assert len(first["results"]) == 25
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/programmes/?page=2"

    capped = client.get("/api/v1/programmes/?page_size=500").json()
    assert len(capped["results"]) == 100
    last = client.get("/api/v1/programmes/?page_size=100&page=2").json()
    assert len(last["results"]) == 2
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/programmes/?page_size=100"


def test_a_page_past_the_end_is_a_404(client):
    factories.ProgrammeFactory()
    response = client.get("/api/v1/programmes/?page=3")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def walk(client, url):
    """Yield each page of a walk, following `next`."""
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] is None
        yield body["results"]
        url = body["next"]


def test_the_sync_walk_meets_every_row_once_in_update_order(client):
    programmes = factories.ProgrammeFactory.create_batch(7)
    base = timezone.now() - datetime.timedelta(days=1)
    for number, programme in enumerate(reversed(programmes)):  # several rows share one updated_at
        Programme.objects.filter(pk=programme.pk).update(
            updated_at=base + datetime.timedelta(seconds=number // 2)
        )

    pages = list(walk(client, "/api/v1/programmes/?walk=sync&page_size=2"))

    seen = [row["id"] for page in pages for row in page]
    assert [len(page) for page in pages] == [2, 2, 2, 1]
    expected = Programme.objects.order_by("updated_at", "pk").values_list("pk", flat=True)
    assert seen == list(expected)


def test_a_record_changed_during_the_walk_is_met_again_and_none_is_skipped(client):
    programmes = factories.ProgrammeFactory.create_batch(6)
    base = timezone.now() - datetime.timedelta(days=1)
    for number, programme in enumerate(programmes):
        Programme.objects.filter(pk=programme.pk).update(updated_at=base + datetime.timedelta(minutes=number))

    pages = walk(client, "/api/v1/programmes/?walk=sync&page_size=2")
    seen = [row["id"] for row in next(pages)]
    assert seen == [programmes[0].pk, programmes[1].pk]

    # Meanwhile a partner changes a record already met and one not met yet.
    for changed in (programmes[0], programmes[3]):
        changed.refresh_from_db()
        changed.summary = "Changed during the walk"
        changed.save()
    for page in pages:
        seen += [row["id"] for row in page]

    assert set(seen) == {programme.pk for programme in programmes}
    assert seen[-2:] == [programmes[0].pk, programmes[3].pk]  # changed rows come again, at the end
    assert seen.count(programmes[3].pk) == 1  # moved behind the cursor, met once, not skipped


def test_the_walk_keeps_the_filters_and_works_on_reference_data(client):
    factories.ProgrammeFactory.create_batch(3, modality="triangular")
    factories.ProgrammeFactory.create_batch(2)
    rows = [
        row
        for page in walk(client, "/api/v1/programmes/?walk=sync&page_size=2&modality=triangular")
        for row in page
    ]
    assert len(rows) == 3
    sdgs = [row["number"] for page in walk(client, "/api/v1/sdgs/?walk=sync&page_size=5") for row in page]
    assert sdgs == list(range(1, 18))


def test_pages_of_rows_that_sort_alike_neither_repeat_nor_skip_a_row(client):
    factories.ProgrammeFactory.create_batch(7, title="Same title")
    seen = []
    for number in (1, 2, 3, 4):
        seen += [
            row["id"]
            for row in client.get(f"/api/v1/programmes/?page_size=2&page={number}").json()["results"]
        ]
    assert sorted(seen) == sorted(Programme.objects.values_list("pk", flat=True))
