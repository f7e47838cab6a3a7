import io
import zipfile

import pytest
from lxml import etree

from zgw_threepas.kennisgeving.errors import InhoudInvalidError
from zgw_threepas.kennisgeving.inhoud import (
    build_inhoud_xml,
    inhoud_titel,
    inhoud_to_html,
    inhoud_to_text,
    unzip_inhoud,
    validate_inhoud,
    zip_inhoud,
)
from zgw_threepas.kennisgeving.markup import render_blocks

SOURCE = """\
**Wat is er aangevraagd?**
Een dakkapel op *Dam 1*, ++let op++.

## Inzage
Zie [de website](https://www.amsterdam.nl) of mail <info@amsterdam.nl>.

- een
- twee
  1. sub
"""


def document(titel="Aanvraag ontvangen: dakkapel, Dam 1 in Amsterdam", source=SOURCE) -> bytes:
    return build_inhoud_xml(titel, render_blocks(source, {}))


def test_inhoud_xml_has_the_content_only_structure_of_a_zakelijke_mededeling():
    content = document()
    assert content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(content)
    assert root.tag == "aanlevering"
    assert root.nsmap == {}
    assert [child.tag for child in root] == ["zakelijke-mededeling"]
    mededeling = root[0]
    assert [child.tag for child in mededeling] == ["kop", "zakelijke-mededeling-tekst"]
    assert mededeling.findtext("kop/titel") == "Aanvraag ontvangen: dakkapel, Dam 1 in Amsterdam"
    inhoud = mededeling.find("zakelijke-mededeling-tekst/inhoud")
    assert [child.tag for child in inhoud] == [
        "al",
        "al",
        "al",
        "tussenkop",
        "al",
        "al",
        "lijst",
    ]


def test_every_element_the_markup_produces_is_valid_against_the_xsd():
    validate_inhoud(document())


def test_building_does_not_move_the_callers_blocks():
    blocks = render_blocks("Een.\n\nTwee.", {})
    build_inhoud_xml("Titel", blocks)
    assert [b.getparent() for b in blocks] == [None, None, None]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (
            b"<aanlevering><zakelijke-mededeling><kop><titel>T</titel></kop>"
            b"<zakelijke-mededeling-tekst><inhoud><al>x<br/>y</al></inhoud>"
            b"</zakelijke-mededeling-tekst></zakelijke-mededeling></aanlevering>",
            "br",
        ),
        (
            b"<aanlevering><zakelijke-mededeling><kop><titel>T</titel></kop>"
            b"<zakelijke-mededeling-tekst><inhoud><al><nadruk type='groot'>x</nadruk></al>"
            b"</inhoud></zakelijke-mededeling-tekst></zakelijke-mededeling></aanlevering>",
            "groot",
        ),
        (
            b"<aanlevering><zakelijke-mededeling><kop><titel>T</titel></kop>"
            b"<zakelijke-mededeling-tekst><inhoud><al><extref doc='javascript:x'>x</extref>"
            b"</al></inhoud></zakelijke-mededeling-tekst></zakelijke-mededeling></aanlevering>",
            "javascript",
        ),
        (
            b"<aanlevering><zakelijke-mededeling><kop><titel>T</titel></kop>"
            b"<zakelijke-mededeling-tekst><inhoud/></zakelijke-mededeling-tekst>"
            b"</zakelijke-mededeling></aanlevering>",
            "inhoud",
        ),
        (b"<aanlevering><zakelijke-mededeling>", "line 1"),
    ],
)
def test_violations_are_listed_in_a_typed_error(content, fragment):
    with pytest.raises(InhoudInvalidError) as excinfo:
        validate_inhoud(content)
    assert any(fragment in violation for violation in excinfo.value.violations)


@pytest.mark.parametrize("titel", ["", "  ", "Twee\nregels", " spatie vooraan"])
def test_a_title_must_be_one_non_empty_line(titel):
    with pytest.raises(InhoudInvalidError):
        validate_inhoud(document(titel=titel))


def test_entities_are_never_expanded_when_checking():
    content = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<aanlevering><zakelijke-mededeling><kop><titel>&x;</titel></kop>"
        b"<zakelijke-mededeling-tekst><inhoud><al>a</al></inhoud></zakelijke-mededeling-tekst>"
        b"</zakelijke-mededeling></aanlevering>"
    )
    with pytest.raises(InhoudInvalidError) as excinfo:
        validate_inhoud(content)
    assert "DOCTYPE" in excinfo.value.violations[0]


def test_the_zip_holds_only_inhoud_xml():
    content = document()
    archive = zip_inhoud(content)
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        assert zipped.namelist() == ["inhoud.xml"]
        assert zipped.testzip() is None
    assert unzip_inhoud(archive) == content


def test_the_same_content_always_gives_the_same_zip_bytes(monkeypatch):
    content = document()
    first = zip_inhoud(content)
    import time

    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    monkeypatch.setattr(time, "localtime", lambda *a: time.gmtime(2_000_000_000))
    assert zip_inhoud(content) == first
    assert zip_inhoud(document(titel="Andere titel")) != first


def test_plain_text_and_title_can_be_read_back():
    content = document()
    assert inhoud_titel(content) == "Aanvraag ontvangen: dakkapel, Dam 1 in Amsterdam"
    assert inhoud_to_text(content).splitlines()[:3] == [
        "Wat is er aangevraagd?",
        "Een dakkapel op Dam 1, let op.",
        "",
    ]


def test_the_html_preview_maps_op_xml_and_escapes_everything():
    html = inhoud_to_html(document())
    assert "<strong>Wat is er aangevraagd?</strong>" in html
    assert "<em>Dam 1</em>" in html
    assert "<u>let op</u>" in html
    assert "<h3>Inzage</h3>" in html
    assert '<a href="https://www.amsterdam.nl" rel="nofollow noopener">de website</a>' in html
    assert '<ul class="lijst-ongemarkeerd">' in html
    assert '<span class="li-nr">1.</span>' in html


def test_the_html_preview_never_passes_markup_or_dangerous_links_through():
    hostile = (
        b"<aanlevering><zakelijke-mededeling><kop><titel>&lt;script&gt;alert(1)&lt;/script&gt;"
        b"</titel></kop><zakelijke-mededeling-tekst><inhoud>"
        b'<al>&lt;img src=x onerror=alert(1)&gt; &amp; "q"</al>'
        b'<al><extref doc="javascript:alert(1)">klik</extref></al>'
        b'<al><extref doc="https://x.nl/&quot;onmouseover=&quot;alert(1)">x</extref></al>'
        b"<onbekend><b>vet?</b></onbekend>"
        b"</inhoud></zakelijke-mededeling-tekst></zakelijke-mededeling></aanlevering>"
    )
    html = inhoud_to_html(hostile)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:" not in html
    assert '"onmouseover' not in html
    assert "&quot;onmouseover=&quot;" in html
    assert "vet?" in html
