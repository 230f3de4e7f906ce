"""레슨 07 빈칸 채우기 놀이터의 응답 시간(이슈 7: 오프라인 CPU에서 갱신 중앙값 <= 150 ms).

놀이터 한 번 갱신의 전체 계산(빈칸 표시 정리 + 토큰화 + 한국어 MLM 순전파 + 빈칸별 상위 k + HTML)을
잽니다. 한국어 MLM(오프라인이면 강의의 ko-mini-bert)이 없으면 건너뛰고 그 이유를 적습니다.
torch 스레드는 1개(여럿이 나눠 쓰는 CPU에서도 흔들리지 않도록; 이 크기의 모델은 스레드 이득이 작음).
"""

from __future__ import annotations

import statistics
import time

from bertlab.benchmarks import Figure

TYPED = ["오늘은 날씨가 정말 [MASK].", "배가 고파서 밥을 [MASK].", "주말에 친구랑 같이 영화를 [MASK].",
         "이 영화 정말 [MASK]. 배우들의 [MASK] 좋았다.", "[MASK] 국민은 법 앞에 [MASK]하다.",
         "감독의 다음 <mask> 기대된다.", "마지막 장면에서 눈물이 [MASK]. 음악도 [MASK] 잘 어울렸고 연기도 [MASK]."]


def run() -> list[Figure]:
    import torch

    torch.set_num_threads(1)
    from bertlab.errors import BertlabError
    from bertlab.models import load
    from bertlab.widgets.fill_mask import fill_mask_html

    started = time.perf_counter()
    try:
        korean = load("ko-mlm", head="mlm")
    except BertlabError as exc:
        return [Figure("빈칸 채우기 놀이터 갱신", float("nan"), "ms", "<= 150 ms",
                       f"건너뜀: 한국어 MLM이 없습니다({exc.message[:60]}…)")]
    load_s = time.perf_counter() - started
    models = {"한국어": korean}
    for text in TYPED[:2]:  # 예열
        fill_mask_html(models, text)
    samples = []
    for top_k in (5, 10):
        for text in TYPED:
            began = time.perf_counter()
            fill_mask_html(models, text, top_k)
            samples.append((time.perf_counter() - began) * 1000)
    note = f"{korean.info.name} ({korean.info.mode}), {len(samples)}번 갱신, 빈칸 1~3개"
    return [
        Figure("빈칸 채우기 놀이터 갱신(중앙값)", statistics.median(samples), "ms", "<= 150 ms", note),
        Figure("빈칸 채우기 놀이터 갱신(90백분위)", statistics.quantiles(samples, n=10)[-1], "ms"),
        Figure("한국어 MLM 불러오기(이 프로세스에서 처음)", load_s, "s"),
    ]
