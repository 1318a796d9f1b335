"""Model rules: each is enforced by the model's validation (a clear message naming the field) and,
where a database can hold it, by a constraint as well."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import PublicationStatus
from programmes.choices import ActivityFormat, ActivityKind, EventKind, Modality, PartnerRole
from programmes.models import (
    Activity,
    CapacityBuildingEvent,
    Participation,
    PolicyAdoption,
    Programme,
    StudyTour,
)
from tests import factories
from tests.factories import country

pytestmark = pytest.mark.django_db

D = datetime.date


def field_errors(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def violates_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()
    return True


# Dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("factory", [factories.ProgrammeFactory, factories.StudyTourFactory])
def test_end_date_before_start_date_is_rejected_on_the_end_date_field(factory):
    record = factory.build(owner=factories.AgencyFactory(), start_date=D(2024, 5, 2), end_date=D(2024, 5, 1))
    if hasattr(record, "programme_id"):
        record.programme = factories.ProgrammeFactory(owner=record.owner)
    errors = field_errors(record)
    assert errors["end_date"] == ["The end date must not be before the start date."]


def test_end_date_before_start_date_is_refused_by_the_database():
    programme = factories.ProgrammeFactory()
    assert violates_database(
        lambda: Programme.objects.filter(pk=programme.pk).update(
            start_date=D(2024, 5, 2), end_date=D(2024, 5, 1)
        )
    )
    tour = factories.StudyTourFactory()
    assert violates_database(lambda: Activity.objects.filter(pk=tour.pk).update(end_date=D(2000, 1, 1)))


def test_partner_period_must_be_in_order():
    partner = factories.ProgrammePartnerFactory.build(
        programme=factories.ProgrammeFactory(),
        agency=factories.AgencyFactory(),
        start_date=D(2024, 1, 2),
        end_date=D(2024, 1, 1),
    )
    assert "end_date" in field_errors(partner)


def test_end_date_equal_to_start_date_is_accepted():
    factories.ProgrammeFactory.build(
        owner=factories.AgencyFactory(), start_date=D(2024, 1, 1), end_date=D(2024, 1, 1)
    ).full_clean()


# Counts ------------------------------------------------------------------------------------------


def test_negative_participant_count_is_rejected():
    tour = factories.StudyTourFactory.build(
        owner=factories.AgencyFactory(), programme=factories.ProgrammeFactory(), reported_participants=-1
    )
    assert "reported_participants" in field_errors(tour)
    saved = factories.StudyTourFactory()
    assert violates_database(lambda: Activity.objects.filter(pk=saved.pk).update(reported_participants=-3))


def test_negative_duration_and_budget_are_rejected():
    event = factories.EventFactory.build(
        owner=factories.AgencyFactory(), programme=factories.ProgrammeFactory(), duration_hours=Decimal("-1")
    )
    assert "duration_hours" in field_errors(event)
    programme = factories.ProgrammeFactory.build(owner=factories.AgencyFactory(), budget=-5, currency="USD")
    assert "budget" in field_errors(programme)
    saved = factories.EventFactory()
    assert violates_database(lambda: Activity.objects.filter(pk=saved.pk).update(duration_hours=-2))
    saved_programme = factories.ProgrammeFactory()
    assert violates_database(
        lambda: Programme.objects.filter(pk=saved_programme.pk).update(budget=-1, currency="USD")
    )


def test_budget_needs_an_iso_4217_currency():
    agency = factories.AgencyFactory()
    assert field_errors(factories.ProgrammeFactory.build(owner=agency, budget=1000))["currency"] == [
        "A budget needs its currency."
    ]
    assert "currency" in field_errors(
        factories.ProgrammeFactory.build(owner=agency, budget=1000, currency="XXY")
    )
    factories.ProgrammeFactory.build(owner=agency, budget=1000, currency="COP").full_clean()


# Uniqueness --------------------------------------------------------------------------------------


def test_slugs_are_unique_and_generated_without_clashes():
    first = factories.ProgrammeFactory(slug="green-smes")
    clash = factories.ProgrammeFactory.build(owner=first.owner, slug="green-smes")
    assert "slug" in field_errors(clash)
    one = factories.ProgrammeFactory(title="Green SMEs", slug="")
    two = factories.ProgrammeFactory(title="Green SMEs", slug="")
    assert (one.slug, two.slug) == ("green-smes-2", "green-smes-3")


def test_external_identifier_is_unique_per_owning_agency_only():
    agency, other = factories.AgencyFactory(), factories.AgencyFactory()
    factories.ProgrammeFactory(owner=agency, external_id="P-1")
    duplicate = factories.ProgrammeFactory.build(owner=agency, external_id="P-1")
    assert field_errors(duplicate)["__all__"] == [
        "This agency already has a record with this external identifier."
    ]
    factories.ProgrammeFactory(owner=other, external_id="P-1")  # another agency may use the same id
    factories.ProgrammeFactory(owner=agency, external_id="")  # empty ids never clash
    factories.ProgrammeFactory(owner=agency, external_id="")


def test_a_participant_takes_part_in_an_activity_once():
    participation = factories.ParticipationFactory()
    again = Participation(
        owner=participation.owner, participant=participation.participant, activity=participation.activity
    )
    assert field_errors(again)["__all__"] == ["This participant is already recorded for this activity."]
    assert violates_database(
        lambda: Participation.objects.create(
            owner=participation.owner, participant=participation.participant, activity=participation.activity
        )
    )


def test_participant_email_is_unique_within_an_agency():
    participant = factories.ParticipantFactory(email="ana@example.org")
    clash = factories.ParticipantFactory.build(owner=participant.owner, email="ana@example.org")
    assert "__all__" in field_errors(clash)
    factories.ParticipantFactory(email="ana@example.org")  # logged by another agency: allowed


# Kinds of activity -------------------------------------------------------------------------------


def test_study_tour_and_event_proxies_share_one_table_and_know_their_kind():
    tour = StudyTour(title="Visit", start_date=D(2024, 1, 1))
    event = CapacityBuildingEvent(title="Webinar", start_date=D(2024, 1, 1))
    assert tour.kind == ActivityKind.STUDY_TOUR and event.kind == ActivityKind.EVENT
    factories.StudyTourFactory()
    factories.EventFactory()
    assert StudyTour.objects.count() == 1
    assert CapacityBuildingEvent.objects.count() == 1
    assert Activity.objects.count() == 2


def test_an_event_needs_its_kind_and_a_study_tour_has_none():
    agency = factories.AgencyFactory()
    programme = factories.ProgrammeFactory(owner=agency)
    event = factories.EventFactory.build(owner=agency, programme=programme, event_kind="")
    assert field_errors(event)["event_kind"] == ["A capacity-building event needs its kind."]
    tour = factories.StudyTourFactory.build(owner=agency, programme=programme, event_kind=EventKind.WEBINAR)
    assert "__all__" in field_errors(tour)
    saved = factories.StudyTourFactory()
    assert violates_database(lambda: Activity.objects.filter(pk=saved.pk).update(duration_hours=3))


def test_an_in_person_activity_needs_a_host_country_but_a_virtual_one_does_not():
    agency = factories.AgencyFactory()
    programme = factories.ProgrammeFactory(owner=agency)
    tour = factories.StudyTourFactory.build(owner=agency, programme=programme, host_country=None)
    assert "host_country" in field_errors(tour)
    webinar = factories.EventFactory.build(
        owner=agency, programme=programme, host_country=None, format=ActivityFormat.VIRTUAL
    )
    webinar.full_clean()


# Programmes and partners -------------------------------------------------------------------------


def test_a_triangular_programme_needs_a_facilitating_partner():
    with pytest.raises(ValidationError, match="Facilitating"):
        Programme.validate_partner_roles(Modality.TRIANGULAR, [PartnerRole.PROVIDING, PartnerRole.RECEIVING])
    Programme.validate_partner_roles(Modality.TRIANGULAR, [PartnerRole.FACILITATING, PartnerRole.RECEIVING])
    Programme.validate_partner_roles(Modality.BILATERAL, [PartnerRole.PROVIDING])


def test_partner_roles_map_to_segib_oecd_and_iati_vocabularies():
    partner = factories.ProgrammePartnerFactory(role=PartnerRole.FACILITATING)
    assert partner.vocabularies == {
        "segib": "second_offerer",
        "oecd": "facilitating",
        "iati_organisation_role": "3",
    }
    assert factories.ProgrammePartnerFactory(role=PartnerRole.RECEIVING).vocabularies["oecd"] == "beneficiary"


def test_an_agency_holds_a_role_in_a_programme_once():
    partner = factories.ProgrammePartnerFactory()
    again = factories.ProgrammePartnerFactory.build(
        programme=partner.programme, agency=partner.agency, role=partner.role
    )
    assert "__all__" in field_errors(again)


# Outcomes ----------------------------------------------------------------------------------------


def test_a_follow_up_cannot_predate_its_activity():
    participation = factories.ParticipationFactory()
    response = factories.FollowUpResponseFactory.build(
        owner=participation.owner, participation=participation, responded_on=D(2020, 1, 1)
    )
    assert field_errors(response)["responded_on"] == [
        "A follow-up response cannot predate the activity it follows up."
    ]


def test_a_country_cannot_adopt_its_own_practice():
    practice = factories.PracticeFactory(origin_country=country("MYS"))
    adoption = PolicyAdoption(owner=practice.owner, practice=practice, adopting_country=country("MYS"))
    assert "adopting_country" in field_errors(adoption)


def test_an_adoption_takes_its_programme_from_its_activity_and_must_agree_with_it():
    tour = factories.StudyTourFactory()
    practice = factories.PracticeFactory(owner=tour.owner)
    adoption = PolicyAdoption(
        owner=tour.owner, practice=practice, adopting_country=country("CRI"), activity=tour
    )
    adoption.full_clean()
    assert adoption.programme == tour.programme
    adoption.programme = factories.ProgrammeFactory(owner=tour.owner)
    assert field_errors(adoption)["activity"] == ["This activity belongs to another programme."]


def test_an_adopting_agency_must_be_in_the_adopting_country():
    practice = factories.PracticeFactory()
    agency_in_colombia = factories.AgencyFactory(country=country("COL"))
    adoption = PolicyAdoption(
        owner=practice.owner,
        practice=practice,
        adopting_country=country("GTM"),
        adopting_agency=agency_in_colombia,
    )
    assert "adopting_agency" in field_errors(adoption)


def test_the_same_adoption_is_recorded_once():
    adoption = factories.PolicyAdoptionFactory(adopting_country=country("GTM"))
    again = PolicyAdoption(owner=adoption.owner, practice=adoption.practice, adopting_country=country("GTM"))
    assert "__all__" in field_errors(again)
    assert violates_database(
        lambda: PolicyAdoption.objects.create(
            owner=adoption.owner, practice=adoption.practice, adopting_country=country("GTM")
        )
    )


def test_owned_records_start_as_drafts_and_only_published_ones_are_public():
    draft = factories.ProgrammeFactory(publication_status=PublicationStatus.DRAFT)
    published = factories.ProgrammeFactory()
    assert list(Programme.objects.published()) == [published]
    assert not draft.is_published and published.is_published
    assert Programme(title="x").publication_status == PublicationStatus.DRAFT


def test_records_read_well_in_lists():
    participation = factories.ParticipationFactory(
        participant__name="Ana Ruiz", activity__title="Study tour to Bogota"
    )
    assert str(participation) == "Ana Ruiz at Study tour to Bogota"
    assert str(participation.participant) == "Ana Ruiz (SLV)"
    assert str(factories.AgencyFactory(name="Agencia", acronym="APC")) == "APC — Agencia"
    assert str(country("COL")) == "Colombia"


def test_an_adoption_stage_is_the_latest_of_its_dated_stage_history():
    PolicyAdoption.validate_stage_history(
        "piloting", [("interest", D(2025, 1, 1)), ("piloting", D(2025, 6, 1))]
    )
    PolicyAdoption.validate_stage_history("interest", [])
    with pytest.raises(ValidationError) as wrong_stage:
        PolicyAdoption.validate_stage_history("adopted", [("interest", D(2025, 1, 1))])
    assert "stage" in wrong_stage.value.message_dict
    with pytest.raises(ValidationError) as out_of_order:
        PolicyAdoption.validate_stage_history(
            "piloting", [("interest", D(2025, 6, 1)), ("piloting", D(2025, 1, 1))]
        )
    assert "reached_on" in out_of_order.value.message_dict
