"""A plan from its document: draft tasks, units matched (exact, alias, fuzzy candidates), unmatched units resolved
by a person and remembered, publishing refused until then; corrections, split and merge; a revised document's
changes shown and applied without losing anything."""
import pytest

from tests.reform.conftest import revised
from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.models import AuditEvent
from yiwang.reform import services
from yiwang.reform.models import Plan, PlanDocument, Task, TaskStatus, UnitAlias


def _plan(o, text):
    return services.create_plan(actor=o.officer, filename="明湖区2025年优化营商环境工作方案.txt", content=text.encode())


def test_upload_reads_the_plan_into_draft_tasks_with_matched_units(reform_org, plan_text):
    o = reform_org
    p = _plan(o, plan_text)
    assert (p.title, p.doc_number, str(p.issued_on), p.year, p.status) == (
        "明湖区2025年优化营商环境工作方案", "明府发〔2025〕3号", "2025-02-10", 2025, Plan.Status.DRAFT)
    assert p.kind == Plan.Kind.WORK_PLAN
    doc = p.documents.get()
    assert bytes(doc.content) == plan_text.encode() and doc.reading["measures"][0]["path"] == "一.(一).1"
    tasks = {t.path: t for t in p.tasks.all()}
    assert list(tasks) == ["一.(一).1", "一.(一).2", "一.(一).3", "二.(一).1", "二.(一).2"]
    t = tasks["一.(一).1"]
    assert (t.lead, t.chapter, t.section) == (o.zwb, "提升政务服务效能", "深化“一网通办”")
    assert [(u.name, u.department, u.role) for u in t.units.all()] == [
        ("区政务服务办", o.zwb, "lead"), ("区市场监管局", o.scj, "co")]
    assert str(tasks["二.(一).1"].deadline) == "2025-06-30"
    catch_all = tasks["一.(一).3"].units.get(role="co")
    assert catch_all.catch_all and catch_all.department is None
    # 区税务局 (fuzzy: 明湖区税务局) and 区经委 (nothing) are waiting for a person
    pending = services.unresolved(p)
    assert list(pending) == ["区税务局", "区经委"]
    assert pending["区税务局"].candidates[0][0] == o.swj.pk
    assert pending["区经委"].candidates == [] or pending["区经委"].candidates[0][0] != o.scj.pk
    assert AuditEvent.objects.filter(action="reform.plan.create").count() == 1


def test_publish_waits_for_every_unit_and_remembers_resolutions(reform_org, plan_text):
    o = reform_org
    p = _plan(o, plan_text)
    with pytest.raises(DomainError, match="以下单位尚未确认对应部门，不能发布：区税务局、区经委"):
        services.publish_plan(actor=o.officer, plan=p, expected_version=p.version)
    with pytest.raises(DomainError, match="请为“区经委”选择对应的部门"):
        services.resolve_unit(actor=o.officer, name="区经委", plan=p)
    services.resolve_unit(actor=o.officer, name="区税务局", department=o.swj, plan=p)
    services.resolve_unit(actor=o.officer, name="区经委", external=True, plan=p)
    assert p.tasks.get(path="二.(一).1").units.get(name="区税务局").department == o.swj
    p = services.publish_plan(actor=o.officer, plan=p, expected_version=p.version)
    assert p.status == Plan.Status.PUBLISHED and p.tasks.filter(status_changes__isnull=False).count() == 5
    # the organisation's own aliases for a department count as well
    o.fgw.aliases = "区发改委\n发展改革委"
    o.fgw.save()
    assert services.match_names(["区发改委"])["区发改委"].department_id == o.fgw.pk
    # the next plan with the same names needs no one
    p2 = _plan(o, plan_text)
    assert services.unresolved(p2) == {}
    assert UnitAlias.objects.get(alias="区税务局").department == o.swj
    with pytest.raises(Conflict):
        services.publish_plan(actor=o.officer, plan=p, expected_version=p.version)


def test_only_the_reform_office_creates_and_publishes(reform_org, plan_text):
    o = reform_org
    with pytest.raises(services.Forbidden):
        services.create_plan(actor=o.scj_liaison, filename="a.txt", content=plan_text.encode())
    with pytest.raises(DomainError, match="未能从文件中识别出任何任务措施"):
        services.create_plan(actor=o.officer, filename="a.txt", content="一份没有任务的说明。\n".encode())
    with pytest.raises(DomainError, match="内容与扩展名不符"):
        services.create_plan(actor=o.officer, filename="a.docx", content=plan_text.encode())
    assert not Plan.objects.exists()


