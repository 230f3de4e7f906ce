"""연습 문제 틀 자체의 약속: 호출한 곳의 변수 읽기, 빈칸은 '아직 풀지 않음', 텐서 모양·자료형·값 피드백,
학생 코드 오류는 짧은 한국어 설명과 그 줄, 무한 반복은 시간 제한, 단계별 힌트, 퀴즈 보기별 피드백."""

import re
import time

import pytest

from bertlab.exercises import (
    ____, Case, Custom, Function, Open, Quiz, Statistic, Tensor, Value, lesson_exercises, register_bank,
    unregister_bank,
)
from bertlab.exercises.compare import mismatch
from bertlab.errors import josa
from bertlab.exercises.order import order_warnings, stale_answer_warnings
from bertlab.exercises.render import CHECK_MIME

torch = pytest.importorskip("torch")
torch.set_num_threads(1)


def _ctx():
    return {"torch": torch, "x": torch.arange(10.0).reshape(2, 5)}


def _measure(sample, ctx):
    draws = [sample() for _ in range(2000)]
    return {"앞면 비율": sum(draws) / len(draws)}


PROBLEMS = [
    Value(name="answer", title="값 문제", reads="answer", expected=42, hints=["첫 힌트", "둘째 힌트", "셋째 힌트"],
          solution="answer = 42", wrong=["answer = 41"]),
    Function(name="double", title="두 배", reads="double", cases=[Case((2,), 4), Case((0,), 0, note="0일 때")],
             random_inputs=lambda rng, ctx: (rng.randint(-50, 50),), solution="def double(n):\n    return 2 * n",
             wrong=["def double(n):\n    return n + 2"], hints=["곱하세요"]),
    Tensor(name="transpose", title="전치", reads="x_t", setup=_ctx, expected=lambda ctx: ctx["x"].T,
           solution="x_t = x.T", wrong=["x_t = x"], hints=["x.T"]),
    Quiz(name="quiz", title="퀴즈", reads="choice", choices=["가", "나", "다"], answer=2,
         feedback={1: "가는 아닙니다: 첫째 이유", 3: "다는 아닙니다: 셋째 이유"}, explanation="나가 맞습니다."),
    Open(name="thought", title="생각해 보기", reads="thought", model_answer="모범 답안입니다. 충분히 길게 씁니다."),
    Statistic(name="coin", title="동전", reads="flip", measure=_measure, targets={"앞면 비율": (0.3, 0.05)},
              solution="import random\ndef flip():\n    return random.random() < 0.3",
              wrong=["import random\ndef flip():\n    return random.random() < 0.5"], hints=["random.random()"]),
    Custom(name="even", title="짝수", reads="even", rule=lambda a, ctx: None if a["even"] % 2 == 0 else "홀수입니다",
           solution="even = 4", wrong=["even = 3"], hints=["2로 나눠 보세요"]),
]


@pytest.fixture(autouse=True)
def _bank(tmp_path, monkeypatch):
    monkeypatch.setenv("BERTLAB_DATA_DIR", str(tmp_path))
    register_bank("t1", PROBLEMS)
    yield
    unregister_bank("t1")


def _outcome(index, **answers):
    return PROBLEMS[index].evaluate(answers)


def test_check_reads_answers_from_the_callers_frame(capsys):
    q1, *_ = lesson_exercises("t1")
    q1.check()
    assert "아직 풀지 않음" in capsys.readouterr().out
    answer = 42  # noqa: F841  (check()가 이 지역 변수를 읽습니다)
    q1.check()
    assert "[정답]" in capsys.readouterr().out


def test_lesson_exercises_unpacks_in_bank_order():
    exercises = lesson_exercises("t1")
    assert [e.problem.name for e in exercises] == [p.name for p in PROBLEMS]
    assert exercises[0].index == 1 and exercises.by_name("quiz").index == 4


@pytest.mark.parametrize("answers", [
    {}, {"double": ____}, {"double": lambda n: ____}, {"double": lambda n: (_ for _ in ()).throw(NotImplementedError)},
    {"double": [____, 1]},
])
def test_placeholders_mean_not_attempted(answers):
    outcome = _outcome(1, **answers)
    assert outcome.status == "not_attempted"
    assert outcome.points == 0


def test_blank_survives_scaffold_expressions_without_errors():
    assert (____ * 2 + 1) is ____ and ____(3)[0].shape is ____ and not ____


