"""레슨 15의 유사도 행렬: 내 문장들(한 줄에 하나)의 코사인 표를 색으로, 인코더(사전 훈련만 한 ``[CLS]``, 평균 풀링, SBERT)를 골라서.

계산은 ``bertlab.sentences.similarity_table``이 하고, 여기서는 글 상자·고르기 상자와 HTML 표만 연결합니다. 잘못된
입력(빈 글, 너무 긴 글, 이모지·한자 섞인 글)은 한국어 안내로 보여 주고, 표는 그릴 수 있는 만큼 그립니다.
"""

from __future__ import annotations

import html

from bertlab.errors import BertlabError
from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import LINES_HINT, lines_box
from bertlab.widgets.wiring import bind

EXAMPLE = "남자가 기타를 치고 있다.\n한 남자가 악기를 연주하고 있다.\n여자가 양파를 썰고 있다.\n주식 시장이 크게 떨어졌다."
LABEL_CHARS = 18   # 행 이름에 보일 글자 수


def _colour(value: float) -> str:
    """코사인 -1..1 -> 흰색(0 이하)에서 진한 파랑(1)."""
    level = max(0.0, min(1.0, value))
    red_green = int(255 - 200 * level)
    return f"rgb({red_green},{red_green + int(25 * level)},255)"


def similarity_html(encoders: dict, name: str, text) -> str:
    """위젯 한 번 갱신의 계산과 그리기. encoders: {이름: 인코더 또는 못 불러온 이유(str)}."""
    from bertlab.sentences import similarity_table

    encoder = encoders.get(name)
    if isinstance(encoder, str) or encoder is None:
        return f'<div style="color:#b45309">※ {html.escape(encoder or f"{name}: 없는 인코더입니다.")}</div>'
    if not isinstance(text, str):
        return f'<div style="color:#b45309">※ 문장은 글자로 적어 주세요(받은 것: {html.escape(type(text).__name__)}).</div>'
    try:
        kept, matrix, notices = similarity_table(encoder, text.splitlines())
    except BertlabError as error:
        return f'<div style="color:#b45309">※ {html.escape(str(error))}</div>'
    notes = "".join(f'<div style="color:#b45309">※ {html.escape(n)}</div>' for n in notices)
    labels = [html.escape(t if len(t) <= LABEL_CHARS else t[:LABEL_CHARS] + "…") for t in kept]
    head = "".join(f'<th style="font-weight:normal;padding:2px 4px">{i + 1}</th>' for i in range(len(kept)))
    rows = "".join(
        f'<tr><td style="padding-right:8px;white-space:nowrap">{i + 1}. {label}</td>'
        + "".join(f'<td style="background:{_colour(v)};text-align:center;padding:2px 6px">{v:.2f}</td>'
                  for v in matrix[i].tolist()) + "</tr>" for i, label in enumerate(labels))
    return f'{notes}<table style="font-size:13px;border-collapse:collapse"><tr><th></th>{head}</tr>{rows}</table>'


def similarity_matrix(encoders: dict, text: str = EXAMPLE):
    """문장 글 상자 + 인코더 고르기 + 코사인 표. ``encoders``: {보일 이름: 인코더(``encode`` 메서드) 또는 이유(str)}."""
    import ipywidgets as widgets

    names = list(encoders)
    box = lines_box(text, "문장들:", rows=6)
    choice = widgets.ToggleButtons(options=names, value=names[0], description="인코더:")
    out = bind([box, choice], lambda text, name: similarity_html(encoders, name, text))
    return live_box([box, choice, out], hint=LINES_HINT)
