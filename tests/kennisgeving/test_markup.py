import pytest
from lxml import etree

from zgw_threepas.kennisgeving.errors import TemplateError
from zgw_threepas.kennisgeving.markup import (
    blocks_to_text,
    placeholders_in,
    render_blocks,
    render_text,
    validate_template,
    validate_title,
)


def xml(source: str, context: dict | None = None) -> str:
    return "".join(
        etree.tostring(block, encoding="unicode") for block in render_blocks(source, context or {})
    )


# Mapping, element by element


def test_a_line_of_text_is_an_al():
    assert xml("Een regel tekst.") == "<al>Een regel tekst.</al>"


def test_every_line_of_a_paragraph_is_its_own_al():
    assert xml("Eerste regel\ntweede regel") == "<al>Eerste regel</al><al>tweede regel</al>"


def test_an_empty_line_becomes_an_empty_al_as_in_published_notices():
    assert xml("Een.\n\nTwee.") == "<al>Een.</al><al/><al>Twee.</al>"
    assert xml("Een.\n\n\n\nTwee.") == "<al>Een.</al><al/><al>Twee.</al>"


def test_bold_italic_and_both():
    assert xml("**vet** *cursief* ***beide***") == (
        '<al><nadruk type="vet">vet</nadruk> <nadruk type="cur">cursief</nadruk> '
        '<nadruk type="vetcur">beide</nadruk></al>'
    )


def test_underline():
    assert xml("Let op: ++onderstreept++.") == (
        '<al>Let op: <nadruk type="ondlijn">onderstreept</nadruk>.</al>'
    )


def test_plus_signs_that_do_not_hug_text_stay_text():
    assert xml("C++ en D++ zijn talen; 1 ++ 2") == "<al>C++ en D++ zijn talen; 1 ++ 2</al>"


def test_a_heading_is_a_tussenkop_directly_above_its_text():
    assert xml("## Inzage\nDe stukken liggen ter inzage.") == (
        "<tussenkop>Inzage</tussenkop><al>De stukken liggen ter inzage.</al>"
    )
    assert xml("Intro.\n\n## Inzage\n\nTekst.") == (
        "<al>Intro.</al><al/><tussenkop>Inzage</tussenkop><al/><al>Tekst.</al>"
    )


def test_a_bullet_list_is_an_unmarked_lijst():
    assert xml("- een\n- twee") == (
        '<lijst type="ongemarkeerd"><li><al>een</al></li><li><al>twee</al></li></lijst>'
    )


def test_an_ordered_list_is_an_explicit_lijst_with_numbers():
    assert xml("1. een\n2. twee") == (
        '<lijst type="expliciet"><li><li.nr>1.</li.nr><al>een</al></li>'
        "<li><li.nr>2.</li.nr><al>twee</al></li></lijst>"
    )


def test_an_ordered_list_keeps_its_start_number():
    assert "<li.nr>3.</li.nr>" in xml("3. drie\n4. vier")


def test_a_list_directly_under_its_introduction_follows_without_an_empty_line():
    assert xml("Zet daarin:\n- uw naam") == (
        '<al>Zet daarin:</al><lijst type="ongemarkeerd"><li><al>uw naam</al></li></lijst>'
    )


def test_a_list_may_hold_one_nested_list():
    assert xml("- a\n  1. b") == (
        '<lijst type="ongemarkeerd"><li><al>a</al><lijst type="expliciet">'
        "<li><li.nr>1.</li.nr><al>b</al></li></lijst></li></lijst>"
    )


def test_a_loose_list_item_with_two_paragraphs_has_two_al():
    assert xml("- eerste\n\n  vervolg\n- tweede") == (
        '<lijst type="ongemarkeerd"><li><al>eerste</al><al>vervolg</al></li>'
        "<li><al>tweede</al></li></lijst>"
    )


def test_links_become_extref_with_their_address():
    assert xml("Zie [de website](https://www.amsterdam.nl/bekendmakingen).") == (
        '<al>Zie <extref doc="https://www.amsterdam.nl/bekendmakingen" soort="URL">'
        "de website</extref>.</al>"
    )
    assert xml("Mail <info@amsterdam.nl>") == (
        '<al>Mail <extref doc="mailto:info@amsterdam.nl" soort="URL">info@amsterdam.nl</extref>'
        "</al>"
    )
    assert xml("[mail ons](mailto:info@amsterdam.nl)") == (
        '<al><extref doc="mailto:info@amsterdam.nl" soort="URL">mail ons</extref></al>'
    )


