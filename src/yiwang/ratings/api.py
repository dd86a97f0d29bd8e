"""Ratings API under /api/v1/ratings/: rate and edit (the applicant, or staff for a hotline entry), the unit's
rectifications (follow-up, reply, appeal), supervisors' review, the figures. Thin: the services decide."""
from datetime import date

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.response import Response

from yiwang.api.errors import DomainError
from yiwang.cases.queries import cases_visible_to

from . import access, channels, queries, services
from .models import Rating, Rectification


class RectificationSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    appeal_display = serializers.CharField(source="get_appeal_status_display", read_only=True)
    replied_on_time = serializers.BooleanField(read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Rectification
        fields = ["id", "rating", "department", "status", "status_display", "opened_on", "follow_up_due",
                  "reply_due", "contacted_on", "contact_method", "contact_note", "verification", "measures", "reply",
                  "replied_on", "replied_on_time", "rater_grade", "rater_comment", "appeal_status", "appeal_display",
                  "appeal_ground", "appeal_reason", "appealed_on", "review_reason", "reviewed_on", "version",
                  "actions"]

    def get_actions(self, obj) -> list[str]:
        return queries.actions_on(obj, self.context["request"].user)


class RatingSerializer(serializers.ModelSerializer):
    grade_display = serializers.CharField(source="get_grade_display", read_only=True)
    rectification = serializers.SerializerMethodField()

    class Meta:
        model = Rating
        fields = ["id", "case", "service", "department", "item", "grade", "grade_display", "negative", "tags",
                  "comment", "channel", "on_behalf", "is_default", "service_on", "rated_on", "editable_until",
                  "excluded", "excluded_reason", "version", "rectification"]

    def get_rectification(self, obj) -> dict | None:
        if not hasattr(obj, "rectification"):
            return None
        rect = obj.rectification
        return {"id": rect.pk, "status": rect.status, "status_display": rect.get_status_display(),
                "reply": rect.reply, "replied_on": rect.replied_on, "rater_grade": rect.rater_grade}


class RateInput(serializers.Serializer):
    case = serializers.IntegerField()
    service = serializers.ChoiceField(choices=["acceptance", "delivery", "case"])
    grade = serializers.IntegerField(help_text="5 非常满意 … 1 非常不满意")
    tags = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class EditInput(serializers.Serializer):
    version = serializers.IntegerField()
    grade = serializers.IntegerField()
    tags = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class FollowUpInput(serializers.Serializer):
    version = serializers.IntegerField()
    method = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)


class ReplyInput(serializers.Serializer):
    version = serializers.IntegerField()
    verification = serializers.CharField(allow_blank=True)
    measures = serializers.CharField(allow_blank=True)
    reply = serializers.CharField(allow_blank=True)


class AppealInput(serializers.Serializer):
    version = serializers.IntegerField()
    ground = serializers.CharField(allow_blank=True, help_text="unfounded 不实评价 / malicious 恶意评价")
    reason = serializers.CharField(allow_blank=True)


