"""The demo data: the seed articles' facts as published records, loaded idempotently through the
services, with figures that say what the articles say."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F, Max
from django.test.utils import CaptureQueriesContext

from partners.models import Agency, Country, CountryGroup, CountryGroupKind, PublicationStatus
from programmes.choices import ActivityFormat, AdoptionStage, Modality, ParticipationRole, PartnerRole
from programmes.demo import load_demo_data
from programmes.indicators import follow_up, headline_figures, knowledge_flows, outcome_records
from programmes.models import (
    Activity,
    CapacityBuildingEvent,
    FollowUpResponse,
    Participant,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
    StudyTour,
)

pytestmark = pytest.mark.django_db

D = datetime.date
CENTRAL_AMERICA = "M49-013"  # M49 intermediate region "Central America": Mesoamerica
ASIA, OCEANIA = "M49-142", "M49-009"
REAL_PEOPLE_IN_THE_ARTICLES = ("Griseida", "Ponce", "Asha", "Navaratnam", "Eleonora", "Betancur")


@pytest.fixture
def demo():
    return load_demo_data()


@pytest.fixture
def programme(demo):
    return demo.programme


@pytest.fixture
def study_tour(demo):
    return StudyTour.objects.get(external_id="demo-study-tour-bogota-2024")


def snapshot():
    """Every row of every table of the two apps (with many-to-many tables), as sorted tuples."""
    tables = {}
    for app_label in ("partners", "programmes"):
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            if model._meta.proxy:
                continue
            rows = model._default_manager.order_by("pk").values_list()
            tables[model._meta.db_table] = [tuple(map(str, row)) for row in rows]
    return tables


def owned_models():
    return (Programme, Activity, Participant, Participation, FollowUpResponse, Practice, PolicyAdoption)


# --- Idempotence -----------------------------------------------------------------------------------


def test_loading_twice_writes_nothing_the_second_time():
    first = load_demo_data()
    assert first.changed
    before = snapshot()
    last_updates = {
        model: model.objects.aggregate(last=Max("updated_at"))["last"] for model in owned_models()
    }

    with CaptureQueriesContext(connection) as queries:
        second = load_demo_data()

    assert not second.changed
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    after = snapshot()
    assert {table: len(rows) for table, rows in after.items()} == {
        table: len(rows) for table, rows in before.items()
    }
    assert after == before
    assert {
        model: model.objects.aggregate(last=Max("updated_at"))["last"] for model in owned_models()
    } == last_updates


def test_the_command_prints_a_summary_and_reports_nothing_changed_the_second_time():
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    assert "Demo data loaded: created 20 agencies, 3 country groups, 1 programme" in out.getvalue()
    assert "48 of 50 followed-up participations apply their new skills (96%)" in out.getvalue()
    counts = {model: model.objects.count() for model in (Agency, CountryGroup, *owned_models())}

    out = StringIO()
    call_command("load_demo_data", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert {model: model.objects.count() for model in (Agency, CountryGroup, *owned_models())} == counts


def test_the_command_asks_for_the_reference_data_when_countries_are_missing():
    Country.objects.filter(iso3="GTM").delete()
    with pytest.raises(CommandError, match="load_reference_data"):
        call_command("load_demo_data", stdout=StringIO())
    assert not Agency.objects.exists()


def test_an_adoption_left_at_an_earlier_stage_is_advanced_in_place(demo):
    adoption = PolicyAdoption.objects.get(adopting_country__iso3="CRI")
    adoption.stage_history.exclude(stage=AdoptionStage.INTEREST).delete()
    PolicyAdoption.objects.filter(pk=adoption.pk).update(stage=AdoptionStage.INTEREST)

    result = load_demo_data()

    assert result.updated == {PolicyAdoption: 1} and not +result.created
    adoption.refresh_from_db()
    assert adoption.stage == AdoptionStage.PILOTING
    assert PolicyAdoption.objects.filter(adopting_country__iso3="CRI").count() == 1


# --- The figures say what the articles say -----------------------------------------------------------


def test_96_per_cent_of_followed_up_participants_apply_their_new_skills(demo):
    share = follow_up(outcome_records().participations).skills_applied
    assert (share.numerator, share.denominator, share.percent) == (48, 50, 96)
    assert share.participants == Participation.objects.count() == 54
    assert FollowUpResponse.objects.filter(fed_policy_measure=True).exists()


def test_the_figures_say_costa_rica_guatemala_and_the_philippines_pilot_practices_of_other_countries(
    demo,
):
    flows = knowledge_flows(outcome_records().adoptions, "country")
    piloting = AdoptionStage.values.index(AdoptionStage.PILOTING)
    assert {flow.adopting.iso3 for flow in flows if flow.by_stage[piloting]} == {"CRI", "GTM", "PHL"}
    assert all(flow.origin != flow.adopting for flow in flows)


def test_the_programme_is_escaps_triangular_partnership_with_apc_colombia_and_mincit(programme):
    assert programme.owner.slug == "escap"
    assert programme.modality == Modality.TRIANGULAR
    assert programme.start_date.year == 2022
    roles = set(programme.partners.values_list("agency__slug", "role"))
    assert {
        ("escap", PartnerRole.LEAD),
        ("escap", PartnerRole.FACILITATING),
        ("apc-colombia", PartnerRole.PROVIDING),
        ("mincit", PartnerRole.PROVIDING),
    } <= roles
    receiving = {slug for slug, role in roles if role == PartnerRole.RECEIVING}
    assert {
        "conamype",
        "sme-corp-malaysia",
        "meic-costa-rica",
        "mineco-guatemala",
        "dti-philippines",
    } <= receiving
    assert set(programme.themes.values_list("slug", flat=True)) == {"msme-support", "green-transition"}
    assert set(programme.sdgs.values_list("number", flat=True)) == {8, 9, 12, 17}
    assert programme.title_en and programme.title_es and programme.title_es != programme.title_en
    assert programme.summary_en and programme.summary_es


def test_the_study_tour_was_in_bogota_in_late_2024_with_delegates_from_mesoamerica_and_asia_pacific(
    study_tour,
):
    assert (study_tour.host_country.iso3, study_tour.city) == ("COL", "Bogota")
    assert D(2024, 10, 1) <= study_tour.start_date <= study_tour.end_date <= D(2024, 12, 31)
    assert study_tour.format == ActivityFormat.IN_PERSON
    assert set(study_tour.organisers.values_list("slug", flat=True)) == {"escap", "apc-colombia"}
    assert {"mincit", "innpulsa-colombia"} <= set(
        study_tour.institutions_visited.values_list("slug", flat=True)
    )
    assert study_tour.learning_objectives_en and study_tour.learning_objectives_es
    delegates = Country.objects.filter(
        participants__participations__activity=study_tour,
        participants__participations__role=ParticipationRole.DELEGATE,
    ).distinct()
    assert {"SLV", "MYS", "CRI", "GTM", "PHL"} <= set(delegates.values_list("iso3", flat=True))
    assert delegates.filter(intermediate_region__code=CENTRAL_AMERICA).count() >= 3
    assert delegates.filter(region__code__in=[ASIA, OCEANIA]).count() >= 3


def test_the_programme_has_capacity_building_events_besides_the_study_tour(programme):
    assert StudyTour.objects.filter(programme=programme).count() == 1
    assert CapacityBuildingEvent.objects.filter(programme=programme).count() >= 1
    figures = headline_figures()
    assert figures["study_tours"] == 1 and figures["events"] >= 1
    assert figures["programmes"] == 1


def test_the_practices_shown_in_bogota_include_green_entrepreneurship_training_and_an_esg_tool(study_tour):
    shown = {practice.title_en: practice for practice in study_tour.practices.all()}
    assert {"Training for green entrepreneurship", "Tool for MSME ESG assessments"} <= set(shown)
    for practice in shown.values():
        assert practice.title_es and practice.origin_agency.country == practice.origin_country


def test_costa_rica_guatemala_and_the_philippines_pilot_practices_of_other_countries(study_tour):
    for iso3 in ("CRI", "GTM", "PHL"):
        adoption = (
            PolicyAdoption.objects.filter(adopting_country__iso3=iso3, stage=AdoptionStage.PILOTING)
            .exclude(practice__origin_country=F("adopting_country"))
            .get()
        )
        assert adoption.activity == study_tour and adoption.programme == study_tour.programme
        history = list(adoption.stage_history.values_list("stage", "reached_on"))
        assert [stage for stage, _ in history] == ["interest", "adapting", "piloting"]
        assert [reached_on for _, reached_on in history] == sorted(reached_on for _, reached_on in history)
        assert all(reached_on.year == 2025 for stage, reached_on in history if stage != "interest")


def test_several_delegations_already_changed_their_programmes(demo):
    adopted = PolicyAdoption.objects.filter(stage=AdoptionStage.ADOPTED)
    assert adopted.count() >= 2
    assert not adopted.filter(practice__origin_country=F("adopting_country")).exists()


def test_the_platforms_and_commissions_are_there_once_with_their_facts(demo):
    fealac = CountryGroup.objects.get(code="FEALAC")
    assert fealac.members.count() == 36
    assert "Trust Fund" in fealac.description_en and "ECLAC" in fealac.description_en
    assert fealac.description_es and fealac.name_es
    assert CountryGroup.objects.get(code="APEC").founded_year == 1989
    for code in ("ESCAP", "ECLAC"):
        commission = CountryGroup.objects.get(code=code)
        assert commission.kind == CountryGroupKind.UN_REGIONAL_COMMISSION
        assert commission.members.count() == 0
        assert "member list" in commission.description_en
    edp = CountryGroup.objects.get(slug="edp-network")
    assert (edp.kind, edp.founded_year) == (CountryGroupKind.NETWORK, 2024)
    assert "Indonesia" in edp.description_en and edp.description_es
    for name in ("Forum for East Asia-Latin America Cooperation", "Asia-Pacific Economic Cooperation"):
        assert CountryGroup.objects.filter(name_en=name).count() == 1


def test_agencies_have_fixed_slugs_and_their_countries(demo):
    agencies = {agency.slug: agency for agency in Agency.objects.select_related("country")}
    assert agencies["escap"].country is None
    assert agencies["apc-colombia"].country.iso3 == "COL"
    assert agencies["mincit"].country.iso3 == "COL"
    assert agencies["conamype"].country.iso3 == "SLV"
    assert agencies["sme-corp-malaysia"].country.iso3 == "MYS"
    assert agencies["tica"].country.iso3 == "THA"


# --- Invented people, published records ---------------------------------------------------------------


def test_participants_are_invented_and_marked_as_demo(demo):
    participants = Participant.objects.all()
    assert participants.count() == 30
    assert not participants.filter(is_demo=False).exists()
    assert all(participant.email.endswith("@example.org") for participant in participants)
    for name in REAL_PEOPLE_IN_THE_ARTICLES:
        assert not participants.filter(name__icontains=name).exists(), name


def test_the_agencies_records_are_published(demo):
    # Participants stay as the service creates them: personal data, never shown to the public.
    for model in (Programme, Activity, Participation, FollowUpResponse, Practice, PolicyAdoption):
        assert model.objects.exists()
        assert not model.objects.exclude(publication_status=PublicationStatus.PUBLISHED).exists(), model
