{#-
    Credit scorecard (finance): every feature that var scorecard_features
    marks {monotone: true} has a weight of evidence that only rises or only
    falls over its bins. Returns the offending features.
-#}
{{ config(enabled=huaxiang.industry() == 'finance') }}

with

parameters as (

    select * from {{ huaxiang.python_fit_ref(
        'int_credit_scorecard_fitted',
        'stg_model_params__credit_scorecard_parameters'
    ) }}

),

required as (

    {%- set monotone = [] %}
    {%- for feature_name, options in var('scorecard_features').items() %}
        {%- if options.monotone %}{% do monotone.append(feature_name) %}{% endif %}
    {%- endfor %}
    select feature_name
    from parameters
    where feature_name in (
            {%- for feature_name in monotone %}
                '{{ feature_name }}'{% if not loop.last %}, {% endif %}
            {%- endfor %}
            {%- if monotone | length == 0 %}''{% endif %}
        )
    group by feature_name

),

steps as (

    select
        parameters.feature_name,
        parameters.woe
        - lag(parameters.woe) over (
            partition by parameters.feature_name order by parameters.bin_index
        ) as woe_step
    from parameters
    inner join required
        on parameters.feature_name = required.feature_name

),

final as (

    select
        feature_name,
        sum(case when woe_step > 0 then 1 else 0 end) as rising_steps,
        sum(case when woe_step < 0 then 1 else 0 end) as falling_steps
    from steps
    group by feature_name
    having
        sum(case when woe_step > 0 then 1 else 0 end) > 0
        and sum(case when woe_step < 0 then 1 else 0 end) > 0

)

select * from final
