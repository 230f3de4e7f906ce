"""아래층 캐시: 얼린 아래층의 출력을 예제마다 한 번만 계산해 두고, 위 층 + 과제 헤드만 그 위에서 훈련합니다.

강의 모델(레슨 11-14)은 multilingual-e5-small의 단어 임베딩과 아래층을 얼리고 위 ``top_layers``개 층과 헤드만
훈련합니다(``delta.freeze_lower_layers``, 저장은 델타). 얼린 층은 매 에포크 같은 입력에 같은 출력을 내므로,
그 출력(예제마다 은닉 상태 (T, H), float16)을 훈련 전에 한 번 계산해 두면(``lower_states``) 매 단계의 순전파가
위 층에서 시작합니다(``TopLayers``). 2코어 CPU에서 여러 에포크를 도는 긴 훈련이 이것으로 감당할 만해집니다
(속도는 ``python -m bertlab bench --only layer_cache``).

다른 점 하나: 캐시는 평가 모드로 계산하므로 얼린 아래층에는 드롭아웃이 없습니다(위 층과 헤드에는 그대로 있음).

``cache_dir``를 주면 캐시를 디스크에 두어(열쇠: 아래층과 임베딩의 가중치 + 토큰화한 입력의 해시) 같은 데이터로
학습률·에포크를 바꿔 보는 여러 번의 훈련과 이어 훈련이 다시 계산하지 않습니다.
"""

from __future__ import annotations

import hashlib
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import torch

from bertlab.finetuning.batches import in_length_order

STATES_KEY = "lower_hidden"   # 캐시를 붙인 예제 사전에서 은닉 상태의 열쇠


def frozen_lower_layers(model) -> int:
    """모델의 인코더에서 단어 임베딩부터 이어서 얼린 아래층 수(캐시할 수 있는 층 수). 임베딩을 훈련하면 0.

    model: ``base_model``이 ``embeddings``와 ``encoder.layer``를 가진 transformers 모델(BERT 계열 + 과제 헤드).
    """
    encoder = getattr(model, "base_model", None)
    layers = getattr(getattr(encoder, "encoder", None), "layer", None)
    embeddings = getattr(encoder, "embeddings", None)
    if layers is None or embeddings is None or _trains(embeddings):
        return 0
    count = 0
    for layer in layers:
        if _trains(layer):
            break
        count += 1
    return count if count < len(layers) else 0


def _trains(module) -> bool:
    return any(p.requires_grad for p in module.parameters())


@contextmanager
def _swapped(encoder, embeddings=None, layers: slice | None = None):
    """``encoder``의 임베딩 층과 층 목록을 잠시 바꿉니다(순전파 하나 동안). 끝나면 늘 되돌립니다."""
    old_embeddings, old_layers = encoder.embeddings, encoder.encoder.layer
    try:
        if embeddings is not None:
            encoder.embeddings = embeddings
        if layers is not None:
            encoder.encoder.layer = torch.nn.ModuleList(list(old_layers)[layers])
        yield encoder
    finally:
        encoder.embeddings, encoder.encoder.layer = old_embeddings, old_layers


class _GivenStates(torch.nn.Module):
    """임베딩 층 대신: 캐시한 은닉 상태(``inputs_embeds``로 들어옴)를 그대로 내보냅니다."""

    def forward(self, inputs_embeds=None, **_unused):
        return inputs_embeds


class TopLayers(torch.nn.Module):
    """캐시한 아래층 출력 위에서 ``model``의 위 층 + 과제 헤드만 돕니다. 매개변수는 ``model``의 것 그대로.

    forward(lower_hidden (B, T, H), attention_mask (B, T), 정답들...) -> ``model``의 출력(손실·로짓)과 같은 모양.
    과제의 ``loss(model, batch)``가 ``model(**batch)``로 부르므로 과제 코드는 바뀌지 않습니다.
    """

    def __init__(self, model, lower: int):
        super().__init__()
        self.model, self.lower = model, lower

    def forward(self, lower_hidden, attention_mask, **labels):
        with _swapped(self.model.base_model, _GivenStates(), slice(self.lower, None)):
            return self.model(inputs_embeds=lower_hidden.float(), attention_mask=attention_mask, **labels)


def _weights_key(encoder, lower: int) -> str:
    """캐시 열쇠의 가중치 부분: 임베딩과 아래 ``lower``개 층의 매개변수 바이트 해시."""
    digest = hashlib.sha256(str(lower).encode())
    modules = [encoder.embeddings, *list(encoder.encoder.layer)[:lower]]
    for module in modules:
        for name, tensor in module.state_dict().items():
            digest.update(name.encode())
            digest.update(tensor.detach().contiguous().cpu().numpy().tobytes())
    return digest.hexdigest()[:16]


def _inputs_key(features: list[dict]) -> str:
    digest = hashlib.sha256()
    for feature in features:
        digest.update(repr((feature["input_ids"], feature.get("token_type_ids"))).encode())
    return digest.hexdigest()[:16]


