"""The report site builder (huaxiang.site) against a small hand-written warehouse."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from huaxiang.site import BuildError, build_site
from huaxiang.site.__main__ import main
from huaxiang.site.charts import Series, bar_chart_svg, line_chart_svg, nice_ticks
from huaxiang.site.i18n import format_compact, format_value
from huaxiang.site.markdown import Fragment, markdown_to_html, token
from huaxiang.site.privacy import scan_text

REPORTS = Path(__file__).resolve().parents[2] / "reports"

SCHEMA = """
create schema reports;
create table reports.rpt_overview (
    as_of_date date, customers bigint, source_records bigint,
    anonymous_orders bigint, orders bigint, revenue_cny decimal(18, 2),
    active_customers bigint, active_window_days integer,
    avg_order_value_cny decimal(18, 2),
    quarantined_rows bigint
);
create table reports.rpt_identity_summary (
    source_system varchar, records bigint, customers bigint,
    records_in_multi_record_customers bigint
);
create table reports.rpt_identity_evidence (
    identifier_type varchar, values_used bigint, values_blocked bigint,
    values_over_cardinality bigint, records_linked bigint
);
create table reports.rpt_customer_record_counts (
    records_per_customer integer, customers bigint
);
create table reports.rpt_monthly_sales (
    sales_month date, source_system varchar, orders bigint, customers bigint,
    revenue_cny decimal(18, 2)
);
create table reports.rpt_segments (
    segment_code varchar, sort_order integer, segment_name_zh varchar,
    segment_name_en varchar, description_zh varchar, description_en varchar,
    action_zh varchar, action_en varchar, customers bigint, customer_share double,
    revenue_cny decimal(18, 2), revenue_share double, avg_recency_days double,
    avg_frequency double, avg_monetary_cny double, avg_order_value_cny double,
    online_revenue_share double
);
create table reports.rpt_segment_profile (
    segment_code varchar, dimension varchar, dimension_value varchar,
    customers bigint, share double
);
create table reports.rpt_quarantine_summary (
    source_table varchar, reason_code varchar, rows bigint, reason_zh varchar,
    reason_en varchar, severity varchar, how_to_fix varchar
);
create table reports.rpt_tag_manual (
    tag_code varchar, industry varchar, industry_name_zh varchar,
    industry_name_en varchar, industry_sort_order integer, is_built boolean,
    category_code varchar, category_name_zh varchar, category_name_en varchar,
    category_sort_order integer, value_type varchar, rule_type varchar,
    input_column varchar, catalog_params varchar, effective_params varchar,
    is_overridden boolean, rule_text_zh varchar, rule_text_en varchar,
    unit_zh varchar, unit_en varchar, refresh_cadence varchar, label_zh varchar,
    label_en varchar, definition_zh varchar, definition_en varchar,
    business_use_zh varchar, business_use_en varchar
);
create table reports.rpt_tag_coverage (
    tag_code varchar, industry varchar, value_type varchar, tag_value varchar,
    value_label_zh varchar, value_label_en varchar, customers bigint,
    customer_share double
);
create table reports.rpt_metric_dictionary (
    metric_name varchar, metric_type varchar, label_zh varchar, label_en varchar,
    definition_zh varchar, definition_en varchar, formula varchar, unit varchar,
    metric_owner varchar, min_time_grain varchar, group_bys varchar,
    input_measures varchar, semantic_models varchar
);
create table reports.rpt_profile_migrations (
    dimension varchar, from_value varchar, from_label_zh varchar,
    from_label_en varchar, from_sort_order integer, to_value varchar,
    to_label_zh varchar, to_label_en varchar, to_sort_order integer,
    from_date date, to_date date, customers bigint, from_share double
);
create table reports.rpt_quality_expectations (
    expectation_id varchar, table_name varchar, expectation_type varchar,
    column_name varchar, is_critical boolean, is_success boolean,
    element_count bigint, unexpected_count bigint, unexpected_percent double,
    observed_value varchar, description_zh varchar, description_en varchar,
    outcome varchar
);
create table reports.rpt_audience_summary (
    audience_code varchar, campaign_id varchar, priority integer,
    audience_label_zh varchar, audience_label_en varchar, description_zh varchar,
    description_en varchar, channels varchar, channel_labels_zh varchar,
    channel_labels_en varchar, frequency_cap integer,
    holdout_share double, breakdown varchar, value_code varchar,
    value_label_zh varchar, value_label_en varchar, sort_order integer,
    customers integer
);
create table reports.rpt_campaign_uplift (
    campaign_id varchar, segment_code varchar, segment_name_zh varchar,
    segment_name_en varchar, sort_order integer, customers integer,
    treatment_customers integer, holdout_customers integer,
    treatment_conversion_rate double, holdout_conversion_rate double,
    uplift_abs double, uplift_abs_ci_low double, uplift_abs_ci_high double,
    uplift_rel double, p_value double, revenue_uplift_per_head_cny double,
    revenue_uplift_ci_low_cny double, revenue_uplift_ci_high_cny double,
    min_detectable_uplift double, is_underpowered boolean, verdict_zh varchar,
    verdict_en varchar
);
"""

DATA = """
insert into reports.rpt_overview values
    ('2026-06-30', 4321, 9876, 345, 23456, 1234567.89, 1502, 90, 52.63, 87);
