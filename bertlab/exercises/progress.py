"""학생 진도: 어떤 문제를 풀었는지 내 컴퓨터의 JSON 파일에 남깁니다. 모든 레슨과 ``python -m bertlab progress``에서 사용합니다.

파일 위치는 ``platformdirs.user_data_dir("bertlab")/progress.json``이며, 환경 변수
``BERTLAB_DATA_DIR``로 바꿀 수 있습니다(테스트·채점기는 임시 폴더를 씁니다). 쓰기는 임시 파일에
쓴 뒤 ``os.replace``로 바꿔 끼우므로 중간에 꺼져도 파일이 반쯤 쓰인 채 남지 않습니다. 파일이
깨져 있으면 지우지 않고 ``progress.json.broken-날짜``로 옮겨 둔 뒤 새로 시작하며, 한국어로 알립니다.
파일의 ``user``는 처음 쓸 때 무작위로 만드는 학생 번호로, 퀴즈 보기 순서(``shuffle.py``)를 정합니다.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import unicodedata
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

DATA_ENV = "BERTLAB_DATA_DIR"
FILE_NAME = "progress.json"
VERSION = 1


def data_dir() -> Path:
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("bertlab", appauthor=False))


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _empty() -> dict:
    return {"version": VERSION, "lessons": {}}


class ProgressStore:
    """진도 파일 하나. ``update(fn)``으로 읽고-고치고-쓰기를 한 번에 합니다."""

    def __init__(self, path: Path | None = None, notify: Callable[[str], None] | None = None):
        self.path = Path(path) if path else data_dir() / FILE_NAME
        self.notify = notify or (lambda message: print(message, file=sys.stderr))

    def load(self) -> dict:
        if not self.path.exists():
            return _empty()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
                raise ValueError("진도 파일의 구조가 올바르지 않습니다")
            return data
        except (ValueError, UnicodeDecodeError) as exc:
            return self._set_aside(exc)

    def _set_aside(self, exc: Exception) -> dict:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        counter = 1
        while backup.exists():
            counter += 1
            backup = self.path.with_name(f"{self.path.name}.broken-{stamp}-{counter}")
        os.replace(self.path, backup)
        self.notify(f"[bertlab] 진도 파일이 깨져 있어서({type(exc).__name__}) 새로 시작합니다. "
                    f"예전 파일은 지우지 않고 {backup} 에 옮겨 두었습니다.")
        return _empty()

    def save(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream, ensure_ascii=False, indent=1)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp, self.path)
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise

    def update(self, change: Callable[[dict], None]) -> dict:
        data = self.load()
        change(data)
        self.save(data)
        return data


def _problem_entry(data: dict, lesson: str, problem: str) -> dict:
    lesson_entry = data["lessons"].setdefault(lesson, {})
    return lesson_entry.setdefault("problems", {}).setdefault(problem, {"attempts": 0, "hints": 0})


_USER_IDS: dict[Path, str] = {}


def user_id() -> str:
    """이 진도 파일의 학생 번호(처음 부를 때 무작위로 만들어 남김). 같은 컴퓨터·계정이면 늘 같습니다."""
    store = ProgressStore()
    if store.path not in _USER_IDS:
        data = store.load()
        if not isinstance(data.get("user"), str) or not data["user"]:
            data = store.update(lambda d: d.setdefault("user", uuid.uuid4().hex))
        _USER_IDS[store.path] = data["user"]
    return _USER_IDS[store.path]


def record_visit(lesson: str) -> None:
    """레슨을 열었음을 남깁니다(``bertlab.start``가 부릅니다)."""
    ProgressStore().update(lambda d: d["lessons"].setdefault(lesson, {}).__setitem__("visited", _now()))


MESSAGE_LIMIT = 300  # 진도 파일에 남기는 마지막 채점 메시지의 최대 글자 수


def record_check(lesson: str, problem: str, status: str, points: float, max_points: float,
                 message: str = "") -> None:
    """``check()`` 한 번을 남깁니다. ``message``: 마지막 채점 메시지(강사의 반 현황 페이지가 자주 나온 오답을 셈)."""
    def change(data: dict) -> None:
        entry = _problem_entry(data, lesson, problem)
        entry["attempts"] = entry.get("attempts", 0) + 1
        entry["last_status"] = status
        entry["last_message"] = str(message)[:MESSAGE_LIMIT]
        entry["last_checked"] = _now()
        entry["max_points"] = max_points
        if status == "correct" and not entry.get("solved"):
            entry["solved"] = _now()
        entry["best_points"] = max(entry.get("best_points", 0), points)

    ProgressStore().update(change)


def record_hint(lesson: str, problem: str, number: int) -> None:
    def change(data: dict) -> None:
        entry = _problem_entry(data, lesson, problem)
        entry["hints"] = max(entry.get("hints", 0), number)

    ProgressStore().update(change)


def record_solution(lesson: str, problem: str) -> None:
    ProgressStore().update(lambda d: _problem_entry(d, lesson, problem).__setitem__("solution_viewed", _now()))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def progress_rows(data: dict, totals: dict[str, int]) -> list[list[str]]:
    """표의 줄들: 레슨, 푼 문제/전체, 시도, 힌트, 해답 본 문제, 마지막 활동."""
    rows = []
    for lesson in sorted(set(totals) | set(data.get("lessons", {}))):
        entry = data.get("lessons", {}).get(lesson, {})
        problems = entry.get("problems", {})
        solved = sum(1 for p in problems.values() if p.get("solved"))
        total = totals.get(lesson, len(problems))
        last = max([p.get("last_checked", "") for p in problems.values()] + [entry.get("visited", "")])
        rows.append([lesson, f"{solved}/{total}", str(sum(p.get("attempts", 0) for p in problems.values())),
                     str(sum(p.get("hints", 0) for p in problems.values())),
                     str(sum(1 for p in problems.values() if p.get("solution_viewed"))),
                     last.replace("T", " ") if last else "-"])
    return rows


TABLE_HEADER = ["레슨", "푼 문제", "확인 횟수", "본 힌트", "해답 본 문제", "마지막 활동"]


def format_table(rows: list[list[str]], header: list[str] = TABLE_HEADER) -> str:
    """한글 폭을 맞춘 글자 표. 강사의 반 진도 표(``classroom progress``)도 머리줄만 바꿔 씁니다."""
    widths = [max(_width(r[i]) for r in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in [header] + rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def lesson_totals() -> dict[str, int]:
    from bertlab.exercises.bank import available_lessons, load_problems

    totals = {}
    for lesson in available_lessons():
        try:
            totals[lesson] = len(load_problems(lesson))
        except Exception:  # noqa: BLE001  (한 은행의 오류가 표 전체를 막지 않게)
            continue
    return totals


def add_progress_arguments(parser: Any) -> None:
    """``python -m bertlab progress``의 인자: ``--json``(표 대신 원본 JSON)."""
    parser.add_argument("--json", action="store_true", help="표 대신 진도 파일 내용을 JSON으로 출력")


def progress_main(args: Any = None) -> int:
    """레슨별 진도 표를 출력합니다. cli.py의 ``progress`` 하위 명령이 부릅니다."""
    store = ProgressStore()
    data = store.load()
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print(f"진도 파일: {store.path}")
    rows = progress_rows(data, lesson_totals())
    print(format_table(rows) if rows else "아직 기록이 없습니다. 레슨 노트북에서 q1.check()를 실행해 보세요.")
    return 0
