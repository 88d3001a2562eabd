"""The report laid out once for both renderers: sections of key figures, sentences, charts and
tables, every value already in words. HTML and PDF show the same figures because both render
this."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from backcoach.outcomes import Change, Direction, InstrumentId, format_score
from backcoach.program import Action
from backcoach.report._data import (
    Adherence,
    Form,
    Header,
    MorningPain,
    Pain,
    Progression,
    ProgressionStep,
    Questionnaires,
    ReportData,
    Running,
)
from backcoach.routine import EndReason

TITLE = "Back-care exercise report"
PRIVACY = "backcoach stores no names: write the patient's name on the printed copy if it is needed."
DISCLAIMER = (
    "Self-reported data from backcoach, an exercise coach used at home. Pain is scored 0 (none) "
    "to 10 (worst imaginable); up to 3 during exercise is taken as safe, up to 5 as acceptable "
    "when it settles by the next morning. It is not a diagnosis."
)


@dataclass(frozen=True, slots=True)
class Figure:
    """A key figure: a label and its value, with an optional small note under it."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: str
    """One letter per column: `l` left, `r` right."""
    widths: tuple[float, ...]
    """Relative column widths (the PDF uses them; HTML lets the browser decide)."""
    marked: frozenset[int] = frozenset()
    """Rows to draw attention to (a pain flare, a minimal important change, a ramp flag)."""


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    figures: tuple[Figure, ...] = ()
    text: tuple[str, ...] = ()
    chart: str | None = None
    """Which chart goes with the section (see `_charts.CHARTS`); None: none."""
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    """Small print under the section."""


@dataclass(frozen=True, slots=True)
class View:
    title: str
    meta: tuple[tuple[str, str], ...]
    """What, when and from what: label-value pairs under the title."""
    summary: tuple[Figure, ...]
    sections: tuple[Section, ...]
    footer: str
    disclaimer: str = DISCLAIMER
    privacy: str = PRIVACY


# -- formatting ---------------------------------------------------------------------------------


def day(at: date | datetime) -> str:
    return f"{at:%d %b %Y}"


def day_time(at: datetime) -> str:
    return f"{at:%d %b %Y %H:%M}"


def short_day(at: date | datetime) -> str:
    return f"{at:%d %b}"


def pct(share: float) -> str:
    """A share as a percentage; never rounded to 0% or 100% when it is not quite that."""
    text = f"{share:.0%}"
    if text == "100%" and share < 1:
        return f"{math.floor(share * 1000) / 10:.1f}%"
    if text == "0%" and share > 0:
        return f"{math.ceil(share * 1000) / 10:.1f}%"
    return text


def one(value: float | None, none: str = "–") -> str:
    return none if value is None else f"{value:.1f}"


def signed(value: float | None, digits: int = 1, none: str = "–") -> str:
    if value is None:
        return none
    text = f"{value:+.{digits}f}"
    return "±0" if float(text) == 0 else text.replace("-", "−")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def trend_words(per_week: float | None) -> str:
    if per_week is None:
        return "too few scores for a trend"
    direction = "falling" if per_week < -0.05 else "rising" if per_week > 0.05 else "steady"
    return f"{direction}, {signed(per_week, 2)} a week"


def change_sentence(change: Change, what: str, rule: str, text: tuple[str, str]) -> str:
    """A neutral sentence for a clinician: from, to, by how much, and whether it matters."""
    was, now = text
    if change.direction is Direction.SAME:
        return f"{what}: unchanged at {now}."
    verdict = (
        f"a minimal important change ({rule}), {change.direction.value}"
        if change.important
        else f"within the usual variation (a minimal important change is {rule})"
    )
    return f"{what}: {was} → {now} ({signed(change.delta)}): {verdict}."


_REASON = {
    EndReason.FINISHED: "finished",
    EndReason.QUIT: "stopped by the user",
    EndReason.INTERRUPTED: "interrupted (Ctrl-C)",
    EndReason.CRASHED: "process ended",
    EndReason.SAFETY: "pain above the limit",
}
_ACTION = {
    Action.START: "start",
    Action.PROGRESS: "↑ up",
    Action.STEP_BACK: "↓ back",
    Action.DELOAD: "↓ deload",
    Action.HOLD: "= hold",
    Action.OVERRIDE: "own setting",
}


