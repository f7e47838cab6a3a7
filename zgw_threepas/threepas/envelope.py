"""Build, check and read 3PAS SOAP messages.

Names, order and codes come from :mod:`.contract`; this module only knows how to turn them
into XML and back. Both sides of the exchange live here (requests *and* answers), because the
simulator speaks the same reconstruction and must not drift from it.

All XML that reaches us from outside goes through :func:`parse_xml`: no entity expansion, no
network, no DOCTYPE at all, and a size limit.
"""

from __future__ import annotations

import base64
import binascii
import copy
import io
import re
import threading
import zipfile
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from lxml import etree
from lxml.builder import ElementMaker

from . import contract as c
from .errors import (
    ThreepasAmbiguousError,
    ThreepasError,
    ThreepasPermanentError,
    ThreepasResponseError,
    ThreepasTransientError,
    ThreepasValidationError,
)
from .types import Aanlevering, Exchange, Gebiedsmarkering

SOAP = ElementMaker(namespace=c.SOAP_ENV_NS, nsmap={"s": c.SOAP_ENV_NS})
DRP = ElementMaker(namespace=c.DRP_NS, nsmap={None: c.DRP_NS})
WSSE = ElementMaker(namespace=c.WSSE_NS, nsmap={"wsse": c.WSSE_NS})

XSD_FILE = "threepas-2020-01.xsd"
WSDL_FILE = "threepas-2020-01.wsdl"
REDACTED = "********"


def _s(name: str) -> str:
    return f"{{{c.SOAP_ENV_NS}}}{name}"


def _d(name: str) -> str:
    return f"{{{c.DRP_NS}}}{name}"


# --- Safe parsing ------------------------------------------------------------------------


