"""행마다 도는 반복 재기: 학생 코드가 직접 부른 횟수와 실행한 줄 수. "행마다 도는 반복 없이"를 요구한 문제
(``Function(rows=...)``, 레슨 16 연습 1)에서 사용합니다.

``tracing`` 안에서 ``counting(trace)`` 블록을 두 번(행 수만 다른 입력) 쓰고 두 ``Counts``를 비교합니다. 행렬 곱 한
번으로 계산하면 둘이 같고, 행마다 도는 반복(for, 컴프리헨션, map, 파이썬 리스트로 바꿔 도는 것)이 있으면 부른 횟수나
실행한 줄 수가 행 수와 함께 늘어납니다. 줄 수는 ``sys.settrace``로 학생 코드의 frame에서만 셉니다.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

from bertlab.exercises.tracing import Trace, invoke, is_student_code


@dataclass
class Counts:
    """``counting`` 블록에서 학생 코드가 직접 부른 횟수(calls)와 실행한 줄 수(lines)."""

    calls: int = 0
    lines: int = 0


@contextmanager
def counting(trace: Trace) -> Iterator[Counts]:
    """이 블록에서 학생 코드가 직접 부른 횟수와 실행한 줄 수(``Counts``). ``tracing`` 안에서 씁니다."""
    counts = Counts()

    def count_line(frame: Any, event: str, arg: Any) -> Any:
        if event == "line":
            counts.lines += 1
        return count_line

    def new_frame(frame: Any, event: str, arg: Any) -> Any:
        if event == "call" and is_student_code(frame.f_code) and frame.f_code is not invoke.__code__:
            return count_line
        return None

    calls, previous = trace.calls, sys.gettrace()
    sys.settrace(new_frame)
    try:
        yield counts
    finally:
        sys.settrace(previous)
        counts.calls = trace.calls - calls


__all__ = ["Counts", "counting"]
