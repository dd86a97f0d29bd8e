"""API doors: machine clients' bearer tokens (django-oauth-toolkit, client credentials) checked against the
client's scopes, expiry and revocation; throttling by machine client, by user and by address."""
from __future__ import annotations

from django.core.cache import caches
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from oauth2_provider.oauth2_validators import OAuth2Validator
from rest_framework import exceptions
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, SimpleRateThrottle, UserRateThrottle

SAFE = ("GET", "HEAD", "OPTIONS")


def required_scope(request) -> str:
    """The scope a request needs: "<area>:read" for reads, "<area>:write" for changes, where the area is the
    first path segment under /api/v1/ (catalog, cases, ratings, …)."""
    parts = request.path.split("/")
    area = parts[3] if len(parts) > 3 and parts[1] == "api" else ""
    return f"{area}:{'read' if request.method in SAFE else 'write'}"


class ClientValidator(OAuth2Validator):
    """Only a machine client that is neither expired nor revoked gets a token, and only for scopes it holds."""

    def _client_ok(self, client) -> bool:
        mc = getattr(client, "machine_client", None)
        return mc is not None and mc.is_usable()

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        return grant_type == "client_credentials" and self._client_ok(client) and super().validate_grant_type(
            client_id, grant_type, client, request, *args, **kwargs)

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        mc = getattr(client, "machine_client", None)
        return mc is not None and set(scopes) <= mc.scope_set

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        mc = getattr(request.client, "machine_client", None)
        return sorted(mc.scope_set) if mc is not None else []


class ClientTokenAuthentication(OAuth2Authentication):
    """A bearer token of a machine client: valid only while the client is usable, and only for its scopes."""

    def authenticate(self, request):
        if not request.META.get("HTTP_AUTHORIZATION", "").lower().startswith("bearer "):
            return None  # not a machine client (tokens only in the Authorization header: RFC 9700 §4.3.2)
        result = super().authenticate(request)
        if result is None:
            raise exceptions.AuthenticationFailed("访问令牌无效、已过期或已被吊销")
        user, token = result
        app = token.application
        mc = getattr(app, "machine_client", None) if app is not None else None
        if mc is None or not mc.is_usable():
            raise exceptions.AuthenticationFailed("对接系统凭据已过期或已吊销")
        needed = required_scope(request)
        if not token.allow_scopes([needed]):
            raise exceptions.PermissionDenied(f"该对接系统未获授权：{needed}")
        request._request.yiwang_client = mc
        # the system acts as its own account (its role decides what the services allow); none: it only reads
        user = mc.account if mc.account_id and mc.account.is_active else None
        if user is None:
            from django.contrib.auth.models import AnonymousUser

            user = AnonymousUser()
        return user, token


class _Throttle(SimpleRateThrottle):
    cache = caches["throttle"]


class ClientRateThrottle(_Throttle):
    """Each machine client at its own rate (MachineClient.rate)."""

    scope = "client"
    rate = "600/hour"  # replaced per request by the client's own

    def allow_request(self, request, view):
        mc = getattr(request._request, "yiwang_client", None)
        if mc is None:
            return True
        self.rate = mc.rate
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.cache_format % {"scope": self.scope, "ident": mc.pk}
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()

    def get_cache_key(self, request, view):  # pragma: no cover - allow_request computes its own key
        return None


class UserThrottle(UserRateThrottle):
    cache = caches["throttle"]

    def allow_request(self, request, view):
        if getattr(request._request, "yiwang_client", None) is not None:
            return True  # counted per client
        return super().allow_request(request, view)


class AnonThrottle(AnonRateThrottle):
    cache = caches["throttle"]


class ScopedThrottle(ScopedRateThrottle):
    """Per-view scopes (throttle_scope = "submissions", "export"), per user or client, else per address."""

    cache = caches["throttle"]

    def get_cache_key(self, request, view):
        mc = getattr(request._request, "yiwang_client", None)
        if mc is not None:
            return self.cache_format % {"scope": self.scope, "ident": f"client-{mc.pk}"}
        return super().get_cache_key(request, view)


class _PerCaller(_Throttle):
    """Per user, per machine client, else per address."""

    def get_cache_key(self, request, view):
        raw = getattr(request, "_request", request)
        mc = getattr(raw, "yiwang_client", None)
        user = getattr(request, "user", None)
        if mc is not None:
            ident = f"client-{mc.pk}"
        elif user is not None and user.is_authenticated:
            ident = f"user-{user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SubmissionThrottle(_PerCaller):
    """Submissions (a case, a bundle application): YIWANG_SUBMISSION_RATE, default 30 an hour; used by the API
    and the portal pages alike."""

    scope = "submissions"


class ExportThrottle(_PerCaller):
    """The catalogue's Excel export (seconds of work each): YIWANG_EXPORT_RATE, default 10 an hour."""

    scope = "export"


def submission_allowed(request) -> tuple[bool, int | None]:
    """For a page (a plain Django request): whether one more submission is allowed now, and if not, in how many
    seconds it will be."""
    throttle = SubmissionThrottle()
    if throttle.allow_request(request, None):
        return True, None
    wait = throttle.wait()
    return False, int(wait) + 1 if wait else None
