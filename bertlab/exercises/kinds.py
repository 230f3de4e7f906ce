"""코드 문제의 종류: 값(``Value``), 텐서(``Tensor``), 함수(``Function``), 통계(``Statistic``),
자유 규칙(``Custom``). 모든 레슨의 연습 문제 은행에서 사용합니다(퀴즈·생각해 보기는 ``quiz.py``).

- Value: 변수의 값을 기대값과 비교(숫자는 허용 오차, 리스트·딕셔너리는 원소마다).
- Tensor: Value와 같되 모양 → 자료형 → 값(allclose) 순서로 보고 어긋난 곳을 알려 줍니다.
- Function: 학생 함수를 고정 사례와 시드 고정 무작위 사례로 부르고 해답 함수와 비교합니다. ``rows``를 주면
  "행마다 도는 반복 없이"를 행 수가 다른 두 입력으로 재어 봅니다(``check_vectorised``).
- Statistic: 시드를 고정하고 학생 함수를 여러 번 돌려 잰 통계(예: 마스킹 비율)를 목표 ± 허용 오차와 비교.
- Custom: 위로 안 되는 채점을 ``rule(answers, ctx) -> None | "틀린 이유"``로 직접 씁니다.
"""

from __future__ import annotations

import inspect
import random
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

from bertlab.exercises.compare import DEFAULT_ATOL, DEFAULT_RTOL, mismatch
from bertlab.errors import josa
from bertlab.exercises.outcome import Incorrect
from bertlab.exercises.problems import MISSING, Case, Problem
from bertlab.exercises.student import Budget, call_student, describe_call, student_time_limit
from bertlab.exercises.loops import counting
from bertlab.exercises.tracing import active_trace


def seed_everything(seed: int) -> None:
    """random·numpy·torch(이미 불러온 경우) 난수 시드를 고정합니다."""
    random.seed(seed)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(seed)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(seed)


@dataclass(kw_only=True)
class Value(Problem):
    """변수의 값을 기대값과 비교합니다.

    expected: 기대값, 또는 ``lambda ctx: 값``. reads가 여럿이면 ``{이름: 기대값}`` 딕셔너리(또는 그것을
    돌려주는 함수). 비우면 해답 코드를 실행해 얻은 값을 씁니다(가능하면 독립적으로 계산한 값을 주세요).
    rtol, atol: 실수·텐서의 허용 오차. check_dtype: False면 텐서 자료형을 기대값에 맞춰 바꾼 뒤 비교.
    compare: 직접 비교 함수 ``(actual, expected) -> None | "틀린 이유"``.
    """

    expected: Any = MISSING
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    check_dtype: bool = True
    compare: Callable[[Any, Any], str | None] | None = None

    kind = "value"
    replays_values = True

    def expected_values(self, ctx: dict) -> dict[str, Any]:
        if "expected" not in self._cache:
            if self.expected is MISSING:
                ref = self.reference()
                values = {name: ref[name] for name in self.reads}
            else:
                value = self.expected(ctx) if callable(self.expected) else self.expected
                values = value if len(self.reads) > 1 else {self.reads[0]: value}
            self._cache["expected"] = values
        return self._cache["expected"]

    def prepare(self, ctx: dict) -> None:
        self.expected_values(ctx)

    def verify(self, answers: dict[str, Any], ctx: dict, budget: Budget) -> str | None:
        expected = self.expected_values(ctx)
        for name in self.reads:
            actual = answers[name]
            if inspect.isfunction(actual) and not callable(expected[name]):
                raise Incorrect(f"{josa('`' + name + '`', '은/는')} 값이어야 하는데 함수입니다. 함수를 불러 나온 값을 넣으세요.")
            if not self.check_dtype and hasattr(actual, "to") and hasattr(expected[name], "dtype"):
                actual = actual.to(expected[name].dtype)
            problem = (self.compare(actual, expected[name]) if self.compare
                       else mismatch(actual, expected[name], rtol=self.rtol, atol=self.atol, path=f"`{name}`"))
            if problem:
                raise Incorrect(problem)
        return None


