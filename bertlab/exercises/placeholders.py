"""빈칸 표시 ``____``와 "아직 풀지 않음" 판정. 모든 레슨의 연습 문제에서 사용합니다.

노트북의 문제 셀은 처음에 ``answer = ____`` 나 ``return ____`` 처럼 빈칸을 담아 배포됩니다.
빈칸은 실수가 아니라 "아직 풀지 않음"이므로, 채점할 때 오답이 아니라 친절한 안내로 바뀝니다.

- ``____``: 빈칸 객체. 간단한 산술(``____ * 2``), 호출(``____(x)``), 인덱싱(``____[0]``), 속성
  (``____.shape``)을 해도 오류 없이 다시 ``____``가 되므로, 뼈대 코드가 배포 상태에서도 실행됩니다.
- ``contains_blank(value)``: 값 자체나 바로 안쪽(리스트·튜플·딕셔너리·집합의 원소)에 빈칸이 있는지.
"""

from __future__ import annotations

from typing import Any


class Blank:
    """빈칸(``____``). 학생이 채워야 할 자리를 나타냅니다. 프로세스에 하나만 있습니다."""

    _instance: "Blank | None" = None

    def __new__(cls) -> "Blank":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def _repr_html_(self) -> str:
        return "<code>____</code> (빈칸: 여기를 채워 주세요)"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self):  # 복사·피클해도 같은 객체
        return (Blank, ())

    def __copy__(self) -> "Blank":
        return self

    def __deepcopy__(self, memo) -> "Blank":
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> "Blank":
        return self

    def __getitem__(self, key: Any) -> "Blank":
        return self

    def __getattr__(self, name: str) -> "Blank":
        if name.startswith("_"):  # IPython·pickle 등이 찾는 특수 속성은 없다고 답합니다.
            raise AttributeError(name)
        return self

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0

    def __hash__(self) -> int:
        return hash("bertlab.Blank")

    def __eq__(self, other: Any) -> bool:
        return other is self


def _absorb(self: Blank, *args: Any) -> Blank:
    return self


for _name in (
    "add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "pow",
    "radd", "rsub", "rmul", "rmatmul", "rtruediv", "rfloordiv", "rmod", "rpow",
    "neg", "pos", "abs", "lt", "le", "gt", "ge",
):
    setattr(Blank, f"__{_name}__", _absorb)

____ = Blank()


def is_blank(value: Any) -> bool:
    """값이 빈칸 ``____`` 자체인지."""
    return isinstance(value, Blank)


def contains_blank(value: Any) -> bool:
    """값이 빈칸이거나, 바로 안쪽 원소 중 하나가 빈칸인지(중첩 한 단계까지만 봅니다)."""
    if is_blank(value):
        return True
    if isinstance(value, dict):
        return any(is_blank(v) or is_blank(k) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(is_blank(v) for v in value)
    return False
