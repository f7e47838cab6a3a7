"""Which notifications we act on."""

from ..constants import Trigger

#: (kanaal, resource, actie) -> trigger. Everything else is acknowledged and ignored.
#: Closing a zaak in Open Zaak emits a status create and a resultaat create; rules on either
#: may ask for the same kennisgeving, which the uniqueness of a publication keeps single.
ACTED_ON = {
    ("zaken", "status", "create"): Trigger.status,
    ("zaken", "resultaat", "create"): Trigger.resultaat,
    ("besluiten", "besluit", "create"): Trigger.besluit,
}


def trigger_for(kanaal: str, resource: str, actie: str) -> str | None:
    return ACTED_ON.get((kanaal, resource, actie))
