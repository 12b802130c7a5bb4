"""The shared shape of the ``import_*`` management commands (interfaces.md).

Every import command takes ``FILE`` (CSV or XLSX) and usually ``--org CODE``, checks both before
reading anything (exit 2, usage error), validates every row before writing (exit 1, invalid
input, each error printed as ``FILE:LINE: message``) and writes all or nothing. Those rules live
here once, so a command only says which columns it reads, which service it calls and what it
reports on success. Resolving ``--org`` is the orgs app's (``gongkai.orgs.importing``): the
ground floor knows no domain model.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.tabular import Column, RowErrors, Table, TableError, format_error, read_table


class TabularImportCommand(BaseCommand):
    """Base for ``import_x FILE [--org CODE]`` commands; subclasses fill in the hooks.

    Hooks: ``columns`` and ``import_table`` (or ``import_file`` for a service that reads the
    file itself), and ``success_message``; a command that takes ``--org CODE`` sets
    ``takes_org`` and resolves the code in ``org_for``. The class attributes hold the wording
    that differs between commands, so each keeps printing exactly what it always printed.
    """

    columns: Sequence[Column] = ()
    #: Whether the command takes ``--org CODE`` (resolved by ``org_for``, exit 2 if unknown).
    takes_org: bool = False
    file_help: str = "CSV或XLSX文件路径（表头为第1行）"
    org_help: str = "单位的代码"
    #: What was not imported, as in “未导入任何{nothing_imported}”.
    nothing_imported: str = "条目"
    missing_file_message: str = "文件不存在：{path}"
    unknown_org_message: str = "单位代码“{code}”不存在。"
    #: Name errors by the normalised path (``Path(FILE)``) rather than FILE exactly as given.
    name_errors_by_path: bool = False

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        if self.takes_org:
            parser.add_argument("--org", required=True, help=self.org_help)

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(self.missing_file_message.format(path=path), returncode=2)
        org = self.org_for(options["org"]) if self.takes_org else None
        name = str(path) if self.name_errors_by_path else options["file"]
        result = self.import_file(path=path, name=name, org=org)
        self.stdout.write(self.success_message(result=result, org=org))

    def org_for(self, code: str) -> Any:
        """The record ``--org CODE`` names; raise ``CommandError(returncode=2)`` if none."""
        raise NotImplementedError

    def import_file(self, *, path: Path, name: str, org) -> Any:
        """Read ``path`` with ``columns`` and hand the table to ``import_table``; reject on errors.

        ``name`` is how errors name the file.
        """
        try:
            table = read_table(path, self.columns)
            result, errors = self.import_table(table=table, org=org)
        except TableError as exc:
            self.reject(
                [format_error(name, err.line, err.message) for err in exc.errors],
                summary=f"文件无法读取，未导入任何{self.nothing_imported}。",
            )
        if result is None:
            self.reject(
                errors.format(name),
                summary=f"{len(errors)} 处错误，未导入任何{self.nothing_imported}。",
            )
        return result

    def import_table(self, *, table: Table, org) -> tuple[Any | None, RowErrors]:
        """Validate and write all rows; return ``(None, errors)`` when nothing was written."""
        raise NotImplementedError

    def success_message(self, *, result: Any, org) -> str:
        raise NotImplementedError

    def reject(self, lines: list[str], *, summary: str) -> NoReturn:
        """Print each ``FILE:LINE: message`` to stderr and stop with exit code 1."""
        for line in lines:
            self.stderr.write(line)
        raise CommandError(summary, returncode=1) from None
