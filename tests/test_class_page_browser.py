"""반 현황 페이지를 헤드리스 Chromium으로(허브 없이, 가짜 반 40명): 그리기, 레슨 고르기, 정렬, 새로 고침 없는 갱신.

인터넷 요청은 모두 막고(127.0.0.1만 허용) 봅니다: 페이지의 JS·CSS·글꼴이 모두 서버에서 와야 합니다.
스크린숏은 test-artifacts/에 남습니다(``class_page.png``는 강사 안내서의 그림). 진짜 허브는 ``test_class_page_hub.py``.
"""

from __future__ import annotations

import json

import pytest

from bertlab.course.classroom.classpage import ClassPage, ClassSources, load_catalog
from bertlab.course.classroom.distribute import PROGRESS_FILE

pytest.importorskip("jupyterhub", reason="jupyterhub가 없어 건너뜁니다(pip install -e \".[test]\")")
from class_page_server import serving  # noqa: E402
from test_attention_browser import ARTIFACTS, _offline_page, browser  # noqa: F401 (browser: 픽스처)

BUSY_MACHINE_MS = 120_000   # 붐비는 2코어 기계(훈련과 경합)에서도 Playwright 기본 30초에 걸리지 않게
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def synthetic_class(tmp_path_factory):
    from bertlab.benchmarks.class_page import write_synthetic_class

    root = tmp_path_factory.mktemp("class")
    catalog = load_catalog()
    homes = write_synthetic_class(root, catalog)
    page = ClassPage(ClassSources(homes=homes, submissions=root / "submissions", grades=root / "grades"), catalog)
    with serving(page) as url:
        yield url, homes


def _open(browser, url: str, user: str):  # noqa: F811
    page = _offline_page(browser, allow_local=True)
    page.set_viewport_size({"width": 1500, "height": 1000})
    page.set_default_timeout(BUSY_MACHINE_MS)
    page.context.add_cookies([{"name": "test-user", "value": user, "url": url}])
    return page


def test_the_instructor_sees_forty_students_sorts_picks_a_lesson_and_sees_a_change_live(browser, synthetic_class):  # noqa: F811
    url, homes = synthetic_class
    page = _open(browser, url, "teacher")
    page.goto(url)
    page.wait_for_selector("body[data-generated]")
    assert page.locator("#grid tbody tr").count() == 40
    assert page.locator("#lesson-picker option").count() == 18
    assert page.evaluate("document.fonts.check('20px NanumGothic')")
    page.select_option("#lesson-picker", "03")
    page.wait_for_selector("body[data-lesson='03']")
    assert page.locator("a.csv[data-table='grid']").get_attribute("href") == "csv/grid?lesson=03"

    page.click("#grid th[data-sort='ex:0']")                         # q1로 정렬: 막힌 학생(오답)부터
    statuses = page.eval_on_selector_all("#grid tbody td.cell:nth-child(2)", "cells => cells.map(c => c.dataset.status)")
    rank = {"incorrect": 0, "solution": 1, "not_attempted": 2, "correct": 3}
    assert [rank[s] for s in statuses] == sorted(rank[s] for s in statuses) and statuses[0] != "correct"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "class_page.png"))

    catalog = load_catalog()
    first = catalog.exercises["03"][0].name
    student = next(row for row in page.eval_on_selector_all(
        "#grid tbody td.cell:nth-child(2)", "cells => cells.map(c => [c.dataset.student, c.dataset.status])")
        if row[1] != "correct")[0]
    page.evaluate("window.notReloaded = true")
    path = homes / student / PROGRESS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = data["lessons"].setdefault("03", {}).setdefault("problems", {}).setdefault(first, {"attempts": 0})
    entry.update(attempts=entry.get("attempts", 0) + 1, last_status="correct", solved="2099-01-01T09:00:00",
                 last_checked="2099-01-01T09:00:00")
    entry.pop("solution_viewed", None)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")   # 학생이 방금 맞힘
    page.wait_for_selector(f'td.cell[data-student="{student}"][data-exercise="{first}"][data-status="correct"]',
                           timeout=BUSY_MACHINE_MS)                                    # 페이지의 CSP가 eval을 막아 선택자로 기다림
    assert page.evaluate("window.notReloaded === true")                      # 새로 고침 없이 바뀜
    assert not page.blocked and not page.errors, (page.blocked, page.errors)


def test_a_student_sees_the_korean_403_page(browser, synthetic_class):  # noqa: F811
    url, _ = synthetic_class
    page = _open(browser, url, "student07")
    reply = page.goto(url)
    assert reply.status == 403
    assert "강사만 볼 수 있는 페이지입니다" in page.inner_text("body")
    assert page.locator("#grid").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "class_page_student_403.png"))
