"""제출물 하나 읽기: 노트북 파일을 열고, 학생 ID와 레슨 번호를 알아냅니다. 일괄 채점기에서 사용합니다.

레슨 번호는 다음 순서로 찾습니다.
1. 노트북 메타데이터 ``metadata.bertlab.lesson`` (``python -m bertlab build``가 넣음)
2. 코드 셀의 ``lesson_exercises("NN")`` 호출, 그다음 ``bertlab.start("NN")`` 호출
3. 파일 이름의 두 자리 숫자(예: ``05_self_attention_kim.ipynb``)

퀴즈 보기 순서의 열쇠(``quiz_key``)는 제출 노트북의 저장된 출력(퀴즈 카드, ``check()`` 결과)에서 찾습니다.
학생이 본 순서를 채점 커널에서 다시 만들어 번호 답을 뜻으로 채점하기 위해서입니다(``shuffle.py``). 저장된 출력에
남은 해답 상자(``q.solution()``)도 찾아 성적표에 '해답을 봄'으로 적습니다(``solutions_viewed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bertlab.exercises.grading.execute import outputs_with_mime
from bertlab.exercises.render import SOLUTION_MIME
from bertlab.exercises.shuffle import QUIZ_MIME

_CALL_PATTERNS = [
    re.compile(r"lesson_exercises\(\s*['\"]?(\w+?)['\"]?\s*\)"),
    re.compile(r"bertlab\.start\(\s*['\"](\w+)['\"]"),
]
_FILE_PATTERN = re.compile(r"(?<![0-9])([0-9]{2})(?![0-9])")


@dataclass
class Submission:
    path: Path
    student: str
    notebook: Any = None
    problem: str = ""  # 읽지 못한 이유(있으면 상태 invalid_notebook/missing_file)
    status: str = ""
    lesson: str = ""
    lesson_source: str = ""  # metadata / source / filename
    quiz_key: str = ""  # 학생이 본 퀴즈 보기 순서의 열쇠(출력에 없으면 "")
    solutions_viewed: tuple = ()  # 저장된 출력에 해답 상자가 남은 (레슨, 문제 이름)들


def normalize(lesson: str) -> str:
    return lesson.zfill(2) if lesson.isdigit() else lesson


def detect_lesson(notebook: Any, path: Path) -> tuple[str, str]:
    """(레슨 번호, 어디서 찾았는지). 못 찾으면 ("", "")."""
    meta = (notebook.get("metadata") or {}).get("bertlab") or {}
    if isinstance(meta, dict) and str(meta.get("lesson", "")).strip():
        return normalize(str(meta["lesson"]).strip()), "metadata"
    sources = [str(c.get("source", "")) for c in notebook.get("cells", []) if c.get("cell_type") == "code"]
    for pattern in _CALL_PATTERNS:
        for source in sources:
            match = pattern.search(source)
            if match:
                return normalize(match.group(1)), "source"
    match = _FILE_PATTERN.search(path.stem)
    if match:
        return match.group(1), "filename"
    return "", ""


def quiz_key_in(notebook: Any) -> str:
    """저장된 출력에 남은 퀴즈 보기 순서의 열쇠(여럿이면 마지막 것). 없으면 ""."""
    keys = [data.get("key") for cell in notebook.get("cells", []) if cell.get("cell_type") == "code"
            for data in outputs_with_mime(cell.get("outputs") or [], QUIZ_MIME) if isinstance(data, dict)]
    keys = [key for key in keys if isinstance(key, str) and key.strip()]
    return keys[-1] if keys else ""


def solutions_in(notebook: Any) -> tuple:
    """저장된 출력에 남은 해답 상자의 (레슨, 문제 이름)들."""
    found = {(str(data.get("lesson", "")), str(data.get("problem", "")))
             for cell in notebook.get("cells", []) if cell.get("cell_type") == "code"
             for data in outputs_with_mime(cell.get("outputs") or [], SOLUTION_MIME) if isinstance(data, dict)}
    return tuple(sorted(found))


def student_ids(paths: list[Path]) -> list[str]:
    """파일 이름(확장자 제외)이 학생 ID. 이름이 겹치면 폴더 이름을 붙여 구분합니다."""
    stems = [p.stem for p in paths]
    ids = []
    for path, stem in zip(paths, stems):
        ids.append(f"{path.parent.name}/{stem}" if stems.count(stem) > 1 else stem)
    seen: dict[str, int] = {}
    unique = []
    for student in ids:
        seen[student] = seen.get(student, 0) + 1
        unique.append(student if seen[student] == 1 else f"{student}#{seen[student]}")
    return unique


def read_submission(path: Path, student: str) -> Submission:
    """노트북을 읽습니다. JSON이 아니거나 노트북이 아니면 status에 이유를 남깁니다(예외를 던지지 않음)."""
    import nbformat

    submission = Submission(path=path, student=student)
    if not path.is_file():
        submission.status, submission.problem = "missing_file", "파일이 없습니다."
        return submission
    try:
        notebook = nbformat.read(str(path), as_version=4)
        if not isinstance(notebook.get("cells"), list):
            raise ValueError("cells 목록이 없습니다")
        for cell in notebook.cells:
            if not isinstance(cell, dict) or "cell_type" not in cell:
                raise ValueError("셀 형식이 올바르지 않습니다")
            if isinstance(cell.get("source"), list):
                cell["source"] = "".join(cell["source"])
    except Exception as exc:  # noqa: BLE001  (JSON 오류, 옛 형식, 깨진 셀 모두 같은 상태로)
        submission.status = "invalid_notebook"
        submission.problem = f"노트북 파일을 읽을 수 없습니다(올바른 .ipynb JSON이 아님): {type(exc).__name__}"
        return submission
    submission.notebook = notebook
    submission.lesson, submission.lesson_source = detect_lesson(notebook, path)
    submission.quiz_key = quiz_key_in(notebook)
    submission.solutions_viewed = solutions_in(notebook)
    return submission
