"""``python -m bertlab bench``: COURSE.md의 성능 수치를 측정해 표로 출력합니다(이슈마다 노트에 인용).

``bertlab/benchmarks/``의 모듈을 모두(또는 ``--only``로 고른 것만) 실행합니다.
"""

from __future__ import annotations

import json
import math

from bertlab.benchmarks import Figure, benchmark_modules, run_module


def _format(fig: Figure) -> str:
    value = "—" if math.isnan(fig.value) else (f"{fig.value:,.1f}" if abs(fig.value) >= 10 else f"{fig.value:.3f}")
    target = f"  (목표 {fig.target})" if fig.target else ""
    note = f"  — {fig.note}" if fig.note else ""
    return f"  {fig.name:<44} {value:>10} {fig.unit}{target}{note}"


def main(args) -> int:
    names = benchmark_modules()
    if getattr(args, "only", None):
        unknown = set(args.only) - set(names)
        if unknown:
            print(f"모르는 벤치마크: {', '.join(sorted(unknown))}. 가능한 것: {', '.join(names)}")
            return 2
        names = [n for n in names if n in args.only]
    results: dict[str, list[dict]] = {}
    for name in names:
        print(f"[{name}]", flush=True)
        try:
            figures = run_module(name)
        except Exception as exc:  # 한 벤치마크가 실패해도 나머지는 측정합니다.
            print(f"  측정 실패: {type(exc).__name__}: {exc}")
            continue
        for fig in figures:
            print(_format(fig), flush=True)
        results[name] = [f.as_dict() for f in figures]
    if getattr(args, "json", None):
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(results, handle, ensure_ascii=False, indent=2)
        print(f"\nJSON으로 저장했습니다: {args.json}")
    return 0
