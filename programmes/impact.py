"""The impact page's figures as tables: the same rows are the HTML tables beside the charts (their text
alternative) and the CSV downloads (/impact/<table>.csv, with the page's filters), so what a person
reads and what a spreadsheet gets cannot drift apart. Figures come from programmes.indicators.impact().
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from programmes.choices import AdoptionStage

PAGE_ROWS = 20  # the longest tables show their first rows on the page; the CSV has them all


def _cells(item):
    return item


def _cell_text(cell) -> str:
    """A cell as the template's {{ cell|default_if_none:"—" }} shows it: localized and escaped (a whole
    number as it is when no thousand separator is set, as localize() would leave it, only faster)."""
    if cell is None:
        return "—"
    if type(cell) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(cell)
    return conditional_escape(localize(cell))


@dataclass(frozen=True)
class Table:
    """`items` (figures of one breakdown, largest first) and how `row` makes each one a list of cells:
    text, numbers, or None for "no figure". Rows are made when asked for, so the page makes its first
    PAGE_ROWS and only the CSV makes them all (a breakdown by practice has thousands)."""

    slug: str  # the CSV's name
    caption: str
    headers: list
    items: list
    row: Callable = _cells  # item -> its cells; by default the item is its cells
    label_columns: int = 1  # the first columns name the row; the others are figures

    @property
    def rows(self):
        return [self.row(item) for item in self.items]

    @property
    def page_rows(self):
        return [self.row(item) for item in self.items[:PAGE_ROWS]]

    @property
    def page_rows_html(self):
        """The first PAGE_ROWS rows as the page's table rows: the first cell heads the row, the other
        label cells are text, the figures are numbers in the page's language, and a missing figure is a
        dash. Made here rather than cell by cell by the template engine (or format_html()), which took
        half the impact page's rendering time for its 14 tables' 1,600 cells."""
        labels = self.label_columns
        return [
            mark_safe(  # every cell escaped or a number: _cell_text()
                "<tr>"
                + "".join(
                    f'<th scope="row">{_cell_text(cell)}</th>'
                    if index == 0
                    else f'<td class="text">{_cell_text(cell)}</td>'
                    if index < labels
                    else f"<td>{_cell_text(cell)}</td>"
                    for index, cell in enumerate(row)
                )
                + "</tr>"
            )
            for row in self.page_rows
        ]

    @property
    def row_count(self):
        """The rows of the whole table: items may be its first rows only (indicators.Largest)."""
        return getattr(self.items, "all_groups", len(self.items))

    @property
    def is_cut(self):
        return self.row_count > PAGE_ROWS

    def csv_response(self) -> HttpResponse:
        """All rows as a CSV download (headers in the active language; no figure is an empty cell)."""
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.csv"'
        writer = csv.writer(response)
        writer.writerow([str(header) for header in self.headers])
        writer.writerows([["" if cell is None else cell for cell in row] for row in self.rows])
        return response


def _follow_up_headers(first):
    return [
        first,
        _("Took part"),
        _("Answered the follow-up"),
        _("Coverage (%)"),
        _("Applying new skills"),
        _("Applying new skills (%)"),
        _("Fed a policy measure"),
        _("Fed a policy measure (%)"),
    ]


def _follow_up_cells(figures):
    applied, fed = figures.skills_applied, figures.policy_measure
    return [
        figures.participants,
        figures.answered,
        applied.coverage_percent,
        applied.numerator,
        applied.percent,
        fed.numerator,
        fed.percent,
    ]


def _follow_up_table(slug, caption, first, breakdown, label=None) -> Table:
    """A follow-up breakdown (programmes.indicators.Breakdown of FollowUp): the group (named by
    `label`, by default the record's name or "Unknown"), then its figures."""
    label = label or (lambda key: _name(key, _("Unknown")))
    return Table(
        slug,
        caption,
        _follow_up_headers(first),
        breakdown,
        lambda item: [label(item.key), *_follow_up_cells(item.figures)],
    )


def _pipeline_table(slug, caption, first, breakdown) -> Table:
    """An adoption pipeline breakdown (programmes.indicators.Breakdown of Pipeline): the group, the
    adoptions now at each stage and in all, then the average days each stage took to reach from the
    stage before (empty where no adoption of the group has both dates)."""
    later = list(AdoptionStage)[1:]
    return Table(
        slug,
        caption,
        [
            first,
            *(stage.label for stage in AdoptionStage),
            _("All stages"),
            *(_("Average days to “%(stage)s”") % {"stage": stage.label} for stage in later),
        ],
        breakdown,
        lambda item: [
            _name(item.key, _("Unknown")),
            *item.figures.counts,
            item.figures.total,
            *(figure.average_days for figure in item.figures.stages[1:]),
        ],
    )


def _name(place, fallback):
    return str(place) if place is not None else str(fallback)


def _flows_table(slug, caption, flows) -> Table:
    """Knowledge flows (programmes.indicators.Flow) by origin and adopting place, and by stage."""
    return Table(
        slug,
        caption,
        [_("Practice from"), _("Adopted in"), *(stage.label for stage in AdoptionStage), _("All stages")],
        flows,
        lambda flow: [
            _name(flow.origin, _("Unknown")),
            _name(flow.adopting, _("Unknown")),
            *flow.by_stage,
            flow.total,
        ],
        label_columns=2,
    )


def impact_tables(impact, only=None) -> dict[str, Table]:
    """Every table of the impact page, in the order the page shows it, by its slug with underscores
    (for templates: tables.follow_up_by_country); or only the one whose slug is `only` (none if no
    table has it), for its CSV download: the figures of the other tables are then never counted."""
    tables = {  # slug -> how to make its table
        "follow-up-by-country": lambda slug: _follow_up_table(
            slug, _("Follow-up by country of participant"), _("Country"), impact.follow_up_by_country
        ),
        "follow-up-by-year": lambda slug: _follow_up_table(
            slug,
            _("Follow-up by year of the activity"),
            _("Year"),
            impact.follow_up_by_year,
            label=lambda year: year,
        ),
        "follow-up-by-programme": lambda slug: _follow_up_table(
            slug,
            _("Follow-up by programme"),
            _("Programme"),
            impact.follow_up_by_programme,
            # published activities of programmes not (or no longer) published: counted, never named
            label=lambda programme: _name(programme, _("Programmes not published")),
        ),
        "adoption-pipeline": lambda slug: Table(
            slug,
            _("Adoptions by stage"),
            [
                _("Stage"),
                _("Now at this stage"),
                _("Reached this stage or a later one"),
                _("Moved here from an earlier stage"),
                _("Average days from the stage before"),
            ],
            [
                [stage.label, stage.now, stage.reached, stage.moved, stage.average_days]
                for stage in impact.pipeline.stages
            ],
        ),
        "adoptions-by-adopting-country": lambda slug: _pipeline_table(
            slug,
            _("Adoptions by adopting country and stage"),
            _("Adopting country"),
            impact.pipeline_by_adopting_country,
        ),
        "adoptions-by-practice": lambda slug: _pipeline_table(
            slug, _("Adoptions by practice and stage"), _("Practice"), impact.pipeline_by_practice
        ),
        "flows-by-region": lambda slug: _flows_table(
            slug, _("Knowledge flows between regions"), impact.flows_by_region
        ),
        "flows-by-subregion": lambda slug: _flows_table(
            slug, _("Knowledge flows between sub-regions"), impact.flows_by_subregion
        ),
        "flows-by-country": lambda slug: _flows_table(
            slug, _("Knowledge flows between countries"), impact.flows_by_country
        ),
        "programmes-reach": lambda slug: Table(
            slug,
            _("Agencies, countries and participants by programme"),
            [
                _("Programme"),
                _("Partner agencies"),
                _("Countries of the partners"),
                _("Participants"),
                _("Countries of the participants"),
            ],
            impact.programmes_reach,
            lambda row: [
                str(row.programme),
                row.agencies,
                row.partner_countries,
                row.participants,
                row.participant_countries,
            ],
        ),
        "reach-by-year": lambda slug: Table(
            slug,
            _("Participants and activities by year"),
            [_("Year"), _("Participants"), _("Activities")],
            [[item.key, *item.figures] for item in impact.reach.by_year],
        ),
        "reach-by-region": lambda slug: Table(
            slug,
            _("Participants by region of their country"),
            [_("Region"), _("Participants")],
            [[_name(item.key, _("Unknown")), item.figures] for item in impact.reach.by_region],
        ),
        "reach-by-gender": lambda slug: Table(
            slug,
            _("Participants by gender"),
            [_("Gender"), _("Participants")],
            [[str(getattr(item.key, "label", item.key)), item.figures] for item in impact.reach.by_gender],
        ),
        "activities-by-region": lambda slug: Table(
            slug,
            _("Activities by host region"),
            [_("Region"), _("Activities")],
            [[_name(item.key, _("Online")), item.figures] for item in impact.reach.activities_by_region],
        ),
    }
    if only is not None:
        tables = {only: tables[only]} if only in tables else {}
    return {slug.replace("-", "_"): make(slug) for slug, make in tables.items()}


def programmes_filter(data, request=None):
    """The programme list's FilterSet over published programmes (public figures count nothing else)."""
    from programmes.filtersets import ProgrammeFilterSet
    from programmes.models import Programme

    return ProgrammeFilterSet(data, queryset=Programme.objects.published(), request=request)


def impact_link(**filters):
    """The impact page for the programmes these filters choose, e.g. impact_link(country="COL")."""
    return f"{reverse('programmes:impact')}?{urlencode(filters)}"


def impact_filters(request):
    """The programme list's filters on the impact page: (the FilterSet, for its form; the published
    programmes it chose, or None when no filter is set, so that every published record counts)."""
    filterset = programmes_filter(request.GET or None, request)
    if not filterset.is_bound:
        return filterset, None
    filterset.is_valid()  # unknown values are shown as errors and left out, as on the list pages
    return filterset, filterset.chosen()
