"""레슨 01 '정적 vs 문맥 이웃' 위젯의 응답 시간(영어 오프라인 모델, all-MiniLM-L6-v2).

- 층 슬라이더: 은닉 상태는 문장마다 한 번만 계산해 두므로 다시 돌리지 않습니다.
- 문장 고치기: 바뀐 문장 하나만 모델에 넣습니다(한 번에 한 문장을 바꾸는 경우).
위젯 상자의 전송 시간은 빼고, 위젯의 갱신 콜백 전체(계산 + HTML)를 잽니다. 다른 벤치마크처럼 torch
스레드는 1개로 둡니다(여러 작업이 CPU를 나눠 쓰면 스레드 2개가 오히려 몇 배 느립니다).
"""

from __future__ import annotations

import statistics
import time

from bertlab.benchmarks import Figure, time_ms

BASE = ["I need to go to the bank to deposit my paycheck.",
        "We sat on the bank of the river and watched the boats.",
        "The bank approved our loan for the new house."]
EDITS = ["The {} bank was closed on Sunday.", "Ducks rested on the {} bank of the pond.",
         "My {} bank sent me a letter.", "Reeds grew thick along the {} bank."]
ADJECTIVES = ["old", "quiet", "muddy", "local", "new", "steep", "small", "far"]



def run() -> list[Figure]:
    import torch

    from bertlab.models import load
    from bertlab.widgets import context_neighbours

    torch.set_num_threads(1)

    english = load("en-encoder")
    started = time.perf_counter()
    widget = context_neighbours({"영어 인코더": english})
    first_s = time.perf_counter() - started
    (_, _, layer), text_box, _ = widget.children[0].children, widget.children[1], widget.children[2]
    top = layer.max
    layer_ms = [time_ms(lambda v=v: setattr(layer, "value", v)) for v in list(range(top - 1, -1, -1)) * 2]
    layer.value = top
    edit_ms = []
    for adjective in ADJECTIVES:
        for template in EDITS[:2]:
            lines = BASE + [template.format(adjective)]
            edit_ms.append(time_ms(lambda lines=lines: setattr(text_box, "value", "\n".join(lines))))
    return [
        Figure("문맥 이웃 위젯 갱신(층 슬라이더, 중앙값)", statistics.median(layer_ms), "ms", "<= 100 ms",
               f"{len(layer_ms)}번, 문장 3개 + 동음이의어 문장 16개"),
        Figure("문맥 이웃 위젯 갱신(문장 하나 고치기, 중앙값)", statistics.median(edit_ms), "ms", "<= 100 ms",
               f"{len(edit_ms)}번, 새 문장 하나만 모델에 넣음"),
        Figure("문맥 이웃 위젯 첫 표시", first_s, "s", "", "이웃 문장 묶음을 처음 인코딩하는 시간 포함"),
    ]
