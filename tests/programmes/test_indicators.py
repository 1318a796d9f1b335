"""The outcome figures of programmes.indicators on hand-built data with known answers: follow-up shares
with their denominators, the adoption pipeline, knowledge flows and reach. Drafts never count, empty
data gives zeros and no percentage (never a division by zero), and the queries do not grow with data."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from partners.models import PublicationStatus
from programmes import indicators
from programmes.indicators import (
    adoption_pipeline,
    adoption_pipeline_by,
    follow_up,
    follow_up_by,
    follow_up_first_programmes,
    follow_up_total,
    headline_figures,
    impact,
    interregional,
    knowledge_flows,
    names,
    outcome_records,
    programme_reach,
    reach,
)
from programmes.models import Programme
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def took_part(activity, country="SLV", gender="female", answers=(), **kwargs):
    """A participation in `activity` of a new participant from `country`, with follow-up `answers`
    (each a pair applies_skills, fed_policy_measure)."""
    participation = factories.ParticipationFactory(
        activity=activity,
        owner=activity.owner,
        participant__country=factories.country(country),
        participant__gender=gender,
        **kwargs,
    )
    for month, (applies, fed) in enumerate(answers, start=1):
        factories.FollowUpResponseFactory(
            participation=participation,
            owner=activity.owner,
            responded_on=datetime.date(2025, month, 1),
            applies_skills=applies,
            fed_policy_measure=fed,
        )
    return participation


def adoption(origin, adopting, stages, **kwargs):
    """An adoption of a practice from `origin` by `adopting`, through `stages`: [(stage, date)]."""
    record = factories.PolicyAdoptionFactory(
        practice__origin_country=factories.country(origin),
        adopting_country=factories.country(adopting),
        stage=stages[-1][0],
        **kwargs,
    )
    for stage, reached_on in stages:
        factories.AdoptionStageChangeFactory(adoption=record, stage=stage, reached_on=reached_on)
    return record


@pytest.fixture
def tour():
    return factories.StudyTourFactory(start_date=datetime.date(2024, 11, 18))


def test_follow_up_counts_answers_applying_and_feeding_a_measure_with_their_denominators(tour):
    took_part(tour, answers=[(True, True)])
    took_part(tour, answers=[(True, False)])
    took_part(tour, answers=[(False, False)])
    took_part(tour)  # took part, never answered
    figures = follow_up(outcome_records().participations)
    applied, fed = figures.skills_applied, figures.policy_measure
    assert (applied.numerator, applied.denominator, applied.participants) == (2, 3, 4)
    assert (applied.percent, applied.coverage_percent) == (67, 75)
    assert (fed.numerator, fed.denominator, fed.percent) == (1, 3, 33)


def test_a_participation_that_answered_twice_counts_once(tour):
    took_part(tour, answers=[(False, False), (True, False)])
    applied = follow_up(outcome_records().participations).skills_applied
    assert (applied.numerator, applied.denominator, applied.participants) == (1, 1, 1)


def test_no_data_gives_zeros_and_no_percentage():
    records = outcome_records()
    figures = follow_up(records.participations)
    assert figures.skills_applied.percent is None and figures.skills_applied.coverage_percent is None
    assert (figures.answered, figures.participants) == (0, 0)
    assert follow_up_by(records.participations, "country") == []
    pipeline = adoption_pipeline(records.adoptions)
    assert pipeline.total == 0 and all(stage.average_days is None for stage in pipeline.stages)
    assert knowledge_flows(records.adoptions) == []
    assert reach(records).participants == 0


def test_drafts_never_count(tour):
    took_part(tour, answers=[(True, True)])
    took_part(tour, answers=[(True, True)], publication_status=DRAFT)
    draft_tour = factories.StudyTourFactory(publication_status=DRAFT, owner=tour.owner)
    took_part(draft_tour, answers=[(True, True)])
    answered = factories.ParticipationFactory(activity=tour, owner=tour.owner)
    factories.FollowUpResponseFactory(participation=answered, owner=tour.owner, publication_status=DRAFT)
    adoption("MYS", "CRI", [("interest", datetime.date(2025, 1, 1))])
    adoption("MYS", "GTM", [("interest", datetime.date(2025, 1, 1))], publication_status=DRAFT)
    adoption("MYS", "PHL", [("interest", datetime.date(2025, 1, 1))], practice__publication_status=DRAFT)
    records = outcome_records()
    applied = follow_up(records.participations).skills_applied
    assert (applied.numerator, applied.denominator, applied.participants) == (1, 1, 2)
    assert adoption_pipeline(records.adoptions).total == 1
    assert reach(records).participants == 2


def test_the_headline_figures_count_what_the_other_figures_count(tour):
    """The home page's figures: published records only, and participations and adoptions as every
    figure counts them (at a published activity, of a published practice). Countries are involved
    through a partner agency of a published programme or a published activity they hosted."""
    person = took_part(tour, answers=[(True, False)]).participant
    event = factories.EventFactory(
        owner=tour.owner, programme=tour.programme, host_country=factories.country("KEN")
    )
    factories.ParticipationFactory(activity=event, owner=tour.owner, participant=person)
    draft_tour = factories.StudyTourFactory(
        publication_status=DRAFT,
        owner=tour.owner,
        programme=tour.programme,
        host_country=factories.country("PER"),
    )
    took_part(draft_tour, answers=[(True, True)])  # a published participation at a draft activity
    factories.ProgrammePartnerFactory(
        programme=tour.programme, agency__slug="apc", agency__country=factories.country("PHL")
    )
    draft_programme = factories.ProgrammeFactory(publication_status=DRAFT)
    factories.ProgrammePartnerFactory(
        programme=draft_programme, agency__slug="draft", agency__country=factories.country("BRA")
    )
    adoption("MYS", "CRI", [("interest", datetime.date(2025, 1, 1))])
    adoption("MYS", "PHL", [("interest", datetime.date(2025, 1, 1))], practice__publication_status=DRAFT)
    figures = headline_figures()
    applied = figures.pop("skills_applied")
    assert figures == {
        "programmes": 1,
        "countries": 3,  # COL and KEN hosted, PHL's agency is a partner; not PER (draft) nor BRA
        "study_tours": 1,
        "events": 1,
        "participants": 1,  # one person at the tour and the event; not the one at the draft tour
        "adoptions": 1,
    }
    assert (applied.numerator, applied.denominator, applied.participants) == (1, 1, 2)


def test_the_headline_figures_take_the_same_queries_for_little_and_much_data(tour):
    took_part(tour)
    with CaptureQueriesContext(connection) as little:
        headline_figures()
    for country in ("COL", "PER", "KEN"):
        factories.ProgrammePartnerFactory(agency__country=factories.country(country))
        took_part(factories.EventFactory(host_country=factories.country(country)), answers=[(True, True)])
    with CaptureQueriesContext(connection) as much:
        headline_figures()
    assert len(much) == len(little)


def test_figures_count_activities_of_unpublished_programmes_without_naming_them(tour):
    """A published activity of a draft programme counts (its page is public), but the breakdowns by
    programme never name the draft: its groups (two drafts here) are one group without a name (None),
    and the groups still add up to the whole."""
    took_part(tour, answers=[(True, False)])
    drafts = [factories.ProgrammeFactory(publication_status=DRAFT, title=f"Draft {n}") for n in (1, 2)]
    for draft, answers in zip(drafts, ([(True, True)], [(False, False)]), strict=True):
        took_part(factories.StudyTourFactory(programme=draft, owner=draft.owner), answers=answers)
    by_programme = {
        str(item.key): item.figures for item in follow_up_by(outcome_records().participations, "programme")
    }
    assert set(by_programme) == {tour.programme.title, "None"}
    unnamed = by_programme["None"].skills_applied
    assert (unnamed.numerator, unnamed.denominator, unnamed.participants) == (1, 2, 2)
    assert follow_up_total(follow_up_by(outcome_records().participations, "programme")).participants == 3


def test_the_pipeline_by_programme_puts_unpublished_programmes_together_with_their_stage_times():
    published = factories.ProgrammeFactory()
    drafts = [factories.ProgrammeFactory(publication_status=DRAFT) for _ in range(2)]
    start = datetime.date(2025, 1, 1)
    for programme, days in ((published, 5), (drafts[0], 10), (drafts[1], 30), (drafts[1], 30)):
        adoption(
            "MYS",
            "CRI",
            [("interest", start), ("adapting", start + datetime.timedelta(days=days))],
            programme=programme,
        )
    by_programme = {
        item.key.pk if item.key else None: item.figures
        for item in adoption_pipeline_by(outcome_records().adoptions, "programme")
    }
    assert set(by_programme) == {published.pk, None}
    unnamed = by_programme[None]
    adapting = unnamed.stages[1]
    assert (unnamed.total, adapting.now, adapting.moved, adapting.average_days) == (3, 3, 3, 23.3)
    assert by_programme[published.pk].stages[1].average_days == 5.0


def test_follow_up_by_country_and_by_year(tour):
    later = factories.StudyTourFactory(start_date=datetime.date(2025, 3, 3), end_date=None, owner=tour.owner)
    took_part(tour, country="CRI", answers=[(True, False)])
    took_part(tour, country="CRI", answers=[(False, False)])
    took_part(later, country="PHL", answers=[(True, True)])
    records = outcome_records()
    by_country = {item.key.iso3: item.figures for item in follow_up_by(records.participations, "country")}
    assert by_country["CRI"].skills_applied.percent == 50 and by_country["CRI"].participants == 2
    assert by_country["PHL"].policy_measure.percent == 100
    by_year = {item.key: item.figures.participants for item in follow_up_by(records.participations, "year")}
    assert by_year == {2024: 2, 2025: 1}
    by_activity = follow_up_by(records.participations, "activity")
    assert [item.key.pk for item in by_activity] == [tour.pk, later.pk]  # most participations first


def test_figures_of_chosen_programmes_only(tour):
    other = factories.StudyTourFactory()
    took_part(tour, answers=[(True, False)])
    took_part(other, answers=[(False, False)])
    adoption("MYS", "CRI", [("interest", datetime.date(2025, 1, 1))], activity=tour)
    adoption("COL", "GTM", [("interest", datetime.date(2025, 1, 1))], programme=other.programme)
    records = outcome_records(Programme.objects.filter(pk=tour.programme_id))
    assert follow_up(records.participations).skills_applied.percent == 100
    assert [flow.adopting.iso3 for flow in knowledge_flows(records.adoptions, "country")] == ["CRI"]


def test_the_pipeline_counts_each_stage_the_funnel_and_the_days_between_stages():
    adoption(
        "MYS",
        "CRI",
        [
            ("interest", datetime.date(2025, 1, 1)),
            ("adapting", datetime.date(2025, 1, 11)),
            ("piloting", datetime.date(2025, 3, 12)),
        ],
    )
    adoption(
        "COL",
        "GTM",
        [("interest", datetime.date(2025, 2, 1)), ("piloting", datetime.date(2025, 2, 21))],
    )  # skipped adapting: measured from interest
    adoption("COL", "PHL", [("interest", datetime.date(2025, 5, 1))])
    stages = {stage.stage: stage for stage in adoption_pipeline(outcome_records().adoptions).stages}
    assert [stages[s].now for s in ("interest", "adapting", "piloting", "adopted", "scaled")] == [
        1,
        0,
        2,
        0,
        0,
    ]
    assert [stages[s].reached for s in ("interest", "adapting", "piloting", "adopted")] == [3, 2, 2, 0]
    assert (stages["adapting"].moved, stages["adapting"].average_days) == (1, 10.0)
    assert (stages["piloting"].moved, stages["piloting"].average_days) == (2, 40.0)  # 60 and 20 days
    assert stages["interest"].average_days is None and stages["adopted"].moved == 0


def test_knowledge_flows_between_countries_and_regions_by_stage():
    adoption("MYS", "CRI", [("piloting", datetime.date(2025, 3, 1))])
    adoption("COL", "PHL", [("piloting", datetime.date(2025, 3, 1))])
    adoption("COL", "GTM", [("interest", datetime.date(2025, 3, 1))])
    flows = {
        (flow.origin.iso3, flow.adopting.iso3): flow.by_stage
        for flow in knowledge_flows(outcome_records().adoptions, "country")
    }
    assert flows == {
        ("MYS", "CRI"): (0, 0, 1, 0, 0),
        ("COL", "PHL"): (0, 0, 1, 0, 0),
        ("COL", "GTM"): (1, 0, 0, 0, 0),
    }
    regions = {
        (flow.origin.m49_code, flow.adopting.m49_code): flow.total
        for flow in knowledge_flows(outcome_records().adoptions, "region")
    }
    assert regions == {("142", "019"): 1, ("019", "142"): 1, ("019", "019"): 1}  # Asia, the Americas
    subregions = {
        (flow.origin.m49_code, flow.adopting.m49_code): (str(flow.origin), str(flow.adopting), flow.total)
        for flow in knowledge_flows(outcome_records().adoptions, "subregion")
    }
    assert subregions == {
        ("035", "419"): ("South-eastern Asia", "Latin America and the Caribbean", 1),
        ("419", "035"): ("Latin America and the Caribbean", "South-eastern Asia", 1),
        ("419", "419"): ("Latin America and the Caribbean", "Latin America and the Caribbean", 1),
    }
    between = {
        (f.origin.m49_code, f.adopting.m49_code)
        for f in interregional(knowledge_flows(outcome_records().adoptions, "region"))
    }
    assert between == {("142", "019"), ("019", "142")}


def test_reach_counts_distinct_participants_by_region_gender_and_year(tour):
    person = took_part(tour, country="PHL", gender="male").participant
    factories.ParticipationFactory(
        activity=factories.EventFactory(owner=tour.owner), participant=person, owner=tour.owner
    )
    took_part(tour, country="CRI", gender="female")
    took_part(tour, country="TUV", gender="female")  # Tuvalu: SIDS and LDC
    figures = reach(outcome_records())
    assert figures.participants == 3
    assert {item.key.m49_code: item.figures for item in figures.by_region} == {"142": 1, "019": 1, "009": 1}
    assert {item.key: item.figures for item in figures.by_gender} == {"female": 2, "male": 1}
    assert [(item.key, item.figures) for item in figures.by_year] == [(2024, (3, 2))]
    assert (figures.sids_participants, figures.ldc_participants) == (1, 1)


def test_the_figures_take_the_same_queries_for_little_and_much_data(tour):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            records = outcome_records()
            follow_up(records.participations)
            for dimension in ("programme", "activity", "country", "year"):
                follow_up_by(records.participations, dimension)
            adoption_pipeline(records.adoptions)
            knowledge_flows(records.adoptions, "country")
            reach(records)
        return len(captured)

    took_part(tour, answers=[(True, False)])
    adoption("MYS", "CRI", [("interest", datetime.date(2025, 1, 1))])
    few = queries()
    for country in ("PHL", "GTM", "CRI", "THA"):
        other = factories.StudyTourFactory(start_date=datetime.date(2023, 5, 5), end_date=None)
        took_part(other, country=country, answers=[(True, True)])
        adoption(
            "COL",
            country if country != "COL" else "PER",
            [("interest", datetime.date(2025, 1, 1)), ("adopted", datetime.date(2025, 9, 1))],
        )
    assert queries() == few


@pytest.mark.parametrize("dimension", ["programme", "activity", "country", "year"])
def test_the_groups_of_a_breakdown_add_up_to_the_overall_figures(tour, dimension):
    later = factories.StudyTourFactory(start_date=datetime.date(2025, 3, 3), end_date=None)
    took_part(tour, country="CRI", answers=[(True, False), (False, True)])
    took_part(tour, country="GTM", answers=[(False, False)])
    took_part(later, country="CRI", answers=[(True, True)])
    took_part(later, country="PHL")
    participations = outcome_records().participations
    assert follow_up_total(follow_up_by(participations, dimension)) == follow_up(participations)


def test_the_pipeline_by_adopting_country_and_by_origin_region():
    adoption("MYS", "CRI", [("piloting", datetime.date(2025, 3, 1))])
    adoption("COL", "CRI", [("adopted", datetime.date(2025, 3, 1))])
    adoption("COL", "PHL", [("interest", datetime.date(2025, 3, 1))])
    adoptions = outcome_records().adoptions
    by_country = {
        item.key.iso3: item.figures.counts for item in adoption_pipeline_by(adoptions, "adopting_country")
    }
    assert by_country == {"CRI": (0, 0, 1, 1, 0), "PHL": (1, 0, 0, 0, 0)}
    by_origin = [
        (item.key.m49_code, item.figures.total) for item in adoption_pipeline_by(adoptions, "origin_region")
    ]
    assert by_origin == [("019", 2), ("142", 1)]  # most adoptions first
    practices = adoption_pipeline_by(adoptions, "practice")
    assert len(practices) == 3 and all(item.figures.total == 1 for item in practices)


def test_each_group_of_the_pipeline_has_its_own_stage_durations():
    day = datetime.date
    adoption("MYS", "CRI", [("interest", day(2025, 1, 1)), ("piloting", day(2025, 1, 31))])
    adoption("MYS", "CRI", [("interest", day(2025, 1, 1)), ("adapting", day(2025, 1, 11))])
    adoption("COL", "PHL", [("interest", day(2025, 1, 1)), ("piloting", day(2025, 3, 2))])
    adoption("COL", "PHL", [("piloting", day(2025, 3, 2))])  # no earlier date: not a move
    adoptions = outcome_records().adoptions
    by_country = {item.key.iso3: item.figures for item in adoption_pipeline_by(adoptions, "adopting_country")}
    costa_rica = {stage.stage: stage for stage in by_country["CRI"].stages}
    philippines = {stage.stage: stage for stage in by_country["PHL"].stages}
    assert (costa_rica["piloting"].moved, costa_rica["piloting"].average_days) == (1, 30.0)
    assert (costa_rica["adapting"].moved, costa_rica["adapting"].average_days) == (1, 10.0)
    assert (philippines["piloting"].moved, philippines["piloting"].average_days) == (1, 60.0)
    assert philippines["adapting"].average_days is None  # no figure, not zero
    whole = {stage.stage: stage for stage in adoption_pipeline(adoptions).stages}
    assert (whole["piloting"].moved, whole["piloting"].average_days) == (2, 45.0)
    by_origin = {item.key.m49_code: item.figures for item in adoption_pipeline_by(adoptions, "origin_region")}
    assert {stage.stage: stage.average_days for stage in by_origin["142"].stages}["piloting"] == 30.0


def test_programme_reach_counts_partners_and_participants_without_multiplying_them(tour):
    programme = tour.programme
    for iso3 in ("COL", "THA"):
        factories.ProgrammePartnerFactory(
            programme=programme, agency=factories.AgencyFactory(country=factories.country(iso3))
        )
    person = took_part(tour, country="CRI").participant
    factories.ParticipationFactory(
        activity=factories.EventFactory(programme=programme, owner=tour.owner),
        participant=person,
        owner=tour.owner,
    )
    took_part(tour, country="GTM")
    took_part(tour, country="GTM", publication_status=DRAFT)
    quiet = factories.ProgrammeFactory()
    rows = {row.programme.pk: row for row in programme_reach(Programme.objects.published())}
    reach_of = rows[programme.pk]
    assert (reach_of.agencies, reach_of.partner_countries) == (2, 2)
    assert (reach_of.participants, reach_of.participant_countries) == (2, 2)
    assert (rows[quiet.pk].agencies, rows[quiet.pk].participants) == (0, 0)


def test_chosen_programmes_are_read_once_as_keys_up_to_a_limit_and_count_the_same_beyond_it(monkeypatch):
    from programmes import indicators

    programmes = [factories.ProgrammeFactory() for _ in range(3)]
    for programme in programmes:
        tour = factories.StudyTourFactory(programme=programme, owner=programme.owner)
        factories.ParticipationFactory(activity=tour, owner=programme.owner)
    chosen = Programme.objects.filter(pk__in=[programmes[0].pk, programmes[1].pk])
    assert sorted(indicators.keys_of(chosen)) == sorted([programmes[0].pk, programmes[1].pk])
    as_keys = indicators.follow_up(indicators.outcome_records(chosen).participations)
    monkeypatch.setattr(indicators, "KEYS_READ_AT_MOST", 1)
    assert indicators.keys_of(chosen) is chosen  # too many: kept as a subquery
    as_subquery = indicators.follow_up(indicators.outcome_records(chosen).participations)
    assert as_keys == as_subquery and as_keys.participants == 2
    assert indicators.keys_of(None) is None


def test_names_are_in_the_page_language_falling_back_to_english():
    spanish = factories.ProgrammeFactory(title_en="Green ports", title_es="Puertos verdes")
    english_only = factories.ProgrammeFactory(title_en="Open data", title_es="")
    keys = [spanish.pk, english_only.pk]
    with translation.override("es"):
        assert {str(named) for named in names(Programme, keys).values()} == {"Puertos verdes", "Open data"}
    with translation.override("en"):
        assert {str(named) for named in names(Programme, keys).values()} == {"Green ports", "Open data"}
    with translation.override("es"):  # the programmes' reach names them alike
        rows = programme_reach(Programme.objects.filter(pk__in=keys))
        assert {str(row.programme) for row in rows} == {"Puertos verdes", "Open data"}


def test_the_impact_pages_pipelines_read_counted_adoptions_alone_and_match_their_own_figures():
    """Stages and durations are added up in the database from CountedAdoption, one query per pipeline:
    no adoption's stage history is read or compared row by row. The whole pipeline is the adopting
    countries' added up (each adoption has one), with no query of its own."""
    day = datetime.date
    adoption("MYS", "CRI", [("interest", day(2025, 1, 1)), ("piloting", day(2025, 1, 31))])
    adoption("COL", "PHL", [("interest", day(2025, 1, 1)), ("adapting", day(2025, 2, 10))])
    adoption("COL", "CRI", [("adapting", day(2025, 2, 1)), ("adopted", day(2025, 6, 1))])
    adoptions = outcome_records().adoptions
    figures = impact()
    with CaptureQueriesContext(connection) as queries:
        pipelines = (figures.pipeline, figures.pipeline_by_adopting_country, figures.pipeline_by_practice)
    counting = [query["sql"] for query in queries if "programmes_countedadoption" in query["sql"]]
    assert len(counting) == 2
    assert not any("programmes_adoptionstagechange" in query["sql"] for query in queries)
    assert pipelines == (
        adoption_pipeline(adoptions),
        adoption_pipeline_by(adoptions, "adopting_country"),
        adoption_pipeline_by(adoptions, "practice"),
    )
    whole = {stage.stage: stage for stage in pipelines[0].stages}
    assert (whole["adopted"].moved, whole["adopted"].average_days) == (1, 120.0)
    assert (whole["adapting"].moved, whole["adapting"].average_days) == (1, 40.0)
    costa_rica = next(item.figures for item in pipelines[1] if item.key.iso3 == "CRI")
    assert {stage.stage: stage.moved for stage in costa_rica.stages}["piloting"] == 1


