"""Defaults of the Django settings this app reads, behind one :func:`get_setting`.

Settings here are for the people who deploy the app; what a functional administrator changes
at run time lives in :class:`zgw_threepas.models.ThreepasConfig`.
"""

from django.conf import settings

DEFAULTS = {
    # Cache alias for catalogue resources (zaaktypen, statustypen, besluittypen).
    "ZGW_THREEPAS_CACHE_ALIAS": "default",
    # A notification or publication waiting longer than this is queued again by the sweep.
    "ZGW_THREEPAS_SWEEP_AFTER_SECONDS": 600,
    # A delivery still "sending" after this long lost its worker; it may have reached KOOP.
    "ZGW_THREEPAS_SENDING_STALE_SECONDS": 900,
    # Largest 3PAS answer we read, in bytes.
    "ZGW_THREEPAS_MAX_RESPONSE_BYTES": 1_000_000,
}


def get_setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
