"""한글이 깨지지 않는 matplotlib 설정과 공통 그림 도우미(그림을 그리는 모든 레슨에서 사용).

이 모듈을 불러오기만 하면 koreanize-matplotlib 패키지가 싣고 오는 나눔고딕(NanumGothic) 글꼴을
matplotlib에 등록하고 기본 글꼴로 정합니다. 시스템에 한글 글꼴이 없어도 한글이 네모(□)로 나오지
않습니다. 음수 부호도 글꼴에 맞는 하이픈으로 바꿉니다.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib import font_manager

KOREAN_FONT_FAMILY = "NanumGothic"


def korean_font_files() -> list[Path]:
    """패키지에 들어 있는 나눔고딕 글꼴 파일들."""
    import importlib.util

    # 패키지를 import하면 전역 설정을 바꾸므로, 글꼴 파일 위치만 찾습니다.
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return []
    fonts = Path(list(spec.submodule_search_locations)[0]) / "fonts"
    return sorted(fonts.glob("NanumGothic*.ttf"))


def use_korean_font() -> str:
    """나눔고딕을 등록하고 기본 글꼴로 정합니다. 정한 글꼴 이름을 돌려줍니다."""
    registered = {f.fname for f in font_manager.fontManager.ttflist}
    for path in korean_font_files():
        if str(path) not in registered:
            font_manager.fontManager.addfont(str(path))
    # 나눔고딕에 없는 기호(−, →, 수식 기호)는 DejaVu Sans에서 가져옵니다(글자별 대체).
    matplotlib.rcParams["font.family"] = [KOREAN_FONT_FAMILY, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return KOREAN_FONT_FAMILY


def has_korean_font() -> bool:
    """한글 글꼴이 matplotlib에 등록되어 있는지(``bertlab doctor``가 점검)."""
    return any(f.name == KOREAN_FONT_FAMILY for f in font_manager.fontManager.ttflist)


use_korean_font()
