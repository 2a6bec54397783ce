"""Practice health: the dashboard's panel, and the /health/ page with every check and the forecast."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from fracos.core.access import Actor
from fracos.insights.forecast import Forecast, forecast
from fracos.insights.health import overall, practice_health
from fracos.practice.models import Practice
from fracos.web.access import actor_of, practice_of, staff_view
from fracos.web.charts import StackedBars, money_bars, render_legend, render_svg
from fracos.web.views.common import page


def health_context(
    actor: Actor, practice: Practice, engagements: list[Any], cadence: list[Any], **read: Any
) -> dict[str, Any]:
    """The dashboard panel's context, reusing what the dashboard has already read
    (``read``: practice_health's invoiced, unpaid and weighted)."""
    checks = practice_health(
        actor, practice=practice, engagements=engagements, cadence=cadence, **read
    )
    return {"health_checks": checks, "health_status": overall(checks)}


def forecast_chart(f: Forecast, currency: str) -> tuple[StackedBars, SafeString, SafeString]:
    """Contracted and weighted-pipeline income per month as stacked bars, one currency."""
    rows = f.by_month(currency)
    series = [
        (name, {row["month"]: row[key] for row in rows})
        for name, key in (("Contracted", "contracted"), ("Weighted pipeline", "pipeline"))
    ]
    chart = money_bars(
        f"Income forecast in {currency}, next {len(f.months)} months",
        [(row["month"], row["month"][2:]) for row in rows],
        series,
        currency,
    )
    ident = f"forecast_{currency.lower()}"
    return chart, render_svg(chart, ident), render_legend(chart, ident)


@staff_view
@require_safe
def health_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    practice = practice_of(request)
    checks = practice_health(actor, practice=practice)
    f = forecast(actor)
    charts = []
    for currency in f.currencies():
        chart, svg, legend = forecast_chart(f, currency)
        charts.append(
            {
                "currency": currency,
                "chart": chart,
                "svg": svg,
                "legend": legend,
                "rows": f.by_month(currency),
                "clients": f.client_rows(currency),
                "contracted": f.total(currency, "contracted"),
                "pipeline": f.total(currency, "pipeline"),
                "total": f.total(currency),
                "salary": f.monthly_salary if currency == f.currency and f.salary > 0 else None,
                "salary_total": f.salary_for_period
                if currency == f.currency and f.salary > 0
                else None,
            }
        )
    return page(
        request,
        "web/health.html",
        {
            "health_checks": checks,
            "health_status": overall(checks),
            "forecast": f,
            "forecast_charts": charts,
        },
        nav="health",
    )
