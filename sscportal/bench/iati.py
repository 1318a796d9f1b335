"""iati_memory: for --scale 0.1 and --scale 1, a throwaway PostgreSQL database (sscportal_bench_<pid>_iati-N)
is migrated, given the reference data and `generate_sample_data --scale N --quiet` (not measured); then a
child process requests the whole IATI export (/api/v1/iati/activities.xml, through Django's test client and
all the middleware, as an anonymous visitor) and writes the streamed body to /dev/null. Its peak memory
(max RSS, from wait4) and wall time are measured. The export streams (programmes/iati.py: one
<iati-activity> at a time from a chunked iterator), so the peak memory at scale 1 must be at most
IATI_MAX_MEMORY_RATIO times that at scale 0.1.
"""

import os
import sys

from sscportal.bench.common import Row, child_env, log, manage, measure, stream_to_null, throwaway_database

IATI_SCALES = (0.1, 1.0)
IATI_MAX_MEMORY_RATIO = 1.2
IATI_FEED = "/api/v1/iati/activities.xml"


def bench_iati_memory(options) -> list[Row]:
    """Peak memory of a process streaming the whole IATI export, at scale 1 against scale 0.1."""
    runs = {}
    for scale in IATI_SCALES:
        case = f"scale {scale:g}"
        with throwaway_database(f"iati{str(scale).replace('.', '_')}") as url:
            env = child_env(DATABASE_URL=url, ALLOWED_HOSTS="localhost")
            log(f"iati: {case}: migrating, loading reference data and sample data (not measured)")
            manage("migrate", "--noinput", env=env)
            manage("load_reference_data", env=env)
            manage("generate_sample_data", "--scale", f"{scale:g}", "--quiet", env=env)
            log(f"iati: {case}: streaming {IATI_FEED} to /dev/null in a child process")
            run = measure(
                [sys.executable, "-c", "from sscportal.bench.iati import iati_child; iati_child()"], env
            )
        if run.returncode != 0:
            raise RuntimeError(f"IATI export failed at {case}:\n{run.output}")
        runs[scale] = (run, run.output.strip().splitlines()[-1])
    small, large = runs[IATI_SCALES[0]][0], runs[IATI_SCALES[-1]][0]
    ratio = large.max_rss_mb / small.max_rss_mb
    rows = [
        Row(
            "iati_memory",
            f"scale {scale:g}",
            "peak memory (max RSS)",
            round(run.max_rss_mb, 1),
            "MB",
            note=f"{summary}; {run.seconds:.1f} s with Django's start-up",
        )
        for scale, (run, summary) in runs.items()
    ]
    rows.append(
        Row(
            "iati_memory",
            f"scale {IATI_SCALES[-1]:g} / scale {IATI_SCALES[0]:g}",
            "peak memory ratio",
            round(ratio, 3),
            "",
            f"≤ {IATI_MAX_MEMORY_RATIO:g}",
            ratio <= IATI_MAX_MEMORY_RATIO,
            "the whole export streamed to /dev/null",
        )
    )
    return rows


def iati_child() -> None:
    """Run in a child process by bench_iati_memory: stream the export to /dev/null; print what it wrote."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscportal.settings")
    import django

    django.setup()
    from django.test import Client

    response = Client(HTTP_HOST="localhost").get(IATI_FEED)
    if response.status_code != 200:
        raise SystemExit(f"{IATI_FEED} answered {response.status_code}")
    written, activities = stream_to_null(response, b"<iati-activity ")
    print(f"{activities:,} activities, {written / 1_000_000:.1f} MB of XML")
