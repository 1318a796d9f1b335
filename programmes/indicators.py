"""Computed figures, in one place for the pages, the API and exports. Every figure counts published
records only and is computed in the database in a fixed number of queries, whatever the data size."""

import functools
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import ExtractYear

from partners.models import Country, CountryGroup, OwnedRecord, PublicationStatus
from programmes.choices import ActivityKind, AdoptionStage, Gender
from programmes.models import (
    Activity,
    CountedAdoption,
    CountedParticipation,
    CountedProgramme,
    Programme,
    ProgrammePartner,
)
from programmes.models.outcomes import MOVE_FIELDS, participation_counts
from sscportal.languages import plain_values_list
from sscportal.lookups import keys_in

PUBLISHED = PublicationStatus.PUBLISHED
STAGES = tuple((stage.value, stage.label) for stage in AdoptionStage)  # in order; labels translate late


class Named(SimpleNamespace):
    """A record as the figures name it, read with values_list() rather than as a model instance: its
    `pk`, its codes (`iso3`, `m49_code`, `slug`: _named_fields()) and its `name` in the active language,
    which str() gives. Equal to another of the same model and key."""

    def __str__(self):
        return str(self.name)

    def __eq__(self, other):
        return isinstance(other, Named) and (self.model, self.pk) == (other.model, other.pk)

    def __hash__(self):
        return hash((self.model, self.pk))


@functools.cache
def _named_fields():
    from programmes.models import Practice

    return {  # what a Named of each model holds: {attribute: field}
        # a country's M49 region and flags too, which reach() counts participants by
        Country: {
            "iso3": "iso3",
            "name": "name",
            "region_id": "region",
            "is_sids": "is_sids",
            "is_ldc": "is_ldc",
        },
        CountryGroup: {"m49_code": "m49_code", "slug": "slug", "name": "name"},
        Programme: {"slug": "slug", "name": "title"},
        Activity: {"slug": "slug", "name": "title"},
        Practice: {"slug": "slug", "name": "title"},
    }


KEYS_SENT_AT_MOST = 200  # more keys to name are chosen by a subquery (see names())


def names(model, keys, of=None) -> dict:
    """{key: Named} for the records of `model` with these primary keys, in one query (none when there
    are no keys); names in the active language (sscportal.languages). Of the records agencies log
    (programmes, activities, practices), published ones only: a published activity of a draft programme
    counts, but the figures do not name the draft (see unnamed_together).

    `of`, when given, is a QuerySet of the same keys (values() of one field), which the database reads
    as a subquery when there are more than KEYS_SENT_AT_MOST keys: sent as parameters, one for each,
    the 2,000 practices of the sample data took 20 ms to bind and parse, the subquery 3. (Keys are
    now sent as one parameter on PostgreSQL: keys_in().)"""
    keys = set(keys) - {None}
    if not keys:
        return {}
    chosen = of if of is not None and len(keys) > KEYS_SENT_AT_MOST else keys
    return _names_of(model, keys_in("pk", chosen))


def _names_of(model, chosen: Q) -> dict:
    """{key: Named} for the records of `model` that `chosen` chooses (published ones: see names())."""
    records = model._default_manager.all()
    if issubclass(model, OwnedRecord):
        records = records.published()
    rows = plain_values_list(records.filter(chosen).order_by(), "pk", *_named_fields()[model].values())
    return {pk: _named(model, pk, values) for pk, *values in rows}


class NameBook:
    """names() for a set of figures that name records of the same kinds several times: the impact
    page names countries in four of its figures and M49 regions in two. Reference data (countries and
    country groups: a few hundred records, whatever the data size) is read whole, once per model, by
    the first figure that names one; records agencies log (programmes, activities, practices: thousands)
    are read as names() reads them, for the keys asked."""

    READ_WHOLE = (Country, CountryGroup)

    def __init__(self):
        self._whole = {}

    def __call__(self, model, keys, of=None) -> dict:
        if model not in self.READ_WHOLE:
            return names(model, keys, of)
        if model not in self._whole:
            self._whole[model] = _names_of(model, Q())
        whole = self._whole[model]
        return {key: whole[key] for key in set(keys) if key in whole}


def unnamed_together(by_key: dict, named, add) -> dict:
    """`by_key` ({key: figures}) with the groups whose record names() did not name (none recorded, or
    not published) added together under None, by add(figures, more) -> figures. `named`: what names()
    answered, or any collection of the keys that are named."""
    together = {}
    for key, figures in by_key.items():
        key = key if key in named else None
        together[key] = add(together[key], figures) if key in together else figures
    return together


def _named(model, pk, values) -> Named:
    """The Named of `model`'s record `pk`, from the values of its _named_fields(), in their order."""
    return Named(model=model._meta.label, pk=pk, **dict(zip(_named_fields()[model], values, strict=True)))


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


