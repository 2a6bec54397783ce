"""Which tables a backup holds, how each one's rows are tied to a practice, and in what order.

Tables are found through ``django.apps``, not listed by hand: a model added
later is backed up as soon as it can reach ``practice.Practice`` through its
foreign keys. A model that cannot, and is not in ``EXCLUDED`` with a reason,
makes ``plan()`` raise, so nothing can be silently left out of a backup.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

PRACTICE = "practice.practice"

# Tables a backup deliberately leaves out, and why. Labels are lower-case `app.model`.
EXCLUDED: dict[str, str] = {
    "sessions.session": "sign-in sessions expire; people sign in again after a restore",
    "contenttypes.contenttype": "rebuilt by migrate in every database",
    "auth.permission": "rebuilt by migrate; roles live on practice members",
    "auth.group": "unused: roles live on practice members, not Django groups",
    "auth.group_permissions": "unused: roles live on practice members, not Django groups",
    "auth.user_groups": "unused: roles live on practice members, not Django groups",
    "auth.user_user_permissions": "unused: roles live on practice members",
    "practice.failedattempt": "failed sign-in counts of the last minute, per address, of no "
    "practice: they expire on their own",
}

# Rows reached from the practice through a reverse relation rather than a foreign key.
REVERSE_PATHS: dict[str, str] = {"auth.user": "memberships__practice"}

# Restored before the table they point to. An issued invoice's lines are refused by the
# database trigger once the invoice exists (billing migration 0002); inserted first, while
# their invoice does not exist yet, they pass it, and the foreign key (deferred to the
# commit) still guarantees the invoice arrives in the same transaction.
BEFORE_PARENT: dict[str, str] = {"billing.invoiceline": "billing.invoice"}

# How each kind of column is written to JSON; a model with any other kind fails the plan.
SUPPORTED_TYPES = frozenset(
    {
        "AutoField", "BigAutoField", "BigIntegerField", "BinaryField", "BooleanField", "CharField",
        "DateField", "DateTimeField", "DecimalField", "EmailField", "ForeignKey",
        "IntegerField", "JSONField", "OneToOneField", "PositiveBigIntegerField",
        "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField", "SmallIntegerField",
        "TextField", "URLField",
    }
)  # fmt: skip


class UnplannedTable(Exception):
    """A model is neither backed up nor excluded: a programming error, not a user's."""


@dataclass(frozen=True)
class Table:
    label: str  # "billing.invoice"
    model: type[models.Model]
    # The lookup from this table to the practice's id ("invoice__practice_id"), "" for Practice.
    path: str

    @property
    def columns(self) -> list[str]:
        return [f.attname for f in self.model._meta.concrete_fields]

    def rows_of(self, practice_id: int) -> Any:
        manager = self.model._default_manager
        if not self.path:
            return manager.filter(pk=practice_id)
        rows = manager.filter(**{self.path: practice_id})
        if "__" in self.path and self.label in REVERSE_PATHS:
            rows = rows.distinct()  # a user who is a member twice is still one row
        return rows.order_by("pk")


def label_of(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _forward_relations(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)
    ]


def _path_to_practice(model: type[models.Model]) -> str | None:
    """The shortest chain of non-null foreign keys to Practice, or None."""
    label = label_of(model)
    if label == PRACTICE:
        return ""
    if label in REVERSE_PATHS:
        return REVERSE_PATHS[label] + "_id"
    queue: deque[tuple[type[models.Model], list[str]]] = deque([(model, [])])
    seen = {label}
    while queue:
        current, path = queue.popleft()
        for field in _forward_relations(current):
            if field.null:
                continue  # a nullable link would miss the rows where it is empty
            target = field.related_model
            assert target is not None and not isinstance(target, str)
            if label_of(target) == PRACTICE:
                return "__".join([*path, field.name]) + "_id"
            if label_of(target) not in seen:
                seen.add(label_of(target))
                queue.append((target, [*path, field.name]))
    return None


def _all_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]


def _unsupported_columns(model: type[models.Model]) -> list[str]:
    return [
        f.name for f in model._meta.concrete_fields if f.get_internal_type() not in SUPPORTED_TYPES
    ]


def plan() -> list[Table]:
    """Every table of a practice's backup, in the order a restore inserts them."""
    tables: dict[str, Table] = {}
    problems: list[str] = []
    for model in _all_models():
        label = label_of(model)
        if label in EXCLUDED:
            continue
        path = _path_to_practice(model)
        if path is None:
            problems.append(f"{label}: no non-null foreign key leads to the practice")
            continue
        unsupported = _unsupported_columns(model)
        if unsupported:
            problems.append(f"{label}: columns of an unsupported type: {unsupported}")
            continue
        tables[label] = Table(label=label, model=model, path=path)
    if problems:
        raise UnplannedTable(
            "Back these tables up or add them to archive.tables.EXCLUDED with a reason: "
            + "; ".join(problems)
        )
    return _ordered(tables)


def _ordered(tables: dict[str, Table]) -> list[Table]:
    """Parents before children (a readable archive), except the BEFORE_PARENT tables."""
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(label: str) -> None:
        if label in ordered or label in visiting:
            return  # a cycle (self-reference) is fine: foreign keys are checked at commit
        visiting.add(label)
        for field in _forward_relations(tables[label].model):
            target = label_of(field.related_model)  # type: ignore[arg-type]
            if target in tables and target != label:
                visit(target)
        visiting.discard(label)
        ordered.append(label)

    for label in sorted(tables):
        visit(label)
    for child, parent in BEFORE_PARENT.items():
        if child in ordered and parent in ordered:
            ordered.remove(child)
            ordered.insert(ordered.index(parent), child)
    return [tables[label] for label in ordered]
