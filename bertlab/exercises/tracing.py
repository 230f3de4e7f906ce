"""채점하는 동안 학생 코드가 실제로 부르는 것을 따라가 허용 목록과 맞춰 보기. 모든 레슨의 '직접 구현해 보세요'
문제(``Problem.evaluate``)에서 사용합니다.

``tracing(trace)`` 블록 동안 두 가지를 겁니다.

- ``sys.setprofile``: 파이썬 함수와 C 함수 호출을 함수 객체 그대로 봅니다(다른 이름, ``functools.partial``,
  람다, ``getattr``, 밑줄로 시작하는 이름도 결국 같은 함수를 부르므로 따로 다룰 필요가 없습니다).
- ``torch.overrides.TorchFunctionMode``: torch 연산을 어느 길로 불렀든 봅니다(``F.softmax``, ``Tensor.softmax``,
  ``torch.special.softmax``, ``torch._softmax``, 연산자 ``@``, 인덱싱 ``x[i]``).

판정은 **학생 코드가 직접 부른 것**만 합니다. 학생 코드란 노트북 셀과 학생이 정의한 함수(파일이 라이브러리나
bertlab 패키지가 아닌 코드)이고, 채점기가 학생 답을 부르는 자리(``invoke``)도 학생 코드로 봅니다. 그래서
``masked_mean_pool = mean_pool``처럼 강의 함수를 그대로 답으로 내도 잡히고, 허용된 함수(예: ``F.layer_norm``)의
내부나 채점기 자신의 계산(기대값, 모델 실행)은 판정하지 않습니다. 허용된 파이썬 함수에 넘긴 함수 인자도 봅니다
(``np.vectorize(강의_함수)`` 같은 우회).

허용 목록에 없는 것을 부르면 그 자리에서 ``RefusedCall``을 내고 ``Trace.refused``에 남깁니다(학생이 예외를
삼켜도 남음). 블록을 나갈 때(정답·오답·오류·시간 초과 모두) 이전 profile 함수와 torch 모드 스택을 되돌립니다.
"행마다 도는 반복이 없는가"를 재는 ``counting``은 ``loops.py``에 있습니다.
"""

from __future__ import annotations

import os
import sys
import sysconfig
import types
from contextlib import contextmanager
from functools import lru_cache, partial
from typing import Any, Callable, Iterator

from bertlab.exercises.allowed import Allow
from bertlab.exercises.callnames import c_call_name, c_display, depends_on_frame, dispatches_torch_function, \
    frame_display, python_call_name, torch_display, torch_op_name

_LIBRARY_DIRS = tuple(
    os.path.abspath(p) for p in {
        sysconfig.get_paths().get("stdlib"), sysconfig.get_paths().get("purelib"),
        sysconfig.get_paths().get("platlib"), sys.prefix, sys.base_prefix, sys.exec_prefix,
    } if p
)
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # .../bertlab
_TRANSPARENT_NAMES = frozenset({"__getattr__", "__getattribute__", "__dir__", "__del__"})


@lru_cache(maxsize=4096)
def is_student_file(filename: str) -> bool:
    """학생이 쓴 코드(노트북 셀, 채점 틀이 실행한 답 코드)인지. 라이브러리·bertlab 내부·``<string>``은 아닙니다."""
    if filename.startswith("<"):
        return not filename.startswith(("<frozen", "<string>"))
    path = os.path.abspath(filename)
    if path.startswith(_PACKAGE_DIR + os.sep):
        return False
    return not any(path.startswith(d + os.sep) for d in _LIBRARY_DIRS)


class RefusedCall(BaseException):
    """학생 코드가 허용 목록에 없는 것을 부름(``except Exception``으로 삼켜지지 않도록 BaseException)."""

    def __init__(self, name: str, display: str):
        super().__init__(display)
        self.name = name
        self.display = display


def invoke(function: Callable, args: tuple, kwargs: dict) -> Any:
    """채점기가 학생 답을 부르는 자리. 여기서 부르는 것은 학생 코드가 부른 것으로 판정합니다.

    답 자체가 학생이 쓴 함수가 아니면(강의 함수를 그대로 가져온 것, ``functools.partial`` …) 부르기 전에 판정합니다.
    """
    if _ACTIVE and not (isinstance(function, types.FunctionType) and is_student_code(function.__code__)):
        _ACTIVE[-1].judge_callable(function)
    return function(*args, **kwargs)


