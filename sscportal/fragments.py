"""Rows of the public lists, rendered once and kept in the cache (Rails calls this fragment caching).

A list page shows 25 rows, each a record with its related records (a programme with its partner
agencies and themes). Reading those related records and rendering each row through the template
engine is most of an uncached list page's time; the same row appears on many pages (every filter,
sort and page that lists it, in each language). So CachedRowsMixin renders each row with its own small
template and keeps the HTML in the cache, keyed by the row's template, record, language and visitor,
under the public pages' generation (sscportal/cache.py): any change to a record a public page can show
renews every row at once, as it renews cached pages and filter options.

A page then reads its rows' ids (one query, no related records), fetches their HTML in one cache call,
and reads and renders only the rows that were missing (with the QuerySet's for_list() prefetches, so
the queries stay constant: the same for 2 rows as for 25, hit or miss). The anonymous page cache still
keeps whole pages; rows are what a page made for a new filter or page number can reuse.
"""

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.translation import get_language

from sscportal.cache import request_generation

ROW_CACHE_SECONDS = 3600  # a row is also renewed by any change to public data (the generation)


def _visitor(request):
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else 0


def rendered_rows(request, page_queryset, template_name, name):
    """The HTML of each row of `page_queryset` (a page of a list), in order: from the cache where kept,
    else read with the model's for_list() and rendered with `template_name`, which sees it as `name`."""
    pks = list(page_queryset.prefetch_related(None).values_list("pk", flat=True))
    prefix = f"row:{template_name}:{get_language()}:{_visitor(request)}:{request_generation(request)}"
    keys = {pk: f"{prefix}:{pk}" for pk in pks}
    found = cache.get_many(keys.values()) if keys else {}
    missing = [pk for pk in pks if keys[pk] not in found]
    if missing:
        template = get_template(template_name)
        rendered = {
            keys[record.pk]: template.render({name: record})
            for record in page_queryset.model._default_manager.for_list().filter(pk__in=missing)
        }
        cache.set_many(rendered, ROW_CACHE_SECONDS)
        found.update(rendered)
    return [found[keys[pk]] for pk in pks if keys[pk] in found]


class CachedRowsMixin:
    """For a ListView (or FilterView): `rows`, the rendered rows of the page, in the context.
    Set row_template_name; the template sees the record under the model's name (`programme`)."""

    row_template_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = rendered_rows(
            self.request,
            context["object_list"],
            self.row_template_name,
            self.object_list.model._meta.model_name,
        )
        return context
