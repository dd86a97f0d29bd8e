"""Credit API: public search and verification; records (a department edits its own), import, models and measures
(the credit office), checks, repairs (subjects apply, departments decide), reports. Thin: services do the work."""
from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action, api_view, authentication_classes, parser_classes, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from yiwang.api.errors import DomainError
from yiwang.org.models import Department
from yiwang.org.scoping import scope_of

from . import access, queries, services
from .domain import kinds as k
from .models import Grade, GradeModel, Measure, Record, Repair, Report, Subject
from .services import repairs, reports


def _own_subjects(codes) -> list[int]:
    ids = []
    for code in codes:
        ids += list(Subject.objects.by_code(code).values_list("pk", flat=True))
    return ids


class RecordSerializer(serializers.ModelSerializer):
    subject_code = serializers.CharField(write_only=True)
    subject_name = serializers.CharField(write_only=True, required=False, allow_blank=True)
    subject_kind = serializers.ChoiceField(choices=Subject.Kind.choices, write_only=True, required=False)
    department_code = serializers.SlugRelatedField(source="department", slug_field="code",
                                                   queryset=Department.objects.all(), required=False,
                                                   allow_null=True)
    subject = serializers.SerializerMethodField()

    class Meta:
        model = Record
        fields = ["id", "subject", "subject_code", "subject_name", "subject_kind", "kind", "severity",
                  "special_field", "title", "decision_number", "department_code", "department_name",
                  "legal_basis", "content", "decided_on", "valid_until", "repairable_from", "publish_until",
                  "publish_due", "status", "status_reason", "correction_note", "source", "case_number", "version"]
        read_only_fields = ["repairable_from", "publish_until", "publish_due", "status", "status_reason",
                            "correction_note", "source", "case_number", "version"]

    def get_subject(self, obj) -> dict:
        return {"code": reports.public_code(obj.subject), "name": obj.subject.name}


class PublicRecordSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    department = serializers.CharField(source="source_department")

    class Meta:
        model = Record
        fields = ["id", "kind", "kind_label", "severity", "title", "decision_number", "department", "legal_basis",
                  "decided_on", "publish_until"]


class GradeSerializer(serializers.ModelSerializer):
    model_version = serializers.IntegerField(source="model.version")

    class Meta:
        model = Grade
        fields = ["kind", "grade", "group", "score", "explanation", "computed_at", "model_version", "trigger"]


def _subject_data(subject: Subject, user) -> dict:
    full = access.reads_all(user) or subject.code in access.own_codes(user)
    records = subject.records.all() if full else queries.published(subject.records.all())
    data = {"id": subject.pk, "code": subject.code if full else reports.public_code(subject), "name": subject.name,
            "kind": subject.kind, "records": PublicRecordSerializer(records.select_related("department"),
                                                                    many=True).data}
    if full:
        data.update({"risk_class": subject.risk_class, "public_grade": subject.public_grade,
                     "dishonest": subject.dishonest,
                     "grades": GradeSerializer([g for g in services.current_grades(subject).values()], many=True).data,
                     "measures": [a.as_dict() for a in services.measures_for(code=subject.code)]})
    return data


@extend_schema(parameters=[OpenApiParameter("q", str, description="名称或统一社会信用代码")], tags=["credit"],
               responses=OpenApiTypes.OBJECT,
               summary="信用公示查询（公开）")
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def search(request):
    rows = queries.search(request.query_params.get("q", ""))
    return Response([{"id": s.pk, "code": reports.public_code(s), "name": s.name, "kind": s.kind,
                      "url": f"/api/v1/credit/subjects/{s.pk}/"} for s in rows])


@extend_schema(tags=["credit"], responses=OpenApiTypes.OBJECT, summary="主体信用信息：公众看公示信息；本主体和工作人员另见评价、说明与措施")
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def subject(request, pk):
    return Response(_subject_data(get_object_or_404(Subject, pk=pk), request.user))


class CreditReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
    version = serializers.IntegerField(required=False)


class CreditCorrectSerializer(CreditReasonSerializer):
    changes = serializers.DictField()


class RecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    """Staff: records of their departments (the credit office: all); subjects: their own."""
    serializer_class = RecordSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        user = self.request.user
        qs = Record.objects.select_related("subject", "department")
        deps = access.record_departments(user)
        own = access.own_codes(user)
        if deps is None or scope_of(user).reads_all:
            base = qs
        elif deps:
            base = qs.filter(department_id__in=deps)
        else:
            base = qs.none()
        if own:
            base = base | qs.filter(subject__in=_own_subjects(own))
        if self.request.query_params.get("subject"):
            base = base.filter(subject__in=Subject.objects.by_code(self.request.query_params["subject"]))
        return base.order_by("-decided_on", "-id")

    def perform_create(self, serializer):
        v = dict(serializer.validated_data)
        serializer.instance = services.add_record(actor=self.request.user, **{
            "subject_code": v.pop("subject_code"), "subject_name": v.pop("subject_name", ""),
            "subject_kind": v.pop("subject_kind", k.LEGAL), "department": v.pop("department", None), **v})

    @extend_schema(request=CreditReasonSerializer, responses=RecordSerializer, summary="终止信用记录（保留，注明原因）")
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        body = CreditReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        r = services.end_record(self.get_object(), actor=request.user, reason=body.validated_data["reason"],
                                expected_version=body.validated_data.get("version"))
        return Response(RecordSerializer(r).data)

    @extend_schema(request=CreditCorrectSerializer, responses=RecordSerializer, summary="更正信用记录（注明原因）")
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        body = CreditCorrectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        r = services.correct_record(self.get_object(), actor=request.user, reason=body.validated_data["reason"],
                                    changes=body.validated_data["changes"],
                                    expected_version=body.validated_data.get("version"))
        return Response(RecordSerializer(r).data)

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {"file": {"type": "string",
                                                                                               "format": "binary"}}}},
                   summary="导入信用记录（任何一行有误则全部不导入，返回行号和原因）")
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser])
    def import_file(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError("请上传 .xlsx 或 .csv 文件", field="file")
        result = services.import_records(actor=request.user, file_name=upload.name, data=upload.read())
        body = {"created": result.created, "errors": [{"row": n, "message": m} for n, m in result.errors],
                "warnings": [{"row": n, "message": m} for n, m in result.warnings]}
        return Response(body, status=201 if result.ok else 400)


class MeasureSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "code", "name", "kind", "effect", "trigger_type", "trigger_values", "basis_document",
                  "basis_article", "valid_from", "valid_until", "enabled", "version"]
        read_only_fields = ["version"]


class MeasureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     viewsets.GenericViewSet):
    """Measures are public data (what applies and on what basis); the credit office creates and switches them."""
    serializer_class = MeasureSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    queryset = Measure.objects.all()
    lookup_field = "code"

    def perform_create(self, serializer):
        v = dict(serializer.validated_data)
        serializer.instance = services.save_measure(actor=self.request.user, code=v.pop("code"), **v)

    @extend_schema(request=None, responses=MeasureSerializer, summary="启用或停用措施（无法律依据的不得启用）")
    @action(detail=True, methods=["post"])
    def switch(self, request, code=None):
        m = self.get_object()
        m = services.switch_measure(m, actor=request.user, enabled=not m.enabled,
                                    expected_version=request.data.get("version"))
        return Response(MeasureSerializer(m).data)


class GradeModelSerializer(serializers.ModelSerializer):
    class Meta:
        model = GradeModel
        fields = ["id", "kind", "version", "name", "params", "status", "note", "activated_at"]
        read_only_fields = ["version", "status", "activated_at"]


class GradeModelViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    serializer_class = GradeModelSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    queryset = GradeModel.objects.all()

    def perform_create(self, serializer):
        v = serializer.validated_data
        serializer.instance = services.new_model_version(actor=self.request.user, kind=v["kind"], params=v["params"],
                                                         note=v.get("note", ""), name=v.get("name", ""))

    @extend_schema(request=None, responses=GradeModelSerializer, summary="启用该版本模型")
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return Response(GradeModelSerializer(services.activate_model(self.get_object(), actor=request.user)).data)


class CreditCheckRequest(serializers.Serializer):
    code = serializers.CharField()
    procedure = serializers.ChoiceField(choices=["intake", "approval", "inspection", "policy"])
    reference = serializers.CharField(required=False, allow_blank=True)


@extend_schema(request=CreditCheckRequest, tags=["credit"], responses={201: OpenApiTypes.OBJECT}, summary="核查主体信用（计入核查次数），返回适用的奖惩措施")
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def check(request):
    if not access.reads_all(request.user):
        raise PermissionDenied("只有工作人员可以核查主体信用")
    body = CreditCheckRequest(data=request.data)
    body.is_valid(raise_exception=True)
    v = body.validated_data
    from django.db import transaction

    deps = access.record_departments(request.user) or set()
    department = Department.objects.filter(pk__in=deps).first() if deps else None
    with transaction.atomic():
        applied = services.measures_for(code=v["code"], procedure=v["procedure"])
        chk = services.record_check(code=v["code"], procedure=v["procedure"], department=department,
                                    reference=v.get("reference", ""), applied=applied)
    return Response({"check": chk.pk, "measures": chk.outcome}, status=201)


