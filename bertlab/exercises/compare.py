"""학생 답과 기대값 비교: 무엇이 어떻게 다른지 한국어로 설명합니다. 모든 레슨의 채점에서 사용합니다.

텐서·배열은 모양 → 자료형 → 값(allclose) 순서로 보고, 처음 어긋난 것 하나만 알려 줍니다
(예: "모양이 (2, 5)여야 하는데 (5, 2)입니다"). 리스트·튜플·딕셔너리는 길이·키를 본 뒤 원소마다
다시 비교하며, 어긋난 위치를 ``[2]``, ``['input_ids']`` 꼴로 알려 줍니다.
torch와 numpy는 답이 실제로 텐서·배열일 때에만 쓰므로, 이 모듈을 불러와도 torch를 불러오지 않습니다.
"""

from __future__ import annotations

import math
from typing import Any

from bertlab.exercises.wording import format_shape, short_repr, type_name
from bertlab.errors import josa

DEFAULT_RTOL = 1e-4
DEFAULT_ATOL = 1e-5


def _is_torch(value: Any) -> bool:
    return type(value).__module__.startswith("torch") and hasattr(value, "shape")


def _is_numpy(value: Any) -> bool:
    return type(value).__module__.startswith("numpy") and hasattr(value, "shape")


def _where(path: str) -> str:
    return f"{path}의 " if path else ""


def mismatch(actual: Any, expected: Any, *, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL,
             path: str = "") -> str | None:
    """같으면 None, 다르면 한국어 설명 한 문장을 돌려줍니다."""
    if _is_torch(expected) or _is_numpy(expected):
        return _array_mismatch(actual, expected, rtol, atol, path)
    if isinstance(expected, bool) or expected is None:
        if actual is expected or (isinstance(actual, bool) and actual == expected):
            return None
        return f"{_where(path)}값이 {josa(repr(expected), '이어야/여야')} 하는데 {short_repr(actual)}입니다."
    if isinstance(expected, (int, float)):
        return _number_mismatch(actual, expected, rtol, atol, path)
    if isinstance(expected, (list, tuple)):
        return _sequence_mismatch(actual, expected, rtol, atol, path)
    if isinstance(expected, dict):
        return _dict_mismatch(actual, expected, rtol, atol, path)
    if isinstance(expected, (set, frozenset)):
        if not isinstance(actual, (set, frozenset)):
            return f"{_where(path)}값은 집합(set)이어야 하는데 {type_name(actual)}입니다."
        missing, extra = expected - actual, actual - expected
        if not missing and not extra:
            return None
        parts = ([f"빠진 것 {short_repr(sorted(missing, key=str))}"] if missing else []) + \
                ([f"더 들어간 것 {short_repr(sorted(extra, key=str))}"] if extra else [])
        return f"{_where(path)}집합이 다릅니다: " + ", ".join(parts) + "."
    try:
        same = bool(actual == expected)
    except Exception:  # noqa: BLE001
        same = False
    if same:
        return None
    return f"{_where(path)}값이 {josa(short_repr(expected), '이어야/여야')} 하는데 {short_repr(actual)}입니다."


def _number_mismatch(actual: Any, expected: float, rtol: float, atol: float, path: str) -> str | None:
    if hasattr(actual, "item") and not isinstance(actual, (int, float)):
        try:  # 0차원 텐서·넘파이 스칼라는 파이썬 숫자로 봅니다.
            actual = actual.item()
        except (ValueError, RuntimeError):
            return f"{_where(path)}값은 숫자 하나여야 하는데 {short_repr(actual)}입니다."
    if isinstance(actual, bool) or not isinstance(actual, (int, float)):
        return f"{_where(path)}값은 숫자여야 하는데 {type_name(actual)} {short_repr(actual)}입니다."
    if isinstance(expected, int) and isinstance(actual, int):
        if actual == expected:
            return None
        return f"{_where(path)}값이 {josa(f'{expected:,}', '이어야/여야')} 하는데 {actual:,}입니다."
    if math.isnan(actual):
        return f"{_where(path)}값이 NaN(숫자가 아님)입니다. 0으로 나누기나 log(0)이 없는지 확인하세요."
    if math.isclose(actual, expected, rel_tol=rtol, abs_tol=atol):
        return None
    return f"{_where(path)}값이 {expected:.6g}에 가까워야 하는데 {actual:.6g}입니다."


