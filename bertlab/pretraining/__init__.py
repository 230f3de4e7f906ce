"""한국어 BERT 사전 훈련 도구: 어휘 학습, NSP 쌍, MLM 마스킹, 합친 손실, 훈련 루프.

레슨 07(마스크드 언어 모델)과 레슨 08(다음 문장 예측과 미니 사전 훈련)이 장난감 크기로 다시 쓰고,
강의의 오프라인 한국어 MLM(``bertlab/checkpoints/ko-mini-bert``)도 같은 코드로 훈련했습니다.
무거운 라이브러리는 실제로 쓸 때 불러옵니다(``import bertlab.pretraining``은 가볍습니다).

자주 쓰는 이름::

    from bertlab.pretraining import (
        mask_tokens, special_tokens_mask,           # 레슨 07: 15% 선택, 80/10/10
        make_nsp_pairs, encode_pair, collate_pairs,  # 레슨 08: IsNext/NotNext 50:50
        pretraining_loss, new_bert_for_pretraining,  # 레슨 08: MLM + NSP 손실 합
        train, TrainingConfig,                       # 레슨 08: 미니 사전 훈련(콜백으로 손실 곡선)
        train_wordpiece,                             # 레슨 03/08: 한국어 WordPiece 어휘
    )
"""

from importlib import import_module

_EXPORTS = {
    "mask_tokens": "masking",
    "special_tokens_mask": "masking",
    "masking_counts": "masking",
    "NspPair": "nsp",
    "make_nsp_pairs": "nsp",
    "encode_pair": "nsp",
    "collate_pairs": "nsp",
    "IS_NEXT": "nsp",
    "NOT_NEXT": "nsp",
    "train_wordpiece": "vocab",
    "load_tokenizer": "vocab",
    "hangul_survives": "vocab",
    "new_bert_for_pretraining": "loss",
    "pretraining_loss": "loss",
    "PretrainingLoss": "loss",
    "TrainingConfig": "training",
    "TrainingResult": "training",
    "train": "training",
    "save_checkpoint": "training",
    "load_checkpoint": "training",
    "TokenizedCorpus": "stream",
    "PretrainingStream": "stream",
    "builtin_sentences": "corpus",
}


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f"bertlab.pretraining.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'bertlab.pretraining' has no attribute {name!r}")


__all__ = sorted(_EXPORTS)