class XmlRejected(ValueError):
    """XML refused before or while parsing; ``reason`` is a :data:`errors.REASONS` key."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def _safe_parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parser objects must not be shared between threads, and
    # the simulator parses on many.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_pis=True,
    )


def parse_xml(data: bytes, *, max_bytes: int = c.MAX_RESPONSE_BYTES) -> etree._Element:
    """Parse untrusted XML; raise :class:`XmlRejected` for anything we will not read."""
    if len(data) > max_bytes:
        raise XmlRejected(
            f"XML of {len(data)} bytes exceeds the limit of {max_bytes}", "RESPONSE_TOO_LARGE"
        )
    if not data.strip():
        raise XmlRejected("empty body", "RESPONSE_EMPTY")
    try:
        root = etree.fromstring(data, _safe_parser())
    except etree.XMLSyntaxError as exc:
        if b"<!DOCTYPE" in data:
            # libxml2 stops some DTD attacks (entity amplification) itself; still name the
            # cause, not "malformed".
            raise XmlRejected(f"XML with a DOCTYPE refused: {exc}", "RESPONSE_UNSAFE") from exc
        raise XmlRejected(f"not well-formed XML: {exc}", "RESPONSE_NOT_XML") from exc
    docinfo = root.getroottree().docinfo
    # Even unexpanded, a DTD has no place in SOAP (SOAP 1.1 section 3 forbids it) and is the
    # vehicle of entity attacks: refuse it outright.
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise XmlRejected("XML with a DOCTYPE declaration is refused", "RESPONSE_UNSAFE")
    return root


# --- Schema ------------------------------------------------------------------------------


def schema_path(name: str = XSD_FILE):
    return resources.files(__package__).joinpath("xsd", name)


@cache
def _schema() -> etree.XMLSchema:
    with resources.as_file(schema_path()) as path:
        return etree.XMLSchema(etree.parse(str(path), _safe_parser()))


# lxml schema objects keep validation state; one validation at a time.
_schema_lock = threading.Lock()


def _validate_payload(payload: etree._Element) -> None:
    document = copy.deepcopy(payload)
    with _schema_lock:
        schema = _schema()
        if schema.validate(document):
            return
        problems = "; ".join(
            f"line {error.line}: {error.message}" for error in list(schema.error_log)[:5]
        )
    raise ThreepasValidationError(problems)


# --- Requests ----------------------------------------------------------------------------


def build_request(
    aanlevering: Aanlevering, *, username_token: tuple[str, str] | None = None
) -> bytes:
    """The complete ``VoegDossierToeEnPubliceer`` envelope, UTF-8 with XML declaration.

    Raises :class:`ThreepasValidationError` when a value has no wire code or cannot be
    written as XML; whether the result fits the schema is :func:`validate_request`'s job.
    """
    dossier = DRP(c.EL_DOSSIER, *_fields(aanlevering, c.DOSSIER_FIELDS))
    return _envelope(DRP(c.OPERATION_PUBLISH, dossier), username_token)


def build_is_alive(*, username_token: tuple[str, str] | None = None) -> bytes:
    return _envelope(DRP(c.OPERATION_IS_ALIVE), username_token)


def _envelope(payload: etree._Element, username_token: tuple[str, str] | None) -> bytes:
    parts = []
    if username_token:
        parts.append(SOAP.Header(_security_header(*username_token)))
    parts.append(SOAP.Body(payload))
    return etree.tostring(SOAP.Envelope(*parts), xml_declaration=True, encoding="utf-8")


def _security_header(username: str, password: str) -> etree._Element:
    try:
        security = WSSE.Security(
            WSSE.UsernameToken(
                WSSE.Username(username),
                WSSE.Password(password, Type=c.WSSE_PASSWORD_TEXT),
            )
        )
    except ValueError as exc:
        raise ThreepasValidationError(f"username token cannot be written as XML: {exc}") from exc
    security.set(_s("mustUnderstand"), "1")
    return security


def _fields(source: Any, fields: tuple[c.WireField, ...]) -> list[etree._Element]:
    elements = []
    for wire in fields:
        value = getattr(source, wire.attribute)
        text_or_children = _wire_value(wire, value)
        if text_or_children is None or text_or_children == "":
            if not wire.required:
                continue
            text_or_children = ""
        try:
            if isinstance(text_or_children, list):
                elements.append(DRP(wire.element, *text_or_children))
            else:
                elements.append(DRP(wire.element, text_or_children))
        except ValueError as exc:
            # lxml refuses control characters; they cannot travel in XML 1.0 at all.
            raise ThreepasValidationError(
                f"{wire.element} cannot be written as XML: {exc}"
            ) from exc
    return elements


def _wire_value(wire: c.WireField, value: Any) -> str | list[etree._Element] | None:
    match wire.kind:
        case "text":
            return "" if value is None else str(value)
        case "code":
            if not value:
                return None
            table = c.CODE_TABLES[wire.attribute]
            if value not in table:
                raise ThreepasValidationError(
                    f"no 3PAS code for {wire.attribute} {value!r}; known: {sorted(table)}"
                )
            return table[value]
        case "date":
            if not isinstance(value, date):
                raise ThreepasValidationError(f"{wire.element} must be a date, got {value!r}")
            return value.isoformat()
        case "base64":
            return base64.b64encode(value).decode("ascii")
        case "gebiedsmarkeringen":
            markeringen: tuple[Gebiedsmarkering, ...] = value or ()
            return [
                DRP(c.EL_GEBIEDSMARKERING, *_fields(markering, c.GEBIEDSMARKERING_FIELDS))
                for markering in markeringen
            ] or None
    raise AssertionError(f"unknown field kind {wire.kind}")


def validate_request(body: bytes) -> None:
    """Check an outgoing envelope against our reconstruction; raise if it does not fit.

    Checks the envelope shape, the payload against the XSD, and that ``InhoudZip`` is a zip
    holding ``inhoud.xml``. The client calls this before sending: a message that fails here
    is a permanent error and never leaves.
    """
    try:
        root = parse_xml(body, max_bytes=c.MAX_REQUEST_BYTES)
    except XmlRejected as exc:
        raise ThreepasValidationError(str(exc)) from exc
    payload = _request_payload(root)
    _validate_payload(payload)
    if payload.tag == _d(c.OPERATION_PUBLISH):
        _read_inhoud_zip(payload)


def _request_payload(root: etree._Element) -> etree._Element:
    if root.tag != _s("Envelope"):
        raise ThreepasValidationError(f"root element is {root.tag}, not a SOAP 1.1 Envelope")
    children = [child for child in root if isinstance(child.tag, str)]
    names = [child.tag for child in children]
    if names not in ([_s("Body")], [_s("Header"), _s("Body")]):
        raise ThreepasValidationError("an Envelope holds an optional Header, then one Body")
    payloads = [child for child in children[-1] if isinstance(child.tag, str)]
    if len(payloads) != 1:
        raise ThreepasValidationError(f"the Body holds {len(payloads)} elements instead of 1")
    payload = payloads[0]
    if payload.tag not in {_d(operation) for operation in c.REQUEST_OPERATIONS}:
        raise ThreepasValidationError(f"{payload.tag} is not a 3PAS request")
    return payload


def _read_inhoud_zip(payload: etree._Element) -> bytes:
    """The decoded zip after checking it holds ``inhoud.xml``; returns the zip bytes."""
    encoded = payload.findtext(f"{_d(c.EL_DOSSIER)}/{_d('InhoudZip')}") or ""
    try:
        data = base64.b64decode(encoded, validate=False)
    except (binascii.Error, ValueError) as exc:
        raise ThreepasValidationError(f"InhoudZip is not base64: {exc}") from exc
    if len(data) > c.MAX_INHOUD_ZIP_BYTES:
        raise ThreepasValidationError(
            f"InhoudZip is {len(data)} bytes, more than {c.MAX_INHOUD_ZIP_BYTES}"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if c.INHOUD_MEMBER not in archive.namelist():
                raise ThreepasValidationError(f"InhoudZip holds no {c.INHOUD_MEMBER}")
    except zipfile.BadZipFile as exc:
        raise ThreepasValidationError(f"InhoudZip is not a zip file: {exc}") from exc
    return data


def redact(body: bytes) -> bytes:
    """The envelope with a WS-Security password replaced, for the message log."""
    if c.WSSE_NS.encode() not in body:
        return body
    root = etree.fromstring(body, _safe_parser())
    for password in root.iter(f"{{{c.WSSE_NS}}}Password"):
        password.text = REDACTED
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


@dataclass(frozen=True)
class RequestContent:
    """What a received request carries, in wire values (used by the simulator)."""

    operation: str
    metadata: dict[str, Any] = field(default_factory=dict)
    inhoud_zip: bytes = b""
    username: str = ""
    password: str = field(default="", repr=False)

    def inhoud_xml(self, *, max_bytes: int = c.MAX_REQUEST_BYTES) -> str:
        with zipfile.ZipFile(io.BytesIO(self.inhoud_zip)) as archive:
            # The declared size guards against a zip bomb; the read limit against a lying one.
            if archive.getinfo(c.INHOUD_MEMBER).file_size > max_bytes:
                raise ValueError(f"{c.INHOUD_MEMBER} is larger than {max_bytes} bytes")
            with archive.open(c.INHOUD_MEMBER) as member:
                data = member.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise ValueError(f"{c.INHOUD_MEMBER} is larger than {max_bytes} bytes")
        return data.decode("utf-8")


def read_request(body: bytes) -> RequestContent:
    """Read a request that passed :func:`validate_request`."""
    root = parse_xml(body, max_bytes=c.MAX_REQUEST_BYTES)
    payload = _request_payload(root)
    operation = etree.QName(payload).localname
    token = f"{_s('Header')}/{{{c.WSSE_NS}}}Security/{{{c.WSSE_NS}}}UsernameToken"
    username = root.findtext(f"{token}/{{{c.WSSE_NS}}}Username")
    password = root.findtext(f"{token}/{{{c.WSSE_NS}}}Password")
    if operation != c.OPERATION_PUBLISH:
        return RequestContent(operation=operation, username=username or "", password=password or "")
    dossier = payload.find(_d(c.EL_DOSSIER))
    metadata: dict[str, Any] = {}
    for wire in c.DOSSIER_FIELDS:
        element = dossier.find(_d(wire.element))
        if element is None or wire.kind == "base64":
            continue
        if wire.kind == "gebiedsmarkeringen":
            metadata[wire.element] = [
                {etree.QName(part).localname: part.text or "" for part in markering}
                for markering in element
            ]
        else:
            metadata[wire.element] = element.text or ""
    return RequestContent(
        operation=operation,
        metadata=metadata,
        inhoud_zip=_read_inhoud_zip(payload),
        username=username or "",
        password=password or "",
    )


# --- Answers -----------------------------------------------------------------------------


def build_response(dossiernummer: str) -> bytes:
    result = DRP(c.EL_PUBLISH_RESULT, DRP(c.EL_DOSSIERNUMMER, dossiernummer))
    return _envelope(DRP(c.EL_PUBLISH_RESPONSE, result), None)


def build_is_alive_response(alive: bool = True) -> bytes:
    answer = DRP(c.EL_IS_ALIVE_RESPONSE, DRP(c.EL_IS_ALIVE_RESULT, "true" if alive else "false"))
    return _envelope(answer, None)


def build_fault(code: str, message: str) -> bytes:
    """A SOAP 1.1 Fault as assumed in 3PAS-15: generic faultcode plus DROP's code in detail."""
    generic = "Server" if c.fault_outcome(code) == "transient" else "Client"
    fault = SOAP.Fault(
        etree.Element("faultcode"),
        etree.Element("faultstring"),
        etree.Element("detail"),
    )
    fault[0].text = f"s:{generic}"
    fault[1].text = message
    fault[2].append(
        DRP(c.EL_FAULT_DETAIL, DRP(c.EL_FAULT_CODE, code), DRP(c.EL_FAULT_MESSAGE, message))
    )
    return etree.tostring(SOAP.Envelope(SOAP.Body(fault)), xml_declaration=True, encoding="utf-8")


