"""How fast the CLI starts: `backcoach --help` and `backcoach plan`, against bare Python.

Run: python benchmarks/startup.py [--runs 15]

Prints the median and best wall time of each command over fresh processes, and the ratio to
`python -c pass` measured in the same run (so a slow machine shows up in the baseline, not as a
regression). The issue's target: both commands under 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

COMMANDS = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "backcoach --help": [sys.executable, "-m", "backcoach", "--help"],
    "backcoach plan": [sys.executable, "-m", "backcoach", "plan"],
    "backcoach plan --json": [sys.executable, "-m", "backcoach", "plan", "--json"],
    "backcoach exercises": [sys.executable, "-m", "backcoach", "exercises"],
}
TARGET_S = 0.5


def time_command(argv: list[str], runs: int, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "BACKCOACH_HOME": home, "COLUMNS": "100"}
        results = {name: time_command(argv, args.runs, env) for name, argv in COMMANDS.items()}
    base = statistics.median(results["python -c pass (baseline)"])
    print(f"{'command':28} {'median s':>9} {'best s':>8} {'x baseline':>11}  target")
    for name, times in results.items():
        median = statistics.median(times)
        verdict = "" if "baseline" in name else ("ok" if median < TARGET_S else "SLOW")
        print(f"{name:28} {median:9.3f} {min(times):8.3f} {median / base:11.1f}  {verdict}")


if __name__ == "__main__":
    main()
