"""셀 실행 순서 경고. 모든 레슨의 ``check()``에서 사용합니다(IPython 밖에서는 아무것도 하지 않습니다).

노트북에서는 셀을 아무 순서로나 다시 실행할 수 있습니다. 답을 만든 셀을 실행한 *뒤에* 그 답이
기대는 변수(예: 문장, 모델)를 바꾸는 셀을 다시 실행하면, 답은 예전 값으로 계산된 채 남습니다.
IPython의 실행 기록(``In[n]``)에서 각 이름을 마지막으로 정의한 실행 번호를 찾아, 답을 정의한 셀이
쓰는 이름 중 더 나중에 다시 정의된 것이 있으면 한국어로 알려 줍니다.
"""

from __future__ import annotations

import ast
import inspect
import os
import sys
import types
from functools import lru_cache
from typing import Any, Mapping

from bertlab.errors import josa

GRADING_ENV = "BERTLAB_GRADING"


@lru_cache(maxsize=2048)
def cell_names(source: str) -> tuple[frozenset, frozenset]:
    """셀이 전역에 정의하는 이름들, 그리고 셀이 바깥에서 가져다 쓰는 이름들."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset(), frozenset()
    defined: set[str] = set()
    for node in tree.body:
        defined.update(_top_level_targets(node))
    bound: set[str] = set()
    loaded: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
    return frozenset(defined), frozenset(loaded - bound - defined)


def _top_level_targets(node: ast.AST) -> set[str]:
    """셀의 맨 바깥 문장이 전역에 만드는 이름(함수 안쪽 지역 변수는 제외)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    names: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            if child is not node and not isinstance(child, ast.Lambda):
                names.add(child.name)
            continue
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            names.add(child.id)
    return names


def last_definitions(history: list[str]) -> dict[str, int]:
    """이름 → 그 이름을 마지막으로 정의한 실행 번호. history[n]은 n번째로 실행된 셀의 코드."""
    latest: dict[str, int] = {}
    for count, source in enumerate(history):
        if count == 0 or not source:
            continue
        for name in cell_names(source)[0]:
            latest[name] = count
    return latest


def _harmless_to_redefine(value: Any) -> bool:
    """다시 정의해도 답에 영향이 없는 것: 모듈, 라이브러리 함수·클래스, 연습 문제 손잡이(q1 등)."""
    if isinstance(value, types.ModuleType):
        return True
    if (inspect.isroutine(value) or inspect.isclass(value)) and getattr(value, "__module__", "__main__") != "__main__":
        return True
    return type(value).__module__.startswith("bertlab.exercises")


def stale_answer_warnings(reads: tuple[str, ...], history: list[str], namespace: Mapping[str, Any]) -> list[str]:
    """답(reads)이 기대는 이름 중 답보다 나중에 다시 정의된 것이 있으면 한국어 경고 목록."""
    latest = last_definitions(history)
    warnings = []
    for answer in reads:
        answer_count = latest.get(answer)
        if answer_count is None:
            continue
        uses = cell_names(history[answer_count])[1]
        for dependency in sorted(uses):
            dep_count = latest.get(dependency, 0)
            if dep_count <= answer_count or dependency in reads or dependency not in namespace:
                continue
            if _harmless_to_redefine(namespace[dependency]):
                continue
            answer_code, dep_code = f"`{answer}`", f"`{dependency}`"
            warnings.append(
                f"{josa(answer_code, '을/를')} 만든 셀(실행 [{answer_count}])보다 {josa(dep_code, '을/를')} 바꾼 셀"
                f"(실행 [{dep_count}])이 나중에 실행되었습니다. {josa(answer_code, '이/가')} 예전 "
                f"{josa(dep_code, '으로/로')} 계산되었을 수 있으니, 답을 적은 셀을 다시 실행한 뒤 확인하세요.")
    return warnings


def ipython_history() -> list[str]:
    """지금 IPython 커널의 실행 기록(``history[n]``은 n번째로 실행된 셀). IPython 밖이면 빈 목록."""
    if "IPython" not in sys.modules:
        return []
    from IPython import get_ipython

    shell = get_ipython()
    return list(getattr(getattr(shell, "history_manager", None), "input_hist_parsed", None) or [])


def order_warnings(reads: tuple[str, ...], namespace: Mapping[str, Any]) -> list[str]:
    """지금 IPython 커널의 실행 기록으로 경고를 만듭니다. IPython 밖·채점 중에는 빈 목록."""
    if os.environ.get(GRADING_ENV):
        return []
    history = ipython_history()
    if not history:
        return []
    try:
        return stale_answer_warnings(tuple(reads), history, namespace)
    except Exception:  # noqa: BLE001  (경고는 도움일 뿐, 채점을 막으면 안 됩니다)
        return []
