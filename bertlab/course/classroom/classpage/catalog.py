"""반 현황 페이지의 차례: 레슨 번호, 제목, 레슨마다의 연습 문제(이름·제목). 페이지를 띄울 때 한 번 만듭니다.

문제 목록은 학생의 ``lesson_exercises("NN")``과 같은 문제 은행(``load_problems``)에서, 레슨 제목은 나눠 주는
노트북의 첫 제목(``# 레슨 05 · 셀프 어텐션 직접 구현``)에서 읽습니다. 은행 하나가 깨져도 그 레슨만 빠집니다.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

TITLE = re.compile(r"^#\s+레슨\s+(\d{2})\s*·\s*(.+?)\s*$", re.M)


@dataclass(frozen=True)
class Exercise:
    """연습 문제 하나: 은행의 이름(진도 파일의 열쇠), 제목, 레슨 안의 순번(q1이면 1)."""

    name: str
    title: str
    index: int


@dataclass
class Catalog:
    """레슨 번호 -> 제목, 레슨 번호 -> 연습 문제들(q1, q2, … 순서)."""

    titles: dict[str, str] = field(default_factory=dict)
    exercises: dict[str, list[Exercise]] = field(default_factory=dict)

    @property
    def lessons(self) -> list[str]:
        return sorted(self.exercises)

    @property
    def exercise_count(self) -> int:
        return sum(len(items) for items in self.exercises.values())

    def title(self, lesson: str) -> str:
        return self.titles.get(lesson, "")

    def label(self, lesson: str) -> str:
        """``05 · 셀프 어텐션 직접 구현``(제목을 모르면 ``레슨 05``)."""
        title = self.title(lesson)
        return f"{lesson} · {title}" if title else f"레슨 {lesson}"


def notebook_title(path: Path) -> tuple[str, str] | None:
    """노트북 첫 마크다운 셀들에서 ``# 레슨 NN · 제목``을 찾아 (NN, 제목)."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return None
    for cell in cells[:5]:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        match = TITLE.search("".join(source) if isinstance(source, list) else str(source))
        if match:
            return match.group(1), match.group(2)
    return None


def lesson_titles(notebooks: list[Path] | None = None) -> dict[str, str]:
    """나눠 주는 노트북들의 레슨 제목. 노트북이 없으면 빈 표(페이지는 번호만 보여 줌)."""
    if notebooks is None:
        from bertlab.course.classroom.distribute import course_notebooks
        from bertlab.errors import BertlabError

        try:
            notebooks = course_notebooks()
        except BertlabError:
            return {}
    return dict(found for found in map(notebook_title, notebooks) if found)


def load_catalog(notebooks: list[Path] | None = None) -> Catalog:
    """문제 은행의 모든 레슨과 그 문제들, 노트북의 레슨 제목."""
    from bertlab.exercises.bank import available_lessons, load_problems

    catalog = Catalog(titles=lesson_titles(notebooks))
    for lesson in available_lessons():
        try:
            problems = load_problems(lesson)
        except Exception:  # noqa: BLE001  (은행 하나의 오류가 페이지 전체를 막지 않게)
            continue
        catalog.exercises[lesson] = [Exercise(p.name, p.title, i) for i, p in enumerate(problems, start=1)]
    return catalog
