"""http: the public pages under load, as in production, each as a ratio to /healthz in the same run.

A throwaway PostgreSQL database is migrated and given the reference data and sample data at
--http-scale (default 1; not timed), then vacuumed and analysed as autovacuum would have done
(common.vacuum_analyze: autovacuum is off on these machines' PostgreSQL). The portal is served by
gunicorn (DEBUG off, one sync worker per core, as `make serve`), and wrk (Debian's package; `make bench`
installs it) drives each URL for HTTP_SECONDS with HTTP_CONNECTIONS connections on loopback:
  * uncached (PUBLIC_PAGE_CACHE_SECONDS=0): /healthz, the programme list filtered by the region and theme
    with the most published programmes (a full page of 25 rows), a programme page and a study tour page;
    the list must reach LIST_MIN_RATIO of /healthz's throughput;
  * cached (the anonymous page cache in Redis, BENCH_REDIS_URL, default redis://127.0.0.1:6379/15): the
    same URLs, repeat anonymous views, each at least CACHED_MIN_RATIO of /healthz;
  * the impact page (issue 7), for all published records (no filter: the most to count) and with the
    list's filters: uncached, its p50 latency at most IMPACT_MAX_LATENCY_RATIO times the programme
    list's p50 in the same run, both under the same load (HTTP_CONNECTIONS connections); its latency with
    one connection (requests one after another) is shown beside it; cached, at least CACHED_MIN_RATIO
    of /healthz like the other pages;
  * p99 latency at most TAIL_MAX_RATIO times p50 for every page;
  * a repeat request with If-None-Match answers 304.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sscportal.bench.common import BASE_DIR, Row, child_env, log, manage, throwaway_database, vacuum_analyze

HTTP_SECONDS = 10  # per URL
HTTP_CONNECTIONS = 8
LIST_MIN_RATIO = 0.10  # uncached programme list, 25 rows, filtered by region and theme
CACHED_MIN_RATIO = 0.5  # repeat anonymous views of list and detail pages
TAIL_MAX_RATIO = 3.0  # p99 over p50
IMPACT_MAX_LATENCY_RATIO = 5.0  # uncached impact page p50 over the programme list's p50
IMPACT_PAGES = ("impact page", "impact page, filtered")
WRK_TIMEOUT = "30s"


@dataclass
class Load:
    """What wrk measured for one URL."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    output: str


def wrk(url: str, seconds: int = HTTP_SECONDS, connections: int = HTTP_CONNECTIONS) -> Load:
    """wrk -t2 -c8 --latency against `url`; non-2xx/3xx answers and socket errors count as errors. A
    request may take WRK_TIMEOUT (wrk's default, 2 s, would drop a slow page's slowest answers)."""
    threads = str(min(2, connections))  # wrk wants a connection per thread at least
    command = ["wrk", "-t", threads, "-c", str(connections), "-d", f"{seconds}s", "--timeout", WRK_TIMEOUT]
    result = subprocess.run(
        [*command, "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    text = result.stdout

    def milliseconds(percentile: str) -> float:
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", text, re.MULTILINE)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", text))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    requests = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    load = Load(requests, milliseconds("50"), milliseconds("99"), errors, text)
    if load.errors or not load.p50_ms:
        log(f"wrk {url}: {load.errors} errors\n{text}")
    return load


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str]) -> Iterator[str]:
    """Serve the portal as `make serve` does (gunicorn, DEBUG off, one worker per core); yield its URL."""
    port = free_port()
    workers = str(os.cpu_count() or 2)
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "sscportal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            workers,
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def redis_url() -> str:
    """The Redis of the cached runs (the anonymous page cache): BENCH_REDIS_URL, or database 15."""
    return os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")


def measure_urls(base: str, pages: dict[str, str], label: str) -> dict[str, Load]:
    """wrk against /healthz, then each of `pages` ({name: path}), on the server at `base`."""
    loads = {"/healthz": wrk(f"{base}/healthz")}
    for name, path in pages.items():
        log(f"{label}: {name} {path}")
        for _worker in range(4):  # warm up: each worker's first view, and the page cache
            urllib.request.urlopen(base + path, timeout=30).read()
        loads[name] = wrk(base + path)
    return loads


PICK_URLS = """
import json
from partners.models import CountryGroup
from programmes.filtersets import ProgrammeFilterSet
from programmes.models import Programme, StudyTour, Theme

published = Programme.objects.published()
pairs = []
for region in CountryGroup.objects.geographic_regions(top_level_only=True):
    for theme in Theme.objects.all():
        data = {"region": region.code, "theme": theme.slug}
        pairs.append((ProgrammeFilterSet(data, queryset=published).qs.count(), region.code, theme.slug))
count, region, theme = max(pairs)
programme = published.order_by("-start_date").first()
tour = StudyTour.objects.published().order_by("-start_date").first()
print(json.dumps({
    "rows": count,
    "list": f"/programmes/?region={region}&theme={theme}",
    "programme": programme.get_absolute_url(),
    "study_tour": tour.get_absolute_url(),
}))
"""


