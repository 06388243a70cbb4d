{#-
    One row per customer model for the model-card page: the card text
    (seeds/model_cards.csv, zh/en) with the facts of the latest fit from
    fct_model_metrics (version, library and version, training rows, holdout
    period, whether the data supported a fit). A card with an industry
    (credit_scorecard: finance) shows only when that industry is built.
-#}

with

cards as (

    select * from {{ ref('model_cards') }}
    where industry is null or industry = '{{ huaxiang.industry() }}'

),

metrics as (

    select * from {{ ref('fct_model_metrics') }}

),

fit_facts as (

    select
        model_name,
        max(model_version) as model_version,
        max(as_of_date) as as_of_date,
        max(library) as library_version,
        max(case when metric_name = 'training_rows'
                and metric_detail = 'final_fit'
                then sample_size
        end) as training_rows,
        min(case when metric_name = 'is_fitted' then metric_value end)
            as is_fitted_value,
        min(holdout_start_date) as holdout_start_date,
        max(holdout_end_date) as holdout_end_date,
        count(*) as metric_rows
    from metrics
    group by model_name

),

final as (

    select
        cards.model_name,
        cards.sort_order,
        cards.title_zh,
        cards.title_en,
        cards.purpose_zh,
        cards.purpose_en,
        cards.method_zh,
        cards.method_en,
        coalesce(fit_facts.library_version, cards.library) as library,
        cards.features_zh,
        cards.features_en,
        cards.evaluation_zh,
        cards.evaluation_en,
        cards.limitations_zh,
        cards.limitations_en,
        cards.scoring_model,
        fit_facts.model_version,
        fit_facts.as_of_date,
        fit_facts.training_rows,
        coalesce(fit_facts.is_fitted_value, 1) = 1
        and fit_facts.model_name is not null as is_fitted,
        fit_facts.holdout_start_date,
        fit_facts.holdout_end_date,
        coalesce(fit_facts.metric_rows, 0) as metric_rows
    from cards
    left join fit_facts
        on cards.model_name = fit_facts.model_name

)

select * from final
