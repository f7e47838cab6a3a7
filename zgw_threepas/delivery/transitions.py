"""A publication's states and the moves between them.

Every move is a conditional ``UPDATE ... WHERE status IN (...)``: whichever worker, task or
administrator moves first wins, and every other attempt sees that nothing changed. No
in-process flag is trusted, so the guarantee holds across workers and hosts.

Each move writes one line in the publication's timeline
(:class:`~zgw_threepas.models.PublicatieGebeurtenis`) in the same transaction, so the timeline
never shows a move that did not happen, nor misses one that did.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..constants import PublicatieStatus as S
from ..models import Publicatie, PublicatieGebeurtenis

ALLOWED: dict[str, frozenset[str]] = {
    # -> published from pending or retrying: a late confirmation of an earlier attempt (the
    # sweep gave up on it and an administrator sent it again) settles it before the resend.
    S.pending: frozenset({S.sending, S.held, S.cancelled, S.published}),
    S.retrying: frozenset({S.sending, S.cancelled, S.failed, S.published}),
    S.sending: frozenset({S.published, S.retrying, S.failed, S.uncertain}),
    # held, failed and uncertain wait for a person: send again, cancel, or record that the
    # kennisgeving is in DROP already (typed in by hand, or delivered despite the error).
    S.held: frozenset({S.pending, S.published, S.cancelled}),
    S.failed: frozenset({S.pending, S.published, S.cancelled}),
    S.uncertain: frozenset({S.pending, S.published, S.cancelled}),
    S.published: frozenset(),
    # A cancelled publication is never sent again, but one that was cancelled while uncertain
    # (or typed into DROP by hand) may turn up in DROP later: a person records that.
    S.cancelled: frozenset({S.published}),
}

#: States in which nothing happens until an administrator acts.
NEEDS_ATTENTION = frozenset({S.held, S.failed, S.uncertain})
#: States that never change again.
FINAL = frozenset(state for state, targets in ALLOWED.items() if not targets)

#: The timeline's event codes, as an administrator reads them.
EVENTS = {
    "received": _("Notification received"),
    "rendered": _("Kennisgeving written"),
    "scheduled": _("Waiting for the publication date"),
    "held": _("Held"),
    "attempt": _("Sending"),
    "attempt-failed": _("Attempt failed; will retry"),
    "attempt-uncertain": _("Outcome unknown"),
    "published": _("Delivered to DROP"),
    "failed": _("Failed"),
    "worker-lost": _("Worker stopped while sending"),
    "retry-by-administrator": _("Sent again by an administrator"),
    "cancelled-by-administrator": _("Cancelled by an administrator"),
    "marked-published-by-administrator": _("Recorded as published by an administrator"),
    "confirmed-too-late": _("DROP confirmed after the state had changed"),
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

    Returns whether this call made the move. ``fields`` are written in the same UPDATE;
    ``gewijzigd`` is set to now unless given (an UPDATE skips ``auto_now``, and the sweep
    reads it).
    """
    sources = sources_of(target)
    if only_from is not None:
        if not set(only_from) <= sources:
            raise TransitionNotAllowed(f"{sorted(set(only_from) - sources)} -> {target}")
        sources = frozenset(only_from)
    queryset = Publicatie.objects.filter(pk=pk, status__in=sources)
    if extra_filter is not None:
        queryset = queryset.filter(extra_filter)
    fields.setdefault("gewijzigd", timezone.now())
    with transaction.atomic():
        moved = queryset.update(status=target, **fields) == 1
        if moved:
            PublicatieGebeurtenis.objects.create(
                publicatie_id=pk, soort=event, status=target, omschrijving=str(description)
            )
    return moved


def record(pk: int, event: str, description: str = "", status: str = "") -> None:
    """A timeline line that does not change the state."""
    PublicatieGebeurtenis.objects.create(
        publicatie_id=pk, soort=event, status=status, omschrijving=str(description)
    )
