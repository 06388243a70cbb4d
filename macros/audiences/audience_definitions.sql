{#-
    Audiences (人群包) compiled from seeds/audiences.csv and
    seeds/audience_conditions.csv into SQL predicates. Every definition is
    checked first; a bad one fails the build with one message per problem that
    names the audience, the field and how to fix it (unknown tag, bad operator,
    a value the field cannot take, a number expected).
-#}

{#- Score fields an audience condition may use: name -> column of the
    audience profile (the profile CTE of fct_audience_members). -#}
{% macro audience_score_fields() -%}
    {{ return({
        'churn_probability': 'profile.churn_probability',
        'churn_score': 'profile.churn_score',
        'clv_cny': 'profile.clv_cny',
        'probability_alive': 'profile.probability_alive',
        'recency_days': 'profile.recency_days',
        'frequency_365d': 'profile.frequency_365d',
        'monetary_365d_cny': 'profile.monetary_365d_cny',
    }) }}
{%- endmacro %}

{#- Rows of a query as a list of dicts (needs execute). -#}
{% macro audience_query_rows(sql) -%}
    {%- set result = run_query(sql) -%}
    {%- set rows = [] -%}
    {%- for row in result.rows -%}
        {%- set item = {} -%}
        {%- for name in result.column_names -%}
            {%- do item.update({name | lower: row[loop.index0]}) -%}
        {%- endfor -%}
        {%- do rows.append(item) -%}
    {%- endfor -%}
    {{ return(rows) }}
{%- endmacro %}

{#- A text literal, quotes doubled. -#}
{% macro audience_literal(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{#- True for true/1/yes (seeds give booleans, --args give text). -#}
{% macro audience_flag(value) -%}
    {{ return((value | string | lower | trim) in ['true', '1', 'yes', 't']) }}
{%- endmacro %}

{#-
    The active audiences, checked and compiled: a list of dicts with
    audience_code, campaign_id, channels (list), priority, frequency_cap,
    holdout_share, predicate (SQL over the columns of the audience profile,
    alias profile) and tag_codes (tags the predicate reads, as profile.tag__<code>).
    audience_rows / condition_rows default to the seeds; pass lists of dicts to
    check other definitions (dbt run-operation audience_definitions_check).
    Needs execute (reads the seeds); returns [] at parse time.
-#}
{% macro audience_definitions(audience_rows=none, condition_rows=none) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set industry = huaxiang.industry() -%}
    {%- if audience_rows is none -%}
        {%- set audience_rows = huaxiang.audience_query_rows(
            'select * from ' ~ ref('audiences')) -%}
    {%- endif -%}
    {%- if condition_rows is none -%}
        {%- set condition_rows = huaxiang.audience_query_rows(
            'select * from ' ~ ref('audience_conditions')
            ~ ' order by audience_code, condition_group, field') -%}
    {%- endif -%}
    {%- set channel_codes = huaxiang.audience_query_rows(
        'select channel_code from ' ~ ref('marketing_channels'))
        | map(attribute='channel_code') | list -%}
    {%- set segment_codes = huaxiang.audience_query_rows(
        'select segment_code from ' ~ ref('rfm_segments'))
        | map(attribute='segment_code') | list -%}
    {%- set stage_codes = huaxiang.audience_query_rows(
        'select stage_code from ' ~ ref('lifecycle_stages'))
        | map(attribute='stage_code') | list -%}
    {%- set tag_value_rows = huaxiang.audience_query_rows(
        'select tag_code, value_code from ' ~ ref('tag_values')) -%}
    {%- set tags = {} -%}
    {%- for tag in huaxiang.tag_definitions(industry) -%}
        {%- do tags.update({tag.code: tag.value_type}) -%}
    {%- endfor -%}
    {%- set score_fields = huaxiang.audience_score_fields() -%}
    {%- set list_operators = ['=', '!=', 'in', 'not_in'] -%}
    {%- set number_operators = ['=', '!=', '>', '>=', '<', '<='] -%}
    {%- set errors = [] -%}
    {%- set audiences = [] -%}
    {%- set known_audiences = [] -%}

    {%- for row in audience_rows -%}
        {%- set code = row['audience_code'] | string -%}
        {%- set where = "audience '" ~ code ~ "' (seeds/audiences.csv)" -%}
        {%- do known_audiences.append(code) -%}
        {%- set channels = (row['channels'] or '') | string | lower
            | replace(' ', '') -%}
        {%- set channel_list = channels.split('|') | reject('equalto', '')
            | list -%}
        {%- if channel_list | length == 0 -%}
            {%- do errors.append(where ~ ", field 'channels': empty; list "
                ~ "channels separated by | from " ~ channel_codes | join(', ')) -%}
        {%- endif -%}
        {%- for channel in channel_list if channel not in channel_codes -%}
            {%- do errors.append(where ~ ", field 'channels': unknown channel '"
                ~ channel ~ "'; known: " ~ channel_codes | join(', ')) -%}
        {%- endfor -%}
        {%- set share = row['holdout_share'] | string -%}
        {%- if not (share | float(-1) >= 0 and share | float(-1) < 1) -%}
            {%- do errors.append(where ~ ", field 'holdout_share': '" ~ share
                ~ "' is not a number in [0, 1)") -%}
        {%- endif -%}
        {%- if (row['frequency_cap'] | string | int(0)) < 1 -%}
            {%- do errors.append(where ~ ", field 'frequency_cap': '"
                ~ row['frequency_cap'] ~ "' is not a whole number >= 1") -%}
        {%- endif -%}
        {%- if (row['priority'] | string | int(0)) < 1 -%}
            {%- do errors.append(where ~ ", field 'priority': '"
                ~ row['priority'] ~ "' is not a whole number >= 1") -%}
        {%- endif -%}
        {%- if not row['campaign_id'] -%}
            {%- do errors.append(where ~ ", field 'campaign_id': empty") -%}
        {%- endif -%}
        {%- do audiences.append({
            'audience_code': code,
            'campaign_id': row['campaign_id'] | string,
            'channels': channel_list,
            'priority': row['priority'] | string | int(0),
            'frequency_cap': row['frequency_cap'] | string | int(0),
            'holdout_share': share | float(0),
            'is_active': huaxiang.audience_flag(row.get('is_active', true)),
            'groups': {},
            'tag_codes': [],
        }) -%}
    {%- endfor -%}

    {%- for row in condition_rows -%}
        {%- set code = row['audience_code'] | string -%}
        {%- set kind = (row['field_kind'] or '') | string | lower | trim -%}
        {%- set field = (row['field'] or '') | string | trim -%}
        {%- set op = (row['operator'] or '') | string | lower | trim -%}
        {%- set raw_value = (row['value'] if row['value'] is not none else '')
            | string | trim -%}
        {%- set values = raw_value.split('|') | map('trim') | list -%}
        {%- set where = "audience '" ~ code ~ "' (seeds/audience_conditions.csv), "
            ~ "field '" ~ field ~ "'" -%}
        {%- set matches = audiences | selectattr('audience_code', 'equalto', code)
            | list -%}
        {%- set column = none -%}
        {%- set allowed_values = none -%}
        {%- set numeric = false -%}
        {%- if matches | length == 0 -%}
            {%- do errors.append(where ~ ": unknown audience; add it to "
                ~ "seeds/audiences.csv (known: " ~ known_audiences | join(', ')
                ~ ")") -%}
        {%- endif -%}
        {%- if kind == 'tag' -%}
            {%- if field not in tags -%}
                {%- do errors.append(where ~ ": unknown tag for industry "
                    ~ industry ~ "; known tags: " ~ tags.keys() | sort
                    | join(', ')) -%}
            {%- else -%}
                {%- set column = 'profile.tag__' ~ field -%}
                {%- set value_type = tags[field] -%}
                {%- if value_type == 'boolean' -%}
                    {%- set allowed_values = ['true', 'false'] -%}
                {%- elif value_type == 'score' -%}
                    {%- set numeric = true -%}
                {%- else -%}
                    {%- set listed = tag_value_rows
                        | selectattr('tag_code', 'equalto', field)
                        | map(attribute='value_code') | list -%}
                    {%- if listed | length > 0 -%}
                        {%- set allowed_values = listed -%}
                    {%- endif -%}
                {%- endif -%}
            {%- endif -%}
        {%- elif kind == 'segment' -%}
            {%- if field != 'rfm_segment' -%}
                {%- do errors.append(where ~ ": unknown segment field; use "
                    ~ "rfm_segment") -%}
            {%- endif -%}
            {%- set column = 'profile.segment_code' -%}
            {%- set allowed_values = segment_codes -%}
        {%- elif kind == 'lifecycle' -%}
            {%- if field != 'lifecycle_stage' -%}
                {%- do errors.append(where ~ ": unknown lifecycle field; use "
                    ~ "lifecycle_stage") -%}
            {%- endif -%}
            {%- set column = 'profile.lifecycle_stage' -%}
            {%- set allowed_values = stage_codes -%}
        {%- elif kind == 'score' -%}
            {%- if field not in score_fields -%}
                {%- do errors.append(where ~ ": unknown score; known scores: "
                    ~ score_fields.keys() | sort | join(', ')) -%}
            {%- else -%}
                {%- set column = score_fields[field] -%}
            {%- endif -%}
            {%- set numeric = true -%}
        {%- else -%}
            {%- do errors.append(where ~ ": bad field_kind '" ~ kind
                ~ "'; use tag, segment, lifecycle or score") -%}
        {%- endif -%}

        {%- set allowed_ops = number_operators if numeric else list_operators -%}
        {%- if op not in allowed_ops -%}
            {%- do errors.append(where ~ ": bad operator '" ~ op ~ "' for a "
                ~ ('number' if numeric else 'category') ~ " field; use one of "
                ~ allowed_ops | join(' ')) -%}
        {%- elif op in ['=', '!=', '>', '>=', '<', '<='] and values | length != 1 -%}
            {%- do errors.append(where ~ ": operator '" ~ op ~ "' takes one "
                ~ "value, got '" ~ raw_value ~ "' (use in / not_in for lists)") -%}
        {%- endif -%}
        {%- if numeric -%}
            {%- for v in values if v | float('nan') | string == 'nan' -%}
                {%- do errors.append(where ~ ": type mismatch, '" ~ v
                    ~ "' is not a number") -%}
            {%- endfor -%}
        {%- elif allowed_values is not none -%}
            {%- for v in values if v not in allowed_values -%}
                {%- do errors.append(where ~ ": value '" ~ v ~ "' is not one of "
                    ~ allowed_values | join(', ')) -%}
            {%- endfor -%}
        {%- endif -%}

        {%- if column is not none and matches | length > 0 -%}
            {%- if numeric -%}
                {%- set rendered = values | map('float', 0) | map('string')
                    | list -%}
            {%- else -%}
                {%- set rendered = [] -%}
                {%- for v in values -%}
                    {%- do rendered.append(huaxiang.audience_literal(v) | trim) -%}
                {%- endfor -%}
            {%- endif -%}
            {%- if op in ['in', 'not_in'] -%}
                {%- set sql = column ~ (' not' if op == 'not_in' else '')
                    ~ ' in (' ~ rendered | join(', ') ~ ')' -%}
            {%- elif op == '!=' -%}
                {%- set sql = column ~ ' <> ' ~ rendered[0] -%}
            {%- else -%}
                {%- set sql = column ~ ' ' ~ op ~ ' ' ~ rendered[0] -%}
            {%- endif -%}
            {%- set sql = 'coalesce(' ~ sql ~ ', false)' -%}
            {%- if huaxiang.audience_flag(row['is_negated']) -%}
                {%- set sql = 'not ' ~ sql -%}
            {%- endif -%}
            {%- set audience = matches[0] -%}
            {%- set group = row['condition_group'] | string -%}
            {%- do audience.groups.setdefault(group, []).append(sql) -%}
            {%- if kind == 'tag' and field not in audience.tag_codes -%}
                {%- do audience.tag_codes.append(field) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}

    {%- for audience in audiences if audience.groups | length == 0 -%}
        {%- do errors.append("audience '" ~ audience.audience_code
            ~ "' (seeds/audiences.csv), field 'conditions': no conditions in "
            ~ "seeds/audience_conditions.csv; add at least one") -%}
    {%- endfor -%}
    {%- if errors | length > 0 -%}
        {{ exceptions.raise_compiler_error(
            "Invalid audience definitions (" ~ errors | length ~ "):\n  - "
            ~ errors | join('\n  - ')) }}
    {%- endif -%}

    {%- set compiled = [] -%}
    {%- for audience in audiences | sort(attribute='priority')
        if audience.is_active -%}
        {%- set ors = [] -%}
        {%- for group in audience.groups | sort -%}
            {%- do ors.append('(' ~ audience.groups[group] | join(' and ') ~ ')') -%}
        {%- endfor -%}
        {%- do audience.update({'predicate': ors | join(' or ')}) -%}
        {%- do compiled.append(audience) -%}
    {%- endfor -%}
    {{ return(compiled) }}
{%- endmacro %}

{#- run-operation entry point: check definitions given as --args
    (audiences: [...], conditions: [...]) or the seeds; prints the compiled
    predicates, fails naming the audience and field. -#}
{% macro audience_definitions_check(audiences=none, conditions=none) -%}
    {%- for audience in huaxiang.audience_definitions(audiences, conditions) -%}
        {{ log(audience.audience_code ~ ': ' ~ audience.predicate, info=true) }}
    {%- endfor -%}
{%- endmacro %}
