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
