"""bertlab: BERT를 안에서부터 배우는 한국어 강의의 도우미 패키지.

레슨 노트북은 모두 첫 셀에서 ``bertlab.start("NN")``을 부르고, 요약 셀에서 ``bertlab.glossary("NN")``로
그 레슨의 용어를 보여 줍니다. 나머지는 개념별 하위 패키지에서 가져옵니다(지도는 ``bertlab/README.md``):
``from bertlab.attention import capture_layer``처럼 패키지 이름에서 바로 가져오고, 모듈 경로는 쓰지 않습니다.

무거운 라이브러리(torch, transformers, matplotlib)는 실제로 필요할 때에만 불러오므로 ``import bertlab``
자체는 가볍습니다. 하위 패키지들도 같은 방식(``bertlab.lazy``)으로 이름을 처음 쓸 때 모듈을 불러옵니다.
"""

from importlib import import_module

__version__ = "0.1.0"


def start(lesson: str, *, quiet: bool = False):
    """레슨 시작 셀에서 부릅니다: 한글 글꼴, 짧은 한국어 오류 표시, 진도 기록을 준비합니다."""
    from bertlab.course import start_lesson

    start_lesson(lesson, quiet=quiet)


def glossary(lesson: str | None = None):
    """레슨 요약 셀의 용어 표(``bertlab.glossary("03")``). 레슨 번호를 빼면 용어집 전체."""
    from bertlab.course import glossary_table

    return glossary_table(lesson)


def __getattr__(name: str):
    """``bertlab.attention``처럼 하위 패키지를 처음 쓸 때 불러옵니다(``import bertlab``을 가볍게)."""
    if name.startswith("_"):
        raise AttributeError(name)
    try:
        return import_module(f"bertlab.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"bertlab.{name}":
            raise
        raise AttributeError(f"module 'bertlab' has no attribute {name!r}") from None
