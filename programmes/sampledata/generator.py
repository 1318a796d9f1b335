"""Deterministic synthetic data for demos and benchmarks (`manage.py generate_sample_data`).

At scale 1: 300 agencies, 1,000 programmes with 2 to 5 partners each (triangular ones always with a
facilitating partner), 10,000 study tours and capacity-building events, 50,000 participants with
100,000 participations, follow-up responses for about a third of the participations in past
activities, 2,000 practices and 5,000 policy adoptions with their stage history. Every count is
proportional to the scale, with at least one of each (and at least six agencies). Most records are
published: 85 % of programmes, practices and adoptions, the others drafts or in review; the activities
and participations of an unpublished programme stay unpublished too (so about 70 % of those).

The same scale and seed give the same rows: every random choice comes from a `random.Random` seeded
with the seed and the stage's name, and works on positions in lists ordered by natural keys (ISO
codes, slugs, SDG numbers), never on database ids. "Today" is REFERENCE_DATE, fixed.

Unlike the demo data, sample data do not go through services.py: rows are built chunk by chunk and
bulk-inserted thousands at a time, so that scale 1 loads in well under a minute with little memory.
The rules that `full_clean()` and the services enforce hold by construction instead (dates in order,
slugs unique by a numeric suffix, a participant once per activity, adoptions by other countries than
the practice's, …); tests/programmes/test_sample_data.py full_cleans a sample of every model.

Sample rows are recognisable: their agencies' slugs start with `sample-agency-` and every record is
owned by such an agency. `delete_sample_data()` removes them.
"""

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from itertools import islice

from django.db import connection, transaction
from django.utils.text import slugify

from partners.models import Agency, AgencyKind, Country, CountryGroup, CountryGroupKind, PublicationStatus
from programmes.choices import (
    ActivityFormat,
    ActivityKind,
    EventKind,
    Modality,
    PartnerRole,
    ProgrammeStatus,
)
from programmes.models import (
    Activity,
    AdoptionStageChange,
    CountedAdoption,
    CountedParticipation,
    FollowUpResponse,
    Participant,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
    ProgrammePartner,
    ProgrammePlace,
    SustainableDevelopmentGoal,
    Theme,
)
from programmes.sampledata.vocabulary import (
    AGENCY_KIND,
    AGENCY_NAMES,
    ASCII_NAMES,
    CAPITALS,
    COMMENTS,
    CURRENCY,
    EVENT_FORMAT,
    EVENT_KIND,
    EVENT_TITLES,
    FIRST_NAMES,
    GENDER,
    INSTRUMENT,
    LAST_NAMES,
    MINISTRIES,
    MODALITY,
    OTHER_ROLE,
    PARTICIPATION_ROLE,
    POSITIONS,
    PRACTICE_TITLES,
    PROGRAMME_TITLES,
    PUBLICATION,
    REGIONS,
    STAGE_REACHED,
    STAGES,
)

SAMPLE_PREFIX = "sample-"
AGENCY_SLUG_PREFIX = f"{SAMPLE_PREFIX}agency-"

# What scale 1 means.
BASE_COUNTS = {
    "agencies": 300,
    "programmes": 1_000,
    "activities": 10_000,
    "participants": 50_000,
    "participations": 100_000,
    "practices": 2_000,
    "adoptions": 5_000,
}
MIN_AGENCIES = 6  # enough for a triangular programme with five distinct partners
FOLLOW_UP_SHARE = 0.35  # of the participations in activities that ended before REFERENCE_DATE
SECOND_FOLLOW_UP_SHARE = 0.25  # of those with a first follow-up response
REFERENCE_DATE = date(2026, 6, 30)  # "today" for the sample, so that the data do not depend on the day
FIRST_START = date(2014, 1, 1)
BATCH_SIZE = 2_000

ProgressFactory = Callable[[str, int], Callable[[int], None]]


class SampleDataExists(Exception):
    """Sample data are already in the database and replacing them was not asked for."""


def plan_counts(scale: float) -> dict[str, int]:
    """How many rows of each kind the scale asks for."""
    if not scale > 0:
        raise ValueError("The scale must be a positive number.")
    counts = {name: max(1, round(base * scale)) for name, base in BASE_COUNTS.items()}
    counts["agencies"] = max(MIN_AGENCIES, counts["agencies"])
    counts["participants"] = min(counts["participants"], counts["participations"])
    counts["practices"] = min(counts["practices"], counts["adoptions"])
    return counts


