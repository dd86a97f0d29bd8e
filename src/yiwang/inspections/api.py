"""Inspections API (/api/v1/inspections/…). Item lists, plans, announced tasks with their published files, draws
with replay, published results, 首违不罚 lists and benchmarks are public; directories, drafts, drawn inspectors,
result entry and violations are scoped to the departments a user manages (anything else is a 404)."""
from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.response import Response

from yiwang.api.errors import DomainError
from yiwang.org.models import Department

from . import access, queries, services
from .domain import draw as core
from .models import (Assignment, Benchmark, Inspector, Item, LeniencyEntry, OtherObject, Plan, Result, Sampled, Task,
                     Violation)


def _date(value, field):
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DomainError("日期格式应为YYYY-MM-DD", field=field) from None


def _datetime(value, field):
    from django.utils import timezone

    try:
        v = dt.datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise DomainError("时间格式应为YYYY-MM-DDTHH:MM", field=field) from None
    return timezone.make_aware(v) if timezone.is_naive(v) else v


def _data(request) -> dict:
    d = request.data
    if not isinstance(d, dict):
        raise DomainError("请求体应为JSON对象", field="body")
    return d


def _list(value, field) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, (str, int)) for v in value):
        raise DomainError("应为字符串列表", field=field)
    return [str(v) for v in value]


def _dict(value, field) -> dict:
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise DomainError("应为对象（键值对）", field=field)
    return value


def _int(value, field) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DomainError("应为整数", field=field) from None


def _bool(value) -> bool:
    return value in (True, 1, "1", "true", "True", "on")


def _department(code, field="department") -> Department:
    d = Department.objects.filter(code=str(code or "")).first()
    if d is None:
        raise DomainError("部门不存在", field=field)
    return d


def _managed(user):
    return access.departments(user)


# ---- serializers ---------------------------------------------------------------------------------------------------
class InspectionItemSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Item
        fields = ["id", "code", "name", "department", "department_name", "legal_basis", "object_kinds", "content",
                  "method", "kind", "kind_label", "version"]


class InspectionOtherObjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = OtherObject
        fields = ["id", "kind", "code", "name", "owner_uscc", "industry_section", "scale", "risk_class", "licences",
                  "address", "active"]


class InspectionInspectorSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.code", read_only=True)
    conflicts = serializers.SerializerMethodField()

    class Meta:
        model = Inspector
        fields = ["id", "name", "cert_no", "department", "fields", "available", "unavailable_reason", "conflicts",
                  "version"]

    def get_conflicts(self, obj) -> list[dict]:
        return [{"id": c.pk, "object_code": c.object_code, "kind": c.kind, "note": c.note,
                 "declared_on": c.declared_on, "ended_on": c.ended_on} for c in obj.conflicts.all()]


class InspectionPlanSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.code", read_only=True)
    participants = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "number", "kind", "year", "title", "department", "participants"]


class InspectionTaskSerializer(serializers.ModelSerializer):
    plan = serializers.CharField(source="plan.number", read_only=True)
    items = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    seed = serializers.CharField(source="draw.seed", read_only=True, default="")
    corrects = serializers.CharField(source="corrects.number", read_only=True, default="")

    class Meta:
        model = Task
        fields = ["id", "number", "title", "plan", "items", "scope", "ratios", "uses_risk_classes",
                  "public_info_check", "inspectors_per_object", "starts_on", "ends_on", "seed_sources", "draw_at",
                  "status", "status_label", "snapshot_hash", "announced_at", "seed", "corrects", "version"]


class InspectionAssignmentSerializer(serializers.ModelSerializer):
    inspector = serializers.CharField(source="inspector.name", read_only=True)
    cert_no = serializers.CharField(source="inspector.cert_no", read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "inspector", "cert_no", "department", "order", "recused", "recusal_reason", "replaces"]