def test_tensor_feedback_names_shape_then_dtype_then_values():
    x = torch.arange(10.0).reshape(2, 5)
    assert _outcome(2, x_t=x).message == "`x_t`의 모양이 (5, 2)여야 하는데 (2, 5)입니다."  # 모양은 문제에 나옴
    assert "자료형(dtype)이 torch.float32여야 하는데 torch.int64" in _outcome(2, x_t=x.T.long()).message
    off = x.T.clone()
    off[1, 0] += 1
    message = _outcome(2, x_t=off).message
    assert "값이 1곳에서 다릅니다" in message and "(1, 0)" in message
    assert _outcome(2, x_t=x.T.numpy()).status == "incorrect"
    assert _outcome(2, x_t=x.T + 1e-7).status == "correct"


def test_compare_explains_lists_dicts_and_numbers():
    assert mismatch([1, 2], [1, 2, 3]) == "길이가 2인데, 답보다 짧습니다(빠진 원소가 있습니다)."
    assert "['ids'][1]" in mismatch({"ids": [1, 2]}, {"ids": [1, 3]})
    assert mismatch(0.1 + 0.2, 0.3) is None
    assert "숫자여야" in mismatch("3", 3)


@pytest.mark.parametrize("actual, expected, says", [
    (1, 23_837_184, "100배 넘게 작습니다"),
    (23_835_648, 23_837_184, "아주 조금(1% 안쪽) 작습니다"),
    (85_054_464, 7_087_872, "답보다 몇 배 큽니다"),
    (0.61, 0.5123, "10% 넘게 큽니다"),
    (0.61, 0.5, "0.61인데, 답보다 큽니다."),          # 간단한 분수 답: 크기의 띠도 말하지 않음
    (1, 4, "1인데, 답보다 작습니다."),                 # 번호 답: "약 1/4"이라고 하면 답이 4임을 압니다
    ([2, 1], [2, 4], "`answer`[1]의 값이 1인데, 답보다 작습니다."),
    (2.0, 2 / 3, "2인데, 답보다 큽니다."),             # 정확도 2/3: "약 3배"라고 하지 않음
    (0, 7, "값이 0인데, 답은 0이 아닙니다."),
    (-0.0, 0.3, "값이 0인데, 답은 0이 아닙니다."),
    (-0.7, 0.75, "부호가 다릅니다"),
    ([101, 1045, 2293, 3000, 102], [101, 1045, 2293, 3000, 102, 0, 0], "짧습니다"),
    ("broad", "diagonal", "답이 아닙니다"),
    ("Paris", "paris", "대소문자만"),
    ({1, 7}, {1, 2, 3}, "빠진 원소가 2개"),
    (False, True, "답이 아닙니다"),
])
def test_wrong_value_feedback_says_what_is_wrong_without_the_expected_value(actual, expected, says):
    message = mismatch(actual, expected, path="`answer`")
    assert says in message and "0인데, 0인데" not in message and not re.search(r"-0(?![.\d])", message)
    assert not re.search(r"약\s*[\d.]+\s*배|1/\d", message), message
    shown = {repr(expected), str(expected), f"{expected:,}" if isinstance(expected, int) else str(expected)}
    assert not any(text in message for text in shown if len(text) > 1), message


def test_array_feedback_names_the_place_and_a_whole_array_factor_but_not_the_expected_values():
    expected = torch.tensor([[0.25, 0.75], [0.6, 0.4]])
    message = mismatch(expected * 2, expected)
    assert "같은 비율로 크게" in message and "0.75" not in message and "0.25" not in message
    assert "배" not in message, "비율의 수를 말하면 답을 거꾸로 계산할 수 있습니다"
    assert "뒤바뀐" in mismatch(expected.T.contiguous(), expected)


def test_student_exception_gives_short_korean_message_and_their_line():
    namespace = {}
    exec(compile("def double(n):\n    items = [n]\n    return items[5] * 2\n", "<학생 셀>", "exec"), namespace)
    import linecache

    linecache.cache["<학생 셀>"] = (0, None, ["def double(n):\n", "    items = [n]\n", "    return items[5] * 2\n"], "<학생 셀>")
    outcome = _outcome(1, double=namespace["double"])
    assert outcome.status == "incorrect"
    assert "범위를 벗어난" in outcome.message
    text = " ".join(outcome.details)
    assert "3번째 줄" in text and "return items[5] * 2" in text
    assert "Traceback" not in text and len(text) < 300


def test_infinite_loop_is_stopped_by_the_time_limit():
    def double(n):
        while True:
            pass

    started = time.monotonic()
    outcome = _outcome(1, double=double)
    assert time.monotonic() - started < PROBLEMS[1].time_limit + 1.5
    assert outcome.status == "incorrect" and "시간 제한" in outcome.message


