"""API tokens of partner systems: stored only as a hash, shown once, bound to one agency through the
system's account (so THE permission rule applies), expiring, revocable, optionally read-only; issued
and revoked only by portal administrators, in the admin or with `manage.py issue_api_token`."""

import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from knox.crypto import hash_token
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from partners.api_permissions import ReadOnlyScope
from partners.authentication import PartnerTokenAuthentication
from partners.models import (
    AgencyMembership,
    PartnerSystem,
    PartnerSystemRole,
    PartnerToken,
    PublicationStatus,
)
from partners.permissions import PUBLISH, SUBMIT, may
from partners.services import (
    partner_system_issue_token,
    partner_system_revoke,
    partner_system_save,
    partner_token_revoke,
)
from programmes.models import Programme
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


class ProgrammesSeenByToken(APIView):
    """A tiny endpoint of this test module: who the token is and which programmes it may view."""

    authentication_classes = [PartnerTokenAuthentication]
    permission_classes = [IsAuthenticated, ReadOnlyScope]

    def get(self, request):
        titles = Programme.objects.restrict(request.user, "view").values_list("title", flat=True)
        return Response({"username": request.user.username, "programmes": sorted(titles)})

    def post(self, request):
        return Response({"written": True}, status=201)


def error_text(response):
    """The error's messages and codes, whichever error shape the project's exception handler gives."""
    return str(response.data)


def call_api(method, token=None, header=None):
    headers = {"HTTP_AUTHORIZATION": header or f"Token {token}"} if (token or header) else {}
    request = getattr(APIRequestFactory(), method)("/api/test/", **headers)
    return ProgrammesSeenByToken.as_view()(request)


@pytest.fixture
def agencies():
    return factories.AgencyFactory(slug="agency-a"), factories.AgencyFactory(slug="agency-b")


def register(agency, role=PartnerSystemRole.EDITOR, name="Project database"):
    return partner_system_save(partner_system=PartnerSystem(agency=agency, name=name, role=role), user=None)


@pytest.fixture
def system(agencies):
    return register(agencies[0])


def issue(system, **options):
    return partner_system_issue_token(partner_system=system, user=None, **options)


# Storage ------------------------------------------------------------------------------------------


def table_text(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def test_a_token_is_stored_only_as_its_hash_and_a_short_prefix(system):
    token, clear = issue(system)
    stored = PartnerToken.objects.get(pk=token.pk)
    assert stored.digest == hash_token(clear) != clear
    assert clear.startswith(stored.token_key) and len(stored.token_key) < len(clear) / 4
    for table in (PartnerToken._meta.db_table, PartnerToken.history.model._meta.db_table):
        assert clear not in table_text(table)


def test_the_partner_systems_account_is_a_member_of_its_one_agency_with_its_role(agencies):
    system = register(agencies[0], role=PartnerSystemRole.REVIEWER)
    account = system.user
    assert list(account.groups.values_list("name", flat=True)) == ["Agency reviewer"]
    assert [m.agency for m in AgencyMembership.objects.filter(user=account)] == [agencies[0]]
    system.agency, system.role = agencies[1], PartnerSystemRole.EDITOR
    partner_system_save(partner_system=system, user=None)
    assert [m.agency for m in AgencyMembership.objects.filter(user=account)] == [agencies[1]]
    assert list(account.groups.values_list("name", flat=True)) == ["Agency editor"]


def test_the_partner_systems_account_cannot_sign_in_to_the_admin(client, system):
    account = system.user
    assert not account.has_usable_password()
    assert not account.is_staff and not account.is_superuser
    for password in ("", "!", account.password):
        response = client.post(reverse("admin:login"), {"username": account.username, "password": password})
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    client.force_login(account)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


# Authentication ------------------------------------------------------------------------------------


def test_a_valid_token_authenticates_as_its_partner_system_and_records_its_use(system):
    token, clear = issue(system)
    response = call_api("get", clear)
    assert response.status_code == 200
    assert response.data["username"] == system.user.username
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_without_a_token_the_request_is_refused_with_401():
    response = call_api("get")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    "header",
    [
        "Token ssc_0000000000000000000000000000000000",
        "Token",
        "Token two words",
        "Token ssc_\xe9\xe8\xff-not-utf-8",
        "Token " + "z" * 5000,
        "Token \x00",
        "Token ssc_00000000\x00",
    ],
    ids=["unknown", "empty", "spaces", "latin-1", "long", "nul", "nul-in-key"],
)
def test_a_bad_token_is_refused_with_401_never_500(system, header):
    issue(system)
    response = call_api("get", header=header)
    assert response.status_code == 401


def test_an_expired_token_is_refused_with_401_saying_so_and_stays_listed(system):
    token, clear = issue(system, days=1)
    PartnerToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    response = call_api("get", clear)
    assert response.status_code == 401
    assert "expired" in error_text(response) and "token_expired" in error_text(response)
    assert PartnerToken.objects.filter(pk=token.pk).exists()


