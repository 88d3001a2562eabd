"""What the API and the pages do, on the store, by the same rules as the terminal player.

Web sessions and crash recovery: a session started here is stored with this server's process id
and host name, exactly like a terminal session, and its heartbeat is the time of its last
progress event (the player page sends one at least every `HEARTBEAT_EVERY_S`, paused or not).
So `Store.recover_interrupted` closes it as stopped (abandoned if not a rep was done), ending at
its last progress event, when either
- the server process is gone (found by the next `backcoach` command or the next server start), or
- nothing was heard from its page for `stale_after_s` (ten minutes by default): the tab was
  closed, the phone died, the connection dropped for good.
A page that comes back before then resumes the session where its records end.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from backcoach.errors import BackcoachError
from backcoach.program import CheckIn, DifficultyRating, Review
from backcoach.routine import (
    EndReason,
    ExerciseResult,
    PainPhase,
    PainScore,
    Routine,
    ScreeningRecord,
    SessionRecord,
    SessionStatus,
    Timeline,
    build_timeline,
)
from backcoach.safety import (
    PainAdvice,
    ScreeningError,
    ScreenOutcome,
    advice_after_session,
    advice_before_session,
    advice_during_exercise,
    assess_screen,
)
from backcoach.services import overridden, process_alive
from backcoach.services import routine as user_routine
from backcoach.web._errors import ConflictError, ForbiddenError, InvalidError, NotFoundError
from backcoach.web._schemas import (
    ExerciseSkippedEvent,
    HeartbeatEvent,
    HurtsEvent,
    RepDoneEvent,
    ScreeningAnswers,
)
from backcoach.web._state import RECOVER_EVERY_S, WebState

if TYPE_CHECKING:
    from backcoach.storage import History

NO_SESSION_TODAY = (
    "No session today. Once a clinician has cleared you, retake the screen on the Screening page."
)


# -- plan and timelines -------------------------------------------------------------------------


def review(state: WebState, stored: History | None = None) -> Review:
    """The progression program's dosage for a session starting now, decided as the CLI does
    (from `stored`, the history just read, if given)."""
    from backcoach.services import program_review

    source = stored if stored is not None else history(state)
    decided, _ = program_review(state.settings, state.catalog, source, state.now())
    return decided


def shown_review(state: WebState, stored: History | None = None) -> Review:
    """`review` for the pages and the plan (what they show of it), remembered between requests.

    The program's decisions are pure: they change only with the history that decides (what is
    not in progress: a session under way decides nothing until it ends), the user's own dosage,
    and the whole days elapsed since the moments recorded (a week, two or four without a
    session). Any of these changing makes a new key, so the answer is the one `review` gives
    now, but for the time stamped on its changes (when it was decided): starting a session, which
    records them, calls `review` itself.
    """
    stored = stored if stored is not None else history(state)
    now = state.now()
    deciding = tuple(s for s in stored.sessions if s.status is not SessionStatus.IN_PROGRESS)
    moments = [m for s in deciding for m in (s.started_at, s.ended_at) if m is not None]
    moments += [c.at for c in stored.checkins] + [c.at for c in stored.dosage_changes]
    # The records by identity (the reader gives the same objects while their rows are the same):
    # the memo holds them with the answer, so no other object can take their ids meanwhile.
    held = (deciding, stored.checkins, stored.dosage_changes, stored.ratings)
    key = (
        tuple(map(id, deciding)),
        tuple(map(id, held[1:])),
        overridden(state.settings),
        tuple(int((now - moment).total_seconds() // 86400) for moment in moments),
    )
    _, decided = state.reviews.get(
        key, lambda: (held, review(state, replace(stored, sessions=deciding)))
    )
    return decided


def plan(state: WebState, decided: Review | None = None) -> Timeline:
    """Today's session as `backcoach session` would run it: the program's dosage with the user's
    own on top, and their get-ready time."""
    decided = decided if decided is not None else shown_review(state)
    routine = user_routine(state.settings, state.catalog, decided.dosage)
    return timeline(state, routine, state.settings.preferences.get_ready_s)


def timeline(state: WebState, routine: Routine, get_ready_s: float) -> Timeline:
    """`build_timeline` on the app's catalog, remembered: the same routine gives the same one."""
    return state.timelines.get(
        (routine, get_ready_s),
        lambda: build_timeline(routine, state.catalog, get_ready_s=get_ready_s),
    )


