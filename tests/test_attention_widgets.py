"""레슨 05·06 위젯: 입력을 바꾸면 출력이 바뀌고, 이상한 입력에는 한국어 안내가 나옵니다(커널 쪽 동작)."""

from __future__ import annotations

import pytest

from bertlab.attention import capture_layer, head_step
from bertlab.widgets.attention_step import attention_step, step_html
from bertlab.widgets import head_explorer


def test_step_table_lists_every_key_and_confirms_the_models_value(en_encoder):
    cap = capture_layer(en_encoder, "the cat sat on the mat", 2)
    html = step_html(head_step(cap, 4, 2), cap)
    assert html.count("<tr") == len(cap.tokens[0]) + 1
    assert "✔ 같습니다" in html and "'cat'" in html


def test_step_widget_follows_sliders_token_choice_and_new_sentences(en_encoder):
    box = attention_step(en_encoder, "The cat sat on the mat.", layer=1, head=2, token=2)
    sentence, (layer, head), token, out = box.children[0], box.children[1].children, box.children[2], box.children[3]
    first = out.value
    head.value = 5
    assert out.value != first and "헤드 5" in out.value
    token.value = 3
    assert "쿼리 토큰 3" in out.value
    sentence.value = "Hello world"
    assert [label for label, _ in token.options] == ["0 [CLS]", "1 hello", "2 world", "3 [SEP]"]
    assert "✔ 같습니다" in out.value


@pytest.mark.parametrize("text, notice", [("", "빈 문장"), ("a " * 3000, "앞의")])
def test_step_widget_explains_odd_sentences_in_korean(en_encoder, text, notice):
    box = attention_step(en_encoder, "hello")
    box.children[0].value = text
    assert notice in box.children[3].value


def test_head_explorer_is_a_displayable_html_object(en_encoder):
    view = head_explorer(en_encoder, "The cat sat on the mat.", layer=1, head=1)
    assert "bertlab-head-explorer" in view._repr_html_()