def parse_response(body: bytes, *, exchange: Exchange | None = None) -> str:
    """The dossiernummer from a ``VoegDossierToeEnPubliceer`` answer.

    Raises the fault's error (transient or permanent by :func:`contract.fault_outcome`) for a
    SOAP Fault, and :class:`ThreepasResponseError` for anything that is not a 3PAS answer.
    """
    answer = _answer_payload(body, exchange)
    number = answer.findtext(f"{_d(c.EL_PUBLISH_RESULT)}/{_d(c.EL_DOSSIERNUMMER)}")
    if answer.tag != _d(c.EL_PUBLISH_RESPONSE) or not (number or "").strip():
        raise ThreepasResponseError(
            f"SOAP answer {answer.tag} carries no {c.EL_DOSSIERNUMMER}",
            body=body,
            code="RESPONSE_INCOMPLETE",
            exchange=exchange,
        )
    number = number.strip()
    if len(number) > c.MAX_DOSSIERNUMMER_LENGTH or not re.fullmatch(
        c.DOSSIERNUMMER_PATTERN, number
    ):
        raise ThreepasResponseError(
            f"the {c.EL_DOSSIERNUMMER} in the answer is not one this application can record "
            f"(at most {c.MAX_DOSSIERNUMMER_LENGTH} letters, digits and - _ . /)",
            body=body,
            code="RESPONSE_DOSSIERNUMMER",
            exchange=exchange,
        )
    return number


