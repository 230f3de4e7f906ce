"""토크나이저 놀이터(레슨 03, 17): 문장을 치면 여러 토크나이저의 조각·ID·글자 위치가 나란히 바뀝니다.

계산은 ``bertlab.tokenization.compare_tokenizers``와 ``piece_stats``가 하고, 여기서는 입력 상자·예문 단추와 표를
연결합니다. 줄마다 조각 수, [UNK] 수, 조각당 평균 글자 수가 붙습니다. 레슨 17은 한국어 BERT 다섯의 토크나이저와
예문 단추(오타, 신조어, 이모지, 영어 섞임, 한자)를 넣어 같은 위젯을 씁니다. 응답 시간(글자 하나를 칠 때마다 다시
그리는 시간)은 ``python -m bertlab bench --only tokenizer_playground``(레슨 03)와 ``korean_tokenizers``(레슨 17)로 잽니다.
"""

from __future__ import annotations

import html

from bertlab.errors import BertlabError
from bertlab.tokenization import Comparison, Tokenized, compare_tokenizers, piece_stats
from bertlab.widgets.buttons import example_buttons
from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import LIVE_HINT

BOX_STYLE = ("display:inline-flex;flex-direction:column;align-items:center;margin:2px;padding:1px 4px;"
             "border-radius:4px;font-family:monospace;line-height:1.15;color:#111;")
COLORS = {"special": "#e5e7eb", "unknown": "#fecaca", "normal": "#dbeafe", "alt": "#dcfce7"}
MAX_BOXES = 120        # 토크나이저 한 줄에 그리는 조각 상자 수(긴 글이 화면을 수천 픽셀로 덮지 않게)
SCROLL_STYLE = "max-height:480px;overflow-y:auto"


def _box(row, index: int, show_ids: bool, show_offsets: bool, text: str) -> str:
    kind = "special" if row.special else "unknown" if row.unknown else ("normal" if index % 2 == 0 else "alt")
    source = text[row.start:row.end]
    lines = [f"<span>{html.escape(row.piece)}</span>"]
    if show_ids:
        lines.append(f'<span style="font-size:70%;color:#374151">{row.token_id}</span>')
    if show_offsets:
        lines.append(f'<span style="font-size:65%;color:#6b7280">{row.start}:{row.end}</span>')
    title = f"id {row.token_id} · 글자 {row.start}~{row.end} · 원문 '{source}'"
    return f'<span title="{html.escape(title)}" style="{BOX_STYLE}background:{COLORS[kind]}">{"".join(lines)}</span>'


def result_html(label: str, result: Tokenized, show_ids: bool = True, show_offsets: bool = True) -> str:
    """토크나이저 하나의 결과 줄: 이름, 조각 통계(``piece_stats``), 조각 상자(위: 조각, 가운데: ID, 아래: 글자 위치)."""
    boxes = "".join(_box(r, i, show_ids, show_offsets, result.text) for i, r in enumerate(result.rows[:MAX_BOXES]))
    if len(result.rows) > MAX_BOXES:
        boxes += (f'<span style="color:#6b7280;font-size:90%"> … 뒤의 조각 {len(result.rows) - MAX_BOXES:,}개는 접었습니다'
                  "(통계는 전체로 셉니다)</span>")
    summary = piece_stats(result)
    stats = (f"조각 {summary.pieces}개(특수 토큰 제외) · [UNK] {summary.unknown}개 · "
             f"조각당 평균 {summary.chars_per_piece:.1f}글자")
    notices = "".join(f'<div style="color:#b45309;font-size:90%">※ {html.escape(n)}</div>'
                      for n in result.notices if not n.startswith("어휘에 없는"))
    return (f'<div style="margin:4px 0"><b>{html.escape(label)}</b> '
            f'<span style="color:#6b7280">({stats})</span><br>{boxes}{notices}</div>')


def comparisons_html(comparisons: list[Comparison], show_ids: bool = True, show_offsets: bool = True) -> str:
    parts = []
    for c in comparisons:
        if c.result is None:
            parts.append(f'<div><b>{html.escape(c.label)}</b> <span style="color:#b91c1c">{html.escape(c.error)}</span></div>')
        else:
            parts.append(result_html(c.label, c.result, show_ids, show_offsets))
    return "<hr style='margin:2px 0'>".join(parts)


def playground_html(text, tokenizers: dict, *, add_special_tokens: bool = True, show_ids: bool = True,
                    show_offsets: bool = True) -> str:
    """놀이터 한 번 갱신의 전체 계산(벤치마크가 재는 것). 잘못된 입력은 한국어 안내 한 줄로."""
    try:
        comparisons = compare_tokenizers(text, tokenizers, add_special_tokens=add_special_tokens)
    except BertlabError as exc:
        return f'<div style="color:#b91c1c">{html.escape(str(exc))}</div>'
    header = ""
    first = next((c.result for c in comparisons if c.result is not None), None)
    if first is not None:
        header = "".join(f'<div style="color:#b45309">※ {html.escape(n)}</div>'
                         for n in first.notices if not n.startswith("어휘에 없는"))
        header += (f'<div style="color:#6b7280;font-size:90%">글자 {len(first.text)}자 · 상자 위: 조각, '
                   "가운데: ID, 아래: 원문 글자 위치[시작:끝) · 회색 특수 토큰, 빨강 [UNK]</div>")
    return header + f'<div style="{SCROLL_STYLE}">{comparisons_html(comparisons, show_ids, show_offsets)}</div>'


def tokenizer_playground(tokenizers: dict, initial: str = "나는 어제 학교에 갔어요. I love Paris!",
                         examples: dict | None = None, add_special_tokens: bool = True):
    """입력 상자 + 여러 토크나이저 비교 표. ``tokenizers``는 {표시 이름: 토크나이저}.

    examples: {단추 이름: 예문}. 주면 누르기만 해도 그 예문이 들어가는 단추 줄이 생깁니다(레슨 17).
    """
    import ipywidgets as widgets

    box = widgets.Textarea(value=initial, description="문장:", continuous_update=True, rows=2,
                           layout=widgets.Layout(width="95%"))
    specials = widgets.Checkbox(value=add_special_tokens, description="특수 토큰([CLS], [SEP]) 붙이기", indent=False)
    ids = widgets.Checkbox(value=True, description="ID 보기", indent=False)
    offsets = widgets.Checkbox(value=True, description="글자 위치 보기", indent=False)
    out = widgets.HTML()

    def refresh(_=None):
        out.value = playground_html(box.value, tokenizers, add_special_tokens=specials.value,
                                    show_ids=ids.value, show_offsets=offsets.value)

    for control in (box, specials, ids, offsets):
        control.observe(refresh, names="value")
    refresh()
    buttons = [example_buttons(examples, box)] if examples else []
    return live_box([box, *buttons, widgets.HBox([specials, ids, offsets]), out], hint=LIVE_HINT)