# -- sections -----------------------------------------------------------------------------------


def build_view(data: ReportData) -> View:
    """Lay the report out."""
    h = data.header
    meta = [
        (
            "Period",
            f"{day(h.period.start)} – {day(h.period.end)} ({plural(h.period.weeks, 'week')})",
        ),
        ("Made", f"{day_time(h.generated_at)} by backcoach {h.version}"),
        ("First session", day(h.first_session) if h.first_session else "none recorded"),
        ("Red-flag screen", _screen(h)),
    ]
    sections = (
        _adherence(data.adherence),
        _pain(data.pain),
        _questionnaires(data.questionnaires),
        _progression(data.progression),
        _running(data.running),
        _form(data.form),
    )
    return View(
        title=TITLE,
        meta=tuple(meta),
        summary=_summary(data),
        sections=sections,
        footer=f"backcoach {h.version} · {day(h.period.start)} – {day(h.period.end)}",
    )


def _screen(h: Header) -> str:
    s = h.screen
    if s is None:
        return "never taken"
    if s.passed:
        return f"cleared to exercise on {day(s.taken_at)}"
    return f"NOT cleared on {day(s.taken_at)} (yes to: {', '.join(s.flags) or 'a red flag'})"


def _summary(data: ReportData) -> tuple[Figure, ...]:
    a, p = data.adherence, data.pain
    figures = [
        Figure(
            "Sessions a week",
            f"{a.per_week:.1f}",
            f"{a.sessions} in {data.header.period.days} days",
        ),
        Figure("Sessions completed", pct(a.completion_rate) if a.sessions else "–"),
        Figure("Reps done", pct(a.rep_completion_rate) if a.sessions else "–", "of those planned"),
        Figure("Pain before sessions", one(p.before_mean), trend_words(p.trend_per_week)),
    ]
    if p.checkin_mean is not None:
        figures.append(Figure("Morning pain", one(p.checkin_mean), "mean of check-ins"))
    for trend in data.questionnaires.trends:
        last = trend.rows[-1]
        figures.append(Figure(f"{trend.short_name} (latest)", last.score_text, day(last.taken_at)))
    if data.running.runs:
        figures.append(
            Figure("Running", f"{data.running.km:.1f} km", plural(data.running.runs, "run"))
        )
    return tuple(figures)


def _adherence(a: Adherence) -> Section:
    title = "Adherence"
    if a.sessions == 0:
        return Section("adherence", title, text=("No sessions in this period.",))
    figures = (
        Figure(
            "Sessions",
            str(a.sessions),
            f"{a.completed} completed, {a.stopped} stopped, {a.abandoned} abandoned",
        ),
        Figure("Sessions a week", f"{a.per_week:.1f}", "on average over the period"),
        Figure("Completed", pct(a.completion_rate), "of the sessions started"),
        Figure(
            "Reps done",
            pct(a.rep_completion_rate),
            f"{sum(e.reps_done for e in a.exercises)} of {sum(e.reps_planned for e in a.exercises)}"
            " planned",
        ),
        Figure(
            "Streak", plural(a.streak_days, "day"), f"longest in the period {a.longest_streak_days}"
        ),
    )
    exercises = Table(
        caption="Reps done against planned, per exercise (both sides counted)",
        headers=(
            "Exercise",
            "Sessions",
            "Reps done",
            "Done",
            "Hold (mean / asked)",
            "Skipped",
            "Painful",
        ),
        rows=tuple(
            (
                e.name,
                str(e.sessions),
                f"{e.reps_done} / {e.reps_planned}",
                pct(e.rate),
                f"{one(e.hold_mean_s)} / {e.hold_planned_s:g} s" if e.hold_planned_s else "–",
                str(e.skipped),
                str(e.painful),
            )
            for e in a.exercises
        ),
        align="lrrrrrr",
        widths=(3.2, 1.3, 1.8, 1.1, 2.4, 1.3, 1.3),
    )
    tables = [exercises]
    if a.ended_early:
        tables.append(
            Table(
                caption="Sessions that ended early",
                headers=("Date", "Session", "Status", "Why", "Reps", "Stopped in", "Pain after"),
                rows=tuple(
                    (
                        day_time(e.started_at),
                        str(e.session_id),
                        e.status.value,
                        _REASON.get(e.reason, "–") if e.reason else "–",
                        f"{e.reps_done} / {e.reps_planned}",
                        e.stopped_at or "–",
                        "–" if e.pain_after is None else f"{e.pain_after}/10",
                    )
                    for e in a.ended_early
                ),
                align="lrllrlr",
                widths=(2.6, 1.2, 1.6, 2.4, 1.4, 2.4, 1.4),
                marked=frozenset(
                    n for n, e in enumerate(a.ended_early) if e.reason is EndReason.SAFETY
                ),
            )
        )
    text: tuple[str, ...] = ()
    if a.abandoned or a.stopped:
        text = (
            f"{plural(a.stopped + a.abandoned, 'session')} ended early: "
            + ", ".join(
                f"{n} {w}"
                for n, w in ((a.stopped, "stopped"), (a.abandoned, "abandoned before a rep"))
                if n
            )
            + ".",
        )
    return Section("adherence", title, figures, text, "adherence", tuple(tables))