insert into reports.rpt_identity_summary values
    ('crm', 3000, 2900, 400), ('pos', 4000, 2500, 1800),
    ('ecom', 2500, 2111, 900), ('app', 376, 8, 370);
insert into reports.rpt_identity_evidence values
    ('phone', 2800, 12, 3, 4100), ('email', 1500, 4, 0, 1900),
    ('member_card', 2000, 0, 1, 2600);
insert into reports.rpt_customer_record_counts values
    (1, 2500), (2, 1200), (3, 500), (4, 114), (5, 7);
insert into reports.rpt_monthly_sales values
    ('2026-04-01', 'ecom', 900, 700, 45678.90),
    ('2026-04-01', 'pos', 1500, 1100, 98765.43),
    ('2026-05-01', 'ecom', 950, 720, 47000.00),
    ('2026-05-01', 'pos', 1480, 1090, 97000.00),
    ('2026-06-01', 'ecom', 6, 5, 777.77),
    ('2026-06-01', 'pos', 1600, 1150, 101234.56);
insert into reports.rpt_segments values
    ('champions', 1, '重要价值客户', 'Champions', '近期常买且花得多。',
     'Bought recently, often and a lot.', '提供会员专属礼遇。',
     'Offer member-only perks.', 1200, 0.2777, 600000.00, 0.486, 21.5, 8.25,
     500.0, 60.61, 0.35),
    ('at_risk', 2, '流失风险客户', 'At risk & lapsing', '曾经活跃，近期沉默。',
     'Used to be active, quiet lately.', '发送召回优惠。', 'Send a win-back offer.',
     3114, 0.7207, 630000.00, 0.5104, 190.0, 2.4, 202.3, 84.3, 0.21),
    ('new_vip', 3, '新晋大客户', 'New VIPs', '首次大额购买。',
     'First large purchase.', '一对一跟进。', 'Follow up one to one.', 7,
     0.0016, 3456.78, 0.0028, 5.0, 1.0, 493.83, 493.83, 0.9);
insert into reports.rpt_segment_profile values
    ('champions', 'gender', 'F', 700, 0.5833),
    ('champions', 'gender', 'M', 480, 0.4),
    ('champions', 'gender', 'U', 20, 0.0167),
    ('champions', 'age_band', '25-34', 640, 0.5333),
    ('champions', 'age_band', '35-44', 556, 0.4633),
    ('champions', 'age_band', '65+', 4, 0.0033),
    ('champions', 'city_tier', 'tier1', 900, 0.75),
    ('champions', 'city_tier', 'tier2', 300, 0.25),
    ('champions', 'member_tier', '金卡', 1000, 0.8333),
    ('champions', 'member_tier', '钻石', 200, 0.1667),
    ('champions', 'channel_preference', 'omnichannel', 1200, 1.0),
    ('champions', 'top_category', '美妆', 800, 0.6667),
    ('champions', 'top_category', '母婴', 400, 0.3333),
    ('at_risk', 'gender', 'F', 2000, 0.6423),
    ('at_risk', 'gender', 'M', 1114, 0.3577),
    ('new_vip', 'gender', 'F', 5, 0.7143),
    ('new_vip', 'gender', 'M', 2, 0.2857);
