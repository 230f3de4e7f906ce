"""예문 단추 줄(레슨 03·17의 토크나이저 놀이터, 레슨 07의 빈칸 채우기 놀이터, 레슨 12·14의 태그·질의응답 뷰어가 함께 씀)."""

from __future__ import annotations

from typing import Callable


def example_buttons(examples: dict, target, tooltip: Callable[[object], str] = str):
    """{단추 이름: 예문}. 단추를 누르면 입력 상자 ``target``에 그 예문이 들어갑니다.

    ``target``이 함수면 ``target(예문)``을 부릅니다(예: 질문과 지문 두 상자를 한꺼번에 바꿀 때, 레슨 14).
    여러 줄 상자(``text_inputs.lines_box``)에는 ``set_text``로 넣어 Enter 없이도 바로 반영합니다.
    """
    import ipywidgets as widgets

    if callable(target):
        pick = target
    elif hasattr(target, "set_text"):
        pick = target.set_text
    else:
        pick = lambda example: setattr(target, "value", example)  # noqa: E731
    buttons = []
    for label, example in examples.items():
        button = widgets.Button(description=str(label), tooltip=tooltip(example), layout=widgets.Layout(width="auto"))
        button.on_click(lambda _, example=example: pick(example))
        buttons.append(button)
    return widgets.HBox([widgets.Label("예문:"), *buttons], layout=widgets.Layout(flex_flow="row wrap"))
