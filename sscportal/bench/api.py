"""api: the REST API's figures of issue 6 ("Speed and memory"), on sample data in throwaway PostgreSQL
databases (reference data and `generate_sample_data --scale N --quiet`; not timed):

  * list: the anonymous list of 50 programmes with partners and themes (API_LIST_PATH), served by
    gunicorn as http.py serves the public pages and driven by wrk in two modes, as a ratio to /healthz
    in the same run: served as in production (the anonymous page cache in Redis), judged against
    API_LIST_MIN_RATIO, since issue 6 names "constant queries, lean serialisation of read-only lists,
    and the anonymous cache of the public site" as the means to that figure; and without the cache
    (PUBLIC_PAGE_CACHE_SECONDS=0), the work of a first request, shown beside it against the same
    ratio but not judged. The API's request rates are raised for the run
    (API_ANON_RATE, API_PARTNER_RATE), so that the figure is the serving, not the throttle's 429s. The
    list is also timed and profiled in-process (Django's test client): its queries, SQL time and the
    shares of serialisation, reading the page and filtering, with the profile in the log.
  * walk: the keyset walk (`?walk=sync`) over all participations at the maximum page size, page after
    page to the end, as a portal administrator (session; sees all ~100,000 at --http-scale 1) and with
    the partner token of the agency that owns the most; the median time of the last WALK_PAGES full
    pages over that of the first WALK_PAGES at most WALK_MAX_RATIO, judged for walks of at least twice
    WALK_PAGES full pages (the token's walk, about 1% of the rows, is shown but too short to judge).
    The EXPLAIN (ANALYZE) plans of the administrator's first and last full pages are logged and summed
    up in the table.
  * csv_memory: the peak memory (max RSS) of a child process that streams the whole CSV export of
    participations (the largest list, CSV_EXPORT) to /dev/null as an administrator, at --http-scale
    against CSV_SMALL_SCALE; their ratio at most CSV_MAX_MEMORY_RATIO (as iati.py does for IATI XML).
"""

import json
import os
import shutil
import statistics
import sys
import time
import urllib.request

from sscportal.bench.common import (
    Row,
    child_env,
    load_sample_data,
    log,
    manage,
    measure,
    stream_to_null,
    throwaway_database,
)
from sscportal.bench.http import gunicorn, measure_urls, redis_url

API_LIST_PATH = "/api/v1/programmes/?page_size=50"
API_LIST_MIN_RATIO = 0.15
WALK_PATH = "/api/v1/participations/?walk=sync&page_size=100"  # the maximum page size
WALK_PAGES = 10  # first and last pages compared
WALK_MAX_RATIO = 1.5
CSV_EXPORT = "/api/v1/participations/?format=csv"
CSV_SMALL_SCALE = 0.1
CSV_MAX_MEMORY_RATIO = 1.2
UNTHROTTLED = {"API_ANON_RATE": "10000000/minute", "API_PARTNER_RATE": "10000000/minute"}
BENCH_ADMIN = "bench-admin"

# Run by `manage.py shell`: an administrator's session and the token of the agency owning the most
# participations, for the walks.
CLIENTS = f"""
import json
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.test import Client
from partners.models import Agency, PartnerSystem
from partners.services import partner_system_issue_token, partner_system_save
from programmes.models import Participation

users = get_user_model()._default_manager
admin = users.filter(username="{BENCH_ADMIN}").first()
admin = admin or users.create_superuser("{BENCH_ADMIN}", "bench@example.org", None)
client = Client()
client.force_login(admin)
agency = Agency.objects.annotate(rows=Count("owned_participation")).order_by("-rows").first()
system = partner_system_save(
    partner_system=PartnerSystem(agency=agency, name="Bench", role="editor"), user=None
)
token = partner_system_issue_token(partner_system=system, user=None)[1]
print(json.dumps({{
    "cookie": f"{{settings.SESSION_COOKIE_NAME}}={{client.cookies[settings.SESSION_COOKIE_NAME].value}}",
    "token": token,
    "agency": agency.slug,
    "agency_rows": agency.rows,
    "rows": Participation.objects.count(),
}}))
"""

