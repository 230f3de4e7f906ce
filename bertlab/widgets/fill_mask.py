"""레슨 07의 빈칸 채우기 놀이터: [MASK]가 든 문장을 치면 모델마다 빈칸별 상위 k개 후보와 확률 막대.

계산은 ``bertlab.pretraining.blanks.fill_mask_all``이 하고, 여기서는 입력 상자·슬라이더와 HTML 표만 연결합니다.
응답 시간은 ``python -m bertlab bench --only fill_mask``로 잽니다.
"""

from __future__ import annotations

import html

from bertlab.pretraining import EXAMPLE, ModelAnswer, fill_mask_all
from bertlab.widgets.buttons import example_buttons
from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import ENTER_HINT, sentence_box

BAR_WIDTH = 180  # 확률 1.0일 때 막대 너비(px)


def _candidates_html(prediction, index: int) -> str:
    rows = []
    for rank, (token, prob) in enumerate(prediction.candidates, start=1):
        bold = "font-weight:bold;" if rank == 1 else ""
        rows.append(
            f'<tr style="{bold}"><td style="color:#6b7280">{rank}</td>'
            f'<td style="font-family:monospace;padding:0 8px">{html.escape(token)}</td>'
            f'<td style="text-align:right">{prob:.1%}</td>'
            f'<td><div style="background:#2563eb;height:10px;width:{max(prob * BAR_WIDTH, 1):.1f}px"></div></td></tr>')
    return (f'<div style="display:inline-block;vertical-align:top;margin:0 18px 6px 0">'
            f'<div style="color:#374151">빈칸 {index} (토큰 위치 {prediction.position})</div>'
            f'<table style="border-collapse:collapse;font-size:13px">{"".join(rows)}</table></div>')


def answer_html(answer: ModelAnswer) -> str:
    """모델 하나의 결과 칸: 이름, 빈칸별 후보 표, 1위로 채운 문장, 안내."""
    name = f' <span style="color:#6b7280">{html.escape(answer.model_name)}</span>' if answer.model_name else ""
    head = f"<div><b>{html.escape(answer.label)}</b>{name}</div>"
    if answer.result is None:
        text = html.escape(answer.error).replace("\n", "<br>")
        return f'{head}<div style="color:#b45309;margin-bottom:6px">※ {text}</div>'
    result = answer.result
    tables = "".join(_candidates_html(p, i) for i, p in enumerate(result.predictions, start=1))
    notices = "".join(f'<div style="color:#b45309">※ {html.escape(n)}</div>' for n in result.notices)
    return (f"{head}{tables}<div>1위로 채운 문장: <b>{html.escape(result.filled)}</b></div>{notices}"
            f'<div style="color:#6b7280;font-size:85%;margin-bottom:6px">토큰: '
            f'{html.escape(" ".join(result.tokens))}</div>')


def show_models(models: dict) -> None:
    """불러온 모델은 상태 배지로, 못 불러온 모델은 그 이유를 한국어 안내 상자로 보여 줍니다."""
    from IPython.display import HTML, display

    for label, loaded in models.items():
        if isinstance(loaded, str):
            text = html.escape(loaded).replace("\n", "<br>")
            display(HTML(f'<div style="border-left:6px solid #f59e0b;padding:4px 10px;margin:4px 0">'
                         f"<b>{html.escape(label)}</b>: 지금은 쓸 수 없습니다.<br>{text}</div>"))
        else:
            display(loaded)


def fill_mask_html(models: dict, text, top_k: int = 5) -> str:
    """놀이터 한 번 갱신의 전체 계산(벤치마크가 재는 것)."""
    answers = fill_mask_all(models, text, top_k)
    return "<hr style='margin:4px 0'>".join(answer_html(a) for a in answers)


def fill_mask_playground(models: dict, initial: str = EXAMPLE, top_k: int = 5, examples: dict | None = None):
    """입력 상자 + 후보 수 슬라이더 + 모델별 결과. ``models``는 ``bertlab.pretraining.blanks.fill_mask_models()``.

    examples: {단추 이름: 예문}. 주면 누르기만 해도 그 예문이 들어가는 단추 줄이 생깁니다(레슨 07).
    """
    import ipywidgets as widgets

    box = sentence_box(initial, "문장:", placeholder="[MASK]를 넣은 문장을 입력하고 Enter")
    k_slider = widgets.IntSlider(value=top_k, min=1, max=10, description="후보 수")
    out = widgets.HTML()

    def refresh(_=None):
        out.value = fill_mask_html(models, box.value, k_slider.value)

    box.observe(refresh, names="value")
    k_slider.observe(refresh, names="value")
    refresh()
    buttons = [example_buttons(examples, box)] if examples else []
    return live_box([box, *buttons, k_slider, out], hint=ENTER_HINT)
