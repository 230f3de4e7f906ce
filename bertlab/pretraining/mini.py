"""노트북 안의 미니 사전 훈련: 장난감 어휘 + 작은 BERT + 1분 이내 CPU 훈련. 레슨 08에서 사용.

새 훈련 코드는 없습니다. 강의의 ``ko-mini-bert``를 만든 ``bertlab.pretraining``의 부품을 작게
조립할 뿐입니다.

- 말뭉치: ``builtin_documents()`` (chatterbot 한국어 대화 + konlpy 헌법·의안, 인터넷 필요 없음)
- 어휘: ``train_wordpiece``로 2,000개짜리 WordPiece
- 배치: ``PretrainingStream`` (A/B 세그먼트, IsNext/NotNext 50:50, 15% 마스킹 80/10/10)
- 모델: ``new_bert_for_pretraining`` (2층, 은닉 128, 헤드 2: BERT-Tiny 크기)
- 훈련: ``train(..., TrainingConfig(max_seconds=...))``, 콜백으로 실시간 손실 곡선과 진행 막대
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import lru_cache

TOY_VOCAB_SIZE = 2000
TOY_MAX_LENGTH = 48
TOY_BATCH_SIZE = 32
TOY_MODEL = {"hidden_size": 128, "num_layers": 2, "num_heads": 2, "intermediate_size": 512}
TOY_LEARNING_RATE = 3e-3
# 훈련 말뭉치(법 조문·대화)에서 볼 법한 문장과 일상 문장. 장난감·강의 모델·실제 모델을 같은 문장으로 비교.
PROBE_SENTENCES = [
    "대한민국의 주권은 [MASK]에게 있다.",
    "모든 국민은 법 앞에 [MASK]하다.",
    "오늘 날씨가 정말 [MASK].",
    "배가 고파서 밥을 [MASK].",
]


@lru_cache(maxsize=1)
def toy_documents() -> tuple[tuple[str, ...], ...]:
    """장난감 말뭉치: 문서(문장들의 튜플)의 튜플. 프로세스마다 한 번 읽습니다."""
    from bertlab.datasets import builtin_documents

    return tuple(tuple(doc) for doc in builtin_documents())


@lru_cache(maxsize=2)
def toy_tokenizer(vocab_size: int = TOY_VOCAB_SIZE):
    """장난감 말뭉치로 학습한 작은 WordPiece 어휘([PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4)."""
    from bertlab.tokenization import train_wordpiece

    tokenizer = train_wordpiece([s for doc in toy_documents() for s in doc], vocab_size=vocab_size)
    tokenizer.model_max_length = 1_000_000  # 말뭉치 전체를 토큰으로 바꿀 때 '너무 길다' 경고를 끔
    return tokenizer


@dataclass
class ToyPretraining:
    """미니 사전 훈련에 필요한 것 한 묶음."""

    tokenizer: object
    stream: object   # PretrainingStream: stream.batch(step) -> 배치 사전
    model: object    # BertForPreTraining (무작위 초기화)
    num_tokens: int  # 말뭉치의 토큰 수


def new_toy_model(vocab_size: int, seed: int = 0, max_position: int = TOY_MAX_LENGTH, dropout: float = 0.0, **sizes):
    """무작위 초기화한 장난감 ``BertForPreTraining`` (기본 2층, 은닉 128, 헤드 2)."""
    from bertlab.pretraining.loss import new_bert_for_pretraining

    options = {**TOY_MODEL, **sizes}
    return new_bert_for_pretraining(vocab_size, max_position=max_position, dropout=dropout, seed=seed, **options)


def toy_pretraining(tokenizer=None, seed: int = 0, batch_size: int = TOY_BATCH_SIZE,
                    max_length: int = TOY_MAX_LENGTH, **sizes) -> ToyPretraining:
    """장난감 어휘·배치 흐름·무작위 모델을 준비합니다(훈련 전). 레슨 08에서 사용.

    tokenizer: 생략하면 ``toy_tokenizer()``(내장 말뭉치로 학습한 2,000개 WordPiece).
    """
    from bertlab.pretraining.stream import PretrainingStream, TokenizedCorpus

    tokenizer = tokenizer if tokenizer is not None else toy_tokenizer()
    corpus = TokenizedCorpus.from_documents([list(d) for d in toy_documents()], tokenizer)
    stream = PretrainingStream(corpus, tokenizer, batch_size=batch_size, max_length=max_length, seed=seed)
    model = new_toy_model(len(tokenizer), seed=seed, max_position=max_length, **sizes)
    return ToyPretraining(tokenizer, stream, model, corpus.num_tokens)


def run_toy_pretraining(toy: ToyPretraining, seconds: float | None = 40.0, max_steps: int = 100_000,
                        callback=None, learning_rate: float = TOY_LEARNING_RATE, warmup_steps: int = 10,
                        log_every: int = 5, seed: int = 0, threads: int | None = 1):
    """장난감 모델을 ``seconds``초(또는 ``max_steps``단계) 동안 사전 훈련합니다. ``TrainingResult``를 돌려줌.

    학습률은 워밍업 뒤 시간 예산에 맞춰 0까지 줄어듭니다(``time_schedule``). 진행 막대와 곡선은
    ``callback``(예: ``bertlab.widgets.loss_curve.LiveLossCurve``)이 그립니다.
    threads: 훈련하는 동안의 torch 스레드 수(기본 1). 이렇게 작은 모델은 스레드를 나눠 얻는 것이 적고,
    여럿이 CPU를 나눠 쓰는 기계(강의실 서버 등)에서는 스레드 2개가 서로를 기다리느라 몇 배 느려집니다
    (개발 기계에서 20초 동안 스레드 1개 56단계, 2개 7단계). None이면 그대로 둡니다.
    """
    import torch

    from bertlab.pretraining.training import TrainingConfig, train

    config = TrainingConfig(max_steps=max_steps, learning_rate=learning_rate, warmup_steps=warmup_steps,
                            max_seconds=seconds, time_schedule=seconds is not None, log_every=log_every,
                            progress=False, seed=seed)
    previous = torch.get_num_threads()
    if threads:
        torch.set_num_threads(threads)
    try:
        return train(toy.model, toy.stream.batch, config, callback=callback)
    finally:
        torch.set_num_threads(previous)


def loss_change(history: list[dict], start_window: int = 1, end_window: int = 3) -> dict:
    """처음(첫 ``start_window``개 기록)과 끝(마지막 ``end_window``개 기록 평균)의 MLM·NSP 손실과 정확도."""
    if not history:
        raise ValueError("훈련 기록이 비어 있습니다.")
    head, tail = history[:start_window], history[-end_window:]

    def mean(rows, key):
        return statistics.fmean(r[key] for r in rows)

    return {"start_mlm": mean(head, "mlm_loss"), "end_mlm": mean(tail, "mlm_loss"),
            "start_nsp": mean(head, "nsp_loss"), "end_nsp": mean(tail, "nsp_loss"),
            "start_mlm_acc": mean(head, "mlm_acc"), "end_mlm_acc": mean(tail, "mlm_acc"),
            "steps": history[-1]["step"], "seconds": history[-1]["seconds"]}


def describe_loss_change(change: dict, vocab_size: int) -> str:
    """손실 변화 한 단락(노트북 출력용). ln(어휘 크기)는 아무것도 모를 때(균등 추측)의 손실."""
    import math

    return (f"{change['steps']}단계, {change['seconds']:.0f}초 훈련\n"
            f"MLM 손실: 처음 {change['start_mlm']:.2f} → 끝 {change['end_mlm']:.2f} "
            f"(무작위로 고를 때 ln {vocab_size:,} = {math.log(vocab_size):.2f})\n"
            f"MLM 정확도(고른 자리 top-1): 처음 {change['start_mlm_acc']:.1%} → 끝 {change['end_mlm_acc']:.1%}\n"
            f"NSP 손실: 처음 {change['start_nsp']:.3f} → 끝 {change['end_nsp']:.3f} (무작위 ln 2 = 0.693)")
