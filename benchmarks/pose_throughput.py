"""How fast and how lean the camera pipeline is, and how accurate from video to analysis.

Run: MUJOCO_GL=egl python benchmarks/pose_throughput.py [--seconds 60] [--repeat 1]
     [--accuracy N] [--json]

1. Renders (once, cached under .cache/camera-videos/) a 720p 30 fps video of the capsule
   humanoid doing glute bridges, `--seconds` long, and a third-length prefix of it.
2. Times, side by side, each in a fresh process: the plain single-threaded loop (OpenCV decode,
   then MediaPipe Pose in video mode on every full frame) and backcoach's pipeline
   (`track_from_video` and `analyze_video`: decoding on its own thread, frames shrunk before
   the model, two trackers in parallel). Prints frames per second, times real time, the ratio
   to the plain loop and each process's peak memory (also on the short prefix: memory must
   not grow with the video).
3. Replays the video as a live camera (`coach`'s path: real-time pace, newest frame only) and
   prints the delay from a frame's capture to the analyzer's answer.
4. With `--accuracy N`: renders N varied recordings per exercise (`random_spec`, no pose
   noise: the pose model brings its own) at 640 px, runs `analyze_video` on each and prints the
   motion benchmark's figures (benchmarks/motion_accuracy.py) for video input.

Figures are ratios from one run on this machine; other processes on it move the absolute ones.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
try:
    import backcoach  # noqa: F401
except ImportError:  # running from a checkout without an install
    sys.path.insert(0, str(ROOT / "src"))

os.environ.setdefault("MUJOCO_GL", "egl")
CACHE = Path(os.environ.get("BACKCOACH_VIDEO_CACHE", ROOT / ".cache" / "camera-videos"))
TARGETS = {"realtime_x": 2.0, "vs_plain_loop_x": 1.5, "peak_rss_mb": 600.0, "live_delay_ms": 100.0}


# -- test videos ------------------------------------------------------------------------------


def _bench_spec(seconds: float) -> Any:
    from backcoach.synth import TrackSpec

    return TrackSpec(
        "glute_bridge",
        reps=3,
        hold_s=6.0,
        rest_s=10.0,
        width=1280,
        height=720,
        fps=30.0,
        yaw_deg=12.0,
        lead_in_s=2.0,
        lead_out_s=max(2.0, seconds - 52.0),
    )


def bench_videos(seconds: float) -> tuple[Path, Path, Any]:
    """The long 720p video, its prefix a third as long, and the synthetic track behind them."""
    from backcoach.camera._render_humanoid import RENDERER_VERSION, render_frames, write_frames
    from backcoach.synth import generate

    track = generate(_bench_spec(seconds), seed=7)
    doc = dict(track.document)
    n = int(seconds * 30)
    doc["frames"] = doc["frames"][:n]
    long_path = CACHE / f"bench-720p-{int(seconds)}s-r{RENDERER_VERSION}.mp4"
    short_path = CACHE / f"bench-720p-{int(seconds / 3)}s-r{RENDERER_VERSION}.mp4"
    if not long_path.exists():
        print(f"rendering {long_path.name} ({n} frames, once)...", file=sys.stderr)
        write_frames(render_frames(doc), long_path, 30.0, (1280, 720))
    if not short_path.exists():
        import cv2

        cap = cv2.VideoCapture(str(long_path))
        frames = (cap.read()[1] for _ in range(n // 3))
        write_frames(frames, short_path, 30.0, (1280, 720))
        cap.release()
    return long_path, short_path, track


# -- the timed runs (each in its own process, so peak memory is its own) -----------------------


def run_plain(path: str) -> dict[str, Any]:
    """The plain loop: decode a frame, run MediaPipe Pose (video mode) on it, repeat."""
    import cv2
    from mediapipe.python.solutions import pose as mp_pose

    from backcoach.camera._quiet import native_logs_filtered

    with native_logs_filtered():
        model = mp_pose.Pose(static_image_mode=False, model_complexity=1)
        cap = cv2.VideoCapture(path)
        start = time.perf_counter()
        frames = found = 0
        while True:
            ok, bgr = cap.read()
            if not ok:
                break
            result = model.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
            frames += 1
            found += result.pose_landmarks is not None
        elapsed = time.perf_counter() - start
        model.close()
    return {"frames": frames, "with_pose": found, "seconds": elapsed}


def run_track(path: str) -> dict[str, Any]:
    """backcoach's pipeline to a whole pose track (what `backcoach track` runs)."""
    from backcoach.camera import track_from_video

    start = time.perf_counter()
    track = track_from_video(path)
    elapsed = time.perf_counter() - start
    return {"frames": track.n_frames, "with_pose": int(track.has_pose.sum()), "seconds": elapsed}


