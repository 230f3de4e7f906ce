"""용어집: 강의 전체에서 쓰는 용어를 한 곳에 모읍니다(각 레슨의 요약 셀과 용어집 노트북에서 사용).

용어의 원본은 ``bertlab/data/glossary.csv`` 하나입니다(한국어, 영어, 처음 나온 레슨, 설명).
같은 개념은 어느 레슨에서나 같은 한국어 용어로 씁니다.
"""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass
from pathlib import Path

GLOSSARY_FILE = Path(__file__).resolve().parents[1] / "data" / "glossary.csv"


@dataclass(frozen=True)
class Term:
    korean: str
    english: str
    lesson: str
    description: str


def load_terms() -> list[Term]:
    """용어집 전체(레슨 순, 같은 레슨 안에서는 파일 순)."""
    with GLOSSARY_FILE.open(encoding="utf-8", newline="") as handle:
        rows = [Term(**{k: (v or "").strip() for k, v in row.items()}) for row in csv.DictReader(handle)]
    return sorted(rows, key=lambda t: t.lesson)


def terms_for(lesson: str | None = None) -> list[Term]:
    """한 레슨에서 처음 나온 용어들(lesson=None이면 전체)."""
    terms = load_terms()
    if lesson is None:
        return terms
    return [t for t in terms if t.lesson == str(lesson).zfill(2)]


class GlossaryTable:
    """노트북에서 표로 보이는 용어 목록(HTML과 텍스트 둘 다)."""

    def __init__(self, terms: list[Term], title: str):
        self.terms = terms
        self.title = title

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td><b>{html.escape(t.korean)}</b></td><td>{html.escape(t.english)}</td>"
            f"<td>{html.escape(t.lesson)}</td><td>{html.escape(t.description)}</td></tr>"
            for t in self.terms
        )
        return (
            f"<b>{html.escape(self.title)}</b><table><thead><tr><th>용어</th><th>영어</th>"
            f"<th>레슨</th><th>뜻</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    def __repr__(self) -> str:
        lines = [self.title] + [f"- {t.korean} ({t.english}, 레슨 {t.lesson}): {t.description}" for t in self.terms]
        return "\n".join(lines)


def glossary_table(lesson: str | None = None) -> GlossaryTable:
    """레슨 요약에 넣을 용어 표. ``bertlab.glossary("03")``."""
    title = "용어집 전체" if lesson is None else f"레슨 {str(lesson).zfill(2)}에서 배운 용어"
    return GlossaryTable(terms_for(lesson), title)
