"""객관식 퀴즈(``Quiz``)와 생각해 보기(``Open``). 모든 레슨의 연습 문제 은행에서 사용합니다.

- Quiz: 보기는 학생마다 다른 순서로 보입니다(같은 학생에게는 늘 같은 순서, ``shuffle.py``). 학생은
  ``answer_q2 = 3``처럼 화면의 번호를 적거나, 보기 글을 그대로 적습니다. 채점은 번호를 그 학생이 본 보기로
  바꿔 뜻으로 하므로, 강사의 일괄 채점기에서도 같은 결과가 나옵니다. 틀린 보기마다 왜 틀렸는지 다른 설명을
  보여 줍니다. 답이 여럿이면 ``answer = {1, 3}``처럼 집합·리스트로 적습니다.
- Open: 정답이 없는 서술형. 학생이 적은 글이 충분히 길면 "작성 완료"로 보고 모범 답안을 보여 줍니다.

두 종류 모두 해답·틀린 답 코드를 비워 두면 보기와 모범 답안에서 자동으로 만듭니다.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from bertlab.exercises.outcome import Incorrect, Ungradable
from bertlab.exercises.problems import Problem
from bertlab.exercises.shuffle import display_order, quiz_key
from bertlab.exercises.student import Budget
from bertlab.exercises.wording import short_repr

_NUMBERED = re.compile(r"^\s*(\d+)\s*(?:번|\.|\))?\s*(.*)$", re.S)
UNKNOWN_ORDER = ("이 노트북에는 학생이 본 보기 순서가 남아 있지 않아(출력을 지우고 저장함) 번호로 적은 답을 채점하지 "
                 "못했습니다. 출력을 지우지 않고 다시 제출하거나, 보기 번호 대신 보기 글을 적어 주세요.")


def _normalized(text: str) -> str:
    """보기 글 비교용: 따옴표·백틱·공백 차이와 대소문자를 무시합니다."""
    return " ".join(text.replace("`", "").strip().strip("\"'“”‘’").split()).casefold()


@dataclass(kw_only=True)
class Quiz(Problem):
    """객관식 퀴즈.

    choices: 보기 목록(한국어, 은행에 적은 순서). answer: 정답 보기의 번호(은행 순서, 1부터) 또는 번호 집합.
    feedback: ``{틀린 보기의 은행 번호: "왜 틀렸는지"}``. explanation: 맞혔을 때 보여 줄 해설. hints: 힌트 1개 이상.
    화면·피드백·해답의 번호는 학생이 본 순서로 바뀝니다. 은행의 정답 위치는 문제마다 고르게 퍼뜨려 주세요.
    해답·틀린 답 코드는 비워 두면 보기 글로 만듭니다(순서와 상관없이 맞고 틀림).
    """

    choices: list[str] = field(default_factory=list)
    answer: int | set[int] | tuple[int, ...] = 1
    feedback: dict[int, str] = field(default_factory=dict)

    kind = "quiz"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.solution:
            self.solution = f"{self.reads[0]} = {self._literal(self.correct_set())}"
        if not self.wrong:
            wrong_choice = next(i for i in range(1, len(self.choices) + 1) if i not in self.correct_set())
            self.wrong = [f"{self.reads[0]} = {self._literal({wrong_choice})}"]

    def correct_set(self) -> set[int]:
        return {self.answer} if isinstance(self.answer, int) else set(self.answer)

    def _literal(self, numbers: set[int]) -> str:
        texts = [repr(self.choices[n - 1]) for n in sorted(numbers)]
        return texts[0] if isinstance(self.answer, int) else "{" + ", ".join(texts) + "}"

    # ---- 보기 순서 ---------------------------------------------------------------------
    def order(self) -> list[int]:
        """지금 학생이 보는 순서: ``order()[i]``는 화면 i+1번 보기의 은행 번호."""
        return display_order(quiz_key(), self.lesson, self.name, len(self.choices))

    def shown(self, number: int, order: list[int]) -> int:
        """은행 번호 → 화면 번호."""
        return order.index(number) + 1

    def order_data(self) -> dict:
        """노트북 출력에 남겨 둘 보기 순서의 열쇠(일괄 채점기가 읽음)."""
        return {"lesson": self.lesson, "problem": self.name, "key": quiz_key()}

    # ---- 채점 ----------------------------------------------------------------------------
    def _by_text(self, text: str) -> int | None:
        wanted = _normalized(text)
        return next((i for i, c in enumerate(self.choices, start=1) if _normalized(c) == wanted), None)

    def _to_number(self, value: Any, order: list[int], known: bool) -> int:
        """학생 답 하나(화면 번호, "3번", 보기 글, "3. 보기 글")를 은행 번호로 바꿉니다."""
        if isinstance(value, str):
            number = self._by_text(value)
            if number is not None:
                return number
            match = _NUMBERED.match(value)
            if match:
                number = self._by_text(match.group(2)) if match.group(2).strip() else None
                if number is not None:  # "3. 보기 글"처럼 번호와 글이 함께 있으면 글(뜻)을 믿습니다
                    return number
                value = int(match.group(1))
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= len(self.choices):
            raise Incorrect(f"보기 번호(1부터 {len(self.choices)}까지의 정수)나 보기 글로 답해 주세요. "
                            f"지금 답: {short_repr(value)}")
        if not known:
            raise Ungradable(UNKNOWN_ORDER)
        return order[value - 1]

    def verify(self, answers: dict[str, Any], ctx: dict, budget: Budget) -> str | None:
        value = answers[self.reads[0]]
        correct = self.correct_set()
        order, known = self.order(), quiz_key() is not None
        if isinstance(self.answer, int):
            chosen = {self._to_number(value, order, known)}
        elif isinstance(value, (set, list, tuple, frozenset)):
            chosen = {self._to_number(v, order, known) for v in value}
        else:
            raise Incorrect(f"정답이 {len(correct)}개인 문제입니다. {{1, 3}}처럼 번호를 모두 적어 주세요.")
        if chosen == correct:
            return "정답입니다! " + self.explanation if self.explanation else None
        wrong = sorted(chosen - correct, key=lambda n: self.shown(n, order))
        reasons = [f"{self.shown(n, order)}번: {self.feedback[n]}" for n in wrong if n in self.feedback]
        if not reasons and wrong:
            reasons = [f"{self.shown(wrong[0], order)}번은 답이 아닙니다. 보기를 다시 읽어 보세요."]
        if not wrong:
            reasons = [f"고른 보기는 맞지만 정답이 {len(correct) - len(chosen)}개 더 있습니다."]
        raise Incorrect(reasons[0], details=reasons[1:])

    # ---- 보여 주기 -----------------------------------------------------------------------
    def shown_choices(self) -> list[str]:
        return [self.choices[n - 1] for n in self.order()]

    def choices_html(self) -> str:
        items = "".join(f"<li>{html.escape(c)}</li>" for c in self.shown_choices())
        return f'<ol style="margin:4px 0 0 0">{items}</ol>'

    def choices_text(self) -> str:
        return "\n".join(f"  {i}. {c}" for i, c in enumerate(self.shown_choices(), start=1))

    def solution_text(self) -> str:
        order = self.order()
        numbers = sorted(self.correct_set(), key=lambda n: self.shown(n, order))
        answer = ", ".join(f"{self.shown(n, order)}번({self.choices[n - 1]})" for n in numbers)
        return f"정답: {answer}" + (f" — {self.explanation}" if self.explanation else "")


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
