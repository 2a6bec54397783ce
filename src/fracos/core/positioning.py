"""The specificity check of a positioning statement and of proof stories.

A set of explainable rules, each of which says what makes the text generic and
what to add — not a score from nowhere. "Specific beats broad" (PLAYBOOK.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VAGUE_VERBS = ("help", "helps", "helping", "support", "supports", "assist", "enable",
               "enables", "empower", "empowers", "drive", "drives", "leverage", "optimise",
               "optimize", "transform", "facilitate")  # fmt: skip
VAGUE_NOUNS = ("companies", "businesses", "organisations", "organizations", "clients",
               "technology strategy", "digital transformation", "solutions", "growth",
               "innovation", "synergies", "best practices")  # fmt: skip
CLICHES = ("passionate", "results-driven", "results driven", "experienced", "unique",
           "world-class", "seasoned", "proven track record", "thought leader")  # fmt: skip
SIZE = re.compile(
    r"\b\d[\d,.]*\s*(?:\+|-|–)?\s*(?:\d+\s*)?(?:people|employees|staff|engineers|developers|fte|"
    r"person|headcount)\b|[€$£]\s?\d+(?:[.,]\d+)?\s*(?:m|mn|million|k|bn)\b|\b\d+\s*(?:m|million)"
    r"\s*(?:€|eur|euro|usd|\$)?\s*(?:revenue|arr|turnover)\b|\b(?:sme|smb|mid-sized|mid-market)\b",
    re.IGNORECASE,
)
STAGE = re.compile(
    r"\b(?:pre-seed|seed|series [a-e]|scale-?ups?|start-?ups?|pre-revenue|post-revenue|"
    r"growth[- ]stage|established|family[- ]owned|pe[- ]backed|vc[- ]backed|bootstrapped|"
    r"listed|founder[- ]led)\b",
    re.IGNORECASE,
)
INDUSTRY = re.compile(
    r"\b(?:fintech|healthtech|medtech|insurtech|proptech|edtech|legaltech|saas|b2b|b2c|"
    r"e-?commerce|retail|logistics|manufacturing|industrial|energy|cleantech|climate|"
    r"biotech|pharma|media|gaming|telecom|automotive|mobility|agritech|food|hospitality|"
    r"marketplaces?|banking|insurance|public sector|non-?profits?|construction|real estate|"
    r"software|hardware|security|cybersecurity|ai|data)\b",
    re.IGNORECASE,
)
SITUATION = re.compile(
    r"\b(?:after|before|facing|struggling|preparing|just raised|raising|without a|no (?:cto|"
    r"cmo|coo|cfo)|outgrown|post-acquisition|merger|turnaround|scaling|whose|who (?:have|are|"
    r"need|just)|that (?:have|are|need|just)|rebuilding|replatforming|migrating)\b",
    re.IGNORECASE,
)
MEASURABLE = re.compile(
    r"\d|\b(?:half|double|doubled|triple|tripled|twice|weeks?|months?|quarters?)\b",
    re.IGNORECASE,
)
CONCRETE_RESULT = re.compile(
    r"\d|\b(?:launched|shipped|hired|closed|raised|cut|reduced|doubled|tripled|halved|"
    r"increased|grew|saved|acquired|passed|certified|migrated)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    rule: str
    ok: bool
    message: str  # what was found
    advice: str  # what to add or change, when not ok


def _words(pattern: tuple[str, ...], text: str) -> list[str]:
    lowered = text.lower()
    return [w for w in pattern if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", lowered)]


def check_positioning(*, who: str, what: str, different: str, outcome: str) -> list[Finding]:
    """Every rule with its verdict; the statement passes when every finding is ok."""
    findings: list[Finding] = []
    vague_verbs = _words(VAGUE_VERBS, what)
    findings.append(
        Finding(
            "concrete-verbs",
            not vague_verbs,
            f"'what you do' uses vague verbs: {', '.join(vague_verbs)}"
            if vague_verbs
            else "'what you do' uses concrete verbs",
            "Say what you actually do: 'build and lead the engineering team', 'run the board's "
            "technology agenda', not 'help with technology'.",
        )
    )
    vague_nouns = _words(VAGUE_NOUNS, f"{who} {what}")
    findings.append(
        Finding(
            "concrete-nouns",
            not vague_nouns,
            f"generic nouns: {', '.join(vague_nouns)}" if vague_nouns else "no generic nouns",
            "Replace generic words ('companies', 'technology strategy') with the kind of "
            "organisation and the problem you solve.",
        )
    )
    for rule, pattern, label, advice in (
        (
            "size",
            SIZE,
            "company size",
            "State the size you serve, e.g. '20–150 people' or '€2M–€20M revenue'.",
        ),
        (
            "stage",
            STAGE,
            "company stage",
            "State the stage, e.g. 'Series A–B scale-ups' or 'family-owned SMEs'.",
        ),
        (
            "industry",
            INDUSTRY,
            "industry",
            "Name the industry, e.g. 'B2B SaaS', 'fintech', 'logistics'.",
        ),
        (
            "situation",
            SITUATION,
            "situation",
            "Name the situation that makes them need you, "
            "e.g. 'after their first institutional round, without a CTO'.",
        ),
    ):
        found = bool(pattern.search(who))
        findings.append(
            Finding(
                rule,
                found,
                f"'who you serve' states the {label}"
                if found
                else f"'who you serve' does not state the {label}",
                advice,
            )
        )
    cliches = _words(CLICHES, different)
    long_enough = len(different.split()) >= 8
    findings.append(
        Finding(
            "difference",
            long_enough and not cliches,
            "'how you are different' is specific"
            if long_enough and not cliches
            else ("'how you are different' leans on clichés: " + ", ".join(cliches))
            if cliches
            else "'how you are different' is too short to say anything",
            "Say what you do that others don't, with evidence: a method, a track record, a "
            "network ('I have hired 40 engineers in Belgium in three years').",
        )
    )
    measurable = bool(MEASURABLE.search(outcome))
    findings.append(
        Finding(
            "measurable-outcome",
            measurable,
            "the outcome is measurable"
            if measurable
            else "the outcome has no number or time frame",
            "Make the outcome measurable: 'a senior team of 8 hired within 6 months', "
            "'release cadence from quarterly to weekly'.",
        )
    )
    return findings


def check_proof_result(result: str) -> Finding:
    concrete = bool(CONCRETE_RESULT.search(result))
    return Finding(
        "measurable-result",
        concrete,
        "the result is measurable" if concrete else "the result has no number or concrete outcome",
        "Give the result as a number or a concrete outcome: 'cut cloud costs by 38 %', "
        "'hired a team of 6 in 4 months', 'passed the ISO 27001 audit'.",
    )
