"""Vega-Lite chart specifications for the staircase pages and the committee PDF: one spec for both.

Plain functions from model results to dicts (no database). The page embeds them with vega-embed; the PDF
renders them to SVG with vl-convert. Every chart has a `description` (read by screen readers) and sits
next to a table with the same figures, so nothing is only in a chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from helhed.staircase.disclosure import PublishedFlow
from helhed.staircase.positions import Quarter
from helhed.staircase.projection import Projection, Simulation

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# Colours with at least 3:1 contrast on white, told apart by shape or position too.
COLOURS = ["#0059b3", "#b35900", "#008139", "#8a2be2", "#b51d09", "#545454"]
STEP_COLOURS = ["#bdbdbd", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"]


def _locale() -> dict[str, Any]:
    if (get_language() or "da").startswith("da"):
        return {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr."]}}
    return {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " kr."]}}


def _base(description: str, **spec: Any) -> dict[str, Any]:
    return {
        "$schema": SCHEMA, "description": description, "width": "container", "height": 260,
        # The container is role="img" with this description, and a table beside it holds the figures, so
        # the marks inside are left out of the accessibility tree.
        "config": {"aria": False, "locale": _locale(), "font": "IBM Plex Sans, Arial, sans-serif",
                   "axis": {"labelFontSize": 12, "titleFontSize": 12}, "legend": {"labelFontSize": 12}},
        **spec,
    }


def savings(
    items: Sequence[tuple[str, Projection, Simulation | None]], *, cumulative: bool = False
) -> dict[str, Any]:
    """Net saving per year (or cumulative) per scenario, with the simulated interval as a band."""
    field = "cumulative_net" if cumulative else "net_saving"
    rows = []
    for name, p, sim in items:
        intervals = sim.intervals(field) if sim is not None else None
        for t, year in enumerate(p.years):
            value = float(getattr(p, field)[t])
            rows.append({
                "scenario": name, "year": str(year), "value": value / 1e6,
                "low": (intervals[t].low if intervals else value) / 1e6,
                "high": (intervals[t].high if intervals else value) / 1e6,
            })
    title = _("Cumulative net saving, mio. kr.") if cumulative else _("Net saving, mio. kr.")
    level = next((int(sim.level * 100) for _n, _p, sim in items if sim is not None), 90)
    colour = {"field": "scenario", "type": "nominal", "title": _("Scenario"),
              "scale": {"range": COLOURS}, "legend": {"orient": "bottom", "columns": 1}}
    x = {"field": "year", "type": "ordinal", "title": _("Year"), "axis": {"labelAngle": 0}}
    return _base(
        _("%(what)s per year for each scenario; the band is the %(level)s %% interval from the simulation.")
        % {"what": title, "level": level},
        data={"values": rows},
        layer=[
            {"mark": {"type": "area", "opacity": 0.15},
             "encoding": {"x": x, "y": {"field": "low", "type": "quantitative", "title": title},
                          "y2": {"field": "high"}, "color": colour}},
            {"mark": {"type": "line", "point": True, "strokeWidth": 2},
             "encoding": {"x": x, "y": {"field": "value", "type": "quantitative", "title": title},
                          "color": colour, "shape": {"field": "scenario", "type": "nominal", "legend": None},
                          "tooltip": [{"field": "scenario", "title": _("Scenario")},
                                      {"field": "year", "title": _("Year")},
                                      {"field": "value", "title": title, "format": ",.2f"},
                                      {"field": "low", "title": _("Low"), "format": ",.2f"},
                                      {"field": "high", "title": _("High"), "format": ",.2f"}]}},
            {"mark": {"type": "rule", "color": "#1a1a1a"}, "encoding": {"y": {"datum": 0}}},
        ],
    )


def cases_per_step(p: Projection) -> dict[str, Any]:
    """Cases per step each year as stacked bars: without the team beside with the team."""
    rows = []
    for t, year in enumerate(p.years):
        courses = ((_("Without the team"), p.cases_baseline), (_("With the team"), p.cases_scenario))
        for which, cases in courses:
            for i, state in enumerate(p.states):
                if i == 0 and cases[t][0] == 0:
                    continue
                rows.append({"year": str(year), "course": which, "step": state, "order": i,
                             "cases": round(float(cases[t][i]), 1)})
    return _base(
        _("Cases on each step of the staircase per year, without and with the team."),
        data={"values": rows},
        mark={"type": "bar"},
        encoding={
            "column": {"field": "course", "type": "nominal", "title": None, "sort": "descending",
                       "header": {"labelFontSize": 13, "labelFontWeight": 600}},
            "x": {"field": "year", "type": "ordinal", "title": _("Year"), "axis": {"labelAngle": 0}},
            "y": {"field": "cases", "type": "quantitative", "title": _("Cases"), "stack": "zero"},
            "color": {"field": "step", "type": "ordinal", "title": _("Step"), "sort": list(p.states),
                      "scale": {"domain": list(p.states), "range": STEP_COLOURS[: len(p.states)]},
                      "legend": {"orient": "right", "labelLimit": 320}},
            "order": {"field": "order"},
            "tooltip": [{"field": "year", "title": _("Year")}, {"field": "course", "title": " "},
                        {"field": "step", "title": _("Step")}, {"field": "cases", "title": _("Cases")}],
        },
        width=260,
    )


def flows(rows: Sequence[tuple[Quarter, PublishedFlow]]) -> dict[str, Any]:
    """Per quarter: cases that moved down, stayed, moved up (and entered or left), as grouped bars.

    The published counts only: a hidden count has no value (no bar) in the data (ADR 0104).
    """
    kinds = [("down", _("Moved down")), ("stayed", _("Stayed")), ("up", _("Moved up")),
             ("entered", _("Entered")), ("left", _("Left the staircase"))]
    values = [{"quarter": q.label, "kind": label, "order": i, "cases": getattr(f, key).value}
              for q, f in rows for i, (key, label) in enumerate(kinds)]
    return _base(
        _("Cases per quarter that moved down, stayed, moved up, entered or left the staircase. "
          "Counts under 5, and counts they could be worked out from, are hidden and have no bar."),
        data={"values": values},
        mark={"type": "bar"},
        encoding={
            "x": {"field": "quarter", "type": "ordinal", "title": _("Quarter"), "axis": {"labelAngle": 0}},
            "xOffset": {"field": "kind", "sort": [label for _k, label in kinds]},
            "y": {"field": "cases", "type": "quantitative", "title": _("Cases")},
            "color": {"field": "kind", "type": "nominal", "title": None,
                      "sort": [label for _k, label in kinds],
                      "scale": {"range": ["#008139", "#8c8c8c", "#b51d09", "#0059b3", "#b35900"]},
                      "legend": {"orient": "bottom"}},
            "tooltip": [{"field": "quarter", "title": _("Quarter")}, {"field": "kind", "title": " "},
                        {"field": "cases", "title": _("Cases")}],
        },
    )


def realised(rows: Sequence[tuple[str, float, float, float | None]]) -> dict[str, Any]:
    """Cumulative saving quarter by quarter: expected by the business case, realised against its course
    without the team, and realised against the course the municipality's history predicts."""
    values = []
    for label, expected, actual, against_history in rows:
        values.append({"quarter": label, "course": _("Expected"), "value": expected / 1e6})
        values.append({"quarter": label, "course": _("Realised, against the budget"), "value": actual / 1e6})
        if against_history is not None:
            values.append({"quarter": label, "course": _("Realised, against the history's course"),
                           "value": against_history / 1e6})
    title = _("Cumulative saving, mio. kr.")
    return _base(
        _("Cumulative saving on the measures budget per quarter: expected by the business case, realised "
          "against the budget, and realised against the course the municipality's history predicts."),
        data={"values": values},
        mark={"type": "line", "point": True, "strokeWidth": 2},
        encoding={
            "x": {"field": "quarter", "type": "ordinal", "title": _("Quarter"), "axis": {"labelAngle": -45}},
            "y": {"field": "value", "type": "quantitative", "title": title},
            "color": {"field": "course", "type": "nominal", "title": None, "scale": {"range": COLOURS[:3]},
                      "legend": {"orient": "bottom", "labelLimit": 400}},
            "strokeDash": {"field": "course", "type": "nominal", "legend": None},
            "tooltip": [{"field": "quarter", "title": _("Quarter")}, {"field": "course", "title": " "},
                        {"field": "value", "title": title, "format": ",.2f"}],
        },
    )


def timeline(segments: Sequence[Any], steps: Sequence[Any]) -> dict[str, Any]:
    """A citizen's step over time as a step line."""
    values = []
    for seg in segments:
        values.append({"day": seg.start.isoformat(), "step": seg.step})
        values.append({"day": seg.end.isoformat(), "step": seg.step})
    return _base(
        _("The citizen's step on the staircase over time (0: off the staircase)."),
        data={"values": values},
        mark={"type": "line", "interpolate": "step-after", "strokeWidth": 3, "color": COLOURS[0]},
        encoding={
            "x": {"field": "day", "type": "temporal", "title": _("Date")},
            "y": {"field": "step", "type": "quantitative", "title": _("Step"),
                  "scale": {"domain": [0, len(steps)]},
                  "axis": {"tickMinStep": 1, "values": list(range(len(steps) + 1))}},
        },
        height=200,
    )
