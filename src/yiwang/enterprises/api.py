"""Registry API: search and read profiles (scoped: an agent their own enterprise, a commissioner theirs, the
centre and the registry's readers everything; anything else is a 404), the industry table, staff edits and
agents' correction requests — all through the service functions."""
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from . import access, care, queries, services
from .models import CorrectionRequest, Enterprise, Industry, YearlyFigure


class IndustrySerializer(serializers.ModelSerializer):
    full_code = serializers.CharField(read_only=True)

    class Meta:
        model = Industry
        fields = ["code", "full_code", "level", "name", "parent", "section", "description"]


class EnterpriseListSerializer(serializers.ModelSerializer):
    scale_label = serializers.CharField(source="get_scale_display", read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "uscc", "name", "entity_type", "industry", "industry_section", "scale", "scale_label",
                  "status", "park", "region"]


class FigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = YearlyFigure
        fields = ["year", "revision", "is_current", "headcount", "revenue", "total_assets", "tax_paid", "source",
                  "note", "recorded_at"]


class EnterpriseSerializer(serializers.ModelSerializer):
    legal_representative = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()

    class Meta:
        model = Enterprise
        fields = ["id", "uscc", "name", "entity_type", "industry", "industry_section", "registered_capital",
                  "capital_currency", "founded_on", "status", "region", "park", "address", "legal_representative",
                  "contact_name", "contact_phone", "business_scope", "figures_year", "headcount", "revenue",
                  "total_assets", "tax_paid", "scale", "scale_derived", "scale_basis", "scale_override",
                  "scale_override_reason", "credit_grade", "tags", "figures", "version"]

    def get_legal_representative(self, obj) -> str:
        request = self.context.get("request")
        if request and access.is_agent(request.user, obj):
            return obj.legal_representative
        return access.mask_name(obj.legal_representative)

    def get_tags(self, obj) -> list[dict]:
        return [{"code": t.tag.code, "name": t.tag.name, "source": t.source, "reference": t.reference,
                 "valid_from": t.valid_from, "valid_to": t.valid_to} for t in obj.tags.select_related("tag")]

    def get_figures(self, obj) -> list[dict]:
        return FigureSerializer(obj.yearly_figures.filter(is_current=True), many=True).data


class EnterpriseWriteSerializer(serializers.Serializer):
    """Fields as the service reads them; the service checks them and answers field by field in Chinese."""

    uscc = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    entity_type = serializers.CharField(required=False)
    industry = serializers.CharField(required=False, allow_blank=True)
    registered_capital = serializers.CharField(required=False, allow_blank=True)
    founded_on = serializers.CharField(required=False, allow_blank=True)
    status = serializers.CharField(required=False)
    park = serializers.CharField(required=False, allow_blank=True)
    region = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    legal_representative = serializers.CharField(required=False, allow_blank=True)
    contact_name = serializers.CharField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True)
    business_scope = serializers.CharField(required=False, allow_blank=True)
    expected_version = serializers.IntegerField(required=False)


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CorrectionRequest
        fields = ["id", "changes", "reason", "status", "base_version", "requested_at", "review_note"]
        read_only_fields = ["status", "base_version", "requested_at", "review_note"]


class IndustryViewSet(viewsets.ReadOnlyModelViewSet):
    """GB/T 4754-2017: search by code prefix or name (`?q=39` or `?q=软件`), or list one level."""

    serializer_class = IndustrySerializer
    permission_classes = [permissions.AllowAny]
    lookup_value_regex = "[A-T0-9]{1,4}"

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("level", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        qs = Industry.objects.all()
        q = (self.request.query_params.get("q") or "").strip().upper()
        if q:
            digits = q[1:] if q[:1].isalpha() and q[1:].isdigit() else q
            qs = qs.filter(code__startswith=digits) if digits.isdigit() else qs.filter(name__contains=q)
        level = self.request.query_params.get("level")
        return qs.filter(level=level) if level else qs


def _id_param(params, name: str) -> int | None:
    """An id filter of the list (park, region): empty is none; anything but a number is a field error."""
    value = (params.get(name) or "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit():
        raise serializers.ValidationError({name: ["应为编号（整数）"]})
    return int(value)


class EnterpriseViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated]

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return EnterpriseWriteSerializer
        return EnterpriseListSerializer if self.action == "list" else EnterpriseSerializer

    def get_queryset(self):
        qs = access.visible_enterprises(self.request.user)
        if self.action != "list":
            return qs
        p = self.request.query_params
        return queries.search(qs, q=p.get("q", ""), industry=p.get("industry", ""), park=_id_param(p, "park"),
                              scale=p.get("scale", ""), tag=p.get("tag", ""), status=p.get("status", ""),
                              region=_id_param(p, "region"))

    @extend_schema(parameters=[OpenApiParameter(n, str) for n in ("q", "industry", "park", "scale", "tag", "status",
                                                                   "region")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=EnterpriseWriteSerializer, responses={201: EnterpriseSerializer})
    def create(self, request, *args, **kwargs):
        if not access.may_edit(request.user):
            raise PermissionDenied("只有企业服务中心人员可以建立企业档案")
        data = EnterpriseWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("expected_version", None)
        e = services.register_enterprise(actor=request.user, uscc=fields.pop("uscc", ""),
                                         name=fields.pop("name", ""), **fields)
        return Response(EnterpriseSerializer(e, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EnterpriseWriteSerializer, responses=EnterpriseSerializer)
    def partial_update(self, request, *args, **kwargs):
        e = self.get_object()
        if not access.may_edit(request.user):
            raise PermissionDenied("企业经办人请通过更正申请修改档案")
        data = EnterpriseWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("uscc", None)
        e = services.update_enterprise(e, actor=request.user, expected_version=fields.pop("expected_version", None),
                                       **fields)
        return Response(EnterpriseSerializer(e, context={"request": request}).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=CorrectionSerializer, responses={201: CorrectionSerializer})
    @action(detail=True, methods=["post"])
    def corrections(self, request, pk=None):
        """An agent asks for a correction; staff confirm it on the corrections page."""
        e = self.get_object()
        c = care.request_correction(e, actor=request.user, changes=request.data.get("changes") or {},
                                    reason=request.data.get("reason", ""))
        return Response(CorrectionSerializer(c).data, status=status.HTTP_201_CREATED)
