"""bench/accuracy.py builds its three configurations from today's config sections.

The benchmark is not run by CI (it needs ../shared), so this keeps its set-up from
rotting when the config changes shape: the learned run starts from the example config
with what ``init --archive`` took from the archive blanked out.
"""

from __future__ import annotations

from pathlib import Path

from benchload import load_bench as _load


def load_bench():
    return _load("accuracy")


def test_the_learned_run_starts_from_the_example_without_what_init_learned(tmp_path: Path):
    bench = load_bench()
    example = bench.load_config(bench.EXAMPLE_CONFIG)
    assert example.policy.logins and any(p.maintainers for p in example.projects)
    runs = bench.learn_runs(example, tmp_path)
    labels = [label for label, _, _ in runs]
    assert labels[-2:] == [
        "today's example, no learning",
        "learned from the issues before each month",
    ]
    _, blank, _ = runs[-1]
    assert blank.policy.logins == {}
    assert all(p.maintainers == [] and p.description == "" for p in blank.projects)
    assert [p.repo for p in blank.projects] == [p.repo for p in example.projects]