class InspectionSampledSerializer(serializers.ModelSerializer):
    assignments = InspectionAssignmentSerializer(many=True, read_only=True)
    task = serializers.CharField(source="task.number", read_only=True)

    class Meta:
        model = Sampled
        fields = ["id", "task", "code", "kind", "name", "risk_class", "rank", "score", "visit_on", "notice",
                  "inspected_on", "entry_due", "publish_due", "published_at", "assignments", "version"]


class InspectionResultSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.code", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    object_code = serializers.CharField(source="sampled.code", read_only=True)
    object_name = serializers.CharField(source="sampled.name", read_only=True)

    class Meta:
        model = Result
        fields = ["id", "object_code", "object_name", "item", "outcome", "outcome_label", "detail", "follow_up",
                  "rectify_by", "recheck_on", "recheck_outcome", "handed_to", "late_entry"]


class InspectionViolationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Violation
        fields = ["id", "result", "subject_code", "code", "circumstance", "first_time", "minor", "corrected",
                  "harmless", "proposal", "proposal_basis", "proposal_detail", "decision", "override_reason",
                  "decision_number", "penalty", "decided_on", "credit_record_id", "version"]


class InspectionLeniencySerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.code", read_only=True)

    class Meta:
        model = LeniencyEntry
        fields = ["id", "department", "code", "violation", "basis", "conditions"]


class InspectionBenchmarkSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.code", read_only=True)

    class Meta:
        model = Benchmark
        fields = ["id", "department", "code", "violation", "circumstance", "low", "high", "basis"]


def _body(schema_name, **fields):
    return inline_serializer(name=f"Inspection{schema_name}Request", fields=fields)


TEXT = serializers.CharField(required=False, allow_blank=True)
LIST = serializers.ListField(child=serializers.CharField(), required=False)
VERSION = serializers.IntegerField(required=False)


# ---- viewsets ------------------------------------------------------------------------------------------------------
class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    """The public 抽查事项清单; ?department=SCJ for one department's list. POST: a manager adds an item."""

    serializer_class = InspectionItemSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        qs = queries.public_items()
        dep = self.request.query_params.get("department")
        return qs.filter(department__code=dep) if dep else qs

    @extend_schema(request=_body("Item", department=serializers.CharField(), code=serializers.CharField(),
                                 name=serializers.CharField(), legal_basis=serializers.CharField(), object_kinds=LIST,
                                 content=serializers.CharField(), method=serializers.CharField(), kind=TEXT),
                   responses={201: InspectionItemSerializer})
    def create(self, request):
        if not request.user.is_authenticated:
            return Response({"detail": "请先登录"}, status=status.HTTP_401_UNAUTHORIZED)
        d = _data(request)
        item = services.save_item(actor=request.user, department=_department(d.get("department")),
                                  code=d.get("code"), name=d.get("name"), legal_basis=d.get("legal_basis"),
                                  object_kinds=_list(d.get("object_kinds"), "object_kinds"), content=d.get("content"),
                                  method=d.get("method"), kind=d.get("kind") or "general")
        return Response(InspectionItemSerializer(item).data, status=status.HTTP_201_CREATED)


class InspectorViewSet(viewsets.ReadOnlyModelViewSet):
    """The 执法检查人员名录 of the departments the user manages."""

    serializer_class = InspectionInspectorSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        deps = _managed(self.request.user)
        qs = Inspector.objects.select_related("department").prefetch_related("conflicts")
        return qs if deps is None else qs.filter(department_id__in=deps)

    @extend_schema(request=_body("Inspector", department=serializers.CharField(), name=serializers.CharField(),
                                 cert_no=serializers.CharField(), fields=LIST), responses={201: InspectionInspectorSerializer})
    def create(self, request):
        d = _data(request)
        i = services.save_inspector(actor=request.user, department=_department(d.get("department")),
                                    name=d.get("name"), cert_no=d.get("cert_no"), fields=_list(d.get("fields"), "fields"))
        return Response(InspectionInspectorSerializer(i).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=_body("Conflict", object_code=serializers.CharField(), kind=serializers.CharField(),
                                 note=TEXT, declared_on=TEXT), responses={201: InspectionInspectorSerializer})
    @action(detail=True, methods=["post"])
    def conflicts(self, request, pk=None):
        i = self.get_object()
        d = _data(request)
        services.declare_conflict(actor=request.user, inspector=i, object_code=d.get("object_code"),
                                  kind=d.get("kind"), note=str(d.get("note", "")),
                                  declared_on=_date(d.get("declared_on"), "declared_on"))
        return Response(InspectionInspectorSerializer(i).data, status=status.HTTP_201_CREATED)


