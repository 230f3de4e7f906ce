"""학생처럼 진짜 JupyterLab + Chromium으로(이슈 32): 레슨(03, 07, 파인 튜닝 11)을 열고 Run All, 위젯에 글을 치고, 커널을 멈춘 뒤 다시 엽니다.

강의 커널(``bertlab``, 한국어 NameError 안내 확장 포함)과 강의의 JupyterLab 설정(위젯 모습 저장)을 이 테스트만의
Jupyter 폴더에 설치하고, 레슨 노트북의 **사본**으로 합니다(JupyterLab이 출력을 자동 저장하므로 원본은 건드리지 않음).

레슨마다 확인하는 것:
1. Run All 뒤 어느 출력에도 "Error displaying widget"과 traceback이 없다.
2. 위젯 입력 상자에 글을 치면 출력이 바뀌고 한국어다. 빈 입력과 3,000자 입력에도 한국어 안내가 나온다.
3. 저장하고 커널을 끈 뒤 다시 열면 위젯 자리에 "앞 셀부터 다시 실행하세요" 한국어 안내가 보이고, 위젯 셀 하나만
   실행하면 영어 NameError 대신 그 이름을 만드는 셀을 알려 주는 한국어 안내가 나온다.

위젯 갱신 시간(글을 친 뒤 출력이 바뀔 때까지)을 출력합니다. 스크린숏은 test-artifacts/에.
실행: ``pytest -m browser tests/test_live_lab.py -s``
"""

from __future__ import annotations

import json
import re
import shutil
import time

