"""`/api/analyses`: motion analyses kept in the store, and recorded videos uploaded to be
analysed in the background.

A video upload answers 202 at once with a job; one video is analysed at a time (the others wait
their turn) on a worker thread that goes on if the page is closed. The annotated replay is
re-encoded for browsers and kept in `<home>/analyses/<id>.webm`, for as long as the analysis.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, File, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from backcoach.catalog import ExerciseId
from backcoach.motion import SPECS, fault_words
from backcoach.storage._store_analyses import StoredAnalysis
from backcoach.web import _jobs, _service
from backcoach.web._deps import StateDep
from backcoach.web._errors import ERROR_DESCRIPTIONS, InvalidError, NotFoundError, WebError
from backcoach.web._limits import BodyLimit, UploadLimit
from backcoach.web._schemas import MAX_ID, ErrorPublic
from backcoach.web._state import WebState

MAX_VIDEO_BYTES = 500 * 1024 * 1024
"""The largest video `POST /api/analyses/videos` takes (a few minutes of phone video)."""
MAX_DOCUMENT_BYTES = 1024 * 1024
"""The largest analysis document `POST /api/analyses` takes."""
VIDEOS_PATH = "/api/analyses/videos"
ANALYSES_PATH = "/api/analyses"
VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi", ".mpg", ".mpeg", ".3gp")
MAX_REPS = 1000
SIDES = Literal["left", "right"]

router = APIRouter(prefix="/api/analyses", tags=["analyses"])


class CameraMissingError(WebError):
    """The camera extra (OpenCV, MediaPipe) is not installed: videos cannot be read."""

    status_code = 503


class QueueFullError(WebError):
    status_code = 409


def _size(n: int) -> str:
    return f"{n >> 20} MB" if n >= 1 << 20 else f"{n >> 10} KB"


def too_big_message(path: str) -> str:
    if path == VIDEOS_PATH:
        return (
            f"the video is over {_size(MAX_VIDEO_BYTES)}: record a shorter set, or analyse it "
            "with the command line (backcoach analyze VIDEO --exercise ID)"
        )
    return f"the analysis document is over {_size(MAX_DOCUMENT_BYTES)}"


def _responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    described = {
        **ERROR_DESCRIPTIONS,
        404: "No such analysis, job or exercise",
        409: "Too many videos are waiting to be analysed",
        413: "The upload is over the size limit",
        503: "The camera extra is not installed, or the database cannot be used",
    }
    return {code: {"model": ErrorPublic, "description": described[code]} for code in codes}


# -- what clients send ----------------------------------------------------------------------------


class _Part(BaseModel):
    """A part of an analysis document: the format's fields checked, extra fields kept."""

    model_config = ConfigDict(extra="allow", allow_inf_nan=False)


class PrescribedIn(_Part):
    hold_s: float = Field(ge=0, le=3600)
    rest_s: float = Field(ge=0, le=3600)


class PeakIn(_Part):
    signal: str = Field(max_length=64)
    value: float


class RepIn(_Part):
    index: int = Field(ge=1, le=MAX_REPS, strict=True)
    side: SIDES | None
    start_s: float = Field(ge=0)
    end_s: float = Field(ge=0)
    hold_s: float = Field(ge=0)
    peak: PeakIn
    faults: list[Annotated[str, Field(max_length=64)]] = Field(max_length=32)


class SidesIn(_Part):
    left: int = Field(ge=0, le=MAX_REPS, strict=True)
    right: int = Field(ge=0, le=MAX_REPS, strict=True)


class QualityIn(_Part):
    frames: int = Field(ge=0, strict=True)
    frames_with_pose: int = Field(ge=0, strict=True)
    side_used: SIDES | None


