"""사전 훈련 루프: AdamW, 선형 워밍업·감소, 진행 막대, 체크포인트와 이어 훈련, 손실 곡선 콜백, 시간 예산.

레슨 08이 미니 BERT를 CPU에서 60초 안에 처음부터 훈련할 때(``max_seconds=60``, 콜백에 실시간
곡선 위젯 연결)와 ``ko-mini-bert``를 훈련할 때 같은 함수를 씁니다.

배치는 ``batches(step) -> dict`` 함수로 받습니다(``PretrainingStream.batch`` 또는 레슨의 작은 함수).
체크포인트(``checkpoint.pt``)에는 모델·옵티마이저·단계·난수 상태·기록이 들어 있어, 같은 설정으로
다시 부르면 멈춘 곳에서 똑같이 이어집니다.
"""

from __future__ import annotations

import math
import os
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import torch

from bertlab.pretraining.loss import pretraining_loss


@dataclass
class TrainingConfig:
    max_steps: int = 1000
    learning_rate: float = 5e-4
    warmup_steps: int = 100
    weight_decay: float = 0.01
    max_grad_norm: float = 1.0
    max_seconds: float | None = None  # 누적 훈련 시간(초)이 이만큼 되면 멈춤(이어 훈련 포함)
    checkpoint_dir: str | None = None
    checkpoint_every_seconds: float = 300.0
    log_every: int = 10
    bf16: bool = False  # bfloat16 autocast (AMX가 있는 CPU나 GPU에서 빠름)
    device: str = "cpu"  # "cuda"면 GPU에서 훈련
    seed: int = 0
    progress: bool = True
    time_schedule: bool = False  # True면 학습률 감소 진행도 = max(단계/max_steps, 누적초/max_seconds)
    stop_after_steps: int | None = None  # 이번 호출에서 이만큼만 진행(이어 훈련 시험용); 일정은 max_steps 기준


@dataclass
class TrainingResult:
    step: int
    seconds: float  # 이번 호출 포함 누적 훈련 시간
    history: list = field(default_factory=list)  # log_every마다 기록 사전
    stopped_by: str = "max_steps"


def learning_rate_at(step: int, config: TrainingConfig, seconds: float = 0.0) -> float:
    """선형 워밍업 뒤 0까지 선형 감소. ``time_schedule``이면 시간 예산 쪽 진행도가 더 크면 그것을 따름."""
    if step < config.warmup_steps:
        return config.learning_rate * (step + 1) / config.warmup_steps
    progress = (step - config.warmup_steps) / max(config.max_steps - config.warmup_steps, 1)
    if config.time_schedule and config.max_seconds:
        progress = max(progress, seconds / config.max_seconds)
    return config.learning_rate * max(0.0, 1.0 - progress)


def cpu_has_native_bf16() -> bool:
    """이 CPU가 bfloat16 행렬 곱을 하드웨어로 하는지(AVX-512 BF16 또는 AMX).

    없으면 torch가 bfloat16을 흉내 내느라 훨씬 느려서 ``train``이 float32로 바꿉니다(AVX2뿐인 2코어 EPYC에서
    ko-mini-bert 한 단계가 float32 약 0.8초, bfloat16 약 35초). torch가 이 확인 함수를 주지 않으면 지원한다고
    보고 그대로 둡니다.
    """
    probes = [getattr(torch.cpu, name) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
              if hasattr(torch.cpu, name)]
    return not probes or any(probe() for probe in probes)


def bf16_fallback_message(requested: bool, device: str) -> str | None:
    """``--bf16``을 CPU에서 흉내로만 할 수 있으면 float32로 바꾸라는 한국어 안내, 아니면 None."""
    if not requested or device != "cpu" or cpu_has_native_bf16():
        return None
    return ("이 CPU에는 bfloat16 하드웨어 연산(AVX-512 BF16·AMX)이 없어 --bf16이 수십 배 느려집니다. "
            "float32로 훈련합니다(더 정확하고, 이 CPU에서는 훨씬 빠릅니다).")


def make_optimizer(model, config: TrainingConfig) -> torch.optim.AdamW:
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        (no_decay if param.ndim < 2 or "LayerNorm" in name else decay).append(param)
    return torch.optim.AdamW([{"params": decay, "weight_decay": config.weight_decay},
                              {"params": no_decay, "weight_decay": 0.0}], lr=config.learning_rate)


