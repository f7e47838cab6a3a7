"""Why a kennisgeving could not be made.

Each error says in plain words (:meth:`~KennisgevingError.user_message`, translatable) what is
wrong and what an administrator can do about it. None of them is worth retrying: the same zaak
and text give the same error until someone changes one of them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from zgw_threepas.exceptions import ZgwThreepasError


class KennisgevingError(ZgwThreepasError):
    """Root of the errors of rendering a kennisgeving."""

    code = "kennisgeving"

    def user_message(self) -> str:
        return _("The kennisgeving could not be made: %(detail)s") % {"detail": self.message}


def _construct_label(construct: str) -> str:
    # Looked up at call time so that the active language applies.
    labels = {
        "image": _("an image"),
        "code": _("code (text between backticks or indented by four spaces)"),
        "html": _("HTML"),
        "table": _("a table"),
        "blockquote": _("a quotation block (a line starting with >)"),
        "hr": _("a horizontal line"),
        "strikethrough": _("struck-through text"),
        "hardbreak": _("a forced line break (two spaces or a backslash at the end of a line)"),
        "heading-level": _("a heading other than ## (use ## for a heading)"),
        "heading-lines": _("a heading spread over more than one line"),
        "heading-in-list": _("a heading inside a list"),
        "deep-list": _("a list nested more than two levels deep"),
        "link-scheme": _("a link that does not start with https://, http:// or mailto:"),
        "link-placeholder": _("a placeholder inside a link address"),
        "underline-combined": _("underlined text that is also bold or italic"),
        "markup-in-title": _("markup (bold, italic, links) in a title"),
    }
    return labels.get(construct, construct)


class TemplateError(KennisgevingError, ValueError):
    """A text template that cannot be rendered into a publication.

    ``kind`` is one of ``unknown-placeholder``, ``invalid-placeholder``, ``stray-braces``,
    ``unsupported`` (see ``construct``), ``unmatched-marker`` (``construct`` holds the marker),
    ``multi-line-title`` and ``empty``. ``line`` counts from
    1 in the template as the administrator typed it.
    """

    code = "template"

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        line: int | None = None,
        placeholder: str = "",
        construct: str = "",
    ):
        super().__init__(
            message, kind=kind, line=line, placeholder=placeholder, construct=construct
        )
        self.kind = kind
        self.line = line
        self.placeholder = placeholder
        self.construct = construct

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message

    def user_message(self) -> str:
        params = {"line": self.line, "name": self.placeholder}
        if self.kind == "unknown-placeholder":
            return (
                _(
                    "Line %(line)s uses the placeholder {{ %(name)s }}, which does not exist. "
                    "Check the spelling against the list of placeholders."
                )
                % params
            )
        if self.kind == "invalid-placeholder":
            return (
                _(
                    "Line %(line)s contains %(name)s. Between {{ and }} only the name of a "
                    "placeholder may stand, such as {{ zaak.identificatie }}."
                )
                % params
            )
        if self.kind == "stray-braces":
            return (
                _(
                    "Line %(line)s contains {{, }}, {%% or %%} outside a placeholder. "
                    "Write placeholders as {{ name }}; other template code is not possible."
                )
                % params
            )
        if self.kind == "unsupported":
            return _(
                "Line %(line)s contains %(construct)s, which an official publication cannot "
                "show. Remove it or write it as plain text."
            ) % {"line": self.line, "construct": _construct_label(self.construct)}
        if self.kind == "unmatched-marker":
            return _(
                "Line %(line)s has %(marker)s that opens or closes nothing, so it would be "
                "published as a stray symbol. Close the bold, italic or underlined text "
                "(**bold**, *italic*, ++underlined++), or write a backslash before each "
                "character that is meant as itself (\\*)."
            ) % {"line": self.line, "marker": self.construct}
        if self.kind == "multi-line-title":
            return _("A title is one line; remove the line breaks.")
        if self.kind == "empty":
            return _("The text is empty. A kennisgeving needs a title and a text.")
        return super().user_message()


class MissingValueError(KennisgevingError):
    """The text uses placeholders for which this zaak has no value.

    Publishing "tot en met ." instead of a date would be a wrong notice; holding it is better.
    """

    code = "missing-value"

    def __init__(self, names: list[str]):
        self.names = list(names)
        super().__init__("No value for " + ", ".join(self.names), names=self.names)

    def user_message(self) -> str:
        return _(
            "The text uses %(names)s, but this zaak has no value for it. Complete the zaak in "
            "the case system, or use a text without these placeholders."
        ) % {"names": ", ".join(f"{{{{ {name} }}}}" for name in self.names)}


class InhoudInvalidError(KennisgevingError, ValueError):
    """The generated inhoud.xml does not match the schema of a zakelijke mededeling."""

    code = "inhoud-invalid"

    def __init__(self, violations: list[str]):
        self.violations = list(violations)
        super().__init__("; ".join(self.violations), violations=self.violations)

    def user_message(self) -> str:
        return _(
            "The content of the kennisgeving does not match the schema DROP expects: "
            "%(violations)s. Simplify the text; if that does not help, report this as a fault."
        ) % {"violations": "; ".join(self.violations)}


class PrivacyHoldError(KennisgevingError):
    """The text contains what looks like a citizen service number (BSN).

    Kennisgevingen must never carry personal data of natural persons, so the publication is
    held instead of sent. ``masked`` shows only the last three digits of each number found.
    """

    code = "privacy-hold"

    def __init__(self, masked: list[str]):
        self.masked = list(masked)
        super().__init__("Possible BSN in text: " + ", ".join(self.masked), masked=self.masked)

    def user_message(self) -> str:
        return _(
            "The kennisgeving contains a number that looks like a citizen service number (BSN): "
            "%(numbers)s. A kennisgeving must not contain personal data, so it has been held. "
            "Remove the number from the zaak or the text and try again."
        ) % {"numbers": ", ".join(self.masked)}


class LocationError(KennisgevingError, ValueError):
    """The zaakgeometrie cannot be turned into a location DROP understands."""

    code = "location"

    def user_message(self) -> str:
        return _(
            "The location (zaakgeometrie) of the zaak cannot be used: %(detail)s. Correct the "
            "geometry in the case system."
        ) % {"detail": self.message}


class UnknownBesluitError(KennisgevingError):
    """The besluit a publication is about is not among the besluiten of the zaak."""

    code = "unknown-besluit"

    def __init__(self, url: str):
        self.url = url
        super().__init__(f"Besluit {url} is not linked to the zaak", url=url)

    def user_message(self) -> str:
        return _(
            "The besluit %(url)s is not linked to this zaak. Link it to the zaak in the "
            "case system, or check which besluit the publication is about."
        ) % {"url": self.url}
