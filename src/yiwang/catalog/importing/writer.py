"""Writing an import plan: one transaction, bulk statements, one audit event per item created or changed (none
for items left alone), one per department created or given a new filing code. Nothing is written unless the
plan has no errors; a failure half-way rolls everything back."""
from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from yiwang.audit.services import record_many
from yiwang.org.models import Department, FilingCode, Hall, Region

from .. import services
from ..domain.codes import read_item_code
from ..domain.search import index_tokens
from ..models import FeeItem, ItemStatusChange, ItemType, ItemVersion, Material, SearchToken, ServiceItem, Topic
from .planner import Plan, chunks

Status = ServiceItem.Status
CHANGE_NOTE = "Excel导入"


class PlanHasErrors(ValueError):
    pass


def _new_department_code(taken: set[str]) -> str:
    n = 1
    while f"DR{n:04d}" in taken:
        n += 1
    taken.add(f"DR{n:04d}")
    return f"DR{n:04d}"


def _region_for(area: str, regions: dict[str, Region]) -> Region:
    if area in regions:
        return regions[area]
    district = [r for r in regions.values() if r.level == Region.Level.DISTRICT]
    return district[0] if district else next(iter(regions.values()))


def _create_departments(plan: Plan, events: list) -> dict[str, Department]:
    unknown = list(plan.directory.unknown.values()) if plan.directory else []
    if not unknown:
        return {}
    regions = {r.code: r for r in Region.objects.all()}
    if not regions:
        raise PlanHasErrors("尚未建立行政区划，无法创建部门")
    area_of = {}
    for p in plan.items:
        if not hasattr(p.department, "pk") and p.department is not None:
            area_of.setdefault(p.department.key, read_item_code(p.code).parts.get("area_code", ""))
    taken = set(Department.objects.values_list("code", flat=True))
    created = {}
    for u in unknown:
        name = u.name or f"实施主体{u.code}"
        kind = Department.Kind.TOWNSHIP if name.endswith(("街道办事处", "镇人民政府", "乡人民政府", "街道")) \
            else Department.Kind.BUREAU
        dept = Department.objects.create(code=_new_department_code(taken), name=name[:100], kind=kind,
                                         uscc=u.code[:40], region=_region_for(area_of.get(u.key, ""), regions))
        created[u.key] = dept
        extra = [c for c in u.codes if c != dept.uscc]
        FilingCode.objects.bulk_create([FilingCode(department=dept, code=c[:40], note="事项目录导入") for c in extra])
        events.append({"action": "org.department.create", "target": dept,
                       "after": {"code": dept.code, "name": dept.name, "uscc": dept.uscc, "filing_codes": extra,
                                 "uscc_problem": dept.uscc_problem, "source": "catalog.import"}})
    return created


def _register_codes(plan: Plan, events: list) -> None:
    wanted = {}
    for p in plan.items:
        if p.new_code and hasattr(p.department, "pk") and p.new_code not in p.department.filing_code_list:
            wanted.setdefault((p.department.pk, p.new_code), p.department)
    if not wanted:
        return
    FilingCode.objects.bulk_create([FilingCode(department=d, code=c, note="事项目录导入")
                                    for (_, c), d in wanted.items()], ignore_conflicts=True)
    for (_, code), dept in wanted.items():
        events.append({"action": "org.department.filing_code.add", "target": dept,
                       "after": {"code": code, "source": "catalog.import"}})


