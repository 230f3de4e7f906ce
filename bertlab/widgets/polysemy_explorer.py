"""레슨 09의 다의어 탐색기: 문장을 쓰고, 단어를 고르고, 층 슬라이더를 움직이면 그 단어의 문맥 벡터가
2차원(PCA)에서 어떻게 모이고 갈라지는지 바로 보여 줍니다.

계산은 ``bertlab.embeddings.polysemy.explore``가 하고(은닉 상태는 캐시), 여기서는 입력 상자와 그림만 연결합니다.
그림은 matplotlib 대신 작은 SVG로 직접 그립니다. 슬라이더를 움직일 때마다 다시 그려도 수 밀리초면
끝나고, 한글은 브라우저 글꼴로 나옵니다(점에 마우스를 올리면 문장이 보입니다).
"""

from __future__ import annotations

import html

from bertlab.errors import BertlabError
from bertlab.embeddings import ExplorerView, explore
from bertlab.embeddings import HiddenStateCache
from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import LINES_HINT, lines_box, sentence_box

PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#a16207", "#db2777"]
DEFAULT_TEXT = """돈 | I need to go to the bank to deposit my paycheck.
돈 | The bank approved our loan for the new house.
돈 | She works as a teller at a small bank downtown.
강 | We sat on the bank of the river and watched the boats.
강 | The children fished from the muddy bank all afternoon.
강 | Wildflowers grew along the river bank."""


def _rdbu(value: float) -> str:
    """-1(파랑) ~ 0(흰색) ~ 1(빨강) 색."""
    v = max(-1.0, min(1.0, float(value)))
    end = (220, 38, 38) if v >= 0 else (37, 99, 235)
    r, g, b = (round(255 + (c - 255) * abs(v)) for c in end)
    return f"rgb({r},{g},{b})"


def _scatter_svg(view: ExplorerView, colours: dict, size: int = 300, pad: int = 24) -> str:
    xs, ys = view.coords[:, 0], view.coords[:, 1]
    span = max(float(xs.max() - xs.min()), float(ys.max() - ys.min()), 1e-9)
    cx, cy = float(xs.max() + xs.min()) / 2, float(ys.max() + ys.min()) / 2
    scale = (size - 2 * pad) / span
    parts = [f'<rect x="0" y="0" width="{size}" height="{size}" fill="none" stroke="#d1d5db"/>']
    for i, (x, y) in enumerate(view.coords):
        px, py = size / 2 + (x - cx) * scale, size / 2 - (y - cy) * scale
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="6" fill="{colours[view.labels[i]]}" '
                     f'fill-opacity="0.85"><title>{html.escape(view.sentences[i])}</title></circle>'
                     f'<text x="{px + 8:.1f}" y="{py - 6:.1f}" font-size="11">{view.line_numbers[i]}</text>')
    legend = "".join(f'<tspan fill="{c}" dx="8">● {html.escape(label)}</tspan>' for label, c in colours.items())
    title = f"{view.layer}층 · PCA 2차원(설명된 분산 {view.explained.sum():.0%})"
    return (f'<svg width="{size}" height="{size + 40}" xmlns="http://www.w3.org/2000/svg">'
            f'<text x="0" y="14" font-size="13" font-weight="bold">{html.escape(title)}</text>'
            f'<g transform="translate(0,20)">{"".join(parts)}</g>'
            f'<text x="0" y="{size + 36}" font-size="12">{legend}</text></svg>')


