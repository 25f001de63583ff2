"""Small inline SVG charts for the KPI, signal and home dashboard pages.

Drawn in Python, no script and no external service: a chart is plain markup the browser renders.
Every label is HTML-escaped, every number formatted here, and every chart carries ``role="img"``
and a text alternative; the pages put the figures' table beside each chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..domain.kpis import AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK
from .render import short_number

STATUS_COLOURS = {ON_TRACK: "#15803d", AT_RISK: "#b45309", OFF_TRACK: "#b91c1c", NO_DATA: "#9ca3af"}
LINE_COLOUR = "#3f51b5"
TRACK_COLOUR = "#e5e7eb"
TEXT_COLOUR = "#4b5563"


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _labelled_svg(kind: str, label: str, width: int, height: int) -> list[Markup]:
    """The opening of a chart that is an image with a text alternative: ``<svg …>`` and its title."""
    return [
        Markup(
            '<svg class="gt-chart {}" role="img" viewBox="0 0 {} {}" width="{}" height="{}" '
            'aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
        ).format(kind, width, height, width, height, label),
        Markup("<title>{}</title>").format(label),
    ]


def line_chart(points: Sequence[tuple[str, float]], *, label: str, width: int = 360, height: int = 140) -> Markup:
    """A line over periods, with its first and last period and its range labelled."""
    left, right, top, bottom = 44, 10, 10, 22
    w, h = width - left - right, height - top - bottom
    values = [v for _, v in points]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad

    def x(i: int) -> float:
        return left + (w * i / (len(points) - 1) if len(points) > 1 else w / 2)

    def y(v: float) -> float:
        return top + h - (v - low) / (high - low) * h

    parts = [
        *_labelled_svg("gt-line-chart", label, width, height),
        Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>').format(
            left, top + h, left + w, top + h, TRACK_COLOUR
        ),
    ]
    for v in (high - pad, low + pad):
        parts.append(
            Markup('<text x="{}" y="{}" font-size="10" text-anchor="end" fill="{}">{}</text>').format(
                left - 4, _f(y(v) + 3), TEXT_COLOUR, short_number(v)
            )
        )
    if points:
        coords = " ".join(f"{_f(x(i))},{_f(y(v))}" for i, (_, v) in enumerate(points))
        parts.append(
            Markup('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>').format(coords, LINE_COLOUR)
        )
        for i, (period, v) in enumerate(points):
            parts.append(
                Markup('<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}: {}</title></circle>').format(
                    _f(x(i)), _f(y(v)), LINE_COLOUR, period, short_number(v)
                )
            )
        parts.append(
            Markup('<text x="{}" y="{}" font-size="10" fill="{}">{}</text>').format(
                left, height - 6, TEXT_COLOUR, points[0][0]
            )
        )
        if len(points) > 1:
            parts.append(
                Markup('<text x="{}" y="{}" font-size="10" text-anchor="end" fill="{}">{}</text>').format(
                    left + w, height - 6, TEXT_COLOUR, points[-1][0]
                )
            )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def progress_text(progress: float | None, expected: float | None) -> str:
    """``progress 12%, 42% expected``: what a progress bar shows, in words."""
    text = "no data" if progress is None else f"progress {progress * 100:.0f}%"
    if expected is not None:
        text += f", {expected * 100:.0f}% expected"
    return text


def progress_bar(progress: float | None, expected: float | None, status: str, *, width: int = 110) -> Markup:
    """Progress from baseline (left) to target (right), with a tick at the expected progress.

    Decorative: the figures are in the cells beside it (and the cell's tooltip), so the bar adds
    no text of its own to the table (its words would run into the figures: "12%42%").
    """
    height = 12
    fill = 0.0 if progress is None else min(max(progress, 0.0), 1.0)
    parts = [
        Markup(
            '<svg class="gt-chart gt-progress" aria-hidden="true" focusable="false" viewBox="0 0 {} {}" '
            'width="{}" height="{}" xmlns="http://www.w3.org/2000/svg">'
        ).format(width, height, width, height),
        Markup('<rect x="0" y="2" width="{}" height="8" rx="2" fill="{}"/>').format(width, TRACK_COLOUR),
    ]
    if fill > 0:
        parts.append(
            Markup('<rect x="0" y="2" width="{}" height="8" rx="2" fill="{}"/>').format(
                _f(width * fill), STATUS_COLOURS.get(status, LINE_COLOUR)
            )
        )
    if expected is not None:
        ex = _f(min(max(expected, 0.0), 1.0) * (width - 2) + 1)
        parts.append(
            Markup('<line x1="{}" y1="0" x2="{}" y2="{}" stroke="#111827" stroke-width="2"/>').format(ex, ex, height)
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


@dataclass(frozen=True)
class Segment:
    label: str
    value: float
    colour: str


def stacked_bar(segments: Sequence[Segment], *, label: str, width: int = 260, height: int = 18) -> Markup:
    """One bar split into segments in proportion to their values (an empty track when all are 0)."""
    total = sum(s.value for s in segments if s.value > 0)
    parts = [
        *_labelled_svg("gt-stacked", label, width, height),
        Markup('<rect x="0" y="0" width="{}" height="{}" fill="{}"/>').format(width, height, TRACK_COLOUR),
    ]
    pos = 0.0
    for s in segments:
        if s.value <= 0 or total <= 0:
            continue
        w = width * s.value / total
        parts.append(
            Markup('<rect x="{}" y="0" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>').format(
                _f(pos), _f(w), height, s.colour, s.label, short_number(s.value)
            )
        )
        pos += w
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def bars(rows: Sequence[Segment], *, label: str, width: int = 300, bar: int = 10, gap: int = 8) -> Markup:
    """Horizontal bars on one scale, one per row, each under its label and value."""
    text_h = 12
    step = text_h + bar + gap
    height = max(len(rows), 1) * step
    top = max((r.value for r in rows), default=0.0)
    parts = _labelled_svg("gt-bars", label, width, height)
    for n, r in enumerate(rows):
        y = n * step
        w = width * r.value / top if top > 0 and r.value > 0 else 0
        parts.append(
            Markup('<text x="0" y="{}" font-size="10" fill="{}">{}</text>').format(y + 10, TEXT_COLOUR, r.label)
        )
        parts.append(
            Markup('<text x="{}" y="{}" font-size="10" text-anchor="end" fill="{}">{}</text>').format(
                width, y + 10, TEXT_COLOUR, short_number(r.value)
            )
        )
        parts.append(
            Markup('<rect x="0" y="{}" width="{}" height="{}" fill="{}"/>').format(y + text_h, width, bar, TRACK_COLOUR)
        )
        if w:
            parts.append(
                Markup('<rect x="0" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>').format(
                    y + text_h, _f(w), bar, r.colour, r.label, short_number(r.value)
                )
            )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
