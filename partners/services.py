"""The publication workflow of every record an agency logs: draft → in review → published, and back to
draft on unpublish, recording who moved it and when. Who may do what is partners.permissions' rule."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import OwnedRecord, PublicationStatus
from partners.permissions import PUBLISH, SUBMIT, may


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
