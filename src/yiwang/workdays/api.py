"""The calendar's API: read the loaded years, add working days, count working days. Thin: the core answers."""
from __future__ import annotations

from django.db.models import Count, Q
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from yiwang.api.errors import DomainError

from .core import CalendarRangeError
from .models import CalendarDay, CalendarYear
from .services import get_calendar

DATE_ERRORS = {
    "invalid": "日期格式错误，应为 YYYY-MM-DD，例如 2026-10-01。",
    "required": "请填写日期。",
    "null": "请填写日期。",
}
INT_ERRORS = {
    "invalid": "请填写整数。",
    "required": "请填写工作日数。",
    "max_value": "工作日数不能超过 {max_value}。",
    "min_value": "工作日数不能小于 {min_value}。",
}


class CalendarDaySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "kind_label", "name"]


class CalendarYearSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    provisional = serializers.BooleanField(source="is_provisional", read_only=True)
    holiday_count = serializers.IntegerField(read_only=True)
    workday_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CalendarYear
        fields = ["year", "status", "status_label", "provisional", "source", "notice", "loaded_at", "revision",
                  "holiday_count", "workday_count"]


class CalendarYearDetailSerializer(CalendarYearSerializer):
    # a plain string here, so the status enum belongs to one component only (no enum-name collision in the schema)
    status = serializers.CharField(read_only=True, help_text="announced（已公布）或 provisional（暂定）")
    days = CalendarDaySerializer(many=True, read_only=True)
    working_days = serializers.SerializerMethodField(help_text="全年工作日数")

    class Meta(CalendarYearSerializer.Meta):
        fields = CalendarYearSerializer.Meta.fields + ["working_days", "days"]

    def get_working_days(self, obj) -> int:
        return get_calendar().working_days_in_year(obj.year)


@extend_schema_view(
    list=extend_schema(summary="日历年度列表", description="已加载的年度及其状态（已公布 / 暂定）。"),
    retrieve=extend_schema(summary="某年度的节假日与调休上班日"),
)
class CalendarYearViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"
    pagination_class = None
    queryset = CalendarYear.objects.annotate(
        holiday_count=Count("days", filter=Q(days__kind=CalendarDay.Kind.HOLIDAY)),
        workday_count=Count("days", filter=Q(days__kind=CalendarDay.Kind.WORKDAY)),
    ).order_by("year")

    def get_serializer_class(self):
        return CalendarYearDetailSerializer if self.action == "retrieve" else CalendarYearSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        return qs.prefetch_related("days") if self.action == "retrieve" else qs


class AddQuery(serializers.Serializer):
    date = serializers.DateField(help_text="起始日期（不计入）", error_messages=DATE_ERRORS)
    n = serializers.IntegerField(min_value=-5000, max_value=5000, help_text="工作日数，负数向前推算", error_messages=INT_ERRORS)


class AddAnswer(serializers.Serializer):
    date = serializers.DateField()
    n = serializers.IntegerField()
    result = serializers.DateField(help_text="第 n 个工作日（n = 0 时为当日）")
    provisional = serializers.BooleanField(help_text="是否涉及尚未公布节假日安排的年度（结果暂定，公布后重算）")


class BetweenQuery(serializers.Serializer):
    a = serializers.DateField(help_text="起始日期（不计入）", error_messages=DATE_ERRORS)
    b = serializers.DateField(help_text="结束日期（计入）", error_messages=DATE_ERRORS)


class BetweenAnswer(serializers.Serializer):
    a = serializers.DateField()
    b = serializers.DateField()
    working_days = serializers.IntegerField(help_text="(a, b] 内的工作日数；b 早于 a 时为 [b, a) 内工作日数的相反数")
    provisional = serializers.BooleanField()


def _range_error(exc: CalendarRangeError, field: str) -> DomainError:
    return DomainError(exc.message, field=field, code="out_of_range")


class AddWorkingDaysView(APIView):
    @extend_schema(
        summary="某日之后第 n 个工作日",
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, required=True, description="起始日期 YYYY-MM-DD（不计入）"),
            OpenApiParameter("n", OpenApiTypes.INT, required=True, description="工作日数；0 为当日，负数向前推算"),
        ],
        responses=AddAnswer,
    )
    def get(self, request):
        query = AddQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        day, n = query.validated_data["date"], query.validated_data["n"]
        calendar = get_calendar()
        try:
            answer = calendar.add_working_days_answer(day, n)
        except CalendarRangeError as exc:
            raise _range_error(exc, "date" if not calendar.covers(day) else "n") from exc
        return Response(AddAnswer({"date": day, "n": n, "result": answer.value, "provisional": answer.provisional}).data)


class WorkingDaysBetweenView(APIView):
    @extend_schema(
        summary="两日之间的工作日数",
        parameters=[
            OpenApiParameter("a", OpenApiTypes.DATE, required=True, description="起始日期（不计入）"),
            OpenApiParameter("b", OpenApiTypes.DATE, required=True, description="结束日期（计入）"),
        ],
        responses=BetweenAnswer,
    )
    def get(self, request):
        query = BetweenQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        a, b = query.validated_data["a"], query.validated_data["b"]
        calendar = get_calendar()
        try:
            answer = calendar.working_days_between_answer(a, b)
        except CalendarRangeError as exc:
            raise _range_error(exc, "a" if not calendar.covers(a) else "b") from exc
        return Response(BetweenAnswer({"a": a, "b": b, "working_days": answer.value, "provisional": answer.provisional}).data)
