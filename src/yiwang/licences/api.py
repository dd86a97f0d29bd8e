"""Licences API: public verification; scoped list/detail, PDF and revocation for staff and holders."""
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action, api_view, authentication_classes, parser_classes, permission_classes
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from yiwang.api.errors import DomainError

from . import services
from .access import visible_licences
from .models import Licence
from .pdf import render_pdf
from .verification import as_dict, verify_token
from .views import token_from_upload


class LicenceSerializer(serializers.ModelSerializer):
    holder_id = serializers.SerializerMethodField()
    department_code = serializers.CharField(source="department.code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    key_id = serializers.CharField(source="signing_key.key_id", read_only=True)

    class Meta:
        model = Licence
        fields = ["id", "number", "licence_type", "holder_name", "holder_kind", "holder_id", "scope", "valid_from",
                  "valid_until", "department", "department_code", "department_name", "issued_on", "issued_at",
                  "key_id", "token", "case_ref", "case_number", "status", "revoked_at", "revoked_reason", "version"]
        read_only_fields = fields

    def get_holder_id(self, obj) -> str:
        return services.mask_holder_id(obj.holder_kind, obj.holder_id_number)


class VerifyRequest(serializers.Serializer):
    payload = serializers.CharField(required=False, allow_blank=True, help_text="核验码或核验链接")
    file = serializers.FileField(required=False, help_text="电子证照 PDF")


class RevokeRequest(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="注销原因")


VerifyResponse = inline_serializer("LicenceVerifyResult", {
    "status": serializers.ChoiceField(choices=["valid", "revoked", "forged"]),
    "status_label": serializers.CharField(),
    "reason": serializers.CharField(),
    "revoked_at": serializers.DateTimeField(allow_null=True),
    "revoked_reason": serializers.CharField(),
    "licence": serializers.DictField(allow_null=True),
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


class LicenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = LicenceSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        qs = visible_licences(self.request.user)
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
        licence = services.revoke_licence(self.get_object(), body.validated_data["reason"], request.user)
        return Response(LicenceSerializer(licence).data)

    @extend_schema(responses={(200, "application/pdf"): bytes}, summary="电子证照 PDF")
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        licence = self.get_object()
        response = HttpResponse(render_pdf(licence), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="licence-{licence.number}.pdf"'
        return response
