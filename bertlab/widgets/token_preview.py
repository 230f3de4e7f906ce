"""레슨 00의 첫 위젯: 문장을 입력하면 여러 토크나이저의 토큰을 바로 보여 줍니다.

계산은 ``bertlab.tokenization.tokenize_for_display``가 하고, 여기서는 입력 상자와 표만 연결합니다.
"""

from __future__ import annotations

import html

from bertlab.errors import BertlabError
from bertlab.tokenization import Tokenized, tokenize_for_display
from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import LIVE_HINT

PIECE_STYLE = "display:inline-block;margin:2px;padding:1px 5px;border-radius:4px;font-family:monospace;"


def tokens_html(result: Tokenized, label: str) -> str:
    """토큰 조각을 색 상자로 그린 HTML(특수 토큰은 회색, [UNK]은 빨간색)."""
    boxes = []
    for row in result.rows:
        color = "#e5e7eb" if row.special else ("#fecaca" if row.unknown else "#dbeafe")
        boxes.append(
            f'<span title="id {row.token_id}, 글자 {row.start}-{row.end}" '
            f'style="{PIECE_STYLE}background:{color};color:#111">{html.escape(row.piece)}</span>'
        )
    notices = "".join(f'<div style="color:#b45309">※ {html.escape(n)}</div>' for n in result.notices)
    return f"<div><b>{html.escape(label)}</b> — 토큰 {len(result.rows)}개<br>{''.join(boxes)}{notices}</div>"


def preview_html(text, tokenizers: dict) -> str:
    """여러 토크나이저의 결과를 한 HTML로. 잘못된 입력은 한국어 안내로 바꿉니다."""
    parts = []
    for label, tokenizer in tokenizers.items():
        try:
            parts.append(tokens_html(tokenize_for_display(text, tokenizer), label))
        except BertlabError as exc:
            parts.append(f'<div style="color:#b91c1c">{html.escape(str(exc))}</div>')
    return "<hr style='margin:4px 0'>".join(parts)


def token_preview(tokenizers: dict, initial: str = "나는 BERT를 배우고 있어요."):
    """입력 상자 + 토큰 표 위젯. ``tokenizers``는 {표시 이름: 토크나이저}."""
    import ipywidgets as widgets

    box = widgets.Text(value=initial, description="문장:", continuous_update=True,
                       layout=widgets.Layout(width="95%"))
    out = widgets.HTML(preview_html(initial, tokenizers))

    def on_change(change):
        out.value = preview_html(change["new"], tokenizers)

    box.observe(on_change, names="value")
    return live_box([box, out], hint=LIVE_HINT)
