"""레슨 11: 문장 놀이터의 계산(``read_sentence``, 이상한 입력 포함), 들여다보기 함수(``finetuning.analysis``),
강의가 더 오래 훈련한 감성 모델(``bertlab/checkpoints/sentiment``)과 ``evaluate --model course``.

속도를 위해 놀이터와 분석은 ko-mini-bert의 어휘를 쓰는 아주 작은 무작위 BERT 분류 모델로 시험합니다."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from bertlab.cli import main
from bertlab.finetuning import (SENTIMENT, confident_mistakes, confusion, cls_vectors, head_summary, layer_changes,
                                load_finetuned, project_2d, read_sentence, separation)
from bertlab.widgets.sentiment_playground import reading_html

COURSE = SENTIMENT.course_checkpoint()


@pytest.fixture(scope="module")
def tiny():
    """(모델, 토크나이저): 은닉 16, 2층짜리 무작위 BertForSequenceClassification + ko-mini-bert 토크나이저."""
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from bertlab.models import offline_dir

    tokenizer = AutoTokenizer.from_pretrained(str(offline_dir("ko-mini-bert")))
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=128, num_labels=2)
    return BertForSequenceClassification(config).eval(), tokenizer


def test_reading_gives_one_probability_row_per_model(tiny):
    reading = read_sentence("배우들 연기는 좋았는데 이야기가 지루했다.", {"가": tiny, "나": tiny})
    assert reading.error is None and not reading.notes and list(reading.probabilities) == ["가", "나"]
    for probs in reading.probabilities.values():
        assert probs.shape == (2,) and torch.isclose(probs.sum(), torch.tensor(1.0))
    assert reading.verdict("가").split()[0] in SENTIMENT.labels
    html = reading_html(reading)
    assert "가" in html and "긍정" in html and "부정" in html


@pytest.mark.parametrize("text", ["", "   \n ", None, 42])
def test_empty_and_non_text_inputs_get_a_korean_error_not_an_exception(tiny, text):
    reading = read_sentence(text, {"모델": tiny})
    assert reading.error and not reading.probabilities
    assert ("빈 문장" in reading.error) if isinstance(text, str) else ("글자(str)" in reading.error)
    assert reading.error in reading_html(reading)


def test_emoji_only_input_is_flagged_as_all_unknown(tiny):
    reading = read_sentence("😀👍🔥", {"모델": tiny})
    assert reading.error is None and reading.tokens == ["[UNK]"]
    assert any("모든 토큰이 [UNK]" in note for note in reading.notes)
    assert reading.probabilities["모델"].shape == (2,)


def test_hanja_input_gets_a_note_about_hanja(tiny):
    reading = read_sentence("最高의 映畫", {"모델": tiny})
    assert any("한자" in note for note in reading.notes)
    assert reading.probabilities["모델"].shape == (2,)


def test_five_thousand_characters_are_cut_and_say_so(tiny):
    text = ("정말 재밌는 영화였다 " * 500)[:5000]
    reading = read_sentence(text, {"모델": tiny})
    assert reading.error is None
    assert any("5,000자" in note for note in reading.notes)
    assert any("앞의 62개" in note for note in reading.notes)   # 최대 64토큰 = [CLS] + 62 + [SEP]
    assert len(reading.tokens) == 62


def test_reading_restores_the_torch_thread_count(tiny):
    before = torch.get_num_threads()
    read_sentence("좋다", {"모델": tiny})
    assert torch.get_num_threads() == before


def test_no_models_is_a_korean_error(tiny):
    assert "모델이 없습니다" in read_sentence("좋다", {}).error


def test_head_summary_counts_the_new_classifier(tiny):
    summary = head_summary(tiny[0])
    assert summary["head"] == 16 * 2 + 2
    assert summary["total"] == summary["encoder"] + summary["head"]


def test_layer_changes_see_only_the_weights_that_moved(tiny):
    model = tiny[0]
    before = {k: v.clone() for k, v in model.state_dict().items()}
    with torch.no_grad():
        model.bert.encoder.layer[1].output.dense.weight.mul_(1.5)
        model.classifier.bias.add_(1.0)
    try:
        changes = layer_changes(before, model)
        assert list(changes) == ["임베딩", "층 1", "층 2", "풀러", "분류 층"]
        assert changes["임베딩"] == changes["층 1"] == changes["풀러"] == 0.0
        assert 0.0 < changes["층 2"] < 0.5 and changes["분류 층"] > 0.0
    finally:
        model.load_state_dict(before)


def test_confusion_and_confident_mistakes():
    probs = torch.tensor([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.05, 0.95], [0.3, 0.7]])
    gold = [0, 0, 1, 0, 1]
    assert confusion(probs, gold).tolist() == [[1, 2], [1, 1]]
    rows = confident_mistakes(["가", "나", "다", "라", "마"], gold, probs, SENTIMENT.labels, k=2)
    assert [row["리뷰"] for row in rows] == ["라", "나"]           # 틀린 셋 가운데 가장 자신 있던 둘
    assert rows[0]["정답"] == "부정" and rows[0]["예측"] == "긍정" and rows[0]["확신"] == 0.95


def test_cls_vectors_projection_and_separation(tiny):
    model, tokenizer = tiny
    vectors = cls_vectors(model, tokenizer, ["좋다", "싫다", "그저 그렇다"], batch_size=2)
    assert vectors.shape == (3, 16)
    rng = np.random.default_rng(0)
    gold = np.repeat([0, 1], 50)
    apart = rng.normal(size=(100, 8)) + gold[:, None] * 4
    mixed = rng.normal(size=(100, 8))
    assert project_2d(torch.tensor(apart)).shape == (100, 2)
    assert separation(project_2d(torch.tensor(apart)), gold) > 3 * separation(project_2d(torch.tensor(mixed)), gold)


course_missing = pytest.mark.skipif(not COURSE.is_dir(), reason="강의 감성 모델(bertlab/checkpoints/sentiment)이 없습니다")


@course_missing
def test_course_checkpoint_is_small_has_a_korean_card_and_loads():
    size = sum(path.stat().st_size for path in COURSE.iterdir())
    assert size <= 20 * 1024 * 1024
    card = (COURSE / "README.md").read_text(encoding="utf-8")
    for words in ("python -m bertlab finetune sentiment", "시드", "하드웨어", "평가 세트", "make_subsets"):
        assert words in card, words
    info = json.loads((COURSE / "finetune.json").read_text(encoding="utf-8"))
    assert info["task"] == "sentiment" and info["data"]["test"] == 4000
    tuned = load_finetuned(COURSE, "sentiment")
    assert next(tuned.model.parameters()).dtype == torch.float32


@course_missing
def test_evaluate_course_model_on_a_small_file(tmp_path, capsys):
    from bertlab.datasets import load_dataset

    reviews = load_dataset("nsmc", source="builtin").test[:60]
    path = tmp_path / "reviews.tsv"
    path.write_text("id\tdocument\tlabel\n" + "".join(f"{i}\t{text}\t{label}\n" for i, (text, label) in
                                                       enumerate(reviews)), encoding="utf-8")
    assert main(["evaluate", "sentiment", "--model", "course", "--eval-file", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["model"] == "course" and report["examples"] == 60
    assert report["metrics"]["accuracy"] >= 0.75                 # 훈련한 모델(우연 수준 0.5)
