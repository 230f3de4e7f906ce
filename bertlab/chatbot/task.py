"""``python -m bertlab evaluate chatbot``: 검색 챗봇의 top-1/top-5 답 정확도(레슨 16).

다른 과제처럼 ``TASKS``에 이름이 있고 같은 명령줄(``--model``, ``--eval-file``, ``--json``, ``--threads``)을 쓰지만,
챗봇은 훈련하는 과제가 아니라 이미 있는 인코더로 검색만 하므로 ``evaluate_main``이 채점을 직접 맡습니다.
``--model``: ``ENCODERS``의 이름(``course``는 강의 챗봇: 기본 인코더 + BM25, ``hybrid``; ``chatbot``, ``sbert``, ``e5-small``, ``ko-mini-bert-cls``,
``ko-mini-bert-mean``)이나 내보낸 폴더. 챗봇 인코더를 훈련하는 과제는 ``chatbot-encoder``(``encoder_task``)입니다.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path

from bertlab.finetuning.tasks import Task, TaskDefaults


class ChatbotTask(Task):
    name = "chatbot"
    title = "검색 챗봇(질문 벡터 코사인 top-k, 답 정확도)"
    dataset = "chatbot"
    file_format = "바꿔 말하기 TSV(한 줄에 `행번호<TAB>질문`, 행번호는 ChatbotData.csv의 0부터 센 데이터 행)"
    metric = "top1"
    defaults = TaskDefaults(base="chatbot", max_length=32)   # 기본 인코더(``encoders.DEFAULT_ENCODER``)
    trainable = False                   # 검색만 함: 인코더는 ``chatbot-encoder``·``sbert`` 과제가 훈련
    train_hint = "챗봇 인코더를 훈련하려면 `python -m bertlab finetune chatbot-encoder`를 쓰세요."

    def read_file(self, path: str | Path) -> list[tuple]:
        from bertlab.chatbot.data import read_paraphrases

        return read_paraphrases(path)

    def evaluate_main(self, args) -> int:
        """``evaluate chatbot``의 본체: 인코더 -> 색인(캐시) -> 정확도. ``--json``이면 표준 출력에 JSON만."""
        import torch

        from bertlab.chatbot.bot import retrieval_accuracy
        from bertlab.chatbot.data import DEV_FILE, load_chatbot_pairs, read_paraphrases
        from bertlab.chatbot.encoders import load_encoder
        from bertlab.chatbot.hybrid import HybridIndex
        from bertlab.chatbot.lexical import LexicalIndex

        torch.set_num_threads(max(1, int(args.threads)))
        pairs = load_chatbot_pairs()
        eval_file = args.eval_file or DEV_FILE
        examples = read_paraphrases(eval_file, len(pairs))
        quiet = contextlib.redirect_stdout(sys.stderr) if args.json else contextlib.nullcontext()
        with quiet:
            from bertlab.chatbot.index import build_index

            encoder = load_encoder(args.model)                   # "course"면 기본 인코더
            index = build_index(encoder, pairs)
            if args.model == "course":                           # 강의 챗봇: 기본 인코더 + BM25, 답마다 후보 하나
                index = HybridIndex(index, LexicalIndex(pairs.questions))
            started = time.perf_counter()
            metrics = retrieval_accuracy(index, examples)
        report = {"task": self.name, "model": args.model, "base": encoder.title, "eval_file": str(eval_file),
                  "examples": len(examples), "metrics": metrics, "index": index.source,
                  "index_seconds": round(index.seconds, 2), "seconds": round(time.perf_counter() - started, 2)}
        if args.json:
            print(json.dumps(report, ensure_ascii=False))
        else:
            described = args.eval_file or "내장 바꿔 말하기 평가 세트"
            print(f"{self.title} | 인코더 {encoder.title} | {described} {len(examples):,}개 | "
                  f"top-1 답 정확도 {metrics['top1']:.3f}, top-5 {metrics['top5']:.3f} | 색인: {index.source}")
        return 0


CHATBOT = ChatbotTask()