def _heatmap_svg(view: ExplorerView, size: int = 300, left: int = 28) -> str:
    n = len(view.labels)
    cell = (size - left) / max(n, 1)
    parts = []
    for i in range(n):
        parts.append(f'<text x="{left - 4}" y="{20 + (i + 0.5) * cell + 4:.1f}" font-size="10" '
                     f'text-anchor="end">{view.line_numbers[i]}</text>')
        for j in range(n):
            sim = view.similarity[i, j]
            parts.append(f'<rect x="{left + j * cell:.1f}" y="{20 + i * cell:.1f}" width="{cell:.1f}" '
                         f'height="{cell:.1f}" fill="{_rdbu(sim)}"><title>{view.line_numbers[i]}↔{view.line_numbers[j]}: {sim:.2f}</title></rect>')
            if n <= 12:                                           # 칸이 넉넉하면 숫자도 적습니다
                ink = "white" if abs(sim) > 0.6 else "#111"
                parts.append(f'<text x="{left + (j + 0.5) * cell:.1f}" y="{20 + (i + 0.5) * cell + 4:.1f}" '
                             f'font-size="10" text-anchor="middle" fill="{ink}">{sim:.2f}</text>')
    return (f'<svg width="{size}" height="{size + 40}" xmlns="http://www.w3.org/2000/svg">'
            f'<text x="0" y="14" font-size="13" font-weight="bold">코사인 유사도(빨강 1, 흰색 0, 파랑 -1)</text>'
            f'{"".join(parts)}</svg>')


def render_svg(view: ExplorerView) -> str:
    """왼쪽: PCA 산점도(레이블별 색, 점 옆 번호 = 줄 번호). 오른쪽: 코사인 유사도 행렬. HTML 문자열."""
    colours = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(dict.fromkeys(view.labels))}
    return (f'<div style="display:flex;gap:24px;flex-wrap:wrap">{_scatter_svg(view, colours)}'
            f'{_heatmap_svg(view)}</div>')


def details_html(view: ExplorerView) -> str:
    """문장마다 단어를 덮은 토큰 조각과 안내."""
    rows = "".join(
        f"<div>{number}. [{html.escape(label)}] <code>{html.escape(' '.join(pieces))}</code> — "
        f"{html.escape(sentence)}</div>"
        for number, label, pieces, sentence in zip(view.line_numbers, view.labels, view.pieces, view.sentences))
    notices = "".join(f'<div style="color:#b45309">※ {html.escape(n)}</div>' for n in view.notices)
    return f"<div style='font-size:90%'>{rows}{notices}</div>"


def update(lm, text: str, word: str, layer: int, center_first: bool, cache: HiddenStateCache) -> str:
    """위젯 한 번의 갱신: 그림과 설명이 든 HTML. 벤치마크가 이 함수의 시간을 잽니다."""
    try:
        view = explore(lm, text, word, layer, center_first=center_first, cache=cache)
    except BertlabError as exc:
        return f'<div style="color:#b91c1c">⚠ {html.escape(str(exc))}</div>'
    return render_svg(view) + details_html(view)


def polysemy_explorer(models, text: str = DEFAULT_TEXT, word: str = "bank", layer: int | None = None):
    """다의어 탐색기 위젯. ``models``: ``LoadedModel`` 하나 또는 {표시 이름: LoadedModel}."""
    import ipywidgets as widgets

    models = models if isinstance(models, dict) else {models.info.name: models}
    cache = HiddenStateCache(max_sentences=256)
    first = next(iter(models.values()))
    model_box = widgets.Dropdown(options=list(models), description="모델:")
    text_box = lines_box(text, "문장:", rows=7)
    word_box = sentence_box(word, "단어:", width="auto")
    last = first.info.num_layers
    slider = widgets.IntSlider(value=last // 2 if layer is None else layer, min=0, max=last, description="층:",
                               continuous_update=True)
    center_box = widgets.Checkbox(value=False, description="단어의 평균 벡터 빼기")
    output = widgets.HTML()

    def refresh(_=None):
        lm = models[model_box.value]
        slider.max = lm.info.num_layers
        output.value = update(lm, text_box.applied, word_box.value, slider.value, center_box.value, cache)

    for control in (model_box, word_box, slider, center_box):
        control.observe(refresh, names="value")
    text_box.observe(refresh, names="applied")
    refresh()
    help_text = widgets.HTML("<small>한 줄에 한 문장. <code>뜻 | 문장</code>처럼 쓰면 뜻별로 색이 나뉩니다. "
                             "문장 속 단어를 <code>[눈]이</code>처럼 대괄호로 표시할 수도 있습니다.</small>")
    return live_box([widgets.HBox([model_box, word_box, center_box]), text_box, help_text, slider, output],
                    hint=LINES_HINT)
