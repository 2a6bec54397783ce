"""Finding a record by what a person types: a case-insensitive unique prefix."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from fracos.core.errors import Ambiguous, NotFound, ValidationFailed

T = TypeVar("T")


def pick_by_prefix(
    candidates: Sequence[tuple[T, str, bool]], text: str, *, what: str = "client"
) -> T:
    """Pick from (item, name, is_active): an exact name wins, then a unique prefix.

    Among several prefix matches, a single active one wins: archived clients
    should not make "acme" ambiguous for the one you work with now.
    """
    wanted = (text or "").strip().casefold()
    if not wanted:
        raise ValidationFailed(f"{what}: a {what} name is required", field=what)
    exact = [c for c in candidates if c[1].casefold() == wanted]
    if exact:
        return exact[0][0]
    matches = [c for c in candidates if c[1].casefold().startswith(wanted)]
    if len(matches) == 1:
        return matches[0][0]
    active = [c for c in matches if c[2]]
    if len(active) == 1:
        return active[0][0]
    if not matches:
        raise NotFound(f"{what}: no {what} matches {text!r}", field=what)
    names = ", ".join(sorted(c[1] for c in (active or matches)))
    raise Ambiguous(f"{what}: {text!r} matches several: {names}", field=what)
