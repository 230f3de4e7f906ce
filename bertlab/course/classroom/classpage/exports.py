"""페이지에 보이는 표를 CSV로: 격자, 문제별 요약, 학생별 진도, 성적표. ``build_board``의 결과 한 벌에서 만듭니다.

엑셀에서 한글이 깨지지 않게 BOM을 붙이고(``grade``의 성적표와 같음), ``=``·``+``·``@``로 시작하는 글(학생 값이 든
피드백 등)은 앞에 ``'``를 붙여 수식으로 실행되지 않게 합니다.
"""

from __future__ import annotations

import csv
import io

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TABLES = ("grid", "exercises", "students", "grades")   # 내려받을 수 있는 표(주소의 마지막 부분)


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def _time(value: str) -> str:
    return value.replace("T", " ")


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([[_safe(v) for v in row] for row in [header, *rows]])
    return "\ufeff" + buffer.getvalue()


def _cell_text(cell: dict, statuses: dict) -> str:
    details = [f"{cell['attempts']}회"] if cell["attempts"] else []
    details += [_time(cell["time"])] if cell["time"] else []
    label = statuses[cell["status"]]
    return f"{label} ({', '.join(details)})" if details else label


def grid_csv(board: dict) -> str:
    """학생 × 문제: 칸마다 상태(확인 횟수, 마지막 시각)."""
    header = ["학생"] + [f"q{e['index']} {e['title']}" for e in board["exercises"]] + ["맞힘", "마지막 활동"]
    rows = [[row["student"]] + [_cell_text(c, board["statuses"]) for c in row["cells"]]
            + [row["correct"], _time(row["last"])] for row in board["grid"]]
    return _csv(header, rows)


def exercises_csv(board: dict) -> str:
    """문제마다 상태별 학생 수와 자주 나온 피드백."""
    statuses = board["statuses"]
    top = max((len(e["messages"]) for e in board["exercises"]), default=0)
    header = ["문제", "제목", *statuses.values()]
    for n in range(1, top + 1):
        header += [f"자주 나온 피드백 {n}", f"학생 수 {n}"]
    rows = []
    for e in board["exercises"]:
        messages = [v for m in e["messages"] for v in (m["text"], m["count"])]
        rows.append([f"q{e['index']}", e["title"], *(e["counts"][s] for s in statuses)] + messages)
    return _csv(header, rows)


def students_csv(board: dict) -> str:
    """학생마다 도달한 레슨, 연 레슨 수, 푼 문제/전체, 마지막 활동, 이 레슨의 모은 노트북."""
    header = ["학생", "도달한 레슨", "연 레슨 수", "푼 문제", "전체 문제", "마지막 활동", f"레슨 {board['lesson']} 노트북"]
    rows = [[s["student"], s["reached"] or "-", s["lessons"], s["done"], s["total"], _time(s["last"]) or "-",
             "모음" if s["notebook"] else "없음"] for s in board["students"]]
    return _csv(header, rows)


def grades_csv(board: dict) -> str:
    """페이지에 보인 성적표(한국어 머리줄). 성적표가 없으면 머리줄만."""
    grades = board.get("grades") or {"header": ["성적표 없음"], "rows": []}
    return _csv(grades["header"], grades["rows"])


def table_csv(board: dict, table: str) -> tuple[str, str]:
    """(파일 이름, CSV 글). ``table``은 ``TABLES`` 중 하나."""
    makers = {"grid": grid_csv, "exercises": exercises_csv, "students": students_csv, "grades": grades_csv}
    lesson = f"lesson{board['lesson']}_" if table != "grades" else ""
    return f"bertlab_{lesson}{table}.csv", makers[table](board)
