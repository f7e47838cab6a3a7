"""The certificates of a 3PAS connection: what they say, and which side of a handshake refuses.

The connection check uses this to say in plain words what is wrong with a certificate before
and after trying the connection. Nothing here sends a 3PAS message: :func:`probe_tls` and
:func:`fetch_server_certificate` only set up a secure connection and close it again.
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

#: How long the probe waits for the server's verdict on our certificate after the handshake.
VERDICT_WAIT_SECONDS = 2.0


def read_certificates(path: str) -> list[x509.Certificate]:
    """Every certificate in a PEM file, in file order; ``ValueError`` if there is none."""
    with open(path, "rb") as handle:
        data = handle.read()
    certificates = x509.load_pem_x509_certificates(data)
    if not certificates:
        raise ValueError("no certificate in the file")
    return certificates


def read_private_key(path: str):
    """The private key in a PEM file; ``ValueError`` or ``TypeError`` when it cannot be used.

    ``TypeError`` means the key is protected with a passphrase, which requests cannot give.
    """
    with open(path, "rb") as handle:
        return serialization.load_pem_private_key(handle.read(), password=None)


def key_matches(certificate: x509.Certificate, key) -> bool:
    return certificate.public_key() == key.public_key()


def name_of(name: x509.Name) -> str:
    """A certificate name as people read it: common name, organisation and its unit."""
    oids = (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME, NameOID.ORGANIZATIONAL_UNIT_NAME)
    parts = [str(a.value) for oid in oids for a in name.get_attributes_for_oid(oid)]
    return ", ".join(parts) if parts else name.rfc4514_string()


def made_out_to(certificate: x509.Certificate) -> str:
    """The host names and addresses a server certificate is for, else its subject."""
    try:
        alternative = certificate.extensions.get_extension_for_class(
            x509.SubjectAlternativeName
        ).value
    except x509.ExtensionNotFound:
        return name_of(certificate.subject)
    names = [str(value) for value in alternative.get_values_for_type(x509.DNSName)]
    names += [str(value) for value in alternative.get_values_for_type(x509.IPAddress)]
    return ", ".join(names) or name_of(certificate.subject)


def is_self_signed(certificate: x509.Certificate) -> bool:
    return certificate.issuer == certificate.subject


def issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``issuer`` signed ``certificate`` (name and signature both match)."""
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, x509.InvalidSignature):
        return False
    return True


def allows_client_authentication(certificate: x509.Certificate) -> bool:
    """False only when the certificate limits its use and TLS client use is not among it."""
    try:
        usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return (
        ExtendedKeyUsageOID.CLIENT_AUTH in usage
        or ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE in usage
    )


def validity(certificate: x509.Certificate) -> tuple[datetime, datetime]:
    return certificate.not_valid_before_utc, certificate.not_valid_after_utc


@dataclass(frozen=True)
class ProbeResult:
    """What a bare TLS handshake with the endpoint showed.

    ``accepted``: both sides accepted each other's certificates. ``server_certificate``: we
    refused the server's (``reason`` is OpenSSL's verification message). ``client_certificate``:
    the server refused ours with an alert (``reason`` names it). ``closed``: the server ended
    the connection without saying why. ``failed``: no secure connection for another reason.
    """

    outcome: Literal["accepted", "server_certificate", "client_certificate", "closed", "failed"]
    reason: str = ""
    verify_code: int | None = None
    server_certificate: x509.Certificate | None = field(default=None, compare=False)


def _context(cert, verify) -> ssl.SSLContext:
    """A client context set up the way requests sets it up for the same ``cert``/``verify``."""
    context = ssl.create_default_context(cafile=verify if isinstance(verify, str) else None)
    if verify is False:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if cert:
        if isinstance(cert, tuple):
            context.load_cert_chain(*cert)
        else:
            context.load_cert_chain(cert)
    return context


def _address(endpoint: str) -> tuple[str, int]:
    parts = urlsplit(endpoint)
    return parts.hostname or "", parts.port or 443


def probe_tls(endpoint: str, *, cert=None, verify=True, timeout: float = 5.0) -> ProbeResult:
    """Set up (and close) a TLS connection as the client would, to see who refuses what.

    With TLS 1.3 the server judges our certificate only after the client considers the
    handshake done, so its verdict arrives as the first thing we read; without a verdict in
    :data:`VERDICT_WAIT_SECONDS` the server is waiting for a request: accepted.
    """
    host, port = _address(endpoint)
    try:
        context = _context(cert, verify)
    except (ssl.SSLError, OSError) as exc:
        return ProbeResult("failed", str(exc))
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw:
            with context.wrap_socket(raw, server_hostname=host) as tls:
                peer = tls.getpeercert(binary_form=True)
                server_certificate = x509.load_der_x509_certificate(peer) if peer else None
                tls.settimeout(VERDICT_WAIT_SECONDS)
                try:
                    data = tls.recv(1)
                except TimeoutError:
                    return ProbeResult("accepted", server_certificate=server_certificate)
                except ssl.SSLError as exc:
                    return _refusal(exc, server_certificate)
                if not data:
                    return ProbeResult("closed", server_certificate=server_certificate)
                return ProbeResult("accepted", server_certificate=server_certificate)
    except ssl.SSLCertVerificationError as exc:
        return ProbeResult("server_certificate", exc.verify_message or str(exc), exc.verify_code)
    except ssl.SSLError as exc:
        return _refusal(exc, None)
    except (ConnectionError, TimeoutError, OSError) as exc:
        return ProbeResult(
            "closed" if isinstance(exc, ConnectionResetError) else "failed", str(exc)
        )


def _refusal(exc: ssl.SSLError, server_certificate) -> ProbeResult:
    reason = exc.reason or str(exc)
    if "CERTIFICATE" in reason or "UNKNOWN_CA" in reason:
        return ProbeResult("client_certificate", reason, server_certificate=server_certificate)
    return ProbeResult("failed", reason, server_certificate=server_certificate)


def fetch_server_certificate(
    endpoint: str, *, cert=None, timeout: float = 5.0
) -> x509.Certificate | None:
    """The certificate the server presents, read without judging it; ``None`` if none came."""
    host, port = _address(endpoint)
    try:
        context = _context(cert, False)
        with socket.create_connection((host, port), timeout=timeout) as raw:
            with context.wrap_socket(raw, server_hostname=host) as tls:
                peer = tls.getpeercert(binary_form=True)
    except (ssl.SSLError, OSError):
        return None
    return x509.load_der_x509_certificate(peer) if peer else None
