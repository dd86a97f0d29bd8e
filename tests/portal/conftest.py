import pytest

from tests.cases.conftest import calendar_loaded  # noqa: F401  (re-exported fixture)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def items(org, calendar_loaded):  # noqa: F811
    from tests.cases.factories import build_items

    return build_items(org)