def run_analyze(path: str) -> dict[str, Any]:
    """Video -> analysis in one streaming pass (what `backcoach analyze VIDEO` should run)."""
    from backcoach.camera import analyze_video

    start = time.perf_counter()
    result = analyze_video(path, "glute_bridge", hold_s=6.0, rest_s=10.0)
    elapsed = time.perf_counter() - start
    return {
        "frames": result.quality.frames,
        "with_pose": result.quality.frames_with_pose,
        "seconds": elapsed,
        "reps": result.rep_count,
    }


def run_live(path: str) -> dict[str, Any]:
    """The live coach's path on a file replayed at camera pace: capture -> analyzer answer."""
    from backcoach.camera import LandmarkStream, open_video
    from backcoach.motion import StreamingAnalyzer

    source = open_video(path)
    delays: list[float] = []
    with LandmarkStream(
        source, workers=1, latest_only=True, pace=1.0, people_check_s=0.0
    ) as stream:
        analyzer = StreamingAnalyzer(
            "glute_bridge", width=stream.width, height=stream.height, fps=stream.fps
        )
        start = time.perf_counter()
        for frame in stream:
            analyzer.push(frame.t, frame.points)
            delays.append(time.monotonic() - frame.captured)
        elapsed = time.perf_counter() - start
    delays.sort()
    return {
        "frames": stream.frames_done,
        "video_frames": source.info.frames,
        "seconds": elapsed,
        "delay_p50_ms": 1000 * delays[len(delays) // 2],
        "delay_p95_ms": 1000 * delays[int(0.95 * len(delays))],
    }


RUNS = {"plain": run_plain, "track": run_track, "analyze": run_analyze, "live": run_live}


def _child(kind: str, path: str) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF)
    out = RUNS[kind](path)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (usage.ru_utime - before.ru_utime) + (usage.ru_stime - before.ru_stime)
    out["cpu_ms_per_frame"] = 1000.0 * cpu / max(1, out["frames"])
    out["peak_rss_mb"] = usage.ru_maxrss / 1024.0
    print(json.dumps(out))


def timed(kind: str, path: Path) -> dict[str, Any]:
    """Run one measurement in a fresh Python process."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    if proc.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["fps"] = result["frames"] / result["seconds"]
    return result


# -- accuracy on rendered videos --------------------------------------------------------------


def _motion_benchmark() -> Any:
    spec = importlib.util.spec_from_file_location(
        "motion_accuracy", ROOT / "benchmarks" / "motion_accuracy.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["motion_accuracy"] = module
    spec.loader.exec_module(module)
    return module


def _video_spec(exercise: str, rng: Any) -> Any:
    from backcoach.motion import spec_for
    from backcoach.synth import random_spec

    spec = random_spec(exercise, rng, noisy=False)
    scale = 640 / max(spec.width, spec.height)
    reps = min(spec.reps or 3, 3)
    total = reps * (2 if spec_for(exercise).unilateral else 1)
    faults = {k: v for k, v in spec.faults.items() if k <= total}
    return dataclasses.replace(
        spec,
        width=round(spec.width * scale / 2) * 2,
        height=round(spec.height * scale / 2) * 2,
        fps=min(spec.fps, 30.0),
        reps=reps,
        faults=faults,
        yaw_deg=float(rng.uniform(8.0, 20.0)) * (1 if rng.random() < 0.5 else -1),
    )


def accuracy(per_exercise: int, seed: int) -> dict[str, Any]:
    """The motion benchmark's figures with rendered video (through BlazePose) as input."""
    import numpy as np

    from backcoach.camera import analyze_video
    from backcoach.camera._render_humanoid import RENDERER_VERSION, write_video
    from backcoach.synth import EXERCISES, generate

    bench = _motion_benchmark()
    rng = np.random.default_rng(seed)
    total = bench.Tally()
    rows: dict[str, Any] = {}
    for exercise in EXERCISES:
        tally = bench.Tally()
        for k in range(per_exercise):
            spec = _video_spec(exercise, rng)
            track_seed = int(rng.integers(2**31))
            track = generate(spec, track_seed)
            digest = hashlib.sha256(json.dumps(track.document).encode()).hexdigest()[:12]
            path = CACHE / f"acc-{exercise}-{digest}-r{RENDERER_VERSION}.mp4"
            if not path.exists():
                write_video(track.document, path)
            tally.tracks += 1
            tally.track_min += track.duration_s / 60.0
            start = time.perf_counter()
            try:
                result = analyze_video(
                    path,
                    exercise,
                    hold_s=track.prescribed_hold_s,
                    rest_s=track.prescribed_rest_s,
                ).to_dict()
            except Exception as exc:  # counted, like the motion benchmark does
                tally.crashes += 1
                tally.crash_kinds[type(exc).__name__] += 1
                continue
            tally.analysis_s += time.perf_counter() - start
            bench.score(track, result, tally)
            print(
                f"  {exercise} #{k}: {result['reps']} reps (true {len(track.truth)}), "
                f"{spec.width}x{spec.height} {spec.fps:g} fps, yaw {spec.yaw_deg:+.0f}",
                file=sys.stderr,
            )
        rows[exercise] = tally.figures()
        if exercise != bench.TILT:
            total.add(tally)
    rows["all (without pelvic_tilt)"] = total.figures()
    return rows


