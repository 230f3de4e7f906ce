"""허용 목록(allow-list): '직접 구현해 보세요' 문제에서 학생 코드가 불러도 되는 것. 모든 레슨의 채점에서 사용합니다.

금지 목록은 torch·numpy·scipy·pandas·scikit-learn·transformers와 강의 패키지의 모든 길을 다 적을 수 없으므로,
문제는 거꾸로 *배운 부품*만 허용합니다. 채점하는 동안 학생 코드가 직접 부른 것(``tracing.py``가 정식 이름으로
바꿈)이 허용 목록에 없으면 오답입니다.

``Allow``는 부품 묶음 하나입니다: 정확한 정식 이름(``names``), ``fnmatch`` 무늬(``patterns``), 학생에게 보일
한국어 설명(``says``). ``|``로 합쳐 문제 종류(family)마다 한 번 적습니다(``bank/families.py``)::

    TENSOR_MATH = TENSOR_BASICS | Allow.of("torch.exp", "torch.log", says="exp, log")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase


@dataclass(frozen=True)
class Allow:
    """허용하는 정식 이름들(정확한 이름과 무늬)과 그 한국어 설명."""

    names: frozenset = frozenset()
    patterns: tuple = ()
    says: tuple = ()
    denied: frozenset = frozenset()  # 무늬에 걸려도 허용하지 않는 정확한 이름(예: ``builtins.exec``)
    _verdicts: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    @classmethod
    def of(cls, *entries: str, says: str = "") -> "Allow":
        """``Allow.of("torch.exp", "numpy.*", says="exp, 넘파이")``: ``*``·``?``·``[``가 든 것은 무늬로 봅니다."""
        patterns = tuple(e for e in entries if any(ch in e for ch in "*?["))
        names = frozenset(e for e in entries if e not in patterns)
        return cls(names, patterns, (says,) if says else ())

    @classmethod
    def torch_ops(cls, *ops: str, says: str = "") -> "Allow":
        """torch 연산 이름들(``"exp"``, ``"__getitem__"``) -> ``torch.exp`` 꼴의 정식 이름."""
        return cls.of(*(f"torch.{op}" for op in ops), says=says)

    def but_not(self, *names: str) -> "Allow":
        """무늬에 걸려도 허용하지 않을 이름을 더한 것."""
        return Allow(self.names - set(names), self.patterns, self.says, self.denied | set(names))

    def __or__(self, other: "Allow") -> "Allow":
        says = self.says + tuple(s for s in other.says if s not in self.says)
        return Allow(self.names | other.names, self.patterns + other.patterns, says, self.denied | other.denied)

    def permits(self, name: str) -> bool:
        verdict = self._verdicts.get(name)
        if verdict is None:
            verdict = name not in self.denied and (
                name in self.names or any(fnmatchcase(name, p) for p in self.patterns))
            self._verdicts[name] = verdict
        return verdict

    def mentions(self, prefix: str) -> bool:
        """``prefix``로 시작하는 이름이나 무늬가 있는지(예: torch 연산을 허용하는 문제인지)."""
        return any(n.startswith(prefix) for n in self.names) or any(p.startswith(prefix) for p in self.patterns)

    def description(self) -> str:
        """학생에게 보일 '쓸 수 있는 것' 설명."""
        return ", ".join(s for s in self.says if s)


__all__ = ["Allow"]
