"""패키지 구조: 개념별 폴더, 층(layer) 규칙, 순환 import 없음(bertlab/README.md의 지도).

모든 import(함수 안의 늦은 import 포함)를 읽어 모듈 사이의 화살표를 만듭니다. ``from bertlab.attention
import capture_layer``처럼 패키지의 공개 이름을 가져오면 그 이름이 실제로 있는 모듈(``_EXPORTS`` 표)로
화살표를 잇습니다. 레슨 노트북은 공개 이름만 가져와야 합니다.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "bertlab"

# 아래층부터 위층까지. 한 층은 자기 층과 아래층만 가져올 수 있습니다.
LAYERS = [
    ["errors", "lazy"],
    ["plots", "models"],
    ["datasets"],
    ["tokenization"],
    ["architecture", "embeddings", "attention"],
    ["pretraining"],
    ["finetuning", "sentences", "chatbot"],
    ["exercises"],
    ["widgets"],
    ["course"],
    ["benchmarks"],
    ["cli", "__main__", "__init__"],
]
LAYER_OF = {name: level for level, names in enumerate(LAYERS) for name in names}
TOP_LEVEL_MODULES = {"__init__", "__main__", "cli", "errors", "lazy"}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def exports_of(package_path: Path) -> dict[str, str]:
    """패키지 ``__init__``의 ``_EXPORTS`` 표(공개 이름 -> 모듈)와 직접 불러오는 이름."""
    init = package_path / "__init__.py"
    if not init.exists():
        return {}
    table: dict[str, str] = {}
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "_EXPORTS" for t in node.targets):
            table.update(ast.literal_eval(node.value))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(module_name(init) + "."):
            for alias in node.names:  # 같은 패키지의 모듈에서 바로 불러오는 이름(widgets, exercises)
                table[alias.name] = node.module.split(".")[len(module_name(init).split("."))]
    return table


def resolve(module: str, names: list[str], modules: dict[str, Path]) -> set[str]:
    """``from module import names``가 실제로 기대는 모듈들."""
    if module not in modules:
        return set()
    path = modules[module]
    if path.name != "__init__.py" or module == "bertlab":
        return {module}
    table = exports_of(path.parent)
    targets = set()
    for name in names:
        if f"{module}.{name}" in modules:
            targets.add(f"{module}.{name}")
        elif name in table:
            targets.add(f"{module}.{table[name]}")
        else:
            targets.add(module)
    return targets


def import_edges() -> dict[str, set[str]]:
    modules = all_modules()
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("bertlab"):
                edges[name] |= resolve(node.module, [a.name for a in node.names], modules)
            elif isinstance(node, ast.Import):
                edges[name] |= {a.name for a in node.names if a.name in modules}
    for name in edges:
        edges[name].discard(name)
    return edges


def layer(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return LAYER_OF[top]


def test_top_level_holds_concept_packages_and_at_most_five_modules():
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert modules <= TOP_LEVEL_MODULES, sorted(modules - TOP_LEVEL_MODULES)
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    declared = {name for names in LAYERS for name in names} - TOP_LEVEL_MODULES
    assert packages == declared, f"층이 정해지지 않은 패키지: {sorted(packages ^ declared)}"


def test_every_module_belongs_to_a_declared_layer():
    for name in all_modules():
        layer(name)  # KeyError면 새 패키지를 LAYERS에 넣어야 합니다


def test_no_module_imports_from_a_layer_above_it():
    upward = [f"{src} -> {dst}" for src, targets in import_edges().items() for dst in targets
              if layer(dst) > layer(src)]
    assert not upward, "위층을 가져오는 import:\n" + "\n".join(sorted(upward))


def test_no_import_cycles_between_modules():
    edges = import_edges()
    state: dict[str, int] = {}  # 1: 방문 중, 2: 끝
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert not cycles, "순환 import:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_public_names_of_every_package_resolve():
    import importlib

    for init in PACKAGE.rglob("__init__.py"):
        package = module_name(init)
        for name, module in exports_of(init.parent).items():
            assert hasattr(importlib.import_module(f"{package}.{module}"), name), f"{package}.{name}"


@pytest.mark.parametrize("lesson", sorted((REPO_ROOT / "lessons").glob("*.md")), ids=lambda p: p.stem)
def test_lessons_import_only_public_package_names(lesson):
    """레슨은 ``from bertlab.attention import ...``처럼 패키지 이름에서만 가져옵니다(모듈 경로 금지)."""
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    private = []
    for match in re.finditer(r"^\s*(?:from|import) (bertlab(?:\.\w+)*)", lesson.read_text(encoding="utf-8"), re.M):
        parts = match.group(1).split(".")
        if len(parts) > 2 or (len(parts) == 2 and parts[1] not in packages | TOP_LEVEL_MODULES):
            private.append(match.group(0).strip())
    assert not private, f"{lesson.name}: 모듈 경로 import {private}"
