"""Read-only audit API for the audit administrator and supervisors (三员分立)."""
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .models import AuditEvent
from .services import verify


def _reads_audit(user) -> bool:
    # The one role rule of this floor-1 app lives in org (floor 2); imported late, only by this API module.
    # 三员分立: the audit administrator reads the audit trail (and 效能监察 for oversight); the system and the
    # security administrators do not read the record of their own actions.
    from yiwang.org.models import Role
    from yiwang.org.scoping import scope_of

    return scope_of(user).has(Role.AUDIT_ADMIN, Role.SUPERVISOR)


class ReadsAll(permissions.BasePermission):
    message = "只有审计管理员和效能监察人员可以查看审计日志（三员分立）"

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and _reads_audit(request.user))


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["seq", "at", "actor", "actor_name", "role", "action", "target_type", "target_id",
                  "target_repr", "before", "after", "data", "prev_hash", "hash"]
        read_only_fields = fields


FILTERS = [
    OpenApiParameter("target_type", str, description="对象类型，如 cases.case"),
    OpenApiParameter("target_id", str, description="对象编号"),
    OpenApiParameter("action", str, description="动作，如 case.accept；以 . 结尾表示前缀"),
    OpenApiParameter("actor", int, description="操作人用户 ID"),
    OpenApiParameter("since_seq", int, description="只列出序号大于此值的事件"),
]


@extend_schema_view(list=extend_schema(summary="审计事件列表", parameters=FILTERS),
                    retrieve=extend_schema(summary="按序号查看审计事件"))
class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AuditEventSerializer
    permission_classes = [ReadsAll]
    lookup_field = "seq"

    def get_queryset(self):
        qs = AuditEvent.objects.order_by("seq")
        p = self.request.query_params
        if p.get("target_type"):
            qs = qs.filter(target_type=p["target_type"])
        if p.get("target_id"):
            qs = qs.filter(target_id=p["target_id"])
        if p.get("action"):
            a = p["action"]
            qs = qs.filter(action__startswith=a) if a.endswith(".") else qs.filter(action=a)
        for name, lookup in (("actor", "actor_id"), ("since_seq", "seq__gt")):
            if p.get(name):
                try:
                    qs = qs.filter(**{lookup: int(p[name])})
                except ValueError:
                    raise serializers.ValidationError({name: ["应为整数"]}) from None
        return qs

    @extend_schema(summary="校验审计哈希链", responses={200: dict})
    @action(detail=False, methods=["get"])
    def verify(self, request):
        report = verify()
        body = {"ok": report.ok, "count": report.count, "message": report.message}
        if report.broken:
            body.update(broken_seq=report.broken.seq, reason=report.broken.reason)
        return Response(body)
