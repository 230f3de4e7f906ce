"""모든 글 입력 상자는 Enter를 누르면 반영됩니다(이슈 41): 한 줄 상자, 여러 줄 상자, 그리고 그것을 쓰는 위젯들.

레슨 12의 태그 뷰어처럼 여러 줄 상자에서 Enter가 줄만 바꾸고 아무 일도 일어나지 않던 것을 막습니다.
"""

from __future__ import annotations

import re

import ipywidgets as widgets

from bertlab.widgets.buttons import example_buttons
from bertlab.widgets.text_inputs import ENTER_HINT, lines_box, sentence_box
from bertlab.widgets.wiring import bind
from conftest import REPO_ROOT

# 칠 때마다 바로 바뀌는 가벼운 위젯(토크나이저)과 보내기 단추가 있는 챗봇 상자만 상자를 직접 만듭니다.
OWN_TEXT_BOXES = {"text_inputs.py", "token_preview.py", "tokenizer_playground.py", "chat_box.py"}


def test_one_line_box_applies_on_enter_not_on_every_key():
    box = sentence_box("첫 문장")
    assert isinstance(box, widgets.Text) and box.continuous_update is False


def test_many_line_box_applies_when_enter_adds_a_line_and_not_while_typing():
    box = lines_box("가\n나")
    calls = []
    out = bind([box], lambda text: calls.append(text) or text)
    assert calls == ["가\n나"]
    box.value = "가\n나다"                   # 글자만 침: 아직 반영하지 않음
    assert calls == ["가\n나"] and box.applied == "가\n나"
    box.value = "가\n나다\n"                 # Enter: 반영(끝의 빈 줄은 빼고)
    assert calls[-1] == "가\n나다" and out.value == "가\n나다"
    box.value = "가"                         # 줄 지우기도 반영
    assert calls[-1] == "가"


def test_single_item_box_turns_enter_into_apply_without_keeping_the_newline():
    box = lines_box("기상학에서 강수는", one_item=True)
    box.value = "기상학에서 강수는 중력\n"
    assert box.applied == "기상학에서 강수는 중력" and box.value == "기상학에서 강수는 중력"


def test_example_buttons_apply_a_many_line_box_at_once():
    box = lines_box("")
    row = example_buttons({"예": "한 문장"}, box)
    row.children[1].click()
    assert box.value == "한 문장" and box.applied == "한 문장"


def test_widgets_make_text_boxes_only_through_text_inputs():
    direct = re.compile(r"widgets\.(Text|Textarea)\(")
    offenders = [m.name for m in sorted((REPO_ROOT / "bertlab" / "widgets").glob("*.py"))
                 if m.name not in OWN_TEXT_BOXES and direct.search(m.read_text(encoding="utf-8"))]
    assert not offenders, f"입력 상자는 text_inputs.sentence_box/lines_box로 만드세요(Enter로 반영): {offenders}"
    users = [m.name for m in (REPO_ROOT / "bertlab" / "widgets").glob("*.py")
             if re.search(r"\b(sentence_box|lines_box)\(", m.read_text(encoding="utf-8")) and m.name != "text_inputs.py"]
    assert len(users) >= 10, users
    silent = [name for name in users if "hint=" not in (REPO_ROOT / "bertlab" / "widgets" / name).read_text(encoding="utf-8")]
    assert not silent, f"입력 상자가 어떻게 반영되는지 위젯 아래에 알리세요(live_box(..., hint=...)): {silent}"


def test_text_widgets_say_how_they_apply():
    from bertlab.widgets.reopen import live_box

    note = live_box([sentence_box("x")], hint=ENTER_HINT).children[-1].value
    assert "Enter를 누르면 반영" in note and "Run All Above" in note
