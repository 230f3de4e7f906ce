"""입력 위젯 -> HTML 한 칸을 잇는 배선(레슨 11-16의 입력 위젯들이 같이 씀).

위젯은 얇게: 계산과 HTML은 테스트가 직접 부르는 평범한 함수(``render``)가 하고, 여기서는 입력 값이 바뀔 때마다
그 함수를 다시 불러 결과 칸을 바꾸기만 합니다.
"""

from __future__ import annotations

from typing import Callable


def bind(inputs: list, render: Callable[..., str]):
    """``inputs``의 값이 바뀔 때마다 ``render(*입력 값들)``로 다시 그리는 HTML 칸(``widgets.HTML``, 처음 한 번 그림)."""
    import ipywidgets as widgets

    out = widgets.HTML()

    def refresh(_=None):
        out.value = render(*(box.value for box in inputs))

    for box in inputs:
        box.observe(refresh, names="value")
    refresh()
    return out

