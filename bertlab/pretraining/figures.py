"""강의용 한국어 BERT(``bertlab/checkpoints/ko-mini-bert``)의 수치: 모델 카드의 표와 벤치마크가 씁니다.

- 평가용 영화 리뷰(영화 id 해시로 떼어 둔 5%)에서 MLM top-1/top-5(리뷰 하나씩: 평가용 리뷰 전부와
  2,000개 표본, 그리고 훈련과 같은 NSP 쌍 형식)와 NSP 정확도.
- 빈칸 채우기 20문장(일상 10 + 리뷰체 10): 상위 5개 안에 미리 정한 '말이 되는 답'이 있는 문장 수.
공유 데이터(../shared/data)가 없으면 그것을 쓰는 항목은 None입니다. 60초 감성 분류 파인 튜닝(ko-mini-bert와
multilingual-e5-small 비교)은 파인 튜닝 층의 일이라 ``python -m bertlab bench --only finetune_sentiment``가 잽니다.
``python -m bertlab pretrain-report --model``과 ``python -m bertlab bench --only ko_mini_bert``가 부릅니다.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from bertlab.datasets import NSMC_RAW_FILE, shared_data_file

CHECKPOINT = Path(__file__).resolve().parent.parent / "checkpoints" / "ko-mini-bert"


def standard_error(accuracy: float, count: int) -> float:
    """정확도(비율)의 표준오차 sqrt(p(1-p)/n): 고른 자리 n개로 잰 값이 얼마나 흔들리는지."""
    return math.sqrt(accuracy * (1 - accuracy) / max(count, 1))


def heldout_figures(model, tokenizer, corpus_path: Path, reviews: int = 2000, pair_batches: int = 30) -> dict:
    """평가용 영화 리뷰에서 MLM top-1/top-5와 NSP 정확도.

    - all_reviews: 평가용 리뷰 전부(NSMC 원본에서 34,054개)를 하나씩 마스킹(시드 0). 이슈 4의 목표(≥ 0.40)를 재는
      **사전 훈련 목표 정확도**(80/10/10 그대로). 길이순으로 묶어 패딩을 줄입니다(안정 정렬이라 결정적). 2코어에서 몇 분.
    - all_reviews_blank: 같은 리뷰·같은 자리를 모두 [MASK]로 바꾼 **빈칸 채우기 정확도**(``card.py`` 참고).
    - single_review: 그중 무작위 ``reviews``개(시드 0). 9구간까지 카드가 쓰던 표본이라 비교용으로 남김.
    - pairs: 훈련과 같은 NSP 쌍 형식 ``pair_batches``배치.
    """
    from bertlab.datasets import read_nsmc_reviews, reviews_to_documents
    from bertlab.pretraining.evaluate import masked_lm_accuracy, pretraining_accuracy, sample_texts
    from bertlab.pretraining.stream import PretrainingStream, TokenizedCorpus

    def one_by_one(texts: list[str], fill_in_blank: bool = False) -> dict:  # 리뷰 하나씩: top-1/top-5, top-1의 표준오차
        result = masked_lm_accuracy(model, tokenizer, texts, seed=0, fill_in_blank=fill_in_blank)
        return result | {"top1_standard_error": standard_error(result["top1"], result["masked_tokens"])}

    documents = reviews_to_documents(read_nsmc_reviews(corpus_path, "heldout"))
    texts = sorted((s for doc in documents for s in doc), key=len)
    everything, blank = one_by_one(texts), one_by_one(texts, fill_in_blank=True)
    single = one_by_one(sample_texts(documents, reviews, seed=0))
    stream = PretrainingStream(TokenizedCorpus.from_documents(documents, tokenizer), tokenizer, batch_size=32,
                               max_length=128, seed=20260101)
    pairs = pretraining_accuracy(model, stream, num_batches=pair_batches)
    return {"all_reviews": everything, "all_reviews_blank": blank, "single_review": single, "pairs": pairs,
            "heldout_reviews": sum(map(len, documents)), "heldout_movies": len(documents)}


def collect_figures(model_dir: Path = CHECKPOINT, corpus_path: Path | None = None, threads: int = 2) -> dict:
    """빈칸 채우기와 평가용 수치를 사전으로. 공유 데이터가 없으면 평가용 수치는 None.

    torch 스레드 ``threads``개(코어가 더 적으면 코어 수)로 잽니다.
    """
    import torch

    torch.set_num_threads(max(1, min(threads, os.cpu_count() or 1)))
    if corpus_path is None:
        corpus_path = shared_data_file(NSMC_RAW_FILE)
    from bertlab.pretraining.evaluate import fill_mask_report
    from bertlab.pretraining.export import load_exported

    model, tokenizer = load_exported(model_dir, head="pretraining")  # 빈칸 채우기와 평가용 수치가 함께 씀
    figures = {"fill_mask": fill_mask_report(model, tokenizer)}
    has_data = corpus_path is not None and Path(corpus_path).exists()
    figures["heldout"] = heldout_figures(model, tokenizer, corpus_path) if has_data else None
    return figures
