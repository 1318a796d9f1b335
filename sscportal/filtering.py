"""What every FilterSet of the portal shares: the base class, and widgets that render fast.

The public list pages show their FilterSet's form: selects of 249 countries, hundreds of agencies and
programmes. Django renders each <option> (and each text or number input) through templates of its
own, and builds a model instance per option, which made the filter form, not the rows, most of a list
page's time. So PortalFilterSet gives every choice filter that names no widget of its own FastSelect,
and text and number filters FastInput (the same markup, rendered in Python); the options of its
choice filters, and each select's markup, come from the cache (CachedChoices: per FilterSet, field,
language and visitor, under the public pages' generation, so any change to a public record renews
them, as it renews cached pages). The record a filter's value names (?region=M49-419 is the
Americas) is looked up in the filter's queryset once and kept in the cache the same way (CachedLookup),
so a list filtered by region and theme no longer spends two queries validating its filters; an unknown
value is looked up each time and is the same form error as before.
"""

import functools
import hashlib

import django_filters
from django import forms, template
from django.core.cache import cache
from django.db import models
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


class FastSelect(forms.Select):
    """forms.Select with the same context (attributes, selected options, option groups) but rendered
    without a template per option."""

    def use_required_attribute(self, initial):
        # Django's reads the first option, to see if it is empty, even for a field that is not required
        # (a filter never is): the options of a select are read once, to render it.
        return self.is_required and super().use_required_attribute(initial)

    def render(self, name, value, attrs=None, renderer=None):
        if not isinstance(self.choices, CachedChoices):
            return self._render(name, value, attrs)
        # Options from the cache: the markup for this selection is kept beside them.
        key = f"{self.choices.key}:html:{hashlib.sha256(repr((name, value, attrs)).encode()).hexdigest()}"
        html = cache.get(key)
        if html is None:
            html = self._render(name, value, attrs)
            cache.set(key, str(html), CachedChoices.timeout)
        return mark_safe(html)

    def _render(self, name, value, attrs):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((option["value"], flatatt(option["attrs"]), option["label"]) for option in options),
            )
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
                if group_name
                else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(parts)),
        )


class FastInput:
    """For an <input> widget: the markup of Django's template (input.html), rendered in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            format_html(' value="{}"', shown) if shown is not None else "",
            flatatt(widget["attrs"]),
        )


class FastTextInput(FastInput, forms.TextInput):
    pass


class FastNumberInput(FastInput, forms.NumberInput):
    pass


FAST_INPUTS = {forms.TextInput: FastTextInput, forms.NumberInput: FastNumberInput}


class CachedChoices(BaseChoiceIterator):
    """The (value, label) options of a choice field, read from the cache when first iterated (so
    an API request, which validates but never renders the form, costs nothing)."""

    timeout = 3600

    def __init__(self, field, key):
        self.field, self.key = field, key
        self._read = None  # read once per form, however often it is iterated

    def __iter__(self):
        if self._read is None:
            choices = cache.get(self.key)
            if choices is None:
                choices = [(str(value), str(label)) for value, label in self.field.choices]
                cache.set(self.key, choices, self.timeout)
            self._read = choices
        yield from self._read


class CachedLookup:
    """For a model choice field: the record a value names, read from the cache under `lookup_key` when
    it has been looked up before (set by PortalFilterSet; without it, the field looks up as Django's
    does). Only records found are kept: an unknown value is looked up again, and fails as it did."""

    lookup_key = None
    timeout = 3600

    def to_python(self, value):
        if self.lookup_key is None or not isinstance(value, str) or value in self.empty_values:
            return super().to_python(value)
        key = f"{self.lookup_key}:{hashlib.sha256(value.encode()).hexdigest()}"
        record = cache.get(key)
        if record is None:
            record = super().to_python(value)
            if isinstance(record, models.Model):
                cache.set(key, record, self.timeout)
        return record


@functools.cache
def with_cached_lookup(field_class):
    """`field_class` (a ModelChoiceField) with CachedLookup."""
    return type(f"Cached{field_class.__name__}", (CachedLookup, field_class), {})


class PortalFilterSet(django_filters.FilterSet):
    """The base of the portal's FilterSets: choice filters render with FastSelect, the options of model
    choice filters come from the cache, and so do the records their values name (CachedLookup)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter):
                filter_.extra.setdefault("widget", FastSelect)
            elif "widget" not in filter_.extra and filter_.field_class.widget in FAST_INPUTS:
                filter_.extra["widget"] = FAST_INPUTS[filter_.field_class.widget]
            if isinstance(filter_, django_filters.ModelChoiceFilter):
                filter_.field_class = with_cached_lookup(filter_.field_class)

    _public_form_classes = {}  # {(FilterSet class, language): its form class for the public}

    def get_form_class(self):
        """django-filter makes the form class, and a field for each filter, for every FilterSet: for
        visitors who are not signed in, it is made once per FilterSet class and language (the form
        itself is still made for each, with its own copy of the fields). Per language, because a
        field's records are ordered by their name in the language active when it is made (countries
        in Spanish alphabetical order on Spanish pages). A signed-in user's fields may be theirs alone
        (the programmes they may choose from), so theirs is made each time."""
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            return super().get_form_class()
        key = (type(self), get_language())
        form_class = self._public_form_classes.get(key)
        if form_class is None:
            form_class = self._public_form_classes[key] = super().get_form_class()
        return form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name, field in form.fields.items():
                if isinstance(field, forms.ChoiceField) and isinstance(field.widget, FastSelect):
                    field.widget.choices = CachedChoices(field, self._choices_key(name))
                if isinstance(field, CachedLookup):
                    field.lookup_key = self._cache_key("filter-value", name)
        return self._form

    def generation(self):
        """The public pages' generation (sscportal/cache.py) that this FilterSet's cached values are kept
        under: the request's, or the current one for a FilterSet made without a request."""
        from sscportal.cache import request_generation

        return request_generation(self.request)

    def _choices_key(self, name):
        return self._cache_key("filter-choices", f"{name}:{get_language()}")

    def _cache_key(self, kind, name, per_visitor=True):
        """A key of the cache for what this FilterSet keeps of `name` (a field, or a value of one), under
        the public pages' generation; per visitor unless told otherwise (the choices of a signed-in
        editor include their drafts)."""
        user = getattr(self.request, "user", None)
        visitor = user.pk if per_visitor and user is not None and user.is_authenticated else 0
        return f"{kind}:{type(self).__name__}:{name}:{visitor}:{self.generation()}"


register = template.Library()  # {% load filtering %} (TEMPLATES' libraries)


@register.simple_tag
def filter_fields(form, skip=None):
    """A filter form's fields but `skip`, each a paragraph with its label, its control and its errors:
    includes/filter_form.html's loop, in Python (the template's lookups, a dozen per field, were half
    the form's time). Labels are written here rather than with field.label_tag, which renders a
    template for each one."""
    paragraphs = []
    for field in form:
        if field.name == skip:
            continue
        errors = field.errors
        paragraphs.append(
            format_html(
                '\n    <p>\n      <label for="{}">{}{}</label> {}{}\n    </p>',
                field.id_for_label,
                field.label,
                form.label_suffix,
                field,
                format_html(' <span class="errors" id="{}_error">{}</span>', field.auto_id, " ".join(errors))
                if errors
                else "",
            )
        )
    return mark_safe("".join(paragraphs))
