"""Filters of programmes and activities, shared by the public list pages and (later) the API, so that
`/programmes/?region=…&theme=…` and `/api/v1/programmes/?region=…&theme=…` mean the same.

A value the filter does not know (an unknown country, year "abc", SDG 99) is a form error, never a
server error: the public pages (FilterView with strict=False) show the error and leave that one filter
out; the API's DjangoFilterBackend answers 400 with the errors. Filters that look across related rows
use Exists subqueries, so a programme is listed once and pagination counts stay right.
"""

import datetime

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from partners.models import Agency, Country, CountryGroup
from partners.permissions import views_published_only
from programmes.choices import (
    ActivityFormat,
    AdoptionStage,
    EventKind,
    Modality,
    ParticipationRole,
    ProgrammeStatus,
)
from programmes.models import (
    Activity,
    FollowUpResponse,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
    ProgrammePartner,
    ProgrammePlace,
    SustainableDevelopmentGoal,
    Theme,
)
from sscportal.filtering import PortalFilterSet

FIRST_YEAR, LAST_YEAR = 1950, 2100


class CodeChoiceField(forms.ModelChoiceField):
    """A model choice given by one of several codes, e.g. a region by "M49-419", "m49-419" or "419"."""

    def __init__(self, *args, lookups=(), **kwargs):
        self.lookups = lookups
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        self.validate_no_null_characters(value)  # as ModelChoiceField does: PostgreSQL refuses them
        condition = Q()
        for lookup in self.lookups:
            condition |= Q(**{lookup: value})
        matches = list(self.queryset.filter(condition)[:2])
        if len(matches) != 1:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return matches[0]

    def validate(self, value):
        # to_python has already looked the value up in the queryset.
        forms.Field.validate(self, value)


class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = CodeChoiceField


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering that ends with the primary key, so that pages never repeat or skip a row."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in value), "pk")


def geographic_regions(request=None):
    """UN M49 regions, sub-regions and intermediate regions, as filter choices."""
    return CountryGroup.objects.geographic_regions().order_by("m49_code")


def every(model):
    """All records of `model`, as a model choice filter's queryset: a callable (django-filter calls it
    with the request), made when a form needs it, so that the records are ordered by their name in the
    active language (a QuerySet made at import was ordered in English on Spanish pages), and so that
    each FilterSet's deep copy of its filters does not copy a whole query."""
    return lambda request=None: model._default_manager.all()


def requesting_user(request):
    return getattr(request, "user", None) or AnonymousUser()


def visible_programmes(request=None):
    """Programmes the visitor may view, to choose from (drafts of others never appear as choices)."""
    return Programme.objects.restrict(requesting_user(request), "view")


def text_search(queryset, value):
    """Rows whose title or summary, in English or Spanish, match the text (the one search rule:
    partners.models.SearchQuerySet.search)."""
    return queryset.search(value)


def running_in(queryset, year):
    """Rows that started by the end of `year` and had not ended before it began."""
    return queryset.filter(
        Q(start_date__lte=datetime.date(year, 12, 31))
        & (Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1)))
    )


def region_filter(label, method="filter_region"):
    return CodeChoiceFilter(
        label=label,
        queryset=geographic_regions,
        to_field_name="code",
        lookups=("code__iexact", "m49_code"),
        method=method,
        empty_label=_("All regions"),
    )


def country_filter(label, method="filter_country"):
    return CodeChoiceFilter(
        label=label,
        queryset=every(Country),
        to_field_name="iso3",
        lookups=("iso3__iexact",),
        method=method,
        empty_label=_("All countries"),
    )


def agency_filter(label, method):
    return django_filters.ModelChoiceFilter(
        label=label,
        queryset=every(Agency),
        to_field_name="slug",
        method=method,
        empty_label=_("All agencies"),
    )


def theme_filter():
    return django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=every(Theme),
        to_field_name="slug",
        method="filter_theme",
        empty_label=_("All themes"),
    )


PLACES_CACHE_SECONDS = 3600  # also renewed by any change to public data (the generation)


class ProgrammeFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    region = region_filter(_("Region"))
    country = country_filter(_("Country"))
    agency = agency_filter(_("Partner agency"), "filter_agency")
    theme = theme_filter()
    sdg = django_filters.ModelChoiceFilter(
        label=_("Sustainable Development Goal"),
        queryset=every(SustainableDevelopmentGoal),
        method="filter_sdg",
        empty_label=_("All goals"),
    )
    modality = django_filters.ChoiceFilter(
        label=_("Modality"), choices=Modality.choices, empty_label=_("All modalities")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProgrammeStatus.choices, empty_label=_("All statuses")
    )
    year = YearFilter(label=_("Running in year"), method="filter_year")
    sort = StableOrderingFilter(
        label=_("Sort by"),
        fields=(("title", "title"), ("start_date", "start_date")),
        field_labels={
            "title": _("Title"),
            "-title": _("Title (reverse)"),
            "start_date": _("Start date, oldest first"),
            "-start_date": _("Start date, newest first"),
        },
        empty_label=_("Newest first"),
    )

    class Meta:
        model = Programme
        fields = ["q", "region", "country", "agency", "theme", "sdg", "modality", "status", "year"]

    def filter_q(self, queryset, name, value):
        return text_search(queryset, value)

    def chosen(self):
        """The programmes this validated FilterSet's filters chose, or None when it sets none (sorting is
        not a filter; unknown values were left out): figures then count every published record, with
        no subquery. The impact page and the API's indicators ask this alike."""
        values = self.form.cleaned_data
        if any(value not in (None, "", []) for name, value in values.items() if name != "sort"):
            return self.qs
        return None

    def _places(self, kind, place):
        """([country key…], [agency key…]): the countries of `place` (a region or a country: `kind`) and
        the agencies based there, kept in the cache under the public pages' generation
        (sscportal/cache.py), so any change to an agency or a country renews them."""
        key = self._cache_key("places", f"{kind}:{place.pk}", per_visitor=False)  # for every visitor
        places = cache.get(key)
        if places is None:
            countries = Country.objects.in_region(place) if kind == "region" else [place]
            countries = [country.pk for country in countries]
            places = (
                countries,
                list(Agency.objects.filter(country__in=countries).values_list("pk", flat=True)),
            )
            cache.set(key, places, PLACES_CACHE_SECONDS)
        return places

    def _in_countries(self, queryset, kind, place):
        """Programmes with a partner agency based in, or an activity (that the visitor may view)
        hosted in, `place`: a region (`kind` "region") or a country ("country"). For a visitor who may
        view published records only (the public, anonymous API clients: views_published_only),
        ProgrammePlace holds the answer: one index lookup. For staff, who may also view their agency's
        unpublished activities, it is asked of the records (in_countries_of_records)."""
        user = requesting_user(self.request)
        if views_published_only(user):
            places = ProgrammePlace.objects.filter(programme=OuterRef("pk"), **{kind: place})
            return queryset.filter(Exists(places))
        return self.in_countries_of_records(queryset, kind, place, user)

    def in_countries_of_records(self, queryset, kind, place, user):
        """_in_countries() asked of the records, for `user`: the countries and the agencies based there
        are two short lists (_places), so that each programme's check is an index lookup of its own few
        partners and activities (as joins, the database read the agencies again for every programme)."""
        countries, agencies = self._places(kind, place)
        partners = ProgrammePartner.objects.filter(programme=OuterRef("pk"), agency__in=agencies)
        activities = Activity.objects.restrict(user, "view").filter(
            programme=OuterRef("pk"), host_country__in=countries
        )
        return queryset.filter(Exists(partners) | Exists(activities))

    def filter_region(self, queryset, name, value):
        return self._in_countries(queryset, "region", value)

    def filter_country(self, queryset, name, value):
        return self._in_countries(queryset, "country", value)

    def filter_agency(self, queryset, name, value):
        return queryset.filter(
            Exists(ProgrammePartner.objects.filter(programme=OuterRef("pk"), agency=value))
        )

    def filter_theme(self, queryset, name, value):
        through = Programme.themes.through.objects.filter(programme=OuterRef("pk"), theme=value)
        return queryset.filter(Exists(through))

    def filter_sdg(self, queryset, name, value):
        through = Programme.sdgs.through.objects.filter(
            programme=OuterRef("pk"), sustainabledevelopmentgoal=value
        )
        return queryset.filter(Exists(through))

    def filter_year(self, queryset, name, value):
        return running_in(queryset, value)


