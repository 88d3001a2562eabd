"""A minimal FIT encoder, so that the tests can write real FIT activity files for the decoder.

It writes what a watch writes for a run, in the binary layout of the FIT protocol: a 14-byte file
header (with its CRC), a definition message before the first data message of each kind, data
messages for `file_id`, `record` (timestamp, distance) and `session` (start, elapsed and timer
time, distance, sport), and the CRC of the whole file at the end. Little-endian throughout.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)

# Base types: (type byte, struct format).
ENUM = (0x00, "B")
UINT8 = (0x02, "B")
UINT16 = (0x84, "H")
UINT32 = (0x86, "I")
UINT32Z = (0x8C, "I")

# Global message numbers and the fields used, as (field number, base type).
FILE_ID = 0
FILE_ID_FIELDS = {
    "type": (0, ENUM),
    "manufacturer": (1, UINT16),
    "product": (2, UINT16),
    "serial_number": (3, UINT32Z),
    "time_created": (4, UINT32),
}
SESSION = 18
SESSION_FIELDS = {
    "timestamp": (253, UINT32),
    "start_time": (2, UINT32),
    "sport": (5, ENUM),
    "sub_sport": (6, ENUM),
    "total_elapsed_time": (7, UINT32),
    "total_timer_time": (8, UINT32),
    "total_distance": (9, UINT32),
}
RECORD = 20
RECORD_FIELDS = {"timestamp": (253, UINT32), "heart_rate": (3, UINT8), "distance": (5, UINT32)}

SPORT = {"generic": 0, "running": 1, "cycling": 2, "walking": 11}
FILE_TYPE = {"activity": 4, "course": 6}


def crc16(data: bytes, crc: int = 0) -> int:
    """The FIT checksum (CRC-16 with the reflected polynomial 0xA001, starting at 0)."""
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def fit_time(at: datetime) -> int:
    """Seconds since the FIT epoch (1989-12-31 00:00 UTC)."""
    return int((at - FIT_EPOCH).total_seconds())


@dataclass
class FitWriter:
    """Collects messages; `bytes()` gives the file."""

    body: bytearray = field(default_factory=bytearray)
    _defined: dict[int, tuple[int, tuple[str, ...]]] = field(default_factory=dict)

    def message(
        self, local: int, number: int, layout: dict[str, tuple[int, tuple[int, str]]], **values: int
    ) -> None:
        names = tuple(values)
        if self._defined.get(local) != (number, names):
            self.body += struct.pack("<BBBHB", 0x40 | local, 0, 0, number, len(names))
            for name in names:
                field_number, (base_type, fmt) = layout[name]
                self.body += struct.pack("<BBB", field_number, struct.calcsize(fmt), base_type)
            self._defined[local] = (number, names)
        self.body.append(local)
        for name in names:
            self.body += struct.pack("<" + layout[name][1][1], values[name])

    def __bytes__(self) -> bytes:
        header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(self.body), b".FIT")
        header += struct.pack("<H", crc16(header))
        data = header + bytes(self.body)
        return data + struct.pack("<H", crc16(data))


def fit_activity(
    start: datetime,
    elapsed_s: float,
    distance_m: float,
    *,
    sport: str = "running",
    points: int = 5,
    session: bool = True,
    file_type: str = "activity",
) -> bytes:
    """A FIT activity: `points` records evenly over the run, then its session summary."""
    w = FitWriter()
    w.message(
        0,
        FILE_ID,
        FILE_ID_FIELDS,
        type=FILE_TYPE[file_type],
        manufacturer=255,
        product=1,
        serial_number=12345,
        time_created=fit_time(start),
    )
    for i in range(points):
        fraction = i / (points - 1) if points > 1 else 0.0
        w.message(
            1,
            RECORD,
            RECORD_FIELDS,
            timestamp=fit_time(start) + round(elapsed_s * fraction),
            heart_rate=140,
            distance=round(distance_m * fraction * 100),
        )
    if session:
        end = fit_time(start) + round(elapsed_s)
        w.message(
            2,
            SESSION,
            SESSION_FIELDS,
            timestamp=end,
            start_time=fit_time(start),
            sport=SPORT[sport],
            sub_sport=0,
            total_elapsed_time=round(elapsed_s * 1000),
            total_timer_time=round(elapsed_s * 1000),
            total_distance=round(distance_m * 100),
        )
    return bytes(w)


def records_only(start: datetime, seconds: Sequence[int], metres: Sequence[float]) -> bytes:
    """A FIT activity with records but no session message (some devices and apps)."""
    w = FitWriter()
    w.message(
        0,
        FILE_ID,
        FILE_ID_FIELDS,
        type=4,
        manufacturer=255,
        product=1,
        serial_number=1,
        time_created=fit_time(start),
    )
    for s, m in zip(seconds, metres, strict=True):
        w.message(
            1,
            RECORD,
            RECORD_FIELDS,
            timestamp=fit_time(start) + s,
            heart_rate=150,
            distance=round(m * 100),
        )
    return bytes(w)
