"""질의응답 데이터: SQuAD 형식 JSON(KorQuAD 1.0의 공개 형식) 읽고 쓰기, KorQuAD의 예약 문서 막기. 레슨 14.

예제는 ``((질문, 지문), 정답들)``입니다. 정답들은 ``((정답 글자열, 지문 안의 시작 글자 위치), ...)``이고 훈련에는
첫 정답을, 채점에는 모든 정답(가장 잘 맞는 것)을 씁니다.

KorQuAD 1.0 dev(``../shared/data/korquad/KorQuAD_v1.0_dev.json``, 문서 140개)의 **마지막 20개 문서(120-139)는 외부
평가용으로 예약**되어 어떤 코드도 읽으면 안 됩니다. ``read_korquad``는 JSON을 연 뒤 문단·질문을 건드리기 전에 문서
목록을 ``RESERVED_FROM``(120)에서 잘라 버리므로, 그 뒤 문서는 구조적으로 돌려줄 수 없습니다(120 이상을 달라고 하면
한국어 오류). 강의의 나눔: 문서 0-94 훈련, 95-99 검증(최고 모델 고르기), 100-119 평가.

KorQuAD는 CC BY-ND 2.0 KR(변경 금지)이고 예약 문서를 담은 파일이라 패키지에 넣지 않습니다. 오프라인 내장 데이터는
이 강의가 직접 쓴 한국어 지문(``bertlab/data/korean-qa``, MIT)입니다.
"""

from __future__ import annotations

import json
from pathlib import Path

from bertlab.errors import BertlabError

RESERVED_FROM = 120                       # KorQuAD dev 문서 120-139: 외부 평가용(읽지 않음)
KORQUAD_FILE = "korquad/KorQuAD_v1.0_dev.json"
KORQUAD_SPLITS = {"train": range(0, 95), "validation": range(95, 100), "test": range(100, 120)}


def _squad_error(path, where: str, problem: str) -> BertlabError:
    return BertlabError(f"SQuAD 형식이 아닙니다({path}, {where}): {problem}",
                        hint='{"data": [{"title", "paragraphs": [{"context", "qas": [{"id", "question", '
                             '"answers": [{"text", "answer_start"}]}]}]}]} 모양의 JSON을 주세요(KorQuAD 1.0과 같은 형식).')


def examples_from_articles(articles: list[dict], path="JSON") -> list[tuple]:
    """SQuAD의 ``data`` 목록(문서들) -> 예제 ``((질문, 지문), ((정답, 시작), ...))`` 목록. 정답이 지문과 다르면 오류."""
    examples = []
    for a, article in enumerate(articles):
        try:
            paragraphs = article["paragraphs"]
        except (KeyError, TypeError):
            raise _squad_error(path, f"{a}번 문서", "'paragraphs'가 없습니다") from None
        for p, paragraph in enumerate(paragraphs):
            context = paragraph.get("context") if isinstance(paragraph, dict) else None
            if not isinstance(context, str) or not context.strip():
                raise _squad_error(path, f"{a}번 문서 {p}번 문단", "'context'(지문)가 비었거나 없습니다")
            for qa in paragraph.get("qas", []):
                question = qa.get("question", "") if isinstance(qa, dict) else ""
                answers = []
                for answer in qa.get("answers", []) if isinstance(qa, dict) else []:
                    text, start = answer.get("text"), answer.get("answer_start")
                    if not isinstance(text, str) or not isinstance(start, int) or context[start:start + len(text)] != text:
                        raise _squad_error(path, f"질문 {qa.get('id', '?')}",
                                           f"정답 {text!r}가 지문의 {start}번째 글자에서 시작하지 않습니다")
                    answers.append((text, start))
                if not question.strip() or not answers:
                    raise _squad_error(path, f"질문 {qa.get('id', '?') if isinstance(qa, dict) else '?'}",
                                       "질문이나 정답이 비었습니다")
                examples.append(((question, context), tuple(answers)))
    return examples


