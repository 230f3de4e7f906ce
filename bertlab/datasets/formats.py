"""데이터셋이 공개된 그 형식 그대로 읽기(파인 튜닝 레슨 11-16과 ``python -m bertlab finetune|evaluate``).

과제마다 원래 데이터셋의 파일 형식을 읽습니다. 강사가 자기 데이터를 같은 형식으로 만들어 ``--eval-file``로
주면 그대로 채점할 수 있도록, 잘못된 파일은 traceback 대신 **몇째 줄이 왜 틀렸는지** 한국어로 알립니다
(``BertlabError``). 내장 부분집합(``bertlab/data/``)도 같은 형식이라 같은 함수로 읽습니다.

- ``read_nsmc_tsv``: NSMC(네이버 영화 리뷰)의 ``id<TAB>document<TAB>label`` (레슨 11, 과제 ``sentiment``).

새 형식(KLUE-NER TSV, KLUE-NLI JSON, KorSTS TSV, SQuAD JSON …)을 더할 때는 ``read_lines``로 줄을 읽고
``line_error``로 오류를 만들면 됩니다.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from bertlab.errors import BertlabError

NSMC_COLUMNS = ("id", "document", "label")


def line_error(path: str | Path, number: int, problem: str, hint: str | None = None) -> BertlabError:
    """``파일 N번째 줄: 문제`` 꼴의 한국어 오류."""
    return BertlabError(f"{Path(path).name} {number:,}번째 줄: {problem}", hint=hint)


def read_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """(줄 번호(1부터), 줄 끝 개행을 뗀 내용). 파일이 없거나 UTF-8이 아니면 한국어 오류."""
    path = Path(path)
    if not path.is_file():
        raise BertlabError(f"파일이 없습니다: {path}", hint="경로가 맞는지, 폴더가 아니라 파일인지 확인하세요.")
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise line_error(path, number, "UTF-8로 읽을 수 없는 글자가 있습니다.",
                                 hint="파일을 UTF-8로 저장하세요(엑셀이라면 'CSV UTF-8' 또는 탭 구분 UTF-8).") from None
            yield number, line.lstrip("\ufeff") if number == 1 else line  # 엑셀이 붙이는 BOM은 뗌


def read_nsmc_tsv(path: str | Path) -> list[tuple[str, int]]:
    """NSMC 형식 ``id<TAB>document<TAB>label``(label: 0 부정, 1 긍정)을 읽어 ``[(리뷰, 레이블)]``.

    첫 줄이 머리줄(``id document label``)이면 건너뜁니다. 빈 줄과 리뷰가 빈 줄은 NSMC 원본에도 있어 뺍니다.
    칸 수가 다르거나 레이블이 0·1이 아니면 그 줄 번호를 말하는 ``BertlabError``를 냅니다.
    """
    examples = []
    for number, line in read_lines(path):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        fields = line.split("\t")
        if number == 1 and tuple(f.strip().lower() for f in fields) == NSMC_COLUMNS:
            continue
        if len(fields) != 3:
            raise line_error(path, number, f"칸이 3개(id, document, label)여야 하는데 {len(fields)}개입니다.",
                             hint="NSMC 형식은 한 줄에 id, document, label 세 칸을 탭으로 나눕니다(머리줄도 같음).")
        review_id, document, label = fields
        if label.strip() not in ("0", "1"):
            raise line_error(path, number, f"label은 0(부정)이나 1(긍정)이어야 하는데 {label.strip()[:20]!r}입니다.",
                             hint="NSMC 형식의 세 번째 칸이 레이블입니다(평점 1-4는 0, 9-10은 1).")
        if document.strip():
            examples.append((document.strip(), int(label)))
    if not examples:
        raise BertlabError(f"{Path(path).name}에 읽을 리뷰가 하나도 없습니다.",
                           hint="NSMC 형식(머리줄 id, document, label 다음에 한 줄에 리뷰 하나, 탭으로 나눔)인지 확인하세요.")
    return examples


def write_nsmc_tsv(path: str | Path, rows: list[tuple[str, str, int]]) -> None:
    """``[(id, 리뷰, 레이블)]``을 NSMC 형식으로 씁니다(머리줄 포함). 리뷰 안의 탭·줄바꿈은 공백으로."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(NSMC_COLUMNS) + "\n")
        for review_id, document, label in rows:
            out.write(f"{review_id}\t{' '.join(document.split())}\t{int(label)}\n")
