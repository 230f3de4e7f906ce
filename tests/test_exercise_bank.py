"""모든 레슨의 모든 연습 문제: 해답은 정답, 틀린 답은 오답, 빈칸은 '아직 풀지 않음', 강의의 참고 구현이나
라이브러리에 맡긴 답(delegating)은 무엇을 불렀는지 말하는 "직접 구현해 보세요" 오답이어야 합니다. 퀴즈는
학생마다 섞인 순서에서도 뜻으로 채점되어야 합니다.

은행 파일(bertlab/exercises/bank/lessonNN.py)을 더하면 이 테스트가 자동으로 그 문제들도 검사합니다. 테스트
코드를 고칠 필요 없이, 문제마다 ``solution``, ``wrong``, ``blank``, ``allows``, ``delegating``을 적으면 됩니다.
각 답 코드는 새 namespace(빈칸 ``____`` + 문제의 setup() 맥락)에서 실행한 뒤 학생의 check()와 같은
``Problem.evaluate()``로 채점합니다.
"""

import copy
import os
import time
from collections import Counter

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bertlab.exercises.allowed import Allow  # noqa: E402
from bertlab.exercises.bank import available_lessons, load_problems  # noqa: E402
from bertlab.exercises.shuffle import KEY_ENV  # noqa: E402
from bertlab.exercises.wording import short_repr  # noqa: E402


def _all_problems():
    saved = os.environ.pop("BERTLAB_EXTRA_BANKS", None)  # 내장 은행만
    try:
        for lesson in available_lessons():
            for problem in load_problems(lesson):
                yield pytest.param(problem, id=f"lesson{lesson}-{problem.name}")
    finally:
        if saved is not None:
            os.environ["BERTLAB_EXTRA_BANKS"] = saved


PROBLEMS = list(_all_problems())
CODE_PROBLEMS = [p for p in PROBLEMS if p.values[0].kind not in ("quiz", "open")]
QUIZZES = [p for p in PROBLEMS if p.values[0].kind == "quiz"]
DELEGATING = [pytest.param(p.values[0], code, id=f"{p.id}-{i}") for p in CODE_PROBLEMS
              for i, code in enumerate(p.values[0].delegating, start=1)]
REFUSAL_SAYS = "직접 구현해 보세요"
STUDENT_KEYS = ["학생-가", "학생-나", "학생-다", "학생-라"]


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BERTLAB_DATA_DIR", str(tmp_path))


def _describe(outcome):
    return f"{outcome.status}: {outcome.message} {outcome.details}"


@pytest.mark.parametrize("problem", PROBLEMS)
def test_reference_solution_is_marked_correct(problem):
    outcome = problem.evaluate(problem.run_answer(problem.solution, "해답"))
    assert outcome.status == "correct", _describe(outcome)
    assert outcome.points == problem.points


@pytest.mark.parametrize("problem", PROBLEMS)
def test_every_wrong_answer_is_marked_incorrect(problem):
    assert problem.wrong, "틀린 답 코드가 하나 이상 있어야 합니다"
    for code in problem.wrong:
        outcome = problem.evaluate(problem.run_answer(code, "틀린 답"))
        assert outcome.status == "incorrect", f"{code!r} → {_describe(outcome)}"
        assert outcome.points == 0
        assert outcome.message.strip()
        assert REFUSAL_SAYS not in outcome.message, "틀린 답은 허용된 부품으로 계산이 틀려서 오답이어야 합니다"


@pytest.mark.parametrize("problem", CODE_PROBLEMS)
def test_code_problem_declares_what_it_allows_and_a_delegating_answer(problem):
    assert isinstance(problem.allows, Allow), ("allows를 선언하세요: 이 문제가 가르친 부품(bank/families.py의 문제 종류) — "
                                              "그 밖의 것은 모두 막힙니다")
    assert problem.allows.description(), "학생에게 '쓸 수 있는 것'으로 보일 설명(says)이 있어야 합니다"
    assert problem.lesson == "00" or problem.delegating, "강의 함수나 라이브러리에 맡겨 푸는 답(delegating)이 필요합니다"


@pytest.mark.parametrize("problem, code", DELEGATING)
def test_delegating_answer_is_refused_but_would_pass_without_tracing(problem, code):
    outcome = problem.evaluate(problem.run_answer(code, "맡긴 답"))
    assert outcome.status == "incorrect", _describe(outcome)
    assert REFUSAL_SAYS in outcome.message and "불렀습니다" in outcome.message, outcome.message
    assert any("쓸 수 있는 것" in d for d in outcome.details), outcome.details
    untraced = copy.copy(problem)  # 같은 기대값(_cache)을 쓰되 허용 목록만 없앤 문제
    untraced.allows, untraced._cache = None, dict(problem._cache)
    assert untraced.evaluate(problem.run_answer(code, "맡긴 답")).status == "correct", \
        "맡긴 답은 추적하지 않으면 정답이어야 합니다(그래야 허용 목록 때문에 막힌 것이 확인됩니다)"


