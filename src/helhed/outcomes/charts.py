"""Vega-Lite chart specifications as plain dictionaries (one spec for the screen and, later, for PDF).

No Django here: callers pass translated labels and plain values. Every chart also has a table beside it
in the page, so nothing is said by the chart alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# Colour-blind-safe categorical colours with at least 3:1 contrast against white (Okabe and Ito, darkened).
PALETTE = ["#0059b3", "#b35900", "#00785a", "#a6006b", "#5b3a96", "#6b6b00", "#00758f", "#8c2d04"]


def _base(description: str, height: int) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
            "legend": {"labelFontSize": 12},
            "view": {"stroke": None},
        },
    }


def progress_chart(
    *,
    description: str,
    points: Sequence[dict[str, Any]],
    y_title: str,
    y_min: float | None,
    y_max: float | None,
    lower_is_better: bool = False,
    reference: float | None = None,
    reference_label: str = "",
    date_title: str = "Date",
    measure_title: str = "Measure",
    rater_title: str = "Rated by",
    answer_title: str = "Answer",
) -> dict[str, Any]:
    """Scores over time: one line per measure, points shaped by who rated; better is always up.

    `points`: dicts with date (ISO), measure, value, rater and label (the answer in words).
    """
    y: dict[str, Any] = {
        "field": "value",
        "type": "quantitative",
        "title": y_title,
        "scale": {"zero": False, "reverse": lower_is_better, "nice": False},
    }
    if y_min is not None and y_max is not None:
        y["scale"]["domain"] = [y_min, y_max]
    x = {
        "field": "date",
        "type": "temporal",
        "title": date_title,
        "axis": {"format": "%d.%m.%Y", "labelAngle": 0, "tickCount": 6},
    }
    color = {
        "field": "measure",
        "type": "nominal",
        "title": measure_title,
        "scale": {"range": PALETTE},
        "legend": {"orient": "bottom", "columns": 2, "labelLimit": 320},
    }
    layers: list[dict[str, Any]] = [
        {"mark": {"type": "line", "strokeWidth": 2}, "encoding": {"x": x, "y": y, "color": color}},
        {
            "mark": {"type": "point", "filled": True, "size": 80, "opacity": 1},
            "encoding": {
                "x": x,
                "y": y,
                "color": color,
                "shape": {
                    "field": "rater",
                    "type": "nominal",
                    "title": rater_title,
                    "legend": {"orient": "bottom"},
                },
                "tooltip": [
                    {"field": "date", "type": "temporal", "title": date_title, "format": "%d.%m.%Y"},
                    {"field": "measure", "title": measure_title},
                    {"field": "label", "title": answer_title},
                    {"field": "rater", "title": rater_title},
                ],
            },
        },
    ]
    if reference is not None:
        layers.append(
            {
                "data": {"values": [{"ref": reference, "text": reference_label}]},
                "layer": [
                    {
                        "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#454545"},
                        "encoding": {"y": {"field": "ref", "type": "quantitative"}},
                    },
                    {
                        "mark": {
                            "type": "text",
                            "align": "left",
                            "dx": 4,
                            "dy": -6,
                            "color": "#454545",
                            "x": 0,
                        },
                        "encoding": {
                            "y": {"field": "ref", "type": "quantitative"},
                            "text": {"field": "text"},
                        },
                    },
                ],
            }
        )
    spec = _base(description, 220)
    spec["data"] = {"values": list(points)}
    spec["layer"] = layers
    return spec


def share_chart(
    *,
    description: str,
    rows: Sequence[dict[str, Any]],
    x_title: str,
    group_title: str,
    share_title: str,
    low_title: str,
    high_title: str,
    n_title: str,
) -> dict[str, Any]:
    """Share reached or improved per group, with its 95 % interval as a bar (groups under 5 left out).

    `rows`: dicts with group, share, low, high (0-1) and n.
    """
    y = {"field": "group", "type": "nominal", "title": group_title, "sort": None, "axis": {"labelLimit": 260}}
    x_scale = {"domain": [0, 1]}
    tooltip = [
        {"field": "group", "title": group_title},
        {"field": "share", "title": share_title, "format": ".0%"},
        {"field": "low", "title": low_title, "format": ".0%"},
        {"field": "high", "title": high_title, "format": ".0%"},
        {"field": "n", "title": n_title},
    ]
    spec = _base(description, max(60, 34 * len(rows)))
    spec["data"] = {"values": list(rows)}
    spec["layer"] = [
        {
            "mark": {"type": "rule", "strokeWidth": 3, "color": "#0059b3"},
            "encoding": {
                "y": y,
                "x": {
                    "field": "low",
                    "type": "quantitative",
                    "title": x_title,
                    "scale": x_scale,
                    "axis": {"format": ".0%"},
                },
                "x2": {"field": "high"},
                "tooltip": tooltip,
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 110, "color": "#002b57"},
            "encoding": {
                "y": y,
                "x": {"field": "share", "type": "quantitative", "scale": x_scale},
                "tooltip": tooltip,
            },
        },
    ]
    return spec
