"""학생 답과 기대값 비교: 무엇이 어떻게 다른지 한국어로, 정답 값은 알려 주지 않고 설명합니다.
모든 레슨의 채점에서 사용합니다.

틀린 답에 "23,837,184여야 하는데 1입니다"처럼 기대값을 보여 주면 답을 베낄 수 있습니다. 그래서 메시지는
학생이 낸 값과 무엇이 틀렸는지만 말합니다: 답보다 큰지 작은지와 얼마나(조금, 10% 넘게, 몇 배), 부호, 자료형,
모양, 길이가 짧은지 긴지, 빠진 키, 어느 위치가 다른지. 답을 거꾸로 계산할 수 있는 수는 말하지 않습니다:
"약 4배", "약 1/4" 같은 비율은 쓰지 않고, 정수·번호·간단한 분수(2/3 같은 정확도) 답에는 큰지 작은지만
말합니다. 모양·자료형·키 이름처럼 문제 설명에 이미 있는 구조는 그대로 알려 줍니다. 텐서·배열은 모양 → 자료형 → 값(allclose) 순서로 보고 처음 어긋난 것 하나만 알려 주며,
리스트·튜플·딕셔너리는 원소마다 다시 비교해 어긋난 위치를 ``[2]``, ``['input_ids']`` 꼴로 알려 줍니다.
torch와 numpy는 답이 실제로 텐서·배열일 때에만 쓰므로, 이 모듈을 불러와도 torch를 불러오지 않습니다.
"""

from __future__ import annotations

import math
from fractions import Fraction
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


_PLAIN = (bool, int, float, str, list, tuple, dict, set, frozenset)
_COMPARING = ("__eq__", "__ne__", "__hash__", "__float__", "__int__", "__index__", "__str__", "__len__", "__iter__",
              "__getitem__", "__contains__", "keys")


def _disguised(actual: Any) -> type | None:
    """비교를 바꿔 끼운 기본 자료형(``class S(str): __eq__ = lambda *a: True``)이면 그 기본 자료형.

    넘파이 수(np.float64), torch의 튜플(topk의 결과), namedtuple처럼 비교를 그대로 물려받은 것은 괜찮습니다.
    """
    kind = type(actual)
    if kind in _PLAIN or not isinstance(actual, _PLAIN) or kind.__module__.split(".")[0] in ("numpy", "torch"):
        return None
    base = next(b for b in _PLAIN if isinstance(actual, b))
    changed = any(getattr(kind, name, None) is not getattr(base, name, None) for name in _COMPARING)
    return base if changed else None


def mismatch(actual: Any, expected: Any, *, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL,
             path: str = "") -> str | None:
    """같으면 None, 다르면 기대값을 드러내지 않는 한국어 설명 한 문장을 돌려줍니다."""
    base = _disguised(actual)
    if base is not None:
        return (f"{_where(path)}값의 자료형이 {type(actual).__name__}입니다. 비교하는 방법을 바꾼 자료형은 채점할 수 "
                f"없으니 {type_name(base())} 그대로 돌려주세요.")
    if _is_torch(expected) or _is_numpy(expected):
        return _array_mismatch(actual, expected, rtol, atol, path)
    if isinstance(expected, bool) or expected is None:
        if actual is expected or (isinstance(actual, bool) and actual == expected):
            return None
        return _not_the_answer(actual, path)
    if isinstance(expected, (int, float)):
        return _number_mismatch(actual, expected, rtol, atol, path)
    if isinstance(expected, (list, tuple)):
        return _sequence_mismatch(actual, expected, rtol, atol, path)
    if isinstance(expected, dict):
        return _dict_mismatch(actual, expected, rtol, atol, path)
    if isinstance(expected, (set, frozenset)):
        return _set_mismatch(actual, expected, path)
    try:
        same = bool(actual == expected)
    except Exception:  # noqa: BLE001
        same = False
    if same:
        return None
    if isinstance(expected, str) and isinstance(actual, str):
        return _string_mismatch(actual, expected, path)
    if type(actual) is not type(expected) and not isinstance(actual, type(expected)):
        return f"{_where(path)}값은 {josa(type_name(expected), '이어야/여야')} 하는데 {type_name(actual)} {short_repr(actual)}입니다."
    return _not_the_answer(actual, path)


def _not_the_answer(actual: Any, path: str) -> str:
    return f"{_where(path)}값이 {short_repr(actual)}인데, 답이 아닙니다."


def is_exact_answer(expected: float) -> bool:
    """정수·번호·간단한 분수 답인지: 이런 답에는 크기의 띠(조금, 10% 넘게)도 답을 좁혀 주므로 방향만 말합니다.

    큰 정수(파라미터 수처럼 1,000 이상)는 띠 하나에 후보가 많아 띠를 말해도 됩니다.
    """
    if isinstance(expected, bool) or not isinstance(expected, (int, float)) or not math.isfinite(expected):
        return False
    if abs(expected) >= 1000:
        return False
    if isinstance(expected, int):
        return True
    fraction = Fraction(expected).limit_denominator(64)
    return abs(float(fraction) - expected) <= 1e-9 * max(1.0, abs(expected))


