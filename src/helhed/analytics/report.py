"""The policy goals on paper and in files: a short text per goal, the committee PDF (WeasyPrint, charts as
SVG by vl-convert as in the staircase report, ADR 0103), and the results as CSV and Excel.

Everything here works on what `selectors` hands out, which has been through suppression: a suppressed cell
has no figures to write, so no exporter can leak one. One function per format.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from helhed.analytics import charts
from helhed.analytics.choices import Breakdown, Light, TargetKind
from helhed.analytics.indicators import IndicatorDef
from helhed.analytics.selectors import IndicatorStatus, ResultRow
from helhed.analytics.suppression import PublishedCell, Suppressed
from helhed.housing.notices import csv_safe
from helhed.outcomes.targetgroups import target_groups
from helhed.staircase.report import _svg as chart_svg  # the staircase's vl-convert wrapper, reused


def number(indicator: IndicatorDef, value: float | None) -> str:
    """A figure as the reader sees it, in the active language (decimal comma in Danish)."""
    if value is None:
        return "–"
    decimals = 0 if indicator.kind == "count" else 1
    text = formats.number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True,
                                 force_grouping=True)
    return f"{text} {indicator.unit}".strip() if indicator.unit else text


def value_label(breakdown: str, value: str) -> str:
    """A breakdown value as a reader knows it: a target group by its name, an empty value as unknown."""
    if breakdown == "":
        return _("all")
    if value == "":
        return _("not known")
    if breakdown == Breakdown.TARGET_GROUP:
        names = {g.code: g.name for g in target_groups()}
        if value in names:
            return names[value].get(translation.get_language())
    return value


def cell_text(indicator: IndicatorDef, cell: PublishedCell | None) -> str:
    """A published cell as the reader sees it: its figure, why it is hidden, or that nobody is in it."""
    if cell is None:
        return "–"
    if cell.is_suppressed:
        return hidden_text(cell)
    if cell.value is None:
        return _("no one in the population")
    return number(indicator, cell.value)


def target_text(status: IndicatorStatus) -> str:
    """The target as a level (≥ 50.0 %), or as a change where the baseline may not be shown."""
    ind, target = status.indicator, status.target
    if target is None:
        return "–"
    if status.target_level is not None:
        return f"{'≥' if ind.direction == 'up' else '≤'} {number(ind, status.target_level)}"
    sign = "+" if target.target_value >= 0 else "−"
    if target.target_kind == TargetKind.CHANGE_PCT:
        change = formats.number_format(abs(target.target_value), decimal_pos=0, use_l10n=True)
        return _("%(change)s %% from the baseline") % {"change": f"{sign}{change}"}
    if target.target_kind == TargetKind.CHANGE_ABS and status.baseline_hidden:
        change = number(ind, abs(target.target_value))
        return _("%(change)s from the baseline") % {"change": f"{sign}{change}"}
    return "–"


def baseline_text(status: IndicatorStatus) -> str:
    if status.baseline_hidden:
        return _("fewer than 5")
    return number(status.indicator, status.baseline) if status.baseline is not None else "–"


def hidden_text(cell: PublishedCell) -> str:
    if cell.suppressed == Suppressed.PRIMARY:
        return _("fewer than 5")
    return _("hidden, so that a small figure cannot be worked out")


def _signed(indicator: IndicatorDef, change: float) -> str:
    return number(indicator, abs(change))


def goal_text(status: IndicatorStatus) -> str:
    """Two or three sentences for the committee: where the goal stands and which way it has moved."""
    ind = status.indicator
    if not ind.has_definition:
        return _("No data yet: Helhed does not yet hold the data this goal needs.")
    if status.latest is None or status.period is None:
        return _("No figures have been computed for this goal yet.")
    if status.latest.is_suppressed:
        return _("In %(period)s too few citizens were behind the figure to publish it.") % {
            "period": status.period}
    if status.latest.value is None:
        return _("In %(period)s no citizen was in the population this goal counts.") % {
            "period": status.period}
    parts = [_("In %(period)s the figure was %(value)s.") % {
        "period": status.period, "value": number(ind, status.latest.value)}]
    target = status.target
    if target is not None and status.target_level is not None:
        wanted = _("at least") if ind.direction == "up" else _("at most")
        if target.target_period:
            parts.append(_("The target is %(wanted)s %(level)s by %(when)s.") % {
                "wanted": wanted, "level": number(ind, status.target_level), "when": target.target_period})
        else:
            parts.append(_("The target is %(wanted)s %(level)s.") % {
                "wanted": wanted, "level": number(ind, status.target_level)})
    if target is not None and status.baseline is not None and status.baseline_change is not None:
        change = status.baseline_change
        base = {"baseline": number(ind, status.baseline), "when": target.baseline_period or "–",
                "change": _signed(ind, change)}
        if round(change, 3) == 0:
            parts.append(_("It is unchanged since the baseline of %(baseline)s (%(when)s).") % base)
        else:
            good = (change > 0) == (ind.direction == "up")
            if change > 0:
                sentence = _("Since the baseline of %(baseline)s (%(when)s) it has risen by %(change)s")
            else:
                sentence = _("Since the baseline of %(baseline)s (%(when)s) it has fallen by %(change)s")
            tail = _("the direction the goal wants.") if good else _("the opposite of what the goal wants.")
            parts.append(f"{sentence % base}, {tail}")
    parts.append(str(LIGHT_SENTENCES.get(status.light, "")))
    return " ".join(p for p in parts if p)


LIGHT_SENTENCES = {
    Light.GREEN: translation.gettext_lazy("On track."),
    Light.YELLOW: translation.gettext_lazy("Behind the pace needed to reach the target."),
    Light.RED: translation.gettext_lazy("Off track: the figure has not moved towards the target."),
    Light.NONE: "",
}


def trend_spec(status: IndicatorStatus, *, height: int = 180) -> dict[str, Any] | None:
    """The indicator's trend chart from its published totals, or None when no period can be shown."""
    points = [(h.period, h.total.value) for h in status.history]
    if all(v is None for _, v in points):
        return None
    ind = status.indicator
    return charts.trend_chart(
        description=_("%(name)s per period, with the baseline and the target") % {"name": ind.name},
        points=points,
        y_title=str(ind.unit or (_("number") if ind.kind == "count" else _("value"))),
        period_title=_("Period"),
        target_level=status.target_level,
        target_label=_("Target"),
        baseline=status.baseline,
        baseline_label=_("Baseline"),
        lower_is_better=ind.direction == "down",
        height=height,
    )


