"""MLM 손실 + NSP 손실의 합. 레슨 08(두 손실 합치기)과 ``ko-mini-bert`` 훈련에서 사용.

모델은 transformers의 표준 ``BertForPreTraining`` 그대로입니다. 다만 속도를 위해 MLM 출력층(어휘 16k개
로짓)을 모든 자리가 아니라 고른(마스킹한) 자리에서만 계산합니다. 결과 손실은
``BertForPreTraining(...).loss``와 같습니다(테스트가 확인). 내보낸 체크포인트도 표준 형식입니다.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from bertlab.pretraining.masking import IGNORE_INDEX

TRAINING_ATTENTION = "eager"  # 훈련용 모델의 어텐션 구현: CPU bf16에서 sdpa 역전파보다 ~1.3배 빠름(계산은 같음)


def new_bert_for_pretraining(vocab_size: int, hidden_size: int = 256, num_layers: int = 4, num_heads: int = 4,
                             intermediate_size: int = 1024, max_position: int = 128, dropout: float = 0.1,
                             pad_token_id: int = 0, seed: int = 0):
    """무작위 초기화한 작은 ``BertForPreTraining``. 기본값은 BERT-Mini(L=4, H=256, A=4). 레슨 08에서 사용."""
    from transformers import BertConfig, BertForPreTraining

    config = BertConfig(vocab_size=vocab_size, hidden_size=hidden_size, num_hidden_layers=num_layers,
                        num_attention_heads=num_heads, intermediate_size=intermediate_size,
                        max_position_embeddings=max_position, hidden_dropout_prob=dropout,
                        attention_probs_dropout_prob=dropout, pad_token_id=pad_token_id,
                        type_vocab_size=2, attn_implementation=TRAINING_ATTENTION)
    torch.manual_seed(seed)
    return BertForPreTraining(config)


def bert_for_pretraining_from(path, dropout: float = 0.1):
    """내보낸 HF 폴더(예: ``bertlab/checkpoints/ko-mini-bert``)의 가중치로 시작하는 float32 ``BertForPreTraining``.

    ``python -m bertlab pretrain --init-from``이 씁니다: 저장소에 들어 있는 모델에서 새 옵티마이저로 이어 훈련.
    훈련용이라 ``new_bert_for_pretraining``과 같은 어텐션 구현(``TRAINING_ATTENTION``)과 드롭아웃을 씁니다.
    """
    from transformers import BertForPreTraining

    return BertForPreTraining.from_pretrained(str(path), dtype=torch.float32, attn_implementation=TRAINING_ATTENTION,
                                              hidden_dropout_prob=dropout, attention_probs_dropout_prob=dropout)


@dataclass
class PretrainingLoss:
    """합친 손실과 그 구성. loss = mlm_loss + nsp_loss (역전파는 loss로)."""

    loss: torch.Tensor
    mlm_loss: torch.Tensor
    nsp_loss: torch.Tensor
    mlm_correct: int  # 고른 자리 중 top-1이 맞은 수
    mlm_count: int  # 고른 자리 수
    nsp_correct: int
    nsp_count: int


def pretraining_loss(model, batch: dict) -> PretrainingLoss:
    """BERT 사전 훈련 손실 = MLM 교차 엔트로피(고른 자리만) + NSP 교차 엔트로피([CLS]). 레슨 08에서 사용.

    batch: input_ids (B, T), token_type_ids (B, T), attention_mask (B, T),
           labels (B, T; 고르지 않은 자리는 -100), next_sentence_label (B,; 0 IsNext, 1 NotNext).
    """
    out = model.bert(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                     token_type_ids=batch["token_type_ids"])
    hidden = out.last_hidden_state  # (B, T, H)
    labels = batch["labels"]  # (B, T)
    chosen = labels != IGNORE_INDEX  # (B, T)
    mlm_logits = model.cls.predictions(hidden[chosen])  # (M, V): 고른 M개 자리만
    mlm_targets = labels[chosen]  # (M,)
    if mlm_targets.numel():
        mlm_loss = F.cross_entropy(mlm_logits.float(), mlm_targets)
    else:
        mlm_loss = mlm_logits.sum() * 0.0
    nsp_logits = model.cls.seq_relationship(out.pooler_output)  # (B, 2): [CLS] -> 풀러 -> 2-분류
    nsp_labels = batch["next_sentence_label"]  # (B,)
    nsp_loss = F.cross_entropy(nsp_logits.float(), nsp_labels)
    with torch.no_grad():
        mlm_correct = int((mlm_logits.argmax(-1) == mlm_targets).sum())
        nsp_correct = int((nsp_logits.argmax(-1) == nsp_labels).sum())
    return PretrainingLoss(mlm_loss + nsp_loss, mlm_loss, nsp_loss, mlm_correct, int(mlm_targets.numel()),
                           nsp_correct, int(nsp_labels.numel()))
