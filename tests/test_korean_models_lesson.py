"""레슨 17의 계산: 조각 통계, 형태소 경계를 가로지르는 조각, 실제 문장 연구, 비교 위젯(나쁜 입력에도 한국어로)."""

from __future__ import annotations

import pytest

from bertlab.datasets import load_study_sentences
from bertlab.tokenization import (
    EXAMPLES,
    compare_tokenizers,
    crossing_pieces,
    korean_model_tokenizers,
    morpheme_cuts,
    piece_stats,
    study_panels,
    study_table,
    tokenize_for_display,
)
from bertlab.tokenization.tokenizer_study import crosses
from bertlab.widgets import playground_html, tokenizer_playground

ODD_INPUTS = ["", "   ", "😀🙂", "漢字", "BERT는 great해요 🙂 漢字!", "ㅋㅋㅋㅋ", "\u200b", "가" * 5000]


@pytest.fixture(scope="module")
def tokenizers():
    found, notes = korean_model_tokenizers()
    assert not notes and len(found) == 5
    return found


@pytest.fixture(scope="module")
def study(tokenizers):
    return study_table(tokenizers, load_study_sentences())


def test_piece_stats_count_pieces_unknowns_and_characters_without_specials(tokenizers):
    result = tokenize_for_display("한국어 모델을 공유합니다.", tokenizers["KLUE-BERT"])  # [CLS] … [SEP]
    stats = piece_stats(result)
    assert stats.pieces == len(result.rows) - 2 == 6
    assert stats.unknown == 0
    assert stats.chars_per_piece == pytest.approx(12 / 6)
    emoji = piece_stats(tokenize_for_display("최고😍", tokenizers["KoBERT"], add_special_tokens=False))
    assert (emoji.pieces, emoji.unknown) == (2, 1)
    assert piece_stats(tokenize_for_display("", tokenizers["KcBERT"])).pieces == 0


def test_morpheme_cuts_are_inside_eojeols_and_crossing_means_a_cut_strictly_inside():
    cuts = morpheme_cuts([("학교", 0, 2), ("에", 2, 3), ("갔", 4, 5), ("어요", 5, 7)])
    assert cuts == {2, 5}                    # 학교|에, 갔|어요 (공백 자리 3~4는 경계로 세지 않음)
    text = "학교에 갔어요"
    assert crosses(text, 0, 3, cuts) and not crosses(text, 0, 2, cuts) and not crosses(text, 2, 3, cuts)
    assert not crosses(text, 3, 5, cuts)     # ' 갔'처럼 앞 공백을 품은 조각(SentencePiece의 ▁)은 공백을 빼고 봄


def test_crossing_pieces_on_a_real_sentence(tokenizers):
    klue = dict(crossing_pieces("나는 어제 학교에 갔어요.", tokenizers["KLUE-BERT"]))
    kcbert = dict(crossing_pieces("나는 어제 학교에 갔어요.", tokenizers["KcBERT"]))
    assert klue["학교"] is False and klue["##에"] is False
    assert kcbert["학교에"] is True


def test_study_covers_both_real_sources_and_every_tokenizer(study, tokenizers):
    sentences = load_study_sentences()
    assert {len(v) for v in sentences.values()} == {250}
    assert {(r.source, r.tokenizer) for r in study} == {(s, t) for s in sentences for t in tokenizers}
    for row in study:
        assert row.sentences == 250 and row.pieces_per_sentence > 5
        assert 0 <= row.unk_rate < 0.05 and 0 <= row.crossing_rate < 0.5


def test_study_shows_the_lessons_phenomena(study):
    by = {(r.source, r.tokenizer): r for r in study}
    for source in ("NSMC 리뷰", "KLUE 뉴스"):
        rows = [r for r in study if r.source == source]
        assert max(rows, key=lambda r: r.pieces_per_sentence).tokenizer == "다국어 BERT"
        assert min(rows, key=lambda r: r.pieces_per_sentence).tokenizer == "KcBERT"
        for morpheme_aware in ("KLUE-BERT", "KoELECTRA"):
            assert by[(source, morpheme_aware)].crossing_rate < by[(source, "KcBERT")].crossing_rate / 3
    assert by[("NSMC 리뷰", "다국어 BERT")].unk_rate > by[("KLUE 뉴스", "다국어 BERT")].unk_rate


def test_study_panels_feed_the_grouped_bar_plot(study):
    from bertlab.plots import plot_grouped_bars

    panels = study_panels(study)
    assert list(panels) == ["문장당 조각 수", "[UNK] 비율", "형태소 경계를 가로지른 조각 비율"]
    assert set(panels["[UNK] 비율"]) == {"NSMC 리뷰", "KLUE 뉴스"}
    figure = plot_grouped_bars(panels, percent=("[UNK] 비율",))
    assert len(figure.axes) == 3 and figure.axes[1].get_title().endswith("(%)")
    import matplotlib.pyplot as plt

    plt.close(figure)


@pytest.mark.parametrize("text", ODD_INPUTS + list(EXAMPLES.values()))
def test_comparison_widget_answers_anything_with_stats_for_all_five(tokenizers, text):
    html = playground_html(text, tokenizers, add_special_tokens=False)
    assert html.count("조각당 평균") == 5
    if len(text) > 2000:
        assert "2,000자" in html


@pytest.mark.parametrize("value, word", [(None, "None"), (123, "int"), (["문장"], "list")])
def test_comparison_widget_explains_wrong_types_in_korean(tokenizers, value, word):
    assert word in playground_html(value, tokenizers)


def test_example_buttons_put_their_sentence_in_the_box(tokenizers):
    widget = tokenizer_playground(tokenizers, initial="처음 문장", examples=EXAMPLES, add_special_tokens=False)
    box, buttons, output = widget.children[0], widget.children[1], widget.children[-2]
    hanja = next(b for b in buttons.children if getattr(b, "description", "") == "한자")
    hanja.click()
    assert box.value == EXAMPLES["한자"]
    assert "大" in output.value and output.value.count("조각당 평균") == 5


def test_compare_keeps_going_when_one_tokenizer_fails(tokenizers):
    results = compare_tokenizers("안녕하세요", {**tokenizers, "가짜": object()})
    assert [c.label for c in results if c.result is None] == ["가짜"]
    assert "토크나이저가 아닙니다" in results[-1].error


def test_shipped_study_sentences_are_reproduced_by_their_script(shared_data, tmp_path):
    from bertlab.datasets.study_sentences import DATA_DIR, FILES, write_study_sentences

    written = write_study_sentences(shared_data, tmp_path)
    for name, path in written.items():
        assert path.read_text(encoding="utf-8") == (DATA_DIR / FILES[name]).read_text(encoding="utf-8"), name
