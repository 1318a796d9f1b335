"""Computed figures, in one place for the pages, the API and exports. Every figure counts published
records only and is computed in the database in a fixed number of queries, whatever the data size."""

from dataclasses import dataclass

from django.db.models import Count, Q

from partners.models import Country, PublicationStatus
from programmes.choices import ActivityKind, Gender
from programmes.models import Activity, FollowUpResponse, Participation, PolicyAdoption, Programme

PUBLISHED = PublicationStatus.PUBLISHED


@dataclass(frozen=True)
class Share:
    """A share with what it is a share of: numerator of denominator responses, and coverage."""

    numerator: int
    denominator: int
    participants: int

    @property
    def percent(self):
        return round(100 * self.numerator / self.denominator) if self.denominator else None

    @property
    def coverage_percent(self):
        return round(100 * self.denominator / self.participants) if self.participants else None


def skills_applied_share(follow_ups=None, participations=None) -> Share:
    """Of the published participations with a follow-up response, how many said in a response that
    they apply the skills or knowledge gained; with the number of participations as coverage base."""
    follow_ups = FollowUpResponse.objects.published() if follow_ups is None else follow_ups
    participations = Participation.objects.published() if participations is None else participations
    per_participation = follow_ups.values("participation").annotate(
        applied=Count("id", filter=Q(applies_skills=True))
    )
    answered = per_participation.count()
    applying = per_participation.filter(applied__gt=0).count()
    return Share(numerator=applying, denominator=answered, participants=participations.count())


def headline_figures() -> dict:
    """The figures of the home page."""
    activities = Activity.objects.published().aggregate(
        study_tours=Count("id", filter=Q(kind=ActivityKind.STUDY_TOUR)),
        events=Count("id", filter=Q(kind=ActivityKind.EVENT)),
    )
    countries = (
        Country.objects.filter(
            Q(agencies__programme_roles__programme__publication_status=PUBLISHED)
            | Q(hosted_activities__publication_status=PUBLISHED)
        )
        .distinct()
        .count()
    )
    return {
        "programmes": Programme.objects.published().count(),
        "countries": countries,
        "study_tours": activities["study_tours"],
        "events": activities["events"],
        "participants": Participation.objects.published().values("participant").distinct().count(),
        "adoptions": PolicyAdoption.objects.published().count(),
        "skills_applied": skills_applied_share(),
    }


@dataclass(frozen=True)
class CountryParticipation:
    """How many distinct participants came from one country, in all and by gender."""

    country: Country
    by_gender: tuple[int, ...]  # in the order of Gender.choices
    total: int


@dataclass(frozen=True)
class ParticipationTable:
    """Participants by country (most represented first), with the overall number."""

    rows: list[CountryParticipation]
    genders = Gender.choices

    @property
    def total(self):
        return sum(row.total for row in self.rows)


def participants_by_country(participations) -> ParticipationTable:
    """Distinct participants of `participations` counted by their country and gender — aggregates only,
    never names. Two queries whatever the number of rows."""
    rows = (
        participations.order_by()
        .values("participant__country", "participant__gender")
        .annotate(n=Count("participant", distinct=True))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["participant__country"], {})[row["participant__gender"]] = row["n"]
    countries = Country.objects.in_bulk(counts)
    result = [
        CountryParticipation(
            country=countries[country_id],
            by_gender=tuple(genders.get(gender, 0) for gender in Gender.values),
            total=sum(genders.values()),
        )
        for country_id, genders in counts.items()
    ]
    return ParticipationTable(rows=sorted(result, key=lambda row: (-row.total, row.country.name)))


def programme_skills_applied(programme) -> Share:
    """The follow-up figure of one programme, from published records."""
    participations = Participation.objects.published().filter(
        activity__programme=programme, activity__publication_status=PUBLISHED
    )
    follow_ups = FollowUpResponse.objects.published().filter(participation__in=participations)
    return skills_applied_share(follow_ups=follow_ups, participations=participations)


def activity_skills_applied(activity) -> Share:
    """The follow-up figure of one activity, from published records."""
    participations = Participation.objects.published().filter(activity=activity)
    follow_ups = FollowUpResponse.objects.published().filter(participation__in=participations)
    return skills_applied_share(follow_ups=follow_ups, participations=participations)
