"""글 입력 상자(모든 레슨의 위젯): 어느 위젯이든 **Enter를 누르면 반영**됩니다.

- ``sentence_box``: 한 줄 상자(``widgets.Text``). Enter를 누르면(또는 상자 밖을 누르면) 값이 바뀝니다.
- ``lines_box``: 여러 줄 상자(``widgets.Textarea``). 보통의 여러 줄 상자는 Enter가 줄만 바꾸고 아무 일도 일어나지
  않아(바깥을 눌러야 반영) 학생이 헷갈립니다. 이 상자는 글자를 칠 때마다 커널이 값을 받되, **줄 수가 바뀔 때**(Enter,
  줄 지우기, 붙여 넣기)에만 ``applied``를 바꿉니다. 위젯은 ``value`` 대신 ``applied``를 봅니다(``wiring.bind``).
  ``one_item=True``(지문 하나처럼 줄바꿈이 필요 없는 글)이면 Enter로 생긴 줄바꿈은 지우고 반영만 합니다.
- 칠 때마다 바로 바뀌는 위젯(토크나이저 놀이터, 토큰 미리 보기)은 계산이 가벼워 따로 ``continuous_update=True``를 씁니다.

``ENTER_HINT``는 위젯 아래의 안내 줄(``reopen.live_box``)이 씁니다.
"""

from __future__ import annotations

ENTER_HINT = "글을 고친 뒤 Enter를 누르면 반영됩니다."
LINES_HINT = "한 줄에 한 문장씩 쓰고 Enter를 누르면 반영됩니다."   # 여러 줄 상자(``lines_box``)의 안내
LIVE_HINT = "칠 때마다 바로 바뀝니다."


def applied_name(box) -> str:
    """위젯이 지켜볼 값의 이름: ``lines_box``는 ``"applied"``(Enter로 반영된 값), 나머지는 ``"value"``."""
    return "applied" if box.has_trait("applied") else "value"


def sentence_box(value: str = "", description: str = "문장:", placeholder: str = "", width: str = "95%"):
    """한 줄 입력 상자: Enter를 누르면(또는 상자 밖을 누르면) 반영."""
    import ipywidgets as widgets

    return widgets.Text(value=value, description=description, placeholder=placeholder, continuous_update=False,
                        layout=widgets.Layout(width=width))


def lines_box(value: str = "", description: str = "문장들:", rows: int = 4, one_item: bool = False,
              width: str = "95%"):
    """여러 줄 입력 상자: Enter를 누르면 반영(``applied``). 예문 단추 등 코드에서 넣을 때는 ``box.set_text(글)``."""
    import ipywidgets as widgets
    import traitlets

    class EnterTextarea(widgets.Textarea):
        """Enter(줄 수의 변화)에만 ``applied``를 바꾸는 여러 줄 상자. ``applied``는 커널 쪽에만 있습니다."""

        applied = traitlets.Unicode()

        def set_text(self, text: str) -> None:
            with self.hold_trait_notifications():
                self.value = text
            self.applied = _cleaned(text, one_item)

    box = EnterTextarea(value=value, description=description, rows=rows, continuous_update=True,
                        layout=widgets.Layout(width=width))
    box.applied = _cleaned(value, one_item)

    def typed(change) -> None:
        old, new = change["old"], change["new"]
        if new.count("\n") == old.count("\n"):
            return                                 # 글자만 바뀜: Enter를 기다림
        if one_item and "\n" in new:
            box.value = _cleaned(new, one_item)    # Enter로 생긴 줄바꿈은 지움(이 바뀜이 다시 와도 applied는 같은 값)
        box.applied = _cleaned(new, one_item)

    box.observe(typed, names="value")
    return box


def _cleaned(text: str, one_item: bool) -> str:
    """반영할 글: 한 덩어리 글이면 줄바꿈을 공백으로, 여러 줄 글이면 끝의 빈 줄만 뺌."""
    if one_item:
        return " ".join(part.strip() for part in text.splitlines() if part.strip())
    return text.rstrip("\n")
