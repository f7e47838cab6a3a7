"""A stand-in for DROP's 3PAS endpoint, speaking our reconstruction of the contract.

For tests, the demo and integrators: ``python -m zgw_threepas.threepas.simulator`` or
``manage.py threepas_simulator`` serves it; :func:`start_in_thread` runs it inside a test.
It uses the standard library and lxml only (no Django settings needed).
"""

from .app import FAILURE_MODES, Simulator
from .server import SimulatorServer, build_ssl_context, serve, start_in_thread

__all__ = [
    "FAILURE_MODES",
    "Simulator",
    "SimulatorServer",
    "build_ssl_context",
    "serve",
    "start_in_thread",
]
