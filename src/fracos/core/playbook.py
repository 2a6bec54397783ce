"""The operating model's numbers (see PLAYBOOK.md), as practice settings.

Every figure here is a *default*: a practice stores only the values it
changes (a JSON object), and :func:`PlaybookSettings.from_stored` lays them over
these defaults. Each rule the product checks explains itself in one sentence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from fracos.core.errors import ValidationFailed


def _stage_probabilities() -> dict[str, int]:
    return {
        "identified": 5,
        "contacted": 10,
        "conversation": 25,
        "pilot_proposed": 40,
        "pilot_running": 60,
        "retainer_proposed": 75,
        "won": 100,
        "lost": 0,
    }


def _reminder_days() -> list[int]:
    return [-3, 0, 7, 14, 30]


@dataclass(frozen=True)
class PlaybookSettings:
    # The engagement
    min_clients: int = 2
    max_clients: int = 4
    min_hours_per_engagement: int = 10
    max_hours_per_engagement: int = 20
    min_engagement_months: int = 6
    max_engagement_months: int = 12
    # Pricing
    working_days_per_year: int = 250
    premium_min_pct: int = 40
    premium_max_pct: int = 60
    premium_default_pct: int = 50
    retainer_days_min: int = 15
    retainer_days_max: int = 20
    hours_per_day: Decimal = Decimal("8")
    full_time_overhead_pct: int = 30
    full_time_salary: Decimal = Decimal("0")
    # Pilots
    pilot_weeks_min: int = 4
    pilot_weeks_max: int = 8
    # The week
    capacity_hours_per_week: Decimal = Decimal("40")
    bd_min_hours_per_4_weeks: Decimal = Decimal("16")
    max_clients_per_day: int = 2
    # Cadence
    checkin_interval_days: int = 7
    summary_interval_months: int = 1
    review_interval_months: int = 3
    cadence_due_soon_days: int = 3  # a check-in, summary or review shows as due this early
    renewal_warn_days: int = 60
    renewal_alert_days: int = 30
    thought_leadership_interval_days: int = 30
    # Retainer hours
    retainer_warn_pct: int = 80
    retainer_alert_pct: int = 100
    # Practice health (insights/health.py): when each check turns amber or red
    concentration_warn_pct: int = 50  # one client's share of invoiced income above this: warn
    concentration_alert_pct: int = 75
    underpricing_alert_pct: int = 25  # effective rate this far below the target rate: alert
    pipeline_coverage_pct: int = 100  # weighted pipeline should cover this much of the income gap
    pipeline_engagement_months: int = 6  # how long a won opportunity is forecast to pay
    context_switch_warn_days: int = 2  # days in 4 weeks with work off a client's days
    context_switch_alert_days: int = 6
    utilisation_low_pct: int = 40  # client hours a week as a share of capacity
    utilisation_warn_pct: int = 85
    utilisation_alert_pct: int = 100
    receivables_alert_days: int = 30  # an invoice this many days past due turns receivables red
    # Runway
    runway_min_months: int = 6
    runway_max_months: int = 12
    cash_reserve: Decimal = Decimal("0")
    monthly_costs: Decimal = Decimal("0")
    # Winning clients
    warm_network_size: int = 20
    pilots_to_offer: int = 3
    stage_probabilities: dict[str, int] = field(default_factory=_stage_probabilities)
    # Getting paid
    payment_terms_days: int = 30
    reminder_days: list[int] = field(default_factory=_reminder_days)
    invoice_number_pattern: str = "{year}-{seq:04d}"
    day_count_mode: str = "dates"  # "dates": a day per date worked; "hours": hours ÷ day length
    # A retainer that starts or ends mid-month bills the share of the month's days it runs.
    prorate_retainers: bool = True
    credit_note_number_pattern: str = "CN-{year}-{seq:04d}"
    # A Belgian practice asks for a structured communication (OGM) unless turned off.
    structured_payment_reference: bool = True
    # The small-business VAT exemption: no VAT charged, the legal ground on every invoice.
    vat_exempt: bool = False
    vat_exemption_reason: str = ""
    # run-due: leave the month's recurring invoices as drafts, or issue and send them.
    run_due_issue: bool = False

    @classmethod
    def from_stored(cls, stored: dict[str, Any] | None) -> PlaybookSettings:
        settings = cls()
        if stored:
            settings = settings.updated(stored)
        return settings

    def updated(self, changes: dict[str, Any]) -> PlaybookSettings:
        """A copy with ``changes`` applied, each value coerced and checked."""
        known = {f.name: f for f in fields(self)}
        coerced: dict[str, Any] = {}
        for name, raw in changes.items():
            if name not in known:
                raise ValidationFailed(
                    f"unknown playbook setting {name!r}; see `fracos practice settings`",
                    field=name,
                )
            coerced[name] = _coerce(name, raw, getattr(self, name))
        result = replace(self, **coerced)
        result.check()
        return result

    def check(self) -> None:
        pairs = [
            ("min_clients", "max_clients"),
            ("min_hours_per_engagement", "max_hours_per_engagement"),
            ("premium_min_pct", "premium_max_pct"),
            ("retainer_days_min", "retainer_days_max"),
            ("pilot_weeks_min", "pilot_weeks_max"),
            ("runway_min_months", "runway_max_months"),
            ("renewal_alert_days", "renewal_warn_days"),
            ("retainer_warn_pct", "retainer_alert_pct"),
            ("concentration_warn_pct", "concentration_alert_pct"),
            ("context_switch_warn_days", "context_switch_alert_days"),
            ("utilisation_low_pct", "utilisation_warn_pct"),
            ("utilisation_warn_pct", "utilisation_alert_pct"),
        ]
        for low, high in pairs:
            if getattr(self, low) > getattr(self, high):
                raise ValidationFailed(f"{low} must not exceed {high}", field=low)
        if not 1 <= self.working_days_per_year <= 366:
            raise ValidationFailed(
                "working_days_per_year must be 1–366", field="working_days_per_year"
            )
        for name in ("checkin_interval_days", "summary_interval_months", "review_interval_months"):
            if getattr(self, name) < 1:
                raise ValidationFailed(f"{name} must be at least 1", field=name)
        if self.pipeline_engagement_months < 1:
            raise ValidationFailed(
                "pipeline_engagement_months must be at least 1", field="pipeline_engagement_months"
            )
        if not Decimal(1) <= self.hours_per_day <= Decimal(24):
            raise ValidationFailed("hours_per_day must be 1–24", field="hours_per_day")
        if self.day_count_mode not in ("dates", "hours"):
            raise ValidationFailed(
                "day_count_mode must be 'dates' or 'hours'", field="day_count_mode"
            )
        for name in ("invoice_number_pattern", "credit_note_number_pattern"):
            pattern = getattr(self, name)
            if "{seq" not in pattern:
                raise ValidationFailed(f"{name} must contain {{seq}}", field=name)
            try:
                pattern.format(year=2026, seq=1)
            except (KeyError, ValueError, IndexError):
                raise ValidationFailed(
                    f"{name}: {pattern!r} may only use {{year}} and {{seq}}", field=name
                ) from None
        if self.vat_exempt and not self.vat_exemption_reason.strip():
            raise ValidationFailed(
                "vat_exemption_reason: an exempt practice must state the legal ground of its "
                "exemption (e.g. 'Small business exemption, art. 56bis BE VAT Code')",
                field="vat_exemption_reason",
            )

    def to_stored(self) -> dict[str, Any]:
        """Only what differs from the defaults, JSON-ready (decimals as strings)."""
        defaults = asdict(PlaybookSettings())
        current = asdict(self)
        return {
            key: (str(value) if isinstance(value, Decimal) else value)
            for key, value in current.items()
            if value != defaults[key]
        }

    def as_dict(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(self).items()}


def _coerce(name: str, raw: Any, current: Any) -> Any:
    try:
        if isinstance(current, bool):
            return str(raw).lower() in ("1", "true", "yes", "on")
        if isinstance(current, int):
            value: Any = int(str(raw).strip().rstrip("%"))
            if value < 0 and name != "reminder_days":
                raise ValueError
            return value
        if isinstance(current, Decimal):
            dec = Decimal(str(raw).strip())
            if not dec.is_finite() or dec < 0:
                raise ValueError
            return dec
        if isinstance(current, list):
            items = raw if isinstance(raw, list) else str(raw).split(",")
            return [int(str(item).strip()) for item in items if str(item).strip()]
        if isinstance(current, dict):
            if not isinstance(raw, dict):
                raise ValueError
            merged = dict(current)
            for key, val in raw.items():
                if key not in merged or not 0 <= int(val) <= 100:
                    raise ValueError
                merged[key] = int(val)
            return merged
        return str(raw)
    except (ValueError, TypeError, InvalidOperation):
        raise ValidationFailed(f"{name}: {raw!r} is not a valid value", field=name) from None
