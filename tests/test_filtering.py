"""The shared FilterSet base: selects rendered in Python match Django's, and the cached options of
model choice filters are renewed when public data change."""

import pytest
from django import forms
from django.test import RequestFactory
from django.test.html import parse_html

from programmes.filtersets import ProgrammeFilterSet
from sscportal.filtering import FastSelect
from tests import factories

pytestmark = pytest.mark.django_db

CHOICES = [("", "All"), ("col", "Colombia & co"), ("phl", "Philippines <PH>")]


@pytest.mark.parametrize("value", [None, "col", ["phl"]])
def test_fast_select_renders_the_same_markup_as_django_select(value):
    attrs = {"id": "id_country", "aria-describedby": "help"}
    fast = FastSelect(choices=CHOICES).render("country", value, attrs)
    django = forms.Select(choices=CHOICES).render("country", value, attrs)
    assert parse_html(fast) == parse_html(django)


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
