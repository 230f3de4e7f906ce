"""레슨 08(다음 문장 예측과 미니 사전 훈련)의 약속: NSP 쌍, [CLS] 헤드, 합친 손실, 미니 사전 훈련에서 MLM 손실이 준다."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from bertlab.pretraining import (PROBE_SENTENCES, describe_loss_change, loss_change, run_toy_pretraining,
                                      toy_pretraining, toy_tokenizer)
from bertlab.pretraining import pretraining_loss
from bertlab.pretraining import IGNORE_INDEX
from conftest import REPO_ROOT


@pytest.fixture(scope="module")
def tokenizer():
    torch.set_num_threads(1)
    return toy_tokenizer()


@pytest.fixture(scope="module")
def toy(tokenizer):
    """훈련하지 않은 장난감(여러 테스트가 읽기만 함)."""
    return toy_pretraining(tokenizer, seed=0, batch_size=16)


def test_toy_vocabulary_keeps_hangul_and_has_bert_special_tokens(tokenizer):
    from bertlab.tokenization import hangul_survives

    assert len(tokenizer) == 2000 and hangul_survives(tokenizer, "대한민국의 주권은 국민에게 있다")
    assert tokenizer.convert_tokens_to_ids(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]) == [0, 1, 2, 3, 4]
    encoded = tokenizer("오늘 날씨 어때?", "맑아요.")
    second = encoded["input_ids"].index(tokenizer.sep_token_id) + 1
    assert encoded["token_type_ids"] == [0] * second + [1] * (len(encoded["input_ids"]) - second)


def test_toy_batches_are_half_is_next_and_mask_15_percent(toy):
    batches = [toy.stream.batch(step) for step in range(30)]
    nsp = torch.cat([b["next_sentence_label"] for b in batches]).float()
    assert nsp.mean().item() == pytest.approx(0.5, abs=0.08)
    labels = torch.cat([b["labels"].flatten() for b in batches])
    ids = torch.cat([b["input_ids"].flatten() for b in batches])
    real = (ids != 0) & (ids != 2) & (ids != 3) | (labels != IGNORE_INDEX)  # 비-특수 토큰
    assert ((labels != IGNORE_INDEX).sum() / real.sum()).item() == pytest.approx(0.15, abs=0.02)
    assert torch.equal(toy.stream.batch(7)["input_ids"], toy.stream.batch(7)["input_ids"])  # 단계로 정해짐


def test_bert_for_pretraining_loss_is_mlm_plus_nsp(toy):
    batch = toy.stream.batch(0)
    with torch.no_grad():
        out = toy.model(**batch)
        course = pretraining_loss(toy.model, batch)
    chosen = batch["labels"] != IGNORE_INDEX
    mlm = F.cross_entropy(out.prediction_logits[chosen], batch["labels"][chosen])
    nsp = F.cross_entropy(out.seq_relationship_logits, batch["next_sentence_label"])
    assert torch.allclose(mlm + nsp, out.loss, atol=1e-5)
    assert torch.allclose(course.loss, out.loss, atol=1e-4)
    assert torch.allclose(course.mlm_loss, mlm, atol=1e-4) and torch.allclose(course.nsp_loss, nsp, atol=1e-5)


def test_nsp_head_is_pooler_dense_tanh_then_classifier_on_cls(toy, tokenizer):
    enc = tokenizer(["오늘 날씨 어때?", "헌법"], ["맑아요.", "국민"], padding=True, return_tensors="pt")
    with torch.no_grad():
        out = toy.model(**enc, output_hidden_states=True)
        cls_vector = out.hidden_states[-1][:, 0]  # (B, H)
        logits = toy.model.cls.seq_relationship(torch.tanh(toy.model.bert.pooler.dense(cls_vector)))  # (B, 2)
    assert torch.allclose(logits, out.seq_relationship_logits, atol=1e-6)


def test_mini_pretraining_mlm_loss_falls_clearly_seeded(tokenizer):
    toy = toy_pretraining(tokenizer, seed=0, batch_size=16)
    seen = []
    result = run_toy_pretraining(toy, seconds=None, max_steps=40, callback=seen.append, log_every=5)
    assert result.step == 40 and len(seen) == 8 and seen == result.history
    change = loss_change(result.history)
    assert change["start_mlm"] > 7.0  # 균등 추측(ln 2000 = 7.6) 근처에서 출발
    assert change["end_mlm"] < change["start_mlm"] - 0.5, change
    text = describe_loss_change(change, 2000)
    assert "MLM 손실" in text and "NSP 손실" in text
    assert torch.get_num_threads() == 1  # 훈련 뒤 스레드 수를 되돌림(fixture가 1로 둠)


def test_mini_pretraining_is_reproducible_with_the_same_seed(tokenizer):
    runs = []
    for _ in range(2):
        toy = toy_pretraining(tokenizer, seed=3, batch_size=8)
        runs.append(run_toy_pretraining(toy, seconds=None, max_steps=5, log_every=5, seed=3).history[-1]["loss"])
    assert runs[0] == pytest.approx(runs[1], abs=1e-6)


def test_toy_model_fills_blanks_through_the_shared_fill_mask(toy, tokenizer):
    from bertlab.pretraining import fill_mask_rows

    headers, rows = fill_mask_rows({"장난감": (toy.model, tokenizer), "없는 모델": "오프라인이라 없습니다."},
                                   PROBE_SENTENCES, top_k=3)
    assert headers == ["문장", "장난감", "없는 모델"] and len(rows) == len(PROBE_SENTENCES)
    assert all(row[1].count("%") == 3 and row[2] == "(없음)" for row in rows)


def test_live_loss_curve_draws_records_and_closes():
    from bertlab.widgets.loss_curve import LiveLossCurve, curve_svg

    curve = LiveLossCurve(seconds=10)
    for step in range(1, 5):
        curve({"step": step * 5, "mlm_loss": 7.5 - step, "nsp_loss": 0.7, "seconds": step * 2.0})
    svg = curve_svg(curve.history)
    assert svg.count("<polyline") == 2 and "MLM 손실" in svg
    assert curve.bar.n == pytest.approx(8.0)
    curve.finish(show_figure=False)
    assert "<svg" in curve_svg([])  # 기록이 없어도 빈 축


def test_korean_lineup_explains_missing_models_offline():
    from bertlab.pretraining import korean_mlm_lineup

    lineup = korean_mlm_lineup()
    assert list(lineup) == ["강의의 ko-mini-bert", "실제 모델 (klue/bert-base)"]
    assert "오프라인" in lineup["실제 모델 (klue/bert-base)"]  # 테스트는 늘 오프라인(conftest)
    shipped = REPO_ROOT / "bertlab" / "checkpoints" / "ko-mini-bert" / "config.json"
    assert isinstance(lineup["강의의 ko-mini-bert"], str) != shipped.exists()
