"""파인 튜닝 벤치마크(레슨 11-16)가 같이 쓰는 것: 60초 훈련 한 번과 그 설명, 스레드 1개로 잰 위젯 갱신 시간.

이름이 ``_``로 시작해 ``bench``가 벤치마크로 돌리지 않습니다(``benchmark_modules``).
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

SECONDS = 60.0   # 레슨의 노트북 안 훈련 시간 예산


def load_average() -> float:
    """1분 평균 부하(붐비는 기계에서는 같은 60초에 단계 수가 줄어 함께 출력합니다)."""
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else float("nan")


def bench_threads() -> int:
    """훈련에 쓸 torch 스레드 수: ``BERTLAB_BENCH_THREADS``(기본 2, 레슨과 같음)."""
    return int(os.environ.get("BERTLAB_BENCH_THREADS", "2"))


def timed_finetune(task: str, threads: int, seconds: float = SECONDS, **kwargs):
    """레슨과 같은 ``finetune(task)``를 ``seconds``초(평가 제외) -> (FineTuned, 단계·시간·설정·시작 부하 설명)."""
    from bertlab.finetuning import finetune

    load = load_average()
    tuned = finetune(task, seconds=seconds, threads=threads, progress=False, **kwargs)
    result, settings = tuned.result, tuned.settings
    epoch = f" {result.history[-1]['epoch']:.2f}바퀴" if result.history and "epoch" in result.history[-1] else ""
    note = (f"{result.step}단계 {result.seconds:.0f}초{epoch}, 스레드 {threads}, 학습률 {settings['learning_rate']}, "
            f"배치 {settings['batch_size']}, 시작 부하 {load}")
    return tuned, note


@contextmanager
def torch_threads(count: int):
    """잠깐 torch 스레드 수를 바꿉니다(위젯 한 번 갱신은 스레드 1개가 더 빠르고 안정적)."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def widget_samples(update, inputs: list, rounds: int = 3, warmup: int = 2) -> list[float]:
    """``update(입력)``을 입력마다 ``rounds``번 잰 시간들(밀리초, 스레드 1개). 앞 ``warmup``개 입력으로 예열."""
    with torch_threads(1):
        for given in inputs[:warmup]:
            update(given)
        samples = []
        for _ in range(rounds):
            for given in inputs:
                began = time.perf_counter()
                update(given)
                samples.append((time.perf_counter() - began) * 1000)
    return samples
