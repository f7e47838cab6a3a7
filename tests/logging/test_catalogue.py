"""The event catalogue of :mod:`zgw_threepas.logging` cannot drift from the code.

Read from the source, without running it: every ``logger.<level>("event", ...)`` call in the
package names an event of :data:`~zgw_threepas.logging.EVENTS`, at the catalogue's level, with
only the catalogue's keys; every catalogued event is emitted somewhere; and the modules of the
pipeline log through structlog only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from zgw_threepas.logging import EVENTS, KEYS, PUBLICATION_KEYS

PACKAGE = Path(__file__).resolve().parents[2] / "zgw_threepas"
LEVELS = {"debug", "info", "warning", "error", "exception", "critical"}

#: The modules that follow a publication step by step: they must log through the catalogue.
PIPELINE_MODULES = [
    "intake/receive.py",
    "intake/views.py",
    "intake/subscription.py",
    "delivery/notifications.py",
    "delivery/planning.py",
    "delivery/send.py",
    "delivery/tasks.py",
    "delivery/writeback.py",
    "contrib/openzaak/handler.py",
    "rules/conditions.py",
]


def structlog_modules() -> list[Path]:
    """Modules that take a logger from ``zgw_threepas.logging``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "logging.py" and path.parent == PACKAGE:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").endswith("logging")
                and node.level > 0
                and any(alias.name == "get_logger" for alias in node.names)
            ):
                found.append(path)
                break
    return found


def emitted_events() -> list[tuple[str, int, str, str, set[str]]]:
    """``(module, line, event, method, keys)`` of every structlog call in the package."""
    calls = []
    for path in structlog_modules():
        module = str(path.relative_to(PACKAGE))
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in LEVELS
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "logger"
            ):
                continue
            assert node.args and isinstance(node.args[0], ast.Constant), (
                f"{module}:{node.lineno}: the event name must be a literal string"
            )
            keys = set()
            for keyword in node.keywords:
                if keyword.arg is not None:
                    keys.add(keyword.arg)
                elif _is_publication_keys(keyword.value):
                    keys.update(PUBLICATION_KEYS)
                else:
                    pytest.fail(
                        f"{module}:{node.lineno}: only **publication_keys(...) may be spread"
                    )
            if node.func.attr == "exception":
                keys.add("exc_info")
            calls.append((module, node.lineno, node.args[0].value, node.func.attr, keys))
    return calls


def _is_publication_keys(value: ast.expr) -> bool:
    if isinstance(value, ast.Call):
        return isinstance(value.func, ast.Name) and value.func.id == "publication_keys"
    # ``keys = publication_keys(publicatie)`` once, spread into several events.
    return isinstance(value, ast.Name) and value.id == "keys"


def test_the_pipeline_modules_log_through_the_catalogue():
    modules = {str(path.relative_to(PACKAGE)) for path in structlog_modules()}
    assert set(PIPELINE_MODULES) <= modules
    for module in PIPELINE_MODULES:
        source = (PACKAGE / module).read_text()
        assert "logging.getLogger" not in source, f"{module} logs around the catalogue"


#: Modules that may log through the standard library: the 3PAS simulator runs as a process of
#: its own (``python -m zgw_threepas.threepas.simulator``), without the host's structlog.
STDLIB_LOGGING_ALLOWED = {"threepas/simulator/app.py", "threepas/simulator/server.py"}


def test_only_the_simulator_logs_around_the_catalogue():
    around = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "logging.getLogger" in path.read_text()
    }
    assert around == STDLIB_LOGGING_ALLOWED


def test_every_event_in_the_code_is_catalogued_with_its_level_and_keys():
    calls = emitted_events()
    assert len(calls) > 30
    for module, line, event, method, keys in calls:
        where = f"{module}:{line} {event}"
        assert event in EVENTS, f"{where}: not in zgw_threepas.logging.EVENTS"
        level = "error" if method == "exception" else method
        assert level == EVENTS[event].level, f"{where}: logged at {level}"
        assert keys <= set(EVENTS[event].keys), f"{where}: keys {keys - set(EVENTS[event].keys)}"


def test_every_catalogued_event_is_emitted_somewhere():
    emitted = {event for _, _, event, _, _ in emitted_events()}
    assert set(EVENTS) - emitted == set()


def test_every_key_is_explained_and_every_event_described():
    for name, event in EVENTS.items():
        assert event.level in {"debug", "info", "warning", "error"}, name
        assert event.description, name
        assert set(event.keys) <= set(KEYS), f"{name}: {set(event.keys) - set(KEYS)}"
    used = {key for event in EVENTS.values() for key in event.keys}
    assert set(KEYS) - used == set(), "explained keys no event carries"


@pytest.mark.parametrize(
    "key",
    ["naam", "name", "bsn", "adres", "address", "titel", "tekst", "bericht", "message", "body"],
)
def test_no_event_has_a_key_for_personal_data_or_texts(key):
    for name, event in EVENTS.items():
        assert key not in event.keys, name