class OtherObjectViewSet(viewsets.ReadOnlyModelViewSet):
    """The object directory beyond the registry (products, construction projects, sites), for inspection staff."""

    serializer_class = InspectionOtherObjectSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if not access.reads_internal(self.request.user):
            return OtherObject.objects.none()
        qs = OtherObject.objects.filter(active=True)
        kind = self.request.query_params.get("kind")
        return qs.filter(kind=kind) if kind else qs

    @extend_schema(request=_body("OtherObject", department=serializers.CharField(), kind=serializers.CharField(),
                                 code=serializers.CharField(), name=serializers.CharField(), owner_uscc=TEXT,
                                 industry_section=TEXT, scale=TEXT, risk_class=TEXT, licences=LIST, address=TEXT),
                   responses={201: InspectionOtherObjectSerializer})
    def create(self, request):
        d = _data(request)
        obj = services.add_object(actor=request.user, department=_department(d.get("department")),
                                  kind=str(d.get("kind") or ""), code=d.get("code", ""), name=d.get("name", ""),
                                  owner_uscc=str(d.get("owner_uscc") or "")[:18],
                                  industry_section=str(d.get("industry_section") or "")[:1],
                                  scale=str(d.get("scale") or "")[:10], risk_class=str(d.get("risk_class") or ""),
                                  licences=_list(d.get("licences"), "licences"), address=str(d.get("address") or "")[:200])
        return Response(InspectionOtherObjectSerializer(obj).data, status=status.HTTP_201_CREATED)


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InspectionPlanSerializer
    permission_classes = [permissions.AllowAny]
    queryset = Plan.objects.select_related("department").prefetch_related("participants")

    @extend_schema(request=_body("Plan", department=serializers.CharField(), year=serializers.IntegerField(),
                                 title=serializers.CharField(), kind=TEXT, participants=LIST),
                   responses={201: InspectionPlanSerializer})
    def create(self, request):
        if not request.user.is_authenticated:
            return Response({"detail": "请先登录"}, status=status.HTTP_401_UNAUTHORIZED)
        d = _data(request)
        plan = services.create_plan(actor=request.user, department=_department(d.get("department")),
                                    year=_int(d.get("year"), "year"), title=d.get("title"),
                                    kind=str(d.get("kind") or "annual"),
                                    participants=[_department(c, "participants")
                                                  for c in _list(d.get("participants"), "participants")])
        return Response(InspectionPlanSerializer(plan).data, status=status.HTTP_201_CREATED)


