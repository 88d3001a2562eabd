"""Latency of the web API: `backcoach serve` as a real process on this machine's loopback, on a
temporary SQLite database, driven by a light asyncio client in this process.

    python benchmarks/web_api.py                      # both modes, under 2 minutes
    python benchmarks/web_api.py --mode users --users 50 --duration 60
    python benchmarks/web_api.py --mode saturation --clients 50 --requests 300
    python benchmarks/web_api.py --src /path/to/other/checkout/src   # the same on other code

Two modes:
- `users`: N people using the product at once, each as its browser does at speed 1. A user
  opens Today, the plan and the player page; the player loads the session's timeline, the session
  and the exercises at once (as player.js does), posts a rep every 5-10 s (busier than the real
  timeline, whose reps are 7-35 s apart at the starting dosage), a heartbeat every 30 s
  (`HEARTBEAT_EVERY_S`), and now and then (every 20-60 s) reads History, the session list or
  Today again. Static files are left out (the browser caches them). Each user has its own
  session in progress, so N sessions are written at once. Users arrive over the first `--ramp`
  seconds. This is the load to judge the target by (p95 < 50 ms).
- `saturation`: the throughput ceiling: C connections each send the next request as soon as the
  last is answered (no think time), endpoint by endpoint. Latency here is mostly queueing.

The database holds a realistic history first (`--history` finished sessions, one a day, with
check-ins), plus, in users mode, one session in progress per user. The app lets one person run
one session at a time, so those are written through the store beforehand, as `backcoach session`
would write them (owned by this process, so recovery leaves them alone). Before measuring, each
page and endpoint is asked once (a server's first request of a kind compiles its template).

The client speaks plain HTTP/1.1 over keep-alive connections with asyncio (no httpx per request),
so it takes little of the CPU the server needs; its CPU is printed beside the server's (read from
/proc of the server's process), with the machine's load average before the run and its CPU
pressure during it (the share of the time some task waited for a core: other work on the machine
makes the server wait too, and the figures show it; in saturation the server's own threads add
to it). Every request goes to 127.0.0.1 only;
each run is bounded by its duration or request count and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

SRC = Path(__file__).resolve().parents[1] / "src"
TARGET_P95_MS = 50.0
HEARTBEAT_S = 30.0
"""The player's heartbeat (`backcoach.web._state.HEARTBEAT_EVERY_S`)."""
REP_EVERY_S = (5.0, 10.0)
BROWSE_EVERY_S = (20.0, 60.0)
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


# -- the server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(home: Path, port: int, src: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "BACKCOACH_HOME": str(home), "PYTHONPATH": str(src)}
    env.pop("BACKCOACH_DATABASE_URL", None)
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


def cpu_waited_s() -> float:
    """Seconds so far in which some runnable task on this machine waited for a core (Linux PSI,
    /proc/pressure/cpu; 0 where there is none): other work competing with the server shows here."""
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return 0.0
    return int(some.rsplit("total=", 1)[1]) / 1e6


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc; 0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- the data -----------------------------------------------------------------------------------


def seed(home: Path, src: Path, history: int, in_progress: int) -> list[int]:
    """Fill the database the server will open: a passed screen, `history` finished sessions (one
    a day, ending yesterday, every other one with a check-in the next morning), and
    `in_progress` sessions started now by this process. Returns the ids of those."""
    sys.path.insert(0, str(src))
    from backcoach.catalog import load_catalog
    from backcoach.program import CheckIn
    from backcoach.routine import (
        EndReason,
        ExerciseResult,
        PainPhase,
        PainScore,
        SessionStatus,
        build_timeline,
    )
    from backcoach.services import open_store, routine
    from backcoach.settings import Preferences, Settings, sqlite_url

    settings = Settings(
        home=home, database_url=sqlite_url(home / "backcoach.db"), preferences=Preferences()
    )
    catalog = load_catalog()
    planned = routine(settings, catalog)
    timeline = build_timeline(planned, catalog, get_ready_s=settings.preferences.get_ready_s)
    now = datetime.now(UTC)
    pid, host = os.getpid(), socket.gethostname()
    with open_store(settings) as store:
        store.save_screening(now - timedelta(days=history + 1), NONE_APPLY, True)

        def start(at: datetime) -> int:
            session_id = store.start_session(planned, timeline.total_s, at, pid, host)
            store.add_pain(session_id, PainScore(PainPhase.BEFORE, 2, at))
            return session_id

        for day in range(history, 0, -1):
            at = now - timedelta(days=day)
            session_id = start(at)
            for span in timeline.exercises:
                store.save_result(
                    session_id,
                    ExerciseResult(
                        exercise_id=span.exercise_id,
                        position=span.position,
                        reps_planned=span.reps_total,
                        reps_done=span.reps_total,
                        hold_planned_s=span.item.hold_s,
                        holds_s=(span.item.hold_s,) * span.reps_total,
                    ),
                )
            ended = at + timedelta(seconds=timeline.total_s)
            store.add_pain(session_id, PainScore(PainPhase.AFTER, 1, ended))
            store.finish_session(session_id, SessionStatus.COMPLETED, EndReason.FINISHED, ended)
            if day % 2 == 0:
                store.add_checkin(CheckIn(at=at + timedelta(hours=20), pain=1))
        ids = []
        for _ in range(in_progress):
            session_id = start(now)
            for span in timeline.exercises:
                store.save_result(
                    session_id,
                    ExerciseResult(
                        exercise_id=span.exercise_id,
                        position=span.position,
                        reps_planned=span.reps_total,
                        reps_done=0,
                        hold_planned_s=span.item.hold_s,
                    ),
                )
            ids.append(session_id)
        return ids


