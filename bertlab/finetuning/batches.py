"""배치 흐름: 미리 토큰화한 예제들 -> ``batch(step)``. 파인 튜닝 레슨 11-16의 훈련 루프(``fit``)가 받습니다.

- 에포크(epoch)마다 시드(``seed``와 에포크 번호)로 섞어서, 같은 단계 번호는 언제나 같은 배치입니다. 그래서 이어
  훈련할 때 데이터 순서를 따로 저장할 필요가 없습니다.
- 섞은 뒤 ``bucket``개 배치 분량씩 길이로 정렬해 비슷한 길이끼리 묶습니다(패딩이 줄어 CPU에서 빠름). 배치 순서는
  다시 섞습니다.
- 패딩·텐서 만들기는 ``collate``(예: transformers의 ``DataCollatorWithPadding``)가 합니다.
"""

from __future__ import annotations

import random
from typing import Callable


class BatchStream:
    """``features``(예제마다 ``input_ids`` 등의 사전) -> ``stream(step)`` 또는 ``stream.batch(step)``로 배치 사전.

    ``len(stream)``은 한 에포크의 배치 수입니다.
    """

    def __init__(self, features: list[dict], collate: Callable[[list[dict]], dict], batch_size: int = 32,
                 seed: int = 0, bucket: int = 50):
        if not features:
            from bertlab.errors import BertlabError

            raise BertlabError("훈련 예제가 하나도 없습니다.")
        self.features, self.collate = features, collate
        self.batch_size, self.seed, self.bucket = max(1, int(batch_size)), seed, bucket
        self._epoch, self._order = -1, []

    def __len__(self) -> int:
        return -(-len(self.features) // self.batch_size)

    def __call__(self, step: int) -> dict:
        return self.batch(step)

    def batch(self, step: int) -> dict:
        epoch, index = divmod(step, len(self))
        if epoch != self._epoch:
            self._epoch, self._order = epoch, self.epoch_order(epoch)
        return self.collate([self.features[i] for i in self._order[index]])

    def epoch_order(self, epoch: int) -> list[list[int]]:
        """에포크 ``epoch``의 배치들(예제 번호 목록의 목록). 같은 시드와 에포크면 늘 같습니다."""
        rng = random.Random(self.seed * 1_000_003 + epoch)
        order = list(range(len(self.features)))
        rng.shuffle(order)
        batches = []
        chunk_size = self.batch_size * self.bucket
        for start in range(0, len(order), chunk_size):
            chunk = sorted(order[start:start + chunk_size], key=lambda i: len(self.features[i]["input_ids"]))
            batches += [chunk[i:i + self.batch_size] for i in range(0, len(chunk), self.batch_size)]
        rng.shuffle(batches)
        return batches


def in_length_order(features: list[dict], batch_size: int):
    """평가용: 길이순으로 묶은 (예제 번호 목록, 예제 목록) 배치들. 결과를 원래 순서로 되돌릴 때 번호를 씁니다."""
    order = sorted(range(len(features)), key=lambda i: len(features[i]["input_ids"]))
    for start in range(0, len(order), batch_size):
        indices = order[start:start + batch_size]
        yield indices, [features[i] for i in indices]
