"""Sphinx directives for the log event catalogue, generated from ``zgw_threepas/logging.py``.

``.. threepas-log-events::``  every event: level, keys, meaning and what to do, grouped as in
                              the catalogue
``.. threepas-log-keys::``    every key and what it means

The catalogue (:data:`zgw_threepas.logging.EVENTS`) is the single source of truth: the tests
check that the code emits exactly the catalogued events with the catalogued keys, so this page
cannot drift from the log.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective


def _cell(text: str) -> str:
    return " ".join(text.split())


class _CatalogueDirective(SphinxDirective):
    has_content = False

    def lines(self) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(self.env.relfn2path("../zgw_threepas/logging.py")[1])
        container = nodes.container()
        self.state.nested_parse(
            StringList(self.lines(), source=self.get_source_info()[0]),
            self.content_offset,
            container,
        )
        return container.children


class LogEventsDirective(_CatalogueDirective):
    def lines(self) -> list[str]:
        from zgw_threepas.logging import EVENTS, PUBLICATION_KEYS

        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 24 9 27 40",
            "",
            "   * - Event",
            "     - Level",
            "     - Keys",
            "     - Meaning, and what to do",
        ]
        for name, event in EVENTS.items():
            keys = list(event.keys)
            if set(PUBLICATION_KEYS) <= set(keys):
                keys = ["*publication*"] + [k for k in keys if k not in PUBLICATION_KEYS]
            meaning = _cell(event.description)
            if event.action:
                meaning += f" **To do:** {_cell(event.action)}"
            lines += [
                f"   * - ``{name}``",
                f"     - {event.level}",
                "     - " + (", ".join(k if k.startswith("*") else f"``{k}``" for k in keys)),
                f"     - {meaning}",
            ]
        return lines


class LogKeysDirective(_CatalogueDirective):
    def lines(self) -> list[str]:
        from zgw_threepas.logging import KEYS, PUBLICATION_KEYS

        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 25 75",
            "",
            "   * - Key",
            "     - Meaning",
        ]
        for key, meaning in KEYS.items():
            marker = " (one of the *publication* keys)" if key in PUBLICATION_KEYS else ""
            lines += [f"   * - ``{key}``", f"     - {_cell(meaning)}{marker}"]
        return lines


def setup(app):
    app.add_directive("threepas-log-events", LogEventsDirective)
    app.add_directive("threepas-log-keys", LogKeysDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
