"""모든 입력 위젯에 다시 열기 안내가 붙는지(이슈 32): 새 레슨의 위젯이 ``live_box``를 빠뜨리지 않게 합니다."""

from __future__ import annotations

import re

from conftest import REPO_ROOT

INPUT_CONTROL = re.compile(r"widgets\.(Textarea|Text|Dropdown|IntSlider|FloatSlider|SelectionSlider|ToggleButtons|"
                           r"RadioButtons|Checkbox)\(|\b(sentence_box|lines_box)\(")
FACTORIES = {"text_inputs.py"}     # 입력 상자를 만들어 주기만 하는 모듈(위젯이 아님)


def test_every_widget_with_an_input_carries_the_reopen_note():
    modules = sorted(m for m in (REPO_ROOT / "bertlab" / "widgets").glob("*.py") if m.name not in FACTORIES)
    with_inputs = [m for m in modules if INPUT_CONTROL.search(m.read_text(encoding="utf-8"))]
    assert len(with_inputs) >= 12, [m.name for m in with_inputs]       # 검사가 위젯을 실제로 찾는지
    missing = [m.name for m in with_inputs if "live_box(" not in m.read_text(encoding="utf-8")]
    assert not missing, f"live_box(다시 열기 안내)가 없는 위젯: {missing}"
