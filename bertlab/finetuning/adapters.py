"""저랭크 어댑터(LoRA, ``peft``): 큰 인코더(e5)의 **모든 층**을 조금씩 바꾸면서 저장은 몇 MB로(강의 모델, 이슈 40).

위 몇 층만 훈련하는 델타(``delta``, ``layer_cache``)는 아래층이 그대로라 빠르지만, 두 문장을 처음부터 서로 비추어
읽어야 하는 과제(문장 쌍의 NLI·STS)에는 위 4개 층만으로 모자랄 수 있습니다. LoRA(Hu et al., 2021)는 층마다 큰 가중치
W(d×k)는 얼려 두고 작은 두 행렬 B(d×r)·A(r×k)만 훈련해 W + (α/r)·BA로 씁니다. 여기서는 12개 층의 어텐션(query,
key, value, 출력)과 피드포워드(중간, 출력) 선형 층 모두에 r = ``rank``로 붙이고, 과제 헤드(분류 층·풀러·qa_outputs)는
통째로 훈련합니다. e5-small에서 r=16이면 어댑터 약 133만 개 + 헤드: float16으로 3 MB 남짓.

저장은 훈련한 가중치만(``delta.save_delta``: 어댑터 + 헤드), 불러올 때는 같은 어댑터를 기반 인코더에 붙여 가중치를
덮은 뒤 W + (α/r)·BA를 합쳐(``merge_and_unload``) 보통의 transformers 모델로 돌려줍니다(``merged_from_delta``).
그래서 위젯과 평가는 어댑터가 없는 모델과 똑같이, 같은 속도로 돕니다.
"""

from __future__ import annotations

import warnings

TARGET_MODULES = ("query", "key", "value", "output.dense", "intermediate.dense")  # "output.dense": 어텐션·FFN 출력 둘 다


def adapter_settings(rank: int) -> dict:
    """``finetune.json``에 적는 어댑터 설정(불러올 때 같은 어댑터를 다시 만듭니다)."""
    return {"rank": int(rank), "alpha": 2 * int(rank), "dropout": 0.1, "targets": list(TARGET_MODULES)}


def _is_head(name: str) -> bool:
    """인코더(임베딩·층) 밖의 매개변수: 분류 층, 풀러, qa_outputs 같은 과제 헤드."""
    return ".embeddings." not in name and ".encoder.layer." not in name and "lora_" not in name


def add_adapters(model, settings: dict):
    """``model``(transformers 인코더 + 과제 헤드)에 LoRA 어댑터를 붙인 ``PeftModel``. 어댑터와 헤드만 훈련합니다."""
    from peft import LoraConfig, get_peft_model

    config = LoraConfig(r=settings["rank"], lora_alpha=settings["alpha"], lora_dropout=settings["dropout"],
                        target_modules=list(settings["targets"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)   # peft가 부르는 transformers의 옛 이름 안내(학생이 할 일 없음)
        wrapped = get_peft_model(model, config)
    for name, parameter in wrapped.named_parameters():
        if _is_head(name):
            parameter.requires_grad_(True)
    return wrapped


def merged_from_delta(model, folder, settings: dict, file: str):
    """기반 모델 + 저장한 어댑터·헤드(``folder/file``) -> 어댑터를 가중치에 합친 보통의 transformers 모델."""
    from bertlab.finetuning.delta import load_delta

    wrapped = load_delta(add_adapters(model, settings), folder, file)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return wrapped.merge_and_unload()