def test_function_returning_none_gets_a_return_hint():
    assert "return" in _outcome(1, double=lambda n: None).message


def test_hints_are_stepped(capsys):
    q1, *_ = lesson_exercises("t1")
    q1.hint()
    first = capsys.readouterr().out
    assert "힌트 1/3" in first and "첫 힌트" in first and ".hint(2)" in first
    q1.hint(3)
    last = capsys.readouterr().out
    assert "셋째 힌트" in last and ".solution()" in last
    q1.hint(9)
    assert "1번부터 3번까지" in capsys.readouterr().out


def _shown(quiz, number):
    """은행 번호 → 지금 학생 화면의 번호."""
    return quiz.order().index(number) + 1


def test_quiz_gives_feedback_for_each_wrong_choice():
    quiz = PROBLEMS[3]
    assert _outcome(3, choice=_shown(quiz, 1)).message == f"{_shown(quiz, 1)}번: 가는 아닙니다: 첫째 이유"
    assert "셋째 이유" in _outcome(3, choice=_shown(quiz, 3)).message
    assert _outcome(3, choice=_shown(quiz, 2)).status == "correct"
    assert _outcome(3, choice=f"{_shown(quiz, 2)}번").status == "correct"
    assert "1부터 3까지" in _outcome(3, choice=7).message


@pytest.mark.parametrize("answer", ["나", " `나` ", "\"나\"", "NA"])
def test_quiz_accepts_the_choice_text_as_shown(answer):
    quiz = Quiz(name="text", title="글", reads="pick", choices=["가", "나", "NA"], answer=2, hints=["힌트"])
    expected = "incorrect" if answer == "NA" else "correct"
    assert quiz.evaluate({"pick": answer}).status == expected
    assert quiz.evaluate({"pick": f"{_shown(quiz, 1)}. 나"}).status == "correct", "번호와 글이 다르면 글(뜻)을 믿습니다"


def test_quiz_order_is_stable_per_student_and_differs_between_students(monkeypatch, tmp_path):
    quiz = Quiz(name="order", title="순서", reads="pick", choices=list("가나다라마"), answer=1, hints=["힌트"])
    first = quiz.order()
    assert quiz.order() == first, "같은 진도 파일(같은 학생)이면 같은 순서"
    orders = set()
    for student in range(6):
        monkeypatch.setenv("BERTLAB_DATA_DIR", str(tmp_path / f"student{student}"))
        orders.add(tuple(quiz.order()))
    assert len(orders) > 1 and all(sorted(o) == [1, 2, 3, 4, 5] for o in orders)
    monkeypatch.setenv("BERTLAB_QUIZ_KEY", "수업 전체")
    assert quiz.order() == quiz.order() and quiz.order_data()["key"] == "수업 전체"


def test_quiz_card_carries_the_order_key_and_shows_the_shuffled_choices():
    from bertlab.exercises.shuffle import QUIZ_MIME, quiz_key

    *_, q4, _, _, _ = lesson_exercises("t1")
    assert q4._repr_mimebundle_()[QUIZ_MIME] == {"lesson": "t1", "problem": "quiz", "key": quiz_key()}
    assert [line.strip()[3:] for line in repr(q4).splitlines() if line.strip()[:2] in ("1.", "2.", "3.")] == \
        q4.problem.shown_choices()


def test_quiz_number_answer_is_ungradable_when_the_grader_does_not_know_the_order(monkeypatch):
    monkeypatch.setenv("BERTLAB_GRADING", "1")
    monkeypatch.delenv("BERTLAB_QUIZ_KEY", raising=False)
    outcome = _outcome(3, choice=2)
    assert outcome.status == "error" and "순서" in outcome.message
    assert _outcome(3, choice="나").status == "correct"


def test_open_question_shows_model_answer_once_written():
    done = _outcome(4, thought="어텐션은 모든 단어 쌍을 한꺼번에 봅니다.")
    assert done.status == "correct" and done.label == "작성 완료" and "모범 답안" in done.extra
    assert _outcome(4, thought="몰라").status == "incorrect"


def test_statistical_check_is_seeded_and_uses_tolerance():
    import random

    first = _outcome(5, flip=lambda: random.random() < 0.3)
    second = _outcome(5, flip=lambda: random.random() < 0.3)
    assert first.status == "correct" and first.message == second.message
    assert _outcome(5, flip=lambda: random.random() < 0.5).status == "incorrect"