def test_correct_split_and_merge_before_publishing(reform_org, plan_text):
    o = reform_org
    p = _plan(o, plan_text)
    t = p.tasks.get(path="二.(一).2")
    t = services.update_task(actor=o.officer, task=t, expected_version=t.version, lead_name="区市场监管局",
                             co=["区发展改革委"], deadline="2025-09-30")
    assert [(u.name, u.department) for u in t.units.all()] == [("区市场监管局", o.scj), ("区发展改革委", o.fgw)]
    with pytest.raises(Conflict, match="已被他人更新"):
        services.update_task(actor=o.officer, task=t, expected_version=t.version - 1, text="x")
    with pytest.raises(DomainError, match="完成时限应为日期"):
        services.update_task(actor=o.officer, task=t, expected_version=t.version, deadline="九月")
    a, b = services.split_task(actor=o.officer, task=p.tasks.get(path="一.(一).2"),
                               expected_version=1, texts=["设置综合窗口。", "综合窗口比例达到80%。"])
    assert (a.path, b.path, b.lead) == ("一.(一).2-a", "一.(一).2-b", o.zwb)
    merged = services.merge_tasks(actor=o.officer, tasks=[a, b])
    assert merged.text == "设置综合窗口。综合窗口比例达到80%。" and not Task.objects.filter(pk=b.pk).exists()
    assert [t.path for t in p.tasks.all()] == ["一.(一).1", "一.(一).2-a", "一.(一).3", "二.(一).1", "二.(一).2"]


def test_a_revised_document_shows_what_changed_and_keeps_everything(reform_org, plan_text):
    o = reform_org
    p = _plan(o, plan_text)
    services.resolve_unit(actor=o.officer, name="区税务局", department=o.swj)
    services.resolve_unit(actor=o.officer, name="区经委", external=True)
    p = services.publish_plan(actor=o.officer, plan=p, expected_version=p.version)
    doc, changes = services.upload_revision(actor=o.officer, plan=p, filename="修订稿.txt",
                                            content=revised(plan_text).encode())
    assert [c["new"]["path"] for c in changes["changed"]] == ["一.(一).1", "一.(一).3"]
    assert changes["changed"][0]["fields"] == ["text"] and "98%" in changes["changed"][0]["new"]["text"]
    assert [m["text"][:8] for m in changes["added"]] == ["推行包容审慎监管"]
    assert [m["path"] for m in changes["removed"]] == ["二.(一).2"]
    assert changes["unchanged"] == 2
    assert p.tasks.get(path="一.(一).1").text.endswith("95%以上。")  # not applied yet
    summary = services.apply_revision(actor=o.officer, document=doc, expected_version=Plan.objects.get().version)
    assert summary["added"] == 1 and summary["removed"] == 1
    assert "98%" in p.tasks.get(path="一.(一).1").text
    removed = p.tasks.get(path="二.(一).2")
    assert removed.status == TaskStatus.DEFERRED and "修订稿（第2稿）中已删除" in removed.status_reason
    assert p.tasks.get(path="二.(一).2（修订）").lead == o.sfj
    assert PlanDocument.objects.filter(plan=p).count() == 2
    with pytest.raises(Conflict, match="该稿已应用"):
        services.apply_revision(actor=o.officer, document=doc, expected_version=Plan.objects.get().version)


def test_a_task_led_only_by_a_catch_all_must_be_corrected_before_publishing(reform_org):
    o = reform_org
    text = "明湖区某工作方案\n一、任务\n1.各部门开展自查。（责任单位：各相关部门）\n2.汇总上报。（责任单位：区司法局）\n"
    p = _plan(o, text)
    with pytest.raises(DomainError, match="以下任务没有明确的牵头单位.*：一.1"):
        services.publish_plan(actor=o.officer, plan=p, expected_version=p.version)
    t = p.tasks.get(path="一.1")
    services.update_task(actor=o.officer, task=t, expected_version=t.version, lead_name="区司法局", co=["各相关部门"])
    assert services.publish_plan(actor=o.officer, plan=p, expected_version=p.version).status == "published"
