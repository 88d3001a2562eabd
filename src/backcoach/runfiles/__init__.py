"""Reading runs from files (an adapter): GPX, TCX, FIT, gzip'd or not, and Strava bulk exports.

Every file is read and checked before anything is returned, so a command that stores what
`read_runs` gives stores all of it or nothing. A file that cannot be read raises `RunFileError`,
one line naming the file. The parsers (gpxpy, tcxreader, fitdecode) load on first use.
"""

from backcoach.runfiles._common import RunFileError
from backcoach.runfiles._read import (
    MAX_FILE_BYTES,
    Progress,
    RunImport,
    parse_activity,
    read_run_file,
    read_runs,
)

__all__ = [
    "MAX_FILE_BYTES",
    "Progress",
    "RunFileError",
    "RunImport",
    "parse_activity",
    "read_run_file",
    "read_runs",
]
