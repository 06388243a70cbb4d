{#-
    Every stage in seeds/lifecycle_stages.csv has a rule in
    macros/lifecycle/lifecycle_stage_rules.sql and every rule a seed row:
    a stage without a rule would never be assigned, a rule without a stage
    would be dropped. Returns the codes found on one side only.
-#}

with

stages as (

    select stage_code from {{ ref('lifecycle_stages') }}

),

rules as (

    {%- for stage_code in huaxiang.lifecycle_stage_rules() %}
        select '{{ stage_code }}' as stage_code
        {{ 'union all' if not loop.last }}
    {%- endfor %}

)

select
    coalesce(stages.stage_code, rules.stage_code) as stage_code,
    case
        when rules.stage_code is null then 'no rule in lifecycle_stage_rules'
        else 'no row in seeds/lifecycle_stages.csv'
    end as problem
from stages
full outer join rules
    on stages.stage_code = rules.stage_code
where stages.stage_code is null or rules.stage_code is null
