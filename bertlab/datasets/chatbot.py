"""챗봇 데이터 읽기(레슨 16, ``bertlab.chatbot``이 씀): ChatbotData.csv(질문·답 11,823쌍, MIT)와 바꿔 말하기 평가 세트.

- ``load_chatbot_pairs()``: 패키지에 든 ``bertlab/data/chatbot/ChatbotData.csv`` 전체(github.com/songys/Chatbot_data).
- ``read_paraphrases(path)``: ``행번호<TAB>질문`` 파일 -> ``[(질문, 행번호)]``. 행번호는 머리줄을 뺀 0부터의 데이터 행.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from bertlab.errors import BertlabError

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "chatbot"
DATA_FILE = DATA_DIR / "ChatbotData.csv"
DEV_FILE = DATA_DIR / "paraphrases_dev.tsv"
SOURCE_URL = "https://github.com/songys/Chatbot_data"
LABEL_NAMES = {0: "일상", 1: "이별(부정)", 2: "사랑(긍정)"}


@dataclass(frozen=True)
class ChatbotPairs:
    """질문 N개와 짝지은 답 N개, 레이블 N개(0 일상, 1 이별, 2 사랑). ``fingerprint``: 질문 목록의 해시(캐시 열쇠)."""

    questions: list[str]
    answers: list[str]
    labels: list[int]

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256("\n".join(self.questions).encode("utf-8"))
        return digest.hexdigest()[:16]

    def __len__(self) -> int:
        return len(self.questions)


def load_chatbot_pairs(path: str | Path | None = None) -> ChatbotPairs:
    """ChatbotData 형식(머리줄 ``Q,A,label``)의 CSV -> ``ChatbotPairs``. 기본은 패키지에 든 원본 전체."""
    path = Path(path) if path is not None else DATA_FILE
    if not path.is_file():
        raise BertlabError(f"챗봇 데이터 파일이 없습니다: {path}",
                           hint=f"강의 저장소를 다시 내려받거나 원본({SOURCE_URL})의 ChatbotData.csv를 주세요.")
    questions, answers, labels = [], [], []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                questions.append(row["Q"].strip())
                answers.append(row["A"].strip())
                labels.append(int(row["label"].strip()))
            except (KeyError, ValueError, AttributeError) as exc:
                raise BertlabError(f"{path}의 {number}번째 줄을 읽지 못했습니다(머리줄 Q,A,label).") from exc
    return ChatbotPairs(questions, answers, labels)


def read_paraphrases(path: str | Path, rows: int | None = None) -> list[tuple[str, int]]:
    """``행번호<TAB>질문`` 파일 -> ``[(질문, 행번호)]``. 머리줄 ``row<TAB>query``와 ``#`` 줄, 빈 줄은 건너뜁니다.

    rows: 데이터의 행 수(주면 범위를 벗어난 행번호를 줄 번호와 함께 알립니다).
    """
    path = Path(path)
    if not path.is_file():
        raise BertlabError(f"평가 파일이 없습니다: {path}", hint="한 줄에 `행번호<TAB>질문` 형식의 파일을 주세요.")
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#") or (number == 1 and line.lower().startswith("row\t")):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip().isdigit() or not parts[1].strip():
            raise BertlabError(f"{path}의 {number}번째 줄이 `행번호<TAB>질문` 형식이 아닙니다: {line[:60]!r}")
        row = int(parts[0])
        if rows is not None and row >= rows:
            raise BertlabError(f"{path}의 {number}번째 줄: 행번호 {row}는 데이터({rows:,}행) 밖입니다.")
        examples.append((parts[1].strip(), row))
    if not examples:
        raise BertlabError(f"평가 파일에 예제가 없습니다: {path}")
    return examples


def answer_groups(pairs: ChatbotPairs) -> list[list[int]]:
    """같은 답을 가진 질문들의 행 번호 묶음(둘 이상인 묶음만, 데이터 순서). 챗봇 인코더 훈련(레슨 16)의 양성 쌍 재료.

    ChatbotData에는 답이 같은 질문이 2,934묶음(6,978행) 있습니다: "가스비 장난 아님"과 "가스비 너무 많이
    나왔다"처럼 같은 답을 받는 말은 챗봇에게 같은 뜻입니다.
    """
    by_answer: dict[str, list[int]] = {}
    for row, answer in enumerate(pairs.answers):
        by_answer.setdefault(answer, []).append(row)
    return [rows for rows in by_answer.values() if len(rows) > 1]


def held_out_group(rows: list[int], pairs: ChatbotPairs, buckets: int = 20) -> int:
    """묶음을 답 글의 해시로 ``buckets``칸 중 하나에 둡니다(0: 검증, 1: 평가, 나머지: 훈련). 시드와 무관하게 늘 같음."""
    digest = hashlib.sha256(pairs.answers[rows[0]].encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % buckets


def chain_pairs(rows: list[int]) -> list[tuple[int, int]]:
    """묶음 [a, b, c, d] -> (a, b), (b, c), (c, d): 묶음마다 (크기 - 1)쌍만. 큰 묶음(22행)이 훈련을 덮지 않고,
    한 배치에 같은 묶음이 두 번 들어가(서로를 '오답'으로 밀어내는) 일도 드뭅니다."""
    return list(zip(rows, rows[1:]))
