"""A public key infrastructure made in the test, and the 3PAS simulator served over mutual TLS.

Certificates reach the connection the way an administrator puts them there: as
django-simple-certmanager ``Certificate`` rows on the organisation's zgw-consumers ``Service``,
their files in the private media storage (a temporary directory here).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile

import pytest
import trustme

from zgw_threepas.threepas.simulator import build_ssl_context, start_in_thread

OIN = "00000001002564440000"
RSIN = "002220647"


@pytest.fixture
def private_media(settings, tmp_path):
    """The 'privates' storage (where certificates live) in a temporary directory."""
    from django.utils.functional import empty

    from privates.storages import private_media_storage

    root = tmp_path / "private-media"
    settings.PRIVATE_MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "privates": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": "/private-media/"},
        },
    }
    # privates keeps the storage it looked up; make it look again (and again afterwards).
    private_media_storage._wrapped = empty
    yield root
    private_media_storage._wrapped = empty


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Pki:
    """The CA KOOP's server trusts for clients, the CA our side trusts for the server, and
    certificates issued by them."""

    ca: trustme.CA
    other_ca: trustme.CA
    tmp_path: object

    def server(self, *, ca: trustme.CA | None = None, **dates) -> trustme.LeafCert:
        return (ca or self.ca).issue_cert("127.0.0.1", **dates)

    def client(self, *, ca: trustme.CA | None = None, **dates) -> trustme.LeafCert:
        return (ca or self.ca).issue_cert("gemeente-amsterdam.example", **dates)

    def write(self, name: str, data: bytes) -> str:
        path = self.tmp_path / name
        path.write_bytes(data)
        return str(path)


@pytest.fixture
def pki(tmp_path):
    return Pki(ca=trustme.CA(), other_ca=trustme.CA(), tmp_path=tmp_path)


def certificate_row(label: str, leaf: trustme.LeafCert | None = None, *, ca=None):
    """A simple_certmanager Certificate: a key pair for ``leaf``, or ``ca``'s certificate."""
    from simple_certmanager.constants import CertificateTypes
    from simple_certmanager.models import Certificate

    if leaf is not None:
        chain = b"".join(blob.bytes() for blob in leaf.cert_chain_pems)
        return Certificate.objects.create(
            label=label,
            type=CertificateTypes.key_pair,
            public_certificate=ContentFile(chain, name="client.pem"),
            private_key=ContentFile(leaf.private_key_pem.bytes(), name="client.key"),
        )
    # A trustme CA, or any certificate (a LeafCert) an administrator might upload as one.
    pem = ca.cert_pem if isinstance(ca, trustme.CA) else ca.cert_chain_pems[0]
    return Certificate.objects.create(
        label=label,
        type=CertificateTypes.cert_only,
        public_certificate=ContentFile(pem.bytes(), name="ca.pem"),
    )


@pytest.fixture
def tls_simulator(pki):
    """Start a simulator over HTTPS: ``tls_simulator(server_leaf, client_ca=...)``."""
    servers = []

    def start(server_leaf: trustme.LeafCert, *, client_ca: trustme.CA | None = None, app=None):
        certfile = pki.write(
            f"server-{len(servers)}.pem", server_leaf.private_key_and_cert_chain_pem.bytes()
        )
        ca_file = None
        if client_ca is not None:
            ca_file = pki.write(f"client-ca-{len(servers)}.pem", client_ca.cert_pem.bytes())
        context = build_ssl_context(certfile, client_ca=ca_file)
        server, _ = start_in_thread(ssl_context=context, app=app)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def connected(private_media, pki, tls_simulator):
    """An organisation at step 3 whose service reaches a simulator that requires a client
    certificate from ``pki.ca``, with the right client certificate and server CA."""
    from zgw_consumers.constants import APITypes, AuthTypes
    from zgw_consumers.models import Service

    from zgw_threepas.constants import Aansluitstap
    from zgw_threepas.models import Organisatie

    server = tls_simulator(pki.server(), client_ca=pki.ca)
    service = Service.objects.create(
        label="3PAS Amsterdam",
        slug="threepas-amsterdam",
        api_type=APITypes.orc,
        api_root=server.endpoint,
        auth_type=AuthTypes.no_auth,
        timeout=5,
        client_certificate=certificate_row("Amsterdam PKIoverheid", pki.client()),
        server_certificate=certificate_row("3PAS server CA", ca=pki.ca),
    )
    organisatie = Organisatie.objects.create(
        naam="Amsterdam",
        rsin=RSIN,
        oin=OIN,
        aansluitstap=Aansluitstap.tst_own_cert,
        threepas_service=service,
    )
    return organisatie, server


def run_check(*args) -> tuple[str, str | None]:
    """``manage.py threepas_check``: its output, and the error it ends with (``None``: passed)."""
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    try:
        call_command("threepas_check", *args, stdout=out, no_color=True)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def codes(report) -> dict[str, str]:
    """``{code: level}`` of a report's findings."""
    return {finding.code: finding.level for finding in report.findings}
