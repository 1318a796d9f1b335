"""Rows of the public lists, rendered once and kept in the cache (Rails calls this fragment caching).

A list page shows 25 rows, each a record with its related records (a programme with its partner
agencies and themes). Reading those related records and rendering each row through the template
engine is most of an uncached list page's time; the same row appears on many pages (every filter,
sort and page that lists it, in each language). So CachedRowsMixin renders each row with its own small
template and keeps the HTML in the cache, keyed by the row's template, record, language and visitor,
under the public pages' generation (sscportal/cache.py): any change to a record a public page can show
renews every row at once, as it renews cached pages and filter options.

A page then reads its rows' ids together with the number of all rows (one query: KeysPaginator),
fetches their HTML in one cache call, and reads and renders only the rows that were missing (with the
model's for_list() prefetches, so the queries stay constant: the same for 2 rows as for 25, hit or
miss). The anonymous page cache still keeps whole pages; rows are what a page made for a new filter or
page number can reuse.
"""

from django.core.cache import cache
from django.db.models import Count, Window
from django.template.loader import get_template
from django.utils.translation import get_language

from sscportal.cache import request_generation
from sscportal.pagination import LastPagePaginator

ROW_CACHE_SECONDS = 3600  # a row is also renewed by any change to public data (the generation)


def _visitor(request):
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else 0


MAX_OFFSET = 2**63 - 1 - 1000  # below PostgreSQL's bigint, with room for a page of rows


class KeysPaginator(LastPagePaginator):
    """Reads a page's primary keys and the number of all rows in one query (COUNT(*) OVER ()), where
    Django's Paginator counts in a query of its own first. The page's object_list stays the lazy slice of
    the QuerySet; its keys are page.keys. A page beyond the end falls back to counting, then shows the
    last page (LastPagePaginator), and so does a page whose first row would be beyond any database's
    reach (an OFFSET past a 64-bit integer, which PostgreSQL refuses)."""

    def page(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 0
        if wanted >= 1 and (wanted - 1) * self.per_page < MAX_OFFSET:
            bottom = (wanted - 1) * self.per_page
            top = bottom + self.per_page
            counted = self.object_list.prefetch_related(None).annotate(all_rows=Window(Count("*")))
            keys = list(counted.values_list("pk", "all_rows")[bottom:top])
            if keys:
                self.__dict__["count"] = keys[0][1]  # Paginator.count is a cached_property
                page = self._get_page(self.object_list[bottom:top], wanted, self)
                page.keys = [key for key, _all_rows in keys]
                return page
        return super().page(number)


def page_keys(page) -> list:
    """The primary keys of a page's rows: read with them by KeysPaginator, else (a page past the end,
    read as Django reads it) in a query of their own."""
    keys = getattr(page, "keys", None)
    if keys is None:
        keys = list(page.object_list.prefetch_related(None).values_list("pk", flat=True))
    return keys


def rendered_rows(request, page, template_name, name):
    """The HTML of each row of `page` (a page of a list), in order: from the cache where kept, else read
    with the model's for_list() and rendered with `template_name`, which sees the record as `name`."""
    page_queryset = page.object_list
    pks = page_keys(page)
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


class RowsByKeysMixin:
    """For a ListView (or FilterView) whose rows join many related records (for_list()'s
    select_related): the page's keys and the number of all rows in one query (KeysPaginator), then the
    page's rows by key. Ordered, limited and joined to seven tables at once, the adoptions' page took
    PostgreSQL 30-90 ms to plan (a few to run); by key it plans in about 3."""

    paginator_class = KeysPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        keys = page_keys(page)
        rows = queryset.model._default_manager.for_list().in_bulk(keys)
        page.object_list = object_list = [rows[key] for key in keys if key in rows]
        return paginator, page, object_list, is_paginated


class CachedRowsMixin:
    """For a ListView (or FilterView): `rows`, the rendered rows of the page, in the context.
    Set row_template_name; the template sees the record under the model's name (`programme`)."""

    row_template_name = None
    paginator_class = KeysPaginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = rendered_rows(
            self.request,
            context["page_obj"],
            self.row_template_name,
            self.object_list.model._meta.model_name,
        )
        return context