import pytest
from conftest import REPO_ROOT
from test_attention_browser import ARTIFACTS, _offline_page, browser, lab_environment, running_lab  # noqa: F401 (browser: 픽스처)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# 레슨마다: 노트북, 글을 칠 위젯(그 위젯 안에 보이는 글), 칠 문장
LESSONS = {
    "03": ("03_wordpiece.ipynb", "특수 토큰([CLS], [SEP]) 붙이기", "한국어 토크나이저를 직접 비교해 봅니다"),
    "07": ("07_masked_lm.ipynb", "한국어 (ko-mlm)", "배우들의 [MASK] 정말 좋았다."),
    "11": ("11_sentence_classification.ipynb", "내 문장", "이 영화 정말 최고였어요. 또 보고 싶다!"),   # 파인 튜닝 레슨
}
HANGUL = re.compile("[가-힣]")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """강의 커널과 설정을 이 테스트만의 폴더에 설치하고 레슨 사본을 연 JupyterLab 서버 주소."""
    from bertlab.course import setup

    root = tmp_path_factory.mktemp("lessons")
    home = tmp_path_factory.mktemp("jupyter-home")
    env = lab_environment(home, HF_HUB_OFFLINE="1", BERTLAB_DATA_DIR=str(home / "bertlab"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_DATA_DIR", env["JUPYTER_DATA_DIR"])
        setup.register_kernel()                        # 강의 커널(--ext 한국어 NameError 안내)
    setup.install_lab_settings()                       # 이 환경의 JupyterLab: 위젯 모습 저장(make setup과 같음)
    for name, *_ in LESSONS.values():
        shutil.copy(REPO_ROOT / "notebooks" / name, root / name)
    with running_lab(root, env) as url:
        yield url, root


def _menu(page, menu: str, item: str) -> None:
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).first.click()


def _wait_all_executed(page, timeout_s: float) -> None:
    """모든 코드 셀의 실행 표시가 [숫자]가 될 때까지(Run All이 끝까지 감)."""
    page.wait_for_function(
        """() => { const prompts = Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'));
                   return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)); }""",
        timeout=timeout_s * 1000)


def _wait_kernel_idle(page) -> None:
    page.wait_for_function("() => /\\| Idle/.test(document.querySelector('#jp-main-statusbar')?.innerText || '')",
                           timeout=90_000)


def _open(page, url: str, name: str) -> None:
    page.goto(f"{url}/lab/tree/{name}?reset")      # 빈 작업 공간: 앞서 연 노트북이 뒤에 숨어 있지 않게
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    _wait_kernel_idle(page)


def _panel_text(page) -> str:
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").inner_text()


def _type_and_time(page, box, output, text: str) -> tuple[str, float]:
    """입력 상자에 글을 넣고(Enter로 확정) 출력이 바뀔 때까지의 시간(초)."""
    before = output.inner_html()
    started = time.perf_counter()
    box.fill(text)
    if box.evaluate("e => e.tagName") == "INPUT":
        box.press("Enter")
    else:
        box.dispatch_event("change")
    deadline = time.monotonic() + 30
    while output.inner_html() == before and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    return output.inner_text(), time.perf_counter() - started


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_a_student_runs_pokes_and_reopens_a_lesson(browser, lab, lesson):
    url, root = lab
    name, marker, sentence = LESSONS[lesson]
    page = _offline_page(browser, allow_local=True)
    _open(page, url, name)
    page.wait_for_timeout(1500)
    assert page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() == 0, "열자마자 수정됨(●) 표시"
    _menu(page, "Run", "Run All Cells")
    try:
        _wait_all_executed(page, 300)
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"live_lesson{lesson}_stuck.png"))
        prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
        pytest.fail(f"Run All이 끝나지 않았습니다. 실행 표시: {prompts}")
    text = _panel_text(page)
    assert "Error displaying widget" not in text
    assert "Traceback" not in text, text[text.find("Traceback") - 300:text.find("Traceback") + 300]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"live_lesson{lesson}_run_all.png"), full_page=True)

    # 위젯 하나(레슨의 첫 놀이터)에 글을 쳐 봅니다: 정상 문장, 빈 입력, 3,000자.
    widget = page.locator(".jp-OutputArea-output .widget-vbox", has=page.locator(".bertlab-reopen-note"),
                          has_text=marker).last
    widget.scroll_into_view_if_needed()
    box = widget.locator("textarea, input[type='text']").first
    output = widget.locator(".widget-html").nth(-2)          # 맨 아래는 다시 열기 안내, 그 위가 결과
    times = []
    answer, seconds = _type_and_time(page, box, output, sentence)
    times.append(seconds)
    assert HANGUL.search(answer), answer[:200]
    empty, seconds = _type_and_time(page, box, output, "")
    times.append(seconds)
    assert HANGUL.search(empty) and empty != answer, empty[:200]
    long_answer, seconds = _type_and_time(page, box, output, "가나다라 " * 600)
    times.append(seconds)
    assert HANGUL.search(long_answer), long_answer[:200]
    print(f"\n[레슨 {lesson}] 위젯 갱신 시간(초): 문장 {times[0]:.2f}, 빈 입력 {times[1]:.2f}, 3,000자 {times[2]:.2f}")
    page.screenshot(path=str(ARTIFACTS / f"live_lesson{lesson}_widget.png"), full_page=True)

    # 저장하고 커널을 끈 뒤 다시 엽니다(다음 날의 학생).
    _menu(page, "File", "Save Notebook")                 # 위젯 입력 상자 안에서는 Ctrl+S가 JupyterLab까지 가지 않음
    page.wait_for_function("() => !document.querySelector('.jp-mod-current.jp-mod-dirty')", timeout=30_000)
    _menu(page, "Kernel", "Shut Down Kernel")
    page.wait_for_timeout(1500)
    page.close()
    saved = json.loads((root / name).read_text(encoding="utf-8"))
    assert "application/vnd.jupyter.widget-state+json" in saved["metadata"].get("widgets", {}), "위젯 모습이 저장되지 않음"

    page = _offline_page(browser, allow_local=True)
    _open(page, url, name)
    page.wait_for_timeout(2000)
    notes = page.locator(".bertlab-reopen-note")
    assert notes.count() >= 1 and "Run All Above" in notes.first.inner_text()
    assert "Error displaying widget" not in _panel_text(page)
    page.screenshot(path=str(ARTIFACTS / f"live_lesson{lesson}_reopened.png"), full_page=True)

    # 위젯 셀 하나만 실행: 영어 NameError 대신 한국어 안내
    cell = page.locator(".jp-CodeCell", has=page.locator(".bertlab-reopen-note")).last.element_handle()
    cell.query_selector(".jp-InputArea-editor").click()       # 실행하면 위젯 출력이 지워지므로 셀 자체를 잡아 둠
    page.keyboard.press("Shift+Enter")
    page.wait_for_function("() => document.body.innerText.includes('앞 셀을 먼저 실행하세요')", timeout=120_000)
    reopened = cell.inner_text()
    assert "Run All Above" in reopened and "코드 셀" in reopened, reopened[-400:]
    page.screenshot(path=str(ARTIFACTS / f"live_lesson{lesson}_name_error.png"), full_page=True)
    page.close()
