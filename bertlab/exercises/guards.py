"""금지된 호출의 경비: 설치하고 되돌리기. 모든 레슨의 연습 문제 채점(``Problem.evaluate``)에서 사용합니다.

``forbidding(targets, answers)`` 블록 동안 금지 항목(``forbidden.resolve``로 찾은 것)을 경비 함수로 바꿉니다.
경비는 학생 코드가 도는 동안(``forbidden.student_call``)에만 ``ForbiddenCall``을 내고, 그 밖에서는 원래 함수를
그대로 부릅니다. 블록을 나갈 때(정답·오답·오류·시간 초과 모두) 바꾼 자리를 모두 되돌립니다.
"""

from __future__ import annotations

import functools
import inspect
import sys
import types
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from bertlab.exercises.forbidden import STATE, ForbiddenCall, Target, method_variants, raw_attribute

GUARDED_CLASS_METHODS = ("__init__", "forward", "__call__")


def _make_guard(original: Callable, label: str) -> Callable:
    def guard(*args: Any, **kwargs: Any) -> Any:
        if STATE.active > 0:
            STATE.tripped = label
            raise ForbiddenCall(label)
        return original(*args, **kwargs)

    try:
        functools.update_wrapper(guard, original)
    except (AttributeError, TypeError):
        pass
    guard.__bertlab_forbidden__ = label
    return guard


def _guard_descriptor(raw: Any, label: str) -> Any:
    """클래스에 둘 경비: property·classmethod·staticmethod는 같은 모양으로 감쌉니다."""
    if isinstance(raw, property):
        return property(_make_guard(raw.fget, label), raw.fset, raw.fdel, raw.__doc__)
    if isinstance(raw, classmethod):
        return classmethod(_make_guard(raw.__func__, label))
    if isinstance(raw, staticmethod):
        return staticmethod(_make_guard(raw.__func__, label))
    return _make_guard(raw, label)


class Patches:
    """바꾼 자리들과 되돌리는 방법. ``restore()``는 여러 번 불러도 안전합니다."""

    def __init__(self) -> None:
        self._undo: list[Callable[[], None]] = []

    def replace_item(self, namespace: dict, key: str, value: Any) -> None:
        original = namespace[key]
        namespace[key] = value
        self._undo.append(lambda: namespace.__setitem__(key, original))

    def replace_value(self, owner: Any, name: str, value: Any) -> None:
        """``__defaults__``, ``cell_contents``처럼 늘 있는 속성: 원래 값을 다시 넣어 되돌립니다."""
        original = getattr(owner, name)
        setattr(owner, name, value)
        self._undo.append(lambda: setattr(owner, name, original))

    def shadow(self, owner: Any, name: str, value: Any) -> None:
        """모듈·클래스의 속성: 원래 자기 사전에 없던 이름(상속, 게으른 불러오기)이면 지워서 되돌립니다."""
        own = vars(owner) if hasattr(owner, "__dict__") else {}
        had, original = name in own, own.get(name)
        try:
            setattr(owner, name, value)
        except (AttributeError, TypeError):  # 확장 모듈의 타입 등: 바꿀 수 없으면 건너뜁니다
            return
        self._undo.append(lambda: setattr(owner, name, original) if had else delattr(owner, name))

    def restore(self) -> None:
        while self._undo:
            undo = self._undo.pop()
            try:
                undo()
            except Exception:  # noqa: BLE001  (되돌리기 하나가 실패해도 나머지는 되돌립니다)
                pass


_MODULE_INDEX: dict[tuple, list[tuple[dict, str]]] = {}


def _module_bindings(roots: frozenset[str], ids: frozenset[int]) -> list[tuple[dict, str]]:
    """roots 패키지의 불러온 모듈들에서 ids의 객체를 가리키는 (모듈 사전, 이름). 모듈 수가 같으면 다시 씁니다."""
    key = (roots, ids, len(sys.modules))
    if key not in _MODULE_INDEX:
        found = []
        for name, module in list(sys.modules.items()):
            if not isinstance(module, types.ModuleType) or name.split(".")[0] not in roots:
                continue
            try:
                items = list(vars(module).items())
            except TypeError:
                continue
            found += [(vars(module), attr) for attr, value in items if id(value) in ids]
        _MODULE_INDEX.clear()
        _MODULE_INDEX[key] = found
    return _MODULE_INDEX[key]


def student_namespaces(answers: dict[str, Any]) -> list[dict]:
    """학생 함수들이 이름을 찾는 전역 사전(노트북의 전역 변수 등). 같은 사전은 한 번만."""
    spaces: list[dict] = []
    for value in answers.values():
        space = getattr(value, "__globals__", None)
        if isinstance(space, dict) and all(space is not s for s in spaces):
            spaces.append(space)
    return spaces


def _patch_function_aliases(patches: Patches, answers: dict[str, Any], guards: dict[int, Callable]) -> None:
    """학생 함수의 클로저와 기본값에 담긴 금지 함수도 경비로 바꿉니다."""
    for value in answers.values():
        for cell in getattr(value, "__closure__", None) or ():
            try:
                content = cell.cell_contents
            except ValueError:  # 아직 값이 없는 셀
                continue
            if id(content) in guards:
                patches.replace_value(cell, "cell_contents", guards[id(content)])
        defaults = getattr(value, "__defaults__", None)
        if defaults and any(id(d) in guards for d in defaults):
            patches.replace_value(value, "__defaults__", tuple(guards.get(id(d), d) for d in defaults))


def install(targets: list[Target], answers: dict[str, Any]) -> Patches:
    """금지 항목마다 경비를 설치합니다. 돌려준 ``Patches.restore()``로 되돌립니다(설치 중 오류여도)."""
    patches = Patches()
    try:
        guards: dict[int, Callable] = {}
        for target in targets:
            if target.kind == "function":
                guards[id(target.value)] = _make_guard(target.value, target.label)
                patches.shadow(target.owner, target.name, guards[id(target.value)])
            elif target.kind == "class":
                for name in GUARDED_CLASS_METHODS:
                    raw = raw_attribute(target.value, name)
                    if inspect.isfunction(raw):
                        patches.shadow(target.value, name, _make_guard(raw, target.label))
            else:
                for klass, raw in method_variants(target):
                    patches.shadow(klass, target.name, _guard_descriptor(raw, target.label))
        if guards:
            roots = frozenset(t.path.split(".")[0] for t in targets if t.kind == "function")
            namespaces = [(space, key) for space in student_namespaces(answers)
                          for key, value in list(space.items()) if id(value) in guards]
            for space, key in _module_bindings(roots, frozenset(guards)) + namespaces:
                if id(space.get(key)) in guards:
                    patches.replace_item(space, key, guards[id(space[key])])
            _patch_function_aliases(patches, answers, guards)
    except BaseException:
        patches.restore()
        raise
    return patches


@contextmanager
def forbidding(targets: list[Target], answers: dict[str, Any]) -> Iterator[None]:
    """이 블록 동안 금지 항목을 막습니다. 나갈 때 모두 되돌리고 학생 코드 깊이도 원래대로 둡니다."""
    depth = STATE.active
    STATE.tripped = None
    patches = install(targets, answers) if targets else Patches()
    try:
        yield
    finally:
        patches.restore()
        STATE.active = depth


__all__ = ["Patches", "forbidding", "install"]
