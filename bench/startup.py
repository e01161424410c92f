"""Start-up of the CLI against a bare interpreter, in one run.

A user pays start-up on every verb, and `thismonth --help` is the first thing a newcomer
runs. The figure that matters is the ratio to ``python -c pass`` on the same machine in
the same run: absolute times on a shared machine say little. Runs alternate so that load
on the machine hits both sides alike; the median of each side is compared.

Usage: .venv/bin/python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
CASES = {
    "thismonth --help": [sys.executable, "-m", "thismonth", "--help"],
    "thismonth draft --help": [sys.executable, "-m", "thismonth", "draft", "--help"],
    "thismonth check --help": [sys.executable, "-m", "thismonth", "check", "--help"],
}
BASELINE = [sys.executable, "-c", "pass"]


def _time(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def _imported(argv_tail: list[str]) -> int:
    """How many thismonth modules a verb imports (importtime lists every import)."""
    probe = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "thismonth", *argv_tail],
        capture_output=True,
        text=True,
        check=True,
    )
    return sum(1 for line in probe.stderr.splitlines() if "thismonth" in line.split("|")[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"python -c pass": []} | {name: [] for name in CASES}
    for _ in range(args.runs):
        times["python -c pass"].append(_time(BASELINE))
        for name, argv in CASES.items():
            times[name].append(_time(argv))
    base = statistics.median(times["python -c pass"])
    print(f"{'case':<26} {'median':>9} {'ratio':>7} {'thismonth modules':>18}")
    print(f"{'python -c pass':<26} {base * 1000:>7.1f}ms {1.0:>6.2f}x {'':>18}")
    for name, argv in CASES.items():
        median = statistics.median(times[name])
        modules = _imported(argv[3:])
        print(f"{name:<26} {median * 1000:>7.1f}ms {median / base:>6.2f}x {modules:>18}")
    print("target: thismonth --help <= 6x python -c pass")


if __name__ == "__main__":
    main()