# -- a small HTTP/1.1 client --------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection to the server (what a browser tab holds)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        data = b"" if body is None else json.dumps(body).encode()
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
        message = head.encode() + b"\r\n" + data
        reused = self.writer is not None
        try:
            status_line = await self._send(message)
        except (ConnectionError, RuntimeError):
            status_line = b""
        if not status_line and reused:
            # The server closed the idle connection (its keep-alive timeout) as this request
            # went: nothing was answered, so send it again on a new one, as browsers do.
            await self.close()
            status_line = await self._send(message)
        if not status_line:
            await self.close()
            raise ConnectionError("the server closed the connection")
        assert self.reader is not None
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        if chunked:
            parts = []
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            await self.reader.readline()
            content = b"".join(parts)
        else:
            content = await self.reader.readexactly(length)
        if close:
            await self.close()
        return status, content

    async def _send(self, message: bytes) -> bytes:
        """Send a request (on a new connection if there is none open) and read its status line."""
        if self.writer is not None and (self.writer.is_closing() or self.reader_at_eof()):
            await self.close()
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(message)
        return await self.reader.readline()

    def reader_at_eof(self) -> bool:
        return self.reader is not None and self.reader.at_eof()

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


@dataclass
class Recorder:
    """Latencies (ms) and errors per endpoint, with the wall time and CPU of the run."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_error: str = ""

    async def call(
        self, name: str, connection: Connection, method: str, path: str, body: Any = None
    ) -> bytes:
        started = time.perf_counter()
        try:
            status, content = await connection.request(method, path, body)
        except (OSError, ValueError, asyncio.IncompleteReadError) as exc:
            self.errors[name] += 1
            self.first_error = self.first_error or f"{name}: {exc!r}"
            return b""
        self.latencies[name].append((time.perf_counter() - started) * 1000)
        if status >= 400:
            self.errors[name] += 1
            self.first_error = self.first_error or f"{name}: {status} {content[:200]!r}"
        return content


def percentile(ms: list[float], q: float) -> float:
    ordered = sorted(ms)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(
    recorder: Recorder,
    wall: float,
    server_cpu: float,
    client_cpu: float,
    waited: float,
    *,
    total: bool,
) -> None:
    """One line per endpoint (and, with `total`, one for all of them and one for the CPU)."""

    def line(name: str, ms: list[float], errors: int, tail: str = "") -> None:
        p95 = percentile(ms, 0.95) if ms else float("nan")
        verdict = "ok" if p95 < TARGET_P95_MS else "OVER"
        print(
            f"  {name:<32} n={len(ms):<5} p50={statistics.median(ms) if ms else 0:6.1f} "
            f"p95={p95:6.1f} max={max(ms, default=0):6.1f} ms {len(ms) / wall:6.1f} req/s "
            f"err={errors} target p95<{TARGET_P95_MS:g}: {verdict}{tail}"
        )

    cores = os.cpu_count() or 1
    cpu = (
        f"server CPU {server_cpu / wall:.2f} cores of {cores}, client {client_cpu / wall:.2f}, "
        f"CPU pressure {100 * waited / wall:.0f}%"
    )
    every = [x for ms in recorder.latencies.values() for x in ms]
    for name, ms in recorder.latencies.items():
        line(name, ms, recorder.errors[name], "" if total else f"  ({cpu})")
    if total:
        line("ALL", every, sum(recorder.errors.values()))
        print(f"  {len(every) / wall:.1f} req/s over {wall:.1f} s; {cpu}")
    if recorder.first_error:
        print(f"  first error: {recorder.first_error}")


async def measured(
    pid: int, run: Callable[[Recorder], Awaitable[None]], *, total: bool = True
) -> None:
    recorder = Recorder()
    cpu_before, own_before, began = cpu_seconds(pid), time.process_time(), time.perf_counter()
    waited_before = cpu_waited_s()
    await run(recorder)
    wall = time.perf_counter() - began
    server_cpu = cpu_seconds(pid) - cpu_before
    own_cpu, waited = time.process_time() - own_before, cpu_waited_s() - waited_before
    report(recorder, wall, server_cpu, own_cpu, waited, total=total)


# -- users --------------------------------------------------------------------------------------


async def user(
    recorder: Recorder,
    port: int,
    session_id: int,
    arrive_s: float,
    until: float,
    rng: random.Random,
) -> None:
    """One person: Today, the plan, the player page and its three loads, then the session's
    reps, heartbeats and now and then another page, until the run ends."""
    await asyncio.sleep(arrive_s)
    tabs = [Connection(port) for _ in range(3)]
    main = tabs[0]
    try:
        await recorder.call("GET / (Today page)", main, "GET", "/")
        await recorder.call("GET /api/plan", main, "GET", "/api/plan")
        await recorder.call("GET /player/{id} (page)", main, "GET", f"/player/{session_id}")
        timeline, _, _ = await asyncio.gather(
            recorder.call(
                "GET /api/sessions/{id}/timeline",
                tabs[0],
                "GET",
                f"/api/sessions/{session_id}/timeline",
            ),
            recorder.call("GET /api/sessions/{id}", tabs[1], "GET", f"/api/sessions/{session_id}"),
            recorder.call("GET /api/exercises", tabs[2], "GET", "/api/exercises"),
        )
        holds = [
            s for s in json.loads(timeline or b'{"steps": []}')["steps"] if s["kind"] == "hold"
        ]
        clock = time.monotonic
        next_rep = clock() + rng.uniform(*REP_EVERY_S)
        next_beat = clock() + HEARTBEAT_S
        next_browse = clock() + rng.uniform(*BROWSE_EVERY_S)
        events = f"/api/sessions/{session_id}/events"
        while (now := clock()) < until:
            due = min(next_rep, next_beat, next_browse)
            if due > now:
                await asyncio.sleep(min(due, until) - now)
                continue
            if due == next_rep:
                next_rep += rng.uniform(*REP_EVERY_S)
                if holds:
                    hold = holds.pop(0)
                    body = {
                        "type": "rep_done",
                        "position": hold["position"],
                        "rep": hold["rep"],
                        "hold_s": hold["duration_s"],
                    }
                    await recorder.call("POST events (rep_done)", main, "POST", events, body)
            elif due == next_beat:
                next_beat += HEARTBEAT_S
                body = {"type": "heartbeat"}
                await recorder.call("POST events (heartbeat)", main, "POST", events, body)
            else:
                next_browse += rng.uniform(*BROWSE_EVERY_S)
                name, path = rng.choice(
                    [
                        ("GET /history (page)", "/history"),
                        ("GET /api/sessions", "/api/sessions"),
                        ("GET / (Today page)", "/"),
                    ]
                )
                await recorder.call(name, tabs[1], "GET", path)
    finally:
        for tab in tabs:
            await tab.close()


async def warm_up(port: int, session_id: int) -> None:
    """One request to each page and endpoint first, unmeasured: a server's very first request
    of each kind compiles its template and loads modules; that is not what users wait for."""
    connection = Connection(port)
    for path in (
        "/",
        "/api/plan",
        f"/player/{session_id}",
        f"/api/sessions/{session_id}/timeline",
        f"/api/sessions/{session_id}",
        "/api/exercises",
        "/history",
        "/api/sessions",
    ):
        await connection.request("GET", path)
    await connection.close()


async def users_mode(
    port: int, pid: int, sessions: list[int], duration: float, ramp: float, seed_: int
) -> None:
    rng = random.Random(seed_)
    await warm_up(port, sessions[0])

    async def run(recorder: Recorder) -> None:
        until = time.monotonic() + duration
        await asyncio.gather(
            *(
                user(recorder, port, sid, rng.uniform(0, ramp), until, random.Random(rng.random()))
                for sid in sessions
            )
        )

    await measured(pid, run)


# -- saturation ---------------------------------------------------------------------------------


async def hammer(
    connections: list[Connection],
    requests: int,
    name: str,
    method: str,
    path: str,
    body: Any,
    recorder: Recorder,
) -> None:
    """`requests` requests over the connections, each sent as soon as its last one is answered."""
    left = requests

    async def worker(connection: Connection) -> None:
        nonlocal left
        while left > 0:
            left -= 1
            await recorder.call(name, connection, method, path, body)

    await asyncio.gather(*(worker(c) for c in connections))


async def saturation_mode(
    port: int, pid: int, clients: int, requests: int, session_id: int, hold: dict[str, Any]
) -> None:
    rep = {
        "type": "rep_done",
        "position": hold["position"],
        "rep": hold["rep"],
        "hold_s": hold["duration_s"],
    }
    events = f"/api/sessions/{session_id}/events"
    endpoints: list[tuple[str, str, str, Any]] = [
        ("GET /api/health", "GET", "/api/health", None),
        ("GET /api/plan", "GET", "/api/plan", None),
        ("GET /api/sessions/{id}", "GET", f"/api/sessions/{session_id}", None),
        ("GET /api/sessions/{id}/timeline", "GET", f"/api/sessions/{session_id}/timeline", None),
        ("GET /api/sessions", "GET", "/api/sessions", None),
        ("POST events (heartbeat)", "POST", events, {"type": "heartbeat"}),
        ("POST events (rep_done, a write)", "POST", events, rep),  # the same rep: re-stored
        ("GET / (Today page)", "GET", "/", None),
    ]
    await warm_up(port, session_id)
    connections = [Connection(port) for _ in range(clients)]
    for name, method, path, body in endpoints:
        run = functools.partial(hammer, connections, requests, name, method, path, body)
        await measured(pid, run, total=False)
    for connection in connections:
        await connection.close()


# -- main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("users", "saturation", "both"), default="both")
    parser.add_argument("--users", type=int, default=50, help="users mode: people at once")
    parser.add_argument("--duration", type=float, default=60, help="users mode: seconds")
    parser.add_argument("--ramp", type=float, default=10, help="users arrive over N seconds")
    parser.add_argument("--clients", type=int, default=50, help="saturation: connections")
    parser.add_argument("--requests", type=int, default=300, help="saturation: per endpoint")
    parser.add_argument("--history", type=int, default=60, help="finished sessions stored first")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the users' timing")
    parser.add_argument(
        "--src", type=Path, default=SRC, help="run the server from this source tree (compare)"
    )
    args = parser.parse_args()
    try:
        import uvloop

        run: Callable[[Awaitable[None]], None] = uvloop.run
    except ImportError:
        run = asyncio.run
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        in_progress = args.users if args.mode != "saturation" else 0
        sessions = seed(home, args.src.resolve(), args.history, in_progress)
        process = start_server(home, port, args.src.resolve())
        try:
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(
                f"backcoach serve (pid {process.pid}) on 127.0.0.1:{port}, "
                f"{os.cpu_count()} cores (load average before: {load}), SQLite in {folder}, "
                f"{args.history} finished sessions stored; latency in ms, target p95 < "
                f"{TARGET_P95_MS:g} ms"
            )
            if args.mode in ("users", "both"):
                print(
                    f"users: {args.users} users, each with its own session in progress, "
                    f"arriving over {args.ramp:g} s, for {args.duration:g} s (a rep every "
                    f"{REP_EVERY_S[0]:g}-{REP_EVERY_S[1]:g} s, a heartbeat every {HEARTBEAT_S:g} s,"
                    f" a page every {BROWSE_EVERY_S[0]:g}-{BROWSE_EVERY_S[1]:g} s)"
                )
                run(users_mode(port, process.pid, sessions, args.duration, args.ramp, args.seed))
            if args.mode in ("saturation", "both"):
                with httpx.Client(base_url=f"http://127.0.0.1:{port}") as api:
                    started = api.post("/api/sessions", json={"pain_before": 2})
                    # After users mode, its sessions are still in progress: use the first.
                    ok = started.status_code == 201
                    session_id = started.json()["id"] if ok else sessions[0]
                    timeline = api.get(f"/api/sessions/{session_id}/timeline").json()
                hold = next(s for s in timeline["steps"] if s["kind"] == "hold")
                print(
                    f"saturation: {args.clients} connections, no think time, "
                    f"{args.requests} requests per endpoint"
                )
                run(
                    saturation_mode(
                        port, process.pid, args.clients, args.requests, session_id, hold
                    )
                )
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
