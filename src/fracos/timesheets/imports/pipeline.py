"""From source rows to ledger-checked entries: mapping, validation, duplicates.

The mapping file (JSON object or two-column CSV ``source,target``) maps a source
``client/project``, ``project`` or ``client`` to a fracos client (name or unique
prefix), an engagement id (a number), ``bd``, ``admin`` or ``skip``. Without an
entry, a row without a client whose project is named like a kind of non-client time
(``bd``, ``Business development``, ``admin``, ``Administration``: what fracos's own
Toggl export writes) is that kind; otherwise the source client (then project) must
match a fracos client's name exactly or by a unique prefix. A row nothing maps is a
bad row.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fracos.core import clock
from fracos.core.errors import DomainError, ValidationFailed
from fracos.core.matching import pick_by_prefix
from fracos.core.text import check_line
from fracos.timesheets import ledger
from fracos.timesheets.imports.rows import BadRow, SourceRow

KIND_PROJECTS = {"bd": "Business development", "admin": "Administration"}
"""The project fracos's Toggl export gives time of a non-client kind (with no client)."""

_KIND_NAMES = {
    **{kind: kind for kind in KIND_PROJECTS},
    **{name.casefold(): kind for kind, name in KIND_PROJECTS.items()},
}


@dataclass(frozen=True)
class Target:
    kind: str  # client, bd, admin, skip
    client: ledger.ClientRef | None = None
    engagement: ledger.EngagementRef | None = None


@dataclass(frozen=True)
class Entry:
    """A row ready to insert: mapped, checked by the ledger, with its external id."""

    line: int
    kind: str
    engagement: ledger.EngagementRef | None
    row: SourceRow
    external_id: str
    tags: str
    billable: bool

    def legacy_id(self, source: str) -> str:
        """The key an import gave this row before users were told apart ("" if the same)."""
        if not self.external_id.startswith("h2:"):
            return ""
        return self.row.legacy_external_id(source)


def load_mapping(path: Path) -> dict[str, str | int]:
    """Read a mapping file; keys are compared case-insensitively."""
    try:
        if path.suffix.lower() == ".json":
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValidationFailed("mapping: the JSON file must be an object", field="mapping")
            pairs: list[tuple[str, Any]] = list(raw.items())
        else:
            with path.open(newline="", encoding="utf-8-sig") as stream:
                pairs = [(r[0], r[1]) for r in csv.reader(stream) if len(r) >= 2]
            if pairs and pairs[0][0].strip().lower() == "source":
                pairs = pairs[1:]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed(f"mapping: cannot read {path}: {exc}", field="mapping") from None
    mapping: dict[str, str | int] = {}
    for key, value in pairs:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValidationFailed(f"mapping: {key!r} maps to {value!r}", field="mapping")
        text = str(value).strip()
        mapping[str(key).strip().casefold()] = int(text) if text.isdigit() else text
    return mapping


CACHE_LIMIT = 10_000
"""Distinct look-ups remembered; past it the memory starts afresh, so it stays bounded."""


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = value


@dataclass
class Resolver:
    """Maps and checks rows; a file names few clients and days, so answers are remembered."""

    scope: ledger.Scope
    clients: list[tuple[ledger.ClientRef, str, bool]]
    engagements: list[ledger.EngagementRef]
    mapping: dict[str, str | int] = field(default_factory=dict)
    today: date = field(init=False)
    # An answer, or the reason there is none (the message of the error to raise).
    _targets: dict[tuple[str, str], Target | str] = field(init=False, default_factory=dict)
    _engagement_on: dict[tuple[int, date], ledger.EngagementRef | str] = field(
        init=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self.today = clock.today(self.scope.timezone)

    def target(self, row: SourceRow) -> Target:
        key = (row.client, row.project)
        found = self._targets.get(key)
        if found is None:
            try:
                found = self._target(row)
            except DomainError as exc:
                found = str(exc)
            _remember(self._targets, key, found)
        if isinstance(found, str):
            raise ValidationFailed(found)
        return found

    def _target(self, row: SourceRow) -> Target:
        keys = [f"{row.client}/{row.project}", row.project, row.client]
        for key in keys:
            if key.strip("/") and key.casefold() in self.mapping:
                return self._mapped(self.mapping[key.casefold()], key)
        if not row.client and row.project.casefold() in _KIND_NAMES:
            return Target(_KIND_NAMES[row.project.casefold()])
        for name in (row.client, row.project):
            if name.strip():
                try:
                    return Target("client", client=pick_by_prefix(self.clients, name))
                except DomainError:
                    continue
        source = " / ".join(x for x in (row.client, row.project) if x) or "(no client)"
        raise ValidationFailed(f"no fracos client matches {source!r}; map it with --mapping")

    def _mapped(self, value: str | int, key: str) -> Target:
        if isinstance(value, int):
            found = [e for e in self.engagements if e.id == value]
            if not found:
                raise ValidationFailed(f"mapping: {key!r} maps to unknown engagement #{value}")
            return Target("client", engagement=found[0])
        if value.lower() in ("bd", "admin", "skip"):
            return Target(value.lower())
        try:
            return Target("client", client=pick_by_prefix(self.clients, value))
        except DomainError as exc:
            raise ValidationFailed(f"mapping: {key!r} → {exc}") from None

    def entry(self, row: SourceRow, source: str) -> Entry | None:
        """The row as an entry, None when mapped to skip; raises naming what is wrong."""
        target = self.target(row)
        if target.kind == "skip":
            return None
        engagement = target.engagement
        if target.kind == "client" and engagement is None:
            assert target.client is not None
            engagement = self._engagement_of(target.client, row.work_date)
        tags = ",".join(t.replace(",", " ") for t in row.tags)
        check_line(row.source_id or "", field="id")
        ledger.check_entry(
            self.scope,
            seconds=row.seconds,
            kind=target.kind,
            engagement=engagement,
            day=row.work_date,
            note=row.note,
            tags=tags,
            today=self.today,
        )
        billable = (target.kind == "client") if row.billable is None else row.billable
        return Entry(
            row.line, target.kind, engagement, row, row.external_id(source), tags, billable
        )

    def _engagement_of(self, client: ledger.ClientRef, day: date) -> ledger.EngagementRef:
        key = (client.id, day)
        found = self._engagement_on.get(key)
        if found is None:
            try:
                found = ledger.engagement_on(self.engagements, client, day)
            except DomainError as exc:
                found = str(exc)
            _remember(self._engagement_on, key, found)
        if isinstance(found, str):
            raise ValidationFailed(found)
        return found


def describe(bad: BadRow) -> str:
    return f"line {bad.line}: {bad.reason}"
