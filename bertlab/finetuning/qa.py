"""추출형 질의응답 과제 ``qa``(레슨 14): 지문에서 정답 구간의 시작·끝 토큰을 고릅니다(``BertForQuestionAnswering``).

입력은 ``[CLS] 질문 [SEP] 지문 [SEP]``입니다. 지문이 모델의 창(최대 길이)보다 길면 지문만 잘라
(``truncation="only_second"``) ``stride``만큼 겹치는 여러 창으로 나눕니다(``return_overflowing_tokens``).
창마다 ``offset_mapping``으로 토큰 -> 지문의 글자 위치를 알고, 정답이 그 창 안에 온전히 없으면 시작·끝 정답을
``[CLS]``(0번)로 둡니다. 예측은 모든 창의 n-best 후보 중 점수(시작 로짓 + 끝 로짓)가 가장 큰 유효 구간을 골라
글자 위치로 되돌립니다(``spans.best_spans``). 채점은 KorQuAD의 EM과 글자 F1(``spans.squad_scores``).

큰 어휘의 인코더(multilingual-e5-small, 강의 모델)는 단어 임베딩과 아래층을 얼리고 위 ``top_layers``개 층 +
``qa_outputs``만 훈련해 그 가중치만 저장합니다(``finetuning.delta``: 기반 인코더 + 델타, 저장소 20 MB 한도).

예제는 ``((질문, 지문), ((정답, 시작 글자), ...))``입니다(``bertlab.datasets``의 ``read_squad_json``, ``korquad``).
"""

from __future__ import annotations

from pathlib import Path

import torch

from bertlab.datasets import read_squad_json
from bertlab.errors import BertlabError
from bertlab.finetuning.batches import in_length_order
from bertlab.finetuning.delta import DELTA_FILE, TOP_LAYERS, freeze_lower_layers
from bertlab.finetuning.qa_answer import N_CANDIDATES, Answer, build_answer, confidence_notes
from bertlab.finetuning.spans import best_spans, squad_scores
from bertlab.finetuning.tasks import Task, TaskDefaults, quiet_transformers

MAX_QUESTION_CHARS = 200    # 질문 길이 한도(위젯·채점). 더 길면 한국어 안내
MAX_PASSAGE_CHARS = 5000    # 위젯이 받는 지문 길이 한도

# BERT 질의응답 소개 글에 흔한 두 예(SQuAD의 강수·면역 체계 지문)를 강의가 우리말로 다시 쓴 것: {이름: (질문, 지문)}.
# 같은 지문이 내장 예문(bertlab/data/korean-qa)의 평가 세트에 있습니다(레슨 14, 질의응답 뷰어).
SEED_EXAMPLES = {
    "중력(기상학)": ("강수가 떨어지도록 영향을 주는 것은?",
                 "기상학에서 강수는 대기 중의 수증기가 응결한 것이 중력의 영향으로 떨어지는 모든 것을 말한다. 강수의 주요 "
                 "형태로는 이슬비, 비, 진눈깨비, 눈, 싸락눈, 우박이 있다. 강수는 대기의 일부가 수증기로 포화될 때 물이 "
                 "응결하여 떨어지면서 생긴다. 짧고 강한 비는 흩어진 구름 속에서 내리는 소나기이다."),
    "면역 체계": ("면역 체계는 몸을 무엇으로부터 지키는가?",
              "면역 체계는 몸을 질병으로부터 지키는 여러 생물학적 구조와 과정의 체계이다. 면역 체계가 제대로 일하려면 "
              "바이러스와 기생충 같은 다양한 병원체를 찾아내고, 이것을 몸의 건강한 조직과 구별해야 한다. 백혈구는 몸에 "
              "들어온 병원체를 찾아 없애는 면역 세포이다."),
}


