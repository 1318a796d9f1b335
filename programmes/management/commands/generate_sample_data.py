import sys
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError

from programmes import sampledata
from sscportal.cache import invalidate_public_pages


class Command(BaseCommand):
    help = (
        "Generate deterministic synthetic data for demos and benchmarks: at --scale 1 about 1,000 "
        "programmes, 10,000 activities, 100,000 participations and 5,000 policy adoptions. Loads the "
        "reference data first if it is missing. Refuses to run when sample data exist, unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Size relative to scale 1 (e.g. 0.1, 0.001, 2)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed; the same seed gives the same data."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete earlier sample data first (the agencies whose slug starts with 'sample-agency-' "
            "and every record they own).",
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar and no summary.")

    def handle(self, *args, scale, seed, replace, quiet, verbosity, **options):
        if not scale > 0:
            raise CommandError("--scale must be a positive number.")
        quiet = quiet or verbosity == 0
        started = time.monotonic()
        if not quiet and sampledata.reference_data_missing():
            self.stdout.write("Reference data (countries, themes, SDGs) missing: loading them first.")
        with _progress(enabled=not quiet and sys.stderr.isatty()) as progress:
            try:
                written = sampledata.generate(scale=scale, seed=seed, replace=replace, progress=progress)
            except sampledata.SampleDataExists as error:
                raise CommandError(str(error)) from error
        invalidate_public_pages()  # bulk writes send no signals (generate() renews the statistics)
        if not quiet:
            summary = ", ".join(f"{count:,} {name}" for name, count in written.items())
            elapsed = time.monotonic() - started
            self.stdout.write(
                self.style.SUCCESS(
                    f"Sample data (scale {scale:g}, seed {seed}) in {elapsed:.1f} s: {summary}."
                )
            )


@contextmanager
def _progress(*, enabled: bool):
    """A progress factory for sampledata.generate: a rich progress bar on stderr, or nothing."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:<32}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    ) as bar:

        def stage(label, total):
            task = bar.add_task(label, total=total)
            return lambda advance: bar.advance(task, advance)

        yield stage
