"""What pages show of the monitors: measured status and uptime beside the declared ones,
day bars coloured by both, and a response-time chart as inline SVG.

The chart is drawn here, server side, so it works with JavaScript off; its colours are the
stylesheet's (light and dark), and it carries a text alternative twice: a one-sentence
summary the page gives as its caption, and a table of daily figures under it for everyone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from itertools import pairwise
from typing import Any, ClassVar, Protocol, TypeVar
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from statusgen.i18n import Language
from statusgen.measured import ComponentMeasure, MonitorMeasure, colouring_days, is_stale
from statusgen.model import Check, CheckResult, ComponentStatus, Monitor
from statusgen.probe import words
from statusgen.probe.store import percentile, response_times
from statusgen.render.badges import status_words
from statusgen.render.format import machine_time
from statusgen.render.markdown import contain_bidi
from statusgen.status import worst_status

_WIDTH, _HEIGHT = 600, 150


class _DayBar(Protocol):
    """What this module reads of views.py's DayView (a dataclass)."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def day(self) -> date: ...
    @property
    def css(self) -> str: ...
    @property
    def label(self) -> str: ...


V = TypeVar("V", bound=_DayBar)
_LEFT, _RIGHT, _TOP, _BOTTOM = 52, 8, 10, 24  # room for the axis labels (_LEFT at least)
# The labels are drawn at the stylesheet's 11 px in the viewBox's units, and nothing
# outside the viewBox shows once the chart fills a narrow screen: the left margin grows
# with the longest value label, at a digit's width with room to spare.
_LABEL_CHAR, _LABEL_GAP = 7, 6


@dataclass(frozen=True)
class DayFigures:
    day: str  # "1 Dec 2026"
    checks: int
    up: str  # "99.31%"
    p50: str  # "120 ms" or "–"
    p95: str


@dataclass(frozen=True)
class MonitorView:
    id: str
    name: str
    kind: str
    status_label: str  # "Operational", or "Unknown" when stale or never run
    css: str  # a status value, or "unknown"
    advisory: bool
    last_run: datetime | None
    last_muted: bool  # the newest run was muted by maintenance: it counts in no figure
    latency: str  # the newest run's, "" when it has none
    message: str
    stale: bool
    aged_out: bool  # no run held for the page's moment: they were dropped, not never made
    chart: Markup  # inline SVG; empty when there is nothing to draw
    chart_summary: str
    days: tuple[DayFigures, ...]  # newest first, days with checks only


@dataclass(frozen=True)
class MeasuredView:
    """A component's measurement, ready to show beside what people declared."""

    status_label: str
    css: str
    uptime: str | None  # "99.80%"; None before any check counted, which no percentage says
    muted: bool  # none counted because maintenance muted them: not "no checks yet"
    advisory: bool  # shown, never changing the component's status
    monitors: tuple[MonitorView, ...]
    # The newest run of the monitors that count, and whether it is stale: when none of
    # the window's checks counted (a daily job with a one-day window, after midnight),
    # the status still stands on it, and the summary says when it ran, not "no checks".
    last_run: datetime | None = None
    stale: bool = False
    # No run of those that count held for the page's moment, some of them dropped (a
    # build for a moment more than 48 hours back): not "no checks recorded yet".
    aged_out: bool = False


def measured_view(
    measure: ComponentMeasure | None, now: datetime, tz: ZoneInfo, language: Language
) -> MeasuredView | None:
    """The view of a component's measurement at `now`, in the page's language (its words,
    and the pages' own formats, so numbers read alike); None for a component without
    monitors."""
    if measure is None:
        return None
    monitors = tuple(_monitor_view(m, now, tz, language) for m in measure.monitors)
    # Those the status reads: all of them when every one is advisory, else the others.
    counted = [v for v in monitors if v.last_run is not None and v.advisory == measure.advisory]
    newest = max(counted, key=lambda v: v.last_run or now, default=None)
    return MeasuredView(
        status_label=_label(measure.status, language),
        css=measure.status.value if measure.status else "unknown",
        uptime=None if measure.uptime is None else language.percent(measure.uptime),
        muted=measure.uptime is None and measure.muted > 0,
        advisory=measure.advisory,
        monitors=monitors,
        last_run=None if newest is None else newest.last_run,
        stale=newest is not None and newest.stale,
        aged_out=newest is None
        and any(v.aged_out for v in monitors if v.advisory == measure.advisory),
    )


