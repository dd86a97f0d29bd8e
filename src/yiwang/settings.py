"""Yiwang settings. Everything that differs between machines comes from environment variables
(documented in docs/deployment.md). Without SECRET_KEY in the environment the platform runs in
development mode: DEBUG on, SQLite under ./var, an embedded SQLite huey queue."""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in (os.environ.get(name) or default).split(",") if part.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env("YIWANG_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

_secret = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", _secret is None)
if _secret is None and not DEBUG:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
SECRET_KEY = _secret or "dev-insecure-yiwang-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address printed in QR codes and notices (no trailing slash).
YIWANG_PUBLIC_URL = (env("YIWANG_PUBLIC_URL", "http://127.0.0.1:8000") or "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc served from our own static files (no CDN)
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "huey.contrib.djhuey",
    "axes",
    "csp",
    "oauth2_provider",
    # floor 1
    "yiwang.workdays",
    "yiwang.jobs",
    "yiwang.audit",
    "yiwang.notify",
    # floor 2
    "yiwang.org",
    "yiwang.security",
    # floor 3
    "yiwang.catalog",
    "yiwang.enterprises",
    # floor 4
    "yiwang.credit",
    # floor 5
    "yiwang.cases",
    # floor 6
    "yiwang.licences",
    # floor 6 (DESIGN.md: demands beside licences, below supervision)
    "yiwang.demands",
    # floor 6: 双随机、一公开 (reads enterprises and credit, writes credit records through credit's services)
    "yiwang.inspections",
    # floor 6 (DESIGN.md: policies beside demands; reads the registry and credit)
    "yiwang.policies",
    # floor 6: construction projects (stages over cases, the whole-chain clock; DESIGN.md)
    "yiwang.projects",
    "yiwang.supervision",
    "yiwang.ratings",
    # top business floor
    "yiwang.reform",
    # top floor: layout, portal home, API gathering
    "yiwang.web",
    "yiwang.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yiwang.web.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks whether the session passed its one-time code (two-factor sign-in, yiwang.security.otp).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "yiwang.security.middleware.SessionSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "yiwang.security.middleware.PermissionsPolicyMiddleware",
    # Turns django-axes' lockout of a sign-in into its response.
    "axes.middleware.AxesMiddleware",
    # Last, so it sees the view's unhandled exceptions first: API errors are JSON, 500 and 503 included.
    "yiwang.api.middleware.ApiErrorMiddleware",
]

ROOT_URLCONF = "yiwang.urls"
WSGI_APPLICATION = "yiwang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "yiwang.web.navigation.nav_links",
                "yiwang.web.context.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'yiwang.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A persistent connection the database has dropped (restart, failover, idle timeout) is tested before a request
# reuses it and replaced, instead of failing that request with a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
# Sessions read through the cache (Redis in production), written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# ---- 等保 2.0 level 3 controls (docs/security.md lists each with its setting and test) ------------------------
# Sign-in: django-axes refuses a locked-out user name or address before any password is hashed; permissions
# come from the 三员分立 role table (yiwang.security.roles), not from per-user grants.
AUTHENTICATION_BACKENDS = ["yiwang.security.backends.LockoutBackend", "yiwang.security.backends.RoleBackend"]
AXES_FAILURE_LIMIT = int(env("YIWANG_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("YIWANG_LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each locks on its own: one user name, one address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(env("YIWANG_PROXY_COUNT", "0")) or None  # reverse proxies in front (X-Forwarded-For)
AXES_VERBOSE = False
# Passwords: ≥ 8 characters, 3 of 4 classes, not like the user name, not common, not all digits, none of the
# last 5; changed every 90 days (YIWANG_PASSWORD_MAX_AGE_DAYS); an administrator-set password changed at first
# sign-in.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": int(env("YIWANG_PASSWORD_MIN_LENGTH", "8"))}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "yiwang.security.validators.CharacterClassesValidator"},
    {"NAME": "yiwang.security.validators.PasswordHistoryValidator"},
]
# Sessions: idle 30 minutes (YIWANG_SESSION_IDLE_MINUTES), absolute 12 hours (YIWANG_SESSION_ABSOLUTE_HOURS),
# ended when the browser closes.
SESSION_COOKIE_AGE = int(env("YIWANG_SESSION_ABSOLUTE_HOURS", "12")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Content-Security-Policy (django-csp): scripts only from the platform and inline ones carrying the request's
# nonce; styles allow inline because ECharts tooltips and HTMX indicators write style attributes.
from csp.constants import NONCE as CSP_NONCE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", CSP_NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# The government frame (docs/deployment.md): the department whose site this is, its emblem image (a static path or
# URL; the repository ships none), and the footer's 主办单位 / 承办单位 / 网站标识码 / ICP备案 / 公安机关备案 and the
# consultation line. Empty fields are left out of the page.
YIWANG_SITE_NAME = env("YIWANG_SITE_NAME", "")  # empty: "一网通办 · 政务服务平台", translated
YIWANG_SITE_DEPARTMENT = env("YIWANG_SITE_DEPARTMENT", "")
YIWANG_SITE_EMBLEM = env("YIWANG_SITE_EMBLEM", "")
YIWANG_SITE_HOST = env("YIWANG_SITE_HOST", "")
YIWANG_SITE_OPERATOR = env("YIWANG_SITE_OPERATOR", "")
YIWANG_SITE_CODE = env("YIWANG_SITE_CODE", "")
YIWANG_SITE_ICP = env("YIWANG_SITE_ICP", "")
YIWANG_SITE_PSB = env("YIWANG_SITE_PSB", "")
YIWANG_SITE_CONTACT = env("YIWANG_SITE_CONTACT", "")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if env("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible object storage for uploaded materials and generated documents (django-storages).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
WHITENOISE_USE_FINDERS = DEBUG

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "yiwang",
        "url": REDIS_URL,
        "immediate": False,
        "utc": True,
        "consumer": {"workers": int(env("HUEY_WORKERS", "4")), "worker_type": "thread"},
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
              "throttle": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                           "KEY_PREFIX": "throttle"}}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "yiwang",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": False,
        "utc": True,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
              "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if env("EMAIL_HOST") else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "yiwang@localhost")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Signed-in people by their session; other systems by a machine client's bearer token. HTTP Basic (a password
    # hash on every request) only where YIWANG_API_BASIC_AUTH is set, for a legacy integration.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "yiwang.security.api_auth.ClientTokenAuthentication",
    ] + (["rest_framework.authentication.BasicAuthentication"] if env_bool("YIWANG_API_BASIC_AUTH", False) else []),
    "DEFAULT_THROTTLE_CLASSES": [
        "yiwang.security.api_auth.ClientRateThrottle",
        "yiwang.security.api_auth.UserThrottle",
        "yiwang.security.api_auth.AnonThrottle",
        "yiwang.security.api_auth.ScopedThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env("YIWANG_API_USER_RATE", "3000/hour"),
        "anon": env("YIWANG_API_ANON_RATE", "600/hour"),
        "submissions": env("YIWANG_SUBMISSION_RATE", "30/hour"),
        "export": env("YIWANG_EXPORT_RATE", "10/hour"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "yiwang.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Yiwang (一网) API",
    "DESCRIPTION": "一体化政务服务平台 API: service catalogue, cases, calendar, organisation.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs pages load Swagger UI / ReDoc from the platform's own static files: intranets have no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation declares its error statuses in the API's one error shape (api/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "yiwang.api.schema.declare_error_statuses"],
    # One name for a choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {
        "RatingGradeEnum": "yiwang.ratings.models.GRADE_CHOICES",
        "EnterpriseScaleEnum": "yiwang.enterprises.models.Scale",
        "DemandChannelEnum": "yiwang.demands.models.Channel",
        "DemandStatusEnum": "yiwang.demands.models.STATUS_CHOICES",
        "EnterpriseStatusEnum": "yiwang.enterprises.models.ENTERPRISE_STATUS_CHOICES",
        "RatingChannelEnum": "yiwang.ratings.models.RatingChannel",
        "ReformTaskStatusEnum": "yiwang.reform.models.TaskStatus",
        "JointHandlingEnum": "yiwang.catalog.models.JOINT_HANDLING_CHOICES",
        "InspectionItemKindEnum": "yiwang.inspections.models.ItemKind",
        "InspectionObjectKindEnum": "yiwang.inspections.models.ObjectKind",
        "InspectionPlanKindEnum": "yiwang.inspections.models.PLAN_KIND_CHOICES",
        "InspectionTaskStatusEnum": "yiwang.inspections.models.TASK_STATUS_CHOICES",
        "InspectionOutcomeEnum": "yiwang.inspections.models.Outcome",
    },
}

# Two-factor sign-in (yiwang.security.otp): a TOTP code after the password for the three administrators, on by
# default whenever DEBUG is off (production) and off in the development demo; YIWANG_OTP_STAFF extends it to every
# staff member.
YIWANG_OTP_REQUIRED = env_bool("YIWANG_OTP_REQUIRED", not DEBUG)
YIWANG_OTP_STAFF = env_bool("YIWANG_OTP_STAFF", False)
OTP_TOTP_ISSUER = "一网政务服务平台"

# Machine clients (django-oauth-toolkit): client credentials only; tokens live an hour; the scopes a security
# administrator may grant ("<area>:read|write", the area being the first path segment under /api/v1/).
OAUTH2_PROVIDER = {
    "SCOPES": {
        "catalog:read": "读取事项目录", "cases:read": "读取办件", "cases:write": "提交和办理办件",
        "ratings:read": "读取好差评", "ratings:write": "提交好差评", "org:read": "读取组织机构",
        "licences:read": "读取和核验电子证照", "supervision:read": "读取效能监察数据", "calendar:read": "读取工作日历",
        "demands:read": "读取企业诉求", "demands:write": "登记和办理企业诉求", "open311:read": "读取诉求（Open311）",
        "open311:write": "提交诉求（Open311）",
    },
    "DEFAULT_SCOPES": [],
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(env("YIWANG_CLIENT_TOKEN_SECONDS", "3600")),
    "OAUTH2_VALIDATOR_CLASS": "yiwang.security.api_auth.ClientValidator",
    "ALLOWED_GRANT_TYPES": ["client_credentials"],
    # The OAuth 2.0 Security BCP (RFC 9700) throughout: hashed tokens, no token in a URL, https redirects only.
    "PKCE_REQUIRED": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    **{f"COMPLIANT_BCP_RFC9700_{name}": True for name in (
        "IMPLICIT_GRANT", "PASSWORD_GRANT", "PKCE_METHOD", "ACCESS_TOKEN_TRANSPORT", "AUTHZ_RESPONSE_ISS",
        "TOKEN_STORAGE", "REFRESH_TOKEN", "REDIRECT_URI_SCHEME", "PKCE_REQUIRED")},
}
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"

# CJK TrueType font embedded in every generated PDF (Debian fonts-wqy-zenhei).
YIWANG_CJK_FONT = env("YIWANG_CJK_FONT")

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# `yiwang backup` dumps in "yjson": JSON with times to the microsecond (the audit chain hashes them so).
SERIALIZATION_MODULES = {"yjson": "yiwang.web.backup.serializer"}

# Local rule variations (docs/rules.md: "a setting with the named default") are read by each app's conf.py as
# YIWANG_<NAME>. Any YIWANG_* environment variable not set above becomes such a setting; its value is parsed as
# JSON when it can be (numbers, true/false, lists), else kept as a string. E.g. YIWANG_CASES_POST_CHECK_DAYS=30,
# YIWANG_RATINGS_NEGATIVE_GRADES='[2]'.
def _rule_settings_from_env() -> dict:
    import json

    out = {}
    for key, raw in os.environ.items():
        if key.startswith("YIWANG_") and key not in globals():
            try:
                out[key] = json.loads(raw)
            except ValueError:
                out[key] = raw
    return out


globals().update(_rule_settings_from_env())
