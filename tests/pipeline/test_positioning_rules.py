"""The specificity check explains what makes a positioning generic."""

from __future__ import annotations

from fracos.core.positioning import check_positioning, check_proof_result

GENERIC = {
    "who": "companies",
    "what": "I help companies with technology strategy",
    "different": "Experienced and passionate",
    "outcome": "Better technology",
}
SPECIFIC = {
    "who": "Belgian B2B SaaS scale-ups of 20–150 people, Series A to B, that just raised "
    "and have no CTO yet",
    "what": "I build and lead the engineering team and own the technology roadmap",
    "different": "I have hired more than 40 engineers in Belgium and led two platform "
    "migrations without downtime",
    "outcome": "A senior team of 6–8 within 6 months",
}


def test_a_generic_statement_fails_every_rule_with_advice():
    findings = check_positioning(**GENERIC)
    assert [f.rule for f in findings if not f.ok] == [
        "concrete-verbs",
        "concrete-nouns",
        "size",
        "stage",
        "industry",
        "situation",
        "difference",
        "measurable-outcome",
    ]
    verbs = findings[0]
    assert "help" in verbs.message and "build and lead" in verbs.advice


def test_a_specific_statement_passes_every_rule():
    assert all(f.ok for f in check_positioning(**SPECIFIC))


def test_each_missing_part_of_who_is_named():
    findings = {
        f.rule: f
        for f in check_positioning(**{**SPECIFIC, "who": "fintech scale-ups of 50 people"})
    }
    assert findings["size"].ok and findings["industry"].ok and findings["stage"].ok
    assert not findings["situation"].ok
    assert "does not state the situation" in findings["situation"].message


def test_revenue_counts_as_a_size():
    finding = {
        f.rule: f
        for f in check_positioning(
            **{
                **SPECIFIC,
                "who": "Family-owned manufacturing SMEs with €2M–€20M revenue facing "
                "their first ERP migration",
            }
        )
    }["size"]
    assert finding.ok


def test_a_proof_result_needs_a_number_or_a_concrete_outcome():
    assert check_proof_result("Cut cloud costs by 38 % in 3 months").ok
    assert check_proof_result("Passed the ISO 27001 audit").ok
    vague = check_proof_result("The team was much happier")
    assert not vague.ok and "number" in vague.advice
