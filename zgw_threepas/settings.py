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
    # The 3PAS host per step of KOOP's connection procedure, for the endpoint preset
    # https://<host>/opentunnel/<OIN>/drop/3epas; a value holding "{oin}" is a whole URL
    # pattern. Steps left out keep the placeholder of threepas.contract.ENDPOINT_HOSTS.
    "ZGW_THREEPAS_ENDPOINT_HOSTS": {},
    # Days the 3PAS message log keeps an exchange; None keeps everything.
    "ZGW_THREEPAS_MESSAGE_LOG_RETENTION_DAYS": 365,
}


def get_setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