def bench_http(options) -> list[Row]:
    """The public pages under load from wrk, served by gunicorn against sample data on PostgreSQL, each
    as a ratio to /healthz measured in the same run by the same server."""
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed: `make bench` installs it (Debian package wrk)")
    scale = f"{options.http_scale:g}"
    rows: list[Row] = []
    with throwaway_database("http") as url:
        env = child_env(DATABASE_URL=url, ALLOWED_HOSTS="127.0.0.1")
        log(f"http: migrating, loading reference data and sample data at scale {scale} (not timed)")
        manage("migrate", "--noinput", env=env)
        manage("load_reference_data", env=env)
        manage("generate_sample_data", "--scale", scale, "--quiet", env=env)
        manage("collectstatic", "--noinput", env=env)  # as `make serve` does: the pages name hashed files
        vacuum_analyze(url)
        picked = json.loads(manage("shell", "-c", PICK_URLS, env=env).output.strip().splitlines()[-1])
        log(f"http: list {picked['list']} ({picked['rows']} programmes)")
        pages = {
            "programme list": picked["list"],
            "programme page": picked["programme"],
            "study tour page": picked["study_tour"],
            "impact page": "/impact/",
            "impact page, filtered": picked["list"].replace("/programmes/", "/impact/"),
        }

        with gunicorn({**env, "PUBLIC_PAGE_CACHE_SECONDS": "0"}) as base:
            uncached = measure_urls(base, pages, "http (uncached)")
            alone = {name: wrk(base + pages[name], connections=1) for name in IMPACT_PAGES}
        with gunicorn({**env, "REDIS_URL": redis_url()}) as base:
            cached = measure_urls(base, pages, "http (cached)")
            not_modified = conditional_get_status(base + pages["programme list"])

    for label, loads in (("uncached", uncached), ("cached (Redis)", cached)):
        healthz = loads["/healthz"]
        rows.append(
            Row(
                "http",
                f"{label}: /healthz",
                "throughput",
                round(healthz.requests_per_second, 1),
                "req/s",
                note=f"p50 {healthz.p50_ms:.1f} ms, p99 {healthz.p99_ms:.1f} ms",
            )
        )
        for name in pages:
            load = loads[name]
            ratio = load.requests_per_second / healthz.requests_per_second
            if label == "uncached" and name in IMPACT_PAGES:
                rows.append(impact_latency_row(name, load, loads["programme list"], alone[name]))
                threshold, passed = "", None
            elif label == "uncached":
                threshold, passed = (
                    (f"≥ {LIST_MIN_RATIO:g}", ratio >= LIST_MIN_RATIO)
                    if name == "programme list"
                    else ("", None)
                )
            else:
                threshold, passed = f"≥ {CACHED_MIN_RATIO:g}", ratio >= CACHED_MIN_RATIO
            note = f"{load.requests_per_second:.1f} req/s; p50 {load.p50_ms:.1f} ms, p99 {load.p99_ms:.1f} ms"
            if load.errors:
                passed, note = False, f"{note}; {load.errors} errors"
            rows.append(
                Row(
                    "http",
                    f"{label}: {name}",
                    "throughput / healthz",
                    round(ratio, 3),
                    "x",
                    threshold,
                    passed,
                    note,
                )
            )
            tail = load.p99_ms / load.p50_ms if load.p50_ms else float("inf")
            rows.append(
                Row(
                    "http",
                    f"{label}: {name}",
                    "p99 / p50",
                    round(tail, 2),
                    "x",
                    f"≤ {TAIL_MAX_RATIO:g}",
                    tail <= TAIL_MAX_RATIO,
                    f"{HTTP_CONNECTIONS} connections, {HTTP_SECONDS} s",
                )
            )
    rows.append(
        Row(
            "http",
            "cached: programme list",
            "If-None-Match answer",
            not_modified,
            "status",
            "= 304",
            not_modified == 304,
        )
    )
    return rows


def impact_latency_row(name: str, load: Load, listing: Load, alone: Load) -> Row:
    """The uncached impact page's p50 over the programme list's, both under the same load."""
    ratio = load.p50_ms / listing.p50_ms
    return Row(
        "http",
        f"uncached: {name}",
        "p50 / programme list p50",
        round(ratio, 2),
        "x",
        f"≤ {IMPACT_MAX_LATENCY_RATIO:g}",
        ratio <= IMPACT_MAX_LATENCY_RATIO and not load.errors,
        f"p50 {load.p50_ms:.0f} ms against {listing.p50_ms:.0f} ms, {HTTP_CONNECTIONS} connections; "
        f"one connection: p50 {alone.p50_ms:.0f} ms ({alone.p50_ms / listing.p50_ms:.2f}x the list's)",
    )


def conditional_get_status(url: str) -> int:
    """The status of a repeat request carrying the ETag of the first answer."""
    with urllib.request.urlopen(url, timeout=10) as response:
        etag = response.headers["ETag"]
    request = urllib.request.Request(url, headers={"If-None-Match": etag or '"none"'})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
