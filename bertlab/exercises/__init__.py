"""bertlab의 하나뿐인 연습 문제 틀: 채점(check), 단계별 힌트(hint), 해답(solution), 진도, 일괄 채점.
모든 레슨에서 사용합니다.

노트북에서::

    from bertlab.exercises import lesson_exercises, ____
    q1, q2, q3 = lesson_exercises("05")

    def count_tokens(sentence):
        return ____          # 빈칸: 채점하면 "아직 풀지 않음"

    q1.check()      # 정답 / 오답 / 아직 풀지 않음
    q1.hint()       # 힌트 1, q1.hint(2)는 힌트 2
    q1.solution()   # 해답 코드와 설명

문제 은행 쓰는 법은 ``bertlab.exercises.bank`` 패키지 docstring에, 강사용 일괄 채점은
``bertlab.exercises.grading``에 있습니다. 이 패키지는 torch를 불러오지 않습니다.
"""

from bertlab.exercises.binding import Exercise, ExerciseSet, lesson_exercises
from bertlab.exercises.bank import available_lessons, load_problems, register_bank, unregister_bank
from bertlab.exercises.hidden import HiddenTest
from bertlab.exercises.kinds import Custom, Function, Statistic, Tensor, Value
from bertlab.exercises.outcome import Incorrect, NotAttempted, Outcome
from bertlab.exercises.placeholders import ____, Blank, contains_blank, is_blank
from bertlab.exercises.problems import Case, Problem
from bertlab.exercises.quiz import Open, Quiz

__all__ = [
    "lesson_exercises", "Exercise", "ExerciseSet", "____", "Blank", "is_blank", "contains_blank",
    "Problem", "Case", "Value", "Tensor", "Function", "Statistic", "Custom", "Quiz", "Open",
    "HiddenTest", "Outcome", "Incorrect", "NotAttempted",
    "register_bank", "unregister_bank", "load_problems", "available_lessons",
]
