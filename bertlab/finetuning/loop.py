"""파인 튜닝 훈련 루프 하나: 모든 과제(레슨 11 감성 분류, 12 개체명, 13 NLI·STS, 14 질의응답, 15 SBERT)가 씁니다.

배치가 들어가고 손실이 나옵니다. 과제는 ``loss_fn(model, batch)``만 주면 됩니다(손실 텐서, 또는 ``"loss"``와
함께 기록할 값들의 사전). 루프가 나머지를 맡습니다.

- AdamW + 선형 워밍업·감소(``warmup_fraction``만큼 올렸다가 예산 끝에서 0으로). 예산은 **단계**(``max_steps``)나
  **시간**(``max_seconds``, 평가 시간은 빼고 잰 훈련 시간) 중 먼저 닿는 쪽이고, 학습률 일정도 그 진행도를 따릅니다.
- 시드, torch 스레드 수(기본 2, 끝나면 되돌림), ``tqdm.auto`` 진행 막대, ``log_every`` 단계마다 ``callback(record)``
  (레슨 08의 ``bertlab.widgets.LiveLossCurve``를 그대로 꽂습니다. 그때는 ``progress=False``: 위젯이 막대를 그림).
- ``eval_every`` 단계마다(그리고 끝에) ``evaluate(model) -> {지표: 값}``. 가장 좋은 ``metric``의 모델 상태를 기억했다가
  끝에 되돌립니다. 평가 값은 기록에 ``eval_`` 접두어를 붙여 넣습니다(``eval_accuracy``).
- Ctrl-C(노트북의 커널 중단)는 오류 없이 멈추고, 그때까지의 최고 모델을 되돌려 둔 채 한국어로 알립니다.
- 손실이 NaN·무한대가 되면 쓰레기로 훈련을 이어 가지 않고 한국어 설명(``TrainingDiverged``)과 함께 멈춥니다.
- ``checkpoint_dir``가 있으면 주기적으로(그리고 끝·중단 때) 저장하고, 다시 부르면 그 자리에서 이어 갑니다.

모델은 float32로 훈련합니다(``ko-mini-bert``는 fp16으로 저장되어 있지만 fp16으로는 배우지 못합니다).
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import torch

from bertlab.errors import BertlabError
from bertlab.pretraining import make_optimizer


@dataclass
class FitConfig:
    """훈련 설정. ``max_steps``와 ``max_seconds`` 중 하나는 있어야 합니다(둘 다 있으면 먼저 닿는 쪽)."""

    learning_rate: float = 5e-5
    max_steps: int | None = None
    max_seconds: float | None = None    # 훈련 시간 예산(초, 평가 시간 제외, 이어 훈련 포함)
    warmup_fraction: float = 0.06       # 예산의 이만큼 동안 학습률을 0에서 올림
    weight_decay: float = 0.01
    max_grad_norm: float = 1.0
    eval_every: int | None = None       # 이 단계마다 평가(None이면 끝에 한 번)
    metric: str = "accuracy"            # 최고 모델을 고르는 평가 지표(evaluate가 돌려주는 사전의 키)
    greater_is_better: bool = True      # 손실처럼 낮을수록 좋은 지표면 False
    log_every: int = 10
    seed: int = 0
    threads: int | None = 2             # 훈련하는 동안의 torch 스레드 수(None이면 그대로)
    progress: bool = True               # tqdm 진행 막대(LiveLossCurve를 쓰면 False)
    checkpoint_dir: str | None = None
    checkpoint_every_seconds: float = 300.0
    description: str = "파인 튜닝"


@dataclass
class FitResult:
    """훈련 결과. ``best``: 가장 좋았던 평가(``step``과 ``eval_`` 지표들), 평가가 없었으면 None."""

    step: int
    seconds: float                      # 훈련 시간(평가 제외, 이어 훈련 포함)
    stopped_by: str                     # "max_steps" | "max_seconds" | "interrupted"
    history: list[dict] = field(default_factory=list)
    best: dict | None = None
    eval_seconds: float = 0.0


class TrainingDiverged(BertlabError):
    """손실이 NaN이나 무한대가 되어 훈련을 멈췄을 때. ``result``에 그때까지의 기록이 있습니다."""

    result: FitResult | None = None


def learning_rate_scale(progress: float, warmup_fraction: float) -> float:
    """진행도(0-1) -> 학습률 배율: 워밍업 동안 선형으로 올리고, 그 뒤 끝에서 0이 되도록 선형으로 내림."""
    if progress < warmup_fraction:
        return max(progress / warmup_fraction, 0.02)  # 첫 단계가 학습률 0으로 헛돌지 않게
    return max(0.0, (1.0 - progress) / max(1.0 - warmup_fraction, 1e-8))


def fit(model, batches: Callable[[int], dict], loss_fn: Callable, config: FitConfig,
        evaluate: Callable | None = None, callback: Callable[[dict], None] | None = None) -> FitResult:
    """``model``을 ``batches(step)``의 배치로 훈련합니다. 끝나면 가장 좋았던 평가의 모델 상태가 ``model``에 남습니다.

    batches(step) -> 배치 사전(``BatchStream``처럼 단계 번호로 배치를 주는 함수; ``len()``이 있으면 기록에 epoch).
    loss_fn(model, batch) -> 손실 텐서 또는 {"loss": 텐서, 그 밖의 기록할 값(float로 바뀜)}.
    evaluate(model) -> {"accuracy": ..., ...}: 검증 세트 평가(평가 모드, 기울기 없이는 ``evaluate`` 몫).
    callback(record): 기록마다. record: step, seconds, loss, lr, (epoch), 손실 함수의 다른 값, 평가 때는 eval_*.
    """
    if config.max_steps is None and config.max_seconds is None:
        raise BertlabError("max_steps(단계 예산)나 max_seconds(시간 예산) 중 하나는 정해야 합니다.")
    previous_threads = torch.get_num_threads()
    if config.threads:
        torch.set_num_threads(config.threads)
    try:
        return _Run(model, batches, loss_fn, config, evaluate, callback).run()
    finally:
        torch.set_num_threads(previous_threads)


class _Run:
    """``fit`` 한 번의 상태(단계, 시간, 기록, 최고 모델)와 그 단계들."""

    def __init__(self, model, batches, loss_fn, config: FitConfig, evaluate, callback):
        self.model, self.batches, self.loss_fn, self.config = model, batches, loss_fn, config
        self.evaluate, self.callback = evaluate, callback
        self.step, self.seconds, self.eval_seconds = 0, 0.0, 0.0
        self.history: list[dict] = []
        self.best: dict | None = None
        self.best_state: dict | None = None
        self.pending: list[dict] = []
        self.checkpoint = Path(config.checkpoint_dir) / "checkpoint.pt" if config.checkpoint_dir else None

    def run(self) -> FitResult:
        from transformers import set_seed

        set_seed(self.config.seed)
        self.model.float()  # fp16으로 저장된 모델도 float32로 훈련
        self.optimizer = make_optimizer(self.model, self.config)
        if self.checkpoint is not None and self.checkpoint.exists():
            self._load_checkpoint()
        stopped_by = "max_steps"
        bar = self._progress_bar()
        try:
            stopped_by = self._train(bar)
            final_eval = self.evaluate is not None and self.step > 0 and self._last_eval_step() != self.step
            self._record(evaluate=final_eval)  # 끝에 남은 단계들, 그리고 끝의 모델을 아직 평가하지 않았으면 평가
        except KeyboardInterrupt:
            stopped_by = "interrupted"
            self.optimizer.zero_grad(set_to_none=True)
        finally:
            bar.close()
        result = self._result(stopped_by)
        if self.checkpoint is not None:
            self._save_checkpoint()
        self._restore_best()
        if stopped_by == "interrupted":
            print(self._interrupt_message())
        self.model.eval()
        return result

    def _budget_left(self) -> str | None:
        """예산이 다했으면 그 이름("max_steps" | "max_seconds"), 아니면 None."""
        if self.config.max_steps is not None and self.step >= self.config.max_steps:
            return "max_steps"
        if self.config.max_seconds is not None and self.seconds >= self.config.max_seconds:
            return "max_seconds"
        return None

    def _progress(self) -> float:
        parts = [self.step / self.config.max_steps] if self.config.max_steps else []
        parts += [self.seconds / self.config.max_seconds] if self.config.max_seconds else []
        return min(1.0, max(parts))

    def _train(self, bar) -> str:
        last_save = time.perf_counter()
        while (stopped_by := self._budget_left()) is None:
            started = time.perf_counter()
            self._train_step(self.batches(self.step))
            self.seconds += time.perf_counter() - started
            self.step += 1
            bar.update(self.step - bar.n if self.config.max_seconds is None else
                       min(self.seconds, bar.total) - bar.n)
            bar.set_postfix(손실=f"{self.pending[-1]['loss']:.3f}", 단계=self.step)
            eval_now = self.evaluate is not None and self.config.eval_every and self.step % self.config.eval_every == 0
            if eval_now or self.step % self.config.log_every == 0:
                self._record(evaluate=eval_now)
            if self.checkpoint is not None and time.perf_counter() - last_save >= self.config.checkpoint_every_seconds:
                self._save_checkpoint()
                last_save = time.perf_counter()
        return stopped_by

    def _train_step(self, batch: dict) -> None:
        lr = self.config.learning_rate * learning_rate_scale(self._progress(), self.config.warmup_fraction)
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        self.model.train()
        output = self.loss_fn(self.model, batch)
        loss = output["loss"] if isinstance(output, dict) else output
        if not torch.isfinite(loss):
            self._diverged(float(loss.detach()), lr)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.config.max_grad_norm)
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        extra = {k: float(v) for k, v in output.items() if k != "loss"} if isinstance(output, dict) else {}
        self.pending.append({"loss": loss.item(), **extra, "lr": lr})

    def _record(self, evaluate: bool) -> None:
        """쌓인 단계들의 평균(과 평가)으로 기록 하나를 만들어 ``history``에 넣고 callback에 넘깁니다."""
        if not self.pending and not evaluate:
            return
        record: dict = {"step": self.step, "seconds": self.seconds}
        if self.pending:
            record |= {k: sum(r[k] for r in self.pending) / len(self.pending) for k in self.pending[0]}
        if hasattr(self.batches, "__len__"):
            record["epoch"] = self.step / max(len(self.batches), 1)
        if evaluate:
            record |= self._run_evaluation()
        self.pending = []
        self.history.append(record)
        if self.callback is not None:
            self.callback(record)

    def _last_eval_step(self) -> int | None:
        return next((r["step"] for r in reversed(self.history) if "eval_" + self.config.metric in r), None)

    def _run_evaluation(self) -> dict:
        started = time.perf_counter()
        self.model.eval()
        with torch.no_grad():
            metrics = {f"eval_{k}": v if isinstance(v, int) else float(v) for k, v in self.evaluate(self.model).items()}
        self.model.train()
        self.eval_seconds += time.perf_counter() - started
        key = "eval_" + self.config.metric
        if key not in metrics:
            raise BertlabError(f"평가 함수가 '{self.config.metric}' 값을 돌려주지 않았습니다(받은 것: {', '.join(metrics)}).",
                               hint="FitConfig(metric=...)을 평가 함수가 돌려주는 이름으로 맞추세요.")
        sign = 1 if self.config.greater_is_better else -1
        if self.best is None or sign * metrics[key] > sign * self.best[key]:
            self.best = {"step": self.step, **metrics}
            self.best_state = self._trained_state(copy=True)
        return metrics

    def _trained_state(self, copy: bool = False) -> dict:
        """훈련하는 매개변수만의 상태(얼린 매개변수는 바뀌지 않으니 최고 모델·체크포인트에 담지 않음: e5의 단어 임베딩)."""
        return {name: p.detach().to("cpu", copy=copy) for name, p in self.model.named_parameters() if p.requires_grad}

    def _load_trained_state(self, state: dict) -> None:
        unknown = self.model.load_state_dict(state, strict=False).unexpected_keys
        if unknown:
            raise BertlabError(f"저장한 상태가 이 모델과 맞지 않습니다: {', '.join(unknown[:3])}",
                               hint="다른 모델이나 설정으로 훈련한 체크포인트 폴더(--run-dir)는 아닌지 확인하세요.")

    def _restore_best(self) -> None:
        if self.best_state is not None:
            self._load_trained_state(self.best_state)

    def _diverged(self, value: float, lr: float) -> None:
        self.pending = []
        self._restore_best()
        kept = (f" model에는 {self.best['step']}단계의 최고 모델(검증 {self.config.metric} "
                f"{self.best['eval_' + self.config.metric]:.3f})을 되돌려 두었습니다." if self.best else
                " 지금 model의 가중치는 이미 망가졌을 수 있으니 처음부터 다시 불러오세요.")
        error = TrainingDiverged(
            f"{self.step + 1}단계에서 손실이 {value}(NaN 또는 무한대)가 되어 훈련을 멈췄습니다. 학습률({lr:.1e})이 "
            f"너무 커서 가중치가 한 번에 너무 멀리 움직여 발산했을 가능성이 큽니다.{kept}",
            hint=f"학습률을 낮춰(예: {self.config.learning_rate / 10:.0e}) 다시 훈련하세요.")
        error.result = self._result("diverged")
        raise error

    def _interrupt_message(self) -> str:
        where = f"{self.step}단계({self.seconds:.0f}초)까지 훈련하다 중단했습니다."
        if self.best is None:
            return f"{where} 지금까지 훈련한 모델이 그대로 남아 있어 평가하거나 써도 됩니다(아직 검증 평가 전입니다)."
        return (f"{where} 그중 검증 {self.config.metric}이(가) 가장 좋았던 {self.best['step']}단계의 모델"
                f"({self.best['eval_' + self.config.metric]:.3f})을 model에 되돌려 두었으니 그대로 평가하거나 써도 됩니다.")

    def _result(self, stopped_by: str) -> FitResult:
        return FitResult(self.step, self.seconds, stopped_by, list(self.history), self.best, self.eval_seconds)

    def _progress_bar(self):
        from tqdm.auto import tqdm

        if self.config.max_seconds is not None:
            return tqdm(total=round(self.config.max_seconds), initial=min(self.seconds, self.config.max_seconds),
                        desc=self.config.description, unit="초", disable=not self.config.progress,
                        bar_format="{l_bar}{bar}| {n:.0f}/{total}초 {postfix}")
        return tqdm(total=self.config.max_steps, initial=self.step, desc=self.config.description, unit="단계",
                    disable=not self.config.progress)

    def _save_checkpoint(self) -> None:
        """모델·옵티마이저·단계·시간·기록·최고 모델·난수 상태를 한 파일에(임시 파일 뒤 이름 바꾸기)."""
        state = {"model": self._trained_state(), "optimizer": self.optimizer.state_dict(), "step": self.step,
                 "seconds": self.seconds, "eval_seconds": self.eval_seconds, "history": self.history,
                 "best": self.best, "best_state": self.best_state, "torch_rng": torch.get_rng_state(),
                 "python_rng": random.getstate()}
        self.checkpoint.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.checkpoint.with_suffix(".tmp")
        torch.save(state, tmp)
        os.replace(tmp, self.checkpoint)

    def _load_checkpoint(self) -> None:
        state = torch.load(self.checkpoint, map_location="cpu", weights_only=False)
        self._load_trained_state(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.step, self.seconds, self.eval_seconds = state["step"], state["seconds"], state["eval_seconds"]
        self.history, self.best, self.best_state = state["history"], state["best"], state["best_state"]
        torch.set_rng_state(state["torch_rng"])
        random.setstate(state["python_rng"])
        print(f"이어 훈련: {self.checkpoint}의 {self.step}단계({self.seconds:.0f}초)에서 이어 갑니다.")