@dataclass(kw_only=True)
class Tensor(Value):
    """텐서·배열 답: 모양 → 자료형 → 값(allclose) 순서로 봅니다. 기본 허용 오차 rtol=1e-4, atol=1e-5."""

    kind = "tensor"


@dataclass(kw_only=True)
class Function(Problem):
    """학생 함수를 테스트 사례로 부릅니다.

    cases: ``Case`` 목록(또는 ``(인자 튜플, 기대값)`` 튜플 목록).
    random_inputs: ``(rng, ctx) -> 인자 튜플``. 시드(seed)를 고정해 n_random번 만들고, 기대값은 해답
    함수(reference, 비우면 해답 코드에서 reads 이름의 함수)로 계산합니다.
    compare, rtol, atol: 결과 비교 방법(Value와 같음).
    rows: ``(행 수, rng, ctx) -> 인자 튜플``. 주면 사례를 모두 통과한 뒤 ``row_sizes``의 두 크기로 학생 함수를
    불러, 학생 코드가 직접 부른 횟수나 실행한 줄 수가 행 수에 따라 늘면(행마다 도는 반복) 오답입니다.
    허용 목록(``allows``)과 함께 씁니다(추적 중에만 셀 수 있음).
    """

    cases: list = field(default_factory=list)
    random_inputs: Callable[[random.Random, dict], tuple] | None = None
    n_random: int = 10
    seed: int = 0
    reference_function: Callable | None = None
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    compare: Callable[[Any, Any], str | None] | None = None
    rows: Callable[[int, random.Random, dict], tuple] | None = None
    row_sizes: tuple[int, int] = (8, 64)

    kind = "function"
    callable_answer = True

    def __post_init__(self) -> None:
        super().__post_init__()
        self.cases = [c if isinstance(c, Case) else Case(*c) for c in self.cases]

    def reference_call(self, args: tuple, kwargs: dict) -> Any:
        function = self.reference_function or self.reference()[self.reads[0]]
        return function(*args, **kwargs)

    def rows_for(self, cases: list, ctx: dict) -> list[tuple[tuple, dict, Any, str]]:
        """사례들을 (인자, 키워드 인자, 기대값, 설명)으로 풉니다. 숨은 테스트도 이 함수를 씁니다."""
        rows = []
        for case in cases:
            case = case if isinstance(case, Case) else Case(*case)
            args = case.resolve_args(ctx)
            expected = case.expected
            if expected is MISSING:
                expected = self.reference_call(args, case.kwargs)
            elif callable(expected):
                expected = expected(ctx)
            rows.append((args, case.kwargs, expected, case.note))
        return rows

    def all_cases(self, ctx: dict) -> list[tuple[tuple, dict, Any, str]]:
        """보이는 사례 + 시드 고정 무작위 사례. 시드가 같아 누가 언제 실행해도 같습니다."""
        if "cases" not in self._cache:
            rows = self.rows_for(self.cases, ctx)
            if self.random_inputs is not None:
                rng = random.Random(self.seed)
                for _ in range(self.n_random):
                    args = self.random_inputs(rng, ctx)
                    args = args if isinstance(args, tuple) else (args,)
                    rows.append((args, {}, self.reference_call(args, {}), "무작위 사례"))
            self._cache["cases"] = rows
        return self._cache["cases"]

    def run_cases(self, function: Any, rows: list, budget: Budget) -> int:
        name = self.reads[0]
        for args, kwargs, expected, note in rows:
            result = call_student(function, args, kwargs, name=name, budget=budget)
            if result is None and expected is not None:
                raise Incorrect(f"{josa(describe_call(name, args, kwargs), '이/가')} 아무것도 돌려주지 않았습니다(None). "
                                "return 문을 잊지 않았나요?")
            problem = (self.compare(result, expected) if self.compare
                       else mismatch(result, expected, rtol=self.rtol, atol=self.atol))
            if problem:
                details = [f"사례: {note}"] if note else []
                raise Incorrect(f"{describe_call(name, args, kwargs)}의 결과: {problem}", details=details)
        return len(rows)

    def prepare(self, ctx: dict) -> None:
        self.all_cases(ctx)

    def verify(self, answers: dict[str, Any], ctx: dict, budget: Budget) -> str | None:
        count = self.run_cases(answers[self.reads[0]], self.all_cases(ctx), budget)
        if self.rows is not None:
            self.check_vectorised(answers[self.reads[0]], ctx, budget)
            return f"정답입니다! 테스트 {count}개를 모두 통과했고, 행 수가 늘어도 반복하지 않습니다."
        return f"정답입니다! 테스트 {count}개를 모두 통과했습니다."

    def check_vectorised(self, function: Any, ctx: dict, budget: Budget) -> None:
        """행 수만 다른 두 입력으로 불러, 학생 코드가 부른 횟수·실행한 줄 수가 같은지 봅니다."""
        trace = active_trace()
        if trace is None:  # 허용 목록이 없으면(추적하지 않으면) 셀 수 없습니다
            return
        name, measured = self.reads[0], []
        for size in self.row_sizes:
            args = self.rows(size, random.Random(self.seed), ctx)
            with counting(trace) as counts:
                call_student(function, args, {}, name=name, budget=budget)
            measured.append(counts)
        (few, small), (many, large) = zip(self.row_sizes, measured)
        if large.calls > small.calls or large.lines > small.lines:
            raise Incorrect("행 수가 늘면 실행하는 일도 함께 늘어납니다. 행마다 도는 반복(for, 리스트 컴프리헨션, map)이 "
                            "있는 것 같습니다. 행렬 곱처럼 모든 행을 한꺼번에 계산하는 연산으로 바꿔 보세요.",
                            details=[f"행 {few}개: 부른 연산·함수 {small.calls}번, 실행한 줄 {small.lines}줄 → "
                                     f"행 {many}개: {large.calls}번, {large.lines}줄"])


