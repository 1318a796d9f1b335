"""The admin staff use every day: every screen opens, lists run a constant number of queries, a whole
study tour with its delegation is logged on one screen, the triangular rule and field errors show."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Agency, PublicationStatus
from programmes.choices import (
    ActivityFormat,
    ActivityKind,
    AdoptionStage,
    EventKind,
    Modality,
    ParticipationRole,
    PartnerRole,
)
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
    SustainableDevelopmentGoal,
    Theme,
)
from tests import factories
from tests.factories import country

pytestmark = pytest.mark.django_db

D = datetime.date


def themes():
    return Theme.objects.all()[:2]


def programme():
    programme = factories.ProgrammeFactory()
    factories.ProgrammePartnerFactory(programme=programme, role=PartnerRole.PROVIDING)
    factories.ProgrammePartnerFactory(programme=programme, role=PartnerRole.RECEIVING)
    programme.themes.set(themes())
    programme.sdgs.set(SustainableDevelopmentGoal.objects.filter(number__in=[8, 17]))
    return programme


def study_tour():
    tour = factories.StudyTourFactory()
    tour.themes.set(themes())
    factories.ParticipationFactory.create_batch(2, activity=tour, owner=tour.owner)
    return tour


def practice():
    practice = factories.PracticeFactory(origin_agency=factories.AgencyFactory(country=country("MYS")))
    practice.themes.set(themes())
    return practice


def adoption():
    activity = factories.StudyTourFactory()
    return factories.PolicyAdoptionFactory(
        adopting_agency=factories.AgencyFactory(country=country("CRI")),
        activity=activity,
        programme=activity.programme,
    )


# One builder per registered model, making a row whose list columns reach its related records.
# Themes and SDGs come from the reference data.
BUILDERS = {
    Theme: lambda: Theme.objects.first(),
    SustainableDevelopmentGoal: lambda: SustainableDevelopmentGoal.objects.get(number=8),
    Programme: programme,
    Activity: study_tour,
    StudyTour: study_tour,
    CapacityBuildingEvent: lambda: factories.EventFactory(),
    Participant: lambda: factories.ParticipantFactory(agency=factories.AgencyFactory()),
    Participation: lambda: factories.ParticipationFactory(),
    FollowUpResponse: lambda: factories.FollowUpResponseFactory(),
    Practice: practice,
    PolicyAdoption: adoption,
}
REFERENCE_DATA = {Theme, SustainableDevelopmentGoal}
ids = [model.__name__ for model in BUILDERS]


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def management_form(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def owned_fields(owner):
    return {"owner": owner.pk, "publication_status": PublicationStatus.DRAFT, "external_id": ""}


def errors_of(response):
    """The form, inline and non-form errors of an admin page that did not save, for assert messages."""
    context = response.context
    return (
        context["adminform"].form.errors,
        [
            (formset.formset.errors, formset.formset.non_form_errors())
            for formset in context["inline_admin_formsets"]
        ],
    )


def test_every_programmes_model_has_an_admin():
    registered = {model for model in admin.site._registry if model._meta.app_label == "programmes"}
    assert registered == set(BUILDERS)


@pytest.mark.parametrize("model", BUILDERS, ids=ids)
def test_changelist_search_add_and_change_pages_open(admin_client, model):
    instance = BUILDERS[model]()
    assert admin_client.get(url(model, "changelist")).status_code == 200
    assert admin_client.get(url(model, "changelist"), {"q": "a"}).status_code == 200  # search_fields resolve
    assert admin_client.get(url(model, "change", instance.pk)).status_code == 200
    # Activity's admin only serves look-ups (the activity autocomplete); each kind has its own add screen.
    assert admin_client.get(url(model, "add")).status_code == (403 if model is Activity else 200)


@pytest.mark.parametrize("who", ["superuser", "agency editor"])
@pytest.mark.parametrize("model", BUILDERS, ids=ids)
def test_changelist_runs_the_same_number_of_queries_for_2_and_6_rows(
    client, superuser, model, who, monkeypatch
):
    if model not in REFERENCE_DATA:
        for _ in range(6):
            BUILDERS[model]()
    # The editor works for every agency there is, so that the rule applies and still lists all rows.
    user = superuser if who == "superuser" else factories.agency_user("editor", *Agency.objects.all())
    client.force_login(user)

    def query_count(rows):
        monkeypatch.setattr(admin.site._registry[model], "list_per_page", rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(model, "changelist"))
        assert len(response.context["cl"].result_list) == rows
        return len(queries)

    assert query_count(2) == query_count(6)


def test_the_activity_lookup_admin_is_hidden_from_the_index_and_serves_the_autocomplete(admin_client):
    tour = factories.StudyTourFactory(title="Green entrepreneurship tour")
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert url(StudyTour, "changelist") in index
    assert url(Activity, "changelist") not in index
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "programmes", "model_name": "participation", "field_name": "activity", "term": "green"},
    )
    assert response.json()["results"] == [{"id": str(tour.pk), "text": "Green entrepreneurship tour"}]


# Study tours and events ---------------------------------------------------------------------------


def study_tour_form(programme, participations=(), **changes):
    data = {
        "programme": programme.pk,
        "title_en": "Study tour on green entrepreneurship",
        "title_es": "Gira de estudio sobre emprendimiento verde",
        "slug": "",
        "summary_en": "",
        "summary_es": "",
        "learning_objectives_en": "How Colombia trains green entrepreneurs.",
        "learning_objectives_es": "",
        "start_date": "2024-11-18",
        "end_date": "2024-11-22",
        "format": ActivityFormat.IN_PERSON,
        "host_country": country("COL").pk,
        "city": "Bogota",
        "reported_participants": "",
        **owned_fields(programme.owner),
        **management_form("participations", len(participations)),
    }
    for index, row in enumerate(participations):
        data.update({f"participations-{index}-{name}": value for name, value in row.items()})
    return {**data, **changes}


def new_participant_row(name, email, iso3, role=ParticipationRole.DELEGATE):
    return {
        "participant": "",
        "new_name": name,
        "new_email": email,
        "new_country": country(iso3).pk,
        "role": role,
    }


def test_a_whole_study_tour_with_ten_participants_from_three_countries_is_logged_on_one_screen(admin_client):
    programme = factories.ProgrammeFactory()
    known = factories.ParticipantFactory(owner=programme.owner, name="Ana Known", country=country("SLV"))
    returning = factories.ParticipantFactory(
        owner=programme.owner, name="Luis Returning", email="luis@example.org", country=country("CRI")
    )
    rows = [
        {"participant": known.pk, "new_name": "", "new_email": "", "new_country": "", "role": "speaker"},
        new_participant_row("Luis Returning", "LUIS@example.org", "CRI"),  # matched by email, not duplicated
        *[new_participant_row(f"Delegate SLV {n}", f"slv{n}@example.org", "SLV") for n in range(3)],
        *[new_participant_row(f"Delegate CRI {n}", f"cri{n}@example.org", "CRI") for n in range(2)],
        *[new_participant_row(f"Delegate GTM {n}", "", "GTM") for n in range(3)],
    ]
    assert len(rows) == 10

    response = admin_client.post(url(StudyTour, "add"), study_tour_form(programme, rows))

    assert response.status_code == 302, errors_of(response)
    tour = StudyTour.objects.get()
    assert (tour.kind, tour.owner, tour.title_es) == (
        ActivityKind.STUDY_TOUR,
        programme.owner,
        "Gira de estudio sobre emprendimiento verde",
    )
    participations = Participation.objects.filter(activity=tour)
    assert participations.count() == 10
    assert {p.participant.country.iso3 for p in participations} == {"SLV", "CRI", "GTM"}
    assert set(participations.values_list("owner", flat=True)) == {programme.owner.pk}
    assert participations.get(participant=known).role == ParticipationRole.SPEAKER
    assert participations.filter(participant=returning).exists()
    assert Participant.objects.filter(owner=programme.owner).count() == 10
    assert Participant.objects.get(email="slv0@example.org").owner == programme.owner


def test_a_new_participant_s_country_is_picked_by_autocomplete(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "programmes", "model_name": "participant", "field_name": "country", "term": "salva"},
    )
    assert response.json()["results"] == [{"id": str(country("SLV").pk), "text": "El Salvador"}]


def test_a_new_participant_row_needs_a_country(admin_client):
    programme = factories.ProgrammeFactory()
    row = {**new_participant_row("No Country", "nc@example.org", "SLV"), "new_country": ""}
    response = admin_client.post(url(StudyTour, "add"), study_tour_form(programme, [row]))
    assert response.status_code == 200
    assert "A new participant needs a country." in response.content.decode()
    assert not Activity.objects.exists()
    assert not Participant.objects.exists()


def test_the_same_new_participant_typed_twice_is_rejected(admin_client):
    programme = factories.ProgrammeFactory()
    rows = [new_participant_row("Twice", "twice@example.org", "SLV")] * 2
    response = admin_client.post(url(StudyTour, "add"), study_tour_form(programme, rows))
    assert response.status_code == 200
    assert "This person is already listed for this activity." in response.content.decode()
    assert not Participant.objects.exists()


def test_a_participant_already_on_the_tour_cannot_be_typed_in_again(admin_client):
    tour = factories.StudyTourFactory()
    existing = factories.ParticipationFactory(activity=tour, owner=tour.owner)
    rows = [
        {"id": existing.pk, "activity": tour.pk, "participant": existing.participant.pk, "role": "delegate"},
        new_participant_row("Same person", existing.participant.email.upper(), "SLV"),
    ]
    data = study_tour_form(tour.programme, rows, **management_form("participations", 2, initial=1))
    response = admin_client.post(url(StudyTour, "change", tour.pk), data)
    assert response.status_code == 200
    assert "This person is already listed for this activity." in response.content.decode()
    assert tour.participations.count() == 1


def test_end_date_before_start_date_is_shown_next_to_the_field_and_nothing_is_saved(admin_client):
    programme = factories.ProgrammeFactory()
    data = study_tour_form(
        programme, [new_participant_row("A", "a@example.org", "SLV")], end_date="2024-11-01"
    )
    response = admin_client.post(url(StudyTour, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end_date"] == [
        "The end date must not be before the start date."
    ]
    assert "The end date must not be before the start date." in response.content.decode()
    assert not Activity.objects.exists()
    assert not Participant.objects.exists()


def test_a_capacity_building_event_is_added_with_its_kind_and_needs_one(admin_client):
    programme = factories.ProgrammeFactory()
    data = {
        "programme": programme.pk,
        "title_en": "Workshop on MSME ESG assessment",
        "title_es": "",
        "slug": "",
        "summary_en": "",
        "summary_es": "",
        "event_kind": "",
        "duration_hours": "6",
        "start_date": "2025-03-04",
        "end_date": "",
        "format": ActivityFormat.VIRTUAL,
        "host_country": "",
        "city": "",
        "reported_participants": "40",
        **owned_fields(programme.owner),
        **management_form("participations", 0),
    }
    response = admin_client.post(url(CapacityBuildingEvent, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["event_kind"] == [
        "A capacity-building event needs its kind."
    ]

    response = admin_client.post(
        url(CapacityBuildingEvent, "add"), {**data, "event_kind": EventKind.WORKSHOP}
    )
    assert response.status_code == 302, errors_of(response)
    event = CapacityBuildingEvent.objects.get()
    assert (event.kind, event.event_kind, event.reported_participants) == (ActivityKind.EVENT, "workshop", 40)


def test_study_tour_and_event_screens_show_only_the_fields_of_their_kind(admin_client):
    tour_form = admin_client.get(url(StudyTour, "add")).context["adminform"].form
    event_form = admin_client.get(url(CapacityBuildingEvent, "add")).context["adminform"].form
    assert {"institutions_visited", "learning_objectives_en"} <= set(tour_form.fields)
    assert not {"event_kind", "duration_hours", "kind"} & set(tour_form.fields)
    assert {"event_kind", "duration_hours"} <= set(event_form.fields)
    assert not {"institutions_visited", "learning_objectives_en", "kind"} & set(event_form.fields)


def test_follow_ups_are_recorded_on_the_participation_page(admin_client):
    participation = factories.ParticipationFactory(publication_status=PublicationStatus.IN_REVIEW)
    data = {
        "participant": participation.participant.pk,
        "activity": participation.activity.pk,
        "role": participation.role,
        **owned_fields(participation.owner),
        **management_form("follow_ups", 1),
        "follow_ups-0-responded_on": "2025-06-01",
        "follow_ups-0-applies_skills": "on",
        "follow_ups-0-fed_policy_measure": "",
        "follow_ups-0-comments": "Now trains others.",
    }
    response = admin_client.post(url(Participation, "change", participation.pk), data)
    assert response.status_code == 302, errors_of(response)
    follow_up = participation.follow_ups.get()
    assert (follow_up.applies_skills, follow_up.owner) == (True, participation.owner)
    # A new follow-up starts with its participation's status (which the form no longer changes).
    assert follow_up.publication_status == PublicationStatus.IN_REVIEW


# Programmes ---------------------------------------------------------------------------------------


def programme_form(owner, modality, partners):
    data = {
        "title_en": "Interregional SME green transition",
        "title_es": "",
        "slug": "",
        "summary_en": "",
        "summary_es": "",
        "description_en": "",
        "description_es": "",
        "modality": modality,
        "instrument": "programme",
        "status": "active",
        "start_date": "2022-01-01",
        "end_date": "",
        "framework": "",
        "website": "",
        "budget": "",
        "currency": "",
        **owned_fields(owner),
        **management_form("partners", len(partners)),
    }
    for index, (agency, role) in enumerate(partners):
        data.update(
            {
                f"partners-{index}-agency": agency.pk,
                f"partners-{index}-role": role,
                f"partners-{index}-start_date": "",
                f"partners-{index}-end_date": "",
            }
        )
    return data


def test_a_triangular_programme_without_facilitating_partner_is_rejected(admin_client):
    escap, apc = factories.AgencyFactory(), factories.AgencyFactory()
    data = programme_form(
        escap, Modality.TRIANGULAR, [(apc, PartnerRole.PROVIDING), (escap, PartnerRole.LEAD)]
    )
    response = admin_client.post(url(Programme, "add"), data)
    assert response.status_code == 200
    assert "A triangular programme needs at least one partner with the role" in response.content.decode()
    assert not Programme.objects.exists()


def test_a_triangular_programme_with_a_facilitating_partner_is_saved(admin_client):
    escap, apc = factories.AgencyFactory(), factories.AgencyFactory()
    data = programme_form(
        escap, Modality.TRIANGULAR, [(apc, PartnerRole.PROVIDING), (escap, PartnerRole.FACILITATING)]
    )
    response = admin_client.post(url(Programme, "add"), data)
    assert response.status_code == 302, errors_of(response)
    programme = Programme.objects.get()
    assert sorted(programme.partners.values_list("role", flat=True)) == ["facilitating", "providing"]


def test_removing_the_only_facilitating_partner_of_a_triangular_programme_is_rejected(admin_client):
    programme = factories.ProgrammeFactory(modality=Modality.TRIANGULAR)
    facilitator = factories.ProgrammePartnerFactory(programme=programme, role=PartnerRole.FACILITATING)
    data = programme_form(
        programme.owner, Modality.TRIANGULAR, [(facilitator.agency, PartnerRole.FACILITATING)]
    )
    data.update(management_form("partners", 1, initial=1))
    data.update(
        {"partners-0-id": facilitator.pk, "partners-0-programme": programme.pk, "partners-0-DELETE": "on"}
    )
    response = admin_client.post(url(Programme, "change", programme.pk), data)
    assert response.status_code == 200
    assert "A triangular programme needs at least one partner with the role" in response.content.decode()
    assert programme.partners.count() == 1


def test_a_bilateral_programme_needs_no_facilitating_partner(admin_client):
    agency = factories.AgencyFactory()
    response = admin_client.post(
        url(Programme, "add"), programme_form(agency, Modality.BILATERAL, [(agency, PartnerRole.LEAD)])
    )
    assert response.status_code == 302, errors_of(response)


# Adoptions ----------------------------------------------------------------------------------------


def test_an_adoption_is_entered_with_its_stage_history(admin_client):
    practice = factories.PracticeFactory()
    data = {
        "practice": practice.pk,
        "adopting_country": country("CRI").pk,
        "adopting_agency": "",
        "stage": AdoptionStage.PILOTING,
        "description": "",
        "evidence_url": "",
        "activity": "",
        "programme": "",
        **owned_fields(practice.owner),
        **management_form("stage_history", 2),
        "stage_history-0-stage": AdoptionStage.INTEREST,
        "stage_history-0-reached_on": "2025-02-01",
        "stage_history-0-note": "",
        "stage_history-1-stage": AdoptionStage.PILOTING,
        "stage_history-1-reached_on": "2025-09-15",
        "stage_history-1-note": "Pilot in two provinces.",
    }
    response = admin_client.post(url(PolicyAdoption, "add"), data)
    assert response.status_code == 302, errors_of(response)
    adoption = PolicyAdoption.objects.get()
    assert list(adoption.stage_history.values_list("stage", "reached_on")) == [
        ("interest", D(2025, 2, 1)),
        ("piloting", D(2025, 9, 15)),
    ]
    page = admin_client.get(url(PolicyAdoption, "change", adoption.pk)).content.decode()
    assert "Pilot in two provinces." in page


def test_an_adoption_by_the_practice_s_own_country_is_shown_next_to_the_field(admin_client):
    practice = factories.PracticeFactory(origin_country=country("MYS"))
    data = {
        "practice": practice.pk,
        "adopting_country": country("MYS").pk,
        "stage": AdoptionStage.INTEREST,
        **owned_fields(practice.owner),
        **management_form("stage_history", 0),
    }
    response = admin_client.post(url(PolicyAdoption, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["adopting_country"] == [
        "A country cannot adopt its own practice; record adoptions by other countries."
    ]
    assert not PolicyAdoption.objects.exists()


@pytest.mark.parametrize(
    ("stage", "history", "message"),
    [
        (
            AdoptionStage.ADAPTING,
            [(AdoptionStage.INTEREST, "2025-02-01"), (AdoptionStage.PILOTING, "2025-09-15")],
            "The stage must be the latest one in the stage history: “Piloting”.",
        ),
        (
            AdoptionStage.PILOTING,
            [(AdoptionStage.INTEREST, "2025-09-01"), (AdoptionStage.PILOTING, "2025-02-15")],
            "“Piloting” cannot be reached before “Interest”.",
        ),
    ],
)
def test_a_stage_history_that_disagrees_with_itself_or_the_stage_is_refused(
    admin_client, stage, history, message
):
    practice = factories.PracticeFactory()
    data = {
        "practice": practice.pk,
        "adopting_country": country("CRI").pk,
        "stage": stage,
        **owned_fields(practice.owner),
        **management_form("stage_history", len(history)),
    }
    for index, (history_stage, reached_on) in enumerate(history):
        data[f"stage_history-{index}-stage"] = history_stage
        data[f"stage_history-{index}-reached_on"] = reached_on
    response = admin_client.post(url(PolicyAdoption, "add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PolicyAdoption.objects.exists()
