"""레슨 16의 대화 칸을 진짜 브라우저로(이슈 41): 답이 쌓여 칸이 넘쳐도 가장 새 답이 보이고, 새 답이 붙어도 그렇습니다.

위젯 HTML에서는 스크립트가 돌지 않아 스크롤을 코드로 내릴 수 없으므로 ``chat_box.history_html``은 CSS
(``flex-direction: column-reverse``)에 기댑니다. 그 약속을 헤드리스 Chromium으로 확인합니다(없으면 건너뜀).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"


def _turn(number: int) -> str:
    from bertlab.widgets.chat_box import HISTORY_HEIGHT

    return (f'<div class="turn" id="turn-{number}" style="height:{HISTORY_HEIGHT // 4}px">{number}번째 말과 답</div>')


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium이 없어 브라우저 시험을 건너뜁니다")
def test_newest_reply_is_visible_when_the_history_overflows():
    from playwright.sync_api import sync_playwright

    from bertlab.widgets.chat_box import history_html

    visible = """(id) => {
        const box = document.querySelector('.bertlab-chat-history').getBoundingClientRect();
        const turn = document.getElementById(id).getBoundingClientRect();
        return turn.top >= box.top - 1 && turn.bottom <= box.bottom + 1;
    }"""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--headless", "--no-sandbox", "--disable-background-networking"])
        try:
            page = browser.new_page()
            page.set_content(f'<div id="widget">{history_html([_turn(i) for i in range(1, 13)])}</div>')
            assert page.evaluate(visible, "turn-12") and not page.evaluate(visible, "turn-1")
            # 위젯이 새 답을 붙이는 것과 같게: 칸의 HTML을 통째로 바꿈
            page.evaluate("(html) => { document.getElementById('widget').innerHTML = html; }",
                          history_html([_turn(i) for i in range(1, 14)]))
            assert page.evaluate(visible, "turn-13") and not page.evaluate(visible, "turn-2")
        finally:
            browser.close()
