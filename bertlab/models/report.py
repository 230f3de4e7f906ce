"""``python -m bertlab models``: 역할마다 지금 어떤 모델로 정해지는지와 로컬 위치(레슨 00, 강사용)."""

from __future__ import annotations

import json

from bertlab.errors import BertlabError
from bertlab.models.loader import resolve
from bertlab.models.roles import ROLES
from bertlab.models.network import network_status


def role_rows() -> list[dict]:
    """역할별 결정 결과. 모델을 불러오지는 않습니다(e5는 필요하면 한 번 변환)."""
    rows = []
    for role in ROLES.values():
        row = {"role": role.key, "title": role.title, "online_id": role.online_id, "lessons": role.lessons}
        try:
            res = resolve(role.key)
            row.update(model=res.name, mode=res.mode, location=res.location, reason=res.reason, ok=True)
        except BertlabError as exc:
            row.update(model=None, mode="unavailable", location=None, reason=str(exc), ok=False)
        rows.append(row)
    return rows


def main(args) -> int:
    rows = role_rows()
    if getattr(args, "json", False):
        print(json.dumps({"network": network_status().reason, "roles": rows}, ensure_ascii=False, indent=2))
        return 0
    print(f"네트워크: {network_status().reason}\n")
    for row in rows:
        mark = "✔" if row["ok"] else "✘"
        print(f"{mark} {row['role']:<12} {row['title']} (레슨 {row['lessons']})")
        print(f"    모델: {row['model'] or '없음'}  [{row['mode']}]")
        if row["location"]:
            print(f"    위치: {row['location']}")
        print(f"    이유: {row['reason'].splitlines()[0]}")
    return 0
