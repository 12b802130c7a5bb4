"""A registry of periodic jobs that the ``tick`` command runs.

Apps register plain, idempotent functions in their own ``periodic.py`` module::

    from gongkai.core.periodic import register_periodic

    @register_periodic("deadline_reminders", description="remind staff of deadlines")
    def send_deadline_reminders() -> str:
        ...
        return f"{count} reminders"

Idempotent because ``tick`` runs every minute from a systemd timer (or cron) and may run twice,
late or after a failure: a job must look at the state of the database ("what is due and not yet
done?"), never count on being called exactly once. A job returns an optional short summary.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger("gongkai.periodic")

JobFunc = Callable[[], object]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: JobFunc
    description: str = ""


@dataclass(frozen=True)
class JobResult:
    name: str
    ok: bool
    seconds: float
    summary: str = ""
    error: str = ""


_registry: dict[str, PeriodicJob] = {}


def register_periodic(name: str, *, description: str = "") -> Callable[[JobFunc], JobFunc]:
    """Register ``func`` under ``name``; registering another function under a used name fails."""

    def decorator(func: JobFunc) -> JobFunc:
        existing = _registry.get(name)
        if existing is not None and existing.func is not func:
            qualname = f"{existing.func.__module__}.{existing.func.__qualname__}"
            raise ValueError(f"periodic job {name!r} is already registered by {qualname}")
        _registry[name] = PeriodicJob(
            name=name, func=func, description=description or (func.__doc__ or "").strip()
        )
        return func

    return decorator


def periodic_jobs() -> list[PeriodicJob]:
    """All registered jobs, by name, after importing every installed app's ``periodic`` module."""
    autodiscover_modules("periodic")
    return sorted(_registry.values(), key=lambda job: job.name)


def periodic_run(*, only: Iterable[str] | None = None) -> list[JobResult]:
    """Run the jobs (all, or those named in ``only``), each on its own: one failing job is
    logged and reported but does not keep the others from running."""
    jobs = periodic_jobs()
    if only is not None:
        wanted = list(only)
        known = {job.name for job in jobs}
        unknown = [name for name in wanted if name not in known]
        if unknown:
            raise KeyError(", ".join(unknown))
        jobs = [job for job in jobs if job.name in wanted]
    results = []
    for job in jobs:
        started = time.monotonic()
        try:
            summary = job.func()
        except Exception as exc:
            logger.exception("periodic job %s failed", job.name)
            results.append(
                JobResult(
                    name=job.name,
                    ok=False,
                    seconds=time.monotonic() - started,
                    error=f"{type(exc).__name__}: {exc}",
                )
            )
        else:
            results.append(
                JobResult(
                    name=job.name,
                    ok=True,
                    seconds=time.monotonic() - started,
                    summary="" if summary is None else str(summary),
                )
            )
    return results


@register_periodic("publish_scheduled", description="publish and expire scheduled Wagtail content")
def publish_scheduled() -> str:
    """Wagtail's own command publishes pages and snippets whose go-live time has passed and
    unpublishes those past their expiry; it is idempotent."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    return lines[-1] if lines else ""
