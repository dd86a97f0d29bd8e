"""E-supervision API (/api/v1/supervision/…) for other systems — the provincial e-supervision platform, the reform
office's indicators, machine clients — scoped as the pages are: efficiency supervisors (and a machine client holding
`supervision:read`) everything, section heads and unit leaders their own departments, anyone else a 403.

Warnings, anomalies and supervision orders are listed with filters by department, level, kind, status and period;
the efficiency figures come with their definitions and their freshness. Orders are issued, answered and closed
through the same service functions as the pages, with the version check."""
from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from . import figures, services
from .access import SupervisionScope
from .models import Anomaly, RunState, SupervisionOrder, Warning


class _ClientScope:
    """A machine client with `supervision:read` reads district-wide, as a supervisor's page does; it acts as no
    person, so it issues and answers nothing."""

    is_supervisor, allowed, department_ids = True, True, frozenset()

    def filter(self, qs, field="department_id"):
        return qs

    def sees_department(self, department_id):
        return True


def scope_for(request):
    if getattr(request._request, "yiwang_client", None) is not None:
        return _ClientScope()
    if not request.user or not request.user.is_authenticated:
        raise NotAuthenticated()
    scope = SupervisionScope(request.user)
    if not scope.allowed:
        raise PermissionDenied("只有效能监察人员、科室负责人和单位负责人可以查看电子监察")
    return scope


def _day(request, name: str) -> date | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: [f"日期格式应为 YYYY-MM-DD，收到“{value}”"]}) from None


def _int(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise ValidationError({name: ["应为整数编号"]})
    return int(value)


def _choice(request, name: str, choices) -> str | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if value not in dict(choices):
        raise ValidationError({name: ["可选：" + "、".join(str(c) for c, _l in choices)]})
    return value


class _Filtered:
    """Filters shared by the lists: department, and a period over `period_field`."""

    period_field = ""

    def common(self, qs):
        request = self.request
        department = _int(request, "department")
        if department is not None:
            qs = qs.filter(department_id=department)
        since, until = _day(request, "since"), _day(request, "until")
        if since and until and since > until:
            raise ValidationError({"until": ["结束日期不能早于开始日期"]})
        if since:
            qs = qs.filter(**{f"{self.period_field}__gte": since})
        if until:
            qs = qs.filter(**{f"{self.period_field}__lte": until})
        return qs


    def active(self, qs):
        """`active`: true (the default) the current ones, false the cleared ones, anything else both."""
        value = self.request.query_params.get("active", "true")
        if value in ("true", "1"):
            return qs.filter(active=True)
        if value in ("false", "0"):
            return qs.filter(active=False)
        return qs


PERIOD = [OpenApiParameter("department", int), OpenApiParameter("since", str, description="YYYY-MM-DD"),
          OpenApiParameter("until", str, description="YYYY-MM-DD")]


# ---- warnings ---------------------------------------------------------------------------------------------------------
class WarningSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True, default=None)
    demand_number = serializers.CharField(source="demand_assignment.demand.number", read_only=True, default=None)
    rating = serializers.IntegerField(source="rectification.rating_id", read_only=True, default=None)

    class Meta:
        model = Warning
        fields = ["id", "kind", "kind_label", "level", "level_label", "department", "department_name", "case",
                  "case_number", "demand_number", "rectification", "rating", "due_on", "remaining_days", "detail",
                  "active", "first_seen_on", "level_since", "cleared_on"]


@extend_schema(tags=["supervision"], parameters=[*PERIOD, OpenApiParameter("level", str, enum=["yellow", "red"]),
                                                 OpenApiParameter("kind", str), OpenApiParameter("active", bool)])
