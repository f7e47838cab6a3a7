"""``inhoud.xml``: the text of a kennisgeving as 3PAS carries it, zipped.

The document is the content-only form of a zakelijke mededeling that a working vendor
connection delivers (KOOP's schema ``gvop_zakelijke_mededeling_3ePAS_content-only``, version
2013-10-08, not public)::

    aanlevering
      zakelijke-mededeling
        kop / titel
        zakelijke-mededeling-tekst
          inhoud
            (al | al-groep | lijst | tussenkop)*

No namespace and no ``xsi:noNamespaceSchemaLocation``: DROP identifies the document by the
operation it arrives with. ``xsd/zakelijke-mededeling.xsd`` is our own description of it, and
every document is validated against it before it leaves.
"""

from __future__ import annotations

import copy
import html
import io
import zipfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from .errors import InhoudInvalidError
from .markup import blocks_to_text

XSD_PATH = Path(__file__).parent / "xsd" / "zakelijke-mededeling.xsd"
INHOUD_FILENAME = "inhoud.xml"
# The earliest time a zip entry can carry; a fixed time makes the same content the same bytes.
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def _safe_parser() -> etree.XMLParser:
    # Never expand entities or fetch anything: the bytes may come from the database.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_PATH), parser=_safe_parser()))


def build_inhoud_xml(titel: str, blocks: Iterable[etree._Element]) -> bytes:
    """The inhoud.xml document for a title and op-xml blocks, UTF-8 with XML declaration."""
    aanlevering = etree.Element("aanlevering")
    mededeling = etree.SubElement(aanlevering, "zakelijke-mededeling")
    kop = etree.SubElement(mededeling, "kop")
    etree.SubElement(kop, "titel").text = titel
    tekst = etree.SubElement(mededeling, "zakelijke-mededeling-tekst")
    inhoud = etree.SubElement(tekst, "inhoud")
    for block in blocks:
        # Copies, so that the caller's elements are not moved out of their own tree.
        inhoud.append(copy.deepcopy(block))
    return etree.tostring(aanlevering, xml_declaration=True, encoding="UTF-8")


def _parse(content: bytes) -> etree._Element:
    try:
        return etree.fromstring(content, parser=_safe_parser())
    except etree.XMLSyntaxError as exc:
        raise InhoudInvalidError([f"line {exc.lineno}: {exc.msg}"]) from exc


def validate_inhoud(content: bytes) -> None:
    """Check inhoud.xml against the bundled XSD; :class:`InhoudInvalidError` lists violations."""
    root = _parse(content)
    if root.getroottree().docinfo.internalDTD is not None or root.getroottree().docinfo.doctype:
        # DROP gets plain elements; a DTD could only smuggle in entities.
        raise InhoudInvalidError(["a DOCTYPE is not allowed in inhoud.xml"])
    schema = _schema()
    try:
        valid = schema.validate(root)
    except etree.XMLSchemaValidateError as exc:
        raise InhoudInvalidError([str(exc)]) from exc
    if not valid:
        violations = [f"line {error.line}: {error.message}" for error in schema.error_log]
        raise InhoudInvalidError(violations)


def zip_inhoud(content: bytes) -> bytes:
    """A zip holding ``inhoud.xml``; the same content always gives the same bytes."""
    info = zipfile.ZipInfo(INHOUD_FILENAME, date_time=_ZIP_TIMESTAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    # ZipInfo would otherwise take these from the platform it runs on.
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


def unzip_inhoud(archive: bytes) -> bytes:
    """The inhoud.xml from a zip made by :func:`zip_inhoud`."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        return zipped.read(INHOUD_FILENAME)


def inhoud_titel(content: bytes) -> str:
    return _parse(content).findtext("zakelijke-mededeling/kop/titel") or ""


def inhoud_to_text(content: bytes) -> str:
    """The text of inhoud.xml as plain text: one line per ``al``, empty lines kept."""
    inhoud = _parse(content).find("zakelijke-mededeling/zakelijke-mededeling-tekst/inhoud")
    return blocks_to_text(inhoud if inhoud is not None else [])


_NADRUK_HTML = {
    "vet": ("<strong>", "</strong>"),
    "halfvet": ("<strong>", "</strong>"),
    "cur": ("<em>", "</em>"),
    "vetcur": ("<strong><em>", "</em></strong>"),
    "ondlijn": ("<u>", "</u>"),
    "rom": ("<span>", "</span>"),
}


def _esc(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _inline_html(element: etree._Element) -> str:
    parts = [_esc(element.text)]
    for child in element:
        if not isinstance(child.tag, str):
            # Comments and processing instructions are not content.
            parts.append(_esc(child.tail))
            continue
        inner = _inline_html(child)
        if child.tag == "nadruk":
            start, end = _NADRUK_HTML.get(child.get("type", ""), ("<span>", "</span>"))
            parts.append(f"{start}{inner}{end}")
        elif child.tag == "extref":
            href = child.get("doc", "")
            if urlsplit(href).scheme.lower() in ("http", "https", "mailto"):
                parts.append(f'<a href="{_esc(href)}" rel="nofollow noopener">{inner}</a>')
            else:
                parts.append(inner)
        elif child.tag in ("sup", "inf"):
            tag = "sup" if child.tag == "sup" else "sub"
            parts.append(f"<{tag}>{inner}</{tag}>")
        else:
            parts.append(inner)
        parts.append(_esc(child.tail))
    return "".join(parts)


def _block_html(element: etree._Element) -> str:
    tag = element.tag
    if tag == "al":
        inner = _inline_html(element)
        return f"<p>{inner}</p>" if inner.strip() else '<p class="leeg">&nbsp;</p>'
    if tag == "tussenkop":
        return f"<h3>{_inline_html(element)}</h3>"
    if tag == "al-groep":
        return "<div>" + "".join(_block_html(c) for c in element) + "</div>"
    if tag == "lijst":
        explicit = element.get("type") == "expliciet"
        items = []
        for li in element.iterfind("li"):
            nr = li.findtext("li.nr")
            content = "".join(_block_html(c) for c in li if c.tag != "li.nr")
            label = f'<span class="li-nr">{_esc(nr)}</span> ' if nr else ""
            items.append(f"<li>{label}{content}</li>")
        css = "lijst-expliciet" if explicit else "lijst-ongemarkeerd"
        return f'<ul class="{css}">' + "".join(items) + "</ul>"
    if not isinstance(tag, str):
        return ""
    return f"<p>{_esc(' '.join(''.join(element.itertext()).split()))}</p>"


def inhoud_to_html(content: bytes) -> str:
    """A preview of inhoud.xml as an HTML fragment; every text and address is escaped.

    Only the op-xml elements are mapped onto HTML; anything else shows as its escaped text,
    and links only point to http(s) and mailto addresses.
    """
    root = _parse(content)
    titel = root.findtext("zakelijke-mededeling/kop/titel") or ""
    inhoud = root.find("zakelijke-mededeling/zakelijke-mededeling-tekst/inhoud")
    body = "".join(_block_html(block) for block in (inhoud if inhoud is not None else []))
    return f'<div class="kennisgeving"><h2>{_esc(titel)}</h2>{body}</div>'
