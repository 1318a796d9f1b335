"""Spreadsheet import and export in the admin: a preview that shows each row's errors and whether it
adds or updates, all-or-nothing saving, matching of countries, agencies, participants and activities,
and the permission rule on every row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from partners.models import PublicationStatus
from programmes.models import FollowUpResponse, Participant, Participation, StudyTour
from tests import factories

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # positions in settings.IMPORT_FORMATS


def admin_url(model, view):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def csv_file(text, name="import.csv"):
    return SimpleUploadedFile(name, text.strip().encode("utf-8"), content_type="text/csv")


def preview(client, model, upload, file_format=CSV):
    response = client.post(
        admin_url(model, "import"), {"resource": "0", "format": file_format, "import_file": upload}
    )
    assert response.status_code == 200
    return response


def confirm(client, model, response):
    form = response.context["confirm_form"]
    assert form is not None, "the preview refused the file"
    return client.post(admin_url(model, "process_import"), {**form.initial, "resource": "0"})


@pytest.fixture
def agency_a():
    return factories.AgencyFactory(slug="agency-a", acronym="AGA", name="Agency A")


@pytest.fixture
def editor_a(client, agency_a):
    user = factories.agency_user("editor", agency_a)
    client.force_login(user)
    return user


def test_participants_preview_says_new_or_update_then_saves(client, editor_a, agency_a):
    known = factories.ParticipantFactory(owner=agency_a, email="ana@example.org", name="Ana")
    mincit = factories.AgencyFactory(name="Ministry of Commerce, Industry and Tourism", acronym="MINCIT")
    upload = csv_file(
        """
name,email,gender,position,agency,country,external_id
Ana Ruiz,ANA@example.org,female,Director,MINCIT,COL,
Budi Santoso,budi@example.org,male,Analyst,,Indonesia,
Chai Wong,chai@example.org,female,,mincit,THA,K-3
"""
    )
    response = preview(client, Participant, upload)
    kinds = [row.import_type for row in response.context["result"].rows]
    assert kinds == ["update", "new", "new"]
    assert Participant.objects.count() == 1  # nothing saved by the preview

    done = confirm(client, Participant, response)
    assert done.status_code == 302
    known.refresh_from_db()
    assert (known.name, known.agency, known.country.iso3) == ("Ana Ruiz", mincit, "COL")
    budi = Participant.objects.get(email="budi@example.org")
    assert (budi.owner, budi.country.iso3) == (agency_a, "IDN")
    assert Participant.objects.get(external_id="K-3").agency == mincit


def test_a_file_with_bad_rows_shows_each_error_by_its_row_and_saves_nothing(client, editor_a):
    upload = csv_file(
        """
name,email,gender,position,agency,country,external_id
Good Row,good@example.org,female,,,COL,
No Country,nocountry@example.org,male,,,Atlantis,
,noname@example.org,male,,,PER,
Bad Mail,not-an-email,male,,,PER,
"""
    )
    response = preview(client, Participant, upload)
    result = response.context["result"]
    assert response.context.get("confirm_form") is None
    invalid = {row.number: row.error.message_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4}
    assert "country" in invalid[2] and "Atlantis" in " ".join(invalid[2]["country"])
    assert "name" in invalid[3]
    assert "email" in invalid[4]
    page = response.content.decode()
    assert "Atlantis" in page
    assert not Participant.objects.exists()


def test_rows_of_another_agency_are_refused(client, editor_a):
    agency_b = factories.AgencyFactory(slug="agency-b", acronym="AGB")
    theirs = factories.StudyTourFactory(owner=agency_b, slug="their-tour", programme__owner=agency_b)
    programme = factories.ProgrammeFactory(
        owner=editor_a.agency_memberships.get().agency, slug="our-programme"
    )
    upload = csv_file(
        f"""
