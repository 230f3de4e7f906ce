"""모델 불러오기(역할 -> 체크포인트). 모든 레슨에서 ``from bertlab.models import load``로 씁니다.

- ``roles``, ``sources``, ``loader``: 역할(``ko-encoder`` 등)을 지금 환경에 맞는 체크포인트로 정하고 불러오기.
- ``network``: 온라인/오프라인 판단(3초 안에 끝남). 모델과 데이터셋 로더가 함께 씁니다.
- ``e5_format``, ``e5_tokenizer``, ``e5_convert``: 오프라인 한국어 인코더(multilingual-e5-small) 변환.
- ``sentencepiece_vocab``: SentencePiece 모델 + 따로 배포된 어휘 -> 빠른 토크나이저(레슨 17의 KoBERT).
- ``shared_weights``: 가중치가 파일 매핑(커널끼리 나눔)인지 재기(교실 서버).
- ``heads``, ``info``, ``report``: 헤드 붙이기, 상태 배지 정보, ``python -m bertlab models``.
- ``quiet``: 불러올 때 학생이 할 일이 없는 영어 안내(LOAD REPORT, 진행 막대, 경고)를 치우는 ``quiet_transformers``.
"""

from bertlab.lazy import lazy_exports

_EXPORTS = {
    "load": "loader", "load_tokenizer": "loader", "resolve": "loader", "clear_cache": "loader",
    "tokenizer_source": "loader",
    "LoadedModel": "loader", "Resolution": "loader",
    "ROLES": "roles", "get_role": "roles",
    "offline_dir": "sources",
    "network_status": "network", "NetworkStatus": "network",
    "ensure_e5_checkpoint": "e5_convert",
    "role_rows": "report",
    "weight_memory": "shared_weights", "WeightMemory": "shared_weights",
    "quiet_transformers": "quiet",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
