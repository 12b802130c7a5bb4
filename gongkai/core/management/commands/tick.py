"""Run the periodic jobs once. A systemd timer (deploy/gongkai-tick.timer) calls it every minute."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.periodic import periodic_jobs, periodic_run


class Command(BaseCommand):
    help = (
        "Run every registered periodic job once (flush view counts, deadline reminders, "
        "scheduled publishing, staleness checks …). Each job is idempotent; a failing job is "
        "logged and the others still run. Exit code 1 when any job failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            metavar="NAME",
            help="run only this job (repeatable); see --list",
        )
        parser.add_argument(
            "--list", action="store_true", dest="list_jobs", help="list the jobs and exit"
        )

    def handle(self, *args, only: list[str] | None, list_jobs: bool, **options):
        if list_jobs:
            for job in periodic_jobs():
                self.stdout.write(f"{job.name}\t{job.description}")
            return
        try:
            results = periodic_run(only=only)
        except KeyError as exc:
            raise CommandError(
                f"unknown job: {exc.args[0]} (see tick --list)", returncode=2
            ) from None
        for result in results:
            if result.ok:
                line = f"ok      {result.name} ({result.seconds:.2f}s) {result.summary}"
                self.stdout.write(line.rstrip())
            else:
                self.stderr.write(f"FAILED  {result.name} ({result.seconds:.2f}s) {result.error}")
        failed = sum(not result.ok for result in results)
        self.stdout.write(f"tick: {len(results) - failed} ok, {failed} failed")
        if failed:
            raise CommandError(f"{failed} periodic job(s) failed", returncode=1)
