import pytest


@pytest.fixture
def zgw_app(fake_zgw):
    """The fake ZGW API whose data a test may change; the fixtures are restored afterwards."""
    app, _base_url = fake_zgw
    yield app
    app.load_fixtures()
