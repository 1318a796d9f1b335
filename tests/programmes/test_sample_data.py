"""generate_sample_data: proportional counts, the same data for the same seed, valid rows, re-runs."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partners.models import Agency
from programmes import sampledata
from programmes.choices import ActivityKind, Modality, PartnerRole
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
    Theme,
)
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

SCALE = 0.002  # 2 programmes, 20 activities, 200 participations, 10 adoptions


def generate(**options):
    return sampledata.generate(scale=SCALE, seed=options.pop("seed", 7), **options)


def snapshot() -> dict[str, list]:
    """The sample data by natural keys (no database ids, no timestamps), for comparing two runs."""
    queries = {
        Agency: ("slug", "name", "acronym", "kind", "country__iso3"),
        Programme: (
            "external_id", "slug", "title_en", "title_es", "summary_en", "modality", "instrument", "status",
            "start_date", "end_date", "budget", "currency", "framework__code", "owner__slug",
            "publication_status",
        ),
        ProgrammePartner: ("programme__external_id", "agency__slug", "role", "start_date", "end_date"),
        Programme.themes.through: ("programme__external_id", "theme__slug"),
        Programme.sdgs.through: ("programme__external_id", "sustainabledevelopmentgoal__number"),
        Activity: (
            "external_id", "slug", "kind", "title_en", "programme__external_id", "start_date", "end_date",
            "host_country__iso3", "city", "format", "event_kind", "duration_hours", "reported_participants",
            "owner__slug", "publication_status",
        ),
        Activity.organisers.through: ("activity__external_id", "agency__slug"),
        Activity.themes.through: ("activity__external_id", "theme__slug"),
        Activity.institutions_visited.through: ("activity__external_id", "agency__slug"),
        Participant: ("external_id", "name", "email", "gender", "position", "agency__slug", "country__iso3"),
        Participation: ("participant__external_id", "activity__external_id", "role", "owner__slug"),
        FollowUpResponse: (
            "participation__participant__external_id", "participation__activity__external_id",
            "responded_on", "applies_skills", "fed_policy_measure", "comments",
        ),
        Practice: ("external_id", "slug", "title_en", "origin_country__iso3", "origin_agency__slug"),
        Practice.presented_at.through: ("practice__external_id", "activity__external_id"),
        PolicyAdoption: (
            "external_id", "practice__external_id", "adopting_country__iso3", "adopting_agency__slug",
            "activity__external_id", "programme__external_id", "stage", "owner__slug",
        ),
        AdoptionStageChange: ("adoption__external_id", "stage", "reached_on"),
    }  # fmt: skip
    return {
        model.__name__: list(model.objects.order_by(*fields).values_list(*fields))
        for model, fields in queries.items()
    }


def test_plan_counts_are_proportional_with_at_least_one_of_each():
    assert sampledata.plan_counts(1) == sampledata.BASE_COUNTS
    assert sampledata.plan_counts(0.1)["participations"] == 10_000
    small = sampledata.plan_counts(0.001)
    assert (small["programmes"], small["activities"], small["participations"], small["adoptions"]) == (
        1,
        10,
        100,
        5,
    )
    tiny = sampledata.plan_counts(0.00001)
    assert min(tiny.values()) == 1
    assert tiny["agencies"] == sampledata.MIN_AGENCIES
    with pytest.raises(ValueError):
        sampledata.plan_counts(0)


def test_counts_follow_the_scale():
    written = generate()

    assert Programme.objects.count() == written["programmes"] == 2
    assert Activity.objects.count() == written["activities"] == 20
    assert Participation.objects.count() == written["participations"] == 200
    assert PolicyAdoption.objects.count() == written["policy adoptions"] == 10
    assert Practice.objects.count() == written["practices"] == 4
    assert 80 <= Participant.objects.count() == written["participants"] <= 110
    assert 0 < FollowUpResponse.objects.count() == written["follow-up responses"] < 200
    assert AdoptionStageChange.objects.count() == written["adoption stage changes"] >= 10
    assert 4 <= ProgrammePartner.objects.count() <= 10
    assert set(Activity.objects.values_list("kind", flat=True)) == set(ActivityKind)
    assert Agency.objects.filter(slug__startswith="sample-agency-").count() == written["agencies"] == 6


def test_same_seed_gives_the_same_data_and_another_seed_other_data():
    generate(seed=7)
    first = snapshot()
    generate(seed=7, replace=True)
    assert snapshot() == first
    generate(seed=8, replace=True)
    assert snapshot()["Programme"] != first["Programme"]


def test_generated_rows_of_every_model_pass_full_clean():
    generate(seed=3)
    for model in (
        Agency,
        Programme,
        ProgrammePartner,
        Activity,
        Participant,
        Participation,
        FollowUpResponse,
        Practice,
        PolicyAdoption,
        AdoptionStageChange,
    ):
        rows = list(model.objects.order_by("pk")[:25])
        assert rows, model
        for row in rows:
            row.full_clean()
    for programme in Programme.objects.prefetch_related("partners"):
        roles = [partner.role for partner in programme.partners.all()]
        assert 2 <= len(roles) <= 5
        assert roles.count(PartnerRole.LEAD) == 1
        Programme.validate_partner_roles(programme.modality, roles)


def test_triangular_programmes_have_a_facilitating_partner():
    sampledata.generate(scale=0.02, seed=1)
    triangular = Programme.objects.filter(modality=Modality.TRIANGULAR)
    assert triangular.exists()
    assert not triangular.exclude(partners__role=PartnerRole.FACILITATING).exists()


def test_adoptions_are_by_other_countries_than_the_practices_own():
    generate(seed=5)
    for adoption in PolicyAdoption.objects.select_related("practice", "adopting_agency", "activity"):
        assert adoption.adopting_country_id != adoption.practice.origin_country_id
        assert adoption.programme_id == adoption.activity.programme_id
        stages = list(adoption.stage_history.order_by("reached_on").values_list("stage", flat=True))
        assert stages[-1] == adoption.stage


def test_second_run_is_refused_unless_replace_and_replace_keeps_other_records():
    own = ProgrammeFactory()
    generate()
    with pytest.raises(sampledata.SampleDataExists):
        generate()
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_sample_data", scale=SCALE, quiet=True)

    generate(replace=True)

    assert Programme.objects.filter(pk=own.pk).exists()
    assert Programme.objects.count() == 3


def test_missing_reference_data_is_loaded_first():
    Theme.objects.all().delete()
    generate()
    assert Theme.objects.count() == 8
    assert Programme.themes.through.objects.exists()


def test_command_reports_what_it_wrote_unless_quiet():
    out = StringIO()
    call_command("generate_sample_data", scale=0.001, seed=2, stdout=out)
    assert "100 participations" in out.getvalue()

    quiet = StringIO()
    call_command("generate_sample_data", scale=0.001, seed=2, replace=True, quiet=True, stdout=quiet)
    assert quiet.getvalue() == ""


def test_command_rejects_a_scale_that_is_not_positive():
    with pytest.raises(CommandError, match="positive"):
        call_command("generate_sample_data", scale=0, quiet=True)
