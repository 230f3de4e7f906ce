"""문장 쌍 데이터셋의 공개 형식 읽기·쓰기: NLI(KLUE-NLI JSON, KorNLI TSV)와 STS(KorSTS TSV, KLUE-STS JSON).

레슨 13(과제 ``nli``·``sts``)과 ``python -m bertlab finetune|evaluate nli|sts --eval-file``이 씁니다. 예제는
``((문장 A, 문장 B), 정답)``이고, 정답은 NLI면 클래스 번호(``NLI_LABELS`` 순서), STS면 0-5의 유사도(float)입니다.
틀린 파일은 ``formats.line_error``처럼 몇째 줄(JSON이면 몇째 항목)이 왜 틀렸는지 한국어로 알립니다.

- ``read_nli``: 확장자로 고름. ``.json``은 KLUE-NLI(``premise``, ``hypothesis``, ``gold_label``의 목록),
  그 밖은 KorNLI TSV(머리줄 ``sentence1<TAB>sentence2<TAB>gold_label``).
- ``read_sts``: ``.json``은 KLUE-STS(``sentence1``, ``sentence2``, ``labels.label``), 그 밖은 KorSTS TSV
  (머리줄 ``genre filename year id score sentence1 sentence2``).
- ``write_klue_nli_json``, ``write_korsts_tsv``: 내장 부분집합(``bertlab/data/nli``, ``bertlab/data/sts``)을 씁니다.
"""

from __future__ import annotations

import json
from pathlib import Path

from bertlab.datasets.formats import line_error, read_lines
from bertlab.errors import BertlabError

NLI_LABELS = ("entailment", "neutral", "contradiction")   # KLUE·KorNLI의 순서(클래스 번호)
NLI_LABELS_KO = ("함의", "중립", "모순")
KORNLI_COLUMNS = ("sentence1", "sentence2", "gold_label")
KORSTS_COLUMNS = ("genre", "filename", "year", "id", "score", "sentence1", "sentence2")
STS_RANGE = (0.0, 5.0)


def _nli_label(value, where) -> int:
    label = str(value).strip().lower()
    if label not in NLI_LABELS:
        raise where(f"gold_label은 entailment·neutral·contradiction 중 하나여야 하는데 {str(value)[:20]!r}입니다.",
                    "NLI 정답은 함의(entailment), 중립(neutral), 모순(contradiction) 셋 중 하나입니다.")
    return NLI_LABELS.index(label)


def _sts_score(value, where) -> float:
    try:
        score = float(value)
    except (TypeError, ValueError):
        raise where(f"유사도 점수가 숫자가 아닙니다({str(value)[:20]!r}).", "STS 점수는 0에서 5 사이의 수입니다.") from None
    if not STS_RANGE[0] <= score <= STS_RANGE[1]:
        raise where(f"유사도 점수는 0-5여야 하는데 {score}입니다.", "STS 점수는 0(무관)에서 5(같은 뜻) 사이입니다.")
    return score


def _read_json_records(path: str | Path, kind: str) -> list[dict]:
    text = "".join(line for _, line in read_lines(path))  # 파일 없음·UTF-8 오류는 read_lines가 한국어로
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        raise line_error(path, exc.lineno, f"JSON으로 읽을 수 없습니다({exc.msg}).",
                         hint=f"{kind} 형식은 항목 사전들의 JSON 목록([{{...}}, {{...}}])입니다.") from None
    if isinstance(records, dict) and isinstance(records.get("data"), list):
        records = records["data"]
    if not isinstance(records, list):
        raise BertlabError(f"{Path(path).name}: {kind} 형식은 항목들의 JSON 목록이어야 합니다.")
    return records


def _record_error(path, index: int):
    def where(problem: str, hint: str | None = None) -> BertlabError:
        return BertlabError(f"{Path(path).name} {index + 1:,}번째 항목: {problem}", hint=hint)
    return where


def _pair(record: dict, first: str, second: str, where) -> tuple[str, str] | None:
    if not isinstance(record, dict) or first not in record or second not in record:
        raise where(f"'{first}'와 '{second}' 키가 있어야 합니다.")
    a, b = (" ".join(str(record[key] or "").split()) for key in (first, second))
    return (a, b) if a and b else None


def read_klue_nli_json(path: str | Path) -> list[tuple[tuple[str, str], int]]:
    """KLUE-NLI JSON(``[{"premise", "hypothesis", "gold_label", ...}]``) -> ``[((전제,가설), 클래스 번호)]``."""
    examples = []
    for index, record in enumerate(_read_json_records(path, "KLUE-NLI")):
        where = _record_error(path, index)
        pair = _pair(record, "premise", "hypothesis", where)
        label = _nli_label(record.get("gold_label", ""), where)
        if pair:
            examples.append((pair, label))
    return _non_empty(examples, path, "KLUE-NLI JSON(premise, hypothesis, gold_label의 목록)")


