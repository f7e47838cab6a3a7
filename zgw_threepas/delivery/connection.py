"""The 3PAS connection of an organisation: where its configuration lives, and its client.

The configuration sits where an administrator of Open Zaak already looks for it: the
organisation holds its step in KOOP's connection procedure and, for the proof of concept, a
username and password; its zgw-consumers ``Service`` holds the endpoint and the timeout; the
Service's certificates (django-simple-certmanager) hold the client certificate with its key and
the CA that issued the server's certificate. :func:`connection_settings` gathers all of it into
one plain value and refuses what cannot work; :func:`client_for` builds the client from it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

import requests
from requests.auth import HTTPBasicAuth
from zgw_consumers.client import APIKeyAuth
from zgw_consumers.constants import APITypes, AuthTypes
from zgw_consumers.models import Service

from ..constants import Aansluitstap
from ..constants import ThreepasAuthenticatie as Auth
from ..exceptions import ZgwThreepasError
from ..models import Organisatie
from ..settings import get_setting
from ..threepas import contract
from ..threepas.client import ThreepasClient

#: The longest wait for a connection to be set up; the Service's timeout covers the answer.
CONNECT_TIMEOUT = 5


class ConnectionNotConfigured(ZgwThreepasError):
    """The organisation's 3PAS connection is configured in a way that cannot work."""

    code = "connection-not-configured"


@dataclass(frozen=True)
class ConnectionSettings:
    """Everything a :class:`ThreepasClient` needs, read from the organisation and its Service.

    ``cert`` and ``verify`` are file paths as requests takes them; ``auth`` is a requests
    authentication object. Its ``repr`` leaves the credentials out.
    """

    endpoint: str
    timeout: tuple[float, float]
    cert: str | tuple[str, str] | None = None
    verify: bool | str = True
    auth: requests.auth.AuthBase | None = None
    username_token: tuple[str, str] | None = None

    def __repr__(self) -> str:
        return (
            f"ConnectionSettings(endpoint={self.endpoint!r}, timeout={self.timeout!r}, "
            f"cert={self.cert!r}, verify={self.verify!r}, "
            f"auth={type(self.auth).__name__ if self.auth else None}, "
            f"username_token={'set' if self.username_token else None})"
        )


def endpoint_hosts() -> dict[str, str]:
    """The host (or URL pattern with ``{oin}``) per connection step, settings over defaults."""
    configured = get_setting("ZGW_THREEPAS_ENDPOINT_HOSTS") or {}
    return {**contract.ENDPOINT_HOSTS, **configured}


def endpoint_preset(organisatie: Organisatie, stap: str | None = None) -> str:
    """The endpoint of ``organisatie`` at its (or the given) step of the procedure."""
    if not organisatie.oin:
        raise ConnectionNotConfigured(
            _(
                "%(org)s has no OIN, and the 3PAS address is made from it. Enter the OIN "
                "(20 digits, as known to KOOP) first."
            )
            % {"org": organisatie}
        )
    return contract.endpoint_url(
        endpoint_hosts()[stap or organisatie.aansluitstap], organisatie.oin
    )


def is_placeholder(endpoint: str) -> bool:
    """Whether the address still has a preset's placeholder host, which never resolves."""
    host = (urlsplit(endpoint).hostname or "").rstrip(".")
    return host.endswith(contract.PLACEHOLDER_DOMAIN)


def production_hosts() -> set[str]:
    """The host of the production preset, unless it is still the placeholder."""
    url = contract.endpoint_url(endpoint_hosts()[Aansluitstap.productie], "0" * 20)
    return set() if is_placeholder(url) else {urlsplit(url).hostname or ""}


@transaction.atomic
def apply_endpoint_preset(organisatie: Organisatie) -> Service:
    """Point the organisation's 3PAS service at the preset endpoint of its current step.

    Without a service, one is created (no authorization header, certificates to be chosen).
    A service shared with another organisation is left alone: each organisation has its own
    address (it holds the OIN), so changing it would move the other one too.
    """
    url = endpoint_preset(organisatie)
    service = organisatie.threepas_service
    if service is not None:
        others = Organisatie.objects.filter(threepas_service=service).exclude(pk=organisatie.pk)
        if others.exists():
            raise ConnectionNotConfigured(
                _(
                    "The 3PAS service '%(service)s' is also used by %(others)s; its address "
                    "was not changed. Give %(org)s a service of its own first."
                )
                % {
                    "service": service.label,
                    "others": ", ".join(str(other) for other in others),
                    "org": organisatie,
                }
            )
    clash = Service.objects.filter(api_root=url)
    if service is not None:
        clash = clash.exclude(pk=service.pk)
    if clash.exists():
        raise ConnectionNotConfigured(
            _(
                "The service '%(service)s' already has the address %(url)s. Choose that "
                "service for %(org)s instead."
            )
            % {"service": clash.first().label, "url": url, "org": organisatie}
        )
    if service is None:
        service = Service.objects.create(
            label=_("3PAS %(org)s") % {"org": organisatie},
            slug=_unique_slug(f"threepas-{organisatie.rsin}-{slugify(organisatie.naam)}"),
            api_type=APITypes.orc,
            api_root=url,
            auth_type=AuthTypes.no_auth,
        )
        organisatie.threepas_service = service
        organisatie.save(update_fields=["threepas_service"])
        return service
    service.api_root = url
    try:
        with transaction.atomic():
            service.save(update_fields=["api_root"])
    except IntegrityError as exc:  # a service with this address appeared meanwhile
        raise ConnectionNotConfigured(
            _("Another service got the address %(url)s meanwhile; try again.") % {"url": url}
        ) from exc
    return service


