"""레슨 02: 손으로 센 파라미터 수가 transformers의 num_parameters()와 정확히 같고, 크기 탐색기가
어떤 입력에도 한국어로 답합니다."""

from __future__ import annotations

import re

import pytest

from bertlab.architecture import BertSize, count_parameters, library_parameter_count, size_from_config
from bertlab.architecture import PRESETS, mask_pieces, normalize_for_bert, small_models, word_groups
from bertlab.errors import InputError
from bertlab.architecture import MAX_MEASURE_PARAMETERS, cached_latency, check_measurable, measure_latency, random_bert

HANGUL = re.compile(r"[가-힣]")

SIZES = [
    BertSize(),                                     # BERT-Base
    BertSize(24, 1024, 16),                         # BERT-Large
    BertSize(2, 128, 2),                            # BERT-Tiny
    BertSize(6, 384, 12),                           # all-MiniLM-L6-v2 크기
    BertSize(12, 384, 12, vocab=250037),            # multilingual-e5-small 크기
    BertSize(3, 96, 3, vocab=1000, max_positions=64, intermediate=100, type_vocab=1),   # 아무렇게나 고른 크기
]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.label())
def test_parameter_formula_equals_transformers_num_parameters(size):
    assert count_parameters(size).total == library_parameter_count(size)


def test_bert_base_and_large_have_the_published_sizes():
    assert count_parameters().total == 109_482_240                       # "110M"
    assert count_parameters(PRESETS["BERT-Large"]).total == 335_141_888  # "340M"
    assert round(count_parameters(PRESETS["BERT-Tiny"]).total / 1e6, 1) == 4.4


def test_formula_matches_the_loaded_offline_english_model(en_encoder):
    assert count_parameters(en_encoder.model.config).total == en_encoder.model.num_parameters()


def test_components_add_up_and_per_layer_parts_are_right():
    count = count_parameters()
    assert sum(count.components().values()) == count.total
    assert count.attention_per_layer == 2_362_368
    assert count.ffn_per_layer == 4_722_432
    assert count.per_layer == 7_087_872
    assert count.embeddings + count.embedding_layernorm == 23_837_184
    assert count.pooler == 590_592


def test_number_of_heads_does_not_change_parameter_count():
    assert count_parameters(heads=16).total == count_parameters(heads=12).total == count_parameters(heads=1).total


def test_changing_hidden_size_also_scales_feed_forward():
    assert count_parameters(hidden=512, heads=8).size.ffn == 2048


def test_size_from_config_round_trips(en_encoder):
    size = size_from_config(en_encoder.model)
    assert (size.layers, size.hidden, size.heads) == (6, 384, 12)


@pytest.mark.parametrize("kwargs", [
    {"hidden": 768, "heads": 7},          # 나누어떨어지지 않음
    {"layers": 0},
    {"layers": -3},
    {"layers": "12"},
    {"hidden": 7.5},
    {"vocab": 10**9},
    {"heads": True},
])
def test_bad_sizes_are_refused_in_korean(kwargs):
    with pytest.raises(InputError) as info:
        count_parameters(**kwargs)
    assert HANGUL.search(str(info.value))


def test_unknown_size_names_are_refused_in_korean():
    with pytest.raises(InputError, match="모르는"):
        count_parameters(depth=12)
    with pytest.raises(InputError):
        count_parameters("BERT-Base")


def test_google_small_models_table_has_24_models_with_named_corners():
    rows = small_models()
    assert len(rows) == 24
    named = {r["name"]: (r["L"], r["H"], r["A"]) for r in rows if r["name"]}
    assert named == {"BERT-Tiny": (2, 128, 2), "BERT-Mini": (4, 256, 4), "BERT-Small": (4, 512, 8),
                     "BERT-Medium": (8, 512, 8), "BERT-Base": (12, 768, 12)}
    base = next(r for r in rows if r["name"] == "BERT-Base")
    assert base["parameters"] == 109_482_240


def test_uncased_normalization_lowercases_strips_accents_and_splits_hangul():
    assert normalize_for_bert("John Café", cased=False) == "john cafe"
    assert normalize_for_bert("John Café", cased=True) == "John Café"
    assert normalize_for_bert("한국어", cased=True) == "한국어"
    assert normalize_for_bert("한국어", cased=False) != "한국어"
    assert len(normalize_for_bert("한", cased=False)) == 3      # ᄒ ᅡ ᆫ


def test_whole_word_masking_masks_every_piece_of_the_word():
    pieces = ["put", "his", "basket", "on", "phil", "##am", "##mon", "'", "s", "head"]
    assert word_groups(pieces)[4] == [4, 5, 6]
    assert mask_pieces(pieces, [5], whole_word=False)[4:7] == ["phil", "[MASK]", "##mon"]
    assert mask_pieces(pieces, [5], whole_word=True)[4:7] == ["[MASK]", "[MASK]", "[MASK]"]
    with pytest.raises(InputError):
        mask_pieces(pieces, [99], whole_word=True)


def test_latency_is_measured_for_a_tiny_model_and_remembered():
    import torch

    size = BertSize(2, 64, 2, vocab=500, max_positions=64)
    result = measure_latency(size, 32, repeats=3)
    assert result.median_ms > 0 and len(result.samples_ms) >= 3
    assert result.threads == 1                                       # 기본은 스레드 1개로 잽니다
    assert torch.get_num_threads() >= 1                              # 재고 나면 원래 설정으로 돌아옵니다
    assert cached_latency(size, 32) is result
    assert measure_latency(size, 32) is result


def test_random_bert_runs_and_matches_the_formula():
    import torch

    size = BertSize(2, 64, 4, vocab=300, max_positions=40)
    model = random_bert(size)
    assert model.num_parameters() == count_parameters(size).total
    with torch.no_grad():
        out = model(input_ids=torch.tensor([[1, 2, 3]])).last_hidden_state
    assert out.shape == (1, 3, 64)                                  # (B, T, H)
    assert torch.isfinite(out).all()


def test_too_large_models_and_bad_lengths_are_refused_before_building():
    huge = BertSize(48, 2048, 16)
    assert count_parameters(huge).total > MAX_MEASURE_PARAMETERS
    with pytest.raises(InputError, match="재지 않습니다"):
        check_measurable(huge, 32)
    with pytest.raises(InputError, match="입력 길이"):
        check_measurable(BertSize(2, 64, 2, max_positions=16), 32)


def test_size_explorer_report_shows_every_component_and_total():
    from bertlab.widgets.size_explorer import head_choices, report_html

    text = report_html(BertSize())
    for name in ("임베딩 표", "셀프 어텐션", "피드포워드", "층 정규화", "풀러"):
        assert name in text
    assert "109,482,240" in text
    assert 12 in head_choices(768) and 7 not in head_choices(768)
