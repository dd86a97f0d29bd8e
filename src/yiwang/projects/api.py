"""Construction-projects API (/api/v1/projects/…): projects with their stages, items and whole-chain clock; register a
project; the stage form and filing a stage; the risk matrix and its versions; the stage plan. Scoped as the pages: the
builder's agents see their projects, a department the projects with its items (and only its items), the review
centre and the construction bureau everything; anything else is a 404."""
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from yiwang.enterprises import access as ent_access
from yiwang.enterprises.models import Industry
from yiwang.org.models import Park, Region

from . import access, queries, services
from .domain.classes import STAGE_LABELS, Stage
from .models import KIND_CHOICES, Project, RiskMatrix, StageItem


class ProjectSerializer(serializers.ModelSerializer):
    builder_name = serializers.CharField(source="builder.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    route_label = serializers.CharField(source="get_route_display", read_only=True)
    risk_label = serializers.CharField(source="get_risk_level_display", read_only=True)
    park_name = serializers.CharField(source="park.name", read_only=True, default="")
    tracking = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", "code", "name", "builder", "builder_name", "kind", "kind_label", "target_days", "region",
                  "park", "park_name", "address", "land_area", "floor_area", "height", "use", "hazardous",
                  "ecological", "special_zone", "total_investment", "industry", "risk_level", "risk_label",
                  "risk_reasons", "risk_matrix_number", "excluded", "route", "route_label", "route_reason", "version",
                  "tracking"]

    def get_tracking(self, obj) -> dict:
        request = self.context.get("request")
        deps = access.department_ids(request.user) if request and not access.is_builder_agent(request.user, obj) \
            else None
        row = queries.tracking_row(obj, departments=deps)
        c = row["clock"]
        return {
            "stage": row["stage"].stage if row["stage"] else None, "stage_label": row["stage_label"],
            "government_days": c.government, "builder_days": c.days["builder"],
            "intermediary_days": c.days["intermediary"], "special_days": c.days["special"],
            "target_days": row["target"], "days_left": c.left, "warning": row["warning"], "over": row["over"],
            "bottleneck": row["bottleneck"], "reasked_fields": row["reasked"], "by_stage": c.by_stage,
            "items": [{"stage": i["stage"], "item": i["item"], "department": i["department"], "state": i["state"],
                       "case": i["case"].number if i["case"] else None, "parallel": i["parallel"], "days": i["days"]}
                      for i in row["items"]],
        }


class RegisterSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    builder = serializers.IntegerField()
    kind = serializers.ChoiceField([k for k, _l in KIND_CHOICES])
    region = serializers.CharField(help_text="12位区划代码")
    park = serializers.CharField(required=False, allow_blank=True, help_text="园区代码")
    address = serializers.CharField(required=False, allow_blank=True)
    land_area = serializers.CharField()
    floor_area = serializers.CharField()
    height = serializers.CharField()
    use = serializers.CharField()
    total_investment = serializers.CharField()
    industry = serializers.CharField(required=False, allow_blank=True)
    hazardous = serializers.BooleanField(required=False, default=False)
    ecological = serializers.BooleanField(required=False, default=False)
    special_zone = serializers.CharField(required=False, default="无")