def test_many_keys_are_named_through_a_subquery_with_the_same_names(monkeypatch):
    """names() sends at most KEYS_SENT_AT_MOST keys; beyond that it names the records its caller's
    query chose (a subquery), which must name the same records, published ones only."""
    day = datetime.date(2025, 1, 1)
    factories.PracticeFactory.create_batch(3)  # practices adopted nowhere, so keys of other tables differ
    published, draft = factories.ProgrammeFactory(), factories.ProgrammeFactory(publication_status=DRAFT)
    for programme in (published, published, draft):
        adoption("MYS", "CRI", [("interest", day)], programme=programme)
    adoptions = outcome_records().adoptions

    def named(dimension):
        return [(str(item.key), item.figures.counts) for item in adoption_pipeline_by(adoptions, dimension)]

    sent = {dimension: named(dimension) for dimension in ("practice", "programme")}
    monkeypatch.setattr(indicators, "KEYS_SENT_AT_MOST", 0)
    with CaptureQueriesContext(connection) as queries:
        chosen = {dimension: named(dimension) for dimension in ("practice", "programme")}
    subqueries = [query["sql"] for query in queries if "IN (SELECT" in query["sql"]]
    assert any('FROM "programmes_practice"' in sql for sql in subqueries)
    assert chosen == sent
    assert len(chosen["practice"]) == 3
    assert {name for name, _counts in chosen["programme"]} == {str(published), "None"}  # the draft unnamed


