"""Periods as the data print them ('2013', '2009-10', '2024-02/2025-02'), placed on a time axis.

Kept apart from the models so that a chapter placing dates on a timeline does not import the
statistical libraries.
"""

from __future__ import annotations


def period_midpoint(period: str) -> float:
    """Decimal year at the middle of a period: '2013' -> 2013.5, '2009-10' -> 2009.79."""
    start, _, end = str(period).partition("/")
    end = end or start

    def bounds(p):
        y, _, m = p.partition("-")
        return (int(y), int(y) + 1.0) if not m else (int(y) + (int(m) - 1) / 12, int(y) + int(m) / 12)

    return (bounds(start)[0] + bounds(end)[1]) / 2