def committee_pdf(statuses: Sequence[IndicatorStatus], *, period: str, base_url: str = "/") -> bytes:
    """The committee report for a period: every goal with its figure, target, light, chart and text."""
    from weasyprint import HTML

    goals: list[dict[str, Any]] = []
    for status in statuses:
        spec = trend_spec(status, height=140)
        svg: SafeString | None = None
        if spec is not None:
            svg = chart_svg({**spec, "width": 440})
        goals.append({"status": status, "text": goal_text(status), "svg": svg,
                      "value": number(status.indicator, status.latest_value),
                      "target": target_text(status)})
    html = render_to_string("analytics/report.html", {"goals": goals, "period": period})
    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf()
    return pdf


# ---------------------------------------------------------------- files


def _header() -> list[str]:
    return [_("Indicator code"), _("Indicator"), _("Period"), _("Breakdown"), _("Breakdown value"),
            _("Numerator"), _("Denominator"), _("Value"), _("Note")]


def _breakdown_label(name: str) -> str:
    return str(Breakdown(name).label) if name in Breakdown.values else name


def _row(row: ResultRow) -> list[Any]:
    cell = row.cell
    note = hidden_text(cell) if cell.is_suppressed else ""
    value: float | int | None = None if cell.value is None else round(cell.value, 4)
    if value is not None and row.indicator.kind == "count":
        value = int(value)
    return [row.indicator.code, str(row.indicator.name), row.period, _breakdown_label(cell.breakdown),
            value_label(cell.breakdown, cell.breakdown_value), cell.numerator, cell.denominator, value, note]


def results_csv(rows: Sequence[ResultRow]) -> bytes:
    """`;`-separated, UTF-8 with a byte-order mark (Excel opens Danish letters right); text cells made
    formula-safe, numbers with the language's decimal mark."""
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_header())
    for row in rows:
        writer.writerow([
            "" if v is None else (str(v).replace(".", decimal) if isinstance(v, float) else
                                  str(v) if isinstance(v, int) else csv_safe(v))
            for v in _row(row)
        ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def results_xlsx(rows: Sequence[ResultRow]) -> bytes:
    """One sheet, numbers as numbers, text as text (never a formula: a leading = is neutralised)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Results")[:31]
    sheet.append(_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([csv_safe(v) if isinstance(v, str) else v for v in _row(row)])
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHI", (22, 48, 9, 14, 30, 11, 11, 10, 40), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
