"""Where a period's figures are read: the whole UTC days inside it from the day tables, the hours at its edges from
the hour tables. Both keep UTC hours whole, so for any time zone whose offset is a whole number of hours the two add
up to exactly what the hour tables alone give, while a year costs a few hundred day rows instead of thousands of
hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet

from .teachers import Period

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Spans:
    hours: Q  # on `bucket`
    days: Q  # on `day`


def _midnight(moment: datetime) -> datetime:
    return datetime.combine(moment.astimezone(UTC).date(), time.min, tzinfo=UTC)


def spans(period: Period) -> Spans:
    """The period's whole UTC days and, apart, the hours before the first and after the last of them."""
    first = _midnight(period.start)
    if first < period.start:
        first += timedelta(days=1)
    last = _midnight(period.end)
    if first >= last:
        return Spans(hours=period.q("bucket"), days=NOTHING)
    return Spans(
        hours=Q(bucket__gte=period.start, bucket__lt=first) | Q(bucket__gte=last, bucket__lt=period.end),
        days=Q(day__gte=first.date(), day__lt=last.date()),
    )


def union_all(select: str, parts: list[QuerySet], tail: str = "", params: tuple = ()) -> list[tuple]:
    """`SELECT <select> FROM (<part> UNION ALL <part>…) AS found <tail>` in one query: the parts (`values_list()`
    querysets with the same columns, named alike) are added up by the database, so a maximum of text compares as
    the hour tables alone would, in the database's collation."""
    compiled, args = [], []
    for part in parts:
        try:
            sql, found = part.query.sql_with_params()
        except EmptyResultSet:
            continue
        compiled.append(f"SELECT * FROM ({sql}) AS part{len(compiled)}")  # noqa: S608 -- the ORM's own SQL
        args.extend(found)
    if not compiled:
        return []
    with connection.cursor() as cursor:
        # `select` and `tail` are the caller's constant SQL; every value travels as a parameter.
        query = f"SELECT {select} FROM ({' UNION ALL '.join(compiled)}) AS found {tail}"  # noqa: S608
        cursor.execute(query, [*args, *params])
        return cursor.fetchall()