@dataclass(kw_only=True)
class Statistic(Problem):
    """시드를 고정하고 학생 함수로 통계를 재어 목표와 비교합니다.

    measure: ``(student_function, ctx) -> {"통계 이름": 값}``. student_function은 시간 제한과
    짧은 오류 설명이 붙은 학생 함수입니다(measure 안에서 예외를 삼키지 마세요).
    targets: ``{"통계 이름": (목표값, 허용 오차)}``. seed: 측정 전에 고정할 시드.
    """

    measure: Callable[[Callable, dict], dict] | None = None
    targets: dict = field(default_factory=dict)
    seed: int = 0

    kind = "statistic"
    callable_answer = True

    def verify(self, answers: dict[str, Any], ctx: dict, budget: Budget) -> str | None:
        name = self.reads[0]
        seed_everything(self.seed)
        with student_time_limit(budget, f"{josa('`' + name + '`', '을/를')} 써서 통계를 재는 일"):
            stats = self.measure(self.student_function(answers[name], name), ctx)
        report = []
        for key, (target, tolerance) in self.targets.items():
            value = float(stats[key])
            report.append(f"{key} {value:.4g} (목표 {target:g} ± {tolerance:g})")
            if not abs(value - target) <= tolerance:
                raise Incorrect(f"{josa(key, '이/가')} {target:g} ± {tolerance:g} 안에 있어야 하는데 {value:.4g}입니다.",
                                details=["잰 값: " + ", ".join(report)])
        return "정답입니다! " + ", ".join(report)


@dataclass(kw_only=True)
class Custom(Problem):
    """직접 쓴 채점 규칙. rule: ``(answers, ctx) -> None | "틀린 이유"``.

    answers는 reads 이름 → 학생 값 딕셔너리이며, 학생 함수는 시간 제한·짧은 오류 설명이 붙어 있습니다.
    rule 안에서 ``Incorrect("...")``를 던져도 됩니다.
    """

    rule: Callable[[dict, dict], str | None] | None = None
    expected_text: str = ""

    kind = "custom"

    def verify(self, answers: dict[str, Any], ctx: dict, budget: Budget) -> str | None:
        with student_time_limit(budget, "답을 확인하는 일"):
            problem = self.rule(self.wrap_answers(answers), ctx)
        if problem:
            raise Incorrect(str(problem))
        return None


__all__ = ["Value", "Tensor", "Function", "Statistic", "Custom", "Case", "seed_everything"]