class AnalysisDocumentIn(_Part):
    """An analysis document (the analysis format, version 1): what `backcoach analyze --json`
    prints and the live camera coach makes. Extra fields are kept."""

    version: Literal[1]
    exercise: ExerciseId
    prescribed: PrescribedIn
    reps: int = Field(ge=0, le=MAX_REPS, strict=True)
    sides: SidesIn | None
    rep_details: list[RepIn] = Field(max_length=MAX_REPS)
    faults: dict[Annotated[str, Field(max_length=64)], Annotated[int, Field(ge=0)]]
    warnings: list[Annotated[str, Field(max_length=1000)]] = Field(max_length=100)
    quality: QualityIn

    @model_validator(mode="after")
    def _consistent(self) -> AnalysisDocumentIn:
        spec = SPECS[self.exercise]
        if self.reps != len(self.rep_details):
            raise ValueError(
                f"reps is {self.reps} but rep_details lists {len(self.rep_details)} reps"
            )
        if spec.unilateral and self.sides is None:
            raise ValueError(f"sides is needed: {self.exercise.value} is done one side at a time")
        if not spec.unilateral and self.sides is not None:
            raise ValueError(f"sides must be null: {self.exercise.value} uses both sides at once")
        if self.sides is not None and self.sides.left + self.sides.right != self.reps:
            raise ValueError("sides must add up to reps")
        known = {"hold_too_short", *(f.code for f in spec.faults)}
        if spec.rest_fault:
            known.add("rest_too_short")
        counts: dict[str, int] = {}
        for rep in self.rep_details:
            if rep.end_s < rep.start_s:
                raise ValueError(f"rep {rep.index} ends before it starts")
            if len(set(rep.faults)) != len(rep.faults):
                raise ValueError(f"rep {rep.index} lists a fault twice")
            for code in rep.faults:
                if code not in known:
                    raise ValueError(f"{code!r} is not a fault of {self.exercise.value}")
                counts[code] = counts.get(code, 0) + 1
        given = {code: n for code, n in self.faults.items() if n}
        if given != counts:
            raise ValueError("faults must count the faults of rep_details")
        if self.quality.frames_with_pose > self.quality.frames:
            raise ValueError("quality: frames_with_pose cannot be more than frames")
        return self


class AnalysisCreate(BaseModel):
    """An analysis to keep: the document and where it came from."""

    model_config = ConfigDict(extra="forbid")

    source: Literal["live", "track"] = Field(
        description="'live': the camera coach; 'track': a pose-track file"
    )
    session_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, strict=True, description="the guided session it was part of"
    )
    analysis: AnalysisDocumentIn


# -- what the server returns ----------------------------------------------------------------------


class JobPublic(BaseModel):
    """A video being analysed: poll `GET /api/analyses/jobs/{id}` until it is done or failed."""

    id: str
    state: Literal["queued", "running", "done", "failed"]
    step: Literal["waiting", "analysing", "replay", "finished"] = Field(
        description="waiting its turn, analysing the frames, writing the replay, finished"
    )
    exercise: str
    video_name: str
    created_at: datetime
    frames_done: int
    frames_total: int | None = Field(description="None when the video does not say")
    percent: float | None = Field(description="the whole job, 0 to 100 (None: unknown yet)")
    ahead: int = Field(description="jobs before this one (while it waits)")
    error: str | None = Field(description="why it failed, in one sentence")
    analysis_id: int | None = Field(description="the stored analysis, once done")
    analysis_url: str | None


class AnalysisSummaryPublic(BaseModel):
    id: int
    created_at: datetime
    exercise: str
    exercise_name: str
    source: Literal["live", "video", "track"]
    session_id: int | None
    reps: int
    sides: dict[str, int] | None
    faults: dict[str, int] = Field(description="reps carrying each fault")
    warnings: int = Field(description="how many warnings the analysis gave")
    video_name: str | None
    video_url: str | None = Field(description="the annotated replay, where one was kept")


class AnalysesPublic(BaseModel):
    data: list[AnalysisSummaryPublic] = Field(description="newest first")
    count: int


class AnalysisPublic(AnalysisSummaryPublic):
    analysis: dict[str, Any] = Field(
        description="the analysis document exactly as stored (the analysis format, version 1)"
    )
    fault_words: dict[str, str] = Field(description="each fault code in the analysis, in words")


# -- helpers --------------------------------------------------------------------------------------


def analyses_folder(state: WebState) -> Path:
    """Where replays (and uploads waiting their turn) are kept."""
    return state.settings.home / "analyses"


def jobs_of(request: Request) -> _jobs.VideoJobs:
    jobs: _jobs.VideoJobs = request.app.state.analysis_jobs
    return jobs


def camera_ready() -> None:
    """`CameraMissingError` (503, with the install hint) unless OpenCV and MediaPipe load."""
    from backcoach.camera import CameraUnavailableError
    from backcoach.camera._deps import require_cv2, require_mediapipe

    try:
        require_cv2()
        require_mediapipe()
    except CameraUnavailableError as exc:
        raise CameraMissingError(str(exc)) from None


def video_url(state: WebState, stored: StoredAnalysis) -> str | None:
    if _jobs.replay_file(analyses_folder(state), stored.id) is None:
        return None
    return f"/api/analyses/{stored.id}/video"


def summary_fields(state: WebState, stored: StoredAnalysis) -> dict[str, Any]:
    document = stored.document
    try:
        name = state.catalog.get(stored.exercise_id.value).name
    except Exception:
        name = stored.exercise_id.value
    faults = document.get("faults")
    sides = document.get("sides")
    warnings = document.get("warnings")
    return {
        "id": stored.id,
        "created_at": stored.created_at,
        "exercise": stored.exercise_id.value,
        "exercise_name": name,
        "source": stored.source.value,
        "session_id": stored.session_id,
        "reps": stored.reps_counted,
        "sides": dict(sides) if isinstance(sides, Mapping) else None,
        "faults": dict(faults) if isinstance(faults, Mapping) else {},
        "warnings": len(warnings) if isinstance(warnings, list) else 0,
        "video_name": stored.video_name,
        "video_url": video_url(state, stored),
    }


