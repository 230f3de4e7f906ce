"""델타(delta) 체크포인트: 큰 인코더는 위 몇 층과 과제 헤드만 훈련하고, 그 가중치만 float16으로 저장합니다.

multilingual-e5-small(어휘 25만, 12층)을 통째로 저장하면 fp16으로도 236 MB라 저장소의 20 MB 한도를 넘습니다.
그래서 단어 임베딩과 아래층을 얼리고(``freeze_lower_layers``) 위 ``top_layers``개 층 + 과제 헤드만 훈련한 뒤
그 가중치만 ``DELTA_FILE``에 씁니다(``save_delta``; e5 한 층 ≈ 177만 개 ≈ fp16 3.5 MB). 불러올 때는
기반 인코더(``finetune.json``의 ``base``: 패키지에 든 모델) 위에 델타를 덮습니다(``load_delta``, ``base_location``).

쓰는 곳: 레슨 14의 질의응답 강의 모델(``qa``), 레슨 15의 SBERT 강의 모델(``sbert``). ``save_finetuned``와
``load_finetuned``(``export.py``)가 과제의 ``delta_file``이 있으면 이 모듈로 저장·복원합니다.
"""

from __future__ import annotations

import json
from pathlib import Path

from bertlab.errors import BertlabError
from bertlab.finetuning.encoders import base_model_location, has_big_vocabulary

DELTA_FILE = "trained.safetensors"   # 훈련한 가중치만(float16); 나머지는 기반 인코더 그대로
TOP_LAYERS = 4                       # 큰 인코더에서 훈련할 위 층 수(e5 4층 + 헤드 ≈ 14 MB)


def freeze_lower_layers(model, encoder, top_layers: int = TOP_LAYERS) -> int:
    """큰 인코더(어휘 ``BIG_VOCABULARY`` 초과, 예: e5)면 ``encoder``를 얼리고 위 ``top_layers``개 층만 풉니다.

    model: 훈련할 모델 전체(과제 헤드 포함). encoder: 그 안의 transformers 인코더(``encoder.encoder.layer``가 있는
    ``BertModel`` 등). 헤드(예: ``qa_outputs``)는 ``encoder`` 밖이라 그대로 훈련합니다. 작은 인코더는 그대로 둡니다.
    돌려주는 값: ``model``에서 훈련할 매개변수 수.
    """
    if has_big_vocabulary(encoder):
        encoder.requires_grad_(False)
        for layer in encoder.encoder.layer[-top_layers:]:
            layer.requires_grad_(True)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def trained_names(model) -> list[str]:
    """훈련하는(``requires_grad``) 매개변수의 이름들(``state_dict``의 키와 같음)."""
    return [name for name, p in model.named_parameters() if p.requires_grad]


def save_delta(model, out: str | Path, state_dict: dict | None = None, file: str = DELTA_FILE) -> Path:
    """훈련한 가중치만 float16으로 ``out/file``에 씁니다. state_dict: 저장할 상태(없으면 ``model.state_dict()``)."""
    from safetensors.torch import save_file

    state = model.state_dict() if state_dict is None else state_dict
    path = Path(out) / file
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file({name: state[name].half().contiguous() for name in trained_names(model)}, str(path))
    return path


def load_delta(model, folder: str | Path, file: str = DELTA_FILE):
    """기반 인코더로 만든 ``model`` 위에 ``folder/file``의 가중치를 float32로 덮습니다. 같은 ``model``을 돌려줌.

    파일에 모델에 없는 이름이 있으면(다른 기반 인코더·과제의 델타) 한국어 ``BertlabError``.
    """
    from safetensors.torch import load_file

    path = Path(folder) / file
    if not path.is_file():
        raise BertlabError(f"훈련한 가중치 파일이 없습니다: {path}")
    weights = {name: tensor.float() for name, tensor in load_file(str(path)).items()}
    unknown = model.load_state_dict(weights, strict=False).unexpected_keys
    if unknown:
        raise BertlabError(f"훈련한 가중치 파일이 기반 인코더와 맞지 않습니다: {', '.join(unknown[:3])}",
                           hint="finetune.json의 base가 이 가중치를 훈련한 인코더인지 확인하세요.")
    return model


def base_location(folder: str | Path) -> str:
    """내보낸 폴더의 ``finetune.json``에 적힌 기반 인코더(``base``) -> ``from_pretrained``에 줄 위치."""
    info_path = Path(folder) / "finetune.json"
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BertlabError(f"모델 폴더의 finetune.json을 읽지 못했습니다: {info_path}") from exc
    return base_model_location(info["base"])
