"""추적한 호출의 이름: 판정에 쓰는 정식 이름(canonical name)과 학생에게 보일 이름. 모든 레슨의 채점
추적(``tracing.py``)에서 사용합니다.

정식 이름은 허용 목록(``allowed.Allow``)과 맞춰 보는 문자열입니다.

- torch 연산: ``torch.<연산 이름>``. 어느 길로 불렀든 연산 이름이 같으면 같은 이름입니다:
  ``F.softmax``, ``Tensor.softmax``, ``torch.softmax`` -> ``torch.softmax``. 다른 연산은 다른 이름입니다:
  ``torch.special.softmax`` -> ``torch.special_softmax``, ``torch._softmax`` -> ``torch._softmax``.
  연산자와 속성도 연산입니다: ``x @ y`` -> ``torch.matmul``, ``x[0]`` -> ``torch.__getitem__``, ``x.T`` -> ``torch.T``.
- 모듈 호출(``layer(x)``): ``<모듈 클래스의 경로>.__call__`` (예: ``torch.nn.modules.linear.Linear.__call__``).
- 그 밖의 파이썬 함수: ``<모듈>.<qualname>`` (예: ``bertlab.embeddings.features.mean_pool``).
- C 함수: ``<모듈>.<qualname>`` (예: ``builtins.len``, ``builtins.list.append``, ``math.sqrt``).

torch를 불러오지 않은 프로세스에서도 쓸 수 있도록 torch는 필요할 때만 봅니다.
"""

from __future__ import annotations

import sys
import types
from functools import lru_cache
from typing import Any

_TORCH_NAMESPACES = {  # torch._C의 하위 모듈 -> 학생이 쓰는 공개 경로와 이름 앞에 붙는 것
    "torch._C._special": ("torch.special", "special_"),
    "torch._C._linalg": ("torch.linalg", "linalg_"),
    "torch._C._nn": ("torch.nn.functional", ""),
    "torch._C._fft": ("torch.fft", "fft_"),
}


def _owner_module(func: Any) -> str:
    """C 함수가 속한 모듈 이름(묶인 메서드는 그 객체 자료형의 모듈)."""
    owner = getattr(func, "__self__", None)
    if isinstance(owner, types.ModuleType):
        return owner.__name__
    if owner is None:
        objclass = getattr(func, "__objclass__", None)
        return (getattr(func, "__module__", None) or getattr(objclass, "__module__", None) or "?")
    if isinstance(owner, type):
        return owner.__module__
    return type(owner).__module__


def is_torch_callable(func: Any) -> bool:
    return _owner_module(func).startswith("torch")


def torch_op_name(func: Any) -> str:
    """``__torch_function__``이 받은 ``func``(또는 학생이 부른 torch C 함수)의 정식 이름."""
    kind = type(func).__name__
    if kind == "method-wrapper" and func.__name__ in ("__get__", "__set__"):  # 텐서 속성(x.shape, x.T)
        attribute = getattr(func.__self__, "__name__", "?")
        return f"torch.{attribute}" + ("=" if func.__name__ == "__set__" else "")
    if type(func).__module__.startswith("torch._ops"):  # torch.ops.aten.softmax
        return f"torch.ops.{func}"
    return f"torch.{getattr(func, '__name__', kind)}"


_C_NAMES: dict = {}


def c_call_name(func: Any) -> str:
    """학생 코드가 부른 C 함수의 정식 이름. 묶인 메서드는 부를 때마다 새 객체라 (주인 자료형, 이름)으로 기억합니다."""
    owner = getattr(func, "__self__", None)
    key = (owner if owner is None or isinstance(owner, (type, types.ModuleType)) else type(owner),
           getattr(func, "__qualname__", None), type(func))
    try:
        known = _C_NAMES.get(key)
    except TypeError:  # 해시할 수 없는 주인
        known, key = None, None
    if known is None:
        module = _owner_module(func)
        if module.startswith("torch"):
            known = torch_op_name(func)
        else:
            name = getattr(func, "__name__", type(func).__name__)
            known = f"{module}.{getattr(func, '__qualname__', name)}"
        if key is not None and owner is not None and len(_C_NAMES) < 50_000:
            _C_NAMES[key] = known
    return known


@lru_cache(maxsize=1)
def _module_call_codes() -> frozenset:
    """``nn.Module``을 부를 때 처음 들어가는 함수들의 코드."""
    from torch.nn import Module

    return frozenset(getattr(Module, name).__code__ for name in ("_wrapped_call_impl", "_call_impl")
                     if hasattr(Module, name))


