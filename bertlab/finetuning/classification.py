"""문장 분류 과제: ``[CLS]`` 위의 분류 헤드(``BertForSequenceClassification``)와 교차 엔트로피. 레슨 11.

``SequenceClassificationTask``는 입력이 문장 하나이고 정답이 클래스 번호인 과제의 틀입니다. 레슨 13의 문장 쌍
분류(NLI)는 ``encode``만 바꿔(문장 두 개) 이어받을 수 있습니다. ``SENTIMENT``는 NSMC 감성 분류(과제 ``sentiment``).
"""

from __future__ import annotations

from pathlib import Path

import torch

from bertlab.datasets import read_nsmc_tsv
from bertlab.finetuning.batches import in_length_order
from bertlab.finetuning.delta import DELTA_FILE, TOP_LAYERS
from bertlab.finetuning.tasks import Task, TaskDefaults, quiet_transformers


class SequenceClassificationTask(Task):
    """입력 문장 하나 -> 클래스 하나. ``labels``: 클래스 번호 순서의 한국어 이름.

    큰 인코더(e5, 강의 모델)는 위 ``top_layers``개 층 + 풀러 + 분류 헤드만 훈련해 그것만 저장합니다(델타).
    """

    labels: tuple[str, ...] = ()
    delta_file = DELTA_FILE
    top_layers = TOP_LAYERS

    def new_model(self, location: str):
        from transformers import AutoModelForSequenceClassification

        with quiet_transformers():  # 분류 헤드를 새로 초기화했다는 안내는 예상된 것
            return AutoModelForSequenceClassification.from_pretrained(
                location, dtype=torch.float32, num_labels=len(self.labels), id2label=dict(enumerate(self.labels)),
                label2id={name: i for i, name in enumerate(self.labels)})

    def load_model(self, location: str):
        from transformers import AutoModelForSequenceClassification

        with quiet_transformers():
            return AutoModelForSequenceClassification.from_pretrained(location, dtype=torch.float32)

    def encode(self, tokenizer, examples: list[tuple], max_length: int) -> list[dict]:
        texts = [text for text, _ in examples]
        encoded = tokenizer(texts, truncation=True, max_length=max_length)
        keys = list(encoded.keys())
        return [{**{k: encoded[k][i] for k in keys}, "labels": int(label)} for i, (_, label) in enumerate(examples)]

    def collate(self, tokenizer):
        from transformers import DataCollatorWithPadding

        return DataCollatorWithPadding(tokenizer, return_tensors="pt")

    def loss(self, model, batch: dict) -> dict:
        output = model(**batch)                             # logits: (B, 클래스 수)
        correct = (output.logits.argmax(-1) == batch["labels"]).float().mean()
        return {"loss": output.loss, "accuracy": correct}

    def predict(self, model, tokenizer, texts: list[str], max_length: int, batch_size: int = 64) -> torch.Tensor:
        """문장들의 클래스 확률 (N, 클래스 수). 길이순으로 묶어 계산하고 원래 순서로 돌려줍니다."""
        features = self.encode(tokenizer, [(text, 0) for text in texts], max_length)
        for feature in features:
            del feature["labels"]
        collate = self.collate(tokenizer)
        probabilities = torch.empty(len(texts), len(self.labels))
        model.eval()
        with torch.no_grad():
            for indices, chunk in in_length_order(features, batch_size):
                logits = model(**collate(chunk)).logits     # (b, 클래스 수)
                probabilities[indices] = logits.float().softmax(-1)
        return probabilities

    def evaluate(self, model, tokenizer, examples: list[tuple], max_length: int, batch_size: int = 64) -> dict:
        """정확도와 평균 교차 엔트로피(손실)."""
        probabilities = self.predict(model, tokenizer, [text for text, _ in examples], max_length, batch_size)
        gold = torch.tensor([int(label) for _, label in examples])
        picked = probabilities[torch.arange(len(gold)), gold].clamp_min(1e-12)
        return {"accuracy": (probabilities.argmax(-1) == gold).float().mean().item(),
                "loss": -picked.log().mean().item(), "examples": len(examples)}


class SentimentTask(SequenceClassificationTask):
    """NSMC 감성 분류(레슨 11). 파일은 NSMC 형식 ``id<TAB>document<TAB>label``."""

    name = "sentiment"
    title = "영화 리뷰 감성 분류(NSMC, 긍정/부정)"
    dataset = "nsmc"
    file_format = "NSMC 형식 TSV: 머리줄 id<TAB>document<TAB>label, label은 0(부정)·1(긍정)"
    labels = ("부정", "긍정")
    defaults = TaskDefaults(base="ko-mini-bert", learning_rates={"ko-mini-bert": 2e-4, "default": 5e-5},
                            batch_size=32, max_length=64, seconds=60.0, eval_every=100, eval_size=500)

    def read_file(self, path: str | Path) -> list[tuple]:
        return read_nsmc_tsv(path)


SENTIMENT = SentimentTask()
