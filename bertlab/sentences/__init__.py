"""문장 임베딩: 풀링과 SBERT(레슨 15), 그 위의 한국어 검색 챗봇(레슨 16).

- ``vectors``: 평범한 BERT의 풀링 벡터(``PooledEncoder``), 길이 1 벡터와 코사인 표, 비등방성, STS 스피어먼.
- ``sbert``: 과제 ``sbert``(``sentence-transformers``의 모델과 ``CosineSimilarityLoss``, 루프는 ``fit``), 훈련한 가중치만
  내보내기(큰 인코더는 위 4개 층만 훈련).
- ``sbert_nli``: 과제 ``sbert-nli``(분류 목표 ``SoftmaxLoss``로 NLI 훈련, KorSTS로 평가: SBERT 논문의 방법).
- ``losses``: SBERT의 목표들(NLI 분류 (u, v, |u-v|), STS 코사인-MSE, 배치 안 음성)을 torch 몇 줄로.
"""

from bertlab.lazy import lazy_exports

_EXPORTS = {
    "PooledEncoder": "vectors", "encode_sentences": "vectors", "cosine_matrix": "vectors",
    "anisotropy": "vectors", "sts_cosines": "vectors", "sts_spearman": "vectors", "check_sentences": "vectors",
    "similarity_table": "vectors",
    "SBERTTask": "sbert", "SBERT": "sbert", "new_sbert": "sbert", "SBERT_NLI": "sbert_nli",
    "softmax_features": "losses", "cosine_mse": "losses", "in_batch_negatives_loss": "losses",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
