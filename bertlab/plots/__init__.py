"""그림: 한글이 깨지지 않는 matplotlib 설정과 레슨별 그림 도우미(그림을 그리는 모든 레슨에서 사용).

``import bertlab.plots``만 해도 나눔고딕 글꼴이 등록되고 기본 글꼴이 됩니다(``fonts``).

- ``fonts``: 한글 글꼴 등록과 점검(``bertlab doctor``).
- ``context``: 레슨 01의 그림(ELMo·GPT-1·BERT가 문맥을 보는 방향, 유사도 행렬).
- ``layers``: 층마다 잰 값의 곡선과 2-D 투영(레슨 09, 10).
- ``bars``: 지표마다 한 칸씩, 출처별로 묶은 막대그래프(레슨 17의 토크나이저 비교).
"""

from bertlab.lazy import lazy_exports
from bertlab.plots.fonts import KOREAN_FONT_FAMILY, has_korean_font, korean_font_files, use_korean_font

_EXPORTS = {
    "draw_context_directions": "context", "draw_similarity": "context", "draw_visibility": "context",
    "visible_context": "context",
    "plot_layer_curves": "layers", "plot_projection": "layers",
    "plot_grouped_bars": "bars",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS) + ["KOREAN_FONT_FAMILY", "has_korean_font", "korean_font_files", "use_korean_font"]
