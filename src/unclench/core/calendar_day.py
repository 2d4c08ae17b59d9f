"""What the core needs of a calendar day, without importing ``datetime`` (the module that
holds the clocks): a ``datetime.date`` fits, and so does any type with the same two methods.
Day arithmetic is done on ordinals (day numbers), so no ``timedelta`` is needed either."""

from __future__ import annotations

from typing import Protocol, Self, TypeVar


class CalendarDay(Protocol):
    """A day that knows its number (``date.toordinal``) and can be made from one."""

    def toordinal(self) -> int: ...

    @classmethod
    def fromordinal(cls, n: int, /) -> Self: ...


Day = TypeVar("Day", bound=CalendarDay)
