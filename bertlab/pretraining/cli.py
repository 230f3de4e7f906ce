"""``python -m bertlab pretrain``: 강의의 작은 한국어 BERT(ko-mini-bert)를 처음부터 사전 훈련합니다.

레슨 08의 미니 사전 훈련과 같은 코드(어휘 학습 -> NSP 쌍 + MLM 마스킹 -> 합친 손실 -> 훈련 루프)를
큰 말뭉치에 돌립니다. 중간에 멈춰도 같은 명령을 다시 실행하면 ``--run-dir``의 체크포인트에서 이어집니다.
``--init-from``을 주면 처음부터가 아니라 내보낸 모델(저장소의 ``bertlab/checkpoints/ko-mini-bert``)의 가중치와
어휘에서 새 옵티마이저로 이어 훈련합니다. 훈련 폴더는 기계와 함께 사라질 수 있지만 저장소의 모델은 남기 때문입니다.
아직 연결되지 않았다면 ``python -m bertlab.pretraining.cli ...``로 실행합니다.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from bertlab.errors import BertlabError
from bertlab.datasets import NSMC_RAW_FILE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``pretrain`` 하위 명령의 인자들."""
    a = parser.add_argument
    a("--corpus", default=None,
      help="NSMC 원본 리뷰 .tsv.gz 경로(기본: 저장소 옆 ../shared/data에 있으면 그것, 없으면 --run-dir 안)")
    a("--fetch", action="store_true", help="말뭉치가 없고 온라인이면 github.com/e9t/nsmc 에서 내려받기")
    a("--no-package-corpora", action="store_true", help="konlpy·chatterbot 한국어 텍스트를 빼기")
    a("--run-dir", default="runs/ko-mini-bert", help="토크나이저·캐시·체크포인트를 둘 폴더")
    a("--export", default=None, help="훈련 뒤 HF 형식(fp16)으로 내보낼 폴더")
    a("--init-from", default=None,
      help="이 HF 폴더의 가중치와 어휘에서 시작(새 옵티마이저; 구조 인자는 무시). --run-dir에 체크포인트가 있으면 그것이 우선")
    a("--vocab-size", type=int, default=16000)
    a("--layers", type=int, default=4)
    a("--hidden", type=int, default=256)
    a("--heads", type=int, default=4)
    a("--intermediate", type=int, default=1024)
    a("--max-length", type=int, default=128)
    a("--batch-size", type=int, default=32)
    a("--lr", type=float, default=7e-4)
    a("--warmup", type=int, default=200)
    a("--max-steps", type=int, default=5000)
    a("--max-seconds", type=float, default=None, help="누적 훈련 시간 예산(초, 이어 훈련 포함)")
    a("--checkpoint-every", type=float, default=300.0, help="체크포인트 간격(초)")
    a("--dropout", type=float, default=0.1)
    a("--seed", type=int, default=42)
    a("--threads", type=int, default=1, help="torch 스레드 수")
    a("--bf16", action="store_true", help="bfloat16 autocast (GPU, 또는 AVX-512 BF16·AMX가 있는 CPU; 없는 CPU면 float32로 바꿔 훈련)")
    a("--device", default="cpu", help='"cpu" 또는 "cuda"')
    a("--time-schedule", action="store_true", help="학습률을 --max-seconds 예산에 맞춰 0까지 줄이기")
    a("--workers", type=int, default=0,
      help="배치를 미리 만들 작업 프로세스 수(GPU 훈련용; 0이면 훈련 프로세스가 직접 만듦)")


def corpus_path(args) -> Path:
    """``--corpus``가 없으면 공유 데이터 폴더의 NSMC 파일, 그것도 없으면 ``--run-dir`` 안(``--fetch``가 받는 곳)."""
    if args.corpus:
        return Path(args.corpus)
    from bertlab.datasets import shared_data_file

    return shared_data_file(NSMC_RAW_FILE) or Path(args.run_dir) / NSMC_RAW_FILE


def _documents(args) -> list[list[str]]:
    from bertlab.datasets import corpus

    path = corpus_path(args)
    if not path.exists() and args.fetch:
        corpus.fetch_nsmc_raw(path)
    documents = corpus.reviews_to_documents(corpus.read_nsmc_reviews(path, "train"))
    if not args.no_package_corpora:
        documents += corpus.builtin_documents()
    return documents


