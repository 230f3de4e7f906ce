"""마지막 일괄 채점의 성적표(``python -m bertlab grade … --out 성적표.csv``)를 페이지에 보일 표로 바꿉니다.

성적표 CSV의 열(``grading.batch``): 고정 열(student, file, lesson, status, message, cell_errors, seconds), 문제마다
``NN:이름``(상태)과 ``NN:이름:points``, 숨은 테스트가 있으면 ``NN:이름:hidden``, 끝에 total·max_total.
페이지는 학생, 레슨, 실행 상태, 문제마다 상태(한국어), 숨은 테스트, 점수/만점만 보여 줍니다. 머리줄이 성적표가
아니면(다른 CSV) None입니다.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

from bertlab.course.classroom.classpage.catalog import Catalog

MAX_SHEET_BYTES = 20_000_000
PROBLEM_COLUMN = re.compile(r"^(\d{2}):(\w+)(:hidden)?$")
RUN_STATUS = {  # 성적표의 status 열(gradebook.STATUS_TEXT의 짧은 말)
    "ok": "정상", "cell_errors": "셀 오류", "timeout": "시간 초과", "kernel_died": "커널 멈춤",
    "kernel_failed": "커널 시작 실패", "probe_failed": "채점 셀 실패", "invalid_notebook": "깨진 노트북",
    "missing_file": "파일 없음", "wrong_lesson": "다른 레슨", "unknown_lesson": "레슨 모름", "grader_error": "채점기 오류",
}


def _problem_title(catalog: Catalog, lesson: str, name: str) -> str:
    found = next((e for e in catalog.exercises.get(lesson, []) if e.name == name), None)
    return f"{lesson} q{found.index} {found.title}" if found else f"{lesson} {name}"


def shown_columns(header: list[str], catalog: Catalog) -> list[tuple[int, str, str]]:
    """보일 열들: (CSV의 열 번호, 한국어 헤드말, 값의 종류)."""
    fixed = {"student": ("학생", "text"), "lesson": ("레슨", "text"), "status": ("실행", "run"),
             "total": ("점수", "text"), "max_total": ("만점", "text")}
    columns = []
    for number, name in enumerate(header):
        if name in fixed:
            columns.append((number, *fixed[name]))
            continue
        match = PROBLEM_COLUMN.match(name)
        if match:
            title = _problem_title(catalog, match.group(1), match.group(2))
            columns.append((number, f"{title} (숨은 테스트)" if match.group(3) else title,
                            "hidden" if match.group(3) else "outcome"))
    return columns


def _shown_value(value: str, kind: str) -> str:
    from bertlab.exercises.wording import STATUS_LABELS

    if kind == "outcome":
        return STATUS_LABELS.get(value, value)
    if kind == "run":
        return RUN_STATUS.get(value, value)
    return value


def parse_grade_sheet(text: str, catalog: Catalog) -> tuple[list[str], list[list[str]]] | None:
    """성적표 CSV 글 -> (한국어 머리줄, 줄들). 성적표가 아니면 None."""
    from bertlab.exercises.grading.batch import FIXED_COLUMNS

    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or rows[0][:len(FIXED_COLUMNS)] != FIXED_COLUMNS:
        return None
    columns = shown_columns(rows[0], catalog)
    body = [[_shown_value(row[n] if n < len(row) else "", kind) for n, _, kind in columns] for row in rows[1:] if row]
    return [title for _, title, _ in columns], body


def read_grade_sheet(path: Path | None, catalog: Catalog) -> dict | None:
    """파일 이름, 쓴 시각, 머리줄, 줄들. 파일이 없거나 크거나 성적표가 아니면 None."""
    if path is None:
        return None
    try:
        info = path.lstat()
        if info.st_size > MAX_SHEET_BYTES:
            return None
        parsed = parse_grade_sheet(path.read_text(encoding="utf-8-sig"), catalog)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if parsed is None:
        return None
    header, rows = parsed
    return {"file": path.name, "modified": datetime.fromtimestamp(info.st_mtime).isoformat(timespec="seconds"),
            "header": header, "rows": rows}
