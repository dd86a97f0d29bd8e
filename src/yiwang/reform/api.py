"""Reform API under /api/v1/reform/: read a document without saving, plans (upload, units to resolve, publish,
assessment), tasks (scoped: a unit its own and its co-unit parts, the office everything, evaluators read-only),
quarterly reports and co-unit contributions. Thin: the services decide."""
from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, permissions, serializers, viewsets
from rest_framework.decorators import action, api_view, parser_classes, permission_classes
from rest_framework.response import Response

from . import queries, services
from . import services_milestones as ms
from . import services_parts as parts
from . import services_reports as rs
from .access import ReformScope, reform_scope
from .models import Milestone, Plan, Report, Task, TaskStatus


class PlanSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    tasks = serializers.IntegerField(source="tasks.count", read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "title", "doc_number", "issued_on", "kind", "year", "status", "status_display",
                  "report_day", "weights", "published_on", "closed_on", "version", "tasks"]


class TaskSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    lead_department = serializers.CharField(source="lead.name", default=None, read_only=True)
    units = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = ["id", "plan", "path", "chapter", "section", "text", "lead_name", "lead", "lead_department",
                  "deadline", "status", "status_display", "status_reason", "confidence", "version", "units"]

    def get_units(self, obj) -> list[dict]:
        return [{"id": u.pk, "name": u.name, "department": u.department_id, "role": u.role, "catch_all": u.catch_all,
                 "part": u.part, "deadline": u.deadline, "version": u.version} for u in obj.units.all()]


class ReportSerializer(serializers.ModelSerializer):
    on_time = serializers.BooleanField(read_only=True)

    class Meta:
        model = Report
        fields = ["id", "task", "year", "quarter", "department", "due_on", "progress", "problems", "next_steps",
                  "status_reported", "confidence", "submitted_on", "on_time"]


class MilestoneSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["id", "task", "title", "due_on", "done_on", "evidence_note", "overdue", "version"]

    def get_overdue(self, obj) -> bool:
        return obj.overdue(timezone.localdate())


class MilestoneInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


class MilestoneUpdateInput(serializers.Serializer):
    version = serializers.IntegerField()
    title = serializers.CharField(max_length=200, required=False)
    due_on = serializers.DateField(required=False)
    evidence_note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class MilestoneCompleteInput(serializers.Serializer):
    version = serializers.IntegerField()
    done_on = serializers.DateField(required=False)
    evidence_note = serializers.CharField(max_length=500)


class PartInput(serializers.Serializer):
    unit = serializers.IntegerField(help_text="责任单位（units[].id）")
    version = serializers.IntegerField()
    part = serializers.CharField(max_length=300, required=False, allow_blank=True)
    deadline = serializers.DateField(required=False, allow_null=True)


class UploadInput(serializers.Serializer):
    file = serializers.FileField()
    year = serializers.IntegerField(required=False)


class ResolveInput(serializers.Serializer):
    name = serializers.CharField()
    department = serializers.IntegerField(required=False, allow_null=True)
    external = serializers.BooleanField(required=False, default=False)


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField()


class ReportInput(serializers.Serializer):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    progress = serializers.CharField()
    problems = serializers.CharField(required=False, allow_blank=True, default="")
    next_steps = serializers.CharField(required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=TaskStatus.choices, required=False)
    confidence = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=5)


class ContributionInput(serializers.Serializer):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    text = serializers.CharField()


class TaskUpdateInput(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=TaskStatus.choices, required=False)
    status_reason = serializers.CharField(required=False, allow_blank=True)
    confidence = serializers.IntegerField(required=False, allow_null=True)
    text = serializers.CharField(required=False)
    deadline = serializers.DateField(required=False, allow_null=True)


def _valid(cls, data):
    s = cls(data=data)
    s.is_valid(raise_exception=True)
    return s.validated_data


@extend_schema(request={"multipart/form-data": UploadInput}, responses={200: dict},
               summary="识别方案文件（不保存）：标题、文号、日期、层级与每项任务措施的牵头、配合单位和时限")
