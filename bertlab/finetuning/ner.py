"""토큰 태깅 과제 ``ner``: KLUE-NER 개체명 인식(레슨 12). 토큰마다 선형층 하나(``BertForTokenClassification``).

예제는 ``(문장, 글자별 BIO 태그)``입니다(``bertlab.datasets``의 KLUE-NER 읽기 함수). 훈련할 때는 빠른
토크나이저의 ``offset_mapping``으로 글자 태그를 조각 태그로 맞추고(``tagging.align_tags``, 무시할 자리는
``-100``), 채점할 때는 예측한 조각 태그를 다시 글자 태그로 펼쳐(``tagging.tags_from_pieces``) 글자 위에서
``seqeval``로 개체 단위 F1을 잽니다. 그래서 토크나이저가 달라도 점수는 같은 글자 정답에 대한 값입니다.
"""

from __future__ import annotations

from pathlib import Path

import torch

from bertlab.datasets import NER_TAGS, read_klue_ner_tsv
from bertlab.errors import BertlabError
from bertlab.finetuning.batches import in_length_order
from bertlab.finetuning.delta import DELTA_FILE, TOP_LAYERS
from bertlab.finetuning.tagging import IGNORE, align_tags, entity_scores, piece_spans, tags_from_pieces
from bertlab.finetuning.tasks import Task, TaskDefaults, quiet_transformers

MAX_CHARS = 1000  # 태그 뷰어가 받는 문장 길이(더 길면 한국어 안내)


