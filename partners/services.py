"""The publication workflow of every record an agency logs: draft → in review → published, and back to
draft on unpublish, recording who moved it and when. Who may do what is partners.permissions' rule.
Also: partner systems' accounts and API tokens (issue, revoke)."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from partners.models import AgencyMembership, OwnedRecord, PartnerSystem, PartnerToken, PublicationStatus
from partners.permissions import PUBLISH, ROLES, SUBMIT, may


@dataclass(frozen=True)
class Transition:
    name: str
    permission: str
    sources: tuple[str, ...]
    target: str
    refusal: str


SUBMIT_FOR_REVIEW = Transition(
    name="submit",
    permission=SUBMIT,
    sources=(PublicationStatus.DRAFT,),
    target=PublicationStatus.IN_REVIEW,
    refusal=_("Only a draft can be submitted for review."),
)
PUBLISH_RECORD = Transition(
    name="publish",
    permission=PUBLISH,
    sources=(PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW),
    target=PublicationStatus.PUBLISHED,
    refusal=_("This record is already published."),
)
UNPUBLISH_RECORD = Transition(
    name="unpublish",
    permission=PUBLISH,
    sources=(PublicationStatus.IN_REVIEW, PublicationStatus.PUBLISHED),
    target=PublicationStatus.DRAFT,
    refusal=_("This record is already a draft."),
)
TRANSITIONS = {t.name: t for t in (SUBMIT_FOR_REVIEW, PUBLISH_RECORD, UNPUBLISH_RECORD)}


@transaction.atomic
def publication_transition(*, record: OwnedRecord, transition: Transition, user) -> OwnedRecord:
    """Move one record through the workflow if `user` may; PermissionDenied or ValidationError if not."""
    if not may(user, transition.permission, record):
        message = _("You may not do this with the records of %(agency)s.")
        raise PermissionDenied(message % {"agency": record.owner})
    if record.publication_status not in transition.sources:
        raise ValidationError(transition.refusal)
    now = timezone.now()
    record.publication_status = transition.target
    changed = ["publication_status", "updated_at"]
    if transition is SUBMIT_FOR_REVIEW:
        record.submitted_at, record.submitted_by = now, user
        changed += ["submitted_at", "submitted_by"]
    elif transition is PUBLISH_RECORD:
        record.published_at, record.published_by = now, user
        changed += ["published_at", "published_by"]
    record.save(update_fields=changed)
    return record


def deleted_versions(model):
    """The last historical version of each deleted record of `model` that has not been restored."""
    history = model.history.model
    existing = model._default_manager.values("pk")
    return (
        history.objects.filter(history_type="-")
        .exclude(id__in=existing)
        .select_related("history_user")
        .order_by("-history_date")
    )


@transaction.atomic
def restore_deleted(version):
    """Bring a deleted record back as it was when deleted (same id), recording the restore in its
    history. Refused, with the reason, if the record's rules no longer hold (e.g. its slug is taken)."""
    record = version.instance
    if type(record)._default_manager.filter(pk=record.pk).exists():
        raise ValidationError(_("This record exists already: it has been restored before."))
    record.full_clean(validate_unique=True)
    record._change_reason = "restored"
    record.save(force_insert=True)
    # Many-to-many links (themes, SDGs, …) as they were just before the deletion, which removed them.
    before = version.prev_record
    for field in getattr(version, "_history_m2m_fields", []) if before else []:
        target = field.m2m_reverse_field_name()
        getattr(record, field.name).set(
            [getattr(row, f"{target}_id") for row in getattr(before, field.name).all()]
        )
    return record


# API access for partner systems ------------------------------------------------------------------
# A partner system acts as a user account of its own: a member of exactly its one agency, in the role
# group of its role, with no password and no admin access. THE permission rule then applies unchanged.

DEFAULT_TOKEN_DAYS = 365
MAX_TOKEN_DAYS = 3 * 365


def _partner_system_username(partner_system: PartnerSystem) -> str:
    """A readable, unique username such as api.apc-colombia.project-database."""
    users = get_user_model()
    base = f"api.{partner_system.agency.slug}.{slugify(partner_system.name)}"[:140].rstrip(".-")
    username, number = base, 1
    while users._default_manager.filter(username=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


@transaction.atomic
def partner_system_save(*, partner_system: PartnerSystem, user) -> PartnerSystem:
    """Save a partner system (new or changed) with its user account in step: member of exactly the
    system's agency, in the group of its role, active while the system is, never staff, no password."""
    if partner_system.pk is None:
        account = get_user_model()(username=_partner_system_username(partner_system))
        partner_system.created_by = user
    else:
        account = get_user_model()._default_manager.select_for_update().get(pk=partner_system.user_id)
    account.first_name = partner_system.name[:150]
    account.is_active = partner_system.is_active
    account.is_staff = account.is_superuser = False
    account.set_unusable_password()
    account.save()
    partner_system.user = account
    partner_system.full_clean()
    partner_system.save()
    account.groups.set([Group.objects.get(name=ROLES[partner_system.role])])
    account.agency_memberships.exclude(agency=partner_system.agency).delete()
    AgencyMembership.objects.get_or_create(user=account, agency=partner_system.agency)
    return partner_system


@transaction.atomic
def partner_system_issue_token(
    *, partner_system: PartnerSystem, user, days: int = DEFAULT_TOKEN_DAYS, read_only: bool = False
) -> tuple[PartnerToken, str]:
    """Issue a new token for the system, valid for `days` days: (the stored token, the clear token).
    Only a hash is stored; the clear token must be shown to the administrator now, and never again."""
    if not partner_system.is_active:
        raise ValidationError(_("An inactive partner system cannot be given tokens."))
    if not 1 <= days <= MAX_TOKEN_DAYS:
        message = _("A token must be valid for between 1 and %(max)d days.")
        raise ValidationError(message % {"max": MAX_TOKEN_DAYS})
    return PartnerToken.objects.create(
        partner_system.user,
        expiry=timedelta(days=days),
        partner_system=partner_system,
        read_only=read_only,
        created_by=user,
    )


@transaction.atomic
def partner_token_revoke(*, token: PartnerToken, user) -> PartnerToken:
    """Revoke one token for good (it stays listed, with who revoked it and when)."""
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), user
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


@transaction.atomic
def partner_system_revoke(*, partner_system: PartnerSystem, user) -> PartnerSystem:
    """Switch a partner system off: revoke all its tokens and deactivate it and its account."""
    for token in partner_system.tokens.filter(revoked_at__isnull=True):
        partner_token_revoke(token=token, user=user)
    partner_system.is_active = False
    return partner_system_save(partner_system=partner_system, user=user)
