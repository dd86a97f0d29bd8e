"""The announced, witnessed draw through the service: published files replay to 一致, a second draw is refused, a
seed entered after the draw window is refused, bad tasks are refused in Chinese and nothing is saved."""
import datetime as dt
import json

import pytest

from yiwang.api.errors import DomainError
from yiwang.inspections import services
from yiwang.inspections.domain import draw as core
from yiwang.inspections.models import Draw, Sampled, Task

from .conftest import drawn_task, new_task


def test_the_draw_replays_from_its_published_files(insp):
    task = drawn_task(insp)
    d = task.draw
    result = core.replay(task.params_json.encode(), task.snapshot.encode(), d.seed_json.encode(),
                         d.selection.encode())
    assert result.verdict == "一致"
    params = json.loads(task.params_json)
    assert params["snapshot_count"] == 40 and params["counts"] == {"A": 8, "B": 16, "C": 8, "D": 4, "N": 4}
    # 5% of 8 → 1, 20% of 16 → 4, 50% of 8 → 4, 100% of 4 → 4, 10% of 4 → 1
    assert task.sampled.count() == 14
    assert set(task.sampled.filter(risk_class="D").values_list("code", flat=True)) == {
        e.uscc for i, e in enumerate(insp.enterprises) if i % 10 == 8}
    sampled = task.sampled.first()
    assert sampled.name.startswith("江澄示范") and sampled.enterprise is not None


def test_the_snapshot_hash_is_published_before_the_draw(insp):
    task = new_task(insp)
    services.announce_task(actor=insp.manager, task=task, today=dt.date(2026, 12, 2))
    task.refresh_from_db()
    assert task.status == Task.Status.ANNOUNCED
    assert json.loads(task.params_json)["snapshot_hash"] == core.hash_hex("SM3", task.snapshot.encode())
    assert not Draw.objects.filter(task=task).exists()


def test_a_second_draw_of_the_same_task_is_refused(insp):
    task = drawn_task(insp)
    before = list(task.sampled.values_list("code", flat=True))
    with pytest.raises(DomainError, match="不能重复抽取"):
        services.draw_task(actor=insp.manager, task=task, values=["1", "2"], witnesses="见证人",
                           now=insp.draw_at + dt.timedelta(minutes=30))
    assert list(task.sampled.values_list("code", flat=True)) == before


def test_a_corrected_task_is_a_new_task_and_both_stay_public(insp):
    task = new_task(insp)
    fixed = new_task(insp, title="2026年第四季度食品经营抽查（更正）", corrects=task)
    task.refresh_from_db()
    assert task.status == Task.Status.VOID and fixed.corrects == task
    assert set(Task.objects.values_list("number", flat=True)) >= {task.number, fixed.number}


def test_witness_values_entered_after_the_draw_window_are_refused(insp):
    task = new_task(insp)
    services.announce_task(actor=insp.manager, task=task, today=dt.date(2026, 12, 2))
    with pytest.raises(DomainError, match="超过抽取时间"):
        services.draw_task(actor=insp.manager, task=task, values=["17 4 29", "0815"], witnesses="见证人",
                           now=insp.draw_at + dt.timedelta(days=2))
    with pytest.raises(DomainError, match="未到公告的抽取时间"):
        services.draw_task(actor=insp.manager, task=task, values=["17 4 29", "0815"], witnesses="见证人",
                           now=insp.draw_at - dt.timedelta(hours=1))
    assert not Sampled.objects.exists() and not Draw.objects.exists()


@pytest.mark.parametrize("kw,message", [
    ({"items": []}, "至少包含一个抽查事项"),
    ({"ratios": {"A": "120"}}, "超过100%"),
    ({"ratios": {"A": "-3"}}, "抽查比例"),
    ({"ratios": {"A": "30"}}, "5%之间"),
])
def test_a_bad_task_is_refused_in_chinese_and_nothing_is_saved(insp, kw, message):
    if kw.get("items") == []:
        with pytest.raises(DomainError, match=message):
            services.create_task(actor=insp.manager, plan=insp.plan, title="空任务", items=[],
                                 starts_on=dt.date(2026, 12, 3), ends_on=dt.date(2026, 12, 31),
                                 seed_sources=["见证人"], draw_at=insp.draw_at,
                                 now=insp.draw_at - dt.timedelta(days=1))
    else:
        with pytest.raises(DomainError, match=message):
            new_task(insp, **kw)
    assert not Task.objects.exists()


def test_a_task_with_an_item_of_a_department_outside_the_plan_is_refused(insp):
    with pytest.raises(DomainError, match="不属于本计划的部门"):
        new_task(insp, items=[insp.health_item])


def test_another_department_cannot_draw_the_task(insp):
    task = new_task(insp)
    with pytest.raises(DomainError, match="本部门"):
        services.announce_task(actor=insp.health_manager, task=task)


def test_a_public_information_check_samples_at_least_three_percent(insp):
    task = new_task(insp, items=[insp.general_item], public_info_check=True, uses_risk_classes=False,
                    ratios={"B": "0"})
    with pytest.raises(DomainError, match="不低于3%"):
        services.announce_task(actor=insp.manager, task=task, today=dt.date(2026, 12, 2))
    task.refresh_from_db()
    assert task.status == Task.Status.DRAFT and task.snapshot == ""


def test_general_items_alone_keep_the_overall_share_under_the_cap(insp):
    task = new_task(insp, items=[insp.general_item])  # 14 of 40 = 35% > 10%
    with pytest.raises(DomainError, match="一般检查事项的抽查比例不能超过10%"):
        services.announce_task(actor=insp.manager, task=task, today=dt.date(2026, 12, 2))


def test_other_kinds_of_object_are_drawn_from_the_directory_by_the_same_rule(insp):
    from django.test import Client

    c = Client()
    c.force_login(insp.manager)
    for n in range(4):
        resp = c.post("/api/v1/inspections/other-objects/", {
            "department": "SCJ", "kind": "site", "code": f"CS-329901-{n:04d}", "name": f"明湖农贸市场{n}号摊区",
            "owner_uscc": insp.enterprises[n].uscc, "risk_class": "D"}, content_type="application/json")
        assert resp.status_code == 201, resp.json()
    bad = c.post("/api/v1/inspections/other-objects/", {"department": "SCJ", "kind": "enterprise", "code": "X1",
                                                         "name": "某"}, content_type="application/json")
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]
    task = drawn_task(insp, scope={"kinds": ["site"]}, title="农贸市场场所抽查")
    assert set(task.sampled.values_list("kind", flat=True)) == {"site"} and task.sampled.count() == 4
    d = task.draw
    assert core.replay(task.params_json.encode(), task.snapshot.encode(), d.seed_json.encode(),
                       d.selection.encode()).consistent


def test_the_replay_command_checks_the_published_files(insp, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    task = drawn_task(insp)
    names = []
    for name, body in [("params.json", task.params_json), ("snapshot.csv", task.snapshot),
                       ("seed.json", task.draw.seed_json), ("selection.csv", task.draw.selection)]:
        (tmp_path / name).write_text(body, encoding="utf-8")
        names.append(str(tmp_path / name))
    out = StringIO()
    call_command("inspections_replay", *names, stdout=out)
    assert out.getvalue().startswith("一致")
    (tmp_path / "seed.json").write_text(task.draw.seed_json.replace("0815", "0816"), encoding="utf-8")
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("inspections_replay", *names, stdout=out)
    assert exit_.value.code == 1 and out.getvalue().startswith("不一致") and "种子" in out.getvalue()