def reference_data_missing() -> bool:
    return not (
        Country.objects.filter(income_group__gt="").exists()
        and Theme.objects.exists()
        and SustainableDevelopmentGoal.objects.count() == 17
    )


def sample_agencies():
    return Agency.objects.filter(slug__startswith=AGENCY_SLUG_PREFIX)


def sample_data_exists() -> bool:
    return sample_agencies().exists()


@transaction.atomic
def delete_sample_data() -> int:
    """Delete every record owned by a sample agency, then the sample agencies; returns the number of
    rows deleted. Raises ProtectedError when records of real agencies still point at sample rows."""
    agencies = sample_agencies()
    deleted = 0
    # Children first, so that PROTECT foreign keys never block and cascades find little left; only
    # the ids are fetched for Django's cascade. Follow-up responses go with their participations and
    # stage changes with their adoptions: deleted on their own, each would have its participation
    # counted again, or its adoption (programmes/signals.py).
    for queryset in (
        PolicyAdoption.objects.filter(owner__in=agencies),
        Participation.objects.filter(owner__in=agencies),
        Participant.objects.filter(owner__in=agencies),
        Practice.objects.filter(owner__in=agencies),
        Activity.objects.filter(owner__in=agencies),
        ProgrammePartner.objects.filter(programme__owner__in=agencies),
        Programme.objects.filter(owner__in=agencies),
        agencies,
    ):
        deleted += queryset.only("pk").delete()[0]
    return deleted


def generate(
    *, scale: float = 1.0, seed: int = 1, replace: bool = False, progress: ProgressFactory | None = None
) -> dict[str, int]:
    """Write the sample data for the scale and seed in one transaction; returns the counts written.

    Loads the reference data (countries, themes, SDGs) first when they are missing. Raises
    SampleDataExists when sample data are already there, unless replace is true: then those are
    deleted first, in the same transaction."""
    counts = plan_counts(scale)
    if reference_data_missing():
        from partners.refdata import load_reference_data

        load_reference_data()
    with transaction.atomic():
        if sample_data_exists():
            if not replace:
                raise SampleDataExists(
                    "Sample data are already in the database (agencies whose slug starts with "
                    f"'{AGENCY_SLUG_PREFIX}'). Use --replace to delete them and generate anew."
                )
            delete_sample_data()
        return _Generator(counts, seed, progress or _no_progress).run()


# Helpers ----------------------------------------------------------------------------------------


