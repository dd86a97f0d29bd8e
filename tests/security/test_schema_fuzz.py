"""Schema fuzzing in CI (issue 8, "In CI"): schemathesis generates requests for every operation of the OpenAPI
document (bounded: a few examples each) and sends them through the WSGI application to the demo district, signed
in as people of the roles the operations serve. No request may end in a server error, and every status answered
must be one the operation declares (400/401/403/404/409/428/429 are declared per operation).

The requests run inside one transaction that is rolled back at the end; each request in a savepoint of its own."""
from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance
from tests.conftest import demo_district

EXAMPLES = 4  # per operation and person: ~180 operations × 2 people stay within a few minutes

# Operations that are not the API's own logic (the token endpoint is django-oauth-toolkit's, tested separately).
SKIP_PATHS = ("/api/v1/auth/token/",)


class App:
    """The Django WSGI handler without the per-request connection closing (the requests share the test's
    transaction, as Django's test client does)."""

    def __init__(self):
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            with transaction.atomic():
                result = self.handler(environ, start_response)
                try:
                    body = b"".join(result)
                finally:
                    result.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo district with a small case history, loaded once for this module and rolled back afterwards."""
    with demo_district(django_db_blocker, history="fast") as out:
        yield


def _signed_in(user) -> tuple[dict, dict]:
    """Headers and cookies of `user`'s session with its CSRF token (SessionAuthentication checks it on writes)."""
    from django.conf import settings as dj

    client = Client()
    client.force_login(user)
    token = _get_new_csrf_string()
    cookies = {dj.SESSION_COOKIE_NAME: client.cookies[dj.SESSION_COOKIE_NAME].value, dj.CSRF_COOKIE_NAME: token}
    return {"X-CSRFToken": token}, cookies


def _schema():
    from drf_spectacular.generators import SchemaGenerator

    document = json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))
    return schemathesis.openapi.from_dict(document)


def _fuzz(user, app) -> list[str]:
    schema = _schema()
    headers, cookies = _signed_in(user)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith(SKIP_PATHS):
            continue

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(app=app, headers=headers, cookies=cookies)
            try:
                case.validate_response(response, checks=[not_a_server_error, status_code_conformance])
            except BaseException as exc:  # noqa: BLE001 — every failing operation is collected and reported at once
                first = str(exc).strip().splitlines()
                failures.append(f"{operation.method.upper()} {operation.path} → {response.status_code}: "
                                f"{first[0] if first else type(exc).__name__}")

        run()
    return failures


def _staff_of_every_role():
    """One demo staff member for every role that serves the API (their roles together)."""
    from yiwang.org.models import StaffRole, User

    user = User.objects.create(username="fuzz_staff", display_name="模糊测试", kind=User.Kind.STAFF)
    for role in StaffRole.objects.exclude(role__in=["sysadmin", "security_admin", "audit_admin"]) \
            .order_by("role", "pk").distinct():
        if not user.staff_roles.filter(role=role.role).exists():
            StaffRole.objects.create(user=user, role=role.role, department=role.department, hall=role.hall,
                                     window=role.window, is_window_officer=role.is_window_officer)
    return user


@pytest.mark.django_db
def test_no_server_error_and_only_declared_statuses(demo):
    from yiwang.org.models import User

    app = App()
    staff = _staff_of_every_role()
    applicant = User.objects.get(username="zhangwei")
    failures = _fuzz(staff, app) + _fuzz(applicant, app)
    assert not failures, "\n".join(sorted(set(failures)))
