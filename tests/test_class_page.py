"""강사의 반 현황 페이지(이슈 42), 허브 없이: 페이지 데이터, 강사만 통과(학생은 한국어 403), 경로 안전, 읽기만.

허브 OAuth 대신 ``class_page_server``의 쿠키 사용자로 tornado 앱을 띄웁니다. 진짜 허브로 로그인하는 시험은
``tests/test_class_page_hub.py``(``make test-hub``), 브라우저로 그리는 시험은 ``tests/test_class_page_browser.py``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
import requests

from bertlab.course.classroom.classpage import ClassPage, ClassSources, build_board, cell_state, load_catalog
from bertlab.course.classroom.classpage.board import StudentRecord
from bertlab.course.classroom.classpage.exports import table_csv
from bertlab.course.classroom.distribute import HANDOUT_FOLDER, PROGRESS_FILE
from conftest import REPO_ROOT

TIMEOUT = 180   # 초. 처음 노트북 보기는 nbconvert를 불러오므로 붐비는 2코어 기계에서 오래 걸릴 수 있음
WRONG = "리스트의 길이가 다릅니다: 3개여야 하는데 4개입니다."
HOSTILE_OUTPUT = ("<p><b>학생 출력</b></p><script>alert('탈취')</script><img src=x onerror=alert(1)>"
                  "<iframe src='/hub/admin'></iframe><a href='javascript:alert(2)'>눌러 보세요</a>"
                  "<meta http-equiv='refresh' content='0;url=/hub/logout'><style>body{display:none}</style>")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _entry(**fields) -> dict:
    return {"attempts": 1, "hints": 0, "last_checked": "2026-03-02T10:00:00", **fields}


def _progress(problems: dict, lesson: str = "00", visited: str = "2026-03-02T09:55:00") -> dict:
    return {"version": 1, "lessons": {lesson: {"visited": visited, "problems": problems}}}


def _home(homes: Path, name: str, progress: dict | str | None = None) -> Path:
    home = homes / name
    (home / HANDOUT_FOLDER).mkdir(parents=True)
    if progress is not None:
        (home / PROGRESS_FILE).parent.mkdir(parents=True)
        text = progress if isinstance(progress, str) else json.dumps(progress, ensure_ascii=False)
        (home / PROGRESS_FILE).write_text(text, encoding="utf-8")
    return home


@pytest.fixture
def classroom(tmp_path):
    """kim(맞힘), lee(오답), park(빈칸으로 확인), choi(해답을 먼저 봄), 강사 teacher의 홈, 모은 노트북 하나."""
    homes = tmp_path / "homes"
    _home(homes, "kim", _progress({"first_list": _entry(last_status="correct", solved="2026-03-02T10:00:00")}))
    _home(homes, "lee", _progress({"first_list": _entry(attempts=3, last_status="incorrect", last_message=WRONG)}))
    _home(homes, "park", _progress({"first_list": _entry(last_status="not_attempted")}))
    _home(homes, "choi", _progress({"first_list": _entry(solution_viewed="2026-03-02T09:58:00",
                                                         solved="2026-03-02T10:00:00", last_status="correct")}))
    _home(homes, "teacher", _progress({}))
    notebook = tmp_path / "submissions" / "00" / "kim.ipynb"
    notebook.parent.mkdir(parents=True)
    notebook.write_text(json.dumps({
        "cells": [{"cell_type": "markdown", "id": "title", "metadata": {}, "source": "# 레슨 00 · 시작하기"},
                  {"cell_type": "code", "id": "answer", "metadata": {}, "execution_count": 1, "source": "words = 1",
                   "outputs": [{"output_type": "display_data", "metadata": {},
                                "data": {"text/html": HOSTILE_OUTPUT}}]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    return ClassSources(homes=homes, submissions=tmp_path / "submissions", grades=tmp_path / "grades",
                        instructors=frozenset({"teacher"}))


def _cells(board: dict, exercise: str = "first_list") -> dict:
    column = next(i for i, e in enumerate(board["exercises"]) if e["name"] == exercise)
    return {row["student"]: row["cells"][column] for row in board["grid"]}


# --- 칸의 상태와 페이지 데이터 ------------------------------------------------------------------
def test_cell_status_follows_the_students_last_check_and_the_solution():
    assert cell_state(None)["status"] == "not_attempted" and cell_state(None)["attempts"] == 0
    assert cell_state(_entry(last_status="correct", solved="2026-03-02T10:00:00"))["status"] == "correct"
    wrong = cell_state(_entry(attempts=2, last_status="incorrect", last_message=WRONG))
    assert wrong == {"status": "incorrect", "attempts": 2, "hints": 0, "time": "2026-03-02T10:00:00", "message": WRONG}
    blank = cell_state(_entry(last_status="not_attempted"))
    assert blank["status"] == "not_attempted" and blank["attempts"] == 1 and blank["time"]  # 빈칸 확인도 보임
    assert cell_state(_entry(solution_viewed="2026-03-02T10:05:00"))["status"] == "solution"
    peeked_then_solved = _entry(solution_viewed="2026-03-02T09:00:00", solved="2026-03-02T10:00:00")
    solved_then_peeked = _entry(solved="2026-03-02T09:00:00", solution_viewed="2026-03-02T10:00:00")
    assert cell_state(peeked_then_solved)["status"] == "solution"
    assert cell_state(solved_then_peeked)["status"] == "correct"


@pytest.mark.parametrize("entry", ["문자열", 3, ["목록"], {"attempts": "많이", "solved": 5, "last_status": None},
                                   {"attempts": True, "hints": -3, "last_checked": ["x"]}])
def test_a_hand_edited_progress_entry_counts_as_not_attempted_without_crashing(entry):
    cell = cell_state(entry)
    assert cell["status"] == "not_attempted" and cell["attempts"] == 0 and cell["hints"] == 0 and cell["time"] == ""


def test_board_counts_each_exercise_and_the_most_frequent_wrong_feedback(classroom, catalog):
    records = classroom.records()
    records.append(StudentRecord("yoon", _progress({"first_list": _entry(last_status="incorrect", last_message=WRONG)})))
    records.append(StudentRecord("han", _progress({"first_list": _entry(last_status="error", last_message="다른 말")})))
    board = build_board(catalog, records, "00")
    assert [row["student"] for row in board["grid"]] == ["choi", "kim", "lee", "park", "yoon", "han"]
    assert {k: v["status"] for k, v in _cells(board).items()} == {
        "kim": "correct", "lee": "incorrect", "park": "not_attempted", "choi": "solution",
        "yoon": "incorrect", "han": "incorrect"}
    first = board["exercises"][0]
    assert first["counts"] == {"correct": 1, "incorrect": 3, "solution": 1, "not_attempted": 1}
    assert first["messages"] == [{"text": WRONG, "count": 2}, {"text": "다른 말", "count": 1}]
    assert [e["name"] for e in board["exercises"]] == [e.name for e in catalog.exercises["00"]]
    kim = next(s for s in board["students"] if s["student"] == "kim")
    assert kim["reached"] == "00" and kim["lessons"] == 1 and kim["done"] == 1 and kim["total"] == catalog.exercise_count
    lesson00 = next(o for o in board["lessons"] if o["id"] == "00")
    assert lesson00["reached"] == 6 and lesson00["solved"] == 2 and lesson00["label"] == "00 · 시작하기"


def test_board_opens_on_the_lesson_the_class_is_doing_now(catalog):
    early = StudentRecord("kim", _progress({}, "00", "2026-03-02T09:00:00"))
    later = StudentRecord("lee", _progress({}, "05", "2026-03-02T11:00:00"))
    assert build_board(catalog, [early, later])["lesson"] == "05"
    assert build_board(catalog, [early, later], "03")["lesson"] == "03"
    for odd in ["../../etc/passwd", "5", "99", "", None]:          # 차례에 없는 값은 지금 레슨
        assert build_board(catalog, [early, later], odd)["lesson"] == "05"
    assert build_board(catalog, [])["lesson"] == catalog.lessons[0]


# --- 읽는 자리: 명단, 읽을 수 없는 진도, 모은 노트북 ------------------------------------------------
def test_students_leave_out_instructors_and_follow_the_roster(classroom, tmp_path):
    assert [s.name for s in classroom.students()] == ["choi", "kim", "lee", "park"]
    roster = ClassSources(homes=classroom.homes, submissions=tmp_path, grades=tmp_path,
                          roster=["kim", "newcomer"], instructors=frozenset({"teacher"}))
    records = {r.name: r.progress for r in roster.records()}
    assert records["newcomer"] == {"lessons": {}} and records["kim"]["lessons"]["00"]   # 아직 로그인 안 한 학생도 줄


def test_links_fifos_and_broken_files_are_unreadable_and_never_followed(classroom):
    homes = classroom.homes
    spy = _home(homes, "spy")
    (spy / PROGRESS_FILE).parent.mkdir(parents=True)
    os.symlink(homes / "kim" / PROGRESS_FILE, spy / PROGRESS_FILE)           # 남의 진도 파일로 가는 링크
    jump = _home(homes, "jump")
    os.symlink(homes / "kim" / ".local", jump / ".local")                    # 폴더 링크로 남의 홈으로
    fifo = _home(homes, "fifo")
    (fifo / PROGRESS_FILE).parent.mkdir(parents=True)
    os.mkfifo(fifo / PROGRESS_FILE)                                           # 읽으면 영원히 기다리는 파일
    _home(homes, "broken", '{"lessons": {"00": ')
    records = {r.name: r.progress for r in classroom.records()}
    assert records["spy"] is None and records["jump"] is None and records["fifo"] is None and records["broken"] is None
    assert records["kim"]["lessons"]["00"]
    board = build_board(load_catalog(), classroom.records(), "00")
    assert {r["student"]: r["readable"] for r in board["grid"]}["spy"] is False


def test_collected_notebooks_are_found_only_by_listing_the_submissions_folder(classroom, tmp_path):
    page = ClassPage(classroom, load_catalog())
    assert page.notebook("00", "kim") == classroom.submissions / "00" / "kim.ipynb"
    (tmp_path / "secret.ipynb").write_text("{}", encoding="utf-8")
    os.symlink(tmp_path / "secret.ipynb", classroom.submissions / "00" / "lee.ipynb")    # 링크는 목록에 없음
    for lesson, student in [("00", "../kim"), ("00/../00", "kim"), ("00", "../../secret"), ("../00", "kim"),
                            ("00", "lee"), ("00", "kim.ipynb"), ("0", "kim"), ("00", "")]:
        assert page.notebook(lesson, student) is None, (lesson, student)


def test_building_the_page_never_writes_into_a_students_home(classroom):
    def snapshot() -> dict:
        return {str(p): (p.lstat().st_mtime_ns, p.lstat().st_size, p.lstat().st_mode)
                for p in sorted(classroom.homes.rglob("*"))}

    before = snapshot()
    page = ClassPage(classroom, load_catalog())
    for lesson in ["00", "05", None]:
        board = page.board(lesson)
        for table in ["grid", "exercises", "students", "grades"]:
            table_csv(board, table)
    assert snapshot() == before


# --- 성적표와 CSV ------------------------------------------------------------------------------
def _grade_sheet(folder: Path) -> Path:
    """일괄 채점기(``grading.batch.render_csv``)가 쓰는 그대로의 성적표."""
    from bertlab.exercises.grading.batch import render_csv
    from bertlab.exercises.grading.gradebook import GradeRow

    def result(name: str, index: int, status: str) -> dict:
        return {"name": name, "title": name, "index": index, "hidden": [],
                "outcome": {"status": status, "message": "", "points": float(status == "correct"), "max_points": 1.0}}

    rows = [GradeRow("kim", "kim.ipynb", "00", "ok", results=[result("first_list", 1, "correct")]),
            GradeRow("lee", "lee.ipynb", "00", "cell_errors", results=[result("first_list", 1, "incorrect")])]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "grades_00.csv"
    path.write_text("\ufeff" + render_csv(rows, []), encoding="utf-8")
    return path


def test_the_latest_grade_sheet_is_shown_in_korean_and_other_csvs_are_skipped(classroom):
    _grade_sheet(classroom.grades)
    newer = classroom.grades / "notes.csv"
    newer.write_text("이름,메모\nkim,잘함\n", encoding="utf-8")
    os.utime(newer, (2_000_000_000, 2_000_000_000))
    grades = ClassPage(classroom, load_catalog()).board("00")["grades"]
    assert grades["file"] == "grades_00.csv"
    assert grades["header"][:3] == ["학생", "레슨", "실행"] and "00 q1 단어 리스트 만들기" in grades["header"]
    column = grades["header"].index("00 q1 단어 리스트 만들기")
    assert [(row[0], row[2], row[column]) for row in grades["rows"]] == [("kim", "정상", "정답"), ("lee", "셀 오류", "오답")]
    assert grades["header"][-2:] == ["점수", "만점"] and grades["rows"][0][-2:] == ["1", "3"]


def test_csv_downloads_hold_what_the_page_shows_and_cannot_run_formulas(classroom):
    records = classroom.records() + [StudentRecord("=HYPERLINK(\"x\")", _progress(
        {"first_list": _entry(last_status="incorrect", last_message="=1+1 이 아니라")}))]
    board = build_board(load_catalog(), records, "00", collected={("00", "kim")})
    name, text = table_csv(board, "grid")
    assert name == "bertlab_lesson00_grid.csv" and text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:2] == ["학생", "q1 단어 리스트 만들기"]
    table = {row[0]: row for row in rows[1:]}
    assert table["lee"][1] == "오답 (3회, 2026-03-02 10:00:00)" and table["kim"][1].startswith("정답")
    assert "'=HYPERLINK(\"x\")" in table
    exercises = list(csv.reader(io.StringIO(table_csv(board, "exercises")[1].lstrip("\ufeff"))))
    assert exercises[0][:7] == ["문제", "제목", "정답", "오답", "해답 봄", "안 함", "자주 나온 피드백 1"]
    assert exercises[1][6:8] == [WRONG, "1"] and exercises[1][8] == "'=1+1 이 아니라"
    students = table_csv(board, "students")[1]
    assert "kim,00,1,1,86,2026-03-02 10:00:00,모음" in students and "lee,00,1,0,86,2026-03-02 10:00:00,없음" in students


# --- 웹: 강사만, 한국어 403, CDN 없음 -------------------------------------------------------------
def _get(url: str, user: str | None, **kwargs) -> requests.Response:
    return requests.get(url, cookies={"test-user": user} if user else {}, allow_redirects=False, timeout=TIMEOUT,
                        **kwargs)


@pytest.fixture
def served(classroom):
    pytest.importorskip("jupyterhub", reason="jupyterhub가 없어 건너뜁니다(pip install -e \".[test]\")")
    from class_page_server import serving

    _grade_sheet(classroom.grades)
    with serving(ClassPage(classroom, load_catalog())) as url:
        yield url


def test_the_instructor_gets_the_page_data_and_csv(served):
    page = _get(served, "teacher")
    assert page.status_code == 200 and "반 현황" in page.text and 'lang="ko"' in page.text
    assert _get(served.rstrip("/"), "teacher").headers["Location"] == "/services/bertlab-class/"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    board = _get(served + "api/board?lesson=00", "teacher").json()
    assert board["lesson"] == "00" and {r["student"] for r in board["grid"]} == {"choi", "kim", "lee", "park"}
    download = _get(served + "csv/students?lesson=00", "teacher")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert download.content.decode("utf-8-sig").startswith("학생,도달한 레슨")


@pytest.mark.parametrize("path", ["", "api/board", "api/board?lesson=00", "csv/grid?lesson=00", "csv/grades",
                                  "notebook?lesson=00&student=kim"])
def test_a_student_gets_a_korean_403_everywhere(served, path):
    reply = _get(served + path, "kim")
    assert reply.status_code == 403
    assert "강사만 볼 수 있는 페이지입니다" in reply.text and "kim" not in reply.text.replace("bertlab", "")
    assert "학생 출력" not in reply.text and "first_list" not in reply.text


def test_without_a_hub_login_the_page_sends_you_to_the_hub_and_the_api_refuses(served):
    page = _get(served, None)
    assert page.status_code == 302 and page.headers["Location"].startswith("/hub/login")
    api = _get(served + "api/board", None)
    assert api.status_code == 401 and "로그인" in api.json()["title"]


def test_the_notebook_view_is_read_only_sanitized_and_only_for_collected_notebooks(served):
    view = _get(served + "notebook?lesson=00&student=kim", "teacher")
    assert view.status_code == 200 and "읽기 전용" in view.text and "학생 출력" in view.text
    assert "<p><b>학생 출력</b></p>" in view.text                        # 글 태그는 남고
    for hostile in ["<script>alert", "onerror", "<iframe", "javascript:", "<meta http-equiv", "<style>body{display"]:
        assert hostile not in view.text, hostile                       # 스크립트·iframe·새로 고침·스타일은 글자로
    assert "script-src 'none'" in view.headers["Content-Security-Policy"]
    for query in ["lesson=00&student=../../../etc/passwd", "lesson=../00&student=kim", "lesson=00&student=lee",
                  "lesson=00", "student=kim"]:
        missing = _get(served + "notebook?" + query, "teacher")
        assert missing.status_code == 404 and "찾을 수 없습니다" in missing.text, query
    assert _get(served + "csv/..%2F..%2Fetc", "teacher").status_code == 404


def test_the_page_ships_its_script_style_and_korean_font_with_no_cdn(served):
    folder = REPO_ROOT / "bertlab" / "course" / "classroom" / "classpage"
    for path in [*folder.glob("static/*"), *folder.glob("templates/*")]:
        assert not re.search(r"https?://", path.read_text(encoding="utf-8")), path.name
    page = _get(served, "teacher").text
    for asset in re.findall(r'(?:src|href)="(/services/[^"]+)"', page):
        assert requests.get(served.split("/services/")[0] + asset, timeout=TIMEOUT).status_code == 200, asset
    font = requests.get(served + "fonts/NanumGothic.woff", timeout=TIMEOUT)
    assert font.status_code == 200 and font.content[:4] == b"wOFF" and len(font.content) > 1_000_000
    assert requests.get(served + "fonts/Other.woff", timeout=TIMEOUT).status_code == 404


def test_the_hub_config_declares_the_class_page_as_a_service(monkeypatch, tmp_path):
    from traitlets.config import Config

    config_file = REPO_ROOT / "bertlab" / "course" / "classroom" / "jupyterhub_config.py"
    monkeypatch.setenv("BERTLAB_SHARED", str(tmp_path / "shared"))
    monkeypatch.setenv("BERTLAB_INSTRUCTORS", "teacher,assistant")
    c = Config()
    exec(compile(config_file.read_text(encoding="utf-8"), str(config_file), "exec"), {"get_config": lambda: c})
    service = next(s for s in c.JupyterHub.services if s["name"] == "bertlab-class")
    assert service["command"][1:] == ["-m", "bertlab.course.classroom.classpage"]
    assert service["environment"]["BERTLAB_INSTRUCTORS"] == "assistant,teacher"
    assert service["environment"]["BERTLAB_SUBMISSIONS"] == str(tmp_path / "shared" / "submissions")
    user_role = next(r for r in c.JupyterHub.load_roles if r["name"] == "user")
    assert user_role["scopes"] == ["self", "access:services!service=bertlab-class"]   # 학생도 들어와 한국어 403을 봄
    monkeypatch.setenv("BERTLAB_CLASS_PAGE_URL", "off")
    off = Config()
    exec(compile(config_file.read_text(encoding="utf-8"), str(config_file), "exec"), {"get_config": lambda: off})
    assert all(s["name"] != "bertlab-class" for s in off.JupyterHub.services)