def get_ready_of(record: SessionRecord, state: WebState) -> float:
    """The get-ready time a stored session was planned with (its planned total tells)."""
    without = timeline(state, record.routine, 0).total_s
    return max(0.0, round(record.planned_s - without, 3))


def timeline_of(record: SessionRecord, state: WebState) -> Timeline:
    """The timeline a stored session runs: the same steps and seconds as when it started."""
    return timeline(state, record.routine, get_ready_of(record, state))


# -- reading ------------------------------------------------------------------------------------


def sessions(state: WebState) -> list[SessionRecord]:
    """Every stored session, oldest first (`Store.sessions`, read fast when it can be)."""
    reader = state.records
    found = reader.sessions() if reader is not None else None
    return found if found is not None else state.store.sessions()


def history(state: WebState) -> History:
    """What the program decides from (`Store.history`, read fast when it can be)."""
    reader = state.records
    found = reader.history() if reader is not None else None
    return found if found is not None else state.store.history()


def _needs_recovery(state: WebState, now: datetime) -> bool:
    """Whether a session in progress is to be closed now: by the store's rule (its process is
    gone, or it has not been heard from for `stale_after_s`), read without writing. Recovering
    takes the database's write lock, so it is done only when there is something to close."""
    reader = state.records
    running = reader.running() if reader is not None else None
    if running is None:
        return True
    return any(
        (now - last).total_seconds() > state.stale_after_s or not process_alive(pid, host)
        for pid, host, last in running
    )


def recover(state: WebState, *, force: bool = False) -> list[SessionRecord]:
    """Close the sessions whose process died or whose page went quiet (see the module doc).

    It writes, so reading pages do it at most every `RECOVER_EVERY_S`; `force` does it now.
    """
    with state.lock:
        now = state.now()
        last = state.recovered_at
        if not force and last is not None and 0 <= (now - last).total_seconds() < RECOVER_EVERY_S:
            return []
        state.recovered_at = now
        if not _needs_recovery(state, now):
            return []
        recovered = state.store.recover_interrupted(
            now, process_alive, stale_after_s=state.stale_after_s
        )
        for record in recovered:
            state.own_sessions.discard(record.id)
        return recovered


def get_session(state: WebState, session_id: int) -> SessionRecord:
    """A stored session, or `NotFoundError`."""
    from backcoach.storage import StorageError

    reader = state.records
    found = reader.session(session_id) if reader is not None else None
    if found is not None:
        return found
    try:
        return state.store.get_session(session_id)
    except StorageError as exc:
        if "there is no session" in str(exc):
            raise NotFoundError(f"there is no session {session_id}") from exc
        raise


def resumable(state: WebState, record: SessionRecord) -> bool:
    return record.status is SessionStatus.IN_PROGRESS and record.id in state.own_sessions


def screen_outcome(record: ScreeningRecord) -> ScreenOutcome | None:
    """The outcome of a stored screen (None if its questions are no longer the current ones)."""
    try:
        return assess_screen(record.answers)
    except ScreeningError:
        return None


@dataclass(frozen=True, slots=True)
class Today:
    timeline: Timeline
    review: Review
    """What the program changed since last time, and why."""
    screening: ScreeningRecord | None
    advice: str | None
    """The screen's advice when it blocks sessions."""
    last: SessionRecord | None
    """The last session that ended."""
    running: SessionRecord | None
    """A session still in progress."""
    streak_days: int
    sessions: int


def today(state: WebState, on: date) -> Today:
    """Everything the Today page shows."""
    from backcoach.progress import summarize

    recover(state)
    stored = history(state)
    records = list(stored.sessions)
    screening = state.store.latest_screening()
    advice = None
    if screening is not None and not screening.passed:
        outcome = screen_outcome(screening)
        advice = outcome.advice if outcome else "Your last screen flagged a warning sign."
    ended = [r for r in records if r.status is not SessionStatus.IN_PROGRESS]
    running = [r for r in records if r.status is SessionStatus.IN_PROGRESS]
    summary = summarize(records, on)
    decided = shown_review(state, stored)
    return Today(
        timeline=plan(state, decided),
        review=decided,
        screening=screening,
        advice=advice,
        last=ended[-1] if ended else None,
        running=running[-1] if running else None,
        streak_days=summary.streak_days,
        sessions=summary.sessions,
    )


