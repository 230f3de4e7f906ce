"""교실 서버 통합 테스트: 진짜 JupyterHub(127.0.0.1)에서 학생 셋이 레슨 00을 풀고, 강사가 모아 채점합니다.

``make test-hub``(= ``pytest -m hub``)로 따로 실행합니다. 기본 ``make test``에서는 빠집니다: 학생마다 리눅스
계정을 만들고(root 필요), jupyterhub와 configurable-http-proxy(npm)를 설치해야 하며, 커널 여섯 개가 레슨 00을
돌려 2코어에서 몇 분 걸리기 때문입니다. 준비물이 없으면 한국어 이유와 함께 건너뜁니다.

흐름(이슈 31): 허브 시작 → 학생 kim·lee·park이 허브 REST API로 로그인, 서버 시작 → 레슨 00의 셀을 커널 API로
실행하며 연습 1을 kim은 맞게, lee는 틀리게, park은 빈칸으로 저장 → kim이 로그아웃했다 다시 들어와도 고친 노트북이
그대로 → 강사가 ``classroom collect``와 ``grade`` → 성적표 세 줄 → 학생은 남의 파일도 제출물도 못 읽음.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time

import pytest

from bertlab.course.classroom.distribute import HANDOUT_FOLDER
from conftest import REPO_ROOT

pytestmark = pytest.mark.hub

NOTEBOOK = "00_getting_started.ipynb"
ANSWERS = {  # 학생 -> 연습 1(words) 셀의 답. None이면 빈칸 그대로
    "kim": 'words = "나는 BERT를 배운다".split()',
    "lee": 'words = ["나는", "BERT", "를", "배운다"]',
    "park": None,
}
EXPECTED = {"kim": "correct", "lee": "incorrect", "park": "not_attempted"}
EDIT_MARK = "# kim이 고친 셀: 다시 로그인해도 남아야 합니다"


@pytest.fixture(scope="module")
def classroom():
    from bertlab.course.classroom.rehearsal import Rehearsal, missing_requirements

    reason = missing_requirements()
    if reason:
        pytest.skip(reason)
    with Rehearsal(list(ANSWERS)) as hub:
        hub.start_hub()
        yield hub


def _answer_cell(notebook: dict) -> dict:
    return next(c for c in notebook["cells"] if c["cell_type"] == "code" and "".join(c["source"]).startswith("# 연습 1"))


def _run_lesson(hub, student, notebook: dict) -> list[str]:
    """노트북의 코드 셀을 위에서부터 실행하고 출력을 셀에 담습니다. 오류 난 셀의 (앞부분, 오류) 목록을 돌려줍니다."""
    errors = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell["outputs"] = hub.execute(student, source)
        errors += [f"{source[:40]!r}: {o['ename']}" for o in cell["outputs"] if o["output_type"] == "error"]
    return errors


def test_three_students_take_lesson_00_and_the_instructor_grades_them(classroom):
    hub = classroom
    students = {name: hub.login(name) for name in ANSWERS}
    for student in students.values():
        hub.start_server(student)
    for name, student in students.items():
        hub.start_kernel(student)
        first = hub.execute(student, "import bertlab\nbertlab.start('00')")
        assert not [o for o in first if o["output_type"] == "error"], first
    print(f"\n허브 시작부터 학생 {len(students)}명의 첫 셀 실행까지: {time.monotonic() - hub.started_at:.1f}초")

    # 첫 로그인 때 레슨이 나눠졌고, 홈은 학생만 읽을 수 있게 바뀜
    for student in students.values():
        home = hub.homes / student.name
        assert (home / HANDOUT_FOLDER / NOTEBOOK).is_file()
        assert os.stat(home).st_mode & 0o077 == 0, oct(os.stat(home).st_mode)

    for name, student in students.items():
        notebook = hub.read_notebook(student, NOTEBOOK)
        if ANSWERS[name] is not None:
            _answer_cell(notebook)["source"] = "# 연습 1\n" + ANSWERS[name]
        errors = _run_lesson(hub, student, notebook)
        assert not errors, f"{name}: {errors}"
        hub.save_notebook(student, NOTEBOOK, notebook)

    # kim이 레슨을 고치고 로그아웃했다가 다시 들어옴: 고친 셀이 남아 있음(나눠 주기가 덮어쓰지 않음)
    kim = students["kim"]
    edited = hub.read_notebook(kim, NOTEBOOK)
    edited["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                            "source": EDIT_MARK})
    hub.save_notebook(kim, NOTEBOOK, edited)
    hub.stop_server(kim)
    kim = hub.login("kim")
    hub.start_server(kim)
    again = hub.read_notebook(kim, NOTEBOOK)
    assert any("".join(c["source"]) == EDIT_MARK for c in again["cells"])
    assert "".join(_answer_cell(again)["source"]).endswith(ANSWERS["kim"])

    # 강사: 모으기(원본은 그대로) → 채점
    submissions = hub.root / "submissions"
    originals = {s.name: os.stat(hub.homes / s.name / HANDOUT_FOLDER / NOTEBOOK) for s in students.values()}
    python = [sys.executable, "-m", "bertlab"]
    collected = subprocess.run(python + ["classroom", "collect", "--lesson", "00", "--homes", str(hub.homes),
                                         "--out", str(submissions)], capture_output=True, text=True, cwd=REPO_ROOT)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    for account, before in originals.items():
        after = os.stat(hub.homes / account / HANDOUT_FOLDER / NOTEBOOK)
        assert (after.st_mtime_ns, after.st_size, after.st_uid) == (before.st_mtime_ns, before.st_size, before.st_uid)
    files = sorted(str(p) for p in (submissions / "00").glob("*.ipynb"))
    assert len(files) == 3
    grades = hub.root / "grades.csv"
    graded = subprocess.run(python + ["grade", *files, "--lesson", "00", "--out", str(grades),
                                      "--timeout", "240"], capture_output=True, text=True, cwd=REPO_ROOT,
                            env={**os.environ, "HF_HUB_OFFLINE": "1", "BERTLAB_CACHE_DIR": str(hub.root / "shared" / "cache")})
    assert graded.returncode == 0, graded.stdout + graded.stderr
    rows = list(csv.DictReader(grades.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 3
    results = {row["student"]: row["00:first_list"] for row in rows}
    assert results == {hub.account(name): status for name, status in EXPECTED.items()}

    # 반 진도 표: 세 학생 모두 한 줄씩, 레슨 00에서 kim만 연습 1을 풂(진도 파일은 읽기만)
    table = subprocess.run(python + ["classroom", "progress", "--homes", str(hub.homes), "--lesson", "00"],
                           capture_output=True, text=True, cwd=REPO_ROOT)
    assert table.returncode == 0, table.stderr
    lines = {line.split()[0]: line.split()[1] for line in table.stdout.splitlines()[2:]}
    assert lines[hub.account("kim")].startswith("1/") and lines[hub.account("park")].startswith("0/")

    # 학생은 다른 학생의 파일도, 강사의 제출 폴더도 읽을 수 없음
    lee = students["lee"]
    probe = (f"import os\nfor path in [{str(hub.homes / kim.name / HANDOUT_FOLDER / NOTEBOOK)!r}, "
             f"{str(submissions / '00' / (kim.name + '.ipynb'))!r}, {str(hub.homes / kim.name)!r}]:\n"
             "    try:\n        open(path).read() if os.path.isfile(path) or '.ipynb' in path else os.listdir(path)\n"
             "        print('읽음', path)\n    except PermissionError:\n        print('거부', path)\n")
    text = "".join(o.get("text", "") for o in hub.execute(lee, probe))
    assert text.count("거부") == 3 and "읽음" not in text, text
