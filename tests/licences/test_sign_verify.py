"""Signing and verification: valid, forged (tampered, wrong department's key), revoked, rotation."""
import base64
import json

import pytest

from yiwang.api.errors import Conflict, DomainError
from yiwang.licences.domain import crypto
from yiwang.licences.domain.payload import b64d, b64e, make_token
from yiwang.licences.keys import private_key_of, rotate_key
from yiwang.licences.models import Licence
from yiwang.licences.services import revoke_licence
from yiwang.licences.verification import shown_fields, verify_token


def _swap_payload(token: str, change) -> str:
    p, s = token.split(".")
    data = json.loads(b64d(p))
    change(data)
    body = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return b64e(body) + "." + s


def test_issued_licence_verifies_valid_and_shows_masked_id(issue, keyed_org):
    licence = issue()
    verdict = verify_token(licence.token)
    assert verdict.status == "valid", verdict.reason
    fields = shown_fields(verdict)
    assert fields["holder_name"] == "张三"
    assert fields["number"] == licence.number == f"SCJ-{licence.issued_on.year}-000001"
    assert fields["department_name"] == "区市场监督管理局"
    assert keyed_org.person.id_number not in json.dumps(fields, ensure_ascii=False)
    assert fields["holder_id"] == keyed_org.person.id_number[:6] + "*" * 8 + keyed_org.person.id_number[-4:]
    assert licence.case_ref == 42 and licence.case_number == "SCJ-2026-0001"


def test_numbers_are_sequential_and_unique_per_department(issue, keyed_org):
    first, second = issue(), issue()
    other = issue(department=keyed_org.health, actor=keyed_org.health_reviewer)
    assert first.number.endswith("-000001") and second.number.endswith("-000002")
    assert other.number.startswith("WJW-") and other.number.endswith("-000001")


def test_one_character_of_the_holder_name_changed_is_forged(issue):
    licence = issue()
    tampered = _swap_payload(licence.token, lambda d: d.update(h="张四"))
    verdict = verify_token(tampered)
    assert verdict.status == "forged"
    assert shown_fields(verdict) is None


def test_altered_signature_is_forged(issue):
    licence = issue()
    p, s = licence.token.split(".")
    sig = bytearray(b64d(s))
    sig[10] ^= 0x01
    assert verify_token(p + "." + b64e(bytes(sig))).status == "forged"
    assert verify_token(p + "." + s[:-2]).status == "forged"
    assert verify_token("garbage-not-a-token").status == "forged"


def test_signature_by_another_departments_key_is_forged(issue, keyed_org):
    licence = issue()
    p, _ = licence.token.split(".")
    payload = b64d(p)  # claims 区市场监督管理局 (SCJ) and its key id
    health_sk = private_key_of(keyed_org.health_key)
    assert verify_token(make_token(payload, crypto.sign(payload, health_sk))).status == "forged"
    # naming the health key id while claiming the market department is forged too
    swapped = _swap_payload(licence.token, lambda d: d.update(k=keyed_org.health_key.key_id))
    p2 = swapped.split(".")[0]
    verdict = verify_token(make_token(b64d(p2), crypto.sign(b64d(p2), health_sk)))
    assert verdict.status == "forged" and "发证部门" in verdict.reason


def test_valid_signature_without_register_entry_is_forged(issue, keyed_org):
    """A payload signed with the department's key but never issued (e.g. a leaked key) is not in the register."""
    licence = issue()
    forged = _swap_payload(licence.token, lambda d: d.update(s="全部经营项目"))
    p = forged.split(".")[0]
    token = make_token(b64d(p), crypto.sign(b64d(p), private_key_of(keyed_org.market_key)))
    assert verify_token(token).status == "forged"


def test_revoked_licence_answers_revoked_with_date_and_reason(issue, keyed_org):
    licence = issue()
    revoke_licence(licence, "以欺骗手段取得许可", keyed_org.unit_leader)
    verdict = verify_token(licence.token)
    assert verdict.status == "revoked"
    assert verdict.revoked_reason == "以欺骗手段取得许可"
    assert verdict.revoked_at is not None
    assert Licence.objects.get(pk=licence.pk).status == "revoked"
    with pytest.raises(Conflict):
        revoke_licence(licence, "再次注销", keyed_org.unit_leader)


def test_revocation_needs_a_reason_and_an_entitled_officer(issue, keyed_org):
    from django.core.exceptions import PermissionDenied

    licence = issue()
    with pytest.raises(DomainError) as exc:
        revoke_licence(licence, "  ", keyed_org.unit_leader)
    assert exc.value.field == "reason"
    with pytest.raises(PermissionDenied):
        revoke_licence(licence, "错误注销", keyed_org.health_reviewer)
    assert verify_token(licence.token).status == "valid"


def test_rotation_keeps_old_licences_verifiable_and_signs_new_ones_with_new_key(issue, keyed_org):
    old = issue()
    new_key = rotate_key(keyed_org.market)
    new = issue()
    assert old.signing_key.key_id == "SCJ-K1" and new.signing_key.key_id == new_key.key_id == "SCJ-K2"
    assert json.loads(b64d(new.token.split(".")[0]))["k"] == "SCJ-K2"
    assert verify_token(old.token).status == "valid"
    assert verify_token(new.token).status == "valid"
    keyed_org.market_key.refresh_from_db()
    assert keyed_org.market_key.status == "retired"


def test_issue_refuses_bad_input_with_field_errors(issue, keyed_org):
    with pytest.raises(DomainError) as exc:
        issue(holder_id_number="310114198001010010")
    assert exc.value.field == "holder_id_number" and "校验码" in exc.value.message
    with pytest.raises(DomainError) as exc:
        issue(valid_until="2025-01-01")
    assert exc.value.field == "valid_until"
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        issue(actor=keyed_org.health_reviewer)
    assert not Licence.objects.exists()


def test_legal_person_id_is_masked_as_uscc(issue, keyed_org):
    licence = issue(holder_name="示范科技有限公司", holder_kind="legal", holder_id_number=keyed_org.company.id_number)
    fields = shown_fields(verify_token(licence.token))
    assert fields["holder_id"] == keyed_org.company.id_number[:4] + "*" * 10 + keyed_org.company.id_number[-4:]


def test_long_scope_keeps_link_short_and_still_verifies(issue):
    scope = "；".join(f"第{i}项：预包装食品销售、散装食品销售、特殊食品销售（保健食品、婴幼儿配方乳粉）" for i in range(30))
    licence = issue(scope=scope)
    from yiwang.licences.pdf import licence_qr

    link = f"https://zwfw.example.gov.cn/licences/verify/?p={licence.token}"
    assert len(link) <= 600
    assert licence_qr(licence).error == "M"
    verdict = verify_token(licence.token)
    assert verdict.status == "valid" and shown_fields(verdict)["scope"] == scope


def test_issuing_is_audited(issue, keyed_org):
    from yiwang.audit.models import AuditEvent

    licence = issue()
    revoke_licence(licence, "主动申请注销", keyed_org.section_head)
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions.count("licences.key.generate") == 2
    assert "licences.licence.issue" in actions and "licences.licence.revoke" in actions


def test_b64_roundtrip():
    assert b64d(b64e(b"\x00\xff")) == b"\x00\xff"
    assert base64.urlsafe_b64decode(b64e(b"ab") + "==") == b"ab"
