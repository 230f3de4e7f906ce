"""레슨 05의 약속: 직접 만든 셀프 어텐션이 실제 BERT 층과 allclose(atol=1e-5)로 일치합니다.

오프라인 모델마다(영어 MiniLM, 한국어 e5, 강의의 ko-mini-bert가 있으면) 여러 층·패딩이 있는 묶음에서
``bertlab.attention``의 계산을 transformers 층이 실제로 계산한 값(훅으로 붙잡은 값)과 비교합니다.
"""

from __future__ import annotations

import pytest
import torch

from bertlab.attention import (
    additive_padding_mask, attention_block, capture_layer, head_step, layer_weights, merge_heads,
    multi_head_self_attention, split_heads,
)
from bertlab.errors import InputError, ModelUnavailableError
from bertlab.models import load

SENTENCES = {
    "en-encoder": ["The river bank was flooded after the storm.", "I love Paris!"],
    "ko-encoder": ["오늘 아침에 친구와 함께 도서관에 갔다.", "비가 온다."],
    "ko-mlm": ["오늘 아침에 친구와 함께 도서관에 갔다.", "비가 온다."],
}


@pytest.fixture(scope="module", params=["en-encoder", "ko-encoder", ("ko-mlm", "mlm")],
                ids=["en-encoder", "ko-encoder", "ko-mlm"])
def offline_model(request):
    torch.set_num_threads(2)
    role, head = request.param if isinstance(request.param, tuple) else (request.param, "base")
    try:
        return role, load(role, head=head)
    except ModelUnavailableError as exc:
        pytest.skip(f"{role} 모델을 불러올 수 없어 건너뜁니다: {exc.message}")


def _layers_to_check(loaded) -> list[int]:
    last = loaded.model.config.num_hidden_layers - 1
    return sorted({0, last // 2, last})


def test_reference_attention_matches_the_real_layer_on_every_offline_model(offline_model):
    role, loaded = offline_model
    for layer in _layers_to_check(loaded):
        cap = capture_layer(loaded, SENTENCES[role], layer)
        assert cap.attention_mask.min() == 0, "묶음에 패딩이 있어야 마스크까지 검사합니다"
        context, probs = multi_head_self_attention(cap.hidden_in, cap.weights, cap.attention_mask)
        output, probs_again = attention_block(cap.hidden_in, cap.weights, cap.attention_mask)
        assert torch.allclose(probs, cap.probs, atol=1e-5), f"층 {layer} 어텐션 확률"
        assert torch.allclose(context, cap.context, atol=1e-5), f"층 {layer} 문맥 벡터"
        assert torch.allclose(output, cap.output, atol=1e-5), f"층 {layer} BertAttention 출력"
        assert torch.equal(probs, probs_again)


def test_padding_columns_get_exactly_zero_probability(offline_model):
    role, loaded = offline_model
    cap = capture_layer(loaded, SENTENCES[role], 0)
    _, probs = multi_head_self_attention(cap.hidden_in, cap.weights, cap.attention_mask)  # (B, H, T, T)
    padded = cap.attention_mask == 0  # (B, T)
    assert torch.all(probs.permute(0, 3, 1, 2)[padded] == 0)
    torch.testing.assert_close(probs.sum(-1), torch.ones(probs.shape[:-1]))


def test_one_head_step_reproduces_the_models_row_and_mixed_value(offline_model):
    role, loaded = offline_model
    cap = capture_layer(loaded, SENTENCES[role], 1)
    size = cap.weights.head_size
    for sentence in (0, 1):
        tokens = cap.tokens[sentence]
        for head, token in ((0, 1), (cap.weights.num_heads - 1, len(tokens) - 1)):
            step = head_step(cap, head, token, sentence)
            n = len(tokens)
            assert torch.allclose(step.weights, cap.probs[sentence, head, token, :n], atol=1e-5)
            assert torch.allclose(step.mixed, cap.context[sentence, token, head * size:(head + 1) * size], atol=1e-5)
            assert torch.allclose(step.scaled, step.scores / size ** 0.5)


def test_split_then_merge_heads_is_the_identity_and_keeps_each_heads_slice():
    x = torch.randn(2, 5, 12)
    heads = split_heads(x, 3)  # (B, H, T, d)
    assert heads.shape == (2, 3, 5, 4)
    assert torch.equal(heads[:, 1], x[..., 4:8])
    assert torch.equal(merge_heads(heads), x)


def test_additive_mask_is_zero_for_tokens_and_dtype_minimum_for_padding():
    mask = additive_padding_mask(torch.tensor([[1, 1, 0]]))
    assert mask.shape == (1, 1, 1, 3)
    assert mask[0, 0, 0, 0] == 0 and mask[0, 0, 0, 2] == torch.finfo(torch.float32).min


def test_layer_weights_points_at_the_models_own_parameters(en_encoder):
    weights = layer_weights(en_encoder.model, 3)
    layer = en_encoder.model.encoder.layer[3].attention
    assert weights.query_weight.data_ptr() == layer.self.query.weight.data_ptr()
    assert weights.num_heads * weights.head_size == en_encoder.model.config.hidden_size


@pytest.mark.parametrize("bad, message", [
    (None, "None"), (123, "문자열"), ([], "문자열"),
])
def test_bad_sentences_are_korean_input_errors(en_encoder, bad, message):
    with pytest.raises(InputError, match=message):
        capture_layer(en_encoder, bad, 0)


@pytest.mark.parametrize("text", ["", "   ", "😀🎉", "漢字混用 문장과 English", "가" * 5000])
def test_odd_sentences_still_give_a_correct_layer_with_notices(en_encoder, text):
    cap = capture_layer(en_encoder, text, 0)
    _, probs = multi_head_self_attention(cap.hidden_in, cap.weights, cap.attention_mask)
    assert torch.allclose(probs, cap.probs, atol=1e-5)
    assert cap.hidden_in.shape[1] <= 128
    if not text.strip() or len(text) > 2000:
        assert cap.notices


def test_out_of_range_layer_head_and_token_are_korean_errors(en_encoder):
    with pytest.raises(InputError, match="층 번호"):
        capture_layer(en_encoder, "hello", 6)
    cap = capture_layer(en_encoder, "hello world", 0)
    with pytest.raises(InputError, match="헤드 번호"):
        head_step(cap, 12, 0)
    with pytest.raises(InputError, match="토큰 위치"):
        head_step(cap, 0, 4)


@pytest.mark.parametrize("head_class", ["BertForMaskedLM", "BertForPreTraining"])
def test_reference_attention_reaches_layers_through_a_pretraining_head(en_encoder, head_class):
    """ko-mlm(BertForMaskedLM/BertForPreTraining)처럼 헤드가 붙은 모델에서도 같은 층을 찾습니다."""
    import transformers

    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=en_encoder.tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2,
                                     num_attention_heads=4, intermediate_size=64, attn_implementation="eager")
    model = getattr(transformers, head_class)(config).eval()
    cap = capture_layer((model, en_encoder.tokenizer), ["a small test", "hi"], 1)
    output, probs = attention_block(cap.hidden_in, cap.weights, cap.attention_mask)
    assert torch.allclose(probs, cap.probs, atol=1e-5) and torch.allclose(output, cap.output, atol=1e-5)
