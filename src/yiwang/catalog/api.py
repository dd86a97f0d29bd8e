"""Catalogue API: public reading of published versions; writing for the department's catalogue administrators
and system administrators (checked by the services). Serializers only shape data; rules are in services."""
import datetime as dt

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes, throttle_classes
from rest_framework.response import Response

from yiwang.org.models import Department, Region
from yiwang.security.api_auth import ExportThrottle

from . import excel, queries, services
from .models import JOINT_HANDLING_CHOICES, Bundle, FeeItem, ItemVersion, Material, ServiceItem, Topic


# ----------------------------------------------------------------------------------------- serializers
class MaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = Material
        fields = ["id", "version", "order", "code", "name", "requirement", "condition", "originals", "copies",
                  "template", "exempt_by_sharing", "sharing_source", "is_key", "deferrable",
                  "commitment_replaceable", "note"]


class FeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeeItem
        fields = ["name", "standard", "basis"]


class VersionSerializer(serializers.ModelSerializer):
    materials = MaterialSerializer(many=True, read_only=True)
    fees = FeeSerializer(many=True, read_only=True)
    halls = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    topics = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    item_type_display = serializers.CharField(source="get_item_type_display", read_only=True)
    is_immediate = serializers.BooleanField(read_only=True)
    accepts_deferral = serializers.BooleanField(read_only=True)

    class Meta:
        model = ItemVersion
        fields = ["id", "item", "number", "state", "revision", "effective_date", "published_at", "change_note",
                  *services.VERSION_FIELDS, "item_type_display", "is_immediate", "accepts_deferral", "halls",
                  "windows", "topics", "materials", "fees"]


class ItemSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    current_version = VersionSerializer(read_only=True)
    item_type_display = serializers.CharField(source="get_item_type_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft 未发布 / active 在用 / suspended 暂停 / "
                                                              "cancelled 取消 / delegated 已下放")

    class Meta:
        model = ServiceItem
        fields = ["id", "code", "name", "item_type", "item_type_display", "department", "department_name",
                  "status", "status_reason", "delegated_to_region", "delegated_to_department", "current_version"]


class ItemListSerializer(ItemSerializer):
    class Meta(ItemSerializer.Meta):
        fields = ["id", "code", "name", "item_type", "item_type_display", "department", "department_name", "status"]


class MaterialInput(serializers.Serializer):
    code = serializers.CharField(required=False, allow_blank=True)
    name = serializers.CharField(allow_blank=True)
    requirement = serializers.CharField(required=False)
    condition = serializers.CharField(required=False, allow_blank=True)
    originals = serializers.IntegerField(required=False, min_value=0)
    copies = serializers.IntegerField(required=False, min_value=0)
    exempt_by_sharing = serializers.BooleanField(required=False)
    sharing_source = serializers.CharField(required=False, allow_blank=True)
    is_key = serializers.BooleanField(required=False)
    deferrable = serializers.BooleanField(required=False)
    commitment_replaceable = serializers.BooleanField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class DraftInput(serializers.Serializer):
    """Fields of a draft; any subset on update. Validation of content is the service's job."""

    name = serializers.CharField(required=False, allow_blank=True)
    item_type = serializers.IntegerField(required=False)
    level = serializers.CharField(required=False)
    legal_basis = serializers.CharField(required=False, allow_blank=True)
    legal_limit_days = serializers.IntegerField(required=False, allow_null=True)
    promised_limit_days = serializers.IntegerField(required=False, allow_null=True)
    approval_tier = serializers.CharField(required=False)
    fully_online = serializers.BooleanField(required=False)
    max_visits = serializers.IntegerField(required=False, min_value=0)
    on_the_spot = serializers.BooleanField(required=False)
    advance_service = serializers.BooleanField(required=False)
    same_year_landing = serializers.BooleanField(required=False)
    express = serializers.BooleanField(required=False)
    conditions = serializers.CharField(required=False, allow_blank=True)
    steps = serializers.CharField(required=False, allow_blank=True)
    form_fields = serializers.CharField(required=False, allow_blank=True)
    is_free = serializers.BooleanField(required=False)
    service_8x365 = serializers.BooleanField(required=False)
    holiday_service = serializers.BooleanField(required=False)
    holiday_note = serializers.CharField(required=False, allow_blank=True)
    appointment_required = serializers.BooleanField(required=False)
    online_url = serializers.CharField(required=False, allow_blank=True)
    consult_phone = serializers.CharField(required=False, allow_blank=True)
    remedy = serializers.CharField(required=False, allow_blank=True)
    commitment_allowed = serializers.BooleanField(required=False)
    risk_domain = serializers.CharField(required=False, allow_blank=True)
    joint_handling = serializers.ChoiceField(choices=JOINT_HANDLING_CHOICES, required=False, allow_blank=True,
                                             help_text="统一办理、联合办理、集中办理（行政许可法第二十六条：四十五个工作日）")
    halls = serializers.ListField(child=serializers.CharField(), required=False)
    windows = serializers.ListField(child=serializers.IntegerField(), required=False)
    topics = serializers.ListField(child=serializers.CharField(), required=False)
    materials = MaterialInput(many=True, required=False)
    fees = FeeSerializer(many=True, required=False)


