"""Latency of the camera coach's WebSocket under concurrent clients: `backcoach serve` as a real
process on this machine's loopback, N clients each streaming a synthetic track's landmarks at the
track's frame rate in real time.

    python benchmarks/coach_ws.py [--clients 20] [--seconds 20]

Prints, per events message, the time from sending a frame's landmarks to receiving the events it
produced (p50/p95/max), the finish->analysis time, and the server's CPU use. Connects to
127.0.0.1 only; bounded by --seconds (at most 120) and --clients (at most 200).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from backcoach.synth import TrackSpec, generate
from web_api import SRC, free_port, start_server

MAX_SECONDS = 120.0
MAX_CLIENTS = 200


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(ms: list[float], q: float) -> float:
    return ms[min(len(ms) - 1, round(q * (len(ms) - 1)))]


async def client(
    url: str, doc: dict[str, Any], seconds: float, offset: int
) -> tuple[list[float], float, int]:
    """Stream frames in real time; returns event latencies (ms), finish latency (ms), reps."""
    fps = float(doc["fps"])
    frames = doc["frames"]
    sent: dict[float, float] = {}
    latencies: list[float] = []
    async with connect(url, max_size=None) as ws:
        await ws.send(
            json.dumps(
                {"type": "start", "width": doc["width"], "height": doc["height"], "fps": fps}
            )
        )

        async def reader() -> dict[str, Any]:
            async for raw in ws:
                message = json.loads(raw)
                if message["type"] == "events":
                    latencies.append((time.perf_counter() - sent[message["t"]]) * 1000)
                elif message["type"] == "analysis":
                    analysis: dict[str, Any] = message["analysis"]
                    return analysis
                else:
                    raise RuntimeError(message)
            raise RuntimeError("closed before the analysis")

        reading = asyncio.create_task(reader())
        began = time.perf_counter()
        count = min(len(frames), int(seconds * fps))
        # Each client starts at its own place in the track, so events do not all come at once.
        for n in range(count):
            frame = frames[(offset + n) % len(frames)]
            due = began + n / fps
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            t = round(n / fps, 6)
            sent[t] = time.perf_counter()
            await ws.send(json.dumps({"type": "frame", "t": t, "points": frame["points"]}))
        finish_sent = time.perf_counter()
        await ws.send(json.dumps({"type": "finish"}))
        analysis = await reading
        finish_ms = (time.perf_counter() - finish_sent) * 1000
    return latencies, finish_ms, int(analysis["reps"])


async def run(url: str, doc: dict[str, Any], clients: int, seconds: float) -> list[Any]:
    spread = len(doc["frames"]) // max(1, clients)
    return await asyncio.gather(*(client(url, doc, seconds, i * spread) for i in range(clients)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--exercise", default="glute_bridge")
    args = parser.parse_args()
    clients = max(1, min(args.clients, MAX_CLIENTS))
    seconds = max(1.0, min(args.seconds, MAX_SECONDS))
    doc = generate(TrackSpec(exercise=args.exercise, reps=4), 3).document
    port = free_port()
    url = f"ws://127.0.0.1:{port}/api/coach/ws?exercise={args.exercise}"
    with tempfile.TemporaryDirectory() as folder:
        process = start_server(Path(folder) / "home", port, SRC)
        try:
            cpu_before, wall_before = cpu_seconds(process.pid), time.perf_counter()
            results = asyncio.run(run(url, doc, clients, seconds))
            cpu = cpu_seconds(process.pid) - cpu_before
            wall = time.perf_counter() - wall_before
        finally:
            process.terminate()
            process.wait(timeout=30)
    ms = sorted(x for latencies, _, _ in results for x in latencies)
    finish = sorted(f for _, f, _ in results)
    frames = clients * min(len(doc["frames"]), int(seconds * float(doc["fps"])))
    print(
        f"backcoach serve on 127.0.0.1:{port}, {clients} clients x {seconds:g} s of "
        f"{args.exercise} at {doc['fps']:g} fps, {os.cpu_count()} cores"
    )
    print(
        f"landmarks->events  n={len(ms):<5} p50={statistics.median(ms):6.2f} ms  "
        f"p95={percentile(ms, 0.95):6.2f} ms  max={ms[-1]:6.2f} ms"
    )
    print(
        f"finish->analysis   n={len(finish):<5} p50={statistics.median(finish):6.2f} ms  "
        f"max={finish[-1]:6.2f} ms"
    )
    print(
        f"server CPU {cpu:.2f} s over {wall:.1f} s wall = {100 * cpu / wall:.0f}% of one core; "
        f"{frames} frames = {1e6 * cpu / frames:.0f} us CPU per frame; "
        f"reps counted per client: {sorted(r for _, _, r in results)}"
    )


if __name__ == "__main__":
    main()
