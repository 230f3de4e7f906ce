"""반 현황 페이지를 진짜 JupyterHub(127.0.0.1)에서: 강사는 학생이 문제를 풀 때마다 격자가 바뀌는 것을 보고, 학생은 403.

``make test-hub``(= ``pytest -m hub``, root)로 따로 실행합니다(``test_classroom_hub.py``와 같은 예행연습).
흐름(이슈 42): 허브 시작(반 현황 서비스도 허브가 띄움) → 학생 kim·lee·park이 서버를 띄우고 레슨 00을 엶 → 강사가
헤드리스 Chromium으로 허브에 로그인해 ``/services/bertlab-class/``을 엶(허브 OAuth) → 학생들이 연습 1을 맞게·틀리게·
빈칸으로 확인 → 강사 화면의 격자가 새로 고침 없이 바뀜 → 모으기·채점 뒤 학생별 노트북 링크와 성적표 →
학생이 같은 주소를 열면 한국어 403. 스크린숏은 test-artifacts/class_page_hub_*.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import quote

import pytest

from bertlab.course.classroom.distribute import HANDOUT_FOLDER
from conftest import REPO_ROOT
from test_attention_browser import ARTIFACTS, _offline_page, browser  # noqa: F401 (browser: 픽스처)
from test_classroom_hub import ANSWERS, EXPECTED, NOTEBOOK, _answer_cell, classroom  # noqa: F401 (classroom: 픽스처)

BUSY_MACHINE_MS = 120_000   # 붐비는 2코어 기계(훈련과 경합)에서도 Playwright 기본 30초에 걸리지 않게
pytestmark = pytest.mark.hub

PAGE = "/services/bertlab-class/"
OPEN_LESSON = ("import bertlab\nbertlab.start('00')\n"
               "from bertlab.exercises import lesson_exercises, ____\nq1, q2, q3 = lesson_exercises('00')")


def _browser_login(browser, hub, account: str, next_path: str):  # noqa: F811
    """허브 로그인 폼으로 들어가 ``next_path``로 갑니다(서비스면 허브 OAuth를 거쳐 돌아옴)."""
    from bertlab.course.classroom.rehearsal import PASSWORD

    page = _offline_page(browser, allow_local=True)
    page.set_viewport_size({"width": 1500, "height": 950})
    page.set_default_timeout(BUSY_MACHINE_MS)
    page.goto(f"{hub.url}/hub/login?next={quote(next_path)}")
    page.fill("#username_input", account)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_load_state("load")
    return page


def _cell_selector(hub, name: str, status: str, attempts: int) -> str:
    return (f'td.cell[data-student="{hub.account(name)}"][data-exercise="first_list"]'
            f'[data-status="{status}"][data-attempts="{attempts}"]')


def _service_memory_mb() -> float:
    import psutil

    for process in psutil.process_iter(["cmdline", "memory_info"]):
        if "bertlab.course.classroom.classpage" in " ".join(process.info["cmdline"] or []):
            return process.info["memory_info"].rss / 1e6
    return float("nan")


def test_the_instructor_watches_the_grid_change_live_and_a_student_gets_403(classroom, browser):  # noqa: F811
    hub = classroom
    students = {name: hub.login(name) for name in ANSWERS}
    for student in students.values():
        hub.start_server(student)
    for student in students.values():
        hub.start_kernel(student)
        opened = hub.execute(student, OPEN_LESSON)
        assert not [o for o in opened if o["output_type"] == "error"], opened

    teacher = _browser_login(browser, hub, hub.account("teacher"), PAGE)
    teacher.wait_for_selector("body[data-generated]", timeout=BUSY_MACHINE_MS)
    if teacher.get_attribute("body", "data-lesson") != "00":
        teacher.select_option("#lesson-picker", "00")
        teacher.wait_for_selector("body[data-lesson='00']")
    for name in ANSWERS:                                               # 레슨은 열었지만 아직 아무도 확인하지 않음
        teacher.wait_for_selector(_cell_selector(hub, name, "not_attempted", 0), timeout=BUSY_MACHINE_MS)
    ARTIFACTS.mkdir(exist_ok=True)
    teacher.screenshot(path=str(ARTIFACTS / "class_page_hub_before.png"))
    teacher.evaluate("window.notReloaded = true")

    for name, student in students.items():                             # kim 맞게, lee 틀리게, park 빈칸으로 확인
        code = (ANSWERS[name] or "words = ____") + "\nq1.check()"
        hub.execute(student, code)
    for name, status in EXPECTED.items():
        teacher.wait_for_selector(_cell_selector(hub, name, status, 1), timeout=BUSY_MACHINE_MS)
    assert teacher.evaluate("window.notReloaded === true")             # 새로 고침 없이 바뀜
    summary = teacher.inner_text('#exercises tr[data-exercise="first_list"]')
    assert "1/3명" in summary and "1명" in summary and "지금 오답인 학생 없음" not in summary   # lee의 피드백이 보임
    teacher.screenshot(path=str(ARTIFACTS / "class_page_hub_after.png"))
    grid_csv = teacher.request.get(f"{hub.url}{PAGE}csv/grid?lesson=00")
    assert grid_csv.status == 200
    text = grid_csv.body().decode("utf-8-sig")
    assert "정답 (1회" in text and "오답 (1회" in text and "안 함 (1회" in text

    # kim이 답을 저장 → 강사가 모으고 채점 → 학생별 노트북 링크와 성적표가 페이지에
    kim = students["kim"]
    notebook = hub.read_notebook(kim, NOTEBOOK)
    _answer_cell(notebook)["source"] = "# 연습 1\n" + ANSWERS["kim"]
    hub.save_notebook(kim, NOTEBOOK, notebook)
    python = [sys.executable, "-m", "bertlab"]
    collected = subprocess.run(python + ["classroom", "collect", "--lesson", "00", "--homes", str(hub.homes),
                                         "--out", str(hub.submissions)], capture_output=True, text=True, cwd=REPO_ROOT)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    graded = subprocess.run(python + ["grade", str(hub.submissions / "00" / f"{kim.name}.ipynb"), "--lesson", "00",
                                      "--out", str(hub.grades / "grades_00.csv"), "--timeout", "240"],
                            capture_output=True, text=True, cwd=REPO_ROOT,
                            env={**os.environ, "HF_HUB_OFFLINE": "1", "BERTLAB_CACHE_DIR": str(hub.root / "shared" / "cache")})
    assert graded.returncode == 0, graded.stdout + graded.stderr
    teacher.wait_for_selector("#grades tbody tr", timeout=BUSY_MACHINE_MS)
    assert kim.name in teacher.inner_text("#grades") and "정답" in teacher.inner_text("#grades")
    link = teacher.locator(f'#students tr[data-student="{kim.name}"] a')
    link.wait_for(timeout=BUSY_MACHINE_MS)
    teacher.screenshot(path=str(ARTIFACTS / "class_page_hub_graded.png"), full_page=True)
    with teacher.context.expect_page() as opened_view:
        link.click()
    view = opened_view.value
    view.wait_for_load_state("load")
    assert "읽기 전용" in view.inner_text("body") and ANSWERS["kim"] in view.inner_text("body")   # kim이 저장한 답
    view.screenshot(path=str(ARTIFACTS / "class_page_hub_notebook.png"))
    print(f"\n반 현황 서비스 프로세스의 메모리(RSS): {_service_memory_mb():.0f} MB")

    # 학생이 같은 주소를 열면 한국어 403, API도 남의 노트북도 403
    lee = _browser_login(browser, hub, hub.account("lee"), PAGE)
    reply = lee.goto(f"{hub.url}{PAGE}")
    assert reply.status == 403 and "강사만 볼 수 있는 페이지입니다" in lee.inner_text("body")
    lee.screenshot(path=str(ARTIFACTS / "class_page_hub_student_403.png"))
    for path in ["api/board?lesson=00", f"notebook?lesson=00&student={kim.name}", "csv/grid?lesson=00"]:
        refused = lee.request.get(f"{hub.url}{PAGE}{path}")
        assert refused.status == 403 and kim.name not in refused.text(), path
    assert (hub.root / "shared" / "grades").stat().st_mode & 0o077 == 0  # prepare가 만든 성적표 폴더는 강사만
    for home in hub.homes.iterdir():                                    # 페이지는 학생 홈에 아무것도 만들지 않음
        assert not list(home.rglob("*bertlab-class*")) and (home / HANDOUT_FOLDER).is_dir()