def apply(plan: Plan, *, actor, progress=None) -> dict:
    """Write the plan (see the module docstring). Returns the plan's report with what was written."""
    if not plan.ok:
        raise PlanHasErrors(f"导入方案有{len(plan.errors)}处错误，未写入任何数据")
    today = timezone.localdate()
    effective = plan.effective_date or today
    in_force = effective <= today
    now = timezone.now()
    publisher = actor if getattr(actor, "pk", None) else None
    events: list[dict] = []
    todo = [p for p in plan.items if p.action in ("create", "update")]
    with transaction.atomic():
        created_depts = _create_departments(plan, events)
        for p in plan.items:
            if p.department is not None and not hasattr(p.department, "pk"):
                p.department = created_depts[p.department.key]
        _register_codes(plan, events)

        halls = {h.code: h.pk for h in Hall.objects.all()}
        topics = {t.code: t for t in Topic.objects.all()}
        new_items = [ServiceItem(code=p.code, department=p.department, name=p.fields["name"][:200],
                                 item_type=p.fields["item_type"], status=Status.ACTIVE if in_force else Status.DRAFT)
                     for p in todo if p.action == "create"]
        insert_objects(ServiceItem, new_items, key=("code",))
        it = iter(new_items)
        for p in todo:
            if p.action == "create":
                p.item = next(it)
        numbers = dict(ItemVersion.objects.filter(item__in=[p.item for p in todo if p.action == "update"])
                       .values("item").annotate(n=Max("number")).values_list("item", "n"))
        versions = []
        for p in todo:
            fields = {k: v for k, v in p.fields.items() if k in services.VERSION_FIELDS}
            versions.append(ItemVersion(
                item=p.item, number=(numbers.get(p.item.pk) or 0) + 1, state=ItemVersion.State.PUBLISHED,
                effective_date=effective, published_at=now, published_by=publisher, change_note=CHANGE_NOTE,
                **fields))
        insert_objects(ItemVersion, versions, key=("item_id", "number"))
        if progress:
            progress(len(todo) // 3, len(todo), "write")

        mats, fees, hall_links, topic_links, window_links = [], [], [], [], []
        HallLink, TopicLink = ItemVersion.halls.through, ItemVersion.topics.through
        WindowLink = ItemVersion.windows.through
        for p, v in zip(todo, versions):
            mats += [{**m, "version_id": v.pk, "order": i} for i, m in enumerate(p.materials, 1)]
            fees += [{**f, "version_id": v.pk, "order": i} for i, f in enumerate(p.fees, 1)]
            hall_links += [{"itemversion_id": v.pk, "hall_id": halls[h]} for h in sorted(set(p.halls))]
            topic_links += [{"itemversion_id": v.pk, "topic_id": topics[t].pk} for t in sorted(set(p.topics))]
            if p.base is not None:  # windows are not in the workbook: a new version keeps its windows
                window_links += [{"itemversion_id": v.pk, "window_id": w} for w in p.base.windows]
        for model, rows in ((Material, mats), (FeeItem, fees), (HallLink, hall_links), (TopicLink, topic_links),
                            (WindowLink, window_links)):
            insert_rows(model, rows)
        if progress:
            progress(2 * len(todo) // 3, len(todo), "write")

        changes, tokens, touched = [], [], []
        type_labels = {value: str(label) for value, label in ItemType.choices}
        for p, v in zip(todo, versions):
            item = p.item
            before = {"status": item.status, "current_version": item.current_version_id}
            if in_force:
                item.current_version = v
                item.name, item.item_type = v.name, v.item_type
                was = Status.DRAFT if p.action == "create" else item.status
                if was == Status.DRAFT:
                    item.status = Status.ACTIVE
                    changes.append({"item_id": item.pk, "from_status": Status.DRAFT, "to_status": Status.ACTIVE,
                                    "reason": CHANGE_NOTE, "actor_id": publisher.pk if publisher else None})
                item.search_text = services.search_text_of(
                    item, v, [topics[t].name for t in p.topics], [m["name"] for m in p.materials],
                    type_label=type_labels.get(v.item_type))
                tokens += [(item.pk, t) for t in sorted(index_tokens(item.search_text))]
            touched.append(item)
            events.append({"action": "catalog.item.import", "target": v,
                           "before": before if p.action == "update" else None,
                           "after": {"status": item.status, "current_version": item.current_version_id},
                           "data": {"item": item.code, "number": v.number, "action": p.action,
                                    "effective_date": effective.isoformat(), "snapshot": _snapshot(p)}})
        if in_force:
            SearchToken.objects.filter(item__in=[p.item for p in todo if p.action == "update"]).delete()
        _update_items(touched)
        _insert_tokens(tokens)
        insert_rows(ItemStatusChange, changes)
        _link_main_items(plan)
        record_many(events, actor=actor)
    if progress:
        progress(len(todo), len(todo), "done")
    report = plan.report()
    report["departments"]["created"] = [{"code": d.code, "name": d.name, "uscc": d.uscc,
                                         "problem": d.uscc_problem} for d in created_depts.values()]
    report["written"] = True
    return report


def _update_items(items) -> None:
    """The mirrors of the version in force, one parameterised UPDATE run for all rows (a CASE-per-row bulk_update
    is quadratic in the ORM's compiler)."""
    t = ServiceItem._meta.db_table
    with connection.cursor() as c:
        c.executemany(f"UPDATE {t} SET current_version_id = %s, name = %s, item_type = %s, status = %s, "
                      f"search_text = %s, updated_at = %s WHERE id = %s",
                      [(i.current_version_id, i.name, i.item_type, i.status, i.search_text, timezone.now(), i.pk)
                       for i in items])


def _insert_tokens(rows) -> None:
    """Search bigrams (some sixty an item): plain INSERTs, no model instance per token."""
    t = SearchToken._meta.db_table
    with connection.cursor() as c:
        for i in range(0, len(rows), 5000):
            c.executemany(f"INSERT INTO {t} (item_id, token) VALUES (%s, %s)", rows[i:i + 5000])


def _snapshot(p) -> dict:
    return {**{k: v for k, v in p.fields.items()}, "halls": sorted(p.halls), "topics": sorted(p.topics),
            "materials": p.materials, "fees": p.fees, "main_item": p.main_item}


def _link_main_items(plan: Plan) -> None:
    """Each item's main item as the file says, written only where it differs from what the item has."""
    todo = [p for p in plan.items if p.action in ("create", "update")]
    mains = {p.main_item for p in todo if p.main_item}
    if not todo or (not mains and not any(p.item.main_item_id for p in todo)):
        return
    ids = dict(ServiceItem.objects.filter(code__in=list(mains)).values_list("code", "pk")) if mains else {}
    for p in todo:
        if p.main_item:
            ids.setdefault(p.main_item, None)
    rows = [(ids[p.main_item] if p.main_item else None, p.item.pk) for p in todo
            if (ids[p.main_item] if p.main_item else None) != p.item.main_item_id]
    with connection.cursor() as c:
        c.executemany(f"UPDATE {ServiceItem._meta.db_table} SET main_item_id = %s WHERE id = %s", rows)


_PLAIN = {"AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "ForeignKey", "IntegerField",
          "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField", "TextField"}


def insert_rows(model, rows: list[dict], batch: int = 2000) -> None:
    """INSERT plain rows (dicts by field attname; a field not given takes its default, auto_now(_add) the time)
    with executemany: what bulk_create does without a model instance and compiled statement per row. Values of
    fields other than plain numbers, strings and booleans go through the field's own get_db_prep_save."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    plan = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            plan.append((f, lambda r, f=f: now, False))
        else:
            plan.append((f, lambda r, f=f: r[f.attname] if f.attname in r else f.get_default(),
                         f.get_internal_type() not in _PLAIN))
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
           f"({', '.join(connection.ops.quote_name(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    values = [tuple(f.get_db_prep_save(get(r), connection) if prep else get(r) for f, get, prep in plan)
              for r in rows]
    with connection.cursor() as c:
        for i in range(0, len(values), batch):
            c.executemany(sql, values[i:i + batch])


def insert_objects(model, objs: list, key: tuple[str, ...]) -> None:
    """insert_rows for unsaved instances, then their new ids read back by a unique key (what bulk_create's
    RETURNING gives, without its per-value compiling)."""
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    insert_rows(model, [{a: getattr(o, a) for a in fields} for o in objs])
    ids = {}
    for chunk in chunks(sorted({getattr(o, key[0]) for o in objs})):
        for row in model.objects.filter(**{f"{key[0]}__in": chunk}).values_list(*key, "pk"):
            ids[row[:-1]] = row[-1]
    for o in objs:
        o.pk = ids[tuple(getattr(o, k) for k in key)]
        o._state.adding, o._state.db = False, connection.alias