def test_a_revoked_token_is_refused_with_401_saying_so(system):
    token, clear = issue(system)
    assert call_api("get", clear).status_code == 200
    partner_token_revoke(token=token, user=None)
    response = call_api("get", clear)
    assert response.status_code == 401
    assert "revoked" in error_text(response) and "token_revoked" in error_text(response)


def test_a_deactivated_partner_systems_tokens_are_all_refused(system):
    tokens = [issue(system)[1], issue(system, read_only=True)[1]]
    system.is_active = False
    partner_system_save(partner_system=system, user=None)
    for clear in tokens:
        response = call_api("get", clear)
        assert response.status_code == 401
        assert "deactivated" in error_text(response)
    partner_system_revoke(partner_system=system, user=None)
    assert not PartnerToken.objects.filter(partner_system=system).usable().exists()


def test_an_inactive_partner_system_gets_no_new_token(system):
    partner_system_revoke(partner_system=system, user=None)
    with pytest.raises(Exception, match="inactive"):
        issue(system)


# Scope and the one rule ------------------------------------------------------------------------------


def test_a_read_only_token_may_read_but_not_write(system):
    _token, clear = issue(system, read_only=True)
    assert call_api("get", clear).status_code == 200
    response = call_api("post", clear)
    assert response.status_code == 403
    assert "read-only scope" in error_text(response) and "read_only_scope" in error_text(response)


def test_a_read_and_write_token_may_write(system):
    _token, clear = issue(system)
    assert call_api("post", clear).status_code == 201


def test_a_token_sees_its_agencys_drafts_and_published_records_but_not_another_agencys_drafts(
    agencies, system
):
    for agency in agencies:
        for status in (DRAFT, PUBLISHED):
            factories.ProgrammeFactory(
                owner=agency, publication_status=status, title=f"{agency.slug} {status}"
            )
    _token, clear = issue(system, read_only=True)
    response = call_api("get", clear)
    assert response.data["programmes"] == ["agency-a draft", "agency-a published", "agency-b published"]


def test_an_editors_token_may_submit_its_agencys_records_and_a_reviewers_may_publish(agencies, system):
    agency_a, agency_b = agencies
    reviewer = register(agency_a, role=PartnerSystemRole.REVIEWER, name="Publisher")
    own = factories.ProgrammeFactory(owner=agency_a, publication_status=DRAFT)
    other = factories.ProgrammeFactory(owner=agency_b, publication_status=DRAFT)
    assert may(system.user, SUBMIT, own) and not may(system.user, PUBLISH, own)
    assert may(reviewer.user, PUBLISH, own)
    assert not may(system.user, SUBMIT, other) and not may(reviewer.user, PUBLISH, other)


# The admin -----------------------------------------------------------------------------------------


@pytest.fixture
def people(agencies, superuser):
    return {
        "anonymous": AnonymousUser(),
        "editor": factories.agency_user("editor", agencies[0]),
        "reviewer": factories.agency_user("reviewer", agencies[0]),
        "administrator": factories.agency_user("administrator"),
        "superuser": superuser,
    }


def admin_pages(system, token):
    return [
        reverse("admin:partners_partnersystem_changelist"),
        reverse("admin:partners_partnersystem_add"),
        reverse("admin:partners_partnersystem_change", args=[system.pk]),
        reverse("admin:partners_partnersystem_issue_token", args=[system.pk]),
        reverse("admin:partners_partnertoken_changelist"),
        reverse("admin:partners_partnertoken_change", args=[token.pk]),
    ]


@pytest.mark.parametrize("role", ["anonymous", "editor", "reviewer", "administrator", "superuser"])
def test_only_administrators_see_and_manage_partner_systems_and_tokens(client, people, system, role):
    token, _clear = issue(system)
    user = people[role]
    if user.is_authenticated:
        client.force_login(user)
    for page in admin_pages(system, token):
        response = client.get(page)
        if role == "anonymous":
            assert response.status_code == 302, page
        elif role in ("editor", "reviewer"):
            assert response.status_code == 403, page
        else:
            assert response.status_code == 200, page
    issuing = client.post(reverse("admin:partners_partnersystem_issue_token", args=[system.pk]), {"days": 30})
    assert issuing.status_code == {"anonymous": 302, "editor": 403, "reviewer": 403}.get(role, 200)
    expected_tokens = 2 if role in ("administrator", "superuser") else 1
    assert PartnerToken.objects.filter(partner_system=system).count() == expected_tokens
    if role in ("editor", "reviewer"):
        index = client.get(reverse("admin:index"))
        assert b"partnersystem" not in index.content and b"partnertoken" not in index.content


