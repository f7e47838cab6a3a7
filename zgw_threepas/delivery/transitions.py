"""A publication's states and the moves between them.

Every move is a conditional ``UPDATE ... WHERE status IN (...)``: whichever worker, task or
administrator moves first wins, and every other attempt sees that nothing changed. No
in-process flag is trusted, so the guarantee holds across workers and hosts.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from ..constants import PublicatieStatus as S
from ..models import Publicatie, PublicatieGebeurtenis

ALLOWED: dict[str, frozenset[str]] = {
    S.pending: frozenset({S.sending, S.held, S.cancelled}),
    S.retrying: frozenset({S.sending, S.cancelled, S.failed}),
    S.sending: frozenset({S.published, S.retrying, S.failed, S.uncertain}),
    S.held: frozenset({S.pending, S.cancelled}),
    S.failed: frozenset({S.pending, S.cancelled}),
    S.uncertain: frozenset({S.pending, S.published, S.cancelled}),
    S.published: frozenset(),
    S.cancelled: frozenset(),
}


def sources_of(target: str) -> frozenset[str]:
    return frozenset(src for src, targets in ALLOWED.items() if target in targets)


class TransitionNotAllowed(ValueError):
    pass


def transition(
    pk: int,
    target: str,
    *,
    event: str,
    description: str = "",
    only_from: frozenset[str] | set[str] | None = None,
    extra_filter: Q | None = None,
    **fields,
) -> bool:
    """Move publication ``pk`` to ``target`` if it is in one of the states that may precede it.

    Returns whether this call made the move. ``fields`` are written in the same UPDATE.
    """
    sources = sources_of(target)
    if only_from is not None:
        if not set(only_from) <= sources:
            raise TransitionNotAllowed(f"{sorted(set(only_from) - sources)} -> {target}")
        sources = frozenset(only_from)
    queryset = Publicatie.objects.filter(pk=pk, status__in=sources)
    if extra_filter is not None:
        queryset = queryset.filter(extra_filter)
    with transaction.atomic():
        moved = queryset.update(status=target, **fields) == 1
        if moved:
            PublicatieGebeurtenis.objects.create(
                publicatie_id=pk, soort=event, status=target, omschrijving=description
            )
    return moved


def record(pk: int, event: str, description: str = "", status: str = "") -> None:
    """A timeline line that does not change the state."""
    PublicatieGebeurtenis.objects.create(
        publicatie_id=pk, soort=event, status=status, omschrijving=description
    )
