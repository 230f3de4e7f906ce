"""강사용 일괄 채점 명령: ``python -m bertlab grade 제출1.ipynb 제출2.ipynb … --out grades.csv``.

cli.py는 ``add_grade_arguments(parser)``로 인자를 등록하고 ``grade_main(args)``를 부릅니다.
제출물마다 새 커널에서 노트북을 실행한 뒤 같은 커널에서 채점하고, 한 줄씩 CSV에 씁니다(매 제출물
뒤에 파일 전체를 원자적으로 다시 쓰므로, 도중에 멈춰도 이미 채점한 줄은 남습니다).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from bertlab.exercises.grading.gradebook import GradeRow, feedback_text, grade_submission
from bertlab.exercises.grading.submission import normalize, read_submission, student_ids

FIXED_COLUMNS = ["student", "file", "lesson", "status", "message", "cell_errors", "seconds", "solutions_viewed"]


def add_grade_arguments(parser: Any) -> None:
    """``grade`` 하위 명령의 인자를 argparse 파서에 더합니다."""
    parser.add_argument("submissions", nargs="+", metavar="SUBMISSION.ipynb", help="채점할 학생 노트북들")
    parser.add_argument("--out", default="grades.csv", help="성적표 CSV 경로 (기본: grades.csv)")
    parser.add_argument("--hidden", default=None, metavar="DIR_OR_FILE",
                        help="숨은 테스트(HIDDEN_TESTS를 정의한 .py 파일 또는 그런 파일들이 든 폴더)")
    parser.add_argument("--timeout", type=float, default=300, metavar="SECONDS",
                        help="노트북 하나의 실행 시간 제한(초, 기본 300)")
    parser.add_argument("--feedback-dir", default=None, metavar="DIR", help="학생별 피드백 파일(.txt)을 쓸 폴더")
    parser.add_argument("--lesson", default=None, metavar="NN",
                        help="과제 레슨 번호. 주면 다른 레슨의 노트북은 wrong_lesson이 됩니다")
    parser.add_argument("--kernel", default="python3", help="실행할 주피터 커널 이름 (기본: python3)")


def _problem_columns(lessons: list[str], hidden: list) -> list[tuple[str, str, str]]:
    """(열 이름, 레슨, 문제 이름, 종류) 순서의 열 목록."""
    from bertlab.exercises.bank import load_problems

    columns = []
    for lesson in lessons:
        try:
            problems = load_problems(lesson)
        except Exception:  # noqa: BLE001
            continue
        for problem in problems:
            key = f"{lesson}:{problem.name}"
            columns += [(key, lesson, problem.name, "status"), (f"{key}:points", lesson, problem.name, "points")]
            if any(t.lesson == lesson and t.problem == problem.name for t in hidden):
                columns += [(f"{key}:hidden", lesson, problem.name, "hidden"),
                            (f"{key}:hidden_points", lesson, problem.name, "hidden_points")]
    return columns


def _cell(row: GradeRow, lesson: str, name: str, kind: str) -> str:
    if row.lesson != lesson:
        return ""
    result = next((r for r in row.results if r["name"] == name), None)
    if result is None:
        return ""
    hidden = result["hidden"]
    if kind == "status":
        return result["outcome"]["status"]
    if kind == "points":
        return f"{result['outcome']['points']:g}"
    if kind == "hidden":
        return f"{sum(h['passed'] for h in hidden)}/{len(hidden)}"
    return f"{sum(h['points'] for h in hidden if h['passed']):g}"


def max_total_for(row: GradeRow, hidden: list) -> float:
    from bertlab.exercises.bank import load_problems

    try:
        problems = load_problems(row.lesson) if row.lesson else []
    except Exception:  # noqa: BLE001
        problems = []
    return row.max_total(problems, hidden)


def render_csv(rows: list[GradeRow], hidden: list) -> str:
    lessons = sorted({r.lesson for r in rows if r.lesson})
    columns = _problem_columns(lessons, hidden)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIXED_COLUMNS + [c[0] for c in columns] + ["total", "max_total"])
    for row in rows:
        fixed = [row.student, row.file, row.lesson, row.status, row.message, row.cell_errors, f"{row.seconds:.1f}",
                 " ".join(row.solutions_viewed)]
        cells = [_cell(row, lesson, name, kind) for _, lesson, name, kind in columns]
        writer.writerow(fixed + cells + [f"{row.total:g}", f"{max_total_for(row, hidden):g}"])
    return buffer.getvalue()


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    with os.fdopen(handle, "w", encoding=encoding, newline="") as stream:
        stream.write(text)
    os.replace(temp, path)


def grade_main(args: Any) -> int:
    """일괄 채점을 실행합니다. cli.py의 ``grade`` 하위 명령이 부릅니다. 돌려주는 값은 종료 코드."""
    from bertlab.exercises.hidden import load_hidden_tests

    hidden_path = str(Path(args.hidden).resolve()) if getattr(args, "hidden", None) else None
    hidden = load_hidden_tests(hidden_path)
    expected = normalize(str(args.lesson)) if getattr(args, "lesson", None) else None
    paths = [Path(p) for p in args.submissions]
    out = Path(args.out)
    feedback_dir = Path(args.feedback_dir) if getattr(args, "feedback_dir", None) else None
    rows: list[GradeRow] = []
    for number, (path, student) in enumerate(zip(paths, student_ids(paths)), start=1):
        try:
            row = grade_submission(read_submission(path, student), expected_lesson=expected,
                                   hidden_path=hidden_path, hidden=hidden, timeout=float(args.timeout),
                                   kernel_name=getattr(args, "kernel", "python3"))
        except Exception as exc:  # noqa: BLE001  (어떤 제출물도 잃지 않습니다)
            row = GradeRow(student=student, file=str(path), status="grader_error",
                           message=f"{type(exc).__name__}: {exc}")
        rows.append(row)
        write_atomic(out, "\ufeff" + render_csv(rows, hidden))  # BOM: 엑셀에서 한글이 깨지지 않게
        maximum = max_total_for(row, hidden)
        if feedback_dir is not None:
            write_atomic(feedback_dir / f"{student.replace('/', '__')}.txt", feedback_text(row, maximum))
        print(f"[{number}/{len(paths)}] {student}: {row.status}, {row.total:g}/{maximum:g}점 ({row.seconds:.1f}초)")
    print(f"성적표를 {out}에 썼습니다({len(rows)}명).")
    return 0