def test_the_impact_of_chosen_programmes_counts_their_adoptions_and_their_activities_ones(monkeypatch):
    """Impact's adoption figures count the adoptions of the chosen programmes (or of their activities)
    by the keys CountedAdoption copies: the same figures as when the programmes' keys are too many to
    read and stay a subquery."""
    day = datetime.date
    chosen, other = factories.ProgrammeFactory(), factories.ProgrammeFactory()
    tour = factories.StudyTourFactory(programme=chosen, owner=chosen.owner)
    adoption("MYS", "CRI", [("interest", day(2025, 1, 1)), ("piloting", day(2025, 3, 2))], activity=tour)
    adoption("COL", "GTM", [("interest", day(2025, 1, 1))], programme=chosen)
    adoption("COL", "PHL", [("interest", day(2025, 1, 1))], programme=chosen, publication_status=DRAFT)
    adoption("COL", "PER", [("interest", day(2025, 1, 1))], programme=other)

    def figures():
        with CaptureQueriesContext(connection) as queries:
            figures = impact(Programme.objects.filter(pk=chosen.pk))
            counted = (
                figures.pipeline,
                figures.pipeline_by_adopting_country,
                figures.pipeline_by_practice,
                figures.flows_by_country,
                figures.flows_by_region,
            )
        return counted, [query["sql"] for query in queries]

    by_key, queries = figures()
    pipeline, by_country, _by_practice, flows, _regions = by_key
    assert pipeline.counts == (1, 0, 1, 0, 0)
    assert [stage.average_days for stage in pipeline.stages][2] == 60.0
    assert sorted(str(item.key) for item in by_country) == ["Costa Rica", "Guatemala"]
    assert sorted(flow.adopting.iso3 for flow in flows) == ["CRI", "GTM"]
    # which adoptions are of the programme or its activities is copied into CountedAdoption: no figure
    # works it out again from the activities
    assert not any('"programmes_activity"' in sql for sql in queries)
    monkeypatch.setattr(indicators, "KEYS_READ_AT_MOST", 0)
    as_subquery, _queries = figures()
    assert as_subquery == by_key


