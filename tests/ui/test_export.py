"""File → Export: the dialog remembers choices and the export runs off the GUI thread."""

import csv
from datetime import timedelta

import icalendar
from pypdf import PdfReader

from deskplan.ui.export_dialog import ExportKind


def test_exporting_a_pdf_runs_on_a_worker_and_writes_the_file(qtbot, demo_window, tmp_path):
    dialog = demo_window.export_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ExportKind.PDF.value))
    dialog.path.setText(str(tmp_path / "rota"))
    dialog._accept()
    request = dialog.result_request
    assert request.path == tmp_path / "rota.pdf"
    job = demo_window.start_export(request)
    assert job.worker.name == "deskplan-export"
    qtbot.waitUntil(lambda: not demo_window.export_jobs, timeout=60000)
    assert "page" in demo_window.statusBar().currentMessage()
    text = "".join(page.extract_text() for page in PdfReader(request.path).pages)
    assert demo_window.model.people[0].name.split()[0] in text.split()


def test_the_export_dialog_remembers_the_last_choice(qtbot, demo_window, tmp_path):
    dialog = demo_window.export_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ExportKind.CSV_LONG.value))
    dialog.path.setText(str(tmp_path / "rota.csv"))
    dialog._accept()
    demo_window.start_export(dialog.result_request)
    qtbot.waitUntil(lambda: not demo_window.export_jobs, timeout=30000)
    rows = list(csv.reader((tmp_path / "rota.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["staff_id", "name", "date", "status"]
    again = demo_window.export_dialog()
    qtbot.addWidget(again)
    assert again.current_kind() is ExportKind.CSV_LONG
    assert again.path.text().startswith(str(tmp_path))


def test_an_unwritable_export_is_explained(qtbot, demo_window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(demo_window, "show_error", lambda title, text: shown.append(text))
    dialog = demo_window.export_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ExportKind.XLSX.value))
    dialog.path.setText(str(tmp_path / "missing-folder" / "rota.xlsx"))
    dialog._accept()
    demo_window.start_export(dialog.result_request)
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert "missing-folder" in shown[0]


def test_the_team_calendar_is_a_choice_of_the_dialog(qtbot, demo_window, tmp_path):
    dialog = demo_window.export_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ExportKind.ICS_TEAM.value))
    dialog.path.setText(str(tmp_path / "team"))
    dialog._accept()
    assert dialog.result_request.path == tmp_path / "team.ics"
    demo_window.start_export(dialog.result_request)
    qtbot.waitUntil(lambda: not demo_window.export_jobs, timeout=30000)
    assert "calendar events" in demo_window.statusBar().currentMessage()
    found = icalendar.Calendar.from_ical((tmp_path / "team.ics").read_bytes()).walk("VEVENT")
    # Where people are: their bases, or a site a day is planned at (the demo has one).
    sites = {site.name for site in demo_window.document.checker.sites}
    in_office = [e for e in found if str(e["STATUS"]) == "CONFIRMED"]
    assert in_office
    assert {str(e["LOCATION"]) for e in in_office} <= sites
    assert all(" in — " in str(e["SUMMARY"]) for e in in_office)


def test_the_report_from_the_window_is_judged_on_recorded_attendance(qtbot, demo_window,
                                                                       tmp_path):
    # Team → Plan against actual… recorded what happened: File → Export's compliance report
    # then says what was attended, as `deskplan export report --team-name` does.
    from deskplan.domain.model import Cell, Status
    from deskplan.storage.operations import SetActuals
    from tests.ui.conftest import settle

    document = demo_window.document
    person = document.plan.people[0]
    day = next(d for d in (document.first + timedelta(days=i) for i in range(14))
               if d.weekday() < 5)
    document.perform(SetActuals.of([(person.staff_id, day, Cell.whole(Status.OFFICE))]))
    settle(qtbot, demo_window)
    dialog = demo_window.export_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ExportKind.REPORT_CSV.value))
    dialog.path.setText(str(tmp_path / "report"))
    dialog._accept()
    demo_window.start_export(dialog.result_request)
    qtbot.waitUntil(lambda: not demo_window.export_jobs, timeout=60000)
    with (tmp_path / "report.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    mine = [r for r in rows if r["staff_id"] == person.staff_id]
    assert mine
    assert all(r["attended_days"] != "" for r in rows)  # judged on attendance, everyone
    assert any(r["attended_days"] == "1" for r in mine)
