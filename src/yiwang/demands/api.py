"""Demands API (/api/v1/demands/…): scoped reads and every action of the loop through the service functions.
An enterprise's agent sees only its own demands, a department only demands dispatched to it, a commissioner only
their enterprises', the centre everything; anything else is a 404."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from yiwang.enterprises import access as ent_access
from yiwang.enterprises.models import Enterprise
from yiwang.org.models import User

from . import queries, services
from .models import Assignment, Category, Demand


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["code", "name", "description", "time_limit_days"]


class AssignmentSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "department", "department_name", "role", "round", "task", "status", "dispatched_on",
                  "ack_due", "reply_due", "acknowledged_on", "replied_on", "reply"]


class DemandSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default="")
    assignments = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()

    class Meta:
        model = Demand
        fields = ["id", "number", "channel", "enterprise", "enterprise_name", "person_name", "category", "title",
                  "description", "status", "status_label", "submitted_at", "accepted_on", "due_on",
                  "lead_department", "round", "answer", "answered_on", "evaluation_due", "evaluation",
                  "evaluation_comment", "reopen_count", "closed_on", "decline_reason", "version", "assignments",
                  "timeline"]

    def _internal(self, obj) -> bool:
        request = self.context.get("request")
        return bool(request and queries.may_see_internal(request.user, obj))

    def get_assignments(self, obj) -> list[dict]:
        if not self._internal(obj):
            return []
        return AssignmentSerializer(obj.assignments.select_related("department"), many=True).data

    def get_timeline(self, obj) -> list[dict]:
        return [{"at": e.at, "action": e.action, "summary": e.summary, "detail": e.detail,
                 "department": e.department.name if e.department_id else ""}
                for e in queries.timeline(obj, internal=self._internal(obj))]


class SubmitSerializer(serializers.Serializer):
    channel = serializers.CharField()
    category = serializers.CharField(required=False, allow_blank=True)
    title = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    enterprise = serializers.IntegerField(required=False, allow_null=True)
    person_name = serializers.CharField(required=False, allow_blank=True)
    person_phone = serializers.CharField(required=False, allow_blank=True)


def _body(name: str, **fields):
    return inline_serializer(name=f"Demand{name}Request", fields=fields)


VERSION = serializers.IntegerField(required=False)
TEXT = serializers.CharField(required=False, allow_blank=True)


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Category.objects.filter(is_active=True)
    serializer_class = CategorySerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"
    pagination_class = None


class DemandViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DemandSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        qs = queries.visible_demands(self.request.user).select_related("category", "enterprise")
        status_ = self.request.query_params.get("status")
        return qs.filter(status=status_) if status_ else qs

    def _done(self, d, code=status.HTTP_200_OK):
        d.refresh_from_db()
        return Response(DemandSerializer(d, context={"request": self.request}).data, status=code)

    @extend_schema(request=SubmitSerializer, responses={201: DemandSerializer})
    def create(self, request):
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        enterprise = None
        if v.get("enterprise"):
            enterprise = get_object_or_404(ent_access.visible_enterprises(request.user), pk=v["enterprise"])
        d = services.submit(actor=request.user, channel=v["channel"], category=v.get("category"),
                            title=v.get("title", ""), description=v.get("description", ""), enterprise=enterprise,
                            person_name=v.get("person_name", ""), person_phone=v.get("person_phone", ""))
        return self._done(d, status.HTTP_201_CREATED)

    @extend_schema(request=_body("Accept", expected_version=VERSION), responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._done(services.accept(self.get_object(), actor=request.user,
                                          expected_version=request.data.get("expected_version")))

    @extend_schema(request=_body("Decline", reason=TEXT, expected_version=VERSION), responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._done(services.decline(self.get_object(), actor=request.user, reason=request.data.get("reason"),
                                           expected_version=request.data.get("expected_version")))

    @extend_schema(request=_body("Dispatch", lead=serializers.IntegerField(), lead_task=TEXT,
                                 co=serializers.ListField(child=serializers.DictField(), required=False),
                                 expected_version=VERSION), responses=DemandSerializer)
    @action(detail=True, methods=["post"], url_path="dispatch")
    def dispatch_to(self, request, pk=None):  # not `dispatch`: that is the view's own entry point
        raw = request.data.get("co") or []
        if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
            raise serializers.ValidationError({"co": ["协办部门应为列表，每项写明部门（department）和办理要求（task）"]})
        co = [(c.get("department"), c.get("task")) for c in raw]
        return self._done(services.dispatch(self.get_object(), actor=request.user, lead=request.data.get("lead"),
                                            lead_task=request.data.get("lead_task"), co=co,
                                            expected_version=request.data.get("expected_version")))

    @extend_schema(request=_body("SendBack", reason=TEXT, expected_version=VERSION), responses=DemandSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        return self._done(services.send_back(self.get_object(), actor=request.user,
                                             reason=request.data.get("reason"),
                                             expected_version=request.data.get("expected_version")))

    @extend_schema(request=_body("Pass", answer=TEXT, expected_version=VERSION), responses=DemandSerializer)
    @action(detail=True, methods=["post"], url_path="pass")
    def pass_reply(self, request, pk=None):
        return self._done(services.pass_reply(self.get_object(), actor=request.user,
                                              answer=request.data.get("answer", ""),
                                              expected_version=request.data.get("expected_version")))

    @extend_schema(request=_body("Evaluate", evaluation=serializers.ChoiceField(["satisfied", "basic", "unsatisfied"]),
                                 comment=TEXT, expected_version=VERSION), responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        return self._done(services.evaluate(self.get_object(), actor=request.user,
                                            evaluation=request.data.get("evaluation"),
                                            comment=request.data.get("comment", ""),
                                            expected_version=request.data.get("expected_version")))

    @extend_schema(request=_body("Escalate", leader=serializers.IntegerField(), reason=TEXT, expected_version=VERSION),
                   responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        leader = User.objects.filter(pk=request.data.get("leader") or 0).first()
        return self._done(services.escalate(self.get_object(), actor=request.user, leader=leader,
                                            reason=request.data.get("reason"),
                                            expected_version=request.data.get("expected_version")))


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """A department's inbox: its assignments (open ones unless ?all=1)."""

    serializer_class = AssignmentSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        from yiwang.org.models import Role
        from yiwang.org.scoping import scope_of

        deps = [dep for role, dep, _h, _o in scope_of(self.request.user).staff_roles
                if role == Role.DEMAND_HANDLER and dep]
        return queries.department_inbox(deps, open_only=self.request.query_params.get("all") != "1")

    @extend_schema(request=None, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        a = services.acknowledge(self.get_object(), actor=request.user)
        return Response(AssignmentSerializer(a).data)

    @extend_schema(request=_body("Reply", text=TEXT, internal_note=TEXT), responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        a = services.reply(self.get_object(), actor=request.user, text=request.data.get("text"),
                           internal_note=request.data.get("internal_note", ""))
        return Response(AssignmentSerializer(a).data)


def enterprise_by_uscc(user, uscc: str):
    return ent_access.visible_enterprises(user).filter(uscc=str(uscc or "").strip().upper()).first() or \
        (Enterprise.objects.filter(uscc=str(uscc or "").strip().upper()).first() if services.is_centre(user) else None)