def question_windows(tokenizer, pairs: list[tuple[str, str]], max_length: int, stride: int | None = None) -> dict:
    """(질문, 지문) 쌍들 -> 창들의 토큰화 결과(``overflow_to_sample_mapping``: 창 -> 쌍 번호, ``offset_mapping``).

    질문은 최대 길이의 절반까지만 쓰고(``only_second``가 지문만 자르므로), 창은 ``stride`` 토큰씩 겹칩니다.
    """
    if not getattr(tokenizer, "is_fast", False):
        raise BertlabError("질의응답에는 offset_mapping을 주는 빠른 토크나이저(fast tokenizer)가 필요합니다.")
    stride = max_length // 4 if stride is None else stride
    questions = _clip_questions(tokenizer, [question for question, _ in pairs], max_length // 2)
    return tokenizer(questions, [passage for _, passage in pairs], truncation="only_second", max_length=max_length,
                     stride=stride, return_overflowing_tokens=True, return_offsets_mapping=True)


def _clip_questions(tokenizer, questions: list[str], max_tokens: int) -> list[str]:
    """질문마다 앞의 ``max_tokens`` 토큰까지만(글자 위치로 자름)."""
    offsets = tokenizer(questions, add_special_tokens=False, return_offsets_mapping=True)["offset_mapping"]
    return [question if len(found) <= max_tokens else question[:found[max_tokens - 1][1]]
            for question, found in zip(questions, offsets)]


def passage_mask(encoded, window: int) -> list[bool]:
    """창 하나에서 지문 토큰(세그먼트 1)이면 참. 질문·특수 토큰·패딩은 거짓."""
    return [sequence == 1 for sequence in encoded.sequence_ids(window)]


class QuestionAnsweringTask(Task):
    """추출형 질의응답. 파일은 SQuAD 형식 JSON(KorQuAD 1.0과 같은 모양)."""

    name = "qa"
    title = "추출형 질의응답(KorQuAD: 지문에서 정답 구간 찾기)"
    dataset = "korquad"
    file_format = ('SQuAD 형식 JSON(KorQuAD 1.0과 같음): {"data": [{"title", "paragraphs": [{"context", '
                   '"qas": [{"id", "question", "answers": [{"text", "answer_start"}]}]}]}]}')
    metric = "f1"
    max_answer_tokens = 30
    n_best = 20
    negative_share = 0.25    # 훈련에 남길 '정답 없는 창'의 몫(시드 고정; 다 쓰면 작은 예산이 [CLS] 맞히기에 쓰임)
    big_negative_share = 0.1  # 큰 어휘의 인코더(e5: 창 하나가 ko-mini-bert의 몇 배)에서는 더 적게: CPU 한 에포크 예산
    defaults = TaskDefaults(base="ko-mini-bert", learning_rates={"ko-mini-bert": 5e-4, "multilingual-e5-small": 2e-4,
                                                                 "default": 1e-4},
                            batch_size=32, max_length=128, seconds=60.0, eval_every=100, eval_size=200)
    delta_file = DELTA_FILE     # e5처럼 큰 인코더: 위 ``top_layers``개 층 + qa_outputs만 훈련·저장
    top_layers = TOP_LAYERS

    def read_file(self, path: str | Path) -> list[tuple]:
        return read_squad_json(path)

    def new_model(self, location: str):
        from transformers import AutoModelForQuestionAnswering

        with quiet_transformers():  # qa_outputs(S와 E)를 새로 초기화했다는 안내는 예상된 것
            model = AutoModelForQuestionAnswering.from_pretrained(location, dtype=torch.float32)
        freeze_lower_layers(model, model.base_model, self.top_layers)   # 큰 어휘(e5)일 때만 아래층을 얼림
        return model

    def load_model(self, location: str):
        return self.new_model(location)

    def encode(self, tokenizer, examples: list[tuple], max_length: int) -> list[dict]:
        """창마다 ``start_positions``·``end_positions``(정답 토큰; 창 안에 정답이 온전히 없으면 0 = ``[CLS]``).

        정답 없는 창은 ``negative_share``만큼만 남깁니다(어휘가 ``BIG_VOCABULARY``보다 큰 e5는 ``big_negative_share``;
        시드 0으로 고름; 정답 있는 창은 모두).
        """
        import random

        from bertlab.finetuning.encoders import BIG_VOCABULARY

        share = self.big_negative_share if len(tokenizer) > BIG_VOCABULARY else self.negative_share
        encoded = question_windows(tokenizer, [pair for pair, _ in examples], max_length)
        keys = [k for k in encoded.keys() if k not in ("offset_mapping", "overflow_to_sample_mapping")]
        features, rng = [], random.Random(0)
        for w, example_index in enumerate(encoded["overflow_to_sample_mapping"]):
            text, char_start = examples[example_index][1][0]
            start, end = _answer_tokens(encoded["offset_mapping"][w], passage_mask(encoded, w),
                                        char_start, char_start + len(text))
            if start == 0 and rng.random() >= share:
                continue
            features.append({**{k: encoded[k][w] for k in keys}, "start_positions": start, "end_positions": end})
        return features

    def collate(self, tokenizer):
        from transformers import DataCollatorWithPadding

        return DataCollatorWithPadding(tokenizer, return_tensors="pt")

    def loss(self, model, batch: dict) -> dict:
        output = model(**batch)              # start_logits, end_logits: (B, T); loss = (CE(시작) + CE(끝)) / 2
        right = ((output.start_logits.argmax(-1) == batch["start_positions"])
                 & (output.end_logits.argmax(-1) == batch["end_positions"])).float().mean()
        return {"loss": output.loss, "span_accuracy": right}

    def window_logits(self, model, tokenizer, pairs: list[tuple[str, str]], max_length: int, batch_size: int = 64):
        """창들의 토큰화 결과와 창마다의 (시작 로짓, 끝 로짓) 목록(각 (창 길이,))."""
        encoded = question_windows(tokenizer, pairs, max_length)
        keys = [k for k in encoded.keys() if k not in ("offset_mapping", "overflow_to_sample_mapping")]
        features = [{k: encoded[k][w] for k in keys} for w in range(len(encoded["input_ids"]))]
        collate = self.collate(tokenizer)
        logits: list = [None] * len(features)
        model.eval()
        with torch.no_grad():
            for indices, chunk in in_length_order(features, batch_size):
                output = model(**collate(chunk))                     # start_logits, end_logits: (b, T)
                for row, w in enumerate(indices):
                    n = len(features[w]["input_ids"])
                    logits[w] = (output.start_logits[row, :n].float(), output.end_logits[row, :n].float())
        return encoded, logits

    def predict(self, model, tokenizer, pairs: list[tuple[str, str]], max_length: int,
                batch_size: int = 64) -> list[Answer | None]:
        """(질문, 지문) 쌍들 -> 답들(유효한 구간이 하나도 없으면 None). 모든 창의 n-best 후보에서 최고 점수.

        답마다 점수순 후보 몇 개(``Answer.candidates``)와 확신도(``Answer.confidence``)도 함께 돌려줍니다.
        """
        encoded, logits = self.window_logits(model, tokenizer, pairs, max_length, batch_size)
        found: list[list] = [[] for _ in pairs]              # 쌍마다 (구간, 창 번호) 후보들
        windows = [0] * len(pairs)
        for w, i in enumerate(encoded["overflow_to_sample_mapping"]):
            windows[i] += 1
            spans = best_spans(*logits[w], passage_mask(encoded, w), self.max_answer_tokens, self.n_best)
            found[i].extend((span, w) for span in spans[:N_CANDIDATES * 2])
        answers = []
        for i, spans in enumerate(found):
            spans.sort(key=lambda item: (-item[0].score, item[1]))   # 점수가 같으면 앞 창
            answers.append(build_answer(encoded, logits, pairs[i][1], spans, windows[i]) if spans else None)
        return answers

    def evaluate(self, model, tokenizer, examples: list[tuple], max_length: int, batch_size: int = 64) -> dict:
        """EM과 글자 F1(KorQuAD 공식 채점의 정의, 0-1)."""
        answers = self.predict(model, tokenizer, [pair for pair, _ in examples], max_length, batch_size)
        predictions = [answer.text if answer is not None else "" for answer in answers]
        gold = [[text for text, _ in golds] for _, golds in examples]
        return {**squad_scores(predictions, gold), "examples": len(examples)}

    def answer(self, model, tokenizer, question, passage, max_length: int | None = None) -> Answer:
        """질문 하나와 지문 하나 -> ``Answer``(레슨 14의 위젯). torch 스레드 하나로 계산합니다.

        잘못된 입력(문자열이 아님, 빈 질문·지문, 너무 긴 입력)은 한국어 ``BertlabError``.
        """
        for value, what, limit in ((question, "질문", MAX_QUESTION_CHARS), (passage, "지문", MAX_PASSAGE_CHARS)):
            if not isinstance(value, str):
                raise BertlabError(f"{what}은 문자열이어야 합니다(받은 값의 종류: {type(value).__name__}).")
            if not value.strip():
                raise BertlabError(f"{what}이 비어 있습니다. {what}을 입력하세요.")
            if len(value) > limit:
                raise BertlabError(f"{what}이 너무 깁니다({len(value):,}자). {limit:,}자 이하로 줄여 주세요.")
        max_length = max_length or min(384, model.config.max_position_embeddings)
        previous = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            found = self.predict(model, tokenizer, [(question, passage)], max_length)[0]
        finally:
            torch.set_num_threads(previous)
        if found is None:
            raise BertlabError("지문에서 답이 될 구간을 찾지 못했습니다. 지문을 조금 더 길게 써 보세요.")
        found.notes = confidence_notes(question, passage, found)
        return found


def _answer_tokens(offsets, in_passage: list[bool], char_start: int, char_end: int) -> tuple[int, int]:
    """정답 글자 구간 -> 창 안의 (시작 토큰, 끝 토큰). 창 안에 정답이 온전히 없으면 (0, 0) = ``[CLS]``."""
    tokens = [t for t, inside in enumerate(in_passage) if inside]
    if not tokens or offsets[tokens[0]][0] > char_start or offsets[tokens[-1]][1] < char_end:
        return 0, 0
    start = next(t for t in tokens if offsets[t][1] > char_start)
    end = next(t for t in reversed(tokens) if offsets[t][0] < char_end)
    return start, end


def span_text(passage: str, offsets, start: int, end: int) -> str:
    """토큰 구간 ``start``..``end``(끝 포함) -> 지문의 글자열. 시작 토큰의 첫 글자부터 끝 토큰의 마지막 글자까지."""
    return passage[offsets[start][0]:offsets[end][1]]


QA = QuestionAnsweringTask()
