"""문장 쌍 내장 데이터 고르기(레슨 13): ``python -m bertlab.datasets.make_subsets nli sts``.

**NLI**(``bertlab/data/nli``): KLUE-NLI(dev 중 2,500쌍)와 KorNLI(XNLI dev 한국어판 2,490쌍), 둘 다 CC BY-SA 4.0.
한 전제(premise)에 가설이 셋(함의·중립·모순)씩 달려 있어서 **전제 단위로** 나눕니다. 같은 전제가 훈련과 평가에
함께 있으면 모델이 전제를 외워 점수가 부풀기 때문입니다.

- 평가(test): ``crc32("test:" + 전제) % 100 < 20``인 전제의 쌍(약 20%). 아무도 훈련하지 않는 쌍입니다.
- 검증(validation): 나머지 중 ``crc32("validation:" + 전제) % 100 < 8``(훈련 중 최고 모델 고르기).
- 훈련(train): 그 밖. 파일은 KLUE-NLI JSON 형식(``guid, source, premise, hypothesis, gold_label``)이고,
  KorNLI 쌍은 ``source``가 ``xnli``, ``guid``가 ``kornli-xnli-dev-줄번호``입니다.

**STS**(``bertlab/data/sts``): KorSTS(CC BY-SA 4.0). 평가(test)는 KorSTS dev 1,500쌍 전부(이슈의 측정 세트),
검증은 KorSTS train에서 시드로 고른 500쌍, 훈련은 train의 나머지입니다. dev와 문장 쌍이 똑같은 train 쌍은 뺍니다.
파일은 KorSTS TSV 형식 그대로입니다.
"""

from __future__ import annotations

import json
import random
import zlib
from collections import Counter
from pathlib import Path

from bertlab.datasets.formats import read_lines
from bertlab.datasets.pair_formats import (KORSTS_COLUMNS, NLI_LABELS, write_klue_nli_json, write_korsts_tsv)
from bertlab.datasets.subset_record import file_sha256, write_record

KLUE_NLI_FILE = "klue/klue-nli-v1.1_dev_part.json"
KORNLI_FILE = "kornli/xnli.dev.ko.tsv"
KORSTS_TRAIN_FILE = "korsts/sts-train.tsv"
KORSTS_DEV_FILE = "korsts/sts-dev.tsv"
NLI_TEST_PERCENT, NLI_VALIDATION_PERCENT = 20, 8
STS_VALIDATION, STS_SEED = 500, 13
ATTRIBUTION = {
    "klue": "KLUE-NLI, Park et al. 2021, github.com/KLUE-benchmark/KLUE (CC BY-SA 4.0)",
    "kornli": "KorNLI, Ham et al. 2020, github.com/kakaobrain/KorNLUDatasets (CC BY-SA 4.0)",
    "korsts": "KorSTS, Ham et al. 2020, github.com/kakaobrain/KorNLUDatasets (CC BY-SA 4.0)",
}


def nli_split_of(premise: str) -> str:
    """전제 -> "test" | "validation" | "train". 같은 전제의 가설은 모두 한 몫에 들어갑니다."""
    key = " ".join(premise.split())
    if zlib.crc32(f"test:{key}".encode()) % 100 < NLI_TEST_PERCENT:
        return "test"
    if zlib.crc32(f"validation:{key}".encode()) % 100 < NLI_VALIDATION_PERCENT:
        return "validation"
    return "train"


def _nli_records(klue_path: Path, kornli_path: Path) -> list[dict]:
    records = [{k: r[k] for k in ("guid", "source", "premise", "hypothesis", "gold_label")}
               for r in json.loads(klue_path.read_text(encoding="utf-8"))]
    for number, line in read_lines(kornli_path):
        fields = line.rstrip("\r\n").split("\t")
        if number == 1 or len(fields) != 3 or fields[2] not in NLI_LABELS:
            continue
        records.append({"guid": f"kornli-xnli-dev-{number:05d}", "source": "xnli", "premise": fields[0],
                        "hypothesis": fields[1], "gold_label": fields[2]})
    return [r for r in records if r["premise"].strip() and r["hypothesis"].strip()]


def write_nli(klue_path: Path, out_dir: Path, train_size: int | None = None, seed: int = 0) -> dict:
    """NLI 부분집합(``<split>.json``)과 ``subset.json``·``README.md``. KorNLI 파일은 KLUE 파일의 공유 폴더에서."""
    kornli_path = Path(klue_path).parents[1] / KORNLI_FILE
    records = _nli_records(Path(klue_path), kornli_path)
    chosen = {split: [r for r in records if nli_split_of(r["premise"]) == split] for split in ("train", "validation", "test")}
    if train_size:
        chosen["train"] = random.Random(seed).sample(chosen["train"], min(train_size, len(chosen["train"])))
    for split, rows in chosen.items():
        write_klue_nli_json(out_dir / f"{split}.json", rows)
    record = {
        "dataset": "KLUE-NLI(dev 2,500쌍) + KorNLI(XNLI dev 한국어판 2,490쌍)",
        "source": {"klue": f"{KLUE_NLI_FILE} (sha256 {file_sha256(klue_path)})",
                   "kornli": f"{KORNLI_FILE} (sha256 {file_sha256(kornli_path)})"},
        "licence": "CC BY-SA 4.0", "attribution": [ATTRIBUTION["klue"], ATTRIBUTION["kornli"]],
        "split_rule": f"전제 단위: test crc32('test:' + 전제) % 100 < {NLI_TEST_PERCENT}; validation 나머지 중 "
                      f"crc32('validation:' + 전제) % 100 < {NLI_VALIDATION_PERCENT}; train 그 밖",
        "seed": seed, "command": "python -m bertlab.datasets.make_subsets nli",
        "counts": {split: {"pairs": len(rows), "premises": len({r["premise"] for r in rows}),
                           **{f"source_{k}": v for k, v in sorted(Counter(_source_name(r) for r in rows).items())},
                           **{k: v for k, v in sorted(Counter(r["gold_label"] for r in rows).items())}}
                   for split, rows in chosen.items()},
    }
    write_record(out_dir, record, _nli_readme(record))
    return record


