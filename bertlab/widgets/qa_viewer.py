"""질의응답 뷰어(레슨 14): 질문과 지문을 치면 지문의 토큰마다 시작·끝 확률 막대가 서고, 고른 답 구간이 칠해집니다.

계산은 ``bertlab.finetuning.QA.answer``(창 나누기 -> 시작·끝 로짓 -> 유효 구간 -> 글자 위치)가 하고, 여기서는
입력 상자(질문 한 줄, 고칠 수 있는 지문 상자: 둘 다 Enter로 반영)와 HTML 막대를 연결합니다. 모델 여러 개를 나란히
봅니다(레슨은 훈련 전 모델, 방금 훈련한 모델, 강의가 더 오래 훈련한 모델). 답마다 확신도(그 구간의 확률)와 n-best 후보,
확신이 낮을 때의 한국어 안내(``finetuning.qa_answer``)가 붙습니다. 잘못된 입력(빈 질문, 너무 긴 지문, 문자열이 아닌 값)은 traceback
대신 한국어 한 줄입니다. 응답 시간은 ``python -m bertlab bench --only qa_viewer``(질문 하나, 중앙값 <= 150 ms)로 잽니다.
"""

from __future__ import annotations

import html

from bertlab.errors import BertlabError
from bertlab.widgets.buttons import example_buttons
from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import ENTER_HINT, lines_box, sentence_box
from bertlab.widgets.wiring import bind

START_COLOR, END_COLOR, SPAN_COLOR = "#2563eb", "#ea580c", "#fde68a"
BAR_HEIGHT = 40  # 확률 1.0의 막대 높이(px)

# 뷰어의 예문 단추: (질문, 지문). 앞의 둘은 BERT 질의응답 소개 글에 흔한 예(``SEED_EXAMPLES``)
EXAMPLES = {"이모지·한자": ("😀 누가 漢字를 만들었나?", "漢字는 고대 중국에서 만들어진 문자이다 😀 한국에서는 한자라고 읽는다.")}


def bars_html(answer) -> str:
    """``Answer`` -> 지문 토큰마다 시작(파랑)·끝(주황) 확률 막대와 토큰 글자, 답 구간은 노랗게."""
    cells = []
    for token, (s, e), p_start, p_end in zip(answer.tokens, answer.offsets, answer.start_probabilities.tolist(),
                                             answer.end_probabilities.tolist()):
        inside = s >= answer.start and e <= answer.end
        bars = "".join(f'<span style="display:inline-block;width:5px;height:{max(1, round(p * BAR_HEIGHT))}px;'
                       f'background:{color};margin:0 1px"></span>' for p, color in ((p_start, START_COLOR),
                                                                                     (p_end, END_COLOR)))
        cells.append(f'<span title="시작 {p_start:.3f} · 끝 {p_end:.3f}" style="display:inline-flex;flex-direction:column;'
                     f'align-items:center;margin:2px 1px;vertical-align:bottom">'
                     f'<span style="height:{BAR_HEIGHT}px;display:flex;align-items:flex-end">{bars}</span>'
                     f'<span style="padding:0 2px;border-radius:3px;{"background:" + SPAN_COLOR if inside else ""}">'
                     f'{html.escape(token) or "·"}</span></span>')
    return "".join(cells)


def _legend() -> str:
    return (f'<span style="color:{START_COLOR}">■ 시작 확률 P_start</span> '
            f'<span style="color:{END_COLOR}">■ 끝 확률 P_end</span> '
            f'<span style="background:{SPAN_COLOR};padding:0 4px">고른 답 구간</span>')


def qa_html(question, passage, models: dict) -> str:
    """뷰어 한 번 갱신의 전체 계산(벤치마크가 재는 것). ``models``: {표시 이름: ``FineTuned``}."""
    from bertlab.finetuning import QA

    rows = []
    for label, tuned in models.items():
        try:
            answer = QA.answer(tuned.model, tuned.tokenizer, question, passage)
        except BertlabError as exc:
            return f'<div style="color:#b91c1c">{html.escape(str(exc).splitlines()[0])}</div>'
        windows = f", 창 {answer.windows}개 중 답이 나온 창" if answer.windows > 1 else ""
        rows.append(f'<div style="margin:8px 0"><b>{html.escape(str(label))}</b>: 답 '
                    f'<span style="background:{SPAN_COLOR};padding:1px 4px;font-size:115%">'
                    f'{html.escape(answer.text)}</span> {_confidence_html(answer)} '
                    f'<span style="color:#6b7280">(글자 {answer.start}-{answer.end}, '
                    f'점수 S·R_i + E·R_j = {answer.score:.2f}{windows})</span>{_notes_html(answer)}'
                    f'<div style="line-height:1">{bars_html(answer)}</div>{_candidates_html(answer)}</div>')
    return f'<div style="font-size:90%">{_legend()}</div>' + "".join(rows)


def _confidence_html(answer) -> str:
    """확신도 P_start(i)·P_end(j): 높으면 초록, 낮으면 주황 글씨."""
    colour = "#15803d" if answer.confident else "#b45309"
    return f'<span style="color:{colour}">확신도 {answer.confidence:.1%}</span>'


def _notes_html(answer) -> str:
    return "".join(f'<div style="color:#b45309">※ {html.escape(note)}</div>' for note in answer.notes)


def _candidates_html(answer, shown: int = 3) -> str:
    """n-best 후보 몇 개: 글자, 점수, 확률(첫째가 고른 답)."""
    items = " · ".join(f"{i + 1}. {html.escape(c.text[:30])} ({c.probability:.1%})"
                       for i, c in enumerate(answer.candidates[:shown]))
    return f'<div style="color:#6b7280;font-size:85%">n-best 후보: {items}</div>' if items else ""


def qa_viewer(models: dict, example: str = "중력(기상학)", examples: dict | None = None):
    """질문 상자 + 고칠 수 있는 지문 상자 + 모델별 답과 확률 막대. ``models``: {표시 이름: ``FineTuned``}.

    examples: {단추 이름: (질문, 지문)}(기본: 소개 글의 두 예와 이모지·한자 예), example: 처음 보일 예문의 이름.
    """
    import ipywidgets as widgets

    if not isinstance(models, dict) or not models:
        raise BertlabError("질의응답 뷰어에 보여 줄 모델을 {이름: 파인 튜닝한 모델} 사전으로 주세요.")
    from bertlab.finetuning import SEED_EXAMPLES

    examples = SEED_EXAMPLES | EXAMPLES if examples is None else examples
    question, passage = examples.get(example, next(iter(examples.values())))
    question_box = sentence_box(question, "질문:")
    passage_box = lines_box(passage, "지문:", rows=5, one_item=True)
    out = bind([question_box, passage_box], lambda q, p: qa_html(q, p, models))

    def pick(example):
        with question_box.hold_trait_notifications():
            question_box.value = example[0]
            passage_box.set_text(example[1])
    buttons = example_buttons(examples, pick, tooltip=lambda example: str(example[0]))
    return live_box([question_box, passage_box, buttons, out], hint=ENTER_HINT)
