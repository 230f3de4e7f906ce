"""파인 튜닝 레시피 한 번에: 과제 이름 -> 데이터·인코더·헤드 준비 -> ``fit`` -> 최고 모델. 레슨 11-16, 명령줄, 벤치마크.

레슨은 ``finetune("sentiment", callback=LiveLossCurve(...))`` 한 줄로 쓰거나, 같은 부품(``Task.encode``,
``BatchStream``, ``fit``)을 한 줄씩 조립하며 설명할 수 있습니다. ``python -m bertlab finetune``과
``evaluate --model fresh``, ``bench --only finetune_sentiment``가 이 함수 하나를 부릅니다.

인코더(``base``)의 이름과 위치는 ``encoders.base_model_location``이 정합니다. 큰 어휘의 인코더(e5, 강의 모델)는
단어 임베딩과 아래층을 얼리고 위 ``top_layers``개 층 + 헤드만 훈련하며(``delta``), 그때 얼린 아래층의 출력은 한 번만
계산해 캐시합니다(``layer_cache``).
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bertlab.errors import BertlabError
from bertlab.finetuning.adapters import add_adapters, adapter_settings
from bertlab.finetuning.batches import BatchStream
from bertlab.finetuning.delta import freeze_lower_layers
from bertlab.finetuning.encoders import BIG_VOCABULARY, base_model_location, has_big_vocabulary  # noqa: F401 (다시 내보냄)
from bertlab.finetuning.layer_cache import TopLayers, attach_states, cached_collate, frozen_lower_layers, lower_states
from bertlab.finetuning.loop import FitConfig, FitResult, fit
from bertlab.finetuning.tasks import Task, get_task

@dataclass
class FineTuned:
    """파인 튜닝한 결과: 모델(가장 좋았던 검증 점수의 상태), 토크나이저, 훈련 기록과 설정."""

    task: Task
    model: object
    tokenizer: object
    result: FitResult | None           # 내보낸 폴더에서 불러온 모델이면 None
    base: str
    data: object | None                # TextDataset(불러온 모델이면 None)
    settings: dict = field(default_factory=dict)  # 학습률, 배치, 최대 길이, 시드, 스레드 …

    def evaluate(self, examples: list[tuple] | None = None, batch_size: int = 64) -> dict:
        """예제들(기본: 데이터셋의 평가 세트 전부)에 대한 지표. 평가 세트는 마지막에 한 번만 쓰세요."""
        if examples is None:
            if self.data is None:
                raise BertlabError("채점할 예제를 주세요(불러온 모델에는 데이터셋이 딸려 있지 않습니다).")
            examples = self.data.test
        return self.task.evaluate(self.model, self.tokenizer, examples, self.settings["max_length"], batch_size)

    def __repr__(self) -> str:
        if self.result is None:
            return f"<{self.task.name} 파인 튜닝한 모델: {self.base}>"
        best = self.result.best or {}
        metric = best.get("eval_" + self.task.metric)
        shown = f", 검증 {self.task.metric} {metric:.3f}({best['step']}단계)" if metric is not None else ""
        return (f"<{self.task.name} 파인 튜닝: {self.base}, {self.result.step}단계, "
                f"{self.result.seconds:.0f}초{shown}>")


def finetune(task: str | Task = "sentiment", *, base: str | None = None, data=None, source: str = "auto",
             seconds: float | None = None, max_steps: int | None = None, epochs: float | None = None,
             learning_rate: float | None = None, batch_size: int | None = None, max_length: int | None = None,
             eval_every: int | None = None, eval_size: int | None = None, max_train: int | None = None, seed: int = 0,
             threads: int | None = 2, freeze_word_embeddings: bool | None = None, top_layers: int | None = None,
             adapter_rank: int | None = None, layer_cache: bool = True, cache_dir: str | Path | None = None,
             callback: Callable[[dict], None] | None = None, progress: bool = True,
             checkpoint_dir: str | Path | None = None) -> FineTuned:
    """과제를 파인 튜닝합니다. 빈 인자는 과제의 기본값(``task.defaults``: 레슨의 60초 예산에 맞춰 잰 값).

    data: ``TextDataset``(생략하면 ``task.load_data(source)``: 온라인이면 실제 데이터).
    seconds, max_steps, epochs: 시간 예산(초, 평가 제외), 단계 예산, 에포크 수(단계로 바꿈; 먼저 닿는 쪽에서 멈춤).
    셋 다 없으면 과제의 ``seconds``(레슨 60초).
    eval_size: 훈련 중 검증에 쓸 예제 수(검증 세트에서 시드로 고름). 최고 모델은 검증 세트로만 고르고 평가 세트는
    건드리지 않습니다(끝난 뒤 ``.evaluate()``로 한 번).
    freeze_word_embeddings: None이면 어휘가 ``BIG_VOCABULARY``보다 큰 인코더에서만 얼림.
    top_layers: 큰 어휘의 인코더(e5)에서 훈련할 위 층 수(None이면 과제의 ``top_layers``; 과제에 없으면 모든 층).
    adapter_rank: 주면 위 층 대신 모든 층에 이 랭크의 LoRA 어댑터를 붙여 훈련(``adapters``; 헤드는 통째로).
    layer_cache: 얼린 아래층의 출력을 예제마다 한 번만 계산해 두고 위 층만 돌며 훈련(``layer_cache``).
    cache_dir: 그 캐시를 둘 폴더(같은 데이터로 다시 훈련하거나 이어 훈련할 때 다시 계산하지 않음).
    """
    task = get_task(task)
    task.check_trainable()
    defaults = task.defaults
    base = base or defaults.base
    settings = {"learning_rate": learning_rate or defaults.learning_rate(base),
                "batch_size": batch_size or defaults.batch_size, "max_length": max_length or defaults.max_length,
                "seed": seed, "threads": threads}
    if data is None:
        data = task.load_data(source=source, max_train=max_train, seed=seed)
        if data.notice:
            print(data.notice)
    model, tokenizer = _model_and_tokenizer(task, base, seed)
    model = _choose_trained_parts(task, model, settings, freeze_word_embeddings, top_layers, adapter_rank)
    features = task.encode(tokenizer, data.train, settings["max_length"])
    trained, features, collate = _training_inputs(task, model, features, task.collate(tokenizer), settings,
                                                  layer_cache, cache_dir, progress)
    batches = BatchStream(features, collate, settings["batch_size"], seed=seed)
    if epochs is not None:
        steps = math.ceil(epochs * len(batches))
        max_steps = steps if max_steps is None else min(max_steps, steps)
    validation = _validation_examples(data, defaults.eval_size if eval_size is None else eval_size, seed)
    if seconds is None and max_steps is None:
        seconds = defaults.seconds
    config = FitConfig(learning_rate=settings["learning_rate"], max_steps=max_steps, max_seconds=seconds,
                       eval_every=eval_every or defaults.eval_every if validation else None, metric=task.metric,
                       greater_is_better=task.greater_is_better, seed=seed, threads=threads, progress=progress,
                       checkpoint_dir=str(checkpoint_dir) if checkpoint_dir else None,
                       description=f"{task.name} 파인 튜닝")

    def evaluate(_trained) -> dict:  # 손실 모듈을 훈련해도(``task.training_module``) 평가는 모델로
        return task.evaluate(model, tokenizer, validation, settings["max_length"])

    result = fit(trained, batches, task.loss, config, evaluate=evaluate if validation else None, callback=callback)
    settings |= {"max_seconds": seconds, "max_steps": max_steps, "epochs": epochs, "eval_every": config.eval_every,
                 "validation_examples": len(validation), "train_examples": len(data.train)}
    return FineTuned(task, model, tokenizer, result, base, data, settings)


def _model_and_tokenizer(task: Task, base: str, seed: int):
    """과제 헤드를 붙인 float32 모델과 빠른 토크나이저. 헤드의 초기값도 시드로 정합니다."""
    from transformers import AutoTokenizer, set_seed

    location = base_model_location(base)
    set_seed(seed)
    try:
        model = task.new_model(location)
        tokenizer = AutoTokenizer.from_pretrained(location)
    except (OSError, ValueError) as exc:
        raise BertlabError(f"인코더 '{base}'를 불러오지 못했습니다({type(exc).__name__}).",
                           hint="폴더에 config.json과 토크나이저 파일이 있는지 확인하세요.") from exc
    return model, tokenizer


def _choose_trained_parts(task: Task, model, settings: dict, freeze_word_embeddings, top_layers, adapter_rank):
    """무엇을 훈련할지 정하고 ``settings``에 적습니다: 단어 임베딩 얼리기, 그리고 큰 인코더면 위 층만 또는 LoRA.

    돌려주는 값: 훈련할 모델(LoRA면 어댑터를 붙인 ``PeftModel``, 아니면 같은 모델).
    """
    settings["freeze_word_embeddings"] = _maybe_freeze(model, freeze_word_embeddings)
    if adapter_rank:   # 모든 층에 작은 어댑터(LoRA): 아래층도 바뀌므로 캐시는 쓰지 않음
        settings["adapter"] = adapter_settings(adapter_rank)
        return add_adapters(model, settings["adapter"])
    settings["top_layers"] = _limit_to_top_layers(task, model, top_layers)
    return model


def _training_inputs(task: Task, model, features: list[dict], collate, settings: dict, layer_cache: bool,
                     cache_dir, progress: bool):
    """``fit``이 훈련할 모듈과 그 배치의 재료: (모듈, 예제들, collate).

    얼린 아래층이 있으면(큰 인코더의 위 층만 훈련) 그 출력은 에포크마다 같으니 한 번만 계산해 예제에 붙이고
    (``layer_cache``), 위 층 + 헤드만 도는 ``TopLayers``를 훈련합니다. 아니면 과제의 ``training_module``.
    """
    trained = task.training_module(model)
    lower = frozen_lower_layers(model) if layer_cache and trained is model else 0
    settings["cached_lower_layers"] = lower
    if not lower:
        return trained, features, collate
    started = time.perf_counter()
    states, lengths = lower_states(model, features, lower, cache_dir, progress)
    settings["cache_seconds"] = round(time.perf_counter() - started, 1)
    return TopLayers(model, lower), attach_states(features, states, lengths), cached_collate(collate)


def _maybe_freeze(model, freeze: bool | None) -> bool:
    if freeze is None:
        freeze = has_big_vocabulary(model)
    model.get_input_embeddings().weight.requires_grad_(not freeze)
    return freeze


def _limit_to_top_layers(task: Task, model, top_layers: int | None) -> int | None:
    """큰 어휘의 인코더(e5)면 아래층을 얼리고 위 ``top_layers``개 층 + 헤드만 훈련하게 합니다. 그 층 수(아니면 None).

    ``[CLS]`` 분류 헤드가 쓰는 풀러(pooler: 선형 층 + tanh)는 헤드의 일부로 함께 훈련합니다(델타에 저장됨).
    SBERT처럼 모델이 transformers 인코더가 아닌 과제는 과제가 직접 얼립니다(``new_model``).
    """
    top = task.top_layers if top_layers is None else top_layers
    encoder = getattr(model, "base_model", None)
    if not top or encoder is None or not hasattr(encoder, "encoder") or not has_big_vocabulary(model):
        return None
    freeze_lower_layers(model, encoder, top)
    if getattr(encoder, "pooler", None) is not None:
        encoder.pooler.requires_grad_(True)
    return top


def _validation_examples(data, size: int | None, seed: int) -> list[tuple]:
    examples = list(data.validation)
    if size is not None and len(examples) > size:
        import random

        examples = random.Random(seed).sample(examples, size)
    return examples


def hardware_summary() -> dict:
    """모델 카드용: CPU 이름, 코어 수, torch 버전, 지금의 부하(1분 평균: 다른 일이 함께 돌고 있었는지)."""
    import platform

    import torch

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"cpu": cpu, "cores": os.cpu_count(), "torch": torch.__version__, "load_average_1min": load}
