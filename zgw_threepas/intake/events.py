"""Which notifications we act on."""

from ..constants import Trigger

#: (kanaal, resource, actie) -> trigger. Everything else is acknowledged and ignored.
ACTED_ON = {
    ("zaken", "status", "create"): Trigger.status,
    ("besluiten", "besluit", "create"): Trigger.besluit,
}


def trigger_for(kanaal: str, resource: str, actie: str) -> str | None:
    return ACTED_ON.get((kanaal, resource, actie))
