"""The rate calculator page: the figures of `fracos rate`, hand-computed, live through htmx."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import OWNER, VIEWER


def _figures(html: str) -> dict[str, str]:
    pairs = re.findall(r"<dt>([^<]+)</dt><dd>(.*?)</dd>", html, re.S)
    return {k: " ".join(re.sub(r"<[^>]+>", " ", v).split()) for k, v in pairs}


def test_the_page_starts_from_the_playbooks_premium_days_and_the_practices_currency(cast, login):
    html = login(OWNER).get("/rate/").content.decode()
    assert 'id="id_premium" name="premium" type="text" inputmode="decimal" value="50"' in html
    assert 'id="id_days" name="days" type="text" inputmode="decimal" value="250"' in html
    assert 'id="id_currency" name="currency" type="text" value="EUR"' in html
    assert "Enter a salary to see the day rate" in html


def test_a_150k_role_at_50_percent_and_two_days_a_week(cast, login):
    response = login(VIEWER).get(
        "/rate/",
        {
            "salary": "150000",
            "premium": "50%",
            "days": "250",
            "currency": "EUR",
            "days_per_week": "2",
        },
    )
    assert response.status_code == 200
    figures = _figures(response.content.decode())
    # 150,000 ÷ 250 = 600 a day; × 1.5 = 900; the band 40–60 % gives 840–960.
    assert figures["Day rate"] == "900.00 EUR (150000.00 EUR ÷ 250 days × (1 + 50 %))"
    assert figures["Range"] == "840.00 – 960.00 EUR (premium 40–60 %)"
    assert figures["Hourly equivalent"] == "112.50 EUR (8 h a day)"
    # 15 and 20 days a month × 900.
    assert figures["Monthly retainer"] == "13500.00 – 18000.00 EUR (15–20 days a month)"
    # 2 days × 52/12 weeks × 900 = 7,800 a month; 2 × 52 × 900 = 93,600 a year.
    assert (
        figures["At 2 days a week"]
        == "7800.00 EUR a month, 93600.00 EUR a year (× 52/12 weeks a month)"
    )
    # A full-time hire: 150,000 × 1.3 = 195,000; saving 101,400 = 52.0 %.
    assert figures["Client's saving"] == (
        "101400.00 EUR a year (52.0 %) against a full-time hire costing 195000.00 EUR "
        "(salary + 30 % overhead)"
    )


def test_a_120k_role_at_45_percent_over_220_days_in_dollars_three_days_a_week(cast, login):
    html = (
        login(OWNER)
        .get(
            "/rate/",
            {
                "salary": "120,000",
                "premium": "45",
                "days": "220",
                "currency": "usd",
                "days_per_week": "3",
            },
        )
        .content.decode()
    )
    figures = _figures(html)
    # 120,000 ÷ 220 × 1.45 = 790.909… → 790.91; at 40 % 763.636… → 763.64; at 60 % 872.727… → 872.73.
    assert figures["Day rate"].startswith("790.91 USD")
    assert figures["Range"].startswith("763.64 – 872.73 USD")
    # 790.91 ÷ 8 = 98.86375 → 98.86.
    assert figures["Hourly equivalent"].startswith("98.86 USD")
    assert figures["Monthly retainer"].startswith("11863.65 – 15818.20 USD")
    # 3 × 52/12 = 13 days a month: 10,281.83; 156 days a year: 123,381.96.
    assert figures["At 3 days a week"].startswith("10281.83 USD a month, 123381.96 USD a year")
    # 156,000 − 123,381.96 = 32,618.04, 20.9 % of 156,000.
    assert figures["Client's saving"].startswith("32618.04 USD a year (20.9 %)")


def test_htmx_gets_the_figures_and_the_fields_out_of_band(cast, login):
    response = login(OWNER).get(
        "/rate/",
        {"salary": "150000", "premium": "50", "days": "250", "currency": "EUR"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" not in html
    assert _figures(html)["Day rate"].startswith("900.00 EUR")
    # Only the messages beside the fields come back, never the inputs being typed in.
    assert '<p class="error" id="id_salary_error" hx-swap-oob="true"></p>' in html
    assert "<input" not in html
    # Without committed days there is no monthly fee at them and no saving.
    assert "Client's saving" not in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("salary", "-150000", "salary: -150000 must be a positive full-time annual salary"),
        ("salary", "", "salary: enter the role&#x27;s full-time annual salary"),
        ("salary", "lots", "salary: &#x27;lots&#x27; is not an amount"),
        ("premium", "500%", "premium: 500% is outside 0–200% (the playbook&#x27;s band is 40–60%)"),
        ("premium", "-1", "premium: -1% is outside 0–200%"),
        ("days", "0", "days: 0 working days a year is not possible"),
        ("days", "2.5", "days: &#x27;2.5&#x27; is not a whole number of days"),
        ("currency", "EURO", "unknown currency &#x27;EURO&#x27;"),
        ("days_per_week", "8", "days_per_week: 8 is outside 0–7"),
        ("salary", "9" * 60, "salary: not a figure"),
    ],
)
def test_a_bad_figure_is_named_beside_its_field_and_the_typed_value_is_kept(
    cast, login, field, value, message
):
    data = {"salary": "150000", "premium": "50", "days": "250", "currency": "EUR", field: value}
    response = login(OWNER).get("/rate/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'<p class="error" id="id_{field}_error">{message}' in html
    assert "Day rate</dt>" not in html


def test_every_bad_field_gets_its_own_message_at_once(cast, login):
    html = (
        login(OWNER)
        .get("/rate/", {"salary": "-5", "premium": "500", "days": "250", "currency": "EUR"})
        .content.decode()
    )
    assert 'id="id_salary_error">salary: -5 must be a positive' in html
    assert 'id="id_premium_error">premium: 500% is outside' in html
    assert 'value="-5"' in html and 'value="500"' in html


def test_empty_optional_fields_take_the_playbooks_figures_and_the_practices_currency(cast, login):
    from fracos.practice.services import practice_update

    practice_update(cast.owner, currency="CHF")
    html = (
        login(OWNER).get("/rate/", {"salary": "200000", "premium": "", "days": ""}).content.decode()
    )
    # 200,000 ÷ 250 × 1.5 = 1,200 in the practice's own currency.
    assert _figures(html)["Day rate"].startswith(
        "1200.00 CHF (200000.00 CHF ÷ 250 days × (1 + 50 %))"
    )


def test_htmx_puts_a_bad_figures_message_beside_its_field_out_of_band(cast, login):
    html = (
        login(OWNER)
        .get(
            "/rate/",
            {"salary": "150000", "premium": "500", "days": "250", "currency": "EUR"},
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert (
        '<p class="error" id="id_premium_error" hx-swap-oob="true">premium: 500% is outside'
    ) in html
    assert '<p class="error" id="id_salary_error" hx-swap-oob="true"></p>' in html
    assert "Day rate</dt>" not in html
