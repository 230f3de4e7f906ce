"""레슨 16의 챗봇 대화 상자: 글 상자 + 보내기(엔터도), 대화 기록(새 답이 늘 보이게 아래 끝에 붙음), 답 아래에 찾은
질문과 코사인, 서로 다른 후보들, 인코더·문턱값 고르기.

계산은 ``bertlab.chatbot.reply``가 하고, 여기서는 입력을 연결하고 말풍선 HTML을 그리기만 합니다(``chat_turn_html``은
테스트가 직접 부름). 잘못된 입력(빈 글, 5,000자, 이모지·한자·섞인 글자, 글자가 아닌 값)은 한국어 안내 말풍선으로.
"""

from __future__ import annotations

import html

from bertlab.errors import BertlabError
from bertlab.widgets.reopen import live_box

MAX_TURNS = 20     # 화면에 남길 대화 수
HISTORY_HEIGHT = 360   # 대화 기록 칸의 최대 높이(px). 넘치면 스크롤


def history_html(turns: list[str]) -> str:
    """대화 기록 칸: 말풍선들을 위에서 아래로 쌓되, 넘치면 **가장 아래(새 답)**가 보이게 스크롤된 상태로 그립니다.

    위젯 HTML에서는 스크립트가 돌지 않아 스크롤을 코드로 내릴 수 없습니다. 대신 바깥 칸을
    ``flex-direction: column-reverse``로 두면 브라우저가 스크롤의 시작점을 아래 끝으로 잡으므로, 새 답이 붙을 때마다
    맨 아래가 보입니다(안쪽 칸 하나에 말풍선을 원래 순서대로 넣어 읽는 순서는 그대로).
    """
    return (f'<div class="bertlab-chat-history" style="display:flex;flex-direction:column-reverse;'
            f'max-height:{HISTORY_HEIGHT}px;overflow-y:auto;border:1px solid #e5e7eb;padding:2px">'
            f'<div>{"".join(turns)}</div></div>')


def chat_turn_html(indexes: dict, name: str, query, threshold: float = 0.5, k: int = 3) -> str:
    """질문 하나 -> 사용자 말풍선 + 챗봇 말풍선 HTML. indexes: {이름: ``ChatIndex`` 또는 못 만든 이유(str)}."""
    from bertlab.chatbot import reply

    shown = query if isinstance(query, str) else repr(query)
    user = (f'<div style="text-align:right;margin:4px"><span style="background:#dbeafe;padding:4px 8px;'
            f'border-radius:8px">{html.escape(shown[:200])}</span></div>')
    index = indexes.get(name)
    if isinstance(index, str) or index is None:
        return user + f'<div style="color:#b45309">※ {html.escape(index or f"{name}: 없는 인코더입니다.")}</div>'
    try:
        answer = reply(index, query, k=k, threshold=threshold)
    except BertlabError as error:
        return user + f'<div style="color:#b45309;margin:4px">※ {html.escape(str(error))}</div>'
    notes = "".join(f'<div style="color:#b45309;font-size:85%">※ {html.escape(n)}</div>' for n in answer.notices)
    colour = "#f3f4f6" if answer.known else "#fee2e2"
    details = "<br>".join(f"{i + 1}. {html.escape(q)} → {html.escape(a)} (코사인 {s:.3f})"
                          for i, (a, q, s) in enumerate(answer.candidates))
    status = "" if answer.known else f" — 문턱값 {answer.threshold:.2f} 아래라 모른다고 답함"
    return (user + notes + f'<div style="margin:4px"><span style="background:{colour};padding:4px 8px;border-radius:8px">'
            f'🤖 {html.escape(answer.answer)}</span><div style="color:#6b7280;font-size:80%;margin-left:8px">'
            f'찾은 질문: {html.escape(answer.matched)} · 코사인 {answer.score:.3f}{status}<br>{details}</div></div>')


def chat_box(indexes: dict, threshold: float = 0.5):
    """챗봇 대화 상자. ``indexes``: {보일 이름: ``ChatIndex``(``build_index``) 또는 못 만든 이유(str)}."""
    import ipywidgets as widgets

    names = list(indexes)
    choice = widgets.Dropdown(options=names, value=names[0], description="인코더:")
    slider = widgets.FloatSlider(value=threshold, min=0.0, max=1.0, step=0.01, description="문턱값:",
                                 readout_format=".2f")
    text = widgets.Text(placeholder="챗봇에게 말을 걸어 보세요(엔터로 보내기)", continuous_update=False,
                        layout=widgets.Layout(width="70%"))
    send = widgets.Button(description="보내기", button_style="primary")
    clear = widgets.Button(description="대화 지우기")
    history = widgets.HTML(history_html([]))
    turns: list[str] = []
    sending: list[bool] = []

    def on_send(_=None):
        if sending:
            return
        sending.append(True)
        turns.append(chat_turn_html(indexes, choice.value, text.value, slider.value))
        del turns[:-MAX_TURNS]
        history.value = history_html(turns)
        text.value = ""           # 이 바뀜이 다시 보내지 않게 ``sending``으로 막음
        sending.clear()

    def on_clear(_=None):
        turns.clear()
        history.value = history_html(turns)

    send.on_click(on_send)
    clear.on_click(on_clear)
    text.observe(lambda change: change["new"] and on_send(), names="value")   # 엔터(또는 칸 벗어남)로 보내기
    return live_box([widgets.HBox([choice, slider]), history, widgets.HBox([text, send, clear])],
                    hint="글을 쓰고 Enter나 '보내기'를 누르면 보냅니다. 새 답은 대화 칸의 맨 아래에 붙습니다.")
