"""`python -m sscportal.bench`: run the benchmarks, print the table, write the JSON."""

import argparse
import json
import os
import platform
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from sscportal.bench.api import bench_api
from sscportal.bench.common import BASE_DIR, Row, log, server_version
from sscportal.bench.http import bench_http
from sscportal.bench.iati import bench_iati_memory
from sscportal.bench.sample_data import bench_sample_data
from sscportal.bench.search import bench_search

DEFAULT_JSON = BASE_DIR / "var" / "bench" / "bench-results.json"

BENCHMARKS: dict[str, Callable[..., list[Row]]] = {
    "sample_data": bench_sample_data,
    "search": bench_search,
    "http": bench_http,
    "iati_memory": bench_iati_memory,
    "api": bench_api,
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
    parser = argparse.ArgumentParser(
        prog="python -m sscportal.bench",
        description="SSC Portal benchmarks (see sscportal/bench/__init__.py).",
    )
    parser.add_argument("--only", choices=sorted(BENCHMARKS), help="Run only this benchmark.")
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help=f"Results file (default {DEFAULT_JSON})."
    )
    parser.add_argument(
        "--scales", type=parse_scales, default=[1.0, 0.1], help="Scales of sample_data (default 1,0.1)."
    )
    parser.add_argument(
        "--http-scale",
        type=float,
        default=1.0,
        help="Scale of the sample data served to http and api (default 1).",
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
