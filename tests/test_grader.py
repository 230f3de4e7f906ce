"""강사용 일괄 채점기: 어떤 제출물이든(예외, 무한 반복, 지우거나 순서를 바꾼 셀, 깨진 JSON, 다른 레슨)
한 줄을 남기고, 숨은 테스트 내용은 새지 않으며, 로컬 check()와 같은 결과를 냅니다.

작은 합성 은행(레슨 98)을 문서화된 훅 ``BERTLAB_EXTRA_BANKS``로 등록하고, tmp 폴더에 만든 작은
노트북들을 한 번에 채점한 결과를 여러 테스트가 나눠 봅니다.
"""

import argparse
import csv
import textwrap

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from bertlab.exercises.grading import add_grade_arguments, grade_main
from bertlab.exercises.render import SOLUTION_MIME
from bertlab.exercises.shuffle import QUIZ_MIME, display_order

BANK = '''
from bertlab.exercises import Case, Function, Quiz, Value
from bertlab.exercises.bank.families import PYTHON_ONLY

PROBLEMS = [
    Value(name="total", title="합계", reads="total", expected=10, solution="total = 10", wrong=["total = 9"],
          hints=["더하세요"], allows=PYTHON_ONLY.but_not("builtins.sum")),
    Function(name="square", title="제곱", reads="square", cases=[Case((3,), 9)], hints=["곱하세요"],
             solution="def square(n):\\n    return n * n", wrong=["def square(n):\\n    return 2 * n"],
             allows=PYTHON_ONLY.but_not("builtins.pow")),
    Quiz(name="pick", title="고르기", reads="pick", choices=["하나", "둘"], answer=2, feedback={1: "아닙니다"}),
]
'''

HIDDEN = '''
from bertlab.exercises import Case, HiddenTest

HIDDEN_TESTS = [
    HiddenTest(lesson="98", problem="square", cases=[Case((987654,),)], points=2),
    HiddenTest(lesson="98", problem="total", rule=lambda a, ctx: None if a["total"] == 10 else "SECRET_REASON_XYZ"),
]
'''

BIND = "from bertlab.exercises import lesson_exercises, ____\nq1, q2, q3 = lesson_exercises('98')"
TOTAL = "total = 4 + 6\nq1.check()"
SQUARE = "def square(n):\n    return n * n\nq2.check()"
# 학생이 본 퀴즈 보기 순서의 열쇠: 정답 "둘"(은행 2번)이 화면 1번에 보이는 순서를 고릅니다(번호가 뜻과 다르게).
KEY = next(f"학생{i}" for i in range(100) if display_order(f"학생{i}", "98", "pick", 2) == [2, 1])
PICK = "pick = 1\nq3.check()"  # 그 학생 화면의 1번 = "둘"

SUBMISSIONS = {
    "alice": [BIND, TOTAL, SQUARE, PICK],
    "hardcoder": [BIND, TOTAL, "def square(n):\n    return 9 if n == 3 else n\nq2.check()", PICK],
    "raiser": [BIND, TOTAL, "1 / 0", SQUARE, PICK],
    "looper": [BIND, TOTAL, "while True:\n    pass", SQUARE, PICK],
    "slowfunc": [BIND, TOTAL, "def square(n):\n    while True:\n        pass", PICK],
    "deleter": [TOTAL.replace("\nq1.check()", ""), PICK.replace("\nq3.check()", "")],
    "reorderer": [BIND, "total = a + b", "a, b = 4, 6", SQUARE, PICK],
    "blank": [BIND, "total = ____", "def square(n):\n    return ____", "pick = ____"],
    "delegator": [BIND, "total = sum([4, 6])\nq1.check()", "def square(n):\n    return pow(n, 2)\nq2.check()", PICK],
    "hider": [BIND, "four = sum([4])", "total = four + 6\nq1.check()", "square = pow", PICK],  # 앞 셀·별칭으로 숨김
    "peeker": [BIND, TOTAL, "q2.solution()", SQUARE, PICK],   # 해답을 보고 베낌
    "eraser": [BIND, TOTAL, SQUARE, PICK],                    # 해답 상자를 본 뒤 셀을 지웠지만 출력이 남음
    "cleared": [BIND, TOTAL, SQUARE, PICK],            # 출력을 지우고 제출: 보기 순서를 알 수 없음
    "texter": [BIND, TOTAL, SQUARE, "pick = '둘'\nq3.check()"],  # 보기 글로 답함(출력 없어도 됨)
}
WITHOUT_OUTPUTS = {"cleared", "texter"}


