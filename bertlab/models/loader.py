"""모델을 불러오는 단 하나의 방법(레슨 00부터 모든 레슨에서 사용).

레슨은 역할(role)을 요청하고, 이 모듈이 역할을 실제 체크포인트로 정합니다:

1. ``source=`` 인자나 ``BERTLAB_MODEL_<ROLE>`` 환경 변수가 있으면 그 허브 ID/로컬 디렉터리(사용자 지정)
2. 역할의 허브 모델이 이미 캐시에 있으면 그것(네트워크 없이)
3. 허브에 연결되면 허브 모델(온라인)
4. 아니면 오프라인 기본 모델(레지스트리 패키지가 싣고 온 모델, 또는 강의가 직접 만든 모델)

어느 경우든 같은 ``from_pretrained`` 코드로 불러오며, 어텐션을 돌려받을 수 있도록 항상
``attn_implementation="eager"``를 씁니다. 한 번 불러온 모델은 프로세스 안에서 재사용합니다.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bertlab.errors import BertlabError, ModelUnavailableError, josa
from bertlab.models.heads import check_head_available
from bertlab.models.info import ModelInfo
from bertlab.models.roles import HEADS, Role, get_role
from bertlab.models.sources import DESCRIPTIONS, offline_dir
from bertlab.models.network import network_status


@dataclass(frozen=True)
class Resolution:
    """역할이 지금 어떤 체크포인트로 정해졌는지."""

    name: str
    location: str      # 허브 ID 또는 로컬 디렉터리
    mode: str          # online | cached | offline | override
    reason: str
    local_only: bool

    def _repr_html_(self) -> str:
        from bertlab.models.info import resolution_badge_html

        return resolution_badge_html(self)


@dataclass
class LoadedModel:
    """``load()``의 결과: 모델(eval 모드), 빠른 토크나이저, 상태 정보."""

    model: Any
    tokenizer: Any
    info: ModelInfo

    def __iter__(self):  # model, tokenizer = load(...)
        return iter((self.model, self.tokenizer))

    def _repr_html_(self) -> str:
        return self.info.badge_html()

    def __repr__(self) -> str:
        return self.info.summary()


_CACHE: dict[tuple[str, str, str], LoadedModel] = {}


def _is_cached_on_hub(repo_id: str, filename: str = "config.json") -> bool:
    if Path(repo_id).exists():
        return False
    try:
        from huggingface_hub import try_to_load_from_cache

        return isinstance(try_to_load_from_cache(repo_id, filename), str)
    except Exception:  # 캐시 확인이 실패하면 캐시가 없는 것으로 봅니다.
        return False


def _override_for(role: Role, source: str | None) -> str | None:
    if source is not None:
        if not isinstance(source, (str, os.PathLike)) or not str(source).strip():
            raise BertlabError("source에는 허브 모델 ID나 로컬 디렉터리 경로(문자열)를 넣어 주세요.")
        return str(source)
    return os.environ.get(role.env_var) or None


def _offline_resolution(role: Role, why: str) -> Resolution:
    if role.offline_source is None:
        raise ModelUnavailableError(
            f"{role.title}({role.key})에는 오프라인 기본 모델이 없습니다. {why}",
            hint=f"인터넷에 연결된 환경에서 실행하면 {role.online_id}를 씁니다.",
        )
    path = offline_dir(role.offline_source)
    reason = f"{why} 오프라인 기본 모델: {DESCRIPTIONS[role.offline_source]}."
    return Resolution(role.offline_source, str(path), "offline", reason, True)


def resolve(role_key: str, source: str | None = None) -> Resolution:
    """역할 -> 체크포인트 결정(모델은 아직 불러오지 않음). 최대 몇 초 안에 끝납니다."""
    role = get_role(role_key)
    override = _override_for(role, source)
    if override:
        local = Path(override).expanduser()
        if local.exists():
            return Resolution(local.name, str(local), "override", f"직접 지정한 로컬 모델입니다: {local}", True)
        status = network_status()
        return Resolution(override, override, "override", "직접 지정한 허브 모델입니다.", not status.online)
    if _is_cached_on_hub(role.online_id, role.cache_probe):
        return Resolution(role.online_id, role.online_id, "cached",
                          "실제 허브 모델이 이미 내려받아져 있어 그것을 씁니다.", True)
    status = network_status()
    if status.online:
        return Resolution(role.online_id, role.online_id, "online",
                          f"{status.reason} 실제 허브 모델을 씁니다.", False)
    return _offline_resolution(role, status.reason)


def _from_pretrained(auto_cls, location: str, local_only: bool, **kwargs):
    from bertlab.models.quiet import quiet_transformers

    with quiet_transformers():
        return auto_cls.from_pretrained(location, local_files_only=local_only, **kwargs)


def _auto_class(head: str):
    import transformers

    return {
        "base": transformers.AutoModel,
        "mlm": transformers.AutoModelForMaskedLM,
        "pretraining": transformers.AutoModelForPreTraining,
    }[head]


def _load_resolved(role: Role, res: Resolution, head: str) -> LoadedModel:
    started = time.perf_counter()
    check_head_available(res.location, head, res.name)
    try:
        import torch

        # 체크포인트가 fp16으로 저장되어 있어도 CPU에서는 float32로 계산합니다(정확도와 속도 모두 유리).
        model = _from_pretrained(_auto_class(head), res.location, res.local_only, attn_implementation="eager",
                                 dtype=torch.float32)
        tokenizer = _from_pretrained(_tokenizer_class(), res.location, res.local_only)
    except BertlabError:
        raise
    except Exception as exc:  # transformers 내부 오류를 한국어 한 문장으로 바꿉니다.
        raise ModelUnavailableError(
            f"모델 '{res.name}'을(를) 불러오지 못했습니다 ({type(exc).__name__}).",
            hint="허브 ID나 경로가 맞는지, 인터넷 연결 또는 캐시 폴더가 온전한지 확인하세요. "
            "`python -m bertlab doctor`가 환경을 점검해 줍니다.",
        ) from exc
    model.eval()
    cfg = model.config
    info = ModelInfo(
        role=role.key, role_title=role.title, name=res.name, mode=res.mode, reason=res.reason,
        location=res.location, head=head, num_layers=cfg.num_hidden_layers, hidden_size=cfg.hidden_size,
        num_heads=cfg.num_attention_heads, vocab_size=cfg.vocab_size,
        num_parameters=sum(p.numel() for p in model.parameters()),
        load_seconds=time.perf_counter() - started,
    )
    return LoadedModel(model, tokenizer, info)


def _tokenizer_class():
    import transformers

    return transformers.AutoTokenizer


def load(role: str, head: str = "base", source: str | None = None) -> LoadedModel:
    """역할에 맞는 모델과 토크나이저를 불러옵니다.

    head: ``"base"``(인코더), ``"mlm"``(마스크드 언어 모델 헤드), ``"pretraining"``(MLM+NSP 헤드).
    source: 허브 ID나 로컬 디렉터리로 직접 지정(생략하면 역할의 기본값).
    """
    if head not in HEADS:
        raise BertlabError(f"head는 {', '.join(HEADS)} 중 하나여야 합니다(받은 값: {head!r}).")
    role_obj = get_role(role)
    if role_obj.tokenizer_only:
        raise BertlabError(
            f"{josa(repr(role), '은/는')} 토크나이저만 있는 역할입니다(레슨 17).",
            hint=f'load_tokenizer("{role}")로 토크나이저를 불러오세요. 모델까지 쓰려면 '
            f'load("ko-encoder", source="{role_obj.online_id}")처럼 허브 ID를 주세요(온라인).',
        )
    res = resolve(role, source)
    key = (role, head, res.location)
    if key in _CACHE:
        return _CACHE[key]
    try:
        loaded = _load_resolved(role_obj, res, head)
    except ModelUnavailableError:
        if res.mode != "online":
            raise
        # 온라인 모델 내려받기가 중간에 실패하면 오프라인 기본 모델로 물러섭니다.
        res = _offline_resolution(role_obj, "허브 모델을 내려받지 못했습니다.")
        loaded = _load_resolved(role_obj, res, head)
    _CACHE[key] = loaded
    return loaded


_TOKENIZER_CACHE: dict[str, Any] = {}
_TOKENIZER_USED: dict[tuple[str, str | None], Resolution] = {}


def _read_tokenizer(role: Role, res: Resolution):
    if role.tokenizer_format == "sentencepiece":
        from bertlab.models.sentencepiece_vocab import kobert_tokenizer

        return kobert_tokenizer(res.location, res.local_only)
    return _from_pretrained(_tokenizer_class(), res.location, res.local_only)


def _tokenizer_for(role: Role, res: Resolution):
    if res.location not in _TOKENIZER_CACHE:
        try:
            _TOKENIZER_CACHE[res.location] = _read_tokenizer(role, res)
        except BertlabError:
            raise
        except Exception as exc:
            raise ModelUnavailableError(
                f"'{res.name}'의 토크나이저를 불러오지 못했습니다 ({type(exc).__name__}).",
                hint="`python -m bertlab doctor`로 환경을 점검하세요.",
            ) from exc
    return _TOKENIZER_CACHE[res.location]


def load_tokenizer(role: str, source: str | None = None):
    """모델 없이 토크나이저만 불러옵니다(토큰화만 보여 주는 레슨 03, 04, 17에서 메모리·시간 절약).

    같은 역할의 모델이 이미 불러와져 있으면 그 토크나이저를 그대로 씁니다. 온라인 허브에서 받다가 실패하면
    오프라인 기본값(있으면)으로 물러섭니다. 어느 것을 썼는지는 ``tokenizer_source(role)``가 한국어로 알려 줍니다.
    """
    role_obj = get_role(role)
    res = resolve(role, source)
    _TOKENIZER_USED[(role, source)] = res
    for (cached_role, _head, location), loaded in _CACHE.items():
        if location == res.location:
            return loaded.tokenizer
    try:
        return _tokenizer_for(role_obj, res)
    except ModelUnavailableError:
        if res.mode != "online":
            raise
        fallback = _offline_resolution(role_obj, "허브에서 토크나이저를 내려받지 못했습니다.")
        _TOKENIZER_USED[(role, source)] = fallback
        return _tokenizer_for(role_obj, fallback)


def tokenizer_source(role: str, source: str | None = None) -> Resolution:
    """``load_tokenizer(role, source)``가 실제로 쓴 출처(온라인에서 물러섰으면 오프라인). 배지로 보입니다."""
    return _TOKENIZER_USED.get((role, source)) or resolve(role, source)


def clear_cache() -> None:
    """불러온 모델·토크나이저 캐시를 비웁니다(테스트와 메모리 확보용)."""
    _CACHE.clear()
    _TOKENIZER_CACHE.clear()
    _TOKENIZER_USED.clear()
