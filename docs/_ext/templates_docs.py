"""Sphinx directives for the administrators' pages, generated from the code they describe.

``.. threepas-placeholders::``           every placeholder of a kennisgeving text, with meaning
                                          and example value
``.. threepas-markup::``                 markup examples and the op-xml they become, rendered by
                                          the real renderer while the docs are built
``.. threepas-refusals::``               texts that are refused, with the message the admin shows
``.. threepas-builtin-texts::``          the built-in title and text of every publicatietype
``.. threepas-choices:: dotted.Choices`` the values and labels of a choices class

Everything is rendered with the English messages, like the rest of the docs.
"""

from __future__ import annotations

import importlib

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

#: Markup examples for the mapping table: (what it is, markup). The op-xml column is made by
#: the renderer itself, so the table cannot drift from what is published.
MARKUP_EXAMPLES: list[tuple[str, str]] = [
    ("A line of text", "Wij hebben een aanvraag ontvangen."),
    ("Two lines", "Adres: Dam 1.\nZaaknummer: ZAAK-1."),
    ("An empty line between paragraphs", "Eerste alinea.\n\nTweede alinea."),
    ("Bold", "**Wat is er aangevraagd?**"),
    ("Italic", "*ontwerpbesluit*"),
    ("Bold and italic", "***let op***"),
    ("Underlined", "++onderstreept++"),
    ("Sub-heading", "## Ter inzage"),
    ("Bulleted list", "- de aanvraag\n- de tekeningen"),
    ("Numbered list", "1. eerst dit\n2. dan dat"),
    ("List in a list (two levels at most)", "- bouwen\n  - dakkapel"),
    ("Link", "[rechtspraak.nl](https://www.rechtspraak.nl)"),
    ("E-mail link", "[mail ons](mailto:info@example.nl)"),
    ("A placeholder", "Zaaknummer: {{ zaak.identificatie }}"),
]

#: Texts an administrator might write that are refused when a rule or text is saved.
REFUSAL_EXAMPLES: list[tuple[str, str]] = [
    ("An unknown placeholder", "Ingediend door {{ zaak.aanvrager }}"),
    ("Template code", "{% if zaak.omschrijving %}Tekst{% endif %}"),
    ("Code inside a placeholder", "{{ zaak.omschrijving|upper }}"),
    ("A heading other than ``##``", "# Bekendmaking"),
    ("A table", "| a | b |\n|---|---|\n| 1 | 2 |"),
    ("An image", "![kaart](https://example.nl/kaart.png)"),
    ("HTML", "<b>vet</b>"),
    ("A quotation block", "> aangehaald"),
    ("A horizontal line", "Boven\n\n---\n\nOnder"),
    ("Struck-through text", "~~oud~~"),
    ("Code", "`code`"),
    ("A forced line break", "regel met een backslash\\\nvolgende regel"),
    ("A list three levels deep", "- a\n  - b\n    - c"),
    ("A link to anything but a web or e-mail address", "[bestand](file:///etc/passwd)"),
    ("A placeholder in a link address", "[zaak]({{ zaak.identificatie }})"),
    ("Bold that is never closed", "**Let op: de stukken liggen ter inzage"),
]


def _escape(text: str) -> str:
    """Values from the code are data: keep reST markup characters literal."""
    for char in "\\*`|_":
        text = text.replace(char, "\\" + char)
    return text


def _literal(text: str) -> str:
    """Inline literal for a table cell (a literal cannot hold a line break or be empty)."""
    text = text.replace("\n", " ⏎ ")
    return f"``{text}``" if text.strip() else "(empty)"


def _english():
    from django.utils import translation

    return translation.override("en")


def _list_table(header: list[str], rows: list[list[str]], widths: str) -> list[str]:
    out = [".. list-table::", "   :header-rows: 1", f"   :widths: {widths}", ""]
    for row in [header, *rows]:
        first, *rest = row
        out.append(f"   * - {first}")
        out += [f"     - {cell}" for cell in rest]
    out.append("")
    return out


class _GeneratedRst(SphinxDirective):
    has_content = False
    sources: tuple[str, ...] = ()

    def lines(self) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        for source in self.sources:
            self.env.note_dependency(self.env.relfn2path(f"../zgw_threepas/{source}")[1])
        with _english():
            lines = self.lines()
        container = nodes.container()
        self.state.nested_parse(
            StringList(lines, source=self.get_source_info()[0]), self.content_offset, container
        )
        return container.children


class PlaceholdersDirective(_GeneratedRst):
    sources = ("kennisgeving/context.py",)

    def lines(self) -> list[str]:
        from zgw_threepas.kennisgeving.context import PLACEHOLDERS

        rows = [
            [f"``{{{{ {name} }}}}``", _escape(meaning), _literal(example) if example else "–"]
            for name, (meaning, example) in PLACEHOLDERS.items()
        ]
        return _list_table(
            ["Placeholder", "Meaning (as shown in the admin)", "Example"], rows, "30 45 25"
        )


