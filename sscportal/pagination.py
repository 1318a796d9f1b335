"""Pagination shared by the public list pages."""

from django.core.paginator import EmptyPage, Paginator


class LastPagePaginator(Paginator):
    """A page number beyond the end shows the last page (and one below 1 the first), not a 404."""

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            return 1 if int(number) < 1 else self.num_pages