# -- screening ----------------------------------------------------------------------------------


def take_screening(
    state: WebState, answers: ScreeningAnswers
) -> tuple[ScreeningRecord, ScreenOutcome]:
    given = answers.model_dump()
    outcome = assess_screen(given)
    record = state.store.save_screening(state.now(), given, outcome.passed)
    return record, outcome


def check_cleared(state: WebState) -> None:
    """Sessions start only after a passed red-flag screen, as in the terminal."""
    latest = state.store.latest_screening()
    if latest is None:
        raise ConflictError("take the safety screen first (Screening page, or POST /api/screening)")
    if not latest.passed:
        outcome = screen_outcome(latest)
        advice = outcome.advice if outcome else "Your last screen flagged a warning sign."
        raise ForbiddenError(f"{advice} {NO_SESSION_TODAY}")


# -- sessions -----------------------------------------------------------------------------------


def start_session(state: WebState, pain_before: int) -> tuple[SessionRecord, str | None]:
    """Record a new session as started, with every exercise planned and the pain before."""
    with state.lock:
        recover(state, force=True)
        check_cleared(state)
        running = [r for r in sessions(state) if r.status is SessionStatus.IN_PROGRESS]
        if running:
            where = (
                "resume it or end it on Today"
                if resumable(state, running[-1])
                else ("it was started elsewhere (the terminal?): finish it there first")
            )
            raise ConflictError(f"session {running[-1].id} is still in progress: {where}")
        decided = review(state)
        state.store.add_dosage_changes(decided.to_store)
        timeline = plan(state, decided)
        now = state.now()
        session_id = state.store.start_session(
            timeline.routine, timeline.total_s, now, state.pid, state.host
        )
        for span in timeline.exercises:
            state.store.save_result(
                session_id,
                ExerciseResult(
                    exercise_id=span.exercise_id,
                    position=span.position,
                    reps_planned=span.reps_total,
                    reps_done=0,
                    hold_planned_s=span.item.hold_s,
                ),
            )
        state.store.add_pain(session_id, PainScore(PainPhase.BEFORE, pain_before, now))
        state.own_sessions.add(session_id)
        return state.store.get_session(session_id), advice_before_session(pain_before)


def _in_progress(state: WebState, session_id: int) -> SessionRecord:
    record = get_session(state, session_id)
    if record.status is not SessionStatus.IN_PROGRESS:
        state.own_sessions.discard(session_id)
        raise ConflictError(
            f"session {session_id} has ended ({record.status.value}): "
            "nothing more can be recorded during it"
        )
    return record


def _result(record: SessionRecord, position: int) -> ExerciseResult:
    if position >= len(record.routine.items):
        raise InvalidError(
            f"position {position} is not in session {record.id} "
            f"(it has {len(record.routine.items)} exercises, positions 0-"
            f"{len(record.routine.items) - 1})"
        )
    for result in record.results:
        if result.position == position:
            return result
    raise InvalidError(f"session {record.id} has no result at position {position}")


Event = HeartbeatEvent | RepDoneEvent | ExerciseSkippedEvent | HurtsEvent


def apply_event(
    state: WebState, session_id: int, event: Event
) -> tuple[ExerciseResult | None, PainAdvice | None]:
    """Record one progress event; every event is also the session's heartbeat."""
    with state.lock:
        record = _in_progress(state, session_id)
        now = state.now()
        if isinstance(event, HeartbeatEvent):
            state.store.heartbeat(session_id, now)
            return None, None
        try:
            result = _result(record, event.position)
            if isinstance(event, RepDoneEvent):
                result = _rep_done(record, result, event)
        except BackcoachError:
            state.store.heartbeat(session_id, now)  # a refused event still says the page is there
            raise
        advice = None
        if isinstance(event, ExerciseSkippedEvent):
            result = _skip(result)
        elif isinstance(event, HurtsEvent):
            result = replace(result, painful=True)
            if event.score is not None:
                state.store.heartbeat(session_id, now)
                state.store.add_pain(
                    session_id, PainScore(PainPhase.DURING, event.score, now, result.exercise_id)
                )
                advice = advice_during_exercise(event.score)
                if advice.stop_exercise:
                    result = _skip(result)
        # The result and the heartbeat in one transaction: one commit per rep.
        state.store.save_result(session_id, result, heartbeat_at=now)
        return result, advice


