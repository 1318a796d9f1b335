"""Writes that touch several models, in one transaction each. The admin, the API and the demo-data
command call these, so that every path runs the same rules (models' full_clean before save)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partners.models import Agency, Country
from programmes.choices import ADOPTION_STAGE_ORDER, ActivityKind, AdoptionStage, Gender, ParticipationRole
from programmes.models import (
    Activity,
    AdoptionStageChange,
    FollowUpResponse,
    Participant,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
    ProgrammePartner,
)


@dataclass(frozen=True)
class PartnerSpec:
    agency: Agency
    role: str
    start_date: date | None = None
    end_date: date | None = None


@dataclass(frozen=True)
class ParticipantSpec:
    """A participant as logged with an activity: matched by email (or external id) within the owning
    agency, created when new."""

    name: str
    country: Country
    email: str = ""
    gender: str = ""  # empty: keep what is recorded (a new participant: prefers not to say)
    position: str = ""
    agency: Agency | None = None
    role: str = ParticipationRole.DELEGATE
    external_id: str = ""
    is_demo: bool = False
    extra: dict = field(default_factory=dict)


def _saved(instance):
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def programme_create(
    *,
    owner: Agency,
    title: str,
    modality: str,
    start_date: date,
    partners: Sequence[PartnerSpec] = (),
    themes: Iterable = (),
    sdgs: Iterable = (),
    **fields,
) -> Programme:
    """Create a programme with its partners, themes and SDGs; a triangular one needs a facilitator."""
    Programme.validate_partner_roles(modality, [partner.role for partner in partners])
    programme = _saved(
        Programme(owner=owner, title=title, modality=modality, start_date=start_date, **fields)
    )
    programme.themes.set(themes)
    programme.sdgs.set(sdgs)
    for spec in partners:
        _saved(
            ProgrammePartner(
                programme=programme,
                agency=spec.agency,
                role=spec.role,
                start_date=spec.start_date,
                end_date=spec.end_date,
            )
        )
    return programme


def participant_match_or_create(*, owner: Agency, spec: ParticipantSpec) -> Participant:
    """The owning agency's participant with this external id or email, updated; or a new one."""
    participant = None
    if spec.external_id:
        participant = Participant.objects.filter(owner=owner, external_id=spec.external_id).first()
    if participant is None and spec.email:
        participant = Participant.objects.filter(owner=owner, email__iexact=spec.email).first()
    if participant is None:
        participant = Participant(owner=owner)
    participant.name = spec.name
    participant.country = spec.country
    participant.email = spec.email or participant.email
    participant.gender = spec.gender or participant.gender or Gender.UNDISCLOSED
    participant.position = spec.position or participant.position
    participant.agency = spec.agency or participant.agency
    participant.external_id = spec.external_id or participant.external_id
    participant.is_demo = spec.is_demo or participant.is_demo
    return _saved(participant)


@transaction.atomic
def activity_log(
    *,
    owner: Agency,
    kind: str,
    programme: Programme,
    title: str,
    start_date: date,
    organisers: Iterable[Agency] = (),
    themes: Iterable = (),
    institutions_visited: Iterable[Agency] = (),
    participants: Sequence[ParticipantSpec] = (),
    **fields,
) -> Activity:
    """Log a study tour or capacity-building event with its participants, all or nothing."""
    activity = _saved(
        Activity(owner=owner, kind=kind, programme=programme, title=title, start_date=start_date, **fields)
    )
    activity.organisers.set(organisers)
    activity.themes.set(themes)
    activity.institutions_visited.set(institutions_visited)
    publication_status = activity.publication_status
    for spec in participants:
        participant = participant_match_or_create(owner=owner, spec=spec)
        _saved(
            Participation(
                owner=owner,
                participant=participant,
                activity=activity,
                role=spec.role,
                publication_status=publication_status,
            )
        )
    return activity


def study_tour_log(**kwargs) -> Activity:
    """Log a study tour (see activity_log)."""
    return activity_log(kind=ActivityKind.STUDY_TOUR, **kwargs)


def event_log(**kwargs) -> Activity:
    """Log a capacity-building event (see activity_log)."""
    return activity_log(kind=ActivityKind.EVENT, **kwargs)


@transaction.atomic
def follow_up_record(
    *,
    participation: Participation,
    responded_on: date,
    applies_skills: bool,
    fed_policy_measure: bool = False,
    comments: str = "",
    **fields,
) -> FollowUpResponse:
    """Record a participant's follow-up answer; owned by the agency that owns the participation."""
    fields.setdefault("owner", participation.owner)
    fields.setdefault("publication_status", participation.publication_status)
    return _saved(
        FollowUpResponse(
            participation=participation,
            responded_on=responded_on,
            applies_skills=applies_skills,
            fed_policy_measure=fed_policy_measure,
            comments=comments,
            **fields,
        )
    )


@transaction.atomic
def practice_register(
    *,
    owner: Agency,
    title: str,
    origin_country: Country,
    themes: Iterable = (),
    presented_at: Iterable[Activity] = (),
    **fields,
) -> Practice:
    """Register a practice and the activities where it was presented."""
    practice = _saved(Practice(owner=owner, title=title, origin_country=origin_country, **fields))
    practice.themes.set(themes)
    practice.presented_at.set(presented_at)
    return practice


@transaction.atomic
def adoption_report(
    *,
    owner: Agency,
    practice: Practice,
    adopting_country: Country,
    reached_on: date,
    stage: str = AdoptionStage.INTEREST,
    **fields,
) -> PolicyAdoption:
    """Report an adoption of a practice, with its first dated stage."""
    adoption = _saved(
        PolicyAdoption(
            owner=owner, practice=practice, adopting_country=adopting_country, stage=stage, **fields
        )
    )
    _saved(AdoptionStageChange(adoption=adoption, stage=stage, reached_on=reached_on))
    return adoption


@transaction.atomic
def adoption_advance_stage(
    *, adoption: PolicyAdoption, stage: str, reached_on: date, note: str = ""
) -> PolicyAdoption:
    """Move an adoption to a later stage, dated not before the stages it has reached."""
    if ADOPTION_STAGE_ORDER[stage] <= ADOPTION_STAGE_ORDER[adoption.stage]:
        raise ValidationError(
            {
                "stage": _("An adoption moves forward: choose a stage after “%(stage)s”.")
                % {"stage": adoption.get_stage_display()}
            }
        )
    changes = [*adoption.stage_history.values_list("stage", "reached_on"), (stage, reached_on)]
    PolicyAdoption.validate_stage_history(stage, changes)
    _saved(AdoptionStageChange(adoption=adoption, stage=stage, reached_on=reached_on, note=note))
    adoption.stage = stage
    return _saved(adoption)
