"""SQL compiled once per process: for the few queries every request runs.

Django compiles a queryset's SQL anew on every evaluation; for the lookups each
page makes (session, user, membership) that took longer than running them. A
query is compiled once with placeholder values, and later runs pass the real
ones to ``Model.objects.raw`` with the same SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import QuerySet

_SQL: dict[tuple[str, str], str] = {}


def compiled_sql(
    name: str, query: Callable[[], QuerySet[Any]], placeholders: tuple[Any, ...]
) -> str:
    """The SQL of the queryset ``query`` makes (built only the first time: building one costs
    as much as compiling it), with ``placeholders`` as its only parameters, in order (chain one
    ``filter`` per parameter: keyword arguments of one call are sorted)."""
    key = (connection.vendor, name)
    sql = _SQL.get(key)
    if sql is None:
        sql, params = query().query.sql_with_params()
        # A placeholder that Django folded into the SQL, or a parameter it added, would make
        # the cached SQL wrong for other values: refuse rather than cache it.
        adapted = tuple(connection.ops.adapt_unknown_value(p) for p in placeholders)
        if tuple(params) != adapted:
            raise AssertionError(f"{name}: parameters {params!r}, expected {placeholders!r}")
        _SQL[key] = sql
    return sql


Model = Any  # a Django model class
_CONVERTERS: dict[tuple[str, str], list[tuple[Any, list[Any]]]] = {}


def _converters(model: Model) -> list[tuple[Any, list[Any]]]:
    """What the ORM applies to each column it reads (dates on SQLite, JSON, …), in field order."""
    key = (connection.vendor, model._meta.label)
    found = _CONVERTERS.get(key)
    if found is None:
        found = []
        for field in model._meta.concrete_fields:
            column = field.get_col(model._meta.db_table)
            found.append(
                (
                    column,
                    connection.ops.get_db_converters(column) + field.get_db_converters(connection),
                )
            )
        _CONVERTERS[key] = found
    return found


def _instance(model: Model, values: list[Any]) -> Any:
    row = []
    for value, (column, converters) in zip(values, _converters(model), strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        row.append(value)
    return model.from_db(connection.alias, [f.attname for f in model._meta.concrete_fields], row)


def first_with_related(
    name: str,
    model: Model,
    query: Callable[[], QuerySet[Any]],
    placeholders: tuple[Any, ...],
    values: list[Any],
    related: str,
) -> Any:
    """The first row of ``query`` (``select_related(related)``) for ``values``, as the ORM
    would build it (the instance and its related one), from SQL compiled once."""
    sql = compiled_sql(name, query, placeholders)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return None
    other = model._meta.get_field(related).related_model
    width = len(model._meta.concrete_fields)
    if len(row) != width + len(other._meta.concrete_fields):
        raise AssertionError(f"{name}: the query does not read the two models' columns")
    instance = _instance(model, list(row[:width]))
    setattr(instance, related, _instance(other, list(row[width:])))
    return instance
