"""아래층 캐시의 속도(이슈 40): 같은 배치로 위 층만 훈련하는 단계를 캐시 없이와 캐시로 잽니다.

multilingual-e5-small에 과제 헤드를 붙이고 단어 임베딩과 아래 8개 층을 얼린 뒤(강의 모델과 같은 설정: 위 4개 층 +
헤드만 훈련), 같은 배치들로 훈련 단계(순전파 + 역전파 + AdamW)를 돌립니다.

- 캐시 없이: 매 단계 임베딩 -> 12개 층 -> 헤드(얼린 8개 층도 순전파).
- 캐시로: 아래 8개 층의 출력을 한 번 계산해 두고(``layer_cache.lower_states``) 매 단계 위 4개 층 -> 헤드.

과제는 감성 분류(NSMC 내장 부분집합, 최대 64토큰)와 질의응답(내장 예문, 창 384토큰)이고, 초당 단계 수와 그 비,
캐시를 만드는 데 든 시간(몇 에포크면 본전인지)을 출력합니다. ``python -m bertlab bench --only layer_cache``.
"""

from __future__ import annotations

import time

from bertlab.benchmarks import Figure
from bertlab.benchmarks._shared import bench_threads, load_average, torch_threads

STEPS = 12
WARMUP = 2


def _steps_per_second(module, batches: list[dict], loss_fn) -> float:
    from bertlab.pretraining import make_optimizer
    from bertlab.finetuning.loop import FitConfig

    optimizer = make_optimizer(module, FitConfig(learning_rate=1e-5))
    module.train()
    began = None
    for step, batch in enumerate(batches):
        if step == WARMUP:
            began = time.perf_counter()
        loss_fn(module, batch)["loss"].backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
    return (len(batches) - WARMUP) / (time.perf_counter() - began)


def compare(task_name: str, data_name: str, max_length: int, batch_size: int, threads: int) -> dict:
    """과제 하나: 같은 배치 ``STEPS``개로 캐시 없이/캐시로 잰 초당 단계 수와 캐시를 만든 시간."""
    from transformers import AutoTokenizer

    from bertlab.datasets import load_dataset
    from bertlab.finetuning import BatchStream, base_model_location, get_task
    from bertlab.finetuning.layer_cache import (TopLayers, attach_states, cached_collate, frozen_lower_layers,
                                                lower_states)
    from bertlab.finetuning.recipe import _limit_to_top_layers, _maybe_freeze

    task = get_task(task_name)
    location = base_model_location("multilingual-e5-small")
    tokenizer = AutoTokenizer.from_pretrained(location)
    model = task.new_model(location)
    _maybe_freeze(model, None)
    top = _limit_to_top_layers(task, model, None)
    lower = frozen_lower_layers(model)
    examples = load_dataset(data_name, source="builtin").train
    features = task.encode(tokenizer, examples, max_length)[:batch_size * STEPS]
    stream = BatchStream(features, task.collate(tokenizer), batch_size, seed=0)
    with torch_threads(threads):
        plain = _steps_per_second(model, [stream(i) for i in range(STEPS)], task.loss)
        began = time.perf_counter()
        states, lengths = lower_states(model, features, lower, progress=False)
        build = time.perf_counter() - began
        cached_stream = BatchStream(attach_states(features, states, lengths), cached_collate(task.collate(tokenizer)),
                                    batch_size, seed=0)
        cached = _steps_per_second(TopLayers(model, lower), [cached_stream(i) for i in range(STEPS)], task.loss)
    tokens = sum(lengths)
    return {"plain": plain, "cached": cached, "build_seconds": build, "examples": len(features), "tokens": tokens,
            "top_layers": top, "lower": lower, "batch_size": batch_size, "max_length": max_length,
            "cache_mb": states.numel() * 2 / 2**20}


def run() -> list[Figure]:
    threads, load = bench_threads(), load_average()
    figures = []
    for task_name, data_name, max_length, batch_size in (("sentiment", "nsmc", 64, 32), ("qa", "korquad", 384, 16)):
        r = compare(task_name, data_name, max_length, batch_size, threads)
        epoch_steps = r["examples"] / r["batch_size"]
        saved_per_epoch = epoch_steps / r["plain"] - epoch_steps / r["cached"]
        note = (f"e5-small 위 {r['top_layers']}개 층 + 헤드 훈련, 아래 {r['lower']}개 층 얼림, 배치 {r['batch_size']}, "
                f"최대 {r['max_length']}토큰, 같은 배치 {STEPS}개(앞 {WARMUP}개 예열), 스레드 {threads}, 시작 부하 {load}")
        figures += [
            Figure(f"{task_name}: 캐시 없이 초당 단계", r["plain"], "단계/s", note=note),
            Figure(f"{task_name}: 캐시로 초당 단계", r["cached"], "단계/s", note=note),
            Figure(f"{task_name}: 캐시의 속도 배율", r["cached"] / r["plain"], "배"),
            Figure(f"{task_name}: 캐시 만들기", r["build_seconds"], "s",
                   note=(f"예제 {r['examples']}개 {r['tokens']:,}토큰, float16 {r['cache_mb']:.1f} MB; "
                         f"한 에포크에 아끼는 시간 {saved_per_epoch:.1f} s")),
        ]
    return figures