def _pain(p: Pain) -> Section:
    title = "Pain"
    if not p.sessions and not p.events and not p.checkins:
        return Section("pain", title, text=("No pain scores in this period.",))
    figures = [
        Figure("Before sessions", one(p.before_mean), "mean, 0-10"),
        Figure("After sessions", one(p.after_mean), "mean, 0-10"),
        Figure(
            "Trend (before)",
            signed(p.trend_per_week, 2),
            trend_words(p.trend_per_week).split(",")[0],
        ),
        Figure("During exercises", plural(len(p.events), "report"), "painful exercises"),
    ]
    if p.checkins_recorded:
        figures.append(
            Figure(
                "Morning check-ins",
                one(p.checkin_mean),
                f"mean of {plural(len(p.checkins), 'check-in')}",
            )
        )
    text = []
    if p.change is not None:
        text.append(
            change_sentence(
                p.change,
                "Pain before sessions, first against last scores",
                "2 points or 30%",
                (f"{p.change.before:.1f}", f"{p.change.after:.1f}"),
            )
        )
    weeks = _pain_weeks(p)
    tables = [
        Table(
            caption="Pain by week (means of the scores given)",
            headers=("Week of", "Sessions scored", "Before", "After", "Morning"),
            rows=tuple(weeks),
            align="lrrrr",
            widths=(2.4, 1.4, 1.4, 1.4, 1.4),
        )
    ]
    if p.events:
        tables.append(
            Table(
                caption="Pain during exercises",
                headers=("Date", "Session", "Exercise", "Pain"),
                rows=tuple(
                    (
                        day_time(e.at),
                        str(e.session_id),
                        e.name,
                        "marked painful, no score" if e.score is None else f"{e.score}/10",
                    )
                    for e in p.events
                ),
                align="lrlr",
                widths=(2.6, 1.2, 3.0, 2.8),
                marked=frozenset(
                    n for n, e in enumerate(p.events) if e.score is not None and e.score > 5
                ),
            )
        )
    if p.checkins:
        tables.append(_checkins(p))
    notes = [
        "Marked rows: pain above 5/10 during an exercise, or a morning worse than before the "
        "session."
    ]
    if not p.checkins_recorded:
        notes.append("This backcoach does not record morning check-ins.")
    return Section("pain", title, tuple(figures), tuple(text), "pain", tuple(tables), tuple(notes))


CHECKINS_IN_FULL = 14
"""Up to this many check-ins are listed in full; beyond, only those that need a look."""


def _worse(c: MorningPain) -> bool:
    return c.session_before is not None and c.pain > c.session_before


def _checkins(p: Pain) -> Table:
    caption = "Morning check-ins (pain the day after a session)"
    shown = p.checkins
    if len(shown) > CHECKINS_IN_FULL:
        shown = tuple(c for c in p.checkins if _worse(c) or c.note)
        caption = (
            f"Morning check-ins worse than the pain before the session, or with a note: "
            f"{len(shown)} of {len(p.checkins)} (the weekly table above counts them all)"
        )
    return Table(
        caption=caption,
        headers=("Date", "Pain", "Session", "Pain before it", "Note"),
        rows=tuple(
            (
                day_time(c.at),
                f"{c.pain}/10",
                "–" if c.session_id is None else str(c.session_id),
                "–" if c.session_before is None else f"{c.session_before}/10",
                c.note or "",
            )
            for c in shown
        ),
        align="lrrrl",
        widths=(2.6, 1.2, 1.2, 1.8, 4.0),
        marked=frozenset(n for n, c in enumerate(shown) if _worse(c)),
    )


