"""반 명단과 반 진도 표: 학생 홈 폴더들에서 레슨 폴더와 진도 파일을 찾습니다.

``python -m bertlab classroom progress``와 ``collect``가 씁니다. 진도 파일은 **읽기만** 합니다: 깨진 파일도
옮기거나 고치지 않고 표에 "읽을 수 없음"으로 적습니다(학생의 ``ProgressStore``는 깨진 파일을 옆으로 치우지만,
강사 명령이 학생 파일을 건드리면 안 되기 때문입니다). 레슨별 "푼 문제/전체"는 학생이 보는
``python -m bertlab progress``와 같은 함수(``progress_rows``)로 셉니다.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from bertlab.course.classroom.distribute import HANDOUT_FOLDER, PROGRESS_FILE
from bertlab.exercises.progress import format_table, lesson_totals, progress_rows

DEFAULT_HOMES = Path("/home")
MAX_PROGRESS_BYTES = 4_000_000   # 진도 파일 하나의 상한(레슨 18개를 모두 풀어도 수십 KB)


@dataclass(frozen=True)
class Student:
    """학생 한 명: 이름(홈 폴더 이름), 홈, 레슨 폴더."""

    name: str
    home: Path

    @property
    def lessons(self) -> Path:
        return self.home / HANDOUT_FOLDER

    @property
    def progress_file(self) -> Path:
        return self.home / PROGRESS_FILE


def find_students(homes: str | os.PathLike = DEFAULT_HOMES, names: list[str] | None = None) -> list[Student]:
    """``homes`` 아래에서 레슨 폴더(``bertlab-lessons/``)가 있는 홈들(이름순). ``names``를 주면 그 학생들만(없어도 목록에 넣음)."""
    root = Path(homes)
    if names:
        return [Student(name, root / name) for name in sorted(set(names))]
    if not root.is_dir():
        return []
    return [Student(home.name, home) for home in sorted(root.iterdir())
            if not home.name.startswith(".") and (home / HANDOUT_FOLDER).is_dir()]


def read_progress(path: Path) -> dict | None:
    """진도 파일을 읽기만 합니다. 없으면 빈 진도, 깨졌거나 못 읽으면 None.

    강사 명령과 반 현황 페이지는 root로 학생 홈을 읽으므로 학생이 놓은 함정을 따라가지 않습니다: 파일 자리의
    링크(``O_NOFOLLOW``), 보통 파일이 아닌 것(FIFO에서 기다리지 않게 ``O_NONBLOCK``), ``MAX_PROGRESS_BYTES``보다
    큰 파일은 "읽을 수 없음"입니다.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return {"lessons": {}}
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_PROGRESS_BYTES:
                return None
            data = json.loads(stream.read(MAX_PROGRESS_BYTES + 1).decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("lessons"), dict) else None


def student_progress(student: Student) -> dict | None:
    """학생 한 명의 진도(읽기만). 진도 파일의 폴더가 링크로 홈 밖(다른 학생의 홈 등)을 가리키면 None."""
    home = os.path.realpath(student.home)
    folder = os.path.realpath(student.progress_file.parent)
    if os.path.commonpath([home, folder]) != home:
        return None
    return read_progress(student.progress_file)


def class_progress(students: list[Student], lessons: list[str] | None = None) -> tuple[list[str], list[list[str]]]:
    """(머리줄, 학생별 줄). 칸은 학생, 레슨마다 "푼 문제/전체", 확인 횟수 합, 마지막 활동."""
    totals = lesson_totals()
    wanted = sorted(lessons or totals)
    header = ["학생"] + [f"레슨 {lesson}" for lesson in wanted] + ["확인 횟수", "마지막 활동"]
    rows = []
    for student in students:
        data = student_progress(student)
        if data is None:
            rows.append([student.name] + ["?"] * len(wanted) + ["-", "진도 파일을 읽을 수 없음"])
            continue
        by_lesson = {row[0]: row for row in progress_rows(data, {k: totals.get(k, 0) for k in wanted})}
        cells = [by_lesson[lesson][1] if lesson in by_lesson else f"0/{totals.get(lesson, 0)}" for lesson in wanted]
        attempts = sum(int(by_lesson[lesson][2]) for lesson in wanted if lesson in by_lesson)
        last = max((row[5] for row in by_lesson.values() if row[5] != "-"), default="-")
        rows.append([student.name] + cells + [str(attempts), last])
    return header, rows


def format_class_table(header: list[str], rows: list[list[str]]) -> str:
    """한글 폭을 맞춘 글자 표(학생의 ``python -m bertlab progress``와 같은 모양)."""
    return format_table(rows, header)