def read_kornli_tsv(path: str | Path) -> list[tuple[tuple[str, str], int]]:
    """KorNLI TSV(``sentence1<TAB>sentence2<TAB>gold_label``, 머리줄 선택) -> ``[((전제, 가설), 클래스 번호)]``."""
    examples = []
    for number, line in read_lines(path):
        fields = line.rstrip("\r\n").split("\t")
        if not line.strip() or (number == 1 and tuple(f.strip() for f in fields) == KORNLI_COLUMNS):
            continue
        if len(fields) != 3:
            raise line_error(path, number, f"칸이 3개(sentence1, sentence2, gold_label)여야 하는데 {len(fields)}개입니다.",
                             hint="KorNLI 형식은 한 줄에 전제, 가설, 정답을 탭으로 나눕니다.")
        label = _nli_label(fields[2], lambda problem, hint=None: line_error(path, number, problem, hint))
        a, b = (" ".join(f.split()) for f in fields[:2])
        if a and b:
            examples.append(((a, b), label))
    return _non_empty(examples, path, "KorNLI TSV(sentence1, sentence2, gold_label)")


def read_korsts_tsv(path: str | Path) -> list[tuple[tuple[str, str], float]]:
    """KorSTS TSV(``genre filename year id score sentence1 sentence2``) -> ``[((문장 A, 문장 B), 점수 0-5)]``."""
    examples = []
    for number, line in read_lines(path):
        fields = line.rstrip("\r\n").split("\t")
        if not line.strip() or (number == 1 and tuple(f.strip() for f in fields) == KORSTS_COLUMNS):
            continue
        if len(fields) != len(KORSTS_COLUMNS):
            raise line_error(path, number, f"칸이 7개(genre, filename, year, id, score, sentence1, sentence2)여야 하는데 "
                                           f"{len(fields)}개입니다.", hint="KorSTS 형식은 일곱 칸을 탭으로 나눕니다.")
        score = _sts_score(fields[4], lambda problem, hint=None: line_error(path, number, problem, hint))
        a, b = (" ".join(f.split()) for f in fields[5:])
        if a and b:
            examples.append(((a, b), score))
    return _non_empty(examples, path, "KorSTS TSV(genre, filename, year, id, score, sentence1, sentence2)")


def read_klue_sts_json(path: str | Path) -> list[tuple[tuple[str, str], float]]:
    """KLUE-STS JSON(``[{"sentence1", "sentence2", "labels": {"label", "real-label", ...}}]``) -> ``[((A, B), 점수)]``."""
    examples = []
    for index, record in enumerate(_read_json_records(path, "KLUE-STS")):
        where = _record_error(path, index)
        pair = _pair(record, "sentence1", "sentence2", where)
        labels = record.get("labels")
        value = labels.get("label", labels.get("real-label")) if isinstance(labels, dict) else record.get("label")
        score = _sts_score(value, where)
        if pair:
            examples.append((pair, score))
    return _non_empty(examples, path, "KLUE-STS JSON(sentence1, sentence2, labels.label의 목록)")


def read_nli(path: str | Path) -> list[tuple[tuple[str, str], int]]:
    """NLI 파일: ``.json``이면 KLUE-NLI, 아니면 KorNLI TSV."""
    return read_klue_nli_json(path) if Path(path).suffix.lower() == ".json" else read_kornli_tsv(path)


def read_sts(path: str | Path) -> list[tuple[tuple[str, str], float]]:
    """STS 파일: ``.json``이면 KLUE-STS, 아니면 KorSTS TSV."""
    return read_klue_sts_json(path) if Path(path).suffix.lower() == ".json" else read_korsts_tsv(path)


def _non_empty(examples: list, path, described: str) -> list:
    if not examples:
        raise BertlabError(f"{Path(path).name}에 읽을 문장 쌍이 하나도 없습니다.", hint=f"{described} 형식인지 확인하세요.")
    return examples


def write_klue_nli_json(path: str | Path, records: list[dict]) -> None:
    """KLUE-NLI 형식(``guid, source, premise, hypothesis, gold_label``)으로, 항목 하나에 한 줄씩 씁니다."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({k: r[k] for k in ("guid", "source", "premise", "hypothesis", "gold_label")},
                        ensure_ascii=False) for r in records]
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")


def write_korsts_tsv(path: str | Path, rows: list[list[str]]) -> None:
    """KorSTS 형식(머리줄 포함, 일곱 칸)으로 씁니다. 칸 안의 탭·줄바꿈은 공백으로."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(KORSTS_COLUMNS) + "\n")
        for row in rows:
            out.write("\t".join(" ".join(str(field).split()) for field in row) + "\n")
