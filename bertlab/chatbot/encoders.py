"""챗봇이 쓰는 문장 인코더 이름표(레슨 16). 이름 하나 -> ``encode(texts)``가 있는 인코더와 캐시 열쇠용 신원.

- ``ko-mini-bert-cls``: 강의의 작은 한국어 BERT, 사전 훈련만 한 ``[CLS]`` 벡터(시드 코드의 방식; 이방성 때문에 다 비슷해 보임).
- ``ko-mini-bert-mean``: 같은 모델, 평균 풀링.
- ``e5-small``: multilingual-e5-small 0-shot(평균 풀링, ``query: `` 접두어).
- ``sbert``: 강의 SBERT(``bertlab/checkpoints/sbert``: e5-small 위 4개 층을 KorSTS로 더 훈련, 레슨 15).
- ``chatbot``: 강의 챗봇 인코더(``bertlab/checkpoints/chatbot-encoder``: e5-small 위 4개 층을 같은 답 질문 쌍·KorSTS·NLI
  함의 쌍으로 ``MultipleNegativesRankingLoss`` 훈련, 과제 ``chatbot-encoder``).
모델 폴더를 주면: ``finetune.json``이 있는 SBERT 계열 폴더(``sbert``, ``sbert-nli``, ``chatbot-encoder``)는 그 모델,
아니면 평균 풀링한 ``PooledEncoder``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bertlab.datasets.subset_record import file_sha256
from bertlab.errors import BertlabError

MAX_LENGTH = 32                 # 챗봇 질문은 짧습니다(토큰 32개면 거의 모두 들어감)
ENCODERS = {
    "ko-mini-bert-cls": "ko-mini-bert [CLS](사전 훈련만 한)",
    "ko-mini-bert-mean": "ko-mini-bert 평균 풀링",
    "e5-small": "multilingual-e5-small 0-shot",
    "sbert": "강의 SBERT(e5-small + KorSTS)",
    "chatbot": "강의 챗봇 인코더(e5-small + 같은 답 질문 쌍)",
}
COURSE_TASKS = {"sbert": "sbert", "chatbot": "chatbot-encoder"}   # 이름 -> 강의 모델을 훈련한 과제(폴더는 그 과제가 앎)
DEFAULT_ENCODER = "chatbot"       # 바꿔 말하기 top-1이 가장 높고(0.826), 헛소리의 코사인이 가장 낮아 문턱값이 작동함(레슨 16)


@dataclass
class ChatEncoder:
    """인코더 + 신원. ``identity``가 같으면 같은 벡터가 나오므로 캐시 열쇠로 씁니다."""

    name: str
    title: str
    encoder: object
    identity: str

    def encode(self, texts: list[str], batch_size: int = 64):
        return self.encoder.encode(list(texts), batch_size=batch_size)


def _file_hash(path: Path) -> str:
    """가중치 파일 지문의 앞 16자리(캐시 열쇠용)."""
    return file_sha256(path)[:16]


def _sbert(folder: Path, name: str, title: str) -> ChatEncoder:
    """SBERT 계열 과제로 내보낸 폴더(기반 인코더 + 훈련한 가중치) -> 인코더."""
    from bertlab.finetuning.export import load_finetuned
    from bertlab.sentences.sbert import DELTA_FILE, SBERTTask

    tuned = load_finetuned(folder)
    if not isinstance(tuned.task, SBERTTask):
        raise BertlabError(f"'{tuned.task.name}' 과제의 모델은 문장 인코더가 아닙니다: {folder}",
                           hint="sbert, sbert-nli, chatbot-encoder 과제로 내보낸 폴더를 주세요.")
    tuned.model.max_seq_length = MAX_LENGTH
    return ChatEncoder(name, title, tuned.model, f"sbert:{_file_hash(folder / DELTA_FILE)}:mean:max{MAX_LENGTH}")


def load_encoder(name: str = DEFAULT_ENCODER) -> ChatEncoder:
    """이름(``ENCODERS``)이나 모델 폴더 -> ``ChatEncoder``. 모르는 이름은 있는 이름을 알려 주는 한국어 오류."""
    from bertlab.finetuning.tasks import get_task
    from bertlab.models import ensure_e5_checkpoint, offline_dir
    from bertlab.sentences.vectors import PooledEncoder

    if not isinstance(name, str) or not name.strip():
        raise BertlabError(f"인코더 이름은 글자여야 합니다(받은 값: {name!r}).", hint=f"있는 이름: {', '.join(ENCODERS)}")
    if name in ("ko-mini-bert-cls", "ko-mini-bert-mean"):
        pooling = name.rsplit("-", 1)[1]
        location = str(offline_dir("ko-mini-bert"))
        encoder = PooledEncoder(location, pooling, max_length=MAX_LENGTH, name=ENCODERS[name])
        return ChatEncoder(name, ENCODERS[name], encoder,
                           f"ko-mini-bert:{_file_hash(Path(location) / 'model.safetensors')}:{pooling}:max{MAX_LENGTH}")
    if name == "e5-small":
        location = ensure_e5_checkpoint()
        encoder = PooledEncoder(str(location), "mean", prefix="query: ", max_length=MAX_LENGTH, name=ENCODERS[name])
        return ChatEncoder(name, ENCODERS[name], encoder, f"e5-small:{location.name}:mean:query:max{MAX_LENGTH}")
    if name in COURSE_TASKS or name == "course":
        name = DEFAULT_ENCODER if name == "course" else name
        return _sbert(get_task(COURSE_TASKS[name]).course_checkpoint(), name, ENCODERS[name])
    folder = Path(name)
    if folder.is_dir() and (folder / "finetune.json").is_file():
        return _sbert(folder, folder.name, f"SBERT 폴더 {folder.name}")
    if folder.is_dir() and (folder / "config.json").is_file():
        weights = next(iter(sorted(folder.glob("*.safetensors"))), folder / "config.json")
        encoder = PooledEncoder(str(folder), "mean", max_length=MAX_LENGTH, name=f"{folder.name} 평균 풀링")
        return ChatEncoder(folder.name, encoder.name, encoder, f"dir:{_file_hash(weights)}:mean:max{MAX_LENGTH}")
    raise BertlabError(f"'{name}'이라는 챗봇 인코더는 없습니다.",
                       hint=f"있는 이름: {', '.join(ENCODERS)} (또는 모델 폴더)")
