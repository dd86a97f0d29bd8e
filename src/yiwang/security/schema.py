"""The machine clients' OAuth 2.0 client-credentials scheme in the OpenAPI document."""
from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = "yiwang.security.api_auth.ClientTokenAuthentication"
    name = "machineClient"

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "description": "对接系统（机器客户端）：由安全管理员签发的客户端凭据换取访问令牌",
            "flows": {"clientCredentials": {"tokenUrl": "/api/v1/auth/token/",
                                            "scopes": dict(settings.OAUTH2_PROVIDER["SCOPES"])}},
        }