class TokenTaggingTask(Task):
    """문장 -> 글자별 태그. ``tags``: 모델이 보는 레이블 목록(``id2label``의 순서).

    큰 인코더(e5, 강의 모델)는 위 ``top_layers``개 층 + 태그 헤드만 훈련해 그것만 저장합니다(델타).
    """

    tags: tuple[str, ...] = ()
    metric = "f1"
    delta_file = DELTA_FILE
    top_layers = TOP_LAYERS

    def new_model(self, location: str):
        from transformers import AutoModelForTokenClassification

        with quiet_transformers():  # 토큰 분류 헤드를 새로 초기화했다는 안내는 예상된 것
            return AutoModelForTokenClassification.from_pretrained(
                location, dtype=torch.float32, num_labels=len(self.tags), id2label=dict(enumerate(self.tags)),
                label2id={tag: i for i, tag in enumerate(self.tags)})

    def load_model(self, location: str):
        from transformers import AutoModelForTokenClassification

        with quiet_transformers():
            return AutoModelForTokenClassification.from_pretrained(location, dtype=torch.float32)

    def encode(self, tokenizer, examples: list[tuple], max_length: int) -> list[dict]:
        """조각 레이블은 ``align_tags``로: 첫 글자의 태그, 특수 토큰·뒤 바이트 조각은 ``-100``."""
        if not getattr(tokenizer, "is_fast", False):
            raise BertlabError("토큰 태깅에는 offset_mapping을 주는 빠른 토크나이저(fast tokenizer)가 필요합니다.")
        label2id = {tag: i for i, tag in enumerate(self.tags)}
        encoded = tokenizer([text for text, _ in examples], truncation=True, max_length=max_length,
                            return_offsets_mapping=True)
        features = []
        for i, (text, char_tags) in enumerate(examples):
            pieces = align_tags(text, char_tags, encoded["offset_mapping"][i])
            feature = {k: encoded[k][i] for k in encoded.keys() if k != "offset_mapping"}
            feature["labels"] = [IGNORE if tag is None else label2id[tag] for tag in pieces]
            features.append(feature)
        return features

    def collate(self, tokenizer):
        from transformers import DataCollatorForTokenClassification

        return DataCollatorForTokenClassification(tokenizer, label_pad_token_id=IGNORE, return_tensors="pt")

    def loss(self, model, batch: dict) -> dict:
        output = model(**batch)                             # logits: (B, T, 태그 수)
        scored = batch["labels"] != IGNORE                  # (B, T)
        correct = (output.logits.argmax(-1) == batch["labels"])[scored].float().mean()
        return {"loss": output.loss, "token_accuracy": correct}

    def predict(self, model, tokenizer, texts: list[str], max_length: int, batch_size: int = 64) -> list[dict]:
        """문장마다 ``{"offsets": 조각 위치, "probabilities": (조각 수, 태그 수) 텐서}``(특수 토큰 포함)."""
        encoded = tokenizer(list(texts), truncation=True, max_length=max_length, return_offsets_mapping=True)
        offsets = encoded.pop("offset_mapping")
        features = [{k: encoded[k][i] for k in encoded.keys()} for i in range(len(texts))]
        collate = self.collate(tokenizer)
        results: list[dict] = [{} for _ in texts]
        model.eval()
        with torch.no_grad():
            for indices, chunk in in_length_order(features, batch_size):
                logits = model(**collate(chunk)).logits     # (b, T, 태그 수)
                probabilities = logits.float().softmax(-1)
                for row, i in enumerate(indices):
                    n = len(features[i]["input_ids"])
                    results[i] = {"offsets": offsets[i], "probabilities": probabilities[row, :n]}
        return results

    def predicted_tags(self, model, tokenizer, texts: list[str], max_length: int, batch_size: int = 64):
        """문장들 -> (글자별 예측 태그 목록, ``predict``의 결과)."""
        id2tag = model.config.id2label
        predictions = self.predict(model, tokenizer, texts, max_length, batch_size)
        char_tags = []
        for text, found in zip(texts, predictions):
            pieces = [id2tag[int(i)] for i in found["probabilities"].argmax(-1)]
            char_tags.append(tags_from_pieces(text, found["offsets"], pieces))
        return char_tags, predictions

    def evaluate(self, model, tokenizer, examples: list[tuple], max_length: int, batch_size: int = 64) -> dict:
        """개체 단위 F1·정밀도·재현율(``seqeval``, 글자 태그 위), 종류별 F1, 토큰(조각) 정확도, 글자 정확도.

        최대 길이보다 길어 잘린 뒷부분의 글자는 ``O``로 예측한 것으로 칩니다(점수를 부풀리지 않게).
        """
        predicted, predictions = self.predicted_tags(model, tokenizer, [text for text, _ in examples], max_length,
                                                     batch_size)
        return self.score_predictions(examples, predicted, predictions)

    def score_predictions(self, examples: list[tuple], predicted: list[list[str]], predictions: list[dict]) -> dict:
        """``predicted_tags``가 이미 낸 예측을 채점합니다(``evaluate``와 같은 지표; 레슨 12가 예측을 한 번만 만들 때)."""
        gold = [list(tags) for _, tags in examples]
        label2id = {tag: i for i, tag in enumerate(self.tags)}
        right = total = 0
        for (text, tags), found in zip(examples, predictions):
            aligned = align_tags(text, tags, found["offsets"])
            guesses = found["probabilities"].argmax(-1).tolist()
            for tag, guess in zip(aligned, guesses):
                if tag is not None:
                    right += int(label2id[tag] == guess)
                    total += 1
        chars = sum(len(g) for g in gold)
        char_right = sum(a == b for g, p in zip(gold, predicted) for a, b in zip(g, p))
        return {**entity_scores(gold, predicted), "token_accuracy": right / max(total, 1),
                "char_accuracy": char_right / max(chars, 1), "examples": len(examples)}

    def tag(self, model, tokenizer, text: str, max_length: int | None = None) -> list[dict]:
        """문장 하나 -> 개체 목록 ``[{"text", "type", "start", "end", "probability"}]`` (태그 뷰어).

        probability: 개체를 이루는 조각들이 예측한 태그의 확률 평균. 문장 하나는 torch 스레드 하나로 계산합니다
        (작은 행렬에서는 스레드를 맞추는 비용이 계산보다 크고, CPU가 붐비면 스레드 둘이 수십 배 느려짐).
        """
        if not isinstance(text, str):
            raise BertlabError(f"문장은 문자열이어야 합니다(받은 값의 종류: {type(text).__name__}).")
        if not text.strip():
            raise BertlabError("문장이 비어 있습니다. 개체명을 찾을 문장을 입력하세요.")
        if len(text) > MAX_CHARS:
            raise BertlabError(f"문장이 너무 깁니다({len(text):,}자). {MAX_CHARS:,}자 이하로 나눠 입력하세요.")
        max_length = max_length or min(self.defaults.max_length, model.config.max_position_embeddings)
        previous = torch.get_num_threads()
        if previous != 1:
            torch.set_num_threads(1)
        try:
            found = self.predict(model, tokenizer, [text], max_length)[0]
        finally:
            if previous != 1:
                torch.set_num_threads(previous)
        best, ids = found["probabilities"].max(-1)
        pieces = [model.config.id2label[int(i)] for i in ids]
        return [{"text": text[s:e], "type": kind, "start": s, "end": e,
                 "probability": float(sum(scores) / len(scores))}
                for s, e, kind, scores in piece_spans(text, found["offsets"], pieces, best.tolist())]


class NERTask(TokenTaggingTask):
    """KLUE-NER 개체명 인식(레슨 12). 파일은 KLUE-NER 공개 형식(글자<TAB>태그, 문장 사이 빈 줄)."""

    name = "ner"
    title = "개체명 인식(KLUE-NER, 글자별 BIO 태그)"
    dataset = "klue-ner"
    file_format = "KLUE-NER 형식: 한 줄에 '글자<TAB>태그'(B-PS, I-PS, O …), 문장 앞에 '## id', 문장 사이 빈 줄"
    tags = NER_TAGS
    defaults = TaskDefaults(base="ko-mini-bert", learning_rates={"ko-mini-bert": 6e-4, "default": 5e-5},
                            batch_size=16, max_length=128, seconds=60.0, eval_every=100, eval_size=200)

    def read_file(self, path: str | Path) -> list[tuple]:
        return read_klue_ner_tsv(path)


NER = NERTask()
