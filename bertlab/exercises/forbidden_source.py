"""값 문제(Value, Tensor)의 금지 항목: 답을 만든 코드를 읽어 금지된 함수·클래스·메서드를 쓰는지 봅니다.
모든 레슨의 연습 문제 채점에서 사용합니다(함수 답은 ``forbidden``의 경비가 실행 중에 막습니다).

답을 만든 코드는 (1) 채점 틀이 직접 실행한 답 코드(``run_code``가 ``__bertlab_sources__``에 남김: 은행
테스트, 노트북 테스트), (2) IPython 실행 기록에서 그 이름을 마지막으로 정의한 셀(학생의 ``check()``, 일괄
채점기) 순서로 찾습니다. 셀 전체가 아니라 답에 값이 흘러드는 문장만 보므로, 같은 셀에서 확인용으로 라이브러리
값을 print해도 괜찮습니다. 그 문장이 부르는 학생 함수의 코드도 두 단계까지 따라가 봅니다. 코드 속 이름은
학생 namespace에서 실제 객체로 찾아, 다른 이름으로 import한 것도 알아봅니다.
"""

from __future__ import annotations

import ast
import builtins
import inspect
from typing import Any, Mapping

from bertlab.exercises.forbidden import Target, method_variants, raw_attribute
from bertlab.exercises.placeholders import is_blank

SOURCES_KEY = "__bertlab_sources__"
_MISSING = object()


def record_source(namespace: dict, code: str, names: frozenset[str]) -> None:
    """채점 틀이 실행한 답 코드를, 그 코드가 정의한 이름마다 남깁니다."""
    sources = namespace.setdefault(SOURCES_KEY, {})
    if isinstance(sources, dict):
        sources.update({name: code for name in names})


def answer_source(name: str, namespace: Mapping[str, Any]) -> str | None:
    """답 ``name``을 만든 코드. 찾지 못하면 None."""
    from bertlab.exercises.order import ipython_history, last_definitions

    sources = namespace.get(SOURCES_KEY) if hasattr(namespace, "get") else None
    if isinstance(sources, dict) and name in sources:
        return sources[name]
    history = ipython_history()
    index = last_definitions(history).get(name)
    return history[index] if index else None


