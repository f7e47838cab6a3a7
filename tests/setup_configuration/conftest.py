"""The Notificaties API stand-in of tests/openzaak, for the abonnement step."""

from tests.openzaak.conftest import _nrc_server, callback_url, nrc  # noqa: F401