def headline_figures() -> dict:
    """The figures of the home page: published records, and participations and adoptions as every
    other figure counts them (outcome_records: at a published activity, of a published practice)."""
    records = outcome_records()
    activities = records.activities.aggregate(
        study_tours=Count("id", filter=Q(kind=ActivityKind.STUDY_TOUR)),
        events=Count("id", filter=Q(kind=ActivityKind.EVENT)),
    )
    # A country is involved through a partner agency of a published programme or a published activity
    # it hosted: two EXISTS checks per country (as joins, the database multiplied every country by its
    # agencies' programmes and its activities, then removed the duplicates: 350 ms on sample data).
    partnering = ProgrammePartner.objects.filter(
        agency__country=OuterRef("pk"), programme__publication_status=PUBLISHED
    )
    hosting = records.activities.filter(host_country=OuterRef("pk"))
    # who took part and what the follow-up found: one pass over the participations
    took_part = records.participations.order_by().aggregate(
        **participation_counts(), people=Count("participant", distinct=True)
    )
    return {
        "programmes": Programme.objects.published().count(),
        "countries": Country.objects.filter(Exists(partnering) | Exists(hosting)).count(),
        "study_tours": activities["study_tours"],
        "events": activities["events"],
        "participants": took_part["people"],
        "adoptions": records.adoptions.count(),
        "skills_applied": _follow_up(took_part["took_part"], took_part).skills_applied,
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
    return follow_up(outcome_records(Programme.objects.filter(pk=programme.pk)).participations).skills_applied


# Outcomes: follow-up, the adoption pipeline, knowledge flows and reach --------------------------------
# Each function takes the published records to count (by default all of them; the impact page passes
# those of the programmes its filters chose: outcome_records()) and answers in a fixed number of
# queries: the counting is grouped in the database, and names are read once per kind (names()).


@dataclass(frozen=True)
class OutcomeRecords:
    """The published records a set of figures counts."""

    participations: object  # QuerySet of CountedParticipation
    adoptions: object  # QuerySet of CountedAdoption
    activities: object  # QuerySet of Activity
    # QuerySet of CountedProgramme: the participations added up per programme, when they are all those
    # of some programmes (outcome_records); None when they are fewer (those of one activity)
    programme_totals: object = None

    def counts(self) -> "ParticipationCounts":
        """The participations counted per group (by programme from the totals, when there are any)."""
        return ParticipationCounts(self.participations, self.programme_totals)


KEYS_READ_AT_MOST = 10_000  # more chosen records stay a subquery (SQLite allows 32,766 parameters)


def keys_of(records):
    """The keys of `records` (a QuerySet) as a list, read once, when there are at most
    KEYS_READ_AT_MOST of them; else the QuerySet, as a subquery; a list or None as it is."""
    if not isinstance(records, QuerySet):
        return records
    keys = list(records.values_list("pk", flat=True)[: KEYS_READ_AT_MOST + 1])
    return keys if len(keys) <= KEYS_READ_AT_MOST else records


def outcome_records(programmes=None) -> OutcomeRecords:
    """Published participations and activities (of published activities), and published adoptions of
    published practices: all of them, or those of `programmes` (a QuerySet, e.g. a filtered list, or a
    list of keys; an adoption is theirs when linked to one of them or to one of their activities). A
    QuerySet is read once, for its keys: as a subquery in each figure's query (the filters' EXISTS
    clauses) it was evaluated again by each. Participations and adoptions are read from
    CountedParticipation and CountedAdoption, which hold the published ones with what they are counted
    by, and CountedProgramme, which holds the participations added up per programme."""
    activities = Activity.objects.published()
    participations = CountedParticipation.objects.all()
    programme_totals = CountedProgramme.objects.all()
    adoptions = CountedAdoption.objects.all()
    programmes = keys_of(programmes)
    if programmes is not None:
        chosen = keys_in("programme", programmes)
        activities = activities.filter(chosen)
        participations = participations.filter(chosen)
        programme_totals = programme_totals.filter(chosen)
        adoptions = adoptions.filter(chosen | keys_in("activity_programme", programmes))
    return OutcomeRecords(participations, adoptions, activities, programme_totals)


@dataclass(frozen=True)
class FollowUp:
    """What the follow-up of some participations found: who applies the skills or knowledge gained,
    and who fed a policy measure, each a Share of the participations that answered."""

    skills_applied: Share
    policy_measure: Share

    @property
    def answered(self):
        return self.skills_applied.denominator

    @property
    def participants(self):
        return self.skills_applied.participants


@dataclass(frozen=True)
class Breakdown:
    """One group of a figure broken down by a dimension: `key` is the record or value it is for
    (a Programme, an Activity, a Country, a year), or None for records without one."""

    key: object
    figures: object


def _follow_up(took_part, answers) -> FollowUp:
    return FollowUp(
        skills_applied=Share(answers.get("applying", 0), answers.get("answered", 0), took_part),
        policy_measure=Share(answers.get("fed", 0), answers.get("answered", 0), took_part),
    )


def follow_up(participations) -> FollowUp:
    """The follow-up figures of `participations` (published ones: see outcome_records). One query."""
    counts = participations.order_by().aggregate(**participation_counts())
    return _follow_up(counts["took_part"], counts)


def follow_up_total(breakdown) -> FollowUp:
    """The follow-up figures of all the groups of a follow_up_by() breakdown together: participations
    and their answers belong to exactly one group, so the counts add up (no query)."""
    took_part = sum(item.figures.participants for item in breakdown)
    answered = sum(item.figures.answered for item in breakdown)
    return FollowUp(
        skills_applied=Share(
            sum(item.figures.skills_applied.numerator for item in breakdown), answered, took_part
        ),
        policy_measure=Share(
            sum(item.figures.policy_measure.numerator for item in breakdown), answered, took_part
        ),
    )


GROUPS = {  # what participations can be grouped by: columns of CountedParticipation
    "programme": F("programme"),
    "activity": F("activity"),
    "country": F("country"),
    "gender": F("gender"),
    "year": F("year"),
}
FOLLOW_UP_DIMENSIONS = {"programme": Programme, "activity": Activity, "country": Country, "year": None}
FIGURES = ("took_part", "answered", "applying", "fed")


class ParticipationCounts:
    """Some participations counted per group, once per grouping, for every figure that needs that
    grouping: the follow-up counts (FIGURES: each participation once) and the distinct participants
    and their countries. Each grouping is one query, run when a figure first asks for it, so the impact
    page's follow-up and reach figures share three. Grouped by programme alone, they are read from
    `programme_totals` when given (OutcomeRecords.programme_totals: the same groups, added up when the
    participations were written), so the page passes over the participations twice."""

    def __init__(self, participations, programme_totals=None):
        self.participations = participations
        self.programme_totals = programme_totals
        self._rows = {}

    def rows(self, *dimensions) -> list[dict]:
        """[{"by_<dimension>": key…, FIGURES…, "participants"}] per group, and "participant_countries"
        when grouped by programme, the one figure that reads it (each DISTINCT count sorts the rows once
        more: on sample data, grouping by country and gender took three times as long with it)."""
        if dimensions not in self._rows:
            self._rows[dimensions] = list(self._grouped(dimensions))
        return self._rows[dimensions]

    def _grouped(self, dimensions) -> QuerySet:
        if dimensions == ("programme",) and self.programme_totals is not None:
            return self.programme_totals.order_by().values(
                *FIGURES, "participants", "participant_countries", by_programme=F("programme")
            )
        countries = (
            {"participant_countries": Count("country", distinct=True)} if "programme" in dimensions else {}
        )
        return (
            self.participations.order_by()
            .annotate(**{f"by_{dimension}": GROUPS[dimension] for dimension in dimensions})
            .values(*(f"by_{dimension}" for dimension in dimensions))
            .annotate(**participation_counts(), participants=Count("participant", distinct=True), **countries)
        )


def counts_of(participations) -> ParticipationCounts:
    return (
        participations
        if isinstance(participations, ParticipationCounts)
        else ParticipationCounts(participations)
    )


def follow_up_breakdowns(participations, *dimensions, within=(), named=names) -> dict[str, list[Breakdown]]:
    """The follow-up figures of `participations` (a QuerySet, or their ParticipationCounts) for each
    group of each of `dimensions` (programme, activity, country of participant or year:
    FOLLOW_UP_DIMENSIONS), most participations first. One query grouped by all the dimensions at once,
    whose groups are added up per dimension (each participation is in exactly one group), and one query
    of names per dimension naming records. Grouped `within` further dimensions too (added up here), the
    query is the one another figure needs (reach: by country within gender). Records are named by
    `named` (names(), or a NameBook shared with other figures)."""
    sums = {dimension: {} for dimension in dimensions}
    for row in counts_of(participations).rows(*dimensions, *within):
        for dimension in dimensions:
            total = sums[dimension].setdefault(row[f"by_{dimension}"], dict.fromkeys(FIGURES, 0))
            for figure in FIGURES:
                total[figure] += row[figure]
    result = {}
    for dimension, counts in sums.items():
        model = FOLLOW_UP_DIMENSIONS[dimension]
        records = named(model, counts) if model else {}
        if model:
            counts = unnamed_together(counts, records, _added_figures)
        breakdown = [
            Breakdown(records.get(key, key), _follow_up(figures["took_part"], figures))
            for key, figures in counts.items()
        ]
        result[dimension] = sorted(breakdown, key=lambda item: (-item.figures.participants, str(item.key)))
    return result


def follow_up_first_programmes(participations, first: int, published=None) -> "Largest":
    """The first `first` groups of follow_up_by(participations, "programme") (a Largest), for a page
    that shows the first rows of a breakdown by hundreds of programmes: the groups' counts (shared with
    other figures: ParticipationCounts), the keys of the published programmes, to add up those of the
    others under None first, and the names of the groups that can be among the first only.
    `published`: those keys, when the caller has read them (at least those of the participations'
    published programmes)."""
    if published is None:
        published = Programme.objects.published().values_list("pk", flat=True)
    published = set(published)
    groups = {
        row["by_programme"]: {figure: row[figure] for figure in FIGURES}
        for row in counts_of(participations).rows("programme")
    }
    sums = unnamed_together(groups, published, _added_figures)  # as follow_up_breakdowns() does
    records = {}
    chosen = largest_keys(
        {key: figures["took_part"] for key, figures in sums.items()},
        lambda keys: _sort_names(records, Programme, keys),
        first,
    )
    return Largest(
        [Breakdown(records.get(key), _follow_up(sums[key]["took_part"], sums[key])) for key in chosen],
        len(sums),
    )


def _added_figures(figures, more):
    return {figure: figures[figure] + more[figure] for figure in FIGURES}


def follow_up_by(participations, dimension) -> list[Breakdown]:
    """The follow-up figures of `participations` for each group of one dimension (see
    follow_up_breakdowns). Two queries at most."""
    return follow_up_breakdowns(participations, dimension)[dimension]


@dataclass(frozen=True)
class StageFigure:
    """One stage of the adoption pipeline: adoptions now at it, adoptions that reached it or a later
    stage (the funnel), and how long, on average, adoptions took to reach it from the stage before."""

    stage: str
    label: str
    now: int
    reached: int
    moved: int  # adoptions with dates for this stage and an earlier one
    average_days: float | None  # from the latest earlier stage reached


class Pipeline:
    """The adoption pipeline of some adoptions, from {stage: adoptions now at it} and {stage: {moved,
    took}}: how many reached each later stage from an earlier one they have a date for, and the days
    those moves took in all. Its StageFigures are worked out when first asked for: a breakdown by
    practice has thousands of pipelines, and a page shows the first few."""

    def __init__(self, now: dict, moved: dict):
        self.now, self.moved = now, moved

    def __eq__(self, other):
        return isinstance(other, Pipeline) and self.stages == other.stages

    __hash__ = None

    def __repr__(self):
        return f"Pipeline({self.stages!r})"

    def __add__(self, other):
        """Two groups' adoptions together (each adoption is in one group, so the counts add up)."""
        moved = {stage: dict(move) for stage, move in self.moved.items()}
        for stage, move in other.moved.items():
            together = moved.setdefault(stage, {"moved": 0, "took": 0})
            together["moved"] += move["moved"]
            together["took"] += move["took"]
        now = {
            stage: self.now.get(stage, 0) + other.now.get(stage, 0) for stage in self.now.keys() | other.now
        }
        return Pipeline(now, moved)

    @property
    def total(self):
        return sum(self.now.values())

    @property
    def counts(self):
        """Adoptions now at each stage, in the order of AdoptionStage."""
        return tuple(self.now.get(value, 0) for value, _label in STAGES)

    @functools.cached_property
    def stages(self) -> list[StageFigure]:
        stages, reached = [], 0
        for value, label in reversed(STAGES):
            reached += self.now.get(value, 0)
            move = self.moved.get(value, {"moved": 0})
            average = move["took"] / move["moved"] if move["moved"] else None
            stages.append(
                StageFigure(
                    stage=value,
                    label=label,
                    now=self.now.get(value, 0),
                    reached=reached,
                    moved=move["moved"],
                    average_days=round(average, 1) if average is not None else None,
                )
            )
        return stages[::-1]


def _pipeline_counts(durations=True) -> dict:
    """What to count per group of counted adoptions: those now at each stage and, unless
    durations=False, for each later stage the adoptions that moved to it from an earlier dated stage
    and the days those moves took in all (CountedAdoption holds each adoption's days to each stage)."""
    counts = _stage_counts()
    if durations:
        for stage, field in MOVE_FIELDS.items():
            counts[f"moved_{stage}"] = Count(field)
            counts[f"took_{stage}"] = Sum(field)
    return counts


def _pipeline(row: dict) -> Pipeline:
    """The Pipeline of one group counted by _pipeline_counts()."""
    now = {value: row[f"now_{value}"] for value, _label in STAGES if row[f"now_{value}"]}
    moved = {
        stage: {"moved": row[f"moved_{stage}"], "took": row[f"took_{stage}"]}
        for stage in MOVE_FIELDS
        if row.get(f"moved_{stage}")
    }
    return Pipeline(now, moved)


def adoption_pipeline(adoptions, durations=True) -> Pipeline:
    """How many adoptions (counted ones: see outcome_records) are at each stage (interest, adapting,
    piloting, adopted, scaled), how many reached each, and (unless durations=False) the average days
    from one stage to the next, from the dated stage history. One query."""
    return _pipeline(adoptions.order_by().aggregate(**_pipeline_counts(durations)))


PIPELINE_DIMENSIONS = {  # what to break the pipeline down by: columns of CountedAdoption
    "programme": Programme,
    "practice": None,  # named below, from programmes.models
    "origin_country": Country,
    "adopting_country": Country,
    "origin_region": CountryGroup,
    "adopting_region": CountryGroup,
}


def adoption_pipeline_by(adoptions, dimension, first=None, named=names) -> list[Breakdown]:
    """The adoption pipeline (figures: a Pipeline, with its stage durations) of each programme,
    practice, origin or adopting country or region (PIPELINE_DIMENSIONS). Most adoptions first. Two
    queries: the counts grouped in the database, and the names.

    With `first`, only the first groups (a Largest), for a page that shows those of a breakdown with
    thousands: three queries (every group's adoptions, the names of those that can be among the
    first, and the pipelines of the first). Not by programme: its unpublished programmes are counted
    together, so which groups come first is only known once all are named. Groups are named by
    `named` (names(), or a NameBook)."""
    from programmes.models import Practice

    model = PIPELINE_DIMENSIONS[dimension] or Practice
    rows = adoptions.order_by().values(dimension)
    if first is not None:
        if dimension == "programme":
            raise ValueError("the first groups by programme are known once all programmes are named")
        records = {}
        totals = dict(rows.annotate(n=Count("pk")).values_list(dimension, "n"))
        chosen = largest_keys(totals, lambda keys: _sort_names(records, model, keys, named), first)
        pipelines = {
            row.pop(dimension): _pipeline(row)
            for row in rows.filter(_among(dimension, chosen)).annotate(**_pipeline_counts())
        }
        return Largest([Breakdown(records.get(key), pipelines[key]) for key in chosen], len(totals))
    groups = {row.pop(dimension): _pipeline(row) for row in rows.annotate(**_pipeline_counts())}
    records = named(model, groups, of=adoptions.values(dimension))
    groups = unnamed_together(groups, records, Pipeline.__add__)
    totals = {key: pipeline.total for key, pipeline in groups.items()}
    order = largest_keys(totals, lambda keys: {key: str(records.get(key)) for key in keys})
    return [Breakdown(records.get(key), groups[key]) for key in order]


class Largest(list):
    """The first groups of a breakdown, largest first, and `all_groups`: how many it has in all. A page
    shows the first rows of a breakdown with thousands of groups; its download has them all."""

    def __init__(self, items, all_groups: int):
        super().__init__(items)
        self.all_groups = all_groups


def largest_keys(totals: dict, sort_names, first: int | None = None) -> list:
    """The keys of {key: total}, largest first, then by what sort_names(keys) answers for each ({key:
    its names}): the order of every breakdown of adoptions, whole (its CSV) or cut (its page). With
    `first`, the first `first` only, and only the keys as large as the first-th largest are named: the
    others cannot be among the first."""
    totals = as_large_as_first(totals, first)
    called = sort_names(totals.keys())
    return sorted(totals, key=lambda key: (-totals[key], called[key]))[:first]


def as_large_as_first(totals: dict, first: int | None) -> dict:
    """The groups of {key: total} that can be among the first `first` when the largest come first:
    those as large as the first-th largest, ties included (all of them without `first`, or when there
    are no more). The one cut of every breakdown a page shows the first rows of."""
    if first is None or len(totals) <= first:
        return totals
    cut = sorted(totals.values(), reverse=True)[first - 1]
    return {key: total for key, total in totals.items() if total >= cut}


def _sort_names(records: dict, model, keys, named=names) -> dict:
    """{key: its name as the figures sort it (a record not named sorts as "None")} for `keys` of
    `model`, whose Named records (named(): names() or a NameBook) are added to `records`."""
    records.update(named(model, keys))
    return {key: str(records.get(key)) for key in keys}


def _among(field, keys) -> Q:
    """The rows whose `field` is one of `keys` (None among them: the rows without one)."""
    chosen = keys_in(field, set(keys) - {None})
    return chosen | Q(**{f"{field}__isnull": True}) if None in keys else chosen


def _stage_counts() -> dict:
    """What to count per group of counted adoptions, for the pipeline and the knowledge flows: those
    now at each stage."""
    return {f"now_{value}": Count("pk", filter=Q(stage=value)) for value, _label in STAGES}


@dataclass(frozen=True)
class Flow:
    """Practices of one origin (country or region) adopted in another, counted by stage now."""

    origin: object
    adopting: object
    by_stage: tuple[int, ...]  # in the order of AdoptionStage

    @property
    def total(self):
        return sum(self.by_stage)


FLOW_LEVELS = {  # M49's sub-regions name Latin America and the Caribbean, which its regions do not
    "country": ("origin_country", "adopting_country", Country),
    "subregion": ("origin_subregion", "adopting_subregion", CountryGroup),
    "region": ("origin_region", "adopting_region", CountryGroup),
}


def knowledge_flows(adoptions, level="region", first=None, named=names) -> list[Flow]:
    """Who learned from whom: adoptions counted by the practice's origin and the adopting country (or
    their M49 sub-regions or regions: FLOW_LEVELS), and by stage; largest flows first. Two queries
    (places named by `named`: names(), or a NameBook).

    With `first`, only the first flows (a Largest), for a page that shows those of the thousands
    between countries: three queries (every flow's adoptions, the names of the places of those that
    can be among the first, and the stages of the first)."""
    if first is None:
        return knowledge_flows_at(adoptions, level, named=named)[level]
    origin, adopting, model = FLOW_LEVELS[level]
    rows = adoptions.order_by().values_list(origin, adopting)
    totals = {(source, target): n for source, target, n in rows.annotate(n=Count("pk"))}
    places = {}

    def sort_names(pairs):
        called = _sort_names(places, model, {place for pair in pairs for place in pair}, named)
        return {(source, target): (called[source], called[target]) for source, target in pairs}

    chosen = largest_keys(totals, sort_names, first)
    among = _among(origin, {source for source, _target in chosen}) & _among(
        adopting, {target for _source, target in chosen}
    )
    stages = {
        (source, target): by_stage
        for source, target, *by_stage in rows.filter(among).annotate(**_stage_counts())
    }
    flows = [
        Flow(places.get(source), places.get(target), tuple(stages[source, target]))
        for source, target in chosen
    ]
    return Largest(flows, len(totals))


def knowledge_flows_at(adoptions, *levels, named=names) -> dict[str, list[Flow]]:
    """{level: knowledge_flows(adoptions, level)} for each of `levels`: one query, grouped by the places
    of every level at once and counted by stage in the database, whose groups are added up per level
    (each adoption is in one group; a sub-region lies in one region, so grouping by both makes no more
    groups than by sub-region alone), and one query of names per kind of place (countries, M49 groups),
    by `named` (names(), or a NameBook)."""
    columns = [column for level in levels for column in FLOW_LEVELS[level][:2]]
    counts = {level: {} for level in levels}  # {level: {(origin, adopting): adoptions at each stage}}
    for row in adoptions.order_by().values_list(*columns).annotate(**_stage_counts()):
        places, by_stage = row[: len(columns)], row[len(columns) :]
        for index, level in enumerate(levels):
            pair = places[2 * index : 2 * index + 2]
            added = counts[level].get(pair)
            counts[level][pair] = (
                by_stage if added is None else tuple(map(sum, zip(added, by_stage, strict=True)))
            )
    keys = {}  # {model: the keys of its places}
    for level in levels:
        keys.setdefault(FLOW_LEVELS[level][2], set()).update(key for pair in counts[level] for key in pair)
    places = {model: named(model, model_keys) for model, model_keys in keys.items()}
    return {level: _largest_first(counts[level], places[FLOW_LEVELS[level][2]]) for level in levels}


def _largest_first(counts, places) -> list[Flow]:
    """The Flows of {(origin, adopting): adoptions at each stage}, named from `places` (names()): the
    largest first, then by the places' names (a place not named sorts as "None")."""
    called = {key: str(place) for key, place in places.items()}
    order = largest_keys(
        {pair: sum(stages) for pair, stages in counts.items()},
        lambda pairs: {
            (source, target): (called.get(source, "None"), called.get(target, "None"))
            for source, target in pairs
        },
    )
    return [
        Flow(places.get(source), places.get(target), tuple(counts[source, target]))
        for source, target in order
    ]


def interregional(flows) -> list[Flow]:
    """The flows between different places (at region level: Asia ↔ the Americas, with Africa…), as the
    sources emphasise interregional learning."""
    return [flow for flow in flows if flow.origin != flow.adopting]


@dataclass(frozen=True)
class Reach:
    """Whom the activities reached: distinct participants by region, gender and year, activities by
    host region and year, and participants from small island developing states and least developed
    countries."""

    participants: int
    by_region: list[Breakdown]  # figures: participants
    by_gender: list[Breakdown]  # key: the Gender (its .label is the name to show)
    by_year: list[Breakdown]  # figures: (participants, activities)
    activities_by_region: list[Breakdown]
    sids_participants: int
    ldc_participants: int


def reach(records: OutcomeRecords, counts: ParticipationCounts | None = None, named=names) -> Reach:
    """The reach of `records`' activities and participations (counted by `counts`, when the caller
    shares them with other figures). Five queries (two of them names, by `named`: names(), or a
    NameBook that may have read them for another figure).

    A participant has one country (so one region, one SIDS and one LDC flag) and one gender: counted
    once per country and gender, the distinct participants add up to each total exactly. Years do
    not (a person may take part in two years), so they have their own count."""
    counts = counts or ParticipationCounts(records.participations)
    groups = counts.rows("country", "gender")
    places = {
        pk: (country.region_id, country.is_sids, country.is_ldc)
        for pk, country in named(Country, {row["by_country"] for row in groups}).items()
    }
    per_region, per_gender, totals = {}, {}, {"participants": 0, "sids": 0, "ldc": 0}
    for row in groups:
        region, is_sids, is_ldc = places.get(row["by_country"], (None, False, False))
        n = row["participants"]
        per_region[region] = per_region.get(region, 0) + n
        per_gender[row["by_gender"]] = per_gender.get(row["by_gender"], 0) + n
        totals["participants"] += n
        totals["sids"] += n if is_sids else 0
        totals["ldc"] += n if is_ldc else 0
    per_year = {row["by_year"]: row["participants"] for row in counts.rows("year")}
    # activities by host region and by year: one pass, grouped by both and added up per dimension
    activities_per_region, activities_per_year = {}, {}
    for region, year, n in (
        records.activities.order_by()
        .annotate(year=ExtractYear("start_date"))
        .values_list("host_country__region", "year")
        .annotate(n=Count("pk"))
    ):
        activities_per_region[region] = activities_per_region.get(region, 0) + n
        activities_per_year[year] = activities_per_year.get(year, 0) + n
    regions = named(CountryGroup, set(per_region) | set(activities_per_region))
    genders = dict(Gender.choices)

    def by_count(counts, key=lambda value: value):
        items = [Breakdown(key(value), n) for value, n in counts.items()]
        return sorted(items, key=lambda item: (-item.figures, str(item.key)))

    years = sorted((set(per_year) | set(activities_per_year)) - {None})
    return Reach(
        participants=totals["participants"],
        by_region=by_count(per_region, regions.get),
        by_gender=by_count(per_gender, lambda gender: Gender(gender) if gender in genders else gender),
        by_year=[
            Breakdown(year, (per_year.get(year, 0), activities_per_year.get(year, 0))) for year in years
        ],
        activities_by_region=by_count(activities_per_region, regions.get),
        sids_participants=totals["sids"],
        ldc_participants=totals["ldc"],
    )


@dataclass(frozen=True)
class ProgrammeReach:
    """Who takes part in one programme: its partner agencies and their countries, and the people (and
    their countries) who took part in its published activities."""

    programme: Named
    agencies: int
    partner_countries: int
    participants: int
    participant_countries: int


def programme_reach(
    programmes, counts: ParticipationCounts | None = None, first: int | None = None, keys=None
) -> list[ProgrammeReach]:
    """Agencies, countries and participants per programme of `programmes`, most participants first
    (participants counted by `counts` when the caller shares them: they must be those of
    outcome_records(programmes)). Two queries (the partners' side and the participants' side are
    grouped apart, so that neither multiplies the other).

    With `first`, the first programmes only (a Largest), for a page: the keys of all are read (one
    query more, unless the caller has read them: `keys`), and only those with as many participants as
    the first-th are counted and named."""
    counts = counts or outcome_records(programmes).counts()
    took_part = {
        row["by_programme"]: (row["participants"], row["participant_countries"])
        for row in counts.rows("programme")
    }
    if first is not None:
        if keys is None:
            keys = programmes.values_list("pk", flat=True)
        participants = {key: took_part.get(key, (0, 0))[0] for key in keys}
        candidates = as_large_as_first(participants, first)
        if len(candidates) < len(participants):
            programmes = programmes.filter(keys_in("pk", list(candidates)))
        return Largest(programme_reach(programmes, counts)[:first], len(participants))
    fields = _named_fields()[Programme]
    rows = plain_values_list(
        programmes.order_by().annotate(
            agency_count=Count("partners__agency", distinct=True),
            partner_country_count=Count("partners__agency__country", distinct=True),
        ),
        "pk",
        *fields.values(),
        "agency_count",
        "partner_country_count",
    )
    result = []
    for pk, *values, agencies, partner_countries in rows:
        participants, participant_countries = took_part.get(pk, (0, 0))
        result.append(
            ProgrammeReach(
                _named(Programme, pk, values),
                agencies,
                partner_countries,
                participants,
                participant_countries,
            )
        )
    return sorted(result, key=lambda row: (-row.participants, -row.partner_countries, row.programme.name))


@dataclass(frozen=True)
class OutcomeSummary:
    """The outcome block of a programme, activity, country or agency page: follow-up and pipeline."""

    follow_up: FollowUp
    pipeline: Pipeline


def outcome_summary(records: OutcomeRecords) -> OutcomeSummary:
    """The follow-up figures and the adoption pipeline (stages only) of `records`. Three queries."""
    return OutcomeSummary(
        follow_up(records.participations), adoption_pipeline(records.adoptions, durations=False)
    )


def activity_records(activity) -> OutcomeRecords:
    """The published participations and adoptions of one activity."""
    records = outcome_records()
    return OutcomeRecords(
        participations=records.participations.filter(activity=activity),
        adoptions=records.adoptions.filter(activity=activity),
        activities=records.activities.filter(pk=activity.pk),
    )


class Impact:
    """Every outcome figure of the impact page, for the records of outcome_records(programmes): all
    published records, or those of `programmes` (published programmes: those a visitor's filters
    chose; adoptions then count when linked to one of them). Each figure is worked out when first asked
    for, so that a CSV download of one table counts only what that table shows; figures that read the
    same rows share one query (the participations' three groupings, one of them read from
    CountedProgramme; the adoptions' groupings by adopting country, for the whole pipeline too, and by
    region and sub-region), and names are read once per kind of place (NameBook). The whole page makes
    about 16 queries, whatever the data size."""

    def __init__(self, programmes=None, first=None):
        self.programmes = keys_of(programmes)  # the filters' choice read once (outcome_records)
        # with `first`, the breakdowns of thousands of groups (by practice, flows between countries)
        # are counted for their first groups only (Largest), which the page shows; without, in whole,
        # for a CSV download
        self.first = first
        self.records = outcome_records(self.programmes)
        self.counts = self.records.counts()
        self.names = NameBook()

    @functools.cached_property
    def chosen_programmes(self) -> QuerySet:
        """The programmes counted: every published programme, or those the filters chose."""
        if self.programmes is None:
            return Programme.objects.published()
        return Programme.objects.filter(keys_in("pk", self.programmes))

    @functools.cached_property
    def programme_keys(self) -> list:
        """The keys of chosen_programmes, read once for the two breakdowns by programme (no query when
        the filters' choice was read as keys: keys_of())."""
        if self.programmes is not None and not isinstance(self.programmes, QuerySet):
            return list(self.programmes)
        return list(self.chosen_programmes.values_list("pk", flat=True))

    @functools.cached_property
    def follow_up(self) -> FollowUp:
        return follow_up_total(self.follow_up_by_year)

    @functools.cached_property
    def follow_up_by_country(self) -> list[Breakdown]:
        # grouped within gender too: the grouping reach() reads
        return follow_up_breakdowns(self.counts, "country", within=("gender",), named=self.names)["country"]

    @functools.cached_property
    def follow_up_by_year(self) -> list[Breakdown]:
        return sorted(follow_up_by(self.counts, "year"), key=lambda item: item.key or 0)

    @functools.cached_property
    def follow_up_by_programme(self) -> list[Breakdown]:
        if self.first is not None:
            return follow_up_first_programmes(self.counts, self.first, self.programme_keys)
        return follow_up_by(self.counts, "programme")

    @functools.cached_property
    def pipeline(self) -> Pipeline:
        # every adoption has one adopting country: its groups add up to the whole pipeline
        return sum((item.figures for item in self.pipeline_by_adopting_country), Pipeline({}, {}))

    @functools.cached_property
    def pipeline_by_adopting_country(self) -> list[Breakdown]:
        return adoption_pipeline_by(self.records.adoptions, "adopting_country", named=self.names)

    @functools.cached_property
    def pipeline_by_practice(self) -> list[Breakdown]:
        return adoption_pipeline_by(self.records.adoptions, "practice", first=self.first)

    @functools.cached_property
    def _flows(self) -> dict[str, list[Flow]]:
        return knowledge_flows_at(self.records.adoptions, "subregion", "region", named=self.names)

    @property
    def flows_by_region(self) -> list[Flow]:
        return self._flows["region"]

    @property
    def flows_by_subregion(self) -> list[Flow]:
        return self._flows["subregion"]

    @functools.cached_property
    def flows_by_country(self) -> list[Flow]:
        return knowledge_flows(self.records.adoptions, "country", first=self.first, named=self.names)

    @property
    def interregional_flows(self):
        return interregional(self.flows_by_region)

    @functools.cached_property
    def reach(self) -> Reach:
        return reach(self.records, self.counts, self.names)

    @functools.cached_property
    def programmes_reach(self) -> list[ProgrammeReach]:
        return programme_reach(self.chosen_programmes, self.counts, self.first, self.programme_keys)


def impact(programmes=None, first=None) -> Impact:
    """The outcome figures of published records: all of them, or those of `programmes`; the largest
    breakdowns for their `first` groups only, when given (see Impact)."""
    return Impact(programmes, first)
