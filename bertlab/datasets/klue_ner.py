"""KLUE-NER: 공개 형식(글자마다 BIO 태그) 읽고 쓰기, 내장 부분집합 고르기, 허브 행 바꾸기. 레슨 12, 과제 ``ner``.

KLUE-NER의 정답은 **글자마다** 붙어 있습니다(단어나 토큰 조각이 아님). 공개 TSV 형식은 이렇습니다::

    ## klue-ner-v1_dev_00001-wikitree<TAB><B:PS> 씨는 사법시험 ...      (문장 id와 태그를 표시한 문장)
    B<TAB>B-PS                                                          (글자<TAB>태그, 공백도 한 글자)
    <SPACE><TAB>O
    씨<TAB>O
    ...
                                                                        (빈 줄: 문장 끝)

태그는 BIO(B- 개체의 첫 글자, I- 개체 안, O 개체 밖)와 개체 종류 여섯(PS 사람, LC 장소, OG 기관, DT 날짜,
TI 시간, QT 수량)입니다. 예제는 ``(문장, 글자별 태그 튜플)``이고 ``len(문장) == len(태그)``입니다.

내장 부분집합(``python -m bertlab.datasets.make_subsets klue-ner``): 공유 데이터의 KLUE-NER dev 4,000문장에서
시드 12로 평가(test) 800 → 검증(validation) 200 → 훈련(train) 나머지를 고릅니다. 문장이 똑같은 것은 한 몫에만
둡니다. 평가 세트의 문장은 누구도 훈련에 쓰지 않습니다(레슨 60초 훈련도, 강의 체크포인트도).
"""

from __future__ import annotations

import random
from pathlib import Path

from bertlab.datasets.formats import line_error, read_lines
from bertlab.datasets.subset_record import file_sha256, write_record
from bertlab.errors import BertlabError

KLUE_NER_FILE = "klue/klue-ner-v1.1_dev_part.tsv"
ENTITY_TYPES = {"PS": "사람", "LC": "장소", "OG": "기관", "DT": "날짜", "TI": "시간", "QT": "수량"}
NER_TAGS = ("O",) + tuple(f"{prefix}-{kind}" for kind in ENTITY_TYPES for prefix in "BI")
# 허브(klue/klue, 설정 ner)의 ClassLabel 순서: ner_tags 정수 -> 태그
HUB_TAGS = ("B-DT", "I-DT", "B-LC", "I-LC", "B-OG", "I-OG", "B-PS", "I-PS", "B-QT", "I-QT", "B-TI", "I-TI", "O")
NER_SIZES = {"test": 800, "validation": 200}   # 고르는 순서대로; 훈련은 나머지 전부
NER_SEED = 12
HEADER = ("## 토큰, 레이블 구분자 : \\t", "## 토큰 구분자 : \\n", "## 문장 구분자 : \\n\\n", "## 주석 : ##")


def read_klue_ner_tsv(path: str | Path) -> list[tuple[str, tuple[str, ...]]]:
    """KLUE-NER 공개 TSV -> ``[(문장, 글자별 태그)]``. 틀린 줄은 줄 번호를 말하는 한국어 오류."""
    examples, chars, tags = [], [], []

    def close():
        if chars:
            examples.append(("".join(chars), tuple(tags)))
            chars.clear()
            tags.clear()

    for number, line in read_lines(path):
        line = line.rstrip("\r\n")
        if line.startswith("##"):
            close()  # 다음 문장의 머리줄(빈 줄이 빠졌어도 문장을 나눔)
            continue
        if not line:
            close()
            continue
        fields = line.split("\t")
        if len(fields) != 2 or len(fields[0]) != 1:
            raise line_error(path, number, f"'글자<TAB>태그' 꼴이어야 하는데 {line[:30]!r}입니다.",
                             hint="KLUE-NER 형식은 한 줄에 글자 하나와 태그(B-PS, I-PS, O …)를 탭으로 나눕니다.")
        char, tag = fields
        if tag not in NER_TAGS:
            raise line_error(path, number, f"모르는 태그 {tag[:20]!r}입니다.",
                             hint=f"태그는 O 또는 B-/I- 뒤에 {', '.join(ENTITY_TYPES)} 중 하나입니다.")
        chars.append(char)
        tags.append(tag)
    close()
    if not examples:
        raise BertlabError(f"{Path(path).name}에 읽을 문장이 하나도 없습니다.",
                           hint="KLUE-NER 형식(한 줄에 '글자<TAB>태그', 문장 사이에 빈 줄)인지 확인하세요.")
    return examples


def tagged_sentence(text: str, tags) -> str:
    """KLUE의 머리줄처럼 개체를 ``<글자들:종류>``로 표시한 문장."""
    out, index = [], 0
    for start, end, kind in spans_of(tags):
        out += [text[index:start], f"<{text[start:end]}:{kind}>"]
        index = end
    return "".join(out + [text[index:]])


def spans_of(tags) -> list[tuple[int, int, str]]:
    """글자별 BIO 태그 -> 개체 ``(시작, 끝(미포함), 종류)`` 목록. B- 없이 시작한 I-도 개체의 시작으로 셉니다."""
    spans, start, kind = [], None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        inside = tag.startswith("I-") and kind == tag[2:]
        if start is not None and not inside:
            spans.append((start, i, kind))
            start, kind = None, None
        if tag != "O" and not inside:
            start, kind = i, tag[2:]
    return spans


