"""체크포인트에 요청한 헤드(MLM, NSP)의 가중치가 실제로 있는지 확인합니다(레슨 07, 08).

헤드가 없는 체크포인트를 ``AutoModelForMaskedLM``으로 불러오면 transformers는 헤드를 무작위로
초기화하고 경고만 남깁니다. 그러면 빈칸 채우기가 엉뚱한 단어를 내놓아 학생을 헷갈리게 하므로,
불러오기 전에 가중치 파일의 키를 보고 한국어로 분명히 알려 줍니다.
"""

from __future__ import annotations

from pathlib import Path

from bertlab.errors import ModelUnavailableError

REQUIRED_PREFIXES = {
    "base": (),
    "mlm": ("cls.predictions.",),
    "pretraining": ("cls.predictions.", "cls.seq_relationship."),
}
HEAD_NAMES = {"cls.predictions.": "마스크드 언어 모델(MLM) 헤드", "cls.seq_relationship.": "다음 문장 예측(NSP) 헤드"}


def checkpoint_keys(directory: Path) -> set[str] | None:
    """로컬 디렉터리의 safetensors 가중치 키 목록. 알 수 없으면 None."""
    files = sorted(directory.glob("*.safetensors"))
    if not files:
        return None
    from safetensors import safe_open

    keys: set[str] = set()
    for file in files:
        try:
            with safe_open(str(file), framework="pt") as handle:
                keys.update(handle.keys())
        except Exception as exc:
            raise ModelUnavailableError(
                f"가중치 파일이 손상되었습니다: {file}",
                hint="이 폴더를 지우고 다시 실행하면 새로 만들거나 내려받습니다.",
            ) from exc
    return keys


def check_head_available(location: str, head: str, name: str) -> None:
    """요청한 헤드가 없으면 ``ModelUnavailableError``. 허브 ID처럼 확인할 수 없으면 그냥 통과합니다."""
    prefixes = REQUIRED_PREFIXES[head]
    directory = Path(location)
    if not prefixes or not directory.is_dir():
        return
    keys = checkpoint_keys(directory)
    if keys is None:
        return
    for prefix in prefixes:
        if not any(k.startswith(prefix) or k.startswith("bert." + prefix) for k in keys):
            raise ModelUnavailableError(
                f"'{name}' 모델에는 {HEAD_NAMES[prefix]}가 없습니다. 이 모델로는 "
                + ("빈칸 채우기([MASK] 예측)를 할 수 없습니다." if prefix == "cls.predictions." else
                   "다음 문장 예측을 할 수 없습니다."),
                hint="헤드가 있는 모델(예: 온라인의 klue/bert-base, 오프라인의 ko-mini-bert)을 쓰거나, "
                "head='base'로 인코더만 불러오세요.",
            )
