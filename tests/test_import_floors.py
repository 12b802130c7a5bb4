"""The floors of the code cannot erode: read every import and check the rules.

docs/architecture.md draws the floors. Here they are checked from the source itself (``ast``,
nothing is imported or run):

* no two apps import each other, directly or round a longer loop (an app-level cycle);
* the toolbox packages (``documents``, ``pii``, ``statute``) and the ground floor (``core``)
  import no domain app;
* no function imports ``gongkai…`` inside its body — outside the demo, which builds a whole city
  from every app. A function-local import is how a cycle hides; where one seems needed, the
  dependency runs the wrong way.

Tests, migrations and the project modules (settings, urls, wsgi) are not read: tests may reach
anywhere, migrations import inside functions by design, urls.py wires every app together.

Each rule is also run on a small planted tree (``test_the_checks_find_…``), so a check that
stopped finding anything would fail too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "gongkai"
GROUND = frozenset({"core"})
TOOLBOX = frozenset({"documents", "pii", "statute"})
# Apps allowed to import inside a function (see the module docstring).
LOCAL_IMPORTS_ALLOWED = frozenset({"demo"})


def _is_read(relative: Path) -> bool:
    parts = relative.parts
    return (
        len(parts) >= 3  # gongkai/<app>/...
        and "tests" not in parts
        and "migrations" not in parts
        and relative.suffix == ".py"
    )


def package_sources(root: Path = ROOT) -> dict[str, str]:
    """``{"gongkai/<app>/<module>.py": source}`` for every module the rules apply to."""
    return {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for path in sorted((root / PACKAGE).rglob("*.py"))
        if _is_read(path.relative_to(root))
    }


def _module_of(path: str) -> list[str]:
    parts = path.removesuffix(".py").split("/")
    return parts[:-1] if parts[-1] == "__init__" else parts


def _type_checking_block(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def imports(path: str, source: str) -> Iterator[tuple[str, int, bool, bool]]:
    """(imported module, line, inside a function, relative) for each import of ``gongkai…``.

    Relative imports are resolved against the file's package. Imports under
    ``if TYPE_CHECKING:`` are skipped: they are read by the type checker only.
    """
    package = _module_of(path)
    if not path.endswith("__init__.py"):
        package = package[:-1]

    def visit(node: ast.AST, in_function: bool) -> Iterator[tuple[str, int, bool, bool]]:
        for child in ast.iter_child_nodes(node):
            if _type_checking_block(child):
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == PACKAGE:
                        yield alias.name, child.lineno, in_function, False
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package[: len(package) - (child.level - 1)]
                    module = ".".join([*base, *([child.module] if child.module else [])])
                else:
                    module = child.module or ""
                if module.split(".")[0] == PACKAGE:
                    yield module, child.lineno, in_function, bool(child.level)
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            yield from visit(child, inside)

    yield from visit(ast.parse(source, filename=path), False)


def app_of(module_or_path: str) -> str | None:
    """The app of ``gongkai.<app>…`` or ``gongkai/<app>/….py``; None for project modules."""
    is_path = module_or_path.endswith(".py")
    parts = module_or_path.removesuffix(".py").replace("/", ".").split(".")
    if parts[0] != PACKAGE or len(parts) < (3 if is_path else 2):
        return None
    return parts[1]


def app_edges(sources: Mapping[str, str]) -> dict[tuple[str, str], list[str]]:
    """(app, imported app) → where: every import from one app of another."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path, source in sources.items():
        app = app_of(path)
        for module, line, _local, _relative in imports(path, source):
            target = app_of(module)
            if app and target and target != app:
                edges.setdefault((app, target), []).append(f"{path}:{line} imports {module}")
    return edges


