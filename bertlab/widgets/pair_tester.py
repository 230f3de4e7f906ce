"""레슨 13의 문장 쌍 시험기: 두 문장을 치면 모델마다 NLI 세 확률(막대)과 STS 점수(0-5).

계산은 ``bertlab.finetuning.score_pair``가 하고, 여기서는 입력 상자 둘(Enter로 반영)과 HTML 표만 연결합니다. 레슨은
훈련 전·방금 훈련한·강의 모델을 NLI와 STS마다 나란히 넣습니다. 잘못된 입력(빈 문장,
문자열이 아닌 값)은 한국어 안내로 보여 줍니다. 응답 시간은 ``python -m bertlab bench --only pair_tester``로 잽니다.
"""

from __future__ import annotations

import html

from bertlab.errors import BertlabError
from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import ENTER_HINT, sentence_box
from bertlab.widgets.wiring import bind

BAR_WIDTH = 160   # 확률 1.0일 때 막대 너비(px)
EXAMPLE = ("남자가 기타를 치고 있다.", "한 남자가 악기를 연주하고 있다.")


def _answer_html(answer) -> str:
    head = f"<b>{html.escape(answer.label)}</b>"
    if answer.error:
        return f'{head}<div style="color:#b45309">※ {html.escape(answer.error)}</div>'
    if answer.score is not None:
        width = max(answer.score, 0) / 5 * BAR_WIDTH
        return (f'{head} <span style="color:#6b7280">STS</span><div>유사도 <b>{answer.score:.2f}</b> / 5 '
                f'<span style="display:inline-block;background:#059669;height:10px;width:{min(width, BAR_WIDTH):.0f}px">'
                "</span></div>")
    best = max(answer.probabilities, key=answer.probabilities.get)
    rows = "".join(
        f'<tr style="{"font-weight:bold" if name == best else ""}"><td style="padding-right:8px">{html.escape(name)}</td>'
        f'<td style="text-align:right">{p:.1%}</td><td><div style="background:#2563eb;height:10px;'
        f'width:{max(p * BAR_WIDTH, 1):.0f}px"></div></td></tr>' for name, p in answer.probabilities.items())
    return f'{head} <span style="color:#6b7280">NLI</span><table style="font-size:13px">{rows}</table>'


def pair_html(models: dict, a, b) -> str:
    """시험기 한 번 갱신의 전체 계산과 그리기(벤치마크가 재는 것). 잘못된 입력은 한국어 안내 한 줄."""
    from bertlab.finetuning import score_pair   # torch는 그릴 때 불러옴(위젯 패키지는 가볍게)

    try:
        answers, notices = score_pair(models, a, b)
    except BertlabError as error:
        return f'<div style="color:#b45309">※ {html.escape(str(error))}</div>'
    notes = "".join(f'<div style="color:#b45309">※ {html.escape(n)}</div>' for n in notices)
    cells = "".join(f'<div style="display:inline-block;vertical-align:top;margin:0 24px 8px 0">{_answer_html(x)}</div>'
                    for x in answers)
    return notes + cells


def pair_tester(models: dict, first: str = EXAMPLE[0], second: str = EXAMPLE[1]):
    """문장 A·B 입력 상자 + 모델별 결과. ``models``: {보일 이름: FineTuned 또는 못 불러온 이유(str)}."""
    import ipywidgets as widgets

    box_a, box_b = sentence_box(first, "문장 A:"), sentence_box(second, "문장 B:")
    return live_box([box_a, box_b, bind([box_a, box_b], lambda a, b: pair_html(models, a, b))], hint=ENTER_HINT)
