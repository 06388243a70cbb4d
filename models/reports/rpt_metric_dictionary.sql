{#-
    The metric dictionary (指标字典), one row per metric of the semantic layer,
    generated at build time from the metric definitions by the macro
    metric_dictionary_rows (macros/metrics/metric_dictionary.sql).
    tests/python/test_metric_dictionary.py checks it against MetricFlow.
-#}

{%- set rows = huaxiang.metric_dictionary_rows() %}

with

dictionary as (

    {%- for row in rows %}

        select
            '{{ row.metric.name | string | replace("'", "''") }}' as metric_name,
            '{{ row.metric.type | string | replace("'", "''") }}' as metric_type,
            '{{ row.meta.label_zh | string | replace("'", "''") }}' as label_zh,
            '{{ row.meta.label_en | string | replace("'", "''") }}' as label_en,
            '{{ row.meta.definition_zh | string | replace("'", "''") }}' as definition_zh,
            '{{ row.meta.definition_en | string | replace("'", "''") }}' as definition_en,
            '{{ row.meta.formula | string | replace("'", "''") }}' as formula,
            '{{ row.meta.unit | string | replace("'", "''") }}' as unit,
            '{{ row.meta.owner | string | replace("'", "''") }}' as metric_owner,
            '{{ row.grain | string | replace("'", "''") }}' as min_time_grain,
            '{{ row.group_bys | string | replace("'", "''") }}' as group_bys,
            '{{ row.measures | string | replace("'", "''") }}' as input_measures,
            '{{ row.models | string | replace("'", "''") }}' as semantic_models
        {{ 'union all' if not loop.last }}
    {%- endfor %}

)

select * from dictionary
