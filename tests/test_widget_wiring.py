"""입력 위젯 배선(``widgets.wiring.bind``)과 예문 단추(``widgets.buttons.example_buttons``): 레슨 11-16의 입력 위젯이 같이 씀."""

from __future__ import annotations

import ipywidgets as widgets

from bertlab.widgets.buttons import example_buttons
from bertlab.widgets.wiring import bind


def test_bind_draws_once_and_again_whenever_any_input_changes():
    first, second = widgets.Text(value="가"), widgets.Text(value="나")
    calls = []

    def render(a, b):
        calls.append((a, b))
        return f"{a}|{b}"

    out = bind([first, second], render)
    assert out.value == "가|나" and calls == [("가", "나")]
    second.value = "다"
    assert out.value == "가|다"
    first.value = "라"
    assert out.value == "라|다" and len(calls) == 3


def test_example_button_fills_the_box_or_calls_the_picker():
    box = widgets.Text(value="")
    row = example_buttons({"인사": "안녕하세요"}, box)
    button = row.children[1]
    assert row.children[0].value == "예문:" and button.description == "인사" and button.tooltip == "안녕하세요"
    button.click()
    assert box.value == "안녕하세요"

    picked = []
    row = example_buttons({"질문": ("누가?", "철수가 왔다.")}, picked.append, tooltip=lambda pair: pair[0])
    row.children[1].click()
    assert picked == [("누가?", "철수가 왔다.")] and row.children[1].tooltip == "누가?"
