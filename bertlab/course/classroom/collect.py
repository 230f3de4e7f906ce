"""제출물 모으기: 학생마다 한 레슨의 노트북을 ``제출 폴더/NN/학생이름.ipynb``로 복사합니다.

``python -m bertlab classroom collect --lesson NN``이 부릅니다. 원본은 **읽기만** 합니다(복사 전후의 크기와
수정 시각이 같은지 테스트가 확인합니다). 파일 이름이 학생 이름이라서 바로
``python -m bertlab grade 제출/NN/*.ipynb --lesson NN``으로 채점하면 성적표의 학생 칸이 학생 이름이 됩니다.

- 제출 폴더는 강사만 읽게(0700) 만듭니다: 학생이 다른 학생의 제출물을 볼 수 없습니다.
- 노트북이 없는 학생은 복사하지 않고 ``collected.csv``에 "missing"으로 남깁니다.
- 같은 레슨을 다시 모으면 새 사본으로 바꿔 씁니다(임시 파일에 쓴 뒤 바꿔 끼움).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bertlab.course.classroom.roster import Student
from bertlab.errors import BertlabError

MANIFEST = "collected.csv"


@dataclass
class CollectResult:
    """모은 결과: 레슨 폴더, 학생별 (이름, 상태, 원본 경로). 상태는 copied / missing / unreadable."""

    folder: Path
    rows: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def copied(self) -> list[Path]:
        return [self.folder / f"{name}.ipynb" for name, status, _ in self.rows if status == "copied"]

    def summary(self) -> str:
        counts = {s: sum(1 for _, status, _ in self.rows if status == s) for s in ("copied", "missing", "unreadable")}
        return (f"{self.folder}: {counts['copied']}명의 노트북을 모았습니다"
                f"(노트북 없음 {counts['missing']}명, 읽지 못함 {counts['unreadable']}명). 목록: {self.folder / MANIFEST}")


def lesson_notebook(student: Student, lesson: str) -> Path | None:
    """학생 레슨 폴더에서 ``NN_*.ipynb``(여럿이면 이름순 첫째). 없으면 None."""
    try:
        found = sorted(student.lessons.glob(f"{lesson}_*.ipynb"))
    except OSError:
        return None
    return found[0] if found else None


def _private_folder(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)


def _copy_readonly(source: Path, destination: Path) -> None:
    """원본을 읽기만 해서 임시 파일에 쓴 뒤 바꿔 끼웁니다(원본의 시각·권한을 바꾸지 않음)."""
    handle, temp = tempfile.mkstemp(prefix=f".{destination.name}-", dir=destination.parent)
    try:
        with os.fdopen(handle, "wb") as out, open(source, "rb") as original:
            shutil.copyfileobj(original, out)
        os.replace(temp, destination)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def collect_lesson(students: list[Student], lesson: str, out: str | os.PathLike) -> CollectResult:
    """학생들의 레슨 ``lesson`` 노트북을 ``out/lesson/학생.ipynb``로 모읍니다."""
    if not isinstance(lesson, str) or not lesson.strip().isdigit():
        raise BertlabError(f"레슨 번호는 두 자리 숫자로 주세요(받은 값: {lesson!r}). 예: --lesson 05")
    lesson = lesson.strip().zfill(2)
    root = Path(out)
    _private_folder(root)
    folder = root / lesson
    _private_folder(folder)
    result = CollectResult(folder)
    for student in students:
        source = lesson_notebook(student, lesson)
        if source is None:
            result.rows.append((student.name, "missing", ""))
            continue
        try:
            _copy_readonly(source, folder / f"{student.name}.ipynb")
        except OSError:
            result.rows.append((student.name, "unreadable", str(source)))
            continue
        result.rows.append((student.name, "copied", str(source)))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["student", "status", "source", "collected_at"])
    stamp = datetime.now().isoformat(timespec="seconds")
    writer.writerows([*row, stamp] for row in result.rows)
    (folder / MANIFEST).write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
    return result