STAGE_PARAM = OpenApiParameter("stage", str, enum=[s.value for s in Stage], description="阶段代码")


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProjectSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        qs = access.visible_projects(self.request.user).select_related("builder", "region", "park")
        for field in ("kind", "route", "park"):
            value = self.request.query_params.get(field)
            if value:
                qs = qs.filter(**({"park__code": value} if field == "park" else {field: value}))
        return qs.order_by("-id")

    def _done(self, p, code=status.HTTP_200_OK):
        p = Project.objects.get(pk=p.pk)
        return Response(ProjectSerializer(p, context={"request": self.request}).data, status=code)

    @extend_schema(request=RegisterSerializer, responses={201: ProjectSerializer})
    def create(self, request):
        data = RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        builder = ent_access.visible_enterprises(request.user).filter(pk=v["builder"]).first()
        if builder is None:
            raise serializers.ValidationError({"builder": ["建设单位不存在，或您不能以其名义登记项目"]})
        region = Region.objects.filter(code=v["region"]).first()
        if region is None:
            raise serializers.ValidationError({"region": ["区划代码不存在"]})
        park = Park.objects.filter(code=v["park"]).first() if v.get("park") else None
        if v.get("park") and park is None:
            raise serializers.ValidationError({"park": ["园区代码不存在"]})
        industry = Industry.objects.filter(code=v["industry"]).first() if v.get("industry") else None
        p = services.register_project(
            actor=request.user, code=v["code"], name=v["name"], builder=builder, kind=v["kind"], region=region,
            park=park, address=v.get("address", ""), land_area=v["land_area"], floor_area=v["floor_area"],
            height=v["height"], use=v["use"], total_investment=v["total_investment"], industry=industry,
            hazardous=v["hazardous"], ecological=v["ecological"], special_zone=v["special_zone"])
        return self._done(p, status.HTTP_201_CREATED)

    @extend_schema(parameters=[STAGE_PARAM], responses=inline_serializer("ProjectStageForm", fields={
        "stage": serializers.CharField(), "asked": serializers.ListField(child=serializers.CharField()),
        "reused": serializers.DictField(), "items": serializers.ListField(child=serializers.DictField()),
        "spared": serializers.ListField(child=serializers.DictField()),
        "materials": serializers.ListField(child=serializers.DictField()),
        "refusal": serializers.CharField(allow_null=True)}))
    @action(detail=True, methods=["get"])
    def form(self, request, pk=None):
        """The stage's one form: the fields to fill, the ones reused, its items (parallel or following) and whether
        the stage may be filed now."""
        p = self.get_object()
        try:
            stage = Stage(request.query_params.get("stage", ""))
        except ValueError:
            raise serializers.ValidationError({"stage": ["阶段不正确"]}) from None
        plan, f = services.form_of(p, stage)
        return Response({
            "stage": stage.value, "stage_label": STAGE_LABELS[stage], "asked": list(f.asked), "reused": f.reused,
            "items": [{"item": i.rule.name, "parallel": i.parallel} for i in plan.items],
            "spared": [{"item": r.name, "why": why} for r, why in plan.spared],
            "materials": [{"key": m["key"], "name": m["name"], "items": m["items"]}
                          for m in services.stage_materials(plan)],
            "refusal": services.filing_refusal_of(p, stage)})

    @extend_schema(request=inline_serializer("ProjectStageFiling", fields={
        "stage": serializers.CharField(), "answers": serializers.DictField(),
        "expected_version": serializers.IntegerField()}), responses={201: ProjectSerializer})
    @action(detail=True, methods=["post"])
    def stages(self, request, pk=None):
        """一表申请: file a stage with the form's answers (materials by merged key as multipart files
        `material:<key>`)."""
        p = self.get_object()
        answers = request.data.get("answers") or {}
        if not isinstance(answers, dict):
            raise serializers.ValidationError({"answers": ["申请表应为“字段: 值”的对象"]})
        files = {k.removeprefix("material:"): f for k, f in request.FILES.items() if k.startswith("material:")}
        services.file_stage(p, request.data.get("stage", ""), actor=request.user, answers=answers, files=files,
                            expected_version=request.data.get("expected_version") or 0)
        return self._done(p, status.HTTP_201_CREATED)


class RiskMatrixSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskMatrix
        fields = ["number", "data", "note", "created_at"]


class RiskMatrixViewSet(viewsets.ReadOnlyModelViewSet):
    """The risk matrix's versions (newest first); `current/` is the one in force (version 0: the shipped one)."""

    serializer_class = RiskMatrixSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "number"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return RiskMatrix.objects.all() if access.is_centre(self.request.user) else RiskMatrix.objects.none()

    @extend_schema(responses=RiskMatrixSerializer)
    @action(detail=False, methods=["get"])
    def current(self, request):
        number, data = services.current_matrix()
        return Response({"number": number, "data": data, "note": "", "created_at": None})

    @extend_schema(request=inline_serializer("RiskMatrixSave", fields={
        "data": serializers.DictField(), "note": serializers.CharField(required=False, allow_blank=True),
        "expected_number": serializers.IntegerField()}), responses={201: RiskMatrixSerializer})
    def create(self, request):
        try:
            expected = int(request.data.get("expected_number"))
        except (TypeError, ValueError):
            raise serializers.ValidationError({"expected_number": ["请提供当前版本号"]}) from None
        row = services.save_matrix(request.data.get("data"), actor=request.user, expected_number=expected,
                                   note=request.data.get("note", ""))
        return Response(RiskMatrixSerializer(row).data, status=status.HTTP_201_CREATED)


class StageItemSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    stage = serializers.CharField(source="item.project_stage", read_only=True)
    department = serializers.CharField(source="item.department.name", read_only=True)
    after_name = serializers.CharField(source="after.item.name", read_only=True, default=None)

    class Meta:
        model = StageItem
        fields = ["id", "item", "item_code", "item_name", "stage", "department", "kinds", "routes", "after",
                  "after_name", "assessment", "fields", "order"]


class StageItemViewSet(viewsets.ReadOnlyModelViewSet):
    """The stage plan: each catalogue item of the chain, its classes and routes, what it follows."""

    serializer_class = StageItemSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None

    def get_queryset(self):
        return StageItem.objects.select_related("item__department", "after__item").order_by("item__project_stage",
                                                                                             "order", "id")