insert into reports.rpt_quality_expectations values
    ('customer_id_unique', 'dim_customers', 'expect_column_values_to_be_unique',
     'customer_id', true, true, 5000, 0, 0.0, null, '客户编号唯一',
     'Customer ids are unique', 'pass'),
    ('customer_age_plausible', 'dim_customers', 'expect_column_values_to_be_between',
     'age_years', false, false, 5000, 3, 0.06, null, '年龄在 0–120 岁之间',
     'Ages are between 0 and 120', 'warn');
insert into reports.rpt_quarantine_summary values
    ('crm_members', 'invalid_phone', 40, '手机号无效', 'Invalid phone', 'warn', 'Fix'),
    ('crm_members', 'duplicate_row', 13, '主键重复', 'Duplicate key', 'info', 'Dedup'),
    ('pos_transactions', 'negative_amount', 30, '负金额', 'Negative amount', 'error',
     'Fix'),
    ('ecom_orders', 'future_date', 4, '未来日期', 'Future date', 'error', 'Fix');
insert into reports.rpt_tag_manual values
    ('is_repurchaser', 'retail', '零售', 'Retail', 1, true, 'behaviour', '行为特征',
     'Behaviour', 2, 'boolean', 'condition', 'frequency_365d',
     '{"all": [["frequency_365d", ">=", 2]]}', '{"all": [["frequency_365d", ">=", 3]]}',
     true, 'frequency_365d >= 3', 'frequency_365d >= 3', null, null, 'daily',
     '复购客户', 'Repurchaser', '近 365 天有效购买 ≥ 2 次', 'At least 2 purchases',
     '复购分析', 'Repurchase analysis'),
    ('aov_band', 'retail', '零售', 'Retail', 1, true, 'value', '价值', 'Value', 3,
     'band', 'band', 'avg_order_value_cny', '{"edges": [100]}', '{"edges": [100]}',
     false, 'avg < 100 → low', 'avg < 100 → low', '元', 'CNY', 'daily', '客单价等级',
     'AOV band', '客单价区间', 'Average order value band', '选品', 'Assortment'),
    ('aum_band', 'finance', '金融', 'Finance', 2, false, 'value', '价值', 'Value', 3,
     'band', 'band', 'aum_cny', '{"edges": [50000]}', '{"edges": [50000]}', false,
     null, null, '元', 'CNY', 'monthly', '资产等级', 'AUM band', '资产规模区间',
     'Assets under management band', '理财经理分层', 'Wealth manager tiers');
insert into reports.rpt_tag_coverage values
    ('is_repurchaser', 'retail', 'boolean', 'true', '是', 'Yes', 3007, 0.6004),
    ('is_repurchaser', 'retail', 'boolean', 'false', '否', 'No', 2001, 0.3996),
    ('aov_band', 'retail', 'band', 'low', '低', 'Low', 4999, 0.9982),
    ('aov_band', 'retail', 'band', 'high', '高', 'High', 9, 0.0018);
insert into reports.rpt_metric_dictionary values
    ('orders', 'simple', '订单数', 'Orders', '有效购买笔数', 'Counted purchases',
     'count(*)', 'orders', 'Sales', 'day', 'order__channel', 'n', 'orders');
insert into reports.rpt_profile_migrations values
    ('lifecycle_stage', 'active', '活跃', 'Active', 2, 'at_risk', '流失风险',
     'At risk', 6, '2026-05-31', '2026-06-30', 40, 0.4),
    ('lifecycle_stage', 'active', '活跃', 'Active', 2, 'active', '活跃',
     'Active', 2, '2026-05-31', '2026-06-30', 60, 0.6),
    ('segment_code', 'champions', '重要价值客户', 'Champions', 1, 'champions',
     '重要价值客户', 'Champions', 1, '2026-05-31', '2026-06-30', 12, 1.0);
"""

# The model-card page (reports/pages/models.md) reads these; one fitted and one
# unfitted model.
MODEL_CARD_SQL = """
create schema if not exists marts;
create table reports.rpt_model_cards as select
    'churn_warning' as model_name, 1 as sort_order, '流失预警' as title_zh,
    'Churn warning' as title_en, '用途' as purpose_zh, 'Purpose' as purpose_en,
    '方法' as method_zh, 'Method' as method_en, 'scikit-learn 1.9.1' as library,
    '特征' as features_zh, 'Features' as features_en, '评估' as evaluation_zh,
    'Evaluation' as evaluation_en, '局限' as limitations_zh,
    'Limitations' as limitations_en, 'dim_customer_churn_risk' as scoring_model,
    '2026-06-30' as model_version, date '2026-06-30' as as_of_date,
    1500::bigint as training_rows, true as is_fitted,
    date '2026-04-02' as holdout_start_date, date '2026-06-30' as holdout_end_date,
    30::bigint as metric_rows
