"""The 3PAS client of an organisation, built from its zgw-consumers ``Service``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zgw_consumers.client import ServiceConfigAdapter

from ..exceptions import ZgwThreepasError
from ..models import Organisatie
from ..threepas.client import ThreepasClient


class ConnectionNotConfigured(ZgwThreepasError):
    code = "connection-not-configured"


def client_for(organisatie: Organisatie | None) -> ThreepasClient:
    if organisatie is None or organisatie.threepas_service is None:
        raise ConnectionNotConfigured(
            _(
                "No 3PAS service is set for %(org)s. Choose one under Organisations, then retry "
                "this publication."
            )
            % {"org": organisatie or _("this organisation")}
        )
    service = organisatie.threepas_service
    kwargs = ServiceConfigAdapter(service).get_client_session_kwargs()
    return ThreepasClient(
        service.api_root,
        timeout=(min(5, service.timeout), service.timeout),
        cert=kwargs.get("cert"),
        verify=kwargs.get("verify", True),
        auth=kwargs.get("auth"),
    )
