"""감성 분류 미세 조정 벤치마크(NSMC 규칙): 어떤 HF 모델 폴더든 같은 예산으로 비교합니다.

NSMC 규칙: 평점 1-4 부정(0), 9-10 긍정(1), 5-8 제외. 훈련 리뷰 5,000개(긍정·부정 반반, 평가용이 아닌
영화), 평가는 평가용 영화(영화 id 해시로 떼어 둔 것)의 리뷰. CPU에서 torch 스레드 2개, 순수 훈련
시간(순전파·역전파·갱신)만 세어 ``max_seconds``(기본 60초)에서 멈춥니다. 학습률은 그 시간 예산에 맞춰
선형으로 0까지 줄어듭니다. ``ko-mini-bert`` 모델 카드와 ``python -m bertlab bench``가 씁니다.
(레슨 11의 파인 튜닝 루프와 같은 생각을 NSMC 원본에 적용한 것입니다.)
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import torch


def nsmc_label(rating: int) -> int | None:
    """NSMC 규칙: 1-4 -> 0(부정), 9-10 -> 1(긍정), 나머지 None(제외)."""
    return 0 if rating <= 4 else 1 if rating >= 9 else None


def sentiment_split(corpus_path: str | Path, train_size: int = 5000, eval_size: int = 2000, seed: int = 0):
    """(훈련 텍스트, 훈련 레이블), (평가 텍스트, 평가 레이블). 둘 다 긍정·부정 반반, 영화 단위로 분리."""
    from bertlab.datasets import read_nsmc_reviews

    rng = random.Random(seed)
    parts = []
    for split, size in (("train", train_size), ("heldout", eval_size)):
        by_label: dict[int, list[str]] = {0: [], 1: []}
        for review in read_nsmc_reviews(corpus_path, split):
            label = nsmc_label(review.rating)
            if label is not None:
                by_label[label].append(review.review)
        rows = [(t, lab) for lab in (0, 1) for t in rng.sample(by_label[lab], size // 2)]
        rng.shuffle(rows)
        parts.append(([t for t, _ in rows], [lab for _, lab in rows]))
    return parts


def _length_bucketed_batches(lengths: list[int], batch_size: int, rng: random.Random, bucket: int = 50):
    """섞은 뒤 batch_size*bucket개씩 길이로 정렬해 배치를 만들고, 배치 순서를 다시 섞습니다."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches = []
    for start in range(0, len(order), batch_size * bucket):
        chunk = sorted(order[start:start + batch_size * bucket], key=lengths.__getitem__)
        batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def _evaluate(model, tokenizer, texts, labels, max_length: int, batch_size: int = 128) -> float:
    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, len(texts), batch_size):
            enc = tokenizer(texts[start:start + batch_size], return_tensors="pt", padding=True,
                            truncation=True, max_length=max_length)
            logits = model(**enc).logits  # (B, 2)
            correct += int((logits.argmax(-1) == torch.tensor(labels[start:start + batch_size])).sum())
    return correct / len(texts)


def finetune_sentiment(model_dir: str | Path, train, evaluation, max_seconds: float = 60.0, threads: int = 2,
                       learning_rate: float = 2e-4, batch_size: int = 32, max_length: int = 64,
                       warmup_fraction: float = 0.06, seed: int = 0, bf16: bool = False,
                       freeze_word_embeddings: bool = False) -> dict:
    """``model_dir``의 인코더에 [CLS] 분류 머리를 붙여 ``max_seconds`` 동안 미세 조정하고 평가합니다.

    train, evaluation: (텍스트 목록, 레이블 목록). 토큰화는 시간에 넣지 않고 미리 합니다. 비슷한 길이끼리
    배치를 묶어 패딩을 줄입니다. bf16=True면 CPU bfloat16 autocast(AMX가 있는 CPU에서 빠름).
    freeze_word_embeddings=True면 단어 임베딩 표를 고정합니다(어휘 25만 개인 e5는 이 표의 AdamW 갱신만으로
    CPU 예산을 다 써 버림).
    돌려주는 사전: accuracy, train_seconds, steps, examples_seen, epochs, eval_size, model_dir, learning_rate.
    """
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging

    logging.set_verbosity_error()  # 새 분류 머리 초기화 경고는 예상된 것
    previous_threads = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        torch.manual_seed(seed)
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
        model = AutoModelForSequenceClassification.from_pretrained(str(model_dir), num_labels=2,
                                                                   dtype=torch.float32)
        texts, labels = train
        encoded = tokenizer(texts, truncation=True, max_length=max_length)["input_ids"]
        if freeze_word_embeddings:
            model.get_input_embeddings().weight.requires_grad_(False)
        trainable = [p for p in model.parameters() if p.requires_grad]
        optimizer = torch.optim.AdamW(trainable, lr=learning_rate, weight_decay=0.01)
        rng = random.Random(seed)
        steps = seen = 0
        spent = 0.0
        model.train()
        while spent < max_seconds:
            for idx in _length_bucketed_batches([len(x) for x in encoded], batch_size, rng):
                enc = tokenizer.pad({"input_ids": [encoded[i] for i in idx]}, return_tensors="pt")
                target = torch.tensor([labels[i] for i in idx])  # (B,)
                tic = time.perf_counter()
                progress = spent / max_seconds
                scale = progress / warmup_fraction if progress < warmup_fraction else 1.0 - progress
                for group in optimizer.param_groups:
                    group["lr"] = learning_rate * max(scale, 0.02)
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                    logits = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).logits
                loss = torch.nn.functional.cross_entropy(logits.float(), target)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(trainable, 1.0)
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)
                spent += time.perf_counter() - tic
                steps, seen = steps + 1, seen + len(idx)
                if spent >= max_seconds:
                    break
        accuracy = _evaluate(model, tokenizer, *evaluation, max_length=max_length)
    finally:
        torch.set_num_threads(previous_threads)
    return {"model_dir": str(model_dir), "accuracy": accuracy, "train_seconds": round(spent, 1), "steps": steps,
            "examples_seen": seen, "epochs": round(seen / len(texts), 2), "eval_size": len(evaluation[0]),
            "learning_rate": learning_rate, "threads": threads, "bf16": bf16,
            "freeze_word_embeddings": freeze_word_embeddings}


def sentiment_benchmark(model_dir: str | Path, corpus_path: str | Path, train_size: int = 5000,
                        eval_size: int = 2000, max_seconds: float = 60.0, **kwargs) -> dict:
    """NSMC 규칙 감성 분류: 훈련 5,000개로 ``max_seconds`` 미세 조정, 평가용 영화 리뷰로 정확도."""
    train, evaluation = sentiment_split(corpus_path, train_size, eval_size)
    return finetune_sentiment(model_dir, train, evaluation, max_seconds=max_seconds, **kwargs)


PUBLISHED_NSMC = {  # 전체 NSMC(15만 훈련, 5만 평가) 기준 공개 점수(정확도 %)
    "GloVe+CNN": 87.3,
    "KoELECTRA-Small-v3": 89.4,
    "KLUE-BERT-base": 90.2,
}
