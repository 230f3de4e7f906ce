"""임베딩: 입력 표현에서 문맥 임베딩과 특징 추출까지.

- ``input_embeddings``: 토큰 + 위치 + 세그먼트 임베딩의 합과 LayerNorm(레슨 04).
- ``contextual``, ``neighbours``: 정적 임베딩과 문맥 임베딩 비교, 가까운 이웃(레슨 01).
- ``word_extraction``: 문장 속 한 단어의 문맥 벡터 꺼내기(레슨 09에서 만들고 레슨 10, 12가 다시 씀).
- ``polysemy``, ``wic``: 동음이의어의 뜻 분리, 문맥 속 단어 의미 판별(WiC)(레슨 09).
- ``features``: 풀링과 고정 특징 분류기(레슨 10, 레슨 15가 다시 씀).
- ``feature_probe``: 풀링·층을 골라 분류기 정확도와 내 문장의 확률을 보는 계산(레슨 10 위젯).
"""

from bertlab.lazy import lazy_exports

_EXPORTS = {
    # input_embeddings
    "Breakdown": "input_embeddings", "embedding_breakdown": "input_embeddings",
    "embedding_layer_output": "input_embeddings", "embedding_tables": "input_embeddings",
    "encode_by_hand": "input_embeddings", "layer_norm": "input_embeddings",
    "position_similarity": "input_embeddings", "sum_embeddings": "input_embeddings",
    # contextual, neighbours
    "compare_contexts": "contextual", "cosine": "contextual", "embedding_table": "contextual",
    "homonym_sentences": "contextual", "word_in_context": "contextual",
    "contextual_neighbours": "neighbours", "nearest_tokens": "neighbours", "Neighbour": "neighbours",
    "neighbour_view": "neighbours", "NeighbourView": "neighbours", "random_table_like": "neighbours",
    # word_extraction
    "HiddenStateCache": "word_extraction", "locate_word": "word_extraction", "pieces_for_span": "word_extraction",
    "word_vectors": "word_extraction",
    # polysemy, wic
    "analyse_homonyms": "polysemy", "average_token_similarity": "polysemy", "chance_nearest_neighbour": "polysemy",
    "classify_by_nearest": "polysemy", "explore": "polysemy", "ExplorerView": "polysemy",
    "nearest_neighbour_accuracy": "polysemy", "project_2d": "polysemy", "sense_similarity": "polysemy",
    "surface_forms": "polysemy",
    "evaluate_model": "wic", "evaluate_wic": "wic", "homonym_pairs": "wic", "load_measured_results": "wic",
    "MEASURED_FILE": "wic", "pair_cosines": "wic", "read_kobest_wic": "wic", "tune_threshold": "wic",
    # features
    "choose_layer": "features", "cls_pool": "features", "cross_validated_layers": "features",
    "frozen_classifier": "features", "layer_sweep": "features", "max_pool": "features", "mean_pool": "features",
    "pool": "features", "POOLING_NAMES": "features", "sentence_features": "features",
    # feature_probe
    "ChoiceReport": "feature_probe", "FeatureProbe": "feature_probe",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
