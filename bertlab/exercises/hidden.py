"""강사용 숨은 테스트(``HiddenTest``). 일괄 채점기(``python -m bertlab grade --hidden``)에서 사용합니다.

숨은 테스트는 학생 노트북 밖, 강사만 가진 파이썬 파일(또는 그런 파일들이 든 폴더)에 둡니다.
각 파일은 ``HIDDEN_TESTS`` 리스트를 정의합니다::

    from bertlab.exercises import Case, HiddenTest

    HIDDEN_TESTS = [
        # 함수 문제: 학생에게 보이지 않는 사례를 더합니다(기대값을 비우면 해답 함수로 계산).
        HiddenTest(lesson="00", problem="count_tokens", cases=[Case(("아주 긴 문장 하나",),)]),
        # 모든 종류: 직접 쓴 규칙 (answers, ctx) -> None | "틀린 이유"
        HiddenTest(lesson="00", problem="make_list", rule=lambda a, ctx: None if len(a["fruits"]) < 10 else "너무 김",
                   points=0.5),
    ]

채점 결과의 피드백 파일에는 "숨은 테스트 2개 중 1개 통과"처럼 통과 여부만 적고, 사례·규칙·틀린
이유는 어디에도 적지 않습니다. 채점은 학생의 ``check()``와 같은 학생 코드 호출 경로(시간 제한,
빈칸 판정)를 씁니다.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from bertlab.errors import BertlabError, josa
from bertlab.exercises.outcome import Incorrect
from bertlab.exercises.student import Budget, student_time_limit


@dataclass(kw_only=True)
class HiddenTest:
    """숨은 테스트 하나. cases(함수 문제 전용) 또는 rule 중 하나 이상을 줍니다."""

    lesson: str
    problem: str
    cases: list = field(default_factory=list)
    rule: Callable[[dict, dict], str | None] | None = None
    points: float = 1.0

    def __post_init__(self) -> None:
        self.lesson = str(self.lesson).zfill(2) if str(self.lesson).isdigit() else str(self.lesson)
        if not self.cases and self.rule is None:
            raise BertlabError(f"숨은 테스트({self.lesson}:{self.problem})에 cases나 rule이 필요합니다.")

    def checker_callables(self) -> list:
        """이 숨은 테스트의 채점기 쪽 함수들(규칙, 사례의 인자·기대값을 만드는 함수)."""
        parts = [self.rule] + [part for case in self.cases for part in (getattr(case, "args", None),
                                                                         getattr(case, "expected", None))]
        return [part for part in parts if callable(part)]

    def run(self, problem: Any, answers: dict, ctx: dict, budget: Any) -> None:
        """통과하면 그냥 돌아오고, 실패하면 예외를 던집니다(문제의 evaluate_hidden이 부름)."""
        if self.cases:
            if not hasattr(problem, "run_cases"):
                raise BertlabError(f"숨은 테스트의 cases는 함수 문제에만 쓸 수 있습니다({self.problem}).")
            rows = problem.rows_for(self.cases, ctx)  # 기대값 계산은 학생 시간에 넣지 않습니다.
            problem.run_cases(answers[problem.reads[0]], rows, Budget(budget.seconds))
        if self.rule is not None:
            with student_time_limit(budget, "숨은 테스트"):
                reason = self.rule(problem.wrap_answers(answers), ctx)
            if reason:
                raise Incorrect(str(reason))


def load_hidden_tests(path: str | Path | None) -> list[HiddenTest]:
    """파일 하나 또는 폴더 안의 ``*.py``(이름 순)에서 ``HIDDEN_TESTS``를 모두 모읍니다."""
    if not path:
        return []
    path = Path(path)
    if not path.exists():
        raise BertlabError(f"숨은 테스트 경로 {josa(path, '이/가')} 없습니다.", hint="--hidden에 준 경로를 확인하세요.")
    files = sorted(path.glob("*.py")) if path.is_dir() else [path]
    tests: list[HiddenTest] = []
    for index, file in enumerate(files):
        spec = importlib.util.spec_from_file_location(f"bertlab_hidden_tests_{index}", file)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        tests.extend(getattr(module, "HIDDEN_TESTS", []))
    return tests