def analysis_public(state: WebState, stored: StoredAnalysis) -> AnalysisPublic:
    codes = {c for rep in stored.document.get("rep_details") or () for c in rep.get("faults", ())}
    return AnalysisPublic(
        **summary_fields(state, stored),
        analysis=dict(stored.document),
        fault_words={code: fault_words(code) for code in sorted(codes)},
    )


def job_public(job: _jobs.JobStatus) -> JobPublic:
    r = job.request
    return JobPublic(
        id=job.id,
        state=job.state,
        step=job.step,
        exercise=r.exercise,
        video_name=r.video_name,
        created_at=job.created_at,
        frames_done=job.frames_done,
        frames_total=job.frames_total,
        percent=job.percent,
        ahead=job.ahead,
        error=job.error,
        analysis_id=job.analysis_id,
        analysis_url=None if job.analysis_id is None else f"/api/analyses/{job.analysis_id}",
    )


def stored_or_404(state: WebState, analysis_id: int) -> StoredAnalysis:
    stored = state.store.analysis(analysis_id)
    if stored is None:
        raise NotFoundError(f"there is no motion analysis {analysis_id}")
    return stored


def _upload_name(filename: str | None) -> str:
    name = Path((filename or "").replace("\\", "/")).name.strip()
    return (name or "video")[:255]


def _save_upload(video: UploadFile, folder: Path) -> Path:
    import tempfile

    name = _upload_name(video.filename)
    suffix = Path(name).suffix.lower()
    fd, raw = tempfile.mkstemp(
        prefix=".upload-", suffix=suffix if suffix in VIDEO_SUFFIXES else "", dir=folder
    )
    path = Path(raw)
    try:
        with open(fd, "wb") as out:
            shutil.copyfileobj(video.file, out, 1 << 20)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _probe(path: Path, name: str) -> None:
    """Refuse (422) what OpenCV cannot open as a video, before it waits in the queue."""
    from backcoach.camera import VideoError, open_video

    try:
        open_video(path).close()
    except VideoError as exc:
        raise InvalidError(str(exc).replace(str(path), name)) from None


# -- routes ---------------------------------------------------------------------------------------

AnalysisId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="an analysis' id")]
JobId = Annotated[str, PathParam(max_length=64, description="a job's id")]
Hold = Annotated[
    float | None,
    Query(ge=0, le=600, allow_inf_nan=False, description="prescribed hold to check against (s)"),
]
Rest = Annotated[
    float | None,
    Query(ge=0, le=600, allow_inf_nan=False, description="prescribed rest to check against (s)"),
]


@router.post(
    "/videos",
    status_code=202,
    response_model=JobPublic,
    responses=_responses(404, 409, 413, 422, 503),
)
def upload_video(
    request: Request,
    state: StateDep,
    exercise: Annotated[
        str, Query(max_length=64, description="which exercise the set is", examples=["wall_sit"])
    ],
    video: Annotated[
        UploadFile | None,
        File(description="the recorded set: MP4, MOV, WebM... as the phone or camera saved it"),
    ] = None,
    hold: Hold = None,
    rest: Rest = None,
) -> JobPublic:
    """Analyse a recorded set (multipart/form-data, field `video`, up to 500 MB): reps counted,
    holds timed, form faults found, and an annotated replay made to watch.

    Answers 202 at once with a job to poll (`GET /api/analyses/jobs/{id}`); one video is
    analysed at a time and the job goes on if the page is closed. The result is stored.
    """
    state.catalog.get(exercise)  # an unknown exercise is refused before the upload is read
    camera_ready()
    if video is None or not (video.filename or video.size):
        raise InvalidError(
            "no video sent: choose the video of the set (multipart/form-data, field 'video')"
        )
    name = _upload_name(video.filename)
    folder = _jobs.incoming_folder(analyses_folder(state))
    path = _save_upload(video, folder)
    try:
        if path.stat().st_size == 0:
            raise InvalidError(f"{name} is empty (0 bytes): choose the video again")
        _probe(path, name)
        job = jobs_of(request).submit(
            _jobs.VideoRequest(path, name, exercise, hold_s=hold, rest_s=rest)
        )
    except _jobs.JobsFullError as exc:
        path.unlink(missing_ok=True)
        raise QueueFullError(str(exc)) from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return job_public(job)