def write_klue_ner_tsv(path: str | Path, rows: list[tuple[str, str, tuple[str, ...]]]) -> None:
    """``[(문장 id, 문장, 글자별 태그)]``를 KLUE-NER 공개 형식으로 씁니다."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(HEADER) + "\n")
        for sentence_id, text, tags in rows:
            out.write(f"## {sentence_id}\t{tagged_sentence(text, tags)}\n")
            out.write("".join(f"{char}\t{tag}\n" for char, tag in zip(text, tags)) + "\n")


def _read_with_ids(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """공유 원본 파일 -> ``[(문장 id, 문장, 태그)]``(부분집합에 원본 id를 남기려고)."""
    ids = [line[3:].split("\t")[0] for _, line in read_lines(path)
           if line.startswith("## klue-ner")]
    examples = read_klue_ner_tsv(path)
    if len(ids) != len(examples):
        raise BertlabError(f"{path.name}: 문장 id {len(ids):,}개와 문장 {len(examples):,}개의 수가 다릅니다.")
    return [(sentence_id, text, tags) for sentence_id, (text, tags) in zip(ids, examples)]


def select_klue_ner(path: str | Path, sizes: dict[str, int] = NER_SIZES, seed: int = NER_SEED) -> dict[str, list]:
    """``{split: [(id, 문장, 태그)]}``: 섞은 뒤 평가 → 검증 → 훈련(나머지). 같은 문장은 먼저 고른 몫에만."""
    rows = sorted(_read_with_ids(Path(path)))
    random.Random(seed).shuffle(rows)
    chosen, seen = {split: [] for split in (*sizes, "train")}, set()
    for row in rows:
        if row[1] in seen:
            continue
        seen.add(row[1])
        split = next((s for s, size in sizes.items() if len(chosen[s]) < size), "train")
        chosen[split].append(row)
    return chosen


def write_klue_ner(raw_path: Path, out_dir: Path, train_size: int | None = None, seed: int = NER_SEED) -> dict:
    """고른 문장을 ``<split>.tsv``(KLUE-NER 형식)로 쓰고 ``subset.json``·``README.md``를 남깁니다."""
    chosen = select_klue_ner(raw_path, NER_SIZES, seed)
    if train_size:
        chosen["train"] = chosen["train"][:train_size]
    for split, rows in chosen.items():
        write_klue_ner_tsv(out_dir / f"{split}.tsv", rows)
    record = {
        "dataset": "KLUE-NER v1.1 (dev 분할 5,000문장 중 공유 데이터에 있는 4,000문장)",
        "source": f"{KLUE_NER_FILE} (github.com/KLUE-benchmark/KLUE)",
        "source_sha256": file_sha256(raw_path),
        "licence": "CC BY-SA 4.0",
        "attribution": "KLUE Benchmark (Park et al., 2021, 'KLUE: Korean Language Understanding Evaluation'), "
                       "github.com/KLUE-benchmark/KLUE",
        "split_rule": "원본 id 순으로 정렬해 시드로 섞은 뒤 test 800 → validation 200 → train 나머지; "
                      "같은 문장은 먼저 고른 몫에만",
        "seed": seed, "command": "python -m bertlab.datasets.make_subsets klue-ner",
        "counts": {split: {"sentences": len(rows), "entities": sum(len(spans_of(tags)) for _, _, tags in rows),
                           "nsmc": sum(sid.endswith("nsmc") for sid, _, _ in rows),
                           "wikitree": sum(sid.endswith("wikitree") for sid, _, _ in rows)}
                   for split, rows in chosen.items()},
    }
    write_record(out_dir, record, _readme(record))
    return record


def _readme(record: dict) -> str:
    rows = "\n".join(f"| `{split}.tsv` | {c['sentences']:,} | {c['entities']:,} | {c['wikitree']:,} / {c['nsmc']:,} |"
                     for split, c in record["counts"].items())
    return f"""# KLUE-NER 내장 부분집합 (레슨 12, 과제 `ner`)

KLUE-NER v1.1 dev 분할의 실제 문장(**CC BY-SA 4.0**, {record['attribution']})을
`{record['command']}`가 시드 {record['seed']}로 나눈 것입니다. 형식은 KLUE가 공개한 그대로(한 줄에
`글자<TAB>태그`, 문장 앞에 `## 문장id<TAB>태그를 표시한 문장`, 문장 사이에 빈 줄)이고 문장 id는 원본 그대로입니다.
이 파일들도 같은 CC BY-SA 4.0 라이선스를 따릅니다(출처 표시, 같은 조건으로 배포; 라이선스 전문:
`../tokenizers/klue_bert/LICENSE.KLUE.md`).

| 파일 | 문장 | 개체 | 뉴스(wikitree) / 영화평(nsmc) |
|---|---|---|---|
{rows}

- 태그: BIO × PS(사람)·LC(장소)·OG(기관)·DT(날짜)·TI(시간)·QT(수량), 공백도 한 글자로 태그가 붙음.
- `test.tsv`는 평가에만 씁니다: 레슨의 60초 훈련도, 강의 체크포인트(`bertlab/checkpoints/ner`)도 이 문장으로
  훈련하지 않았습니다. `validation.tsv`는 훈련 중 최고 모델 고르기용입니다.
- 원본 파일의 SHA-256, 규칙과 개수: `subset.json`.
"""


def hub_row(row: dict) -> tuple[str, tuple[str, ...]] | None:
    """허브 ``klue/klue``(설정 ``ner``)의 행 -> 예제. 허브는 공백 글자를 줄 바꿈 없는 공백(U+00A0)으로 담기도 합니다."""
    chars = [" " if token in ("\xa0", "") or token.isspace() else token for token in row.get("tokens") or []]
    tags = tuple(HUB_TAGS[int(i)] for i in row.get("ner_tags") or [])
    if not chars or len(chars) != len(tags) or any(len(c) != 1 for c in chars):
        return None
    return "".join(chars), tags