@api_view(["POST"])
@parser_classes([parsers.MultiPartParser])
@permission_classes([permissions.IsAuthenticated])
def read(request):
    reform_scope(request.user)
    data = _valid(UploadInput, request.data)
    reading = services.read(data["file"].name, data["file"].read(), year=data.get("year"))
    return Response(reading.as_dict())


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Plan.objects.none()  # for the schema; get_queryset scopes
    serializer_class = PlanSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        scope = reform_scope(self.request.user)
        qs = Plan.objects.all()
        return qs if scope.reads_all else qs.exclude(status=Plan.Status.DRAFT)

    @extend_schema(request={"multipart/form-data": UploadInput}, responses={201: PlanSerializer},
                   summary="上传方案文件，识别为待确认的任务")
    @action(detail=False, methods=["post"], parser_classes=[parsers.MultiPartParser])
    def upload(self, request):
        data = _valid(UploadInput, request.data)
        p = services.create_plan(actor=request.user, filename=data["file"].name, content=data["file"].read(),
                                 year=data.get("year"))
        return Response(PlanSerializer(p).data, status=201)

    @extend_schema(responses={200: dict}, summary="尚未对应平台部门的单位及候选部门")
    @action(detail=True, methods=["get"])
    def unresolved(self, request, pk=None):
        p = self.get_object()
        return Response({n: {"candidates": [{"department": c[0], "name": c[1], "score": c[2]} for c in m.candidates]}
                         for n, m in services.unresolved(p).items()})

    @extend_schema(request=ResolveInput, responses={200: dict}, summary="确认单位对应的部门（记为别名）")
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        p = self.get_object()
        d = _valid(ResolveInput, request.data)
        a = services.resolve_unit(actor=request.user, name=d["name"], department=d.get("department"),
                                  external=d["external"], plan=p)
        return Response({"alias": a.alias, "department": a.department_id, "external": a.external})

    @extend_schema(request=VersionInput, responses={200: PlanSerializer}, summary="发布方案")
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        p = services.publish_plan(actor=request.user, plan=self.get_object(),
                                  expected_version=_valid(VersionInput, request.data)["version"])
        return Response(PlanSerializer(p).data)

    @extend_schema(responses={200: dict}, summary="年度考核（含计算过程）")
    @action(detail=True, methods=["get"])
    def assessment(self, request, pk=None):
        scope = reform_scope(request.user)
        if not scope.reads_all:
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied("只有改革办、评估人员和效能监察人员可以查看考核")
        rows = queries.assessment(self.get_object(), timezone.localdate())
        return Response([{k: v for k, v in r.items() if k != "facts"} for r in rows])


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Task.objects.none()  # for the schema; get_queryset scopes
    serializer_class = TaskSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        scope = reform_scope(self.request.user)
        qs = scope.tasks(Task.objects.exclude(plan__status=Plan.Status.DRAFT) if not scope.reads_all
                         else Task.objects.all()).prefetch_related("units").select_related("lead")
        if self.request.query_params.get("plan"):
            qs = qs.filter(plan_id=self.request.query_params["plan"])
        if self.request.query_params.get("status"):
            qs = qs.filter(status=self.request.query_params["status"])
        return qs.order_by("plan", "position")

    @extend_schema(request=TaskUpdateInput, responses={200: TaskSerializer}, summary="更新任务（状态、交付把握；改革办可改内容和时限）")
    @action(detail=True, methods=["post"])
    def update_task(self, request, pk=None):
        d = dict(_valid(TaskUpdateInput, request.data))
        version = d.pop("version")
        t = services.update_task(actor=request.user, task=self.get_object(), expected_version=version, **d)
        return Response(TaskSerializer(t).data)

    @extend_schema(request=PartInput, responses={200: TaskSerializer},
                   summary="修改配合单位的分工和分工时限（牵头单位或改革办；不晚于任务完成时限）")
    @action(detail=True, methods=["post"])
    def update_part(self, request, pk=None):
        t = self.get_object()
        d = dict(_valid(PartInput, request.data))
        unit = get_object_or_404(t.units.all(), pk=d.pop("unit"))
        parts.update_part(actor=request.user, unit=unit, expected_version=d.pop("version"), **d)
        return Response(TaskSerializer(Task.objects.prefetch_related("units").get(pk=t.pk)).data)

    @extend_schema(request=ReportInput, responses={201: ReportSerializer}, summary="牵头单位报送季度情况")
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        d = _valid(ReportInput, request.data)
        r = rs.submit_report(actor=request.user, task=self.get_object(), **d)
        return Response(ReportSerializer(r).data, status=201)

    @extend_schema(request=ContributionInput, responses={201: dict}, summary="配合单位向牵头单位报送配合情况")
    @action(detail=True, methods=["post"])
    def contribute(self, request, pk=None):
        d = _valid(ContributionInput, request.data)
        c = rs.contribute(actor=request.user, task=self.get_object(), **d)
        return Response({"id": c.pk, "department": c.department_id, "submitted_on": c.submitted_on}, status=201)

    @extend_schema(responses={200: ReportSerializer(many=True)}, summary="任务的季度报送")
    @action(detail=True, methods=["get"])
    def reports(self, request, pk=None):
        return Response(ReportSerializer(self.get_object().reports.order_by("year", "quarter"), many=True).data)

    @extend_schema(methods=["get"], responses={200: MilestoneSerializer(many=True)}, summary="任务的里程碑")
    @extend_schema(methods=["post"], request=MilestoneInput, responses={201: MilestoneSerializer},
                   summary="添加里程碑（牵头单位或改革办）")
    @action(detail=True, methods=["get", "post"])
    def milestones(self, request, pk=None):
        t = self.get_object()
        if request.method == "GET":
            return Response(MilestoneSerializer(t.milestones.all(), many=True).data)
        d = _valid(MilestoneInput, request.data)
        m = ms.add_milestone(actor=request.user, task=t, title=d["title"], due_on=d["due_on"])
        return Response(MilestoneSerializer(m).data, status=201)


