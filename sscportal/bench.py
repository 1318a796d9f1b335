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


BENCHMARKS: dict[str, Callable[..., list[Row]]] = {
    "sample_data": bench_sample_data,
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
