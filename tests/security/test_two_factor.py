"""Two-factor sign-in (等保 2.0 level 3: two techniques, one cryptographic): with YIWANG_OTP_REQUIRED on (the
production default) the three administrators enrol a TOTP authenticator and give its code after the password
before any page or API answer; other staff only when YIWANG_OTP_STAFF is on; off (the development demo), nobody
is asked. Enrolment, verification and failures are audited."""
import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from yiwang.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _code(user, offset: int = 0) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def test_an_administrator_enrols_and_then_gives_the_code_before_any_page(org, settings):
    settings.YIWANG_OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 600  # a failure bars the next try for 10 minutes here (1 s by default)
    client = _signed_in(org.security_admin)
    response = client.get("/security/lockouts/")
    assert response.status_code == 302 and response["Location"].startswith("/security/otp/")
    assert client.get("/api/v1/org/regions/").json()["code"] == "otp_required"
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and re.search(r"<code>[A-Z2-7 ]{16,}</code>", page)  # QR code and the secret to type in

    wrong = client.post("/security/otp/", {"code": "000000" if _code(org.security_admin) != "000000" else "111111",
                                           "next": "/security/lockouts/"})
    assert wrong.status_code == 400 and "动态验证码不正确" in wrong.content.decode()
    assert AuditEvent.objects.filter(action="security.otp_failed", actor=org.security_admin).exists()
    # repeated failures slow the next try down (django-otp's throttle), even with the right code
    hurried = client.post("/security/otp/", {"code": _code(org.security_admin), "next": "/security/lockouts/"})
    assert hurried.status_code == 400 and "稍后再试" in hurried.content.decode()
    TOTPDevice.objects.filter(user=org.security_admin).update(throttling_failure_timestamp=None)  # time passes
    right = client.post("/security/otp/", {"code": _code(org.security_admin), "next": "/security/lockouts/"})
    assert right.status_code == 302 and right["Location"] == "/security/lockouts/"
    assert client.get("/security/lockouts/").status_code == 200
    assert AuditEvent.objects.filter(action="security.otp_enrolled", actor=org.security_admin).exists()
    assert TOTPDevice.objects.get(user=org.security_admin).confirmed

    # the next sign-in asks for the code again, without a new enrolment
    again = _signed_in(org.security_admin)
    assert again.get("/security/lockouts/").status_code == 302
    assert "<svg" not in again.get("/security/otp/").content.decode()


def test_every_administrator_is_asked_and_other_staff_only_by_the_setting(org, settings):
    settings.YIWANG_OTP_REQUIRED = True
    for admin in (org.sysadmin, org.security_admin, org.audit_admin):
        assert _signed_in(admin).get("/").status_code == 302, admin.username
    assert _signed_in(org.clerk).get("/").status_code == 200
    assert _signed_in(org.person_user).get("/").status_code == 200  # applicants sign in as they always did
    settings.YIWANG_OTP_STAFF = True
    assert _signed_in(org.clerk).get("/").status_code == 302
    assert _signed_in(org.person_user).get("/").status_code == 200


def test_off_nobody_is_asked(org, settings):
    settings.YIWANG_OTP_REQUIRED = False
    assert _signed_in(org.security_admin).get("/security/lockouts/").status_code == 200


def test_a_lost_authenticator_is_reset_by_the_security_administrator(org, settings):
    TOTPDevice.objects.create(user=org.clerk, name="身份验证器", confirmed=True)
    device = TOTPDevice.objects.get(user=org.clerk)
    assert _signed_in(org.security_admin).get(f"/admin/otp_totp/totpdevice/{device.pk}/delete/").status_code == 200
    assert _signed_in(org.sysadmin).get(f"/admin/otp_totp/totpdevice/{device.pk}/delete/").status_code == 403
