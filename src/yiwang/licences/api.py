"""Licences API: public verification; scoped list/detail, PDF and revocation for staff and holders."""
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action, api_view, authentication_classes, parser_classes, permission_classes
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from yiwang.api.errors import DomainError

from . import lifecycle, services
from .access import visible_licences
from .models import Licence, LicenceEvent, LicenceRequest
from .pdf import render_pdf
from .verification import as_dict, verify_token
from .views import token_from_upload


class LicenceEventSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = LicenceEvent
        fields = ["kind", "label", "on", "at", "note", "changes"]
        read_only_fields = fields


class LicenceRequestSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = LicenceRequest
        fields = ["id", "kind", "kind_label", "status", "status_label", "applied_on", "requested_until", "changes",
                  "reason", "decided_on", "decision_note"]
        read_only_fields = fields


class LicenceSerializer(serializers.ModelSerializer):
    holder_id = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField(help_text="您现在可办理的：apply_renewal、decide_renewal、"
                                                                  "apply_change、decide_change、cancel")
    renewal_apply_by = serializers.SerializerMethodField(help_text="延续申请的最后日期（有效期届满前三十日）")
    events = LicenceEventSerializer(many=True, read_only=True)
    requests = LicenceRequestSerializer(many=True, read_only=True)
    department_code = serializers.CharField(source="department.code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    key_id = serializers.CharField(source="signing_key.key_id", read_only=True)

    class Meta:
        model = Licence
        fields = ["id", "number", "licence_type", "holder_name", "holder_kind", "holder_id", "scope", "valid_from",
                  "valid_until", "department", "department_code", "department_name", "issued_on", "issued_at",
                  "key_id", "token", "case_ref", "case_number", "status", "revoked_at", "revoked_reason",
                  "cancel_ground", "deemed_renewed", "renewal_apply_by", "events", "requests", "allowed_actions",
                  "version"]
        read_only_fields = fields

    def get_holder_id(self, obj) -> str:
        return services.mask_holder_id(obj.holder_kind, obj.holder_id_number)

    def get_allowed_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        return lifecycle.allowed_actions(obj, request.user) if request else []

    def get_renewal_apply_by(self, obj) -> str | None:
        d = lifecycle.renewal_apply_by(obj)
        return d.isoformat() if d else None


class VerifyRequest(serializers.Serializer):
    payload = serializers.CharField(required=False, allow_blank=True, help_text="核验码或核验链接")
    file = serializers.FileField(required=False, help_text="电子证照 PDF")


class RevokeRequest(serializers.Serializer):
    ground = serializers.ChoiceField(choices=list(lifecycle.GROUNDS), required=False, default="revoked",
                                     help_text="注销情形（行政许可法第七十条）")
    reason = serializers.CharField(allow_blank=True, help_text="注销原因")


class VersionedRequest(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="查看时的证照版本")


class RenewalRequest(VersionedRequest):
    requested_until = serializers.DateField(required=False, allow_null=True, help_text="申请延续至（空：同样期限）")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class DecideRequest(VersionedRequest):
    grant = serializers.BooleanField(help_text="准予")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500,
                                 help_text="理由（不予时必填）")


class DecideRenewalRequest(DecideRequest):
    valid_until = serializers.DateField(required=False, allow_null=True, help_text="延续至（空：申请的日期）")


class ChangeRequest(VersionedRequest):
    changes = serializers.DictField(child=serializers.CharField(allow_blank=True),
                                    help_text="变更的内容：holder_name（持证主体名称）、scope（许可范围）")
    reason = serializers.CharField(max_length=500, help_text="申请变更的理由")


VerifyResponse = inline_serializer("LicenceVerifyResult", {
    "status": serializers.ChoiceField(choices=["valid", "revoked", "forged", "superseded"]),
    "status_label": serializers.CharField(),
    "reason": serializers.CharField(),
    "revoked_at": serializers.DateTimeField(allow_null=True),
    "revoked_reason": serializers.CharField(),
    "licence": serializers.DictField(allow_null=True),
    "history": serializers.ListField(child=serializers.DictField(), help_text="延续、变更、注销记录"),
    "deemed_renewed": serializers.BooleanField(help_text="视为准予延续（第五十条）"),
    "current_valid_until": serializers.CharField(help_text="扫描件已被更新时：现行有效期至"),
})


