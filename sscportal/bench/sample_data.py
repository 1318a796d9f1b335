"""Each benchmark is a function in BENCHMARKS that takes the parsed options and returns Rows (one figure
each, with its threshold when it has one); add a function there to add a benchmark.
"""

from sscportal.bench.common import Row, child_env, log, manage, throwaway_database

# Thresholds of generate_sample_data: 60 s at scale 1, proportionally less at smaller scales plus a few
# seconds for starting Django; peak memory under 1 GB at any scale.
SAMPLE_DATA_SECONDS_AT_SCALE_1 = 60.0
SAMPLE_DATA_STARTUP_ALLOWANCE = 3.0
SAMPLE_DATA_MAX_RSS_MB = 1024.0


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
