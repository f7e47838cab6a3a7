"""The text markup administrators write kennisgevingen in, and its op-xml output.

A template is a small subset of Markdown, parsed with markdown-it-py, plus placeholders
``{{ zaak.identificatie }}``. Mapping onto op-xml, the element family of officiële
publicaties:

=============================  ==========================================================
markup                         op-xml
=============================  ==========================================================
a line of text                 ``<al>``; every line of a paragraph is its own ``al``
an empty line                  ``<al/>``, the empty line published notices use
``**vet**``                    ``<nadruk type="vet">``
``*cursief*``                  ``<nadruk type="cur">`` (both: ``type="vetcur"``)
``++onderstreept++``           ``<nadruk type="ondlijn">``
``## Tussenkop``               ``<tussenkop>``
``- punt``                     ``<lijst type="ongemarkeerd"><li><al>``
``1. punt``                    ``<lijst type="expliciet"><li><li.nr>1.</li.nr><al>``
``[tekst](https://…)``         ``<extref doc="https://…" soort="URL">`` (also ``mailto:``)
=============================  ==========================================================

Two choices differ from plain Markdown, both because DROP has no line break element (it strips
``br``) and its wizard works this way: a single line break starts a new ``al``, and an empty
line in the template becomes an empty ``<al/>`` in the publication, which is how published
notices separate paragraphs (``gmb-2017-100002``). So a bold question with its answer on the
next line stays together, as "Ter inzage liggende stukken:" does in that notice, and a list
written directly under its introducing line follows it without a gap.

Placeholders are replaced *after* parsing, inside text only. A value from the ZGW APIs is
therefore always plain text: ``**x**``, ``[y](z)`` or ``{{ a }}`` in a zaak omschrijving is
published literally, and lxml escapes XML specials. Placeholders in link addresses are refused,
so data can never choose where a link points.

What op-xml cannot express is refused with a :class:`TemplateError` naming the line, rather
than silently dropped or published as Markdown symbols: images, code, HTML, tables, block
quotes, horizontal lines, strike-through, forced line breaks, headings other than ``##`` and
lists nested deeper than two levels. So is an emphasis marker that opens or closes nothing
(``**vet`` without its closing ``**``), which Markdown would publish as stray stars; an
asterisk meant as such is written ``\\*``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from urllib.parse import urlsplit

import mdurl
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.tree import SyntaxTreeNode

from .errors import TemplateError

__all__ = [
    "TemplateError",
    "blocks_to_text",
    "placeholders_in",
    "render_blocks",
    "render_text",
    "validate_template",
    "validate_title",
]

_PLACEHOLDER_RE = re.compile(r"\{\{(.*?)\}\}")
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\Z")
_STRAY_RE = re.compile(r"\{\{|\}\}|\{%|%\}")
# Placeholders travel through the parser as private-use characters around an index: they
# cannot be taken for markup, and a value is only put in once the structure is fixed.
_OPEN, _CLOSE = "\ue000", "\ue001"
_SENTINEL_RE = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
# Web and e-mail addresses written as plain text travel the same way, so that Markdown reads
# no emphasis in them: "https://www.gemeente.nl/_layouts/plan_2024_.pdf" stays as written.
# Addresses in a link's destination or between angle brackets are markdown-it's own.
_LITERAL_OPEN, _LITERAL_CLOSE = "\ue002", "\ue003"
_LITERAL_RE = re.compile(f"{_LITERAL_OPEN}(\\d+){_LITERAL_CLOSE}")
_BARE_ADDRESS_RE = re.compile(
    r"(\]\([^)]*\)|<[^<>\s]+>)"  # a link destination or an autolink: left to markdown-it
    r"|(?<![\w/:.@+-])((?:https?://|www\.)[^\s<>()\[\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?'\""
_HTML_TAG_RE = re.compile(r"<!--|<\?|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# Characters XML 1.0 does not allow; lxml would refuse the whole document for one of them.
_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LINK_SCHEMES = ("http", "https", "mailto")
# An emphasis marker markdown-it left as text because nothing matches it: "**vet" or
# "cursief*". A marker that touches no text ("2 * 3", "- _ -"), stands inside a word or number
# ("snake_case", "plan_2024_.pdf", "10*20", "C++", "++31") or inside a web or e-mail address is
# an ordinary character. Written with a backslash (\*) it is always one: markdown-it gives
# escaped characters a token of their own (text_special).
_UNMATCHED_MARKER_RE = re.compile(
    r"(?<=\S)\*+|\*+(?=\S)"
    r"|(?<![^\s(\[{\"'])_+(?=\w)|(?<=\w)_+(?=$|[\s)\]}\"',;:!?])"
    r"|(?<!\S)\+\+(?=[^\s\d+])"
)
_ADDRESS_RE = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+|\S+@\S+", re.IGNORECASE)
_STAR_IN_NUMBER_RE = re.compile(r"(?<=\d)\*+(?=\d)")
_MAX_LIST_DEPTH = 2


def clean_text(value: str) -> str:
    """Text as it may stand in a publication: one line, single spaces, XML-safe."""
    return " ".join(_XML_INVALID_RE.sub("", value or "").split())


def _underline(state: StateInline, silent: bool) -> bool:
    """``++text++`` as an underline span; the text may hold other inline markup."""
    start = state.pos
    src = state.src
    if src[start : start + 2] != "++":
        return False
    end = src.find("++", start + 2)
    if end <= start + 2 or end > state.posMax - 2:
        return False
    # Like emphasis, the markers must hug the text, so that "C++ en D++" stays text.
    if src[start + 2].isspace() or src[end - 1].isspace():
        return False
    if not silent:
        old_max = state.posMax
        state.pos = start + 2
        state.posMax = end
        state.push("underline_open", "u", 1).markup = "++"
        state.md.inline.tokenize(state)
        state.push("underline_close", "u", -1).markup = "++"
        state.posMax = old_max
    state.pos = end + 2
    return True


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    # Tables and strike-through are only recognised to refuse them with a clear message;
    # otherwise they would be published as rows of pipes and tildes.
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("emphasis", "underline", _underline)
    # markdown-it leaves a javascript:, vbscript:, file: or data: link unparsed, so it would be
    # published as literal brackets without a word to the administrator. Every link reaches
    # _Renderer.link instead, which refuses whatever is not http(s) or mailto by name.
    md.validateLink = lambda url: True
    # Keep escaped characters (\*) apart from the text around them, so that an unmatched
    # emphasis marker can be told from an intended asterisk (see _UNMATCHED_MARKER_RE).
    md.core.ruler.disable("text_join")
    return md


@dataclass
class _Prepared:
    text: str
    names: list[str] = field(default_factory=list)
    literals: list[str] = field(default_factory=list)
    errors: list[TemplateError] = field(default_factory=list)

    def restore_literals(self, text: str) -> str:
        return _LITERAL_RE.sub(lambda m: self.literals[int(m.group(1))], text)


def _normalise_newlines(source: str) -> str:
    return (source or "").replace("\r\n", "\n").replace("\r", "\n")


def _prepare(source: str, allowed: Iterable[str] | None) -> _Prepared:
    """Replace placeholders by sentinels, line by line, collecting placeholder errors."""
    allowed_names = None if allowed is None else set(allowed)
    prepared = _Prepared(text="")
    lines = []
    for number, line in enumerate(_normalise_newlines(source).split("\n"), start=1):
        for private in (_OPEN, _CLOSE, _LITERAL_OPEN, _LITERAL_CLOSE):
            line = line.replace(private, "")

        def substitute(match: re.Match, number: int = number) -> str:
            name = match.group(1).strip()
            if not _NAME_RE.match(name):
                prepared.errors.append(
                    TemplateError(
                        f"{match.group(0)!r} is not a placeholder",
                        kind="invalid-placeholder",
                        line=number,
                        placeholder=match.group(0),
                    )
                )
                return ""
            if allowed_names is not None and name not in allowed_names:
                prepared.errors.append(
                    TemplateError(
                        f"unknown placeholder {{{{ {name} }}}}",
                        kind="unknown-placeholder",
                        line=number,
                        placeholder=name,
                    )
                )
            prepared.names.append(name)
            return f"{_OPEN}{len(prepared.names) - 1}{_CLOSE}"

        line = _PLACEHOLDER_RE.sub(substitute, line)
        if _STRAY_RE.search(line):
            prepared.errors.append(
                TemplateError(
                    "'{{', '}}', '{%' or '%}' outside a placeholder",
                    kind="stray-braces",
                    line=number,
                )
            )
            line = _STRAY_RE.sub("", line)

        def protect(match: re.Match) -> str:
            if match.group(1):
                return match.group(1)
            address = match.group(2)
            trailing = len(address) - len(address.rstrip(_TRAILING_PUNCTUATION))
            address, rest = address[: len(address) - trailing], address[len(address) - trailing :]
            prepared.literals.append(address)
            return f"{_LITERAL_OPEN}{len(prepared.literals) - 1}{_LITERAL_CLOSE}{rest}"

        line = _BARE_ADDRESS_RE.sub(protect, line)
        lines.append(line)
    prepared.text = "\n".join(lines)
    return prepared


def placeholders_in(source: str) -> list[str]:
    """The placeholder names a template uses, in order of first use."""
    names = []
    for match in _PLACEHOLDER_RE.finditer(_normalise_newlines(source)):
        name = match.group(1).strip()
        if _NAME_RE.match(name) and name not in names:
            names.append(name)
    return names


@dataclass(frozen=True)
class _Segment:
    text: str
    styles: frozenset[str]
    href: str | None


_NADRUK_TYPES = {
    frozenset({"vet"}): "vet",
    frozenset({"cur"}): "cur",
    frozenset({"vet", "cur"}): "vetcur",
    frozenset({"ondlijn"}): "ondlijn",
}

_REFUSED_BLOCKS = {
    "blockquote": "blockquote",
    "code_block": "code",
    "fence": "code",
    "hr": "hr",
    "table": "table",
    "html_block": "html",
}

_REFUSED_INLINE = {
    "image": "image",
    "code_inline": "code",
    "s": "strikethrough",
    "html_inline": "html",
}


class _Renderer:
    """Walks the parsed template once, building op-xml and collecting every refusal."""

    def __init__(self, prepared: _Prepared, values: Mapping[str, str]):
        self.prepared = prepared
        self.values = values
        self.errors: list[TemplateError] = list(prepared.errors)

    def refuse(self, construct: str, line: int | None) -> None:
        self.errors.append(
            TemplateError(
                f"{construct} cannot be published",
                kind="unsupported",
                line=line,
                construct=construct,
            )
        )

    # Blocks

    def render(self) -> list[etree._Element]:
        tokens = _parser().parse(self.prepared.text)
        root = SyntaxTreeNode(tokens)
        source_lines = self.prepared.text.split("\n")
        output: list[etree._Element] = []
        for node in root.children:
            elements = self.block(node, depth=0)
            if not elements:
                continue
            start = node.map[0] if node.map else 0
            if output and start > 0 and not source_lines[start - 1].strip():
                output.append(etree.Element("al"))
            output.extend(elements)
        return output

    def block(self, node: SyntaxTreeNode, depth: int) -> list[etree._Element]:
        line = _line_of(node)
        if node.type == "paragraph":
            return self.lines(node.children[0], line) if node.children else []
        if node.type == "heading":
            return self.heading(node, line, depth)
        if node.type in ("bullet_list", "ordered_list"):
            lijst = self.lijst(node, depth + 1)
            return [lijst] if lijst is not None else []
        if node.type in _REFUSED_BLOCKS:
            self.refuse(_REFUSED_BLOCKS[node.type], line)
            return []
        self.refuse(node.type, line)
        return []

    def heading(self, node: SyntaxTreeNode, line: int, depth: int) -> list[etree._Element]:
        if depth:
            self.refuse("heading-in-list", line)
            return []
        if node.tag != "h2":
            self.refuse("heading-level", line)
            return []
        lines = self.segments(node.children[0], line)
        if len(lines) > 1:
            self.refuse("heading-lines", line)
        segments = [segment for part in lines for segment in part]
        if not _has_text(segments):
            return []
        tussenkop = etree.Element("tussenkop")
        _fill(tussenkop, segments)
        return [tussenkop]

    def lijst(self, node: SyntaxTreeNode, depth: int) -> etree._Element | None:
        if depth > _MAX_LIST_DEPTH:
            self.refuse("deep-list", _line_of(node))
            return None
        ordered = node.type == "ordered_list"
        lijst = etree.Element("lijst", type="expliciet" if ordered else "ongemarkeerd")
        start = int(node.attrs.get("start", 1)) if ordered else 1
        for offset, item in enumerate(node.children):
            li = etree.SubElement(lijst, "li")
            if ordered:
                etree.SubElement(li, "li.nr").text = f"{start + offset}."
            for child in item.children:
                li.extend(self.block(child, depth))
            if len(li) == (1 if ordered else 0):
                # An empty item ("- " alone) still needs content to be a valid li.
                etree.SubElement(li, "al")
        return lijst

    # Inline content

    def lines(self, inline: SyntaxTreeNode, line: int) -> list[etree._Element]:
        result = []
        for segments in self.segments(inline, line):
            if not _has_text(segments):
                continue
            al = etree.Element("al")
            _fill(al, segments)
            result.append(al)
        return result

    def segments(self, inline: SyntaxTreeNode, first_line: int) -> list[list[_Segment]]:
        """Inline content as lines (split at line breaks) of styled, linked text runs."""
        lines: list[list[_Segment]] = [[]]
        position = {"line": first_line}

        def walk(nodes, styles: frozenset[str], href: str | None) -> None:
            for node in nodes:
                kind = node.type
                if kind == "text":
                    self.unmatched_markers(node.content, position["line"])
                    lines[-1].extend(self.text(node.content, styles, href, position["line"]))
                elif kind == "text_special":
                    # An escaped character (\*) or an entity (&amp;): text, as written.
                    lines[-1].extend(self.text(node.content, styles, href, position["line"]))
                elif kind in ("softbreak", "hardbreak"):
                    if kind == "hardbreak":
                        self.refuse("hardbreak", position["line"])
                    lines.append([])
                    position["line"] += 1
                elif kind in ("strong", "em", "underline"):
                    style = {"strong": "vet", "em": "cur", "underline": "ondlijn"}[kind]
                    combined = styles | {style}
                    if combined not in _NADRUK_TYPES:
                        self.refuse("underline-combined", position["line"])
                        combined = styles
                    walk(node.children, combined, href)
                elif kind == "link":
                    walk(node.children, styles, self.link(node, position["line"]))
                elif kind in _REFUSED_INLINE:
                    self.refuse(_REFUSED_INLINE[kind], position["line"])
                else:
                    self.refuse(kind, position["line"])

        walk(inline.children, frozenset(), None)
        return lines

    def unmatched_markers(self, content: str, line: int) -> None:
        self.errors.extend(_unmatched_marker_errors(content, line))

    def link(self, node: SyntaxTreeNode, line: int) -> str | None:
        href = str(node.attrs.get("href", ""))
        decoded = mdurl.decode(self.prepared.restore_literals(href))
        if _OPEN in decoded or _CLOSE in decoded:
            self.refuse("link-placeholder", line)
            return None
        if urlsplit(href).scheme.lower() not in _LINK_SCHEMES:
            self.refuse("link-scheme", line)
            return None
        return clean_text(href)

    def text(self, content: str, styles, href, line: int) -> list[_Segment]:
        segments = []
        for index, part in enumerate(_SENTINEL_RE.split(self.prepared.restore_literals(content))):
            if index % 2:
                name = self.prepared.names[int(part)]
                value = clean_text(str(self.values.get(name) or ""))
                if value:
                    segments.append(_Segment(value, styles, href))
                continue
            if _HTML_TAG_RE.search(part):
                self.refuse("html", line)
            part = _XML_INVALID_RE.sub("", part)
            if part:
                segments.append(_Segment(part, styles, href))
        return segments


def _unmatched_marker_errors(content: str, line: int) -> list[TemplateError]:
    """The refusal of the first emphasis marker in a text token (as markdown-it left it) that
    opens or closes nothing, if any; see :data:`_UNMATCHED_MARKER_RE`."""
    text = _LITERAL_RE.sub("x", _SENTINEL_RE.sub("x", content))
    text = _STAR_IN_NUMBER_RE.sub("x", _ADDRESS_RE.sub(" ", text))
    match = _UNMATCHED_MARKER_RE.search(text)
    if not match:
        return []
    marker = match.group(0)
    return [
        TemplateError(
            f"{marker!r} opens or closes nothing",
            kind="unmatched-marker",
            line=line,
            construct=marker,
        )
    ]


def _line_of(node: SyntaxTreeNode) -> int | None:
    return node.map[0] + 1 if node.map else None


def _has_text(segments: list[_Segment]) -> bool:
    return any(segment.text.strip() for segment in segments)


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _fill(parent: etree._Element, segments: list[_Segment]) -> None:
    """Put text runs in ``parent``: links as ``extref`` holding ``nadruk``, never the reverse.

    One fixed nesting keeps the schema simple and the output predictable, whatever order the
    markup was written in.
    """
    segments = _strip_edges(segments)
    for href, linked in groupby(segments, key=lambda s: s.href):
        linked = list(linked)
        container = parent
        if href is not None:
            container = etree.SubElement(parent, "extref", doc=href, soort="URL")
            if not "".join(s.text for s in linked).strip():
                container.text = href.removeprefix("mailto:")
                continue
        for styles, runs in groupby(linked, key=lambda s: s.styles):
            text = "".join(run.text for run in runs)
            if not text:
                continue
            if styles:
                etree.SubElement(container, "nadruk", type=_NADRUK_TYPES[styles]).text = text
            else:
                _append_text(container, text)


def _strip_edges(segments: list[_Segment]) -> list[_Segment]:
    # A line that starts or ends with an empty placeholder value would keep a stray space.
    segments = [s for s in segments if s.text]
    if segments:
        first = segments[0]
        segments[0] = _Segment(first.text.lstrip(), first.styles, first.href)
        last = segments[-1]
        segments[-1] = _Segment(last.text.rstrip(), last.styles, last.href)
    return [s for s in segments if s.text]


def _raise_first(errors: list[TemplateError]) -> None:
    if errors:
        raise errors[0]


def render_blocks(source: str, context: Mapping[str, str]) -> list[etree._Element]:
    """Render a body template into op-xml block elements (``al``, ``lijst``, ``tussenkop``).

    Every placeholder must be a key of ``context``; its value is inserted as plain text.
    Raises the first :class:`TemplateError` found (:func:`validate_template` returns all).
    """
    prepared = _prepare(source, context.keys())
    renderer = _Renderer(prepared, context)
    blocks = renderer.render()
    _raise_first(renderer.errors)
    if not blocks:
        raise TemplateError("the text is empty", kind="empty")
    return blocks


def validate_template(source: str, allowed_names: Iterable[str]) -> list[TemplateError]:
    """Every problem of a body template, for checking it when it is saved."""
    allowed = list(allowed_names)
    prepared = _prepare(source, allowed)
    renderer = _Renderer(prepared, {name: "x" for name in allowed})
    blocks = renderer.render()
    errors = renderer.errors
    if not blocks and not errors:
        errors.append(TemplateError("the text is empty", kind="empty"))
    return sorted(errors, key=lambda e: e.line or 0)


def _title_errors(source: str, allowed: Iterable[str] | None) -> tuple[_Prepared, list, str]:
    stripped = _normalise_newlines(source).strip()
    prepared = _prepare(stripped, allowed)
    errors = list(prepared.errors)
    if "\n" in stripped:
        errors.append(TemplateError("a title is one line", kind="multi-line-title", line=1))
    pieces = []
    for token in _parser().parseInline(prepared.text)[0].children or []:
        if token.type == "text":
            if _HTML_TAG_RE.search(_SENTINEL_RE.sub("", token.content)):
                errors.append(
                    TemplateError(
                        "html cannot be published", kind="unsupported", line=1, construct="html"
                    )
                )
            errors.extend(_unmatched_marker_errors(token.content, 1))
            pieces.append(token.content)
        elif token.type == "text_special":
            pieces.append(token.content)
        elif token.type == "softbreak":
            pieces.append(" ")
        elif token.type.endswith("_close"):
            continue
        else:
            errors.append(
                TemplateError(
                    "markup in a title",
                    kind="unsupported",
                    line=1,
                    construct="markup-in-title",
                )
            )
    return prepared, errors, prepared.restore_literals("".join(pieces))


def render_text(source: str, context: Mapping[str, str]) -> str:
    """Render a one-line template (a title): placeholders only, markup is refused."""
    prepared, errors, text = _title_errors(source, context.keys())
    _raise_first(errors)
    rendered = _SENTINEL_RE.sub(
        lambda m: clean_text(str(context.get(prepared.names[int(m.group(1))]) or "")), text
    )
    rendered = clean_text(rendered)
    if not rendered:
        raise TemplateError("the title is empty", kind="empty")
    return rendered


def validate_title(source: str, allowed_names: Iterable[str]) -> list[TemplateError]:
    """Every problem of a title template, for checking it when it is saved."""
    _prepared, errors, text = _title_errors(source, list(allowed_names))
    if not errors and not clean_text(_SENTINEL_RE.sub("x", text)):
        errors.append(TemplateError("the title is empty", kind="empty"))
    return errors


def _element_lines(element: etree._Element, indent: str = "") -> list[str]:
    tag = element.tag
    if tag in ("al", "tussenkop"):
        return [indent + " ".join("".join(element.itertext()).split())]
    if tag == "al-groep":
        return [line for child in element for line in _element_lines(child, indent)]
    if tag == "lijst":
        lines = []
        for li in element.iterfind("li"):
            nr = li.findtext("li.nr")
            marker = f"{nr} " if nr else "- "
            first = True
            for child in li:
                if child.tag == "li.nr":
                    continue
                child_indent = indent + " " * len(marker)
                child_lines = _element_lines(child, child_indent)
                if first and child_lines and child.tag != "lijst":
                    child_lines[0] = indent + marker + child_lines[0][len(child_indent) :]
                    first = False
                lines.extend(child_lines)
        return lines
    return [indent + " ".join("".join(element.itertext()).split())]


def blocks_to_text(blocks: Iterable[etree._Element]) -> str:
    """Plain text of op-xml blocks: one line per ``al``, an empty ``al`` as an empty line."""
    lines = []
    for block in blocks:
        lines.extend(_element_lines(block))
    return "\n".join(lines).strip("\n")
