"""채점 결과(``Outcome``)와 채점 중에 쓰는 신호 예외. 모든 레슨의 ``check()``와 일괄 채점기에서 사용합니다.

채점 코드는 틀린 곳을 찾으면 ``Incorrect("한국어 설명")``을, 빈칸을 만나면 ``NotAttempted(...)``를
던집니다. 문제의 ``evaluate()``가 이를 받아 ``Outcome``으로 바꿉니다. 학생의 ``check()``와
강사의 ``grade``는 같은 ``evaluate()``를 거치므로 보이는 테스트의 결과가 언제나 같습니다.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from bertlab.exercises.wording import CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED, STATUS_LABELS


class CheckSignal(Exception):
    """채점 흐름을 멈추고 결과를 알리는 신호(학생에게는 메시지만 보입니다)."""

    def __init__(self, message: str, *, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = list(details or [])


class Incorrect(CheckSignal):
    """오답: 무엇이 어떻게 다른지 한국어로 설명합니다."""


class NotAttempted(CheckSignal):
    """아직 풀지 않음: 빈칸(``____``), ``NotImplementedError``, 정의되지 않은 이름."""


class Ungradable(CheckSignal):
    """채점 불가: 답은 있지만 채점기가 뜻을 알 수 없음(예: 보기 순서를 모르는 퀴즈의 번호 답)."""


@dataclass
class Outcome:
    """문제 하나를 채점한 결과.

    status: ``"correct"`` / ``"incorrect"`` / ``"not_attempted"`` / ``"error"``
    message: 학생에게 보여 줄 한국어 한두 문장
    details: 덧붙일 줄들(예: 오류가 난 학생 코드의 줄)
    extra: 채점과 별개로 보여 줄 설명(퀴즈 해설, 생각해 보기의 모범 답안)
    headline: 상태 이름 대신 쓸 제목(생각해 보기의 "작성 완료" 등). 비우면 상태 이름을 씁니다.
    warnings: 셀 실행 순서처럼 결과를 믿기 어렵게 만드는 사정
    """

    status: str
    message: str
    points: float = 0.0
    max_points: float = 1.0
    details: list[str] = field(default_factory=list)
    extra: str = ""
    warnings: list[str] = field(default_factory=list)
    headline: str = ""

    @property
    def label(self) -> str:
        return self.headline or STATUS_LABELS[self.status]

    @property
    def passed(self) -> bool:
        return self.status == CORRECT

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Outcome":
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)

    @classmethod
    def correct(cls, message: str, max_points: float, extra: str = "", headline: str = "") -> "Outcome":
        return cls(CORRECT, message, points=max_points, max_points=max_points, extra=extra, headline=headline)

    @classmethod
    def from_signal(cls, signal: CheckSignal, max_points: float) -> "Outcome":
        status = INCORRECT
        if isinstance(signal, NotAttempted):
            status = NOT_ATTEMPTED
        elif isinstance(signal, Ungradable):
            status = ERROR
        return cls(status, signal.message, points=0.0, max_points=max_points, details=signal.details)

    @classmethod
    def grader_error(cls, message: str, max_points: float) -> "Outcome":
        return cls(ERROR, message, points=0.0, max_points=max_points)


__all__ = [
    "CORRECT", "INCORRECT", "NOT_ATTEMPTED", "ERROR",
    "CheckSignal", "Incorrect", "NotAttempted", "Ungradable", "Outcome",
]
