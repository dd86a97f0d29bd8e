"""Issue 8 no. 7: password rules (3 of 4 classes, ≥ 8, not like the user name, none of the last 5, 90 days), a
password change page, first sign-in change of a default password (but not for the demo accounts), idle and
absolute session timeouts, Content-Security-Policy and Permissions-Policy."""
import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests.factories import staff
from yiwang.audit.models import AuditEvent
from yiwang.org.models import Role
from yiwang.security.models import Credential

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["zhengwu2026", "clerk02clerk02", "Ab1!", "abcdefgh", "12345678A"])
def test_weak_passwords_are_refused(org, password):
    """Before: Django's default rules accepted "zhengwu2026", and "clerk02clerk02" for the user clerk02."""
    user = staff("clerk02", Role.CLERK, hall=org.hall)
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_strong_password_is_accepted_and_none_of_the_last_five_again(org):
    user = org.reviewer
    validate_password("Zhengwu-2026", user)
    passwords = [f"Spring-{n}-Pass" for n in range(6)]
    for p in passwords:
        user.set_password(p)
        user.save()
    for recent in passwords[-5:]:
        with pytest.raises(ValidationError, match="最近5次"):
            validate_password(recent, user)
    validate_password(passwords[0], user)  # the sixth back may come again


def _signed_in(user, password="pass-1234"):
    client = Client()
    assert client.post("/accounts/login/", {"username": user.username, "password": password}).status_code == 302
    return client


def test_a_default_password_must_be_changed_at_the_first_sign_in(org):
    from yiwang.security.services import set_initial_password

    newcomer = staff("newcomer", Role.REVIEWER, department=org.market)
    set_initial_password(newcomer, "Initial-Pass-1", actor=org.sysadmin)
    client = _signed_in(newcomer, "Initial-Pass-1")
    page = client.get("/cases/inbox/")
    assert page.status_code == 302 and page["Location"].startswith("/security/password/")
    assert client.get("/api/v1/org/me/").json()["code"] == "password_change_required"
    response = client.post("/security/password/", {"old_password": "Initial-Pass-1",
                                                   "new_password1": "Own-Choice-2026", "new_password2": "Own-Choice-2026"})
    assert response.status_code == 302
    assert client.get("/api/v1/org/me/").status_code == 200
    assert AuditEvent.objects.filter(action="security.password_change", actor=newcomer).exists()
    assert not Credential.objects.get(user=newcomer).must_change


def test_only_the_system_administrator_sets_a_default_password(org):
    from django.core.exceptions import PermissionDenied

    from yiwang.security.services import set_initial_password

    with pytest.raises(PermissionDenied):
        set_initial_password(org.clerk, "Initial-Pass-1", actor=org.security_admin)


def test_a_password_older_than_ninety_days_must_be_changed(org):
    Credential.objects.filter(user=org.reviewer).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    client = _signed_in(org.reviewer)
    assert client.get("/cases/inbox/")["Location"].startswith("/security/password/")


def test_demo_accounts_sign_in_with_the_shared_password_and_are_not_made_to_change_it(org):
    from yiwang.security.services import mark_demo_accounts, set_initial_password

    demo = staff("clerk01", Role.CLERK, hall=org.hall)
    set_initial_password(demo, "Yiwang-demo-2026", actor=org.sysadmin)
    Credential.objects.filter(user=demo).update(password_changed_at=timezone.now() - dt.timedelta(days=400))
    mark_demo_accounts([demo])
    client = _signed_in(demo, "Yiwang-demo-2026")
    assert client.get("/cases/workbench/").status_code == 200


def test_an_idle_session_ends_after_thirty_minutes(org):
    client = Client()
    client.force_login(org.reviewer)
    assert client.get("/api/v1/org/me/").status_code == 200
    session = client.session
    session["yiwang_seen_at"] = timezone.now().timestamp() - 31 * 60
    session.save()
    response = client.get("/api/v1/org/me/")
    assert response.status_code == 401 and response.json()["code"] == "session_expired"
    assert client.get("/cases/inbox/")["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(action="security.logout", data__reason="idle").exists()


def test_a_busy_session_still_ends_at_the_absolute_timeout(org):
    client = Client()
    client.force_login(org.reviewer)
    session = client.session
    session["yiwang_login_at"] = timezone.now().timestamp() - 13 * 3600
    session.save()
    page = client.get("/cases/inbox/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")


def test_pages_carry_a_nonce_csp_and_a_permissions_policy(org):
    response = Client().get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_every_inline_script_carries_the_nonce_and_no_inline_handler_is_left():
    """The templates: an inline <script> without the request's nonce, or an on…= handler, would not run under
    the policy (the select that switches language, the confirm before a draft is discarded, the charts)."""
    import re
    from pathlib import Path

    import yiwang

    root = Path(yiwang.__file__).parent
    bad = []
    for path in root.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" in tag or 'type="application/json"' in tag:
                continue
            if "nonce=" not in tag:
                bad.append(f"{path.relative_to(root)}: {tag}")
        if re.search(r"\son[a-z]+=\"", text):
            bad.append(f"{path.relative_to(root)}: inline handler")
    assert bad == []


def test_a_forgotten_password_is_reset_by_e_mail_under_the_same_rules(org):
    from django.core import mail

    org.reviewer.email = "reviewer@example.gov.cn"
    org.reviewer.save()
    client = Client()
    assert client.post("/accounts/password_reset/", {"email": "reviewer@example.gov.cn"}).status_code == 302
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line).strip()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    url = form.redirect_chain[-1][0] if form.redirect_chain else link
    weak = client.post(url, {"new_password1": "zhengwu2026", "new_password2": "zhengwu2026"})
    assert weak.status_code == 200  # refused: the form again
    assert client.post(url, {"new_password1": "Reset-Pass-2026", "new_password2": "Reset-Pass-2026"}).status_code == 302
    assert Client().post("/accounts/login/", {"username": "reviewer", "password": "Reset-Pass-2026"}).status_code == 302
