"""How fast the CLI starts: `backcoach --help` and `backcoach plan`, against bare Python.

Run: python benchmarks/startup.py [--runs 15] [--sessions 200]

Times each command over fresh processes, in a home with no database and in one holding a history
of `--sessions` sessions (written once, through the store, before timing: it takes a while), and
prints the median and best wall time and CPU time (user + system of the child process), with the
ratio to `python -c pass` measured in the same run. On a machine busy with other work the wall
time wanders; the CPU time is the steadier figure. The issue's target: under 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.report._history
try:
    import backcoach  # noqa: F401
except ImportError:  # running from a checkout without an install
    sys.path.insert(0, str(ROOT / "src"))

from tests.report._history import write_months  # noqa: E402

from backcoach.storage import open_store  # noqa: E402

BACKCOACH = [sys.executable, "-m", "backcoach"]
BASELINE = "python -c pass (baseline)"
# (name, argv, whether it runs in the home with a database)
COMMANDS = [
    (BASELINE, [sys.executable, "-c", "pass"], False),
    ("backcoach --help", [*BACKCOACH, "--help"], False),
    ("backcoach plan (no db)", [*BACKCOACH, "plan"], False),
    ("backcoach plan --json (no db)", [*BACKCOACH, "plan", "--json"], False),
    ("backcoach exercises", [*BACKCOACH, "exercises"], False),
    ("backcoach plan ({n} sessions)", [*BACKCOACH, "plan"], True),
    ("backcoach plan --json ({n} sessions)", [*BACKCOACH, "plan", "--json"], True),
]
TARGET_S = 0.5


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of `argv` in a fresh process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit code {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def write_history(home: Path, sessions: int) -> float:
    """Write about `sessions` sessions (with check-ins, dosage changes, questionnaires and runs)
    into the default database of `home`, through the store; the seconds it took."""
    start = time.perf_counter()
    with open_store(f"sqlite:///{home / 'backcoach.db'}") as store:
        write_months(store, sessions, date.today())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sessions", type=int, default=200)
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as full:
        print(f"writing {args.sessions} sessions through the store...", file=sys.stderr)
        took = write_history(Path(full), args.sessions)
        print(f"written in {took:.1f} s", file=sys.stderr)
        for name, argv, with_db in COMMANDS:
            env = {**os.environ, "BACKCOACH_HOME": full if with_db else empty, "COLUMNS": "100"}
            env.pop("BACKCOACH_DATABASE_URL", None)
            label = name.format(n=args.sessions)
            results[label] = [run_once(argv, env) for _ in range(args.runs)]

    base_wall = statistics.median(w for w, _ in results[BASELINE])
    base_cpu = statistics.median(c for _, c in results[BASELINE])
    print(
        f"{'command':38} {'wall med':>8} {'best':>6} {'x base':>6}"
        f" {'cpu med':>8} {'best':>6} {'x base':>6}  target (wall/cpu)"
    )
    for label, runs in results.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        verdict = "" if label == BASELINE else f"{_verdict(wall)}/{_verdict(cpu)}"
        print(
            f"{label:38} {wall:8.3f} {min(walls):6.3f} {wall / base_wall:6.1f}"
            f" {cpu:8.3f} {min(cpus):6.3f} {cpu / base_cpu:6.1f}  {verdict}"
        )


def _verdict(seconds: float) -> str:
    return "ok" if seconds < TARGET_S else "SLOW"


if __name__ == "__main__":
    main()