def parse_is_alive_response(body: bytes, *, exchange: Exchange | None = None) -> bool:
    answer = _answer_payload(body, exchange)
    result = answer.findtext(_d(c.EL_IS_ALIVE_RESULT))
    if answer.tag != _d(c.EL_IS_ALIVE_RESPONSE) or result is None:
        raise ThreepasResponseError(
            f"SOAP answer {answer.tag} is not an {c.EL_IS_ALIVE_RESPONSE}",
            body=body,
            code="RESPONSE_INCOMPLETE",
            exchange=exchange,
        )
    return result.strip() in ("true", "1")


def read_fault(body: bytes, *, exchange: Exchange | None = None) -> ThreepasError | None:
    """The error a SOAP Fault in ``body`` stands for, or ``None`` if there is no Fault."""
    try:
        root = parse_xml(body)
    except XmlRejected:
        return None
    fault = root.find(f"{_s('Body')}/{_s('Fault')}")
    if root.tag != _s("Envelope") or fault is None:
        return None
    return _fault_error(fault, exchange)


def _answer_payload(body: bytes, exchange: Exchange | None) -> etree._Element:
    if _looks_like_html(body):
        raise ThreepasResponseError(
            "an HTML page came back instead of a SOAP answer",
            body=body,
            code="RESPONSE_HTML",
            exchange=exchange,
        )
    try:
        root = parse_xml(body)
    except XmlRejected as exc:
        raise ThreepasResponseError(
            str(exc), body=body, code=exc.reason, exchange=exchange
        ) from exc
    payload = None
    body_element = root.find(_s("Body")) if root.tag == _s("Envelope") else None
    if body_element is not None:
        payload = next((child for child in body_element if isinstance(child.tag, str)), None)
    if payload is None:
        raise ThreepasResponseError(
            f"XML answer with root {root.tag} is not a SOAP 1.1 answer",
            body=body,
            code="RESPONSE_NOT_SOAP",
            exchange=exchange,
        )
    if payload.tag == _s("Fault"):
        raise _fault_error(payload, exchange)
    return payload


def _fault_error(fault: etree._Element, exchange: Exchange | None) -> ThreepasError:
    faultcode = (fault.findtext("faultcode") or "").strip()
    faultstring = (fault.findtext("faultstring") or "").strip()
    detail = fault.find(f"detail/{_d(c.EL_FAULT_DETAIL)}")
    drop_code = drop_message = ""
    if detail is not None:
        drop_code = (detail.findtext(_d(c.EL_FAULT_CODE)) or "").strip()
        drop_message = (detail.findtext(_d(c.EL_FAULT_MESSAGE)) or "").strip()
    code = c.local_code(drop_code or faultcode) or "Fault"
    message = drop_message or faultstring or "SOAP Fault without a message"
    if code not in c.FAULT_CODES:
        message = f"unknown fault code {code}: {message}"
    error_class = {
        "transient": ThreepasTransientError,
        "permanent": ThreepasPermanentError,
    }.get(c.fault_outcome(code), ThreepasAmbiguousError)
    return error_class(message, code=code, exchange=exchange)


def _looks_like_html(body: bytes) -> bool:
    start = body.lstrip()[:256].lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<html" in start
