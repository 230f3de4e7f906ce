"""레슨 01의 위젯: 정적 이웃 vs 문맥 이웃.

단어와 문장 몇 개를 넣으면 (1) 정적 벡터끼리의 유사도(언제나 1)와 문맥 벡터끼리의 유사도,
(2) 임베딩 표에서 가까운 토큰(문장과 무관하게 한 목록), (3) 문장마다 문맥 벡터와 가까운 "문장 속 토큰"을
보여 줍니다. 계산은 ``bertlab.embeddings.neighbours.neighbour_view``가 하고, 여기서는 입력과 표만 연결합니다.
"""

from __future__ import annotations

import html

from bertlab.embeddings import Neighbour, NeighbourView, neighbour_view
from bertlab.errors import BertlabError
from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import LINES_HINT, lines_box, sentence_box

CELL = "padding:2px 6px;text-align:center"


def _highlight(sentence: str, start: int, end: int, color: str = "#fde68a") -> str:
    marked = f"<mark style='background:{color}'>{html.escape(sentence[start:end])}</mark>"
    return html.escape(sentence[:start]) + marked + html.escape(sentence[end:])


def _matrix_html(title: str, matrix) -> str:
    n = len(matrix)
    head = "".join(f"<th style='{CELL}'>{j + 1}</th>" for j in range(n))
    rows = []
    for i in range(n):
        cells = []
        for j in range(n):
            value = float(matrix[i][j])
            shade = max(0.0, min(1.0, (value - 0.5) / 0.5))
            cells.append(f"<td style='{CELL};background:rgba(37,99,235,{shade * 0.55:.2f})'>{value:.3f}</td>")
        rows.append(f"<tr><th style='{CELL}'>{i + 1}</th>{''.join(cells)}</tr>")
    return (f"<div style='display:inline-block;vertical-align:top;margin-right:18px'><b>{html.escape(title)}</b>"
            f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def _neighbour_list(neighbours: list[Neighbour]) -> str:
    items = []
    for n in neighbours:
        where = f" — {_highlight(n.sentence, n.start, n.end, '#bbf7d0')}" if n.sentence else ""
        items.append(f"<li><code>{html.escape(n.token)}</code> {n.similarity:.3f}{where}</li>")
    return f"<ol style='margin:2px 0 6px 0'>{''.join(items)}</ol>"


def view_html(view: NeighbourView) -> str:
    """``neighbour_view`` 결과를 HTML 한 덩어리로."""
    comparison = view.comparison
    first = comparison.items[0]
    sentences = "".join(
        f"<li>{_highlight(item.sentence, item.start, item.end)} <span style='opacity:0.7'>조각: "
        f"{html.escape(' '.join(item.pieces))}</span></li>" for item in comparison.items)
    per_sentence = "".join(
        f"<div><b>문장 {i + 1}</b>의 '{html.escape(item.word)}'와 가까운 토큰{_neighbour_list(found)}</div>"
        for i, (item, found) in enumerate(zip(comparison.items, view.contextual_neighbours)))
    return (
        f"<div style='font-family:sans-serif'><ol>{sentences}</ol>"
        + _matrix_html("정적 임베딩 유사도(입력 표)", comparison.static_similarity)
        + _matrix_html(f"문맥 임베딩 유사도({comparison.layer}층 출력)", comparison.contextual_similarity)
        + f"<div style='margin-top:8px'><b>정적 이웃</b>: 임베딩 표에서 '{html.escape(first.word)}'와 가까운 토큰 "
        f"(어느 문장이든 같은 목록){_neighbour_list(view.static_neighbours)}</div>"
        f"<div><b>문맥 이웃</b>: 문장 속 토큰 가운데 같은 층 벡터가 가까운 것</div>{per_sentence}</div>"
    )


def error_html(exc: BertlabError) -> str:
    return f"<div style='color:#b91c1c'>⚠ {html.escape(str(exc))}</div>"


def context_neighbours(models: dict, word: str = "bank", sentences=(
        "I need to go to the bank to deposit my paycheck.",
        "We sat on the bank of the river and watched the boats.",
        "The bank approved our loan for the new house."), *, k: int = 4):
    """위젯. models는 {표시 이름: load(...) 결과}. 문장은 한 줄에 하나(2~8개)."""
    import ipywidgets as widgets

    if not models:
        raise BertlabError("위젯에 쓸 모델이 없습니다. 예: context_neighbours({\"영어 인코더\": load(\"en-encoder\")})")
    chooser = widgets.Dropdown(options=list(models), description="모델")
    word_box = sentence_box(word, "단어", width="auto")
    text_box = lines_box("\n".join(sentences), "문장들", rows=5)
    first_model = next(iter(models.values())).model
    top = first_model.config.num_hidden_layers
    layer = widgets.IntSlider(value=top, min=0, max=top, description="층", continuous_update=False)
    out = widgets.HTML()

    def refresh(*_) -> None:
        lm = models[chooser.value]
        lines = [line for line in text_box.applied.splitlines() if line.strip()]
        try:
            out.value = view_html(neighbour_view(lm, lines, word_box.value, layer=layer.value, k=k))
        except BertlabError as exc:
            out.value = error_html(exc)

    def on_model(_) -> None:
        top = models[chooser.value].model.config.num_hidden_layers
        layer.max = top
        layer.value = top
        refresh()

    chooser.observe(on_model, names="value")
    for control in (word_box, layer):
        control.observe(refresh, names="value")
    text_box.observe(refresh, names="applied")
    refresh()
    return live_box([widgets.HBox([chooser, word_box, layer]), text_box, out],
                    hint=LINES_HINT)
