"""문제의 공통 뼈대(``Problem``)와 테스트 사례(``Case``). 모든 레슨의 연습 문제 은행에서 사용합니다.

문제는 선언적으로 정의합니다: 무엇을 읽을지(``reads``), 해답 코드(``solution``), 틀린 답 코드
(``wrong``), 배운 부품의 허용 목록(``allows``)과 강의 함수·라이브러리에 맡기는 답 코드(``delegating``),
힌트, 그리고 종류별 채점 규칙. 채점 흐름은 모든 종류가 같습니다.

    evaluate(namespace)
      1. reads에 적힌 이름을 namespace에서 읽습니다. 없거나 빈칸이면 "아직 풀지 않음".
      2. setup()이 있으면 한 번만 불러 맥락(context: 이름 → 값)을 만들고, 기대값을 미리 계산합니다(추적 밖).
      3. 허용 목록이 있으면 추적(``tracing``)을 켭니다: 값 답은 답을 만든 코드를 다시 실행하고(``replay``),
         함수 답은 채점기가 부르는 동안, 학생 코드가 직접 부른 것을 허용 목록과 맞춰 봅니다.
      4. 종류별 verify()가 틀린 곳을 찾으면 Incorrect, 아니면 정답. 허용하지 않은 것을 불렀다면 그 이름을 말하는
         오답이 무엇보다 앞섭니다.

학생의 ``check()``, 일괄 채점기, 은행 테스트가 모두 이 ``evaluate()``를 씁니다.
"""

from __future__ import annotations

import inspect
import linecache
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from bertlab.errors import josa
from bertlab.exercises.allowed import Allow
from bertlab.exercises.compare import mismatch
from bertlab.exercises.order import cell_names
from bertlab.exercises.outcome import CheckSignal, Incorrect, NotAttempted, Outcome
from bertlab.exercises.placeholders import ____, contains_blank
from bertlab.exercises.replay import record_source, replay_values
from bertlab.exercises.student import Budget, call_student, explain_exception, student_time_limit
from bertlab.exercises.tracing import RefusedCall, Trace, mark_checker_code, tracing

MISSING: Any = object()
_CONTEXTS: dict[Callable, dict] = {}


@dataclass
class Case:
    """함수 문제의 테스트 사례 하나.

    args: 인자 튜플, 또는 맥락을 받아 인자 튜플을 돌려주는 함수 ``lambda ctx: (ctx["model"], "문장")``
    expected: 기대값(또는 ``lambda ctx: 값``). 비우면 해답 코드의 함수가 돌려주는 값을 씁니다.
    note: 사례 설명(예: "빈 문장"). 틀렸을 때 함께 보여 줍니다.
    """

    args: Any = ()
    expected: Any = MISSING
    kwargs: dict = field(default_factory=dict)
    note: str = ""

    def resolve_args(self, ctx: dict) -> tuple:
        args = self.args(ctx) if callable(self.args) else self.args
        return args if isinstance(args, tuple) else (args,)


class SetupFailed(Exception):
    """문제의 setup()이 실패함(학생 탓이 아님)."""


def load_context(setup: Callable[[], dict] | None) -> dict:
    """setup()을 프로세스마다 한 번만 부릅니다. 같은 setup 함수를 쓰는 문제끼리 맥락을 나눠 씁니다."""
    if setup is None:
        return {}
    if setup not in _CONTEXTS:
        try:
            context = setup()
        except Exception as exc:  # noqa: BLE001
            raise SetupFailed(str(exc) or type(exc).__name__) from exc
        _CONTEXTS[setup] = dict(context or {})
    return _CONTEXTS[setup]


def run_code(code: str, namespace: dict, label: str) -> dict:
    """코드 문자열을 namespace에서 실행합니다. 오류가 나면 그 줄이 보이도록 linecache에 등록하고,
    값 답을 다시 실행해 추적할 수 있도록(``replay``) 코드가 정의한 이름마다 코드를 남깁니다."""
    filename = f"<{label}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    exec(compile(code, filename, "exec"), namespace)  # noqa: S102  (강의 해답·학생 답 코드 실행)
    record_source(namespace, code, cell_names(code)[0])
    return namespace