def test_an_administrator_adds_a_system_and_sees_its_token_once(client, people, agencies):
    client.force_login(people["administrator"])
    response = client.post(
        reverse("admin:partners_partnersystem_add"),
        {
            "name": "Dashboard",
            "agency": agencies[0].pk,
            "role": "editor",
            "contact": "Ana, ana@example.org",
            "is_active": "on",
            "tokens-TOTAL_FORMS": "0",
            "tokens-INITIAL_FORMS": "0",
        },
    )
    system = PartnerSystem.objects.get(name="Dashboard")
    issue_url = reverse("admin:partners_partnersystem_issue_token", args=[system.pk])
    assert response.status_code == 302 and response["Location"] == issue_url
    assert system.created_by == people["administrator"]
    assert system.user.agency_memberships.get().agency == agencies[0]

    assert (
        issue_url.encode()
        in client.get(reverse("admin:partners_partnersystem_change", args=[system.pk])).content
    )
    issued = client.post(issue_url, {"days": "90", "read_only": "on"})
    assert issued.status_code == 200
    clear = issued.context["clear_token"]
    token = PartnerToken.objects.get(partner_system=system)
    assert clear.encode() in issued.content and token.digest == hash_token(clear)
    assert "no-store" in issued["Cache-Control"]
    assert token.read_only and token.created_by == people["administrator"]
    assert abs(token.expiry - (timezone.now() + datetime.timedelta(days=90))) < datetime.timedelta(minutes=1)
    for page in admin_pages(system, token):
        assert clear.encode() not in client.get(page).content
    assert call_api("get", clear).status_code == 200


@pytest.mark.parametrize("days", ["0", "-3", "100000", "ten", ""])
def test_a_bad_expiry_is_shown_next_to_its_field_and_no_token_is_issued(admin_client, system, days):
    response = admin_client.post(
        reverse("admin:partners_partnersystem_issue_token", args=[system.pk]), {"days": days}
    )
    assert response.status_code == 200 and response.context["form"].errors["days"]
    assert response.context["clear_token"] is None
    assert not PartnerToken.objects.exists()


def test_an_administrator_revokes_tokens_from_the_token_list(admin_client, system):
    token, clear = issue(system)
    listing = admin_client.get(reverse("admin:partners_partnertoken_changelist"))
    assert token.token_key.encode() in listing.content
    admin_client.post(
        reverse("admin:partners_partnertoken_changelist"),
        {"action": "revoke_tokens", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by.username == "root"
    assert call_api("get", clear).status_code == 401


def test_an_administrator_deactivates_a_system_from_the_system_list(admin_client, system):
    _token, clear = issue(system)
    admin_client.post(
        reverse("admin:partners_partnersystem_changelist"),
        {"action": "revoke_systems", "_selected_action": [system.pk]},
    )
    system.refresh_from_db()
    assert not system.is_active and not system.user.is_active
    assert call_api("get", clear).status_code == 401


def changelist_queries(client, page, rows, monkeypatch, model):
    from django.contrib import admin
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(admin.site._registry[model], "list_per_page", rows)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)
    assert response.status_code == 200 and len(response.context["cl"].result_list) == rows
    return len(queries)


@pytest.mark.parametrize("model", [PartnerSystem, PartnerToken], ids=lambda model: model.__name__)
def test_the_lists_run_the_same_number_of_queries_for_2_and_6_rows(
    admin_client, agencies, model, monkeypatch
):
    for number in range(6):
        system = register(agencies[number % 2], name=f"System {number}")
        issue(system, read_only=bool(number % 2))
        partner_token_revoke(token=issue(system)[0], user=None)
    page = reverse(f"admin:partners_{model._meta.model_name}_changelist")
    assert changelist_queries(admin_client, page, 2, monkeypatch, model) == changelist_queries(
        admin_client, page, 6, monkeypatch, model
    )


# The management command ------------------------------------------------------------------------------


def test_the_command_registers_a_system_and_prints_its_token_once(agencies):
    out = io.StringIO()
    call_command(
        "issue_api_token", "--agency=agency-a", "--name=IATI publisher", "--role=reviewer", "--read-only",
        "--days=30", stdout=out,
    )  # fmt: skip
    lines = out.getvalue().splitlines()
    clear = lines[-1].split(": ", 1)[1]
    system = PartnerSystem.objects.get(name="IATI publisher", agency=agencies[0])
    token = PartnerToken.objects.get(partner_system=system)
    assert token.digest == hash_token(clear) and token.read_only
    assert out.getvalue().count(clear) == 1
    assert system.role == "reviewer" and system.user.groups.get().name == "Agency reviewer"
    assert call_api("get", clear).status_code == 200 and call_api("post", clear).status_code == 403

    call_command("issue_api_token", "--agency=agency-a", "--name=IATI publisher", "--role=editor", stdout=out)
    system.refresh_from_db()
    assert system.role == "editor" and system.tokens.count() == 2


def test_the_command_refuses_an_unknown_agency_and_a_bad_expiry(agencies):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No agency"):
        call_command("issue_api_token", "--agency=nowhere", "--name=X", "--role=editor")
    with pytest.raises(CommandError, match="between 1 and"):
        call_command("issue_api_token", "--agency=agency-a", "--name=X", "--role=editor", "--days=0")
    assert not PartnerSystem.objects.exists()
