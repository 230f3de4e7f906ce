"""레슨 09 다의어 탐색기: 층 슬라이더를 움직이면 바로 다시 그리고, 잘못된 입력에는 한국어 안내를 보인다."""

import time

from bertlab.widgets import polysemy_explorer


def _controls(widget):
    (model_box, word_box, center_box), text_box, _, slider, output, _note = (widget.children[0].children,
                                                                            *widget.children[1:])
    return word_box, center_box, text_box, slider, output


def test_slider_redraws_from_cached_states_quickly(en_encoder):
    widget = polysemy_explorer({"영어 인코더": en_encoder})
    word_box, center_box, text_box, slider, output = _controls(widget)
    assert "<svg" in output.value and slider.max == en_encoder.info.num_layers
    before = output.value
    started = time.perf_counter()
    slider.value = 0
    elapsed = time.perf_counter() - started
    assert output.value != before and "0층" in output.value
    assert elapsed < 1.0                       # 모델을 다시 돌리지 않음(목표 150 ms, 여유 있게)
    center_box.value = True
    assert "<svg" in output.value


def test_bad_input_shows_a_korean_message_instead_of_crashing(en_encoder):
    widget = polysemy_explorer({"영어 인코더": en_encoder})
    word_box, _, text_box, _, output = _controls(widget)
    word_box.value = "castle"
    assert "⚠" in output.value and "castle" in output.value
    text_box.value = ""
    assert "⚠" in output.value


def test_a_too_long_line_is_named_as_too_long_not_as_missing_the_word(en_encoder):
    from bertlab.embeddings import HiddenStateCache
    from bertlab.widgets.polysemy_explorer import update

    long_line = "the bank " + "x" * 2390
    page = update(en_encoder, long_line, "bank", 2, False, HiddenStateCache())
    assert "1번째 줄의 길이가 2,399자로 너무 깁니다" in page and "하나도 없습니다" in page
    assert "들어 있는 문장이 하나도 없습니다" not in page


def test_points_keep_the_line_numbers_of_the_text_box(en_encoder):
    from bertlab.embeddings import HiddenStateCache, explore

    text = "I went to the bank.\n\nThe river has no such word.\nThe bank lent me money.\nThe muddy bank was wet."
    view = explore(en_encoder, text, "bank", 2, cache=HiddenStateCache())
    assert view.line_numbers == [1, 4, 5]                           # 빈 줄(2)과 단어 없는 줄(3)을 건너뜀
    assert any(notice.startswith("3번째 줄을 뺐습니다") for notice in view.notices)
    from bertlab.widgets.polysemy_explorer import details_html

    assert "<div>4. [?]" in details_html(view)
