import pytest


@pytest.fixture
def zgw_app(fake_zgw):
    """The fake ZGW API whose data a test may change; the fixtures are restored afterwards."""
    app, _base_url = fake_zgw
    yield app
    app.load_fixtures()


def tick(form, name: str, value: str) -> None:
    """Tick the checkbox of a multiple-choice field ``name`` with ``value``."""
    for index, field in enumerate(form.fields[name]):
        if field._value == value:
            form.set(name, True, index=index)
            return
    raise AssertionError(f"no checkbox {name}={value}")