union all select
    'customer_clusters', 2, '聚类画像', 'Clustering personas', '用途', 'Purpose',
    '方法', 'Method', 'scikit-learn', '特征', 'Features', '评估', 'Evaluation',
    '局限', 'Limitations', 'dim_customer_clusters', null, null, null, false,
    null, null, 0;
create table marts.fct_model_metrics as select
    'churn_warning' as model_name, '2026-06-30' as model_version,
    date '2026-06-30' as as_of_date, 'evaluation' as metric_group,
    unnest(['auc', 'calibration_predicted', 'calibration_observed']) as metric_name,
    unnest(['all', 'decile=01', 'decile=01']) as metric_detail,
    unnest([0.79, 0.2, 0.25]) as metric_value, 1600::bigint as sample_size,
    date '2026-04-02' as holdout_start_date, date '2026-06-30' as holdout_end_date,
    'scikit-learn 1.9.1' as library;
create table marts.dim_customer_clusters (
    customer_id varchar, cluster_index bigint, cluster_code varchar,
    cluster_rule_code varchar, cluster_name_zh varchar, cluster_name_en varchar,
    distance_to_centroid double
);
create table marts.dim_customer_clv (
    customer_id varchar, probability_alive double, expected_purchases double,
    clv_cny decimal(18, 2)
);
create table marts.dim_customer_churn_risk as select
    'C' || i as customer_id, 0.7 as churn_probability, 'high' as risk_band_code,
    '高流失风险' as risk_band_name_zh, 'High churn risk' as risk_band_name_en
from range(20) as t(i);
create table marts.fct_association_rules (
    antecedent_item varchar, consequent_item varchar, pair_baskets bigint,
    support double, confidence double, lift double
);
create table marts.fct_identity_churn as select
    source as source_system, date '2026-06-29' as from_date,
    date '2026-06-30' as to_date, 100::bigint as records_before,
    101::bigint as records_now, 1::bigint as records_new, 0::bigint as records_gone,
    2::bigint as records_moved, 1::bigint as records_newly_identified,
    0::bigint as records_no_longer_identified, 0.02 as moved_share
