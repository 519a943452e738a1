"""No import cycle among the project's modules, function-level imports included: the
layers import downwards only (README, "Layout"). A cycle held apart by a lazy import
breaks start-up the day someone tidies that import to the top.

``from package import name`` counts as importing the submodule when ``name`` is one
(as import-linter/grimp count it), else the package itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("queues", "judge", "web", "problempkg", "panda_cli", "ai_worker")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:  # alembic loads these by path
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports anywhere in its file."""

    def known(target: str) -> str | None:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target or None

    targets: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name if path.name == "__init__.py" else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                base = f"{anchor}.{base}" if base else anchor
            submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules]
            targets += submodules if len(submodules) == len(node.names) else [*submodules, base]
    return {found for target in targets if (found := known(target)) and found != name}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert "judge.steps" in graph and graph["judge.checkers"], "the walk found the project's modules"
    assert _cycles(graph) == []


def test_the_walk_sees_a_cycle_through_a_function_level_import() -> None:
    # The check itself: the judge's old cycle, steps -> checkers -> (lazily) kattis -> steps.
    graph = {
        "judge.steps": {"judge.checkers"},
        "judge.checkers": {"judge.checkers.kattis"},
        "judge.checkers.kattis": {"judge.steps"},
    }
    assert _cycles(graph) == [["judge.checkers", "judge.checkers.kattis", "judge.steps"]]


# Which of our packages each may import (README, "Architecture"): processes meet only in queues/.
ALLOWED = {
    "queues": set(),
    "problempkg": {"queues"},
    "judge": {"queues"},
    "ai_worker": {"queues"},
    "web": {"queues", "problempkg"},
    "panda_cli": {"queues", "problempkg", "judge"},
}


def test_packages_import_only_the_layers_below_them() -> None:
    modules = _modules()
    wrong = sorted(
        f"{name} imports {target}"
        for name, path in modules.items()
        for target in _imports(name, path, modules)
        if target.split(".")[0] != name.split(".")[0]
        and target.split(".")[0] not in ALLOWED[name.split(".")[0]]
    )
    assert not wrong, wrong