def _visible_tasks(user):
    qs = Task.objects.select_related("plan", "plan__department", "corrects").prefetch_related("items")
    deps = _managed(user)
    if deps is None:
        return qs
    return qs.filter(~Q(status=Task.Status.DRAFT) | Q(plan__department_id__in=deps))


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """Tasks (public once announced). Files: params.json, snapshot.csv, seed.json, selection.csv; `inclusion` for
    one enterprise's check; POST actions for the task's department."""

    serializer_class = InspectionTaskSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return _visible_tasks(self.request.user)

    @extend_schema(request=_body("Task", plan=serializers.CharField(), title=serializers.CharField(), items=LIST,
                                 starts_on=serializers.DateField(), ends_on=serializers.DateField(),
                                 seed_sources=LIST, draw_at=serializers.DateTimeField(),
                                 ratios=serializers.DictField(required=False), scope=serializers.DictField(required=False),
                                 uses_risk_classes=serializers.BooleanField(required=False),
                                 public_info_check=serializers.BooleanField(required=False),
                                 corrects=TEXT), responses={201: InspectionTaskSerializer})
    def create(self, request):
        if not request.user.is_authenticated:
            return Response({"detail": "请先登录"}, status=status.HTTP_401_UNAUTHORIZED)
        d = _data(request)
        plan = Plan.objects.filter(number=str(d.get("plan") or "")).first()
        if plan is None:
            raise DomainError("计划不存在", field="plan")
        codes = _list(d.get("items"), "items")
        items = list(Item.objects.filter(code__in=codes))
        if len(items) != len(set(codes)):
            raise DomainError("抽查事项编码有误", field="items")
        corrects = Task.objects.filter(number=str(d.get("corrects"))).first() if d.get("corrects") else None
        task = services.create_task(
            actor=request.user, plan=plan, title=d.get("title"), items=items,
            starts_on=_date(d.get("starts_on"), "starts_on"), ends_on=_date(d.get("ends_on"), "ends_on"),
            seed_sources=_list(d.get("seed_sources"), "seed_sources"),
            draw_at=_datetime(d.get("draw_at"), "draw_at"), ratios=_dict(d.get("ratios"), "ratios"),
            scope=_dict(d.get("scope"), "scope"), uses_risk_classes=_bool(d.get("uses_risk_classes", True)),
            public_info_check=_bool(d.get("public_info_check", False)), corrects=corrects)
        return Response(InspectionTaskSerializer(task).data, status=status.HTTP_201_CREATED)

    def _done(self, task, code=status.HTTP_200_OK):
        task.refresh_from_db()
        return Response(InspectionTaskSerializer(task).data, status=code)

    @extend_schema(request=_body("Announce", expected_version=VERSION), responses=InspectionTaskSerializer)
    @action(detail=True, methods=["post"])
    def announce(self, request, pk=None):
        return self._done(services.announce_task(actor=request.user, task=self.get_object(),
                                                 expected_version=_data(request).get("expected_version")))

    @extend_schema(request=_body("Draw", values=LIST, witnesses=serializers.CharField()), responses=InspectionTaskSerializer)
    @action(detail=True, methods=["post"])
    def draw(self, request, pk=None):
        task = self.get_object()
        d = _data(request)
        services.draw_task(actor=request.user, task=task, values=_list(d.get("values"), "values"),
                           witnesses=d.get("witnesses"))
        return self._done(task)

    @extend_schema(request=None, responses=InspectionTaskSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        task = self.get_object()
        services.publish(actor=request.user, task=task)
        return self._done(task)

    @extend_schema(responses={(200, "text/plain"): str})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<name>params\.json|snapshot\.csv|seed\.json|selection\.csv)")
    def files(self, request, pk=None, name=None):
        task = self.get_object()
        body = published_file(task, name)
        if body is None:
            return Response({"detail": "该文件尚未公布"}, status=status.HTTP_404_NOT_FOUND)
        resp = HttpResponse(body, content_type="application/json; charset=utf-8" if name.endswith(".json")
                            else "text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{task.number}-{name}"'
        return resp

    @extend_schema(parameters=[OpenApiParameter("uscc", str)],
                   responses=inline_serializer("InspectionInclusion", {"included": serializers.BooleanField(),
                                                                       "score": serializers.CharField(),
                                                                       "cutoff": serializers.CharField()}))
    @action(detail=True, methods=["get"])
    def inclusion(self, request, pk=None):
        task = self.get_object()
        return Response(inclusion(task, request.query_params.get("uscc", ""),
                                  request.query_params.get("risk_class", "")))

    @extend_schema(responses=InspectionResultSerializer(many=True))
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        return Response(InspectionResultSerializer(queries.published_results(self.get_object()), many=True).data)


def published_file(task: Task, name: str):
    if task.status == Task.Status.DRAFT:
        return None
    if name == "params.json":
        return task.params_json
    if name == "snapshot.csv":
        return task.snapshot
    draw = getattr(task, "draw", None)
    if draw is None:
        return None
    return draw.seed_json if name == "seed.json" else draw.selection


def inclusion(task: Task, uscc: str, risk_class: str = "") -> dict:
    import json

    draw = getattr(task, "draw", None)
    if draw is None:
        raise DomainError("该任务尚未抽取", field="task")
    uscc = "".join(str(uscc).split()).upper()
    if not uscc:
        raise DomainError("请输入统一社会信用代码", field="uscc")
    algorithm = json.loads(task.params_json)["algorithm"]
    cls = risk_class or next((line.split(",")[2] for line in task.snapshot.split("\n")[1:]
                              if line.startswith(uscc + ",")), "")
    if cls not in core.CLASSES:
        return {"in_snapshot": False, "included": False, "score": core.score(algorithm, draw.seed, uscc),
                "cutoff": "", "risk_class": ""}
    score = core.score(algorithm, draw.seed, uscc)
    return {"in_snapshot": True, "included": core.included(algorithm, draw.seed, uscc, cls, draw.cutoffs),
            "score": score, "cutoff": draw.cutoffs.get(cls, ""), "risk_class": cls}


class SampledViewSet(viewsets.ReadOnlyModelViewSet):
    """Drawn objects of tasks the user's departments lead or take part in, with their inspectors."""

    serializer_class = InspectionSampledSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        qs = Sampled.objects.select_related("task").prefetch_related("assignments__inspector",
                                                                     "assignments__department")
        deps = _managed(self.request.user)
        inspector = getattr(self.request.user, "inspector", None) if self.request.user.is_authenticated else None
        if deps is None:
            return qs
        q = Q(task__plan__department_id__in=deps) | Q(task__plan__participants__in=deps)
        if inspector is not None:
            q |= Q(assignments__inspector=inspector)
        return qs.filter(q).distinct()

    @extend_schema(request=_body("Visit", visit_on=serializers.DateField(), expected_version=VERSION),
                   responses=InspectionSampledSerializer)
    @action(detail=True, methods=["post"])
    def visit(self, request, pk=None):
        d = _data(request)
        s = services.schedule_visit(actor=request.user, sampled=self.get_object(),
                                    visit_on=_date(d.get("visit_on"), "visit_on"),
                                    expected_version=d.get("expected_version"))
        return Response(InspectionSampledSerializer(s).data)

    @extend_schema(request=_body("Recuse", assignment=serializers.IntegerField(), reason=serializers.CharField()),
                   responses=InspectionSampledSerializer)
    @action(detail=True, methods=["post"])
    def recuse(self, request, pk=None):
        s = self.get_object()
        d = _data(request)
        a = get_object_or_404(Assignment, pk=_int(d.get("assignment"), "assignment"), sampled=s)
        services.recuse(actor=request.user, assignment=a, reason=d.get("reason"))
        return Response(InspectionSampledSerializer(Sampled.objects.get(pk=s.pk)).data)

    @extend_schema(request=_body("Result", item=serializers.CharField(), outcome=serializers.CharField(),
                                 inspected_on=serializers.DateField(), detail=TEXT, follow_up=TEXT,
                                 rectify_by=TEXT, handed_to=TEXT), responses={201: InspectionResultSerializer})
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        s = self.get_object()
        d = _data(request)
        item = s.task.items.filter(code=str(d.get("item") or "")).first()
        if item is None:
            raise DomainError("不是本任务的抽查事项", field="item")
        r = services.enter_result(actor=request.user, sampled=s, item=item, outcome=d.get("outcome"),
                                  inspected_on=_date(d.get("inspected_on"), "inspected_on"),
                                  detail=str(d.get("detail") or ""), follow_up=str(d.get("follow_up") or ""),
                                  rectify_by=_date(d.get("rectify_by"), "rectify_by"),
                                  handed_to=str(d.get("handed_to") or ""))
        return Response(InspectionResultSerializer(r).data, status=status.HTTP_201_CREATED)


class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Results of the objects the user's departments inspect; `recheck` records the re-check of a rectification."""

    serializer_class = InspectionResultSerializer
    permission_classes = [permissions.IsAuthenticated]

    @staticmethod
    def scoped(user):
        deps = _managed(user)
        qs = Result.objects.select_related("sampled", "item").order_by("-entered_at", "-id")
        inspector = getattr(user, "inspector", None) if user.is_authenticated else None
        if deps is None:
            return qs
        q = Q(item__department_id__in=deps)
        if inspector is not None:
            q |= Q(sampled__assignments__inspector=inspector)
        return qs.filter(q).distinct()

    def get_queryset(self):
        return self.scoped(self.request.user)

    @extend_schema(request=_body("Recheck", recheck_on=serializers.DateField(), outcome=serializers.CharField()),
                   responses=InspectionResultSerializer)
    @action(detail=True, methods=["post"])
    def recheck(self, request, pk=None):
        d = _data(request)
        r = services.record_recheck(actor=request.user, result=self.get_object(),
                                    recheck_on=_date(d.get("recheck_on"), "recheck_on"), outcome=d.get("outcome", ""))
        return Response(InspectionResultSerializer(r).data)


class ViolationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InspectionViolationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        deps = _managed(self.request.user)
        qs = Violation.objects.order_by("-recorded_at", "-id")
        return qs if deps is None else qs.filter(department_id__in=deps)

    @extend_schema(request=_body("Violation", result=serializers.IntegerField(), code=serializers.CharField(),
                                 circumstance=serializers.CharField(), minor=serializers.BooleanField(),
                                 corrected=serializers.BooleanField(), harmless=serializers.BooleanField()),
                   responses={201: InspectionViolationSerializer})
    def create(self, request):
        d = _data(request)
        r = get_object_or_404(ResultViewSet.scoped(request.user), pk=_int(d.get("result"), "result"))
        v = services.record_violation(actor=request.user, result=r, code=d.get("code"),
                                      circumstance=d.get("circumstance"), minor=_bool(d.get("minor")),
                                      corrected=_bool(d.get("corrected")), harmless=_bool(d.get("harmless")))
        return Response(InspectionViolationSerializer(v).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=_body("Decide", decision=serializers.CharField(), reason=TEXT, decision_number=TEXT,
                                 penalty=TEXT, expected_version=VERSION), responses=InspectionViolationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        d = _data(request)
        v = services.decide_violation(actor=request.user, violation=self.get_object(), decision=d.get("decision"),
                                      reason=str(d.get("reason") or ""),
                                      decision_number=str(d.get("decision_number") or ""),
                                      penalty=str(d.get("penalty") or ""), expected_version=d.get("expected_version"))
        return Response(InspectionViolationSerializer(v).data)


class LeniencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Published 首违不罚 lists (?department=SCJ)."""

    serializer_class = InspectionLeniencySerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        qs = LeniencyEntry.objects.select_related("department").order_by("department__code", "code")
        dep = self.request.query_params.get("department")
        return qs.filter(department__code=dep) if dep else qs


class BenchmarkViewSet(LeniencyViewSet):
    """Published discretion benchmarks (裁量基准)."""

    serializer_class = InspectionBenchmarkSerializer

    def get_queryset(self):
        qs = Benchmark.objects.select_related("department").order_by("department__code", "code", "circumstance")
        dep = self.request.query_params.get("department")
        return qs.filter(department__code=dep) if dep else qs


@extend_schema(request=_body("Replay", params=serializers.CharField(), snapshot=serializers.CharField(),
                             seed=serializers.CharField(), selection=serializers.CharField()),
               responses=inline_serializer("InspectionReplayResult", {"verdict": serializers.CharField(),
                                                                      "problems": serializers.ListField()}))
@api_view(["POST"])
@permission_classes([permissions.AllowAny])
def replay(request):
    """Recompute a draw from the four published files (as text) and say 一致 or 不一致."""
    d = _data(request)
    r = core.replay(*(str(d.get(k, "")).encode("utf-8") for k in ("params", "snapshot", "seed", "selection")))
    return Response({"verdict": r.verdict, "problems": r.problems, "seed": r.seed, "drawn": r.drawn})