def read_squad_json(path: str | Path) -> list[tuple]:
    """SQuAD(KorQuAD 1.0) 형식 JSON 파일 -> 예제 목록. KorQuAD dev 파일이면 예약 문서를 빼고 읽습니다."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BertlabError(f"JSON 파일을 읽지 못했습니다({type(exc).__name__}): {path}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise _squad_error(path, "맨 위", "'data' 목록이 없습니다")
    articles = data["data"]
    if is_korquad_dev(data):
        articles = articles[:RESERVED_FROM]       # 예약 문서는 문단을 보기 전에 버림
    return examples_from_articles(articles, path)


def is_korquad_dev(data: dict) -> bool:
    return str(data.get("version", "")).startswith("KorQuAD_v1.0_dev")


def read_korquad(path: str | Path, articles: range) -> list[tuple]:
    """KorQuAD 1.0 dev 파일에서 문서 ``articles``(예: ``range(0, 95)``)의 예제만. 120 이상은 예약이라 오류."""
    if min(articles, default=0) < 0 or max(articles, default=0) >= RESERVED_FROM:
        raise BertlabError(f"KorQuAD dev의 문서 {RESERVED_FROM}-139는 외부 평가용으로 예약되어 읽을 수 없습니다.",
                           hint=f"0-{RESERVED_FROM - 1}번 문서만 고르세요(강의: 0-94 훈련, 95-99 검증, 100-119 평가).")
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    usable = data["data"][:RESERVED_FROM]          # 예약 문서를 먼저 잘라 냄: 아래는 0-119만 봄
    del data
    return examples_from_articles([usable[i] for i in articles], path)


def korquad_splits(path: str | Path) -> dict[str, list]:
    """강의의 KorQuAD 나눔: 문서 0-94 훈련, 95-99 검증, 100-119 평가(``KORQUAD_SPLITS``)."""
    return {split: read_korquad(path, articles) for split, articles in KORQUAD_SPLITS.items()}


def write_squad_json(path: str | Path, articles: list[dict], version: str = "bertlab-korean-qa") -> Path:
    """문서 목록을 SQuAD 형식 JSON으로 씁니다(``{"version", "data"}``). 내장 데이터 만들기와 테스트가 씀."""
    path = Path(path)
    path.write_text(json.dumps({"version": version, "data": articles}, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
    return path


def squad_article(title: str, paragraphs: list[tuple[str, list[tuple[str, str]]]], prefix: str) -> dict:
    """``(지문, [(질문, 정답 글자열), ...])`` 목록 -> SQuAD 문서 하나. 정답의 시작 위치는 지문에서 처음 나오는 곳."""
    built = []
    for p, (context, questions) in enumerate(paragraphs):
        qas = []
        for q, (question, answer) in enumerate(questions):
            start = context.find(answer)
            if start < 0:
                raise BertlabError(f"정답 {answer!r}이 지문에 없습니다({title}).")
            qas.append({"id": f"{prefix}-{p}-{q}", "question": question,
                        "answers": [{"text": answer, "answer_start": start}]})
        built.append({"context": context, "qas": qas})
    return {"title": title, "paragraphs": built}


def hub_rows_before_reserved(rows) -> list[dict]:
    """허브의 ``squad_kor_v1`` validation(= KorQuAD 1.0 dev, 파일 순서): 앞의 120개 문서(제목이 바뀌는 곳으로 셈)만."""
    kept, titles, previous = [], 0, object()
    for row in rows:
        if row["title"] != previous:
            titles, previous = titles + 1, row["title"]
            if titles > RESERVED_FROM:
                break
        kept.append(row)
    return kept


def hub_row(row: dict) -> tuple | None:
    """허브 ``squad_kor_v1`` 행 -> 예제(``answers``: ``{"text": [...], "answer_start": [...]}``)."""
    answers = tuple(zip(row["answers"]["text"], row["answers"]["answer_start"]))
    return ((row["question"], row["context"]), answers) if answers else None
