"""Helpers shared by the programmes models."""

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

END_NOT_BEFORE_START = _("The end date must not be before the start date.")


def dates_in_order_condition(start="start_date", end="end_date"):
    """Database condition: the end date is empty or not before the start date."""
    return Q(**{f"{end}__isnull": True}) | Q(**{f"{start}__isnull": True}) | Q(**{f"{end}__gte": F(start)})


def check_dates_in_order(instance, start="start_date", end="end_date"):
    """Model-level counterpart of dates_in_order_condition, naming the end-date field."""
    start_value, end_value = getattr(instance, start), getattr(instance, end)
    if start_value and end_value and end_value < start_value:
        raise ValidationError({end: END_NOT_BEFORE_START})


def unique_slug(model, text, max_length=80, exclude_pk=None):
    """A slug made from text that no other row of model uses yet (suffix -2, -3, … when taken)."""
    base = slugify(text)[: max_length - 6] or "record"
    candidate, counter = base, 2
    taken = model._default_manager.filter(slug=candidate)
    while taken.exclude(pk=exclude_pk).exists():
        candidate = f"{base}-{counter}"
        counter += 1
        taken = model._default_manager.filter(slug=candidate)
    return candidate
