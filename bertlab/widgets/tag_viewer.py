"""태그 뷰어(레슨 12): 문장을 치면 개체명이 종류별 색과 확률로 칠해집니다. 모델 여러 개를 나란히 봅니다.

계산은 ``bertlab.finetuning.NER.tag``(조각 예측 -> 글자 구간 -> 개체)가 하고, 여기서는 입력 상자와 색칠한 HTML을
연결합니다. 레슨은 훈련 전 모델(``finetuning.untrained_model``), 방금 60초 훈련한 모델, 강의가 더 오래 훈련한
모델(``NER.course_checkpoint()``)을 함께 넣습니다. 문장 상자는 Enter를 누르면 반영됩니다(``text_inputs``). 잘못된 입력(빈 문장, 너무 긴 문장, 문자열이 아닌 값)은 traceback 대신 한국어 한 줄입니다. 응답 시간은
``python -m bertlab bench --only tag_viewer``(문장 하나, 중앙값 <= 100 ms)로 잽니다.
"""

from __future__ import annotations

import html

from bertlab.datasets import ENTITY_TYPES as NAMES
from bertlab.errors import BertlabError
from bertlab.widgets.buttons import example_buttons
from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import ENTER_HINT, sentence_box
from bertlab.widgets.wiring import bind

COLORS = {"PS": "#fde68a", "LC": "#bbf7d0", "OG": "#bfdbfe", "DT": "#fbcfe8", "TI": "#ddd6fe", "QT": "#fed7aa"}
EXAMPLES = {
    "뉴스": "김철수는 지난 15일 서울에서 삼성전자 관계자 3명을 만났다.",
    "영화평": "봉준호 감독의 기생충은 2019년 칸에서 황금종려상을 받았다 ㅋㅋ",
    "조사 붙은 이름": "손흥민이 토트넘에서 두 골을 넣었고 이강인은 파리에서 뛴다.",
    "이모지·한자": "어제 밤 9시에 釜山 해운대에서 친구 두 명 만남 😀",
}


def legend_html() -> str:
    return " ".join(f'<span style="background:{COLORS[k]};padding:1px 5px;border-radius:3px">{k} {NAMES[k]}</span>'
                    for k in COLORS)


def entities_html(text: str, entities: list[dict]) -> str:
    """문장과 개체 목록 -> 개체를 색칠하고 아래 첨자로 종류·확률을 단 HTML 한 줄."""
    parts, index = [], 0
    for entity in entities:
        start, end, kind = entity["start"], entity["end"], entity["type"]
        parts.append(html.escape(text[index:start]))
        label = f"{kind} {entity['probability']:.2f}"
        parts.append(f'<span title="{html.escape(NAMES.get(kind, kind))} · 확률 {entity["probability"]:.2f}" '
                     f'style="background:{COLORS.get(kind, "#e5e7eb")};padding:1px 3px;border-radius:3px">'
                     f'{html.escape(text[start:end])}<sub style="font-size:65%;color:#374151"> {label}</sub></span>')
        index = end
    parts.append(html.escape(text[index:]))
    return "".join(parts)


def tag_html(text, models: dict) -> str:
    """태그 뷰어 한 번 갱신의 전체 계산(벤치마크가 재는 것). ``models``: {표시 이름: ``FineTuned``}."""
    from bertlab.finetuning import NER

    rows = []
    for label, tuned in models.items():
        try:
            entities = NER.tag(tuned.model, tuned.tokenizer, text)
        except BertlabError as exc:
            return f'<div style="color:#b91c1c">{html.escape(str(exc).splitlines()[0])}</div>'
        found = f"개체 {len(entities)}개" if entities else "찾은 개체 없음"
        rows.append(f'<div style="margin:6px 0"><b>{html.escape(str(label))}</b> '
                    f'<span style="color:#6b7280">({found})</span><br>'
                    f'<span style="font-size:115%;line-height:2">{entities_html(text, entities)}</span></div>')
    return f'<div style="font-size:90%">{legend_html()}</div>' + "".join(rows)


def tag_viewer(models: dict, initial: str = EXAMPLES["뉴스"], examples: dict | None = None):
    """입력 상자 + 모델별 색칠한 문장. ``models``: {표시 이름: ``FineTuned``}(``finetune``이나 ``load_finetuned``의 결과)."""
    import ipywidgets as widgets

    if not isinstance(models, dict) or not models:
        raise BertlabError("태그 뷰어에 보여 줄 모델을 {이름: 파인 튜닝한 모델} 사전으로 주세요.")
    box = sentence_box(initial, "문장:")
    out = bind([box], lambda text: tag_html(text, models))
    buttons = example_buttons(examples if examples is not None else EXAMPLES, box)
    return live_box([box, buttons, out], hint=ENTER_HINT)
