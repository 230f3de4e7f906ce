"""질문 벡터 색인(레슨 16): 모든 질문을 한 번만 벡터로 만들고 디스크에 캐시, 질문 하나는 행렬 곱 한 번 + top-k.

캐시 파일: ``platformdirs.user_cache_dir("bertlab")/chatbot/<열쇠>.pt``(환경 변수 ``BERTLAB_CACHE_DIR``가 있으면 그 아래).
열쇠 = 인코더 신원(모델 가중치 해시, 풀링, 접두어, 최대 길이) + 데이터 지문(질문 목록 해시). 둘 중 하나라도 바뀌면 다른
파일이라 다시 만들고, 파일이 깨졌거나 내용이 열쇠와 맞지 않아도 다시 만듭니다.

e5 크기의 인코더는 2코어 CPU에서 색인에 몇 분이 걸려 노트북 예산(90초)을 넘으므로, 강의의 기본 인코더(강의 챗봇 인코더) 색인은
float16으로 패키지에 넣어 두었습니다(``bertlab/data/chatbot/index/<열쇠>.pt``, ``python -m bertlab.chatbot.index``가
만듦). 캐시가 없으면 열쇠가 같은 패키지 파일을 캐시로 복사해 씁니다(``source == "package"``).
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import torch

from bertlab.chatbot.data import DATA_DIR, ChatbotPairs

PACKAGED = DATA_DIR / "index"


def cache_dir() -> Path:
    """챗봇 색인 캐시 폴더."""
    root = os.environ.get("BERTLAB_CACHE_DIR")
    if not root:
        import platformdirs

        root = platformdirs.user_cache_dir("bertlab")
    return Path(root) / "chatbot"


def cache_key(identity: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{identity}|{fingerprint}".encode("utf-8")).hexdigest()[:24]


@dataclass
class ChatIndex:
    """질문 벡터 (N, H)(길이 1)와 질문·답. ``source``: "built"(방금 만듦) | "cache"(디스크에서 읽음), ``seconds``: 걸린 시간."""

    encoder: object
    pairs: ChatbotPairs
    vectors: torch.Tensor
    source: str = "built"
    seconds: float = 0.0

    def scores(self, queries: list[str]) -> torch.Tensor:
        """질문 Q개 -> 모든 저장 질문과의 코사인 (Q, N): 길이 1 벡터끼리 행렬 곱 한 번."""
        from bertlab.sentences.vectors import cosine_matrix, encode_sentences

        return cosine_matrix(encode_sentences(self.encoder, queries), self.vectors)

    def search(self, queries: list[str], k: int = 5) -> tuple[torch.Tensor, torch.Tensor]:
        """질문 Q개 -> (점수 (Q, k), 행 번호 (Q, k)), 점수가 큰 순."""
        k = max(1, min(int(k), len(self.pairs)))
        return torch.topk(self.scores(queries), k, dim=-1)


def _encode_by_length(encoder, texts: list[str], batch_size: int) -> torch.Tensor:
    """길이순으로 묶어(패딩이 적음) 인코딩한 뒤 원래 순서로: (N, H), 길이 1."""
    from bertlab.sentences.vectors import encode_sentences

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vectors = encode_sentences(encoder, [texts[i] for i in order], batch_size)   # (N, H) 길이순
    restored = torch.empty_like(vectors)
    restored[torch.tensor(order)] = vectors
    return restored


def _load(path: Path, key: str, rows: int) -> torch.Tensor | None:
    """캐시 파일 -> (N, H) float32, 없거나 깨졌거나 열쇠·행 수가 맞지 않으면 None."""
    if not path.is_file():
        return None
    try:
        saved = torch.load(path, map_location="cpu", weights_only=True)
        vectors = saved["vectors"].float()
        if saved.get("key") != key or vectors.ndim != 2 or vectors.shape[0] != rows or not torch.isfinite(vectors).all():
            return None
        return vectors
    except Exception:  # noqa: BLE001 - 깨진 캐시는 무엇이 잘못됐든 다시 만듭니다
        return None


def _save(path: Path, key: str, identity: str, vectors: torch.Tensor) -> None:
    """(N, H) 벡터를 float16으로 캐시 파일에. 쓰지 못하면 알리고 넘어갑니다(다음에 다시 만듦)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        torch.save({"key": key, "identity": identity, "vectors": vectors.half()}, temporary)
        temporary.replace(path)                            # 반쯤 쓴 파일을 다른 프로세스가 읽지 않게
    except OSError as exc:
        print(f"색인 캐시를 쓰지 못했습니다({exc}); 다음에도 다시 만듭니다.", file=sys.stderr)


def build_index(encoder, pairs: ChatbotPairs, *, cache: bool = True, folder: str | Path | None = None,
                batch_size: int = 128, quiet: bool = False, packaged: bool = True) -> ChatIndex:
    """모든 질문을 벡터로(캐시가 맞으면 읽기만). encoder: ``ChatEncoder``(``identity`` 필요; 없으면 캐시 안 씀).

    packaged: 캐시가 없을 때 패키지에 든 색인을 쓸지(벤치마크는 새로 만드는 시간을 재려고 False).
    """
    started = time.perf_counter()
    identity = getattr(encoder, "identity", None)
    path = None
    if cache and identity:
        key = cache_key(identity, pairs.fingerprint)
        path = Path(folder) if folder is not None else cache_dir()
        path = path / f"{key}.pt"
        vectors = _load(path, key, len(pairs))
        if vectors is not None:
            return ChatIndex(encoder, pairs, vectors, "cache", time.perf_counter() - started)
        vectors = _load(PACKAGED / f"{key}.pt", key, len(pairs)) if packaged else None
        if vectors is not None:
            _save(path, key, identity, vectors)
            return ChatIndex(encoder, pairs, vectors, "package", time.perf_counter() - started)
    if not quiet:
        print(f"질문 {len(pairs):,}개를 벡터로 만듭니다({getattr(encoder, 'title', encoder)})…", file=sys.stderr, flush=True)
    vectors = _encode_by_length(encoder, pairs.questions, batch_size).half().float()   # 캐시와 같은 값
    if path is not None:
        _save(path, key, identity, vectors)
    return ChatIndex(encoder, pairs, vectors, "built", time.perf_counter() - started)


def package_index(name: str = "chatbot") -> Path:
    """인코더 ``name``의 색인을 만들어(캐시가 있으면 읽어) 패키지 폴더에 넣습니다. 강의 개발자용."""
    import shutil

    from bertlab.chatbot.data import load_chatbot_pairs
    from bertlab.chatbot.encoders import load_encoder

    encoder, pairs = load_encoder(name), load_chatbot_pairs()
    index = build_index(encoder, pairs)
    key = cache_key(encoder.identity, pairs.fingerprint)
    PACKAGED.mkdir(parents=True, exist_ok=True)
    target = PACKAGED / f"{key}.pt"
    shutil.copyfile(cache_dir() / f"{key}.pt", target)
    print(f"{encoder.title}: {tuple(index.vectors.shape)} -> {target}")
    return target


if __name__ == "__main__":
    package_index(*sys.argv[1:2])
