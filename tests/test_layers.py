"""The package's layers follow the data flow, and no layer imports one above it.

shared vocabulary (errors, status, period, paths, …) → inputs → method → checks →
report → outputs → run → cli. Every import counts, including those inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dtreport"
LAYERS = ["inputs", "method", "checks", "report", "outputs", "run", "cli"]
SHARED = -1  # a module at the top of the package: errors, status, period, paths, lang, …


def _layer(module: str) -> int:
    """The layer of ``dtreport.<...>``: its sub-package's place, or SHARED."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "dtreport":
        raise ValueError(module)
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else SHARED


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out.append((".".join(parts), path))
    return out


def _imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names]
            found += [node.module] if node.module != "dtreport" else names
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names]
    return [name for name in found if name.split(".")[0] == "dtreport" and "." in name]


MODULES = _modules()


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_no_module_imports_a_layer_above_its_own(module: str, path: Path) -> None:
    if module == "dtreport":
        return
    own = _layer(module)
    above = [name for name in _imports(path) if _layer(name) > own]
    assert above == [], f"{module} (layer {own}) imports {above}"


def test_every_sub_package_says_what_it_is_and_what_it_holds() -> None:
    for layer in LAYERS:
        init = PACKAGE / layer / "__init__.py"
        if not init.exists():
            assert (PACKAGE / f"{layer}.py").exists(), layer
            continue
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{layer}/__init__.py has no docstring"
        exported = next(
            node.value
            for node in tree.body
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__"
        )
        names = set(ast.literal_eval(exported))
        modules = {p.stem for p in (PACKAGE / layer).glob("*.py") if not p.stem.startswith("__")}
        assert modules <= names, f"{layer}.__all__ lists {sorted(names)}, holds {sorted(modules)}"


def test_the_test_is_not_blind() -> None:
    assert _layer("dtreport.outputs.render") > _layer("dtreport.report.sections")
    assert _layer("dtreport.errors") == SHARED
    assert len(MODULES) > 30
