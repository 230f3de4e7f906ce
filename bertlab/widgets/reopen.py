"""모든 위젯 아래에 붙는 한 줄 안내: 다시 연 노트북에서 위젯이 움직이지 않을 때 할 일(이슈 32).

커널이 멈췄다가 노트북을 다시 열면 위젯의 파이썬 쪽 객체가 없어 위젯이 움직이지 않습니다. 강의의 JupyterLab
설정(``python -m bertlab setup``이 설치하는 ``saveState``)은 저장할 때 위젯 모습을 노트북에 함께 저장하므로, 다시 연
노트북에도 위젯과 이 안내가 보입니다. 학생이 할 일은 앞 셀부터 다시 실행하는 것 하나뿐입니다.
"""

from __future__ import annotations

REOPEN_NOTE = ("※ 노트북을 다시 열었거나 커널을 다시 시작했다면 이 위젯은 움직이지 않습니다. "
               "메뉴 <b>Run → Run All Above</b>(위의 모든 셀 실행)로 앞 셀부터 다시 실행한 뒤 이 셀을 실행하세요.")


def live_box(children: list, hint: str = ""):
    """위젯들을 세로로 쌓고 맨 아래에 안내를 붙입니다(``widgets.VBox``): 입력 상자가 있으면 어떻게 반영되는지
    (``hint``, 보통 ``text_inputs.ENTER_HINT``), 그리고 다시 열기 안내."""
    import html

    import ipywidgets as widgets

    how = f"※ {html.escape(hint)} " if hint else ""
    note = widgets.HTML(f'<div class="bertlab-reopen-note" style="color:#6b7280;font-size:85%">{how}{REOPEN_NOTE}</div>')
    return widgets.VBox([*children, note])