_STUDENT_CODES: dict = {}
_CHECKER_CODES: set = set()
_TRANSPARENT_CODES: dict = {}


def is_student_code(code: Any) -> bool:
    """학생 코드의 frame인지(채점기가 답을 부르는 자리 ``invoke`` 포함, 채점기 쪽 코드는 제외)."""
    known = _STUDENT_CODES.get(code)
    if known is None:
        if len(_STUDENT_CODES) > 100_000:  # 오래 켜 둔 커널에서 끝없이 늘지 않게
            _STUDENT_CODES.clear()
        known = _STUDENT_CODES[code] = code is invoke.__code__ or (
            code not in _CHECKER_CODES and is_student_file(code.co_filename))
    return known


def mark_checker_code(*objects: Any) -> None:
    """채점기 쪽 함수(규칙, 기대값·사례를 만드는 함수, 강사의 숨은 테스트)는 어느 파일에 적혀 있든 학생 코드로
    보지 않습니다. 은행 밖(테스트, 강사 폴더)에서 정의한 문제의 채점 코드가 판정되지 않게 합니다."""
    stack = list(objects)
    while stack:
        item = stack.pop()
        if isinstance(item, partial):
            stack.append(item.func)
            continue
        code = item if isinstance(item, types.CodeType) else getattr(getattr(item, "__func__", item), "__code__", None)
        if not isinstance(code, types.CodeType) or code in _CHECKER_CODES:
            continue
        _CHECKER_CODES.add(code)
        _STUDENT_CODES[code] = False
        stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))


def _transparent(frame: Any) -> bool:
    """판정하지 않고 지나가는 호출: 이 모듈, 속성 찾기 훅, 소멸자, import 장치."""
    code = frame.f_code
    known = _TRANSPARENT_CODES.get(code)
    if known is None:
        module = frame.f_globals.get("__name__") or ""
        known = _TRANSPARENT_CODES[code] = (code.co_filename == __file__ or code.co_name in _TRANSPARENT_NAMES
                                            or module.startswith("importlib") or module == "weakref")
    return known


class Trace:
    """한 번의 채점에서 학생 코드가 부른 것의 기록과 판정."""

    def __init__(self, allows: Allow):
        self.allows = allows
        self.refused: RefusedCall | None = None
        self.calls = 0  # 판정한 호출 수(``loops.counting``이 씀)

    def judge(self, name: str, display: Callable[[], str]) -> None:
        self.calls += 1
        if self.allows.permits(name):
            return
        refusal = RefusedCall(name, display())
        if self.refused is None:
            self.refused = refusal
        raise refusal

    def judge_callable(self, value: Any) -> None:
        """허용된 함수에 넘긴 인자가 함수라면, 그 함수도 학생이 부른 것으로 판정합니다."""
        if isinstance(value, partial):
            self.judge_callable(value.func)
        elif isinstance(value, types.MethodType):
            self.judge_callable(value.__func__)
        elif isinstance(value, types.FunctionType):
            if not is_student_code(value.__code__):
                name = display = f"{value.__module__}.{value.__qualname__}"
                if value.__module__.startswith("torch") and dispatches_torch_function(value.__code__):
                    name = f"torch.{value.__name__}"
                self.judge(name, lambda: display)
        elif isinstance(value, (types.BuiltinFunctionType, types.MethodDescriptorType)):
            name = c_call_name(value)
            self.judge(name, lambda: c_display(value, name))

    def judge_arguments(self, frame: Any) -> None:
        """막 불린 함수의 인자(``*args``, ``**kwargs``의 원소 포함) 가운데 함수를 판정합니다."""
        code = frame.f_code
        named = code.co_argcount + code.co_kwonlyargcount
        packed = code.co_varnames[named:named + bool(code.co_flags & 0x04) + bool(code.co_flags & 0x08)]
        if not named and not packed:
            _NO_ARGUMENTS.add(code)
            return
        values = frame.f_locals
        items = [values.get(name) for name in code.co_varnames[:named]]
        for name in packed:  # *args는 튜플, **kwargs는 사전
            value = values.get(name)
            items.extend(value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else ())
        for item in items:
            if callable(item) and not isinstance(item, type):
                self.judge_callable(item)


