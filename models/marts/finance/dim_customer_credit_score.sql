{#-
    Credit score of every customer with a credit account at the latest
    account snapshot (snapshot `scoring` of int_credit_features_snapshotted),
    scored in SQL from the scorecard fitted in Python
    (int_credit_scorecard_fitted; on engines without Python models the file a
    DuckDB fit exported, README "PostgreSQL and Spark"): each feature value
    falls in one bin (lower_edge < value <= upper_edge, null edge = unbounded)
    and earns its points; the score is the sum. Higher = safer; var
    scorecard_points_to_double_odds points double the good:bad odds.
    Grade: the number of var scorecard_grade_edges at or below the score
    (0 = worst), labelled from seeds/credit_score_grades.csv.
-#}
{{ config(enabled=huaxiang.industry() == 'finance') }}

{%- set features = var('scorecard_features') %}
{%- set edges = var('scorecard_grade_edges') %}
{%- if edges | length == 0 or edges != edges | sort %}
    {{ exceptions.raise_compiler_error(
        "dim_customer_credit_score: var scorecard_grade_edges must be a "
        ~ "non-empty ascending list of scores, got " ~ edges
        ~ " (dbt_project.yml); seeds/credit_score_grades.csv needs one row more"
    ) }}
{%- endif %}

with

snapshot as (

    select * from {{ ref('int_credit_features_snapshotted') }}
    where snapshot_name = 'scoring'

),

parameters as (

    select * from {{ huaxiang.python_fit_ref(
        'int_credit_scorecard_fitted',
        'stg_model_params__credit_scorecard_parameters'
    ) }}

),

grades as (

    select * from {{ ref('credit_score_grades') }}

),

feature_values as (

    {%- for feature_name in features %}
        select
            customer_id,
            '{{ feature_name }}' as feature_name,
            cast({{ feature_name }} as {{ huaxiang.type_double() }}) as feature_value
        from snapshot
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

binned as (

    select
        feature_values.customer_id,
        feature_values.feature_name,
        parameters.points
    from feature_values
    inner join parameters
        on feature_values.feature_name = parameters.feature_name
            and (
                parameters.lower_edge is null
                or feature_values.feature_value > parameters.lower_edge
            )
            and (
                parameters.upper_edge is null
                or feature_values.feature_value <= parameters.upper_edge
            )

),

scored as (

    select
        customer_id,
        {%- for feature_name in features %}
            sum(case when feature_name = '{{ feature_name }}' then points end)
                as points_{{ feature_name }},
        {%- endfor %}
        sum(points) as credit_score,
        count(*) as binned_features
    from binned
    group by customer_id

),

graded as (

    select
        scored.*,
        0
        {%- for edge in edges %}
            + case when scored.credit_score >= {{ edge }} then 1 else 0 end
        {%- endfor %} as grade_index
    from scored
    where scored.binned_features = {{ features | length }}

),

final as (

    select
        snapshot.customer_id,
        snapshot.observation_date as scored_as_of_date,
        {%- for feature_name in features %}
            graded.points_{{ feature_name }},
        {%- endfor %}
        graded.credit_score,
        cast(graded.grade_index as integer) as grade_index,
        grades.grade_code,
        grades.grade_name_zh,
        grades.grade_name_en
    from snapshot
    inner join graded
        on snapshot.customer_id = graded.customer_id
    left join grades
        on graded.grade_index = grades.grade_index

)

select * from final