def day_css(
    declared: str, day: date, measure: ComponentMeasure | None, language: Language
) -> tuple[str, str]:
    """A day bar's colour and extra words: the worse of the declared and measured status.

    A day without data (before the site's record or the component's `start_date`) stays
    so whatever was probed then: no invented history. Advisory checks add their words,
    never their colour, and only where no other monitor counts (measure_component)."""
    if measure is None or declared == "none":
        return declared, ""
    measured = measure.days.get(day)
    if measured is None:
        return declared, ""
    _ = language.gettext
    # The status's words inside a sentence, as the badge writes them: the catalog decides
    # their case (German keeps its nouns capitalised), not str.lower().
    words = _("checks: %(status)s") % {"status": status_words(measured.value, language)}
    colour = colouring_days(measure).get(day)
    if colour is None:
        return declared, words
    return worst_status([ComponentStatus(declared), colour]).value, words


def with_measured_day(view: V, measure: ComponentMeasure | None, language: Language) -> V:
    """A DayView (views.py's) whose colour and label also say what the checks measured."""
    css, words = day_css(view.css, view.day, measure, language)
    if not words:
        return view
    return replace(view, css=css, label=language.clauses([view.label, words]))


def _label(status: ComponentStatus | None, language: Language) -> str:
    _ = language.gettext
    return _(status.label) if status is not None else _("Unknown")


def _monitor_view(
    m: MonitorMeasure, now: datetime, tz: ZoneInfo, language: Language
) -> MonitorView:
    newest = m.newest
    _, percent = language.gettext, language.percent
    days = tuple(
        DayFigures(
            day=language.date(d.day),
            checks=d.checks,
            up=percent((d.checks - d.failures) / d.checks if d.checks else None),
            p50=_ms(d.p50_ms, language),
            p95=_ms(d.p95_ms, language),
        )
        for d in sorted(m.days.values(), key=lambda d: d.day, reverse=True)
        if d.checks
    )
    # Contained before the chart's title and summary put it into a sentence (views.py).
    name = contain_bidi(m.monitor.name)
    chart, summary = response_chart(m.monitor, name, m.charted, now, tz, language)
    return MonitorView(
        id=m.monitor.id,
        name=name,
        kind=(
            m.monitor.kind.value.upper() if m.monitor.kind.value != "heartbeat" else _("Heartbeat")
        ),
        status_label=_label(m.status, language),
        css=m.status.value if m.status else "unknown",
        advisory=m.monitor.advisory,
        last_run=newest.at if newest else None,
        last_muted=bool(newest and newest.muted),
        latency=(
            _ms(newest.latency_ms, language) if newest and newest.latency_ms is not None else ""
        ),
        message=check_message(newest.message, tz, language) if newest else "",
        stale=m.stale,
        aged_out=m.aged_out,
        chart=chart,
        chart_summary=summary,
        days=days,
    )


def check_message(text: str, tz: ZoneInfo, language: Language) -> str:
    """What a run said, in the page's language: a text a check wrote is read back into
    its words and translated, numbers and times in the page's formats; any other text (a
    heartbeat's own, the system's) is shown as written."""
    found = words.read(text)
    if found is None:
        return text
    said, values = found
    shown: dict[str, str] = dict(values)
    for name, value in values.items():
        if name in ("latency", "threshold"):
            shown[name] = language.number(int(value))
        elif name == "message":
            shown[name] = check_message(value, tz, language)
        elif name == "when":
            moment = datetime.strptime(value, "%Y-%m-%d %H:%M UTC").replace(tzinfo=timezone.utc)
            shown[name] = language.datetime(moment, tz)
        elif name == "days":
            shown["left"] = language.duration(timedelta(days=float(value)))
    return language.fill(said.shown, shown)


def _expiring(check: Check) -> bool:
    """Whether the run said its certificate expires soon (the one reason a check gives for
    `degraded` other than a slow answer)."""
    found = words.read(check.message)
    return found is not None and found[0] is words.EXPIRES


def _ms(value: int | None, language: Language) -> str:
    """`1,234 ms` with the language's digit grouping; a dash for no value."""
    _ = language.gettext
    return "–" if value is None else _("%(ms)s ms") % {"ms": language.number(value)}


