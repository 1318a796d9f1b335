"""Loading the demo facts through programmes.services, idempotently."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model
from django.utils import translation

from partners.models import Agency, Country, CountryGroup
from programmes import services
from programmes.choices import (
    ADOPTION_STAGE_ORDER,
    ActivityKind,
    Instrument,
    Modality,
    ParticipationRole,
    ProgrammeStatus,
)
from programmes.demo.facts import (
    ACTIVITIES,
    ADOPTIONS,
    AGENCIES,
    FOLLOW_UPS,
    GROUPS,
    PEOPLE,
    PEOPLE_BY_KEY,
    PLATFORM_TEXTS,
    PRACTICE_THEMES,
    PRACTICES,
    PREFIX,
    PROGRAMME,
    PROGRAMME_ID,
    PROGRAMME_PARTNERS,
    PROGRAMME_SDGS,
    PROGRAMME_START,
    PROGRAMME_THEMES,
    PUBLISHED,
    STUDY_TOUR,
    MissingReferenceData,
)
from programmes.models import (
    Activity,
    FollowUpResponse,
    Participant,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
    SustainableDevelopmentGoal,
    Theme,
)

# --- Loading ------------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    """What a load created and updated: numbers of rows by model."""

    programme: Programme | None = None
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    @property
    def changed(self):
        return bool(+self.created or +self.updated)

    @staticmethod
    def describe(counts: Counter) -> str:
        """E.g. "1 programme, 3 activities", in the models' verbose names."""
        return ", ".join(
            f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
            for model, count in counts.items()
            if count
        )


COUNTRIES_NEEDED = sorted(
    {fact.country for fact in AGENCIES if fact.country}
    | {person.country for person in PEOPLE}
    | {activity.host_country for activity in ACTIVITIES if activity.host_country}
)
REFERENCE_GROUPS = tuple(PLATFORM_TEXTS)


def check_reference_data():
    """Raise MissingReferenceData naming what is missing, if anything."""
    missing = []
    found = set(Country.objects.filter(iso3__in=COUNTRIES_NEEDED).values_list("iso3", flat=True))
    missing += [f"country {iso3}" for iso3 in COUNTRIES_NEEDED if iso3 not in found]
    found = set(CountryGroup.objects.filter(code__in=REFERENCE_GROUPS).values_list("code", flat=True))
    missing += [f"country group {code}" for code in REFERENCE_GROUPS if code not in found]
    themes = set(PROGRAMME_THEMES) | set(PRACTICE_THEMES)
    found = set(Theme.objects.filter(slug__in=themes).values_list("slug", flat=True))
    missing += [f"theme {slug}" for slug in sorted(themes - found)]
    found = set(
        SustainableDevelopmentGoal.objects.filter(number__in=PROGRAMME_SDGS).values_list("number", flat=True)
    )
    missing += [f"SDG {number}" for number in PROGRAMME_SDGS if number not in found]
    if missing:
        raise MissingReferenceData(
            "The reference data is not loaded (missing: "
            + ", ".join(missing[:5])
            + (", …" if len(missing) > 5 else "")
            + "). Run `manage.py load_reference_data` first."
        )