_ACTIVE: list[Trace] = []  # 지금 기록 중인 Trace(맨 뒤)
_CALL_NAMES: dict = {}  # 코드 -> 정식 이름(frame에 따라 달라지지 않는 것만)
_NO_ARGUMENTS: set = set()  # 인자가 없는 코드(인자 검사를 건너뜀)


def _call_name(frame: Any) -> str:
    code = frame.f_code
    name = _CALL_NAMES.get(code)
    if name is None:
        name = python_call_name(frame, is_student_code)
        if not depends_on_frame(code) and len(_CALL_NAMES) < 100_000:
            _CALL_NAMES[code] = name
    return name


def _profile(frame: Any, event: str, arg: Any) -> None:
    if event == "call":
        caller = frame.f_back
        if caller is None or not is_student_code(caller.f_code) or is_student_code(frame.f_code):
            return
        if _transparent(frame):
            return
        trace = _ACTIVE[-1]
        name = _call_name(frame)
        trace.judge(name, lambda: frame_display(frame, name))
        if frame.f_code not in _NO_ARGUMENTS:
            trace.judge_arguments(frame)
    elif event == "c_call":
        if is_student_code(frame.f_code):
            name = c_call_name(arg)
            _ACTIVE[-1].judge(name, lambda: c_display(arg, name))


def _direct_caller(func: Any) -> Any:
    """torch 연산을 부른 frame: torch의 디스패치 층(handle_torch_function, F.softmax 자신)을 건너뜁니다."""
    frame = sys._getframe(2)
    own = getattr(func, "__code__", None)
    while frame is not None:
        code = frame.f_code
        if code is not own and not dispatches_torch_function(code) and frame.f_globals.get("__name__") != "torch.overrides":
            return frame
        frame = frame.f_back
    return None


@lru_cache(maxsize=1)
def _watch_class() -> type:
    from torch.overrides import TorchFunctionMode

    class Watch(TorchFunctionMode):
        """학생 코드가 직접 부른 torch 연산을 판정하는 모드."""

        def __torch_function__(self, func, types, args=(), kwargs=None):
            caller = _direct_caller(func)
            if caller is not None and is_student_code(caller.f_code) and _ACTIVE:
                _ACTIVE[-1].judge(torch_op_name(func), lambda: torch_display(func))
            return func(*args, **(kwargs or {}))

    return Watch


@contextmanager
def tracing(trace: Trace, *, with_torch: bool = False) -> Iterator[Trace]:
    """이 블록 동안 학생 코드의 호출을 ``trace``로 판정합니다. 나갈 때 profile 함수와 torch 모드를 되돌립니다.

    torch는 이미 불러온 경우(또는 ``with_torch``)에만 모드를 겁니다. torch를 안 쓰는 문제에서 torch를 새로
    불러오지 않게 하려는 것이고, 학생이 함수 안에서 torch를 불러 쓴 호출은 profile이 봅니다.
    """
    if with_torch:
        import torch  # noqa: F401
    torch = sys.modules.get("torch")
    stack_depth = torch._C._len_torch_function_stack() if torch is not None else 0
    previous_profile = sys.getprofile()
    _ACTIVE.append(trace)
    try:
        if torch is not None:
            _watch_class()().__enter__()
        sys.setprofile(_profile)
        yield trace
    finally:
        sys.setprofile(previous_profile)
        if torch is not None:
            while torch._C._len_torch_function_stack() > stack_depth:
                torch._C._pop_torch_function_stack()
        _ACTIVE.remove(trace)


@contextmanager
def paused() -> Iterator[None]:
    """채점기 자신의 큰 일(사례 인자 복사 등)을 하는 동안 profile을 잠시 끕니다(판정할 학생 코드가 없고 느려지므로)."""
    previous = sys.getprofile()
    if previous is not _profile:
        yield
        return
    sys.setprofile(None)
    try:
        yield
    finally:
        sys.setprofile(previous)


def active_trace() -> Trace | None:
    return _ACTIVE[-1] if _ACTIVE else None


__all__ = ["RefusedCall", "Trace", "active_trace", "invoke", "is_student_code", "is_student_file",
           "mark_checker_code", "paused", "tracing"]
