"""Django settings for Helhed. Everything that differs between machines comes from the environment.

DATABASE_URL: defaults to an SQLite file under var/ (the embedded default for a newcomer);
PostgreSQL in production and CI, e.g. postgres://postgres@127.0.0.1:5432/helhed.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("HELHED_PROJECT_DIR", Path.cwd()))
VAR_DIR = Path(os.environ.get("HELHED_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("HELHED_DEBUG", "0") == "1"
# The development key only serves synthetic data on localhost; production sets HELHED_SECRET_KEY.
SECRET_KEY = os.environ.get("HELHED_SECRET_KEY", "dev-only-not-secret-helhed-synthetic-data")
ALLOWED_HOSTS = os.environ.get("HELHED_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

# CPR encryption (Fernet keys, comma-separated, newest first) and the lookup-hash key.
HELHED_CPR_KEYS = os.environ.get("HELHED_CPR_KEYS", "ZGV2LW9ubHktY3ByLWtleS1mb3Itc3ludGhldGljISE=").split(",")
HELHED_CPR_HASH_KEY = os.environ.get("HELHED_CPR_HASH_KEY", "dev-only-cpr-hash-key")
# Retention (ADR 0006): closed plans and their data are deleted this many days after closing (5 years).
# Heads of the audit chain written down outside the database (`helhed audit anchor`; ADR 0006). In
# production a file on another system (a mounted share with write-once retention), not beside the database.
HELHED_AUDIT_ANCHOR_FILE = os.environ.get("HELHED_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.txt"))
HELHED_RETENTION_CLOSED_PLAN_DAYS = int(os.environ.get("HELHED_RETENTION_CLOSED_PLAN_DAYS", str(5 * 365 + 1)))
# The key of the citizen pseudonyms in the analytics export (keyed HMAC of the internal id).
HELHED_PSEUDONYM_KEY = os.environ.get("HELHED_PSEUDONYM_KEY", "dev-only-pseudonym-key")
# Break-the-glass (ADR 0005): how long a grant lasts, and the controller named on consent receipts.
HELHED_BREAK_GLASS_MINUTES = int(os.environ.get("HELHED_BREAK_GLASS_MINUTES", "60"))
HELHED_CONTROLLER_NAME = os.environ.get("HELHED_CONTROLLER_NAME", "Helhed (synthetic municipality)")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # its own Swagger UI files for /api/v1/docs (not a CDN, which the CSP would refuse)
    "helhed.core",
    "helhed.people",
    "helhed.access",
    "helhed.accounts",
    "helhed.catalog",
    "helhed.plans",
    "helhed.outcomes",
    "helhed.staircase",
    "helhed.housing",
    "helhed.sharing",
    "helhed.synth",
    "helhed.analytics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "helhed.core.middleware.DanishByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "helhed.access.audit.AuditRouteMiddleware",  # the URL name in every audit record
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "helhed.accounts.middleware.IdleTimeoutMiddleware",
    "helhed.accounts.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it turns a lockout into the locked page
]

ROOT_URLCONF = "helhed.urls"
WSGI_APPLICATION = "helhed.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'helhed.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",  # writers queue instead of failing with "database is locked"
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("HELHED_TEST_DB_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "caseload"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = 8 * 60 * 60  # the absolute age of a log-in
# Log out after this long without a request (accounts.middleware.IdleTimeoutMiddleware).
HELHED_SESSION_IDLE_SECONDS = int(os.environ.get("HELHED_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
HELHED_HTTPS = not DEBUG and os.environ.get("HELHED_HTTPS", "0") == "1"
if HELHED_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = os.environ.get("HELHED_SSL_REDIRECT", "1") == "1"
    # Behind the municipality's TLS-terminating proxy, which sets this header (and nothing else may).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (django-csp 4): no inline script or style, no eval, nothing from elsewhere.
# Vega's charts run without eval through vega-interpreter (outcomes/static/outcomes/charts.js).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in ("accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
                    "payment", "usb", "fullscreen")
}

# Log-in hardening (docs/decisions/0007-login-hardening-and-oidc.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out user or address before the password
    "helhed.accounts.backends.UnitModelBackend",  # ModelBackend, reading the unit and permissions at once
]
AXES_FAILURE_LIMIT = int(os.environ.get("HELHED_LOCKOUT_FAILURES", "5"))
# Per user name and, separately, per address: guessing many passwords for one user, or one password for
# many users, both lock. An administrator lifts a lockout early (admin, `helhed axes_reset`).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("HELHED_LOCKOUT_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "helhed.accounts.views.locked_out"
AXES_VERBOSE = False
# Two-factor (TOTP) for every member of staff in the web interface; the API's bearer tokens are apart.
# Production default on; `helhed demo` and the test run turn it off (cli.py, helhed.testing.pytest_plugin).
HELHED_REQUIRE_2FA = os.environ.get("HELHED_REQUIRE_2FA", "1") == "1"
OTP_TOTP_ISSUER = "Helhed"
# OpenID Connect: the municipality's identity provider (accounts/oidc.py); off unless the issuer is set.
HELHED_OIDC_DISCOVERY_URL = os.environ.get("HELHED_OIDC_DISCOVERY_URL", "")
HELHED_OIDC_CLIENT_ID = os.environ.get("HELHED_OIDC_CLIENT_ID", "")
HELHED_OIDC_CLIENT_SECRET = os.environ.get("HELHED_OIDC_CLIENT_SECRET", "")
HELHED_OIDC_SCOPES = os.environ.get("HELHED_OIDC_SCOPES", "openid email profile")
# The claim that names an existing staff member, and the User field it is compared with.
HELHED_OIDC_USER_CLAIM = os.environ.get("HELHED_OIDC_USER_CLAIM", "email")
HELHED_OIDC_USER_FIELD = os.environ.get("HELHED_OIDC_USER_FIELD", "email")
# The identity provider already asks for a second factor (MitID Erhverv, AD FS with MFA): then Helhed
# does not ask for its own TOTP code after an OIDC log-in.
# An OIDC log-in counts as two-factor when the ID token says so: `amr` with "mfa" (RFC 8176), or an `acr`
# among these values (e.g. NSIS Substantial and High as NemLog-in / MitID Erhverv name them). Otherwise
# Helhed asks for its own code. HELHED_OIDC_PROVIDES_2FA=1 trusts the provider without looking: only for one
# that always asks for a second factor and says nothing of it in its tokens.
HELHED_OIDC_MFA_ACR_VALUES = [v.strip() for v in os.environ.get("HELHED_OIDC_MFA_ACR_VALUES", "").split(",")
                              if v.strip()]
HELHED_OIDC_PROVIDES_2FA = os.environ.get("HELHED_OIDC_PROVIDES_2FA", "0") == "1"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("dkfds", PROJECT_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", PROJECT_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vega", PROJECT_DIR / "node_modules" / "vega" / "build"),
    ("vega-lite", PROJECT_DIR / "node_modules" / "vega-lite" / "build"),
    ("vega-embed", PROJECT_DIR / "node_modules" / "vega-embed" / "build"),
    ("vega-interpreter", PROJECT_DIR / "node_modules" / "vega-interpreter" / "build"),  # no eval (CSP)
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HELHED_LOG_LEVEL", "WARNING")},
}
