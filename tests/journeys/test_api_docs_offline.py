"""The API docs on an intranet with no internet: Swagger UI and ReDoc render with every request outside the
platform refused (the assets are the platform's own static files)."""
import pytest

pytestmark = pytest.mark.browser


def test_swagger_ui_and_redoc_render_with_no_network(page, db):
    outside = []

    def only_the_platform(route):
        if route.request.url.startswith(page.base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_platform)
    page.goto(page.base_url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .information-container .title")
    assert "Yiwang (一网) API" in page.inner_text(".swagger-ui .information-container .title")
    assert page.locator(".swagger-ui .opblock").count() > 10  # the operations are listed
    page.goto(page.base_url + "/api/redoc/")
    page.get_by_role("heading", name="Yiwang (一网) API").first.wait_for()  # ReDoc drew the title
    assert page.locator("h1, h2").count() > 3  # and the sections
    assert not outside, outside
    page.goto(page.base_url + "/")  # the journey's closing screenshot: a short page, not ReDoc's whole reference