class ItemCreateInput(DraftInput):
    code = serializers.CharField(allow_blank=True)
    department = serializers.CharField(allow_blank=True, help_text="实施部门代码")


class DraftUpdateInput(DraftInput):
    revision = serializers.IntegerField(required=False, help_text="草稿修订号：与当前不符则拒绝（409）")


class PublishInput(serializers.Serializer):
    effective_date = serializers.DateField(required=False, help_text="默认今天")
    change_note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class DelegateInput(ReasonInput):
    to_region = serializers.CharField(required=False, allow_blank=True, help_text="区划代码")
    to_department = serializers.CharField(required=False, allow_blank=True, help_text="部门代码")
    new_code = serializers.CharField(required=False, allow_blank=True, help_text="承接部门的新事项编码（可选）")


class BundleSerializer(serializers.ModelSerializer):
    items = serializers.SerializerMethodField()
    topic = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft 未发布 / active 在用 / cancelled 取消")

    class Meta:
        model = Bundle
        fields = ["id", "code", "name", "description", "topic", "lead_department", "promised_limit_days",
                  "status", "items"]

    def get_items(self, obj) -> list[str]:
        return [bi.item.code for bi in obj.bundle_items.select_related("item")]


class BundleInput(serializers.Serializer):
    code = serializers.CharField(required=False, allow_blank=True)
    name = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    topic = serializers.CharField(required=False, allow_blank=True)
    lead_department = serializers.CharField(required=False, allow_blank=True)
    promised_limit_days = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    items = serializers.ListField(child=serializers.CharField(), required=False, help_text="事项编码")


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "code", "name", "audience", "order"]


# ----------------------------------------------------------------------------------------- helpers
def _visible_items(user):
    """Public items for everyone; catalogue administrators also see their departments' other items."""
    depts = services.manageable_departments(user)
    q = Q(status__in=queries.PUBLIC_STATUSES, current_version__isnull=False)
    if depts.exists():
        q |= Q(department__in=depts)
    return ServiceItem.objects.filter(q).select_related("department", "current_version")


def _by_code(model, code, field, label):
    if not code:
        return None
    obj = model.objects.filter(code=code).first()
    if obj is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({field: [f"{label}“{code}”不存在"]})
    return obj


def _valid(serializer_class, data):
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


FILTER_PARAMS = [
    OpenApiParameter("department", str, description="部门代码"),
    OpenApiParameter("item_type", int, description="事项类型编号"),
    OpenApiParameter("topic", str, description="主题代码"),
    OpenApiParameter("mode", str, description="办理方式：" + "、".join(queries.MODES)),
    OpenApiParameter("q", str, description="全文检索（中文，可两字词）"),
]


