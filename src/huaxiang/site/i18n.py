"""Languages, interface strings, column labels and number formatting (zh and en).

Pages write their own prose with ``t('中文', 'English')``; this module holds what the
components need: labels for the report columns, the suppression and source notes, and
the formatting of numbers, money, shares and dates in each language.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from huaxiang.site.errors import BuildError

LANGUAGES: tuple[str, ...] = ("zh", "en")
HTML_LANG = {"zh": "zh-CN", "en": "en"}
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
MISSING = "—"

UI: dict[str, tuple[str, str]] = {
    "site_name": ("画像 · 客户画像报告", "Huaxiang · Customer profiles"),
    "source": ("来源：", "Source: "),
    "personas": ("客群画像", "Personas"),
    "switch_language": ("切换语言", "Switch language"),
    "nav": ("页面导航", "Site navigation"),
    "no_rows": ("没有数据", "No data"),
    "data": ("数据表", "Data"),
    "suppressed_rows": (
        "{n} 行的{column}少于 {k}，数值已隐藏（<{k}）。",
        "{n} row(s) with {column} below {k} hidden (<{k}).",
    ),
    "suppressed_bars": (
        "{n} 个{column}少于 {k} 的分组未绘制。",
        "{n} group(s) with {column} below {k} not drawn.",
    ),
    "suppressed_value": (
        "{column}少于 {k}，数值已隐藏。",
        "{column} below {k}: value hidden.",
    ),
    "footer": (
        "少于 {k} 位客户的分组一律隐藏。页面中的每个数字都注明来源模型。",
        "Groups of fewer than {k} customers are always hidden. "
        "Every number names the model it comes from.",
    ),
}

COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "as_of_date": ("数据截止日", "As of"),
    "customers": ("客户数", "Customers"),
    "source_records": ("源记录数", "Source records"),
    "anonymous_orders": ("匿名订单", "Anonymous orders"),
    "orders": ("订单数", "Orders"),
    "revenue_cny": ("销售额", "Revenue"),
    "active_customers_90d": ("90 天活跃客户", "Active customers (90 d)"),
    "avg_order_value_cny": ("平均客单价", "Average order value"),
    "quarantined_rows": ("隔离行数", "Quarantined rows"),
    "source_system": ("来源系统", "Source system"),
    "records": ("记录数", "Records"),
    "records_in_multi_record_customers": (
        "归并到多记录客户的记录",
        "Records in multi-record customers",
    ),
    "identifier_type": ("标识类型", "Identifier type"),
    "values_used": ("参与关联的值", "Values used"),
    "values_blocked": ("屏蔽的值", "Values blocked"),
    "values_over_cardinality": ("超出基数上限的值", "Values over cardinality"),
    "records_linked": ("被关联的记录", "Records linked"),
    "records_per_customer": ("每位客户的记录数", "Records per customer"),
    # Customer id stability (fct_identity_churn).
    "from_date": ("上次构建日期", "Previous build date"),
    "to_date": ("本次构建日期", "This build date"),
    "records_before": ("上次记录数", "Records before"),
    "records_now": ("本次记录数", "Records now"),
    "records_new": ("新增记录", "New records"),
    "records_moved": ("换了客户的记录", "Records moved"),
    "records_newly_identified": ("新识别的记录", "Newly identified"),
    "records_no_longer_identified": ("不再识别的记录", "No longer identified"),
    "moved_share": ("移动比例", "Moved share"),
    "sales_month": ("月份", "Month"),
    "segment_code": ("客群代码", "Segment code"),
    "sort_order": ("顺序", "Order"),
    "segment_name": ("客群", "Segment"),
    "description": ("描述", "Description"),
    "action": ("建议动作", "Recommended action"),
    "customer_share": ("客户占比", "Customer share"),
    "revenue_share": ("销售额占比", "Revenue share"),
    "avg_recency_days": ("平均最近购买（天）", "Avg recency (days)"),
    "avg_frequency": ("平均购买次数", "Avg frequency"),
    "avg_monetary_cny": ("平均消费金额", "Avg monetary value"),
    "online_revenue_share": ("线上销售额占比", "Online revenue share"),
    "dimension": ("维度", "Dimension"),
    "dimension_value": ("取值", "Value"),
    "share": ("占比", "Share"),
    "source_table": ("源表", "Source table"),
    "reason_code": ("原因代码", "Reason code"),
    "reason": ("原因", "Reason"),
    "how_to_fix": ("如何修复", "How to fix"),
    "k": ("客群数 k", "Clusters k"),
    "decile": ("十分位", "Decile"),
    "silhouette": ("轮廓系数", "Silhouette"),
    "item_code": ("推荐品类", "Recommended item"),
    "past_repeat_purchases": ("历史复购次数", "Past repeat purchases"),
    "from_label": ("原状态", "From"),
    "rows": ("行数", "Rows"),
    "metric": ("指标", "Metric"),
    # Profile dimensions of rpt_segment_profile.
    "gender": ("性别", "Gender"),
    "age_band": ("年龄段", "Age band"),
    "city_tier": ("城市等级", "City tier"),
    "member_tier": ("会员等级", "Member tier"),
    "channel_preference": ("渠道偏好", "Channel preference"),
    "top_category": ("最常购买品类", "Top category"),
    # Tag manual (rpt_tag_manual, rpt_tag_coverage).
    "category_name": ("标签分类", "Category"),
    "tags": ("标签数", "Tags"),
    "value_label": ("标签值", "Tag value"),
}

# Codes that appear as values (dimension values, series names); unknown values are
# shown as they are.
VALUE_LABELS: dict[str, tuple[str, str]] = {
    "F": ("女", "Female"),
    "M": ("男", "Male"),
    "female": ("女", "Female"),
    "male": ("男", "Male"),
    "U": ("未知", "Unknown"),
    "unknown": ("未知", "Unknown"),
    "crm": ("CRM 会员", "CRM"),
    "pos": ("门店 POS", "Store POS"),
    "ecom": ("电商", "E-commerce"),
    "app": ("App", "App"),
    "online": ("线上", "Online"),
    "offline": ("线下", "Offline"),
    "omnichannel": ("全渠道", "Omnichannel"),
    "母婴": ("母婴", "Mother & baby"),
    "美妆": ("美妆", "Beauty"),
    "食品": ("食品", "Food"),
    "生鲜": ("生鲜", "Fresh food"),
    "个护": ("个护", "Personal care"),
    "服饰": ("服饰", "Apparel"),
    "家居": ("家居", "Home"),
    "数码": ("数码", "Electronics"),
    "none": ("无", "None"),
    # Profile migrations (fct_profile_migrations): no state yet / merged away.
    "not_tracked": ("尚未跟踪", "Not tracked yet"),
    "gone": ("已被合并", "Merged away"),
    "tier_1": ("一线", "Tier 1"),
    "new_tier_1": ("新一线", "New tier 1"),
    "tier_2": ("二线", "Tier 2"),
    "tier_3": ("三线及以下", "Tier 3 and below"),
    "normal": ("普通", "Normal"),
    "silver": ("银卡", "Silver"),
    "gold": ("金卡", "Gold"),
    "diamond": ("钻石", "Diamond"),
    "普通": ("普通", "Normal"),
    "银卡": ("银卡", "Silver"),
    "金卡": ("金卡", "Gold"),
    "钻石": ("钻石", "Diamond"),
    # Tag value types and refresh cadences (seeds/tag_catalog.csv).
    "boolean": ("是/否", "Yes/no"),
    "band": ("区间", "Band"),
    "category": ("类别", "Category"),
    "score": ("分数", "Score"),
    "daily": ("每日", "daily"),
    "weekly": ("每周", "weekly"),
    "monthly": ("每月", "monthly"),
}


def pick(lang: str, zh: str, en: str) -> str:
    """Return the text for ``lang``; the ``t()`` helper of the page templates."""
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    raise BuildError(f"unknown language {lang!r}; expected one of {LANGUAGES}")


def ui(key: str, lang: str, **values: Any) -> str:
    zh, en = UI[key]
    return pick(lang, zh, en).format(**values)


def column_label(column: str, lang: str) -> str:
    """Human label of a report column (or dimension); the column name when unknown."""
    labels = COLUMN_LABELS.get(column)
    if labels is None:
        return column
    return pick(lang, *labels)


def value_label(value: object, lang: str) -> str:
    """Label of a code shown as a category or series (``F`` -> 女 / Female)."""
    text = "" if value is None else str(value)
    labels = VALUE_LABELS.get(text)
    if labels is None:
        return text if text else MISSING
    return pick(lang, *labels)


# --- numbers ---------------------------------------------------------------------

FORMATS = ("int", "num1", "num2", "pct", "cny", "cny0", "date", "month", "text")


def infer_format(column: str, value: object) -> str:
    """Format from the column name first (naming conventions), then the value type."""
    if column == "share" or column.endswith("_share"):
        return "pct"
    if column.endswith("_cny"):
        return "cny"
    if column.endswith("_month") and isinstance(value, dt.date):
        return "month"
    if isinstance(value, bool):
        return "text"
    if isinstance(value, int):
        return "int"
    if isinstance(value, Decimal):
        return "num2"
    if isinstance(value, float):
        return "num1"
    if isinstance(value, dt.date):
        return "date"
    return "text"


def is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def format_value(value: object, fmt: str, lang: str) -> str:
    """Format one value for display; ``None`` and NaN become an em dash."""
    if fmt not in FORMATS:
        raise BuildError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    if value is None:
        return MISSING
    if isinstance(value, float) and math.isnan(value):
        return MISSING
    if fmt == "text":
        return str(value)
    if fmt in ("date", "month"):
        if not isinstance(value, dt.date):
            return str(value)
        return value.strftime("%Y-%m" if fmt == "month" else "%Y-%m-%d")
    if not is_number(value):
        return str(value)
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if fmt == "int":
        return _fixed(number, 0)
    if fmt == "num1":
        return _fixed(number, 1)
    if fmt == "num2":
        return _fixed(number, 2)
    if fmt == "pct":
        return _fixed(number * 100, 1) + "%"
    places = 0 if fmt == "cny0" else 2
    text = _fixed(number, places)
    return f"-¥{text[1:]}" if text.startswith("-") else f"¥{text}"


def _fixed(number: Decimal, places: int) -> str:
    """Thousands separators, ``places`` decimals, halves rounded away from zero
    (8.25 -> 8.3, as people round; Python's default would give 8.2)."""
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    return f"{rounded:,.{places}f}"


def format_compact(value: float, fmt: str, lang: str) -> str:
    """Short form for chart axes: 1.2万 / 12K, 25%, ¥3.4亿 / ¥340M."""
    if fmt == "pct":
        return f"{value * 100:.0f}%" if abs(value) >= 0.1 else f"{value * 100:.1f}%"
    prefix = "¥" if fmt in ("cny", "cny0") else ""
    sign = "-" if value < 0 else ""
    size = abs(value)
    if lang == "zh":
        units = ((1e8, "亿"), (1e4, "万"))
    else:
        units = ((1e9, "B"), (1e6, "M"), (1e3, "K"))
    for scale, unit in units:
        if size >= scale:
            return f"{sign}{prefix}{_trim(size / scale)}{unit}"
    return f"{sign}{prefix}{_trim(size)}"


def _trim(number: float) -> str:
    text = f"{number:.1f}" if number < 100 else f"{number:.0f}"
    return text[:-2] if text.endswith(".0") else text
