"""Every API error is the JSON error shape — also an unhandled exception (500), the database gone (503) and a URL
under /api/ that matches nothing — and a persistent connection the database dropped is checked before reuse."""
import pytest
from django.conf import settings
from django.db import OperationalError

from yiwang.catalog import api as catalog_api

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_no_raise(client):
    client.raise_request_exception = False
    return client


def _break_catalogue(monkeypatch, exc):
    def boom(*args, **kwargs):
        raise exc

    monkeypatch.setattr(catalog_api.TopicViewSet, "list", boom)


def test_an_unhandled_error_is_a_json_500(client_no_raise, monkeypatch):
    _break_catalogue(monkeypatch, RuntimeError("bug"))
    response = client_no_raise.get("/api/v1/catalog/topics/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "server_error" and "系统繁忙" in response.json()["detail"]


def test_the_database_gone_is_a_json_503_with_retry_after(client_no_raise, monkeypatch):
    _break_catalogue(monkeypatch, OperationalError("server closed the connection unexpectedly"))
    response = client_no_raise.get("/api/v1/catalog/topics/")
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"
    assert int(response["Retry-After"]) > 0


def test_an_unknown_api_url_is_a_json_404(client_no_raise):
    response = client_no_raise.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到，或您无权查看", "code": "not_found"}


def test_pages_keep_their_html_error_page(client_no_raise):
    response = client_no_raise.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_persistent_connections_are_health_checked_before_reuse():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
