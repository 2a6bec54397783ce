"""The cadence through the real `fracos` entry point."""

from __future__ import annotations

import json
from datetime import date

import click
from pypdf import PdfReader

from fracos.cadence.models import CalendarToken, Summary, Touchpoint
from fracos.engagements.services import engagement_end, engagement_update
from fracos.timesheets.services import time_log


def _one_error(result, needle: str) -> None:
    assert result.exit_code == 1, result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_checkin_records_a_note_and_cadence_lists_what_is_left(fracos, in_practice):
    result = fracos("checkin", "acme", "Agreed", "the", "hiring", "plan")
    assert result.exit_code == 0, result.stderr
    point = Touchpoint.objects.get()
    assert (point.notes, point.held_on) == ("Agreed the hiring plan", date(2026, 11, 18))
    items = json.loads(fracos("cadence", "--format", "json").stdout)
    kinds = {(i["client"], i["kind"]) for i in items}
    assert ("Acme Logistics", "checkin") not in kinds  # done, so not listed
    assert ("Brightwave Health", "checkin") in kinds
    overdue = next(i for i in items if i["client"] == "Acme Logistics" and i["kind"] == "review")
    assert (overdue["state"], overdue["due_on"]) == ("overdue", "2026-04-01")
    everything = json.loads(fracos("cadence", "--all", "--format", "json").stdout)
    assert any(i["kind"] == "checkin" and i["state"] == "done" for i in everything)


def test_cadence_table_explains_each_rule(fracos, in_practice):
    result = fracos("cadence")
    assert result.exit_code == 0
    assert "overdue" in result.stdout
    assert "A check-in every 7 days keeps the client close." in result.stdout


def test_checkin_on_an_ended_engagement_is_one_clear_error(fracos, in_practice):
    engagement_end(in_practice.owner, in_practice.retainer.pk, on=date(2026, 11, 10))
    _one_error(fracos("checkin", "acme", "Late"), "ended on 2026-11-10")
    assert not Touchpoint.objects.exists()


def test_checkin_with_a_future_date_is_refused(fracos, in_practice):
    _one_error(fracos("checkin", "acme", "x", "--date", "2026-12-01"), "is in the future")
    assert not Touchpoint.objects.exists()


def test_a_viewer_cannot_record_a_checkin(fracos, in_practice, monkeypatch):
    monkeypatch.setenv("FRACOS_USER", "viewer@example.com")
    _one_error(fracos("checkin", "acme", "x"), "a viewer cannot change anything")
    assert not Touchpoint.objects.exists()


def test_summary_draft_edit_send_and_pdf(fracos, in_practice, monkeypatch, tmp_path):
    time_log(
        in_practice.owner,
        seconds=7200,
        client="acme",
        work_date=date(2026, 10, 5),
        note="Architecture review",
    )
    result = fracos("summary", "draft", "acme", "--month", "2026-10", "--format", "json")
    assert result.exit_code == 0, result.stderr
    drafted = json.loads(result.stdout)
    assert "- Architecture review — 2.00 h (1 entry)" in drafted["body"]
    sid = str(drafted["id"])
    monkeypatch.setattr(
        click,
        "edit",
        lambda text, **kw: text.replace("Architecture review", "Platform architecture review"),
    )
    assert fracos("summary", "edit", sid).exit_code == 0
    assert "Platform architecture review" in Summary.objects.get().body
    out = tmp_path / "october.pdf"
    sent = fracos("summary", "send", sid, "--pdf", str(out))
    assert sent.exit_code == 0, sent.stderr
    assert Summary.objects.get().status == "sent"
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Platform architecture review" in text
    _one_error(fracos("summary", "edit", sid), "no longer changes")
    listed = json.loads(fracos("summary", "list", "--format", "json").stdout)
    assert [(r["id"], r["status"]) for r in listed] == [(int(sid), "sent")]


def test_summary_pdf_writes_a_file(fracos, in_practice, tmp_path):
    fracos("summary", "draft", "acme", "--month", "2026-10")
    out = tmp_path / "s.pdf"
    result = fracos("summary", "pdf", str(Summary.objects.get().pk), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_summary_draft_defaults_to_last_month_and_refuses_a_bad_month(fracos, in_practice):
    assert fracos("summary", "draft", "acme").exit_code == 0
    assert Summary.objects.get().period_start == date(2026, 10, 1)
    _one_error(fracos("summary", "draft", "acme", "--month", "2026-13"), "is not a period")
    _one_error(fracos("summary", "draft", "acme", "--month", "2026-10"), "already covers 2026-10")


def test_an_outsider_cannot_send_this_practices_summary(fracos, in_practice, monkeypatch):
    fracos("summary", "draft", "acme", "--month", "2026-10")
    sid = str(Summary.objects.get().pk)
    monkeypatch.setenv("FRACOS_PRACTICE", "other-practice")
    monkeypatch.setenv("FRACOS_USER", "out@example.com")
    _one_error(fracos("summary", "send", sid), f"no summary #{sid}")
    assert Summary.objects.get().status == "draft"


def test_review_and_renewal_log(fracos, in_practice):
    engagement_update(in_practice.owner, in_practice.retainer.pk, end_date=date(2027, 1, 10))
    items = json.loads(fracos("cadence", "--format", "json").stdout)
    assert any(i["kind"] == "renewal" and i["client"] == "Acme Logistics" for i in items)
    result = fracos("review", "acme", "--notes", "Renew")
    assert result.exit_code == 0, result.stderr
    assert "# Review — Acme Logistics" in result.stdout
    assert fracos("renewal", "log", "acme", "Six", "more", "months").exit_code == 0
    items = json.loads(fracos("cadence", "--format", "json").stdout)
    assert not any(i["kind"] == "renewal" for i in items)
    assert Touchpoint.objects.filter(kind="renewal").get().notes == "Six more months"


def test_calendar_url_is_shown_once_and_rotate_replaces_it(fracos, in_practice, client, settings):
    settings.FRACOS_BASE_URL = "https://fracos.example"
    first = fracos("calendar", "url")
    assert first.exit_code == 0, first.stderr
    url = first.stdout.splitlines()[0]
    assert url.startswith("https://fracos.example/calendar/") and url.endswith(".ics")
    path = url.removeprefix("https://fracos.example")
    assert client.get(path).status_code == 200
    _one_error(fracos("calendar", "url"), "shown only once")
    rotated = fracos("calendar", "rotate").stdout.splitlines()[0]
    assert client.get(path).status_code == 404
    assert client.get(rotated.removeprefix("https://fracos.example")).status_code == 200
    assert fracos("calendar", "revoke").exit_code == 0
    assert not CalendarToken.objects.filter(revoked_at__isnull=True).exists()