def _unique_slug(base: str) -> str:
    base = base[:240]
    slug, number = base, 1
    while Service.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def endpoint_of(service: Service) -> str:
    """The address messages go to: the Service's ``api_root`` without its final slash.

    zgw-consumers ends every ``api_root`` with a slash, as REST APIs want; a SOAP endpoint
    is one address, written without it (assumption 3PAS-21), and a service may not take both.
    """
    url = service.api_root
    if url.endswith("/") and urlsplit(url).path not in ("", "/"):
        return url[:-1]
    return url


def connection_settings(organisatie: Organisatie | None) -> ConnectionSettings:
    """The organisation's connection as one value; raise :class:`ConnectionNotConfigured`."""
    if organisatie is None or organisatie.threepas_service is None:
        raise ConnectionNotConfigured(
            _(
                "No 3PAS service is set for %(org)s. Choose one under Organisations, then retry "
                "this publication."
            )
            % {"org": organisatie or _("this organisation")}
        )
    service = organisatie.threepas_service
    if service.auth_type not in (AuthTypes.no_auth, AuthTypes.api_key):
        raise ConnectionNotConfigured(
            _(
                "The 3PAS service '%(service)s' uses the authorization type '%(type)s', which "
                "3PAS does not use. Set it to 'No authorization'; a username and password for "
                "the proof of concept go on the organisation."
            )
            % {"service": service.label, "type": service.get_auth_type_display()}
        )
    method = organisatie.authenticatie
    credentials = (organisatie.gebruikersnaam, organisatie.wachtwoord)
    if method != Auth.none and not all(credentials):
        raise ConnectionNotConfigured(
            _(
                "%(org)s is set to send a username and password (%(method)s), but the username "
                "or the password is empty. Enter both, or set the username authentication to "
                "none."
            )
            % {"org": organisatie, "method": organisatie.get_authenticatie_display()}
        )
    auth = None
    if service.auth_type == AuthTypes.api_key:
        if method == Auth.http_basic:
            raise ConnectionNotConfigured(
                _(
                    "The 3PAS service '%(service)s' sends an API key and %(org)s a username "
                    "and password by HTTP basic authentication; only one of the two can be "
                    "sent. Set the service's authorization type to 'No authorization'."
                )
                % {"service": service.label, "org": organisatie}
            )
        auth = APIKeyAuth(header=service.header_key, key=service.header_value)
    if method == Auth.http_basic:
        auth = HTTPBasicAuth(*credentials)
    return ConnectionSettings(
        endpoint=endpoint_of(service),
        timeout=(min(CONNECT_TIMEOUT, service.timeout), service.timeout),
        cert=_client_certificate_paths(service),
        verify=_server_ca_path(service),
        auth=auth,
        username_token=credentials if method == Auth.ws_security_username_token else None,
    )


def client_for(
    organisatie: Organisatie | None, *, session: requests.Session | None = None
) -> ThreepasClient:
    settings = connection_settings(organisatie)
    return ThreepasClient(
        settings.endpoint,
        session=session,
        timeout=settings.timeout,
        cert=settings.cert,
        verify=settings.verify,
        auth=settings.auth,
        username_token=settings.username_token,
    )


def certificate_file(certificate, field: str) -> str:
    """The local path of a certificate's file; requests and OpenSSL only read files."""
    stored = getattr(certificate, field)
    try:
        path = stored.path
    except NotImplementedError as exc:
        raise ConnectionNotConfigured(
            _(
                "The certificate '%(label)s' is kept in a storage without local files, and "
                "TLS can only use certificate files. Configure the 'privates' storage as a "
                "file system storage."
            )
            % {"label": certificate.label}
        ) from exc
    if not os.path.isfile(path):
        raise ConnectionNotConfigured(
            _(
                "The file of the certificate '%(label)s' is missing (%(path)s). Upload the "
                "certificate again under Certificates."
            )
            % {"label": certificate.label, "path": path}
        )
    return path


def _client_certificate_paths(service: Service) -> str | tuple[str, str] | None:
    certificate = service.client_certificate
    if certificate is None:
        return None
    public = certificate_file(certificate, "public_certificate")
    if not certificate.private_key:
        raise ConnectionNotConfigured(
            _(
                "The client certificate '%(label)s' of the 3PAS service has no private key, "
                "and a client certificate cannot be used without one. Upload it as a key pair."
            )
            % {"label": certificate.label}
        )
    return public, certificate_file(certificate, "private_key")


def _server_ca_path(service: Service) -> bool | str:
    certificate = service.server_certificate
    return True if certificate is None else certificate_file(certificate, "public_certificate")
