"""Winning clients from the terminal, and its bad input."""

from __future__ import annotations

import json

from fracos.pipeline.models import NetworkContact, Opportunity


def test_positioning_edit_then_check_lists_what_to_add(fracos, in_practice):
    saved = fracos(
        "positioning",
        "edit",
        "--who",
        "companies",
        "--what",
        "help companies with technology strategy",
        "--different",
        "experienced",
        "--outcome",
        "better tech",
    )
    assert saved.exit_code == 0, saved.stderr
    check = json.loads(fracos("positioning", "check", "--format", "json").stdout)
    assert {row["rule"] for row in check if not row["ok"]} >= {"size", "measurable-outcome"}
    assert fracos("positioning", "edit", "--outcome", "a team of 8 in 6 months").exit_code == 0
    history = json.loads(fracos("positioning", "history", "--format", "json").stdout)
    assert len(history) == 2 and history[0]["who"] == "companies"


def test_a_contact_csv_with_bad_rows_is_refused_line_by_line(fracos, in_practice, tmp_path):
    file = tmp_path / "Connections.csv"
    file.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Sofie,Claes,sofie@zeta.example,Zeta,CEO,12 Mar 2024\n"
        ",,,,,\n"
    )
    result = fracos("network", "import", str(file), "--dry-run")
    assert result.exit_code == 1
    assert "line 3: no first or last name" in result.stderr
    assert "1 bad row(s)" in result.stderr
    assert not NetworkContact.objects.exists()


def test_the_pipeline_moves_and_refuses_a_win_without_a_value(fracos, in_practice):
    assert fracos("opportunity", "add", "Fractional CTO", "--org", "Zeta").exit_code == 0
    number = str(Opportunity.objects.get().pk)
    refused = fracos("opportunity", "move", number, "won")
    assert refused.exit_code == 1 and "needs its monthly value" in refused.stderr
    assert fracos("opportunity", "move", number, "won", "--value", "8000").exit_code == 0
    board = json.loads(fracos("pipeline", "--format", "json").stdout)
    won = next(c for c in board if c["stage"] == "won")
    assert won["opportunities"][0]["value"] == "8000.00 EUR"


def test_converting_a_pilot_twice_is_refused(fracos, in_practice):
    fracos("opportunity", "add", "CTO", "--org", "Zeta", "--value", "8000")
    started = fracos(
        "pilot",
        "start",
        str(Opportunity.objects.get().pk),
        "--fee",
        "6000",
        "--weeks",
        "6",
        "--deliverable",
        "Assessment",
        "--start",
        "2026-10-01",
    )
    assert started.exit_code == 0, started.stderr
    pilot_id = Opportunity.objects.get().pilot_engagement_id
    assert fracos("pilot", "convert", str(pilot_id), "--retainer", "8000/month").exit_code == 0
    again = fracos("pilot", "convert", str(pilot_id), "--retainer", "8000/month")
    assert again.exit_code == 1 and "already converted" in again.stderr


def test_today_lists_due_next_steps(fracos, in_practice):
    fracos("network", "add", "Sofie Claes", "--org", "Zeta")
    fracos(
        "network",
        "log",
        "sofie",
        "Coffee",
        "--date",
        "2026-11-10",
        "--next",
        "Send outline",
        "--next-on",
        "2026-11-17",
    )
    data = json.loads(fracos("today", "--format", "json").stdout)
    assert [d["what"] for d in data["due"]] == ["Sofie Claes: Send outline"]
    assert data["dedicated_to"] == []  # Wednesday: no client in the cast's plan


def test_a_proposal_goes_from_markdown_to_an_engagement(fracos, in_practice, tmp_path):
    fracos("opportunity", "add", "Fractional CTO", "--org", "Zeta", "--value", "8000")
    number = str(Opportunity.objects.get().pk)
    created = fracos(
        "proposal",
        "create",
        number,
        "--retainer",
        "8000/month",
        "--days-per-week",
        "2",
        "--exclusions",
        "Coding",
    )
    assert created.exit_code == 0, created.stderr
    from fracos.pipeline.models import Proposal

    proposal = str(Proposal.objects.get().pk)
    assert "8000 EUR a month" in fracos("proposal", "markdown", proposal).stdout
    pdf = tmp_path / "p.pdf"
    assert fracos("proposal", "pdf", proposal, "-o", str(pdf)).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    accepted = fracos("proposal", "accept", proposal, "--start", "2026-12-01")
    assert accepted.exit_code == 0 and "Created engagement" in accepted.stdout
    again = fracos("proposal", "accept", proposal)
    assert again.exit_code == 1 and "already accepted" in again.stderr


def test_the_launch_plan_from_the_terminal(fracos, in_practice):
    assert fracos("launch", "start", "--on", "2026-10-01").exit_code == 0
    assert fracos("launch", "tick", "profile").exit_code == 0
    rows = json.loads(fracos("launch", "show", "--format", "json").stdout)
    assert next(r for r in rows if r["key"] == "profile")["done"] is True
    bad = fracos("launch", "tick", "nope")
    assert bad.exit_code == 1 and "is not one of" in bad.stderr
    assert json.loads(fracos("today", "--format", "json").stdout)["launch_plan"]["done"] >= 1
