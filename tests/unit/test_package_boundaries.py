"""Package boundaries (the structure issue, item 4): production code (services/, shared/,
deploy/local/) never imports the offline tooling package, and the packages of production code
import each other without a cycle (the registry loader uses the matcher's keys, never the
other way round). Imports are read with `ast`, so a lazy import inside a function counts too.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
PRODUCTION = ("services", "shared", "deploy/local")
TOOLING = "tooling"


def module_name(path: Path, root: Path = REPO) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(module: str, path: Path) -> str:
    """The package a module's relative imports start from."""
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _dynamic_target(node: ast.Call) -> str | None:
    """`importlib.import_module("x.y")` / `__import__("x.y")` with a literal name."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if name in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant) \
            and isinstance(node.args[0].value, str):
        return node.args[0].value
    return None


def imported_modules(source: str, package: str) -> set[str]:
    """Absolute names of every module `source` imports (relative imports resolved against
    `package`, `from a import b` giving both a and a.b, literal dynamic imports included)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            out.add(stem)
            out.update(f"{stem}.{alias.name}" for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Call) and (target := _dynamic_target(node)):
            out.add(target)
    return out


def production_files() -> list[Path]:
    files = [p for top in PRODUCTION for p in sorted((REPO / top).rglob("*.py"))]
    assert len(files) > 50, "the production tree was not found"
    return files


def imports_tooling(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m == TOOLING or m.startswith(TOOLING + "."))


def test_no_production_module_imports_the_tooling_package():
    offenders = {}
    for path in production_files():
        module = module_name(path)
        found = imports_tooling(imported_modules(path.read_text(encoding="utf-8"), package_of(module, path)))
        if found:
            offenders[str(path.relative_to(REPO))] = found
    assert offenders == {}, f"production code imports offline tooling: {offenders}"


@pytest.mark.parametrize("source, package", [
    ("import tooling", "services.monitor"),
    ("import tooling.registry.generate as g", "shared.kit"),
    ("from tooling.simulate import publish", "services.housing"),
    ("from tooling import matching", "deploy.local"),
    ("def f():\n    from tooling.matching.noise import build\n    return build", "services.monitor.matching"),
    ("import importlib\nimportlib.import_module('tooling.simulate.departments.housing')", "shared.kit"),
    ("from importlib import import_module\nimport_module('tooling')", "shared"),
    ("__import__('tooling.registry')", "services"),
    ("if True:\n    try:\n        import tooling.simulate\n    except ImportError:\n        pass", "shared"),
])
def test_the_check_sees_every_way_of_importing_tooling(source, package):
    assert imports_tooling(imported_modules(source, package))


@pytest.mark.parametrize("source, package", [
    ("import toolingx", "services"),
    ("from shared.kit import tooling_notes", "shared.kit"),
    ("from . import tooling", "services.monitor"),  # services.monitor.tooling, not the package
    ("x = 'tooling.simulate'", "shared"),
])
def test_the_check_does_not_flag_names_that_only_look_alike(source, package):
    assert imports_tooling(imported_modules(source, package)) == []


# --- package-level import graph of production code -------------------------------------------

def _resolve(name: str, modules: set[str]) -> str | None:
    """The longest known module that `name` is or lies in (`from a import b` with b an attribute)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def package_graph(files: list[Path], root: Path = REPO) -> dict[str, set[str]]:
    """package -> packages it imports (a module's package: the folder it sits in)."""
    paths = {module_name(p, root): p for p in files}
    modules = set(paths)
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        own = package_of(module, path)
        edges = graph.setdefault(own, set())
        for name in imported_modules(path.read_text(encoding="utf-8"), own):
            target = _resolve(name, modules)
            if target is None:
                continue  # third party or standard library
            other = package_of(target, paths[target])
            if other != own:
                edges.add(other)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as [a, b, ..., a], or None (depth-first search, white/grey/black)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_production_packages_import_each_other_without_a_cycle():
    graph = package_graph(production_files())
    assert "services.monitor.matching" in graph and "services.monitor.registry" in graph
    assert find_cycle(graph) is None, f"import cycle between packages: {' -> '.join(find_cycle(graph))}"


def test_the_registry_uses_the_matcher_and_the_matcher_never_the_registry():
    graph = package_graph(production_files())
    assert "services.monitor.matching" in graph["services.monitor.registry"]  # match keys are built at load
    assert "services.monitor.registry" not in graph["services.monitor.matching"]


def collapsed(graph: dict[str, set[str]], prefix: str, depth: int) -> dict[str, set[str]]:
    """The graph with every package under `prefix` folded into its ancestor of `depth` parts."""
    def fold(p: str) -> str:
        return ".".join(p.split(".")[:depth]) if p.startswith(prefix + ".") else p
    out: dict[str, set[str]] = {}
    for node, edges in graph.items():
        out.setdefault(fold(node), set()).update(fold(e) for e in edges)
    return {node: edges - {node} for node, edges in out.items()}


def test_tooling_packages_add_no_cycle_with_production_or_each_other():
    """tooling.matching, tooling.registry and tooling.simulate (each with its subpackages) only
    import production code and one another one way."""
    files = production_files() + sorted((REPO / TOOLING).rglob("*.py"))
    graph = collapsed(package_graph(files), TOOLING, 2)
    assert {"tooling.matching", "tooling.registry", "tooling.simulate"} <= set(graph)
    assert "tooling.registry" in graph["tooling.matching"]  # noise draws outsiders from the generator
    assert find_cycle(graph) is None, f"import cycle between packages: {' -> '.join(find_cycle(graph))}"


@pytest.mark.parametrize("graph, cyclic", [
    ({"a": {"b"}, "b": {"a"}}, True),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True),
    ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, False),
    ({"a": {"b"}, "b": set(), "c": {"d"}, "d": {"c"}}, True),
    ({"a": set()}, False),
])
def test_the_cycle_search_finds_cycles_of_any_length(graph, cyclic):
    cycle = find_cycle(graph)
    assert (cycle is not None) == cyclic
    if cycle:
        assert cycle[0] == cycle[-1] and all(b in graph[a] for a, b in zip(cycle, cycle[1:]))


def test_the_graph_sees_the_old_cycle_between_registry_and_matching(tmp_path):
    """The cycle this issue removed, rebuilt in a scratch tree, is found."""
    for rel, text in {
        "services/__init__.py": "",
        "services/monitor/__init__.py": "",
        "services/monitor/matching/__init__.py": "",
        "services/monitor/matching/keys.py": "",
        "services/monitor/matching/noise.py": "from services.monitor.registry import names\n",
        "services/monitor/registry/__init__.py": "",
        "services/monitor/registry/names.py": "",
        "services/monitor/registry/load.py": "from services.monitor.matching.keys import rebuild_match_keys\n",
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    graph = package_graph(sorted((tmp_path / "services").rglob("*.py")), tmp_path)
    assert set(find_cycle(graph)) == {"services.monitor.matching", "services.monitor.registry"}
