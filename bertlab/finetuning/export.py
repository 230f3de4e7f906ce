"""파인 튜닝한 모델 내보내기와 다시 불러오기, 한국어 모델 카드. ``finetune --export``, ``evaluate --model``, 레슨 11-16.

내보낸 폴더: transformers 형식(``config.json``, ``model.safetensors``, 토크나이저 파일) + ``finetune.json``(과제,
인코더, 데이터, 명령, 시드, 하드웨어, 시간, 점수) + ``README.md``(같은 내용의 한국어 모델 카드). 가중치는
기본으로 float16으로 저장해 크기를 반으로 줄이고(저장소의 20 MB 한도), 불러올 때 float32로 되돌립니다.
큰 인코더의 위 층만 훈련한 모델(``Task.saves_delta``: 질의응답·SBERT의 e5)은 훈련한 가중치만 ``delta_file``에 쓰고
(``finetuning.delta``), 불러올 때 ``finetune.json``의 기반 인코더 위에 덮습니다.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from bertlab.errors import BertlabError
from bertlab.finetuning.adapters import merged_from_delta
from bertlab.finetuning.delta import base_location, load_delta, save_delta
from bertlab.finetuning.recipe import FineTuned, hardware_summary
from bertlab.finetuning.tasks import get_task, quiet_transformers

INFO_FILE = "finetune.json"


def run_info(finetuned: FineTuned, scores: dict | None = None, command: str | None = None) -> dict:
    """모델 카드의 내용(사전): 과제, 인코더, 데이터, 명령, 시드, 하드웨어, 훈련 시간·단계·설정, 점수."""
    result, data, settings = finetuned.result, finetuned.data, finetuned.settings
    training = dict(settings)
    if result is not None:
        training |= {"steps": result.step, "train_seconds": round(result.seconds, 1),
                     "eval_seconds": round(result.eval_seconds, 1), "stopped_by": result.stopped_by}
    return {
        "task": finetuned.task.name, "task_title": finetuned.task.title, "base": finetuned.base,
        "data": None if data is None else {
            "description": data.description, "source": data.source, "licence": data.licence,
            "train": len(data.train), "validation": len(data.validation), "test": len(data.test)},
        "command": command, "seed": settings.get("seed"), "hardware": hardware_summary(), "training": training,
        "best_validation": None if result is None else result.best, "scores": scores or {},
        "created": time.strftime("%Y-%m-%d"),
    }


def save_finetuned(finetuned: FineTuned, out_dir: str | Path, scores: dict | None = None,
                   command: str | None = None, half: bool = True) -> Path:
    """모델·토크나이저·``finetune.json``·``README.md``(모델 카드)를 ``out_dir``에 씁니다.

    scores: 카드에 적을 점수(예: ``{"평가 세트": {"accuracy": 0.86, ...}}``). half: float16으로 저장.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    state = finetuned.model.state_dict()
    if half:
        state = {k: v.half() if v.is_floating_point() else v for k, v in state.items()}
    if finetuned.task.saves_delta(finetuned.model):   # 기반 인코더 + 훈련한 가중치(토크나이저는 기반의 것)
        save_delta(finetuned.model, out, state, finetuned.task.delta_file)
    else:
        with quiet_transformers():
            finetuned.model.save_pretrained(out, state_dict=state)
            finetuned.task.save_tokenizer(finetuned.tokenizer, out)
    info = run_info(finetuned, scores, command)
    (out / INFO_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    (out / "README.md").write_text(model_card(info), encoding="utf-8")
    return out


def load_finetuned(path: str | Path, task: str | None = None) -> FineTuned:
    """내보낸 폴더 -> ``FineTuned``(float32 모델, 평가 모드; ``result``와 ``data``는 None).

    task: 폴더의 ``finetune.json``에 적힌 과제와 다르면 한국어 오류(감성 모델로 NER을 채점하는 실수 막기).
    """
    from transformers import AutoTokenizer

    path = Path(path)
    info_path = path / INFO_FILE
    if not info_path.is_file():
        raise BertlabError(f"파인 튜닝한 모델 폴더가 아닙니다({INFO_FILE}가 없음): {path}",
                           hint="`python -m bertlab finetune TASK --export 폴더`로 내보낸 폴더를 주세요.")
    info = json.loads(info_path.read_text(encoding="utf-8"))
    if task is not None and info.get("task") != get_task(task).name:
        raise BertlabError(f"이 모델은 '{info.get('task')}' 과제로 훈련했습니다('{task}'가 아님): {path}")
    found = get_task(info["task"])
    try:
        if found.delta_file is not None and (path / found.delta_file).is_file():
            location = base_location(path)                # 기반 인코더 + 훈련한 가중치
            adapter = (info.get("training") or {}).get("adapter")
            model = (merged_from_delta(found.new_model(location), path, adapter, found.delta_file) if adapter else
                     load_delta(found.new_model(location), path, found.delta_file))
            tokenizer = AutoTokenizer.from_pretrained(location)
        else:
            model = found.load_model(str(path))
            tokenizer = found.load_tokenizer(str(path))
    except (OSError, ValueError) as exc:
        raise BertlabError(f"모델 폴더를 읽지 못했습니다({type(exc).__name__}): {path}",
                           hint="config.json, model.safetensors, 토크나이저 파일이 모두 있는지 확인하세요.") from exc
    model.eval()
    settings = dict(info.get("training") or {})
    settings.setdefault("max_length", found.defaults.max_length)
    return FineTuned(found, model, tokenizer, None, info.get("base", "?"), None, settings)


def _number(value) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def trained_part(training: dict) -> str:
    """모델 카드의 "훈련한 부분": 모든 층, 위 몇 층 + 헤드(아래층 캐시), 또는 모든 층의 LoRA 어댑터 + 헤드."""
    adapter = training.get("adapter")
    if adapter:
        return (f"모든 층의 LoRA 어댑터(r={adapter['rank']}, α={adapter['alpha']}: {', '.join(adapter['targets'])}) + "
                "과제 헤드; 저장은 어댑터와 헤드만")
    if training.get("top_layers"):
        cached = training.get("cached_lower_layers")
        return (f"위 {training['top_layers']}개 층 + 과제 헤드(단어 임베딩과 아래층은 얼림"
                + (f", 아래 {cached}개 층의 출력은 한 번만 계산해 캐시" if cached else "") + "); 저장은 훈련한 가중치만")
    return "모든 층과 과제 헤드"


def model_card(info: dict) -> str:
    """``run_info``의 사전 -> 한국어 모델 카드(마크다운)."""
    training, hardware, data = info["training"], info["hardware"], info.get("data") or {}
    rows = [("과제", f"{info['task_title']} (`{info['task']}`)"), ("인코더", f"`{info['base']}`"),
            ("데이터", f"{data.get('description', '-')} (라이선스 {data.get('licence', '-')})"),
            ("예제 수", f"훈련 {data.get('train', '-'):,} / 검증 {data.get('validation', '-'):,} / 평가 "
                       f"{data.get('test', '-'):,}" if data else "-"),
            ("명령", f"`{info['command']}`" if info.get("command") else "-"), ("시드", str(info.get("seed"))),
            ("하드웨어", f"{hardware['cpu']}, 코어 {hardware['cores']}개, torch 스레드 {training.get('threads')}개, "
                        f"torch {hardware['torch']}, 끝날 때 부하(1분 평균) {_number(hardware['load_average_1min'])}"),
            ("훈련", f"{training.get('steps', '-')}단계"
                    + (f"({training['epochs']:g}에포크)" if training.get("epochs") else "")
                    + f", {training.get('train_seconds', '-')}초(평가 제외, 평가 {training.get('eval_seconds', '-')}초"
                + (f", 아래층 캐시 만들기 {training['cache_seconds']}초" if training.get("cache_seconds") else "")
                + f"), 멈춘 까닭 {training.get('stopped_by', '-')}"),
            ("설정", f"학습률 {training.get('learning_rate')}, 배치 {training.get('batch_size')}, 최대 길이 "
                    f"{training.get('max_length')}, 단어 임베딩 {'얼림' if training.get('freeze_word_embeddings') else '함께 훈련'}"),
            ("훈련한 부분", trained_part(training)),
            ("만든 날", info.get("created", "-"))]
    lines = [f"# {info['task_title']}: 파인 튜닝한 모델", "",
             "`python -m bertlab finetune`이 만든 폴더입니다(레슨 11-16의 파인 튜닝 코드와 같은 훈련 루프).", "",
             "| 항목 | 값 |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
    best = info.get("best_validation")
    if best:
        shown = ", ".join(f"{k[5:]} {_number(v)}" for k, v in best.items() if k.startswith("eval_"))
        lines += ["", f"검증 세트에서 가장 좋았던 {best['step']}단계의 모델입니다({shown})."]
    if info.get("scores"):
        lines += ["", "## 점수", "", "| 세트 | 지표 |", "|---|---|"]
        lines += [f"| {name} | {', '.join(f'{k} {_number(v)}' for k, v in metrics.items())} |"
                  for name, metrics in info["scores"].items()]
    lines += ["", f"다시 채점하기: `python -m bertlab evaluate {info['task']} --model 이_폴더 --eval-file 파일 --json`", ""]
    return "\n".join(lines)
