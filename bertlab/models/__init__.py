"""모델 불러오기(역할 -> 체크포인트). 모든 레슨에서 ``from bertlab.models import load``로 씁니다."""

from bertlab.models.loader import LoadedModel, Resolution, clear_cache, load, load_tokenizer, resolve
from bertlab.models.roles import ROLES, get_role

__all__ = ["load", "load_tokenizer", "resolve", "LoadedModel", "Resolution", "ROLES", "get_role", "clear_cache"]
