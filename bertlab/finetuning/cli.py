"""``python -m bertlab finetune TASK``와 ``python -m bertlab evaluate TASK``: 레슨보다 긴 훈련과 강사의 채점.

- ``finetune``: 레슨과 같은 ``finetune()``을 시간·단계 예산으로 돌립니다. ``--run-dir``를 주면 체크포인트를 남겨
  멈춘 뒤 같은 명령으로 이어 가고, ``--export``면 모델과 한국어 모델 카드(데이터, 명령, 시드, 하드웨어, 시간,
  점수)를 씁니다.
- ``evaluate``: ``--model 폴더|course|fresh``를 ``--eval-file``(과제의 공개 형식, 예: NSMC TSV; 없으면 내장 평가
  세트)로 채점합니다. ``fresh``는 오프라인 기본 인코더를 레슨의 시간 예산만큼 그 자리에서 파인 튜닝한 모델입니다.
  ``--json``이면 표준 출력에는 JSON만 쓰고 진행 상황은 표준 오류로 보냅니다.

과제는 ``bertlab.finetuning.TASKS``의 이름입니다(레슨 12-16이 더함). 모든 과제가 같은 인자를 씁니다.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shlex
import sys
import time

from bertlab.errors import BertlabError
from bertlab.finetuning.tasks import TASKS, get_task


def _add_training_arguments(parser: argparse.ArgumentParser) -> None:
    """``finetune``과 ``evaluate --model fresh``가 함께 쓰는 훈련 인자."""
    a = parser.add_argument
    a("--base", default=None, help="인코더: ko-mini-bert, multilingual-e5-small, 모델 폴더, 허브 ID(기본: 과제의 기본값)")
    a("--seconds", type=float, default=None,
      help="훈련 시간 예산(초, 평가 시간 제외, 이어 훈련 포함; --max-steps도 없으면 레슨의 예산 60초)")
    a("--max-steps", type=int, default=None, help="단계 예산(이어 훈련 포함)")
    a("--epochs", type=float, default=None, help="에포크 수(단계 예산으로 바꿈; 다른 예산과 함께면 먼저 닿는 쪽)")
    a("--top-layers", type=int, default=None,
      help="큰 어휘의 인코더(e5)에서 훈련할 위 층 수(기본: 과제의 값, 4). 나머지 아래층과 단어 임베딩은 얼림")
    a("--adapter-rank", type=int, default=None,
      help="위 층 대신 모든 층에 이 랭크의 LoRA 어댑터(peft)를 붙여 훈련(헤드는 통째로; 저장은 어댑터 + 헤드만)")
    a("--seed", type=int, default=0)
    a("--threads", type=int, default=2, help="torch 스레드 수")
    a("--lr", type=float, default=None, help="최대 학습률(기본: 과제와 인코더에 맞춰 잰 값)")
    a("--batch-size", type=int, default=None)
    a("--max-length", type=int, default=None, help="최대 토큰 수(더 긴 입력은 자름)")


def add_finetune_arguments(parser: argparse.ArgumentParser) -> None:
    """``finetune`` 하위 명령의 인자들."""
    parser.add_argument("task", metavar="과제", help=f"파인 튜닝할 과제: {', '.join(TASKS)}")
    _add_training_arguments(parser)
    a = parser.add_argument
    a("--eval-every", type=int, default=None, help="이 단계마다 검증 세트로 평가하고 최고 모델을 기억")
    a("--eval-size", type=int, default=None, help="훈련 중 검증에 쓸 예제 수")
    a("--source", choices=("auto", "builtin", "online"), default="auto",
      help="데이터: auto(온라인이면 실제 데이터), builtin(패키지의 부분집합), online")
    a("--train-file", default=None, help="과제의 공개 형식 파일로 훈련(검증·평가 세트는 --source의 데이터)")
    a("--max-train", type=int, default=None, help="훈련 예제를 이만큼만 무작위로(시드 고정)")
    a("--both-orders", action="store_true",
      help="순서를 바꿔도 정답이 같은 문장 쌍 과제(sts): 훈련 쌍 (A, B)마다 (B, A)도 더함(NLI는 함의가 "
           "대칭이 아니라 안 됨)")
    a("--run-dir", default=None, help="체크포인트 폴더: 멈춘 뒤 같은 명령을 다시 실행하면 이어 훈련")
    a("--cache-dir", default=None,
      help="얼린 아래층 출력의 캐시 폴더(기본: --run-dir). 같은 데이터로 다시 훈련할 때 다시 계산하지 않음")
    a("--no-layer-cache", action="store_true", help="아래층 캐시 없이 매 단계 모든 층을 순전파(비교용)")
    a("--export", default=None, help="훈련 뒤 모델과 한국어 모델 카드를 쓸 폴더")
    a("--float32", action="store_true", help="float16 대신 float32로 내보내기")


def add_evaluate_arguments(parser: argparse.ArgumentParser) -> None:
    """``evaluate`` 하위 명령의 인자들."""
    parser.add_argument("task", metavar="과제", help=f"채점할 과제: {', '.join(TASKS)}")
    a = parser.add_argument
    a("--model", required=True, metavar="폴더|course|fresh",
      help="내보낸 모델 폴더, course(강의가 더 오래 훈련한 모델), fresh(지금 레슨 예산만큼 파인 튜닝)")
    a("--eval-file", default=None, help="과제의 공개 형식 파일(예: NSMC TSV). 없으면 내장 평가 세트")
    a("--json", action="store_true", help="표준 출력에 JSON만")
    _add_training_arguments(parser)


def _command(args) -> str:
    return shlex.join(["python", "-m", "bertlab", *getattr(args, "argv", [])])


def _training_options(args) -> dict:
    return {"base": args.base, "seconds": args.seconds, "max_steps": args.max_steps, "epochs": args.epochs,
            "top_layers": args.top_layers, "adapter_rank": args.adapter_rank, "seed": args.seed,
            "threads": args.threads, "learning_rate": args.lr, "batch_size": args.batch_size,
            "max_length": args.max_length}


def finetune_main(args) -> int:
    from bertlab.finetuning.export import save_finetuned
    from bertlab.finetuning.pairs import both_orders
    from bertlab.finetuning.recipe import finetune

    task = get_task(args.task)
    task.check_trainable()
    if args.both_orders and not task.symmetric:
        raise BertlabError(f"--both-orders는 순서를 바꿔도 정답이 같은 문장 쌍 과제(sts)에만 씁니다. "
                           f"'{task.name}'에는 쓸 수 없습니다(NLI: 전제와 가설을 바꾸면 함의가 달라질 수 있음).")
    data = task.load_data(source=args.source, max_train=args.max_train, seed=args.seed)
    if data.notice:
        print(data.notice)
    if args.train_file:
        data.train = task.read_train_file(args.train_file)
        print(f"훈련 데이터: {args.train_file} ({len(data.train):,}개)")
    if args.both_orders:
        data.train = both_orders(data.train)
        print(f"문장 쌍을 두 순서로 모두 씁니다: 훈련 예제 {len(data.train):,}개")
    finetuned = finetune(task, data=data, eval_every=args.eval_every, eval_size=args.eval_size,
                         checkpoint_dir=args.run_dir, layer_cache=not args.no_layer_cache,
                         cache_dir=args.cache_dir or args.run_dir, **_training_options(args))
    scores = {"평가 세트(test)": finetuned.evaluate()}
    result = finetuned.result
    summary = {"task": task.name, "base": finetuned.base, "step": result.step, "seconds": round(result.seconds, 1),
               "stopped_by": result.stopped_by, "best_validation": result.best, **scores}
    print(json.dumps(summary, ensure_ascii=False))
    if result.stopped_by == "interrupted":
        print("같은 명령을 다시 실행하면 이어 훈련합니다." if args.run_dir else
              "--run-dir 없이 훈련해 이어 갈 체크포인트는 없습니다(다음에는 --run-dir를 주세요).")
    if args.export:
        save_finetuned(finetuned, args.export, scores, _command(args), half=not args.float32)
        print(f"내보냄: {args.export} (모델 카드: README.md)")
    return 0


def _model_for(task, args):
    """``--model``: 폴더 | course | fresh -> ``FineTuned``."""
    from bertlab.finetuning.export import load_finetuned
    from bertlab.finetuning.recipe import finetune

    if args.model == "fresh":
        options = _training_options(args)
        return finetune(task, source="builtin", **options)
    if args.model == "course":
        folder = task.course_checkpoint()
        if not folder.is_dir():
            raise BertlabError(f"'{task.name}' 과제의 강의 모델이 아직 저장소에 없습니다: {folder}",
                               hint="--model fresh(지금 파인 튜닝)나 내보낸 모델 폴더를 주세요.")
        return load_finetuned(folder, task.name)
    return load_finetuned(args.model, task.name)


def evaluate_main(args) -> int:
    task = get_task(args.task)
    handled = task.evaluate_main(args)    # 훈련 없이 인코더 이름으로 채점하는 과제(chatbot, 레슨 16)는 직접 맡음
    if handled is not None:
        return handled
    if args.eval_file:
        examples, described = task.read_file(args.eval_file), args.eval_file
    else:
        examples, described = task.load_data(source="builtin").test, "내장 평가 세트"
    quiet = contextlib.redirect_stdout(sys.stderr) if args.json else contextlib.nullcontext()
    with quiet:  # --json이면 훈련 안내와 진행 상황은 표준 오류로
        finetuned = _model_for(task, args)
        started = time.perf_counter()
        metrics = finetuned.evaluate(examples)
    report = {"task": task.name, "model": args.model, "base": finetuned.base, "eval_file": args.eval_file,
              "examples": len(examples), "metrics": metrics, "seconds": round(time.perf_counter() - started, 2)}
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        shown = ", ".join(f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}" for k, v in metrics.items())
        print(f"{task.title} | 모델 {args.model} ({finetuned.base}) | {described} {len(examples):,}개 | {shown}")
    return 0