def _pain_weeks(p: Pain) -> list[tuple[str, ...]]:
    weeks: dict[date, tuple[list[int], list[int], list[int], set[int]]] = {}

    def week(at: datetime) -> tuple[list[int], list[int], list[int], set[int]]:
        d = at.date()
        monday = date.fromordinal(d.toordinal() - d.weekday())
        return weeks.setdefault(monday, ([], [], [], set()))

    for s in p.sessions:
        b, a, _, ids = week(s.at)
        ids.add(s.session_id)
        if s.before is not None:
            b.append(s.before)
        if s.after is not None:
            a.append(s.after)
    for c in p.checkins:
        week(c.at)[2].append(c.pain)

    def mean(xs: Sequence[int]) -> str:
        return one(sum(xs) / len(xs)) if xs else "–"

    return [
        (day(monday), str(len(ids)), mean(b), mean(a), mean(m))
        for monday, (b, a, m, ids) in sorted(weeks.items())
    ]


def _questionnaires(q: Questionnaires) -> Section:
    title = "Questionnaires"
    if not q.recorded:
        return Section(
            "questionnaires", title, text=("This backcoach does not record questionnaires.",)
        )
    if not q.trends:
        return Section(
            "questionnaires",
            title,
            text=("No questionnaire was filled in up to the end of this period.",),
        )
    figures = []
    text = []
    tables = []
    for t in q.trends:
        last = t.rows[-1]
        figures.append(
            Figure(f"{t.short_name} latest", last.score_text, last.band or day(last.taken_at))
        )
        rule = f"{t.important_change:g} points or more"
        if t.change is not None:
            text.append(
                change_sentence(
                    t.change,
                    f"{t.name} ({t.short_name})",
                    rule,
                    (
                        format_score(t.instrument, t.change.before),
                        format_score(t.instrument, t.change.after),
                    ),
                )
            )
        has_band = t.instrument is InstrumentId.ODI
        headers = (
            ("Date", "Score") + (("Band",) if has_band else ()) + ("Change", "Important change")
        )
        rows = []
        for r in t.rows:
            date_text = day(r.taken_at) + (" (before the period)" if r.baseline else "")
            row = (date_text, r.score_text) + ((r.band or "–",) if has_band else ())
            rows.append((*row, signed(r.delta), "yes" if r.important else ""))
        tables.append(
            Table(
                caption=f"{t.name} ({t.short_name}, 0-{t.max_score:g}, lower is better; "
                f"minimal important change {rule})",
                headers=headers,
                rows=tuple(rows),
                align="lr" + ("l" if has_band else "") + "rl",
                widths=(3.4, 1.4) + ((2.2,) if has_band else ()) + (1.4, 2.6),
                marked=frozenset(n for n, r in enumerate(t.rows) if r.important),
            )
        )
    notes = (f"Questionnaire items are backcoach's own paraphrase ({q.note}).",)
    return Section(
        "questionnaires", title, tuple(figures), tuple(text), "questionnaires", tuple(tables), notes
    )


def _progression(pr: Progression) -> Section:
    title = "Progression"
    now = Table(
        caption="Dosage now (reps per side for one-sided exercises × hold)",
        headers=("Exercise", "Dosage", "Range", "Set by"),
        rows=tuple((d.name, d.dosage, d.range, d.source) for d in pr.dosage),
        align="llll",
        widths=(3.0, 2.8, 2.6, 3.6),
    )
    if not pr.recorded:
        return Section(
            "progression",
            title,
            tables=(now,),
            notes=("This backcoach does not record progression steps.",),
        )
    figures = (
        Figure("Steps up", str(pr.ups)),
        Figure("Steps back", str(pr.downs), "step backs and deloads"),
    )
    tables = [now]
    text: tuple[str, ...] = ()
    if pr.steps:
        groups = _step_groups(pr.steps)
        tables.append(
            Table(
                caption="Progression steps in the period, with the program's reasons "
                "(exercises that moved together for the same reason share a row)",
                headers=("Date", "Step", "Exercises and change", "Reason"),
                rows=tuple(
                    (
                        day(g[0].at),
                        _ACTION[g[0].action],
                        "; ".join(f"{s.name}: {s.change}" for s in g),
                        g[0].reason,
                    )
                    for g in groups
                ),
                align="llll",
                widths=(1.9, 1.3, 4.6, 4.6),
                marked=frozenset(
                    n
                    for n, g in enumerate(groups)
                    if g[0].action in (Action.STEP_BACK, Action.DELOAD)
                ),
            )
        )
    else:
        text = ("No dosage changed in this period.",)
    return Section("progression", title, figures, text, None, tuple(tables))


