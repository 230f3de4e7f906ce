"""페이지의 한글 글꼴: koreanize-matplotlib가 싣고 오는 나눔고딕(그림과 같은 글꼴)을 웹 글꼴(WOFF)로 줍니다.

그 TTF에는 글꼴 만들기 도구(VTT)의 작업용 표(``TSI0``…``TSI5``)가 남아 있어 Chromium의 글꼴 검사기(OTS)가
"TSI3: zero-length table"로 거부합니다. 그래서 처음 요청 때 fontTools로 그 표들만 빼고 WOFF로 한 번 저장해 두고
(약 1초, 2.4 MB) 메모리에서 줍니다. 글꼴을 못 찾으면 None: 페이지는 시스템 한글 글꼴로 물러섭니다.
"""

from __future__ import annotations

import io
from functools import lru_cache

WEIGHTS = {"NanumGothic": "NanumGothic.ttf", "NanumGothicBold": "NanumGothicBold.ttf"}


@lru_cache(maxsize=len(WEIGHTS))
def web_font(name: str) -> bytes | None:
    """``WEIGHTS``의 이름 하나 -> WOFF 바이트(작업용 표를 뺀 것). 없는 이름이나 글꼴이면 None."""
    if name not in WEIGHTS:
        return None
    from fontTools.ttLib import TTFont

    from bertlab.plots.fonts import korean_font_files

    source = next((path for path in korean_font_files() if path.name == WEIGHTS[name]), None)
    if source is None:
        return None
    font = TTFont(str(source), lazy=True)
    for tag in [tag for tag in font.keys() if tag.startswith("TSI")]:
        del font[tag]
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()
