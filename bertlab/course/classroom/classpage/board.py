"""반 현황 페이지에 보일 데이터 한 벌(JSON으로 바로 보낼 수 있는 dict)을 학생들의 진도에서 만듭니다.

페이지가 몇 초마다 다시 묻는 ``api/board``와 CSV 내려받기가 모두 ``build_board``의 결과를 씁니다. 진도 파일은
학생이 고칠 수 있는 파일이므로 모든 값을 의심합니다: 모양이 틀린 값은 "없음"으로 보고, 예외를 내지 않습니다.

칸의 상태(``cell_state``), 진도 파일의 ``solved``·``solution_viewed``·``last_status``로 정합니다:

- ``solution``(해답 봄): 해답을 봤고, 스스로 맞히기 전이었거나 아직 못 맞힘
- ``correct``(정답): 해답을 보기 전에 맞힘(맞힌 뒤에 해답을 봐도 정답)
- ``incorrect``(오답): 아직 못 맞혔고 마지막 확인이 오답(또는 채점 불가)
- ``not_attempted``(안 함): 확인한 적이 없거나 빈칸으로만 확인함(확인 횟수와 시각은 칸에 보임)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bertlab.course.classroom.classpage.catalog import Catalog, Exercise

CORRECT, INCORRECT, SOLUTION, NOT_ATTEMPTED = "correct", "incorrect", "solution", "not_attempted"
STATUS_NAMES = {CORRECT: "정답", INCORRECT: "오답", SOLUTION: "해답 봄", NOT_ATTEMPTED: "안 함"}
TOP_MESSAGES = 3   # 문제마다 보여 줄 자주 나온 피드백 수


@dataclass(frozen=True)
class StudentRecord:
    """학생 한 명의 진도. ``progress``가 None이면 진도 파일을 읽을 수 없음(깨짐, 링크 등)."""

    name: str
    progress: dict | None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _lessons(progress: dict | None) -> dict:
    lessons = progress.get("lessons") if isinstance(progress, dict) else None
    return lessons if isinstance(lessons, dict) else {}


def _problems(progress: dict | None, lesson: str) -> dict:
    entry = _lessons(progress).get(lesson)
    problems = entry.get("problems") if isinstance(entry, dict) else None
    return problems if isinstance(problems, dict) else {}


def cell_state(entry: Any) -> dict:
    """진도 파일의 문제 기록 하나 -> 칸 하나(상태, 확인 횟수, 본 힌트, 마지막 시각, 오답이면 피드백)."""
    entry = entry if isinstance(entry, dict) else {}
    solved, seen = _text(entry.get("solved")), _text(entry.get("solution_viewed"))
    attempts = _count(entry.get("attempts"))
    if seen and (not solved or seen <= solved):
        status = SOLUTION
    elif solved:
        status = CORRECT
    elif attempts and _text(entry.get("last_status")) in ("incorrect", "error"):
        status = INCORRECT
    else:
        status = NOT_ATTEMPTED
    cell = {"status": status, "attempts": attempts, "hints": _count(entry.get("hints")),
            "time": max(_text(entry.get("last_checked")), seen)}
    if status == INCORRECT:
        cell["message"] = _text(entry.get("last_message"))
    return cell


def lesson_activity(progress: dict | None, lesson: str) -> str:
    """그 레슨에서 마지막으로 한 일의 시각(연 시각, 확인, 해답). 없으면 ""."""
    entry = _lessons(progress).get(lesson)
    times = [_text(entry.get("visited"))] if isinstance(entry, dict) else []
    for problem in _problems(progress, lesson).values():
        if isinstance(problem, dict):
            times += [_text(problem.get("last_checked")), _text(problem.get("solution_viewed"))]
    return max(times, default="")


def _solved(progress: dict | None, lesson: str, exercises: list[Exercise]) -> int:
    problems = _problems(progress, lesson)
    return sum(1 for e in exercises if isinstance(problems.get(e.name), dict) and _text(problems[e.name].get("solved")))


def grid_row(record: StudentRecord, lesson: str, exercises: list[Exercise]) -> dict:
    """격자의 한 줄: 학생, 문제마다 칸, 이 레슨에서 맞힌 수, 이 레슨의 마지막 활동."""
    problems = _problems(record.progress, lesson)
    cells = [cell_state(problems.get(e.name)) for e in exercises]
    return {"student": record.name, "readable": record.progress is not None, "cells": cells,
            "correct": sum(c["status"] == CORRECT for c in cells), "last": lesson_activity(record.progress, lesson)}


def exercise_summary(exercise: Exercise, cells: list[dict]) -> dict:
    """문제 하나: 상태별 학생 수와 지금 오답인 학생들의 피드백 중 자주 나온 것."""
    counts = Counter(c["status"] for c in cells)
    messages = Counter(c.get("message", "") for c in cells if c["status"] == INCORRECT)
    messages.pop("", None)
    return {"name": exercise.name, "title": exercise.title, "index": exercise.index,
            "counts": {status: counts.get(status, 0) for status in STATUS_NAMES},
            "messages": [{"text": text, "count": n} for text, n in messages.most_common(TOP_MESSAGES)]}


def student_summary(catalog: Catalog, record: StudentRecord, has_notebook: bool) -> dict:
    """학생 한 명의 전체 진도: 도달한 레슨(가장 뒤의 연 레슨), 연 레슨 수, 푼 문제/전체, 마지막 활동."""
    active = {lesson: lesson_activity(record.progress, lesson) for lesson in catalog.lessons}
    reached = [lesson for lesson, when in active.items() if when]
    done = sum(_solved(record.progress, lesson, catalog.exercises[lesson]) for lesson in catalog.lessons)
    return {"student": record.name, "readable": record.progress is not None,
            "reached": max(reached, default=""), "lessons": len(reached), "done": done,
            "total": catalog.exercise_count, "last": max(active.values(), default=""), "notebook": has_notebook}


def current_lesson(catalog: Catalog, records: list[StudentRecord]) -> str:
    """반이 지금 하고 있는 레슨: 가장 최근에 누군가 활동한 레슨(아무도 없으면 첫 레슨)."""
    latest = {lesson: max((lesson_activity(r.progress, lesson) for r in records), default="")
              for lesson in catalog.lessons}
    active = [lesson for lesson, when in latest.items() if when]
    if not active:
        return catalog.lessons[0] if catalog.lessons else ""
    return max(active, key=lambda lesson: (latest[lesson], lesson))


def lesson_options(catalog: Catalog, records: list[StudentRecord]) -> list[dict]:
    """레슨 고르기의 항목: 번호, 이름표, 문제 수, 연 학생 수, 맞힌 칸/전체 칸."""
    options = []
    for lesson in catalog.lessons:
        exercises = catalog.exercises[lesson]
        options.append({"id": lesson, "label": catalog.label(lesson), "exercises": len(exercises),
                        "reached": sum(1 for r in records if lesson_activity(r.progress, lesson)),
                        "solved": sum(_solved(r.progress, lesson, exercises) for r in records),
                        "cells": len(exercises) * len(records)})
    return options


def build_board(catalog: Catalog, records: list[StudentRecord], lesson: str | None = None,
                collected: set[tuple[str, str]] | frozenset = frozenset(), grades: dict | None = None) -> dict:
    """페이지 한 벌. ``lesson``이 차례에 없으면(없는 번호, 빈 값) 반이 지금 하는 레슨을 고릅니다.

    ``collected``: 모은 노트북이 있는 (레슨, 학생) 쌍. ``grades``: 마지막 일괄 채점 성적표(``read_grade_sheet``).
    """
    if lesson not in catalog.exercises:
        lesson = current_lesson(catalog, records)
    exercises = catalog.exercises.get(lesson, [])
    grid = [grid_row(record, lesson, exercises) for record in records]
    return {
        "generated": datetime.now().isoformat(timespec="seconds"),
        "lesson": lesson,
        "lesson_label": catalog.label(lesson) if lesson else "",
        "lessons": lesson_options(catalog, records),
        "statuses": STATUS_NAMES,
        "exercises": [exercise_summary(e, [row["cells"][i] for row in grid]) for i, e in enumerate(exercises)],
        "grid": grid,
        "students": [student_summary(catalog, r, (lesson, r.name) in collected) for r in records],
        "grades": grades,
    }
