"""강사용 일괄 채점: 학생 노트북을 새 커널에서 실행하고 같은 커널에서 채점해 CSV 성적표를 만듭니다.

명령: ``python -m bertlab grade 제출.ipynb… --out grades.csv [--hidden 폴더_또는_파일] [--timeout 초]
[--feedback-dir 폴더] [--lesson NN]``. cli.py는 ``add_grade_arguments(parser)``와 ``grade_main(args)``를 씁니다.

- ``execute``: 노트북 실행기(노트북 테스트도 같은 것을 씀)
- ``probe``: 채점 커널 안에서 문제를 채점하는 셀
- ``submission``: 제출 파일 읽기, 학생 ID와 레슨 번호 찾기
- ``gradebook``: 제출물 하나 → 성적표 한 줄, 피드백 글
- ``batch``: 명령 인자, CSV 쓰기
"""

from bertlab.exercises.grading.batch import add_grade_arguments, grade_main

__all__ = ["add_grade_arguments", "grade_main"]
