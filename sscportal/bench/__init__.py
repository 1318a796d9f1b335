"""Benchmarks: `make bench`, or `python -m sscportal.bench [--only NAME] [--json PATH] [--scales 1,0.1]`.

Not part of `make test`. Prints a table (with the machine's core count) and writes the same as JSON to
var/bench/bench-results.json (or --json PATH); exits with status 1 when a figure misses its threshold.

The benchmarks: sample_data.py (generate_sample_data's time and memory), search.py (site search,
full-text against icontains), http.py (public pages under load, as ratios to /healthz), iati.py
(peak memory of the streamed IATI export at two scales), api.py (the REST API: list throughput, the
keyset walk's time per page, the CSV export's peak memory).
"""
