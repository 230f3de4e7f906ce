"""모든 레슨의 모든 연습 문제: 해답은 정답, 틀린 답은 오답, 빈칸은 '아직 풀지 않음'이어야 합니다.

은행 파일(bertlab/exercises/bank/lessonNN.py)을 더하면 이 테스트가 자동으로 그 문제들도 검사합니다.
각 답 코드는 새 namespace(빈칸 ``____`` + 문제의 setup() 맥락)에서 실행한 뒤 학생의 check()와 같은
``Problem.evaluate()``로 채점합니다.
"""

import os
import time

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bertlab.exercises.bank import available_lessons, load_problems  # noqa: E402


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
    assert problem.hints or problem.kind in ("quiz", "open"), "코드 문제에는 힌트가 하나 이상 있어야 합니다"


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
        assert problem.evaluate(problem.run_answer(problem.blank_code())).status == "not_attempted", problem.name
