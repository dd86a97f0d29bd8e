"""The API's front door and its docs: /api/v1/ lists the resources; Swagger UI and ReDoc load from the platform's
own static files, so the docs render on an intranet with no internet."""
import re

from django.contrib.staticfiles import finders


def test_api_root_lists_every_app_s_resources(client, db):
    body = client.get("/api/v1/").json()
    assert body["schema"].endswith("/api/schema/") and body["docs"].endswith("/api/docs/")
    resources = body["resources"]
    assert resources["cases"]["case"].endswith("/api/v1/cases/")
    assert resources["catalog"]["catalog-item"].endswith("/api/v1/catalog/items/")
    # every listed address exists and answers (an anonymous caller may be asked to sign in or for parameters)
    for group in resources.values():
        for url in group.values():
            path = url.split("testserver", 1)[1]
            assert client.get(path).status_code in (200, 400, 401, 403), path


def _asset_urls(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)=["']([^"']+\.(?:js|css|png))["']""", html) + re.findall(
        r"""["']([^"'\s]+/(?:swagger-ui[^"']*|redoc[^"']*)\.js)["']""", html)


def test_swagger_ui_and_redoc_use_no_cdn(client, db):
    for page in ("/api/docs/", "/api/redoc/"):
        html = client.get(page).content.decode()
        assets = _asset_urls(html)
        assert assets, page
        for url in assets:
            assert not url.startswith(("http://", "https://", "//")), url
            assert url.startswith("/static/"), url
            assert finders.find(url.removeprefix("/static/")), url
        assert "cdn" not in html.lower() and "jsdelivr" not in html.lower()
