"""레슨 11 문장 놀이터(``sentiment_playground``)의 응답 시간: 문장 하나를 모델 셋(방금 파인 튜닝한 모델, 훈련 전
헤드, 강의 모델)으로 읽는 ``read_sentence``의 중앙값. 목표 100 ms 이하.

방금 파인 튜닝한 모델과 훈련 전 헤드는 구조가 같아 시간도 같으므로, 여기서는 ``ko-mini-bert`` + 새 분류 헤드
두 벌과 강의 모델(``bertlab/checkpoints/sentiment``, 없으면 세 번째 벌)로 잽니다. 문장은 내장 NSMC 평가 세트의
리뷰 30개를 돌아가며 씁니다. ``python -m bertlab bench --only sentiment_playground``.
"""

from __future__ import annotations

import itertools

from bertlab.benchmarks import Figure, median_ms


def playground_models() -> tuple[dict[str, tuple], str]:
    """``{이름: (모델, 토크나이저)}``과 강의 모델을 썼는지의 설명."""
    from transformers import AutoTokenizer

    from bertlab.finetuning import SENTIMENT, base_model_location, load_finetuned

    location = base_model_location("ko-mini-bert")
    tokenizer = AutoTokenizer.from_pretrained(location)
    models = {"방금": (SENTIMENT.new_model(location).eval(), tokenizer),
              "훈련 전": (SENTIMENT.new_model(location).eval(), tokenizer)}
    if SENTIMENT.course_checkpoint().is_dir():
        course = load_finetuned(SENTIMENT.course_checkpoint(), "sentiment")
        models["강의"] = (course.model, course.tokenizer)
        return models, "강의 모델 포함"
    models["강의(대신)"] = (SENTIMENT.new_model(location).eval(), tokenizer)
    return models, "강의 모델이 없어 같은 구조의 모델로 대신"


def run() -> list[Figure]:
    import torch

    from bertlab.datasets import load_dataset
    from bertlab.finetuning import read_sentence

    torch.set_num_threads(2)
    models, described = playground_models()
    sentences = itertools.cycle([text for text, _ in load_dataset("nsmc", source="builtin").test[:30]])
    median = median_ms(lambda: read_sentence(next(sentences), models), repeats=30, warmup=3)
    return [Figure("레슨 11 문장 놀이터 응답(모델 3개)", median, "ms", "<= 100 ms",
                   f"중앙값, 평가 리뷰 30개, 노트북의 torch 스레드 2개(읽는 동안은 1개), {described}")]
