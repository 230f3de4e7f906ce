"""헤드 탐색기 응답 시간(레슨 06, 이슈 6): 층·헤드를 바꿀 때 그림이 바뀌기까지, 그리고 같은 변경을
bertviz 헤드 뷰를 다시 그려서 할 때의 비용. 오프라인 기본 한국어 모델, CPU, 약 20토큰 문장.

- 탐색기 갱신: 모든 행렬을 미리 담아 두므로 층·헤드 변경은 브라우저 안의 자바스크립트만 돕니다.
  헤드리스 Chromium에서 슬라이더 input 이벤트 → 다음 화면 그리기까지의 중앙값을 잽니다.
- bertviz 다시 그리기: 노트북에서 층·헤드를 바꾸려면 ``head_view(..., layer=, heads=)`` 셀을 다시 실행해야
  합니다. 파이썬 HTML 생성 시간과, 그 HTML을 브라우저가 읽고 그리기까지의 시간을 따로 잽니다.
Chromium이 없으면 브라우저 항목은 값 없이(—) 이유만 적습니다.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bertlab.benchmarks import Figure, median_ms

SENTENCE = "오늘 아침 나는 친구와 함께 도서관에 가서 오래된 역사책을 몇 권 빌렸다."
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu"]

_MEASURE_SLIDER = """async ([repeats]) => {
  const root = document.querySelector('.bertlab-head-explorer');
  const layer = root.querySelector('input.bx-layer'), head = root.querySelector('input.bx-head');
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const samples = [], draws = [];
  for (let k = 0; k < repeats; k++) {
    const input = k % 2 ? head : layer;
    const t0 = performance.now();
    input.value = String((+input.value + 1) % (+input.max + 1));
    input.dispatchEvent(new Event('input'));
    await frame();
    samples.push(performance.now() - t0);
    draws.push(+root.dataset.lastUpdateMs);
  }
  return [samples, draws];
}"""


def _browser_figures(explorer_html: str, bertviz_html: str, note: str) -> list[Figure]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [Figure("탐색기 갱신(브라우저)", float("nan"), "ms", "<= 100 ms", "playwright 없음")]
    if not Path(CHROMIUM).exists():
        return [Figure("탐색기 갱신(브라우저)", float("nan"), "ms", "<= 100 ms", "Chromium 없음")]
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        path = Path(tmp) / "explorer.html"
        path.write_text(f"<meta charset='utf-8'>{explorer_html}", encoding="utf-8")
        page.goto(path.as_uri())
        page.wait_for_selector(".bertlab-head-explorer[data-rendered='1']")
        samples, draws = page.evaluate(_MEASURE_SLIDER, [40])
        samples, draws = samples[4:], draws[4:]  # 처음 몇 번은 데우기
        redraws = []
        bertviz_path = Path(tmp) / "bertviz.html"
        bertviz_path.write_text(f"<meta charset='utf-8'>{bertviz_html}", encoding="utf-8")
        for _ in range(7):
            started = time.perf_counter()
            page.goto(bertviz_path.as_uri())
            page.wait_for_selector(".bertlab-view[data-rendered='1'] svg")
            redraws.append((time.perf_counter() - started) * 1000)
        browser.close()
    return [
        Figure("탐색기 갱신: 층·헤드 변경 → 화면(브라우저)", statistics.median(samples), "ms", "<= 100 ms",
               note + ", input 이벤트부터 두 번째 화면 프레임까지"),
        Figure("탐색기 갱신: 그 가운데 칸 다시 칠하기(자바스크립트)", statistics.median(draws), "ms", "", note),
        Figure("bertviz 헤드 뷰 다시 그리기(브라우저 읽기·그리기)", statistics.median(redraws[1:]), "ms", "",
               "같은 변경을 bertviz로: 새 출력 HTML을 읽고 그리기까지"),
    ]


def run() -> list[Figure]:
    import torch

    torch.set_num_threads(1)
    from bertlab.attention import head_view_html
    from bertlab.attention import attention_maps, describe_head, head_statistics
    from bertlab.models import load
    from bertlab.widgets.head_explorer import head_explorer_html

    loaded = load("ko-encoder")
    maps = attention_maps(loaded, SENTENCE)
    stats = head_statistics(maps)
    note = f"{loaded.info.name}, {len(maps.tokens)}토큰"
    choices = [(layer, head) for layer in range(maps.num_layers) for head in range(maps.num_heads)]
    picks = iter(choices * 4)

    def python_side_change():  # 탐색기가 층·헤드 변경 때 보여 주는 값: 행렬 하나와 한 줄 설명
        layer, head = next(picks)
        return maps.head(layer, head).sum(), describe_head(stats, maps, layer, head)

    figures = [
        Figure("탐색기 갱신: 같은 계산을 파이썬으로(maps.head + 설명)", median_ms(python_side_change, 50), "ms", "",
               note + ", 모델을 다시 돌리지 않음"),
        Figure("탐색기 새로 만들기: 새 문장(모델 + 통계 + HTML)",
               median_ms(lambda: head_explorer_html(attention_maps(loaded, SENTENCE)), 5, 1), "ms", "",
               note + ", 문장을 바꿀 때만"),
    ]
    import bertviz

    attention = [layer[None] for layer in maps.probs]  # bertviz 형식: 층마다 (1, H, T, T)
    layers = iter([layer for layer, _ in choices] * 4)
    figures.append(Figure(
        "bertviz head_view 다시 만들기(파이썬, 원본 bertviz)",
        median_ms(lambda: bertviz.head_view(attention, maps.tokens, layer=next(layers), html_action="return"), 10, 1),
        "ms", "", note + ", 셀을 다시 실행할 때의 HTML 생성"))
    figures.append(Figure("bertviz head_view 다시 만들기(파이썬, bertlab 오프라인판)",
                          median_ms(lambda: head_view_html(maps, layer=next(layers)), 10, 1), "ms", "",
                          note + ", 내장 d3·jQuery 포함"))
    explorer = head_explorer_html(maps)
    figures += _browser_figures(explorer, head_view_html(maps, layer=5), note)
    return figures
