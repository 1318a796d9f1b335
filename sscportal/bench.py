"""Benchmarks: `make bench`, or `python -m sscportal.bench [--only NAME] [--json PATH] [--scales 1,0.1]`.

Not part of `make test`. Prints a table (with the machine's core count) and writes the same as JSON to
var/bench/bench-results.json (or --json PATH); exits with status 1 when a figure misses its threshold.

Each benchmark is a function in BENCHMARKS that takes the parsed options and returns Rows (one figure
each, with its threshold when it has one); add a function there to add a benchmark.

sample_data: for each scale, a throwaway PostgreSQL database (sscportal_bench_<pid>_<n>) is created on
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

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_JSON = BASE_DIR / "var" / "bench" / "bench-results.json"
DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"

# Thresholds of generate_sample_data: 60 s at scale 1, proportionally less at smaller scales plus a few
# seconds for starting Django; peak memory under 1 GB at any scale.
SAMPLE_DATA_SECONDS_AT_SCALE_1 = 60.0
SAMPLE_DATA_STARTUP_ALLOWANCE = 3.0
SAMPLE_DATA_MAX_RSS_MB = 1024.0

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


@dataclass
class Row:
    """One measured figure; `passed` is None when the figure has no threshold."""

    benchmark: str
    case: str
    metric: str
    value: float
    unit: str
    threshold: str = ""
    passed: bool | None = None
    note: str = ""


# Helpers shared by benchmarks --------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def child_env(**overrides: str) -> dict[str, str]:
    """The environment of manage.py children: ours, with production-like defaults."""
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "0")}
    env.setdefault("SECRET_KEY", "bench")
    env.update(overrides)
    return env


@dataclass
class Measured:
    seconds: float
    max_rss_mb: float
    returncode: int
    output: str


def measure(args: list[str], env: dict[str, str]) -> Measured:
    """Run a child process; its wall time and its own peak RSS (os.wait4, not the sum over children)."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode(errors="replace")
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Measured(seconds, usage.ru_maxrss / divisor, process.returncode, text)


def manage(*arguments: str, env: dict[str, str]) -> Measured:
    result = measure([sys.executable, str(BASE_DIR / "manage.py"), *arguments], env)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{result.output}")
    return result


def admin_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_ADMIN_URL)


@contextmanager
def throwaway_database(suffix: str) -> Iterator[str]:
    """Create an empty database on the BENCH_DATABASE_URL server; yield its URL; drop it afterwards."""
    import psycopg
    from psycopg import sql

    url = admin_url()
    name = f"sscportal_bench_{os.getpid()}_{suffix}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def server_version() -> str:
    try:
        import psycopg

        with psycopg.connect(admin_url(), autocommit=True) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except Exception as error:  # the machine description must not fail the run
        return f"unavailable ({error.__class__.__name__})"


# Benchmarks --------------------------------------------------------------------------------------


def sample_data_time_limit(scale: float) -> float:
    limit = SAMPLE_DATA_SECONDS_AT_SCALE_1 * scale
    return limit if scale >= 1 else limit + SAMPLE_DATA_STARTUP_ALLOWANCE


def bench_sample_data(options) -> list[Row]:
    """generate_sample_data --scale N into a fresh, migrated PostgreSQL database with reference data."""
    rows = []
    for number, scale in enumerate(options.scales, start=1):
        case = f"scale {scale:g}"
        with throwaway_database(str(number)) as url:
            env = child_env(DATABASE_URL=url)
            log(f"{case}: migrating a fresh database and loading reference data (not timed)")
            setup = manage("migrate", "--noinput", env=env).seconds
            setup += manage("load_reference_data", env=env).seconds
            log(f"{case}: generate_sample_data --scale {scale:g} --quiet")
            run = manage("generate_sample_data", "--scale", f"{scale:g}", "--quiet", env=env)
        limit = sample_data_time_limit(scale)
        rows += [
            Row(
                "sample_data",
                case,
                "wall time",
                round(run.seconds, 2),
                "s",
                f"≤ {limit:g} s",
                run.seconds <= limit,
                f"set-up (migrate, reference data) {setup:.1f} s not counted",
            ),
            Row(
                "sample_data",
                case,
                "peak memory (max RSS)",
                round(run.max_rss_mb, 1),
                "MB",
                f"< {SAMPLE_DATA_MAX_RSS_MB:g} MB",
                run.max_rss_mb < SAMPLE_DATA_MAX_RSS_MB,
            ),
        ]
    return rows


def bench_search(options) -> list[Row]:
    """Site search over SEARCH_ROWS programmes and activities: full-text (GIN index) against icontains."""
    with throwaway_database("search") as url, tempfile.TemporaryDirectory() as folder:
        env = child_env(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="sscportal.settings")
        log("search: migrating a fresh database (not timed)")
        manage("migrate", "--noinput", env=env)
        log(f"search: inserting {SEARCH_ROWS:,} programmes and activities, then timing the queries")
        result_path = Path(folder) / "search.json"
        run = measure(
            [sys.executable, "-c", "from sscportal.bench import search_child; search_child()"],
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


BENCHMARKS: dict[str, Callable[..., list[Row]]] = {
    "sample_data": bench_sample_data,
    "search": bench_search,
}


# Output ------------------------------------------------------------------------------------------


def machine() -> dict:
    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "postgresql": server_version(),
    }


def print_table(rows: list[Row], about: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"SSC Portal benchmarks — {about['cpu_count']} cores",
        caption=f"{about['platform']}, Python {about['python']}, PostgreSQL {about['postgresql']}",
    )
    for column, justify in (
        ("benchmark", "left"),
        ("case", "left"),
        ("metric", "left"),
        ("value", "right"),
        ("threshold", "left"),
        ("result", "left"),
        ("cores", "right"),
        ("note", "left"),
    ):
        table.add_column(column, justify=justify)
    for row in rows:
        result = {True: "[green]pass[/]", False: "[red]FAIL[/]", None: ""}[row.passed]
        table.add_row(
            row.benchmark,
            row.case,
            row.metric,
            f"{row.value:g} {row.unit}",
            row.threshold,
            result,
            str(about["cpu_count"]),
            row.note,
        )
    Console(width=max(150, Console().width)).print(table)


def write_json(path: Path, rows: list[Row], about: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": about,
        "results": [asdict(row) for row in rows],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def parse_scales(text: str) -> list[float]:
    try:
        scales = [float(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {text!r}") from error
    if not scales or any(scale <= 0 for scale in scales):
        raise argparse.ArgumentTypeError("scales must be positive numbers")
    return scales


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sscportal.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(BENCHMARKS), help="Run only this benchmark.")
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help=f"Results file (default {DEFAULT_JSON})."
    )
    parser.add_argument(
        "--scales", type=parse_scales, default=[1.0, 0.1], help="Scales of sample_data (default 1,0.1)."
    )
    options = parser.parse_args(argv)
    rows: list[Row] = []
    for name, benchmark in BENCHMARKS.items():
        if options.only in (None, name):
            rows += benchmark(options)
    about = machine()
    print_table(rows, about)
    write_json(options.json, rows, about)
    log(f"results written to {options.json}")
    return 1 if any(row.passed is False for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
