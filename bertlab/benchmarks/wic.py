"""KoBEST WiC로 레슨 09의 방법(단어 벡터 코사인 + 훈련 세트로 고른 문턱값)을 오프라인 모델마다 잽니다.

데이터: KoBEST WiC train/dev(표준국어대사전 예문, CC BY-SA 4.0, github.com/SKT-LSL/KoBEST_datarepo).
사용자 환경에는 없으므로 ``../shared/data/kobest_wic/``(또는 ``BERTLAB_SHARED_DATA``)가 없으면 건너뜁니다.

보고하는 값(모델마다):
- 훈련 정확도로 고른 층의 dev 정확도(정직한 값: dev를 보고 층을 고르지 않음)
- 층별 dev 정확도 중 최고값과 그 층(참고용)
- dev에서 항상 "다른 뜻"이라고 답했을 때의 정확도(다수 클래스 기준선)

``python -m bertlab.benchmarks.wic --write``는 층별 결과를 ``bertlab/data/wic_results.json``에 적습니다.
``--roles ko-mlm``처럼 역할을 고르면 그 역할만 다시 재고, 파일의 다른 모델 값은 그대로 둡니다.
레슨 09는 이 파일이 있으면 측정값을 그림으로 보여 줍니다(문장 안에 숫자를 박아 두지 않기 위해).
"""

from __future__ import annotations

import datetime
import json
import sys
import time
from pathlib import Path

from bertlab.benchmarks import Figure
from bertlab.datasets import shared_data_dir

ROLES = (("en-encoder", "base"), ("ko-encoder", "base"), ("ko-mlm", "base"))
RESULTS_FILE = Path(__file__).resolve().parent.parent / "data" / "wic_results.json"
SOURCE = "KoBEST WiC (github.com/SKT-LSL/KoBEST_datarepo, CC BY-SA 4.0)"


def kobest_wic_dir() -> Path | None:
    """KoBEST WiC 폴더(train.tsv, dev.tsv). 없으면 None."""
    base = shared_data_dir()
    folder = base / "kobest_wic" if base else None
    return folder if folder and (folder / "train.tsv").is_file() and (folder / "dev.tsv").is_file() else None


def evaluate_roles(folder: Path, roles=ROLES, limit: int | None = None) -> dict:
    """역할마다 WiC 결과. {모델 이름: {...}}. 불러올 수 없는 모델은 이유와 함께 건너뜁니다."""
    from bertlab.errors import BertlabError
    from bertlab.models import load
    from bertlab.embeddings import evaluate_model, read_kobest_wic

    train = read_kobest_wic(folder / "train.tsv")[:limit]
    dev = read_kobest_wic(folder / "dev.tsv")[:limit]
    results = {}
    for role, head in roles:
        try:
            lm = load(role, head=head)
        except BertlabError as exc:
            results[role] = {"role": role, "error": str(exc).splitlines()[0]}
            continue
        started = time.perf_counter()
        result = evaluate_model(lm, train, dev)
        results[lm.info.name] = {
            "role": role, "mode": lm.info.mode, "num_layers": lm.info.num_layers,
            "train_accuracy": [round(r.train_accuracy, 4) for r in result.layers],
            "dev_accuracy": [round(r.test_accuracy, 4) for r in result.layers],
            "thresholds": [round(r.threshold, 4) for r in result.layers],
            "chosen_layer": result.chosen.layer, "chosen_dev_accuracy": round(result.chosen.test_accuracy, 4),
            "majority_baseline": round(result.majority_baseline, 4),
            "seconds": round(time.perf_counter() - started, 1), "train_pairs": len(train), "dev_pairs": len(dev),
            "measured": datetime.date.today().isoformat(),
        }
    return results


def run() -> list[Figure]:
    import torch

    torch.set_num_threads(1)
    folder = kobest_wic_dir()
    if folder is None:
        return [Figure("KoBEST WiC dev 정확도", float("nan"), "", ">= 0.60", "공유 데이터 폴더가 없어 건너뜀")]
    figures = []
    for name, row in evaluate_roles(folder).items():
        if "error" in row:
            figures.append(Figure(f"KoBEST WiC dev 정확도({name})", float("nan"), "", ">= 0.60", row["error"]))
            continue
        dev = row["dev_accuracy"]
        best = max(range(len(dev)), key=dev.__getitem__)
        figures += [
            Figure(f"KoBEST WiC dev 정확도({name}, 훈련으로 고른 {row['chosen_layer']}층)", row["chosen_dev_accuracy"],
                   "", ">= 0.60", f"다수 클래스 기준선 {row['majority_baseline']:.3f}, {row['seconds']} s"),
            Figure(f"KoBEST WiC dev 최고 층({name}, {best}층)", dev[best], "", "", "층별 dev 중 최고(참고)"),
        ]
    return figures


def write_results(results: dict, path: Path = RESULTS_FILE, keep_others: bool = False) -> Path:
    """결과를 파일에 적습니다. ``keep_others``면 다시 잰 역할의 항목만 바꾸고 나머지 모델은 그대로 둡니다."""
    measured = datetime.date.today().isoformat()
    if keep_others and path.is_file():
        old = json.loads(path.read_text(encoding="utf-8"))
        remeasured = {row["role"] for row in results.values()}
        kept = {name: row for name, row in old["models"].items() if row["role"] not in remeasured}
        results, measured = {**kept, **results}, old["measured"]  # 다시 잰 항목은 자기 "measured"를 가짐
    payload = {"source": SOURCE, "measured": measured,
               "method": "단어 벡터(조각 평균) 코사인, 층마다 train에서 정확도가 가장 높은 문턱값", "models": results}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    import torch

    argv = sys.argv[1:] if argv is None else argv
    torch.set_num_threads(1)
    folder = kobest_wic_dir()
    if folder is None:
        print("KoBEST WiC 폴더가 없어 건너뜁니다(../shared/data/kobest_wic).")
        return 0
    chosen = argv[argv.index("--roles") + 1].split(",") if "--roles" in argv else None
    roles = [(role, head) for role, head in ROLES if chosen is None or role in chosen]
    results = evaluate_roles(folder, roles)
    print(json.dumps(results, ensure_ascii=False, indent=1))
    if "--write" in argv:
        print("저장:", write_results(results, keep_others=chosen is not None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
