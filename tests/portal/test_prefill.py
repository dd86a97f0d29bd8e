"""The application form asks nothing the platform already knows (pure core)."""
from yiwang.cases.portal import prefill as pf

PERSON = pf.facts_of(kind="natural", name="张三", id_number="310114198001010011", phone="13800000001",
                     address="示范路1号")
COMPANY = pf.facts_of(kind="legal", name="示范科技有限公司", id_number="91310114MA1000001X",
                      legal_representative="王五", agent_name="王经办", agent_phone="13900000002")


def test_person_form_is_prefilled_and_identity_locked():
    rows = {r["label"]: r for r in pf.prefill(["申请人姓名", "公民身份号码", "联系电话", "联系地址"], PERSON)}
    assert rows["申请人姓名"]["value"] == "张三" and rows["申请人姓名"]["locked"]
    assert rows["公民身份号码"]["value"] == "310114198001010011" and rows["公民身份号码"]["locked"]
    assert rows["联系电话"]["value"] == "13800000001" and not rows["联系电话"]["locked"]
    assert rows["联系地址"]["value"] == "示范路1号"


def test_enterprise_form_uses_register_and_agent_account():
    fields = ["单位名称", "统一社会信用代码", "法定代表人", "经办人姓名", "经办人联系电话", "联系地址"]
    rows = {r["label"]: r for r in pf.prefill(fields, COMPANY)}
    assert rows["单位名称"]["value"] == "示范科技有限公司" and rows["单位名称"]["locked"]
    assert rows["统一社会信用代码"]["value"] == "91310114MA1000001X"
    assert rows["法定代表人"]["value"] == "王五"
    assert rows["经办人姓名"]["value"] == "王经办" and not rows["经办人姓名"]["locked"]
    assert rows["经办人联系电话"]["value"] == "13900000002"
    assert rows["联系地址"]["value"] == "" and not rows["联系地址"]["locked"]


def test_saved_answer_wins_except_over_the_register():
    rows = {r["label"]: r for r in pf.prefill(["申请人姓名", "联系电话", "经营场所"], PERSON,
                                              {"申请人姓名": "冒名", "联系电话": "021-12345678", "经营场所": "A座"})}
    assert rows["申请人姓名"]["value"] == "张三"
    assert rows["联系电话"]["value"] == "021-12345678"
    assert rows["经营场所"]["value"] == "A座" and rows["经营场所"]["fact"] is None


def test_answers_are_checked_with_the_field_named():
    rows = pf.prefill(["申请人姓名", "联系电话", "经营场所"], PERSON, {"联系电话": "abc"})
    errors = pf.check_answers(rows)
    assert errors == {"联系电话": "“联系电话”格式不正确，请填写手机号或固定电话", "经营场所": "请填写“经营场所”"}


def test_an_identifier_typed_in_is_checked_and_a_malformed_one_refused():
    from yiwang.org.identifiers import make_uscc

    good = make_uscc("91329901MA1XC001A")
    rows = pf.prefill(["统一社会信用代码", "经营场所"], PERSON, {"统一社会信用代码": "12345", "经营场所": "A座"})
    assert "统一社会信用代码" in pf.check_answers(rows)  # a person's account knows no USCC: what was typed counts
    rows = pf.prefill(["统一社会信用代码", "经营场所"], PERSON, {"统一社会信用代码": good, "经营场所": "A座"})
    assert pf.check_answers(rows) == {}
