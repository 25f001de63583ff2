"""Bar charts of money as inline SVG: no script and no external service, values in tooltips."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

#: Bar colours of plan series in charts (one per plan, repeating).
SERIES_COLOURS = ("#3f51b5", "#b8860b", "#047857", "#7e22ce", "#b91c1c")
#: Actual spend beside each plan's planned bars: a lighter tone of the plan's colour.
ACTUAL_COLOURS = ("#9fa8da", "#e0c97a", "#6ee7b7", "#c4b5fd", "#fca5a5")


@dataclass
class Series:
    name: str
    values: list[float]
    colour: str


def bar_chart(
    title: str, labels: Sequence[str], series: Sequence[Series], fmt: Callable[[float], str], ident: str
) -> Markup:
    """A grouped bar chart as inline SVG (no script, no external service); values in ``<title>`` tooltips."""
    width, plot_height, left, bottom, top = 560, 280, 64, 50, 14
    legend = _legend_positions([s.name for s in series], left, width - 10)
    legend_rows = max((row for _, row in legend), default=0)
    height = plot_height + 16 * legend_rows
    n = max(len(labels), 1)
    peak = max([v for s in series for v in s.values] + [0.0])
    scale = (plot_height - bottom - top) / peak if peak > 0 else 0.0
    slot = (width - left - 10) / n
    bar_w = max(slot * 0.8 / max(len(series), 1), 1.0)
    parts = [
        f'<svg class="gt-chart" id="{escape(ident)}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(ident)}-title" preserveAspectRatio="xMinYMin meet" '
        f'style="width:100%;max-width:{width}px;height:auto">',
        f'<title id="{escape(ident)}-title">{escape(title)}</title>',
    ]
    base = plot_height - bottom
    for frac in (0.0, 0.5, 1.0):
        y = base - (plot_height - bottom - top) * frac
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="currentColor">{escape(fmt(peak * frac))}</text>'
        )
    every = max(1, (n + 11) // 12)
    for i, label in enumerate(labels):
        x0 = left + slot * i + slot * 0.1
        for j, s in enumerate(series):
            value = s.values[i] if i < len(s.values) else 0.0
            h = value * scale
            x = x0 + bar_w * j
            parts.append(
                f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{s.colour}"><title>{escape(s.name)}, {escape(label)}: '
                f"{escape(fmt(value))}</title></rect>"
            )
        if i % every == 0:
            cx = left + slot * i + slot / 2
            parts.append(
                f'<text x="{cx:.1f}" y="{base + 14}" text-anchor="middle" font-size="12" '
                f'fill="currentColor">{escape(label)}</text>'
            )
    for s, (x, row) in zip(series, legend, strict=True):
        y = plot_height + 16 * row
        parts.append(
            f'<rect x="{x:.0f}" y="{y - 16}" width="10" height="10" fill="{s.colour}"/>'
            f'<text x="{x + 14:.0f}" y="{y - 7}" font-size="12" fill="currentColor">'
            f"{escape(s.name)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _legend_positions(names: Sequence[str], left: float, right: float) -> list[tuple[float, int]]:
    """(x, row) of each legend entry: entries flow left to right and wrap, so none overlap."""
    out = []
    x, row = left, 0
    for name in names:
        w = 14 + 7 * len(name) + 18  # swatch, text at about 7 px a character, gap
        if x > left and x + w > right:
            x, row = left, row + 1
        out.append((x, row))
        x += w
    return out
