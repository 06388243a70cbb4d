{#-
    Run-to-run customer_id churn of identity resolution, per source system:
    how many identity records resolved to another customer than at the
    previous build. The to-date is the as-of date; the from-date is the latest
    earlier date on which identity_record_snapshot recorded a version (the
    previous build that changed anything). Moves between two customers are
    merges or splits; a share above var identity_churn_warn_share makes
    assert_identity_churn_below_warning_share warn. Before a second build
    date exists, from_date is null and every count but records_now is 0.
-#}

with

history as (

    select
        record_id,
        source_system,
        customer_id,
        cast(dbt_valid_from as date) as valid_from_date,
        cast(dbt_valid_to as date) as valid_to_date
    from {{ ref('identity_record_snapshot') }}

),

current_records as (

    select
        record_id,
        source_system
    from {{ ref('dim_identity_records') }}

),

dates as (

    select
        (
            select max(valid_from_date) from history
            where valid_from_date < {{ huaxiang.as_of_date() }}
        ) as from_date,
        {{ huaxiang.as_of_date() }} as to_date

),

before_state as (

    select
        history.record_id,
        history.source_system,
        history.customer_id
    from history
    cross join dates
    where {{ huaxiang.scd2_valid_on('history', 'dates.from_date') }}

),

now_state as (

    select
        history.record_id,
        history.source_system,
        history.customer_id
    from history
    cross join dates
    inner join current_records
        on history.record_id = current_records.record_id
    where {{ huaxiang.scd2_valid_on('history', 'dates.to_date') }}

),

paired as (

    select
        coalesce(now_state.source_system, before_state.source_system) as source_system,
        before_state.customer_id as customer_id_before,
        now_state.customer_id as customer_id_now
    from now_state
    full outer join before_state
        on now_state.record_id = before_state.record_id

),

counted as (

    select
        source_system,
        count(customer_id_before) as records_before,
        count(customer_id_now) as records_now,
        sum(case when customer_id_before is null then 1 else 0 end) as records_new,
        sum(case when customer_id_now is null then 1 else 0 end) as records_gone,
        sum(case
            when customer_id_before <> 'anonymous' and customer_id_now <> 'anonymous'
                and customer_id_before <> customer_id_now
                then 1
            else 0
        end) as records_moved,
        sum(case
            when customer_id_before = 'anonymous' and customer_id_now <> 'anonymous'
                then 1
            else 0
        end) as records_newly_identified,
        sum(case
            when customer_id_before <> 'anonymous' and customer_id_now = 'anonymous'
                then 1
            else 0
        end) as records_no_longer_identified
    from paired
    group by source_system

)

select
    counted.source_system,
    dates.from_date,
    dates.to_date,
    cast(counted.records_before as bigint) as records_before,
    cast(counted.records_now as bigint) as records_now,
    cast(counted.records_new as bigint) as records_new,
    cast(counted.records_gone as bigint) as records_gone,
    cast(counted.records_moved as bigint) as records_moved,
    cast(counted.records_newly_identified as bigint) as records_newly_identified,
    cast(counted.records_no_longer_identified as bigint) as records_no_longer_identified,
    cast(
        counted.records_moved as {{ huaxiang.type_double() }}
    ) / nullif(counted.records_before, 0) as moved_share
from counted
cross join dates