def size_hint(actual: float, expected: float) -> str:
    """받은 값이 답과 어떻게 다른지(답 자체도, 답을 계산할 수 있는 비율도 빼고): "답보다 조금(1% 안쪽) 작습니다"."""
    if expected == 0:
        return "답보다 큽니다" if actual > 0 else "답보다 작습니다"
    if actual == 0:
        return "답은 0이 아닙니다"
    if (actual > 0) != (expected > 0):
        return "답과 부호가 다릅니다"
    bigger = abs(actual) > abs(expected)
    way = "큽니다" if bigger else "작습니다"
    if is_exact_answer(expected):
        return f"답보다 {way}"
    factor = abs(actual / expected) if bigger else abs(expected / actual)
    if factor < 1.01:
        return f"답보다 아주 조금(1% 안쪽) {way}"
    if factor < 1.1:
        return f"답보다 조금(10% 안쪽) {way}"
    if factor < 1.9:
        return f"답보다 10% 넘게 {way}"
    return f"답보다 100배 넘게 {way}" if factor >= 100 else f"답보다 몇 배 {way}"


def number_text(value: float) -> str:
    """피드백에 쓸 실수 표기(``-0``은 ``0``으로)."""
    return f"{value + 0.0:.6g}" if value != 0 else "0"


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
        return f"{_where(path)}값이 {actual:,}인데, {size_hint(actual, expected)}."
    if math.isnan(actual):
        return f"{_where(path)}값이 NaN(숫자가 아님)입니다. 0으로 나누기나 log(0)이 없는지 확인하세요."
    if math.isclose(actual, expected, rel_tol=rtol, abs_tol=atol):
        return None
    return f"{_where(path)}값이 {number_text(actual)}인데, {size_hint(actual, expected)}."


def _string_mismatch(actual: str, expected: str, path: str) -> str:
    if actual.lower() == expected.lower():
        return f"{_where(path)}값 {josa(short_repr(actual), '은/는')} 대소문자만 다릅니다."
    if actual.strip() == expected.strip():
        return f"{_where(path)}값 {josa(short_repr(actual), '은/는')} 앞뒤 공백만 다릅니다."
    return _not_the_answer(actual, path)


def _sequence_mismatch(actual: Any, expected: list | tuple, rtol: float, atol: float, path: str) -> str | None:
    if not isinstance(actual, (list, tuple)):
        return f"{_where(path)}값은 {josa(type_name(expected), '이어야/여야')} 하는데 {type_name(actual)} {short_repr(actual)}입니다."
    if len(actual) != len(expected):
        way = "짧습니다(빠진 원소가 있습니다)" if len(actual) < len(expected) else "깁니다(필요 없는 원소가 있습니다)"
        return f"{_where(path)}길이가 {len(actual)}인데, 답보다 {way}."
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
        return f"{_where(path)}키 {josa(short_repr(missing), '이/가')} 없습니다."
    extra = [k for k in actual.keys() if k not in expected]
    if extra:
        return f"{_where(path)}필요 없는 키 {josa(short_repr(extra), '이/가')} 더 있습니다."
    for key in expected:
        problem = mismatch(actual[key], expected[key], rtol=rtol, atol=atol, path=f"{path}[{key!r}]")
        if problem:
            return problem
    return None


def _set_mismatch(actual: Any, expected: set | frozenset, path: str) -> str | None:
    if not isinstance(actual, (set, frozenset)):
        return f"{_where(path)}값은 집합(set)이어야 하는데 {type_name(actual)}입니다."
    missing, extra = expected - actual, actual - expected
    if not missing and not extra:
        return None
    parts = ([f"빠진 원소가 {len(missing)}개 있습니다"] if missing else []) + \
            ([f"답에 없는 원소 {josa(short_repr(sorted(extra, key=str)), '이/가')} 들어 있습니다"] if extra else [])
    return f"{_where(path)}집합이 다릅니다: " + ", ".join(parts) + "."


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
        return (f"{where}값이 {wrong}곳에서 다릅니다(전체 {a.size}곳). "
                f"처음 다른 위치 {position}의 값 {josa(repr(a[index].item()), '이/가')} 답과 다릅니다.")
    pattern = _whole_array_pattern(a.astype(np.float64), e.astype(np.float64), rtol, atol)
    return (f"{where}모양과 자료형은 맞지만 값이 {wrong}곳에서 다릅니다(전체 {a.size}곳). "
            f"처음 다른 위치 {position}의 값 {josa(number_text(float(a[index])), '은/는')} "
            f"{size_hint(float(a[index]), float(e[index]))}."
            + (f" {pattern}" if pattern else ""))


def _whole_array_pattern(a: Any, e: Any, rtol: float, atol: float) -> str:
    """배열 전체에 보이는 규칙: 일정한 배수(수는 말하지 않음), 마지막 두 축이 뒤바뀜."""
    import numpy as np

    if a.ndim >= 2 and a.shape[-1] == a.shape[-2] and np.allclose(np.swapaxes(a, -1, -2), e, rtol=rtol, atol=atol):
        return "마지막 두 축이 뒤바뀐 것 같습니다(행과 열, 쿼리와 키를 확인하세요)."
    scale = float((a * e).sum() / (e * e).sum()) if (e * e).sum() > 0 else 0.0
    if scale and not math.isclose(scale, 1.0, rel_tol=1e-3) and np.allclose(a, scale * e, rtol=1e-3, atol=atol):
        way = "크게" if abs(scale) > 1 else "작게"
        if scale < 0:
            return "값 전체가 답과 부호가 반대로 일정한 비율입니다. 부호나 곱하는 수를 확인하세요."
        return f"값 전체가 답보다 같은 비율로 {way} 나옵니다. 곱하거나 나누는 것을 빠뜨리지 않았는지 확인하세요."
    return ""
