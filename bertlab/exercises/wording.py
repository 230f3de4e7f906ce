"""연습 문제 피드백을 자연스러운 한국어로 쓰기 위한 작은 도구들. 모든 레슨의 채점 메시지에서 사용합니다.

조사 고르기(``josa``)는 강의 전체가 함께 쓰므로 ``bertlab.errors``에 있습니다.

- ``type_name(value)``: 값의 종류를 한국어로(``"정수(int)"``, ``"torch 텐서"``).
- ``short_repr(value)``: 피드백에 넣을 짧은 표현(긴 값은 줄임표로 자릅니다).
- 상태 이름(``STATUS_LABELS``): 정답 / 오답 / 아직 풀지 않음.
"""

from __future__ import annotations

import reprlib
from typing import Any

CORRECT = "correct"
INCORRECT = "incorrect"
NOT_ATTEMPTED = "not_attempted"
ERROR = "error"  # 채점기 자체가 값을 얻지 못한 경우(시간 초과로 노트북이 끝나지 않음 등)

STATUS_LABELS = {
    CORRECT: "정답",
    INCORRECT: "오답",
    NOT_ATTEMPTED: "아직 풀지 않음",
    ERROR: "채점 불가",
}

_TYPE_NAMES = {
    "int": "정수(int)", "float": "실수(float)", "str": "문자열(str)", "bool": "참/거짓(bool)",
    "list": "리스트(list)", "tuple": "튜플(tuple)", "dict": "딕셔너리(dict)", "set": "집합(set)",
    "NoneType": "None(아무것도 없음)", "function": "함수", "Tensor": "torch 텐서",
    "ndarray": "넘파이 배열(ndarray)",
}


def type_name(value: Any) -> str:
    """값의 종류를 한국어로 돌려줍니다(모르는 종류는 파이썬 이름 그대로)."""
    name = type(value).__name__
    return _TYPE_NAMES.get(name, name)


_REPR = reprlib.Repr()
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlist = 8
_REPR.maxtuple = 8
_REPR.maxdict = 6


def short_repr(value: Any, limit: int = 80) -> str:
    """피드백용 짧은 표현. 텐서·배열은 값 대신 모양과 자료형만 보여 줍니다."""
    shape = getattr(value, "shape", None)
    if shape is not None and hasattr(value, "dtype"):
        try:
            dims = tuple(int(d) for d in shape)
            numel = 1
            for d in dims:
                numel *= d
            if numel > 8:
                return f"{type_name(value)} (모양 {format_shape(dims)}, {value.dtype})"
        except (TypeError, ValueError):
            pass
    try:
        text = _REPR.repr(value)
    except Exception:  # noqa: BLE001
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_shape(shape: Any) -> str:
    """모양을 ``(2, 5)`` 꼴로. ``torch.Size([2, 5])`` 도 같은 꼴이 됩니다."""
    dims = tuple(int(d) for d in shape)
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join(str(d) for d in dims) + ")"
