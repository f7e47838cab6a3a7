"""The connection check: can an organisation's 3PAS connection work, and does the service answer?

:func:`check_connection` serves both the admin's "test connection" button and
``manage.py threepas_check``: it runs :func:`check_configuration` (the organisation, its
service, its certificates; no network), then the isAlive call, and returns a list of
:class:`Finding` values that each say in plain words what is wrong and what to do. The Django
system checks (:mod:`zgw_threepas.checks`) report the configuration findings too, under the
ids in :data:`SYSTEM_CHECK_IDS`.

The isAlive exchange goes into the message log like every other exchange.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zgw_consumers.constants import AuthTypes

from ..constants import Aansluitstap
from ..constants import ThreepasAuthenticatie as Auth
from ..models import Organisatie
from ..threepas import contract
from ..threepas.client import tls_failure
from ..threepas.errors import ThreepasError
from . import certificates as certs
from .connection import (
    ConnectionNotConfigured,
    certificate_file,
    client_for,
    connection_settings,
    endpoint_hosts,
    endpoint_of,
    is_placeholder,
)
from .message_log import record_exchange

ERROR = "error"
WARNING = "warning"
INFO = "info"
OK = "ok"
LEVELS = (ERROR, WARNING, INFO, OK)

#: A certificate that expires within this many days is reported.
EXPIRY_WARNING_DAYS = 30

#: The Django system check id of each configuration finding (see :mod:`zgw_threepas.checks`).
SYSTEM_CHECK_IDS = {
    "no-service": "zgw_threepas.W010",
    "oin-missing": "zgw_threepas.W011",
    "endpoint-invalid": "zgw_threepas.W012",
    "endpoint-placeholder": "zgw_threepas.W013",
    "endpoint-oin-mismatch": "zgw_threepas.W014",
    "endpoint-other-step": "zgw_threepas.W015",
    "endpoint-not-https": "zgw_threepas.W016",
    "service-auth-unsupported": "zgw_threepas.W017",
    "credentials-missing": "zgw_threepas.W018",
    "credentials-needed": "zgw_threepas.W019",
    "credentials-after-poc": "zgw_threepas.W020",
    "credentials-unencrypted": "zgw_threepas.W021",
    "auth-conflict": "zgw_threepas.W022",
    "client-certificate-missing": "zgw_threepas.W023",
    "client-certificate-unusable": "zgw_threepas.W024",
    "client-certificate-expired": "zgw_threepas.W025",
    "client-certificate-not-yet-valid": "zgw_threepas.W026",
    "client-certificate-expires-soon": "zgw_threepas.W027",
    "client-certificate-usage": "zgw_threepas.W028",
    "server-ca-unusable": "zgw_threepas.W029",
    "server-ca-expired": "zgw_threepas.W030",
    "server-ca-expires-soon": "zgw_threepas.W031",
}

#: Configuration errors after which calling the service cannot tell anything more.
_BLOCKING = frozenset({"no-service", "endpoint-invalid", "endpoint-placeholder"})

_OPENSSL_EXPIRED = 10
_OPENSSL_NOT_YET_VALID = 9
_OPENSSL_UNTRUSTED = frozenset({2, 18, 19, 20, 21})
#: Host name mismatch, and IP address mismatch when the address is an IP address.
_OPENSSL_HOSTNAME = frozenset({62, 64})

_UNREACHABLE = frozenset({"CONNECTION_REFUSED", "NAME_RESOLUTION", "CONNECT_TIMEOUT"})
_CREDENTIALS_REFUSED = frozenset(
    {"HTTP_401", "HTTP_403", "FailedAuthentication", "InvalidSecurity", "DRP-AUTORISATIE"}
)
_NOT_AN_ANSWER = frozenset(
    {
        "RESPONSE_EMPTY",
        "RESPONSE_HTML",
        "RESPONSE_NOT_XML",
        "RESPONSE_NOT_SOAP",
        "RESPONSE_UNSAFE",
        "RESPONSE_TOO_LARGE",
        "RESPONSE_INCOMPLETE",
    }
)


@dataclass(frozen=True)
class Finding:
    """One result of the check: ``level`` is error, warning, info or ok."""

    level: str
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == ERROR


@dataclass
class CheckReport:
    organisatie: Organisatie
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


def _date(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def _is_local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# --- configuration (no network) ----------------------------------------------------------


def check_configuration(organisatie: Organisatie, *, now: datetime | None = None) -> list[Finding]:
    """Everything that can be judged without calling the service."""
    now = now or timezone.now()
    findings: list[Finding] = []
    if not organisatie.actief:
        findings.append(
            Finding(
                INFO,
                "organisation-inactive",
                _("%(org)s is inactive: it publishes nothing until it is made active.")
                % {"org": organisatie},
            )
        )
    if not organisatie.oin:
        findings.append(
            Finding(
                ERROR,
                "oin-missing",
                _("%(org)s has no OIN; every 3PAS message names the organisation by it.")
                % {"org": organisatie},
                _("Enter the organisation's OIN (20 digits) as registered with KOOP."),
            )
        )
    service = organisatie.threepas_service
    if service is None:
        findings.append(
            Finding(
                ERROR,
                "no-service",
                _("No 3PAS service is set for %(org)s.") % {"org": organisatie},
                _(
                    "Select the organisation, choose the action 'Fill in the 3PAS address "
                    "of the connection step', then add the certificates to the service it "
                    "creates."
                ),
            )
        )
        findings.extend(_credential_findings(organisatie, None))
        return findings
    findings.extend(_endpoint_findings(organisatie, service))
    findings.extend(_credential_findings(organisatie, service))
    findings.extend(_client_certificate_findings(organisatie, service, now))
    findings.extend(_server_ca_findings(service, now))
    return findings


def _endpoint_findings(organisatie: Organisatie, service) -> list[Finding]:
    url = endpoint_of(service)
    parts = urlsplit(url)
    stap = organisatie.get_aansluitstap_display()
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            Finding(
                ERROR,
                "endpoint-invalid",
                _("The 3PAS address '%(url)s' of service '%(service)s' is not a web address.")
                % {"url": url, "service": service.label},
                _("Enter the full address, e.g. %(example)s.")
                % {"example": contract.ENDPOINT_PATTERN.format(host="host", oin="<OIN>")},
            )
        ]
    if is_placeholder(url):
        return [
            Finding(
                ERROR,
                "endpoint-placeholder",
                _(
                    "The 3PAS address %(url)s still has the placeholder host of the preset; "
                    "nothing can be sent there."
                )
                % {"url": url},
                _(
                    "Ask KOOP's service desk (or your Digikoppeling intermediary) for the "
                    "address of step '%(step)s'. Enter it on the service, or set the host in "
                    "ZGW_THREEPAS_ENDPOINT_HOSTS and fill in the preset again."
                )
                % {"step": stap},
            )
        ]
    findings = [
        Finding(
            OK,
            "endpoint",
            _("3PAS address: %(url)s (connection step: %(step)s).") % {"url": url, "step": stap},
        )
    ]
    named_oin = re.search(r"/opentunnel/(\d{20})(?:/|$)", parts.path)
    if named_oin and organisatie.oin and named_oin.group(1) != organisatie.oin:
        findings.append(
            Finding(
                ERROR,
                "endpoint-oin-mismatch",
                _("The 3PAS address names OIN %(address_oin)s, but the OIN of %(org)s is %(oin)s.")
                % {"address_oin": named_oin.group(1), "org": organisatie, "oin": organisatie.oin},
                _("Correct the OIN or the address; each organisation has its own address."),
            )
        )
    hosts = {
        step: urlsplit(contract.endpoint_url(host, organisatie.oin or "0" * 20)).hostname
        for step, host in endpoint_hosts().items()
    }
    own_host = hosts.get(organisatie.aansluitstap)
    other_steps = [
        Aansluitstap(step).label
        for step, host in hosts.items()
        if host == parts.hostname and host != own_host
    ]
    if other_steps:
        findings.append(
            Finding(
                WARNING,
                "endpoint-other-step",
                _(
                    "The 3PAS address is on the host of step '%(other)s', but the "
                    "organisation is at step '%(step)s'."
                )
                % {"other": other_steps[0], "step": stap},
                _(
                    "Set the connection step the organisation is really at, then fill in the "
                    "address of that step again."
                ),
            )
        )
    if parts.scheme == "http" and not _is_local(parts.hostname):
        findings.append(
            Finding(
                WARNING,
                "endpoint-not-https",
                _("Messages to %(url)s travel unencrypted (http, not https).") % {"url": url},
                _(
                    "Only acceptable when the address is a Digikoppeling intermediary inside "
                    "your own network that sets up the secure connection to KOOP itself."
                ),
            )
        )
    if service.auth_type not in (AuthTypes.no_auth, AuthTypes.api_key):
        findings.append(
            Finding(
                ERROR,
                "service-auth-unsupported",
                _(
                    "The service '%(service)s' uses the authorization type '%(type)s', which "
                    "3PAS does not use; nothing is sent this way."
                )
                % {"service": service.label, "type": service.get_auth_type_display()},
                _(
                    "Set the service's authorization type to 'No authorization'. A username "
                    "and password for the proof of concept go on the organisation."
                ),
            )
        )
    return findings


def _credential_findings(organisatie: Organisatie, service) -> list[Finding]:
    method = organisatie.authenticatie
    findings = []
    if method != Auth.none and not (organisatie.gebruikersnaam and organisatie.wachtwoord):
        findings.append(
            Finding(
                ERROR,
                "credentials-missing",
                _(
                    "The username authentication is '%(method)s', but the username or the "
                    "password is empty."
                )
                % {"method": organisatie.get_authenticatie_display()},
                _("Enter both as KOOP's service desk gave them."),
            )
        )
    if organisatie.aansluitstap == Aansluitstap.poc and method == Auth.none:
        findings.append(
            Finding(
                ERROR,
                "credentials-needed",
                _(
                    "At step 1 (proof of concept) KOOP identifies the sender by a username "
                    "and password, and none are set."
                ),
                _(
                    "Choose a username authentication (HTTP basic first; the WS-Security "
                    "UsernameToken if HTTP basic is refused) and enter the username and "
                    "password from KOOP's service desk."
                ),
            )
        )
    if organisatie.aansluitstap != Aansluitstap.poc and method != Auth.none:
        findings.append(
            Finding(
                WARNING,
                "credentials-after-poc",
                _(
                    "A username and password are sent (%(method)s), but from step 2 on KOOP "
                    "identifies the sender by its certificate."
                )
                % {"method": organisatie.get_authenticatie_display()},
                _(
                    "Set the username authentication to none: a service may refuse a "
                    "security header it does not expect."
                ),
            )
        )
    if service is None:
        return findings
    parts = urlsplit(endpoint_of(service))
    if method != Auth.none and parts.scheme == "http" and not _is_local(parts.hostname or ""):
        findings.append(
            Finding(
                ERROR,
                "credentials-unencrypted",
                _("The password would travel unencrypted to %(url)s.")
                % {"url": endpoint_of(service)},
                _("Use the https address."),
            )
        )
    if method == Auth.http_basic and service.auth_type == AuthTypes.api_key:
        findings.append(
            Finding(
                ERROR,
                "auth-conflict",
                _(
                    "The service sends an API key and the organisation a username and "
                    "password by HTTP basic authentication; only one can be sent."
                ),
                _("Set the service's authorization type to 'No authorization'."),
            )
        )
    return findings


def _client_certificate_findings(organisatie: Organisatie, service, now) -> list[Finding]:
    certificate = service.client_certificate
    https = urlsplit(service.api_root).scheme == "https"
    if certificate is None:
        if not https or organisatie.aansluitstap == Aansluitstap.poc:
            return []
        which = (
            _("the certificate KOOP's service desk issued for this step")
            if organisatie.aansluitstap == Aansluitstap.tst_koop_cert
            else _("the organisation's own PKIoverheid certificate (Private Root G1)")
        )
        return [
            Finding(
                WARNING,
                "client-certificate-missing",
                _(
                    "The service has no client certificate. From step 2 on, KOOP only "
                    "accepts messages from a sender that shows %(which)s."
                )
                % {"which": which},
                _(
                    "Upload it with its private key under Certificates and choose it as the "
                    "service's client certificate. If a Digikoppeling intermediary shows it "
                    "for you, nothing needs to be set here."
                ),
            )
        ]

    def unusable(message: str, hint: str) -> list[Finding]:
        return [Finding(ERROR, "client-certificate-unusable", message, hint)]

    label = {"label": certificate.label}
    try:
        chain = certs.read_certificates(certificate_file(certificate, "public_certificate"))
    except ConnectionNotConfigured as exc:
        return unusable(exc.user_message(), "")
    except ValueError as exc:
        return unusable(
            _("The client certificate '%(label)s' cannot be read: %(error)s.")
            % {**label, "error": exc},
            _("Upload it again in PEM format."),
        )
    leaf = chain[0]
    if not certificate.private_key:
        return unusable(
            _("The client certificate '%(label)s' has no private key.") % label,
            _("Upload it again as a key pair: the certificate with its private key."),
        )
    try:
        key = certs.read_private_key(certificate_file(certificate, "private_key"))
    except ConnectionNotConfigured as exc:
        return unusable(exc.user_message(), "")
    except TypeError:
        return unusable(
            _("The private key of '%(label)s' is protected with a passphrase.") % label,
            _("Upload the key without a passphrase (keep it in the private storage)."),
        )
    except ValueError as exc:
        return unusable(
            _("The private key of '%(label)s' cannot be read: %(error)s.")
            % {**label, "error": exc},
            _("Upload it again in PEM format."),
        )
    if not certs.key_matches(leaf, key):
        return unusable(
            _("The private key of '%(label)s' does not belong to its certificate.") % label,
            _("Upload the certificate together with the key it was requested with."),
        )
    findings = _validity_findings(
        leaf,
        now,
        prefix="client-certificate",
        what=_("The client certificate '%(label)s' (%(subject)s)")
        % {**label, "subject": certs.name_of(leaf.subject)},
        renew=_(
            "Request a new certificate in time, upload it and choose it on the service; for "
            "step 2 KOOP's service desk issues it."
        ),
    )
    if not certs.allows_client_authentication(leaf):
        findings.append(
            Finding(
                ERROR,
                "client-certificate-usage",
                _(
                    "The certificate '%(label)s' may not be used to identify a client "
                    "(its extended key usage leaves out TLS client authentication)."
                )
                % label,
                _(
                    "Use a system-to-system (server/client) certificate; a PKIoverheid "
                    "server certificate meant for a website is refused."
                ),
            )
        )
    if not certs.is_self_signed(leaf) and not any(
        certs.issued_by(leaf, other) for other in chain[1:]
    ):
        findings.append(
            Finding(
                INFO,
                "client-certificate-chain",
                _(
                    "The file of '%(label)s' holds the certificate only, without the CA "
                    "certificate of its issuer (%(issuer)s)."
                )
                % {**label, "issuer": certs.name_of(leaf.issuer)},
                _(
                    "PKIoverheid certificates are issued by intermediate CAs. If the server "
                    "refuses the certificate, put the intermediate CA certificates after it in "
                    "the same file and upload it again."
                ),
            )
        )
    return findings


def _validity_findings(
    certificate, now: datetime, *, prefix: str, what: str, renew: str
) -> list[Finding]:
    not_before, not_after = certs.validity(certificate)
    if not_after <= now:
        return [
            Finding(
                ERROR,
                f"{prefix}-expired",
                _("%(what)s expired on %(date)s.") % {"what": what, "date": _date(not_after)},
                renew,
            )
        ]
    if not_before > now:
        return [
            Finding(
                ERROR,
                f"{prefix}-not-yet-valid",
                _("%(what)s is only valid from %(date)s.")
                % {"what": what, "date": _date(not_before)},
                _("Check the server's clock, or wait until the certificate is valid."),
            )
        ]
    if not_after - now <= timedelta(days=EXPIRY_WARNING_DAYS):
        days = (not_after - now).days
        return [
            Finding(
                WARNING,
                f"{prefix}-expires-soon",
                _("%(what)s expires on %(date)s, in %(days)s days.")
                % {"what": what, "date": _date(not_after), "days": days},
                renew,
            )
        ]
    return [
        Finding(
            OK,
            f"{prefix}-valid",
            _("%(what)s is valid until %(date)s.") % {"what": what, "date": _date(not_after)},
        )
    ]


def _server_ca_findings(service, now) -> list[Finding]:
    certificate = service.server_certificate
    https = urlsplit(service.api_root).scheme == "https"
    if certificate is None:
        if not https:
            return []
        return [
            Finding(
                INFO,
                "server-ca-system",
                _(
                    "No server CA is set: the server's certificate is checked against the CAs "
                    "this system trusts."
                ),
                _(
                    "PKIoverheid Private Root certificates are not among those. If the 3PAS "
                    "server has one, upload 'Staat der Nederlanden Private Root CA - G1' (with "
                    "its intermediate CAs) as the service's server certificate."
                ),
            )
        ]
    label = {"label": certificate.label}
    try:
        chain = certs.read_certificates(certificate_file(certificate, "public_certificate"))
    except ConnectionNotConfigured as exc:
        return [Finding(ERROR, "server-ca-unusable", exc.user_message())]
    except ValueError as exc:
        return [
            Finding(
                ERROR,
                "server-ca-unusable",
                _("The server certificate '%(label)s' cannot be read: %(error)s.")
                % {**label, "error": exc},
                _("Upload it again in PEM format."),
            )
        ]
    findings = []
    for ca in chain:
        findings.extend(
            _validity_findings(
                ca,
                now,
                prefix="server-ca",
                what=_("The server CA '%(subject)s' in '%(label)s'")
                % {**label, "subject": certs.name_of(ca.subject)},
                renew=_(
                    "Upload the current CA certificate(s) of the 3PAS server as the service's "
                    "server certificate."
                ),
            )
        )
    return findings


# --- calling the service -----------------------------------------------------------------


def check_connection(
    organisatie: Organisatie, *, now: datetime | None = None, call: bool = True
) -> CheckReport:
    """The configuration findings, then (with ``call``) what an isAlive call shows."""
    report = CheckReport(organisatie, check_configuration(organisatie, now=now))
    if not call:
        return report
    if any(f.code in _BLOCKING for f in report.errors):
        report.findings.append(
            Finding(
                INFO,
                "is-alive-skipped",
                _("The 3PAS service was not called: correct the errors above first."),
            )
        )
        return report
    try:
        client = client_for(organisatie)
    except ConnectionNotConfigured as exc:
        report.findings.append(Finding(ERROR, "connection-not-configured", exc.user_message()))
        return report
    try:
        exchange = client.is_alive()
    except ThreepasError as exc:
        record_exchange(exc.exchange, organisatie=organisatie, outcome=exc.outcome)
        report.findings.append(_finding_for(exc, organisatie))
        return report
    record_exchange(exchange, organisatie=organisatie, outcome="success")
    report.findings.append(
        Finding(
            OK,
            "is-alive",
            _("The 3PAS service answered isAlive in %(ms)s ms: it is available.")
            % {"ms": exchange.duration_ms},
        )
    )
    return report


def _finding_for(error: ThreepasError, organisatie: Organisatie) -> Finding:
    service = organisatie.threepas_service
    endpoint = endpoint_of(service)
    code = error.code
    context = {"url": endpoint, "reason": error.reason()}
    if code in _UNREACHABLE:
        return Finding(
            ERROR,
            "endpoint-unreachable",
            _("%(url)s cannot be reached: %(reason)s.") % context,
            _(
                "Check the address and that this server may connect to it (firewall, proxy, "
                "a Digikoppeling intermediary that is running). %(detail)s"
            )
            % {"detail": error.message},
        )
    if code == "ENDPOINT_INVALID":
        return Finding(
            ERROR, "endpoint-invalid", _("%(reason)s: %(url)s.") % context, error.message
        )
    if code in (
        "TLS_CERTIFICATE",
        "TLS",
        "TLS_AFTER_SENDING",
        "CONNECTION_DROPPED",
    ) and endpoint.startswith("https:"):
        return _tls_finding(error, organisatie)
    if code in _CREDENTIALS_REFUSED:
        return _credentials_refused(error, organisatie)
    if code == "DRP-ORGANISATIE":
        return Finding(
            ERROR,
            "organisation-unknown",
            _("DROP does not know OIN %(oin)s, or not for this sender.") % {"oin": organisatie.oin},
            _(
                "Check the OIN, and ask KOOP's service desk whether it is linked to this connection."
            ),
        )
    if code in _NOT_AN_ANSWER:
        return Finding(
            ERROR,
            "unexpected-answer",
            _("%(url)s answered, but not as a 3PAS service: %(reason)s. It began with: %(start)s")
            % {**context, "start": error.response_excerpt or _("(nothing)")},
            _(
                "The address probably points to a web page or to an intermediary's error "
                "page rather than to the 3PAS service. Check the path (…%(path)s) and ask the "
                "intermediary what it answers."
            )
            % {"path": contract.ENDPOINT_PATH},
        )
    if code == "REDIRECT":
        return Finding(
            ERROR,
            "endpoint-redirect",
            _("%(url)s sends messages on to another address.") % context,
            _("Enter the final address (often the https address) on the service."),
        )
    if code in ("HTTP_404", "HTTP_405"):
        return Finding(
            ERROR,
            "endpoint-wrong-path",
            _("%(url)s answered HTTP %(status)s: there is no 3PAS service at this address.")
            % {**context, "status": code.removeprefix("HTTP_")},
            _("Check the path of the address; it ends in %(path)s.")
            % {"path": contract.ENDPOINT_PATH},
        )
    if code == "ActionNotSupported":
        return Finding(
            ERROR,
            "contract-mismatch",
            _(
                "The service does not know the isAlive operation as this application assumes "
                "it (%(message)s)."
            )
            % {"message": error.message},
            _(
                "Publishing may still work. Tell the maintainers of this application: "
                "assumption 3PAS-04 needs correcting."
            ),
        )
    if code == "NOT_ALIVE":
        return Finding(
            ERROR,
            "service-not-alive",
            _("The 3PAS service says it is not available."),
            _("Try again later; ask KOOP's service desk if it lasts."),
        )
    return Finding(
        ERROR,
        "service-error",
        _("The isAlive call to %(url)s failed: %(reason)s.") % context,
        _("See the message log for what came back."),
    )


def _credentials_refused(error: ThreepasError, organisatie: Organisatie) -> Finding:
    method = organisatie.authenticatie
    context = {"code": error.code, "reason": error.reason()}
    if method == Auth.none:
        return Finding(
            ERROR,
            "credentials-refused",
            _("The service refused the message as not authorised (%(code)s): %(reason)s.")
            % context,
            _(
                "At step 1 a username and password are needed; from step 2 on the client "
                "certificate must be one KOOP has registered for this organisation."
            ),
        )
    other = (
        Auth.ws_security_username_token.label
        if method == Auth.http_basic
        else Auth.http_basic.label
    )
    return Finding(
        ERROR,
        "credentials-refused",
        _("The username or password was refused (%(method)s, %(code)s): %(reason)s.")
        % {**context, "method": organisatie.get_authenticatie_display()},
        _(
            "Check both with KOOP's service desk. If they are right, try the other method "
            "(%(other)s): KOOP does not publish which one the proof of concept expects."
        )
        % {"other": other},
    )


def _tls_finding(error: ThreepasError, organisatie: Organisatie) -> Finding:
    """Say which certificate was refused, by whom, and why."""
    try:
        settings = connection_settings(organisatie)
    except ConnectionNotConfigured as exc:
        return Finding(ERROR, "connection-not-configured", exc.user_message())
    failure = tls_failure(error)
    if failure is not None and failure.side == "server_certificate":
        return _server_certificate_refused(
            settings, failure.reason, failure.verify_code, organisatie
        )
    # Whether the client read the server's alert or only saw the connection end is a race in
    # TLS 1.3; a bare handshake shows the verdict reliably.
    probe = certs.probe_tls(settings.endpoint, cert=settings.cert, verify=settings.verify)
    if probe.outcome == "server_certificate":
        return _server_certificate_refused(settings, probe.reason, probe.verify_code, organisatie)
    if failure is not None or probe.outcome in ("client_certificate", "closed"):
        reason = probe.reason if probe.outcome == "client_certificate" else ""
        return _client_certificate_refused(
            settings, reason or (failure.reason if failure else ""), organisatie
        )
    if probe.outcome == "accepted":
        # The secure connection works; the message itself was cut off.
        return Finding(
            ERROR,
            "service-error",
            _("The isAlive call to %(url)s failed: %(reason)s.")
            % {"url": settings.endpoint, "reason": error.reason()},
            _("See the message log; if it keeps happening, ask the server's operator."),
        )
    return Finding(
        ERROR,
        "tls-failed",
        _("No secure connection to %(url)s could be made: %(reason)s.")
        % {"url": settings.endpoint, "reason": error.reason()},
        probe.reason or error.message,
    )


def _server_certificate_refused(settings, reason: str, verify_code, organisatie) -> Finding:
    presented = certs.fetch_server_certificate(settings.endpoint, cert=settings.cert)
    about = ""
    if presented is not None:
        _start, not_after = certs.validity(presented)
        about = _(
            " The server showed a certificate for %(subject)s, issued by %(issuer)s, valid "
            "until %(date)s."
        ) % {
            "subject": certs.made_out_to(presented),
            "issuer": certs.name_of(presented.issuer),
            "date": _date(not_after),
        }
    configured = organisatie.threepas_service.server_certificate
    if verify_code == _OPENSSL_EXPIRED:
        return Finding(
            ERROR,
            "server-certificate-expired",
            _("The 3PAS server's certificate has expired, so it was not trusted.") + about,
            _(
                "Nothing can be done on this side: tell KOOP's service desk (or your "
                "intermediary) that the certificate of %(url)s has expired."
            )
            % {"url": settings.endpoint},
        )
    if verify_code == _OPENSSL_NOT_YET_VALID:
        return Finding(
            ERROR,
            "server-certificate-not-yet-valid",
            _("The 3PAS server's certificate is not valid yet.") + about,
            _("Check this server's clock; otherwise tell the server's operator."),
        )
    if verify_code in _OPENSSL_HOSTNAME:
        return Finding(
            ERROR,
            "server-certificate-hostname",
            _("The 3PAS server's certificate is not made out to the host of %(url)s.")
            % {"url": settings.endpoint}
            + about,
            _("Check the host in the address: it must be the name the certificate carries."),
        )
    if verify_code in _OPENSSL_UNTRUSTED or verify_code is None:
        ca = (
            _("the configured server CA '%(label)s'") % {"label": configured.label}
            if configured is not None
            else _("the CAs this system trusts")
        )
        return Finding(
            ERROR,
            "server-certificate-untrusted",
            _("The 3PAS server's certificate was not issued by %(ca)s (CA mismatch: %(reason)s).")
            % {"ca": ca, "reason": reason}
            + about,
            _(
                "Upload the CA certificate(s) that issued the server's certificate (for "
                "PKIoverheid: 'Staat der Nederlanden Private Root CA - G1' and its "
                "intermediates) as the service's server certificate. If the server shows an "
                "unexpected certificate, check that the address is right."
            ),
        )
    return Finding(
        ERROR,
        "server-certificate-refused",
        _("The 3PAS server's certificate was not accepted: %(reason)s.") % {"reason": reason}
        + about,
        _("Tell KOOP's service desk (or your intermediary) what is reported here."),
    )


def _client_certificate_refused(settings, reason: str, organisatie) -> Finding:
    detail = f" ({reason})" if reason else ""
    if settings.cert is None:
        return Finding(
            ERROR,
            "client-certificate-required",
            _("The 3PAS server requires a client certificate, and none is set%(detail)s.")
            % {"detail": detail},
            _(
                "Upload the certificate of this connection step with its private key under "
                "Certificates and choose it as the service's client certificate."
            ),
        )
    certificate = organisatie.threepas_service.client_certificate
    return Finding(
        ERROR,
        "client-certificate-refused",
        _("The 3PAS server refused the client certificate '%(label)s'%(detail)s.")
        % {"label": certificate.label, "detail": detail},
        _(
            "Check that it is the certificate KOOP registered for this organisation and step, "
            "that it has not expired, and that the file holds its intermediate CA "
            "certificates. KOOP's service desk can say which certificate they expect."
        ),
    )
