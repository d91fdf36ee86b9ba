"""The committee report and the result files: the PDF renders (its first page as PNG is not blank, the
indicator names are in its text), from the command line and from the web; CSV and Excel hold only
published figures; the short text per goal says where it stands and which way it moved."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import translation

from helhed.analytics import report, selectors
from helhed.analytics.tests import publishing
from helhed.analytics.tests.publishing import COUNT, NO_DATA, SHARE
from helhed.testing.clients import english_client

pytestmark = pytest.mark.django_db
NAMES = ("Share housed within three months", "Evictions carried out", "Citizens in ordinary jobs")


@pytest.fixture(autouse=True)
def _indicators() -> Iterator[None]:
    yield from publishing.registered()


@pytest.fixture
def people(db: None) -> SimpleNamespace:
    publishing.figures()
    return publishing.staff()


def _first_page_png(pdf: Path, tmp_path: Path) -> Path:
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    [png] = tmp_path.glob("page*.png")
    return png


def _not_blank(png: Path) -> None:
    from PIL import Image

    with Image.open(png) as image:
        histogram = image.convert("L").histogram()  # pixels per grey level, 0 black to 255 white
    levels = [level for level, n in enumerate(histogram) if n]
    dark = sum(histogram[:128])
    assert levels[-1] - levels[0] > 100, "the first page is one flat colour"
    assert dark > 500, f"only {dark} dark pixels: hardly anything is printed"


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is installed by ./run")
def test_the_command_writes_the_committee_pdf(people: SimpleNamespace, tmp_path: Path) -> None:
    out, sheet = tmp_path / "udvalg.pdf", tmp_path / "udvalg.csv"
    stdout = io.StringIO()
    call_command("report", "committee", "--period", "2026Q3", "--out", str(out), "--language", "en",
                 "--csv", str(sheet), stdout=stdout)
    assert "2026Q3" in stdout.getvalue() and out.read_bytes().startswith(b"%PDF")
    _not_blank(_first_page_png(out, tmp_path))
    text = " ".join(_text(out).split())
    for name in NAMES:
        assert name in text
    assert "In 2026Q3 the figure was 48.0 %." in text and "On track." in text
    assert "Helhed does not yet hold the data this goal needs" in text
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is installed by ./run")
def test_the_danish_pdf_from_the_dashboard(people: SimpleNamespace, tmp_path: Path) -> None:
    client = english_client()
    client.cookies.clear()  # Danish, the default
    client.force_login(people.analyst)
    response = client.get("/goals/report.pdf", {"period": "2026Q3"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "pejlemaerker-2026Q3.pdf" in response["Content-Disposition"]
    pdf = tmp_path / "web.pdf"
    pdf.write_bytes(response.content)
    _not_blank(_first_page_png(pdf, tmp_path))
    text = " ".join(_text(pdf).split())
    assert "Pejlemærker, 2026Q3" in text and "48,0 %" in text and NAMES[0] in text
    assert "<svg" not in text and len(response.content) > 10_000  # charts drawn, not printed as text


def test_a_period_with_no_results_and_a_bad_period_on_the_command_line(people: SimpleNamespace,
                                                                     tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not a period"):
        call_command("report", "committee", "--period", "Q3-2026", "--out", str(tmp_path / "x.pdf"),
                     "--language", "en")
    out = tmp_path / "early.pdf"
    call_command("report", "committee", "--period", "2025Q4", "--out", str(out), stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF")


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_holds_only_published_figures(people: SimpleNamespace) -> None:
    client = english_client()
    client.force_login(people.leader)
    response = client.get("/goals/results.csv", {"period": "2026Q3"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = {(r["Indicator code"], r["Breakdown value"]): r for r in _csv_rows(response.content)}
    assert rows[(SHARE, "all")]["Numerator"] == "48" and rows[(SHARE, "all")]["Value"] == "48.0"
    for key in ((SHARE, "Team Lille"), (SHARE, "Team Mellem"), (COUNT, "Team Lille"), (COUNT, "Team Mellem")):
        assert rows[key]["Numerator"] == rows[key]["Denominator"] == rows[key]["Value"] == "", key
        assert rows[key]["Note"]
    assert rows[(SHARE, "Team Stor")]["Numerator"] == "33" and rows[(COUNT, "Team Stor")]["Value"] == "15"
    assert (NO_DATA, "all") not in rows
    for row in rows.values():  # no published count under 5
        for column in ("Numerator", "Denominator"):
            assert row[column] == "" or row[column] == "0" or int(row[column]) >= 5, row


def test_the_excel_file_holds_the_same(people: SimpleNamespace) -> None:
    from openpyxl import load_workbook

    client = english_client()
    client.force_login(people.analyst)
    response = client.get("/goals/results.xlsx", {"period": "2026Q3"})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("Indicator code", "Indicator", "Period")
    by_key = {(r[0], r[4]): r for r in rows[1:]}
    assert by_key[(SHARE, "all")][5:8] == (48, 100, 48.0)
    assert by_key[(SHARE, "Team Lille")][5:8] == (None, None, None)
    assert by_key[(COUNT, "Team Mellem")][5:8] == (None, None, None)
    assert by_key[(COUNT, "Team Stor")][5] == 15


def test_text_cells_cannot_become_formulas(people: SimpleNamespace) -> None:
    from helhed.analytics.models import IndicatorRun

    run = IndicatorRun.objects.first()
    assert run is not None
    publishing.result(run, COUNT, "2026Q3", "district", "=HYPERLINK(\"x\")", 24, None)
    rows = selectors.published_results(actor=people.analyst, period="2026Q3")
    assert "'=HYPERLINK" in report.results_csv(rows).decode("utf-8-sig")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(report.results_xlsx(rows))).active
    assert sheet is not None
    assert any(c == "'=HYPERLINK(\"x\")" for r in sheet.iter_rows(values_only=True) for c in r)


def test_the_goal_text_says_where_it_stands_and_which_way_it_moved(people: SimpleNamespace) -> None:
    statuses = {s.indicator.code: s for s in selectors.committee_statuses(actor=None, period="2026Q3")}
    with translation.override("en"):
        share = report.goal_text(statuses[SHARE])
        count = report.goal_text(statuses[COUNT])
        none = report.goal_text(statuses[NO_DATA])
    assert share == ("In 2026Q3 the figure was 48.0 %. The target is at least 50.0 % by 2026Q4. Since the "
                     "baseline of 40.0 % (2025Q4) it has risen by 8.0 %, the direction the goal wants. "
                     "On track.")
    assert "The target is at most 20 by 2027Q4." in count
    assert "fallen by 6, the direction the goal wants" in count
    assert none.startswith("No data yet")
    with translation.override("da"):
        assert "Siden udgangspunktet" in report.goal_text(statuses[SHARE])
