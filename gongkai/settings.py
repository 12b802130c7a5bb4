"""Gongkai settings, all taken from the environment (see README, "Configuration").

Defaults are safe for a local demo: SQLite in ``GONGKAI_DATA_DIR`` and debug off unless
``GONGKAI_DEBUG=1``. Production sets ``GONGKAI_SECRET_KEY``, ``GONGKAI_ALLOWED_HOSTS`` and
usually ``DATABASE_URL`` and ``GONGKAI_CACHE_URL``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


# Environment values that could not be read: the system check gongkai.E001 reports each one and
# stops start-up (gongkai/core/checks.py), instead of a typo such as GONGKAI_HTTPS=ture silently
# meaning "off". The default is used meanwhile, so the check can run at all.
SETTINGS_PROBLEMS: list[tuple[str, str, str]] = []  # (variable, value, what was expected)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word not in _TRUE | _FALSE:
        SETTINGS_PROBLEMS.append((name, value, "1/0 (also true/false, yes/no, on/off)"))
        return default
    return word in _TRUE


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        number = None
    if number is None or number < minimum:
        SETTINGS_PROBLEMS.append((name, value, f"a whole number ≥ {minimum}"))
        return default
    return number


DEBUG = env_bool("GONGKAI_DEBUG", False)
# Test settings (immediate tasks, no persistent connections): `make test` sets GONGKAI_TESTING=1;
# a bare `pytest` gets them too (pytest is imported before these settings are read).
TESTING = env_bool("GONGKAI_TESTING", "pytest" in sys.modules)
# Test runs write their databases and files under build/, never into the demo's var/.
DATA_DIR = Path(
    os.environ.get("GONGKAI_DATA_DIR") or BASE_DIR / ("build/test-data" if TESTING else "var")
).resolve()

_INSECURE_KEY = "insecure-local-demo-key-set-GONGKAI_SECRET_KEY-in-production"
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY") or _INSECURE_KEY
if not DEBUG and SECRET_KEY == _INSECURE_KEY and env_bool("GONGKAI_PRODUCTION", False):
    raise RuntimeError("GONGKAI_PRODUCTION is set: set GONGKAI_SECRET_KEY to a long random value.")

ALLOWED_HOSTS = env_list("GONGKAI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("GONGKAI_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first so that their templates and translations win.
    "gongkai.core",
    "gongkai.audit",
    "gongkai.orgs",
    "gongkai.calendar",
    "gongkai.catalogue",
    "gongkai.review",
    "gongkai.portal",
    "gongkai.search",
    "gongkai.applications",
    "gongkai.mailbox",
    "gongkai.press",
    "gongkai.appeals",
    "gongkai.supervision",
    "gongkai.reports",
    "gongkai.demo",
    "gongkai.accounts",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "django_filters",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "gongkai.core.headers.SecurityHeadersMiddleware",  # Permissions-Policy, admin CSP
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Word's line breaks and stray control characters never reach a form (or the database).
    "gongkai.core.middleware.ControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongkai.core.locale.ChosenLanguageMiddleware",  # zh-hans unless chosen (docs/i18n.md)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "gongkai.audit.context.AuditContextMiddleware",
    "gongkai.accounts.middleware.TwoFactorMiddleware",
    # Last, as django-axes requires: locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock an account-and-address pair for 30 minutes after 5 failed logins.
AXES_FAILURE_LIMIT = env_int("GONGKAI_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("GONGKAI_LOGIN_COOLOFF_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "audit/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_REAL_IP", "REMOTE_ADDR"]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
SQLITE_PATH = DATA_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=env_int("GONGKAI_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if TESTING else 600
    # Tests use a file, not Django's shared in-memory database, so that the live server's
    # threads get WAL and the busy timeout like production; one file per test process.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
        # BEGIN so concurrent writers queue on the busy timeout instead of failing on upgrade.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;PRAGMA cache_size=-64000;"
            # Map the whole file (virtual memory, not RAM): large catalogues read much faster.
            f"PRAGMA mmap_size={env_int('GONGKAI_SQLITE_MMAP_MB', 4096) * 1024 * 1024};"
        ),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search-index fields need the postgres app on PostgreSQL.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
CACHE_URL = os.environ.get("GONGKAI_CACHE_URL", "")
if CACHE_URL.startswith("redis"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gongkai",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
# Roles that must set up TOTP two-factor login (comma list of role keys, e.g.
# "reviewer,signer,org_admin,supervisor,sysadmin"); empty: optional for those roles.
GONGKAI_REQUIRE_2FA_ROLES = env_list("GONGKAI_REQUIRE_2FA_ROLES")
OTP_TOTP_ISSUER = os.environ.get("GONGKAI_SITE_NAME", "政府信息公开平台")
SESSION_COOKIE_AGE = env_int("GONGKAI_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout: the age restarts with every request
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if os.environ.get("GONGKAI_S3_BUCKET"):
    # Object storage for uploads when app servers scale out (needs django-storages[s3]).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["GONGKAI_S3_BUCKET"],
            "endpoint_url": os.environ.get("GONGKAI_S3_ENDPOINT_URL"),
        },
    }
WHITENOISE_USE_FINDERS = DEBUG or TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
GONGKAI_MAX_ATTACHMENT_BYTES = env_int("GONGKAI_MAX_ATTACHMENT_MB", 50, minimum=1) * 1024 * 1024

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
# Read even in debug mode, so that a typo is reported whatever the mode (gongkai.E001).
_HTTPS = env_bool("GONGKAI_HTTPS", False)
_HSTS_SECONDS = env_int("GONGKAI_HSTS_SECONDS", 0)
_HSTS_SUBDOMAINS = env_bool("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", False)
if not DEBUG and _HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = _HSTS_SECONDS
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _HSTS_SUBDOMAINS

# Content-Security-Policy on every response (Django's own middleware). Scripts only from the
# site itself (or an inline <script> carrying the request's nonce): rich text from imports or
# editors can never run code even if something got past the sanitiser. Inline style attributes
# stay allowed: Wagtail's admin sets them (and they cannot run code). Extra origins for a
# province's site-monitoring script or an image host: GONGKAI_CSP_SCRIPT_SRC, GONGKAI_CSP_IMG_SRC.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, *env_list("GONGKAI_CSP_SCRIPT_SRC")],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *env_list("GONGKAI_CSP_IMG_SRC")],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}
# Wagtail's admin writes a few inline scripts that cannot carry a nonce (gongkai/core/headers.py).
SECURE_CSP_ADMIN = SECURE_CSP | {
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, *env_list("GONGKAI_CSP_SCRIPT_SRC")]
}
# Browser features the site never uses, refused for it and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=(), fullscreen=(self)"
)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("GONGKAI_EMAIL_HOST", "")
EMAIL_PORT = env_int("GONGKAI_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("GONGKAI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("GONGKAI_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_EMAIL_FROM", "gongkai@localhost")
if not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"

# --- Background tasks -----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING or env_bool("GONGKAI_TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls out of the network; upgrades: docs/deploy.md
WAGTAIL_SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "政府信息公开平台")
WAGTAILADMIN_BASE_URL = os.environ.get("GONGKAI_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILDOCS_EXTENSIONS = ["pdf", "ofd", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "zip"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
    # Django logs every task's state changes at INFO (thousands of lines while `make demo`
    # builds the city with tasks run in the request); failures are still logged.
    "loggers": {
        "django.tasks": {"level": os.environ.get("GONGKAI_TASK_LOG_LEVEL", "WARNING")},
    },
}

# --- Gongkai --------------------------------------------------------------------------------
# 索引号 pattern: {prefix} is the org's credit code (or its code), {year}, {month}, {serial}.
GONGKAI_INDEX_NUMBER_PATTERN = os.environ.get(
    "GONGKAI_INDEX_NUMBER_PATTERN", "{prefix}/{year}-{serial:05d}"
)
GONGKAI_SITE_IDENTIFIER = os.environ.get("GONGKAI_SITE_IDENTIFIER", "")  # 网站标识码
# Public forms: rate limits as "requests/seconds" per client, and the offline captcha.
GONGKAI_APPLY_RATE = os.environ.get("GONGKAI_APPLY_RATE", "10/3600")
GONGKAI_TRACK_RATE = os.environ.get("GONGKAI_TRACK_RATE", "20/600")
GONGKAI_APPLY_CAPTCHA = env_bool("GONGKAI_APPLY_CAPTCHA", True)
GONGKAI_LETTER_PDF = env_bool("GONGKAI_LETTER_PDF", True)
# Portal view counts are buffered per process and written in one UPDATE per item.
GONGKAI_VIEW_COUNT_FLUSH_SECONDS = env_int("GONGKAI_VIEW_COUNT_FLUSH_SECONDS", 60, minimum=1)
# gunicorn reads the SQLite file once at start so the OS caches it (gongkai/core/warmup.py).
GONGKAI_SQLITE_WARM_CACHE = env_bool("GONGKAI_SQLITE_WARM_CACHE", True)
# Publication happens only when the sign-off step approves (see gongkai/review/workflow.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "gongkai.review.workflow.publish_after_signoff"
