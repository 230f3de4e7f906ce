"""객관식 퀴즈(``Quiz``)와 생각해 보기(``Open``). 모든 레슨의 연습 문제 은행에서 사용합니다.

- Quiz: 학생은 ``answer_q2 = 3``처럼 번호(1부터)를 변수에 적습니다. 틀린 보기마다 왜 틀렸는지 다른
  설명을 보여 줍니다. 답이 여럿이면 ``answer = {1, 3}``처럼 집합·리스트로 적습니다.
- Open: 정답이 없는 서술형. 학생이 적은 글이 충분히 길면 "작성 완료"로 보고 모범 답안을 보여 줍니다.

두 종류 모두 해답·틀린 답 코드를 비워 두면 보기와 모범 답안에서 자동으로 만듭니다.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from bertlab.exercises.wording import short_repr
from bertlab.exercises.outcome import Incorrect
from bertlab.exercises.problems import Problem
from bertlab.exercises.student import Budget


@dataclass(kw_only=True)
class Quiz(Problem):
    """객관식 퀴즈.

    choices: 보기 목록(한국어). answer: 정답 번호(1부터) 또는 번호 집합.
    feedback: ``{틀린 번호: "왜 틀렸는지"}``. explanation: 맞혔을 때 보여 줄 해설.
    """

    choices: list[str] = field(default_factory=list)
    answer: int | set[int] | tuple[int, ...] = 1
    feedback: dict[int, str] = field(default_factory=dict)

    kind = "quiz"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.solution:
            self.solution = f"{self.reads[0]} = {self._answer_literal()}"
        if not self.wrong:
            wrong_choice = next(i for i in range(1, len(self.choices) + 1) if i not in self.correct_set())
            self.wrong = [f"{self.reads[0]} = {wrong_choice}"]

    def correct_set(self) -> set[int]:
        return {self.answer} if isinstance(self.answer, int) else set(self.answer)

    def _answer_literal(self) -> str:
        chosen = sorted(self.correct_set())
        return str(chosen[0]) if isinstance(self.answer, int) else "{" + ", ".join(map(str, chosen)) + "}"

    def _to_number(self, value: Any) -> int:
        if isinstance(value, str):
            text = value.strip().rstrip("번").strip()
            if text.isdigit():
                value = int(text)
            elif value.strip() in self.choices:
                value = self.choices.index(value.strip()) + 1
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= len(self.choices):
            raise Incorrect(f"보기 번호(1부터 {len(self.choices)}까지의 정수)로 답해 주세요. 지금 답: {short_repr(value)}")
        return value

    def verify(self, answers: dict[str, Any], ctx: dict, budget: Budget) -> str | None:
        value = answers[self.reads[0]]
        correct = self.correct_set()
        if isinstance(self.answer, int):
            chosen = {self._to_number(value)}
        elif isinstance(value, (set, list, tuple, frozenset)):
            chosen = {self._to_number(v) for v in value}
        else:
            raise Incorrect(f"정답이 {len(correct)}개인 문제입니다. {{1, 3}}처럼 번호를 모두 적어 주세요.")
        if chosen == correct:
            return "정답입니다! " + self.explanation if self.explanation else None
        wrong = sorted(chosen - correct)
        reasons = [f"{n}번: {self.feedback[n]}" for n in wrong if n in self.feedback]
        if not reasons and wrong:
            reasons = [f"{wrong[0]}번은 답이 아닙니다. 보기를 다시 읽어 보세요."]
        if not wrong:
            reasons = [f"고른 보기는 맞지만 정답이 {len(correct) - len(chosen)}개 더 있습니다."]
        return self._raise(reasons)

    @staticmethod
    def _raise(reasons: list[str]) -> None:
        raise Incorrect(reasons[0], details=reasons[1:])

    def choices_html(self) -> str:
        items = "".join(f"<li>{html.escape(c)}</li>" for c in self.choices)
        return f'<ol style="margin:4px 0 0 0">{items}</ol>'

    def choices_text(self) -> str:
        return "\n".join(f"  {i}. {c}" for i, c in enumerate(self.choices, start=1))

    def solution_text(self) -> str:
        numbers = ", ".join(f"{n}번" for n in sorted(self.correct_set()))
        return f"정답: {numbers}" + (f" — {self.explanation}" if self.explanation else "")


@dataclass(kw_only=True)
class Open(Problem):
    """생각해 보기(서술형). 정해진 정답 없이, 적은 글이 min_chars자 이상이면 모범 답안을 보여 줍니다.

    model_answer: 모범 답안(한국어). min_chars: "작성 완료"로 볼 최소 글자 수(공백 제외). 배점 기본 0점.
    """

    model_answer: str = ""
    min_chars: int = 10
    points: float = 0.0

    kind = "open"
    success_headline = "작성 완료"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.solution:
            self.solution = f"{self.reads[0]} = {self.model_answer!r}"
        if not self.wrong:
            self.wrong = [f'{self.reads[0]} = "모르겠어요"']
        if not self.blank:
            self.blank = f'{self.reads[0]} = ____  # 여기에 생각을 적어 보세요(문자열)'

    def verify(self, answers: dict[str, Any], ctx: dict, budget: Budget) -> str | None:
        text = answers[self.reads[0]]
        if not isinstance(text, str):
            raise Incorrect('생각을 문자열로 적어 주세요. 예: answer = "왜냐하면 …"')
        length = len("".join(text.split()))
        if length < self.min_chars:
            raise Incorrect(f"조금 더 자세히 써 보세요(지금 {length}자, {self.min_chars}자 이상).")
        return "잘 적었습니다. 아래 모범 답안과 비교해 보세요."

    def success_extra(self) -> str:
        return self.model_answer

    def solution_text(self) -> str:
        return self.model_answer


__all__ = ["Quiz", "Open"]
