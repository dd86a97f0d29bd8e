"""yiwang licence keygen / rotate / export-pubkeys / verify."""
import io
import json

import pytest
from django.core.management import CommandError, call_command

from yiwang.licences.models import SigningKey
from yiwang.licences.pdf import render_pdf
from yiwang.licences.services import issue_licence, revoke_licence


def _run(*args):
    out = io.StringIO()
    code = 0
    try:
        call_command("licence", *args, stdout=out)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


def _issue(org):
    return issue_licence(department=org.market, holder_name="张三", holder_id_number=org.person.id_number,
                         holder_kind="natural", licence_type="食品经营许可证", scope="预包装食品销售",
                         valid_from="2026-01-05", valid_until="2031-01-04", actor=org.unit_leader)


def test_keygen_rotate_and_verify_pdf_file(org, tmp_path):
    assert "SCJ-K1" in _run("keygen", "SCJ")[1]
    with pytest.raises(CommandError, match="已有在用的签名密钥"):
        _run("keygen", "SCJ")
    with pytest.raises(CommandError, match="不存在"):
        _run("keygen", "NOPE")
    licence = _issue(org)
    assert "SCJ-K2" in _run("rotate", "SCJ")[1]
    assert SigningKey.objects.filter(department=org.market).count() == 2

    pdf = tmp_path / "licence.pdf"
    pdf.write_bytes(render_pdf(licence))
    code, out = _run("verify", str(pdf))
    assert code == 0 and "有效" in out and "张三" in out

    revoke_licence(licence, "依法撤销", org.unit_leader)
    code, out = _run("verify", licence.token)
    assert code == 1 and "已注销" in out and "依法撤销" in out


def test_offline_verify_with_exported_public_keys(org, tmp_path):
    _run("keygen", "SCJ")
    licence = _issue(org)
    keyfile = tmp_path / "pubkeys.json"
    _run("export-pubkeys", "-o", str(keyfile))
    exported = json.loads(keyfile.read_text(encoding="utf-8"))
    assert [k["key_id"] for k in exported["keys"]] == ["SCJ-K1"]
    assert "private" not in keyfile.read_text()

    code, out = _run("verify", licence.token, "--pubkey", str(keyfile))
    assert code == 0 and "离线核验" in out
    tampered = licence.token.replace(licence.token.split(".")[1][:4], "AAAA")
    code, out = _run("verify", tampered, "--pubkey", str(keyfile))
    assert code == 1 and "无效" in out