@pytest.mark.parametrize("problem", [p for p in CODE_PROBLEMS if p.values[0].kind in ("value", "tensor")])
def test_wrong_value_feedback_does_not_show_the_expected_value(problem):
    expected = problem.expected_values(problem.context())
    shown = [short_repr(value) for value in expected.values()]
    shown += [f"{value:,}" for value in expected.values() if isinstance(value, int)]
    for code in problem.wrong:
        outcome = problem.evaluate(problem.run_answer(code, "틀린 답"))
        leaked = [text for text in shown if len(text) > 2 and text in outcome.message + " ".join(outcome.details)]
        assert not leaked, f"{outcome.message} ← 기대값 {leaked}"


@pytest.mark.parametrize("problem", PROBLEMS)
def test_blank_answer_is_not_attempted_not_a_failure(problem):
    outcome = problem.evaluate(problem.run_answer(problem.blank_code(), "빈칸"))
    assert outcome.status == "not_attempted", _describe(outcome)


@pytest.mark.parametrize("problem", PROBLEMS)
def test_undefined_answer_is_not_attempted(problem):
    outcome = problem.evaluate(problem.fresh_namespace())
    assert outcome.status == "not_attempted", _describe(outcome)


@pytest.mark.parametrize("problem", PROBLEMS)
def test_check_of_reference_solution_runs_within_two_seconds(problem):
    namespace = problem.run_answer(problem.solution, "해답")
    problem.evaluate(namespace)  # 맥락·기대값 준비(모델 불러오기 등)는 첫 번에 한 번만
    started = time.perf_counter()
    problem.evaluate(namespace)
    elapsed = time.perf_counter() - started
    # 목표는 2초. 여러 사람이 같이 쓰는 CPU 두 개에서도 흔들리지 않게 두 배까지 봐 줍니다.
    assert elapsed < 2 * max(problem.time_limit, 2.0), f"{elapsed:.2f}초"


@pytest.mark.parametrize("problem", PROBLEMS)
def test_problem_texts_are_korean_and_hints_exist(problem):
    assert any("가" <= ch <= "힣" for ch in problem.title + problem.prompt), "제목·설명은 한국어로"
    assert problem.hints or problem.kind == "open", "코드 문제와 퀴즈에는 힌트가 하나 이상 있어야 합니다"


@pytest.mark.parametrize("problem", QUIZZES)
def test_quiz_is_graded_by_meaning_in_every_students_order(problem, monkeypatch):
    orders = set()
    for key in STUDENT_KEYS:
        monkeypatch.setenv(KEY_ENV, key)
        order = problem.order()
        assert order == problem.order(), "같은 학생은 다시 실행해도 같은 순서여야 합니다"
        orders.add(tuple(order))
        correct = problem.correct_set()
        for shown, number in enumerate(order, start=1):
            status = problem.evaluate({problem.reads[0]: shown}).status
            assert status == ("correct" if {number} == correct else "incorrect"), (key, shown, number)
        texts = [problem.choices[n - 1] for n in sorted(correct)]
        answer = texts[0] if isinstance(problem.answer, int) else set(texts)
        assert problem.evaluate({problem.reads[0]: answer}).status == "correct", "보기 글로 답해도 됩니다"
    assert len(orders) > 1, "학생마다 순서가 달라야 합니다"


def test_quiz_answers_are_spread_over_the_choice_positions():
    positions = Counter(q.values[0].answer for q in QUIZZES if isinstance(q.values[0].answer, int))
    total = sum(positions.values())
    assert set(positions) >= {1, 2, 3, 4}, positions
    assert max(positions.values()) <= 0.35 * total, positions


def test_bank_format_example_in_the_docstring_works():
    """문서의 은행 예시가 실제로 돌아가야 다른 레슨 작성자가 믿고 베낄 수 있습니다."""
    import textwrap

    import bertlab.exercises.bank as bank

    doc = bank.__doc__
    start = doc.index("::\n", doc.index("예시 (")) + 3
    block = doc[start: doc.index("그 밖의 종류")]
    namespace = {}
    exec(textwrap.dedent(block), namespace)  # noqa: S102
    problems = namespace["PROBLEMS"]
    bank.validate_bank("example", problems)
    for problem in problems:
        assert problem.evaluate(problem.run_answer(problem.solution)).status == "correct", problem.name
        for code in problem.wrong:
            assert problem.evaluate(problem.run_answer(code)).status == "incorrect", problem.name
        for code in problem.delegating:
            assert REFUSAL_SAYS in problem.evaluate(problem.run_answer(code)).message, problem.name
        assert problem.evaluate(problem.run_answer(problem.blank_code())).status == "not_attempted", problem.name
    assert any(problem.delegating for problem in problems), "예시에 허용 목록과 맡긴 답이 있어야 합니다"
