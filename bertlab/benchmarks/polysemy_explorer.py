"""레슨 09 다의어 탐색기의 응답 시간(오프라인 모델: 영어 all-MiniLM-L6-v2, 한국어 multilingual-e5-small).

- 층 슬라이더: 은닉 상태는 문장마다 한 번만 계산해 캐시에 두므로 모델을 다시 돌리지 않습니다.
- 문장 고치기: 새로 들어온 문장 하나만 모델에 넣습니다.
위젯의 갱신 콜백 전체(계산 + SVG/HTML 만들기)를 잽니다. 다른 벤치마크처럼 torch 스레드는 1개입니다.
"""

from __future__ import annotations

import statistics
import time

from bertlab.benchmarks import Figure, time_ms

KOREAN_TEXT = """보는 눈 | 아침에 일어나니 눈이 퉁퉁 부어 있었다.
보는 눈 | 그는 피곤한지 자꾸 눈을 비볐다.
보는 눈 | 오래 화면을 봤더니 눈이 뻑뻑하다.
내리는 눈 | 밤새 눈이 내려 온 동네가 하얗게 변했다.
내리는 눈 | 올겨울에는 눈이 거의 오지 않았다.
내리는 눈 | 창밖으로 눈이 펑펑 쏟아지고 있었다."""
KOREAN_EDITS = [f"{sense} | 눈이 {adverb} {verb}" for adverb in ("조금", "많이", "살짝", "잔뜩", "계속", "금세")
                for sense, verb in (("보는 눈", "따갑다."), ("내리는 눈", "쌓였다."))]
ENGLISH_EDITS = [f"{sense} | {template.format(adjective)}"
                 for adjective in ("old", "quiet", "local", "new", "far", "small")
                 for sense, template in (("돈", "My {} bank sent me a letter."), ("강", "Reeds grew along the {} bank."))]



def _measure(lm, text: str, word: str, label: str, edits: list[str]) -> list[Figure]:
    from bertlab.widgets import polysemy_explorer

    started = time.perf_counter()
    widget = polysemy_explorer({label: lm}, text=text, word=word)
    first_s = time.perf_counter() - started
    (_, _, center_box), text_box, _, slider, _ = widget.children[0].children, *widget.children[1:]
    top = slider.max
    layer_ms = [time_ms(lambda v=v: setattr(slider, "value", v)) for v in list(range(top, -1, -1)) * 2]
    center_box.value = True
    layer_ms += [time_ms(lambda v=v: setattr(slider, "value", v)) for v in range(top + 1)]
    edit_ms = [time_ms(lambda t=t: setattr(text_box, "value", text + "\n" + t)) for t in edits]
    return [
        Figure(f"다의어 탐색기 층 슬라이더 중앙값({label})", statistics.median(layer_ms), "ms", "<= 150 ms",
               f"{len(layer_ms)}번, 문장 {len(text.splitlines())}개"),
        Figure(f"다의어 탐색기 문장 하나 고치기 중앙값({label})", statistics.median(edit_ms), "ms", "",
               f"{len(edit_ms)}번, 새 문장 하나만 모델에 넣음"),
        Figure(f"다의어 탐색기 첫 표시({label})", first_s, "s", "", "문장을 처음 인코딩하는 시간 포함"),
    ]


def run() -> list[Figure]:
    import torch

    from bertlab.errors import BertlabError
    from bertlab.models import load
    from bertlab.widgets.polysemy_explorer import DEFAULT_TEXT

    torch.set_num_threads(1)
    figures = _measure(load("en-encoder"), DEFAULT_TEXT, "bank", "영어 인코더", ENGLISH_EDITS)
    try:
        korean = load("ko-encoder")
    except BertlabError as exc:
        return figures + [Figure("다의어 탐색기(한국어 인코더)", float("nan"), "ms", "<= 150 ms", str(exc))]
    return figures + _measure(korean, KOREAN_TEXT, "눈", "한국어 인코더", KOREAN_EDITS)