def test_the_impact_pages_flow_tables_are_counted_in_the_database_and_match_their_own_figures():
    day = datetime.date(2025, 3, 1)
    adoption("MYS", "CRI", [("piloting", day)])
    adoption("THA", "GTM", [("piloting", day)])  # the same sub-regions and stage: one group, added up
    adoption("COL", "PHL", [("adopted", day)])
    adoption("COL", "GTM", [("interest", day)])
    figures = impact()
    with CaptureQueriesContext(connection) as queries:
        shared = (figures.flows_by_country, figures.flows_by_subregion, figures.flows_by_region)
    # grouped by their places in CountedAdoption, with no join: by countries, and by sub-regions and
    # regions at once, added up per level
    assert sum('FROM "programmes_countedadoption"' in query["sql"] for query in queries) == 2
    assert not any("JOIN" in query["sql"] and "countedadoption" in query["sql"] for query in queries)
    adoptions = outcome_records().adoptions
    assert shared == tuple(knowledge_flows(adoptions, level) for level in ("country", "subregion", "region"))
    assert [(str(flow.origin), str(flow.adopting), flow.total) for flow in shared[1]] == [
        ("South-eastern Asia", "Latin America and the Caribbean", 2),  # added up from two countries
        ("Latin America and the Caribbean", "Latin America and the Caribbean", 1),
        ("Latin America and the Caribbean", "South-eastern Asia", 1),
    ]