def analyze() -> None:
    """Renew PostgreSQL's planner statistics after bulk inserts: until autovacuum comes round they still
    describe the empty tables, and joins over 100,000 fresh rows get plans for ten (a list page took a
    minute)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _no_progress(label: str, total: int) -> Callable[[int], None]:
    return lambda advance: None


def _chunks(iterable: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _split(total: int, parts: int, rng: random.Random, spread: float) -> list[int]:
    """total split into parts non-negative integers that vary around total / parts."""
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(parts)]
    factor = total / sum(weights)
    counts = [int(weight * factor) for weight in weights]
    for index in range(total - sum(counts)):
        counts[index % parts] += 1
    return counts


@cache
def _layout(model) -> tuple[list[str], dict]:
    fields = model._meta.concrete_fields
    return [f.attname for f in fields], {
        f.attname: None if f.primary_key else f.get_default() for f in fields
    }


def _row(model, **values):
    """model(**values), several times faster: Django and modeltranslation take positional values in
    field order without looking up defaults and rewriting keywords one by one."""
    attnames, defaults = _layout(model)
    values = {**defaults, **values}
    if len(values) != len(defaults):
        raise TypeError(f"Unknown fields for {model.__name__}: {sorted(set(values) - set(defaults))}")
    return model(*[values[name] for name in attnames])


def _slug(title: str, number: int) -> str:
    """Unique among sample rows by construction: the number suffix (max. 97 characters)."""
    return f"{slugify(title)[:88].rstrip('-')}-s{number}"


# What later stages need to know of earlier rows (positions in lists, not database ids) ----------


@dataclass(slots=True, eq=False)
class _Programme:
    owner: int
    start: date
    end: date  # the last day its activities may start (even when the programme is open-ended)
    partners: list[int]
    countries: list[int]  # of the partners, at least one
    themes: list[int]
    status: str
    pk: int = 0


@dataclass(slots=True, eq=False)
class _Activity:
    programme: _Programme
    owner: int
    end: date
    host: int | None
    themes: list[int]
    status: str
    participations: int
    pk: int = 0


@dataclass(slots=True, eq=False)
class _Practice:
    origin: int
    activities: list[_Activity]
    pk: int = 0


@dataclass
class _Reference:
    """The reference data the generator draws on, as lists in natural-key order: the countries with
    an income group (by ISO code), themes (by slug), SDGs (by number), frameworks (by code)."""

    country_pk: list[int]
    country_iso3: list[str]
    country_en: list[str]
    country_es: list[str]
    south: list[int]  # not high-income
    north: set[int]  # high-income
    north_list: list[int]
    theme_pk: list[int]
    theme_en: list[str]
    theme_es: list[str]
    sdgs: list[int]
    frameworks: list[int]

    @classmethod
    def load(cls):
        countries = list(
            Country.objects.filter(income_group__gt="")
            .order_by("iso3")
            .values_list("pk", "iso3", "name_en", "name_es", "income_group")
        )
        themes = list(Theme.objects.order_by("slug").values_list("pk", "name_en", "name_es"))
        return cls(
            country_pk=[row[0] for row in countries],
            country_iso3=[row[1] for row in countries],
            country_en=[row[2] for row in countries],
            country_es=[row[3] or row[2] for row in countries],
            south=[i for i, row in enumerate(countries) if row[4] != "high"],
            north={i for i, row in enumerate(countries) if row[4] == "high"},
            north_list=[i for i, row in enumerate(countries) if row[4] == "high"],
            theme_pk=[row[0] for row in themes],
            theme_en=[_in_sentence(row[1]) for row in themes],
            theme_es=[_in_sentence(row[2] or row[1]) for row in themes],
            sdgs=list(SustainableDevelopmentGoal.objects.order_by("number").values_list("pk", flat=True)),
            frameworks=list(
                CountryGroup.objects.exclude(kind=CountryGroupKind.GEOGRAPHIC_REGION)
                .order_by("code")
                .values_list("pk", flat=True)
            ),
        )


def _in_sentence(name: str) -> str:
    """A name as it reads inside a sentence: "green transition", but "MSME support"."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