class ActivityFilterSet(PortalFilterSet):
    """Filters of study tours and capacity-building events (event_kind applies to events only)."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    region = region_filter(_("Host region"))
    country = country_filter(_("Host country"))
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=visible_programmes,
        to_field_name="slug",
        empty_label=_("All programmes"),
    )
    organiser = agency_filter(_("Organising agency"), "filter_organiser")
    theme = theme_filter()
    year = YearFilter(label=_("Held in year"), method="filter_year")
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=ActivityFormat.choices, empty_label=_("All formats")
    )
    event_kind = django_filters.ChoiceFilter(
        label=_("Kind of event"), choices=EventKind.choices, empty_label=_("All kinds")
    )
    sort = StableOrderingFilter(
        label=_("Sort by"),
        fields=(("title", "title"), ("start_date", "start_date")),
        field_labels={
            "title": _("Title"),
            "-title": _("Title (reverse)"),
            "start_date": _("Date, oldest first"),
            "-start_date": _("Date, newest first"),
        },
        empty_label=_("Newest first"),
    )

    class Meta:
        model = Activity
        fields = ["q", "region", "country", "programme", "organiser", "theme", "year", "format", "event_kind"]

    def filter_q(self, queryset, name, value):
        return text_search(queryset, value)

    def filter_region(self, queryset, name, value):
        return queryset.filter(host_country__in=Country.objects.in_region(value))

    def filter_country(self, queryset, name, value):
        return queryset.filter(host_country=value)

    def filter_organiser(self, queryset, name, value):
        through = Activity.organisers.through.objects.filter(activity=OuterRef("pk"), agency=value)
        return queryset.filter(Exists(through))

    def filter_theme(self, queryset, name, value):
        through = Activity.themes.through.objects.filter(activity=OuterRef("pk"), theme=value)
        return queryset.filter(Exists(through))

    def filter_year(self, queryset, name, value):
        return running_in(queryset, value)


class PolicyAdoptionFilterSet(PortalFilterSet):
    """Filters of reported policy adoptions: by stage, by where the practice came from and where it was
    adopted, by programme and theme."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=AdoptionStage.choices, empty_label=_("All stages")
    )
    origin_region = region_filter(_("Region of origin"), method="filter_origin_region")
    origin_country = country_filter(_("Country of origin"), method="filter_origin_country")
    region = region_filter(_("Adopting region"))
    country = country_filter(_("Adopting country"))
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=visible_programmes,
        to_field_name="slug",
        empty_label=_("All programmes"),
    )
    theme = theme_filter()
    sort = StableOrderingFilter(
        label=_("Sort by"),
        fields=(("updated_at", "updated_at"), ("practice__title", "practice")),
        field_labels={
            "updated_at": _("Least recently updated first"),
            "-updated_at": _("Most recently updated first"),
            "practice": _("Practice"),
            "-practice": _("Practice (reverse)"),
        },
        empty_label=_("Most recently updated first"),
    )

    class Meta:
        model = PolicyAdoption
        fields = ["q", "stage", "origin_region", "origin_country", "region", "country", "programme", "theme"]

    def filter_q(self, queryset, name, value):
        practices = text_search(Practice.objects.all(), value)
        return queryset.filter(practice__in=practices) if value.strip() else queryset

    def filter_origin_region(self, queryset, name, value):
        return queryset.filter(practice__origin_country__in=Country.objects.in_region(value))

    def filter_origin_country(self, queryset, name, value):
        return queryset.filter(practice__origin_country=value)

    def filter_region(self, queryset, name, value):
        return queryset.filter(adopting_country__in=Country.objects.in_region(value))

    def filter_country(self, queryset, name, value):
        return queryset.filter(adopting_country=value)

    def filter_theme(self, queryset, name, value):
        through = Practice.themes.through.objects.filter(practice=OuterRef("practice"), theme=value)
        return queryset.filter(Exists(through))


class PracticeFilterSet(PortalFilterSet):
    """Filters of practices (the API's; practices have no public list page yet)."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    origin_country = country_filter(_("Country of origin"), method="filter_origin_country")
    theme = theme_filter()

    class Meta:
        model = Practice
        fields = ["q", "origin_country", "theme"]

    def filter_q(self, queryset, name, value):
        return text_search(queryset, value)

    def filter_origin_country(self, queryset, name, value):
        return queryset.filter(origin_country=value)

    def filter_theme(self, queryset, name, value):
        through = Practice.themes.through.objects.filter(practice=OuterRef("pk"), theme=value)
        return queryset.filter(Exists(through))


def visible_activities(request=None):
    """Activities the client may view, to choose from."""
    return Activity.objects.restrict(requesting_user(request), "view")


class ParticipationFilterSet(PortalFilterSet):
    """Filters of participations (personal data: the API shows them to the owning agency only)."""

    activity = django_filters.ModelChoiceFilter(
        label=_("Activity"),
        queryset=visible_activities,
        to_field_name="slug",
        empty_label=_("All activities"),
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=ParticipationRole.choices, empty_label=_("All roles")
    )

    class Meta:
        model = Participation
        fields = ["activity", "role"]


class FollowUpResponseFilterSet(PortalFilterSet):
    """Filters of follow-up responses (personal data, as participations)."""

    activity = django_filters.ModelChoiceFilter(
        label=_("Activity"),
        queryset=visible_activities,
        to_field_name="slug",
        field_name="participation__activity",
        empty_label=_("All activities"),
    )
    applies_skills = django_filters.TypedChoiceFilter(
        label=_("Applies the skills or knowledge gained"),
        choices=[("true", _("Yes")), ("false", _("No"))],
        coerce=lambda value: value == "true",
    )

    class Meta:
        model = FollowUpResponse
        fields = ["activity", "applies_skills"]
