"""Invoices through the API: draft, edit, issue, documents, payments, credit notes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api, ApiFor
from tests.billing.helpers import ready_practice


@pytest.fixture
def ready(cast: Any) -> Any:
    ready_practice(cast)
    return cast


def _draft(api: Api, client_id: int, period: str = "2026-11") -> dict[str, Any]:
    response = api.post("/invoices", {"client_id": client_id, "period": period})
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def _eur(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "EUR"}


def test_it_drafts_the_months_fee_with_its_vat_and_live_totals(owner_api: Api, ready: Any) -> None:
    draft = _draft(owner_api, ready.acme.pk)
    assert (draft["status"], draft["state"], draft["number"]) == ("draft", "draft", None)
    assert (draft["period_start"], draft["period_end"]) == ("2026-11-01", "2026-11-30")
    [fee] = draft["lines"]
    assert (fee["kind"], fee["quantity"], fee["vat_category"], fee["vat_rate"]) == (
        "fee",
        "1",
        "S",
        "21",
    )
    assert fee["unit_price"] == _eur("8000.00")
    assert draft["vat_breakdown"] == [
        {
            "category": "S",
            "rate": "21",
            "taxable": _eur("8000.00"),
            "tax": _eur("1680.00"),
            "exemption_reason": "",
        }
    ]
    assert (draft["net"], draft["tax"], draft["total"]) == (
        _eur("8000.00"),
        _eur("1680.00"),
        _eur("9680.00"),
    )


def test_it_adds_edits_and_removes_lines_on_a_draft(owner_api: Api, ready: Any) -> None:
    draft = _draft(owner_api, ready.acme.pk)
    url = f"/invoices/{draft['id']}/lines"
    train = owner_api.post(url, {"description": "Train to Ghent", "unit_price": "42.80"})
    assert train.status_code == 201, train.content
    assert (train.json()["kind"], train.json()["net"]) == ("expense", _eur("42.80"))
    discount = owner_api.post(url, {"description": "Loyalty", "unit_price": "-100"})
    assert (discount.json()["quantity"], discount.json()["unit_price"]) == ("-1", _eur("100.00"))
    assert discount.json()["net"] == _eur("-100.00")
    edited = owner_api.patch(f"{url}/{train.json()['id']}", {"quantity": "2"})
    assert edited.json()["net"] == _eur("85.60")
    # 8000 + 85.60 - 100 = 7985.60 net; 21 % of it is 1676.976, rounded once per group.
    shown = owner_api.get(f"/invoices/{draft['id']}").json()
    assert (shown["net"], shown["tax"], shown["total"]) == (
        _eur("7985.60"),
        _eur("1676.98"),
        _eur("9662.58"),
    )
    assert owner_api.delete(f"{url}/{discount.json()['id']}").status_code == 204
    assert owner_api.delete(f"{url}/{discount.json()['id']}").status_code == 404
    assert len(owner_api.get(f"/invoices/{draft['id']}").json()["lines"]) == 2


def test_it_issues_takes_payments_and_credits(owner_api: Api, ready: Any) -> None:
    draft = _draft(owner_api, ready.acme.pk)
    issued = owner_api.post(f"/invoices/{draft['id']}/issue", {})
    assert issued.status_code == 200, issued.content
    body = issued.json()
    assert (body["number"], body["issue_date"], body["state"]) == (
        "2026-0001",
        "2026-11-18",
        "open",
    )
    assert body["due_date"] == "2026-12-18"
    assert owner_api.post(f"/invoices/{draft['id']}/issue", {}).status_code == 409
    assert owner_api.delete(f"/invoices/{draft['id']}").status_code == 409
    line = body["lines"][0]["id"]
    edit = owner_api.patch(f"/invoices/{draft['id']}/lines/{line}", {"quantity": "2"})
    assert edit.status_code == 409

    payments = f"/invoices/{draft['id']}/payments"
    paid = owner_api.post(payments, {"amount": "4000", "date": "2026-11-18", "reference": "r1"})
    assert paid.status_code == 201, paid.content
    assert paid.json()["amount"] == _eur("4000.00")
    too_much = owner_api.post(payments, {"amount": "5680.01"})
    assert too_much.status_code == 422
    assert too_much.json()["error"]["field"] == "amount"
    listed = owner_api.get(payments).json()
    assert [p["reference"] for p in listed["items"]] == ["r1"]
    shown = owner_api.get(f"/invoices/{draft['id']}").json()
    assert (shown["state"], shown["paid"], shown["open"]) == (
        "partly_paid",
        _eur("4000.00"),
        _eur("5680.00"),
    )

    credit = owner_api.post(f"/invoices/{draft['id']}/credit", {"amount": "1000", "reason": "x"})
    assert credit.status_code == 201, credit.content
    note = credit.json()
    assert (note["kind"], note["number"], note["credits_invoice_id"]) == (
        "credit_note",
        "CN-2026-0001",
        draft["id"],
    )
    assert (note["net"], note["tax"], note["total"]) == (
        _eur("1000.00"),
        _eur("210.00"),
        _eur("1210.00"),
    )
    after = owner_api.get(f"/invoices/{draft['id']}").json()
    assert after["credit_notes"][0]["id"] == note["id"]
    # 9680 - 4000 paid - 1210 credited
    assert after["open"] == _eur("4470.00")


def test_it_serves_the_documents_with_their_content_types(owner_api: Api, ready: Any) -> None:
    draft = _draft(owner_api, ready.acme.pk)
    not_yet = owner_api.get(f"/invoices/{draft['id']}/ubl")
    assert not_yet.status_code == 409
    owner_api.post(f"/invoices/{draft['id']}/issue", {})
    ubl = owner_api.get(f"/invoices/{draft['id']}/ubl")
    assert ubl.status_code == 200
    assert ubl["Content-Type"] == "application/xml"
    assert b"<cbc:ID>2026-0001</cbc:ID>" in ubl.content
    assert 'filename="2026-0001.xml"' in ubl["Content-Disposition"]
    pdf = owner_api.get(f"/invoices/{draft['id']}/pdf")
    assert (pdf["Content-Type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")
    import facturx

    combined = owner_api.get(f"/invoices/{draft['id']}/facturx")
    assert combined["Content-Type"] == "application/pdf"
    filename, embedded = facturx.get_xml_from_pdf(combined.content, check_xsd=False)
    assert filename == "factur-x.xml"
    assert b"2026-0001" in embedded
    schema = owner_api.http.get("/api/v1/openapi.json").json()
    ok = schema["paths"]["/api/v1/invoices/{invoice_id}/pdf"]["get"]["responses"]["200"]
    assert ok["content"]["application/pdf"]["schema"]["format"] == "binary"


def test_it_sends_an_issued_invoice_to_the_billing_address(
    owner_api: Api, ready: Any, mailoutbox: Any
) -> None:
    draft = _draft(owner_api, ready.acme.pk)
    assert owner_api.post(f"/invoices/{draft['id']}/send").status_code == 409
    owner_api.post(f"/invoices/{draft['id']}/issue", {})
    sent = owner_api.post(f"/invoices/{draft['id']}/send")
    assert sent.json() == {"sent_to": "finance@acme.example"}
    assert [m.to for m in mailoutbox] == [["finance@acme.example"]]
    assert owner_api.get(f"/invoices/{draft['id']}").json()["sent_at"] is not None


def test_it_deletes_a_draft_so_the_month_can_be_drafted_again(owner_api: Api, ready: Any) -> None:
    draft = _draft(owner_api, ready.acme.pk)
    assert owner_api.delete(f"/invoices/{draft['id']}").status_code == 204
    assert owner_api.get(f"/invoices/{draft['id']}").status_code == 404
    again = _draft(owner_api, ready.acme.pk)
    assert len(again["lines"]) == 1


def test_it_lists_invoices_newest_first_filtered_and_a_page_at_a_time(
    owner_api: Api, ready: Any
) -> None:
    october = _draft(owner_api, ready.acme.pk, "2026-10")
    owner_api.post(f"/invoices/{october['id']}/issue", {"issue_date": "2026-11-02"})
    bright = _draft(owner_api, ready.brightwave.pk, "2026-11")
    november = _draft(owner_api, ready.acme.pk, "2026-11")
    first = owner_api.get("/invoices", limit=2).json()
    assert [i["id"] for i in first["items"]] == [november["id"], bright["id"]]
    rest = owner_api.get("/invoices", limit=2, cursor=first["next_cursor"]).json()
    assert ([i["id"] for i in rest["items"]], rest["next_cursor"]) == ([october["id"]], None)
    drafts = owner_api.get("/invoices", status="draft").json()["items"]
    assert {i["id"] for i in drafts} == {november["id"], bright["id"]}
    acme = owner_api.get("/invoices", client_id=ready.acme.pk).json()["items"]
    assert [i["id"] for i in acme] == [november["id"], october["id"]]
    issued = owner_api.get("/invoices", issued_from="2026-11-01", issued_to="2026-11-30").json()
    assert [i["number"] for i in issued["items"]] == ["2026-0001"]
    assert owner_api.get("/invoices", issued_to="2026-11-01").json()["items"] == []


def test_the_receivables_age_what_each_client_owes(owner_api: Api, ready: Any) -> None:
    old = _draft(owner_api, ready.acme.pk, "2026-09")
    owner_api.post(f"/invoices/{old['id']}/issue", {"issue_date": "2026-09-30"})
    body = owner_api.get("/receivables").json()
    assert body["as_of"] == "2026-11-18"
    [acme] = body["items"]
    # Issued 30 Sep with 30 days' terms: due 30 Oct, 19 days late on 18 Nov.
    assert (acme["client"], acme["late_1_30"], acme["total"]) == (
        "Acme Logistics",
        _eur("9680.00"),
        _eur("9680.00"),
    )
    assert acme["current"] == _eur("0.00")


def test_a_portal_token_sees_its_clients_issued_invoices_only(
    owner_api: Api, api_for: ApiFor, ready: Any
) -> None:
    mine = _draft(owner_api, ready.acme.pk)
    theirs = _draft(owner_api, ready.brightwave.pk)
    portal = api_for(ready.portal)
    assert portal.get("/invoices").json()["items"] == []
    assert portal.get(f"/invoices/{mine['id']}").status_code == 404
    owner_api.post(f"/invoices/{mine['id']}/issue", {})
    owner_api.post(f"/invoices/{theirs['id']}/issue", {})
    assert [i["id"] for i in portal.get("/invoices").json()["items"]] == [mine["id"]]
    assert portal.get(f"/invoices/{theirs['id']}").status_code == 404
    assert portal.get(f"/invoices/{mine['id']}/pdf").status_code == 200
    assert portal.get("/receivables").status_code == 403
    assert portal.post(f"/invoices/{mine['id']}/payments", {"amount": "1"}).status_code == 403


def test_the_vat_breakdown_has_one_group_per_rate(owner_api: Api, ready: Any) -> None:
    draft = _draft(owner_api, ready.acme.pk)
    line = owner_api.post(
        f"/invoices/{draft['id']}/lines",
        {"description": "Books", "unit_price": "100", "vat_rate": "20"},
    )
    # A normalized 20 would print as 2E+1; the API says "20".
    assert line.json()["vat_rate"] == "20"
    shown = owner_api.get(f"/invoices/{draft['id']}").json()
    groups = [
        (g["rate"], g["taxable"]["amount"], g["tax"]["amount"]) for g in shown["vat_breakdown"]
    ]
    assert groups == [("20", "100.00", "20.00"), ("21", "8000.00", "1680.00")]
    assert (shown["net"], shown["tax"], shown["total"]) == (
        _eur("8100.00"),
        _eur("1700.00"),
        _eur("9800.00"),
    )
