"""Settings for the intake benchmark: the project's settings with the per-client abuse
protection (captcha, rate limits) off, because the load comes from one machine on purpose.
Everything else — database, transactions, file storage — is what production runs."""

from gongkai.settings import *  # noqa: F403

GONGKAI_APPLY_CAPTCHA = False
GONGKAI_APPLY_RATE = "0"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# No collectstatic in a throwaway data dir: plain static storage, as in development.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}  # noqa: F405

# Wagtail's PostgreSQL search index needs django.contrib.postgres (missing from the project
# settings when DATABASE_URL points at PostgreSQL — reported to the maintainers).
if DATABASES["default"]["ENGINE"].endswith("postgresql") and (  # noqa: F405
    "django.contrib.postgres" not in INSTALLED_APPS  # noqa: F405
):
    INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.postgres"]  # noqa: F405
