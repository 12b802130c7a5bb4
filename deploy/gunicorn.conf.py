"""Gunicorn settings for Gongkai (deploy/gongkai-web.service starts gunicorn with this file).

Each value can be overridden from the environment file (/etc/gongkai/env) so that one copy of
this file serves small and large hosts alike.
"""

import multiprocessing
import os

# 127.0.0.1:8000 when nginx runs on the same host; 0.0.0.0:8000 (behind a firewall) when a
# separate load balancer spreads requests over several app servers.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: simple, and every page is a few database queries. Two per core plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Large PDF/DOCX/XLSX reports are rendered in the request in the worst case; give them time.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak in any library can never grow without bound —
# but rarely: without a shared cache (GONGKAI_CACHE_URL) each worker keeps rendered pages in its
# own memory, and a recycled worker starts cold (bench/portal measured the warm item page at 0.33
# of a trivial view with recycling every 2,000 requests, 0.73 without).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
# Trust X-Forwarded-* only from the proxy in front (nginx on this host by default).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Log to stdout/stderr: systemd's journal keeps them (journalctl -u gongkai-web).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
proc_name = "gongkai"
# Load the application once in the master, then fork: faster starts, less memory. Database
# connections are opened lazily by each worker, never shared.
preload_app = True
# Heartbeat files in memory, not on a disk that may stall under I/O load (gunicorn advice).
worker_tmp_dir = "/dev/shm"  # noqa: S108 (a heartbeat file, not data)


def when_ready(server):
    """With SQLite, read the database file once in the background so the OS caches it: the
    first searches after a restart then need no disk reads (gongkai/core/warmup.py)."""
    from django.conf import settings

    from gongkai.core.warmup import sqlite_cache_warm_in_background

    database = settings.DATABASES["default"]
    if sqlite_cache_warm_in_background(database, enabled=settings.GONGKAI_SQLITE_WARM_CACHE):
        server.log.info("reading the SQLite database once to warm the OS page cache")
