"""The shared FilterSet base: selects rendered in Python match Django's, and the cached options of
model choice filters are renewed when public data change."""

import csv
import io

import pytest
from django import forms
from django.test import RequestFactory
from django.test.html import parse_html
from django.urls import resolve

from partners.models import PublicationStatus
from programmes.filtersets import ActivityFilterSet, ProgrammeFilterSet
from programmes.models import Theme
from sscportal.filtering import FastNumberInput, FastSelect, FastTextInput, PortalFilterSet
from tests import factories

pytestmark = pytest.mark.django_db

CHOICES = [("", "All"), ("col", "Colombia & co"), ("phl", "Philippines <PH>")]


@pytest.mark.parametrize("value", [None, "col", ["phl"]])
def test_fast_select_renders_the_same_markup_as_django_select(value):
    attrs = {"id": "id_country", "aria-describedby": "help"}
    fast = FastSelect(choices=CHOICES).render("country", value, attrs)
    django = forms.Select(choices=CHOICES).render("country", value, attrs)
    assert parse_html(fast) == parse_html(django)


@pytest.mark.parametrize("value", [None, "", "Bogotá & <co>", 2024])
@pytest.mark.parametrize(
    ("fast", "django"), [(FastTextInput, forms.TextInput), (FastNumberInput, forms.NumberInput)]
)
def test_fast_inputs_render_the_same_markup_as_djangos(fast, django, value):
    attrs = {"id": "id_q", "aria-describedby": "help", "required": True, "disabled": False, "min": 1950}
    assert parse_html(fast().render("q", value, attrs)) == parse_html(django().render("q", value, attrs))


def test_text_and_number_filters_render_with_fast_inputs():
    form = ProgrammeFilterSet({"q": "ports", "year": "2024"}).form
    assert isinstance(form.fields["q"].widget, FastTextInput)
    assert isinstance(form.fields["year"].widget, FastNumberInput)
    assert 'min="1950"' in str(form["year"]) and 'value="2024"' in str(form["year"])


def test_filter_form_options_are_renewed_when_a_record_changes(client):
    request = RequestFactory().get("/programmes/")
    request.user = factories.agency_user(None)

    def agency_options():
        form = ProgrammeFilterSet(request.GET, request=request).form
        return [label for _value, label in form.fields["agency"].widget.choices]

    factories.AgencyFactory(name="Agency before")
    assert any("Agency before" in label for label in agency_options())
    factories.AgencyFactory(name="Agency after")  # its save renews the public pages' generation
    assert any("Agency after" in label for label in agency_options())


def test_filter_form_options_are_read_from_the_cache(django_assert_num_queries):
    request = RequestFactory().get("/programmes/")
    request.user = factories.agency_user(None)
    factories.AgencyFactory()
    str(ProgrammeFilterSet(request.GET, request=request).form["agency"])
    with django_assert_num_queries(0):
        str(ProgrammeFilterSet(request.GET, request=request).form["agency"])


def test_cached_select_markup_follows_the_selected_value():
    factories.country("COL")
    user = factories.agency_user(None)

    def country_select(query):
        request = RequestFactory().get("/programmes/" + query)
        request.user = user
        return str(ProgrammeFilterSet(request.GET, request=request).form["country"])

    assert 'value="COL" selected' in country_select("?country=COL")
    assert "selected" not in country_select("").replace('value="" selected', "")
    assert 'value="COL" selected' in country_select("?country=COL")


def anonymous_filterset(query):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/programmes/" + query)
    request.user = AnonymousUser()
    return ProgrammeFilterSet(request.GET, request=request)


def test_the_record_a_filter_value_names_is_looked_up_once_then_read_from_the_cache(
    django_assert_num_queries,
):
    colombia = factories.country("COL")
    theme = Theme.objects.create(slug="trade", name="Trade")
    filterset = anonymous_filterset("?country=col&theme=trade")
    assert filterset.is_valid()
    assert (filterset.form.cleaned_data["country"], filterset.form.cleaned_data["theme"]) == (colombia, theme)
    with django_assert_num_queries(0):
        again = anonymous_filterset("?country=col&theme=trade")
        assert again.is_valid()
    assert (again.form.cleaned_data["country"], again.form.cleaned_data["theme"]) == (colombia, theme)
    assert again.form.cleaned_data["country"].iso3 == "COL"


def test_an_unknown_filter_value_is_the_same_error_every_time_and_a_new_record_is_found():
    for _attempt in range(2):
        filterset = anonymous_filterset("?theme=oceans")
        assert not filterset.is_valid()
        assert filterset.form.errors["theme"][0].startswith("Select a valid choice.")
    oceans = Theme.objects.create(slug="oceans", name="Oceans")  # its save renews the generation
    filterset = anonymous_filterset("?theme=oceans")
    assert filterset.is_valid() and filterset.form.cleaned_data["theme"] == oceans


def test_a_renamed_record_is_looked_up_again():
    theme = Theme.objects.create(slug="trade", name="Trade")
    assert anonymous_filterset("?theme=trade").is_valid()
    theme.slug = "commerce"
    theme.save()  # renews the generation: the old slug no longer names it
    assert not anonymous_filterset("?theme=trade").is_valid()
    renamed = anonymous_filterset("?theme=commerce")
    assert renamed.is_valid() and renamed.form.cleaned_data["theme"] == theme


