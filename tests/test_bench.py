"""The pure helpers of the API benchmark (sscportal/bench/api.py); the benchmarks themselves run only
under `make bench`, never in the test suite."""

import pytest

from sscportal.bench.api import first_and_last, plan_summary

PLAN = """Limit  (cost=0.42..12.80 rows=101 width=120) (actual time=0.050..0.420 rows=101 loops=1)
  Buffers: shared hit=420
  ->  Nested Loop  (cost=0.42..12000.00 rows=99000 width=120) (actual time=0.049..0.400 rows=101 loops=1)
        ->  Index Scan using participation_updated_id on programmes_participation  (cost=0.42..9000.00)
              Index Cond: (updated_at >= '2026-11-23 19:00:00+00'::timestamp with time zone)
Planning Time: 0.300 ms
Execution Time: 0.512 ms"""


def test_first_and_last_are_the_medians_of_the_first_and_last_pages():
    seconds = [0.1] * 3 + [0.5] * 20 + [0.2] * 3
    assert first_and_last(seconds, count=3) == (0.1, 0.2)


def test_with_few_pages_each_half_takes_its_half():
    assert first_and_last([0.1, 0.3, 0.2, 0.4], count=10) == pytest.approx((0.2, 0.3))
    assert first_and_last([0.1], count=10) == (0.1, 0.1)
    with pytest.raises(ValueError):
        first_and_last([])


def test_a_plan_is_summed_up_as_its_nodes_and_execution_time():
    milliseconds, nodes = plan_summary(PLAN)
    assert milliseconds == 0.512
    assert nodes == (
        "Limit > Nested Loop > Index Scan using participation_updated_id on programmes_participation"
    )


def test_the_impact_page_is_judged_on_its_p50_over_the_lists_under_the_same_load():
    from sscportal.bench.http import Load, impact_latency_row

    listing = Load(40.0, 200.0, 300.0, 0, "")
    passing = impact_latency_row(
        "impact page", Load(9.0, 900.0, 1200.0, 0, ""), listing, Load(4.0, 240.0, 300.0, 0, "")
    )
    assert (passing.value, passing.passed) == (4.5, True)
    assert "one connection: p50 240 ms (1.20x the list's)" in passing.note
    failing = impact_latency_row("impact page", Load(2.0, 1100.0, 1500.0, 0, ""), listing, listing)
    assert (failing.value, failing.passed) == (5.5, False)
    with_errors = impact_latency_row("impact page", Load(9.0, 900.0, 1200.0, 3, ""), listing, listing)
    assert with_errors.passed is False


def test_a_streamed_export_is_written_away_and_counted():
    from django.http import StreamingHttpResponse

    from sscportal.bench.common import stream_to_null

    response = StreamingHttpResponse(iter([b"a,b\n1,", b"2\n3,4\n"]))
    assert stream_to_null(response, b"\n") == (12, 3)


def test_the_api_list_is_judged_as_served_with_the_anonymous_cache_and_shown_without_it():
    from sscportal.bench.api import API_LIST_MIN_RATIO, list_rows
    from sscportal.bench.http import Load

    def loads(list_rate):
        return {"/healthz": Load(1000.0, 5.0, 8.0, 0, ""), "list": Load(list_rate, 50.0, 80.0, 0, "")}

    profile = {"ms": 20.0, "queries": 5, "sql_ms": 6.0, "shares": {"lean": 0.5}}
    rows = {row.case: row for row in list_rows(loads(50.0), loads(400.0), profile)}
    uncached, cached = rows["uncached: list"], rows["cached (Redis): list"]
    assert (cached.value, cached.passed, cached.threshold) == (0.4, True, f"≥ {API_LIST_MIN_RATIO:g}")
    assert (uncached.value, uncached.passed, uncached.threshold) == (0.05, None, "")
    assert "not judged (below 0.15)" in uncached.note
    failing = {row.case: row for row in list_rows(loads(50.0), loads(100.0), profile)}
    assert failing["cached (Redis): list"].passed is False