@dataclass(kw_only=True)
class Problem:
    """모든 문제 종류의 공통 필드.

    name: 영어 식별자(진도·성적표의 열 이름). 레슨 안에서 유일해야 합니다.
    title: 한국어 제목. prompt: 한국어 문제 설명(마크다운 가능).
    reads: 학생 namespace에서 읽을 이름(하나면 문자열, 여럿이면 튜플).
    solution: 해답 코드(``solution()``이 보여 주고 테스트가 실행). wrong: 틀린 답 코드 목록(1개 이상).
    blank: 배포 상태의 빈칸 코드. 비우면 ``이름 = ____``.
    allows: 학생 코드가 불러도 되는 배운 부품(``allowed.Allow``, 보통 ``bank/families.py``의 문제 종류).
    코드 문제는 꼭 선언합니다. 그 밖의 것을 부르면 "직접 구현해 보세요" 오답입니다(``tracing.py``).
    delegating: 강의 함수·라이브러리에 맡겨 푸는 답 코드 목록(테스트가 "직접 구현해 보세요" 오답인지 확인).
    hints: 단계별 힌트. explanation: 해답과 함께 보여 줄 설명.
    setup: 맥락을 만드는 함수(``() -> dict``). 해답 코드와 기대값 계산이 이 맥락을 씁니다.
    points: 배점. time_limit: 학생 코드가 쓸 수 있는 시간(초).
    """

    name: str
    title: str
    prompt: str = ""
    reads: str | tuple[str, ...] = ()
    solution: str = ""
    wrong: list[str] | tuple[str, ...] = ()
    blank: str | None = None
    allows: Allow | None = None
    delegating: list[str] | tuple[str, ...] = ()
    hints: list[str] | tuple[str, ...] = ()
    explanation: str = ""
    setup: Callable[[], dict] | None = None
    points: float = 1.0
    time_limit: float = 2.0
    lesson: str = ""  # 은행을 불러올 때 채워집니다.

    kind = "problem"
    callable_answer = False  # 학생 답이 함수인 종류
    replays_values = False  # 값 답을 만든 코드를 다시 실행해 추적하는 종류(Value, Tensor)

    def __post_init__(self) -> None:
        if isinstance(self.reads, str):
            self.reads = (self.reads,)
        self.reads = tuple(self.reads)
        if isinstance(self.wrong, str):
            self.wrong = [self.wrong]
        if isinstance(self.delegating, str):
            self.delegating = [self.delegating]
        self._cache: dict[str, Any] = {}

    # ---- 학생 답 읽기 -------------------------------------------------------------------
    def read_answers(self, namespace: Mapping[str, Any]) -> dict[str, Any]:
        answers = {}
        for name in self.reads:
            if name not in namespace:
                raise NotAttempted(f"{josa('`' + name + '`', '이/가')} 아직 정의되지 않았습니다. 답을 적은 셀을 실행했는지 확인하세요.")
            value = namespace[name]
            if contains_blank(value):
                raise NotAttempted(f"`{name}`에 아직 빈칸(____)이 남아 있습니다. 빈칸을 채우고 셀을 실행하세요.")
            answers[name] = value
        return answers

    def context(self) -> dict:
        return load_context(self.setup)

    # ---- 채점 -------------------------------------------------------------------------
    def prepare(self, ctx: dict) -> None:
        """학생 코드를 부르기 전에 기대값 등을 미리 계산합니다(한 번만, 시간 제한 밖에서)."""

    def _prepare_or_fail(self, ctx: dict) -> None:
        try:
            self.prepare(ctx)
        except Exception as exc:  # noqa: BLE001  (해답·기대값 코드의 오류는 학생 탓이 아닙니다)
            raise SetupFailed(f"기대값을 계산하지 못했습니다: {type(exc).__name__}: {exc}") from exc

    def refusal(self, refused: RefusedCall) -> Incorrect:
        """허용하지 않은 것을 부른 답의 오답: 무엇을 불렀는지와 무엇을 쓰면 되는지."""
        called = f"`{refused.display}`"
        return Incorrect(f"채점하는 동안 답이 {josa(called, '을/를')} 불렀습니다. 이 문제는 그것 없이 직접 구현해 보세요.",
                         details=[f"이 문제에서 쓸 수 있는 것: {self.allows.description()}.",
                                  "배운 식을 이 부품들로 직접 계산하면 됩니다. 막히면 `.hint()`를 보세요."])

    def checker_callables(self) -> list:
        """채점기 쪽 함수들(setup, 기대값, 비교, 규칙, 사례 …): 어디에 정의했든 학생 코드로 판정하지 않습니다."""
        found = [value for value in vars(self).values() if callable(value)]
        for case in getattr(self, "cases", None) or ():
            found += [part for part in (getattr(case, "args", None), getattr(case, "expected", None)) if callable(part)]
        return found

    def _value_answers(self, answers: dict[str, Any], ctx: dict) -> list[str]:
        """다시 실행해 추적할 값 답: 값 문제(Value, Tensor)에서 학생이 계산한 것(문제가 준 값은 빼고)."""
        if not self.replays_values:
            return []
        return [name for name, value in answers.items()
                if not (callable(value) and not inspect.isclass(value)) and not (name in ctx and ctx[name] is value)]

    def _checked(self, answers: dict[str, Any], namespace: Mapping[str, Any], ctx: dict, budget: Budget,
                 run: Callable[[], Any]) -> Any:
        """허용 목록이 있으면 추적을 켜고 값 답을 다시 실행한 뒤 ``run()``(채점)을 합니다."""
        if self.allows is None:
            return run()
        if "checker_marked" not in self._cache:
            mark_checker_code(*self.checker_callables())
            self._cache["checker_marked"] = True
        trace = Trace(self.allows)
        try:
            with tracing(trace, with_torch=self.allows.mentions("torch.")):
                with student_time_limit(budget, "답을 만든 셀을 다시 실행하는 일"):
                    try:
                        replay_values(self._value_answers(answers, ctx), answers, namespace, ctx, _different,
                                      self.lesson, near=_near_answer)
                    except (CheckSignal, RefusedCall):
                        raise
                    except Exception as exc:  # noqa: BLE001  (학생 코드의 어떤 오류든 짧게 설명합니다)
                        raise explain_exception(exc, "답을 만든 셀을 다시 실행하는 일") from None
                result = run()
        except RefusedCall:
            result = None
        except (CheckSignal, Exception):
            if trace.refused is None:
                raise
        if trace.refused is not None:  # 학생 코드가 막힌 호출의 예외를 삼키고 다른 데서 넘어졌어도
            raise self.refusal(trace.refused)
        return result

    def verify(self, answers: dict[str, Any], ctx: dict, budget: Budget) -> str | None:
        """틀리면 Incorrect를 던지고, 맞으면 정답 메시지(또는 None)를 돌려줍니다. 종류마다 구현합니다."""
        raise NotImplementedError

    def success_extra(self) -> str:
        return ""

    success_headline = ""

    def evaluate(self, namespace: Mapping[str, Any]) -> Outcome:
        """학생 namespace를 채점해 ``Outcome``을 돌려줍니다. 학생의 check()와 채점기가 같이 씁니다."""
        try:
            answers = self.read_answers(namespace)
            ctx = self.context()
            self._prepare_or_fail(ctx)  # 기대값 계산은 학생 시간 제한에 넣지 않습니다.
            budget = Budget(self.time_limit)
            message = self._checked(answers, namespace, ctx, budget, lambda: self.verify(answers, ctx, budget))
        except CheckSignal as signal:
            return Outcome.from_signal(signal, self.points)
        except SetupFailed as exc:
            return Outcome.grader_error(f"문제를 준비하지 못했습니다(학생 탓이 아닙니다): {exc}", self.points)
        except Exception as exc:  # noqa: BLE001  (답의 모양이 달라 채점 코드가 넘어진 경우)
            signal = explain_exception(exc, "답을 확인하는 일")
            signal.details.insert(0, "답의 형태(자료형, 돌려주는 값의 개수, 모양)가 문제에서 요구한 것과 같은지 확인하세요.")
            return Outcome.from_signal(signal, self.points)
        return Outcome.correct(message or "정답입니다! 잘했어요.", self.points,
                               extra=self.success_extra(), headline=self.success_headline)

    def evaluate_hidden(self, namespace: Mapping[str, Any], hidden: Any) -> bool:
        """숨은 테스트 하나를 돌려 통과 여부만 돌려줍니다(내용은 밖으로 내보내지 않습니다)."""
        try:
            answers = self.read_answers(namespace)
            ctx = self.context()
            self._prepare_or_fail(ctx)
            budget = Budget(self.time_limit)
            mark_checker_code(*hidden.checker_callables())  # 강사 폴더의 규칙은 학생 코드가 아닙니다
            self._checked(answers, namespace, ctx, budget, lambda: hidden.run(self, answers, ctx, budget))
        except (CheckSignal, SetupFailed):
            return False
        except Exception:  # noqa: BLE001  (숨은 테스트 코드의 오류도 '실패'로만 셉니다)
            return False
        return True

    # ---- 해답 코드 ---------------------------------------------------------------------
    def fresh_namespace(self) -> dict:
        """해답·틀린 답 코드를 실행할 새 namespace: 빈칸 ``____``와 setup()의 맥락만 들어 있습니다."""
        return {"____": ____, "__name__": "__bertlab_answer__", **self.context()}

    def run_answer(self, code: str, label: str = "답") -> dict:
        return run_code(code, self.fresh_namespace(), f"{label} {self.lesson}:{self.name}")

    def reference(self) -> dict:
        """해답 코드를 실행한 namespace(프로세스마다 한 번)."""
        if "reference" not in self._cache:
            self._cache["reference"] = self.run_answer(self.solution, "해답")
        return self._cache["reference"]

    def blank_code(self) -> str:
        return self.blank if self.blank is not None else "\n".join(f"{n} = ____" for n in self.reads)

    def student_function(self, function: Callable, name: str) -> Callable:
        """학생 함수를 짧은 오류 설명·빈칸 판정이 붙은 함수로 감쌉니다(측정·규칙 함수에 넘길 때).

        시간 제한은 부르는 쪽이 ``student_time_limit``으로 블록 전체에 겁니다(호출마다 타이머를 만들지 않게).
        """
        def guarded(*args: Any, **kwargs: Any) -> Any:
            return call_student(function, args, kwargs, name=name)
        guarded.__name__ = name
        return guarded

    def wrap_answers(self, answers: dict[str, Any]) -> dict[str, Any]:
        """규칙 함수에 넘길 답: 부를 수 있는 답(학생 함수, 다른 이름으로 가져온 함수)은 감싸고, 값은 그대로."""
        return {name: self.student_function(value, name) if callable(value) and not inspect.isclass(value) else value
                for name, value in answers.items()}


def _different(replayed: Any, current: Any) -> str | None:
    """다시 실행한 값이 지금 답과 다른지(아주 작은 부동소수점 차이만 봐 줍니다)."""
    try:
        return mismatch(replayed, current, rtol=1e-6, atol=1e-8)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}"


def _near_answer(lesson_value: Any, answer: Any) -> str | None:
    """레슨 셀이 계산해 둔 값이 답과 거의 같은지(조금 더하거나 곱해 숨긴 복사도 같은 값으로 봅니다)."""
    try:
        return mismatch(lesson_value, answer, rtol=1e-2, atol=1e-3)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}"


__all__ = ["Case", "Problem", "MISSING", "Incorrect", "NotAttempted", "load_context", "run_code"]