def _notebook(cells, lesson="98", key=KEY, solution_output=False):
    code_cells = [new_code_cell(c) for c in cells]
    if solution_output:  # 학생 커널이 해답 상자에 남긴 출력(셀 코드는 지웠어도 출력이 저장됨)
        code_cells[1].outputs = [new_output("display_data", data={SOLUTION_MIME: {"lesson": lesson, "problem": "square"},
                                                                  "text/plain": "해답"})]
    if key:  # 학생 커널이 퀴즈 카드·check()에 남긴 출력(저장된 노트북에 들어 있음)
        code_cells[-1].outputs = [new_output("display_data", data={QUIZ_MIME: {"lesson": lesson, "problem": "pick",
                                                                                  "key": key}, "text/plain": "q3"})]
    notebook = new_notebook(cells=[new_markdown_cell("# 레슨 98")] + code_cells)
    if lesson:
        notebook.metadata["bertlab"] = {"lesson": lesson}
    return notebook


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("grading")
    (root / "banks").mkdir()
    (root / "banks" / "lesson98.py").write_text(BANK, encoding="utf-8")
    (root / "hidden").mkdir()
    (root / "hidden" / "tests98.py").write_text(HIDDEN, encoding="utf-8")
    subs = root / "submissions"
    subs.mkdir()
    for student, cells in SUBMISSIONS.items():
        nbformat.write(_notebook(cells, key=None if student in WITHOUT_OUTPUTS else KEY,
                                 solution_output=student == "eraser"), subs / f"{student}.ipynb")
    nbformat.write(_notebook([BIND, TOTAL], lesson="97"), subs / "otherlesson.ipynb")
    nbformat.write(_notebook([BIND, TOTAL], lesson=None), subs / "nometa.ipynb")
    (subs / "brokenjson.ipynb").write_text('{"cells": [', encoding="utf-8")
    paths = sorted(str(p) for p in subs.iterdir())
    parser = argparse.ArgumentParser()
    add_grade_arguments(parser)
    args = parser.parse_args(paths + ["--out", str(root / "grades.csv"), "--hidden", str(root / "hidden"),
                                      "--timeout", "6", "--feedback-dir", str(root / "feedback"), "--lesson", "98"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BERTLAB_EXTRA_BANKS", str(root / "banks"))
        patch.setenv("BERTLAB_DATA_DIR", str(root / "data"))
        assert grade_main(args) == 0
    with open(root / "grades.csv", encoding="utf-8-sig", newline="") as stream:
        rows = {row["student"]: row for row in csv.DictReader(stream)}
    return root, rows, paths


def test_every_submission_gets_exactly_one_row(graded):
    _, rows, paths = graded
    assert len(rows) == len(paths) == len(SUBMISSIONS) + 3


def test_complete_submission_gets_full_marks(graded):
    row = graded[1]["alice"]
    assert row["status"] == "ok" and row["total"] == "6" and row["max_total"] == "6"
    assert [row[f"98:{n}"] for n in ("total", "square", "pick")] == ["correct"] * 3
    assert row["98:square:hidden"] == "1/1" and row["98:square:hidden_points"] == "2"


def test_raising_cell_does_not_stop_later_cells(graded):
    row = graded[1]["raiser"]
    assert row["status"] == "cell_errors" and row["cell_errors"] == "1" and "ZeroDivisionError" in row["message"]
    assert row["98:square"] == "correct" and row["98:pick"] == "correct"


def test_infinite_loop_times_out_but_earlier_answers_are_graded(graded):
    row = graded[1]["looper"]
    assert row["status"] == "timeout"
    assert row["98:total"] == "correct" and row["98:square"] == "not_attempted"


def test_hanging_student_function_is_cut_by_the_check_time_limit(graded):
    row = graded[1]["slowfunc"]
    assert row["status"] == "ok" and row["98:square"] == "incorrect" and row["98:pick"] == "correct"


def test_deleted_cells_still_grade_what_is_there(graded):
    row = graded[1]["deleter"]
    assert row["status"] == "ok" and row["98:total"] == "correct"
    assert row["98:square"] == "not_attempted" and row["98:pick"] == "correct"


def test_reordered_cells_are_run_in_file_order(graded):
    row = graded[1]["reorderer"]
    assert row["status"] == "cell_errors" and "NameError" in row["message"]
    assert row["98:total"] == "not_attempted" and row["98:square"] == "correct"


def test_blank_submission_is_not_attempted_everywhere(graded):
    row = graded[1]["blank"]
    assert row["status"] == "ok" and row["total"] == "0"
    assert {row[f"98:{n}"] for n in ("total", "square", "pick")} == {"not_attempted"}


def test_invalid_json_and_wrong_lesson_get_clear_statuses(graded):
    rows = graded[1]
    assert rows["brokenjson"]["status"] == "invalid_notebook" and rows["brokenjson"]["total"] == "0"
    assert rows["otherlesson"]["status"] == "wrong_lesson" and "97" in rows["otherlesson"]["message"]
    assert rows["nometa"]["status"] == "ok" and rows["nometa"]["98:total"] == "correct"  # 코드의 호출로 레슨을 찾음


def test_hidden_tests_count_but_never_leak(graded):
    root, rows, _ = graded
    row = rows["hardcoder"]
    assert row["98:square"] == "correct" and row["98:square:hidden"] == "0/1" and row["98:square:hidden_points"] == "0"
    feedback = (root / "feedback" / "hardcoder.txt").read_text(encoding="utf-8")
    assert "숨은 테스트: 1개 중 0개 통과" in feedback
    everything = feedback + (root / "grades.csv").read_text(encoding="utf-8-sig")
    for secret in ("987654", "SECRET_REASON_XYZ", "HiddenTest", "tests98"):
        assert secret not in everything


def test_feedback_files_are_korean_and_one_per_student(graded):
    root, rows, _ = graded
    files = sorted(p.stem for p in (root / "feedback").iterdir())
    assert files == sorted(rows)
    text = (root / "feedback" / "looper.txt").read_text(encoding="utf-8")
    assert "시간 제한" in text and "점수:" in text


def test_calls_outside_the_allow_list_are_refused_by_the_grader_too(graded):
    root, rows, _ = graded
    for student in ("delegator", "hider"):
        row = rows[student]
        assert row["98:total"] == "incorrect" and row["98:square"] == "incorrect" and row["98:pick"] == "correct"
        feedback = (root / "feedback" / f"{student}.txt").read_text(encoding="utf-8")
        assert "답이 `sum`을 불렀습니다" in feedback and "답이 `pow`를 불렀습니다" in feedback, feedback
        assert "직접 구현해 보세요" in feedback


def test_the_grade_sheet_records_which_solutions_were_viewed(graded):
    root, rows, _ = graded
    assert rows["peeker"]["98:square"] == "correct" and rows["peeker"]["solutions_viewed"] == "square"
    assert rows["eraser"]["solutions_viewed"] == "square", "저장된 출력의 해답 상자도 적습니다"
    assert rows["alice"]["solutions_viewed"] == ""
    assert "제곱 — 정답 (1/1점) · 해답을 봄" in (root / "feedback" / "peeker.txt").read_text(encoding="utf-8")


def test_quiz_numbers_are_graded_by_the_order_the_student_saw(graded):
    _, rows, _ = graded
    assert rows["alice"]["98:pick"] == "correct", "화면 1번(은행 2번 '둘')을 고른 답은 뜻으로 정답"
    assert rows["texter"]["98:pick"] == "correct", "보기 글로 적은 답은 출력이 없어도 채점됩니다"


def test_quiz_number_without_saved_outputs_is_ungradable_and_says_why(graded):
    root, rows, _ = graded
    assert rows["cleared"]["98:pick"] == "error" and rows["cleared"]["98:square"] == "correct"
    assert "보기 순서" in (root / "feedback" / "cleared.txt").read_text(encoding="utf-8")


def test_local_check_and_grader_agree_on_visible_tests(graded, monkeypatch, tmp_path):
    root, rows, _ = graded
    monkeypatch.setenv("BERTLAB_EXTRA_BANKS", str(root / "banks"))
    monkeypatch.setenv("BERTLAB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BERTLAB_QUIZ_KEY", KEY)  # 그 학생의 컴퓨터에서처럼
    from bertlab.exercises.bank import load_problems
    from bertlab.exercises.problems import run_code

    for student in ("alice", "hardcoder", "raiser", "deleter", "blank", "delegator"):
        namespace = {}
        for number, source in enumerate(SUBMISSIONS[student]):
            try:  # run_code는 값 답을 다시 실행해 추적할 수 있도록 셀 코드를 남깁니다(노트북의 실행 기록처럼)
                run_code(textwrap.dedent(source), namespace, f"셀 {number}")
            except Exception:  # noqa: BLE001  (노트북처럼 오류 난 셀은 넘어갑니다)
                pass
        local = [p.evaluate(namespace).status for p in load_problems("98")]
        graded_statuses = [rows[student][f"98:{n}"] for n in ("total", "square", "pick")]
        assert local == graded_statuses, student