def prepare(args):
    """토크나이저와 토큰화한 말뭉치를 만들거나(처음) 캐시에서 읽습니다."""
    from bertlab.pretraining.stream import TokenizedCorpus
    from bertlab.tokenization import hangul_survives, load_tokenizer, train_wordpiece

    run_dir = Path(args.run_dir)
    tok_dir, cache = run_dir / "tokenizer", run_dir / "train_corpus.npz"
    if tok_dir.exists() and cache.exists():
        return load_tokenizer(tok_dir), TokenizedCorpus.load(cache)
    documents = _documents(args)
    started = time.perf_counter()
    if args.init_from:  # 시작 모델의 어휘를 그대로 써야 가중치(임베딩 행)와 맞습니다
        tokenizer = load_tokenizer(args.init_from)
    else:
        tokenizer = train_wordpiece((s for doc in documents for s in doc), vocab_size=args.vocab_size)
    tokenizer.save_pretrained(tok_dir)
    tokenizer = load_tokenizer(tok_dir)  # 저장·다시 읽기 뒤의 토크나이저를 확인하고 그것으로 훈련
    if not hangul_survives(tokenizer):
        source = f"--init-from 폴더({args.init_from})의 어휘" if args.init_from else "새로 학습한 어휘"
        raise BertlabError(f"{source}로 토큰화하면 한글 음절이 그대로 남지 않습니다(자모로 쪼개지거나 [UNK]).",
                           hint="토크나이저 정규화가 strip_accents=False인지, 어휘에 한글 음절이 들어 있는지 확인하세요.")
    corpus = TokenizedCorpus.from_documents(documents, tokenizer)
    corpus.save(cache)
    print(f"어휘 {len(tokenizer)}개, 토큰 {corpus.num_tokens:,}개 ({time.perf_counter() - started:.0f}초)")
    return tokenizer, corpus


def _logged_step(line: str) -> int | None:
    """log.jsonl 한 줄의 단계. 멈출 때 반쯤 쓰인 줄처럼 읽을 수 없으면 None."""
    try:
        return int(json.loads(line)["step"])
    except (ValueError, KeyError, TypeError):
        return None


class TrainingLog:
    """훈련 기록을 log.jsonl에 한 줄씩 덧붙이는 callback.

    이어 훈련은 마지막 체크포인트의 단계부터 다시 하므로, 멈추기 전에 그 뒤 단계까지 적어 둔 줄이
    있으면 새 기록의 첫 단계부터는 지우고 씁니다(같은 단계가 두 번 남지 않게). 읽을 수 없는 줄도 버립니다.
    """

    def __init__(self, path: Path):
        self.path, self.first = Path(path), True

    def __call__(self, record: dict) -> None:
        if self.first and self.path.exists():
            lines = self.path.read_text(encoding="utf-8").splitlines()
            kept = [line + "\n" for line in lines
                    if (step := _logged_step(line)) is not None and step < record["step"]]
            self.path.write_text("".join(kept), encoding="utf-8")
        self.first = False
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")


def main(args) -> int:
    import torch

    from bertlab.pretraining.export import export_pretrained
    from bertlab.pretraining.loss import bert_for_pretraining_from, new_bert_for_pretraining
    from bertlab.pretraining.prefetch import prefetched
    from bertlab.pretraining.stream import PretrainingStream
    from bertlab.pretraining.training import TrainingConfig, config_dict, train

    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    torch.set_num_threads(args.threads)
    if args.init_from and not (Path(args.init_from) / "config.json").exists():
        raise BertlabError(f"--init-from 폴더에 내보낸 모델(config.json)이 없습니다: {args.init_from}",
                           hint="예: --init-from bertlab/checkpoints/ko-mini-bert")
    tokenizer, corpus = prepare(args)
    if args.init_from:
        model = bert_for_pretraining_from(args.init_from, args.dropout)
    else:
        model = new_bert_for_pretraining(len(tokenizer), args.hidden, args.layers, args.heads, args.intermediate,
                                         args.max_length, args.dropout, tokenizer.pad_token_id, args.seed)
    stream = PretrainingStream(corpus, tokenizer, args.batch_size, args.max_length, seed=args.seed)
    config = TrainingConfig(max_steps=args.max_steps, learning_rate=args.lr, warmup_steps=args.warmup,
                            max_seconds=args.max_seconds, checkpoint_dir=args.run_dir,
                            checkpoint_every_seconds=args.checkpoint_every, bf16=args.bf16, seed=args.seed,
                            time_schedule=args.time_schedule, device=args.device,
                            log_every=20)
    batches = prefetched(stream.batch, args.max_steps, args.workers)
    result = train(model, batches, config, callback=TrainingLog(Path(args.run_dir) / "log.jsonl"))
    summary = {"step": result.step, "seconds": round(result.seconds, 1), "stopped_by": result.stopped_by,
               "args": vars(args), "training": config_dict(config), "tokens_in_corpus": corpus.num_tokens}
    (Path(args.run_dir) / "run.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print(json.dumps({k: summary[k] for k in ("step", "seconds", "stopped_by")}))
    if args.export:
        export_pretrained(model, tokenizer, args.export)
        print(f"내보냄: {args.export}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bertlab.pretraining.cli", description=__doc__)
    add_arguments(parser)
    raise SystemExit(main(parser.parse_args()))