_DISPATCHING: dict = {}


def dispatches_torch_function(code: Any) -> bool:
    """파이썬으로 쓴 torch 함수 가운데 ``__torch_function__``으로 넘기는 것(F.softmax, Tensor.norm …)인지."""
    known = _DISPATCHING.get(code)
    if known is None:
        known = _DISPATCHING[code] = "handle_torch_function" in code.co_names
    return known


def _decorated(frame: Any) -> Any:
    """데코레이터가 만든 감싼 함수(``<locals>.wrapper``)라면 그 안에 든 원래 함수, 아니면 None."""
    code = frame.f_code
    if "<locals>" not in code.co_qualname or not code.co_freevars:
        return None
    values = frame.f_locals
    return next((values[name] for name in code.co_freevars
                 if isinstance(values.get(name), types.FunctionType)), None)


def depends_on_frame(code: Any) -> bool:
    """정식 이름이 frame(모듈 호출의 self, 데코레이터가 감싼 함수)에 따라 달라지는 코드인지."""
    if "<locals>" in code.co_qualname and code.co_freevars:
        return True
    return "torch" in sys.modules and code in _module_call_codes()


def python_call_name(frame: Any, is_student: Any = None) -> str:
    """학생 코드가 부른 파이썬 함수(막 시작한 frame)의 정식 이름.

    데코레이터로 감싼 라이브러리 함수(``optimizer.step`` 등)는 감싼 함수가 아니라 원래 함수의 이름입니다.
    ``is_student(code)``: 학생이 쓴 함수를 감싼 것이면 감싼 함수의 이름을 그대로 씁니다.
    """
    code = frame.f_code
    module = frame.f_globals.get("__name__") or "?"
    if module.startswith("torch") and "torch" in sys.modules:
        if code in _module_call_codes():
            klass = type(frame.f_locals.get("self"))
            return f"{klass.__module__}.{klass.__qualname__}.__call__"
        if dispatches_torch_function(code):
            inner = _decorated(frame) if code.co_name == "wrapped" else None
            return f"torch.{inner.__name__ if inner is not None else code.co_name}"
    inner = _decorated(frame)
    if inner is not None and not (is_student and is_student(inner.__code__)):
        return f"{inner.__module__}.{inner.__qualname__}"
    return f"{module}.{code.co_qualname}"


def torch_display(func: Any) -> str:
    """torch 연산을 학생이 쓰는 모양으로: ``torch.special.softmax``, ``Tensor.softmax``, ``torch.nn.functional.softmax``."""
    kind = type(func).__name__
    if kind == "method-wrapper" and func.__name__ in ("__get__", "__set__"):
        return f"Tensor.{getattr(func.__self__, '__name__', '?')}"
    if type(func).__module__.startswith("torch._ops"):
        return f"torch.ops.{func}"
    name = getattr(func, "__name__", kind)
    module = _owner_module(func)
    if module in _TORCH_NAMESPACES:
        public, prefix = _TORCH_NAMESPACES[module]
        return f"{public}.{name.removeprefix(prefix)}"
    objclass = getattr(func, "__objclass__", None)
    owner = getattr(func, "__self__", None)
    if objclass is not None or (owner is not None and not isinstance(owner, (type, types.ModuleType))):
        return f"Tensor.{name}"
    if isinstance(func, types.FunctionType):
        return f"{func.__module__}.{func.__qualname__}"
    return f"torch.{name}"


def frame_display(frame: Any, name: str) -> str:
    """파이썬 호출을 학생에게 보일 이름. 모듈 호출은 ``Linear(...)``처럼 클래스 이름으로."""
    if name.endswith(".__call__") and frame.f_code in _module_call_codes():
        return f"{type(frame.f_locals.get('self')).__qualname__}(...)"
    op = name[len("torch."):]
    if name.startswith("torch.") and "." not in op:  # 파이썬으로 쓴 torch 연산(F.softmax, Tensor.norm)
        module = frame.f_globals.get("__name__", "torch")
        return f"Tensor.{op}" if module == "torch._tensor" else f"{module}.{op}"
    return name


def c_display(func: Any, name: str) -> str:
    if is_torch_callable(func):
        return torch_display(func)
    return name.removeprefix("builtins.")


__all__ = ["c_call_name", "c_display", "depends_on_frame", "dispatches_torch_function", "frame_display",
           "is_torch_callable",
           "python_call_name", "torch_display", "torch_op_name"]