@pytest.mark.parametrize("first_language", ["en", "es"])
def test_country_options_are_in_the_alphabetical_order_of_the_pages_language(first_language, monkeypatch):
    """Germany before Algeria in Spanish (Alemania, Argelia), the other way round in English, whichever
    language a visitor asked for first (the public form class is made once per language)."""
    from django.utils import translation

    monkeypatch.setattr(PortalFilterSet, "_public_form_classes", {})  # none made yet in this process

    def iso3s(language):
        with translation.override(language):
            options = anonymous_filterset("").form.fields["country"].widget.choices
            return [code for code, _label in options if code in ("DEU", "DZA")]

    other = "es" if first_language == "en" else "en"
    found = {language: iso3s(language) for language in (first_language, other)}
    assert found == {"en": ["DZA", "DEU"], "es": ["DEU", "DZA"]}


def test_the_public_form_is_the_same_fields_for_every_visitor_and_each_has_its_own_copy():
    first, second = anonymous_filterset("?country=COL").form, anonymous_filterset("").form
    assert type(first) is type(second)
    assert first.fields["country"] is not second.fields["country"]
    assert first.fields["country"].queryset is not second.fields["country"].queryset


def test_a_signed_in_editor_chooses_from_their_own_drafts_after_the_public_form_was_made(monkeypatch):
    """The public form class is kept; an editor's is made for them, with their draft programme among
    the choices of the activity filter, which the public's never offers."""
    from django.contrib.auth.models import AnonymousUser

    monkeypatch.setattr(PortalFilterSet, "_public_form_classes", {})
    draft = factories.ProgrammeFactory(slug="our-draft", publication_status=PublicationStatus.DRAFT)
    editor = factories.agency_user("editor", draft.owner)

    def activity_filterset(user):
        request = RequestFactory().get("/study-tours/", {"programme": "our-draft"})
        request.user = user
        return ActivityFilterSet(request.GET, request=request)

    public = activity_filterset(AnonymousUser())
    assert not public.is_valid() and "programme" in public.errors
    theirs = activity_filterset(editor)
    assert theirs.is_valid(), theirs.errors
    assert theirs.form.cleaned_data["programme"] == draft
    assert "our-draft" in [value for value, _label in theirs.form.fields["programme"].widget.choices]
    assert type(theirs.form) is not type(public.form)


# A NUL character in any filter's value is a bad value like any other: PostgreSQL refuses it in a
# query, so a filter that looked it up unchecked answered with a 500 (the region and country codes did).
NUL = "code\x00"
PUBLIC_FILTERED_PAGES = [
    "/programmes/",
    "/study-tours/",
    "/events/",
    "/adoptions/",
    "/countries/",
    "/agencies/",
    "/impact/",
]
API_FILTERED_LISTS = [
    "/api/v1/programmes/",
    "/api/v1/programmes.csv",
    "/api/v1/study-tours/",
    "/api/v1/events/",
    "/api/v1/adoptions/",
    "/api/v1/countries/",
    "/api/v1/agencies/",
    "/api/v1/country-groups/",
    "/api/v1/practices/",
    "/api/v1/participations/",
    "/api/v1/follow-ups/",
    "/api/v1/indicators/follow-up/",
    "/api/v1/indicators/pipeline/",
    "/api/v1/indicators/flows/",
    "/api/v1/indicators/reach/",
]


def answers_with_a_nul(client, path):
    """{filter name: the answer to `path` with a NUL in that filter}, for each filter of the FilterSet
    behind `path` (the impact page's, and its CSVs', are the programme list's)."""
    factories.ProgrammeFactory()
    view = resolve(path).func
    view_class = getattr(view, "view_class", None) or view.cls
    filterset_class = getattr(view_class, "filterset_class", None) or ProgrammeFilterSet
    return {name: client.get(path, {name: NUL}) for name in sorted(filterset_class.base_filters)}


@pytest.mark.parametrize("path", PUBLIC_FILTERED_PAGES)
def test_a_nul_character_in_any_filter_of_a_public_page_is_shown_as_an_error(client, path):
    for name, response in answers_with_a_nul(client, path).items():
        assert response.status_code == 200, (name, response.status_code)
        assert name in response.context["filter"].errors, name


def test_a_nul_character_in_a_filter_of_an_impact_csv_leaves_that_filter_out(client):
    """As on the page: an unusable value is left out, so the table is that of every published record."""
    path = "/impact/follow-up-by-country.csv"
    factories.ParticipationFactory()  # a row the table has for every record, and a filter would drop
    answers = answers_with_a_nul(client, path)
    every_record = client.get(path)
    assert every_record["Content-Type"].startswith("text/csv")
    assert len(every_record.content.decode().splitlines()) == 2  # the headers and the row
    for name, response in answers.items():
        assert response.status_code == 200, (name, response.status_code)
        assert response.content == every_record.content, name


@pytest.mark.parametrize("path", API_FILTERED_LISTS)
def test_a_nul_character_in_any_filter_of_the_api_is_a_400_naming_it(admin_client, path):
    for name, response in answers_with_a_nul(admin_client, path).items():
        assert response.status_code == 400, (name, response.status_code)
        if path.endswith(".csv"):  # the errors as CSV rows: field, code, message
            fields = {row["field"] for row in csv.DictReader(io.StringIO(response.content.decode()))}
        else:
            fields = {error["field"] for error in response.json()["errors"]}
        assert name in fields, (name, fields)
