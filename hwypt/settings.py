"""Settings for the HWY PT site, read from the environment.

There is one code path: development and production differ only by the
environment variables listed in `.env.example`. `DJANGO_DEBUG` off means
production, where a missing secret is a loud error, never a generated fallback.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from environs import Env, EnvError

BASE_DIR = Path(__file__).resolve().parent.parent

# environs parses every value and stops start-up naming the variable when one is
# malformed (`DJANGO_SECURE_SSL_REDIRECT=ture`, `DJANGO_EMAIL_PORT=5x7`): nothing is
# silently read as False or 0.
_env = Env()


def _parsed(parse, name: str, default):
    try:
        return parse(f"DJANGO_{name}", default)
    except EnvError as error:
        raise ImproperlyConfigured(f"DJANGO_{name} is malformed: {error}") from None


def env(name: str, default: str = "") -> str:
    return _parsed(_env.str, name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return _parsed(_env.bool, name, default)


def env_int(name: str, default: int) -> int:
    return _parsed(_env.int, name, default)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def required(name: str) -> str:
    value = env(name)
    if not value:
        raise ImproperlyConfigured(
            f"DJANGO_{name} must be set when DJANGO_DEBUG is off (production). See .env.example."
        )
    return value


DEBUG = env_bool("DEBUG")
PRODUCTION = not DEBUG

if PRODUCTION:
    SECRET_KEY = required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or required("ALLOWED_HOSTS").split(",")
else:
    # Development only: `make run` and `make test` pass a key; this is not a secret.
    SECRET_KEY = env("SECRET_KEY") or "development-only-key-never-used-in-production"
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The clinic's own details, used everywhere through the `clinic` template variable.
CLINIC = {
    "name": env("CLINIC_NAME", "HWY PT"),
    "legal_name": env("CLINIC_LEGAL_NAME", "HWY Physical Therapy"),
    "street": env("CLINIC_STREET", "1200 Example Highway, Suite 4"),
    "locality": env("CLINIC_LOCALITY", "Springfield"),
    "region": env("CLINIC_REGION", "OR"),
    "postal_code": env("CLINIC_POSTAL_CODE", "97477"),
    "country": env("CLINIC_COUNTRY", "US"),
    "phone": env("CLINIC_PHONE", "+1 541 555 0142"),
    "phone_display": env("CLINIC_PHONE_DISPLAY", "(541) 555-0142"),
    "email": env("CLINIC_EMAIL", "hello@hwypt.example"),
    # One line per day group, shown as written; machine-readable form for JSON-LD.
    "opening_hours": [
        ("Monday to Friday", "8:00 am to 6:00 pm", "Mo-Fr 08:00-18:00"),
        ("Saturday", "9:00 am to 1:00 pm", "Sa 09:00-13:00"),
        ("Sunday", "Closed", ""),
    ],
}
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Rate limits (django-ratelimit, `key="ip"`) count per reader: behind the TLS proxy the
# address it forwards, not the proxy's own. One rule for the whole site.
RATELIMIT_IP_META_KEY = "hwypt.ratelimit.client_ip"
# Booking submissions allowed per IP address (django-ratelimit's rate syntax).
BOOKING_RATE_LIMIT = env("BOOKING_RATE_LIMIT", "10/h")
# Minutes a freed time offered to the next person on the waitlist is held for them.
WAITLIST_HOLD_MINUTES = env_int("WAITLIST_HOLD_MINUTES", 30)

# Newsletter: how long a confirmation link works, sign-ups allowed per IP address
# (django-ratelimit over the default cache), where mailto unsubscribes go.
NEWSLETTER_CONFIRM_MAX_AGE = env_int("NEWSLETTER_CONFIRM_MAX_AGE", 7 * 24 * 3600)
NEWSLETTER_SIGNUP_RATE = env("NEWSLETTER_SIGNUP_RATE", "10/h")
NEWSLETTER_UNSUBSCRIBE_EMAIL = env("NEWSLETTER_UNSUBSCRIBE_EMAIL", CLINIC["email"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_tasks_db",
    "axes",
    "hwypt",
    "outbox",
    "content",
    "scheduling",
    "newsletter",
    "records",  # uses the three above: what is held about one person
]

MIDDLEWARE = [
    "hwypt.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Compress what the middleware below produced (see its docstring for what it skips);
    # ETags come from the uncompressed page, so a 304 needs no compression at all.
    "hwypt.middleware.CompressionMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "hwypt.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hwypt.input_guard.InputGuardMiddleware",
    # A repeat anonymous GET of a cached public page is answered here (content/caching.py).
    "content.caching.SharedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsletter.middleware.PrivateSignupErrorMiddleware",
    "django.middleware.common.CommonMiddleware",
    "hwypt.middleware.AllowedMethodsMiddleware",  # 405 before a CSRF 403
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hwypt.urls"
WSGI_APPLICATION = "hwypt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hwypt.context_processors.clinic",
            ],
        },
    },
]

# Database: SQLite in var/ by default; DATABASE_URL switches to PostgreSQL.
DEFAULT_SQLITE = BASE_DIR / "var" / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DEFAULT_SQLITE}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DEFAULT_SQLITE.parent.mkdir(exist_ok=True)
    # Kept open like PostgreSQL's: opening a SQLite connection (and its PRAGMAs) was
    # 14% of an uncached article page. WAL keeps long-lived readers from blocking writers.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 600)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers carry on during a write; IMMEDIATE takes the write
        # lock at BEGIN, so a check-then-insert inside atomic() cannot race.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_PREFIX", "hwypt"),
        }
    }
else:
    # Without Redis the cache lives in the database every worker and server shares, so
    # an edit (content version bump) and a rate limit hold everywhere at once; its table
    # comes with `migrate` (hwypt/migrations). A cached page reads the content version
    # from it only when SQLite says another connection wrote (content/caching.py).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hwypt_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Rendered fragments whose keys name what they show and the content version (the
# article page's parts): each worker keeps its own, in memory, since an edit anywhere
# bumps the shared version and so makes new keys on every worker at once.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "hwypt-fragments",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# Background work goes through Django's Tasks framework: the database backend
# and its worker in production, run immediately in development and tests.
if env("TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Email: SMTP when DJANGO_EMAIL_HOST is set. Without it every email prints decoded on
# the console (links whole, as they can be followed) and, with DEBUG on, is kept in
# OUTBOX_DIR for the development page /dev/outbox/ (hwypt/dev_mail.py).
if env("EMAIL_HOST"):
    email_port = env_int("EMAIL_PORT", 587)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": email_port,
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", email_port == 587),
                "use_ssl": env_bool("EMAIL_USE_SSL", email_port == 465),
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "hwypt.dev_mail.EmailBackend"}}
OUTBOX_DIR = BASE_DIR / "var" / "outbox"
# Seconds after which an email still "sending" is taken to have died with its worker
# (killed mid-send) and may be sent by another run; `retry_emails` queues it again.
# Every kind of email, newsletter issues included, holds its claim this long.
# Keep it well above EMAIL_TIMEOUT, or a slow but live send could go out twice.
EMAIL_SEND_LEASE = env_int("EMAIL_SEND_LEASE", 600)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"HWY PT <{CLINIC['email']}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Staff logins: django-axes locks an account, and separately an address, after
# AXES_FAILURE_LIMIT wrong passwords. Its state is in the database, so it holds across
# workers and servers; staff unlock by deleting the "Access attempts" row in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The same reader address as every rate limit (the trusted-proxy rule).
AXES_CLIENT_IP_CALLABLE = "hwypt.ratelimit.client_ip"
AXES_USERNAME_CALLABLE = "hwypt.ratelimit.login_username"

# A clinic holding health data: long passwords, not common, not like the user's name.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# A fallback only: a visit is shown in its location's time zone (scheduling.Location,
# the one source of truth); this dates log lines and pages that know no location.
TIME_ZONE = env("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# The site answers /media/ itself (image files only, hwypt/media.py), so uploaded
# pictures show on gunicorn alone (`make serve`, the Docker image). Turn it off where
# nginx serves MEDIA_ROOT, or with S3 storage (docs/deploy.md).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # keeps WhiteNoise quiet in development
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "hwypt.storage.StaticFilesStorage"  # WhiteNoise's, each URL looked up once
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded media on S3-compatible storage when several servers share it
# (optional: `pip install django-storages[s3]`; see docs/deploy.md).
if env("MEDIA_STORAGE") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("MEDIA_BUCKET"),
            "endpoint_url": env("MEDIA_ENDPOINT_URL") or None,
            "custom_domain": env("MEDIA_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "default_acl": None,
        },
    }
WHITENOISE_MAX_AGE = 3600

# Security headers. No inline script may run: every script is a file from
# 'self', or carries the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # The base template's one inline script (it marks the page as having scripts), by
    # its hash; tests/browser/test_layout.py checks every inline script is allowed.
    "script-src": [CSP.SELF, CSP.NONCE, "'sha256-59DY1dFHNNm5cMJ0K+fmkSwZZtSjMmkco9ADQbnxkBs='"],
    "style-src": [CSP.SELF],
    # Bootstrap draws form-control icons as data: SVG images.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "hwypt.views.csrf_failure"

# Addresses of the reverse proxies whose X-Forwarded-For is believed.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if env_bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only accepted over HTTPS, for this host, on path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# One line per request on stdout, from RequestLogMiddleware; never form contents.
LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "hwypt.logs.IsoTimeFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "filters": {"redact_tokens": {"()": "hwypt.logs.RedactTokens"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # "Not Found: <path>" and similar lines carry the path too.
        "django.request": {
            "handlers": ["stdout"],
            "level": LOG_LEVEL,
            "propagate": False,
            "filters": ["redact_tokens"],
        },
        # The request log replaces runserver's own line per request.
        "django.server": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}
