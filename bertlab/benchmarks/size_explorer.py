"""레슨 02 크기 탐색기의 응답 시간과 크기별 CPU 추론 시간(이슈 5).

- 슬라이더 갱신: 실제 ipywidgets 위젯의 층 수 슬라이더를 움직였을 때 표가 다시 그려지기까지(파라미터
  수만 계산하는 큰 모델, 처음 재는 작은 모델, 이미 잰 작은 모델 세 경우).
- 대표 크기의 32토큰 CPU 추론 시간(무작위 가중치 모델, 중앙값). 스레드 수를 함께 적습니다.
"""

from __future__ import annotations

import statistics
import time

from bertlab.benchmarks import Figure


def _slider_samples(explorer, hidden: int, layers: range) -> list[float]:
    layer_slider, hidden_slider, _ = explorer.children[1].children
    hidden_slider.value = hidden
    samples = []
    for value in layers:
        started = time.perf_counter()
        layer_slider.value = value
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def run() -> list[Figure]:

    from bertlab.architecture import PRESETS
    from bertlab.architecture import clear_latency_cache, measure_latency
    from bertlab.widgets import size_explorer

    clear_latency_cache()
    explorer = size_explorer("BERT-Base")
    big = _slider_samples(explorer, 768, range(12, 0, -1))          # 31M 이상: 파라미터 수만
    first = _slider_samples(explorer, 128, range(1, 13))            # 작은 모델: 처음 재기
    again = _slider_samples(explorer, 128, range(12, 0, -1))        # 이미 잰 크기
    figures = [
        Figure("크기 탐색기 갱신(파라미터 수만, 중앙값)", statistics.median(big), "ms", "<= 100 ms",
               "H=768, L=12→1"),
        Figure("크기 탐색기 갱신(작은 모델 처음 재기, 중앙값)", statistics.median(first), "ms", "",
               "H=128, L=1→12, 모델 만들기+추론 측정 포함(측정은 스레드 1개)"),
        Figure("크기 탐색기 갱신(이미 잰 크기, 중앙값)", statistics.median(again), "ms", "<= 100 ms", "H=128"),
    ]
    for name in ("BERT-Tiny", "BERT-Mini", "BERT-Small", "BERT-Medium", "BERT-Base"):
        result = measure_latency(PRESETS[name], 32)
        figures.append(Figure(f"{name} 32토큰 CPU 추론(중앙값)", result.median_ms, "ms", "",
                              f"{len(result.samples_ms)}회, 스레드 {result.threads}, "
                              f"모델 준비 {result.build_seconds:.1f}s"))
    return figures
