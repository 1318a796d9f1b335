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


def _set_fields(instance, fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    return instance


def _replace_partners(programme: Programme, partners: Sequence[PartnerSpec]) -> None:
    """The programme's partners become exactly `partners`: a row with the same agency and role is
    kept (its dates updated), the others are removed or added."""
    existing = {(row.agency_id, row.role): row for row in programme.partners.all()}
    wanted = set()
    for spec in partners:
        key = (spec.agency.pk, spec.role)
        wanted.add(key)
        row = existing.get(key) or ProgrammePartner(programme=programme, agency=spec.agency, role=spec.role)
        if row.pk is None or (row.start_date, row.end_date) != (spec.start_date, spec.end_date):
            row.start_date, row.end_date = spec.start_date, spec.end_date
            _saved(row)
    for key, row in existing.items():
        if key not in wanted:
            row.delete()


@transaction.atomic
def programme_update(
    *,
    programme: Programme,
    partners: Sequence[PartnerSpec] | None = None,
    themes: Iterable | None = None,
    sdgs: Iterable | None = None,
    **fields,
) -> Programme:
    """Change a programme; partners, themes and SDGs, when given, replace the ones it has. The rule
    across the programme and its partners (validate_partner_roles) holds for the result."""
    _set_fields(programme, fields)
    roles = (
        [spec.role for spec in partners]
        if partners is not None
        else list(programme.partners.values_list("role", flat=True))
    )
    Programme.validate_partner_roles(programme.modality, roles)
    _saved(programme)
    if themes is not None:
        programme.themes.set(themes)
    if sdgs is not None:
        programme.sdgs.set(sdgs)
    if partners is not None:
        _replace_partners(programme, partners)
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
    _log_participations(activity, participants)
    return activity


def _log_participations(activity: Activity, participants: Sequence[ParticipantSpec], *, replace=False):
    """Record the participants (matched or created) at the activity, for the activity's agency; with
    replace, that agency's participations at the activity become exactly these."""
    owner = activity.owner
    existing = {row.participant_id: row for row in activity.participations.filter(owner=owner)}
    kept = set()
    for spec in participants:
        participant = participant_match_or_create(owner=owner, spec=spec)
        kept.add(participant.pk)
        participation = existing.get(participant.pk)
        if participation is None:
            _saved(
                Participation(
                    owner=owner,
                    participant=participant,
                    activity=activity,
                    role=spec.role,
                    publication_status=activity.publication_status,
                )
            )
        elif participation.role != spec.role:
            participation.role = spec.role
            _saved(participation)
    if replace:
        for participant_id, participation in existing.items():
            if participant_id not in kept:
                participation.delete()


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    organisers: Iterable[Agency] | None = None,
    themes: Iterable | None = None,
    institutions_visited: Iterable[Agency] | None = None,
    participants: Sequence[ParticipantSpec] | None = None,
    **fields,
) -> Activity:
    """Change a study tour or event, all or nothing. Organisers, themes and institutions visited, when
    given, replace the ones it has; participants, when given, become the owning agency's
    participations at it (matched or created; those left out are removed)."""
    _saved(_set_fields(activity, fields))
    if organisers is not None:
        activity.organisers.set(organisers)
    if themes is not None:
        activity.themes.set(themes)
    if institutions_visited is not None:
        activity.institutions_visited.set(institutions_visited)
    if participants is not None:
        _log_participations(activity, participants, replace=True)
    return activity


def study_tour_log(**kwargs) -> Activity:
    """Log a study tour (see activity_log)."""
    return activity_log(kind=ActivityKind.STUDY_TOUR, **kwargs)


def event_log(**kwargs) -> Activity:
    """Log a capacity-building event (see activity_log)."""
    return activity_log(kind=ActivityKind.EVENT, **kwargs)


@transaction.atomic
def participation_log(
    *, owner: Agency, activity: Activity, participant: ParticipantSpec, **fields
) -> Participation:
    """Record one participant (matched or created within `owner`) at an activity."""
    fields.setdefault("role", participant.role)
    return _saved(
        Participation(
            owner=owner,
            activity=activity,
            participant=participant_match_or_create(owner=owner, spec=participant),
            **fields,
        )
    )


@transaction.atomic
def participation_update(
    *, participation: Participation, participant: ParticipantSpec | None = None, **fields
) -> Participation:
    """Change a participation; a participant, when given, is matched or created (and updated)."""
    _set_fields(participation, fields)
    if participant is not None:
        participation.participant = participant_match_or_create(owner=participation.owner, spec=participant)
    return _saved(participation)


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
def practice_update(
    *,
    practice: Practice,
    themes: Iterable | None = None,
    presented_at: Iterable[Activity] | None = None,
    **fields,
) -> Practice:
    """Change a practice; themes and the activities where it was presented, when given, replace them."""
    _saved(_set_fields(practice, fields))
    if themes is not None:
        practice.themes.set(themes)
    if presented_at is not None:
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


@transaction.atomic
def adoption_update(
    *,
    adoption: PolicyAdoption,
    stage: str | None = None,
    reached_on: date | None = None,
    note: str = "",
    **fields,
) -> PolicyAdoption:
    """Change an adoption; a later `stage`, reached on `reached_on`, is added to its history
    (adoption_advance_stage). The stage it has already is no change, so repeating a request is safe."""
    _saved(_set_fields(adoption, fields))
    if stage is not None and stage != adoption.stage:
        if reached_on is None:
            raise ValidationError({"reached_on": _("Give the date on which the new stage was reached.")})
        adoption_advance_stage(adoption=adoption, stage=stage, reached_on=reached_on, note=note)
    return adoption
