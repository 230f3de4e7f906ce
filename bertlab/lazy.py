"""게으른 불러오기: 개념 패키지의 ``__init__``이 공개 이름을 처음 쓸 때 그 모듈을 불러오게 합니다.

``from bertlab.attention import capture_layer``는 ``bertlab/attention/__init__.py``의 ``_EXPORTS`` 표를 보고
``bertlab.attention.self_attention``을 그때 불러옵니다. 그래서 ``import bertlab``과 가벼운 명령(``build``)은
torch를 불러오지 않습니다. 다른 bertlab 모듈을 가져오지 않는 맨 아래층 모듈입니다.
"""

from __future__ import annotations

from importlib import import_module


def lazy_exports(package: str, exports: dict[str, str]):
    """하위 패키지 ``__init__``의 ``__getattr__``: 공개 이름을 처음 쓸 때 그 이름이 있는 모듈을 불러옵니다.

    exports: 공개 이름 -> 같은 패키지 안의 모듈 이름. 모듈 이름과 공개 이름이 겹치면 안 됩니다(하위 모듈을
    불러오면 파이썬이 패키지의 같은 이름 속성을 그 모듈로 덮어씁니다).
    """
    clashes = set(exports) & set(exports.values())
    if clashes:
        raise ValueError(f"{package}: 공개 이름과 모듈 이름이 겹칩니다: {sorted(clashes)}")

    def __getattr__(name: str):
        if name in exports:
            return getattr(import_module(f"{package}.{exports[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
