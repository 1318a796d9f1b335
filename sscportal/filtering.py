"""What every FilterSet of the portal shares: the base class, and a <select> that renders fast.

The public list pages show their FilterSet's form: selects of 249 countries, hundreds of agencies and
programmes. Django renders each <option> through its own template include (about a millisecond each),
and builds a model instance per option, which made the filter form, not the rows, most of a list
page's time. So PortalFilterSet gives every choice filter that names no widget of its own FastSelect
(the same markup, rendered in Python), and the options of its model choice filters come from the cache
(CachedChoices: per FilterSet, field, language and visitor, under the public pages' generation, so any
change to a public record renews them, as it renews cached pages). Validation is untouched: a value
is still looked up in the filter's queryset.
"""

import hashlib

import django_filters
from django import forms
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


class FastSelect(forms.Select):
    """forms.Select with the same context (attributes, selected options, option groups) but rendered
    without a template per option."""

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


class CachedChoices(BaseChoiceIterator):
    """The (value, label) options of a model choice field, read from the cache when first iterated (so
    an API request, which validates but never renders the form, costs nothing)."""

    timeout = 3600

    def __init__(self, field, key):
        self.field, self.key = field, key

    def __iter__(self):
        choices = cache.get(self.key)
        if choices is None:
            choices = [(str(value), str(label)) for value, label in self.field.choices]
            cache.set(self.key, choices, self.timeout)
        yield from choices


class PortalFilterSet(django_filters.FilterSet):
    """The base of the portal's FilterSets: choice filters render with FastSelect, and the options of
    model choice filters come from the cache."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter):
                filter_.extra.setdefault("widget", FastSelect)

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name, field in form.fields.items():
                if isinstance(field, forms.ModelChoiceField) and isinstance(field.widget, FastSelect):
                    field.widget.choices = CachedChoices(field, self._choices_key(name))
        return self._form

    def generation(self):
        """The public pages' generation (sscportal/cache.py) that this FilterSet's cached values are kept
        under: the request's, or the current one for a FilterSet made without a request."""
        from sscportal.cache import request_generation

        return request_generation(self.request)

    def _choices_key(self, name):
        user = getattr(self.request, "user", None)
        visitor = user.pk if user is not None and user.is_authenticated else 0
        return f"filter-choices:{type(self).__name__}:{name}:{get_language()}:{visitor}:{self.generation()}"
