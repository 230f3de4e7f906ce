"""값 답(Value, Tensor)을 만든 코드를 추적하며 다시 실행하기. 모든 레슨의 '직접 구현해 보세요' 값 문제 채점에서
사용합니다.

함수 답은 채점기가 부르는 동안 추적하면 되지만, 값 답은 ``check()`` 전에 이미 계산되어 있습니다. 그래서 답을
만든 코드를 찾아 ``tracing`` 안에서 다시 실행합니다.

- 답을 만든 코드: 채점 틀이 실행한 답 코드(``run_code``가 ``__bertlab_sources__``에 남김: 은행 테스트, 노트북
  테스트, 채점기의 해답 주입), 없으면 IPython 실행 기록에서 그 이름을 마지막으로 정의한 셀.
- 셀 전체가 아니라 답에 값이 흘러드는 문장만 다시 실행합니다(같은 셀의 확인용 ``print``는 건너뜀).
- 그 문장이 기대는 값이 앞 셀에서 계산되었다면 그 셀의 문장도 거슬러 올라가 함께 다시 실행합니다
  (``x = model.embeddings(...)`` 다음 셀에서 ``rebuilt = x``로 숨기는 길을 막음). 모듈·함수·클래스와 문제가 준
  값(setup의 맥락과 이름·데이터가 같은 값: 레슨 셀이 만든 모델·입력·표)은 거슬러 올라가지 않습니다. 레슨 원본의
  셀과 글자 하나 다르지 않은 셀(``lesson_cells``)이 만든 입력도 다시 실행하지 않지만, 강의 함수의 결과 객체나 답과
  같은 값(레슨이 비교용으로 계산해 둔 값)이면 그 셀도 추적하며 다시 실행합니다(``lesson_input``).
- 다시 실행해 나온 값이 지금 답과 같아야 합니다. 다르면(셀을 고친 뒤 다시 실행하지 않음 등) 다시 실행하라는
  오답입니다. 코드를 찾지 못해도 같습니다.

다시 실행은 학생 namespace의 얕은 복사본에서 하므로 학생 변수의 이름 묶음은 바뀌지 않습니다.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import linecache
import types
from collections.abc import Mapping
from typing import Any

from bertlab.errors import josa
from bertlab.exercises.lesson_cells import lesson_cells, lesson_input
from bertlab.exercises.order import cell_names, ipython_history
from bertlab.exercises.outcome import Incorrect
from bertlab.exercises.placeholders import contains_blank

SOURCES_KEY = "__bertlab_sources__"
MAX_CELLS = 8  # 거슬러 올라갈 셀 수의 한도
_SKIP_NAMES = frozenset({"In", "Out", "get_ipython", "exit", "quit", SOURCES_KEY})


def record_source(namespace: dict, code: str, names: frozenset[str]) -> None:
    """채점 틀이 실행한 답 코드를, 그 코드가 정의한 이름마다 남깁니다."""
    sources = namespace.setdefault(SOURCES_KEY, {})
    if isinstance(sources, dict):
        sources.update({name: code for name in names})


def _stored(stmt: ast.stmt) -> set[str]:
    names = {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    names |= {n.name for n in ast.walk(stmt) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
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


def _loaded(stmt: ast.stmt) -> set[str]:
    return {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def statements_for(tree: ast.Module, names: set[str], follow: Any = None) -> list[ast.stmt]:
    """``names``에 값이 흘러드는 맨 바깥 문장들(뒤에서부터 거꾸로 따라갑니다).

    follow(이름): 고른 문장이 읽는 이름 중 더 따라갈 것(비우면 모두). 문제가 준 값은 따라가지 않을 때 씁니다.
    """
    wanted, chosen = set(names), []
    for stmt in reversed(tree.body):
        if (_stored(stmt) | _mutated(stmt)) & wanted:
            chosen.append(stmt)
            wanted |= {name for name in _loaded(stmt) if follow is None or follow(name)}
    return chosen[::-1]


def _free_names(statements: list[ast.stmt]) -> set[str]:
    loaded = set().union(*(_loaded(s) for s in statements)) if statements else set()
    stored = set().union(*(_stored(s) for s in statements)) if statements else set()
    return {n for n in loaded - stored if not hasattr(builtins, n)}


def _same_data(value: Any, given: Any) -> bool:
    """노트북의 값이 문제가 준 값(setup의 맥락)과 같은 데이터인지: 텐서·배열, 사전, 수·글, 모듈의 가중치, 토크나이저."""
    if value is given:
        return True
    try:
        if hasattr(value, "shape") and hasattr(value, "dtype") and hasattr(given, "shape"):
            return (tuple(value.shape) == tuple(given.shape) and str(value.dtype) == str(given.dtype)
                    and bool((value == given).all()))
        if isinstance(value, Mapping) and isinstance(given, Mapping):
            return set(value.keys()) == set(given.keys()) and all(_same_data(value[k], given[k]) for k in given.keys())
        if type(value) is not type(given):
            return False
        if isinstance(value, (str, int, float, bool, tuple, list)):
            return len(repr(value)) < 100_000 and value == given
        if hasattr(value, "state_dict"):  # torch 모듈: 같은 가중치
            mine, theirs = value.state_dict(), given.state_dict()
            return mine.keys() == theirs.keys() and all(_same_data(mine[k], theirs[k]) for k in theirs)
        if hasattr(value, "get_vocab"):  # 토크나이저: 같은 어휘
            return value.get_vocab() == given.get_vocab()
    except Exception:  # noqa: BLE001  (비교할 수 없으면 다른 값으로 봅니다)
        return False
    return False


def _worth_following(name: str, namespace: Mapping[str, Any], context: dict) -> bool:
    """앞 셀까지 거슬러 올라가 다시 계산할 값인지: 학생이 계산한 데이터만.

    모듈·함수·클래스, 그리고 문제가 준 값(setup의 맥락과 이름·데이터가 같은 값: 레슨 셀이 만든 모델, 입력 묶음,
    임베딩 표 등)은 거슬러 올라가지 않습니다. 그런 레슨 셀은 토크나이저·모델을 부르기 때문입니다.
    """
    if name.startswith("_") or name in _SKIP_NAMES or name not in namespace:
        return False
    value = namespace[name]
    if name in context and _same_data(value, context[name]):
        return False
    if isinstance(value, types.ModuleType) or inspect.isclass(value) or inspect.isroutine(value):
        return False
    return not type(value).__module__.startswith("bertlab.exercises")


class Program:
    """다시 실행할 코드 조각들(셀 순서). 각 조각은 (파일 이름, 원래 셀 코드, 고른 문장)."""

    def __init__(self) -> None:
        self.pieces: list[tuple[str, str, list[ast.stmt]]] = []
        self.names: set[str] = set()  # 다시 계산하는 이름(복사본에서 먼저 지웁니다)

    def run(self, namespace: dict) -> None:
        for filename, source, statements in self.pieces:
            linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
            module = ast.Module(body=statements, type_ignores=[])
            exec(compile(module, filename, "exec"), namespace)  # noqa: S102  (학생 답을 만든 코드를 다시 실행)


def _from_sources(names: list[str], sources: dict) -> Program | None:
    program = Program()
    for name in names:
        if name not in sources:
            return None
        source = sources[name]
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return None
        program.pieces.append((f"<답을 만든 코드: {name}>", source, statements_for(tree, {name})))
        program.names.add(name)
    return program


def _defined_before(history: list[str], name: str, before: int) -> int | None:
    for index in range(min(before, len(history)) - 1, 0, -1):
        if history[index] and name in cell_names(history[index])[0]:
            return index
    return None


def _from_history(names: list[str], history: list[str], namespace: Mapping[str, Any], context: dict,
                  trusted: frozenset[str] = frozenset(), answers: Mapping[str, Any] | None = None,
                  same: Any = None) -> Program | None:
    """실행 기록에서 답을 만든 문장들. 고치지 않은 레슨 셀(``trusted``)이 만든 입력까지는 거슬러 올라가지 않습니다
    (``lesson_input``: 강의 함수의 결과나 답과 같은 값이면 그 셀도 다시 실행)."""
    verdicts: dict[str, bool] = {}

    def follow(name: str) -> bool:
        if name not in verdicts:
            verdicts[name] = _worth_following(name, namespace, context)
        return verdicts[name]

    wanted: dict[int, set[str]] = {}
    queue = [(name, len(history), True) for name in names]
    while queue:
        name, before, required = queue.pop()
        index = _defined_before(history, name, before)
        if index is None:
            if required:
                return None
            continue
        if (not required and history[index].strip() in trusted
                and lesson_input(name, namespace, context, answers or {}, same or _never_same)):
            continue
        if name in wanted.get(index, set()):
            continue
        if index not in wanted and len(wanted) >= MAX_CELLS:
            continue
        wanted.setdefault(index, set()).add(name)
        try:
            chosen = statements_for(ast.parse(history[index]), wanted[index], follow)
        except SyntaxError:
            return None
        for free in _free_names(chosen):
            if follow(free):
                queue.append((free, index, False))
    program = Program()
    for index in sorted(wanted):
        tree = ast.parse(history[index])
        statements = statements_for(tree, wanted[index], follow)
        program.pieces.append((f"<답을 만든 셀 [{index}]>", history[index], statements))
        program.names |= wanted[index]
    return program


def _never_same(value: Any, answer: Any) -> str:
    return "비교하지 않음"


def answer_program(names: list[str], namespace: Mapping[str, Any], context: dict, lesson: str = "",
                   answers: Mapping[str, Any] | None = None, same: Any = None) -> Program | None:
    """``names``를 만든 코드. 찾지 못하면 None. ``same(값, 답)``: 거의 같으면 None(레슨 셀의 값이 답인지 볼 때)."""
    sources = namespace.get(SOURCES_KEY) if hasattr(namespace, "get") else None
    if isinstance(sources, dict) and all(name in sources for name in names):
        return _from_sources(names, sources)
    history = ipython_history()
    return (_from_history(names, history, namespace, context, lesson_cells(lesson), answers, same)
            if history else None)


def replay_values(names: list[str], answers: dict, namespace: Mapping[str, Any], context: dict, same: Any,
                  lesson: str = "", near: Any = None) -> None:
    """값 답을 만든 코드를 다시 실행합니다(부르는 쪽이 ``tracing``과 시간 제한을 겁니다).

    same(다시 나온 값, 지금 값) -> 다르면 이유 문자열. 코드를 못 찾거나 값이 다르면 ``Incorrect``.
    near(레슨 셀의 값, 답) -> 답과 거의 같으면 None(그런 레슨 값은 믿지 않고 그 셀도 다시 실행). 없으면 same.
    """
    if not names:
        return
    program = answer_program(names, namespace, context, lesson, answers, near or same)
    listed = ", ".join(f"`{n}`" for n in names)
    if program is None:
        raise Incorrect(f"{josa(listed, '을/를')} 만든 코드를 찾지 못해, 어떤 함수를 써서 계산했는지 확인할 수 없습니다.",
                        details=["답을 `이름 = ...` 꼴로 적은 셀을 다시 실행한 뒤 확인하세요."])
    scratch = dict(namespace)
    for name in program.names:
        scratch.pop(name, None)
    program.run(scratch)
    for name in names:
        if name not in scratch or contains_blank(scratch[name]) or same(scratch[name], answers[name]):
            raise Incorrect(f"{josa('`' + name + '`', '을/를')} 만든 셀을 다시 실행했더니 지금 값과 같은 값이 나오지 않습니다.",
                            details=["답을 만든 셀을 고친 뒤 다시 실행하지 않았거나, 다른 셀에서 값을 바꾼 것 같습니다. "
                                     "답을 만든 셀을 다시 실행한 뒤 확인하세요."])


__all__ = ["SOURCES_KEY", "Program", "answer_program", "record_source", "replay_values", "statements_for"]