def test_the_impact_figures_read_each_kind_of_place_and_the_programmes_keys_once(tour):
    """Countries are named by four of the impact page's figures and M49 regions by two: a NameBook reads
    each kind whole, once. The programmes' keys serve both breakdowns by programme, read once (or not at
    all, when the filters chose them). The figures are those each function gives naming on its own."""
    from programmes.impact import PAGE_ROWS

    took_part(tour, country="PHL", gender="male", answers=[(True, False)])
    took_part(tour, country="TUV", answers=[(True, True)])
    adoption("MYS", "CRI", [("interest", datetime.date(2025, 1, 1))], activity=tour)
    adoption("COL", "PHL", [("adopted", datetime.date(2025, 2, 1))])
    attributes = (
        "follow_up_by_country",
        "follow_up_by_programme",
        "pipeline_by_adopting_country",
        "flows_by_region",
        "flows_by_country",
        "reach",
        "programmes_reach",
    )
    for programmes in (None, [tour.programme.pk]):
        figures = impact(programmes, first=PAGE_ROWS)
        with CaptureQueriesContext(connection) as queries:
            shown = {attribute: getattr(figures, attribute) for attribute in attributes}
        sqls = [query["sql"] for query in queries]
        for table in ("partners_country", "partners_countrygroup"):
            assert sum(re.search(rf'FROM "{table}"(\s|$)', sql) is not None for sql in sqls) == 1
        keys = [sql for sql in sqls if sql.startswith('SELECT "programmes_programme"."id" AS "pk" FROM')]
        assert len(keys) == (1 if programmes is None else 0)
        records = outcome_records(programmes)
        assert shown["follow_up_by_country"] == follow_up_by(records.participations, "country")
        assert shown["pipeline_by_adopting_country"] == adoption_pipeline_by(
            records.adoptions, "adopting_country"
        )
        assert shown["flows_by_region"] == knowledge_flows(records.adoptions, "region")
        assert shown["flows_by_country"] == knowledge_flows(records.adoptions, "country")
        assert shown["reach"] == reach(records)
        assert figures.pipeline == adoption_pipeline(records.adoptions)
        alone = follow_up_first_programmes(records.participations, PAGE_ROWS)
        assert (shown["follow_up_by_programme"], shown["follow_up_by_programme"].all_groups) == (
            alone,
            alone.all_groups,
        )
        chosen = Programme.objects.published()
        if programmes is not None:
            chosen = chosen.filter(pk__in=programmes)
        alone = programme_reach(chosen, first=PAGE_ROWS)
        assert (shown["programmes_reach"], shown["programmes_reach"].all_groups) == (alone, alone.all_groups)
        assert shown["programmes_reach"]  # the tour's programme, with its participants
    assert {item.key.iso3 for item in shown["follow_up_by_country"]} == {"PHL", "TUV"}
    assert (shown["reach"].sids_participants, shown["reach"].ldc_participants) == (1, 1)


