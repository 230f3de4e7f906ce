"""'직접 구현해 보세요' 문제의 금지된 호출(forbidden calls). 모든 레슨의 연습 문제 채점에서 사용합니다.

문제가 ``forbidden=["torch.nn.functional.cross_entropy", ...]``를 선언하면, 채점하는 동안 학생 코드가 그것을
부르는 순간 ``ForbiddenCall``이 나고 답은 "이 문제는 `…` 없이 직접 구현해 보세요."라는 오답이 됩니다.
``q.check()``와 일괄 채점기가 같은 ``Problem.evaluate()``를 거치므로 두 곳에서 똑같이 막힙니다.

선언할 수 있는 것(점으로 이은 경로)과 막는 방법:

- 함수(파이썬 함수·내장 함수, ``bertlab.attention.multi_head_self_attention``): 그 모듈의 이름, 같은 최상위
  패키지의 모든 모듈에서 같은 함수를 가리키는 이름(``F.cosine_similarity``와 ``torch.cosine_similarity``처럼),
  학생 함수의 전역 이름(다른 이름으로 import한 것 포함)·클로저·기본값을 잠시 경비 함수로 바꿉니다.
- 클래스(``torch.nn.CrossEntropyLoss``): 만들기(``__init__``)와 부르기(``forward``, ``__call__``)를 막습니다.
- 메서드·속성(``transformers.PreTrainedTokenizerBase.__call__``, property도 됨): 그 클래스와, 그것을 다시 정의한
  모든 하위 클래스에서 막습니다. 확장 모듈의 타입처럼 바꿀 수 없는 것은 건너뜁니다.

경비는 학생 코드가 도는 동안(``student_call()`` 안)에만 막고, 채점 코드 자신의 호출(기대값 계산, 모델 실행)은
그대로 통과시킵니다. 바꾼 자리는 정답·오답·오류·시간 초과와 상관없이 ``finally``에서 모두 되돌리며, 설치와
복원은 학생 시간 제한 바깥에서 합니다. 값 문제(Value, Tensor)는 답이 이미 계산되어 있으므로
``forbidden_source``가 답을 만든 코드를 읽어 봅니다. 이 모듈은 선언을 실제 객체로 찾고, 경비의 설치와 복원은
``guards.py``가 합니다.
"""

from __future__ import annotations

import importlib
import inspect
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator


class ForbiddenCall(BaseException):
    """학생 코드가 금지된 것을 불렀음(``except Exception``으로 삼켜지지 않도록 BaseException)."""

    def __init__(self, label: str):
        super().__init__(label)
        self.label = label


class _State:
    active = 0                   # 지금 학생 코드가 도는 깊이(0이면 채점 코드)
    tripped: str | None = None   # 학생 코드가 부른 금지 항목(학생이 예외를 삼켜도 남음)


STATE = _State()


@contextmanager
def student_call() -> Iterator[None]:
    """이 블록 안의 호출은 학생 코드의 호출로 봅니다(경비가 막음)."""
    STATE.active += 1
    try:
        yield
    finally:
        STATE.active -= 1


def forbidden_message(label: str) -> str:
    return f"이 문제는 `{label}` 없이 직접 구현해 보세요."


def forbidden_details(labels: list[str]) -> list[str]:
    return ["이 문제에서 쓰지 않기로 한 것: " + ", ".join(f"`{label}`" for label in labels),
            "배운 식과 텐서 연산으로 직접 계산하면 됩니다. 막히면 `.hint()`를 보세요."]


@dataclass
class Target:
    """금지 항목 하나. kind: function / class / method. value: 함수·클래스, 또는 메서드의 원래 속성."""

    path: str
    label: str
    kind: str
    owner: Any
    name: str
    value: Any


def _import_prefix(parts: list[str]) -> tuple[Any, int] | None:
    """경로 앞부분 중 import되는 가장 긴 모듈과 그 길이."""
    for cut in range(len(parts) - 1, 0, -1):
        try:
            return importlib.import_module(".".join(parts[:cut])), cut
        except ImportError:
            continue
    return None


def raw_attribute(klass: type, name: str) -> Any:
    """상속을 따라 찾은 속성의 원래 모습(classmethod·staticmethod를 벗기지 않음)."""
    for base in klass.__mro__:
        if name in vars(base):
            return vars(base)[name]
    return None


def resolve(path: str, label: str | None = None) -> Target | None:
    """``"torch.nn.functional.cross_entropy"`` 같은 경로를 찾습니다. 없는 라이브러리·이름이면 None."""
    parts = path.split(".")
    found = _import_prefix(parts)
    if found is None:
        return None
    owner, cut = found
    try:
        for name in parts[cut:-1]:
            owner = getattr(owner, name)
        name = parts[-1]
        if inspect.isclass(owner):
            value = raw_attribute(owner, name)
            kind = "method"
        else:
            value = getattr(owner, name)
            kind = "class" if inspect.isclass(value) else "function"
    except AttributeError:
        return None
    if value is None:
        return None
    return Target(path, label or path, kind, owner, name, value)


def all_subclasses(klass: type) -> list[type]:
    found, stack = [], [klass]
    while stack:
        try:
            children = stack.pop().__subclasses__()
        except TypeError:  # type 자신처럼 __subclasses__를 인자 없이 부를 수 없는 것
            continue
        for child in children:
            if child not in found:
                found.append(child)
                stack.append(child)
    return found


def method_variants(target: Target) -> list[tuple[type, Any]]:
    """메서드 항목이 실제로 가리키는 (클래스, 원래 속성)들: 선언한 클래스 + 다시 정의한 하위 클래스."""
    variants = [(target.owner, target.value)]
    for child in all_subclasses(target.owner):
        if target.name in vars(child):
            variants.append((child, vars(child)[target.name]))
    return variants


__all__ = ["ForbiddenCall", "STATE", "Target", "all_subclasses", "forbidden_details", "forbidden_message",
           "method_variants", "raw_attribute", "resolve", "student_call"]
