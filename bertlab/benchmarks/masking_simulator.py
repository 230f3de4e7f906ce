"""레슨 07 마스킹 시뮬레이터의 응답 시간(이슈 7: 슬라이더·문장을 바꿀 때마다 중앙값 <= 50 ms).

위젯 한 번 갱신의 전체 계산(토큰화 + 약 2만 토큰 마스킹·세기 + HTML 그림)을 잽니다. 설정(선택 확률,
[MASK]·무작위 몫, 다시 뽑기 시드)과 문장을 바꿔 가며 재고, 말뭉치 표본(300문장)도 따로 잽니다.
토크나이저는 레슨과 같습니다: 한국어 MLM의 것, 없으면 장난감 WordPiece 어휘.
"""

from __future__ import annotations

import statistics

from bertlab.benchmarks import Figure, time_ms

SENTENCES = ["나는 어제 친구와 영화를 보고 맛있는 저녁을 먹었다.", "오늘 날씨가 정말 좋다.",
             "배우들의 연기가 정말 좋았고 음악도 영화와 잘 어울렸다. 다시 보고 싶다!",
             "my dog is cute. he likes playing 😀 漢字"]
SETTINGS = [(p, m, r) for p in (0.05, 0.15, 0.3, 0.5) for m, r in ((0.8, 0.1), (1.0, 0.0), (0.5, 0.25))]



def run() -> list[Figure]:
    import torch

    torch.set_num_threads(1)
    from bertlab.errors import BertlabError
    from bertlab.pretraining import masking_tokenizer
    from bertlab.models import load
    from bertlab.datasets import builtin_sentences
    from bertlab.widgets.masking_simulator import simulator_html

    try:
        korean = load("ko-mlm", head="mlm")
    except BertlabError:
        korean = None
    tokenizer, source = masking_tokenizer(korean)
    corpus = builtin_sentences()[:300]
    simulator_html(SENTENCES[0], tokenizer)  # 예열
    samples = [time_ms(lambda s=s, cfg=cfg, seed=seed: simulator_html(s, tokenizer, *cfg, seed=seed))
               for s in SENTENCES for cfg in SETTINGS for seed in (0, 1)]
    corpus_ms = [time_ms(lambda seed=seed: simulator_html(corpus, tokenizer, seed=seed)) for seed in range(10)]
    return [
        Figure("마스킹 시뮬레이터 갱신(문장·설정 변경, 중앙값)", statistics.median(samples), "ms", "<= 50 ms",
               f"{len(samples)}번 갱신, 토크나이저: {source}"),
        Figure("마스킹 시뮬레이터 갱신(90백분위)", statistics.quantiles(samples, n=10)[-1], "ms"),
        Figure("마스킹 시뮬레이터 갱신(말뭉치 표본 300문장, 중앙값)", statistics.median(corpus_ms), "ms", "",
               "다시 뽑기 10번"),
    ]
