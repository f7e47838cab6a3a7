"""Sphinx directives that render the 3PAS contract module, so the docs cannot drift from it.

``.. threepas-assumptions::``   every :data:`~zgw_threepas.threepas.contract.ASSUMPTIONS` entry
``.. threepas-code-tables::``   our vocabulary -> the wire codes we send
``.. threepas-fault-codes::``   fault codes and whether a delivery is retried
``.. threepas-dossier-fields::`` the children of ``Dossier`` in wire order
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective


def _escape(text: str) -> str:
    """Text from the contract module is data: keep reST markup characters literal."""
    return (
        text.replace("\\", "\\\\")
        .replace("*", "\\*")
        .replace("`", "\\`")
        .replace("|", "\\|")
        .replace("_", "\\_")
    )


class _GeneratedRst(SphinxDirective):
    has_content = False

    def lines(self) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(self.env.relfn2path("../zgw_threepas/threepas/contract.py")[1])
        container = nodes.container()
        source = self.get_source_info()[0]
        self.state.nested_parse(
            StringList(self.lines(), source=source), self.content_offset, container
        )
        return container.children


class AssumptionsDirective(_GeneratedRst):
    def lines(self) -> list[str]:
        from zgw_threepas.threepas.contract import ASSUMPTIONS

        out: list[str] = []
        for assumption in ASSUMPTIONS:
            out += [
                f".. _{assumption.id.lower()}:",
                "",
                f"**{assumption.id}**: {_escape(assumption.statement)}",
                "",
                f"   *Why we think so:* {_escape(assumption.why)}",
                "",
                f"   *If it is wrong:* {_escape(assumption.if_wrong)}",
                "",
            ]
        return out


class CodeTablesDirective(_GeneratedRst):
    def lines(self) -> list[str]:
        from zgw_threepas.threepas.contract import CODE_TABLES

        out: list[str] = []
        for name, table in CODE_TABLES.items():
            out += [
                f".. list-table:: {name}",
                "   :header-rows: 1",
                "",
                "   * - our value",
                "     - sent as",
            ]
            for ours, wire in table.items():
                sent = f"``{wire}``" if wire else "*(element left out: only prepared in DROP)*"
                out += [f"   * - ``{ours}``", f"     - {sent}"]
            out.append("")
        return out


class FaultCodesDirective(_GeneratedRst):
    def lines(self) -> list[str]:
        from zgw_threepas.threepas.contract import FAULT_CODES, TRANSIENT_HTTP_STATUSES

        out = [
            ".. list-table::",
            "   :header-rows: 1",
            "",
            "   * - fault code",
            "     - outcome",
            "     - meaning",
        ]
        for code, rule in FAULT_CODES.items():
            out += [
                f"   * - ``{code}``",
                f"     - {rule.outcome}",
                f"     - {_escape(rule.meaning)}",
            ]
        statuses = ", ".join(str(s) for s in sorted(TRANSIENT_HTTP_STATUSES))
        out += [
            "",
            "Any other fault code is treated as permanent, so that a person looks at it. "
            f"HTTP statuses retried without a SOAP fault: {statuses}.",
            "",
        ]
        return out


class DossierFieldsDirective(_GeneratedRst):
    def lines(self) -> list[str]:
        from zgw_threepas.threepas.contract import DOSSIER_FIELDS, GEBIEDSMARKERING_FIELDS

        out: list[str] = []
        for title, fields in (
            ("Dossier", DOSSIER_FIELDS),
            ("Gebiedsmarkering", GEBIEDSMARKERING_FIELDS),
        ):
            out += [
                f".. list-table:: Children of ``{title}``, in order",
                "   :header-rows: 1",
                "",
                "   * - element",
                "     - kind",
                "     - required",
            ]
            for field in fields:
                out += [
                    f"   * - ``{field.element}``",
                    f"     - {field.kind}",
                    f"     - {'yes' if field.required else 'no'}",
                ]
            out.append("")
        return out


def setup(app):
    app.add_directive("threepas-assumptions", AssumptionsDirective)
    app.add_directive("threepas-code-tables", CodeTablesDirective)
    app.add_directive("threepas-fault-codes", FaultCodesDirective)
    app.add_directive("threepas-dossier-fields", DossierFieldsDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