def _stored(stmt: ast.stmt) -> set[str]:
    names = {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    names |= {n.name for n in ast.walk(stmt) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    names |= {(a.asname or a.name).split(".")[0] for n in ast.walk(stmt)
              if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    return names


def _base_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _mutated(stmt: ast.stmt) -> set[str]:
    """``x.append(...)``, ``x[0] = ...``처럼 이름을 다시 묶지 않고 값을 바꾸는 곳의 이름."""
    names = set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            if isinstance(node.value.func, ast.Attribute):
                names.add(_base_name(node.value.func.value))
        elif isinstance(node, (ast.Attribute, ast.Subscript)) and not isinstance(node.ctx, ast.Load):
            names.add(_base_name(node))
    return names - {None}


def statements_for(tree: ast.Module, name: str) -> list[ast.stmt]:
    """답 ``name``에 값이 흘러드는 맨 바깥 문장들(뒤에서부터 거꾸로 따라갑니다)."""
    wanted, chosen = {name}, []
    for stmt in reversed(tree.body):
        if (_stored(stmt) | _mutated(stmt)) & wanted:
            chosen.append(stmt)
            wanted |= {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return chosen[::-1]


def _resolve(node: ast.AST, namespace: Mapping[str, Any]) -> Any:
    """이름·속성 사슬(``F.cross_entropy``, ``english.tokenizer``)을 namespace에서 실제 객체로."""
    if isinstance(node, ast.Name):
        try:
            return namespace[node.id]
        except KeyError:
            return getattr(builtins, node.id, _MISSING)
    if isinstance(node, ast.Attribute):
        base = _resolve(node.value, namespace)
        if base is _MISSING or is_blank(base):
            return _MISSING
        try:
            return getattr(base, node.attr)
        except Exception:  # noqa: BLE001  (없는 속성, 속성 계산 중 오류: 모르는 것으로 둡니다)
            return _MISSING
    return _MISSING


def _unwrap(raw: Any) -> Any:
    return raw.__func__ if isinstance(raw, (classmethod, staticmethod)) else raw


class Matcher:
    """객체가 금지 항목인지(또는 금지된 것을 부르는지) 알아봅니다."""

    def __init__(self, targets: list[Target]):
        self.ids: dict[int, str] = {}
        self.classes: list[tuple[type, str]] = []
        for target in targets:
            if target.kind == "function":
                self.ids[id(target.value)] = target.label
            elif target.kind == "class":
                self.classes.append((target.value, target.label))
            else:
                self.ids.update({id(_unwrap(raw)): target.label for _, raw in method_variants(target)})

    def referenced(self, obj: Any) -> str | None:
        """함수·클래스·메서드를 가리키기만 해도 금지인 것."""
        if id(obj) in self.ids:
            return self.ids[id(obj)]
        function = getattr(obj, "__func__", None)  # 묶인 메서드
        if function is not None and id(function) in self.ids:
            return self.ids[id(function)]
        owner = getattr(obj, "__self__", None)  # 내장 메서드(텐서의 .softmax 등)
        if inspect.isbuiltin(obj) and owner is not None and not inspect.ismodule(owner):
            label = self.ids.get(id(raw_attribute(type(owner), getattr(obj, "__name__", ""))))
            if label:
                return label
        if inspect.isclass(obj):
            return next((label for klass, label in self.classes if issubclass(obj, klass)), None)
        return None

    def called(self, obj: Any) -> str | None:
        """인스턴스를 부를 때 금지인 것(토크나이저 ``tokenizer(...)``, 모델 ``model(...)``)."""
        if inspect.isclass(obj) or inspect.isroutine(obj) or obj is _MISSING:
            return None
        label = next((label for klass, label in self.classes if isinstance(obj, klass)), None)
        for name in ("__call__", "forward"):
            label = label or self.ids.get(id(_unwrap(raw_attribute(type(obj), name))))
        return label


def _is_student_function(obj: Any) -> bool:
    from bertlab.exercises.student import _is_student_file

    return inspect.isfunction(obj) and _is_student_file(obj.__code__.co_filename)


def scan(statements: list[ast.stmt], namespace: Mapping[str, Any], matcher: Matcher, depth: int = 0) -> str | None:
    """문장들이 금지 항목을 쓰면 그 이름(label), 아니면 None."""
    for node in (n for stmt in statements for n in ast.walk(stmt)):
        if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Load):
            label = matcher.referenced(_resolve(node, namespace))
        elif isinstance(node, ast.Call):
            callee = _resolve(node.func, namespace)
            label = matcher.called(callee)
            if not label and depth < 2 and _is_student_function(callee):
                label = _scan_function(callee, matcher, depth + 1)
        else:
            continue
        if label:
            return label
    return None


def _scan_function(function: Any, matcher: Matcher, depth: int) -> str | None:
    try:
        tree = ast.parse(inspect.getsource(function).strip())
    except (OSError, TypeError, SyntaxError, IndentationError):
        return None
    return scan(tree.body, function.__globals__, matcher, depth)


def forbidden_in_values(targets: list[Target], answers: dict[str, Any], namespace: Mapping[str, Any]) -> str | None:
    """함수가 아닌 답마다 그 답을 만든 코드를 읽어 금지 항목을 찾습니다."""
    matcher = Matcher(targets)
    for name, value in answers.items():
        if inspect.isfunction(value):
            continue
        source = answer_source(name, namespace)
        try:
            tree = ast.parse(source or "")
        except SyntaxError:
            continue
        label = scan(statements_for(tree, name), namespace, matcher)
        if label:
            return label
    return None


__all__ = ["SOURCES_KEY", "Matcher", "answer_source", "forbidden_in_values", "record_source", "statements_for"]