class _Generator:
    """Writes the stages in order; each keeps what the later ones need in compact records."""

    def __init__(self, counts: dict[str, int], seed: int, progress: ProgressFactory):
        self.counts, self.seed, self.progress = counts, seed, progress
        self.written: dict[str, int] = {}

    def rng(self, stage: str) -> random.Random:
        """One random stream per stage, so that a change in one stage leaves the others as they were."""
        return random.Random(f"{self.seed}:{stage}")

    def run(self) -> dict[str, int]:
        self.ref = _Reference.load()
        self._agencies()
        self._programmes()
        self._activities()
        self._participations()
        self._practices()
        self._adoptions()
        self._refresh_derived_tables()
        analyze()
        return self.written

    def _refresh_derived_tables(self):
        """Bulk inserts send no signals: the participations written are counted (CountedParticipation),
        the programmes placed (ProgrammePlace) and the adoptions counted (CountedAdoption) here,
        all at once, once the database has statistics of the fresh tables (with those of the empty
        ones, it checked every participation's follow-up responses one by one: minutes)."""
        analyze()
        agencies = sample_agencies()
        CountedParticipation.objects.refresh(Participation.objects.filter(owner__in=agencies))
        ProgrammePlace.objects.refresh(Programme.objects.filter(owner__in=agencies))
        CountedAdoption.objects.refresh(PolicyAdoption.objects.filter(owner__in=agencies))

    def _insert(self, model, rows: list, label: str, advance=None, records=None) -> list[int]:
        """Bulk-insert rows; returns their new ids (and sets them on records, when given)."""
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.written[label] = self.written.get(label, 0) + len(rows)
        if advance:
            advance(len(rows))
        pks = [row.pk for row in rows]
        if records is not None:
            for record, pk in zip(records, pks, strict=True):
                record.pk = pk
        return pks

    def _link(self, descriptor, pairs: Iterable[tuple[int, int]]) -> None:
        """Bulk-insert (source pk, target pk) pairs into a many-to-many field's through table."""
        through = descriptor.through
        source = f"{descriptor.field.m2m_field_name()}_id"
        target = f"{descriptor.field.m2m_reverse_field_name()}_id"
        for chunk in _chunks(pairs, BATCH_SIZE * 2):
            rows = [_row(through, **{source: a, target: b}) for a, b in chunk]
            through.objects.bulk_create(rows, batch_size=BATCH_SIZE * 2)

    def _agency_pk(self, agency: int | None) -> int | None:
        return None if agency is None else self.agency_pk[agency]

    def _country_pk(self, country: int | None) -> int | None:
        return None if country is None else self.ref.country_pk[country]

    # Agencies ----------------------------------------------------------------------------------
    def _agencies(self):
        rng, ref, total = self.rng("agencies"), self.ref, self.counts["agencies"]
        self.agency_country: list[int | None] = []  # position in the country lists
        self.agencies_in: dict[int, list[int]] = {}  # country → its agencies
        self.facilitators: list[int] = []  # high-income countries' agencies and international bodies
        rows, names = [], set()
        for index in range(total):
            # The first three: two Southern agencies and a facilitator, whatever the scale.
            kind = AgencyKind.COOPERATION_AGENCY if index < 3 else AGENCY_KIND(rng)
            country = None
            if kind not in (AgencyKind.UN_ENTITY, AgencyKind.INTERGOVERNMENTAL):
                northern = index == 2 or (
                    index > 2
                    and kind in (AgencyKind.COOPERATION_AGENCY, AgencyKind.DEVELOPMENT_BANK)
                    and rng.random() < 0.2
                )
                country = rng.choice(ref.north_list if northern and ref.north_list else ref.south)
            name = base = rng.choice(AGENCY_NAMES[kind]).format(
                country="" if country is None else ref.country_en[country],
                ministry=rng.choice(MINISTRIES),
                region=rng.choice(REGIONS),
            )
            number = 2
            while name in names:
                name, number = f"{base} {number}", number + 1
            names.add(name)
            slug = f"{AGENCY_SLUG_PREFIX}{index + 1:04d}"
            rows.append(
                _row(
                    Agency,
                    name=name,
                    acronym="".join(word[0] for word in name.split() if word[0].isupper())[:12],
                    slug=slug,
                    kind=kind,
                    country_id=self._country_pk(country),
                    website=f"https://{slug}.example.org",
                    description_en=f"Synthetic {AgencyKind(kind).label.lower()} for demonstrations.",
                )
            )
            self.agency_country.append(country)
            if country is not None:
                self.agencies_in.setdefault(country, []).append(index)
            if country is None or country in ref.north:
                self.facilitators.append(index)
        self.agency_pk = self._insert(Agency, rows, "agencies", self.progress("Agencies", total))
        self.southern_agencies = [
            index
            for index, country in enumerate(self.agency_country)
            if country is not None and country not in ref.north
        ]

    # Programmes and their partners, themes and SDGs --------------------------------------------
    def _programmes(self):
        rng, ref, total = self.rng("programmes"), self.ref, self.counts["programmes"]
        advance = self.progress("Programmes", total)
        self.programmes: list[_Programme] = []
        for chunk in _chunks(range(total)):
            rows, partners, themes, sdgs = [], [], [], []
            for index in chunk:
                modality = MODALITY(rng)
                owner = rng.choice(self.southern_agencies)
                members, roles = [owner], [PartnerRole.LEAD]
                if modality == Modality.TRIANGULAR:
                    facilitators = [a for a in self.facilitators if a != owner]
                    members.append(
                        rng.choice(facilitators or [a for a in self.southern_agencies if a != owner])
                    )
                    roles.append(PartnerRole.FACILITATING)
                size = rng.randint(len(members) + 1, 5)
                while len(members) < size:
                    candidate = rng.randrange(len(self.agency_pk))
                    if candidate not in members:
                        # The first partner after the lead (and facilitator) receives knowledge.
                        first = len(roles) == (2 if modality == Modality.TRIANGULAR else 1)
                        roles.append(PartnerRole.RECEIVING if first else OTHER_ROLE(rng))
                        members.append(candidate)
                countries = [self.agency_country[member] for member in members]
                countries = list(dict.fromkeys(c for c in countries if c is not None)) or [
                    rng.choice(ref.south)
                ]
                start = FIRST_START + timedelta(days=rng.randrange(365 * 13))
                end = start + timedelta(days=365 * rng.randint(1, 5) - rng.randrange(60))
                if start > REFERENCE_DATE:
                    status = ProgrammeStatus.PLANNED
                elif end < REFERENCE_DATE:
                    status = ProgrammeStatus.SUSPENDED if rng.random() < 0.05 else ProgrammeStatus.COMPLETED
                else:
                    status = ProgrammeStatus.ACTIVE
                theme_list = rng.sample(range(len(ref.theme_pk)), rng.randint(1, min(3, len(ref.theme_pk))))
                title_en, title_es = rng.choice(PROGRAMME_TITLES[modality])
                a, b, c = countries[:3] + [rng.choice(ref.south) for _ in range(3 - len(countries[:3]))]
                names_en = {"a": ref.country_en[a], "b": ref.country_en[b], "c": ref.country_en[c]}
                names_es = {"a": ref.country_es[a], "b": ref.country_es[b], "c": ref.country_es[c]}
                title_en = title_en.format(topic=ref.theme_en[theme_list[0]], **names_en)
                title_es = title_es.format(tema=ref.theme_es[theme_list[0]], **names_es)
                budget = Decimal(rng.randrange(50, 5_000) * 1_000) if rng.random() < 0.7 else None
                programme = _Programme(owner, start, end, members, countries, theme_list, PUBLICATION(rng))
                rows.append(
                    _row(
                        Programme,
                        owner_id=self.agency_pk[owner],
                        publication_status=programme.status,
                        external_id=f"{SAMPLE_PREFIX}programme-{index + 1:06d}",
                        title_en=title_en,
                        title_es=title_es if rng.random() < 0.6 else None,
                        slug=_slug(title_en, index + 1),
                        summary_en=f"{Modality(modality).label} cooperation among {len(members)} partners "
                        f"on {ref.theme_en[theme_list[0]]}.",
                        modality=modality,
                        instrument=INSTRUMENT(rng),
                        status=status,
                        start_date=start,
                        end_date=None if end > REFERENCE_DATE and rng.random() < 0.15 else end,
                        framework_id=rng.choice(ref.frameworks)
                        if ref.frameworks and rng.random() < 0.25
                        else None,
                        budget=budget,
                        currency=CURRENCY(rng) if budget else "",
                    )
                )
                self.programmes.append(programme)
                for member, role in zip(members, roles, strict=True):
                    since = until = None
                    if rng.random() < 0.2:  # roles can change during a programme
                        since = start + timedelta(days=rng.randrange(180))
                        until = since + timedelta(days=rng.randrange(90, 900))
                    partners.append((programme, member, role, since, until))
                themes.extend((programme, ref.theme_pk[theme]) for theme in theme_list)
                sdgs.extend((programme, sdg) for sdg in sorted(rng.sample(ref.sdgs, rng.randint(1, 4))))
            self._insert(Programme, rows, "programmes", advance, records=self.programmes[chunk[0] :])
            self._insert(
                ProgrammePartner,
                [
                    _row(ProgrammePartner, programme_id=p.pk, agency_id=self.agency_pk[a], role=role,
                         start_date=since, end_date=until)
                    for p, a, role, since, until in partners
                ],
                "programme partners",
            )  # fmt: skip
            self._link(Programme.themes, ((p.pk, theme) for p, theme in themes))
            self._link(Programme.sdgs, ((p.pk, sdg) for p, sdg in sdgs))

    # Study tours and capacity-building events --------------------------------------------------
    def _activities(self):
        rng, ref, total = self.rng("activities"), self.ref, self.counts["activities"]
        advance = self.progress("Study tours and events", total)
        programmes = self.programmes
        # Every programme has an activity before any has a second one (when there are enough).
        programme_of = [programmes[i % len(programmes)] for i in range(min(total, len(programmes)))]
        programme_of += [rng.choice(programmes) for _ in range(total - len(programme_of))]
        participations = _split(self.counts["participations"], total, rng, spread=0.7)
        self.activities: list[_Activity] = []
        for chunk in _chunks(range(total)):
            rows, organisers, themes, visited = [], [], [], []
            for index in chunk:
                programme = programme_of[index]
                owner = programme.owner if rng.random() < 0.6 else rng.choice(programme.partners)
                study_tour = rng.random() < 0.4
                start = programme.start + timedelta(
                    days=rng.randint(0, max(0, (programme.end - programme.start).days - 7))
                )
                event_kind = "" if study_tour else EVENT_KIND(rng)
                if study_tour:
                    form = ActivityFormat.HYBRID if rng.random() < 0.1 else ActivityFormat.IN_PERSON
                    end = start + timedelta(days=rng.randint(3, 7))
                elif event_kind == EventKind.WEBINAR:
                    form, end = ActivityFormat.VIRTUAL, start
                else:
                    form, end = EVENT_FORMAT(rng), start + timedelta(days=rng.randint(0, 4))
                host = None
                if form != ActivityFormat.VIRTUAL or rng.random() < 0.3:
                    host = rng.choice(programme.countries)
                city = "" if host is None else CAPITALS.get(ref.country_iso3[host], "")
                theme_list = rng.sample(programme.themes, rng.randint(1, len(programme.themes)))
                topic = ref.theme_en[theme_list[0]]
                place = " (online)" if host is None else f" in {city or ref.country_en[host]}"
                if study_tour:
                    title = f"Study tour on {topic}{place}, {start.year}"
                else:
                    title = f"{EVENT_TITLES[event_kind].format(topic=topic)}{place}, {start.year}"
                status = programme.status
                if status == PublicationStatus.PUBLISHED:
                    status = PUBLICATION(rng)
                activity = _Activity(programme, owner, end, host, theme_list, status, participations[index])
                rows.append(
                    _row(
                        Activity,
                        owner_id=self.agency_pk[owner],
                        publication_status=status,
                        external_id=f"{SAMPLE_PREFIX}activity-{index + 1:06d}",
                        kind=ActivityKind.STUDY_TOUR if study_tour else ActivityKind.EVENT,
                        programme_id=programme.pk,
                        title_en=title,
                        slug=_slug(title, index + 1),
                        summary_en=f"{'Study tour' if study_tour else EventKind(event_kind).label} "
                        f"for {len(programme.partners)} partner agencies on {topic}.",
                        learning_objectives_en=f"How peers run {topic} policies and what it takes to "
                        "adapt them."
                        if study_tour
                        else "",
                        start_date=start,
                        end_date=end,
                        host_country_id=self._country_pk(host),
                        city=city,
                        format=form,
                        reported_participants=activity.participations + rng.randint(0, 12)
                        if rng.random() < 0.7
                        else None,
                        event_kind=event_kind,
                        duration_hours=None if study_tour else Decimal(rng.choice((2, 4, 8, 16, 24, 40))),
                    )
                )
                self.activities.append(activity)
                organisers.append((activity, owner))
                other = rng.choice(programme.partners)
                if other != owner and rng.random() < 0.5:
                    organisers.append((activity, other))
                themes.extend((activity, ref.theme_pk[theme]) for theme in theme_list)
                if study_tour and host in self.agencies_in:
                    hosts = self.agencies_in[host]
                    visited.extend(
                        (activity, a) for a in rng.sample(hosts, min(len(hosts), rng.randint(1, 3)))
                    )
            self._insert(Activity, rows, "activities", advance, records=self.activities[chunk[0] :])
            self._link(Activity.organisers, ((a.pk, self.agency_pk[g]) for a, g in organisers))
            self._link(Activity.themes, ((a.pk, theme) for a, theme in themes))
            self._link(Activity.institutions_visited, ((a.pk, self.agency_pk[g]) for a, g in visited))

    # Participants, participations and follow-up responses --------------------------------------
    def _participations(self):
        """Activity by activity: each participation is a new participant of the owning agency or one it
        logged before (about two participations per participant), never twice the same per activity.
        Participants, participations and follow-ups are inserted per chunk of about BATCH_SIZE."""
        rng, total = self.rng("participations"), self.counts["participations"]
        advance = self.progress("Participants and participations", total)
        remaining_new, remaining = self.counts["participants"], total
        pools: dict[int, list[int]] = {}  # owning agency → the participants it logged
        participant_pk: list[int] = []
        activities, position = self.activities, 0
        while position < len(activities):
            chunk, size = [], 0
            while position < len(activities) and (
                not chunk or size + activities[position].participations <= BATCH_SIZE
            ):
                chunk.append(activities[position])
                size += activities[position].participations
                position += 1
            people, slots = [], []
            for activity in chunk:
                pool = pools.setdefault(activity.owner, [])
                chosen: set[int] = set()
                for _ in range(activity.participations):
                    person = None
                    if len(pool) > len(chosen) and rng.random() >= remaining_new / remaining:
                        for _attempt in range(8):
                            candidate = rng.choice(pool)
                            if candidate not in chosen:
                                person = candidate
                                break
                    if person is None:
                        person = len(participant_pk) + len(people)
                        people.append(self._participant(rng, person, activity))
                        pool.append(person)
                        remaining_new -= 1
                    remaining -= 1
                    chosen.add(person)
                    slots.append((activity, person))
            participant_pk += self._insert(Participant, people, "participants")
            rows = [
                _row(
                    Participation,
                    owner_id=self.agency_pk[activity.owner],
                    publication_status=activity.status
                    if activity.status != PublicationStatus.PUBLISHED or rng.random() >= 0.05
                    else PublicationStatus.DRAFT,
                    participant_id=participant_pk[person],
                    activity_id=activity.pk,
                    role=PARTICIPATION_ROLE(rng),
                )
                for activity, person in slots
            ]
            self._insert(Participation, rows, "participations", advance)
            self._insert(FollowUpResponse, self._follow_ups(rng, slots, rows), "follow-up responses")

    def _participant(self, rng: random.Random, index: int, activity: _Activity) -> Participant:
        country = rng.choice(activity.programme.countries)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        agencies = self.agencies_in.get(country)
        agency = rng.choice(agencies) if agencies and rng.random() < 0.6 else None
        email = (
            f"{ASCII_NAMES[first]}.{ASCII_NAMES[last]}.{index + 1}@example.org" if rng.random() < 0.8 else ""
        )
        return _row(
            Participant,
            owner_id=self.agency_pk[activity.owner],
            publication_status=activity.status,
            external_id=f"{SAMPLE_PREFIX}participant-{index + 1:07d}",
            name=f"{first} {last}",
            email=email,
            gender=GENDER(rng),
            position=rng.choice(POSITIONS),
            agency_id=self._agency_pk(agency),
            country_id=self.ref.country_pk[country],
            is_demo=True,
        )

    def _follow_ups(self, rng, slots, participations) -> list[FollowUpResponse]:
        """For a share of the participations in activities that ended before REFERENCE_DATE: one
        response 30 to 240 days after the end, sometimes a second one months later."""
        rows = []
        for (activity, _person), participation in zip(slots, participations, strict=True):
            if activity.end >= REFERENCE_DATE or rng.random() >= FOLLOW_UP_SHARE:
                continue
            dates = [min(activity.end + timedelta(days=rng.randint(30, 240)), REFERENCE_DATE)]
            later = dates[0] + timedelta(days=rng.randint(120, 400))
            if rng.random() < SECOND_FOLLOW_UP_SHARE and later <= REFERENCE_DATE:
                dates.append(later)
            for responded_on in dates:
                applies = rng.random() < 0.85
                rows.append(
                    _row(
                        FollowUpResponse,
                        owner_id=participation.owner_id,
                        publication_status=participation.publication_status,
                        participation_id=participation.pk,
                        responded_on=responded_on,
                        applies_skills=applies,
                        fed_policy_measure=applies and rng.random() < 0.3,
                        comments=rng.choice(COMMENTS),
                    )
                )
        return rows

    # Practices ---------------------------------------------------------------------------------
    def _practices(self):
        """Each practice comes from the host country of a past activity where it was shown (or of a
        partner, for an online one), from an agency there when there is one."""
        rng, ref, total = self.rng("practices"), self.ref, self.counts["practices"]
        advance = self.progress("Practices", total)
        sources = [a for a in self.activities if a.end < REFERENCE_DATE] or self.activities
        self.practices: list[_Practice] = []
        for chunk in _chunks(range(total)):
            rows, themes, presented = [], [], []
            for index in chunk:
                activity = rng.choice(sources)
                origin = (
                    activity.host if activity.host is not None else rng.choice(activity.programme.countries)
                )
                agencies = self.agencies_in.get(origin)
                agency = rng.choice(agencies) if agencies else None
                shown_at = list(
                    dict.fromkeys([activity, *(rng.choice(sources) for _ in range(rng.randint(0, 2)))])
                )
                theme = rng.choice(activity.themes)
                title = rng.choice(PRACTICE_TITLES).format(topic=ref.theme_en[theme])
                title = f"{title} ({ref.country_en[origin]})"
                practice = _Practice(origin, shown_at)
                rows.append(
                    _row(
                        Practice,
                        owner_id=self.agency_pk[activity.owner if agency is None else agency],
                        publication_status=PUBLICATION(rng),
                        external_id=f"{SAMPLE_PREFIX}practice-{index + 1:06d}",
                        title_en=title,
                        slug=_slug(title, index + 1),
                        summary_en=f"A practice from {ref.country_en[origin]} on {ref.theme_en[theme]}.",
                        origin_country_id=ref.country_pk[origin],
                        origin_agency_id=self._agency_pk(agency),
                    )
                )
                self.practices.append(practice)
                themes.append((practice, ref.theme_pk[theme]))
                presented.extend((practice, a) for a in shown_at)
            self._insert(Practice, rows, "practices", advance, records=self.practices[chunk[0] :])
            self._link(Practice.themes, ((p.pk, theme) for p, theme in themes))
            self._link(Practice.presented_at, ((p.pk, a.pk) for p, a in presented))

    # Policy adoptions and their stage history --------------------------------------------------
    def _adoptions(self):
        """Each practice is adopted by distinct countries other than its own, preferably partners of
        the programme whose activity showed it, each adoption with the stages up to its current one."""
        rng, ref, total = self.rng("adoptions"), self.ref, self.counts["adoptions"]
        advance = self.progress("Policy adoptions", total)
        n_countries = len(ref.country_pk)
        per_practice = _split(total, len(self.practices), rng, spread=0.9)
        number = 0
        for chunk in _chunks(range(len(self.practices)), BATCH_SIZE // 4):
            rows, histories = [], []
            for index in chunk:
                practice = self.practices[index]
                taken = {practice.origin}
                for _ in range(min(per_practice[index], n_countries - 1)):
                    activity = rng.choice(practice.activities)
                    candidates = [c for c in activity.programme.countries if c not in taken]
                    country = rng.choice(candidates) if candidates and rng.random() < 0.6 else None
                    while country is None or country in taken:
                        country = rng.choice(ref.south) if rng.random() < 0.95 else rng.randrange(n_countries)
                    taken.add(country)
                    agencies = self.agencies_in.get(country)
                    agency = rng.choice(agencies) if agencies and rng.random() < 0.6 else None
                    stage = STAGE_REACHED(rng)
                    reached = activity.end + timedelta(days=rng.randint(15, 120))
                    history = []
                    for step in STAGES[: stage + 1]:
                        history.append((step, reached))
                        reached += timedelta(days=rng.randint(30, 240))
                    histories.append(history)
                    number += 1
                    rows.append(
                        _row(
                            PolicyAdoption,
                            owner_id=self.agency_pk[activity.owner if agency is None else agency],
                            publication_status=PUBLICATION(rng),
                            external_id=f"{SAMPLE_PREFIX}adoption-{number:06d}",
                            practice_id=practice.pk,
                            adopting_country_id=ref.country_pk[country],
                            adopting_agency_id=self._agency_pk(agency),
                            activity_id=activity.pk,
                            programme_id=activity.programme.pk,
                            stage=STAGES[stage],
                            description=f"{ref.country_en[country]} has reached the stage "
                            f"“{STAGES[stage].label.lower()}”.",
                            evidence_url=f"https://example.org/evidence/{number}"
                            if rng.random() < 0.3
                            else "",
                        )
                    )
            pks = self._insert(PolicyAdoption, rows, "policy adoptions", advance)
            self._insert(
                AdoptionStageChange,
                [
                    _row(AdoptionStageChange, adoption_id=pk, stage=stage, reached_on=reached)
                    for pk, history in zip(pks, histories, strict=True)
                    for stage, reached in history
                ],
                "adoption stage changes",
            )
