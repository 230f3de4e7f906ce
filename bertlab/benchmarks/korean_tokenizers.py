"""레슨 17 토크나이저 비교 위젯의 응답 시간(이슈 30: 한국어 BERT 다섯 토크나이저 모두, 중앙값 <= 100 ms).

레슨 03 놀이터와 같은 방식으로 잽니다: 문장을 한 글자씩 쳤다 지우며 위젯이 한 번 갱신하는 전체 계산(다섯
토크나이저로 자르기 + 조각 통계 + HTML)을 재고, 예문 단추(오타, 신조어, 이모지, 영어 섞임, 한자)를 누를 때와
5,000자를 붙여 넣을 때도 잽니다. 레슨의 작은 연구(``study_table``)에 걸리는 시간도 함께 보여 줍니다.
"""

from __future__ import annotations

import statistics
import time

from bertlab.benchmarks import Figure, median_ms, time_ms
from bertlab.benchmarks.tokenizer_playground import LONG_TEXT, typing_samples

TYPED = "요즘 갓생 산다더니 ㅋㅋ 재밋엇어요😍 BERT 공부는 大韓民國에서도 인기!"


def run() -> list[Figure]:
    import torch

    torch.set_num_threads(1)
    from bertlab.datasets import load_study_sentences
    from bertlab.tokenization import EXAMPLES, korean_model_tokenizers, study_table
    from bertlab.widgets import playground_html

    started = time.perf_counter()
    tokenizers, notes = korean_model_tokenizers()
    load_s = time.perf_counter() - started
    update = lambda text: playground_html(text, tokenizers, add_special_tokens=False)  # noqa: E731
    samples = typing_samples(update, TYPED)
    clicks = [median_ms(lambda text=text: update(text), repeats=5) for text in EXAMPLES.values()]
    long_ms = statistics.median(time_ms(lambda: update(LONG_TEXT)) for _ in range(5))
    sentences = load_study_sentences()
    study_s = time_ms(lambda: study_table(tokenizers, sentences)) / 1000
    note = f"토크나이저 {len(tokenizers)}개: {', '.join(tokenizers)}" + (f" (빠짐: {'; '.join(notes)})" if notes else "")
    return [
        Figure("한국어 토크나이저 비교 갱신(글자 하나씩, 중앙값)", statistics.median(samples), "ms", "<= 100 ms", note),
        Figure("한국어 토크나이저 비교 갱신(글자 하나씩, 90백분위)", statistics.quantiles(samples, n=10)[-1], "ms", "",
               f"{len(samples)}번 갱신"),
        Figure("한국어 토크나이저 비교 예문 단추(예문별 중앙값 중 최대)", max(clicks), "ms", "<= 100 ms",
               ", ".join(EXAMPLES)),
        Figure("한국어 토크나이저 비교(5,000자 붙여 넣기, 2,000자로 잘림)", long_ms, "ms", "", "잘림 안내 포함"),
        Figure("토크나이저 다섯 불러오기", load_s, "s", "", "프로세스마다 한 번"),
        Figure("레슨 17 연구(NSMC 250 + KLUE 뉴스 250문장, 형태소 분석 포함)", study_s, "s", "",
               "kiwipiepy 준비 시간 포함(처음 한 번)"),
    ]
