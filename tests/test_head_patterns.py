"""레슨 06의 약속: 헤드 통계와 무늬 분류가 정의대로 계산되고, 실제 모델에서 무늬가 보입니다."""

from __future__ import annotations

import math

import pytest
import torch

from bertlab.errors import InputError
from bertlab.attention import (
    AttentionMaps, attention_maps, classify_head, describe_head, head_statistics, norm_weighted_shares,
    pattern_counts, rank_heads,
)

T = 8


def _maps(*matrices: torch.Tensor, segment_ids=None) -> AttentionMaps:
    probs = torch.stack(matrices)[None]  # (1, H, T, T)
    return AttentionMaps([f"t{i}" for i in range(T)], probs, [0], [T - 1], segment_ids or [0] * T)


def _spread(length: int, peak: float, columns) -> torch.Tensor:
    m = torch.full((length, length), (1 - peak) / (length - 1))
    for i, j in enumerate(columns):
        m[i, j] = peak
    return m


VERTICAL_SEP = _spread(T, 0.9, [T - 1] * T)
PREVIOUS = _spread(T, 0.9, [max(i - 1, 0) for i in range(T)])
NEXT = _spread(T, 0.9, [min(i + 1, T - 1) for i in range(T)])
UNIFORM = torch.full((T, T), 1 / T)
SCATTERED = _spread(T, 0.6, [(3 * i + 2) % T for i in range(T)])


def test_shares_follow_their_definitions_on_hand_made_heads():
    stats = head_statistics(_maps(VERTICAL_SEP, PREVIOUS, NEXT, UNIFORM))
    assert stats.sep[0, 0].item() == pytest.approx(0.9)
    assert stats.cls[0, 3].item() == pytest.approx(1 / T)
    assert stats.prev[0, 1].item() == pytest.approx(0.9)          # 첫 토큰은 빼고 평균
    assert stats.next[0, 2].item() == pytest.approx(0.9)
    assert stats.self[0, 3].item() == pytest.approx(1 / T)
    assert stats.entropy[0, 3].item() == pytest.approx(math.log(T))
    assert stats.column_index[0, 0].item() == T - 1


def test_hand_made_heads_get_their_kovaleva_pattern():
    stats = head_statistics(_maps(VERTICAL_SEP, PREVIOUS, NEXT, UNIFORM, SCATTERED))
    assert stats.patterns[0] == ["vertical", "diagonal", "diagonal", "broad", "heterogeneous"]
    assert pattern_counts(stats) == {"vertical": 1, "diagonal": 2, "vertical+diagonal": 0, "block": 0,
                                     "broad": 1, "heterogeneous": 1}


def test_block_pattern_needs_a_sentence_pair():
    half = T // 2
    block = torch.zeros(T, T)
    block[:half, :half] = 1 / half
    block[half:, half:] = 1 / half
    block = 0.9 * block + 0.1 * _spread(T, 0.6, [(3 * i + 2) % T for i in range(T)])
    pair = _maps(block, segment_ids=[0] * half + [1] * half)
    assert head_statistics(pair).patterns[0] == ["block"]
    assert classify_head(head_statistics(pair), 0, 0, is_pair=False) != "block"


def test_rank_heads_finds_the_head_attending_most_to_sep():
    stats = head_statistics(_maps(UNIFORM, VERTICAL_SEP, PREVIOUS))
    layer, head, value = rank_heads(stats, "sep", top=1)[0]
    assert (layer, head) == (0, 1) and value == pytest.approx(0.9)
    with pytest.raises(InputError):
        rank_heads(stats, "nonsense")


def test_too_short_input_is_a_korean_error():
    with pytest.raises(InputError, match="토큰이 너무 적습니다"):
        head_statistics(AttentionMaps(["a", "b"], torch.full((1, 1, 2, 2), 0.5), [0], [1], [0, 0]))


ENGLISH = "The quick brown fox jumps over the lazy dog near the river bank."


@pytest.fixture(scope="module")
def english_maps(en_encoder):
    return attention_maps(en_encoder, ENGLISH)


def test_real_model_maps_cover_every_layer_and_head_and_rows_sum_to_one(en_encoder, english_maps):
    cfg = en_encoder.model.config
    length = len(english_maps.tokens)
    assert english_maps.probs.shape == (cfg.num_hidden_layers, cfg.num_attention_heads, length, length)
    torch.testing.assert_close(english_maps.probs.sum(-1), torch.ones(english_maps.probs.shape[:-1]))
    assert english_maps.tokens[0] == "[CLS]" and english_maps.sep_positions == [length - 1]


def test_real_model_has_positional_heads_and_special_token_heads(english_maps):
    """Clark et al. 2019의 관찰: 이전/다음 토큰을 보는 헤드와 특수 토큰으로 몰리는 헤드가 있습니다."""
    stats = head_statistics(english_maps)
    assert max(stats.prev.max().item(), stats.next.max().item()) > 0.5
    assert (stats.cls + stats.sep).max().item() > 0.5
    assert sum(pattern_counts(stats).values()) == english_maps.num_layers * english_maps.num_heads
    line = describe_head(stats, english_maps, *rank_heads(stats, "prev", top=1)[0][:2])
    assert "대각선형" in line and "이전 토큰" in line


def test_pair_input_marks_segments(en_encoder):
    maps = attention_maps(en_encoder, "I went to the bank.", "The river was calm.")
    assert maps.is_pair and len(maps.sep_positions) == 2
    assert maps.segment_ids[maps.sep_positions[0]] == 0 and maps.segment_ids[-1] == 1


def test_norm_weighted_shares_are_fractions_and_match_plain_probability_shares(en_encoder, english_maps):
    weight_share, norm_share = norm_weighted_shares(en_encoder, ENGLISH)
    stats = head_statistics(english_maps)
    torch.testing.assert_close(weight_share, stats.sep, atol=1e-5, rtol=0)
    assert torch.all((norm_share >= 0) & (norm_share <= 1))