class WarningViewSet(_Filtered, viewsets.ReadOnlyModelViewSet):
    """Deadline warnings (yellow and red), as the hourly task keeps them; `since`/`until` over the day first seen."""

    serializer_class = WarningSerializer
    permission_classes = [permissions.AllowAny]  # scope_for decides (a person's roles, or a client's scope)
    period_field = "first_seen_on"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator asks without a request's person
            return Warning.objects.none()
        scope = scope_for(self.request)
        qs = scope.filter(Warning.objects.select_related("department", "case", "demand_assignment__demand",
                                                           "rectification"))
        qs = self.common(qs)
        level = _choice(self.request, "level", [("yellow", ""), ("red", "")])
        if level:
            qs = qs.filter(level=level)
        kind = _choice(self.request, "kind", Warning._meta.get_field("kind").choices)
        if kind:
            qs = qs.filter(kind=kind)
        qs = self.active(qs)
        return qs.order_by("-level", "due_on", "id")


# ---- anomalies --------------------------------------------------------------------------------------------------------
class AnomalySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True, default=None)

    class Meta:
        model = Anomaly
        fields = ["id", "kind", "kind_label", "department", "department_name", "case", "case_number", "summary",
                  "evidence", "active", "found_on"]


@extend_schema(tags=["supervision"], parameters=[*PERIOD, OpenApiParameter("kind", str),
                                                 OpenApiParameter("active", bool)])
class AnomalyViewSet(_Filtered, viewsets.ReadOnlyModelViewSet):
    """Procedure anomalies with their evidence; `since`/`until` over the day found."""

    serializer_class = AnomalySerializer
    permission_classes = [permissions.AllowAny]
    period_field = "found_on"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Anomaly.objects.none()
        qs = self.common(scope_for(self.request).filter(Anomaly.objects.select_related("department", "case")))
        kind = _choice(self.request, "kind", Anomaly._meta.get_field("kind").choices)
        if kind:
            qs = qs.filter(kind=kind)
        qs = self.active(qs)
        return qs.order_by("-found_on", "id")


# ---- orders -----------------------------------------------------------------------------------------------------------
class OrderSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True, default=None)
    answered_on_time = serializers.BooleanField(read_only=True)

    class Meta:
        model = SupervisionOrder
        fields = ["id", "number", "status", "status_label", "department", "department_name", "case", "case_number",
                  "warning", "anomaly", "instruction", "issued_on", "reply_days", "reply_due", "due_provisional",
                  "escalation", "escalated_on", "red_on", "reply", "replied_on", "answered_on_time", "closed_on",
                  "closing_note", "version"]


VERSION = serializers.IntegerField(help_text="the order's version as read (a stale one is a 409)")
IssueRequest = inline_serializer("SupervisionOrderIssueRequest", fields={
    "instruction": serializers.CharField(), "warning": serializers.IntegerField(required=False),
    "anomaly": serializers.IntegerField(required=False), "department": serializers.IntegerField(required=False),
    "reply_days": serializers.IntegerField(required=False)})


@extend_schema(tags=["supervision"], parameters=[*PERIOD, OpenApiParameter(
    "status", str, enum=[s for s, _l in SupervisionOrder.Status.choices])])
