"""The health checks' thresholds are playbook settings with defaults, checked like the others."""

from __future__ import annotations

import pytest

from fracos.core.errors import ValidationFailed
from fracos.core.playbook import PlaybookSettings


def test_the_thresholds_have_the_playbooks_defaults() -> None:
    rules = PlaybookSettings()
    assert (rules.concentration_warn_pct, rules.concentration_alert_pct) == (50, 75)
    assert (rules.context_switch_warn_days, rules.context_switch_alert_days) == (2, 6)
    assert (
        rules.utilisation_low_pct,
        rules.utilisation_warn_pct,
        rules.utilisation_alert_pct,
    ) == (40, 85, 100)
    assert rules.pipeline_coverage_pct == 100 and rules.pipeline_engagement_months == 6
    assert rules.underpricing_alert_pct == 25 and rules.receivables_alert_days == 30


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"concentration_warn_pct": "80"}, "concentration_warn_pct"),
        ({"context_switch_warn_days": "7"}, "context_switch_warn_days"),
        ({"utilisation_low_pct": "90"}, "utilisation_low_pct"),
        ({"utilisation_warn_pct": "120"}, "utilisation_warn_pct"),
        ({"pipeline_engagement_months": "0"}, "pipeline_engagement_months"),
        ({"receivables_alert_days": "-1"}, "receivables_alert_days"),
    ],
)
def test_a_threshold_out_of_order_is_refused_naming_the_field(
    changes: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        PlaybookSettings().updated(changes)
    assert refused.value.field == field


def test_a_practice_stores_only_the_thresholds_it_changes(cast) -> None:
    from fracos.practice.models import Practice
    from fracos.practice.services import playbook_update

    playbook_update(cast.owner, {"concentration_alert_pct": "90"})
    stored = Practice.objects.get(pk=cast.practice.pk).rules.to_stored()
    assert stored == {"concentration_alert_pct": 90}