# ----------------------------------------------------------------------------------------- viewsets
class ItemViewSet(viewsets.GenericViewSet):
    """Service items. Reading: published items for everyone. Writing: catalogue administrators of the item's
    department and system administrators."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    serializer_class = ItemSerializer

    def get_queryset(self):
        return _visible_items(self.request.user)

    @extend_schema(parameters=FILTER_PARAMS, responses=ItemListSerializer(many=True))
    def list(self, request):
        p = {k: request.query_params.get(k, "").strip() for k in ("department", "item_type", "topic", "mode", "q")}
        qs = self.get_queryset()
        if p["department"]:
            qs = qs.filter(department__code=p["department"])
        if p["item_type"]:
            qs = qs.filter(item_type=p["item_type"]) if p["item_type"].isdigit() else qs.none()
        if p["topic"]:
            qs = qs.filter(current_version__topics__code=p["topic"])
        if p["mode"] in queries.MODES:
            qs = qs.filter(queries.MODES[p["mode"]][1])
        if p["q"]:
            qs = queries.search(qs, p["q"])
        page = self.paginate_queryset(qs.distinct().order_by("code"))
        return self.get_paginated_response(ItemListSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(ItemSerializer(get_object_or_404(self.get_queryset(), pk=pk)).data)

    @extend_schema(request=ItemCreateInput, responses={201: ItemSerializer})
    def create(self, request):
        data = _valid(ItemCreateInput, request.data)
        item = services.create_item(actor=request.user, **data)
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)

    def _item(self, pk):
        return get_object_or_404(ServiceItem.objects.select_related("department"), pk=pk)

    @extend_schema(methods=["GET"], responses=VersionSerializer)
    @extend_schema(methods=["PATCH"], request=DraftUpdateInput, responses=VersionSerializer)
    @action(detail=True, methods=["get", "patch"])
    def draft(self, request, pk=None):
        """GET the draft (administrators); PATCH edits it (created from the version in force if none)."""
        item = self._item(pk)
        if request.method == "GET":
            if not services.can_manage(request.user, item.department):
                raise services.NotAllowed("只有本部门事项管理员可以查看草稿")
            draft = services.get_draft(item)
            if draft is None:
                return Response({"detail": "没有草稿", "code": "not_found"}, status=404)
            return Response(VersionSerializer(draft).data)
        data = _valid(DraftUpdateInput, request.data)
        draft = services.update_draft(item, actor=request.user, expected_revision=data.pop("revision", None), **data)
        return Response(VersionSerializer(draft).data)

    @extend_schema(request=PublishInput, responses=VersionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        data = _valid(PublishInput, request.data)
        version = services.publish(self._item(pk), data.get("effective_date") or dt.date.today(), request.user,
                                   change_note=data.get("change_note", ""))
        return Response(VersionSerializer(version).data)

    def _status(self, request, pk, fn):
        data = _valid(ReasonInput, request.data)
        return Response(ItemSerializer(fn(self._item(pk), reason=data["reason"], actor=request.user)).data)

    @extend_schema(request=ReasonInput, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self._status(request, pk, services.suspend)

    @extend_schema(request=ReasonInput, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return self._status(request, pk, services.resume)

    @extend_schema(request=ReasonInput, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._status(request, pk, services.cancel)

    @extend_schema(request=DelegateInput, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def delegate(self, request, pk=None):
        data = _valid(DelegateInput, request.data)
        result = services.delegate(
            self._item(pk), reason=data["reason"], actor=request.user,
            to_region=_by_code(Region, data.get("to_region"), "to_region", "区划"),
            to_department=_by_code(Department, data.get("to_department"), "to_department", "部门"),
            new_code=data.get("new_code") or None)
        return Response(ItemSerializer(result).data)


class VersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Item versions: published ones for everyone (cases cite them); drafts only through items/{id}/draft/."""

    permission_classes = [permissions.AllowAny]
    serializer_class = VersionSerializer

    @extend_schema(parameters=[OpenApiParameter("item", int, description="事项ID")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        qs = ItemVersion.objects.filter(state=ItemVersion.State.PUBLISHED).order_by("item", "-number")
        item = self.request.query_params.get("item")
        if item:
            qs = qs.filter(item_id=item) if item.isdigit() else qs.none()
        return qs.prefetch_related("materials", "fees", "halls", "topics", "windows")


class MaterialViewSet(viewsets.ReadOnlyModelViewSet):
    """Materials of published versions (edit them through the item's draft)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = MaterialSerializer

    @extend_schema(parameters=[OpenApiParameter("version", int, description="版本ID")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        qs = Material.objects.filter(version__state=ItemVersion.State.PUBLISHED)
        v = self.request.query_params.get("version")
        if v:
            qs = qs.filter(version_id=v) if v.isdigit() else qs.none()
        return qs


class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    serializer_class = TopicSerializer
    queryset = Topic.objects.all()


class BundleViewSet(viewsets.GenericViewSet):
    """一件事: published ones for everyone, with merged materials and form; write for administrators."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    serializer_class = BundleSerializer

    def get_queryset(self):
        if self.request.user.is_authenticated and services.manageable_departments(self.request.user).exists():
            return Bundle.objects.all()
        return Bundle.objects.filter(status=Bundle.Status.ACTIVE)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset().order_by("code"))
        return self.get_paginated_response(BundleSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        b = get_object_or_404(self.get_queryset(), pk=pk)
        g = queries.bundle_guide(b)
        return Response({**BundleSerializer(b).data, "materials": g["materials"], "form_fields": g["form_fields"],
                         "total_promised_limit_days": g["promised_limit_days"]})

    def _fields(self, data):
        if "lead_department" in data:
            data["lead_department"] = _by_code(Department, data["lead_department"], "lead_department", "部门")
        if "topic" in data:
            data["topic"] = _by_code(Topic, data["topic"], "topic", "主题")
        return data

    @extend_schema(request=BundleInput, responses={201: BundleSerializer})
    def create(self, request):
        data = self._fields(_valid(BundleInput, request.data))
        b = services.create_bundle(actor=request.user, code=data.pop("code", ""), name=data.pop("name", ""),
                                   items=data.pop("items", []), **data)
        return Response(BundleSerializer(b).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BundleInput, responses=BundleSerializer)
    def partial_update(self, request, pk=None):
        data = self._fields(_valid(BundleInput, request.data))
        data.pop("code", None)
        b = services.update_bundle(get_object_or_404(Bundle, pk=pk), actor=request.user, **data)
        return Response(BundleSerializer(b).data)

    @extend_schema(request=None, responses=BundleSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        b = get_object_or_404(Bundle, pk=pk)
        if not any(services.can_manage(request.user, d) for d in
                   [b.lead_department, *[i.department for i in b.items.all()]]):
            raise services.NotAllowed("您无权发布该“一件事”")
        return Response(BundleSerializer(services.publish_bundle(b, actor=request.user)).data)


@extend_schema(responses=dict, parameters=[OpenApiParameter("department", str, description="部门代码")])
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def figures(request):
    """Catalogue figures: share fully online (target), share immediate, compression rate, materials."""
    code = request.query_params.get("department")
    dept = get_object_or_404(Department, code=code) if code else None
    return Response(queries.catalogue_figures(dept).as_dict())


@extend_schema(responses=ItemListSerializer(many=True), parameters=[OpenApiParameter("q", str, required=True)])
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def search(request):
    """Chinese full-text search over published items, most relevant first: exact name, name prefix, words in
    the name, then in the guide text; synonyms (身份证 → 居民身份证) and pinyin initials (sfz) included."""
    q = request.query_params.get("q", "").strip()
    if not q:
        return Response({"detail": "请输入检索词", "code": "invalid", "errors": {"q": ["请输入检索词"]}}, status=400)
    items = queries.ranked(queries.public_items(), q, limit=200)
    return Response(ItemListSerializer(items, many=True).data)


@extend_schema(responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes},
               parameters=[OpenApiParameter("department", str)])
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
@throttle_classes([ExportThrottle])
def export(request):
    """Excel export of published items with their materials (administrators also get their drafts). Signed-in
    callers only, a few an hour each (YIWANG_EXPORT_RATE): the workbook takes seconds to build."""
    qs = _visible_items(request.user).exclude(status__in=["cancelled", "delegated"])
    if request.query_params.get("department"):
        qs = qs.filter(department__code=request.query_params["department"])
    response = HttpResponse(excel.export_workbook(qs),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="catalog.xlsx"'
    return response
