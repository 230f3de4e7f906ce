"""bertlab: BERT를 안에서부터 배우는 한국어 강의의 도우미 패키지.

레슨 노트북은 모두 첫 셀에서 ``bertlab.start("NN")``을 부릅니다. 무거운 라이브러리(torch,
transformers, matplotlib)는 실제로 필요할 때에만 불러오므로 ``import bertlab`` 자체는 가볍습니다.
"""

from importlib import import_module

__version__ = "0.1.0"



def start(lesson: str, *, quiet: bool = False):
    """레슨 시작 셀에서 부릅니다: 한글 글꼴, 짧은 한국어 오류 표시, 진도 기록을 준비합니다."""
    from bertlab.session import start_lesson

    start_lesson(lesson, quiet=quiet)


def __getattr__(name: str):
    """``bertlab.glossary``처럼 하위 모듈을 처음 쓸 때 불러옵니다(``import bertlab``을 가볍게)."""
    if name.startswith("_"):
        raise AttributeError(name)
    try:
        return import_module(f"bertlab.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"bertlab.{name}":
            raise
        raise AttributeError(f"module 'bertlab' has no attribute {name!r}") from None
