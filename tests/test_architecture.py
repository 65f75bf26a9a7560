"""The apps form a one-way stack: a lower app never imports a higher one (not even inside a function).

    zvh (users, regions) ← cases ← notifications ← privacy ← planning ← monitoring ← closeout ← dashboards ← config

Higher apps reach lower ones through the registries of `cases` (access, workflow, timeline, hooks) and
`zvh.hooks`, filled in `AppConfig.ready()`.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["zvh", "cases", "notifications", "privacy", "planning", "monitoring", "closeout", "practice", "dashboards",
         "config"]


def import_edges() -> dict[tuple[str, str], set[str]]:
    """(importing app, imported app) → files, for every import of another project app outside tests/migrations."""
    edges: dict[tuple[str, str], set[str]] = {}
    for app in ORDER:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules = [node.module]
                elif isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                else:
                    continue
                for module in modules:
                    target = module.split(".")[0]
                    if target in ORDER and target != app:
                        edges.setdefault((app, target), set()).add(str(path.relative_to(ROOT)))
    return edges


def upward_edges(edges) -> set[tuple[str, str]]:
    return {(a, b) for a, b in edges if ORDER.index(b) > ORDER.index(a)}


def test_no_app_imports_a_higher_one():
    edges = import_edges()
    assert upward_edges(edges) == set(), {
        edge: sorted(edges[edge]) for edge in upward_edges(edges)}

