import zipfile

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lxml import etree

from ..delivery.testpublication import KENMERK_PREFIX
from ..models import (
    Bericht,
)
from ..threepas import contract
from ..threepas.envelope import parse_xml, read_request, redact
from ..threepas.errors import ThreepasError
from .changelist import SafeChangelistMixin

PRE_STYLE = (
    "white-space: pre-wrap; word-break: break-all; max-height: 40em; overflow: auto; "
    "margin: 0; padding: 0.5em; border: 1px solid var(--hairline-color, #ddd)"
)
COLUMNS_STYLE = "display: grid; grid-template-columns: 1fr 1fr; gap: 1em; width: 100%"

#: What may be wrong with a stored message that is decoded for display. A message that our own
#: schema check refused is logged too, so it can be anything.
UNREADABLE = (ValueError, ThreepasError, zipfile.BadZipFile, KeyError, AttributeError)


def pretty_xml(text: str) -> str:
    """The XML indented for reading, or the text as it is when it is not XML."""
    try:
        root = parse_xml(text.encode("utf-8"), max_bytes=contract.MAX_REQUEST_BYTES)
    except ValueError:
        return text
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode")


def _pre(text: str):
    return format_html('<pre style="{}">{}</pre>', PRE_STYLE, text)


@admin.register(Bericht)
class BerichtAdmin(SafeChangelistMixin, admin.ModelAdmin):
    """The 3PAS message log: what went to KOOP and what came back, for when KOOP asks."""

    list_display = (
        "tijdstip",
        "organisatie",
        "soort",
        "publicatie_link",
        "http_status",
        "duur_ms",
        "uitkomst",
    )
    list_filter = ("uitkomst", "organisatie", "soap_action", "tijdstip")
    search_fields = ("publicatie__zaak_identificatie", "publicatie__dossiernummer", "endpoint")
    date_hierarchy = "tijdstip"
    list_select_related = ("organisatie", "publicatie")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "tijdstip",
                    "soort",
                    "organisatie",
                    "publicatie",
                    "endpoint",
                    "soap_action",
                    "http_status",
                    "duur_ms",
                    "uitkomst",
                )
            },
        ),
        (_("Request"), {"fields": ("request_view",)}),
        (_("Answer"), {"fields": ("response_view",)}),
    )
    readonly_fields = (
        "tijdstip",
        "soort",
        "organisatie",
        "publicatie",
        "endpoint",
        "soap_action",
        "http_status",
        "duur_ms",
        "uitkomst",
        "request_view",
        "response_view",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # A log is evidence: it can be read, never edited.
        return False

    def has_delete_permission(self, request, obj=None):
        # KOOP may ask months later what was sent; the retention period decides when it goes
        # (ZGW_THREEPAS_MESSAGE_LOG_RETENTION_DAYS), not a click.
        return False

    @admin.display(description=_("kind"))
    def soort(self, obj):
        if obj.soap_action == contract.SOAP_ACTION_IS_ALIVE:
            return gettext("isAlive (connection check)")
        if KENMERK_PREFIX in obj.request:
            return gettext("test kennisgeving")
        return gettext("publication")

    @admin.display(description=_("publication"), ordering="publicatie")
    def publicatie_link(self, obj):
        if obj.publicatie_id is None:
            return "-"
        url = reverse("admin:zgw_threepas_publicatie_change", args=[obj.publicatie_id])
        return format_html('<a href="{}">{}</a>', url, obj.publicatie)

    @admin.display(description=_("request"))
    def request_view(self, obj):
        """The decoded content (metadata and inhoud.xml) next to the raw message."""
        raw = redact_text(obj.request)
        return format_html(
            '<div style="{}"><div><h3>{}</h3>{}</div><div><h3>{}</h3>{}</div></div>',
            COLUMNS_STYLE,
            gettext("Decoded: metadata and inhoud.xml"),
            self._decoded(raw),
            gettext("Raw message (passwords redacted)"),
            _pre(pretty_xml(raw)),
        )

    @admin.display(description=_("answer"))
    def response_view(self, obj):
        if not obj.response:
            return gettext("(nothing came back)")
        return _pre(pretty_xml(obj.response))

    def _decoded(self, raw: str):
        try:
            content = read_request(raw.encode("utf-8"))
        except UNREADABLE as exc:
            return format_html(
                "<p>{}</p>", gettext("The message cannot be decoded: %(error)s") % {"error": exc}
            )
        if content.operation != contract.OPERATION_PUBLISH:
            return format_html(
                "<p>{}</p>",
                gettext("%(operation)s carries no content.") % {"operation": content.operation},
            )
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td></tr>",
            (
                (name, value if not isinstance(value, list) else _markeringen(value))
                for name, value in content.metadata.items()
            ),
        )
        try:
            inhoud = pretty_xml(content.inhoud_xml())
        except UNREADABLE + (UnicodeDecodeError,) as exc:
            inhoud = gettext("inhoud.xml cannot be read: %(error)s") % {"error": exc}
        return format_html(
            "<table>{}</table><h4>{}</h4>{}", rows, contract.INHOUD_MEMBER, _pre(inhoud)
        )


def _markeringen(markeringen: list[dict]) -> str:
    return "; ".join(
        ", ".join(f"{key}: {value}" for key, value in markering.items() if value)
        for markering in markeringen
    )


def redact_text(request: str) -> str:
    """The stored request with any WS-Security password blanked (older rows included)."""
    try:
        return redact(request.encode("utf-8")).decode("utf-8")
    except (etree.XMLSyntaxError, UnicodeDecodeError):
        return request
