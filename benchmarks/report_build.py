"""How long a physiotherapist's report takes over about 100 sessions, and what it comes to.

Run: python benchmarks/report_build.py [--sessions 100] [--weeks 16] [--repeat 3] [--keep DIR]

Writes a synthetic history into a fresh SQLite file (about `--sessions` sessions, the program
deciding each dosage, check-ins, questionnaires every two weeks, three runs a week: see
`tests/report/_history.py`), then times, over `--repeat` runs after a first cold one:
`build_report` (reading the store and assembling the data), `render_html` and `render_pdf`
(both draw their charts with matplotlib), and a fresh `python -m backcoach report` process
writing both files. Prints the pages and sizes too. `--keep DIR` keeps the files to look at.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.report._history
try:
    import backcoach  # noqa: F401
except ImportError:  # running from a checkout without an install
    sys.path.insert(0, str(ROOT / "src"))

from tests.report._history import write_months  # noqa: E402

from backcoach.report import build_report, render_html, render_pdf  # noqa: E402
from backcoach.storage import open_store  # noqa: E402

T = TypeVar("T")


def timed(fn: Callable[[], T], repeat: int) -> tuple[T, float, list[float]]:
    """The result, the first (cold) time and the following (warm) times."""
    start = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - start
    warm = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        warm.append(time.perf_counter() - start)
    return result, cold, warm


def line(name: str, cold: float, warm: list[float]) -> str:
    med = statistics.median(warm) if warm else float("nan")
    return f"  {name:<34} first {cold:6.2f} s   then median {med:6.2f} s (best {min(warm):.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="backcoach-report-"))
    folder.mkdir(parents=True, exist_ok=True)
    home = folder / "home"
    home.mkdir(exist_ok=True)
    db = home / "backcoach.db"
    db.unlink(missing_ok=True)
    today = date.today()

    start = time.perf_counter()
    with open_store(f"sqlite:///{db}") as store:
        write_months(store, args.sessions, today)
        sessions = len(store.sessions())
        counts = (len(store.checkins()), len(store.questionnaires()), len(store.runs()))
        changes = len(store.dosage_changes())
    took = time.perf_counter() - start
    print(
        f"History: {sessions} sessions, {counts[0]} check-ins, {counts[1]} questionnaires, "
        f"{counts[2]} runs, {changes} dosage changes (written in {took:.1f} s)"
    )
    print(f"Report over {args.weeks} weeks up to {today}:")

    with open_store(f"sqlite:///{db}") as store:
        data, cold, warm = timed(lambda: build_report(store, today, weeks=args.weeks), args.repeat)
    print(line("build_report (store -> data)", cold, warm))
    print(
        f"    {data.adherence.sessions} sessions in the period, {len(data.progression.steps)} "
        f"progression steps, {len(data.pain.checkins)} check-ins"
    )
    html, cold, warm = timed(lambda: render_html(data), args.repeat)
    print(line("render_html (4 SVG charts)", cold, warm))
    pdf = folder / "report.pdf"
    pages, cold, warm = timed(lambda: render_pdf(data, pdf), args.repeat)
    print(line("render_pdf (4 PNG charts)", cold, warm))
    (folder / "report.html").write_text(html, "utf-8")

    env = {**os.environ, "BACKCOACH_HOME": str(home)}
    env.pop("BACKCOACH_DATABASE_URL", None)
    argv = [sys.executable, "-m", "backcoach", "report", "--weeks", str(args.weeks)]
    argv += ["--pdf", str(folder / "cli.pdf"), "--html", str(folder / "cli.html")]
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if proc.returncode == 0:
        print(f"  {'backcoach report --pdf --html':<34} {took:6.2f} s (a fresh process)")
    else:
        print(f"  backcoach report: not run ({proc.stderr.strip().splitlines()[-1]})")

    print(f"PDF: {pages} pages, {pdf.stat().st_size / 1024:.0f} KB")
    print(f"HTML: {len(html.encode()) / 1024:.0f} KB")
    if args.keep is None:
        for path in sorted(folder.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        folder.rmdir()
    else:
        print(f"Files kept in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
