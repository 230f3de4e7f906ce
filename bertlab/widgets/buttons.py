"""예문 단추 줄(레슨 03·17의 토크나이저 놀이터, 레슨 07의 빈칸 채우기 놀이터가 함께 씀)."""

from __future__ import annotations


def example_buttons(examples: dict, box):
    """{단추 이름: 예문}. 단추를 누르면 입력 상자 ``box``에 그 예문이 들어갑니다."""
    import ipywidgets as widgets

    buttons = []
    for label, text in examples.items():
        button = widgets.Button(description=str(label), tooltip=str(text), layout=widgets.Layout(width="auto"))
        button.on_click(lambda _, text=text: setattr(box, "value", text))
        buttons.append(button)
    return widgets.HBox([widgets.Label("예문:"), *buttons], layout=widgets.Layout(flex_flow="row wrap"))
