"""The weekly plan page: who owns each half-day; assigning and clearing slots through the
service, which refuses clashes and an overbooked week (the cast: Acme Mon+Tue, 2 days a
week; Brightwave Thursday, 8 h a week; 8 h a day, 40 h capacity)."""

from __future__ import annotations

import re

from fracos.engagements.models import Engagement, WeekPlanSlot
from fracos.engagements.plan import NO_FREE_DAY
from fracos.practice.services import playbook_update
from tests.web.conftest import LEADER, OWNER, VIEWER


def _grid(html: str) -> dict[str, tuple[str, str]]:
    table = html.split('<table class="data plan">', 1)[1].split("</table>", 1)[0]
    out = {}
    for day, cells in re.findall(r'<th scope="row">(\w+)</th>(.*?)</tr>', table, re.S):
        texts = [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)
        ]
        out[day] = (texts[0], texts[1])
    return out


def _slots(engagement) -> list[str]:
    return sorted(
        f"{s.weekday}-{s.part}" for s in WeekPlanSlot.objects.filter(engagement=engagement)
    )


def test_the_plan_shows_each_half_day_and_the_weeks_load(cast, login):
    html = login(VIEWER).get("/plan/").content.decode()
    assert _grid(html) == {
        "Monday": ("Acme Logistics (whole day)", "Acme Logistics (whole day)"),
        "Tuesday": ("Acme Logistics (whole day)", "Acme Logistics (whole day)"),
        "Wednesday": ("free", "free"),
        "Thursday": ("Brightwave Health (whole day)", "Brightwave Health (whole day)"),
        "Friday": ("free", "free"),
    }
    # Acme: 2 days × 8 h = 16 h; Brightwave: 8 h; 24 h of 40.
    assert "load 24 h of 40 h capacity, 8 h a day" in html
    assert "Assign or clear a slot" not in html
    assert "Warning" not in html


def test_assigning_a_half_day_adds_it_to_the_engagement(cast, login):
    response = login(LEADER).post(
        "/plan/", {"weekday": "wed", "part": "am", "engagement": cast.day_rate.pk}
    )
    assert response.status_code == 302
    assert _slots(cast.day_rate) == ["thu-full", "wed-am"]
    html = login(OWNER).get("/plan/").content.decode()
    assert _grid(html)["Wednesday"] == ("Brightwave Health", "free")
    # Brightwave now plans 12 h (more than its 8 committed): 16 + 12 = 28 h.
    assert "load 28 h of 40 h" in html
    assert Engagement.objects.get(pk=cast.day_rate.pk).dedicated_days == "wed,thu"


def test_giving_half_of_a_day_the_engagement_holds_whole_keeps_the_other_half(cast, login):
    # The same arithmetic as PUT /plan/slots (engagements/plan.py): other slots stay.
    response = login(LEADER).post(
        "/plan/", {"weekday": "mon", "part": "am", "engagement": cast.retainer.pk}
    )
    assert response.status_code == 302
    assert _slots(cast.retainer) == ["mon-am", "mon-pm", "tue-full"]


def test_a_slot_another_client_holds_is_refused_beside_the_form(cast, login):
    response = login(OWNER).post(
        "/plan/", {"weekday": "mon", "part": "am", "engagement": cast.day_rate.pk}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert (
        '<p class="error" id="id_weekday_error">plan: Monday morning would belong to both '
        "Acme Logistics and Brightwave Health; a slot has one client</p>"
    ) in html
    assert not WeekPlanSlot.objects.filter(engagement=cast.day_rate).exists()


def test_an_overbooked_week_is_refused_with_the_services_message(cast, login):
    playbook_update(cast.owner, {"capacity_hours_per_week": "30"})
    response = login(OWNER).post(
        "/plan/",
        {"weekday": "wed", "part": "full", "engagement": cast.retainer.pk},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    # Acme would plan 3 days = 24 h (more than its 16 committed) + Brightwave 8 h = 32 h > 30.
    assert (
        "plan: the week would hold 32 h of client work against a capacity of 30 h "
        "(capacity_hours_per_week)"
    ) in html
    assert "<html" not in html
    assert Engagement.objects.get(pk=cast.retainer.pk).dedicated_days == "mon,tue"


def test_a_week_with_no_half_day_left_warns_about_business_development(cast, login):
    browser = login(OWNER)
    browser.post("/plan/", {"weekday": "wed", "part": "full", "engagement": cast.retainer.pk})
    response = browser.post(
        "/plan/",
        {"weekday": "fri", "part": "full", "engagement": cast.day_rate.pk},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Friday planned." in html
    assert f"Warning: {NO_FREE_DAY}" in html
    # 24 h + 16 h = 40 h: exactly the capacity, allowed.
    assert "load 40 h of 40 h" in html
    assert NO_FREE_DAY in browser.get("/plan/").content.decode()


def test_clearing_a_morning_of_a_whole_day_keeps_the_afternoon(cast, login):
    browser = login(OWNER)
    response = browser.post("/plan/", {"weekday": "mon", "part": "am", "engagement": ""})
    assert response.status_code == 302
    assert _slots(cast.retainer) == ["mon-pm", "tue-full"]
    html = browser.get("/plan/").content.decode()
    assert _grid(html)["Monday"] == ("free", "Acme Logistics")
    # Acme plans 12 h but committed 16: the load keeps the larger, 16 + 8 = 24 h.
    assert "load 24 h of 40 h" in html


def test_clearing_an_engagements_last_slot_takes_it_out_of_the_plan(cast, login):
    login(OWNER).post("/plan/", {"weekday": "thu", "part": "full", "engagement": ""})
    assert Engagement.objects.get(pk=cast.day_rate.pk).dedicated_days == ""


def test_clearing_a_free_slot_says_so(cast, login):
    response = login(OWNER).post("/plan/", {"weekday": "wed", "part": "pm", "engagement": ""})
    assert response.status_code == 422
    assert "weekday: Wednesday afternoon is already free" in response.content.decode()


def test_the_plan_page_reads_a_bounded_number_of_queries(
    cast, login, django_assert_max_num_queries
):
    from datetime import date

    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add

    for n, day in enumerate(("wed", "fri")):
        engagement_add(
            cast.owner,
            client_id=client_add(cast.owner, name=f"Client {n}").pk,
            role_title="CTO",
            pricing_model="day_rate",
            day_rate="1000",
            dedicated_days=(day,),
            start_date=date(2026, 3, 1),
        )
    browser = login(OWNER)
    with django_assert_max_num_queries(8):
        html = browser.get("/plan/").content.decode()
    assert _grid(html)["Friday"] == ("Client 1 (whole day)", "Client 1 (whole day)")


def test_a_weekend_half_day_appears_once_an_engagement_holds_it(cast, login):
    browser = login(OWNER)
    browser.post("/plan/", {"weekday": "sat", "part": "am", "engagement": cast.retainer.pk})
    html = browser.get("/plan/").content.decode()
    assert _grid(html)["Saturday"] == ("Acme Logistics", "free")
    assert "Sunday" not in _grid(html)
    # Acme plans 2 days + a morning = 20 h (above its 16 committed) + Brightwave 8 h.
    assert "load 28 h of 40 h" in html
