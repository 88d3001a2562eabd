"""The motion analysis pages: `/analyze` (upload a recorded set, watch it being analysed, see the
result) and `/analyses/{id}` (one stored analysis with its annotated replay)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from backcoach.motion import fault_words
from backcoach.web._api_analyses import (
    MAX_VIDEO_BYTES,
    AnalysisId,
    CameraMissingError,
    camera_ready,
    stored_or_404,
    summary_fields,
)
from backcoach.web._deps import StateDep
from backcoach.web._state import WebState

router = APIRouter(include_in_schema=False)

RECENT = 30
"""Past analyses listed on the upload page."""


def _render(request: Request, name: str, page: str, **context: Any) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, {"page": page, **context})


def result_view(state: WebState, analysis_id: int) -> dict[str, Any]:
    """What the result section shows, from the stored document (words for every fault)."""
    stored = stored_or_404(state, analysis_id)
    doc = stored.document
    prescribed = doc.get("prescribed") or {}
    rows = [
        {
            "index": rep.get("index"),
            "side": rep.get("side"),
            "start_s": rep.get("start_s"),
            "end_s": rep.get("end_s"),
            "hold_s": rep.get("hold_s"),
            "short": "hold_too_short" in rep.get("faults", ()),
            "faults": [fault_words(code) for code in rep.get("faults", ())],
        }
        for rep in doc.get("rep_details") or ()
    ]
    quality = doc.get("quality") or {}
    return {
        "summary": summary_fields(state, stored),
        "stored": stored,
        "rows": rows,
        "hold_s": prescribed.get("hold_s"),
        "rest_s": prescribed.get("rest_s"),
        "warnings": list(doc.get("warnings") or ()),
        "totals": [
            (fault_words(code), n) for code, n in sorted((doc.get("faults") or {}).items()) if n
        ],
        "quality": quality,
        "unilateral": doc.get("sides") is not None,
    }


@router.get("/analyze", response_class=HTMLResponse)
def analyze_page(
    request: Request,
    state: StateDep,
    exercise: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    """Upload a recorded set; the past analyses below."""
    try:
        camera_ready()
        missing = None
    except CameraMissingError as exc:
        missing = str(exc)
    recent = [summary_fields(state, a) for a in reversed(state.store.analyses())][:RECENT]
    ids = {e.id.value for e in state.catalog}
    return _render(
        request,
        "analyze.html",
        "analyze",
        exercises=list(state.catalog),
        chosen=exercise if exercise in ids else None,
        recent=recent,
        max_mb=MAX_VIDEO_BYTES >> 20,
        camera_missing=missing,
    )


@router.get("/analyses/{analysis_id}", response_class=HTMLResponse)
def analysis_page(request: Request, analysis_id: AnalysisId, state: StateDep) -> HTMLResponse:
    """One stored analysis: reps, holds, faults in words, warnings, and the replay."""
    return _render(request, "analysis.html", "analyze", **result_view(state, analysis_id))


@router.get("/analyses/{analysis_id}/result", response_class=HTMLResponse)
def analysis_result(request: Request, analysis_id: AnalysisId, state: StateDep) -> HTMLResponse:
    """The result section alone, for the upload page to show when its job is done."""
    return _render(request, "_analysis_result.html", "analyze", **result_view(state, analysis_id))
