"""반 현황 페이지의 서버 쪽 상태: 읽을 자리(``ClassSources``), 레슨 차례(``Catalog``), 성적표 캐시.

웹 처리기(``server``)는 이것만 부릅니다. 요청마다 진도 파일을 새로 훑되(바뀐 파일만 다시 읽음), 페이지 한 벌은
``build_board``가 만듭니다.
"""

from __future__ import annotations

from pathlib import Path

from bertlab.course.classroom.classpage.board import build_board
from bertlab.course.classroom.classpage.catalog import Catalog
from bertlab.course.classroom.classpage.gradesheet import read_grade_sheet
from bertlab.course.classroom.classpage.sources import ClassSources


class ClassPage:
    """페이지 데이터를 만드는 곳 하나(서버 프로세스에 하나)."""

    def __init__(self, sources: ClassSources, catalog: Catalog):
        self.sources = sources
        self.catalog = catalog
        self._grades: tuple[tuple, dict | None] | None = None

    def grades(self) -> dict | None:
        """성적표 폴더에서 가장 최근의 성적표(성적표가 아닌 CSV는 건너뜀). 파일이 그대로면 다시 읽지 않습니다."""
        sheets = self.sources.grade_sheets()
        key = tuple(map(_stamp, sheets))
        if self._grades is None or self._grades[0] != key:
            found = next(filter(None, (read_grade_sheet(path, self.catalog) for path in sheets)), None)
            self._grades = (key, found)
        return self._grades[1]

    def board(self, lesson: str | None = None) -> dict:
        """``lesson``(웹 요청의 값 그대로; 차례에 없으면 반이 지금 하는 레슨)의 페이지 한 벌."""
        collected = set(self.sources.collected_notebooks())
        return build_board(self.catalog, self.sources.records(), lesson, collected, self.grades())

    def notebook(self, lesson: str, student: str) -> Path | None:
        """모은 노트북. 웹 요청의 두 값은 폴더를 훑어 만든 표의 열쇠로만 씁니다(경로로 잇지 않음)."""
        return self.sources.collected_notebooks().get((lesson, student))


def _stamp(path: Path) -> tuple:
    try:
        info = path.lstat()
    except OSError:
        return (str(path),)
    return (str(path), info.st_mtime_ns, info.st_size)
