"""``python -m bertlab progress``와 ``python -m bertlab grade``의 진입점(bertlab/cli.py가 부름).

- ``add_progress_arguments(parser)`` / ``progress_main(args)``: 레슨별 진도 표(``--json``이면 원본 JSON).
- ``add_grade_arguments(parser)`` / ``grade_main(args)``: 강사용 일괄 채점. 인자는
  ``SUBMISSION.ipynb... --out grades.csv [--hidden DIR_OR_FILE] [--timeout SECONDS] [--feedback-dir DIR]
  [--lesson NN] [--kernel NAME]``.

이 모듈은 가볍게 유지합니다(파서를 만들 때 불리므로 nbclient·torch는 실제로 채점할 때에만 불러옵니다).
"""

from bertlab.exercises.grading.batch import add_grade_arguments, grade_main
from bertlab.exercises.progress import add_progress_arguments, progress_main

__all__ = ["add_progress_arguments", "progress_main", "add_grade_arguments", "grade_main"]
