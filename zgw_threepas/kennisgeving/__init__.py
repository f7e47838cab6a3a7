"""Rendering a kennisgeving: text, op-xml ``inhoud.xml`` and the metadata of a delivery.

The room never does HTTP. :func:`~zgw_threepas.kennisgeving.render.build_kennisgeving` is its
entry point; the modules behind it are usable on their own (template checks when a text is
saved, previews, the placeholder list for the documentation).
"""

from .context import PLACEHOLDERS, build_context
from .errors import (
    InhoudInvalidError,
    KennisgevingError,
    LocationError,
    MissingValueError,
    PrivacyHoldError,
    TemplateError,
    UnknownBesluitError,
)
from .inhoud import inhoud_to_html, validate_inhoud
from .markup import validate_template, validate_title
from .render import Kennisgeving, OrganisatieGegevens, build_kennisgeving
from .texts import DEFAULT_TEXTS, default_text

__all__ = [
    "DEFAULT_TEXTS",
    "PLACEHOLDERS",
    "InhoudInvalidError",
    "Kennisgeving",
    "KennisgevingError",
    "LocationError",
    "MissingValueError",
    "OrganisatieGegevens",
    "PrivacyHoldError",
    "TemplateError",
    "UnknownBesluitError",
    "build_context",
    "build_kennisgeving",
    "default_text",
    "inhoud_to_html",
    "validate_inhoud",
    "validate_template",
    "validate_title",
]
