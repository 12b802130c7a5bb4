"""Bench-only settings: the project's settings with ``bench.portal.urls`` as the URLconf.

Nothing else changes, so the trivial view and the portal pages go through the same
middleware, database and cache as production. Never used outside bench/portal.
"""

from gongkai.settings import *  # noqa: F403

ROOT_URLCONF = "bench.portal.urls"