def test_custom_rule_reason_reaches_the_student():
    assert _outcome(6, even=3).message == "홀수입니다"


def test_rich_output_is_korean_and_machine_readable():
    from bertlab.exercises.render import outcome_feedback

    bundle = outcome_feedback(_outcome(0, answer=41), "문제 1 · 값 문제", {"status": "incorrect"})._repr_mimebundle_()
    assert "오답" in bundle["text/html"] and "오답" in bundle["text/plain"]
    for english in ("Correct", "Incorrect", "Hint", "Solution", "Not attempted"):
        assert english not in bundle["text/html"]
    assert bundle[CHECK_MIME] == {"status": "incorrect"}


def test_solution_shows_reference_code(capsys):
    _, q2, *_ = lesson_exercises("t1")
    q2.solution()
    assert "return 2 * n" in capsys.readouterr().out


def test_out_of_order_warning_when_dependency_was_rerun_after_answer():
    history = ["", "x = 1", "y = x + 1", "x = 5", "q1.check()"]
    warnings = stale_answer_warnings(("y",), history, {"x": 5, "y": 2})
    assert len(warnings) == 1 and "실행 [2]" in warnings[0] and "실행 [3]" in warnings[0]
    in_order = ["", "x = 1", "x = 5", "y = x + 1", "q1.check()"]
    assert stale_answer_warnings(("y",), in_order, {"x": 5, "y": 6}) == []


def test_function_locals_do_not_trigger_order_warning():
    history = ["", "def f(s):\n    tokens = s.split()\n    return len(tokens)", "tokens = ['a']"]
    assert stale_answer_warnings(("f",), history, {"f": len, "tokens": ["a"]}) == []


def test_out_of_order_warning_appears_in_an_ipython_session(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        for code in ["x = 1", "answer = x * 42", "x = 5",
                     "from bertlab.exercises import lesson_exercises\nq1 = lesson_exercises('t1')[0]\nq1.check()"]:
            shell.run_cell(code, store_history=True)
    finally:
        InteractiveShell.clear_instance()
    out = capsys.readouterr().out
    assert "[정답]" in out and "실행 순서 주의" in out


def test_order_warning_is_a_no_op_outside_ipython():
    assert order_warnings(("y",), {"y": 1}) == []


def test_korean_particles_follow_the_final_consonant():
    assert josa("모양", "이/가") == "모양이" and josa("(2, 5)", "이어야/여야") == "(2, 5)여야"
    assert josa("학교", "으로/로") == "학교로" and josa("서울", "으로/로") == "서울로"


def test_time_limit_also_covers_statistics_and_custom_rules():
    def flip():
        while True:
            pass

    outcome = _outcome(5, flip=flip)
    assert outcome.status == "incorrect" and "시간 제한" in outcome.message


def test_failing_setup_is_reported_as_not_the_students_fault():
    def broken_setup():
        raise RuntimeError("모델 파일 없음")

    problem = Value(name="v", title="값", reads="v", expected=1, setup=broken_setup, solution="v = 1", wrong=["v = 2"])
    outcome = problem.evaluate({"v": 1})
    assert outcome.status == "error" and "학생 탓이 아닙니다" in outcome.message


def test_importing_the_exercises_package_does_not_import_torch():
    import subprocess
    import sys

    code = "import sys, bertlab.exercises, bertlab.exercises.cli; assert 'torch' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_rebinding_exercises_or_reimporting_does_not_warn():
    from bertlab.exercises import lesson_exercises as bind

    history = ["", "import math\nq1, *rest = bind('t1')", "answer = math.floor(42.5) if q1 else 0",
               "import math\nq1, *rest = bind('t1')"]
    namespace = {"math": __import__("math"), "q1": bind("t1")[0], "bind": bind, "answer": 42}
    assert stale_answer_warnings(("answer",), history, namespace) == []


def test_answer_of_the_wrong_shape_is_incorrect_not_a_crash():
    def measure(split, ctx):
        masked, chosen = split()  # 학생 함수는 두 값을 돌려줘야 합니다
        return {"비율": chosen}

    problem = Statistic(name="pair", title="두 값", reads="split", measure=measure, targets={"비율": (0.5, 0.1)},
                        solution="def split():\n    return 1, 0.5", wrong=["def split():\n    return 0.5"])
    outcome = problem.evaluate({"split": lambda: 0.5})
    assert outcome.status == "incorrect" and "형태" in " ".join(outcome.details)
