"""Deterministic synthetic data for demos and benchmarks (`manage.py generate_sample_data`):
generator.py builds and bulk-inserts the rows, vocabulary.py holds the words and weights."""

from programmes.sampledata.generator import (
    BASE_COUNTS,
    MIN_AGENCIES,
    SampleDataExists,
    delete_sample_data,
    generate,
    plan_counts,
    reference_data_missing,
)

__all__ = [
    "BASE_COUNTS",
    "MIN_AGENCIES",
    "SampleDataExists",
    "delete_sample_data",
    "generate",
    "plan_counts",
    "reference_data_missing",
]
