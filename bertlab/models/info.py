"""불러온 모델이 무엇이고 왜 그것인지 보여 주는 상태 배지(레슨 00부터 모든 레슨의 첫 셀)."""

from __future__ import annotations

import html
from dataclasses import dataclass

MODE_LABELS = {
    "online": ("온라인", "#1b7f3b"),
    "cached": ("온라인 모델(캐시)", "#1b7f3b"),
    "offline": ("오프라인 기본 모델", "#b45309"),
    "override": ("사용자 지정", "#1d4ed8"),
}
HEAD_LABELS = {"base": "인코더만", "mlm": "MLM 헤드", "pretraining": "MLM+NSP 헤드"}


@dataclass(frozen=True)
class ModelInfo:
    role: str
    role_title: str
    name: str          # 허브 ID 또는 오프라인 모델 이름
    mode: str          # online | cached | offline | override
    reason: str        # 왜 이 모델인지(한국어)
    location: str      # 허브 ID 또는 로컬 디렉터리
    head: str
    num_layers: int
    hidden_size: int
    num_heads: int
    vocab_size: int
    num_parameters: int
    load_seconds: float

    @property
    def mode_label(self) -> str:
        return MODE_LABELS[self.mode][0]

    def summary(self) -> str:
        """한 줄 한국어 요약(텍스트 출력용)."""
        return (
            f"[{self.mode_label}] {self.role_title}({self.role}): {self.name} — "
            f"{self.num_layers}층, 은닉 {self.hidden_size}, 헤드 {self.num_heads}, "
            f"파라미터 {self.num_parameters / 1e6:.1f}M, {HEAD_LABELS[self.head]}. {self.reason}"
        )

    def badge_html(self) -> str:
        label, color = MODE_LABELS[self.mode]
        esc = html.escape
        return (
            f'<div style="border-left:6px solid {color};padding:6px 10px;margin:4px 0;'
            f'background:rgba(127,127,127,0.08);font-family:sans-serif;line-height:1.5">'
            f'<b style="color:{color}">● {esc(label)}</b> · {esc(self.role_title)} '
            f"<code>{esc(self.role)}</code><br>"
            f"<b>{esc(self.name)}</b> — {self.num_layers}층, 은닉 {self.hidden_size}, "
            f"헤드 {self.num_heads}, 어휘 {self.vocab_size:,}개, 파라미터 "
            f"{self.num_parameters / 1e6:.1f}M ({esc(HEAD_LABELS[self.head])})<br>"
            f'<span style="opacity:0.8">{esc(self.reason)}</span></div>'
        )


def resolution_badge_html(res) -> str:
    """모델을 불러오지 않고 토크나이저만 쓸 때의 가벼운 배지(레슨 03, 04)."""
    label, color = MODE_LABELS[res.mode]
    esc = html.escape
    return (
        f'<div style="border-left:6px solid {color};padding:4px 10px;margin:4px 0;font-family:sans-serif">'
        f'<b style="color:{color}">● {esc(label)}</b> · <b>{esc(res.name)}</b> (토크나이저)<br>'
        f'<span style="opacity:0.8">{esc(res.reason)}</span></div>'
    )
