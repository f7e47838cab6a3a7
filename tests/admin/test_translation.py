"""The Dutch translation is complete, compiled, and what a Dutch administrator sees.

The compiled ``django.mo`` is shipped in the package; these tests fail when it no longer
matches ``django.po``, when a string in the code or an admin template is missing from the
``.po`` or left untranslated, and when an entry is fuzzy. ``make messages`` brings both files
up to date after new strings are translated.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

from django.urls import reverse
from django.utils.translation.template import templatize

import pytest

from tests.admin.test_rule_admin import ADD, PREVIEW, fill
from zgw_threepas.models import PublicatieRegel

PACKAGE = Path(__file__).resolve().parents[2] / "zgw_threepas"
LC_MESSAGES = PACKAGE / "locale" / "nl" / "LC_MESSAGES"
TEMPLATES = PACKAGE / "templates"

#: The names under which the package calls gettext (see the imports in zgw_threepas).
GETTEXT_NAMES = {"_", "_gettext", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}
NGETTEXT_NAMES = {"ngettext", "ngettext_lazy"}


# A minimal .po reader: enough for the files makemessages writes ------------------------------


def _unquote(literal: str) -> str:
    return ast.literal_eval(literal)


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file as dicts: msgid, msgid_plural, msgstr (a list), flags."""
    entries: list[dict] = []
    entry: dict = {}
    field = None

    def flush():
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            flush()
            field = None
        elif line.startswith("#,"):
            flush() if "msgid" in entry else None
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field[0]] += _unquote(line)
        else:
            keyword, literal = line.split(" ", 1)
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                entry.setdefault("msgstr", {})[index] = _unquote(literal)
                field = ("msgstr", index)
            else:
                entry[keyword] = _unquote(literal)
                field = (keyword, None)
    flush()
    for e in entries:
        e.setdefault("flags", set())
        e["msgstr"] = [e["msgstr"][i] for i in sorted(e["msgstr"])]
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[dict]:
    return read_po(LC_MESSAGES / "django.po")


@pytest.fixture(scope="module")
def msgids(po_entries) -> set[str]:
    return {e["msgid"] for e in po_entries if e["msgid"]}


# The strings the code and templates ask to translate ---------------------------------------


