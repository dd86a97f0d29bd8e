from tests.cases.conftest import _fast_and_isolated, calendar_loaded, items  # noqa: F401  (shared fixtures)