def _op_xml(markup: str) -> list[str]:
    from lxml import etree

    from zgw_threepas.kennisgeving.context import PLACEHOLDERS
    from zgw_threepas.kennisgeving.markup import render_blocks

    context = {name: example or name for name, (_meaning, example) in PLACEHOLDERS.items()}

    def element_lines(element, indent: str = "") -> list[str]:
        # Lists and their items are laid out one child a line; a line of text (al, li.nr,
        # tussenkop) stays on one line, since whitespace inside it would be published.
        if element.tag not in ("lijst", "li"):
            return [indent + etree.tostring(element, encoding="unicode", with_tail=False)]
        attributes = "".join(f' {k}="{v}"' for k, v in element.attrib.items())
        lines = [f"{indent}<{element.tag}{attributes}>"]
        for child in element:
            lines += element_lines(child, indent + "  ")
        return [*lines, f"{indent}</{element.tag}>"]

    lines = []
    for block in render_blocks(markup, context):
        lines += element_lines(block)
    return lines


class MarkupDirective(_GeneratedRst):
    sources = ("kennisgeving/markup.py",)

    def lines(self) -> list[str]:
        out = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 45 55",
            "",
            "   * - You write",
            "     - Published as",
        ]
        for what, markup in MARKUP_EXAMPLES:
            out += [
                f"   * - *{what}*",
                "",
                "       .. code-block:: text",
                "",
                *[f"          {line}" for line in markup.splitlines()],
                "",
                "     - .. code-block:: xml",
                "",
                *[f"          {line}" for line in _op_xml(markup)],
                "",
            ]
        return out


class RefusalsDirective(_GeneratedRst):
    sources = ("kennisgeving/markup.py", "kennisgeving/errors.py")

    def lines(self) -> list[str]:
        from zgw_threepas.kennisgeving.context import PLACEHOLDERS
        from zgw_threepas.kennisgeving.markup import validate_template

        rows = []
        for what, markup in REFUSAL_EXAMPLES:
            errors = validate_template(markup, PLACEHOLDERS)
            if not errors:
                raise ValueError(f"The refusal example {markup!r} is accepted; update it.")
            rows.append([what, _literal(markup), _escape(errors[0].user_message())])
        return _list_table(["What", "Text", "Refusal shown in the admin"], rows, "20 30 50")


class BuiltinTextsDirective(_GeneratedRst):
    sources = ("kennisgeving/texts.py",)

    def lines(self) -> list[str]:
        from zgw_threepas.constants import Procedure, PublicatieType
        from zgw_threepas.kennisgeving.texts import default_text, has_procedure_variant

        out: list[str] = []
        for value, label in PublicatieType.choices:
            variants = Procedure.choices if has_procedure_variant(value) else [("", "")]
            for procedure, procedure_label in variants:
                heading = f"{label} ({procedure_label.lower()})" if procedure else str(label)
                text = default_text(value, procedure or None)
                out += [
                    f".. rubric:: {_escape(heading)}",
                    "",
                    f"Publicatietype ``{value}``"
                    + (f", procedure ``{procedure}``." if procedure else "."),
                    "",
                    ".. code-block:: text",
                    "",
                    f"   {text.titel}",
                    "",
                    *[f"   {line}" if line else "" for line in text.tekst.splitlines()],
                    "",
                ]
        return out


class ChoicesDirective(_GeneratedRst):
    required_arguments = 1
    option_spec = {"exclude": directives.unchanged}
    sources = ("constants.py",)

    def lines(self) -> list[str]:
        module_name, _dot, class_name = self.arguments[0].rpartition(".")
        choices = getattr(importlib.import_module(module_name), class_name)
        exclude = set((self.options.get("exclude") or "").split())
        from django.utils import translation

        values = [value for value in choices.values if value not in exclude]
        english = [_escape(str(choices(value).label)) for value in values]
        with translation.override("nl"):
            dutch = [_escape(str(choices(value).label)) for value in values]
        if english == dutch:
            # Proper names of the domain: the same in both languages.
            rows = [[f"``{value}``", label] for value, label in zip(values, english, strict=True)]
            return _list_table(["Value", "Shown in the admin as"], rows, "30 70")
        rows = [
            [f"``{value}``", en, nl] for value, en, nl in zip(values, english, dutch, strict=True)
        ]
        return _list_table(["Value", "Shown in English as", "Shown in Dutch as"], rows, "24 38 38")


def setup(app):
    app.add_directive("threepas-placeholders", PlaceholdersDirective)
    app.add_directive("threepas-markup", MarkupDirective)
    app.add_directive("threepas-refusals", RefusalsDirective)
    app.add_directive("threepas-builtin-texts", BuiltinTextsDirective)
    app.add_directive("threepas-choices", ChoicesDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
