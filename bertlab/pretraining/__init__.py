"""사전 훈련: MLM과 NSP, 그리고 강의의 작은 한국어 BERT(``ko-mini-bert``)를 훈련한 코드.

레슨 07(마스크드 언어 모델)과 레슨 08(다음 문장 예측과 미니 사전 훈련)이 쓰고, 강의의 오프라인 한국어
MLM(``bertlab/checkpoints/ko-mini-bert``)도 같은 코드로 훈련했습니다(``python -m bertlab pretrain``).

- ``masking``: 15% 선택, 80/10/10 마스킹(``mask_tokens``). ``masking_simulation``: 그 결과를 세고 보여 주기(레슨 07).
- ``blanks``: 빈칸 채우기(fill-mask) 놀이터의 계산(레슨 07·08).
- ``nsp``, ``loss``: NSP 쌍 만들기, MLM + NSP 손실 합(레슨 08).
- ``mini``: 노트북 안의 1분짜리 미니 사전 훈련(레슨 08).
- ``stream``, ``prefetch``, ``training``, ``export``, ``cli``: ``ko-mini-bert`` 훈련 도구.
- ``card``: ko-mini-bert의 훈련 시간·정확도의 단 하나의 출처(``facts.json``, 레슨 07·08과 README가 읽음).
- ``evaluate``, ``figures``, ``report``: 훈련한 모델의 수치와 모델 카드의 표(60초 감성 파인 튜닝 수치는
  ``bertlab.finetuning``이 맡고 ``python -m bertlab bench --only finetune_sentiment``가 출력합니다).
"""

from bertlab.lazy import lazy_exports

_EXPORTS = {
    # masking, masking_simulation (레슨 07)
    "IGNORE_INDEX": "masking", "mask_tokens": "masking", "masking_counts": "masking",
    "special_tokens_mask": "masking",
    "classify": "masking_simulation", "collator_comparison": "masking_simulation",
    "expected_shares": "masking_simulation", "KIND_LABELS": "masking_simulation",
    "masking_tokenizer": "masking_simulation", "MaskingSimulation": "masking_simulation",
    "my_dog_example": "masking_simulation", "SEED_SHARES": "masking_simulation",
    "shares_from_kinds": "masking_simulation", "simulate_masking": "masking_simulation",
    "special_token_ids": "masking_simulation", "tiny_masked_lm": "masking_simulation",
    # blanks (레슨 07·08)
    "EXAMPLE": "blanks", "FILL_MASK_EXAMPLES": "blanks", "fill_mask": "blanks", "fill_mask_all": "blanks", "fill_mask_models": "blanks",
    "fill_mask_rows": "blanks", "FillMaskResult": "blanks", "korean_mlm_lineup": "blanks", "ModelAnswer": "blanks",
    "predict_at": "blanks", "prepare_masked_text": "blanks",
    # nsp, loss, mini (레슨 08)
    "collate_pairs": "nsp", "encode_pair": "nsp", "IS_NEXT": "nsp", "make_nsp_pairs": "nsp", "NOT_NEXT": "nsp",
    "NspPair": "nsp",
    "new_bert_for_pretraining": "loss", "pretraining_loss": "loss", "PretrainingLoss": "loss",
    "describe_loss_change": "mini", "loss_change": "mini", "PROBE_SENTENCES": "mini",
    "run_toy_pretraining": "mini", "toy_pretraining": "mini", "toy_tokenizer": "mini",
    # ko-mini-bert 훈련
    "PretrainingStream": "stream", "TokenizedCorpus": "stream",
    "prefetched": "prefetch", "PrefetchedBatches": "prefetch",
    "train": "training", "TrainingConfig": "training", "TrainingResult": "training",
    "save_checkpoint": "training", "load_checkpoint": "training", "make_optimizer": "training",
    "export_pretrained": "export", "load_exported": "export",
    # 수치와 모델 카드
    "KoMiniBertFacts": "card", "ko_mini_bert_facts": "card",
    "fill_mask_report": "evaluate", "masked_lm_accuracy": "evaluate", "pretraining_accuracy": "evaluate",
    "sample_texts": "evaluate", "top_mask_candidates": "evaluate",
    "collect_figures": "figures", "heldout_figures": "figures", "standard_error": "figures",
    "block_means": "report", "card_fill_mask_rows": "report", "curve_rows": "report", "read_log": "report",
    "restart_recovery": "report",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