slug,external_id,programme,title_en,start_date,host_country,city,format,owner
their-tour,,{programme.slug},Taken over,2024-11-18,COL,Bogota,in_person,
,T-9,{programme.slug},Tour for B,2024-11-18,COL,Bogota,in_person,AGB
"""
    )
    response = preview(client, StudyTour, upload)
    invalid = {row.number: row.error.message_dict for row in response.context["result"].invalid_rows}
    assert "another agency" in invalid[1]["owner"][0]
    assert "You may not add records for" in invalid[2]["owner"][0]
    assert response.context.get("confirm_form") is None
    theirs.refresh_from_db()
    assert theirs.title_en != "Taken over"
    assert StudyTour.objects.count() == 1


def test_study_tours_import_from_xlsx_and_participations_and_follow_ups_follow(client, editor_a, agency_a):
    programme = factories.ProgrammeFactory(owner=agency_a, slug="green-smes")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["external_id", "programme", "title_en", "title_es", "start_date", "end_date", "host_country", "city"]
    )
    sheet.append(
        [
            "T-1",
            "green-smes",
            "Study tour to Bogota",
            "Visita a Bogotá",
            "2024-11-18",
            "2024-11-22",
            "COL",
            "Bogota",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("tours.xlsx", buffer.getvalue())
    response = preview(client, StudyTour, upload, XLSX)
    assert [row.import_type for row in response.context["result"].rows] == ["new"]
    assert confirm(client, StudyTour, response).status_code == 302
    tour = StudyTour.objects.get(external_id="T-1")
    assert (tour.programme, tour.title_es, tour.owner) == (programme, "Visita a Bogotá", agency_a)

    factories.ParticipantFactory(owner=agency_a, email="ana@example.org")
    response = preview(
        client, Participation, csv_file("participant,activity,role\nana@example.org,T-1,speaker")
    )
    confirm(client, Participation, response)
    assert Participation.objects.get().role == "speaker"

    response = preview(
        client,
        FollowUpResponse,
        csv_file(
            "participant,activity,responded_on,applies_skills,fed_policy_measure,comments\n"
            "ana@example.org,T-1,2025-05-02,1,0,Now trains others"
        ),
    )
    assert [row.import_type for row in response.context["result"].rows] == ["new"]
    confirm(client, FollowUpResponse, response)
    follow_up = FollowUpResponse.objects.get()
    assert follow_up.applies_skills and not follow_up.fed_policy_measure and follow_up.owner == agency_a


def test_a_follow_up_for_someone_not_at_the_activity_is_refused(client, editor_a, agency_a):
    factories.StudyTourFactory(owner=agency_a, external_id="T-1", programme__owner=agency_a)
    factories.ParticipantFactory(owner=agency_a, email="ana@example.org")
    response = preview(
        client,
        FollowUpResponse,
        csv_file("participant,activity,responded_on,applies_skills\nana@example.org,T-1,2025-05-02,1"),
    )
    (row,) = response.context["result"].invalid_rows
    assert "not recorded at this activity" in row.error.message_dict["participant"][0]


def test_export_lists_only_what_the_user_may_see(client, editor_a, agency_a):
    factories.ParticipantFactory(owner=agency_a, name="Ours", publication_status=PublicationStatus.DRAFT)
    factories.ParticipantFactory(name="Theirs")
    response = client.post(
        admin_url(Participant, "export"),
        {
            "format": CSV,
            "resource": "0",
            **{f"participantresource_{f}": "on" for f in ("name", "email", "country")},
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ours" in body and "Theirs" not in body


@pytest.mark.parametrize(
    ("model", "content", "name"),
    [
        (StudyTour, "external_id,programme,title_en,start_date\nT-1,nope,Tour,2024-13-45", "bad.csv"),
        (Participant, "name,email,gender,country\nAna,ana@example.org,robot,COL", "bad.csv"),
        (
            FollowUpResponse,
            "participant,activity,responded_on,applies_skills\nx,y,yesterday,maybe",
            "bad.csv",
        ),
        (Participant, "\x00\x01\x02 not a spreadsheet", "bad.xlsx"),
        # NUL characters, which PostgreSQL refuses, in texts and in the codes and keys looked up
        (
            Participant,
            "name,email,gender,agency,country\nAna\x00,ana@example.org,female,ag\x00,CO\x00L",
            "nul.csv",
        ),
        (StudyTour, "external_id,programme,title_en,start_date\nT-\x001,no\x00pe,Tour,2024-01-01", "nul.csv"),
        (
            FollowUpResponse,
            "participant,activity,responded_on,applies_skills\nana\x00@example.org,T\x00,2024-01-01,yes",
            "nul.csv",
        ),
        (Participant, "", "empty.csv"),
    ],
)
def test_malformed_files_and_values_are_explained_never_a_server_error(
    client, editor_a, model, content, name
):
    file_format = XLSX if name.endswith(".xlsx") else CSV
    response = client.post(
        admin_url(model, "import"),
        {"resource": "0", "format": file_format, "import_file": SimpleUploadedFile(name, content.encode())},
    )
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    result = response.context.get("result")
    form_errors = response.context["form"].errors if response.context.get("form") else {}
    if result is not None and len(result.rows):
        # Each bad value is a validation error next to its row, not an exception with a traceback.
        assert result.has_validation_errors() and not result.has_errors()
    else:
        assert form_errors
    assert not model.objects.exists()


def test_a_nul_character_is_named_by_its_column_and_nothing_is_saved(client, editor_a):
    upload = csv_file(
        "name,email,gender,country\nAna,ana@example.org,female,CO\x00L\nLuis,luis@example.org,male,PER"
    )
    response = preview(client, Participant, upload)
    invalid = {row.number: row.error.message_dict for row in response.context["result"].invalid_rows}
    assert invalid == {1: {"country": ["Null characters are not allowed."]}}
    assert response.context.get("confirm_form") is None and not Participant.objects.exists()