class OrderViewSet(_Filtered, viewsets.ReadOnlyModelViewSet):
    """Supervision orders (督办) with their replies; `since`/`until` over the day issued."""

    serializer_class = OrderSerializer
    permission_classes = [permissions.AllowAny]
    period_field = "issued_on"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SupervisionOrder.objects.none()
        qs = self.common(scope_for(self.request).filter(
            SupervisionOrder.objects.select_related("department", "case")))
        st = _choice(self.request, "status", SupervisionOrder.Status.choices)
        if st:
            qs = qs.filter(status=st)
        return qs.order_by("-issued_on", "-id")

    def _person(self, request):
        if getattr(request._request, "yiwang_client", None) is not None or not request.user.is_authenticated:
            raise PermissionDenied("督办须由工作人员本人发起、答复或办结")
        return request.user

    @extend_schema(request=IssueRequest, responses={201: OrderSerializer})
    def create(self, request):
        actor = self._person(request)
        scope_for(request)
        data = request.data
        warning = anomaly = None
        if data.get("warning") not in (None, ""):
            warning = get_object_or_404(scope_for(request).filter(Warning.objects.all()), pk=_pk(data, "warning"))
        if data.get("anomaly") not in (None, ""):
            anomaly = get_object_or_404(scope_for(request).filter(Anomaly.objects.all()), pk=_pk(data, "anomaly"))
        department = _pk(data, "department") if data.get("department") not in (None, "") else None
        order = services.issue_order(actor=actor, instruction=data.get("instruction", ""), warning=warning,
                                     anomaly=anomaly, department=department, reply_days=data.get("reply_days"))
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=inline_serializer("SupervisionOrderReplyRequest", fields={
        "reply": serializers.CharField(), "expected_version": VERSION}), responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        actor = self._person(request)
        order = services.reply_order(self.get_object(), actor=actor, reply=request.data.get("reply", ""),
                                     expected_version=_version(request))
        return Response(OrderSerializer(order).data)

    @extend_schema(request=inline_serializer("SupervisionOrderCloseRequest", fields={
        "note": serializers.CharField(required=False, allow_blank=True), "expected_version": VERSION}),
        responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        actor = self._person(request)
        order = services.close_order(self.get_object(), actor=actor, note=request.data.get("note", ""),
                                     expected_version=_version(request))
        return Response(OrderSerializer(order).data)


def _pk(data, name: str) -> int:
    value = data.get(name)
    if isinstance(value, bool) or not str(value).isdigit():
        raise ValidationError({name: ["应为整数编号"]})
    return int(value)


def _version(request) -> int:
    value = request.data.get("expected_version")
    if value in (None, ""):
        raise ValidationError({"expected_version": ["请提供读取时的版本号（防止覆盖他人的修改）"]})
    return _pk(request.data, "expected_version")


# ---- figures ----------------------------------------------------------------------------------------------------------
class FiguresView(APIView):
    """The efficiency figures for a period by one dimension (the dashboard's), each with its definition, the
    department ranking and the freshness of the figures (when the rollup last ran)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=["supervision"], parameters=[
        OpenApiParameter("start", str, description="YYYY-MM-DD（默认本月1日）"),
        OpenApiParameter("end", str, description="YYYY-MM-DD（默认今天）"),
        OpenApiParameter("dimension", str, enum=list(figures.DIMENSIONS))],
        responses=inline_serializer("SupervisionFigures", fields={
            "start": serializers.DateField(), "end": serializers.DateField(), "dimension": serializers.CharField(),
            "definitions": serializers.ListField(child=serializers.DictField()),
            "groups": serializers.ListField(child=serializers.DictField()), "total": serializers.DictField(),
            "ranking": serializers.ListField(child=serializers.DictField()),
            "rollup_ran_at": serializers.DateTimeField(allow_null=True),
            "warnings_ran_at": serializers.DateTimeField(allow_null=True)}))
    def get(self, request):
        scope = scope_for(request)
        today = timezone.localdate()
        start = _day(request, "start") or today.replace(day=1)
        end = _day(request, "end") or today
        if start > end:
            raise ValidationError({"end": ["结束日期不能早于开始日期"]})
        dimension = request.query_params.get("dimension") or "department"
        if dimension not in figures.DIMENSIONS:
            raise ValidationError({"dimension": ["可选：" + "、".join(figures.DIMENSIONS)]})
        dept_ids = None if scope.is_supervisor else sorted(scope.department_ids)
        data = figures.dashboard(start, end, dimension, dept_ids, {})
        runs = dict(RunState.objects.filter(name__in=["rollups", "warnings"]).values_list("name", "ran_at"))
        return Response({
            "start": start, "end": end, "dimension": dimension,
            "definitions": [{"key": k, "label": label, "unit": unit, "definition": text}
                            for k, label, unit, text in figures.DEFINITIONS],
            "groups": [_plain(g) for g in data["groups"]], "total": _plain(data["total"]),
            "ranking": [_plain(r) for r in data.get("ranking", [])], "rollup_ran_at": runs.get("rollups"),
            "warnings_ran_at": runs.get("warnings"),
        })


def _plain(row) -> dict:
    """A figures row as JSON (keys as strings, nothing but numbers, text and None)."""
    out = {}
    for k, v in dict(row).items():
        if isinstance(v, (int, float, str)) or v is None:
            out[str(k)] = v
        elif isinstance(v, date):
            out[str(k)] = v.isoformat()
        else:
            out[str(k)] = str(v)
    return out
