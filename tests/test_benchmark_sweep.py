"""The benchmark sweep's own logic on made-up numbers: growth, verdicts, the table, the screen.

No timing here: benchmarks/ measures, this only checks how its figures are computed.
"""

from __future__ import annotations

import math
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> dict[str, ModuleType]:
    """benchmarks/sweep_table.py and screen.py, imported as run.py imports them."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import screen
    import sweep_table

    return {"table": sweep_table, "screen": screen}


def test_growth_and_step_are_the_largest_size_over_the_first_and_the_previous(bench):
    table = bench["table"]
    figure = table.Figure("list", lambda v: f"{v:.2f} s", {1000: [1.0, 2.0, 3.0], 10000: [2.0],
                                                           100000: [3.0, 3.0]})  # fmt: skip
    assert figure.growth == pytest.approx(1.5)  # 3.0 (median at 100,000) / 2.0 (at 1,000)
    assert figure.step == pytest.approx(1.5)  # 3.0 / 2.0 (at 10,000)
    assert math.isnan(table.Figure("one size", str, {1000: [1.0]}).step)


def test_a_target_is_met_only_when_every_limit_holds_at_the_largest_size(bench):
    table = bench["table"]
    flat = (table.Limit("prev", 1.2), table.Limit("value", 200, inclusive=False))
    runs = {1000: [50.0], 10000: [100.0], 100000: [119.0]}
    assert table.Figure("peak", str, runs, limits=flat).met() == "yes"
    runs[100000] = [121.0]  # 1.21x the previous size
    assert table.Figure("peak", str, runs, limits=flat).met() == "MISSED"
    runs = {1000: [150.0], 10000: [180.0], 100000: [200.0]}  # flat, but not under 200
    assert table.Figure("peak", str, runs, limits=flat).met() == "MISSED"
    assert table.Figure("failed", str, {1000: [1.0], 100000: []},
                        limits=(table.Limit("first", 1.2),)).met() == "MISSED"  # fmt: skip
    assert table.Figure("no target", str, runs).met() == "n/a"


def test_a_ratio_figure_divides_the_medians_at_each_size(bench):
    table = bench["table"]
    app = table.Figure("app", str, {1000: [0.3, 0.5, 0.4], 10000: [0.9]})
    raw = table.Figure("raw", str, {1000: [0.2], 10000: [0.3]})
    ratio = table.ratio_figure("ratio", app, raw, "≤ 3x", (table.Limit("value", 3.0),))
    assert ratio.runs == {1000: [pytest.approx(2.0)], 10000: [pytest.approx(3.0)]}
    assert ratio.met() == "yes"


def test_the_table_has_a_column_per_size_with_spreads_and_failed_runs(bench):
    table = bench["table"]
    seconds = lambda v: f"{v:.2f} s"  # noqa: E731
    figures = [
        table.Figure("list filled", seconds, {200: [0.3, 0.2, 0.4], 1000: [0.5]},
                     "≤ 1.2x ÷first", (table.Limit("first", 1.2),), expected=3),
        table.Figure("search", seconds, {200: [], 1000: [0.1, 0.1, 0.1]}, expected=3),
    ]  # fmt: skip
    text = table.render_sweep([200, 1000], [("Start-up", figures)])
    lines = text.splitlines()
    assert lines[0].split() == ["measure", "200", "1,000", "÷first", "÷prev", "target", "met?"]
    assert set(lines[1]) == {"-"}
    assert lines[2] == "Start-up"
    assert "0.30 s (0.20-0.40)" in lines[3] and "0.50 s [2 failed]" in lines[3]
    assert lines[3].endswith("1.67x  ≤ 1.2x ÷first  MISSED")
    assert "failed" in lines[4] and "0.10 s (0.10-0.10)" in lines[4]


def test_the_screen_model_places_text_where_the_cursor_moves(bench):
    screen = bench["screen"].Screen(20, 6)
    output = (
        "\x1b[?1049h\x1b[1;1H\x1b[1mDate  Contact\x1b[0m\r\n"
        "\x1b[2;1HAva Chen\x1b[3;1HNo\x1b[3;4HPiet Jansen\x1b[5;2HTo do\x1b[6;2H• Thank "
    ).encode()
    for start in range(0, len(output), 5):  # escape sequences cut between reads
        screen.feed(output[start : start + 5])
    screen.feed(b"Ava")
    lines = screen.lines()
    assert lines == ["Date  Contact", "Ava Chen", "No Piet Jansen", "", " To do", " • Thank Ava"]
    module = bench["screen"]
    is_name = lambda line: "Ava Chen" in line or "Piet Jansen" in line  # noqa: E731
    assert module.home_list_rows(lines, is_name) == 2  # the to-do's "Ava" is not a row
    assert module.todo_shown(lines)
    assert not module.todo_shown([*lines[:5], " Loading…"])
