"""챗봇 전용 문장 인코더 훈련(레슨 16, 과제 ``chatbot-encoder``): 같은 뜻의 말끼리 가깝게, 배치 안의 다른 말은 멀게.

양성 쌍(뜻이 같은 두 말) 세 가지를 섞습니다. 레슨 16의 바꿔 말하기 평가 세트(``paraphrases_dev.tsv``)는 쓰지 않습니다.
- ChatbotData에서 **같은 답을 받는 질문** 쌍(``answer_groups``; 묶음마다 이웃끼리 (크기 - 1)쌍).
- KorSTS 훈련 쌍 중 4점 이상(거의 같은 뜻), KLUE-NLI 훈련 쌍 중 함의(전제, 가설).

손실은 ``sentence-transformers``의 ``MultipleNegativesRankingLoss``입니다: 쌍 (a_i, b_i)의 배치에서 a_i가 B개의
b 중 자기 짝 b_i를 고르는 교차 엔트로피(코사인 × 20). 같은 배치의 다른 짝이 오답(in-batch negative)이 되므로
음성 쌍을 따로 모을 필요가 없습니다. torch로 쓴 것은 ``bertlab.sentences.losses.in_batch_negatives_loss``.

검증·평가는 훈련에서 뺀 답 묶음(답 글의 해시로 5%씩)의 질문들끼리 찾기입니다: 질문마다 자기를 뺀 가장 가까운 질문이
같은 답을 가졌는지(top-1, top-5). 바꿔 말하기 세트의 점수는 내보낸 폴더로 ``evaluate chatbot --model 폴더``.
"""

from __future__ import annotations

from pathlib import Path

import torch

from bertlab.datasets.chatbot import answer_groups, chain_pairs, held_out_group, load_chatbot_pairs
from bertlab.datasets.formats import line_error, read_lines
from bertlab.errors import BertlabError
from bertlab.finetuning import TaskDefaults
from bertlab.sentences.sbert import SBERTTask

STS_POSITIVE = 4.0        # KorSTS 점수가 이 이상이면 같은 뜻으로 봄
ENTAILMENT = 0            # NLI 클래스 번호(함의)


