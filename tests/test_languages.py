"""Translated fields read in the page's language by the database (sscportal/languages.py) give what
django-modeltranslation's own values() gives: the language's column, else its fallback (English)."""

import pytest
from django.utils import translation

from programmes.models import Activity, Programme
from sscportal.languages import in_active_language, plain_values, plain_values_list, translated_field
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def tours():
    spanish = factories.ProgrammeFactory(title_en="Green ports", title_es="Puertos verdes", summary_es="")
    english_only = factories.ProgrammeFactory(title_en="Open data", title_es="")
    return [
        factories.StudyTourFactory(programme=spanish, title_en="Bogota tour", title_es="Gira a Bogotá"),
        factories.StudyTourFactory(programme=english_only, title_en="Manila tour", title_es=""),
    ]


@pytest.mark.parametrize("language", ["en", "es", "es-ar", "fr"])
def test_plain_values_are_what_the_records_show_in_every_language(tours, language):
    """As a record's fields read (modeltranslation's descriptor), through relations too (where
    modeltranslation's values() gives the untranslated column of a related record)."""
    lookups = ("pk", "slug", "title", "summary", "programme__title", "programme__slug")
    with translation.override(language):
        expected = [
            {
                "pk": tour.pk,
                "slug": tour.slug,
                "title": tour.title,
                "summary": tour.summary,
                "programme__title": tour.programme.title,
                "programme__slug": tour.programme.slug,
            }
            for tour in Activity.objects.order_by("pk").select_related("programme")
        ]
        assert plain_values(Activity.objects.order_by("pk"), *lookups) == expected
        assert list(plain_values_list(Activity.objects.order_by("pk"), *lookups)) == [
            tuple(row[lookup] for lookup in lookups) for row in expected
        ]
        own = ("pk", "title", "summary")  # the record's own fields: as modeltranslation's values()
        assert plain_values(Activity.objects.order_by("pk"), *own) == list(
            Activity.objects.order_by("pk").values(*own)
        )


def test_spanish_falls_back_to_english_where_left_empty(tours):
    with translation.override("es"):
        titles = Programme.objects.order_by("pk").annotate(shown=in_active_language(Programme, "title"))
        assert [programme.shown for programme in titles] == ["Puertos verdes", "Open data"]


def test_only_translated_fields_are_translated_ones():
    assert translated_field(Activity, "programme__title") is not None
    assert translated_field(Activity, "programme__slug") is None
    assert translated_field(Activity, "nothing__here") is None