def _nice_ceiling(value: float) -> int:
    """The axis top: 1, 2 or 5 times a power of ten, at least `value` and at least 10, so
    that half of it, the middle gridline's label, is a whole number of milliseconds."""
    if value <= 0:
        return 100
    power = 10 ** max(1, math.floor(math.log10(value)))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return int(step * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def _pieces(monitor: Monitor, checks: tuple[Check, ...]) -> list[list[Check]]:
    """The runs with a response time, in the unbroken pieces the line joins them in.

    A piece ends where the monitor went stale before the next run (nothing was measured
    for longer than its runs speak for, the same rule as its status) and at a failed run
    without an answer: a line through either would draw values nobody measured."""
    pieces: list[list[Check]] = []
    piece: list[Check] = []
    for check in checks:
        if check.latency_ms is None:
            unmeasured = check.result is CheckResult.DOWN
        else:
            unmeasured = bool(piece) and is_stale(monitor, piece[-1], check.at)
        if unmeasured and piece:
            pieces.append(piece)
            piece = []
        if check.latency_ms is not None:
            piece.append(check)
    if piece:
        pieces.append(piece)
    return pieces


def response_chart(
    monitor: Monitor,
    name: str,
    checks: tuple[Check, ...],
    now: datetime,
    tz: ZoneInfo,
    language: Language,
) -> tuple[Markup, str]:
    """An inline SVG of the runs' latencies from the first run up to `now`, and its
    one-sentence summary.

    The line breaks where nothing was measured (_pieces), and the summary counts the
    stretches without runs, the one after the newest included. Runs that failed are
    marked on the baseline (those muted by maintenance apart, and counted in no figure);
    no drawing at all without a run. The figures are of the
    runs' response times as the daily figures count them (a failed answer has one, a run
    without an answer none), and say so when some runs had none. Runs of which none got
    an answer (a refused port, an untrusted certificate) still show their count and
    failures, on an empty axis: a page in outage must say why.
    """
    if not checks:
        return Markup(""), ""
    timed = [c for c in checks if c.latency_ms is not None]
    # The time axis ends at the build's clock, not at the last run: "over the last N hours"
    # counts back from now, and a monitor that stopped reporting shows the gap.
    start, end = checks[0].at, max(now, checks[-1].at)
    span = max((end - start).total_seconds(), 1.0)
    top = _nice_ceiling(max((c.latency_ms or 0 for c in timed), default=0))
    values = (_ms(top, language), _ms(top // 2, language), "0")
    left = max(_LEFT, _LABEL_GAP * 2 + _LABEL_CHAR * max(map(len, values)))
    plot_w, plot_h = _WIDTH - left - _RIGHT, _HEIGHT - _TOP - _BOTTOM

    def x(at: datetime) -> float:
        return left + plot_w * (at - start).total_seconds() / span

    def y(ms: int) -> float:
        return _TOP + plot_h * (1 - ms / top)

    def point(c: Check) -> str:
        return f"{x(c.at):.1f},{y(c.latency_ms or 0):.1f}"

    # One path of pieces keeps the SVG small. A lone run is a zero-length piece, which the
    # stylesheet's round caps draw as a dot: a measured value, however short its piece.
    line = "".join(
        f"M{point(piece[0])}L" + " ".join(map(point, piece[1:] or piece))
        for piece in _pieces(monitor, checks)
    )
    # Stretches longer than the monitor's runs speak for: between two runs, and after the
    # newest up to `now` (a job that stopped reporting), as the line shows them.
    gaps = sum(1 for a, b in pairwise(checks) if is_stale(monitor, a, b.at))
    gaps += is_stale(monitor, checks[-1], now)
    # A failure during planned work counts in no figure (the page's "% of checks passed"
    # leaves it out): marked apart on the baseline, in the maintenance colour. A slow run
    # then is no verdict either: on the line, but neither counted nor dotted as slow.
    failures = [c for c in checks if c.result is CheckResult.DOWN and not c.muted]
    quiet = [c for c in checks if c.result is CheckResult.DOWN and c.muted]
    degraded = [c for c in checks if c.result is CheckResult.DEGRADED and not c.muted]
    # A TLS run is degraded by a certificate close to expiry however fast it answered: said
    # for that reason, never counted or drawn as slow.
    expiring = [c for c in degraded if _expiring(c)]
    slow = [c for c in degraded if not _expiring(c)]
    latencies = response_times(checks)
    hours = max(1, round(span / 3600))
    gettext, ngettext, number = language.gettext, language.ngettext, language.number
    # Two counts, two plurals: "1 run over the last 2 hours".
    runs = ngettext("%(count)s run", "%(count)s runs", len(checks)) % {"count": number(len(checks))}
    parts = [
        ngettext(
            "%(name)s: %(runs)s over the last %(count)s hour",
            "%(name)s: %(runs)s over the last %(count)s hours",
            hours,
        )
        % {"name": name, "runs": runs, "count": number(hours)},
    ]
    if gaps:
        parts.append(
            # Translators: stretches of the chart in which a monitor recorded no run for
            # longer than three of its intervals; the line is broken there.
            ngettext("%(count)s gap without runs", "%(count)s gaps without runs", gaps)
            % {"count": number(gaps)}
        )
    if latencies:
        parts.append(
            gettext("response time median %(median)s, 95th percentile %(p95)s, slowest %(slowest)s")
            % {
                "median": _ms(percentile(latencies, 0.50), language),
                "p95": _ms(percentile(latencies, 0.95), language),
                "slowest": _ms(latencies[-1], language),
            }
        )
    unanswered = len(checks) - len(latencies)
    if unanswered:
        parts.append(
            ngettext(
                "%(count)s without an answer, left out of the response times",
                "%(count)s without an answer, left out of the response times",
                unanswered,
            )
            % {"count": number(unanswered)}
        )
    if failures:
        failed = len(failures)
        parts.append(
            # A count of runs: plural, as every count is, so a language can inflect it.
            ngettext("%(count)s failed", "%(count)s failed", failed) % {"count": number(failed)}
        )
    if slow:
        parts.append(
            ngettext("%(count)s slow", "%(count)s slow", len(slow)) % {"count": number(len(slow))}
        )
    if expiring:
        parts.append(
            # Translators: runs of a TLS check whose certificate expires within `warn_days`.
            ngettext(
                "%(count)s with the certificate expiring soon",
                "%(count)s with the certificate expiring soon",
                len(expiring),
            )
            % {"count": number(len(expiring))}
        )
    # Said, so the runs the figures count and the runs drawn add up for the reader.
    muted = sum(1 for c in checks if c.muted)
    if muted:
        parts.append(
            # Translators: runs made during planned maintenance, counted in no figure.
            ngettext("%(count)s muted", "%(count)s muted", muted) % {"count": number(muted)}
        )
    summary = language.sentence(language.clauses(parts))
    first, last = start.astimezone(tz), end.astimezone(tz)

    def moment(place: str, local: datetime) -> str:
        # Day and month in the language's short form, then the 24-hour time; with the
        # moment (SVG has no <time>), which the reader's-zone script converts as it does
        # the page's other times.
        words = language.join_date_time(language.day_month(local.date()), language.time(local))
        return f'<text {place} data-datetime="{machine_time(local)}">{escape(words)}</text>'

    ident = f"rt-{monitor.id}"
    # Time runs left to right on the axis in every language, and the labels' anchors are
    # placed for that: a page's dir="rtl" inherited would turn "end" into the left edge
    # and push the labels out of the viewBox.
    title = gettext("Response time of %(name)s") % {"name": name}
    # Named by its title alone, with no <desc>: the summary is the figure's caption
    # (partials/monitors.html), which a screen reader would otherwise read twice.
    parts = [
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {_HEIGHT}" direction="ltr" role="img" '
        f'aria-labelledby="{ident}-t" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        '<g class="chart-grid" aria-hidden="true">',
        f'<line x1="{left}" y1="{_TOP}" x2="{_WIDTH - _RIGHT}" y2="{_TOP}"/>',
        f'<line x1="{left}" y1="{_TOP + plot_h / 2:.1f}" x2="{_WIDTH - _RIGHT}" '
        f'y2="{_TOP + plot_h / 2:.1f}"/>',
        f'<line x1="{left}" y1="{_TOP + plot_h}" x2="{_WIDTH - _RIGHT}" y2="{_TOP + plot_h}"/>',
        "</g>",
        '<g class="chart-axis" aria-hidden="true">',
        f'<text x="{left - _LABEL_GAP}" y="{_TOP + 4}" text-anchor="end">'
        f"{escape(values[0])}</text>",
        f'<text x="{left - _LABEL_GAP}" y="{_TOP + plot_h / 2 + 4:.1f}" text-anchor="end">'
        f"{escape(values[1])}</text>",
        f'<text x="{left - _LABEL_GAP}" y="{_TOP + plot_h + 4}" text-anchor="end">0</text>',
        moment(f'x="{left}" y="{_HEIGHT - 6}"', first),
        moment(f'x="{_WIDTH - _RIGHT}" y="{_HEIGHT - 6}" text-anchor="end"', last),
        "</g>",
    ]
    if line:
        parts.append(f'<path class="chart-line" aria-hidden="true" d="{line}"/>')
    for c in slow:
        parts.append(
            f'<circle class="chart-slow" aria-hidden="true" cx="{x(c.at):.1f}" '
            f'cy="{y(c.latency_ms or 0):.1f}" r="2.5"/>'
        )
    for kind, marked in (("chart-down", failures), ("chart-muted", quiet)):
        parts.extend(
            f'<rect class="{kind}" aria-hidden="true" x="{x(c.at) - 1.5:.1f}" '
            f'y="{_TOP + plot_h - 8}" width="3" height="8"/>'
            for c in marked
        )
    parts.append("</svg>")
    return Markup("".join(parts)), summary
