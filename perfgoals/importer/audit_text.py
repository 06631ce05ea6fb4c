"""The audit's longer messages (msgids for perfgoals.i18n), kept apart so audit.py stays short."""

from __future__ import annotations

from ..i18n import N_

NOT_A_SELF_ASSESSMENT = N_(
    "not a self-assessment table: no indicator header names 实际完成值 (actual); "
    "`perfgoals audit` needs a 绩效自评表"
)
NO_PUBLISHED_POINTS = N_(
    "no published 得分: the self-assessment table has no 得分 (points) column or leaves it "
    "empty, so there is nothing to audit"
)
OTHER_WAY = N_("matches the target read the other way: {formula}")
RATE_DIFFERS = N_("执行率 {published} differs from {rate}%")