def test_emphasis_inside_and_around_a_link_nests_as_extref_holding_nadruk():
    expected = (
        '<al><extref doc="https://example.nl" soort="URL"><nadruk type="vet">link</nadruk>'
        "</extref></al>"
    )
    assert xml("[**link**](https://example.nl)") == expected
    assert xml("**[link](https://example.nl)**") == expected


def test_entities_and_escapes_give_the_characters_they_stand_for():
    assert xml(r"5 \* 3 &amp; A&B") == "<al>5 * 3 &amp; A&amp;B</al>"


# Placeholders and data


def test_placeholders_are_filled_in_text_headings_lists_and_link_text():
    context = {"zaak.identificatie": "ZAAK-1", "adres": "Dam 1"}
    source = (
        "## Zaak {{ zaak.identificatie }}\n"
        "Locatie: **{{adres}}**\n"
        "- {{ zaak.identificatie }}\n\n"
        "[{{ adres }}](https://example.nl)"
    )
    assert xml(source, context) == (
        "<tussenkop>Zaak ZAAK-1</tussenkop>"
        '<al>Locatie: <nadruk type="vet">Dam 1</nadruk></al>'
        '<lijst type="ongemarkeerd"><li><al>ZAAK-1</al></li></lijst><al/>'
        '<al><extref doc="https://example.nl" soort="URL">Dam 1</extref></al>'
    )


@pytest.mark.parametrize(
    "value",
    [
        "**x** [y](z) {{ a }}",
        "<b>vet</b> <script>alert(1)</script>",
        "A & B < C > D \" ' ]]> <![CDATA[x]]>",
        "## geen kop",
        "- geen lijst",
        "![plaatje](https://example.nl/x.png)",
        "`code` ~~doorgehaald~~ ++onder++",
        "&amp; &lt; \\*",
    ],
)
def test_data_is_published_literally_never_as_markup_or_template_code(value):
    blocks = render_blocks("Omschrijving: {{ zaak.omschrijving }}", {"zaak.omschrijving": value})
    assert len(blocks) == 1
    al = blocks[0]
    assert al.tag == "al" and len(al) == 0
    assert al.text == f"Omschrijving: {value}"
    # And it survives serialisation and parsing unchanged.
    parsed = etree.fromstring(etree.tostring(al))
    assert parsed.text == f"Omschrijving: {value}"


def test_data_on_more_lines_stays_on_one_line_without_control_characters():
    blocks = render_blocks("{{ t }}", {"t": "eerste\nregel\r\n\ttwee\x00\x0b drie"})
    assert [b.text for b in blocks] == ["eerste regel twee drie"]


def test_a_title_with_data_is_literal_too():
    value = "**x** [y](z) {{ a }} <b>"
    assert render_text("Aanvraag: {{ o }}", {"o": value}) == f"Aanvraag: {value}"


def test_a_line_that_only_holds_an_empty_value_disappears():
    assert xml("Een.\n{{ leeg }}\nTwee.", {"leeg": ""}) == "<al>Een.</al><al>Twee.</al>"


def test_placeholders_in_lists_the_names_used_in_order():
    source = "{{ b }} {{a}} {{ b }}\n{{ zaak.identificatie }} {{ x|y }}"
    assert placeholders_in(source) == ["b", "a", "zaak.identificatie"]


# Refusals


def test_an_unknown_placeholder_names_itself_and_its_line():
    with pytest.raises(TemplateError) as excinfo:
        render_blocks("Regel een\n\nZaak {{ zaak.nummer }}", {"zaak.identificatie": "Z"})
    error = excinfo.value
    assert (error.kind, error.placeholder, error.line) == ("unknown-placeholder", "zaak.nummer", 3)
    assert "zaak.nummer" in str(error) and "line 3" in str(error)


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("{{ zaak.omschrijving|upper }}", "invalid-placeholder"),
        ("{{ zaak.omschrijving() }}", "invalid-placeholder"),
        ("{{ }}", "invalid-placeholder"),
        ("{% if zaak %}ja{% endif %}", "stray-braces"),
        ("{{ zaak.omschrijving", "stray-braces"),
        ("open }}", "stray-braces"),
    ],
)
def test_template_code_is_not_a_placeholder(source, kind):
    errors = validate_template(f"Eerst\n{source}", ["zaak.omschrijving"])
    assert [(e.kind, e.line) for e in errors] == [(kind, 2)]


