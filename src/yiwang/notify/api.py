"""API of the in-site channel: the caller's own inbox and channel preferences."""
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .models import ChannelPreference, Delivery


class InboxEntrySerializer(serializers.ModelSerializer):
    event = serializers.CharField(source="message.event")
    subject = serializers.CharField(source="message.subject")
    body = serializers.CharField(source="message.body")
    link = serializers.CharField(source="message.link")
    ref = serializers.CharField(source="message.ref")
    created_at = serializers.DateTimeField(source="message.created_at")

    class Meta:
        model = Delivery
        fields = ["id", "event", "subject", "body", "link", "ref", "created_at", "read_at"]
        read_only_fields = fields


class PreferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChannelPreference
        fields = ["site", "email", "sms"]


class InboxViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The logged-in user's in-site messages (newest first); `?unread=1` for unread only."""

    serializer_class = InboxEntrySerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # OpenAPI generation: no user
            return Delivery.objects.none()
        qs = services.inbox(self.request.user)
        if self.request.query_params.get("unread") in ("1", "true"):
            qs = qs.filter(read_at__isnull=True)
        return qs

    @extend_schema(summary="标为已读", request=None, responses={200: InboxEntrySerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        entry = self.get_object()
        services.mark_read(request.user, [entry.pk])
        entry.refresh_from_db()
        return Response(self.get_serializer(entry).data)

    @extend_schema(summary="全部标为已读", request=None, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.mark_read(request.user)})

    @extend_schema(summary="未读条数", responses={200: dict})
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"unread": services.unread_count(request.user)})


class PreferenceView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="我的通知偏好", responses={200: PreferenceSerializer})
    def get(self, request):
        return Response(PreferenceSerializer(services.preferences_of(request.user)).data)

    @extend_schema(summary="修改通知偏好", request=PreferenceSerializer, responses={200: PreferenceSerializer})
    def put(self, request):
        current = services.preferences_of(request.user)
        ser = PreferenceSerializer(current, data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        values = {k: ser.validated_data.get(k, getattr(current, k)) for k in ("site", "email", "sms")}
        pref = services.set_preferences(request.user, **values)
        return Response(PreferenceSerializer(pref).data, status=status.HTTP_200_OK)

    patch = put
