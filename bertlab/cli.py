"""명령줄 도구 ``python -m bertlab <명령>``. 인자만 읽고 각 모듈의 ``main(args)``로 넘깁니다.

build(레슨 -> 노트북), setup(커널·오프라인 모델 준비), doctor(환경 점검), models(역할별 모델),
bench(성능 수치), progress(학습 진도), grade(일괄 채점), pretrain(강의용 한국어 BERT 사전 훈련),
pretrain-report(그 훈련 기록으로 모델 카드의 표 만들기), finetune(과제별 파인 튜닝과 모델 카드),
evaluate(파인 튜닝한 모델을 과제의 공개 형식 파일로 채점), classroom(교실 서버: 제출물 모으기, 반 진도).
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from bertlab.errors import BertlabError


def _add_build(sub):
    p = sub.add_parser("build", help="lessons/*.md로 notebooks/*.ipynb를 만듭니다")
    p.add_argument("--check", action="store_true", help="노트북이 없거나 낡았거나 출력이 있으면 실패")
    p.set_defaults(target="bertlab.course.build:main")


def _add_simple(sub, name, target, help_text):
    p = sub.add_parser(name, help=help_text)
    p.set_defaults(target=target)
    return p


def _add_optional(sub, name, module, adder, target, help_text):
    """다른 모듈이 인자를 정의하는 명령(grade, progress, pretrain, pretrain-report, finetune, evaluate, classroom)."""
    p = sub.add_parser(name, help=help_text)
    try:
        getattr(import_module(module), adder)(p)
        p.set_defaults(target=target)
    except (ImportError, AttributeError):
        p.set_defaults(target=None, missing=module)
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bertlab", description="bertlab: 한국어 BERT 강의 도구")
    sub = parser.add_subparsers(dest="command", required=True, metavar="명령")
    _add_build(sub)
    _add_simple(sub, "setup", "bertlab.course.setup:main", "Jupyter 커널 등록과 오프라인 모델 준비")
    _add_simple(sub, "doctor", "bertlab.course.doctor:main", "강의 환경을 점검합니다")
    models = _add_simple(sub, "models", "bertlab.models.report:main", "역할별로 지금 쓰는 모델을 보여 줍니다")
    models.add_argument("--json", action="store_true", help="스크립트용 JSON 출력")
    bench = _add_simple(sub, "bench", "bertlab.benchmarks.runner:main", "성능 수치를 측정해 출력합니다")
    bench.add_argument("--only", nargs="+", metavar="이름", help="이 벤치마크만 실행")
    bench.add_argument("--json", metavar="파일", help="결과를 JSON 파일로도 저장")
    _add_optional(sub, "progress", "bertlab.exercises.cli", "add_progress_arguments",
                  "bertlab.exercises.cli:progress_main", "레슨별 학습 진도를 보여 줍니다")
    _add_optional(sub, "grade", "bertlab.exercises.cli", "add_grade_arguments",
                  "bertlab.exercises.cli:grade_main", "제출된 노트북을 일괄 채점합니다")
    _add_optional(sub, "pretrain", "bertlab.pretraining.cli", "add_arguments",
                  "bertlab.pretraining.cli:main", "강의용 한국어 BERT를 사전 훈련합니다")
    _add_optional(sub, "pretrain-report", "bertlab.pretraining.report", "add_arguments",
                  "bertlab.pretraining.report:main", "사전 훈련 기록으로 모델 카드의 표를 만듭니다")
    _add_optional(sub, "finetune", "bertlab.finetuning.cli", "add_finetune_arguments",
                  "bertlab.finetuning.cli:finetune_main", "과제(sentiment 등)를 파인 튜닝하고 모델 카드와 함께 내보냅니다")
    _add_optional(sub, "evaluate", "bertlab.finetuning.cli", "add_evaluate_arguments",
                  "bertlab.finetuning.cli:evaluate_main", "파인 튜닝한 모델을 과제의 공개 형식 파일로 채점합니다")
    _add_optional(sub, "classroom", "bertlab.course.classroom.cli", "add_arguments",
                  "bertlab.course.classroom.cli:main", "교실 서버(JupyterHub): 준비, 나눠 주기, 제출물 모으기, 반 진도")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # 모델 카드에 적을 명령
    if args.target is None:
        print(f"'{args.command}' 명령을 쓸 수 없습니다: {args.missing} 모듈이 없습니다.")
        return 2
    module_name, func_name = args.target.split(":")
    try:
        return int(getattr(import_module(module_name), func_name)(args) or 0)
    except BertlabError as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("중단했습니다.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
