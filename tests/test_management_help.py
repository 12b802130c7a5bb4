"""``manage.py <command> --help`` works for every management command of the project.

A ``help`` that argparse cannot format (a lazy translation proxy, say) only shows up when someone
asks for help, so each command is asked here, through the same path ``manage.py`` takes.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

REPO = Path(__file__).resolve().parents[1]
COMMAND_FILES = sorted(
    path
    for path in REPO.glob("gongkai/*/management/commands/*.py")
    if not path.name.startswith("_")
)
COMMANDS = [(path.parts[-4], path.stem) for path in COMMAND_FILES]


def test_the_project_has_management_commands_and_django_knows_them_all():
    # The glob must find the commands (precheck and import_items at least), and each must be
    # registered under its own app, so a command of ours is never shadowed by another app's.
    names = {name for _app, name in COMMANDS}
    assert {"precheck", "import_items", "demo", "tick"} <= names
    registered = get_commands()
    for app, name in COMMANDS:
        assert registered.get(name) == f"gongkai.{app}", name


@pytest.mark.parametrize(("app", "name"), COMMANDS, ids=[name for _a, name in COMMANDS])
def test_help_exits_0_and_describes_the_command(app, name):
    command = load_command_class(f"gongkai.{app}", name)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err), pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["manage.py", name, "--help"])
    assert exit_info.value.code in (0, None), err.getvalue()
    text = out.getvalue()
    assert text.startswith(f"usage: manage.py {name}"), text[:200]
    # The description (the command's ``help``) comes between the usage and the option list.
    description = text.split("\n\n")[1]
    assert description.strip() and not description.lstrip().startswith(
        ("positional arguments", "options")
    ), text[:400]
