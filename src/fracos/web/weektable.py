"""The week as table rows: engagements × days, then business development and admin."""

from __future__ import annotations

from typing import Any

from fracos.core import clock
from fracos.core.durations import format_duration
from fracos.timesheets.ledger import KIND_LABELS, WeekView


def week_rows(view: WeekView) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for line in view.lines:
        committed = line.committed_seconds
        logged = line.logged_seconds
        rows.append(
            {
                "label": line.engagement.client_name,
                "role": line.engagement.role_title,
                "cells": [
                    {
                        "text": format_duration(s) if s else "",
                        "dedicated": clock.WEEKDAYS[i] in line.engagement.dedicated_days,
                    }
                    for i, s in enumerate(line.by_day)
                ],
                "logged": format_duration(logged),
                "committed": format_duration(committed) if committed else "—",
                "percent": min(150, round(100 * logged / committed)) if committed else None,
            }
        )
    for kind, by_day in sorted(view.internal_by_day.items()):
        rows.append(
            {
                "label": KIND_LABELS[kind],
                "role": "",
                "internal": True,
                "cells": [
                    {"text": format_duration(s) if s else "", "dedicated": False} for s in by_day
                ],
                "logged": format_duration(sum(by_day)),
                "committed": "",
                "percent": None,
            }
        )
    return {
        "week": view,
        "rows": rows,
        "days": view.days,
        "totals": [format_duration(s) for s in view.total_by_day()],
        "grand_total": format_duration(sum(view.total_by_day())),
        "plan": [(d.capitalize(), names) for d, names in view.plan.items() if names],
        "no_bd": view.bd_seconds == 0,
    }
