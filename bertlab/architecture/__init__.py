"""BERT의 구조와 크기: 레슨 02(구조와 크기)에서 쓰고, 크기 탐색기 위젯과 벤치마크가 다시 씁니다.

- ``size``: 구조 설정(L, D, A, 어휘 크기, 최대 길이)에서 파라미터 수를 부품별로 세기.
- ``variants``: 대표 크기들, 구글의 작은 BERT 24종, 대소문자 구분(cased/uncased), 전체 단어 마스킹.
- ``latency``: 크기별 CPU 추론 시간 재기.
"""

from bertlab.lazy import lazy_exports

_EXPORTS = {
    # size
    "BertSize": "size", "as_size": "size", "count_parameters": "size", "library_parameter_count": "size",
    "memory_megabytes": "size", "shape_only_model": "size", "size_from_config": "size", "to_bert_config": "size",
    # variants
    "mask_pieces": "variants", "normalize_for_bert": "variants", "PRESETS": "variants", "SMALL_HIDDEN": "variants",
    "SMALL_LAYERS": "variants", "small_model_size": "variants", "small_models": "variants",
    "small_models_html": "variants", "WHOLE_WORD_MASKING_SCORES": "variants", "word_groups": "variants",
    # latency
    "AUTO_MEASURE_PARAMETERS": "latency", "cached_latency": "latency", "check_measurable": "latency",
    "clear_latency_cache": "latency", "DEFAULT_TOKENS": "latency", "Latency": "latency",
    "MAX_MEASURE_PARAMETERS": "latency", "measure_latency": "latency", "random_bert": "latency",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
