"""학생 코드를 안전하게 부르기: 시간 제한, 짧은 한국어 오류 설명, 빈칸 판정. 모든 레슨의 채점에서 사용합니다.

학생 함수가 예외를 내면 긴 traceback 대신 "무슨 오류인지 + 학생 코드의 어느 줄인지"만 보여
줍니다. 끝나지 않는 반복은 ``time_limit``이 끊습니다(학생 스레드에 ``StudentTimeout``을 비동기로
던지므로 운영체제와 스레드에 상관없이 순수 파이썬 반복을 멈출 수 있습니다).
"""

from __future__ import annotations

import copy
import ctypes
import threading
import time
import traceback
from contextlib import contextmanager
from typing import Any, Callable

from bertlab.exercises.wording import short_repr
from bertlab.errors import josa
from bertlab.exercises.outcome import Incorrect, NotAttempted
from bertlab.exercises.placeholders import contains_blank
from bertlab.exercises.tracing import invoke, is_student_file, paused


class StudentTimeout(BaseException):
    """학생 코드가 시간 제한을 넘김(``except Exception``으로 삼켜지지 않도록 BaseException)."""


@contextmanager
def time_limit(seconds: float | None):
    """``seconds``초가 지나면 이 스레드에 ``StudentTimeout``을 던집니다. None이면 제한 없음."""
    if seconds is None or seconds <= 0:
        yield
        return
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"running": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["running"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(thread_id), ctypes.py_object(StudentTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    delivered = False
    try:
        yield
    except StudentTimeout:
        delivered = True
        raise
    finally:
        with lock:
            state["running"] = False
        timer.cancel()
        if state["fired"] and not delivered:
            _drain_timeout()


def _drain_timeout() -> None:
    """막 끝난 블록 뒤에 아직 배달되지 않은 ``StudentTimeout``을 여기서 받아 버립니다.

    ``PyThreadState_SetAsyncExc(id, NULL)``로 지우면 CPython 3.11이 대기 신호를 끄지 않아, profile 함수(채점 추적)가
    걸린 동안 약한 참조 콜백에서 멈추는 일이 있습니다. 그래서 지우지 않고, 반복 몇 번 사이에 배달되게 합니다.
    """
    try:
        for _ in range(1000):
            pass
    except StudentTimeout:
        pass


class Budget:
    """한 번의 ``check()``에서 학생 코드가 쓸 수 있는 시간(초)."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def remaining(self) -> float | None:
        if self.deadline is None:
            return None
        return max(0.001, self.deadline - time.monotonic())


_EXPLANATIONS = [
    ("UnboundLocalError", "함수 안에서 변수에 값을 넣기 전에 그 변수를 읽었습니다."),
    ("NameError", "정의되지 않은 이름을 썼습니다. 오타가 없는지, 그 이름을 만드는 셀을 먼저 실행했는지 확인하세요."),
    ("RecursionError", "함수가 자기 자신을 끝없이 부르고 있습니다. 멈추는 조건을 확인하세요."),
    ("ZeroDivisionError", "0으로 나누었습니다."),
    ("IndexError", "리스트나 텐서의 범위를 벗어난 위치를 읽었습니다."),
    ("KeyError", "딕셔너리에 없는 키를 찾았습니다."),
    ("AttributeError", "그 값에는 없는 속성이나 메서드를 썼습니다. 값의 종류(자료형)를 확인하세요."),
    ("TypeError", "값의 종류(자료형)가 맞지 않거나, 함수에 넘긴 인자의 개수가 다릅니다."),
    ("ValueError", "값의 종류는 맞지만 내용이 맞지 않습니다."),
    ("AssertionError", "assert 조건이 거짓이었습니다."),
    ("RuntimeError", "실행 중 오류가 났습니다. 텐서 연산이라면 모양(shape)과 자료형(dtype)이 맞는지 확인하세요."),
]

def failing_line(exc: BaseException) -> str | None:
    """예외가 지나간 학생 코드 중 가장 안쪽 줄을 ``"3번째 줄: return x[10]"`` 꼴로."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if is_student_file(f.filename)]
    if not frames:
        return None
    frame = frames[-1]
    line = (frame.line or "").strip()
    where = f"{frame.lineno}번째 줄"
    if frame.name not in ("<module>", "<lambda>"):
        where = f"함수 {frame.name}의 {where}"
    return f"{where}: {line}" if line else where


def explain_exception(exc: BaseException, what: str) -> Incorrect:
    """학생 코드의 예외를 짧은 한국어 설명(``Incorrect``)으로 바꿉니다."""
    from bertlab.errors import BertlabError

    name = type(exc).__name__
    if isinstance(exc, BertlabError):
        reason = str(exc)
    else:
        names = [cls.__name__ for cls in type(exc).__mro__]
        reason = next((text for key, text in _EXPLANATIONS if key in names),
                      "코드를 실행하다가 예외가 났습니다.")
    original = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    message = f"{josa(what, '을/를')} 실행하다가 오류가 났습니다: {reason}"
    details = [f"오류 종류: {name}" + (f" ({original})" if original else "")]
    line = failing_line(exc)
    if line:
        details.append(f"문제가 난 곳 → {line}")
    return Incorrect(message, details=details)


def _safe_copy(value: Any) -> Any:
    """학생 함수가 인자를 바꿔도 다음 테스트가 망가지지 않게 복사합니다(모델 같은 큰 객체는 그대로)."""
    if isinstance(value, (list, tuple, dict, set, str, int, float, bool, type(None))):
        return copy.deepcopy(value)
    if hasattr(value, "clone") and hasattr(value, "shape"):  # torch 텐서
        return value.clone()
    if hasattr(value, "copy") and hasattr(value, "shape"):  # 넘파이 배열
        return value.copy()
    return value


def describe_call(name: str, args: tuple, kwargs: dict | None = None) -> str:
    """``count_tokens('나는 간다')`` 꼴의 짧은 호출 표현."""
    parts = [short_repr(a, 40) for a in args] + [f"{k}={short_repr(v, 40)}" for k, v in (kwargs or {}).items()]
    return f"{name}({', '.join(parts)})"


def _timeout_message(what: str, seconds: float) -> str:
    return (f"{josa(what, '이/가')} 시간 제한({seconds:.1f}초) 안에 끝나지 않았습니다. "
            "끝나지 않는 반복(while)이나 너무 느린 계산이 없는지 확인하세요.")


@contextmanager
def student_time_limit(budget: Budget | None, what: str):
    """블록 전체에 남은 시간만큼 제한을 두고, 넘기면 한국어 ``Incorrect``로 바꿉니다."""
    started = time.monotonic()
    try:
        with time_limit(budget.remaining() if budget else None):
            yield
    except StudentTimeout:
        raise Incorrect(_timeout_message(what, time.monotonic() - started)) from None


def call_student(function: Callable, args: tuple = (), kwargs: dict | None = None, *,
                 name: str = "함수", budget: Budget | None = None) -> Any:
    """학생 함수를 부릅니다. 빈칸·미구현은 ``NotAttempted``, 오류·시간 초과는 ``Incorrect``.

    budget이 없으면 시간 제한을 두지 않습니다(바깥에서 ``student_time_limit``으로 묶을 때). 답은
    ``tracing.invoke``로 부르므로, 추적 중이면 답이 직접 부르는 것(답 자체가 강의 함수인 경우 포함)이 판정되고
    허용하지 않은 호출은 ``RefusedCall``로 그대로 올라갑니다(``Problem.evaluate``가 오답으로 바꿈).
    """
    if not callable(function):
        raise Incorrect(f"{josa('`' + name + '`', '은/는')} 함수여야 하는데 호출할 수 없는 값입니다.")
    with paused():  # 채점기 쪽 일: 추적하지 않습니다
        call_text = describe_call(name, args, kwargs)
        args = tuple(_safe_copy(a) for a in args)
        kwargs = {k: _safe_copy(v) for k, v in (kwargs or {}).items()}
    try:
        with student_time_limit(budget, call_text):
            result = invoke(function, args, kwargs)
    except NotImplementedError:
        raise NotAttempted(f"{josa('`' + name + '`', '을/를')} 아직 구현하지 않았습니다(NotImplementedError).") from None
    except (Incorrect, NotAttempted):
        raise
    except Exception as exc:  # noqa: BLE001  (학생 코드의 어떤 오류든 짧게 설명합니다)
        raise explain_exception(exc, call_text) from None
    if contains_blank(result):
        raise NotAttempted(f"{josa('`' + name + '`', '이/가')} 아직 빈칸(____)을 돌려줍니다. 빈칸을 채워 주세요.")
    return result
