"""사전 훈련 배치를 작업 프로세스 여러 개에서 미리 만들어 두기. ``ko-mini-bert``를 GPU에서 훈련할 때 씁니다.

배치 하나를 파이썬으로 만드는 데(쌍 고르기·패딩·마스킹) 쌍 256개면 느린 CPU 코어 하나로 약 0.1초가 걸려,
작은 모델의 GPU 한 단계(10구간에서 H200을 셋이 나눠 쓸 때 쌍 256개에 약 0.05초)보다 깁니다.
``PrefetchedBatches``는 ``batches(step)``을 torch ``DataLoader``의 작업 프로세스들에서 단계 순서대로 미리
불러 둡니다. 배치는 (시드, 단계)만으로 정해지므로, 결과는 미리 부르지 않은 것과 똑같습니다(테스트가 확인).
CPU 훈련에서는 쓰지 않습니다(코어 둘을 모델 계산이 이미 다 씀).
"""

from __future__ import annotations

from typing import Callable

from torch.utils.data import DataLoader, Dataset


class _Steps(Dataset):
    """단계 first..last-1의 배치를 차례로 내주는 데이터셋(배치 하나가 항목 하나)."""

    def __init__(self, batches: Callable[[int], dict], first: int, last: int):
        self.batches, self.first, self.last = batches, first, last

    def __len__(self) -> int:
        return max(self.last - self.first, 0)

    def __getitem__(self, index: int) -> dict:
        return self.batches(self.first + index)


class PrefetchedBatches:
    """``batches(step)``과 같은 값을 돌려주되, 다음 단계들을 ``workers``개 프로세스가 미리 만들어 둡니다.

    ``train``이 단계를 하나씩 늘려 가며 부르는 것을 전제로 하고, 다른 단계를 부르면(이어 훈련 등)
    그 단계부터 다시 시작합니다. ``last_step``(보통 ``max_steps``) 뒤의 배치는 만들지 않습니다.
    """

    def __init__(self, batches: Callable[[int], dict], last_step: int, workers: int = 4, ahead: int = 4):
        if workers < 1:
            raise ValueError("workers는 1 이상이어야 합니다(0이면 PrefetchedBatches 없이 batches를 그대로 쓰세요).")
        self.batches, self.last_step, self.workers, self.ahead = batches, last_step, workers, ahead
        self._iterator, self._next_step = None, None

    def __call__(self, step: int) -> dict:
        if self._iterator is None or step != self._next_step:
            loader = DataLoader(_Steps(self.batches, step, self.last_step), batch_size=None, shuffle=False,
                                num_workers=self.workers, prefetch_factor=self.ahead, persistent_workers=False)
            self._iterator = iter(loader)
        self._next_step = step + 1
        return next(self._iterator)


def prefetched(batches: Callable[[int], dict], last_step: int, workers: int) -> Callable[[int], dict]:
    """``workers``가 0이면 ``batches`` 그대로, 아니면 ``PrefetchedBatches``로 감싼 것."""
    return PrefetchedBatches(batches, last_step, workers) if workers > 0 else batches
