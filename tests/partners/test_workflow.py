"""The publication workflow: draft → in review → published, back to draft on unpublish; who may move
a record, and who moved it when."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from partners.models import PublicationStatus
from partners.permissions import ADMINISTRATOR, EDITOR, REVIEWER
from partners.services import PUBLISH_RECORD, SUBMIT_FOR_REVIEW, UNPUBLISH_RECORD, publication_transition
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED = (
    PublicationStatus.DRAFT,
    PublicationStatus.IN_REVIEW,
    PublicationStatus.PUBLISHED,
)


@pytest.fixture
def agency():
    return factories.AgencyFactory(slug="apc-colombia")


def test_editor_submits_and_reviewer_publishes_recording_who_and_when(agency):
    editor, reviewer = factories.agency_user("editor", agency), factories.agency_user("reviewer", agency)
    record = factories.ProgrammeFactory(owner=agency, publication_status=DRAFT)
    publication_transition(record=record, transition=SUBMIT_FOR_REVIEW, user=editor)
    assert (record.publication_status, record.submitted_by) == (IN_REVIEW, editor)
    with pytest.raises(PermissionDenied):
        publication_transition(record=record, transition=PUBLISH_RECORD, user=editor)
    publication_transition(record=record, transition=PUBLISH_RECORD, user=reviewer)
    record.refresh_from_db()
    assert (record.publication_status, record.published_by) == (PUBLISHED, reviewer)
    assert record.published_at >= record.submitted_at
    publication_transition(record=record, transition=UNPUBLISH_RECORD, user=reviewer)
    record.refresh_from_db()
    assert record.publication_status == DRAFT


@pytest.mark.parametrize(
    ("transition", "status"),
    [
        (SUBMIT_FOR_REVIEW, IN_REVIEW),
        (SUBMIT_FOR_REVIEW, PUBLISHED),
        (PUBLISH_RECORD, PUBLISHED),
        (UNPUBLISH_RECORD, DRAFT),
    ],
)
def test_a_transition_from_the_wrong_state_is_refused(agency, transition, status):
    reviewer = factories.agency_user("reviewer", agency)
    record = factories.ProgrammeFactory(owner=agency, publication_status=status)
    with pytest.raises(ValidationError):
        publication_transition(record=record, transition=transition, user=reviewer)
    record.refresh_from_db()
    assert record.publication_status == status


def test_staff_of_another_agency_cannot_move_a_record(agency):
    other_reviewer = factories.agency_user("reviewer", factories.AgencyFactory())
    record = factories.ProgrammeFactory(owner=agency, publication_status=IN_REVIEW)
    for transition in (SUBMIT_FOR_REVIEW, PUBLISH_RECORD, UNPUBLISH_RECORD):
        with pytest.raises(PermissionDenied):
            publication_transition(record=record, transition=transition, user=other_reviewer)


def test_administrators_may_publish_any_agencys_record(agency):
    administrator = factories.agency_user("administrator")
    record = factories.PracticeFactory(owner=agency, publication_status=DRAFT)
    publication_transition(record=record, transition=PUBLISH_RECORD, user=administrator)
    assert record.is_published


def test_role_groups_exist_with_their_permissions():
    from django.contrib.auth.models import Group

    editor = Group.objects.get(name=EDITOR)
    codenames = set(editor.permissions.values_list("codename", flat=True))
    assert {"add_programme", "change_studytour", "delete_participant", "view_country"} <= codenames
    assert "change_country" not in codenames and "add_user" not in codenames
    assert set(Group.objects.get(name=REVIEWER).permissions.all()) == set(editor.permissions.all())
    assert Group.objects.get(name=ADMINISTRATOR).permissions.filter(codename="change_country").exists()


def test_add_agency_user_creates_then_updates_a_user(agency):
    out = StringIO()
    call_command(
        "add_agency_user",
        "maria",
        agency="apc-colombia",
        role="editor",
        email="maria@example.org",
        stdout=out,
    )
    password = out.getvalue().split("shown only this once): ")[1].split()[0]
    user = User.objects.get(username="maria")
    assert user.check_password(password) and user.is_staff
    assert [g.name for g in user.groups.all()] == [EDITOR]
    assert [m.agency for m in user.agency_memberships.all()] == [agency]

    again = StringIO()
    call_command("add_agency_user", "maria", agency="apc-colombia", role="reviewer", stdout=again)
    assert "Updated maria" in again.getvalue() and "Password" not in again.getvalue()
    assert [g.name for g in user.groups.all()] == [REVIEWER]
    assert user.agency_memberships.count() == 1
    user.refresh_from_db()
    assert user.check_password(password)


def test_add_agency_user_explains_a_bad_agency_or_email(agency):
    with pytest.raises(CommandError, match="No agency with the slug 'nope'"):
        call_command("add_agency_user", "x", agency="nope", role="editor")
    with pytest.raises(CommandError, match="not a valid email"):
        call_command("add_agency_user", "x", agency="apc-colombia", role="editor", email="not-an-email")
    assert not User.objects.filter(username="x").exists()