class ReviewInput(serializers.Serializer):
    version = serializers.IntegerField()
    uphold = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class RateRectificationInput(serializers.Serializer):
    grade = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _valid(cls, data) -> dict:
    s = cls(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


class RatingViewSet(viewsets.ReadOnlyModelViewSet):
    """Ratings the user may see: their own (applicants), their departments' (staff), all (supervisors)."""

    serializer_class = RatingSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = queries.ratings_visible_to(self.request.user).select_related("rectification")
        case = self.request.query_params.get("case")
        return qs.filter(case_id=case) if case and case.isdigit() else qs

    @extend_schema(request=RateInput, responses=RatingSerializer)
    def create(self, request):
        data = _valid(RateInput, request.data)
        case = get_object_or_404(cases_visible_to(request.user), pk=data.pop("case"))
        # the channel is the platform's record of how the rating came (the API: the mobile app; staff: hotline)
        rating = services.rate(case, actor=request.user, channel=channels.of_api(request), **data)
        return Response(RatingSerializer(rating, context={"request": request}).data, status=201)

    @extend_schema(request=EditInput, responses=RatingSerializer)
    def partial_update(self, request, pk=None):
        rating = self.get_object()
        data = _valid(EditInput, request.data)
        rating = services.edit(rating, actor=request.user, expected_version=data.pop("version"), **data)
        return Response(RatingSerializer(rating, context={"request": request}).data)

    @extend_schema(parameters=[OpenApiParameter("case", int, required=True)], responses=dict)
    @action(detail=False, methods=["get"])
    def occasions(self, request):
        """The services of a case, whether each may be rated now, and its rating."""
        case_id = request.query_params.get("case", "")
        if not case_id.isdigit():
            raise DomainError("请指定办件", field="case")
        case = get_object_or_404(cases_visible_to(request.user), pk=int(case_id))
        board = queries.rating_board(case)
        return Response([{"service": b["service"], "label": b["label"], "open": b["open"],
                          "service_on": b["service_on"], "rating": b["rating"].pk if b["rating"] else None}
                         for b in board])


class RectificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Rectifications: the handling unit's (staff of the department), the rater's own, all (supervisors).
    `?appeal=pending` lists appeals waiting for review."""

    serializer_class = RectificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = queries.rectifications_visible_to(self.request.user)
        p = self.request.query_params
        if p.get("status"):
            qs = qs.filter(status=p["status"])
        if p.get("appeal"):
            qs = qs.filter(appeal_status=p["appeal"])
        return qs

    def _done(self, rect):
        return Response(RectificationSerializer(rect, context={"request": self.request}).data)

    @extend_schema(request=FollowUpInput, responses=RectificationSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        d = _valid(FollowUpInput, request.data)
        return self._done(services.follow_up(self.get_object(), actor=request.user, expected_version=d["version"],
                                             method=d["method"], note=d["note"]))

    @extend_schema(request=ReplyInput, responses=RectificationSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        d = _valid(ReplyInput, request.data)
        return self._done(services.reply(self.get_object(), actor=request.user, expected_version=d["version"],
                                         verification=d["verification"], measures=d["measures"],
                                         reply_text=d["reply"]))

    @extend_schema(request=AppealInput, responses=RectificationSerializer)
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        d = _valid(AppealInput, request.data)
        return self._done(services.appeal(self.get_object(), actor=request.user, expected_version=d["version"],
                                          ground=d["ground"], reason=d["reason"]))

    @extend_schema(request=ReviewInput, responses=RectificationSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        d = _valid(ReviewInput, request.data)
        return self._done(services.review(self.get_object(), actor=request.user, expected_version=d["version"],
                                          uphold=d["uphold"], reason=d["reason"]))

    @extend_schema(request=RateRectificationInput, responses=RectificationSerializer)
    @action(detail=True, methods=["post"], url_path="rate")
    def rate(self, request, pk=None):
        d = _valid(RateRectificationInput, request.data)
        return self._done(services.rate_rectification(self.get_object(), actor=request.user, grade=d["grade"],
                                                      comment=d["comment"]))


def _period(request) -> tuple[date, date]:
    from django.utils import timezone

    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.query_params.get("start") or today.replace(day=1).isoformat())
        end = date.fromisoformat(request.query_params.get("end") or today.isoformat())
    except ValueError:
        raise DomainError("日期格式应为 YYYY-MM-DD", field="start") from None
    if end < start:
        raise DomainError("结束日期不能早于开始日期", field="end")
    return start, end


@extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str),
                           OpenApiParameter("department", int)], responses=dict)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def figures(request):
    """Counts per grade, negative count, rectified (on time), rectification rate. Staff: their departments;
    supervisors: any department or all."""
    start, end = _period(request)
    dep = request.query_params.get("department")
    dep = int(dep) if dep and dep.isdigit() else None
    if not access.reads_all(request.user):
        from yiwang.org.scoping import scope_of

        mine = scope_of(request.user).case_department_ids
        if not mine or (dep is not None and dep not in mine):
            raise access.Forbidden("您只能查看本部门的好差评统计")
        if dep is None and len(mine) == 1:
            dep = next(iter(mine))
        elif dep is None:
            raise DomainError("请指定部门", field="department")
    return Response(queries.figures(start, end, dep))


@extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str),
                           OpenApiParameter("department", int)], responses=dict)
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def public(request):
    """The published, anonymised summary (no names, no case numbers; phone and ID numbers masked)."""
    start, end = _period(request)
    dep = request.query_params.get("department")
    return Response(queries.public_summary(start, end, int(dep) if dep and dep.isdigit() else None))

