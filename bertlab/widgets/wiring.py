"""입력 위젯 -> HTML 한 칸을 잇는 배선(레슨 11-16의 입력 위젯들이 같이 씀).

위젯은 얇게: 계산과 HTML은 테스트가 직접 부르는 평범한 함수(``render``)가 하고, 여기서는 입력 값이 바뀔 때마다
그 함수를 다시 불러 결과 칸을 바꾸기만 합니다. 여러 줄 상자(``text_inputs.lines_box``)는 ``value`` 대신 Enter로
반영된 ``applied``를 봅니다.
"""

from __future__ import annotations

from typing import Callable


def bind(inputs: list, render: Callable[..., str]):
    """``inputs``의 값이 바뀔 때마다 ``render(*입력 값들)``로 다시 그리는 HTML 칸(``widgets.HTML``, 처음 한 번 그림)."""
    import ipywidgets as widgets

    from bertlab.widgets.text_inputs import applied_name

    out = widgets.HTML()
    names = [applied_name(box) for box in inputs]

    def refresh(_=None):
        out.value = render(*(getattr(box, name) for box, name in zip(inputs, names)))

    for box, name in zip(inputs, names):
        box.observe(refresh, names=name)
    refresh()
    return out