def test_the_first_programmes_are_those_of_the_whole_breakdowns_with_their_number():
    """The page's follow-up by programme and programmes' reach count their first programmes only: the
    same, in the same order (most first, ties by name; unpublished programmes together, unnamed), as
    the first of the whole breakdowns their downloads have, with the number of all groups."""
    sizes = {"Zebra": 3, "Mango": 2, "Alpaca": 2, "Kiwi": 1, "Empty": 0}
    for title, size in sizes.items():
        programme = factories.ProgrammeFactory(title=title)
        tour = factories.StudyTourFactory(programme=programme, owner=programme.owner)
        for _ in range(size):
            took_part(tour)
    for title in ("Draft 1", "Draft 2"):  # 1 each, 2 together: among the first
        draft = factories.ProgrammeFactory(title=title, publication_status=DRAFT)
        took_part(factories.StudyTourFactory(programme=draft, owner=draft.owner))
    whole = impact().follow_up_by_programme
    assert [str(item.key) for item in whole] == ["Zebra", "Alpaca", "Mango", "None", "Kiwi"]
    for first in (3, 4):
        cut = impact(first=first).follow_up_by_programme
        assert cut == whole[:first] and cut.all_groups == len(whole)
    published = Programme.objects.published()
    reached = programme_reach(published)
    assert [row.programme.name for row in reached] == ["Zebra", "Alpaca", "Mango", "Kiwi", "Empty"]
    for first in (2, 4):
        cut = programme_reach(published, first=first)
        assert cut == reached[:first] and cut.all_groups == len(reached) == 5
    assert impact(first=2).programmes_reach == reached[:2]


