{#-
    The tag manual (画像说明书): every tag of the catalog (seeds/tag_catalog.csv)
    with its category, industry, zh/en label, definition and business use, and
    the thresholds in force. For the industry being built the effective
    parameters come from the wide mart's rules after var tag_params overrides
    (and the project vars a copied column depends on); for the other
    industries they are the catalog's.
-#}

{%- set industry = huaxiang.industry() %}
{%- set effective = [] %}
{%- if industry in huaxiang.tag_industries() %}
    {%- for tag in huaxiang.tag_definitions(industry) %}
        {%- set params = {} %}
        {%- do params.update(tag.params) %}
        {%- if tag.params.get('vars') %}
            {%- set used = {} %}
            {%- for name in tag.params.vars %}
                {%- do used.update({name: var(name)}) %}
            {%- endfor %}
            {%- do params.update({'vars': used}) %}
        {%- endif %}
        {%- do effective.append({
            'code': tag.code,
            'params': tojson(params, sort_keys=true),
            'overridden': tag.params != tag.catalog_params,
            'rule_text_zh': huaxiang.tag_rule_text(tag, params, 'zh'),
            'rule_text_en': huaxiang.tag_rule_text(tag, params, 'en'),
        }) %}
    {%- endfor %}
{%- endif %}

with

catalog as (

    select * from {{ ref('tag_catalog') }}

),

categories as (

    select * from {{ ref('tag_categories') }}

),

industries as (

    select * from {{ ref('industries') }}

),

effective_params as (

    {%- for row in effective %}
    select
        '{{ row.code }}' as tag_code,
        {{ huaxiang.tag_literal(row.params) }} as effective_params,
        {{ 'true' if row.overridden else 'false' }} as is_overridden,
        {{ huaxiang.tag_literal(row.rule_text_zh) }} as rule_text_zh,
        {{ huaxiang.tag_literal(row.rule_text_en) }} as rule_text_en
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as tag_code,
        cast(null as {{ dbt.type_string() }}) as effective_params,
        false as is_overridden,
        cast(null as {{ dbt.type_string() }}) as rule_text_zh,
        cast(null as {{ dbt.type_string() }}) as rule_text_en
    where 1 = 0
    {%- endfor %}

),

final as (

    select
        catalog.tag_code,
        catalog.industry,
        industries.industry_name_zh,
        industries.industry_name_en,
        industries.sort_order as industry_sort_order,
        catalog.industry = '{{ industry }}' as is_built,
        catalog.category_code,
        categories.category_name_zh,
        categories.category_name_en,
        categories.sort_order as category_sort_order,
        catalog.value_type,
        catalog.rule_type,
        catalog.input_column,
        catalog.params as catalog_params,
        coalesce(effective_params.effective_params, catalog.params)
            as effective_params,
        coalesce(effective_params.is_overridden, false) as is_overridden,
        effective_params.rule_text_zh,
        effective_params.rule_text_en,
        catalog.unit_zh,
        catalog.unit_en,
        catalog.refresh_cadence,
        catalog.label_zh,
        catalog.label_en,
        catalog.definition_zh,
        catalog.definition_en,
        catalog.business_use_zh,
        catalog.business_use_en
    from catalog
    inner join categories
        on catalog.category_code = categories.category_code
    inner join industries
        on catalog.industry = industries.industry_code
    left join effective_params
        on catalog.tag_code = effective_params.tag_code
            and catalog.industry = '{{ industry }}'

)

select * from final