def _upsert(model: type[Model], lookup: dict, values: dict, result: LoadResult):
    """The row matching lookup with values set: created when missing, else only differing fields saved."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        result.created[model] += 1
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        instance.save(update_fields=changed)
        result.updated[model] += 1
    return instance


def _load_agencies(countries, result) -> dict[str, Agency]:
    agencies = {}
    for fact in AGENCIES:
        agencies[fact.slug] = _upsert(
            Agency,
            {"slug": fact.slug},
            {
                "name": fact.name,
                "acronym": fact.acronym,
                "kind": fact.kind,
                "country": countries[fact.country] if fact.country else None,
                "website": fact.website,
                "description_en": fact.description_en,
                "description_es": fact.description_es,
            },
            result,
        )
    return agencies


def _load_groups(result):
    for fact in GROUPS:
        _upsert(
            CountryGroup,
            {"code": fact.code},
            {
                "slug": fact.slug,
                "name_en": fact.name_en,
                "name_es": fact.name_es,
                "kind": fact.kind,
                "founded_year": fact.founded_year,
                "website": fact.website,
                "description_en": fact.description_en,
                "description_es": fact.description_es,
            },
            result,
        )
    for code, texts in PLATFORM_TEXTS.items():
        _upsert(CountryGroup, {"code": code}, texts, result)


def _load_programme(agencies, result) -> Programme:
    escap = agencies["escap"]
    programme = Programme.objects.filter(owner=escap, external_id=PROGRAMME_ID).first()
    if programme is not None:
        return programme
    result.created[Programme] += 1
    return services.programme_create(
        owner=escap,
        title=PROGRAMME["title_en"],
        modality=Modality.TRIANGULAR,
        start_date=PROGRAMME_START,
        partners=[
            services.PartnerSpec(agency=agencies[slug], role=role) for slug, role in PROGRAMME_PARTNERS
        ],
        themes=Theme.objects.filter(slug__in=PROGRAMME_THEMES),
        sdgs=SustainableDevelopmentGoal.objects.filter(number__in=PROGRAMME_SDGS),
        instrument=Instrument.PROGRAMME,
        status=ProgrammeStatus.ACTIVE,
        external_id=PROGRAMME_ID,
        publication_status=PUBLISHED,
        **PROGRAMME,
    )


def _participant_spec(key, role, countries, agencies) -> services.ParticipantSpec:
    person = PEOPLE_BY_KEY[key]
    return services.ParticipantSpec(
        name=person.name,
        country=countries[person.country],
        email=person.email,
        gender=person.gender,
        position=person.position,
        agency=agencies[person.agency],
        role=role,
        external_id=person.external_id,
        is_demo=True,
    )


def _load_activities(programme, countries, agencies, result) -> dict[str, Activity]:
    escap = agencies["escap"]
    activities = {}
    for fact in ACTIVITIES:
        activity = Activity.objects.filter(owner=escap, external_id=fact.external_id).first()
        if activity is None:
            log = services.study_tour_log if fact.kind == ActivityKind.STUDY_TOUR else services.event_log
            participants = [
                *(
                    _participant_spec(key, ParticipationRole.DELEGATE, countries, agencies)
                    for key in fact.delegates
                ),
                *(
                    _participant_spec(key, ParticipationRole.SPEAKER, countries, agencies)
                    for key in fact.speakers
                ),
            ]
            before = Participant.objects.filter(owner=escap).count()
            activity = log(
                owner=escap,
                programme=programme,
                title=fact.texts["title_en"],
                start_date=fact.start_date,
                end_date=fact.end_date,
                format=fact.format,
                host_country=countries[fact.host_country] if fact.host_country else None,
                city=fact.city,
                organisers=[agencies[slug] for slug in fact.organisers],
                institutions_visited=[agencies[slug] for slug in fact.institutions_visited],
                themes=Theme.objects.filter(slug__in=PROGRAMME_THEMES),
                participants=participants,
                event_kind=fact.event_kind,
                duration_hours=fact.duration_hours,
                external_id=fact.external_id,
                publication_status=PUBLISHED,
                **fact.texts,
            )
            result.created[Activity] += 1
            result.created[Participant] += Participant.objects.filter(owner=escap).count() - before
            result.created[Participation] += len(participants)
        activities[fact.key] = activity
    return activities


def _load_follow_ups(activities, agencies, result):
    escap = agencies["escap"]
    existing = set(
        FollowUpResponse.objects.filter(owner=escap, external_id__startswith=PREFIX).values_list(
            "external_id", flat=True
        )
    )
    participations = {
        (participation.activity_id, participation.participant.external_id): participation
        for participation in Participation.objects.filter(
            activity__in=activities.values(), participant__external_id__startswith=PREFIX
        ).select_related("participant", "activity")
    }
    for fact in FOLLOW_UPS:
        if fact.external_id in existing:
            continue
        participation = participations[(activities[fact.activity].pk, PEOPLE_BY_KEY[fact.person].external_id)]
        services.follow_up_record(
            participation=participation,
            responded_on=fact.responded_on,
            applies_skills=fact.applies_skills,
            fed_policy_measure=fact.fed_policy_measure,
            comments=fact.comments,
            external_id=fact.external_id,
        )
        result.created[FollowUpResponse] += 1


def _load_practices(activities, countries, agencies, result) -> dict[str, Practice]:
    practices = {}
    for fact in PRACTICES:
        owner = agencies[fact.origin_agency]
        practice = Practice.objects.filter(owner=owner, external_id=fact.external_id).first()
        if practice is None:
            practice = services.practice_register(
                owner=owner,
                title=fact.texts["title_en"],
                origin_country=countries[fact.origin_country],
                origin_agency=owner,
                themes=Theme.objects.filter(slug__in=PRACTICE_THEMES),
                presented_at=[activities[key] for key in fact.presented_at],
                external_id=fact.external_id,
                publication_status=PUBLISHED,
                **fact.texts,
            )
            result.created[Practice] += 1
        practices[fact.key] = practice
    return practices


def _load_adoptions(practices, activities, countries, agencies, result):
    escap = agencies["escap"]
    study_tour = activities[STUDY_TOUR.key]
    for fact in ADOPTIONS:
        adoption = PolicyAdoption.objects.filter(owner=escap, external_id=fact.external_id).first()
        (first_stage, first_date), *later = fact.stages
        created = adoption is None
        if created:
            adoption = services.adoption_report(
                owner=escap,
                practice=practices[fact.practice],
                adopting_country=countries[fact.adopting_country],
                adopting_agency=agencies[fact.adopting_agency],
                activity=study_tour,
                reached_on=first_date,
                stage=first_stage,
                description=fact.description,
                external_id=fact.external_id,
                publication_status=PUBLISHED,
            )
            result.created[PolicyAdoption] += 1
        advanced = False
        for stage, reached_on in later:
            if ADOPTION_STAGE_ORDER[stage] > ADOPTION_STAGE_ORDER[adoption.stage]:
                adoption = services.adoption_advance_stage(
                    adoption=adoption, stage=stage, reached_on=reached_on
                )
                advanced = True
        if advanced and not created:
            result.updated[PolicyAdoption] += 1


@transaction.atomic
def load_demo_data() -> LoadResult:
    """Load the demo data (idempotent); raise MissingReferenceData without the reference data."""
    check_reference_data()
    result = LoadResult()
    with translation.override("en"):
        countries = {country.iso3: country for country in Country.objects.filter(iso3__in=COUNTRIES_NEEDED)}
        agencies = _load_agencies(countries, result)
        _load_groups(result)
        programme = result.programme = _load_programme(agencies, result)
        activities = _load_activities(programme, countries, agencies, result)
        _load_follow_ups(activities, agencies, result)
        practices = _load_practices(activities, countries, agencies, result)
        _load_adoptions(practices, activities, countries, agencies, result)
    return result
