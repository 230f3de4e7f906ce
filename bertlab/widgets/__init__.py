"""레슨의 대화형 위젯. 위젯은 얇게: 계산은 테스트가 직접 부르는 보통 함수(개념 패키지)에 있고, 위젯은
입력을 그 함수에 연결하고 결과를 그리기만 합니다. 레슨은 ``from bertlab.widgets import size_explorer``처럼
이 패키지 이름에서 가져옵니다.

위젯 모듈 이름이 위젯 함수 이름과 같아서(``polysemy_explorer``) 게으른 불러오기 대신 여기서 바로 불러옵니다.
위젯 모듈은 torch 같은 무거운 라이브러리를 실제로 그릴 때 불러오므로 이 패키지 자체는 가볍습니다.

| 레슨 | 위젯 |
|---|---|
| 00, 03, 17 | ``token_preview``, ``tokenizer_playground`` (레슨 17은 예문 단추와 함께) |
| 01 | ``context_neighbours`` |
| 02 | ``size_explorer`` |
| 04 | ``embedding_sum_explorer`` |
| 05 | ``attention_step`` |
| 06 | ``head_explorer`` |
| 07 | ``masking_simulator``, ``fill_mask_playground`` |
| 08 | ``LiveLossCurve`` (파인 튜닝 레슨 11-16도 같은 곡선) |
| 09 | ``polysemy_explorer`` |
| 10 | ``feature_explorer`` |
| 11 | ``sentiment_playground`` (파인 튜닝 곡선은 ``LiveLossCurve``) |
| 12 | ``tag_viewer`` |
| 13 | ``pair_tester`` |
| 14 | ``qa_viewer`` |
| 15 | ``similarity_matrix`` |
| 16 | ``chat_box`` |
| 모든 레슨 | ``table`` |

글 입력 상자는 모두 ``text_inputs``(``sentence_box``, ``lines_box``)로 만들어 **Enter를 누르면 반영**되고, 위젯 아래의
안내 줄(``reopen.live_box(..., hint=...)``)이 그렇게 말합니다. 칠 때마다 바로 바뀌는 토크나이저 위젯만 예외입니다.
"""

from bertlab.widgets.attention_step import attention_step
from bertlab.widgets.chat_box import chat_box, chat_turn_html
from bertlab.widgets.context_neighbours import context_neighbours
from bertlab.widgets.embedding_sum import draw_breakdown, embedding_sum_explorer
from bertlab.widgets.feature_explorer import feature_explorer
from bertlab.widgets.fill_mask import fill_mask_playground, show_models
from bertlab.widgets.head_explorer import head_explorer
from bertlab.widgets.loss_curve import LiveLossCurve
from bertlab.widgets.masking_simulator import example_table_html, masking_simulator, share_comparison_figure
from bertlab.widgets.pair_tester import pair_html, pair_tester
from bertlab.widgets.polysemy_explorer import polysemy_explorer
from bertlab.widgets.qa_viewer import qa_html, qa_viewer
from bertlab.widgets.sentiment_playground import sentiment_playground
from bertlab.widgets.similarity_matrix import similarity_html, similarity_matrix
from bertlab.widgets.size_explorer import size_explorer
from bertlab.widgets.table import table
from bertlab.widgets.tag_viewer import tag_html, tag_viewer
from bertlab.widgets.token_preview import token_preview
from bertlab.widgets.tokenizer_playground import playground_html, tokenizer_playground

__all__ = [
    "attention_step", "chat_box", "chat_turn_html", "context_neighbours", "draw_breakdown", "embedding_sum_explorer", "feature_explorer", "fill_mask_playground",
    "show_models", "head_explorer", "LiveLossCurve", "example_table_html", "masking_simulator",
    "share_comparison_figure", "pair_html", "pair_tester", "polysemy_explorer", "qa_html", "qa_viewer", "sentiment_playground",
    "similarity_html", "similarity_matrix", "size_explorer", "table",
    "tag_html", "tag_viewer", "token_preview",
    "playground_html", "tokenizer_playground",
]
