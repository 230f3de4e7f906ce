"""훈련한 모델을 표준 Hugging Face 폴더(config.json, fp16 model.safetensors, 토크나이저)로 내보냅니다.

``ko-mini-bert``를 저장소에 넣을 때 쓰고, 레슨 08에서 학생이 만든 미니 BERT를 저장해 다시 불러 볼 때도
씁니다. 내보낸 폴더는 ``BertForPreTraining``(MLM+NSP 헤드)으로도, ``AutoModelForMaskedLM``으로도
읽힙니다.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import torch


def export_pretrained(model, tokenizer, out_dir: str | Path, fp16: bool = True) -> Path:
    """모델과 토크나이저를 ``out_dir``에 저장합니다(기본 fp16 safetensors). 저장한 폴더 경로를 돌려줌."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    export = copy.deepcopy(model).cpu().eval()
    if fp16:
        export = export.to(torch.float16)
    export.config.architectures = ["BertForPreTraining"]
    export.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    _drop_loading_flags(out_dir / "tokenizer_config.json")
    return out_dir


def _drop_loading_flags(path: Path) -> None:
    """로컬 폴더에서 읽은 토크나이저를 저장하면 따라 들어가는 읽기 옵션(local_files_only 등)을 지웁니다."""
    config = json.loads(path.read_text(encoding="utf-8"))
    for key in ("is_local", "local_files_only"):
        config.pop(key, None)
    path.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")


def load_exported(out_dir: str | Path, head: str = "mlm"):
    """내보낸 폴더를 float32로 읽습니다. head: "mlm"(AutoModelForMaskedLM) 또는 "pretraining"."""
    from transformers import AutoModelForMaskedLM, AutoTokenizer, BertForPreTraining

    cls = AutoModelForMaskedLM if head == "mlm" else BertForPreTraining
    model = cls.from_pretrained(str(out_dir), dtype=torch.float32).eval()
    return model, AutoTokenizer.from_pretrained(str(out_dir))


def export_from_checkpoint(run_dir: str | Path, out_dir: str | Path, fp16: bool = True) -> Path:
    """훈련 폴더(``checkpoint.pt`` + ``tokenizer/``)의 현재 상태를 HF 폴더로 내보냅니다(훈련 중에도 가능)."""
    from transformers import AutoTokenizer, BertConfig, BertForPreTraining

    run_dir = Path(run_dir)
    state = torch.load(run_dir / "checkpoint.pt", map_location="cpu", weights_only=False)
    config = BertConfig.from_dict(state["config"])
    model = BertForPreTraining(config)
    model.load_state_dict(state["model"])
    tokenizer = AutoTokenizer.from_pretrained(str(run_dir / "tokenizer"))
    return export_pretrained(model, tokenizer, out_dir, fp16=fp16)