@router.get("/jobs/{job_id}", response_model=JobPublic, responses=_responses(404, 422))
def read_job(request: Request, job_id: JobId) -> JobPublic:
    """Where an analysis job stands: its state, the frames done, and the analysis once done
    (or the reason it failed, in one sentence). Jobs are forgotten when the server stops."""
    job = jobs_of(request).status(job_id)
    if job is None:
        raise NotFoundError(f"there is no analysis job {job_id} on this server")
    return job_public(job)


@router.get("", response_model=AnalysesPublic, responses=_responses(503))
def list_analyses(state: StateDep) -> AnalysesPublic:
    """Every stored motion analysis, newest first."""
    data = [
        AnalysisSummaryPublic(**summary_fields(state, a)) for a in reversed(state.store.analyses())
    ]
    return AnalysesPublic(data=data, count=len(data))


@router.post(
    "", status_code=201, response_model=AnalysisPublic, responses=_responses(404, 413, 422, 503)
)
def create_analysis(body: AnalysisCreate, state: StateDep) -> AnalysisPublic:
    """Keep an analysis made elsewhere (the live camera coach, a pose-track file): the
    document must follow the analysis format, version 1."""
    if body.session_id is not None:
        _service.get_session(state, body.session_id)  # 404 when there is none
    document = body.analysis.model_dump(mode="json")
    try:
        stored = state.store.add_analysis(
            document, source=body.source, created_at=state.now(), session_id=body.session_id
        )
    except ValueError as exc:
        raise InvalidError(f"analysis: {exc}") from None
    return analysis_public(state, stored)


@router.get("/{analysis_id}", response_model=AnalysisPublic, responses=_responses(404, 422, 503))
def read_analysis(analysis_id: AnalysisId, state: StateDep) -> AnalysisPublic:
    """One stored analysis: the document (analysis format v1), where it came from, and the
    address of its annotated replay if one was kept."""
    return analysis_public(state, stored_or_404(state, analysis_id))


@router.delete(
    "/{analysis_id}", status_code=204, response_class=Response, responses=_responses(404, 422, 503)
)
def delete_analysis(analysis_id: AnalysisId, state: StateDep) -> Response:
    """Remove a stored analysis from the record, with its replay if one was kept."""
    stored_or_404(state, analysis_id)
    found = _jobs.replay_file(analyses_folder(state), analysis_id)
    state.store.delete_analysis(analysis_id)
    if found is not None:
        found[0].unlink(missing_ok=True)
    return Response(status_code=204)


_VIDEO: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"video/webm": {}, "video/mp4": {}},
        "description": "the annotated replay (VP8 WebM; ranges supported)",
    }
}


@router.get(
    "/{analysis_id}/video",
    response_class=FileResponse,
    responses={**_VIDEO, **_responses(404, 422, 503)},
)
def read_video(analysis_id: AnalysisId, state: StateDep) -> FileResponse:
    """The annotated replay of an analysed video: the skeleton, the measured angle, the rep
    counter, the hold timer and the fault cues drawn on the set."""
    stored = stored_or_404(state, analysis_id)
    found = _jobs.replay_file(analyses_folder(state), stored.id)
    if found is None:
        raise NotFoundError(f"motion analysis {analysis_id} has no replay kept")
    path, media_type = found
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "no-cache"})


# -- installing it --------------------------------------------------------------------------------


LIMITS = {
    VIDEOS_PATH: BodyLimit(MAX_VIDEO_BYTES, lambda: too_big_message(VIDEOS_PATH)),
    ANALYSES_PATH: BodyLimit(MAX_DOCUMENT_BYTES, lambda: too_big_message(ANALYSES_PATH)),
}
"""The upload limits of the analyses' POST routes."""


def install(app: FastAPI) -> None:
    """Add the motion analyses to the app: the API, the pages, the upload limit and the video
    job runner (`app.state.analysis_jobs`), which stops with the app. Calling it again does
    nothing."""
    if getattr(app.state, "analysis_jobs", None) is not None:
        return
    from backcoach.web import _pages_analyses

    state: WebState = app.state.web
    folder = analyses_folder(state)
    _jobs.remove_stale(folder, time.time())
    jobs = _jobs.VideoJobs(_jobs.video_runner(state.store, state.now, folder), state.now)
    app.state.analysis_jobs = jobs
    app.include_router(router)
    app.include_router(_pages_analyses.router)
    app.add_middleware(UploadLimit, limits=LIMITS)
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(running: FastAPI) -> AsyncIterator[Any]:
        try:
            async with inner(running) as value:
                yield value
        finally:
            jobs.close()

    app.router.lifespan_context = lifespan
    if app.openapi_tags is not None and not any(t["name"] == "analyses" for t in app.openapi_tags):
        app.openapi_tags.append(
            {"name": "analyses", "description": "Motion analyses: recorded sets, live sets"}
        )
