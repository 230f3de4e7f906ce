"""``python -m bertlab pretrain-report``: 한 훈련 구간의 기록으로 모델 카드의 표를 만듭니다(이슈 4).

``ko-mini-bert`` 모델 카드(``bertlab/checkpoints/ko-mini-bert/README.md``)의 훈련 곡선 행, 구간 시작의
되돌아감(2,000단계 평균과 회복 단계), 빈칸 채우기 20문장 표와 평가 수치를 같은 코드로 다시 뽑습니다.
구간마다 단계와 초를 앞 구간에 이어 세므로 ``--start-step``·``--start-seconds``로 그 구간의 출발점을 줍니다.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bertlab.errors import BertlabError

CURVE_STEPS = (20, 100, 300, 1000, 2000)  # 구간 앞쪽은 촘촘히, 그 뒤는 every단계마다
BLOCK_STEPS = 2000


def read_log(run_dir: str | Path) -> list[dict]:
    """``pretrain``이 남긴 ``log.jsonl``(20단계 평균 기록)을 읽습니다."""
    path = Path(run_dir) / "log.jsonl"
    if not path.exists():
        raise BertlabError(f"훈련 기록이 없습니다: {path}", hint="--run-dir에 pretrain을 돌린 폴더를 주세요")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not records:
        raise BertlabError(f"훈련 기록이 비어 있습니다: {path}")
    return records


def curve_rows(records: list[dict], start_step: int = 0, start_seconds: float = 0.0, every: int = 3000) -> list[str]:
    """카드의 '훈련 곡선' 표 행: 단계 | 누적 초 | 학습률 | MLM 손실 | MLM 정확도 | NSP 손실 | NSP 정확도."""
    last = records[-1]["step"]
    wanted = [s for s in CURVE_STEPS if s < last] + list(range(4000, last, every)) + [last]
    rows = []
    for step in dict.fromkeys(wanted):
        r = min(records, key=lambda record: abs(record["step"] - step))
        rows.append(f"| {start_step + r['step']:,} | {start_seconds + r['seconds']:.0f} | {r['lr']:.1e} | "
                    f"{r['mlm_loss']:.2f} | {r['mlm_acc']:.3f} | {r['nsp_loss']:.3f} | {r['nsp_acc']:.3f} |")
    return rows


def block_means(records: list[dict], key: str = "mlm_acc", block_steps: int = BLOCK_STEPS) -> list[float]:
    """``block_steps``단계마다 ``key``의 평균(카드의 '2,000단계 평균')."""
    per_block = _records_per(records, block_steps)
    blocks = [records[i:i + per_block] for i in range(0, len(records), per_block)]
    return [sum(r[key] for r in block) / len(block) for block in blocks]


def restart_recovery(records: list[dict], target: float, block_steps: int = BLOCK_STEPS) -> dict:
    """구간 시작의 되돌아감: 이동 평균(``block_steps``단계) MLM 정확도가 가장 낮은 곳과 ``target``으로 돌아온 단계."""
    window = _records_per(records, block_steps)
    acc = [r["mlm_acc"] for r in records]
    moving = [sum(acc[max(0, i - window + 1):i + 1]) / min(i + 1, window) for i in range(len(acc))]
    early = moving[:2 * window]  # 되돌아감은 구간 앞쪽에서만 봄
    low = min(range(len(early)), key=lambda i: round(early[i], 6))  # 같은 값이면 가장 이른 곳
    back = next((records[i]["step"] for i in range(low, len(moving)) if moving[i] >= target), None)
    return {"lowest": moving[low], "lowest_step": records[low]["step"], "recovered_step": back}


def card_fill_mask_rows(report: dict) -> list[str]:
    """카드의 '빈칸 채우기 20문장' 표 행(``evaluate.fill_mask_report`` 결과에서)."""
    rows = []
    for number, row in enumerate(report["rows"], 1):
        tops = ", ".join(f"{token} ({prob:.2f})" for token, prob in row["top"])
        rows.append(f"| {number} | {row['sentence']} | {tops} | {'O' if row['sensible'] else 'X'} |")
    return rows


def _records_per(records: list[dict], steps: int) -> int:
    """``steps``단계에 드는 기록 수(기록 간격은 앞 두 기록의 단계 차이)."""
    log_every = records[1]["step"] - records[0]["step"] if len(records) > 1 else records[0]["step"]
    return max(1, round(steps / log_every))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``pretrain-report`` 하위 명령의 인자들."""
    a = parser.add_argument
    a("--run-dir", required=True, help="pretrain을 돌린 폴더(log.jsonl이 있는 곳)")
    a("--start-step", type=int, default=0, help="이 구간이 시작한 누적 단계(앞 구간들의 합)")
    a("--start-seconds", type=float, default=0.0, help="이 구간이 시작한 누적 훈련 초")
    a("--every", type=int, default=3000, help="곡선 행 간격(단계; 20·100·300·1,000·2,000단계 행 뒤로는 4,000단계부터 이 간격마다)")
    a("--recovered-at", type=float, default=None, help="되돌아감 회복 기준 MLM 정확도(기본: 첫 2,000단계 평균)")
    a("--model", default=None, help="이 내보낸 폴더의 평가 수치와 빈칸 채우기 표도 뽑기(수 분)")


def main(args) -> int:
    records = read_log(args.run_dir)
    print("## 훈련 곡선 행")
    print("\n".join(curve_rows(records, args.start_step, args.start_seconds, args.every)))
    means = block_means(records)
    print(f"\n2,000단계 평균 MLM 정확도: {' '.join(f'{m:.3f}' for m in means)}")
    recovery = restart_recovery(records, means[0] if args.recovered_at is None else args.recovered_at)
    back = "아직 회복 전" if recovery["recovered_step"] is None else f"{recovery['recovered_step']:,}단계에서 회복"
    print(f"되돌아감: 가장 낮은 이동 평균 {recovery['lowest']:.3f} ({recovery['lowest_step']:,}단계), {back}")
    if args.model:
        from bertlab.pretraining.figures import collect_figures

        figures = collect_figures(Path(args.model))
        fill = figures.pop("fill_mask")
        print(f"\n## 빈칸 채우기 ({fill['sensible']}/{fill['total']}문장)")
        print("\n".join(card_fill_mask_rows(fill)))
        print("\n## 평가 수치")
        print(json.dumps(figures, ensure_ascii=False, indent=1, default=str))
    return 0
