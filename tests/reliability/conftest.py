"""The cases tests' fixtures (isolated media folder, published items) and an API client per user."""
from tests.cases.conftest import _fast_and_isolated, calendar_loaded, items  # noqa: F401  (shared fixtures)
from tests.cases_api.conftest import as_user  # noqa: F401
