"""Who is acting: the practice, the member and the role every access helper checks."""

from __future__ import annotations

from dataclasses import dataclass

from fracos.core.errors import PermissionDenied

OWNER, LEADER, VIEWER, PORTAL = "owner", "leader", "viewer", "portal"


@dataclass(frozen=True, slots=True)
class Actor:
    practice_id: int
    member_id: int
    role: str
    client_id: int | None = None  # set for client-portal members only

    @property
    def is_staff(self) -> bool:
        return self.role in (OWNER, LEADER, VIEWER)

    @property
    def can_write(self) -> bool:
        return self.role in (OWNER, LEADER)

    @property
    def is_owner(self) -> bool:
        return self.role == OWNER

    def require_staff(self) -> None:
        if not self.is_staff:
            raise PermissionDenied("this is for the practice's own members")

    def require_write(self) -> None:
        if not self.can_write:
            raise PermissionDenied(f"a {self.role} cannot change anything in this practice")

    def require_owner(self) -> None:
        if not self.is_owner:
            raise PermissionDenied("only the practice's owner can do this")