def _source_name(record: dict) -> str:
    return "kornli" if record["source"] == "xnli" else "klue"


def _korsts_rows(path: Path) -> list[list[str]]:
    rows = []
    for number, line in read_lines(path):
        fields = line.rstrip("\r\n").split("\t")
        if number == 1 and tuple(fields) == KORSTS_COLUMNS:
            continue
        if len(fields) == len(KORSTS_COLUMNS) and fields[5].strip() and fields[6].strip():
            rows.append(fields)
    return rows


def write_sts(train_path: Path, out_dir: Path, train_size: int | None = None, seed: int = STS_SEED) -> dict:
    """STS 부분집합(``<split>.tsv``, KorSTS 형식)과 기록. dev 파일은 train 파일 옆에서 읽습니다."""
    dev_path = Path(train_path).with_name(Path(KORSTS_DEV_FILE).name)
    test = _korsts_rows(dev_path)
    test_pairs = {(r[5].strip(), r[6].strip()) for r in test}
    pool = [r for r in _korsts_rows(Path(train_path)) if (r[5].strip(), r[6].strip()) not in test_pairs]
    random.Random(seed).shuffle(pool)
    chosen = {"train": pool[STS_VALIDATION:], "validation": pool[:STS_VALIDATION], "test": test}
    if train_size:
        chosen["train"] = chosen["train"][:train_size]
    for split, rows in chosen.items():
        write_korsts_tsv(out_dir / f"{split}.tsv", rows)
    record = {
        "dataset": "KorSTS(STS-B 한국어판) train 5,749쌍 / dev 1,500쌍",
        "source": {"train": f"{KORSTS_TRAIN_FILE} (sha256 {file_sha256(Path(train_path))})",
                   "dev": f"{KORSTS_DEV_FILE} (sha256 {file_sha256(dev_path)})"},
        "licence": "CC BY-SA 4.0", "attribution": [ATTRIBUTION["korsts"]],
        "split_rule": f"test: KorSTS dev 전부; validation: train에서 시드 {seed}로 {STS_VALIDATION}쌍; train: 나머지"
                      "(dev와 문장 쌍이 같은 train 쌍은 뺌)",
        "seed": seed, "command": "python -m bertlab.datasets.make_subsets sts",
        "counts": {split: {"pairs": len(rows), "mean_score": round(sum(float(r[4]) for r in rows) / len(rows), 3)}
                   for split, rows in chosen.items()},
    }
    write_record(out_dir, record, _sts_readme(record))
    return record


def _nli_readme(record: dict) -> str:
    rows = "\n".join(f"| `{split}.json` | {c['pairs']:,} | {c['premises']:,} | {c.get('source_klue', 0):,} / "
                     f"{c.get('source_kornli', 0):,} | {c.get('entailment', 0):,} / {c.get('neutral', 0):,} / "
                     f"{c.get('contradiction', 0):,} |" for split, c in record["counts"].items())
    return f"""# NLI 내장 부분집합 (레슨 13, 과제 `nli`)

실제 한국어 자연어 추론(NLI) 쌍입니다. `{record['command']}`가 공유 데이터에서 골랐습니다.

- **KLUE-NLI** (dev 2,500쌍): {ATTRIBUTION['klue']}
- **KorNLI** (XNLI dev 한국어판 2,490쌍): {ATTRIBUTION['kornli']}

라이선스: **CC BY-SA 4.0**(저작자 표시, 동일 조건 변경 허락). 이 폴더의 파일도 같은 라이선스입니다.
형식은 KLUE-NLI JSON(`guid, source, premise, hypothesis, gold_label`)이고, KorNLI 쌍은 `source`가 `xnli`입니다.

| 파일 | 쌍 | 전제 | KLUE / KorNLI | 함의 / 중립 / 모순 |
|---|---|---|---|---|
{rows}

- **전제 단위로 나눔**: 한 전제의 가설(보통 셋)은 한 파일에만 있습니다. 규칙: {record['split_rule']}.
- `test.json`은 어떤 훈련(레슨의 60초, 강의 모델)에도 쓰지 않는 평가 세트입니다. 원본 KLUE-NLI dev의 나머지
  500쌍은 이 프로젝트 밖에 보관된 평가용이라 여기에 없습니다.
- 원본 파일의 SHA-256과 개수: `subset.json`.
"""


def _sts_readme(record: dict) -> str:
    rows = "\n".join(f"| `{split}.tsv` | {c['pairs']:,} | {c['mean_score']} |" for split, c in record["counts"].items())
    return f"""# STS 내장 부분집합 (레슨 13, 과제 `sts`)

실제 한국어 문장 유사도(STS) 쌍입니다. `{record['command']}`가 공유 데이터에서 골랐습니다.

- **KorSTS** (STS-B 한국어판): {ATTRIBUTION['korsts']}

라이선스: **CC BY-SA 4.0**. 이 폴더의 파일도 같은 라이선스입니다. 형식은 KorSTS TSV 그대로
(`genre filename year id score sentence1 sentence2`, score는 0-5).

| 파일 | 쌍 | 평균 점수 |
|---|---|---|
{rows}

- 규칙: {record['split_rule']}.
- `test.tsv`(KorSTS dev)는 어떤 훈련에도 쓰지 않는 평가 세트입니다. KorSTS test는 이 프로젝트 밖에 보관되어 여기에 없습니다.
"""