# Run by `manage.py shell`: for each path of BENCH_PATHS (JSON), the SQL that the page runs for the
# participations (as the view builds it, captured from a request as the administrator), under EXPLAIN
# (ANALYZE, BUFFERS); each plan after a line PLAN_MARKER.
PLAN_MARKER = "=== plan ==="
EXPLAIN = f"""
import json, os
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(HTTP_HOST="127.0.0.1")
client.force_login(get_user_model().objects.get(username="{BENCH_ADMIN}"))
for path in json.loads(os.environ["BENCH_PATHS"]):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    [sql] = [
        q["sql"] for q in queries if 'FROM "programmes_participation"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        print("{PLAN_MARKER}")
        print("\\n".join(row[0] for row in cursor.fetchall()))
"""


def first_and_last(seconds: list[float], count: int = WALK_PAGES) -> tuple[float, float]:
    """The median of the first `count` values and of the last `count` (fewer when there are fewer
    than twice `count` values, each half then taking its half)."""
    if not seconds:
        raise ValueError("no pages were timed")
    count = max(1, min(count, len(seconds) // 2 or 1))
    return statistics.median(seconds[:count]), statistics.median(seconds[-count:])


def plan_summary(plan: str) -> tuple[float, str]:
    """(the execution time in ms, the nodes outermost first without costs: "Limit > Index Scan using …")
    of an EXPLAIN (ANALYZE) plan."""
    lines = plan.splitlines()
    nodes = [
        line.strip().removeprefix("->").strip().split("  (", 1)[0]
        for number, line in enumerate(lines)
        if number == 0 or line.strip().startswith("->")
    ]
    milliseconds = 0.0
    for line in lines:
        if line.strip().startswith("Execution Time:"):
            milliseconds = float(line.split(":", 1)[1].strip().split()[0])
    return milliseconds, " > ".join(nodes)


def timed_walk(base: str, headers: dict[str, str]) -> tuple[list[float], int, list[str]]:
    """Walk WALK_PATH to its end: the seconds of each full page, the rows met, and the paths of the
    first and the last full page. The first page is asked for a few times first, untimed, as each
    worker's first view of it is (measure_urls does the same)."""
    for _worker in range(4):
        urllib.request.urlopen(urllib.request.Request(base + WALK_PATH, headers=headers), timeout=60).read()
    url, seconds, rows, full = base + WALK_PATH, [], 0, []
    while url:
        request = urllib.request.Request(url, headers=headers)
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            body = json.loads(response.read())
        elapsed = time.perf_counter() - started
        if len(body["results"]) == 100:  # the last, partial page is left out
            seconds.append(elapsed)
            full.append(url.removeprefix(base))
        rows += len(body["results"])
        url = body["next"]
    return seconds, rows, [full[0], full[-1]] if full else []


def bench_api(options) -> list[Row]:
    """The API's list throughput, keyset walk and CSV export memory (see the module's docstring)."""
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed: `make bench` installs it (Debian package wrk)")
    scale = options.http_scale
    csv_runs = {}
    with throwaway_database("api_small") as url:
        env = child_env(DATABASE_URL=url, ALLOWED_HOSTS="127.0.0.1,localhost")
        log(f"api: sample data at scale {CSV_SMALL_SCALE:g} (not timed)")
        load_sample_data(env, CSV_SMALL_SCALE)
        csv_runs[CSV_SMALL_SCALE] = csv_export(env)
    with throwaway_database("api") as url:
        env = child_env(DATABASE_URL=url, ALLOWED_HOSTS="127.0.0.1,localhost", **UNTHROTTLED)
        log(f"api: sample data at scale {scale:g} (not timed)")
        load_sample_data(env, scale)
        csv_runs[scale] = csv_export(env)
        clients = json.loads(
            manage("shell", "--no-imports", "-c", CLIENTS, env=env).output.strip().splitlines()[-1]
        )
        pages = {"anonymous list of 50 programmes": API_LIST_PATH}
        with gunicorn({**env, "PUBLIC_PAGE_CACHE_SECONDS": "0"}) as base:
            uncached = measure_urls(base, pages, "api (uncached)")
            walks = {}
            for who, headers in (
                (f"administrator ({clients['rows']:,} rows)", {"Cookie": clients["cookie"]}),
                (
                    f"token of {clients['agency']} ({clients['agency_rows']:,} rows)",
                    {"Authorization": f"Token {clients['token']}"},
                ),
            ):
                log(f"api: keyset walk over the participations as {who}")
                walks[who] = timed_walk(base, headers)
        with gunicorn({**env, "REDIS_URL": redis_url()}) as base:
            cached = measure_urls(base, pages, "api (cached)")
        first_and_last_pages = next(iter(walks.values()))[2]
        output = manage(
            "shell",
            "--no-imports",
            "-c",
            EXPLAIN,
            env={**env, "BENCH_PATHS": json.dumps(first_and_last_pages)},
        ).output
        plans = [plan.strip() for plan in output.split(PLAN_MARKER)[1:]]
        for which, plan in zip(("first", "last"), plans, strict=True):
            log(
                f"api: EXPLAIN (ANALYZE, BUFFERS) of the {which} full page of the administrator's "
                f"walk:\n{plan}"
            )
        profile = profile_list(env)
    return (
        list_rows(uncached, cached, profile)
        + walk_rows(walks, [plan_summary(plan) for plan in plans])
        + csv_rows(csv_runs, CSV_SMALL_SCALE, scale)
    )


def list_rows(uncached, cached, profile: dict) -> list[Row]:
    shares = ", ".join(f"{name} {share:.0%}" for name, share in profile["shares"].items())
    rows = [
        Row(
            "api",
            "anonymous list of 50 programmes, in-process",
            "time per request",
            profile["ms"],
            "ms",
            note=f"Django's test client, no server; {profile['queries']} queries, {profile['sql_ms']} ms "
            f"in SQL; profile: {shares}",
        )
    ]
    for label, loads in (("uncached", uncached), ("cached (Redis)", cached)):
        healthz = loads.pop("/healthz")
        rows.append(
            Row(
                "api",
                f"{label}: /healthz",
                "throughput",
                round(healthz.requests_per_second, 1),
                "req/s",
                note=f"p50 {healthz.p50_ms:.1f} ms, p99 {healthz.p99_ms:.1f} ms",
            )
        )
        judged = label != "uncached"  # the goal's means include the anonymous cache (see above)
        for name, load in loads.items():
            ratio = load.requests_per_second / healthz.requests_per_second
            passed = (ratio >= API_LIST_MIN_RATIO and not load.errors) if judged else None
            note = f"{load.requests_per_second:.1f} req/s; p50 {load.p50_ms:.1f} ms, p99 {load.p99_ms:.1f} ms"
            if load.errors:
                note += f"; {load.errors} errors"
            if not judged:
                side = "at or above" if ratio >= API_LIST_MIN_RATIO else "below"
                note += f"; a first request's work, not judged ({side} {API_LIST_MIN_RATIO:g})"
            rows.append(
                Row(
                    "api",
                    f"{label}: {name}",
                    "throughput / healthz",
                    round(ratio, 3),
                    "x",
                    f"≥ {API_LIST_MIN_RATIO:g}" if judged else "",
                    passed,
                    note,
                )
            )
    return rows


def walk_rows(walks, plans: list[tuple[float, str]]) -> list[Row]:
    rows = []
    for who, (seconds, met, _pages) in walks.items():
        first, last = first_and_last(seconds)
        ratio = last / first
        # Judged only over a walk long enough to have WALK_PAGES first and WALK_PAGES last pages.
        judged = len(seconds) >= 2 * WALK_PAGES
        note = (
            f"median {first * 1000:.1f} ms first, {last * 1000:.1f} ms last; {len(seconds)} full pages "
            f"of 100, {met:,} rows met, {sum(seconds):.1f} s"
        )
        rows.append(
            Row(
                "api",
                f"keyset walk of participations, {who}",
                f"time per page: last {WALK_PAGES} / first {WALK_PAGES}",
                round(ratio, 3),
                "x",
                f"≤ {WALK_MAX_RATIO:g}" if judged else "",
                ratio <= WALK_MAX_RATIO if judged else None,
                note if judged else f"{note}; too few pages to judge",
            )
        )
    for which, (milliseconds, nodes) in zip(("first", "last"), plans, strict=True):
        rows.append(
            Row(
                "api",
                f"keyset walk: the administrator's {which} full page",
                "query time (EXPLAIN ANALYZE)",
                milliseconds,
                "ms",
                note=nodes,
            )
        )
    return rows


PROFILED_REQUESTS = 20
# What the profile of the list is split into: (name, file ending, function) of the outermost call.
PROFILE_PARTS = (
    ("lean serialisation (sscportal/api/lean.py)", "sscportal/api/lean.py", "represent"),
    ("of which related rows read", "sscportal/api/lean.py", "fetch"),
    ("page and count", "sscportal/api/pagination.py", "paginate_queryset"),
    ("filters", "rest_framework/generics.py", "filter_queryset"),
    ("SQL in the driver", "django/db/backends/utils.py", "execute"),
)


def profile_list(env: dict[str, str]) -> dict:
    """Time and profile the anonymous list in a child process (in-process, through Django's test client):
    {"ms", "queries", "sql_ms", "shares": {part: share of the profiled time}}; the profile is logged."""
    log(f"api: profiling {API_LIST_PATH} in-process")
    run = measure(  # uncached: the work of serving it, not the page cache's
        [sys.executable, "-c", "from sscportal.bench.api import profile_child; profile_child()"],
        {**env, "PUBLIC_PAGE_CACHE_SECONDS": "0"},
    )
    if run.returncode != 0:
        raise RuntimeError(f"profiling the list failed:\n{run.output}")
    *profile, summary = run.output.strip().splitlines()
    log("\n".join(profile))
    return json.loads(summary)


def profile_child() -> None:
    """Run in a child process by profile_list: the list's time per request, its queries, and a profile
    of PROFILED_REQUESTS requests (printed), with the shares of PROFILE_PARTS (the last line, JSON)."""
    import cProfile
    import io
    import pstats

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscportal.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    for _warm_up in range(3):
        assert client.get(API_LIST_PATH).status_code == 200
    started = time.perf_counter()
    for _request in range(PROFILED_REQUESTS):
        client.get(API_LIST_PATH)
    milliseconds = (time.perf_counter() - started) / PROFILED_REQUESTS * 1000
    with CaptureQueriesContext(connection) as captured:
        client.get(API_LIST_PATH)
    # Read now: the next request empties the connection's query log (Django's request_started).
    queries = len(captured)
    sql_ms = round(sum(float(query["time"]) for query in captured.captured_queries) * 1000, 1)
    profiler = cProfile.Profile()
    profiler.enable()
    for _request in range(PROFILED_REQUESTS):
        client.get(API_LIST_PATH)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(30)
    print(text.getvalue())
    total = stats.total_tt
    shares = {}
    for name, ending, function in PROFILE_PARTS:
        spent = [
            cumulative
            for (filename, _line, called), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items()
            if filename.endswith(ending) and called == function
        ]
        shares[name] = round(max(spent, default=0) / total, 3)
    print(
        json.dumps(
            {
                "ms": round(milliseconds, 1),
                "queries": queries,
                "sql_ms": sql_ms,
                "shares": shares,
            }
        )
    )


def csv_export(env: dict[str, str]):
    """(the measured child streaming CSV_EXPORT, its summary line)."""
    log(f"api: streaming {CSV_EXPORT} to /dev/null in a child process")
    run = measure([sys.executable, "-c", "from sscportal.bench.api import csv_child; csv_child()"], env)
    if run.returncode != 0:
        raise RuntimeError(f"CSV export failed:\n{run.output}")
    return run, run.output.strip().splitlines()[-1]


def csv_rows(runs, small: float, large: float) -> list[Row]:
    rows = [
        Row(
            "api",
            f"CSV export of participations, scale {scale:g}",
            "peak memory (max RSS)",
            round(run.max_rss_mb, 1),
            "MB",
            note=f"{summary}; {run.seconds:.1f} s with Django's start-up",
        )
        for scale, (run, summary) in sorted(runs.items())
    ]
    ratio = runs[large][0].max_rss_mb / runs[small][0].max_rss_mb
    rows.append(
        Row(
            "api",
            f"CSV export of participations, scale {large:g} / scale {small:g}",
            "peak memory ratio",
            round(ratio, 3),
            "",
            f"≤ {CSV_MAX_MEMORY_RATIO:g}",
            ratio <= CSV_MAX_MEMORY_RATIO,
            "the whole export streamed to /dev/null",
        )
    )
    return rows


def csv_child() -> None:
    """Run in a child process by csv_export: stream the export to /dev/null as a portal administrator
    (participations are personal data); print what it wrote."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscportal.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model()._default_manager
    administrator = users.filter(username=BENCH_ADMIN).first() or users.create_superuser(
        BENCH_ADMIN, "bench@example.org", None
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(administrator)
    response = client.get(CSV_EXPORT)
    if response.status_code != 200:
        raise SystemExit(f"{CSV_EXPORT} answered {response.status_code}")
    written, lines = stream_to_null(response, b"\n")
    print(f"{lines - 1:,} rows, {written / 1_000_000:.1f} MB of CSV")
