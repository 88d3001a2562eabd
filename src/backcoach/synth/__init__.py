"""Synthetic pose tracks with known truth: test data for the motion coach (pure, no I/O).

A kinematic stick body acts out one of the seven exercises (reps, holds, rests, faults),
seen by a pinhole camera and degraded like a real pose model's output (jitter, lost frames,
left/right swaps, fidgets). `generate` returns a pose-track v1 document and the truth.
"""

from backcoach.synth._dosage import EXERCISES, FAULTS
from backcoach.synth._generate import generate, measure_hold
from backcoach.synth._landmarks import LANDMARKS
from backcoach.synth._spec import SyntheticTrack, TrackSpec, TruthRep, random_spec

__all__ = [
    "EXERCISES",
    "FAULTS",
    "LANDMARKS",
    "SyntheticTrack",
    "TrackSpec",
    "TruthRep",
    "generate",
    "measure_hold",
    "random_spec",
]