def _skip(result: ExerciseResult) -> ExerciseResult:
    """As the engine does: an exercise is skipped only if reps were left undone."""
    if result.reps_done < result.reps_planned:
        return replace(result, skipped=True)
    return result


def _rep_done(record: SessionRecord, result: ExerciseResult, event: RepDoneEvent) -> ExerciseResult:
    if event.rep > result.reps_planned:
        raise InvalidError(
            f"rep {event.rep} is beyond exercise {event.position}'s {result.reps_planned} reps"
        )
    if result.skipped:
        raise ConflictError(f"exercise {event.position} of session {record.id} was skipped")
    hold = round(min(event.hold_s, result.hold_planned_s), 2)
    holds = list(result.holds_s)
    if event.rep <= len(holds):
        holds[event.rep - 1] = hold  # the same rep sent again: the last word counts
    elif event.rep == len(holds) + 1:
        holds.append(hold)
    else:
        raise ConflictError(
            f"rep {event.rep} of exercise {event.position} came before rep {len(holds) + 1}"
        )
    return replace(result, holds_s=tuple(holds), reps_done=len(holds))


def finish_session(state: WebState, session_id: int, reason: str) -> SessionRecord:
    """Close a session: completed when its timeline ran to the end, else stopped or abandoned."""
    with state.lock:
        record = _in_progress(state, session_id)
        if reason == "finished":
            left = [r for r in record.results if not r.complete and not r.skipped]
            if left:
                r = left[0]
                raise ConflictError(
                    f"session {session_id} cannot be finished: {r.exercise_id.value} has "
                    f"{r.reps_done} of {r.reps_planned} reps and was not skipped "
                    "(finish with reason 'quit' to stop early)"
                )
            status, end = SessionStatus.COMPLETED, EndReason.FINISHED
        else:
            status = SessionStatus.STOPPED if record.reps_done > 0 else SessionStatus.ABANDONED
            end = EndReason.QUIT
        state.store.finish_session(session_id, status, end, state.now())
        state.own_sessions.discard(session_id)
        return state.store.get_session(session_id)


def set_difficulty(state: WebState, session_id: int, rating: int) -> DifficultyRating:
    """How hard an ended session felt (asked at its end, as the terminal does); replaces any."""
    with state.lock:
        record = get_session(state, session_id)
        if record.status is SessionStatus.IN_PROGRESS:
            raise ConflictError(f"session {session_id} is still in progress: rate it once it ends")
        value = DifficultyRating(rating)
        state.store.set_difficulty(session_id, value)
        return value


def add_checkin(
    state: WebState, pain: int, note: str | None
) -> tuple[CheckIn, SessionRecord | None]:
    """Pain now, on its own (`backcoach checkin`): about the latest session that ended."""
    from backcoach.services import latest_finished

    with state.lock:
        latest = latest_finished(sessions(state))
        saved = state.store.add_checkin(
            CheckIn(
                at=state.now(),
                pain=pain,
                session_id=None if latest is None else latest.id,
                note=note.strip() if note and note.strip() else None,
            )
        )
        return saved, latest


def add_pain(
    state: WebState, session_id: int, phase: PainPhase, score: int
) -> tuple[PainScore, str | None]:
    """Pain before (once, while in progress) or after (once, during or after the session)."""
    with state.lock:
        record = get_session(state, session_id)
        if record.pain_at(phase) is not None:
            raise ConflictError(f"session {session_id} already has a pain-{phase.value} score")
        if phase is PainPhase.BEFORE and record.status is not SessionStatus.IN_PROGRESS:
            raise ConflictError(
                f"session {session_id} has ended: pain before can no longer be given"
            )
        pain = PainScore(phase, score, state.now())
        state.store.add_pain(session_id, pain)
        if phase is PainPhase.BEFORE:
            return pain, advice_before_session(score)
        return pain, advice_after_session(record.pain_at(PainPhase.BEFORE), score)