def test_the_first_groups_of_the_largest_breakdowns_are_those_of_the_whole_with_their_number():
    """A page counts the first groups of the breakdowns by practice and of the flows between countries
    (indicators.Largest): the same groups, in the same order (largest first, ties by name), as the
    first of the whole breakdown its download has, with the number of all groups."""
    practices = {
        title: factories.PracticeFactory(title=title, origin_country=factories.country(origin))
        for title, origin in (("Zebra", "MYS"), ("Alpaca", "COL"), ("Mango", "THA"), ("Kiwi", "COL"))
    }
    practices["Nowhere"] = factories.PracticeFactory(title="Nowhere", origin_country=factories.country("ATA"))
    for title, adopting in (
        ("Zebra", ["CRI", "GTM", "PHL"]),  # 3: first
        ("Mango", ["CRI", "GTM"]),  # 2, 2, 2: in the order of their names
        ("Alpaca", ["CRI", "PHL"]),
        ("Nowhere", ["PER", "PHL"]),
        ("Kiwi", ["PER"]),  # 1: cut
    ):
        for iso3 in adopting:
            factories.PolicyAdoptionFactory(
                practice=practices[title], adopting_country=factories.country(iso3), stage="piloting"
            )
    adoptions = outcome_records().adoptions
    whole = adoption_pipeline_by(adoptions, "practice")
    first = adoption_pipeline_by(adoptions, "practice", first=3)
    assert [str(item.key) for item in first] == ["Zebra", "Alpaca", "Mango"]
    assert first == whole[:3] and first.all_groups == len(whole) == 5
    flows = knowledge_flows(adoptions, "country")
    first_flows = knowledge_flows(adoptions, "country", first=4)
    assert first_flows == flows[:4] and first_flows.all_groups == len(flows)
    regions = knowledge_flows(adoptions, "region")  # Antarctica is in no region: an origin None
    with_unknown = knowledge_flows(adoptions, "region", first=len(regions))
    assert with_unknown == regions and any(flow.origin is None for flow in with_unknown)
    with pytest.raises(ValueError):
        adoption_pipeline_by(adoptions, "programme", first=3)  # unpublished ones count together