@pytest.mark.parametrize(
    ("source", "construct", "line"),
    [
        ("Tekst\n\n![kaart](https://example.nl/kaart.png)", "image", 3),
        ("Tekst\n\n```\ncode\n```", "code", 3),
        ("Tekst\n\n    ingesprongen code", "code", 3),
        ("Tekst met `code`", "code", 1),
        ("Tekst\n\n<div>html</div>", "html", 3),
        ("Tekst met <b>html</b>", "html", 1),
        ("Tekst\n\n| a | b |\n|---|---|\n| 1 | 2 |", "table", 3),
        ("Tekst\n\n> citaat", "blockquote", 3),
        ("Tekst\n\n---\n\nmeer", "hr", 3),
        ("Tekst ~~weg~~", "strikethrough", 1),
        ("Eerste regel  \ntweede", "hardbreak", 1),
        ("Een\ntwee\\\ndrie", "hardbreak", 2),
        ("# Titel", "heading-level", 1),
        ("Tekst\n\n### Kop", "heading-level", 3),
        ("- a\n  - b\n    - c", "deep-list", 3),
        ("- a\n\n  ## kop", "heading-in-list", 3),
        ("[relatief](/pagina)", "link-scheme", 1),
        ("[ftp](ftp://example.nl/x)", "link-scheme", 1),
        ("Zie\n[zaak](https://example.nl/{{ zaak.identificatie }})", "link-placeholder", 2),
        ("++**onder en vet**++", "underline-combined", 1),
        ("Kop over\ntwee regels\n---", "heading-lines", 1),
    ],
)
def test_what_op_xml_cannot_show_is_refused_with_its_line(source, construct, line):
    errors = validate_template(source, ["zaak.identificatie"])
    assert [(e.kind, e.construct, e.line) for e in errors] == [("unsupported", construct, line)]
    with pytest.raises(TemplateError):
        render_blocks(source, {"zaak.identificatie": "Z"})


@pytest.mark.parametrize(
    ("source", "marker", "line"),
    [
        ("**Let op: de stukken liggen ter inzage", "**", 1),
        ("Tekst\n\nDe aanvraag is *ingediend", "*", 3),
        ("*cursief **vet** en verder", "*", 1),
        ("- punt met vet**", "**", 1),
        ("++onderstreept zonder einde", "++", 1),
        ("_cursief zonder einde", "_", 1),
        ("Zaak {{ zaak.identificatie }}*", "*", 1),
    ],
)
def test_a_marker_that_opens_or_closes_nothing_is_refused_with_its_line(source, marker, line):
    errors = validate_template(source, ["zaak.identificatie"])

    assert [(e.kind, e.construct, e.line) for e in errors] == [("unmatched-marker", marker, line)]
    assert f"Line {line} has {marker} that opens or closes nothing" in errors[0].user_message()
    with pytest.raises(TemplateError):
        render_blocks(source, {"zaak.identificatie": "Z"})


@pytest.mark.parametrize(
    ("source", "published"),
    [
        ("2 * 3 = 6", "<al>2 * 3 = 6</al>"),
        ("Prijs\\* en \\*\\*", "<al>Prijs* en **</al>"),
        ("Code_ruimte en C++ en D++", "<al>Code_ruimte en C++ en D++</al>"),
        ("Tom &amp; Jerry *", "<al>Tom &amp; Jerry *</al>"),
        (
            "***a*** en ++b++",
            '<al><nadruk type="vetcur">a</nadruk> en <nadruk type="ondlijn">b</nadruk></al>',
        ),
    ],
)
def test_an_asterisk_that_touches_no_text_or_is_escaped_is_published_as_itself(source, published):
    assert validate_template(source, []) == []
    assert xml(source) == published


@pytest.mark.parametrize(
    "source",
    [
        "Zie https://www.gemeente.nl/_layouts/15/plan.aspx voor de stukken.",
        "Zie <https://www.gemeente.nl/_layouts/15/plan.aspx> voor de stukken.",
        "Mail naar j_de_vries@gemeente.nl of <j_de_vries@gemeente.nl>.",
        "De tekening staat in bestand plan_2024_.pdf.",
        "Een bouwvlak van 10*20 meter.",
        "Bel ++31 14 020.",
    ],
)
def test_markers_in_addresses_file_names_and_numbers_are_ordinary_characters(source):
    assert validate_template(source, []) == []
    render_blocks(source, {})