def _padded(features: list[dict], pad_id: int) -> dict:
    """토큰화한 예제 몇 개 -> 오른쪽 패딩한 ``input_ids``·``attention_mask``(·``token_type_ids``) 텐서 (b, T)."""
    width = max(len(f["input_ids"]) for f in features)
    batch = {"input_ids": torch.full((len(features), width), pad_id, dtype=torch.long),
             "attention_mask": torch.zeros(len(features), width, dtype=torch.long)}
    if "token_type_ids" in features[0]:
        batch["token_type_ids"] = torch.zeros(len(features), width, dtype=torch.long)
    for row, feature in enumerate(features):
        n = len(feature["input_ids"])
        batch["input_ids"][row, :n] = torch.tensor(feature["input_ids"])
        batch["attention_mask"][row, :n] = 1
        if "token_type_ids" in batch:
            batch["token_type_ids"][row, :n] = torch.tensor(feature["token_type_ids"])
    return batch


def compute_lower_states(encoder, features: list[dict], lower: int, batch_size: int = 64,
                         progress: bool = True) -> tuple[torch.Tensor, list[int]]:
    """예제마다 임베딩 + 아래 ``lower``개 층의 출력. 돌려주는 값: 이어 붙인 (전체 토큰 수, H) float16과 예제별 길이.

    길이순으로 묶어 계산하고(패딩이 적게), 패딩 자리는 버립니다(어텐션 마스크가 가려 진짜 토큰의 값은 같음).
    """
    from tqdm.auto import tqdm

    lengths = [len(f["input_ids"]) for f in features]
    starts = [0]
    for n in lengths:
        starts.append(starts[-1] + n)
    flat = torch.empty(starts[-1], encoder.config.hidden_size, dtype=torch.float16)
    pad_id = encoder.config.pad_token_id or 0
    was_training = encoder.training
    encoder.eval()
    bar = tqdm(total=len(features), desc=f"아래 {lower}개 층 캐시", unit="예제", disable=not progress)
    try:
        with torch.no_grad(), _swapped(encoder, layers=slice(0, lower)):
            for indices, chunk in in_length_order(features, batch_size):
                hidden = encoder(**_padded(chunk, pad_id)).last_hidden_state     # (b, T, H)
                for row, i in enumerate(indices):
                    flat[starts[i]:starts[i + 1]] = hidden[row, :lengths[i]].half()
                bar.update(len(indices))
    finally:
        bar.close()
        encoder.train(was_training)
    return flat, lengths


def lower_states(model, features: list[dict], lower: int, cache_dir: str | Path | None = None,
                 progress: bool = True) -> tuple[torch.Tensor, list[int]]:
    """``compute_lower_states``를 ``cache_dir``의 파일이 있으면 읽고, 없으면 계산해 씁니다(원자적 쓰기)."""
    encoder = model.base_model
    path = None
    if cache_dir is not None:
        path = Path(cache_dir) / f"lower-{lower}-{_weights_key(encoder, lower)}-{_inputs_key(features)}.pt"
        if path.is_file():
            saved = torch.load(path, map_location="cpu")
            if progress:
                print(f"아래층 캐시를 읽었습니다: {path} ({saved['states'].shape[0]:,}토큰)")
            return saved["states"], saved["lengths"]
    started = time.perf_counter()
    states, lengths = compute_lower_states(encoder, features, lower, progress=progress)
    if progress:
        print(f"아래 {lower}개 층의 출력을 {len(features):,}개 예제({states.shape[0]:,}토큰)에 대해 한 번 계산했습니다"
              f"({time.perf_counter() - started:.0f}초, {states.numel() * 2 / 2**20:.0f} MB).")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        torch.save({"states": states, "lengths": lengths}, tmp)
        os.replace(tmp, path)
    return states, lengths


def attach_states(features: list[dict], states: torch.Tensor, lengths: list[int]) -> list[dict]:
    """예제 사전마다 자기 몫의 은닉 상태(``states``의 조각 (T, H), 복사 없음)를 ``STATES_KEY``로 붙인 새 목록."""
    attached, start = [], 0
    for feature, n in zip(features, lengths):
        attached.append({**feature, STATES_KEY: states[start:start + n]})
        start += n
    return attached


def cached_collate(collate: Callable[[list[dict]], dict]) -> Callable[[list[dict]], dict]:
    """과제의 ``collate``를 감싸, 토큰 대신 패딩한 은닉 상태 (B, T, H)와 ``attention_mask``를 담은 배치를 만듭니다.

    정답(``labels``, ``start_positions`` 등)의 패딩은 과제의 collate가 같은 길이(배치의 최대 길이)로 합니다.
    """
    def collate_states(features: list[dict]) -> dict:
        batch = collate([{k: v for k, v in f.items() if k != STATES_KEY} for f in features])
        for key in ("input_ids", "token_type_ids"):
            batch.pop(key, None)
        states = [f[STATES_KEY] for f in features]
        batch[STATES_KEY] = torch.nn.utils.rnn.pad_sequence(states, batch_first=True)   # (B, T, H) float16
        return batch
    return collate_states
