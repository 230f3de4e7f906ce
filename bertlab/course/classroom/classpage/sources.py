"""반 현황 페이지가 읽는 자리: 학생 홈들의 진도 파일, ``collect``가 모은 노트북, ``grade``의 성적표 CSV.

모두 **읽기만** 합니다. 학생 홈에는 아무것도 쓰지 않습니다(진도 파일을 여는 방법은 ``roster.read_progress``:
링크·FIFO·너무 큰 파일은 읽지 않음). 자리는 허브 설정(``jupyterhub_config.py``)이 환경 변수로 알려 줍니다:

- ``BERTLAB_HOMES``: 학생 홈들이 있는 폴더(기본 ``/home``)
- ``BERTLAB_SUBMISSIONS``: ``classroom collect --out``의 폴더(기본 ``$BERTLAB_SHARED/submissions``)
- ``BERTLAB_GRADES``: ``grade --out``으로 성적표를 두는 폴더(기본 ``$BERTLAB_SHARED/grades``). 가장 최근 CSV를 보여 줌
- ``BERTLAB_STUDENTS``: 학생 이름 파일(있으면 그 학생들만, 아직 로그인하지 않은 학생도 줄로 보임)
- ``BERTLAB_INSTRUCTORS``: 강사 이름들(쉼표). 강사의 홈은 학생 줄에서 뺍니다.

웹 요청의 값은 여기서 경로가 되지 않습니다: 모은 노트북은 폴더를 훑어 만든 표(``collected_notebooks``)에서
(레슨, 학생) 열쇠로만 찾습니다.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from bertlab.course.classroom.classpage.board import StudentRecord
from bertlab.course.classroom.roster import Student, find_students, student_progress

LESSON_FOLDER = re.compile(r"^\d{2}$")


def _names(text: str) -> list[str]:
    return [name for name in text.split() if not name.startswith("#")]


@dataclass
class ClassSources:
    """페이지가 읽는 폴더들과 반 명단."""

    homes: Path
    submissions: Path
    grades: Path
    roster: list[str] | None = None
    instructors: frozenset[str] = frozenset()
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_environment(cls, env: dict | None = None) -> "ClassSources":
        env = os.environ if env is None else env
        shared = Path(env.get("BERTLAB_SHARED", "/srv/bertlab"))
        roster = None
        if env.get("BERTLAB_STUDENTS"):
            roster = _names(Path(env["BERTLAB_STUDENTS"]).read_text(encoding="utf-8"))
        instructors = frozenset(n.strip() for n in env.get("BERTLAB_INSTRUCTORS", "").split(",") if n.strip())
        return cls(homes=Path(env.get("BERTLAB_HOMES", "/home")),
                   submissions=Path(env.get("BERTLAB_SUBMISSIONS", str(shared / "submissions"))),
                   grades=Path(env.get("BERTLAB_GRADES", str(shared / "grades"))),
                   roster=roster, instructors=instructors)

    def students(self) -> list[Student]:
        """명단의 학생들(명단이 없으면 레슨 폴더가 있는 홈들), 강사는 빼고 이름순."""
        return [s for s in find_students(self.homes, self.roster) if s.name not in self.instructors]

    def records(self) -> list[StudentRecord]:
        """학생마다 진도. 파일이 그대로면(같은 크기·수정 시각·inode) 전에 읽은 것을 다시 씁니다."""
        records = []
        for student in self.students():
            try:
                info = os.lstat(student.progress_file)
                key = (info.st_mtime_ns, info.st_size, info.st_ino, info.st_mode)
            except OSError:
                key = None
            cached = self._cache.get(student.name)
            if cached is None or cached[0] != key or key is None:
                cached = (key, student_progress(student))
                self._cache[student.name] = cached
            records.append(StudentRecord(student.name, cached[1]))
        return records

    def collected_notebooks(self) -> dict[tuple[str, str], Path]:
        """(레슨, 학생) -> 모은 노트북. ``제출 폴더/NN/학생.ipynb`` 중 링크가 아닌 보통 파일만."""
        found: dict[tuple[str, str], Path] = {}
        for folder in _entries(self.submissions):
            if not LESSON_FOLDER.match(folder.name) or not _is(folder, stat.S_ISDIR):
                continue
            for path in _entries(folder):
                if path.suffix == ".ipynb" and not path.name.startswith(".") and _is(path, stat.S_ISREG):
                    found[(folder.name, path.stem)] = path
        return found

    def grade_sheets(self) -> list[Path]:
        """성적표 폴더의 ``*.csv``(링크가 아닌 보통 파일), 최근에 쓴 것부터."""
        sheets = []
        for path in _entries(self.grades):
            if path.suffix == ".csv" and not path.name.startswith(".") and _is(path, stat.S_ISREG):
                try:
                    sheets.append((path.lstat().st_mtime_ns, path.name, path))
                except OSError:
                    continue
        return [path for _, _, path in sorted(sheets, reverse=True)]


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _is(path: Path, kind) -> bool:
    try:
        return kind(path.lstat().st_mode)
    except OSError:
        return False