def _step_groups(steps: Sequence[ProgressionStep]) -> list[list[ProgressionStep]]:
    """Steps of the same day, kind and reason together, in the order they first came."""
    groups: dict[tuple[date, Action, str], list[ProgressionStep]] = {}
    for step in steps:
        groups.setdefault((step.at.date(), step.action, step.reason), []).append(step)
    return list(groups.values())


def _running(r: Running) -> Section:
    title = "Running load"
    if not r.recorded:
        return Section("running", title, text=("This backcoach does not record runs.",))
    if r.runs == 0:
        return Section("running", title, text=("No runs imported for this period.",))
    figures = (
        Figure("Runs", str(r.runs)),
        Figure("Distance", f"{r.km:.1f} km", f"{r.km / len(r.weeks):.1f} km a week on average"),
        Figure("Fast ramps", plural(r.flagged, "week"), "over 30% above the 2 weeks before"),
    )
    table = Table(
        caption="Weekly distance against pain before sessions",
        headers=("Week of", "Runs", "Distance", "Change", "Ramp flag", "Pain before"),
        rows=tuple(
            (
                day(w.start),
                str(w.runs),
                f"{w.km:.1f} km",
                "–" if w.change is None else signed(w.change * 100, 0) + "%",
                "over 30%" if w.flagged else "",
                one(w.pain_before_mean),
            )
            for w in r.weeks
        ),
        align="lrrrlr",
        widths=(2.4, 1.0, 1.8, 1.4, 1.8, 1.8),
        marked=frozenset(n for n, w in enumerate(r.weeks) if w.flagged),
    )
    return Section("running", title, figures, (), "running", (table,))


def _form(f: Form) -> Section:
    title = "Form (motion coach)"
    if not f.recorded:
        return Section(
            "form",
            title,
            text=(
                "No motion analyses are stored: the motion coach's form summary appears here "
                "once sets are analysed and kept.",
            ),
        )
    notes = []
    if f.unreadable:
        notes.append(
            f"{plural(f.unreadable, 'analysis', 'analyses')} could not be read "
            f"(not in the analysis format) and {'is' if f.unreadable == 1 else 'are'} left out."
        )
    if not f.exercises:
        return Section(
            "form", title, text=("No motion analyses in this period.",), notes=tuple(notes)
        )
    table = Table(
        caption="Reps, holds and form faults per exercise, as the motion coach measured them",
        headers=(
            "Exercise",
            "Sets",
            "Reps",
            "Reps with a fault",
            "Hold (mean / asked)",
            "Faults (reps)",
        ),
        rows=tuple(
            (
                e.name,
                str(e.analyses),
                str(e.reps),
                f"{e.reps_with_faults} ({pct(e.reps_with_faults / e.reps) if e.reps else '–'})",
                f"{one(e.hold_mean_s)} / {e.hold_prescribed_s:g} s"
                if e.hold_prescribed_s
                else one(e.hold_mean_s),
                "; ".join(f"{c.words} ×{c.reps}" for c in e.faults) or "none seen",
            )
            for e in f.exercises
        ),
        align="lrrrrl",
        widths=(2.4, 0.9, 0.9, 1.9, 2.2, 5.0),
    )
    reps = sum(e.reps for e in f.exercises)
    faulty = sum(e.reps_with_faults for e in f.exercises)
    figures = (
        Figure("Sets analysed", str(sum(e.analyses for e in f.exercises))),
        Figure("Reps measured", str(reps)),
        Figure("Reps with a fault", f"{faulty}", pct(faulty / reps) if reps else ""),
    )
    return Section("form", title, figures, (), None, (table,), tuple(notes))
