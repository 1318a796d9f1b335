"""sample_data: for each scale, a throwaway PostgreSQL database (sscportal_bench_<pid>_<n>) is created on
the server of BENCH_DATABASE_URL (the admin connection, default postgres://postgres@127.0.0.1:5432/
postgres), migrated and given the reference data (not timed); then `manage.py generate_sample_data
--scale N --quiet` runs as a child process whose wall time and peak memory (max RSS, from wait4) are
measured; the database is dropped at the end.

search: a throwaway PostgreSQL database is migrated (with the GIN full-text indexes of programmes/0005);
a child process bulk-inserts SEARCH_ROWS programmes and activities (titles and summaries in English and
Spanish from the sample-data vocabulary and the reference data files; not timed), runs VACUUM ANALYZE
(as autovacuum would: it also moves GIN's pending entries into the index), then times the site search's
queries for programmes, study tours and events (SearchQuerySet.search_results and search_results_per,
as an anonymous visitor sees them: the best 10 of each kind and the count of all) for a few search
terms, once with PostgreSQL full-text search and once with the unindexed icontains search over the same
fields (search(..., full_text=False)): the SQL of each is compiled once and timed as the database runs
it and returns the rows (median of SEARCH_REPEATS runs after one warm-up), so Python's fixed cost does
not blur the ratio. It prints the EXPLAIN ANALYZE plans of the full-text queries. For SEARCH_TERMS, the
specific words people search for (a few hundred matches or fewer), the ratio full-text / icontains must
be at most SEARCH_MAX_RATIO; SEARCH_BROAD_TERMS, words in several per cent of all rows, are shown
without a threshold: counting thousands of matches costs time in proportion to them with any index.

"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from sscportal.bench.common import BASE_DIR, Row, child_env, log, manage, measure, throwaway_database

# Site search: 100,000 programmes and activities; full-text search at most 5 % of icontains's time.
SEARCH_ROWS = 100_000
SEARCH_PROGRAMME_SHARE = 0.3
SEARCH_REPEATS = 7
SEARCH_MAX_RATIO = 0.05
SEARCH_TERMS = (
    "Colombia",
    "Nairobi value chains",
    "Ecuador Ghana",
    "transición verde Perú",
    '"zero hunger" Chile',
)
SEARCH_INDEXES = ["programme_search", "activity_search", "practice_search"]  # programmes/0005
SEARCH_BROAD_TERMS = ("Kuala Lumpur", "critical minerals", "webinar")


def bench_search(options) -> list[Row]:
    """Site search over SEARCH_ROWS programmes and activities: full-text (GIN index) against icontains."""
    with throwaway_database("search") as url, tempfile.TemporaryDirectory() as folder:
        env = child_env(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="sscportal.settings")
        log("search: migrating a fresh database (not timed)")
        manage("migrate", "--noinput", env=env)
        log(f"search: inserting {SEARCH_ROWS:,} programmes and activities, then timing the queries")
        result_path = Path(folder) / "search.json"
        run = measure(
            [sys.executable, "-c", "from sscportal.bench.search import search_child; search_child()"],
            {**env, "SEARCH_BENCH_RESULT": str(result_path)},
        )
        if run.returncode != 0:
            raise RuntimeError(f"search benchmark failed:\n{run.output}")
        result = json.loads(result_path.read_text(encoding="utf-8"))
    for kind, plan in result["plans"].items():
        print(f"EXPLAIN ANALYZE of the site search's full-text query for {kind}, q={result['plan_term']!r}:")
        print(plan, end="\n\n")
    phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result["phases"].items())
    log(
        f"search: {result['inserted']:,} rows set up in {result['insert_seconds']:.1f} s "
        f"({phases}; not counted)"
    )
    rows = []
    for term in result["terms"]:
        ratio = term["full_text_ms"] / term["icontains_ms"] if term["icontains_ms"] else float("inf")
        rows.append(
            Row(
                "search",
                f"q={term['q']!r}",
                "full-text / icontains",
                round(ratio, 4),
                "",
                f"≤ {SEARCH_MAX_RATIO:g}" if term["q"] in SEARCH_TERMS else "",
                ratio <= SEARCH_MAX_RATIO and term["uses_index"] if term["q"] in SEARCH_TERMS else None,
                f"full-text {term['full_text_ms']:.2f} ms, icontains {term['icontains_ms']:.1f} ms "
                f"(median of {SEARCH_REPEATS}); {term['matches']:,} matches; "
                f"GIN index {'used' if term['uses_index'] else 'NOT used'}",
            )
        )
    return rows


def _search_texts():
    """Titles and summaries in English and Spanish from the sample-data vocabulary and reference data."""
    import csv

    from programmes.sampledata.vocabulary import CAPITALS, EVENT_TITLES, PROGRAMME_TITLES, REGIONS

    def read(path):
        with open(BASE_DIR / path, encoding="utf-8", newline="") as file:
            return list(csv.DictReader(file))

    themes = [(row["name_en"], row["name_es"]) for row in read("programmes/data/themes.csv")]
    sdgs = [(row["short_en"], row["short_es"]) for row in read("programmes/data/sdgs.csv")]
    topics = [(en[0].lower() + en[1:], es[0].lower() + es[1:]) for en, es in themes + sdgs]
    countries = [
        (row["name_en"], row["name_es"] or row["name_en"]) for row in read("partners/data/countries.csv")
    ]
    titles = [pair for pairs in PROGRAMME_TITLES.values() for pair in pairs]
    return topics, countries, titles, list(EVENT_TITLES.values()), list(CAPITALS.values()), list(REGIONS)


def _search_rows(owner_id: int):
    """SEARCH_ROWS unsaved programmes and activities (with programme numbers to link afterwards)."""
    import random
    from datetime import date, timedelta

    from partners.models import PublicationStatus
    from programmes.choices import ActivityKind, EventKind, Modality
    from programmes.models import Activity, Programme
    from programmes.sampledata.generator import _row  # model(**values), several times faster

    rng = random.Random(2026)
    topics, countries, titles, event_titles, capitals, regions = _search_texts()
    status = (
        [PublicationStatus.PUBLISHED] * 17 + [PublicationStatus.DRAFT] * 2 + [PublicationStatus.IN_REVIEW]
    )
    programme_count = int(SEARCH_ROWS * SEARCH_PROGRAMME_SHARE)
    programmes = []
    for number in range(programme_count):
        (en, es), (topic_en, topic_es) = rng.choice(titles), rng.choice(topics)
        names = rng.sample(countries, 3)
        values_en = {"a": names[0][0], "b": names[1][0], "c": names[2][0]}
        values_es = {"a": names[0][1], "b": names[1][1], "c": names[2][1]}
        other_en, other_es = rng.choice(topics)
        region = rng.choice(regions)
        programmes.append(
            _row(
                Programme,
                owner_id=owner_id,
                publication_status=rng.choice(status),
                title_en=en.format(topic=topic_en, **values_en),
                title_es=es.format(tema=topic_es, **values_es) if rng.random() < 0.6 else None,
                slug=f"bench-programme-{number}",
                summary_en=f"Peer learning on {topic_en} and {other_en} between {region} partners, "
                f"with study tours to {rng.choice(capitals)}.",
                summary_es=f"Aprendizaje entre pares sobre {topic_es} y {other_es}."
                if rng.random() < 0.5
                else None,
                modality=rng.choice(list(Modality)),
                start_date=date(2012, 1, 1) + timedelta(days=rng.randrange(365 * 13)),
            )
        )
    activities = []
    for number in range(SEARCH_ROWS - programme_count):
        (topic_en, topic_es), city = rng.choice(topics), rng.choice(capitals)
        study_tour = rng.random() < 0.4
        event_kind = "" if study_tour else rng.choice(list(EventKind))
        year = rng.randrange(2012, 2026)
        if study_tour:
            title = f"Study tour on {topic_en} in {city}, {year}"
        else:
            title = (
                f"{event_titles[list(EventKind).index(event_kind)].format(topic=topic_en)} in {city}, {year}"
            )
        activities.append(
            (
                rng.randrange(programme_count),
                _row(
                    Activity,
                    owner_id=owner_id,
                    publication_status=rng.choice(status),
                    kind=ActivityKind.STUDY_TOUR if study_tour else ActivityKind.EVENT,
                    title_en=title,
                    title_es=f"Visita de estudio sobre {topic_es} en {city}" if study_tour else None,
                    slug=f"bench-activity-{number}",
                    summary_en=f"Delegates from {rng.choice(countries)[0]} and {rng.choice(countries)[0]} "
                    f"on {topic_en}.",
                    event_kind=event_kind,
                    start_date=date(year, 1, 1) + timedelta(days=rng.randrange(360)),
                ),
            )
        )
    return programmes, activities


def _median_ms(function, repeats: int) -> float:
    import statistics

    function()  # warm-up: caches, plans
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def search_child() -> None:
    """Run in a child process by bench_search, with DATABASE_URL set to the throwaway database."""
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from partners.models import Agency, AgencyKind
    from programmes.models import Activity, Programme

    phases = {}
    started = time.perf_counter()
    owner = Agency.objects.create(name="Benchmark agency", slug="bench", kind=AgencyKind.GOVERNMENT)
    programmes, activities = _search_rows(owner.pk)
    phases["build"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        # Bulk load as one does: without the GIN indexes, then build them (the same definitions).
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [SEARCH_INDEXES]
        )
        definitions = cursor.fetchall()
        if len(definitions) != len(SEARCH_INDEXES):
            raise RuntimeError(f"the migrations did not create the indexes {SEARCH_INDEXES}: {definitions}")
        for name, _definition in definitions:
            cursor.execute(f'DROP INDEX "{name}"')
    Programme.objects.bulk_create(programmes, batch_size=2000)
    for programme_index, activity in activities:
        activity.programme_id = programmes[programme_index].pk
    Activity.objects.bulk_create([activity for _index, activity in activities], batch_size=2000)
    phases["insert"] = time.perf_counter() - started - phases["build"]
    with connection.cursor() as cursor:
        for _name, definition in definitions:
            cursor.execute(definition)
        phases["index"] = time.perf_counter() - started - phases["build"] - phases["insert"]
        cursor.execute("VACUUM ANALYZE programmes_programme")
        cursor.execute("VACUUM ANALYZE programmes_activity")
    insert_seconds = time.perf_counter() - started

    visitor = AnonymousUser()
    # What /search/ runs for programmes, study tours and events (sscportal.search.SOURCES): one query
    # for programmes, one for both kinds of activity; each gives the best 10 and the count of all.
    sources = {
        "programmes": (Programme, None),
        "study tours and events": (Activity, "kind"),
    }

    def pages(term, **options):
        return {
            name: model.objects.restrict(visitor, "view").search_page(term, 10, per=per, **options)
            for name, (model, per) in sources.items()
        }

    def site_search(term, full_text):
        programmes = Programme.objects.restrict(visitor, "view").search_results(term, 10, full_text=full_text)
        activities = Activity.objects.restrict(visitor, "view").search_results_per(
            "kind", term, 10, full_text=full_text
        )
        return programmes[1] + sum(total for _rows, total in activities.values())

    def statements(term, full_text):
        # The SQL of those queries, compiled once: the timing is the database's work (and fetching the
        # rows), the same for both searches but for the condition that finds the rows.
        return [page.query.sql_with_params() for page in pages(term, full_text=full_text).values()]

    def run(queries):
        with connection.cursor() as cursor:
            for sql, params in queries:
                cursor.execute(sql, params)
                cursor.fetchall()

    def explain(page, options=""):
        # QuerySet.explain() fails on queries filtered by a window function (EXPLAIN inside the
        # subquery Django wraps them in), so EXPLAIN the compiled SQL.
        sql, params = page.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {options}{sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())

    terms = []
    for term in SEARCH_TERMS + SEARCH_BROAD_TERMS:
        matches = site_search(term, True)
        if matches != site_search(term, False):
            log(f"search: {term!r}: {matches} full-text matches, {site_search(term, False)} by icontains")
        plans = pages(term)
        uses_index = all(
            f"Bitmap Index Scan on {sources[name][0]._meta.model_name}_search" in explain(page)
            for name, page in plans.items()
        )
        full_text, icontains = statements(term, True), statements(term, False)
        terms.append(
            {
                "q": term,
                "matches": matches,
                "uses_index": uses_index,
                "full_text_ms": _median_ms(lambda q=full_text: run(q), SEARCH_REPEATS),
                "icontains_ms": _median_ms(lambda q=icontains: run(q), SEARCH_REPEATS),
            }
        )
    plan_term = SEARCH_TERMS[0]
    result = {
        "inserted": len(programmes) + len(activities),
        "insert_seconds": insert_seconds,
        "phases": phases,
        "terms": terms,
        "plan_term": plan_term,
        "plans": {name: explain(page, "(ANALYZE, BUFFERS) ") for name, page in pages(plan_term).items()},
    }
    Path(os.environ["SEARCH_BENCH_RESULT"]).write_text(json.dumps(result), encoding="utf-8")
