"""What the benchmarks share: the Row of a result, running manage.py children with their time and
peak memory, and throwaway PostgreSQL databases."""

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


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


def load_sample_data(env: dict[str, str], scale: float) -> None:
    """Migrate the database of `env`, load the reference data and the sample data at `scale`."""
    manage("migrate", "--noinput", env=env)
    manage("load_reference_data", env=env)
    manage("generate_sample_data", "--scale", f"{scale:g}", "--quiet", env=env)


def vacuum_analyze(url: str) -> None:
    """VACUUM ANALYZE the database at `url`, as autovacuum would have done to a production database
    after a bulk load: the planner gets its statistics, and index-only scans their visibility map.
    The PostgreSQL servers of these machines run with autovacuum off, so a freshly loaded database
    would otherwise be measured without either."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


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


def stream_to_null(response, marker: bytes) -> tuple[int, int]:
    """Write a streamed response to /dev/null as it comes: (bytes written, times `marker` occurs)."""
    written = found = 0
    with open(os.devnull, "wb") as sink:
        for piece in response.streaming_content:
            written += sink.write(piece)
            found += piece.count(marker)
    return written, found
