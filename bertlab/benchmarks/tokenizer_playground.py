"""레슨 03 토크나이저 놀이터의 응답 시간(이슈 5: 글자 하나 바꿀 때마다 중앙값 <= 50 ms).

한 문장을 한 글자씩 쳐 나가는 것처럼 앞부분(접두사)을 차례로 넣고, 놀이터가 한 번 갱신하는 데 드는
전체 계산(모든 토크나이저로 자르기 + HTML 만들기)을 잽니다. 위젯 상자의 전송 시간은 빼고 잽니다.
"""

from __future__ import annotations

import statistics
import time

from bertlab.benchmarks import Figure, time_ms

TYPED = "나는 어제 친구와 학교 앞 떡볶이집에 갔어요. BERT를 배우는 중! I love Paris 😀 漢字"
LONG_TEXT = ("한국어 문장을 아주 길게 붙여 넣으면 어떻게 될까요? Tokenizers are fast. " * 80)[:5000]


def typing_samples(update, text: str = TYPED) -> list[float]:
    """한 글자씩 쳤다가 지우는 것처럼 접두사마다 ``update(접두사)``를 한 번씩 잰 시간들(ms). 레슨 03·17 벤치마크."""
    for prefix in (text[:5], text[:20]):  # 예열(첫 호출의 지연은 빼고 잽니다)
        update(prefix)
    samples = [time_ms(lambda n=n: update(text[:n])) for n in range(1, len(text) + 1)]
    return samples + [time_ms(lambda n=n: update(text[:n])) for n in range(len(text), 0, -1)]


def run() -> list[Figure]:
    import torch

    torch.set_num_threads(1)
    from bertlab.tokenization import playground_tokenizers
    from bertlab.widgets import playground_html

    started = time.perf_counter()
    tokenizers, notes = playground_tokenizers()
    setup_s = time.perf_counter() - started
    names = ", ".join(tokenizers)
    samples = typing_samples(lambda text: playground_html(text, tokenizers))
    long_ms = statistics.median(time_ms(lambda: playground_html(LONG_TEXT, tokenizers)) for _ in range(5))
    note = f"토크나이저 {len(tokenizers)}개: {names}" + (f" (빠짐: {'; '.join(notes)})" if notes else "")
    return [
        Figure("토크나이저 놀이터 갱신(글자 하나씩, 중앙값)", statistics.median(samples), "ms", "<= 50 ms", note),
        Figure("토크나이저 놀이터 갱신(글자 하나씩, 90백분위)", statistics.quantiles(samples, n=10)[-1], "ms", "",
               f"{len(samples)}번 갱신"),
        Figure("토크나이저 놀이터 갱신(5,000자 붙여 넣기, 2,000자로 잘림)", long_ms, "ms", "", "잘림 안내 포함"),
        Figure("토크나이저 놀이터 준비(한국어 어휘 학습 + 모델 토크나이저)", setup_s, "s", "", "프로세스마다 한 번"),
    ]
