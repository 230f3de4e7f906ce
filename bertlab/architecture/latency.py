"""BERT 크기별 CPU 추론 시간 재기(레슨 02의 크기 탐색기와 벤치마크에서 사용).

무작위 가중치로 채운 ``BertModel``을 만들어 32토큰짜리 입력 하나를 여러 번 통과시키고 시간의
중앙값을 잽니다. 가중치 값은 속도에 영향을 주지 않으므로 사전 훈련된 모델이 없어도 정직한 측정입니다.

- 모델은 meta 장치에서 모양만 만든 뒤 메모리를 잡고 균등 분포로 채웁니다(transformers의 기본 초기화보다
  몇 배 빠릅니다).
- 잰 결과는 크기별로 기억하고, 모델 자체는 재자마자 버립니다(메모리를 붙잡지 않도록).
- 너무 큰 모델은 재지 않고 한국어로 이유를 알려 줍니다(``MAX_MEASURE_PARAMETERS``).
- 기본은 CPU 스레드 1개로 잽니다. 여러 사람이 함께 쓰는 컴퓨터에서도 값이 덜 흔들리고, 크기끼리 비교하기 좋습니다.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from bertlab.architecture.size import BertSize, as_size, count_parameters, to_bert_config
from bertlab.errors import InputError

DEFAULT_TOKENS = 32
MAX_MEASURE_PARAMETERS = 400_000_000   # BERT-Large(3.4억)까지. 그 이상은 노트북 메모리 예산(3 GB)을 넘습니다.
AUTO_MEASURE_PARAMETERS = 30_000_000   # 이보다 작으면 위젯이 바로 잽니다(1초 안팎).
MEASURE_BUDGET_MS = 1000.0             # 반복 측정에 쓸 대략의 시간

DEFAULT_THREADS = 1                    # 재는 동안 쓸 CPU 스레드 수(아래 measure_latency 설명)

_RESULTS: dict[tuple[BertSize, int, int | None], "Latency"] = {}


@dataclass(frozen=True)
class Latency:
    """한 크기의 추론 시간 측정 결과."""

    size: BertSize
    tokens: int                 # 입력 길이(토큰 수)
    median_ms: float            # 순전파 한 번의 중앙값(밀리초)
    samples_ms: tuple[float, ...]
    threads: int                # torch가 쓴 CPU 스레드 수
    build_seconds: float        # 모델을 만들고 가중치를 채우는 데 걸린 시간

    def summary(self) -> str:
        spread = f"{min(self.samples_ms):.1f}~{max(self.samples_ms):.1f}"
        return (f"{self.tokens}토큰 입력 1개, CPU 스레드 {self.threads}개: 중앙값 {self.median_ms:.1f} ms "
                f"({len(self.samples_ms)}회, 범위 {spread} ms)")


def random_bert(size=None):
    """무작위 가중치의 ``BertModel``(eval 모드). 가중치는 U(-0.05, 0.05), 층 정규화는 1과 0."""
    import torch
    from transformers import BertModel

    size = as_size(size)
    with torch.device("meta"):
        model = BertModel(to_bert_config(size))
    model = model.to_empty(device="cpu").eval()
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "LayerNorm" in name:
                param.fill_(1.0 if name.endswith("weight") else 0.0)
            else:
                param.uniform_(-0.05, 0.05, generator=generator)
        for name, buffer in model.named_buffers():     # meta에서 온 버퍼는 값이 비어 있습니다.
            if name.endswith("position_ids"):
                buffer.copy_(torch.arange(buffer.shape[-1]).expand_as(buffer))
            else:
                buffer.zero_()
    return model


def check_measurable(size: BertSize, tokens: int) -> int:
    """잴 수 있는 크기인지 확인하고 파라미터 수를 돌려줍니다. 아니면 한국어 ``InputError``."""
    if isinstance(tokens, bool) or not isinstance(tokens, int) or not 1 <= tokens <= size.max_positions:
        raise InputError(f"입력 길이는 1에서 최대 길이 {size.max_positions} 사이의 정수여야 합니다. 받은 값: {tokens!r}")
    total = count_parameters(size).total
    if total > MAX_MEASURE_PARAMETERS:
        raise InputError(
            f"파라미터가 {total / 1e6:,.0f}M개라 이 노트북에서는 재지 않습니다"
            f"(한도 {MAX_MEASURE_PARAMETERS / 1e6:.0f}M, float32로 {total * 4 / 1024**3:.1f} GB).",
            hint="층 수나 은닉 크기, 어휘 크기를 줄여 보세요. 파라미터 수는 재지 않아도 계산됩니다.")
    return total


def cached_latency(size=None, tokens: int = DEFAULT_TOKENS, threads: int | None = DEFAULT_THREADS) -> Latency | None:
    """이미 잰 결과(없으면 None). 위젯이 슬라이더를 움직일 때 씁니다."""
    return _RESULTS.get((as_size(size), tokens, threads))


def measure_latency(size=None, tokens: int = DEFAULT_TOKENS, *, repeats: int = 7, warmup: int = 1,
                    threads: int | None = DEFAULT_THREADS) -> Latency:
    """크기 하나의 CPU 추론 시간(입력 1개, ``tokens``토큰)을 잽니다. 레슨 02에서 사용.

    같은 크기·길이는 다시 재지 않고 기억한 결과를 돌려줍니다. 모델은 재고 나서 버립니다.
    첫 실행(warmup)은 재지 않습니다. 한 번에 수백 ms 걸리는 큰 모델은 반복 횟수를 3회까지 줄입니다.
    threads: 잴 때 쓸 CPU 스레드 수(기본 1, None이면 지금 torch 설정 그대로). 여러 사람이 함께 쓰는
    컴퓨터에서는 스레드를 늘리면 오히려 느려지고 들쭉날쭉해지므로 기본은 1입니다.
    """
    import torch

    size = as_size(size)
    check_measurable(size, tokens)
    warmup, repeats = max(1, int(warmup)), max(1, int(repeats))
    key = (size, tokens, threads)
    if key in _RESULTS:
        return _RESULTS[key]
    previous_threads = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(max(1, int(threads)))
    try:
        result = _measure(size, tokens, repeats, warmup)
    finally:
        torch.set_num_threads(previous_threads)
    _RESULTS[key] = result
    return result


def _measure(size: BertSize, tokens: int, repeats: int, warmup: int) -> Latency:
    import torch
    from transformers import BertModel  # noqa: F401  (불러오는 시간은 모델 준비 시간에서 뺍니다)

    started = time.perf_counter()
    model = random_bert(size)
    build_seconds = time.perf_counter() - started
    generator = torch.Generator().manual_seed(0)
    input_ids = torch.randint(0, size.vocab, (1, tokens), generator=generator)   # (1, T)
    attention_mask = torch.ones_like(input_ids)                                   # (1, T)
    samples = []
    with torch.inference_mode():
        for _ in range(warmup):
            began = time.perf_counter()
            model(input_ids=input_ids, attention_mask=attention_mask)
        warm_ms = (time.perf_counter() - began) * 1000
        # 큰 모델은 횟수를 줄여 전체 측정이 약 1초 안에 끝나게 합니다(최소 3회).
        repeats = max(3, min(repeats, int(MEASURE_BUDGET_MS // max(warm_ms, 1e-3))))
        for _ in range(repeats):
            began = time.perf_counter()
            model(input_ids=input_ids, attention_mask=attention_mask)
            samples.append((time.perf_counter() - began) * 1000)
    del model
    return Latency(size, tokens, statistics.median(samples), tuple(samples), torch.get_num_threads(), build_seconds)


def clear_latency_cache() -> None:
    _RESULTS.clear()
