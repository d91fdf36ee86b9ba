"""Vega-Lite specs for the policy goals: an indicator's trend with its baseline and target. Plain dictionaries
from published (suppressed) figures only; the same spec is drawn on the page (vega-embed) and in the
committee PDF (vl-convert). No Django here: callers pass translated labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
LINE = "#0059b3"  # the outcomes charts' first colour: at least 3:1 against white
TARGET = "#b35900"
BASELINE = "#545454"


def trend_chart(
    *,
    description: str,
    points: Sequence[tuple[str, float | None]],
    y_title: str,
    period_title: str,
    target_level: float | None = None,
    target_label: str = "",
    baseline: float | None = None,
    baseline_label: str = "",
    lower_is_better: bool = False,
    height: int = 180,
) -> dict[str, Any]:
    """One line through the published totals per period, broken where a period is hidden (value None: it
    keeps its place on the axis, and no line is drawn across it), a dashed rule at the target and a dotted
    one at the baseline. `points`: (period label, value or None), oldest first."""
    order = [p for p, _ in points]
    crowded = len(order) > 4 and height < 160
    x = {"field": "period", "type": "ordinal", "title": period_title, "sort": order,
         "scale": {"domain": order}, "axis": {"labelAngle": -45 if crowded else 0}}
    values, segment = [], 0
    for period, value in points:
        if value is None:
            segment += 1
        else:
            values.append({"period": period, "value": value, "segment": segment})
    y = {"field": "value", "type": "quantitative", "title": y_title,
         "scale": {"zero": False, "nice": True, "reverse": lower_is_better}}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": values},
            "mark": {"type": "line", "point": {"filled": True, "size": 60}, "strokeWidth": 2, "color": LINE},
            "encoding": {"x": x, "y": y, "detail": {"field": "segment", "type": "nominal"}, "tooltip": [
                {"field": "period", "title": period_title},
                {"field": "value", "title": y_title, "format": ",.1f"},
            ]},
        }
    ]
    for level, label, colour, dash in ((target_level, target_label, TARGET, [6, 4]),
                                       (baseline, baseline_label, BASELINE, [2, 3])):
        if level is None:
            continue
        layers.append({
            "data": {"values": [{"value": level, "label": label}]},
            "layer": [
                {"mark": {"type": "rule", "color": colour, "strokeDash": dash, "strokeWidth": 1.5},
                 "encoding": {"y": {"field": "value", "type": "quantitative"}}},
                {"mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "color": colour, "fontSize": 11,
                          "x": 0},
                 "encoding": {"y": {"field": "value", "type": "quantitative"},
                              "text": {"field": "label", "type": "nominal"}}},
            ],
        })
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {"axis": {"labelFontSize": 12, "titleFontSize": 12}, "view": {"stroke": None}},
        "layer": layers,
    }