def save_checkpoint(path: str | Path, model, optimizer, step: int, seconds: float, history: list) -> None:
    """모델·옵티마이저·단계·누적 시간·난수 상태·기록을 한 파일에 안전하게(임시 파일 후 이름 바꾸기) 저장."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
             "seconds": seconds, "history": history, "torch_rng": torch.get_rng_state(),
             "python_rng": random.getstate(), "config": model.config.to_dict()}
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def load_checkpoint(path: str | Path, model, optimizer=None) -> dict:
    """``save_checkpoint``로 저장한 상태를 모델(과 옵티마이저)에 되돌리고 상태 사전을 돌려줍니다."""
    state = torch.load(path, map_location="cpu", weights_only=False)
    model.load_state_dict(state["model"])
    if optimizer is not None:
        optimizer.load_state_dict(state["optimizer"])
    torch.set_rng_state(state["torch_rng"])
    random.setstate(state["python_rng"])
    return state


def _train_step(model, optimizer, batch: dict, lr: float, config: TrainingConfig) -> dict:
    for group in optimizer.param_groups:
        group["lr"] = lr
    batch = {k: v.to(config.device) for k, v in batch.items()}
    device_type = "cuda" if config.device.startswith("cuda") else "cpu"
    with torch.autocast(device_type, dtype=torch.bfloat16, enabled=config.bf16):
        result = pretraining_loss(model, batch)
    result.loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), config.max_grad_norm)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return {"loss": result.loss.item(), "mlm_loss": result.mlm_loss.item(), "nsp_loss": result.nsp_loss.item(),
            "mlm_acc": result.mlm_correct / max(result.mlm_count, 1),
            "nsp_acc": result.nsp_correct / max(result.nsp_count, 1), "lr": lr}


def _average(records: list[dict]) -> dict:
    return {k: sum(r[k] for r in records) / len(records) for k in records[0]}


def train(model, batches: Callable[[int], dict], config: TrainingConfig,
          callback: Callable[[dict], None] | None = None) -> TrainingResult:
    """``max_steps``까지(또는 ``max_seconds``가 지날 때까지) 사전 훈련합니다. 레슨 08에서 사용.

    callback(record)는 ``log_every`` 단계마다 불립니다. record: step, loss, mlm_loss, nsp_loss,
    mlm_acc, nsp_acc, lr, seconds (앞 log_every 단계 평균). 레슨 08은 여기에 실시간 곡선을 연결합니다.
    ``checkpoint_dir``가 있으면 그 안의 checkpoint.pt에서 이어 훈련하고, 주기적으로 저장합니다.
    ``bf16``을 CPU가 흉내로만 할 수 있으면 한국어로 알리고 ``config.bf16``을 False로 바꿔 float32로 훈련합니다
    (그래서 뒤에 ``config_dict(config)``가 실제로 쓴 설정을 기록합니다).
    """
    from tqdm.auto import tqdm

    if message := bf16_fallback_message(config.bf16, config.device):
        print(message)
        config.bf16 = False
    torch.manual_seed(config.seed)
    model.to(config.device)
    optimizer = make_optimizer(model, config)
    step, seconds_before, history = 0, 0.0, []
    ckpt = Path(config.checkpoint_dir) / "checkpoint.pt" if config.checkpoint_dir else None
    if ckpt is not None and ckpt.exists():
        state = load_checkpoint(ckpt, model, optimizer)
        step, seconds_before, history = state["step"], state["seconds"], state["history"]
    model.train()
    started = last_save = time.perf_counter()
    pending, stopped_by = [], "max_steps"
    last_step = config.max_steps if config.stop_after_steps is None else min(config.max_steps, step + config.stop_after_steps)
    bar = tqdm(total=config.max_steps, initial=step, disable=not config.progress, desc="사전 훈련")
    while step < last_step:
        elapsed = seconds_before + time.perf_counter() - started  # 이어 훈련 포함 누적
        if config.max_seconds is not None and elapsed >= config.max_seconds:
            stopped_by = "max_seconds"
            break
        lr = learning_rate_at(step, config, elapsed)
        pending.append(_train_step(model, optimizer, batches(step), lr, config))
        step += 1
        bar.update(1)
        if len(pending) == config.log_every or step == last_step:
            record = {"step": step, **_average(pending),
                      "seconds": seconds_before + time.perf_counter() - started}
            pending = []
            history.append(record)
            bar.set_postfix(loss=f"{record['loss']:.3f}", mlm=f"{record['mlm_acc']:.3f}",
                            nsp=f"{record['nsp_acc']:.2f}")
            if callback is not None:
                callback(record)
        if ckpt is not None and time.perf_counter() - last_save >= config.checkpoint_every_seconds:
            save_checkpoint(ckpt, model, optimizer, step, seconds_before + time.perf_counter() - started, history)
            last_save = time.perf_counter()
    bar.close()
    seconds = seconds_before + time.perf_counter() - started
    if ckpt is not None:
        save_checkpoint(ckpt, model, optimizer, step, seconds, history)
    model.eval()
    return TrainingResult(step, seconds, history, stopped_by)


def config_dict(config: TrainingConfig) -> dict:
    return {k: (v if not isinstance(v, float) or math.isfinite(v) else str(v)) for k, v in asdict(config).items()}