# -- report -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each kind")
    parser.add_argument("--accuracy", type=int, default=0, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-speed", action="store_true", help="only the accuracy figures")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "VIDEO"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return

    if args.no_speed:
        rows = accuracy(max(1, args.accuracy), args.seed)
        print(json.dumps(rows, indent=2) if args.json else _accuracy_table(rows))
        return
    long_path, short_path, _ = bench_videos(args.seconds)
    video_s = args.seconds
    runs: dict[str, list[dict[str, Any]]] = {"plain": [], "track": [], "analyze": []}
    for _ in range(args.repeat):
        for kind, results in runs.items():  # side by side, alternating
            results.append(timed(kind, long_path))
    best = {kind: max(results, key=lambda r: r["fps"]) for kind, results in runs.items()}
    short = {kind: timed(kind, short_path) for kind in ("track", "analyze")}
    live = timed("live", long_path)
    plain_fps = best["plain"]["fps"]
    report: dict[str, Any] = {
        "video": {"name": long_path.name, "seconds": video_s, "size": "1280x720", "fps": 30},
        "cpu_count": os.cpu_count(),
        "load_average_1min": os.getloadavg()[0],
        "runs": {},
    }
    for kind, r in best.items():
        report["runs"][kind] = {
            "fps": round(r["fps"], 1),
            "realtime_x": round(r["fps"] / 30.0, 2),
            "vs_plain_loop_x": round(r["fps"] / plain_fps, 2),
            "peak_rss_mb": round(r["peak_rss_mb"]),
            "peak_rss_mb_third_length": round(short[kind]["peak_rss_mb"])
            if kind in short
            else None,
            "frames_with_pose": f"{r['with_pose']}/{r['frames']}",
            "cpu_ms_per_frame": round(r["cpu_ms_per_frame"], 1),
            # What the run's CPU cost allows on idle cores: the plain loop can use one core,
            # the pipeline all of them (other processes on a shared machine hide this).
            "idle_fps_bound": round(
                1000.0 / r["cpu_ms_per_frame"] * (1 if kind == "plain" else (os.cpu_count() or 1)),
                1,
            ),
            "all_fps": [round(x["fps"], 1) for x in runs[kind]],
        }
    report["live"] = {
        "frames_analysed": f"{live['frames']}/{live['video_frames']}",
        "delay_p50_ms": round(live["delay_p50_ms"], 1),
        "delay_p95_ms": round(live["delay_p95_ms"], 1),
    }
    if args.accuracy:
        report["accuracy"] = accuracy(args.accuracy, args.seed)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"{video_s:g} s of 1280x720 at 30 fps ({long_path.name}); {os.cpu_count()} cores, "
        f"load {report['load_average_1min']:.1f}"
    )
    print(
        f"{'run':<9}{'fps':>7}{'x real':>8}{'x plain':>9}{'peak MB':>9}{'(1/3 len)':>10}"
        f"{'CPU ms/f':>10}{'idle bound':>11}"
    )
    for kind, row in report["runs"].items():
        third = row["peak_rss_mb_third_length"]
        print(
            f"{kind:<9}{row['fps']:>7.1f}{row['realtime_x']:>8.2f}{row['vs_plain_loop_x']:>9.2f}"
            f"{row['peak_rss_mb']:>9}{'' if third is None else third:>10}"
            f"{row['cpu_ms_per_frame']:>10}{row['idle_fps_bound']:>11}"
        )
    print(
        f"targets: >= {TARGETS['realtime_x']}x real time, >= {TARGETS['vs_plain_loop_x']}x the "
        f"plain loop, peak < {TARGETS['peak_rss_mb']:g} MB and flat"
    )
    lv = report["live"]
    print(
        f"live (camera pace, newest frame only): {lv['frames_analysed']} frames analysed, "
        f"capture -> answer p50 {lv['delay_p50_ms']} ms, p95 {lv['delay_p95_ms']} ms "
        f"(target < {TARGETS['live_delay_ms']:g} ms)"
    )
    if args.accuracy:
        print(_accuracy_table(report["accuracy"]))


def _accuracy_table(rows: dict[str, Any]) -> str:
    keys = ["tracks", "crashes", "exact_count", "off_by_one", "hold_mae_s", "fault_f1"]
    keys.append("side_accuracy")
    lines = ["accuracy on rendered videos (the motion benchmark's figures):"]
    lines.append(f"{'exercise':<28}" + "".join(f"{k:>14}" for k in keys))
    for name, figures in rows.items():
        cells = []
        for k in keys:
            v = figures.get(k)
            text = "-" if v is None else (f"{v:.3g}" if isinstance(v, float) else str(v))
            cells.append(f"{text:>14}")
        lines.append(f"{name:<28}" + "".join(cells))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
