"""The placeholder catalogue is what the admin panel and the template reference show: every
entry must explain itself and show an example, or an administrator cannot pick it."""

import pytest

from zgw_threepas.kennisgeving.context import PLACEHOLDERS
from zgw_threepas.kennisgeving.markup import render_text


@pytest.mark.parametrize("name", PLACEHOLDERS)
def test_every_placeholder_has_a_meaning_and_an_example(name):
    meaning, example = PLACEHOLDERS[name]

    assert len(meaning) > 10
    assert example.strip(), f"{name} has no example value"


def test_the_examples_fill_a_text_with_every_placeholder():
    examples = {name: example for name, (_meaning, example) in PLACEHOLDERS.items()}
    title = " / ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS)

    assert render_text(title, examples) == " / ".join(examples.values())