class RepairSerializer(serializers.ModelSerializer):
    class Meta:
        model = Repair
        fields = ["id", "record", "status", "correction", "proof_name", "proof_sha256", "commitment_signed",
                  "report_number", "applied_on", "due_on", "decided_on", "decision_reason", "version"]
        read_only_fields = fields


class CreditRepairApply(serializers.Serializer):
    record = serializers.IntegerField()
    correction = serializers.CharField()
    commitment_signed = serializers.BooleanField()
    report_number = serializers.CharField(required=False, allow_blank=True)
    proof = serializers.FileField(required=False)


class CreditRepairDecide(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField()
    version = serializers.IntegerField(required=False)


class RepairViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = RepairSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        user = self.request.user
        deps = access.record_departments(user)
        qs = Repair.objects.select_related("record__subject")
        mine = Q(record__subject__in=_own_subjects(access.own_codes(user)))
        if deps is None:
            return qs
        return qs.filter(mine | Q(record__department_id__in=deps))

    @extend_schema(request={"multipart/form-data": CreditRepairApply, "application/json": CreditRepairApply},
                   responses=RepairSerializer, summary="申请信用修复（最短公示期满后）")
    @action(detail=False, methods=["post"], url_path="apply",
            parser_classes=[JSONParser, MultiPartParser, FormParser])
    def apply(self, request):
        body = CreditRepairApply(data=request.data)
        body.is_valid(raise_exception=True)
        v = body.validated_data
        record = get_object_or_404(Record, pk=v["record"])
        upload = v.get("proof")
        r = repairs.apply_repair(record, actor=request.user, correction=v["correction"],
                                 commitment_signed=v["commitment_signed"], report_number=v.get("report_number", ""),
                                 proof=(upload.name, upload.read()) if upload else None)
        return Response(RepairSerializer(r).data, status=201)

    @extend_schema(request=CreditRepairDecide, responses=RepairSerializer, summary="认定部门决定信用修复")
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        body = CreditRepairDecide(data=request.data)
        body.is_valid(raise_exception=True)
        v = body.validated_data
        r = repairs.decide_repair(self.get_object(), actor=request.user, approve=v["approve"], reason=v["reason"],
                                  expected_version=v.get("version"))
        return Response(RepairSerializer(r).data)


class CreditReportRequest(serializers.Serializer):
    subject = serializers.CharField(help_text="主体代码")
    purpose = serializers.CharField(required=False, allow_blank=True)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


@extend_schema(request=CreditReportRequest, tags=["credit"], responses=OpenApiTypes.OBJECT, summary="出具信用报告（SM2 签名）")
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def issue_report(request):
    body = CreditReportRequest(data=request.data)
    body.is_valid(raise_exception=True)
    v = body.validated_data
    subject_obj = Subject.objects.by_code(v["subject"]).first()
    if subject_obj is None:
        raise DomainError("主体不在信用主体库中", field="subject")
    r = reports.issue_report(subject_obj, actor=request.user, purpose=v.get("purpose", ""), start=v.get("start"),
                             end=v.get("end"))
    return Response({"number": r.number, "token": r.token, "records": len(r.records),
                     "pdf": f"/credit/reports/{r.number}/pdf/"}, status=201)


class CreditReportVerifyRequest(serializers.Serializer):
    payload = serializers.CharField(help_text="核验码或核验链接")


@extend_schema(request=CreditReportVerifyRequest, tags=["credit"], responses=OpenApiTypes.OBJECT, summary="核验信用报告（公开，无需登录）")
@api_view(["POST"])
@authentication_classes([])
@permission_classes([permissions.AllowAny])
def verify_report(request):
    body = CreditReportVerifyRequest(data=request.data)
    body.is_valid(raise_exception=True)
    result = reports.verify(body.validated_data["payload"])
    report = result.pop("report", None)
    if report is not None:
        result["records"] = report.records
    return Response(result)


@extend_schema(tags=["credit"], responses=OpenApiTypes.OBJECT, summary="核查与奖惩次数（按措施和部门）")
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def figures(request):
    if not access.reads_all(request.user):
        raise PermissionDenied("只有工作人员可以查看")
    return Response(services.figures())