def strings_in_python() -> set[tuple[str, str]]:
    """(file, msgid) for every gettext call with a literal message in the package."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            name = node.func.id
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if name in GETTEXT_NAMES and args and isinstance(args[-1], str):
                found.add((str(path.relative_to(PACKAGE)), args[-1 if "pgettext" in name else 0]))
            elif name in NGETTEXT_NAMES and args and isinstance(args[0], str):
                found.add((str(path.relative_to(PACKAGE)), args[0]))
    return found


_TEMPLATIZED_CALL = re.compile(r"\b(n?gettext)\((u'(?:[^'\\]|\\.)*'(?:, u'(?:[^'\\]|\\.)*')?)")


def strings_in_templates() -> set[tuple[str, str]]:
    """(file, msgid) for every {% translate %} and {% blocktranslate %} in the templates, as
    makemessages extracts them."""
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for match in _TEMPLATIZED_CALL.finditer(text):
            first = ast.literal_eval(f"({match.group(2)},)")[0]
            found.add((str(path.relative_to(PACKAGE)), first))
    return found


def test_the_sources_have_translatable_strings_to_check():
    # Guard against a check that passes because it finds nothing.
    assert len(strings_in_python()) > 300
    assert ("templates/admin/zgw_threepas/publicatieregel/preview.html", "Show preview") in (
        strings_in_templates()
    )


def test_every_string_of_the_code_and_the_admin_templates_is_in_the_po(msgids):
    missing = sorted(
        f"{where}: {msgid!r}"
        for where, msgid in strings_in_python() | strings_in_templates()
        if msgid not in msgids
    )

    assert not missing, "Run `make messages` and translate:\n" + "\n".join(missing)


def test_every_entry_is_translated_and_none_is_fuzzy(po_entries):
    header = po_entries[0]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert "Language: nl" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"][0]

    fuzzy = [e["msgid"] for e in po_entries[1:] if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in po_entries[1:] if not all(e["msgstr"])]

    assert not fuzzy, fuzzy
    assert not untranslated, untranslated


def test_placeholders_survive_translation(po_entries):
    placeholder = re.compile(r"%(?:\([a-z_]+\))?[sd]|\{\{ ?%\([a-z_]+\)s ?\}\}")
    wrong = []
    for e in po_entries[1:]:
        wanted = sorted(placeholder.findall(e.get("msgid_plural") or e["msgid"]))
        for msgstr in e["msgstr"][-1:]:
            if sorted(placeholder.findall(msgstr)) != wanted:
                wrong.append((e["msgid"], msgstr))

    assert not wrong, wrong


def test_the_compiled_mo_matches_the_po(po_entries):
    with open(LC_MESSAGES / "django.mo", "rb") as fp:
        compiled = gettext.GNUTranslations(fp)

    assert compiled.info()["language"] == "nl"
    assert compiled.charset().lower() == "utf-8"
    expected = {}
    for e in po_entries[1:]:
        if "msgid_plural" in e:
            for index, msgstr in enumerate(e["msgstr"]):
                expected[(e["msgid"], index)] = msgstr
        else:
            expected[e["msgid"]] = e["msgstr"][0]
    actual = {key: value for key, value in compiled._catalog.items() if key != ""}

    stale = sorted(str(k) for k in expected.keys() ^ actual.keys())
    differ = sorted(str(k) for k in expected.keys() & actual.keys() if expected[k] != actual[k])
    assert not stale and not differ, "django.mo is out of date; run `make messages`: " + ", ".join(
        (stale + differ)[:10]
    )


# What a Dutch administrator sees -------------------------------------------------------------

DUTCH = {"Accept-Language": "nl"}


@pytest.fixture
def dutch(settings):
    settings.LANGUAGE_CODE = "nl"


@pytest.mark.django_db
def test_the_rule_form_speaks_dutch(django_app, admin_user, zgw_services, dutch):
    page = django_app.get(ADD, user=admin_user, headers=DUTCH)

    assert page.html.select_one("html")["lang"] == "nl"
    headings = [h.text.strip() for h in page.html.select("fieldset h2, fieldset summary")]
    assert {"Wanneer", "Wat en waar", "Voorwaarden", "Tekst", "Invulvelden"} <= set(headings)
    labels = {label.text.strip().rstrip(":") for label in page.html.select("label")}
    assert "Omschrijving statustype" in labels
    assert {"Aanleiding", "Activiteit"} <= labels
    help_text = page.html.select_one("#id_statustype_volgnummer_helptext").text
    assert "het volgnummer van de status in het zaaktype" in help_text
    assert "Save" not in page.html.select_one(".submit-row").text  # Django's own Dutch too


@pytest.mark.django_db
def test_a_refusal_is_explained_in_dutch(django_app, admin_user, zgw_services, dutch):
    form = fill(
        django_app.get(ADD, user=admin_user, headers=DUTCH).forms["publicatieregel_form"],
        statustype_omschrijving="Besluit verzonden",
    )

    response = form.submit(headers=DUTCH)

    assert PublicatieRegel.objects.count() == 0
    errors = " ".join(e.text for e in response.html.select(".errorlist li"))
    assert "heeft geen statustype met omschrijving 'Besluit verzonden'" in errors
    assert "De statustypen zijn:" in errors


@pytest.mark.django_db
def test_the_preview_speaks_dutch(
    django_app, admin_user, pipeline, organisatie, regel_aanvraag, dutch
):
    response = django_app.get(
        f"{PREVIEW}?zaak=ZAAK-2026-0000000042&regel={regel_aanvraag.pk}",
        user=admin_user,
        headers=DUTCH,
    )

    assert "Zoals ze op officielebekendmakingen.nl komt te staan" in response.text
    assert response.html.select_one("#preview-form input[type=submit]")["value"] == (
        "Voorbeeld tonen"
    )
    assert "Tekst: de ingebouwde tekst." in response.text
    change = reverse("admin:zgw_threepas_publicatieregel_changelist")
    assert response.html.select_one(f'.breadcrumbs a[href="{change}"]').text == ("Publicatieregels")
