"""노트북과 문제를 잇는 한 줄: ``q1, q2, q3 = lesson_exercises("05")``. 모든 레슨에서 사용합니다.

각 ``Exercise``는 학생이 부르는 세 가지를 제공합니다.

- ``q1.check()``: 부른 셀의 변수(호출한 곳의 frame)를 읽어 채점하고 결과를 보여 줍니다.
- ``q1.hint()`` / ``q1.hint(2)``: 단계별 힌트. ``q1.solution()``: 해답 코드와 설명.

학생 답은 전역 변수를 미리 묶어 두지 않고 *부르는 순간* 호출한 곳에서 읽으므로(otter-grader 방식),
셀을 옮기거나 커널을 다시 시작해도 ``check()``를 다시 부르기만 하면 됩니다.
"""

from __future__ import annotations

import sys
from collections import ChainMap
from typing import Any, Mapping

from bertlab.exercises import render
from bertlab.exercises.bank import load_problems, normalize_lesson
from bertlab.exercises.order import order_warnings
from bertlab.exercises.outcome import Outcome
from bertlab.exercises.shuffle import QUIZ_MIME

BOUND_LESSONS: list[str] = []  # 이 프로세스에서 lesson_exercises()로 묶은 레슨(채점기가 참고)
_INTERNAL_PREFIX = "bertlab.exercises"


def caller_namespace(skip: int = 1) -> Mapping[str, Any]:
    """bertlab.exercises 바깥에서 가장 가까운 호출자의 지역+전역 이름들."""
    frame = sys._getframe(skip)
    while frame is not None and str(frame.f_globals.get("__name__", "")).startswith(_INTERNAL_PREFIX):
        frame = frame.f_back
    if frame is None:
        return {}
    return ChainMap(dict(frame.f_locals), frame.f_globals)


def _remember(action: str, *args: Any) -> None:
    """진도 파일에 남깁니다. 기록 실패(읽기 전용 폴더 등)가 채점을 막지는 않습니다."""
    try:
        from bertlab.exercises import progress

        getattr(progress, f"record_{action}")(*args)
    except Exception:  # noqa: BLE001
        pass


class Exercise:
    """레슨의 문제 하나를 학생 쪽에서 다루는 손잡이."""

    def __init__(self, problem: Any, index: int):
        self.problem = problem
        self.index = index

    @property
    def lesson(self) -> str:
        return self.problem.lesson

    @property
    def heading(self) -> str:
        return f"문제 {self.index} · {self.problem.title}"

    def evaluate(self, namespace: Mapping[str, Any] | None = None) -> Outcome:
        """화면에 보이지 않고 채점 결과만 돌려줍니다(기본: 호출한 곳의 변수)."""
        return self.problem.evaluate(caller_namespace(2) if namespace is None else namespace)

    def check(self) -> None:
        """답을 채점해 정답/오답/아직 풀지 않음을 보여 줍니다."""
        namespace = caller_namespace(2)
        outcome = self.problem.evaluate(namespace)
        if outcome.status != "not_attempted":
            outcome.warnings.extend(order_warnings(self.problem.reads, namespace))
        _remember("check", self.lesson, self.problem.name, outcome.status, outcome.points, outcome.max_points,
                  outcome.message)
        data = {"lesson": self.lesson, "problem": self.problem.name, "index": self.index,
                "status": outcome.status, "points": outcome.points, "max_points": outcome.max_points}
        feedback = render.outcome_feedback(outcome, self.heading, data)
        feedback.extra.update(self._order_data())
        render.show(feedback)

    def _order_data(self) -> dict:
        """퀴즈면 학생이 본 보기 순서의 열쇠(제출 노트북에 남아 일괄 채점기가 읽음)."""
        order_data = getattr(self.problem, "order_data", None)
        return {QUIZ_MIME: order_data()} if order_data else {}

    def hint(self, number: int | None = None) -> None:
        """``number``번째 힌트(기본 1번째)를 보여 줍니다."""
        hints = list(self.problem.hints)
        if not hints:
            render.show(render.message_feedback("hint", f"힌트 — {self.heading}",
                                                "이 문제에는 힌트가 없습니다. 막히면 `.solution()`을 보세요."))
            return
        number = 1 if number is None else number
        if not isinstance(number, int) or not 1 <= number <= len(hints):
            render.show(render.message_feedback(
                "hint", f"힌트 — {self.heading}", f"힌트는 1번부터 {len(hints)}번까지 있습니다. 예: `.hint(1)`"))
            return
        _remember("hint", self.lesson, self.problem.name, number)
        render.show(render.hint_feedback(self.heading, number, len(hints), hints[number - 1]))

    def solution(self) -> None:
        """해답을 보여 줍니다(진도에 '해답을 봄'이 남습니다)."""
        _remember("solution", self.lesson, self.problem.name)
        problem = self.problem
        if hasattr(problem, "solution_text"):  # 퀴즈·생각해 보기는 코드 대신 정답·모범 답안
            feedback = render.solution_feedback(self.heading, "", problem.solution_text(), "")
        else:
            feedback = render.solution_feedback(self.heading, problem.solution, "", problem.explanation)
        feedback.extra[render.SOLUTION_MIME] = {"lesson": self.lesson, "problem": problem.name}
        render.show(feedback)

    def _card(self) -> render.Feedback:
        problem = self.problem
        choices_html = problem.choices_html() if hasattr(problem, "choices_html") else ""
        choices_text = problem.choices_text() if hasattr(problem, "choices_text") else ""
        card = render.problem_feedback(self.heading, problem.prompt, choices_html, choices_text, self.index)
        card.extra.update(self._order_data())
        return card

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        return self._card()._repr_mimebundle_()

    def __repr__(self) -> str:
        return self._card().plain


class ExerciseSet(tuple):
    """``lesson_exercises()``의 결과: 풀어 쓰기(``q1, q2 = ...``)와 이름으로 찾기(``.by_name``)."""

    def by_name(self, name: str) -> Exercise:
        return next(e for e in self if e.problem.name == name)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        cards = [e._card() for e in self]
        return {"text/plain": "\n\n".join(c.plain for c in cards), "text/html": "".join(c.html for c in cards)}


def lesson_exercises(lesson: str | int) -> ExerciseSet:
    """레슨의 문제들을 q1, q2, … 순서로 돌려줍니다. 예: ``q1, q2, q3 = lesson_exercises("05")``."""
    lesson = normalize_lesson(lesson)
    problems = load_problems(lesson)
    if lesson not in BOUND_LESSONS:
        BOUND_LESSONS.append(lesson)
    return ExerciseSet(Exercise(problem, index) for index, problem in enumerate(problems, start=1))