class MilestoneViewSet(viewsets.ReadOnlyModelViewSet):
    """Milestones, scoped as their tasks are."""

    queryset = Milestone.objects.none()  # for the schema; get_queryset scopes
    serializer_class = MilestoneSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        scope = reform_scope(self.request.user)
        tasks = scope.tasks(Task.objects.all() if scope.reads_all
                            else Task.objects.exclude(plan__status=Plan.Status.DRAFT))
        qs = Milestone.objects.filter(task__in=tasks.values("pk")).order_by("task", "due_on", "id")
        if self.request.query_params.get("task"):
            qs = qs.filter(task_id=self.request.query_params["task"])
        if self.request.query_params.get("overdue") in ("1", "true"):
            qs = qs.filter(done_on__isnull=True, due_on__lt=timezone.localdate())
        return qs

    @extend_schema(request=MilestoneUpdateInput, responses={200: MilestoneSerializer},
                   summary="修改里程碑（带版本号；他人已修改时拒绝）")
    @action(detail=True, methods=["post"], url_path="update")
    def update_milestone(self, request, pk=None):
        d = dict(_valid(MilestoneUpdateInput, request.data))
        m = ms.update_milestone(actor=request.user, milestone=self.get_object(), expected_version=d.pop("version"),
                                **d)
        return Response(MilestoneSerializer(m).data)

    @extend_schema(request=MilestoneCompleteInput, responses={200: MilestoneSerializer},
                   summary="完成里程碑（实际完成日期与佐证说明）")
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        d = dict(_valid(MilestoneCompleteInput, request.data))
        m = ms.complete_milestone(actor=request.user, milestone=self.get_object(),
                                  expected_version=d.pop("version"), **d)
        return Response(MilestoneSerializer(m).data)