def _sequence_mismatch(actual: Any, expected: list | tuple, rtol: float, atol: float, path: str) -> str | None:
    if not isinstance(actual, (list, tuple)):
        return f"{_where(path)}값은 {josa(type_name(expected), '이어야/여야')} 하는데 {type_name(actual)} {short_repr(actual)}입니다."
    if len(actual) != len(expected):
        return (f"{_where(path)}길이가 {josa(len(expected), '이어야/여야')} 하는데 {len(actual)}입니다"
                f" (기대값 {short_repr(expected)}, 받은 값 {short_repr(actual)}).")
    for index, (a, e) in enumerate(zip(actual, expected)):
        problem = mismatch(a, e, rtol=rtol, atol=atol, path=f"{path}[{index}]")
        if problem:
            return problem
    return None


def _dict_mismatch(actual: Any, expected: dict, rtol: float, atol: float, path: str) -> str | None:
    if not hasattr(actual, "keys") or not hasattr(actual, "__getitem__"):
        return f"{_where(path)}값은 딕셔너리여야 하는데 {type_name(actual)}입니다."
    missing = [k for k in expected if k not in actual]
    if missing:
        return f"{_where(path)}키 {short_repr(missing)}이(가) 없습니다."
    extra = [k for k in actual.keys() if k not in expected]
    if extra:
        return f"{_where(path)}필요 없는 키 {short_repr(extra)}이(가) 더 있습니다."
    for key in expected:
        problem = mismatch(actual[key], expected[key], rtol=rtol, atol=atol, path=f"{path}[{key!r}]")
        if problem:
            return problem
    return None


def _array_mismatch(actual: Any, expected: Any, rtol: float, atol: float, path: str) -> str | None:
    where = _where(path)
    torch_expected = _is_torch(expected)
    if torch_expected and not _is_torch(actual):
        return (f"{where}값은 torch 텐서여야 하는데 {type_name(actual)}입니다. "
                "torch.tensor(...)나 torch.as_tensor(...)로 바꿔 보세요.")
    if not torch_expected and not _is_numpy(actual):
        return f"{where}값은 넘파이 배열이어야 하는데 {type_name(actual)}입니다. np.asarray(...)로 바꿔 보세요."
    if tuple(actual.shape) != tuple(expected.shape):
        return f"{where}모양이 {josa(format_shape(expected.shape), '이어야/여야')} 하는데 {format_shape(actual.shape)}입니다."
    if actual.dtype != expected.dtype:
        return f"{where}자료형(dtype)이 {josa(expected.dtype, '이어야/여야')} 하는데 {actual.dtype}입니다."
    return _value_mismatch(actual, expected, rtol, atol, where, torch_expected)


def _value_mismatch(actual: Any, expected: Any, rtol: float, atol: float, where: str, is_torch: bool) -> str | None:
    import numpy as np

    a = actual.detach().cpu().numpy() if is_torch else np.asarray(actual)
    e = expected.detach().cpu().numpy() if is_torch else np.asarray(expected)
    if a.size == 0:
        return None
    exact = e.dtype.kind in "biuUSO"
    if not exact and np.isnan(a).any() and not np.isnan(e).any():
        return f"{where}값에 NaN(숫자가 아님)이 {int(np.isnan(a).sum())}개 들어 있습니다."
    close = (a == e) if exact else np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    wrong = int((~close).sum())
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    position = format_shape(index) if len(index) != 1 else f"[{index[0]}]"
    if exact:
        return (f"{where}값이 {wrong}곳에서 다릅니다(전체 {a.size}곳). 처음 다른 위치 {position}: "
                f"기대값 {e[index]!r}, 받은 값 {a[index]!r}.")
    diff = float(np.nanmax(np.abs(a.astype(np.float64) - e.astype(np.float64))))
    return (f"{where}모양과 자료형은 맞지만 값이 {wrong}곳에서 다릅니다(전체 {a.size}곳, 최대 차이 {diff:.3g}). "
            f"처음 다른 위치 {position}: 기대값 {float(e[index]):.6g}, 받은 값 {float(a[index]):.6g}.")

