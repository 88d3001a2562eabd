"""The rep state machine, frame sequence in -> events out (no landmarks involved)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import pytest

from backcoach.catalog import ExerciseId
from backcoach.motion import (
    Cue,
    HoldCountdown,
    Prescription,
    RepDone,
    RepStarted,
    TargetReached,
    spec_for,
)
from backcoach.motion._analyzer import _layout
from backcoach.motion._events import Event
from backcoach.motion._machine import RepMachine
from tests.motion._figures import profile

FPS = 30.0


def run(
    exercise: str,
    values: Sequence[float],
    *,
    hold: float | None = None,
    rest: float | None = None,
    noise: float = 0.0,
    seed: int = 0,
) -> tuple[RepMachine, list[Event]]:
    spec = spec_for(exercise)
    prescribed = Prescription.default(exercise, hold_s=hold, rest_s=rest)
    layout = _layout(spec)
    machine = RepMachine(spec, prescribed, layout.rules, FPS, posture=layout.posture)
    rng = np.random.default_rng(seed)
    cols = tuple(math.nan for _ in _layout(spec).columns)
    events: list[Event] = []
    for i, v in enumerate(values):
        value = v + (rng.normal(0.0, noise) if noise and math.isfinite(v) else 0.0)
        events += machine.step(i / FPS, float(value), math.nan, cols)
    events += machine.finish()
    return machine, events


def bridge_reps(peaks: Sequence[float], hold: float = 6.0, rest: float = 10.0) -> list[float]:
    segs: list[tuple[float, float]] = [(130.0, 3.0)]
    for peak in peaks:
        segs += [(peak, 1.5), (peak, hold), (130.0, 1.5), (130.0, rest)]
    return list(profile(segs))


@pytest.mark.parametrize(
    ("name", "exercise", "values", "reps", "faults"),
    [
        ("three clean bridges", "glute_bridge", bridge_reps([172, 170, 175]), 3, [(), (), ()]),
        ("a fidget is not a rep", "glute_bridge", bridge_reps([138]), 0, []),
        ("a third of the way counts", "glute_bridge", bridge_reps([145]), 1, [("hips_too_low",)]),
        ("less than a third does not", "glute_bridge", bridge_reps([141]), 0, []),
        (
            "short rest is carried by the next rep",
            "glute_bridge",
            bridge_reps([172, 172], rest=4.0),
            2,
            [(), ("rest_too_short",)],
        ),
        (
            "a shrinking signal (wall sit) counts too",
            "wall_sit",
            profile(
                [
                    (175, 2),
                    (120, 2),
                    (120, 10),
                    (175, 2),
                    (175, 6),
                    (70, 2),
                    (70, 10),
                    (175, 2),
                    (175, 3),
                ]
            ),
            2,
            [(), ("too_deep",)],
        ),
        (
            "a crunch held for a second",
            "partial_crunch",
            profile([(0, 2), (25, 1), (25, 1), (0, 1), (0, 2), (27, 1), (0, 1), (0, 2)]),
            2,
            [(), ("hold_too_short",)],
        ),
        ("nothing but stillness", "glute_bridge", [130.0] * 600, 0, []),
    ],
)
def test_reps_and_faults(
    name: str, exercise: str, values: list[float], reps: int, faults: list[tuple[str, ...]]
) -> None:
    machine, _ = run(exercise, values)
    assert len(machine.reps) == reps, name
    assert [r.faults for r in machine.reps] == faults, name


def test_hold_is_the_time_within_three_degrees_of_the_plateau() -> None:
    # Linear ramps of 40 deg over 1.5 s: the band adds 3/40 * 1.5 s on each side of the 6 s.
    machine, _ = run("glute_bridge", bridge_reps([170.0]))
    (rep,) = machine.reps
    assert rep.hold_s == pytest.approx(6.0 + 2 * 1.5 * 3 / 40, abs=0.1)
    assert rep.peak.value == pytest.approx(170.0, abs=0.5)
    assert rep.peak.signal == "hip_angle"
    assert rep.start_s == pytest.approx(3.0, abs=0.15)
    assert rep.end_s == pytest.approx(12.0, abs=0.15)


@pytest.mark.parametrize(
    ("prescribed", "held", "short"),
    [(6.0, 5.5, False), (6.0, 4.5, True), (1.0, 0.7, False), (1.0, 0.3, True)],
)
def test_hold_too_short_rule(prescribed: float, held: float, short: bool) -> None:
    values = profile([(130, 3), (170, 0.3), (170, held - 0.04), (130, 0.3), (130, 4)])
    machine, _ = run("glute_bridge", values, hold=prescribed)
    (rep,) = machine.reps
    assert ("hold_too_short" in rep.faults) is short, rep.hold_s


def test_rest_override_changes_the_rest_fault() -> None:
    values = bridge_reps([172, 172], rest=4.0)
    machine, _ = run("glute_bridge", values, rest=4.0)
    assert all("rest_too_short" not in r.faults for r in machine.reps)


def test_noise_alone_makes_no_reps_but_real_reps_survive_it() -> None:
    machine, _ = run("glute_bridge", [130.0] * 1800, noise=2.0)
    assert machine.reps == []
    machine, _ = run("glute_bridge", bridge_reps([172, 171, 173]), noise=2.0)
    assert len(machine.reps) == 3
    assert all(abs(r.hold_s - 6.3) < 0.5 for r in machine.reps)


def test_a_gap_inside_the_hold_does_not_split_the_rep() -> None:
    values = bridge_reps([172.0])
    gap = int(6 * FPS)  # inside the hold
    values[gap : gap + 45] = [math.nan] * 45
    machine, _ = run("glute_bridge", values)
    assert len(machine.reps) == 1


def test_a_track_ending_mid_hold_still_counts_the_rep() -> None:
    values = profile([(130, 3), (172, 1.5), (172, 4)])
    machine, _ = run("glute_bridge", values)
    assert len(machine.reps) == 1


def test_getting_into_position_is_not_a_rep() -> None:
    # Sitting up (hip angle 90) then lying down to 130 before the first bridge.
    values = profile(
        [(90, 1), (90, 1), (130, 2), (130, 3), (172, 1.5), (172, 6), (130, 1.5), (130, 3)]
    )
    machine, _ = run("glute_bridge", values)
    assert len(machine.reps) == 1


def test_live_events_come_in_order() -> None:
    _, events = run("glute_bridge", bridge_reps([172.0, 150.0]))
    kinds = [type(e).__name__ for e in events if not isinstance(e, Cue)]
    first = kinds[: kinds.index("RepDone") + 1]
    assert first[:2] == ["RepStarted", "TargetReached"]
    countdown = [e.seconds_left for e in events if isinstance(e, HoldCountdown)][:6]
    assert countdown == [5, 4, 3, 2, 1, 0]
    cues = [e.text for e in events if isinstance(e, Cue)]
    assert cues[:5] == ["Hold", "3", "2", "1", "And release"]
    assert "Lift your hips higher" in cues  # the second rep stays low
    started = [e for e in events if isinstance(e, RepStarted)]
    done = [e for e in events if isinstance(e, RepDone)]
    assert [e.index for e in started] == [1, 2]
    assert [e.rep.index for e in done] == [1, 2]
    reached = [e for e in events if isinstance(e, TargetReached)]
    assert [e.in_zone for e in reached] == [True, False]
    assert all(a.t <= b.t for a, b in itertools.pairwise(events))


def test_every_exercise_has_a_spec_with_sane_levels() -> None:
    for exercise in ExerciseId:
        spec = spec_for(exercise)
        assert 0 < spec.exit_level < spec.enter_level <= spec.min_excursion
        assert spec.min_excursion == pytest.approx(spec.excursion / 3)