class ChatbotEncoderTask(SBERTTask):
    """양성 쌍 + ``MultipleNegativesRankingLoss``로 SBERT 훈련. 지표: 뺀 답 묶음 안에서 찾기의 top-1.

    출처 이름: ``chatbot``(같은 답 질문), ``korsts``, ``nli``. (질문, 답) 쌍을 더해 보았지만 검증 top-1이 낮아져
    (0.787 -> 0.772: 한 배치에 같은 답이 여러 번 들어가 서로를 오답으로 밀어냄) 넣지 않았습니다."""

    name = "chatbot-encoder"
    title = "챗봇 인코더(SBERT: 같은 뜻의 쌍, MultipleNegativesRankingLoss)"
    dataset = "chatbot"
    file_format = "훈련: 한 줄에 `말 A<TAB>말 B`(같은 뜻의 쌍) TSV; 평가: 한 줄에 `질문<TAB>답` TSV(같은 답끼리 찾기)"
    metric = "top1"
    defaults = TaskDefaults(base="multilingual-e5-small", learning_rates={"ko-mini-bert": 2e-4, "default": 5e-5},
                            batch_size=64, max_length=32, seconds=60.0, eval_every=100, eval_size=None)

    def read_train_file(self, path: str | Path) -> list[tuple]:
        return [((a, b), "file") for a, b in _read_two_columns(path)]

    def read_file(self, path: str | Path) -> list[tuple]:
        return _read_two_columns(path)

    def load_data(self, source: str = "auto", max_train: int | None = None, seed: int = 0):
        """훈련: 양성 쌍 ``((a, b), 출처)``; 검증·평가: 뺀 답 묶음의 ``(질문, 답)``(그 질문과 답은 훈련 쌍에 없음)."""
        import random

        from bertlab.datasets import TextDataset, load_dataset

        pairs = load_chatbot_pairs()
        train, held_out = [], {0: [], 1: []}
        for rows in answer_groups(pairs):
            bucket = held_out_group(rows, pairs)
            if bucket in held_out:
                held_out[bucket] += [(pairs.questions[r], pairs.answers[r]) for r in rows]
            else:
                train += [((pairs.questions[a], pairs.questions[b]), "chatbot") for a, b in chain_pairs(rows)]
        unseen = {text for example in held_out[0] + held_out[1] for text in example}
        train = [(pair, source) for pair, source in train if not unseen & set(pair)]   # 다른 답으로도 나오는 같은 질문
        sts, nli = load_dataset("sts", source=source, seed=seed), load_dataset("nli", source=source, seed=seed)
        train += [(pair, "korsts") for pair, score in sts.train if score >= STS_POSITIVE]
        train += [(pair, "nli") for pair, label in nli.train if label == ENTAILMENT]
        if max_train is not None and len(train) > max_train:
            train = random.Random(seed).sample(train, max_train)
        notice = "\n".join(n for n in (sts.notice, nli.notice) if n)
        source = "online" if "online" in (sts.source, nli.source) else "builtin"   # ChatbotData는 늘 패키지의 것
        return TextDataset(self.name, train, held_out[1], {}, source,
                           f"MIT(ChatbotData); {sts.licence}; {nli.licence}",
                           "같은 뜻의 쌍(ChatbotData 같은 답 질문, KorSTS 4점 이상, NLI 함의)", notice, held_out[0])

    def label_value(self, label) -> float:
        return 0.0                      # 정답은 "배치에서 자기 짝": 레이블을 쓰지 않음

    def loss(self, model, batch: dict) -> dict:
        from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

        loss_fn = MultipleNegativesRankingLoss(model)          # 교차 엔트로피(20 · cos(a_i, b_j), 정답 j = i)
        return {"loss": loss_fn([batch["a"], batch["b"]], batch["labels"])}

    def evaluate(self, model, tokenizer, examples: list[tuple], max_length: int, batch_size: int = 64) -> dict:
        """``(질문, 답)`` 목록 안에서 찾기: 질문마다 자기를 뺀 가장 가까운 질문들의 답이 같은지(top-1, top-5)."""
        from bertlab.sentences.vectors import encode_sentences

        if len(examples) < 2:
            raise BertlabError("찾기 평가에는 질문이 둘 이상 필요합니다.")
        vectors = encode_sentences(model, [question for question, _ in examples], batch_size)   # (N, H)
        scores = vectors @ vectors.T                                                             # (N, N)
        scores.fill_diagonal_(float("-inf"))                                                     # 자기 자신은 빼기
        top = scores.topk(min(5, len(examples) - 1), dim=-1).indices                             # (N, 5)
        answers = [answer for _, answer in examples]
        hits = torch.tensor([[answers[j] == answers[i] for j in row] for i, row in enumerate(top.tolist())])
        return {"top1": hits[:, 0].float().mean().item(), "top5": hits.any(dim=-1).float().mean().item(),
                "examples": len(examples)}


def _read_two_columns(path: str | Path) -> list[tuple[str, str]]:
    """탭으로 나눈 두 칸 TSV(머리줄 없음, 빈 줄 건너뜀). 틀린 줄은 줄 번호를 말하는 한국어 오류(``datasets.formats``)."""
    rows = []
    for number, line in read_lines(path):
        if not line.strip():
            continue
        cells = line.rstrip("\r\n").split("\t")
        if len(cells) != 2 or not cells[0].strip() or not cells[1].strip():
            raise line_error(path, number, "`말 A<TAB>말 B` 두 칸이 아닙니다.")
        rows.append((cells[0].strip(), cells[1].strip()))
    if not rows:
        raise BertlabError(f"파일에 예제가 없습니다: {path}")
    return rows


CHATBOT_ENCODER = ChatbotEncoderTask()