from (values ('crm'), ('pos')) as t(source);
create table marts.dim_customer_recommendations (
    customer_id varchar, recommendation_rank integer, item_code varchar
);
"""

PAGES = [
    "index",
    "segments",
    "quality",
    "tags-retail",
    "tags-finance",
    "about",
    "models",
    "metrics",
    "history",
    "audiences",
]
SEGMENT_PAGES = ["segment-champions", "segment-at-risk", "segment-new-vip"]


def make_db(path: Path, extra_sql: str = "") -> Path:
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA)
        con.execute(DATA)
        con.execute(MODEL_CARD_SQL)
        if extra_sql:
            con.execute(extra_sql)
    finally:
        con.close()
    return path


def copy_reports(tmp_path: Path) -> Path:
    target = tmp_path / "reports"
    shutil.copytree(REPORTS, target)
    return target


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("a", "link") and values.get("href"):
            self.links.append((tag, values))


def links_of(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links


def read_site(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    db = make_db(root / "huaxiang.duckdb")
    docs = root / "dbt-docs" / "index.html"
    docs.parent.mkdir()
    docs.write_text("<html>dbt docs</html>", encoding="utf-8")
    lines: list[str] = []
    result = build_site(
        db, root / "site", reports_dir=REPORTS, log=lines.append, dbt_docs=docs
    )
    assert result.index == root / "site" / "index.html"
    assert len(lines) == len(PAGES) + len(SEGMENT_PAGES)
    return root / "site"


# --- site structure -------------------------------------------------------------------


def test_every_page_exists_in_both_languages(site: Path) -> None:
    for name in PAGES + SEGMENT_PAGES:
        for lang in ("zh", "en"):
            assert (site / lang / f"{name}.html").is_file(), f"{lang}/{name}.html"
    assert (site / "index.html").is_file()
    assert (site / "assets" / "site.css").is_file()
    assert '<html lang="zh-CN">' in (site / "zh" / "index.html").read_text("utf-8")
    assert '<html lang="en">' in (site / "en" / "index.html").read_text("utf-8")


def test_every_relative_link_resolves(site: Path) -> None:
    pages = [p for p in site.rglob("*.html")]
    for page in pages:
        for _, attrs in links_of(page):
            href = attrs["href"] or ""
            if href.startswith(("#", "data:")):
                continue
            assert "://" not in href and not href.startswith("/"), href
            target = (page.parent / href.split("#")[0]).resolve()
            assert target.is_file(), f"{page.relative_to(site)} -> {href}"


def test_about_page_links_the_dbt_docs_outside_the_site(site: Path) -> None:
    for lang in ("zh", "en"):
        hrefs = [a["href"] for _, a in links_of(site / lang / "about.html")]
        docs = [h for h in hrefs if h and h.endswith("dbt-docs/index.html")]
        assert docs == ["../../dbt-docs/index.html"], hrefs
        assert (site / lang / docs[0]).resolve().is_file()
    # The docs file (code and test fixtures) is never copied into the site.
    assert not list(site.rglob("dbt-docs"))


def test_about_page_says_how_to_get_the_docs_when_missing(tmp_path: Path) -> None:
    db = make_db(tmp_path / "huaxiang.duckdb")
    build_site(db, tmp_path / "site", reports_dir=REPORTS, dbt_docs=tmp_path / "no")
    about = (tmp_path / "site" / "en" / "about.html").read_text(encoding="utf-8")
    assert "make docs" in about and "dbt-docs/index.html" not in about


def test_navigation_links_every_page(site: Path) -> None:
    expected = {f"{name}.html" for name in PAGES + SEGMENT_PAGES}
    for lang in ("zh", "en"):
        for page in (site / lang).glob("*.html"):
            html = page.read_text("utf-8")
            nav = html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
            hrefs = set(re.findall(r'href="([^"]+)"', nav))
            assert hrefs == expected, page
            assert nav.count('aria-current="page"') == 1


def test_language_switch_points_at_the_counterpart(site: Path) -> None:
    for lang, other in (("zh", "en"), ("en", "zh")):
        for page in (site / lang).glob("*.html"):
            switch = [
                attrs["href"]
                for _, attrs in links_of(page)
                if "lang-switch" in (attrs.get("class") or "")
            ]
            assert switch == [f"../{other}/{page.name}"], page
    root_switch = [
        attrs["href"]
        for _, attrs in links_of(site / "index.html")
        if "lang-switch" in (attrs.get("class") or "")
    ]
    assert root_switch == ["en/index.html"]


def test_root_index_is_the_chinese_overview(site: Path) -> None:
    root = (site / "index.html").read_text("utf-8")
    assert "客户画像概览" in root
    assert 'href="assets/site.css"' in root
    assert 'href="zh/segments.html"' in root


# --- content --------------------------------------------------------------------------


def test_numbers_from_the_fixture_appear_with_their_source(site: Path) -> None:
    zh = (site / "zh" / "index.html").read_text("utf-8")
    en = (site / "en" / "index.html").read_text("utf-8")
    for html in (zh, en):
        assert "4,321" in html  # customers
        assert "9,876" in html  # source records
        assert "¥1,234,568" in html  # revenue big value
        assert "¥52.63" in html  # average order value
        assert "27.8%" in html  # champions customer share
    # Quarantine reasons show their label, not the code.
    assert "手机号无效" in zh and "Invalid phone" in en
    for html in (zh, en):
        assert "<code>reports.rpt_overview</code>" in html
        assert "<code>reports.rpt_identity_evidence</code>" in html
        assert "<code>reports.rpt_monthly_sales</code>" in html
        assert "<code>reports.rpt_quarantine_summary</code>" in html
    assert "来源：" in zh and "Source: " in en
    assert "重要价值客户" in zh and "Champions" in en
    persona = (site / "zh" / "segment-champions.html").read_text("utf-8")
    for text in ("1,200", "¥600,000", "48.6%", "21.5", "8.3", "¥500.00", "35.0%"):
        assert text in persona, text
    assert "提供会员专属礼遇。" in persona
    assert "<code>reports.rpt_segment_profile</code>" in persona
    assert "58.3%" in persona  # gender F share
    persona_en = (site / "en" / "segment-champions.html").read_text("utf-8")
    assert "Offer member-only perks." in persona_en
    assert "Female" in persona_en and "Beauty" in persona_en


def test_every_number_block_has_a_source_caption(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        for block in re.findall(r'<div class="block">.*?</div>\n', html, re.S):
            assert 'class="source"' in block, (page, block[:200])


def test_small_groups_are_suppressed(site: Path) -> None:
    everything = "\n".join(p.read_text("utf-8") for p in site.rglob("*.html"))
    # new_vip has 7 customers: its money, shares and averages never appear.
    for hidden in (
        "3,456.78",
        "¥3,457",
        "493.83",
        "¥494",
        "0.2%",
        "0.3%",
        "71.4%",
        "28.6%",
    ):
        assert hidden not in everything, hidden
    # the app source resolves to 8 customers; 7 customers have 5 records;
    # June e-commerce had 5 customers.
    assert "777.77" not in everything and "¥778" not in everything
    index = (site / "en" / "index.html").read_text("utf-8")
    assert "&lt;10" in index
    assert "row(s) with Customers below 10 hidden" in index
    assert "not drawn" in index
    zh_index = (site / "zh" / "index.html").read_text("utf-8")
    assert "少于 10" in zh_index
    tiny = (site / "zh" / "segment-new-vip.html").read_text("utf-8")
    assert "&lt;10" in tiny and "新晋大客户" in tiny
    assert "—" in tiny
    champions = (site / "zh" / "segment-champions.html").read_text("utf-8")
    assert "0.3%" not in champions  # age band 65+ with 4 customers


def test_k_min_is_configurable(tmp_path: Path) -> None:
    db = make_db(tmp_path / "w.duckdb")
    build_site(db, tmp_path / "site", k_min=3, reports_dir=REPORTS)
    persona = (tmp_path / "site" / "en" / "segment-new-vip.html").read_text("utf-8")
    assert "¥3,456.78" in persona  # 7 customers: shown with k = 3
    assert "1 group(s) with Customers below 3 not drawn." in persona  # 2 men
    about = (tmp_path / "site" / "en" / "about.html").read_text("utf-8")
    assert "fewer than 3 customers" in about


def test_no_external_urls_and_no_script(site: Path) -> None:
    for path, content in read_site(site).items():
        text = content.decode("utf-8")
        assert not re.search(r"https?://", text, re.I), path
        assert "<script" not in text, path


def test_text_is_escaped_once(site: Path) -> None:
    everything = "\n".join(p.read_text("utf-8") for p in site.rglob("*.html"))
    assert "At risk &amp; lapsing" in everything
    assert "&amp;amp;" not in everything and "&amp;lt;" not in everything
    persona = (site / "en" / "segment-at-risk.html").read_text("utf-8")
    assert "<title>At risk &amp; lapsing · Huaxiang" in persona
    assert "No data" in persona  # at_risk has no age band rows


def test_charts_are_inline_svg_with_titles(site: Path) -> None:
    html = (site / "en" / "index.html").read_text("utf-8")
    svgs = re.findall(r"<svg [^>]*>", html)
    assert len(svgs) >= 5
    assert all('role="img"' in svg for svg in svgs)
    assert html.count("<svg ") == html.count("</svg>")
    assert "<title>Revenue by month and source system</title>" in html


# --- determinism and CLI --------------------------------------------------------------


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    db = make_db(tmp_path / "w.duckdb")
    build_site(db, tmp_path / "one", reports_dir=REPORTS)
    build_site(db, tmp_path / "two", reports_dir=REPORTS)
    assert read_site(tmp_path / "one") == read_site(tmp_path / "two")
    build_site(db, tmp_path / "one", reports_dir=REPORTS)  # rebuild in place
    assert read_site(tmp_path / "one") == read_site(tmp_path / "two")


def test_cli_builds_and_prints_the_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_db(tmp_path / "w.duckdb")
    out = tmp_path / "site"
    code = main(
        ["--db", str(db), "--out", str(out), "--k-min", "10", "--reports", str(REPORTS)]
    )
    printed = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    assert printed[-1] == str(out / "index.html")
    assert len(printed) == len(PAGES) + len(SEGMENT_PAGES) + 1
    # the database was closed: it can be opened for writing again
    duckdb.connect(str(db)).close()


def test_cli_fails_with_a_message_and_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path)])
    assert code == 1
    assert "error:" in capsys.readouterr().err


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    db = make_db(tmp_path / "w.duckdb")
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(BuildError, match="refusing"):
        build_site(db, out, reports_dir=REPORTS)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"


# --- failures name the page and the query ---------------------------------------------


def test_broken_query_names_page_and_query(tmp_path: Path) -> None:
    reports = copy_reports(tmp_path)
    page = reports / "pages" / "quality.md"
    page.write_text(
        page.read_text("utf-8").replace(
            "from reports.rpt_quarantine_summary\norder by source_table",
            "from reports.rpt_no_such_table\norder by source_table",
        ),
        encoding="utf-8",
    )
    db = make_db(tmp_path / "w.duckdb")
    with pytest.raises(BuildError) as error:
        build_site(db, tmp_path / "site", reports_dir=reports)
    message = str(error.value)
    assert "quality.md" in message and "'quarantine'" in message
    assert "rpt_no_such_table" in message
    assert not (tmp_path / "site").exists()


def test_broken_query_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = copy_reports(tmp_path)
    page = reports / "pages" / "index.md"
    text = page.read_text("utf-8").replace(
        "select * from reports.rpt_overview", "select nope from reports.rpt_overview"
    )
    page.write_text(text, encoding="utf-8")
    db = make_db(tmp_path / "w.duckdb")
    code = main(
        ["--db", str(db), "--out", str(tmp_path / "s"), "--reports", str(reports)]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "index.md" in err and "'overview'" in err


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("select * from staging.stg_crm__members", "only tables qualified"),
        ("select * from rpt_segments", "only tables qualified"),
        ("select * from read_csv('data/raw/crm_members.csv')", "table functions"),
        ("copy reports.rpt_segments to 'x.csv'", "only one SELECT"),
        ("select segment_code from reports.rpt_segments", "no ORDER BY"),
    ],
)
def test_queries_are_read_only_selects_on_report_models(
    tmp_path: Path, sql: str, expected: str
) -> None:
    reports = copy_reports(tmp_path)
    page = reports / "pages" / "extra.md"
    page.write_text(
        "---\ntitle_zh: 额外\ntitle_en: Extra\nnav: 99\n---\n\n"
        f"```sql probe\n{sql}\n```\n",
        encoding="utf-8",
    )
    db = make_db(tmp_path / "w.duckdb")
    with pytest.raises(BuildError, match=expected) as error:
        build_site(db, tmp_path / "site", reports_dir=reports)
    assert "extra.md" in str(error.value) and "'probe'" in str(error.value)


def test_template_error_names_page_and_line(tmp_path: Path) -> None:
    reports = copy_reports(tmp_path)
    page = reports / "pages" / "segments.md"
    lines = page.read_text("utf-8").splitlines()
    lines.append("")
    lines.append("{{ table(segments, columns=['no_such_column']) }}")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = make_db(tmp_path / "w.duckdb")
    with pytest.raises(BuildError) as error:
        build_site(db, tmp_path / "site", reports_dir=reports)
    message = str(error.value)
    assert f"segments.md:{len(lines)}" in message
    assert "no_such_column" in message and "'segments'" in message


def test_template_syntax_error_names_page_and_line(tmp_path: Path) -> None:
    reports = copy_reports(tmp_path)
    page = reports / "pages" / "about.md"
    lines = page.read_text("utf-8").splitlines()
    lines.append("{% for x in %}")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = make_db(tmp_path / "w.duckdb")
    with pytest.raises(BuildError, match=rf"about\.md:{len(lines)}: template syntax"):
        build_site(db, tmp_path / "site", reports_dir=reports)


def test_undefined_variable_is_an_error(tmp_path: Path) -> None:
    reports = copy_reports(tmp_path)
    page = reports / "pages" / "quality.md"
    page.write_text(page.read_text("utf-8") + "\n{{ quarantine_typo }}\n", "utf-8")
    db = make_db(tmp_path / "w.duckdb")
    with pytest.raises(BuildError, match=r"quality\.md:\d+: template error.*typo"):
        build_site(db, tmp_path / "site", reports_dir=reports)


# --- privacy scan ---------------------------------------------------------------------


def test_pii_scan_fails_the_build_on_a_planted_phone_number(tmp_path: Path) -> None:
    db = make_db(
        tmp_path / "w.duckdb",
        "update reports.rpt_segments set description_zh = '联系 13812345678' "
        "where segment_code = 'champions'",
    )
    out = tmp_path / "site"
    with pytest.raises(BuildError, match="mobile number") as error:
        build_site(db, out, reports_dir=REPORTS)
    assert "13812345678" not in str(error.value)  # reported masked
    assert "zh/segment-champions.html" in str(error.value)
    assert not out.exists()
    assert not list(tmp_path.glob(".site*"))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("call 13812345678 now", "mobile number"),
        ("+86 138-1234-5678", "mobile number"),
        ("tel:8613912345678", "mobile number"),
        ("１３８１２３４５６７８", "mobile number"),
        ("Wei.Zhang@Example.com", "email address"),
        ("id 11010519491231002X", "national ID"),
        ('<img src="https://cdn.example/x.png">', "external URL"),
    ],
)
def test_pii_patterns(text: str, kind: str) -> None:
    assert kind in {found[0] for found in scan_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "¥1,234,567.89",
        "2026-06-30",
        '<rect x="138.5" y="12.3"/>',
        "@media (x)",
        "4,321",
    ],
)
def test_pii_scan_ignores_ordinary_report_text(text: str) -> None:
    assert scan_text(text) == []


# --- building blocks ------------------------------------------------------------------


def test_markdown_blocks_inline_and_component_rows() -> None:
    fragments = [
        Fragment('<div class="big-value">1</div>', ("reports.rpt_a",), True),
        Fragment('<div class="big-value">2</div>', ("reports.rpt_a",), True),
        Fragment('<span class="value">3</span>', ("reports.rpt_b",), False),
    ]
    text = (
        "# Title\n\nSome **bold** and *em* and `code` and [link](x.html).\n\n"
        f"- one\n- two {token(2)}\n\n{token(0)}\n{token(1)}\n"
    )
    html = markdown_to_html(text, fragments, lambda s: f"<cap>{','.join(s)}</cap>")
    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html
    assert "<code>code</code>" in html and '<a href="x.html">link</a>' in html
    assert (
        '<li>two <span class="value">3</span></li></ul>\n<cap>reports.rpt_b</cap>'
        in html
    )
    assert html.count("<cap>reports.rpt_a</cap>") == 1
    assert '<div class="row"><div class="cell">' in html


def test_formats_in_both_languages() -> None:
    assert format_value(0.2777, "pct", "zh") == "27.8%"
    assert format_value(1234567, "int", "en") == "1,234,567"
    assert format_compact(123456.0, "cny", "zh") == "¥12.3万"
    assert format_compact(123456.0, "cny", "en") == "¥123K"
    assert format_value(None, "int", "en") == "—"
    assert format_value(8.25, "num1", "en") == "8.3"
    assert format_value(-1234.5, "cny", "zh") == "-¥1,234.50"
    assert format_value(-0.001, "num1", "zh") == "0.0"


def test_charts_are_deterministic_and_skip_missing_values() -> None:
    series = [
        Series("POS", (10.0, None, 30.0), ("10", "<10", "30")),
        Series("电商", (5.0, 7.0, 9.0), ("5", "7", "9")),
    ]
    kwargs = {
        "title": "t",
        "categories": ["2026-04", "2026-05", "2026-06"],
        "series": series,
        "axis_format": str,
    }
    one = bar_chart_svg(**kwargs, stacked=True)
    assert one == bar_chart_svg(**kwargs, stacked=True)
    assert one.count("<rect") == 5
    assert bar_chart_svg(**kwargs, horizontal=True).count("<rect") == 5
    assert line_chart_svg(**kwargs).count("<circle") == 5
    assert nice_ticks(0, 97) == [0, 20, 40, 60, 80, 100]


def test_tag_manual_shows_rules_in_force_and_suppresses_small_groups(
    site: Path,
) -> None:
    retail = (site / "zh" / "tags-retail.html").read_text(encoding="utf-8")
    assert "frequency_365d &gt;= 3" in retail  # the effective rule, not the catalog's
    assert "已被变量 tag_params 覆盖" in retail
    assert "4,999" in retail and "&lt;10" in retail  # the 9-customer band hidden
    assert "Source: <code>reports.rpt_tag_coverage" in (
        site / "en" / "tags-retail.html"
    ).read_text(encoding="utf-8")
    finance = (site / "en" / "tags-finance.html").read_text(encoding="utf-8")
    assert "definitions only, no coverage" in finance
    assert "Assets under management band" in finance
    assert "Source: <code>reports.rpt_tag_coverage" not in finance
