"""WSGI entry point (gunicorn gongkai.wsgi).

Gunicorn runs no system checks of its own: they run here, so a mistyped setting stops the
server at start-up (gunicorn's master loads the application first: ``preload_app``) instead of
serving with a default the operator did not mean.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = get_wsgi_application()

from gongkai.core.checks import startup_checks_run  # noqa: E402  (needs the apps loaded)

startup_checks_run()
