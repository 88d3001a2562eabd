"""Latency of the web API under concurrent clients: `backcoach serve` as a real process on this
machine's loopback, a temporary data folder, N clients at once.

    python benchmarks/web_api.py [--clients 8] [--requests 400]

Prints p50/p95/max latency and throughput per endpoint. Every request goes to 127.0.0.1 only;
the run is bounded by the request count and stops by itself.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

SRC = Path(__file__).resolve().parents[1] / "src"
NONE_APPLY = dict.fromkeys(
    (
        "bladder_bowel",
        "saddle_numbness",
        "both_legs",
        "fever_unwell",
        "recent_trauma",
        "cancer_history",
        "weight_loss",
        "night_pain",
    ),
    False,
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(home: Path, port: int) -> subprocess.Popen[str]:
    env = {**os.environ, "BACKCOACH_HOME": str(home), "PYTHONPATH": str(SRC)}
    env.pop("BACKCOACH_DATAbase_URL", None)
    code = "import backcoach.cli._serve; from backcoach.cli import main; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health").status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"the server did not start: {process.communicate()[1]}")


def measure(
    base: str,
    name: str,
    clients: int,
    requests: int,
    call: Callable[[httpx.Client, int], httpx.Response],
) -> None:
    latencies: list[float] = []
    failures = 0

    def worker(index: int) -> None:
        nonlocal failures
        with httpx.Client(base_url=base, timeout=30) as client:
            for n in range(index, requests, clients):
                started = time.perf_counter()
                response = call(client, n)
                latencies.append(time.perf_counter() - started)
                if response.status_code >= 400:
                    failures += 1

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    wall = time.perf_counter() - began
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(
        f"{name:<34} n={len(ms):<5} p50={statistics.median(ms):7.1f} ms  p95={p95:7.1f} ms  "
        f"max={ms[-1]:7.1f} ms  {len(ms) / wall:7.0f} req/s  errors={failures}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        process = start_server(Path(folder) / "home", port)
        try:
            with httpx.Client(base_url=base) as api:
                api.post("/api/screening", json={"answers": NONE_APPLY}).raise_for_status()
                session = api.post("/api/sessions", json={"pain_before": 2}).json()
                timeline = api.get(f"/api/sessions/{session['id']}/timeline").json()
            holds = [s for s in timeline["steps"] if s["kind"] == "hold"]
            sid = session["id"]
            print(
                f"backcoach serve on {base}, {args.clients} concurrent clients, "
                f"{os.cpu_count()} cores, SQLite on {folder}"
            )
            measure(
                base,
                "GET /api/health",
                args.clients,
                args.requests,
                lambda c, n: c.get("/api/health"),
            )
            measure(
                base, "GET /api/plan", args.clients, args.requests, lambda c, n: c.get("/api/plan")
            )
            measure(
                base,
                "GET /api/sessions/{id}",
                args.clients,
                args.requests,
                lambda c, n: c.get(f"/api/sessions/{sid}"),
            )
            measure(
                base,
                "GET /api/sessions",
                args.clients,
                args.requests,
                lambda c, n: c.get("/api/sessions"),
            )
            measure(
                base,
                "POST events (heartbeat)",
                args.clients,
                args.requests,
                lambda c, n: c.post(f"/api/sessions/{sid}/events", json={"type": "heartbeat"}),
            )
            # Every rep of the session, sent again and again: each write re-stores the rep.
            measure(
                base,
                "POST events (rep_done, a write)",
                args.clients,
                min(args.requests, 4 * len(holds)),
                lambda c, n: c.post(
                    f"/api/sessions/{sid}/events",
                    json={
                        "type": "rep_done",
                        "position": holds[0]["position"],
                        "rep": 1,
                        "hold_s": holds[0]["duration_s"],
                    },
                ),
            )
            measure(
                base,
                "GET / (Today page)",
                args.clients,
                args.requests // 2,
                lambda c, n: c.get("/"),
            )
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
