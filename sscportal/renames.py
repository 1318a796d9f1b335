"""Old addresses of renamed records: a programme, activity, practice or agency is found by its slug, and
an administrator or its agency may change the slug. Links already out there (in reports, on partner
sites, in search engines) then point to the old one. Its history (the audit trail: partners/audit.py)
knows which record had that slug, so the old address redirects, permanently, to the record's address
now, instead of answering "not found"."""

from django.http import Http404, HttpResponsePermanentRedirect

from partners.models import OwnedRecord, PublicationStatus

HOLDERS_TRIED = 3  # records that had the slug, most recent first


class RenamedSlugRedirectMixin:
    """For a DetailView that finds its record by slug: when no record the visitor may view has the slug
    now, the record that had it most recently in a version the public could see (published, for
    records with a publication status) is looked up in the history; if the visitor may view that
    record, the answer is a permanent redirect to its address. Otherwise, and for a slug no record ever
    had, the page is not found, as before. A slug taken since by another record is that record's."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            record = self.renamed_record(kwargs.get(self.slug_url_kwarg))
            if record is None:
                raise
            return HttpResponsePermanentRedirect(record.get_absolute_url())

    def renamed_record(self, slug):
        """The record the visitor may view that had `slug` before, or None."""
        queryset = self.get_queryset()
        model = queryset.model
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if not slug or manager is None:
            return None
        versions = getattr(model, manager).filter(slug=slug)
        if issubclass(model, OwnedRecord):
            versions = versions.filter(publication_status=PublicationStatus.PUBLISHED)
        holders = versions.order_by("-history_date").values_list("id", flat=True)
        for pk in list(dict.fromkeys(holders[: HOLDERS_TRIED * 10]))[:HOLDERS_TRIED]:
            if queryset.filter(pk=pk).exists():  # without the page's prefetches
                return model._default_manager.get(pk=pk)
        return None