@pytest.mark.parametrize(
    ("source", "published"),
    [
        (
            "Lees https://www.gemeente.nl/_layouts/15/plan.aspx of plan_2024_.pdf.",
            "<al>Lees https://www.gemeente.nl/_layouts/15/plan.aspx of plan_2024_.pdf.</al>",
        ),
        (
            "Zie www.x.nl/*nieuw* en https://x.nl/**a**.",
            "<al>Zie www.x.nl/*nieuw* en https://x.nl/**a**.</al>",
        ),
        ("Mail j_de_vries@gemeente.nl.", "<al>Mail j_de_vries@gemeente.nl.</al>"),
        (
            "**Vet** en https://x.nl/a_b_c, *cursief*",
            '<al><nadruk type="vet">Vet</nadruk> en https://x.nl/a_b_c, '
            '<nadruk type="cur">cursief</nadruk></al>',
        ),
        (
            "[https://x.nl/_a_b](https://x.nl/_a_b)",
            '<al><extref doc="https://x.nl/_a_b" soort="URL">https://x.nl/_a_b</extref></al>',
        ),
    ],
)
def test_an_address_in_the_text_is_published_as_written_not_read_as_markup(source, published):
    assert validate_template(source, []) == []
    assert xml(source) == published


def test_a_title_refuses_a_marker_that_opens_or_closes_nothing_but_keeps_addresses():
    assert [e.kind for e in validate_title("**Besluit {{ o }}", ["o"])] == ["unmatched-marker"]
    assert validate_title("Plan https://www.gemeente.nl/_layouts/plan_2024_.pdf", []) == []
    assert render_text("Plan https://www.gemeente.nl/_layouts/plan_2024_.pdf", {}) == (
        "Plan https://www.gemeente.nl/_layouts/plan_2024_.pdf"
    )


def test_an_escaped_character_in_a_title_is_text():
    assert render_text("Kavel 3\\* en 4", {}) == "Kavel 3* en 4"


def test_validate_template_reports_every_problem_in_line_order():
    source = "{{ onbekend }}\n\n![x](y.png)\n\n> quote\n\n{{ ook.onbekend }}"
    errors = validate_template(source, [])
    assert [(e.line, e.kind) for e in errors] == [
        (1, "unknown-placeholder"),
        (3, "unsupported"),
        (5, "unsupported"),
        (7, "unknown-placeholder"),
    ]


def test_a_valid_template_has_no_problems():
    assert validate_template("**Vraag?**\nAntwoord {{ a }}.\n\n- punt", ["a"]) == []


def test_an_empty_template_is_refused():
    assert [e.kind for e in validate_template("  \n\n", [])] == ["empty"]
    with pytest.raises(TemplateError):
        render_blocks("", {})


# Titles


def test_a_title_is_plain_text_with_placeholders():
    assert render_text(" Aanvraag: {{ o }}, {{ a }} ", {"o": "Dakkapel", "a": "Dam 1"}) == (
        "Aanvraag: Dakkapel, Dam 1"
    )


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("**Vet** titel", "unsupported"),
        ("Titel met [link](https://example.nl)", "unsupported"),
        ("Titel met <i>html</i>", "unsupported"),
        ("Twee\nregels", "multi-line-title"),
        ("{{ onbekend }}", "unknown-placeholder"),
        ("", "empty"),
    ],
)
def test_a_title_refuses_markup_and_lines(source, kind):
    assert kind in [e.kind for e in validate_title(source, ["o"])]


def test_title_characters_that_look_like_block_markup_are_kept():
    assert render_text("1. Aanvraag # 12 - kappen", {}) == "1. Aanvraag # 12 - kappen"


def test_a_title_that_renders_empty_is_refused():
    with pytest.raises(TemplateError) as excinfo:
        render_text("{{ o }}", {"o": ""})
    assert excinfo.value.kind == "empty"


# Plain text


def test_blocks_as_plain_text_keep_lines_empty_lines_and_list_markers():
    source = "**Vraag?**\nAntwoord.\n\n- een\n- twee\n  1. sub\n\n## Kop\n3. drie"
    assert blocks_to_text(render_blocks(source, {})) == (
        "Vraag?\nAntwoord.\n\n- een\n- twee\n  1. sub\n\nKop\n3. drie"
    )
