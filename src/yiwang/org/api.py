"""Org API: public reference data (regions, departments, halls) and scoped applicant records."""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.response import Response

from . import masking, services
from .models import Applicant, Department, Hall, Region, Role, Window
from .queries import applicants_visible_to
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

    def to_representation(self, instance):
        """Personal identifiers masked for everyone (the masking module's rules); the whole values only through
        the audited reveal."""
        data = super().to_representation(instance)
        data.update(masking.masked_applicant(instance))
        return data


class ApplicantRevealInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                   help_text="查看完整信息的事由（如：窗口核验身份、审查办件）")


class ApplicantRevealSerializer(serializers.Serializer):
    id_number = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()


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
        if request.method in permissions.SAFE_METHODS or getattr(view, "action", None) == "reveal":
            return True  # the reveal judges its own rule (masking.may_reveal)
        # Clerks register applicants at the window; an applicant registers themself.
        return scope.has(Role.CLERK) or request.user.kind == request.user.Kind.APPLICANT


class ApplicantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """Applicants, their identifiers masked. Applicants see their own records (and their enterprise's); staff who
    handle cases see the applicants of their departments' and halls' cases, and clerks look one up by exact
    identifier at the window; supervisors see all. The full identifiers: `POST …/{id}/reveal/`, for the roles
    that need them, audited."""

    serializer_class = ApplicantSerializer
    permission_classes = [ApplicantPermission]

    def get_queryset(self):
        qs = applicants_visible_to(self.request.user)
        scope = scope_of(self.request.user)
        if self.action == "list":
            wanted = self.request.query_params.get("id_number")
            if scope.has(Role.CLERK) and wanted:
                found = services.find_applicant(wanted)
                return Applicant.objects.filter(pk__in=[found.pk] if found else [])
            if not scope.reads_all:
                # Browsing is for one's own records; staff find an applicant by exact identifier or by case.
                return qs.filter(pk__in=scope.applicant_ids)
        return qs

    @extend_schema(request=ApplicantRevealInput, responses=ApplicantRevealSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The applicant's full ID number, phone, e-mail and address, for a role that needs them (window clerks,
        the case's reviewers and deciders) or the applicant themself; each reveal is in the audit chain."""
        applicant = self.get_object()
        body = ApplicantRevealInput(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            return Response(masking.reveal(request.user, applicant, reason=body.validated_data.get("reason", "")))
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None

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
             "id_number": masking.mask_identifier(a.kind, a.id_number)}
            for a in applicants
        ],
    })
