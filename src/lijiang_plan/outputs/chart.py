"""Geometry of the trend chart: stacked bars of unit statuses per period, as numbers for an SVG.

The template draws the SVG from these numbers; each series has a fill
pattern as well as a colour (hatching, dots), and every bar segment carries
its count as text, so the chart is readable in black and white and without
colour vision. The same numbers are in the table under the chart.
"""

from __future__ import annotations

from typing import Any

from lijiang_plan.i18n import _
from lijiang_plan.outputs import words

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 150, 16, 36

#: Series, bottom to top: key in the totals, CSS class (colour and pattern), label.
SERIES = tuple(
    (key, code, words.STATUSES[code])
    for key, code in (
        ("on_time", "on-time"),
        ("late", "late"),
        ("undated", "undated"),
        ("unreadable", "unreadable"),
        ("missing", "missing"),
    )
)


def trend(periods: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars (one per period), axis ticks and the legend, in SVG user units."""
    expected = max((p["expected"] for p in periods), default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(periods), 1)
    bar_w = min(56.0, slot * 0.6)
    scale = plot_h / expected
    bars = []
    for i, period in enumerate(periods):
        x = LEFT + slot * i + (slot - bar_w) / 2
        y = TOP + plot_h
        segments = []
        for key, cls, label in SERIES:
            count = period[key]
            if not count:
                continue
            height = count * scale
            y -= height
            segments.append(
                {"cls": cls, "y": _r(y), "height": _r(height), "count": count, "label": _(label), "show": height >= 12}
            )
        bars.append(
            {
                "x": _r(x),
                "width": _r(bar_w),
                "mid": _r(x + bar_w / 2),
                "period": period["period"],  # the axis keeps the short code; the tooltip says it in words
                "label": period.get("label", period["period"]),
                "segments": segments,
            }
        )
    ticks = sorted({0, expected, *range(0, expected, 10)})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": TOP + plot_h,
        "bars": bars,
        "ticks": [{"value": t, "y": _r(TOP + plot_h - t * scale)} for t in ticks],
        "legend": [
            {"cls": cls, "label": _(label), "y": TOP + 20 * i} for i, (_key, cls, label) in enumerate(reversed(SERIES))
        ],
        "legend_x": WIDTH - RIGHT + 16,
    }


def _r(value: float) -> float:
    return round(value, 1)
