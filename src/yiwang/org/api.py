"""Org API: public reference data (regions, departments, halls) and scoped applicant records."""
from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from . import services
from .identifiers import mask_ric, mask_uscc
from .models import Applicant, Department, Hall, Region, Role, Window
from .scoping import scope_of


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "short_name", "kind", "uscc", "region", "phone", "address"]


class WindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Window
        fields = ["id", "number", "name", "kind", "departments"]


class HallSerializer(serializers.ModelSerializer):
    windows = WindowSerializer(many=True, read_only=True)

    class Meta:
        model = Hall
        fields = ["id", "code", "name", "kind", "region", "address", "phone", "opening_hours",
                  "open_on_holidays", "holiday_hours", "windows"]


class ApplicantSerializer(serializers.ModelSerializer):
    may_use_lenient_procedures = serializers.BooleanField(read_only=True)

    class Meta:
        model = Applicant
        fields = ["id", "kind", "name", "id_number", "phone", "email", "address", "legal_representative",
                  "is_dishonest", "commitment_breached", "may_use_lenient_procedures"]
        read_only_fields = ["is_dishonest", "commitment_breached"]
        # Uniqueness and the identifier's check digit are judged by the service, with Chinese messages.
        validators = []


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    pagination_class = None


class RegionViewSet(ReferenceViewSet):
    """Administrative regions (市 → 区 → 街镇 → 村居)."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer


class DepartmentViewSet(ReferenceViewSet):
    """Implementing departments (委办局)."""

    queryset = Department.objects.filter(is_active=True).select_related("region")
    serializer_class = DepartmentSerializer


class HallViewSet(ReferenceViewSet):
    """Service halls and their windows."""

    queryset = Hall.objects.prefetch_related("windows__departments")
    serializer_class = HallSerializer


class ApplicantPermission(permissions.BasePermission):
    message = "您无权查看或登记申请人"

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        scope = scope_of(request.user)
        if request.method in permissions.SAFE_METHODS:
            return True
        # Clerks register applicants at the window; an applicant registers themself.
        return scope.has(Role.CLERK, Role.SYSADMIN) or request.user.kind == request.user.Kind.APPLICANT


class ApplicantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """Applicants. Applicants see their own records (and their enterprise's); clerks look one up by exact
    identifier at the window; supervisors and system administrators see all."""

    serializer_class = ApplicantSerializer
    permission_classes = [ApplicantPermission]

    def get_queryset(self):
        scope = scope_of(self.request.user)
        qs = Applicant.objects.all()
        if scope.reads_all:
            return qs
        own = Q(pk__in=scope.applicant_ids)
        if scope.has(Role.CLERK):
            wanted = self.request.query_params.get("id_number")
            if self.action == "list" and wanted:
                found = services.find_applicant(wanted)
                return qs.filter(own | Q(pk=found.pk if found else None))
            if self.action == "retrieve":
                return qs
        return qs.filter(own)

    @extend_schema(parameters=[OpenApiParameter("id_number", str, description="居民身份证号或统一社会信用代码（窗口查询）")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        user = self.request.user
        own_account = user if (user.kind == user.Kind.APPLICANT and data["kind"] == Applicant.Kind.NATURAL
                               and not hasattr(user, "applicant")) else None
        applicant = services.register_applicant(
            actor=user, kind=data["kind"], name=data["name"], id_number=data["id_number"],
            phone=data.get("phone", ""), email=data.get("email", ""), address=data.get("address", ""),
            legal_representative=data.get("legal_representative", ""), user=own_account,
        )
        if user.kind == user.Kind.APPLICANT and own_account is None:
            applicant.agents.add(user)
        serializer.instance = applicant


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    kind = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    department_ids = serializers.ListField(child=serializers.IntegerField())
    hall_ids = serializers.ListField(child=serializers.IntegerField())
    applicants = serializers.ListField(child=serializers.DictField())


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def me(request):
    """The logged-in user, their roles and scope."""
    user = request.user
    scope = scope_of(user)
    applicants = Applicant.objects.filter(pk__in=scope.applicant_ids)
    return Response({
        "username": user.username,
        "display_name": user.display_name or user.get_full_name() or user.username,
        "kind": user.kind,
        "roles": sorted(scope.roles),
        "department_ids": sorted(scope.department_ids),
        "hall_ids": sorted(scope.hall_ids),
        "applicants": [
            {"id": a.id, "kind": a.kind, "name": a.name,
             "id_number": mask_ric(a.id_number) if a.kind == a.Kind.NATURAL else mask_uscc(a.id_number)}
            for a in applicants
        ],
    })
