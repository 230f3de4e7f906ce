"""레슨 04의 약속: 세 임베딩 표에서 행을 골라 더하고 LayerNorm을 적용하면 모델의 임베딩 층 출력과 같다."""

import pytest
import torch

from bertlab.embeddings import (
    embedding_breakdown,
    embedding_layer_output,
    embedding_tables,
    encode_by_hand,
    layer_norm,
    position_similarity,
    sum_embeddings,
)
from bertlab.errors import InputError


@pytest.fixture(scope="module")
def vocab(en_encoder):
    return en_encoder.tokenizer.get_vocab()


def test_i_love_paris_padded_to_7_gives_the_seed_ids(en_encoder, vocab):
    enc = en_encoder.tokenizer("I love Paris", padding="max_length", max_length=7)
    assert enc["input_ids"] == [101, 1045, 2293, 3000, 102, 0, 0]
    assert enc["attention_mask"] == [1, 1, 1, 1, 1, 0, 0]
    by_hand = encode_by_hand(["i", "love", "paris"], None, vocab, 7)
    assert by_hand.tokens == ["[CLS]", "i", "love", "paris", "[SEP]", "[PAD]", "[PAD]"]
    assert by_hand.input_ids == enc["input_ids"] and by_hand.token_type_ids == [0] * 7


@pytest.mark.parametrize("a, b, length", [
    ("The cat sat on the mat.", "It looked very happy.", 16),
    ("embeddings are fun", "rewriting is playing", 14),
    ("I love Paris", None, 5),
    ("a", "b", 40),
])
def test_hand_built_pair_inputs_equal_the_tokenizer(en_encoder, vocab, a, b, length):
    tok = en_encoder.tokenizer
    expected = tok(a, b, padding="max_length", max_length=length)
    got = encode_by_hand(tok.tokenize(a), None if b is None else tok.tokenize(b), vocab, length)
    assert got.input_ids == expected["input_ids"]
    assert got.token_type_ids == expected["token_type_ids"]
    assert got.attention_mask == expected["attention_mask"]


def test_summed_tables_after_layer_norm_reproduce_the_embedding_layer_output(en_encoder):
    model, tok = en_encoder
    batch = tok("The cat sat on the mat.", "It looked very happy.", padding="max_length", max_length=16,
                return_tensors="pt")
    tables = embedding_tables(model)
    raw = sum_embeddings(tables, batch["input_ids"], batch["token_type_ids"])      # (1, 16, H)
    with torch.no_grad():
        hidden_0 = model(**batch, output_hidden_states=True).hidden_states[0]
    assert raw.shape == hidden_0.shape == (1, 16, model.config.hidden_size)
    assert torch.allclose(layer_norm(raw, tables), hidden_0, atol=1e-5)
    assert torch.allclose(embedding_layer_output(model, batch["input_ids"], batch["token_type_ids"]), hidden_0)
    assert not torch.allclose(raw, hidden_0, atol=1e-3), "LayerNorm 전의 합은 출력과 달라야 합니다"


def test_the_sum_really_needs_all_three_tables(en_encoder):
    model, tok = en_encoder
    batch = tok("the cat", "the dog", return_tensors="pt")
    tables = embedding_tables(model)
    full = layer_norm(sum_embeddings(tables, batch["input_ids"], batch["token_type_ids"]), tables)
    no_segment = layer_norm(sum_embeddings(tables, batch["input_ids"], None), tables)
    assert not torch.allclose(full, no_segment, atol=1e-4)


def test_padding_positions_get_nonzero_embeddings(en_encoder):
    breakdown = embedding_breakdown(en_encoder, "I love Paris", max_length=8, pad=True)
    assert breakdown.attention_mask == [1, 1, 1, 1, 1, 0, 0, 0]
    assert (breakdown.model_output[5:].norm(dim=-1) > 1).all()
    assert torch.allclose(breakdown.normalized, breakdown.model_output, atol=1e-5)


def test_learned_positions_are_most_similar_to_themselves(en_encoder):
    sim = position_similarity(embedding_tables(en_encoder.model), count=32)
    assert sim.shape == (32, 32)
    assert torch.allclose(sim.diagonal(), torch.ones(32), atol=1e-5)


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "漢字 テスト", "BERT는 great해요 🙂", "\n\t"])
def test_breakdown_accepts_odd_inputs_without_crashing(en_encoder, text):
    breakdown = embedding_breakdown(en_encoder, text, "둘째 문장")
    assert breakdown.tokens[0] == "[CLS]" and breakdown.tokens.count("[SEP]") == 2
    assert 1 in breakdown.token_type_ids


def test_five_thousand_characters_are_truncated_with_a_korean_notice(en_encoder):
    breakdown = embedding_breakdown(en_encoder, "a " * 2500)          # 5,000자
    assert len(breakdown.tokens) == 512
    assert any("5,000자" in n and "2,000자" in n for n in breakdown.notices)
    assert any("512개만" in n for n in breakdown.notices)


def test_bad_inputs_raise_korean_input_errors(en_encoder, vocab):
    with pytest.raises(InputError, match="리스트"):
        encode_by_hand("i love paris", None, vocab, 7)
    with pytest.raises(InputError, match="max_length"):
        encode_by_hand(["i", "love", "paris"], None, vocab, 3)
    with pytest.raises(InputError, match="어휘에 없는"):
        encode_by_hand(["I", "Love"], None, vocab, 8)
    tables = embedding_tables(en_encoder.model)
    with pytest.raises(InputError, match="모양"):
        sum_embeddings(tables, [101, 102], [0])
    with pytest.raises(InputError, match="위치 임베딩"):
        sum_embeddings(tables, [0] * 600)
    with pytest.raises(InputError, match="BERT"):
        embedding_tables(torch.nn.Linear(2, 2))
    with pytest.raises(InputError, match="문자열"):
        embedding_breakdown(en_encoder, 42)


def test_embedding_sum_figure_draws_with_korean_labels(en_encoder):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from bertlab.widgets.embedding_sum import breakdown_table_html, draw_breakdown

    breakdown = embedding_breakdown(en_encoder, "I love Paris", "She loves Seoul", max_length=12, pad=True)
    fig = draw_breakdown(breakdown)
    assert len(fig.axes) >= 6
    assert "token_type_ids" in breakdown_table_html(breakdown)
    plt.close(fig)