@extend_schema(request=VerifyRequest, responses=VerifyResponse, tags=["licences"],
               summary="核验电子证照（公开，无需登录）")
@api_view(["POST"])
@authentication_classes([])
@permission_classes([permissions.AllowAny])
@parser_classes([JSONParser, MultiPartParser, FormParser])
def verify(request):
    body = VerifyRequest(data=request.data)
    body.is_valid(raise_exception=True)
    upload = body.validated_data.get("file")
    token = token_from_upload(upload) if upload else (body.validated_data.get("payload") or "").strip()
    if not token:
        field = "file" if upload else "payload"
        raise DomainError("请提供核验码，或上传平台签发的电子证照 PDF" if not upload
                          else "该文件中没有找到电子证照核验码", field=field)
    return Response(as_dict(verify_token(token)))


def _valid(serializer_class, request) -> dict:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


class LicenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = LicenceSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        qs = visible_licences(self.request.user).prefetch_related("events", "requests")
        if self.request.query_params.get("case_ref"):
            qs = qs.filter(case_ref=self.request.query_params["case_ref"])
        if self.request.query_params.get("status"):
            qs = qs.filter(status=self.request.query_params["status"])
        return qs

    @extend_schema(request=RevokeRequest, responses=LicenceSerializer, summary="注销电子证照（立即生效）")
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        body = RevokeRequest(data=request.data)
        body.is_valid(raise_exception=True)
        licence = services.revoke_licence(self.get_object(), body.validated_data["reason"], request.user,
                                          ground=body.validated_data["ground"])
        return Response(LicenceSerializer(licence, context={"request": request}).data)

    def _done(self, request, licence):
        licence = visible_licences(request.user).get(pk=licence.pk)
        return Response(LicenceSerializer(licence, context={"request": request}).data)

    @extend_schema(request=RenewalRequest, responses=LicenceSerializer,
                   summary="申请延续（第五十条：有效期届满三十日前）")
    @action(detail=True, methods=["post"], url_path="renewal")
    def renewal(self, request, pk=None):
        d = _valid(RenewalRequest, request)
        licence = self.get_object()
        lifecycle.apply_renewal(licence, actor=request.user, expected_version=d["version"],
                                requested_until=d.get("requested_until"), reason=d.get("reason", ""))
        return self._done(request, licence)

    @extend_schema(request=DecideRenewalRequest, responses=LicenceSerializer,
                   summary="延续决定（有效期届满前；逾期未决定的视为准予延续）")
    @action(detail=True, methods=["post"], url_path="renewal/decide")
    def decide_renewal(self, request, pk=None):
        d = _valid(DecideRenewalRequest, request)
        licence = self.get_object()
        lifecycle.decide_renewal(licence, actor=request.user, expected_version=d["version"], grant=d["grant"],
                                 note=d.get("note", ""), valid_until=d.get("valid_until"))
        return self._done(request, licence)

    @extend_schema(request=ChangeRequest, responses=LicenceSerializer, summary="申请变更（第四十九条）")
    @action(detail=True, methods=["post"], url_path="change")
    def change(self, request, pk=None):
        d = _valid(ChangeRequest, request)
        licence = self.get_object()
        lifecycle.apply_change(licence, actor=request.user, expected_version=d["version"], changes=d["changes"],
                               reason=d["reason"])
        return self._done(request, licence)

    @extend_schema(request=DecideRequest, responses=LicenceSerializer, summary="变更决定")
    @action(detail=True, methods=["post"], url_path="change/decide")
    def decide_change(self, request, pk=None):
        d = _valid(DecideRequest, request)
        licence = self.get_object()
        lifecycle.decide_change(licence, actor=request.user, expected_version=d["version"], grant=d["grant"],
                                note=d.get("note", ""))
        return self._done(request, licence)

    @extend_schema(responses={(200, "application/pdf"): bytes}, summary="电子证照 PDF")
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        licence = self.get_object()
        response = HttpResponse(render_pdf(licence), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="licence-{licence.number}.pdf"'
        return response