def app_cycles(edges: Mapping[tuple[str, str], list[str]]) -> list[list[str]]:
    """The loops among apps (strongly connected components of more than one app)."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def cycle_report(sources: Mapping[str, str]) -> list[str]:
    edges = app_edges(sources)
    report = []
    for component in app_cycles(edges):
        lines = [f"cycle among {', '.join(component)}:"]
        for (a, b), where in sorted(edges.items()):
            if a in component and b in component:
                lines += [f"  {a} -> {b}: {w}" for w in where]
        report.append("\n".join(lines))
    return report


def floor_violations(sources: Mapping[str, str]) -> list[str]:
    """Imports of a domain app from the ground floor or a toolbox package."""
    allowed = {app: GROUND for app in TOOLBOX} | {app: frozenset() for app in GROUND}
    out = []
    for (app, target), where in sorted(app_edges(sources).items()):
        if app in allowed and target not in allowed[app]:
            out += [f"{app} may not import {target}: {w}" for w in where]
    return out


def local_imports(sources: Mapping[str, str]) -> list[str]:
    """``from gongkai…`` inside a function, and any import of another app there.

    An app's relative import of its own module inside a function stays allowed: that is how
    ``AppConfig.ready`` connects the app's signals, and it ties no app to another.
    """
    return [
        f"{path}:{line} imports {module} inside a function"
        for path, source in sources.items()
        if app_of(path) not in LOCAL_IMPORTS_ALLOWED
        for module, line, local, relative in imports(path, source)
        if local and (not relative or app_of(module) != app_of(path))
    ]


# --- the rules, on the real tree ----------------------------------------------------------------


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    found = package_sources()
    assert len(found) > 100, "the package's modules were not found"
    return found


def test_no_two_apps_import_each_other(sources):
    assert cycle_report(sources) == []


def test_the_toolbox_and_the_ground_floor_import_no_domain_app(sources):
    assert floor_violations(sources) == []


def test_no_function_imports_our_own_code_outside_the_demo(sources):
    assert local_imports(sources) == []


# --- the checks, on planted trees ---------------------------------------------------------------


def test_the_checks_find_a_cycle_between_two_apps():
    planted = {
        "gongkai/reports/selectors.py": "from gongkai.applications.models import Application\n",
        "gongkai/applications/outcomes.py": "from gongkai.reports import layout\n",
    }
    (report,) = cycle_report(planted)
    assert "cycle among applications, reports:" in report
    assert "gongkai/applications/outcomes.py:1 imports gongkai.reports\n" in report + "\n"


def test_the_checks_find_a_longer_cycle_and_relative_imports():
    planted = {
        "gongkai/a/x.py": "from gongkai.b import y\n",
        "gongkai/b/y.py": "from ..c.z import thing\n",
        "gongkai/c/z.py": "import gongkai.a.x\n",
        "gongkai/d/w.py": "from gongkai.a import x\n",  # above the loop, not in it
    }
    assert [r.splitlines()[0] for r in cycle_report(planted)] == ["cycle among a, b, c:"]


def test_the_checks_find_a_toolbox_package_importing_a_domain_app():
    planted = {
        "gongkai/pii/precheck.py": "from gongkai.review.models import SensitiveWord\n",
        "gongkai/documents/files.py": "from gongkai.core.tabular import read_table\n",
        "gongkai/core/importing.py": "from gongkai.orgs.models import Org\n",
    }
    assert floor_violations(planted) == [
        "core may not import orgs: gongkai/core/importing.py:1 imports gongkai.orgs.models",
        "pii may not import review: gongkai/pii/precheck.py:1 imports gongkai.review.models",
    ]


def test_the_checks_find_an_import_inside_a_function_but_not_in_the_demo():
    planted = {
        "gongkai/search/services.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n"
            "    from gongkai.catalogue.models import CatalogueItem\n"
            "def text(attachment):\n"
            "    from gongkai.documents.extract import extract_chunks\n"
            "    import json\n"
            "    return extract_chunks\n"
        ),
        "gongkai/demo/services.py": "def build():\n    from gongkai.orgs.models import Org\n",
        "gongkai/search/apps.py": "def ready():\n    from . import signals\n",
        "gongkai/mailbox/views.py": "def track():\n    from ..applications import models\n",
    }
    assert local_imports(planted) == [
        "gongkai/search/services.py:5 imports gongkai.documents.extract inside a function",
        "gongkai/mailbox/views.py:2 imports gongkai.applications inside a function",
    ]
