"""어텐션: 레슨 05(셀프 어텐션 직접 구현)에서 만들고 레슨 06(어텐션 시각화)에서 다시 씁니다.

- ``self_attention``: 쿼리·키·값, 스케일드 내적, 소프트맥스, 멀티 헤드, 패딩 마스크를 처음부터(BERT 층과 allclose).
- ``head_patterns``: 헤드의 무늬([CLS]/[SEP]로, 이전/다음 토큰, 넓게, 덩어리)를 숫자로.
- ``views``: 인터넷 없이 그려지는 bertviz 헤드 뷰·모델 뷰와 어텐션 행렬 그림.
"""

from bertlab.lazy import lazy_exports

_EXPORTS = {
    # self_attention
    "additive_padding_mask": "self_attention", "attention_block": "self_attention",
    "capture_layer": "self_attention", "encode": "self_attention", "encoder_layers": "self_attention",
    "head_step": "self_attention", "HeadStep": "self_attention", "layer_weights": "self_attention",
    "LayerCapture": "self_attention", "merge_heads": "self_attention",
    "multi_head_self_attention": "self_attention", "project": "self_attention", "split_heads": "self_attention",
    # head_patterns
    "attention_maps": "head_patterns", "AttentionMaps": "head_patterns", "check_maps": "head_patterns",
    "classify_head": "head_patterns", "describe_head": "head_patterns", "head_statistics": "head_patterns",
    "norm_weighted_shares": "head_patterns", "pattern_counts": "head_patterns", "PATTERN_LABELS": "head_patterns",
    "rank_heads": "head_patterns", "STAT_LABELS": "head_patterns",
    # views
    "bertviz_script": "views", "head_view": "views", "head_view_html": "views", "model_view": "views",
    "model_view_html": "views", "plot_attention_matrix": "views", "plot_head_stats": "views", "safe_json": "views",
    "safe_script": "views", "TRUST_NOTE": "views", "VENDOR_FILES": "views", "vendor_script": "views",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
